/*
 * cmd_offer.c: `bandwise offer FILE...`: what each vendor offer is worth.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise offer [options] OFFER.json...\n"
		"\n"
		"Price each vendor offer (a deal file: docs/deals.md) on the forecast paths\n"
		"against pay-as-you-go and against the recommended deal at the offer's term,\n"
		"give a verdict in words and the counter-offer that would make it the best\n"
		"option: the discount it needs, and what each protection is worth to it.\n"
		"\n"
		"Options:\n"
		"  --peers FILE    comparable deals (CSV: commit_usd,term_months,discount[,overage]\n"
		"                  [,rollover]): fit discount on size and term, place each offer\n"
		"  --bands FILE    your band table instead of the built-in illustrative one\n"
		"  --paths FILE    your own paths (CSV: path,month,list_usd); no store needed\n"
		"  --samples N     Monte Carlo paths (default 10000)\n"
		"  --seed N        random seed (default 1)\n"
		CLI_FORECAST_HELP
		"  --objective O   the recommended deal's objective (see bandwise plan --help)\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n"
		"\n"
		"Example:\n"
		"  bandwise offer --peers examples/peers-synthetic.csv examples/offer-*.json\n");
}

int cmd_offer(int argc, char **argv)
{
	static const struct option options[] = {
		{"peers", required_argument, NULL, 'r'},
		{"bands", required_argument, NULL, 'b'},
		{"paths", required_argument, NULL, CLI_OPT_PATHS},
		{"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"seed", required_argument, NULL, CLI_OPT_SEED},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"prices", required_argument, NULL, CLI_OPT_PRICES},
		{"objective", required_argument, NULL, 'o'},
		CLI_FORECAST_LONG_OPTIONS,
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	bw_deal_file **offers = NULL;
	const char *bands_flag = NULL, *peers_flag = NULL;
	size_t count = 0;
	int json = 0, opt, error = 0;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int shared = cli_paths_option("offer", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'r':
			peers_flag = optarg;
			break;
		case 'b':
			bands_flag = optarg;
			break;
		case 'o':
			if (bw_objective_parse(optarg, &plan_options.objective) < 0)
				return cli_usage_error("offer", "%s", bw_error_last());
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("offer", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("offer", "no OFFER file given");
	count = (size_t)(argc - optind);
	if ((offers = calloc(count, sizeof(*offers))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	request.months = 1;
	for (size_t i = 0; i < count; i++) {
		if ((error = bw_deal_file_load(&offers[i], argv[optind + (int)i])) < 0)
			goto done;
		if (offers[i]->term_months > request.months)
			request.months = offers[i]->term_months;
	}
	cli_analysis_options(&request, BW_ANALYSIS_PATHS, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	analysis_options.peers_path = peers_flag;
	analysis_options.offers = (const bw_deal_file *const *)offers;
	analysis_options.offer_count = count;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_offer_evaluation *evaluations = analysis->offers;
	const bw_peers *peers = analysis->peers;
	const bw_peers_fit *fit = &analysis->peers_fit;
	bw_report_context ctx = {
		.catalog_version = analysis->catalog ? bw_catalog_version(analysis->catalog) : NULL,
		.bands = analysis->bands,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
	};
	const bw_deal_file *const *list = (const bw_deal_file *const *)offers;
	error = json ? bw_report_offers_json(stdout, list, evaluations, count, peers, peers ? fit : NULL, &ctx)
		     : bw_report_offers_text(stdout, list, evaluations, count, peers, peers ? fit : NULL,
					     &ctx, cli_color(stdout));
done:
	for (size_t i = 0; offers && i < count; i++)
		bw_deal_file_free(offers[i]);
	free(offers);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

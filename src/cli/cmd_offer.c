/*
 * cmd_offer.c: `bandwise offer FILE...`: what each vendor offer is worth.
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
	"Usage: bandwise offer [options] OFFER.json...\n"
	"\n"
	"Price each vendor offer (a deal file: docs/deals.md) on the forecast paths\n"
	"against pay-as-you-go and against the recommended deal at the offer's term,\n"
	"give a verdict in words and the counter-offer that would make it the best\n"
	"option: the discount it needs, and what each protection is worth to it.\n"
	"\n"
	"Options:\n";

static const char help_tail[] =
	"\n"
	"Example:\n"
	"  bandwise offer --peers examples/peers-synthetic.csv examples/offer-*.json\n";

int cmd_offer(int argc, char **argv)
{
	cli_paths_request request;
	cli_paths_result result = {0};
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_deal_file **offers = NULL;
	bw_offer_evaluation *evaluations = NULL;
	bw_bands *bands = NULL;
	bw_peers *peers = NULL;
	bw_peers_fit fit;
	const char *bands_flag = NULL, *peers_flag = NULL;
	size_t count = 0;
	int json = 0, error = 0;

	const cli_opt options[] = {
		CLI_OPT_TEXT(help_head),
		{"peers", 0, "FILE",
		 "  --peers FILE    comparable deals (CSV: commit_usd,term_months,discount[,overage]\n"
		 "                  [,rollover]): fit discount on size and term, place each offer\n",
		 cli_opt_string, &peers_flag, 0, 0},
		CLI_OPT_BANDS(&bands_flag),
		CLI_OPT_PATHS(&request, "  --paths FILE    your own paths (CSV: path,month,list_usd); no store needed\n"),
		CLI_OPT_SAMPLES(&request, "  --samples N     Monte Carlo paths (default 10000)\n"),
		CLI_OPT_SEED(&request, "  --seed N        random seed (default 1)\n"),
		CLI_OPT_FORECAST(&request),
		{"objective", 0, "O", "  --objective O   the recommended deal's objective (see bandwise plan --help)\n",
		 cli_opt_objective, &plan_options.objective, 0, 0},
		CLI_OPT_REQ_DB(&request),
		CLI_OPT_REQ_PRICES(&request),
		CLI_OPT_JSON(&json),
		CLI_OPT_HELP,
		CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("offer", options);
	int optind;

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	if (optind >= argc)
		return cli_usage_error("offer", "no OFFER file given");
	count = (size_t)(argc - optind);
	if ((offers = calloc(count, sizeof(*offers))) == NULL ||
	    (evaluations = calloc(count, sizeof(*evaluations))) == NULL) {
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
	if ((error = cli_load_bands(&bands, bands_flag)) < 0 ||
	    (peers_flag && (error = bw_peers_read_csv(&peers, peers_flag)) < 0) ||
	    (peers && (error = bw_peers_fit_model(peers, &fit)) < 0) ||
	    (error = cli_build_paths(&request, &result)) < 0)
		goto done;
	for (size_t i = 0; i < count; i++)
		if ((error = bw_offer_evaluate(&evaluations[i], offers[i], result.paths, bands,
					       &plan_options)) < 0)
			goto done;
	bw_report_context ctx = {
		.catalog_version = result.catalog ? bw_catalog_version(result.catalog) : NULL,
		.bands = bands,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
	};
	const bw_deal_file *const *list = (const bw_deal_file *const *)offers;
	error = json ? bw_report_offers_json(stdout, list, evaluations, count, peers, peers ? &fit : NULL, &ctx)
		     : bw_report_offers_text(stdout, list, evaluations, count, peers, peers ? &fit : NULL,
					     &ctx, cli_color(stdout));
done:
	for (size_t i = 0; offers && i < count; i++)
		bw_deal_file_free(offers[i]);
	free(offers);
	free(evaluations);
	bw_peers_free(peers);
	bw_bands_free(bands);
	cli_paths_result_dispose(&result);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

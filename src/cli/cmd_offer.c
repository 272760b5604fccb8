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
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	bw_deal_file **offers = NULL;
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
	    CLI_OPT_PATHS(
	        &request,
	        "  --paths FILE    your own paths (CSV: path,month,list_usd); no store needed\n"),
	    CLI_OPT_SAMPLES(&request, "  --samples N     Monte Carlo paths (default 10000)\n"),
	    CLI_OPT_SEED(&request, "  --seed N        random seed (default 1)\n"),
	    CLI_OPT_FORECAST(&request),
	    {"objective", 0, "O",
	     "  --objective O   the recommended deal's objective (see bandwise plan --help)\n",
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
	error = bw_document_offer(cli_out(), cli_format(json), &analysis_options, &analysis);
	cli_analysis_warn(analysis, &analysis_options);
done:
	for (size_t i = 0; offers && i < count; i++)
		bw_deal_file_free(offers[i]);
	free(offers);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

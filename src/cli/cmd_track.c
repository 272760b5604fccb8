/*
 * cmd_track.c: `bandwise track --deal FILE`: a signed deal against usage.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>

/* Exit status when a threshold the user set is passed, for scheduled jobs. */
#define CLI_EXIT_ALERT 3

static const char help_head[] =
    "Usage: bandwise track --deal FILE [options]\n"
    "\n"
    "Compare a signed deal (a deal file with \"start_month\": docs/deals.md) with\n"
    "the usage in the store: consumption and pace to date, and where each true-up\n"
    "period is projected to land (P10/P50/P90), from a forecast fitted on all\n"
    "history with the deal's months so far taken as they happened.\n"
    "\n"
    "Where the store holds cost rows with a list amount (pulled from the\n"
    "Analytics API), the realized discount since the deal started is shown\n"
    "beside the deal's.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Exit status: 0 ok, 3 a threshold passed, 1 or 2 on errors.\n";

int cmd_track(int argc, char **argv)
{
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	bw_deal_file *deal = NULL;
	const char *deal_flag = NULL;
	double alert_shortfall = -1, alert_overage = -1;
	int json = 0, error = 0, alerts = 0;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"deal", 0, "FILE", "  --deal FILE              the signed deal (required)\n",
	     cli_opt_string, &deal_flag, 0, 0},
	    {"alert-shortfall", 0, "USD",
	     "  --alert-shortfall USD    exit 3 when an open period's P50 projected unused\n"
	     "                           commitment exceeds USD\n",
	     cli_opt_amount, &alert_shortfall, 0, 0},
	    {"alert-overage", 0, "USD",
	     "  --alert-overage USD      exit 3 when an open period's P50 projected overage\n"
	     "                           exceeds USD\n",
	     cli_opt_amount, &alert_overage, 0, 0},
	    CLI_OPT_SAMPLES(&request, "  --samples N, --seed N    the forecast's paths and seed\n"),
	    CLI_OPT_SEED(&request, ""),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("track", options);
	int optind;

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	if (optind < argc)
		return cli_usage_error("track", "unexpected argument '%s'", argv[optind]);
	if (deal_flag == NULL)
		return cli_usage_error("track", "--deal FILE is required");
	if ((error = bw_deal_file_load(&deal, deal_flag)) < 0)
		goto done;
	cli_analysis_options(&request, BW_ANALYSIS_TRACK, &analysis_options);
	analysis_options.track_deal = deal;
	error = bw_document_track(cli_out(), cli_format(json), &analysis_options, alert_shortfall,
	                          alert_overage, &alerts, &analysis);
	cli_analysis_warn(analysis, &analysis_options);
done:
	bw_analysis_free(analysis);
	bw_deal_file_free(deal);
	if (error < 0)
		return cli_fail(error);
	return alerts > 0 ? CLI_EXIT_ALERT : CLI_EXIT_OK;
}

/*
 * cmd_track.c: `bandwise track --deal FILE`: a signed deal against usage.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>

/* Exit status when a threshold the user set is passed, for scheduled jobs. */
#define CLI_EXIT_ALERT 3

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise track --deal FILE [options]\n"
		"\n"
		"Compare a signed deal (a deal file with \"start_month\": docs/deals.md) with\n"
		"the usage in the store: consumption and pace to date, and where each true-up\n"
		"period is projected to land (P10/P50/P90), from a forecast fitted on all\n"
		"history with the deal's months so far taken as they happened.\n"
		"\n"
		"Options:\n"
		"  --deal FILE              the signed deal (required)\n"
		"  --alert-shortfall USD    exit 3 when an open period's P50 projected unused\n"
		"                           commitment exceeds USD\n"
		"  --alert-overage USD      exit 3 when an open period's P50 projected overage\n"
		"                           exceeds USD\n"
		"  --samples N, --seed N    the forecast's paths and seed\n"
		CLI_FORECAST_HELP
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n"
		"\n"
		"Exit status: 0 ok, 3 a threshold passed, 1 or 2 on errors.\n");
}

int cmd_track(int argc, char **argv)
{
	static const struct option options[] = {
		{"deal", required_argument, NULL, 'e'},
		{"alert-shortfall", required_argument, NULL, 'u'},
		{"alert-overage", required_argument, NULL, 'o'},
		{"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"seed", required_argument, NULL, CLI_OPT_SEED},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"prices", required_argument, NULL, CLI_OPT_PRICES},
		CLI_FORECAST_LONG_OPTIONS,
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	bw_deal_file *deal = NULL;
	const char *deal_flag = NULL;
	double alert_shortfall = -1, alert_overage = -1;
	int json = 0, opt, error = 0, alerts = 0;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int shared = cli_paths_option("track", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'e':
			deal_flag = optarg;
			break;
		case 'u':
			if (cli_parse_amount("track", "--alert-shortfall", optarg, &alert_shortfall) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'o':
			if (cli_parse_amount("track", "--alert-overage", optarg, &alert_overage) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("track", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("track", "unexpected argument '%s'", argv[optind]);
	if (deal_flag == NULL)
		return cli_usage_error("track", "--deal FILE is required");
	if ((error = bw_deal_file_load(&deal, deal_flag)) < 0)
		goto done;
	cli_analysis_options(&request, BW_ANALYSIS_TRACK, &analysis_options);
	analysis_options.track_deal = deal;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_track_result *track = analysis->track;
	bw_report_context ctx = {.catalog_version = bw_catalog_version(analysis->catalog),
				 .seed = request.seed};
	error = json ? bw_report_track_json(stdout, deal, track, alert_shortfall, alert_overage, &alerts, &ctx)
		     : bw_report_track_text(stdout, deal, track, alert_shortfall, alert_overage, &alerts,
					    &ctx, cli_color(stdout));
done:
	bw_analysis_free(analysis);
	bw_deal_file_free(deal);
	if (error < 0)
		return cli_fail(error);
	return alerts > 0 ? CLI_EXIT_ALERT : CLI_EXIT_OK;
}

/*
 * cmd_forecast.c: `bandwise forecast`: P10/P50/P90 list spend per month.
 */
#include "cli.h"

#include <getopt.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise forecast [options]\n"
		"\n"
		"Fit a log-linear trend to the monthly list spend in the store (complete\n"
		"months only; at least 3) and draw Monte Carlo paths with the trend's own\n"
		"uncertainty and the month-to-month noise. Prints P10/P50/P90 per month\n"
		"and for the total. The model: docs/methodology.md.\n"
		"\n"
		"Options:\n"
		"  --months N      months ahead (default 12)\n"
		"  --samples N     Monte Carlo paths (default 10000)\n"
		"  --seed N        random seed (default 1); the same seed gives identical output\n"
		"  --paths FILE    summarise your own paths instead (CSV: path,month,list_usd)\n"
		"  --policy FILE   the forecast after an optimization policy (docs/policy.md):\n"
		"                  each lever's saving on the last 3 complete months, ramped\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		CLI_FORECAST_HELP
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n"
		"\n"
		"Example:\n"
		"  bandwise forecast --months 24 --seed 7\n");
}

int cmd_forecast(int argc, char **argv)
{
	static const struct option options[] = {
		{"months", required_argument, NULL, CLI_OPT_MONTHS}, {"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"seed", required_argument, NULL, CLI_OPT_SEED},   {"paths", required_argument, NULL, CLI_OPT_PATHS},
		{"db", required_argument, NULL, CLI_OPT_DB},     {"prices", required_argument, NULL, CLI_OPT_PRICES},
		{"policy", required_argument, NULL, 'Y'},
		CLI_FORECAST_LONG_OPTIONS,
		{"json", no_argument, NULL, 'j'},         {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *policy_flag = NULL;
	int json = 0, opt, error;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int shared = cli_paths_option("forecast", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'Y':
			policy_flag = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("forecast", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("forecast", "unexpected argument '%s'", argv[optind]);
	cli_analysis_options(&request, BW_ANALYSIS_PATHS, &analysis_options);
	analysis_options.policy_path = policy_flag;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	bw_report_context ctx = {
		.catalog_version = analysis->catalog ? bw_catalog_version(analysis->catalog) : NULL,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
		.first_month = analysis->first_month[0] ? analysis->first_month : NULL,
	};
	const bw_forecast_fit *fit = analysis->has_fit ? &analysis->fit : NULL;
	const bw_paths *shown = analysis->sizing;
	if (policy_flag != NULL) {
		const double *shares = analysis->lever_shares;
		const int *ramps = analysis->lever_ramp_months;
		ctx.paths_source = "forecast after the optimization policy";
		if (!json)
			printf("After %s (levers measured on %s: routing %.1f%%, caching %.1f%%, batch %.1f%% of "
			       "list, ramped over %d/%d/%d months):\n",
			       policy_flag, analysis->policy_scope, shares[0] * 100, shares[1] * 100, shares[2] * 100,
			       ramps[0], ramps[1], ramps[2]);
	}
	error = json ? bw_report_forecast_json(stdout, fit, shown, &ctx)
		     : bw_report_forecast_text(stdout, fit, shown, &ctx, cli_color(stdout));
done:
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

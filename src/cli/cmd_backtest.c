/*
 * cmd_backtest.c: `bandwise backtest`: how far to trust the forecast fan.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise backtest [options]\n"
		"\n"
		"Hold out the last K complete months of the store's history, forecast them\n"
		"from the months before with the same method as `bandwise forecast`, and\n"
		"report the error of the median (MAPE) and how often the actual month fell\n"
		"inside the P10-P90 band (80%% for a calibrated fan).\n"
		"\n"
		"Options:\n"
		"  --holdout K     months to hold out (default 3)\n"
		"  --samples N     Monte Carlo paths (default 10000)\n"
		"  --seed N        random seed (default 1)\n"
		"  --damping PHI   backtest the damped trend instead (0 < PHI <= 1)\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n");
}

int cmd_backtest(int argc, char **argv)
{
	static const struct option options[] = {
		{"holdout", required_argument, NULL, 'k'},
		{"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"seed", required_argument, NULL, CLI_OPT_SEED},
		{"damping", required_argument, NULL, CLI_OPT_DAMPING},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"prices", required_argument, NULL, CLI_OPT_PRICES},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	long holdout = 3;
	int json = 0, opt, error;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int shared = cli_paths_option("backtest", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'k':
			if (cli_parse_long("backtest", "--holdout", optarg, 1, 120, &holdout) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("backtest", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("backtest", "unexpected argument '%s'", argv[optind]);
	cli_analysis_options(&request, BW_ANALYSIS_BACKTEST, &analysis_options);
	analysis_options.backtest_holdout = (size_t)holdout;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	bw_report_context ctx = {.seed = request.seed, .first_month = analysis->backtest_first_month};
	error = json ? bw_report_backtest_json(stdout, analysis->backtest, &ctx)
		     : bw_report_backtest_text(stdout, analysis->backtest, &ctx, cli_color(stdout));
done:
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/*
 * cmd_forecast.c: `bandwise forecast`: P10/P50/P90 list spend per month.
 */
#include "cli.h"

static const char help_head[] =
    "Usage: bandwise forecast [options]\n"
    "\n"
    "Forecast the monthly list spend in the store (complete months only; at\n"
    "least 3) and draw Monte Carlo paths with the model's own uncertainty and\n"
    "the month-to-month noise. The model is the candidate (drift, trend,\n"
    "theta, damped, changepoint, combo) with the best backtest on your history, or\n"
    "--model NAME; changes detected in the history are listed in words.\n"
    "Prints P10/P50/P90 per month and for the total. The models:\n"
    "docs/methodology.md.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Example:\n"
                                "  bandwise forecast --months 24 --seed 7\n";

int cmd_forecast(int argc, char **argv)
{
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *policy_flag = NULL;
	int json = 0, optind, error;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    CLI_OPT_MONTHS(&request, "  --months N      months ahead (default 12)\n"),
	    CLI_OPT_SAMPLES(&request, "  --samples N     Monte Carlo paths (default 10000)\n"),
	    CLI_OPT_SEED(&request, "  --seed N        random seed (default 1); the same seed gives "
	                           "identical output\n"),
	    CLI_OPT_PATHS(
	        &request,
	        "  --paths FILE    summarise your own paths instead (CSV: path,month,list_usd)\n"),
	    {"policy", 0, "FILE",
	     "  --policy FILE   the forecast after an optimization policy (docs/policy.md):\n"
	     "                  each lever's saving on the last 3 complete months, ramped\n",
	     cli_opt_string, &policy_flag, 0, 0},
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("forecast", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("forecast", "unexpected argument '%s'", argv[optind]);
	cli_analysis_options(&request, BW_ANALYSIS_PATHS, &analysis_options);
	analysis_options.policy_path = policy_flag;
	error = bw_document_forecast(cli_out(), cli_format(json), &analysis_options, &analysis);
	cli_analysis_warn(analysis, &analysis_options);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

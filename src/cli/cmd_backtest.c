/*
 * cmd_backtest.c: `bandwise backtest`: how far to trust the forecast fan.
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
    "Usage: bandwise backtest [options]\n"
    "\n"
    "Hold out the last K complete months of the store's history, forecast them\n"
    "from the months before with the same method as `bandwise forecast`, and\n"
    "report the error of the median (MAPE) and how often the actual month fell\n"
    "inside the P10-P90 band (80% for a calibrated fan). Then every candidate\n"
    "model scored by rolling-origin backtest (up to 12 origins, 1 to 12 months\n"
    "ahead): MAPE, bias, P10-P90 coverage by horizon, the interval score and\n"
    "the CRPS, and which model the forecast uses and why (the best CRPS).\n"
    "\n"
    "Options:\n";

int cmd_backtest(int argc, char **argv)
{
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	long holdout = 3;
	int json = 0, optind, error;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"holdout", 0, "K", "  --holdout K     months to hold out (default 3)\n", cli_opt_long,
	     &holdout, 1, 120},
	    CLI_OPT_SAMPLES(&request, "  --samples N     Monte Carlo paths (default 10000)\n"),
	    CLI_OPT_SEED(&request, "  --seed N        random seed (default 1)\n"),
	    CLI_OPT_MODEL(&request),
	    CLI_OPT_DAMPING(&request,
	                    "  --damping PHI   backtest the damped trend instead (0 < PHI <= 1)\n"),
	    CLI_OPT_PRICE_BASIS(&request),
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	};
	const cli_opts opts = CLI_OPTS("backtest", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("backtest", "unexpected argument '%s'", argv[optind]);
	cli_analysis_options(&request, BW_ANALYSIS_BACKTEST, &analysis_options);
	analysis_options.backtest_holdout = (size_t)holdout;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	bw_report_context ctx = {.seed = request.seed,
	                         .first_month = analysis->backtest_first_month,
	                         .history = analysis->spend,
	                         .price_basis = analysis->price_basis};
	error = json ? bw_report_backtest_json(cli_out(), analysis->backtest, &ctx)
	             : bw_report_backtest_text(cli_out(), analysis->backtest, &ctx,
	                                       cli_color(cli_out()));
done:
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/*
 * cmd_plan.c: `bandwise plan`: every band side by side, and the deal.
 */
#include "cli.h"

#include <string.h>

static const char help_head[] =
    "Usage: bandwise plan [options]\n"
    "\n"
    "Size a committed-spend deal: for every discount band, the commitment that\n"
    "minimises expected cost over the forecast paths, with its P50/P90 cost,\n"
    "expected unused commitment, probability of a shortfall, expected overage\n"
    "and effective savings rate; then the recommended deal, pay-as-you-go\n"
    "included. Paths come from the store's forecast, or from --paths FILE.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Examples:\n"
                                "  bandwise plan --term 24\n"
                                "  bandwise plan --term 36 --bands my-quotes.json --json\n"
                                "  bandwise plan --paths my-forecast.csv --term 12\n";

/* --commit X or X1,X2,...: the schedule and its total. */
struct commit_target {
	double *schedule;
	int *count;
	double *commit_usd;
};

static int apply_commit(const char *cmd, const cli_opt *opt, const char *value)
{
	struct commit_target *commit = opt->target;
	if (cli_parse_schedule(cmd, value, commit->schedule, commit->count) < 0)
		return -1;
	*commit->commit_usd = 0;
	for (int k = 0; k < *commit->count; k++)
		*commit->commit_usd += commit->schedule[k];
	return 0;
}

int cmd_plan(int argc, char **argv)
{
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *bands_flag = NULL, *band_name = NULL, *policy_flag = NULL;
	double commit_usd = -1, savings = -1, schedule[BW_PLAN_MAX_SCHEDULE];
	int schedule_count = 0;
	int savings_ramp = 6;
	int json = 0, optind, error;

	struct commit_target commit = {schedule, &schedule_count, &commit_usd};
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    CLI_OPT_TERM(&request, "  --term N        term in months, 1 to 120 (default 12)\n"),
	    CLI_OPT_BANDS(&bands_flag),
	    CLI_OPT_PATHS(
	        &request,
	        "  --paths FILE    your own paths (CSV: path,month,list_usd); no store needed\n"),
	    CLI_OPT_SAMPLES(
	        &request, "  --samples N     Monte Carlo paths when forecasting (default 10000)\n"),
	    CLI_OPT_SEED(&request, "  --seed N        random seed (default 1); the same seed gives "
	                           "identical output\n"),
	    {"grid", 0, "N", "  --grid N        commitments tried per band (default 2000)\n",
	     cli_opt_int, &plan_options.grid_points, 2, 1000000},
	    {"objective", 0, "O",
	     "  --objective O   what 'best' means:\n"
	     "                  expected (default): the lowest mean cost over the paths, the\n"
	     "                    cheapest deal on average whatever the spread;\n"
	     "                  cvar[:LEVEL]: the lowest mean cost of the worst 1-LEVEL of\n"
	     "                    paths (default 0.9): guards the expensive futures, so it\n"
	     "                    tends to commit more to keep overage off the bad paths;\n"
	     "                  meanstd[:LAMBDA]: the lowest expected cost + LAMBDA standard\n"
	     "                    deviations of cost (default 1): it penalises the spread, and a\n"
	     "                    bigger commitment flattens cost (prepaid, then unused rather\n"
	     "                    than overage), so it commits more and leaves commitment\n"
	     "                    unused on more paths\n",
	     cli_opt_objective, &plan_options.objective, 0, 0},
	    {"cvar-level", 0, "L",
	     "  --cvar-level L  the CVaR level every deal reports (default 0.9)\n",
	     cli_opt_fraction, &plan_options.cvar_level, 0, 1},
	    {"max-shortfall", 0, "P",
	     "  --max-shortfall P  risk cap: the risk-capped answer leaves commitment unused\n"
	     "                  on at most this share of paths (default 0.05)\n",
	     cli_opt_fraction, &plan_options.max_shortfall_probability, 0, 1},
	    {"floor-use", 0, "P",
	     "  --floor-use P   the floor is used in full on at least this share of paths\n"
	     "                  (default 0.9)\n",
	     cli_opt_fraction, &plan_options.floor_use_probability, 0, 1},
	    {"savings", 0, "F",
	     "  --savings F     optimizations (routing, caching, batch) will cut list spend\n"
	     "                  by F (0.3 = 30%): size the deal on the optimized paths and\n"
	     "                  show what committing before optimizing would trap\n",
	     cli_opt_fraction, &savings, -1e-12, 1},
	    {"savings-ramp", 0, "N",
	     "  --savings-ramp N  months until the savings reach full effect (default 6;\n"
	     "                  --ramp-months is the same)\n",
	     cli_opt_int, &savings_ramp, 0, 120},
	    {"ramp-months", 0, "N", "", cli_opt_int, &savings_ramp, 0, 120},
	    {"policy", 0, "FILE",
	     "  --policy FILE   size on usage optimized by this policy (docs/policy.md): its\n"
	     "                  savings on the last 3 complete months, with its ramps\n",
	     cli_opt_string, &policy_flag, 0, 0},
	    {"ramp", 0, NULL,
	     "  --ramp          for bands with annual true-up, also search one commitment\n"
	     "                  per year (a ramp), not only one amount pro rata; the ramp is\n"
	     "                  recommended when it is better by the objective\n",
	     cli_opt_flag, &plan_options.ramp, 0, 0},
	    {"commit", 0, "X",
	     "  --commit X      also evaluate a commitment of X USD over the term, or a\n"
	     "                  schedule X1,X2,... (one amount per true-up period)\n",
	     apply_commit, &commit, 0, 0},
	    {"band", 0, "NAME",
	     "  --band NAME     the band to evaluate --commit in (default: the band whose\n"
	     "                  range holds X); X must reach its threshold\n",
	     cli_opt_string, &band_name, 0, 0},
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("plan", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	plan_options.term_months = request.months;
	if (optind < argc)
		return cli_usage_error("plan", "unexpected argument '%s'", argv[optind]);
	if (policy_flag != NULL && savings >= 0)
		return cli_fail(bw_error_set(BW_EUSAGE, "give --savings or --policy, not both"));
	/* With --savings or --policy the deal is sized on the optimized paths. */
	cli_analysis_options(&request, BW_ANALYSIS_PLAN, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	analysis_options.policy_path = policy_flag;
	analysis_options.savings = savings;
	analysis_options.savings_ramp_months = savings_ramp;
	bw_document_commit commit_asked = {commit_usd, schedule, schedule_count, band_name};
	error = bw_document_plan(cli_out(), cli_format(json), &analysis_options, &commit_asked,
	                         &analysis);
	cli_analysis_warn(analysis, &analysis_options);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

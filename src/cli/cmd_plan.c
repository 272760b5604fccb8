/*
 * cmd_plan.c: `bandwise plan`: every band side by side, and the deal.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise plan [options]\n"
		"\n"
		"Size a committed-spend deal: for every discount band, the commitment that\n"
		"minimises expected cost over the forecast paths, with its P50/P90 cost,\n"
		"expected unused commitment, probability of a shortfall, expected overage\n"
		"and effective savings rate; then the recommended deal, pay-as-you-go\n"
		"included. Paths come from the store's forecast, or from --paths FILE.\n"
		"\n"
		"Options:\n"
		"  --term N        term in months (default 12)\n"
		"  --bands FILE    your band table instead of the built-in illustrative one\n"
		"  --paths FILE    your own paths (CSV: path,month,list_usd); no store needed\n"
		"  --samples N     Monte Carlo paths when forecasting (default 10000)\n"
		"  --seed N        random seed (default 1); the same seed gives identical output\n"
		"  --grid N        commitments tried per band (default 2000)\n"
		"  --objective O   what 'best' means: expected (default), cvar[:LEVEL] (mean of\n"
		"                  the worst 1-LEVEL of outcomes, default 0.9), meanstd[:LAMBDA]\n"
		"                  (expected cost + LAMBDA standard deviations, default 1)\n"
		"  --cvar-level L  the CVaR level every deal reports (default 0.9)\n"
		"  --max-shortfall P  risk cap: the risk-capped answer leaves commitment unused\n"
		"                  on at most this share of paths (default 0.05)\n"
		"  --floor-use P   the floor is used in full on at least this share of paths\n"
		"                  (default 0.9)\n"
		"  --savings F     optimizations (routing, caching, batch) will cut list spend\n"
		"                  by F (0.3 = 30%%): size the deal on the optimized paths and\n"
		"                  show what committing before optimizing would trap\n"
		"  --savings-ramp N  months until the savings reach full effect (default 6;\n"
		"                  --ramp-months is the same)\n"
		"  --policy FILE   size on usage optimized by this policy (docs/policy.md): its\n"
		"                  savings on the last 3 complete months, with its ramps\n"
		"  --ramp          for bands with annual true-up, also search one commitment\n"
		"                  per year (a ramp), not only one amount pro rata\n"
		"  --commit X      also evaluate a commitment of X USD over the term, or a\n"
		"                  schedule X1,X2,... (one amount per true-up period)\n"
		"  --band NAME     the band to evaluate --commit in (default: the band whose\n"
		"                  range holds X)\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		CLI_FORECAST_HELP
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n"
		"\n"
		"Examples:\n"
		"  bandwise plan --term 24\n"
		"  bandwise plan --term 36 --bands my-quotes.json --json\n"
		"  bandwise plan --paths my-forecast.csv --term 12\n");
}

int cmd_plan(int argc, char **argv)
{
	static const struct option options[] = {
		{"term", required_argument, NULL, CLI_OPT_MONTHS},  {"bands", required_argument, NULL, 'b'},
		{"paths", required_argument, NULL, CLI_OPT_PATHS}, {"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"seed", required_argument, NULL, CLI_OPT_SEED},  {"grid", required_argument, NULL, 'g'},
		{"db", required_argument, NULL, CLI_OPT_DB},    {"prices", required_argument, NULL, CLI_OPT_PRICES},
		{"objective", required_argument, NULL, 'o'},
		{"cvar-level", required_argument, NULL, 'v'},
		{"max-shortfall", required_argument, NULL, 'x'},
		{"floor-use", required_argument, NULL, 'f'},
		{"commit", required_argument, NULL, 'C'},
		{"savings", required_argument, NULL, 'S'},
		{"ramp", no_argument, NULL, 'A'},
		{"policy", required_argument, NULL, 'Y'},
		{"savings-ramp", required_argument, NULL, 'R'},
		{"ramp-months", required_argument, NULL, 'R'},
		{"band", required_argument, NULL, 'B'},
		CLI_FORECAST_LONG_OPTIONS,
		{"json", no_argument, NULL, 'j'},        {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *bands_flag = NULL, *band_name = NULL, *policy_flag = NULL;
	double commit_usd = -1, savings = -1, schedule[BW_PLAN_MAX_SCHEDULE];
	int schedule_count = 0;
	int savings_ramp = 6;
	bw_plan_outcome evaluated;
	long value;
	int json = 0, opt, error;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int shared = cli_paths_option("plan", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'b':
			bands_flag = optarg;
			break;
		case 'g':
			if (cli_parse_long("plan", "--grid", optarg, 2, 1000000, &value) < 0)
				return CLI_EXIT_BAD_INPUT;
			plan_options.grid_points = (int)value;
			break;
		case 'o':
			if (bw_objective_parse(optarg, &plan_options.objective) < 0)
				return cli_usage_error("plan", "%s", bw_error_last());
			break;
		case 'v':
			if (cli_parse_fraction("plan", "--cvar-level", optarg, 0, 1, &plan_options.cvar_level) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'x':
			if (cli_parse_fraction("plan", "--max-shortfall", optarg, 0, 1, &plan_options.max_shortfall_probability) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'f':
			if (cli_parse_fraction("plan", "--floor-use", optarg, 0, 1, &plan_options.floor_use_probability) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'C':
			if (cli_parse_schedule("plan", optarg, schedule, &schedule_count) < 0)
				return CLI_EXIT_BAD_INPUT;
			commit_usd = 0;
			for (int k = 0; k < schedule_count; k++)
				commit_usd += schedule[k];
			break;
		case 'B':
			band_name = optarg;
			break;
		case 'A':
			plan_options.ramp = 1;
			break;
		case 'Y':
			policy_flag = optarg;
			break;
		case 'S':
			if (cli_parse_fraction("plan", "--savings", optarg, -1e-12, 1, &savings) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'R':
			if (cli_parse_long("plan", "--savings-ramp", optarg, 0, 120, &value) < 0)
				return CLI_EXIT_BAD_INPUT;
			savings_ramp = (int)value;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("plan", "unknown option");
		}
	}
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
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_bands *bands = analysis->bands;
	const bw_plan_result *plan = analysis->plan;
	if (policy_flag != NULL) {
		/* What the report says was assumed: the levers' total and the longest ramp. */
		savings = 0;
		savings_ramp = 0;
		for (int l = 0; l < BW_LEVER_COUNT; l++) {
			savings += analysis->lever_shares[l];
			if (analysis->lever_ramp_months[l] > savings_ramp)
				savings_ramp = analysis->lever_ramp_months[l];
		}
	}
	bw_report_context ctx = {
		.catalog_version = analysis->catalog ? bw_catalog_version(analysis->catalog) : NULL,
		.bands = bands,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
		.trapped = analysis->has_trapped ? &analysis->trapped : NULL,
		.savings = savings,
		.savings_ramp_months = savings_ramp,
	};
	if (commit_usd >= 0) {
		int index = bw_analysis_find_band(bands, band_name, commit_usd, plan_options.term_months);
		if (index < 0) {
			char why[512];
			snprintf(why, sizeof(why), "%s", bw_error_last());
			error = band_name ? BW_EUSAGE : bw_error_set(BW_EUSAGE, "%s: name one with --band", why);
			goto done;
		}
		if (schedule_count > 1) {
			/* A schedule: one amount per true-up period of the band's terms. */
			bw_deal deal = bw_deal_from_band(&bands->bands[index], plan_options.term_months, commit_usd);
			deal.schedule_usd = schedule;
			deal.schedule_count = schedule_count;
			error = bw_plan_evaluate_deal(&evaluated, analysis->sizing, &deal, &plan_options);
		} else {
			error = bw_plan_evaluate(&evaluated, analysis->sizing, &bands->bands[index], &plan_options,
						 commit_usd);
		}
		if (error < 0)
			goto done;
		ctx.evaluated = &evaluated;
		ctx.evaluated_band = bands->bands[index].name;
	}
	error = json ? bw_report_plan_json(stdout, plan, &ctx)
		     : bw_report_plan_text(stdout, plan, &ctx, cli_color(stdout));
done:
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

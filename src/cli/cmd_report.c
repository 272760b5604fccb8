/*
 * cmd_report.c: `bandwise report -o FILE.html`: the whole analysis as one
 * self-contained page (or CSV tables) for the people who sign.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CURVE_POINTS 60

static const char help_head[] =
	"Usage: bandwise report -o FILE.html [options]\n"
	"       bandwise report --format xlsx -o FILE.xlsx [options]\n"
	"       bandwise report --format csv -o DIR [options]\n"
	"\n"
	"Write the analysis for the people who sign: one self-contained HTML file\n"
	"(inline SVG charts, no external requests; prints to PDF) with where you\n"
	"stand, the usage history and forecast fan, the savings waterfall (with\n"
	"--policy), expected cost against commitment per band, the risk table,\n"
	"leverage, and every input with its sha256. --format csv writes the tables\n"
	"as CSV files into DIR.\n"
	"\n"
	"Options:\n";

static int apply_format(const char *cmd, const cli_opt *opt, const char *value)
{
	if (strcmp(value, "html") != 0 && strcmp(value, "csv") != 0 && strcmp(value, "xlsx") != 0) {
		cli_usage_error(cmd, "--format expects html, xlsx or csv, got '%s'", value);
		return -1;
	}
	*(const char **)opt->target = value;
	return 0;
}

/* --offer FILE, repeatable: up to 16 files in order. */
struct offer_target {
	const char **files;
	size_t *count;
};

static int apply_offer(const char *cmd, const cli_opt *opt, const char *value)
{
	struct offer_target *offers = opt->target;
	if (*offers->count == 16) {
		cli_usage_error(cmd, "at most 16 offers");
		return -1;
	}
	offers->files[(*offers->count)++] = value;
	return 0;
}

int cmd_report(int argc, char **argv)
{
	cli_paths_request request;
	cli_paths_result result = {0};
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_bands *bands = NULL;
	bw_plan_result *plan = NULL;
	cli_optimized optimized = {0};
	bw_store *store = NULL;
	bw_spend *spend = NULL;
	bw_store_source *sources = NULL;
	bw_catalog *own_catalog = NULL;
	size_t source_count = 0;
	bw_plan_trapped trapped;
	double *commits = NULL, *costs = NULL;
	const char *output = NULL, *format = "html", *bands_flag = NULL, *policy_flag = NULL, *peers_flag = NULL;
	const char *offer_files[16];
	size_t offer_count = 0;
	bw_deal_file *offers[16] = {NULL};
	bw_offer_evaluation evaluations[16];
	bw_peers *peers = NULL;
	bw_peers_fit peers_fit;
	char bands_sha[65] = "", policy_sha[65] = "";
	char *html = NULL;
	size_t html_len = 0;
	int error = 0;

	struct offer_target offer_target = {offer_files, &offer_count};
	const cli_opt options[] = {
		CLI_OPT_TEXT(help_head),
		{"output", 'o', "PATH", "  -o, --output PATH  the HTML file, or the directory for CSV (required)\n",
		 cli_opt_string, &output, 0, 0},
		{"format", 0, "F",
		 "  --format F      html (default), xlsx (a workbook: monthly usage, forecast,\n"
		 "                  bands, savings, assumptions) or csv (one file per table)\n",
		 apply_format, &format, 0, 0},
		CLI_OPT_TERM(&request, "  --term N        term in months (default 12)\n"),
		CLI_OPT_BANDS(&bands_flag),
		{"policy", 0, "FILE", "  --policy FILE   size on usage optimized by this policy (docs/policy.md)\n",
		 cli_opt_string, &policy_flag, 0, 0},
		{"offer", 0, "FILE", "  --offer FILE    a vendor offer to set against the recommendation; repeatable\n",
		 apply_offer, &offer_target, 0, 0},
		{"peers", 0, "FILE", "  --peers FILE    comparable deals to place each offer among (docs/peers.md)\n",
		 cli_opt_string, &peers_flag, 0, 0},
		CLI_OPT_SAMPLES(&request, "  --samples N, --seed N   the forecast's paths and seed\n"),
		CLI_OPT_SEED(&request, ""),
		CLI_OPT_PATHS(&request,
			      "  --paths FILE    your own paths (CSV: path,month,list_usd) instead of the forecast\n"),
		CLI_OPT_FORECAST(&request),
		CLI_OPT_REQ_DB(&request),
		CLI_OPT_REQ_PRICES(&request),
		CLI_OPT_HELP,
	};
	const cli_opts opts = CLI_OPTS("report", options);
	int optind;

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (output == NULL)
		return cli_usage_error("report", "-o FILE.html (or -o DIR with --format csv) is required");
	plan_options.term_months = request.months;
	if ((error = cli_load_bands(&bands, bands_flag)) < 0 ||
	    (error = cli_build_paths(&request, &result)) < 0 ||
	    /* --paths forecasts nothing, but the history still needs prices. */
	    (result.catalog == NULL && (error = cli_load_catalog(&own_catalog, request.prices_flag)) < 0) ||
	    (error = bw_store_open(&store, cli_db_path(request.db_flag), 0)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, result.catalog ? result.catalog : own_catalog)) < 0 ||
	    (error = bw_store_list_sources(store, &sources, &source_count)) < 0)
		goto done;
	const bw_paths *sizing = result.paths;
	if (policy_flag != NULL) {
		if ((error = cli_optimize_paths(&request, policy_flag, result.paths, &optimized)) < 0 ||
		    (error = bw_plan_trapped_savings(&trapped, result.paths, optimized.paths, bands, &plan_options)) < 0)
			goto done;
		sizing = optimized.paths;
	}
	if ((error = bw_plan_run(&plan, sizing, bands, &plan_options)) < 0)
		goto done;
	for (size_t i = 0; i < offer_count; i++)
		if ((error = bw_deal_file_load(&offers[i], offer_files[i])) < 0 ||
		    (error = bw_offer_evaluate(&evaluations[i], offers[i], sizing, bands, &plan_options)) < 0)
			goto done;
	if (peers_flag != NULL && ((error = bw_peers_read_csv(&peers, peers_flag)) < 0 ||
				   (error = bw_peers_fit_model(peers, &peers_fit)) < 0))
		goto done;
	if ((bands_flag != NULL && (error = bw_ingest_file_sha256(bands_flag, bands_sha)) < 0) ||
	    (policy_flag != NULL && (error = bw_ingest_file_sha256(policy_flag, policy_sha)) < 0))
		goto done;
	if ((commits = calloc(plan->band_count * CURVE_POINTS, sizeof(double))) == NULL ||
	    (costs = calloc(plan->band_count * CURVE_POINTS, sizeof(double))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *b = &plan->bands[i];
		double hi = plan->payg_expected_cost_usd * 1.5;
		if (hi < b->commit_min_usd * 1.3)
			hi = b->commit_min_usd * 1.3;
		if (hi > b->commit_max_usd)
			hi = b->commit_max_usd;
		if ((error = bw_plan_cost_curve(sizing, &b->band, &plan_options, b->commit_min_usd, hi, CURVE_POINTS,
						commits + i * CURVE_POINTS, costs + i * CURVE_POINTS)) < 0)
			goto done;
	}
	char generated[64];
	time_t now = time(NULL);
	struct tm utc;
	gmtime_r(&now, &utc);
	strftime(generated, sizeof(generated), "generated %Y-%m-%d %H:%M UTC", &utc);
	bw_report_bundle bundle = {spend, result.has_fit ? &result.fit : NULL, sizing, result.first_month, plan,
				   optimized.waterfall, optimized.policy, commits, costs, CURVE_POINTS, sources, source_count,
				   bands_sha[0] ? bands_sha : NULL, policy_sha[0] ? policy_sha : NULL, generated,
				   (const bw_deal_file *const *)offers, evaluations, offer_count, peers,
				   peers ? &peers_fit : NULL};
	bw_report_context ctx = {
		.catalog_version = bw_catalog_version(result.catalog ? result.catalog : own_catalog),
		.bands = bands,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
		.first_month = result.first_month,
		.trapped = optimized.policy ? &trapped : NULL,
	};
	if (strcmp(format, "xlsx") == 0) {
		/* libxlsxwriter writes the file itself: build it beside and rename. */
		char tmp[4200];
		snprintf(tmp, sizeof(tmp), "%s.tmp", output);
		if ((error = bw_report_xlsx(tmp, &bundle, &ctx)) == 0) {
			if (rename(tmp, output) != 0)
				error = bw_error_set(BW_EIO, "%s: cannot rename the workbook into place", output);
			else
				printf("wrote %s\n", output);
		}
		remove(tmp);
		goto done;
	}
	if (strcmp(format, "csv") == 0) {
		if (mkdir(output, 0777) != 0 && errno != EEXIST) {
			error = bw_error_set(BW_EIO, "%s: cannot create the directory", output);
			goto done;
		}
		if ((error = bw_report_csv_dir(output, &bundle, &ctx)) == 0)
			printf("wrote the CSV tables into %s\n", output);
		goto done;
	}
	FILE *out = open_memstream(&html, &html_len);
	if (out == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	error = bw_report_html(out, &bundle, &ctx);
	fclose(out);
	if (error == 0 && (error = bw_report_write_file(output, html, html_len)) == 0)
		printf("wrote %s (%zu bytes)\n", output, html_len);
done:
	free(html);
	free(commits);
	free(costs);
	free(sources);
	bw_spend_free(spend);
	bw_store_close(store);
	bw_plan_result_free(plan);
	cli_optimized_dispose(&optimized);
	cli_paths_result_dispose(&result);
	bw_bands_free(bands);
	bw_catalog_free(own_catalog);
	for (size_t i = 0; i < offer_count; i++)
		bw_deal_file_free(offers[i]);
	bw_peers_free(peers);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

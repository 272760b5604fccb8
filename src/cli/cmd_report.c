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

bw_report_bundle cli_report_bundle(const bw_analysis *a, const bw_deal_file *const *offers,
                                   size_t offer_count, const char *generated)
{
	bw_report_bundle bundle = {a->spend,
	                           a->has_fit ? &a->fit : NULL,
	                           a->sizing,
	                           a->first_month,
	                           a->plan,
	                           a->waterfall,
	                           a->policy,
	                           a->curve_commits_usd,
	                           a->curve_costs_usd,
	                           a->curve_points,
	                           a->sources,
	                           a->source_count,
	                           a->bands_sha256[0] ? a->bands_sha256 : NULL,
	                           a->policy_sha256[0] ? a->policy_sha256 : NULL,
	                           generated,
	                           offers,
	                           a->offers,
	                           offer_count,
	                           a->peers,
	                           a->peers ? &a->peers_fit : NULL,
	                           a->backtest,
	                           a->backtest_first_month};
	return bundle;
}

int cmd_report(int argc, char **argv)
{
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *output = NULL, *format = "html", *bands_flag = NULL, *policy_flag = NULL,
	           *peers_flag = NULL;
	const char *offer_files[16];
	size_t offer_count = 0;
	bw_deal_file *offers[16] = {NULL};
	char *html = NULL, shown[4200];
	size_t html_len = 0;
	double commit_usd = -1;
	const char *band_name = NULL;
	bw_analysis_evaluation evaluated;
	int error = 0;

	struct offer_target offer_target = {offer_files, &offer_count};
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"output", 'o', "PATH",
	     "  -o, --output PATH  the HTML file, or the directory for CSV (required)\n",
	     cli_opt_string, &output, 0, 0},
	    {"format", 0, "F",
	     "  --format F      html (default), xlsx (a workbook: monthly usage, forecast,\n"
	     "                  bands, savings, assumptions) or csv (one file per table)\n",
	     apply_format, &format, 0, 0},
	    CLI_OPT_TERM(&request, "  --term N        term in months, 1 to 120 (default 12)\n"),
	    CLI_OPT_BANDS(&bands_flag),
	    {"objective", 0, "O",
	     "  --objective O   what 'best' means: expected (default), cvar or meanstd, as plan\n",
	     cli_opt_objective, &plan_options.objective, 0, 0},
	    {"commit", 0, "X",
	     "  --commit X      also show this commitment over the term (as plan --commit X)\n",
	     cli_opt_amount, &commit_usd, 0, 0},
	    {"band", 0, "NAME",
	     "  --band NAME     evaluate --commit in this band (default: the one whose range\n"
	     "                  holds it)\n",
	     cli_opt_string, &band_name, 0, 0},
	    {"policy", 0, "FILE",
	     "  --policy FILE   size on usage optimized by this policy (docs/policy.md)\n",
	     cli_opt_string, &policy_flag, 0, 0},
	    {"offer", 0, "FILE",
	     "  --offer FILE    a vendor offer to set against the recommendation; repeatable\n",
	     apply_offer, &offer_target, 0, 0},
	    {"peers", 0, "FILE",
	     "  --peers FILE    comparable deals to place each offer among (docs/peers.md)\n",
	     cli_opt_string, &peers_flag, 0, 0},
	    CLI_OPT_SAMPLES(&request, "  --samples N, --seed N   the forecast's paths and seed\n"),
	    CLI_OPT_SEED(&request, ""),
	    CLI_OPT_PATHS(&request, "  --paths FILE    your own paths (CSV: path,month,list_usd) "
	                            "instead of the forecast\n"),
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
		return cli_usage_error("report",
		                       "-o FILE.html (or -o DIR with --format csv) is required");
	if (band_name != NULL && commit_usd < 0)
		return cli_usage_error("report", "--band NAME goes with --commit X");
	plan_options.term_months = request.months;
	for (size_t i = 0; i < offer_count; i++)
		if ((error = bw_deal_file_load(&offers[i], offer_files[i])) < 0)
			goto done;
	cli_analysis_options(&request, BW_ANALYSIS_CURVES | BW_ANALYSIS_SOURCES, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	analysis_options.policy_path = policy_flag;
	analysis_options.offers = (const bw_deal_file *const *)offers;
	analysis_options.offer_count = offer_count;
	analysis_options.peers_path = peers_flag;
	/* The backtest of the forecast, when there is a forecast and history enough. */
	if (request.paths_file == NULL) {
		analysis_options.stages |= BW_ANALYSIS_BACKTEST;
		analysis_options.backtest_optional = 1;
	}
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_analysis *a = analysis;
	if (commit_usd >= 0 &&
	    (error = bw_analysis_evaluate(a->bands, a->sizing, &analysis_options.plan, commit_usd,
	                                  NULL, 0, band_name, &evaluated, NULL)) < 0)
		goto done;
	char generated[64];
	time_t now = time(NULL);
	struct tm utc;
	gmtime_r(&now, &utc);
	strftime(generated, sizeof(generated), "generated %Y-%m-%d %H:%M UTC", &utc);
	bw_report_bundle bundle =
	    cli_report_bundle(a, (const bw_deal_file *const *)offers, offer_count, generated);
	bw_report_context ctx = {
	    .catalog_version = bw_catalog_version(a->catalog),
	    .bands = a->bands,
	    .paths_source = request.paths_file ? request.paths_file : "forecast",
	    .seed = request.seed,
	    .first_month = a->first_month,
	    .trapped = a->has_trapped ? &a->trapped : NULL,
	    .history = a->has_fit ? a->spend : NULL,
	    .price_basis = a->price_basis,
	    .segments = a->segments,
	    .segments_setting = a->segments_setting,
	    .segments_note = a->segments_note,
	    .evaluated = commit_usd >= 0 ? &evaluated.outcome : NULL,
	    .evaluated_band = commit_usd >= 0 ? evaluated.band : NULL,
	    .evaluated_asked_band = commit_usd >= 0 ? evaluated.asked_band : NULL,
	};
	if (strcmp(format, "xlsx") == 0) {
		/* libxlsxwriter writes the file itself: build it beside and rename. */
		char tmp[4200];
		snprintf(tmp, sizeof(tmp), "%s.tmp", output);
		if ((error = bw_report_xlsx(tmp, &bundle, &ctx)) == 0) {
			if (rename(tmp, output) != 0)
				error = bw_error_set(
				    BW_EIO, "%s: cannot rename the workbook into place", output);
			else
				fprintf(cli_out(), "wrote %s\n",
				        bw_report_visible(shown, sizeof(shown), output));
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
			fprintf(cli_out(), "wrote the CSV tables into %s\n",
			        bw_report_visible(shown, sizeof(shown), output));
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
		fprintf(cli_out(), "wrote %s (%zu bytes)\n",
		        bw_report_visible(shown, sizeof(shown), output), html_len);
done:
	free(html);
	bw_analysis_free(analysis);
	for (size_t i = 0; i < offer_count; i++)
		bw_deal_file_free(offers[i]);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

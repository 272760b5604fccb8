/*
 * cmd_report.c: `bandwise report -o FILE.html`: the whole analysis as one
 * self-contained page (or CSV tables) for the people who sign.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *out)
{
	fprintf(out,
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
		"Options:\n"
		"  -o, --output PATH  the HTML file, or the directory for CSV (required)\n"
		"  --format F      html (default), xlsx (a workbook: monthly usage, forecast,\n"
		"                  bands, savings, assumptions) or csv (one file per table)\n"
		"  --term N        term in months (default 12)\n"
		"  --bands FILE    your band table instead of the built-in illustrative one\n"
		"  --policy FILE   size on usage optimized by this policy (docs/policy.md)\n"
		"  --offer FILE    a vendor offer to set against the recommendation; repeatable\n"
		"  --peers FILE    comparable deals to place each offer among (docs/peers.md)\n"
		"  --samples N, --seed N   the forecast's paths and seed\n"
		"  --paths FILE    your own paths (CSV: path,month,list_usd) instead of the forecast\n"
		CLI_FORECAST_HELP
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --help          this text\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
		{"term", required_argument, NULL, CLI_OPT_MONTHS}, {"bands", required_argument, NULL, 'b'},
		{"policy", required_argument, NULL, 'Y'},  {"samples", required_argument, NULL, CLI_OPT_SAMPLES},
		{"offer", required_argument, NULL, 'O'},   {"peers", required_argument, NULL, 'r'},
		{"seed", required_argument, NULL, CLI_OPT_SEED}, {"db", required_argument, NULL, CLI_OPT_DB},
		{"prices", required_argument, NULL, CLI_OPT_PRICES}, {"paths", required_argument, NULL, CLI_OPT_PATHS},
		CLI_FORECAST_LONG_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	const char *output = NULL, *format = "html", *bands_flag = NULL, *policy_flag = NULL, *peers_flag = NULL;
	const char *offer_files[16];
	size_t offer_count = 0;
	bw_deal_file *offers[16] = {NULL};
	char *html = NULL;
	size_t html_len = 0;
	int opt, error = 0;

	cli_paths_request_init(&request);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		int shared = cli_paths_option("report", opt, optarg, &request);
		if (shared < 0)
			return CLI_EXIT_BAD_INPUT;
		if (shared > 0)
			continue;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "html") != 0 && strcmp(optarg, "csv") != 0 && strcmp(optarg, "xlsx") != 0)
				return cli_usage_error("report", "--format expects html, xlsx or csv, got '%s'", optarg);
			format = optarg;
			break;
		case 'b':
			bands_flag = optarg;
			break;
		case 'Y':
			policy_flag = optarg;
			break;
		case 'O':
			if (offer_count == 16)
				return cli_usage_error("report", "at most 16 offers");
			offer_files[offer_count++] = optarg;
			break;
		case 'r':
			peers_flag = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("report", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (output == NULL)
		return cli_usage_error("report", "-o FILE.html (or -o DIR with --format csv) is required");
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
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_analysis *a = analysis;
	char generated[64];
	time_t now = time(NULL);
	struct tm utc;
	gmtime_r(&now, &utc);
	strftime(generated, sizeof(generated), "generated %Y-%m-%d %H:%M UTC", &utc);
	bw_report_bundle bundle = {a->spend, a->has_fit ? &a->fit : NULL, a->sizing, a->first_month, a->plan,
				   a->waterfall, a->policy, a->curve_commits_usd, a->curve_costs_usd, a->curve_points,
				   a->sources, a->source_count, a->bands_sha256[0] ? a->bands_sha256 : NULL,
				   a->policy_sha256[0] ? a->policy_sha256 : NULL, generated,
				   (const bw_deal_file *const *)offers, a->offers, offer_count, a->peers,
				   a->peers ? &a->peers_fit : NULL};
	bw_report_context ctx = {
		.catalog_version = bw_catalog_version(a->catalog),
		.bands = a->bands,
		.paths_source = request.paths_file ? request.paths_file : "forecast",
		.seed = request.seed,
		.first_month = a->first_month,
		.trapped = a->has_trapped ? &a->trapped : NULL,
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
	bw_analysis_free(analysis);
	for (size_t i = 0; i < offer_count; i++)
		bw_deal_file_free(offers[i]);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

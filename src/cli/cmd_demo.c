/*
 * cmd_demo.c: `bandwise demo`: the whole pipeline on the bundled sample
 * company, in a temporary store.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help_head[] =
    "Usage: bandwise demo [options]\n"
    "\n"
    "Generate 14 months of a sample company's Admin API usage report (three\n"
    "workspaces; Opus, Sonnet and Haiku; prompt caching, batch, long context,\n"
    "web search; about 6% growth a month), ingest it into a temporary store,\n"
    "forecast the term and print the recommended committed-spend deal.\n"
    "The data is deterministic: the same options print the same numbers.\n"
    "\n"
    "Options:\n";

/* Remove the demo's temporary files: the report pages, the store and its
 * WAL files, then the directory. */
static void remove_demo_dir(const char *dir, const bw_demo_files *files, const char *db)
{
	char path[4200];
	static const char *const suffixes[] = {"", "-wal", "-shm"};

	for (size_t i = 0; i < files->count; i++)
		unlink(files->paths[i]);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int write_data_only(const char *dir, bw_catalog *catalog)
{
	bw_demo_options options = BW_DEMO_OPTIONS_INIT;
	bw_demo_files files = BW_DEMO_FILES_INIT;
	/* A new folder is made, as a user naming one expects; an existing one is used. */
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return bw_error_set(BW_EIO, "%s: cannot make the folder: %s", dir, strerror(errno));
	int error = bw_demo_write(dir, &options, catalog, &files);
	for (size_t i = 0; error == 0 && i < files.count; i++)
		printf("%s\n", files.paths[i]);
	bw_demo_files_dispose(&files);
	return error;
}

int cmd_demo(int argc, char **argv)
{
	cli_paths_request request;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	bw_demo_options demo_options = BW_DEMO_OPTIONS_INIT;
	bw_demo_files files = BW_DEMO_FILES_INIT;
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	const char *bands_flag = NULL, *write_dir = NULL;
	char dir[4096] = "", db[4200] = "";
	int json = 0, error = 0, color = cli_color(stdout);

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    CLI_OPT_TERM(&request, "  --term N          term in months, 1 to 120 (default 12)\n"),
	    CLI_OPT_SEED(&request, "  --seed N          forecast seed (default 1)\n"),
	    CLI_OPT_SAMPLES(&request, "  --samples N       Monte Carlo paths (default 10000)\n"),
	    CLI_OPT_BANDS_AS(
	        &bands_flag,
	        "  --bands FILE      your band table instead of the illustrative one\n"),
	    {"write-data", 0, "DIR",
	     "  --write-data DIR  only write the sample usage report files into DIR\n"
	     "                    (then try: bandwise ingest DIR/usage-report-*.json)\n",
	     cli_opt_string, &write_dir, 0, 0},
	    CLI_OPT_JSON_AS(&json, "  --json            the plan as JSON (docs/json.md)\n"),
	    CLI_OPT_HELP_AS("  --help            this text\n"),
	};
	const cli_opts opts = CLI_OPTS("demo", options);
	int optind;

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	plan_options.term_months = request.months;
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	if ((error = bw_catalog_load_default(&catalog)) < 0)
		return cli_fail(error);
	if (write_dir != NULL) {
		error = write_data_only(write_dir, catalog);
		bw_catalog_free(catalog);
		return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
	}

	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/bandwise-demo-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		error = bw_error_set(BW_EIO, "cannot create a temporary directory under %s",
		                     tmp && tmp[0] ? tmp : "/tmp");
		dir[0] = '\0';
		goto done;
	}
	snprintf(db, sizeof(db), "%s/bandwise.db", dir);
	if ((error = bw_demo_write(dir, &demo_options, catalog, &files)) < 0 ||
	    (error = bw_store_open(&store, db, BW_STORE_CREATE | BW_STORE_SCRATCH)) < 0)
		goto done;
	for (size_t i = 0; i < files.count; i++) {
		bw_ingest_result ingested;
		if ((error = bw_ingest_file(store, files.paths[i], BW_INGEST_AUTO, &ingested)) < 0)
			goto done;
	}
	bw_store_close(store);
	store = NULL;
	request.db_flag = db;
	cli_analysis_options(&request, BW_ANALYSIS_PLAN, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	const bw_plan_result *plan = analysis->plan;

	bw_report_context ctx = {
	    .catalog_version = bw_catalog_version(catalog),
	    .bands = analysis->bands,
	    .paths_source = "forecast",
	    .seed = request.seed,
	    .first_month = analysis->first_month,
	    .history = analysis->spend,
	    .price_basis = analysis->price_basis,
	    .segments = analysis->segments,
	    .segments_setting = analysis->segments_setting,
	    .segments_note = analysis->segments_note,
	};
	if (json) {
		error = bw_report_plan_json(stdout, plan, &ctx);
		goto done;
	}
	printf("bandwise demo: a sample company (support assistant, coding agent, batch data\n"
	       "pipeline) with %d months of Admin API usage, generated and ingested into a\n"
	       "temporary store.\n\n",
	       demo_options.months);
	/* The analysis priced the store's months already. */
	if ((error = bw_report_usage_text(stdout, analysis->spend, &ctx, color)) < 0)
		goto done;
	printf("\n");
	if ((error =
	         bw_report_forecast_text(stdout, &analysis->fit, analysis->paths, &ctx, color)) < 0)
		goto done;
	printf("\n");
	/* The forecast said the price basis and the segments already. */
	ctx.history = NULL;
	ctx.segments = NULL;
	ctx.segments_note = NULL;
	error = bw_report_plan_text(stdout, plan, &ctx, color);
done:
	bw_analysis_free(analysis);
	bw_store_close(store);
	if (dir[0])
		remove_demo_dir(dir, &files, db);
	bw_demo_files_dispose(&files);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/*
 * cmd_export.c: `bandwise export --focus`: stored usage as FOCUS rows.
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
    "Usage: bandwise export --focus [-o FILE.csv] [options]\n"
    "\n"
    "Write the usage in the store, priced at list, as FOCUS 1.2-style cost and\n"
    "usage rows (CSV): one row per day, model, workspace, tier, context window\n"
    "and billable unit. Costs are list-price estimates (x_CostBasis = list).\n"
    "Usage the catalog cannot price is left out, and said so on stderr.\n"
    "\n"
    "Options:\n";

int cmd_export(int argc, char **argv)
{
	const char *output = NULL, *db_flag = NULL, *prices_flag = NULL;
	int focus = 0, optind, error;
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	char *text = NULL;
	size_t len = 0, unpriced = 0;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"focus", 0, NULL, "  --focus         the FOCUS format (the only one now; required)\n",
	     cli_opt_flag, &focus, 0, 0},
	    {"output", 'o', "FILE",
	     "  -o, --output FILE  write to FILE (atomically) instead of standard output\n",
	     cli_opt_string, &output, 0, 0},
	    CLI_OPT_DB(&db_flag),
	    CLI_OPT_PRICES(&prices_flag),
	    CLI_OPT_HELP,
	};
	const cli_opts opts = CLI_OPTS("export", options);

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
	if (!focus)
		return cli_usage_error("export", "say which format: --focus");
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0 ||
	    (error = bw_store_daily_usage(store, &daily)) < 0)
		goto done;
	FILE *out = output ? open_memstream(&text, &len) : stdout;
	if (out == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	error = bw_report_focus_csv(out, &daily, catalog, &unpriced);
	if (output) {
		fclose(out);
		if (error == 0)
			error = bw_report_write_file(output, text, len);
	}
	if (unpriced > 0)
		fprintf(stderr,
		        "bandwise: warning: %zu daily rows of models the catalog cannot price were "
		        "left out "
		        "(see bandwise usage)\n",
		        unpriced);
done:
	free(text);
	bw_usage_rows_dispose(&daily);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

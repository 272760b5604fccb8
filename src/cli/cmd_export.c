/*
 * cmd_export.c: `bandwise export --focus`: stored usage as FOCUS rows.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise export --focus [-o FILE.csv] [options]\n"
		"\n"
		"Write the usage in the store, priced at list, as FOCUS 1.2-style cost and\n"
		"usage rows (CSV): one row per day, model, workspace, tier, context window\n"
		"and billable unit. Costs are list-price estimates (x_CostBasis = list).\n"
		"Usage the catalog cannot price is left out, and said so on stderr.\n"
		"\n"
		"Options:\n"
		"  --focus         the FOCUS format (the only one now; required)\n"
		"  -o, --output FILE  write to FILE (atomically) instead of standard output\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --help          this text\n");
}

int cmd_export(int argc, char **argv)
{
	static const struct option options[] = {
		{"focus", no_argument, NULL, 'F'},  {"output", required_argument, NULL, 'o'},
		{"db", required_argument, NULL, 'd'}, {"prices", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0},
	};
	const char *output = NULL, *db_flag = NULL, *prices_flag = NULL;
	int focus = 0, opt, error;
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	char *text = NULL;
	size_t len = 0, unpriced = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (opt) {
		case 'F':
			focus = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'd':
			db_flag = optarg;
			break;
		case 'p':
			prices_flag = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("export", "unknown option");
		}
	}
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
		fprintf(stderr, "bandwise: warning: %zu daily rows of models the catalog cannot price were left out "
				"(see bandwise usage)\n", unpriced);
done:
	free(text);
	bw_usage_rows_dispose(&daily);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

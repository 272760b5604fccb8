/*
 * cmd_usage.c: `bandwise usage`: monthly list spend from the store.
 */
#include "cli.h"

#include <getopt.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise usage [options]\n"
		"\n"
		"Price every stored day at the list price in force that day and show the\n"
		"monthly list spend by token type and by model. Usage of a model the\n"
		"catalog does not know is listed with its token volume, never priced as\n"
		"zero silently.\n"
		"\n"
		"Options:\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"                  (or $BANDWISE_PRICES)\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n"
		"\n"
		"Example:\n"
		"  bandwise usage --json | jq '.months[-1].list_usd'\n");
}

int cmd_usage(int argc, char **argv)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"prices", required_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db_flag = NULL, *prices_flag = NULL;
	int json = 0, opt, error = 0;
	bw_store *store = NULL;
	bw_catalog *catalog = NULL;
	bw_spend *spend = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db_flag = optarg;
			break;
		case 'p':
			prices_flag = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("usage", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("usage", "unexpected argument '%s'", argv[optind]);
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, catalog)) < 0)
		goto done;
	bw_report_context ctx = {.catalog_version = bw_catalog_version(catalog)};
	error = json ? bw_report_usage_json(stdout, spend, &ctx)
		     : bw_report_usage_text(stdout, spend, &ctx, cli_color(stdout));
done:
	bw_spend_free(spend);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

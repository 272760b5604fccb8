/*
 * cmd_usage.c: `bandwise usage`: monthly list spend from the store.
 */
#include "cli.h"

static const char help_head[] =
    "Usage: bandwise usage [options]\n"
    "\n"
    "Price every stored day at the list price in force that day and show the\n"
    "monthly list spend by token type and by model. Usage of a model the\n"
    "catalog does not know is listed with its token volume, never priced as\n"
    "zero silently.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Example:\n"
                                "  bandwise usage --json | jq '.months[-1].list_usd'\n";

int cmd_usage(int argc, char **argv)
{
	const char *db_flag = NULL, *prices_flag = NULL;
	int json = 0, optind, error = 0;
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    CLI_OPT_DB(&db_flag),
	    CLI_OPT_PRICES_AS(&prices_flag,
	                      CLI_HELP_PRICES "                  (or $BANDWISE_PRICES)\n"),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("usage", options);
	bw_store *store = NULL;
	bw_catalog *catalog = NULL;
	bw_spend *spend = NULL;

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	if (optind < argc)
		return cli_usage_error("usage", "unexpected argument '%s'", argv[optind]);
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(db_flag), cli_store_flags)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, catalog)) < 0)
		goto done;
	bw_report_context ctx = {.catalog_version = bw_catalog_version(catalog)};
	error = json ? bw_report_usage_json(cli_out(), spend, &ctx)
	             : bw_report_usage_text(cli_out(), spend, &ctx, cli_color(cli_out()));
done:
	bw_spend_free(spend);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

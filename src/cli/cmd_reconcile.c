/*
 * cmd_reconcile.c: `bandwise reconcile`: usage priced at list against the
 * cost report, both from the store.
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
    "Usage: bandwise reconcile [options]\n"
    "\n"
    "Price the stored usage report at list and set it against the stored cost\n"
    "report, per day, model, token type, tier and context window. Differences\n"
    "above the tolerance are listed with their likely cause (unknown model,\n"
    "price change or premium, discount already applied, priority tier, a report\n"
    "missing for that day).\n"
    "\n"
    "Options:\n";

int cmd_reconcile(int argc, char **argv)
{
	const char *db_flag = NULL, *prices_flag = NULL, *deal_flag = NULL;
	bw_deal_file *deal = NULL;
	double tolerance = 0.005;
	int json = 0, optind, error;
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_cost_row *costs = NULL;
	size_t cost_count = 0;
	bw_reconcile *r = NULL;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"tolerance", 0, "F",
	     "  --tolerance F   relative difference that still matches (default 0.005)\n",
	     cli_opt_fraction, &tolerance, 0, 1},
	    {"deal", 0, "FILE",
	     "  --deal FILE     the signed deal, to compare the realized discount with\n",
	     cli_opt_string, &deal_flag, 0, 0},
	    CLI_OPT_DB(&db_flag),
	    CLI_OPT_PRICES(&prices_flag),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	};
	const cli_opts opts = CLI_OPTS("reconcile", options);

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("reconcile", "unexpected argument '%s'", argv[optind]);
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0 ||
	    (error = bw_store_daily_usage(store, &daily)) < 0 ||
	    (error = bw_store_daily_cost(store, &costs, &cost_count)) < 0 ||
	    (deal_flag != NULL && (error = bw_deal_file_load(&deal, deal_flag)) < 0) ||
	    (error = bw_reconcile_run(&r, &daily, costs, cost_count, catalog, tolerance)) < 0)
		goto done;
	if (deal != NULL)
		r->deal_discount = deal->terms.discount;
	error = json ? bw_report_reconcile_json(stdout, r, tolerance)
	             : bw_report_reconcile_text(stdout, r, tolerance, cli_color(stdout));
done:
	bw_reconcile_free(r);
	bw_deal_file_free(deal);
	free(costs);
	bw_usage_rows_dispose(&daily);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

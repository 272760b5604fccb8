/*
 * cmd_reconcile.c: `bandwise reconcile`: usage priced at list against the
 * cost report, both from the store.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise reconcile [options]\n"
		"\n"
		"Price the stored usage report at list and set it against the stored cost\n"
		"report, per day, model, token type, tier and context window. Differences\n"
		"above the tolerance are listed with their likely cause (unknown model,\n"
		"price change or premium, discount already applied, priority tier, a report\n"
		"missing for that day).\n"
		"\n"
		"Options:\n"
		"  --tolerance F   relative difference that still matches (default 0.005)\n"
		"  --db PATH       the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --prices FILE   a price catalog instead of the built-in one\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n");
}

int cmd_reconcile(int argc, char **argv)
{
	static const struct option options[] = {
		{"tolerance", required_argument, NULL, 't'}, {"db", required_argument, NULL, 'd'},
		{"prices", required_argument, NULL, 'p'},    {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
	};
	const char *db_flag = NULL, *prices_flag = NULL;
	double tolerance = 0.005;
	int json = 0, opt, error;
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_cost_row *costs = NULL;
	size_t cost_count = 0;
	bw_reconcile *r = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (cli_parse_fraction("reconcile", "--tolerance", optarg, 0, 1, &tolerance) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
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
			return cli_usage_error("reconcile", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("reconcile", "unexpected argument '%s'", argv[optind]);
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0 ||
	    (error = bw_store_daily_usage(store, &daily)) < 0 ||
	    (error = bw_store_daily_cost(store, &costs, &cost_count)) < 0 ||
	    (error = bw_reconcile_run(&r, &daily, costs, cost_count, catalog, tolerance)) < 0)
		goto done;
	error = json ? bw_report_reconcile_json(stdout, r, tolerance)
		     : bw_report_reconcile_text(stdout, r, tolerance, cli_color(stdout));
done:
	bw_reconcile_free(r);
	free(costs);
	bw_usage_rows_dispose(&daily);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

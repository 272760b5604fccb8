/*
 * cmd_optimize.c: `bandwise optimize --trace FILE --model ID`: what prompt
 * caching would save on a real request trace.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help_head[] =
    "Usage: bandwise optimize --trace FILE --model ID [options]\n"
    "       bandwise optimize --policy FILE [--months N] [--db STORE]\n"
    "\n"
    "With --policy: apply a policy of routing, caching and batch rules\n"
    "(docs/policy.md) to the usage in the store and show the savings\n"
    "waterfall (list, after routing, after caching, after batch) overall, by\n"
    "model and by workspace. --months N limits it to the last N complete\n"
    "months (default: everything stored). --db STORE: a SQLite file (default\n"
    "$BANDWISE_DB, else ./bandwise.db) or a PostgreSQL database, as a URL\n"
    "(postgresql://user@host/db) or \"host=H dbname=D\".\n"
    "\n"
    "With --trace: replay a request trace with prefix-block hashes (the Mooncake JSONL format)\n"
    "through an exact prompt-cache simulation, for TTLs of 5 minutes, 1 hour\n"
    "and infinity (the upper bound), and price the input at list: hit ratio,\n"
    "tokens read and written, input cost before and after caching (naive\n"
    "\"cache the whole prompt\", and a hindsight oracle that writes only what\n"
    "is read again), saving per request, and the break-even reuse count.\n"
    "\n"
    "Options:\n";

static const char help_tail[] =
    "\n"
    "Example:\n"
    "  bandwise optimize --trace mooncake_conversation_trace.jsonl --model claude-sonnet-4-5\n";

int cmd_optimize(int argc, char **argv)
{
	const char *trace_file = NULL, *model_flag = NULL, *prices_flag = NULL, *policy_flag = NULL;
	const char *db_flag = NULL;
	long months = 0;
	char day[16] = "";
	long block = 512, min_tokens = -1;
	int json = 0, error = 0;
	bw_catalog *catalog = NULL;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"trace", 0, "FILE",
	     "  --trace FILE        the trace (Mooncake JSONL: timestamp, input_length,\n"
	     "                      output_length, hash_ids)\n",
	     cli_opt_string, &trace_file, 0, 0},
	    {"model", 0, "ID",
	     "  --model ID          the model to price it as (a catalog id or alias)\n",
	     cli_opt_string, &model_flag, 0, 0},
	    {"block-tokens", 0, "N", "  --block-tokens N    tokens per hash block (default 512)\n",
	     cli_opt_long, &block, 1, 1000000},
	    {"min-tokens", 0, "N",
	     "  --min-tokens N      minimum cacheable prompt (default: the model's, from\n"
	     "                      data/caching/anthropic.json)\n",
	     cli_opt_long, &min_tokens, 0, 100000000},
	    {"date", 0, "YYYY-MM-DD",
	     "  --date YYYY-MM-DD   the day whose list prices to use (default today, UTC)\n",
	     cli_opt_day, day, 0, 0},
	    CLI_OPT_PRICES_AS(
	        &prices_flag,
	        "  --prices FILE       a price catalog instead of the built-in one\n"),
	    /* --policy, --months and --db are told in the text above. */
	    {"policy", 0, "FILE", "", cli_opt_string, &policy_flag, 0, 0},
	    {"months", 0, "N", "", cli_opt_long, &months, 1, 1200},
	    CLI_OPT_DB_AS(&db_flag, ""),
	    CLI_OPT_JSON_AS(&json, "  --json              JSON output (docs/json.md)\n"),
	    CLI_OPT_HELP_AS("  --help              this text\n"),
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("optimize", options);
	int optind;

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	error = 0;
	if (optind < argc)
		return cli_usage_error("optimize", "unexpected argument '%s'", argv[optind]);
	if (policy_flag != NULL) {
		bw_policy *policy = NULL;
		bw_waterfall *w = NULL;
		char scope[128];
		if (trace_file != NULL)
			return cli_usage_error(
			    "optimize", "--policy and --trace are separate analyses: give one");
		if ((error = bw_policy_load_file(&policy, policy_flag)) == 0 &&
		    (error = cli_load_catalog(&catalog, prices_flag)) == 0 &&
		    (error = bw_analysis_policy_waterfall_flags(
		         cli_db_path(db_flag), cli_store_flags, catalog, policy, (int)months, &w,
		         scope, sizeof(scope))) == 0)
			error = json ? bw_report_waterfall_json(cli_out(), w, policy, scope)
			             : bw_report_waterfall_text(cli_out(), w, policy, scope,
			                                        cli_color(cli_out()));
		bw_waterfall_free(w);
		bw_policy_free(policy);
		bw_catalog_free(catalog);
		return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
	}
	if (trace_file == NULL || model_flag == NULL)
		return cli_usage_error(
		    "optimize", "--trace FILE and --model ID are required (or --policy FILE)");
	if (day[0] == '\0') {
		time_t now = time(NULL);
		struct tm utc;
		gmtime_r(&now, &utc);
		strftime(day, sizeof(day), "%Y-%m-%d", &utc);
	}
	bw_analysis_cache cache;
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_analysis_cache_simulation(catalog, trace_file, model_flag, block,
	                                          min_tokens, day, &cache)) < 0)
		goto done;
	bw_report_cache_context ctx = {trace_file, cache.model, block, cache.min_tokens, day};
	error = json ? bw_report_cache_json(cli_out(), cache.results, cache.labels,
	                                    BW_ANALYSIS_CACHE_TTLS, &ctx)
	             : bw_report_cache_text(cli_out(), cache.results, cache.labels,
	                                    BW_ANALYSIS_CACHE_TTLS, &ctx, cli_color(cli_out()));
done:
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

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
	"       bandwise optimize --policy FILE [--months N] [--db PATH]\n"
	"\n"
	"With --policy: apply a policy of routing, caching and batch rules\n"
	"(docs/policy.md) to the usage in the store and show the savings\n"
	"waterfall (list, after routing, after caching, after batch) overall, by\n"
	"model and by workspace. --months N limits it to the last N complete\n"
	"months (default: everything stored).\n"
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

/* List price per million tokens of the model on 'day' for one token type. */
static int price_of(const bw_catalog *catalog, const char *model, const char *day, bw_token_type type,
		    double *out)
{
	bw_usage_row row;
	bw_price_breakdown price;
	int error;

	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[type] = 1000000;
	if ((error = bw_catalog_price_row(catalog, &row, &price)) < 0)
		return error;
	*out = price.usd[type];
	return 0;
}

int cmd_optimize(int argc, char **argv)
{
	const char *trace_file = NULL, *model_flag = NULL, *prices_flag = NULL, *policy_flag = NULL;
	const char *db_flag = NULL;
	long months = 0;
	char day[16] = "";
	long block = 512, min_tokens = -1;
	int json = 0, error = 0;
	bw_catalog *catalog = NULL;
	bw_trace *trace = NULL;

	const cli_opt options[] = {
		CLI_OPT_TEXT(help_head),
		{"trace", 0, "FILE",
		 "  --trace FILE        the trace (Mooncake JSONL: timestamp, input_length,\n"
		 "                      output_length, hash_ids)\n",
		 cli_opt_string, &trace_file, 0, 0},
		{"model", 0, "ID", "  --model ID          the model to price it as (a catalog id or alias)\n",
		 cli_opt_string, &model_flag, 0, 0},
		{"block-tokens", 0, "N", "  --block-tokens N    tokens per hash block (default 512)\n", cli_opt_long,
		 &block, 1, 1000000},
		{"min-tokens", 0, "N",
		 "  --min-tokens N      minimum cacheable prompt (default: the model's, from\n"
		 "                      data/caching/anthropic.json)\n",
		 cli_opt_long, &min_tokens, 0, 100000000},
		{"date", 0, "YYYY-MM-DD", "  --date YYYY-MM-DD   the day whose list prices to use (default today, UTC)\n",
		 cli_opt_day, day, 0, 0},
		CLI_OPT_PRICES_AS(&prices_flag, "  --prices FILE       a price catalog instead of the built-in one\n"),
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
		cli_paths_request request;
		bw_policy *policy = NULL;
		bw_waterfall *w = NULL;
		char scope[128];
		if (trace_file != NULL)
			return cli_usage_error("optimize", "--policy and --trace are separate analyses: give one");
		cli_paths_request_init(&request);
		request.db_flag = db_flag;
		request.prices_flag = prices_flag;
		if ((error = bw_policy_load_file(&policy, policy_flag)) == 0 &&
		    (error = cli_policy_waterfall(&request, policy, (int)months, &w, scope, sizeof(scope))) == 0)
			error = json ? bw_report_waterfall_json(stdout, w, policy, scope)
				     : bw_report_waterfall_text(stdout, w, policy, scope, cli_color(stdout));
		bw_waterfall_free(w);
		bw_policy_free(policy);
		return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
	}
	if (trace_file == NULL || model_flag == NULL)
		return cli_usage_error("optimize", "--trace FILE and --model ID are required (or --policy FILE)");
	if (day[0] == '\0') {
		time_t now = time(NULL);
		struct tm utc;
		gmtime_r(&now, &utc);
		strftime(day, sizeof(day), "%Y-%m-%d", &utc);
	}
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0)
		goto done;
	const char *model = bw_catalog_resolve(catalog, model_flag);
	if (model == NULL) {
		error = bw_error_set(BW_ENOTFOUND, "model '%s' is not in the price catalog %s", model_flag,
				     bw_catalog_version(catalog));
		goto done;
	}
	if (min_tokens < 0) {
		int64_t found = bw_cachesim_min_tokens(model);
		if (found < 0) {
			error = (int)found;
			goto done;
		}
		min_tokens = (long)found;
	}
	double input, read, write_5m, write_1h;
	if ((error = price_of(catalog, model, day, BW_TOKEN_UNCACHED_INPUT, &input)) < 0 ||
	    (error = price_of(catalog, model, day, BW_TOKEN_CACHE_READ, &read)) < 0 ||
	    (error = price_of(catalog, model, day, BW_TOKEN_CACHE_WRITE_5M, &write_5m)) < 0 ||
	    (error = price_of(catalog, model, day, BW_TOKEN_CACHE_WRITE_1H, &write_1h)) < 0 ||
	    (error = bw_trace_read_mooncake(&trace, trace_file)) < 0)
		goto done;
	/* The infinite TTL is the upper bound on hits, priced with 1-hour writes. */
	static const char *const labels[3] = {"5m", "1h", "inf"};
	const int64_t ttls[3] = {300000, 3600000, BW_CACHESIM_TTL_INFINITE};
	const double writes[3] = {write_5m, write_1h, write_1h};
	bw_cachesim_result results[3];
	for (int i = 0; i < 3; i++) {
		bw_cachesim_options o = {ttls[i], block, min_tokens, input, read, writes[i]};
		if ((error = bw_cachesim_run(trace, &o, &results[i])) < 0)
			goto done;
	}
	bw_report_cache_context ctx = {trace_file, model, block, min_tokens, day};
	error = json ? bw_report_cache_json(stdout, results, labels, 3, &ctx)
		     : bw_report_cache_text(stdout, results, labels, 3, &ctx, cli_color(stdout));
done:
	bw_trace_free(trace);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

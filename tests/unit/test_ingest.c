/*
 * test_ingest.c: the Admin API readers, end to end into a store.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/ingest.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

/* research/anthropic.md §1.2: the official example. */
static const char official_usage[] =
    "{\"data\":[{\"starting_at\":\"2025-08-01T00:00:00Z\",\"ending_at\":\"2025-08-02T00:00:00Z\",\n"
    "\"results\":[{\"uncached_input_tokens\":1500,\"cache_creation\":{\"ephemeral_1h_input_"
    "tokens\":1000,\n"
    "\"ephemeral_5m_input_tokens\":500},\"cache_read_input_tokens\":200,\"output_tokens\":500,\n"
    "\"server_tool_use\":{\"web_search_requests\":10},\"api_key_id\":\"apikey_"
    "01Rj2N8SVvo6BePZj99NhmiT\",\n"
    "\"workspace_id\":\"wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ\",\"model\":\"claude-sonnet-4-20250514\","
    "\"service_tier\":\"standard\",\n"
    "\"context_window\":\"0-200k\"}]}],\"has_more\":true,\"next_page\":\"page_"
    "MjAyNS0wNS0xNFQwMDowMDowMFo=\"}\n";

/* §1.2: the reconstructed complete example (4 rows, one day). */
static const char reconstructed_usage[] =
    "{\"data\":[{\"starting_at\":\"2025-10-16T00:00:00Z\",\"ending_at\":\"2025-10-17T00:00:00Z\","
    "\"results\":[\n"
    " {\"account_id\":null,\"api_key_id\":null,\"service_account_id\":null,\"workspace_id\":"
    "\"wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ\",\"model\":\"claude-sonnet-4-5-20250929\",\"service_tier\":"
    "\"standard\",\"context_window\":\"0-200k\",\"inference_geo\":\"not_available\",\"uncached_"
    "input_tokens\":1200000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":400000,\"ephemeral_"
    "1h_input_tokens\":100000},\"cache_read_input_tokens\":8000000,\"output_tokens\":250000,"
    "\"server_tool_use\":{\"web_search_requests\":120}},\n"
    " {\"account_id\":null,\"api_key_id\":null,\"service_account_id\":null,\"workspace_id\":"
    "\"wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ\",\"model\":\"claude-sonnet-4-5-20250929\",\"service_tier\":"
    "\"standard\",\"context_window\":\"200k-1M\",\"inference_geo\":\"not_available\",\"uncached_"
    "input_tokens\":600000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_"
    "input_tokens\":0},\"cache_read_input_tokens\":0,\"output_tokens\":20000,\"server_tool_use\":{"
    "\"web_search_requests\":0}},\n"
    " {\"account_id\":null,\"api_key_id\":null,\"service_account_id\":null,\"workspace_id\":null,"
    "\"model\":\"claude-haiku-4-5-20251001\",\"service_tier\":\"batch\",\"context_window\":\"0-"
    "200k\",\"inference_geo\":\"not_available\",\"uncached_input_tokens\":2000000,\"cache_"
    "creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"cache_read_"
    "input_tokens\":0,\"output_tokens\":400000,\"server_tool_use\":{\"web_search_requests\":0}},\n"
    " {\"account_id\":null,\"api_key_id\":null,\"service_account_id\":null,\"workspace_id\":null,"
    "\"model\":\"claude-opus-4-1-20250805\",\"service_tier\":\"priority\",\"context_window\":\"0-"
    "200k\",\"inference_geo\":\"not_available\",\"uncached_input_tokens\":50000,\"cache_creation\":"
    "{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"cache_read_input_tokens\":"
    "0,\"output_tokens\":10000,\"server_tool_use\":{\"web_search_requests\":0}}\n"
    "]}],\"has_more\":false,\"next_page\":null}\n";

/* §1.3: the cost report of the same day (amounts in cents). */
static const char cost_report[] =
    "{\"data\":[{\"starting_at\":\"2025-10-16T00:00:00Z\",\"ending_at\":\"2025-10-17T00:00:00Z\","
    "\"results\":[\n"
    " {\"amount\":\"360.00000\",\"currency\":\"USD\",\"cost_type\":\"tokens\",\"workspace_id\":"
    "\"w\",\"description\":\"Claude Sonnet 4.5 Usage - Input "
    "Tokens\",\"model\":\"claude-sonnet-4-5-20250929\",\"token_type\":\"uncached_input_tokens\","
    "\"service_tier\":\"standard\",\"context_window\":\"0-200k\",\"inference_geo\":\"not_"
    "available\"},\n"
    " {\"amount\":\"150.00000\",\"currency\":\"USD\",\"cost_type\":\"tokens\",\"workspace_id\":"
    "\"w\",\"description\":\"Claude Sonnet 4.5 Usage - Input Tokens, Cache "
    "Write\",\"model\":\"claude-sonnet-4-5-20250929\",\"token_type\":\"cache_creation.ephemeral_5m_"
    "input_tokens\",\"service_tier\":\"standard\",\"context_window\":\"0-200k\",\"inference_geo\":"
    "\"not_available\"},\n"
    " {\"amount\":\"123.78912\",\"currency\":\"USD\",\"cost_type\":\"web_search\",\"workspace_id\":"
    "\"w\",\"description\":\"Web Search "
    "Usage\",\"model\":null,\"token_type\":null,\"service_tier\":null,\"context_window\":null,"
    "\"inference_geo\":null},\n"
    " {\"amount\":\"5\",\"currency\":\"USD\",\"cost_type\":\"code_execution\",\"workspace_id\":"
    "null,\"description\":\"Code Execution "
    "Usage\",\"model\":null,\"token_type\":null,\"service_tier\":null,\"context_window\":null,"
    "\"inference_geo\":null}\n"
    "]}],\"has_more\":false,\"next_page\":null}\n";

typedef struct {
	char *dir;
	bw_store *store;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char path[512];
	f->dir = test_tmpdir();
	snprintf(path, sizeof(path), "%s/i.db", f->dir);
	if (bw_store_open(&f->store, path, BW_STORE_CREATE) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bw_store_close(f->store);
	test_rmdir_tree(f->dir);
	free(f);
	return 0;
}

static bw_store_totals totals_of(bw_store *store)
{
	bw_store_totals t;
	assert_int_equal(bw_store_totals_get(store, &t), 0);
	return t;
}

static int ingest(bw_store *store, const char *name, const char *text, bw_ingest_format format,
                  bw_ingest_result *r)
{
	return bw_ingest_buffer(store, name, text, strlen(text), format, r);
}

static void test_ingest__official_usage_example(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;

	assert_int_equal(ingest(f->store, "official.json", official_usage, BW_INGEST_AUTO, &r), 0);
	assert_string_equal(r.format, "usage-report");
	assert_int_equal(r.buckets, 1);
	assert_int_equal(r.usage_rows, 1);
	assert_int_equal(strlen(r.sha256_hex), 64);
	assert_int_equal(bw_store_daily_usage(f->store, &daily), 0);
	assert_int_equal(daily.count, 1);
	const bw_usage_row *row = &daily.items[0];
	assert_string_equal(row->model, "claude-sonnet-4-20250514");
	assert_string_equal(row->workspace_id, "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ");
	assert_int_equal(row->tokens[BW_TOKEN_UNCACHED_INPUT], 1500);
	assert_int_equal(row->tokens[BW_TOKEN_CACHE_WRITE_5M], 500);
	assert_int_equal(row->tokens[BW_TOKEN_CACHE_WRITE_1H], 1000);
	assert_int_equal(row->tokens[BW_TOKEN_CACHE_READ], 200);
	assert_int_equal(row->tokens[BW_TOKEN_OUTPUT], 500);
	assert_int_equal(row->web_search_requests, 10);
	bw_usage_rows_dispose(&daily);
}

static void test_ingest__cost_report_amounts_are_exact(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;

	assert_int_equal(ingest(f->store, "cost.json", cost_report, BW_INGEST_AUTO, &r), 0);
	assert_string_equal(r.format, "cost-report");
	assert_int_equal(r.cost_rows, 4);
	/* 360 + 150 + 123.78912 + 5 cents, in micro-cents. */
	assert_int_equal(totals_of(f->store).cost_microcents, 638789120);
	/* Forced as a usage report, it is refused and nothing is stored. */
	bw_store_totals before = totals_of(f->store);
	char *copy = strdup(cost_report);
	copy[strlen(copy) - 1] = ' '; /* other bytes: not short-circuited as already ingested */
	assert_int_equal(ingest(f->store, "cost2.json", copy, BW_INGEST_USAGE_REPORT, &r),
	                 BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "cost report"));
	assert_int_equal(totals_of(f->store).sources, before.sources);
	free(copy);
}

static void test_ingest__pages_in_any_shape_count_once(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	size_t n = strlen(reconstructed_usage);
	char *array = malloc(2 * n + 8), *lines = malloc(2 * n + 8);

	/* The same page twice as a JSON array, and as two JSONL lines. */
	snprintf(array, 2 * n + 8, "[%.*s,\n%s]", (int)n - 1, reconstructed_usage,
	         reconstructed_usage);
	snprintf(lines, 2 * n + 8, "%s%s", reconstructed_usage, reconstructed_usage);
	assert_int_equal(ingest(f->store, "one.json", reconstructed_usage, BW_INGEST_AUTO, &r), 0);
	assert_int_equal(r.usage_rows, 4);
	bw_store_totals once = totals_of(f->store);
	assert_int_equal(once.usage_rows, 4);
	if (ingest(f->store, "array.json", array, BW_INGEST_AUTO, &r) != 0)
		fail_msg("%s", bw_error_last());
	assert_int_equal(r.pages, 2);
	if (ingest(f->store, "lines.jsonl", lines, BW_INGEST_AUTO, &r) != 0)
		fail_msg("%s", bw_error_last());
	assert_int_equal(r.pages, 2);
	bw_store_totals after = totals_of(f->store);
	assert_int_equal(after.usage_rows, once.usage_rows);
	assert_int_equal(after.tokens, once.tokens);
	/* The same bytes again: recognised, nothing new, no second provenance row. */
	assert_int_equal(
	    ingest(f->store, "one-again.json", reconstructed_usage, BW_INGEST_AUTO, &r), 0);
	assert_true(r.already_ingested);
	assert_int_equal(totals_of(f->store).sources, 3);
	free(array);
	free(lines);
}

/* Each malformed input: a parse error naming the file and a line:column,
 * and the store exactly as before. */
static void expect_rejected(fixture *f, const char *text, int code, const char *fragment)
{
	bw_ingest_result r;
	bw_store_totals before = totals_of(f->store);
	assert_int_equal(ingest(f->store, "bad.json", text, BW_INGEST_AUTO, &r), code);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
	bw_store_totals after = totals_of(f->store);
	assert_memory_equal(&before, &after, sizeof(before));
}

#define BUCKET(rows)                                                                               \
	"{\"data\":[{\"starting_at\":\"2026-01-01T00:00:00Z\",\"ending_at\":\"2026-01-02T00:00:"   \
	"00Z\",\"results\":[" rows "]}]}"

static void test_ingest__malformed_input_stores_nothing(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	assert_int_equal(ingest(f->store, "good.json", reconstructed_usage, BW_INGEST_AUTO, &r), 0);

	expect_rejected(f, "{\"data\":[{\"starting_at\":", BW_EPARSE, "bad.json:1:");
	expect_rejected(f, "", BW_EPARSE, "bad.json:1:1: the file is empty");
	expect_rejected(f,
	                "{\"data\":[{\"starting_at\":\"2026-01-01T00:00:00Z\",\"ending_at\":\"2026-"
	                "01-02T00:00:00Z\",\"results\":[\n"
	                "  {\"model\":\"m\",\"output_tokens\":\"abc\"}]}]}",
	                BW_EPARSE,
	                "bad.json:2:32: data[0].results[0].output_tokens: expected a whole number "
	                "of tokens from 0 to 1e15, got the string \"abc\"");
	expect_rejected(f, BUCKET("{\"model\":\"m\",\"output_tokens\":-5}"), BW_EPARSE,
	                "output_tokens");
	expect_rejected(f, BUCKET("{\"model\":\"m\",\"output_tokens\":1.5}"), BW_EPARSE,
	                "output_tokens");
	expect_rejected(f, BUCKET("{\"model\":7,\"output_tokens\":1}"), BW_EPARSE,
	                "results[0].model: expected a string");
	expect_rejected(f, BUCKET("{\"amount\":\"1e5\"}"), BW_EPARSE, "amount");
	expect_rejected(f, BUCKET("{\"amount\":\"1.2345678\"}"), BW_EPARSE, "amount");
	expect_rejected(f, BUCKET("{\"amount\":12.5}"), BW_EPARSE, "decimal string in cents");
	expect_rejected(f, BUCKET("{\"amount\":\"1.00\",\"currency\":\"EUR\"}"), BW_EPARSE,
	                "currency");
	expect_rejected(f,
	                "{\"data\":[{\"starting_at\":\"2026-01-01\",\"ending_at\":\"2026-01-02T00:"
	                "00:00Z\",\"results\":[]}]}",
	                BW_EPARSE,
	                "bad.json:1:25: data[0].starting_at: expected an RFC 3339 UTC time");
	expect_rejected(f,
	                "{\"data\":[{\"starting_at\":\"2026-01-02T00:00:00Z\",\"ending_at\":\"2026-"
	                "01-01T00:00:00Z\",\"results\":[]}]}",
	                BW_EPARSE, "ending_at: expected a time after starting_at");
	expect_rejected(f, "{\"name\": \"not a report\"}", BW_EPARSE, "--format");
	expect_rejected(f, BUCKET("{\"foo\": 1}"), BW_EPARSE, "use --format");
	/* JSONL: the second line's error names line 2. */
	expect_rejected(f, "{\"data\":[]}\n{\"data\":[{\"starting_at\":\"x\"}]}\n", BW_EPARSE,
	                "bad.json:2:");
}

static void test_ingest__refuses_buckets_of_another_width(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	const char *hourly =
	    "{\"data\":[{\"starting_at\":\"2025-10-16T05:00:00Z\",\"ending_at\":\"2025-10-16T06:00:"
	    "00Z\","
	    "\"results\":[{\"model\":\"claude-haiku-4-5\",\"output_tokens\":5}]}]}";
	assert_int_equal(ingest(f->store, "daily.json", reconstructed_usage, BW_INGEST_AUTO, &r),
	                 0);
	expect_rejected(f, hourly, BW_EUSAGE, "double count");
}

static void test_ingest__format_names(void **state)
{
	(void)state;
	bw_ingest_format format;
	assert_int_equal(bw_ingest_format_parse("cost-report", &format), 0);
	assert_int_equal(format, BW_INGEST_COST_REPORT);
	assert_string_equal(bw_ingest_format_name(BW_INGEST_USAGE_REPORT), "usage-report");
	assert_int_equal(bw_ingest_format_parse("litellm-csv", &format), 0);
	assert_int_equal(format, BW_INGEST_LITELLM_CSV);
	assert_int_equal(bw_ingest_format_parse("xml", &format), BW_EUSAGE);
}

static void test_ingest__missing_file(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	assert_int_equal(bw_ingest_file(f->store, "/nonexistent/usage.json", BW_INGEST_AUTO, &r),
	                 BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "/nonexistent/usage.json"));
}

/* gzip and zstd files are read transparently; the fingerprint is of the
 * decompressed bytes, so the same data compressed counts once. */
static void test_ingest__compressed_files(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	char gz[600], zst[600];
	size_t n = strlen(reconstructed_usage);

	snprintf(gz, sizeof(gz), "%s/usage.json.gz", f->dir);
	gzFile g = gzopen(gz, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, reconstructed_usage, (unsigned)n), (int)n);
	gzclose(g);
	assert_int_equal(bw_ingest_file(f->store, gz, BW_INGEST_AUTO, &r), 0);
	assert_int_equal(r.usage_rows, 4);

	size_t bound = ZSTD_compressBound(n);
	char *packed = malloc(bound);
	size_t size = ZSTD_compress(packed, bound, official_usage, strlen(official_usage), 3);
	assert_false(ZSTD_isError(size));
	snprintf(zst, sizeof(zst), "%s/usage.json.zst", f->dir);
	FILE *out = fopen(zst, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(packed, 1, size, out), size);
	fclose(out);
	assert_int_equal(bw_ingest_file(f->store, zst, BW_INGEST_AUTO, &r), 0);
	assert_int_equal(r.usage_rows, 1);

	/* The plain bytes of the gzip file: already ingested. */
	assert_int_equal(
	    bw_ingest_buffer(f->store, "plain.json", reconstructed_usage, n, BW_INGEST_AUTO, &r),
	    0);
	assert_true(r.already_ingested);

	/* A truncated stream is a parse error that names the byte. */
	out = fopen(zst, "wb");
	assert_int_equal(fwrite(packed, 1, size / 2, out), size / 2);
	fclose(out);
	bw_store_totals before = totals_of(f->store);
	assert_int_equal(bw_ingest_file(f->store, zst, BW_INGEST_AUTO, &r), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "zstd"));
	bw_store_totals after = totals_of(f->store);
	assert_memory_equal(&before, &after, sizeof(before));
	free(packed);
}

static void write_text(const char *path, const char *text)
{
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fputs(text, out) >= 0, 1);
	fclose(out);
}

/* Request logs: summed per UTC day, gzip read as it is, the same data
 * counted once, and never mixed with Admin API reports of the same day. */
static const char messages_log[] =
    "{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2025-10-16T23:59:59Z\","
    "\"usage\":{\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"output_tokens\":10}}\n"
    "{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2025-10-17T00:00:00Z\","
    "\"usage\":{\"input_tokens\":200,\"cache_creation_input_tokens\":50,"
    "\"cache_creation\":{\"ephemeral_5m_input_tokens\":20,\"ephemeral_1h_input_tokens\":30},"
    "\"output_tokens\":20}}\n";

static void test_ingest__request_logs_sum_per_day(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	char plain[600], gz[600];

	snprintf(plain, sizeof(plain), "%s/log.jsonl", f->dir);
	write_text(plain, messages_log);
	assert_int_equal(bw_ingest_file_with(f->store, plain, BW_INGEST_AUTO, NULL, &r), 0);
	assert_string_equal(r.format, "messages");
	assert_int_equal(r.requests, 2);
	assert_int_equal(r.buckets, 2); /* one second apart, two UTC days */
	bw_store_totals t = totals_of(f->store);
	assert_int_equal(t.tokens, 100 + 1000 + 10 + 200 + 50 + 20);

	snprintf(gz, sizeof(gz), "%s/log.jsonl.gz", f->dir);
	gzFile g = gzopen(gz, "wb");
	assert_non_null(g);
	gzputs(g, messages_log);
	gzclose(g);
	assert_int_equal(bw_ingest_file_with(f->store, gz, BW_INGEST_AUTO, NULL, &r), 0);
	assert_true(r.already_ingested);
	bw_store_totals again = totals_of(f->store);
	assert_memory_equal(&t, &again, sizeof(t));

	/* The reconstructed usage example is of 2025-10-16 too: refused, nothing stored. */
	expect_rejected(f, reconstructed_usage, BW_EUSAGE, "request log");
}

static void test_ingest__bad_records_fail_the_file_or_are_passed_over(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	char path[600], reject[600];
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;

	snprintf(path, sizeof(path), "%s/bad.jsonl", f->dir);
	write_text(path, "{\"model\":\"claude-haiku-4-5\",\"timestamp\":\"2026-01-01T00:00:00Z\","
	                 "\"usage\":{\"input_tokens\":1}}\n"
	                 "{\"model\":\"claude-haiku-4-5\",\"timestamp\":\"2026-01-01T00:00:00Z\","
	                 "\"usage\":{\"input_tokens\":1.5}}\n"
	                 "{\"model\":\"claude-haiku-4-5\",\"timestamp\":\"2026-01-01T00:00:00Z\","
	                 "\"usage\":{\"input_tokens\":2}\n");
	bw_store_totals before = totals_of(f->store);
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &options, &r),
	                 BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "bad.jsonl:2:"));
	assert_non_null(strstr(bw_error_last(), "whole number"));
	options.max_errors = 1;
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &options, &r),
	                 BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "bad.jsonl:3:"));
	bw_store_totals after = totals_of(f->store);
	assert_memory_equal(&before, &after, sizeof(before));

	options.max_errors = 2;
	snprintf(reject, sizeof(reject), "%s/rejected.jsonl", f->dir);
	options.reject_path = reject;
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &options, &r), 0);
	assert_int_equal(r.requests, 1);
	assert_int_equal(r.rejected, 2);
	assert_non_null(strstr(r.first_rejected, "bad.jsonl:2:"));
	char *kept = NULL;
	FILE *in = fopen(reject, "rb");
	assert_non_null(in);
	kept = calloc(1, 4096);
	assert_true(fread(kept, 1, 4095, in) > 0);
	fclose(in);
	assert_non_null(strstr(kept, "1.5"));
	assert_non_null(strstr(kept, "\"input_tokens\":2}"));
	free(kept);
}

static void test_ingest__traces_need_a_model(void **state)
{
	fixture *f = *state;
	bw_ingest_result r;
	char path[600];
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;

	snprintf(path, sizeof(path), "%s/azure.csv", f->dir);
	write_text(path,
	           "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n"
	           "2023-11-16 23:59:59.9,1000,100\n2023-11-17 00:00:00.0,1,1\n");
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_AUTO, &options, &r),
	                 BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "--model"));
	options.model = "claude-haiku-4-5";
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_AUTO, &options, &r), 0);
	assert_string_equal(r.format, "azure-csv");
	assert_int_equal(r.requests, 3);
	assert_int_equal(r.buckets, 2);
	assert_int_equal(totals_of(f->store).tokens, 374 + 44 + 1000 + 100 + 1 + 1);
}

/* A Messages log of at least 'bytes' bytes (lines of about 300), big
 * enough to be mapped (BW_INGEST__PARALLEL_MIN_BYTES, 32 MB); lines
 * 'bad_line' and 'bad_line2' (0: none) have no usage object. Returns the
 * line count. */
static long write_big_log(const char *path, long bytes, long bad_line, long bad_line2)
{
	static const char *const models[] = {"claude-sonnet-4-5", "claude-haiku-4-5",
	                                     "claude-opus-4-5"};
	FILE *out = fopen(path, "w");
	long lines = 0, written = 0;
	assert_non_null(out);
	while (written < bytes) {
		lines++;
		int n = fprintf(
		    out,
		    "{\"id\":\"msg_%012ld\",\"type\":\"message\",\"model\":\"%s\","
		    "\"timestamp\":\"2026-01-%02ldT10:00:00Z\",\"workspace_id\":\"wrk_%ld\","
		    "\"%s\":{\"input_tokens\":%ld,\"cache_read_input_tokens\":%ld,"
		    "\"output_tokens\":%ld,\"service_tier\":\"standard\"},"
		    "\"stop_reason\":\"end_turn\",\"metadata\":{\"feature\":\"\\u00e9t\\u00e9\"}}"
		    "\n",
		    lines, models[lines % 3], 1 + lines % 28, lines % 5,
		    lines == bad_line || lines == bad_line2 ? "usgae" : "usage", lines % 1000,
		    lines % 77, lines % 501);
		written += n;
	}
	fclose(out);
	return lines;
}

/* One thread maps a large plain log (no read(2) copy) and fingerprints it
 * as it reads; the totals, the fingerprint and a bad line's name are the
 * stream's (a reject file keeps one thread on the stream) and two
 * threads'. */
static void test_ingest__large_log_mapped_on_one_thread(void **state)
{
	fixture *f = *state;
	char path[512], db[512], reject[512], bad[512];
	snprintf(path, sizeof(path), "%s/big.jsonl", f->dir);
	snprintf(reject, sizeof(reject), "%s/rejects.jsonl", f->dir);
	snprintf(bad, sizeof(bad), "%s/bad.jsonl", f->dir);
	long lines = write_big_log(path, 34L << 20, 0, 0);
	bw_ingest_result r[3];
	bw_store_totals t[3];
	for (int way = 0; way < 3; way++) { /* mapped on 1 thread, streamed, 2 threads */
		bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
		bw_store *store = NULL;
		options.threads = way == 2 ? 2 : 1;
		options.reject_path = way == 1 ? reject : NULL;
		snprintf(db, sizeof(db), "%s/way%d.db", f->dir, way);
		assert_int_equal(bw_store_open(&store, db, BW_STORE_CREATE), 0);
		assert_int_equal(
		    bw_ingest_file_with(store, path, BW_INGEST_MESSAGES, &options, &r[way]), 0);
		t[way] = totals_of(store);
		bw_store_close(store);
		assert_int_equal(r[way].requests, lines);
	}
	for (int way = 1; way < 3; way++) {
		assert_string_equal(r[way].sha256_hex, r[0].sha256_hex);
		assert_int_equal(r[way].usage_rows, r[0].usage_rows);
		assert_int_equal(t[way].tokens, t[0].tokens);
	}
	/* The same file again is recognised by that fingerprint. */
	bw_ingest_options one = BW_INGEST_OPTIONS_INIT;
	one.threads = 1;
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &one, &r[1]), 0);
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &one, &r[2]), 0);
	assert_true(r[2].already_ingested);
	/* Bad lines deep in the file: named alike mapped and streamed, the
	 * first by default, the one past the limit with --max-errors 1. */
	write_big_log(bad, 34L << 20, 70001, 90002);
	for (int limit = 0; limit < 2; limit++) {
		char message[2][512];
		for (int way = 0; way < 2; way++) {
			bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
			options.threads = 1;
			options.max_errors = limit;
			options.reject_path = way == 1 ? reject : NULL;
			assert_int_equal(bw_ingest_file_with(f->store, bad, BW_INGEST_MESSAGES,
			                                     &options, &r[way]),
			                 BW_EPARSE);
			snprintf(message[way], sizeof(message[way]), "%s", bw_error_last());
		}
		assert_string_equal(message[0], message[1]);
		assert_non_null(strstr(message[0], limit
		                                       ? "bad.jsonl:90002: expected a \"usage\""
		                                       : "bad.jsonl:70001: expected a \"usage\""));
	}
}

/* Cuts the file to 6 MB at the first progress report (4 MB read). */
static void truncate_on_progress(void *context, uint64_t bytes_read, uint64_t bytes_total,
                                 int64_t requests)
{
	(void)bytes_read;
	(void)bytes_total;
	(void)requests;
	const char *path = context;
	assert_int_equal(truncate(path, 6L << 20), 0);
}

/* A mapped file truncated while it is read fails with an error (its size
 * is checked every megabyte), not SIGBUS, and stores nothing. */
static void test_ingest__file_shrinking_while_mapped(void **state)
{
	fixture *f = *state;
	char path[512];
	snprintf(path, sizeof(path), "%s/shrinks.jsonl", f->dir);
	write_big_log(path, 34L << 20, 0, 0);
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
	bw_ingest_result r;
	options.threads = 1;
	options.progress = truncate_on_progress;
	options.progress_context = path;
	assert_int_equal(bw_ingest_file_with(f->store, path, BW_INGEST_MESSAGES, &options, &r),
	                 BW_EIO);
	assert_non_null(strstr(bw_error_last(), "shrank while it was read"));
	assert_int_equal(totals_of(f->store).tokens, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ingest__official_usage_example, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__request_logs_sum_per_day, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_ingest__bad_records_fail_the_file_or_are_passed_over, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__traces_need_a_model, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__cost_report_amounts_are_exact, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__pages_in_any_shape_count_once, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__malformed_input_stores_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__refuses_buckets_of_another_width, setup,
	                                    teardown),
	    cmocka_unit_test(test_ingest__format_names),
	    cmocka_unit_test_setup_teardown(test_ingest__missing_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__compressed_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__large_log_mapped_on_one_thread, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ingest__file_shrinking_while_mapped, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_cache.c: `bandwise optimize --trace` output
 * (src/lib/report/cache.c): one row per TTL, the break-even reuse in
 * words, the JSON keys.
 */
#include "fixture.h"

static void fixture_results(bw_cachesim_result results[2])
{
	memset(results, 0, 2 * sizeof(*results));
	for (int i = 0; i < 2; i++) {
		bw_cachesim_result *r = &results[i];
		r->requests = 1000;
		r->cached_requests = 900;
		r->input_tokens = 2000000;
		r->read_tokens = 1200000 + 200000 * i;
		r->write_tokens = 500000;
		r->wasted_write_tokens = 100000;
		r->hit_ratio = (double)r->read_tokens / (double)r->input_tokens;
		r->input_cost_before_usd = 6;
		r->input_cost_after_usd = 4 - i;
		r->oracle_input_cost_after_usd = 3 - i;
		r->net_saving_usd = 2 + i;
		r->saving_per_request_usd = i == 0 ? 0.002 : -0.00125;
		r->break_even_reuse = 1 + i;
		r->peak_entries = 77;
	}
}

static const bw_report_cache_context cache_context = {"trace.jsonl", "claude-sonnet-4-5", 512, 1024,
                                                      "2026-11-24"};

static void test_cache__text(void **state)
{
	(void)state;
	bw_cachesim_result results[2];
	const char *const labels[2] = {"5m", "1h"};
	capture c;

	fixture_results(results);
	capture_begin(&c);
	assert_int_equal(bw_report_cache_text(c.out, results, labels, 2, &cache_context, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text,
	    "Prompt-cache simulation of trace.jsonl priced as claude-sonnet-4-5 (list "
	    "prices of 2026-11-24), 512-token blocks, prompts under 1024 tokens not cached.\n"));
	assert_non_null(strstr(line_with(text, "\n5m"), "60.0%"));
	assert_non_null(strstr(line_with(text, "\n1h"), "-$0.00125"));
	assert_int_equal(column_end(text, "\nTTL", "saving/request"),
	                 column_end(text, "\n5m", "$0.00200"));
	assert_non_null(
	    strstr(text, "5m: a written token pays back its write premium after 1 read.\n"));
	assert_non_null(
	    strstr(text, "1h: a written token pays back its write premium after 2 reads.\n"));
	free(text);
}

static void test_cache__json_keys(void **state)
{
	(void)state;
	bw_cachesim_result results[2];
	const char *const labels[2] = {"5m", "1h"};
	capture c;

	fixture_results(results);
	capture_begin(&c);
	assert_int_equal(bw_report_cache_json(c.out, results, labels, 2, &cache_context), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "model")), "claude-sonnet-4-5");
	assert_int_equal(json_integer_value(json_object_get(root, "min_cacheable_tokens")), 1024);
	json_t *rows = json_object_get(root, "cache");
	assert_int_equal(json_array_size(rows), 2);
	json_t *first = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_object_get(first, "ttl")), "5m");
	/* What the oracle writes: the written blocks that are read again. */
	assert_int_equal(json_integer_value(json_object_get(first, "oracle_write_tokens")), 400000);
	assert_int_equal(json_integer_value(json_object_get(first, "peak_cached_blocks")), 77);
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache__text),
	    cmocka_unit_test(test_cache__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

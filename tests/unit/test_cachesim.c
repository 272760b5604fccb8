/*
 * test_cachesim.c: the prompt-cache simulator on hand-worked traces, its
 * invariants, and the real Mooncake traces when ../shared is present.
 */
#include "test_util.h"

#include "bandwise/cachesim.h"
#include "bandwise/error.h"

static bw_cachesim_options options_of(int64_t ttl)
{
	/* Sonnet-like prices: input 3, read 0.30, 5m write 3.75. */
	bw_cachesim_options o = {ttl, 512, 1024, 3.0, 0.3, 3.75};
	return o;
}

static void add(bw_trace *t, int64_t time_ms, int64_t n, const uint64_t *h, uint32_t k)
{
	assert_int_equal(bw_trace_add(t, time_ms, n, 10, h, k), 0);
}

static void test_cachesim__hit_and_shared_prefix(void **state)
{
	(void)state;
	bw_trace *t = bw_trace_new();
	bw_cachesim_result r;
	const uint64_t a[] = {1, 2}, b[] = {1, 2, 3}, c[] = {1, 2, 9};
	bw_cachesim_options o = options_of(5000);

	add(t, 0, 1024, a, 2);    /* writes 1024 */
	add(t, 1000, 1536, b, 3); /* reads 1024, writes 512 */
	add(t, 2000, 1400, c, 3); /* shares the first two blocks: reads 1024, writes 376 */
	assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
	assert_int_equal(r.requests, 3);
	assert_int_equal(r.input_tokens, 1024 + 1536 + 1400);
	assert_int_equal(r.read_tokens, 2048);
	assert_int_equal(r.write_tokens, 1024 + 512 + 376);
	assert_near(r.hit_ratio, 2048.0 / 3960.0, 1e-12);
	assert_near(r.input_cost_before_usd, 3960 * 3e-6, 1e-12);
	assert_near(r.input_cost_after_usd, (2048 * 0.3 + 1912 * 3.75) * 1e-6, 1e-12);
	/* Blocks 3 and 9 are never read again: the oracle does not write them. */
	assert_int_equal(r.wasted_write_tokens, 512 + 376);
	assert_near(r.oracle_input_cost_after_usd, (2048 * 0.3 + 1024 * 3.75 + 888 * 3.0) * 1e-6,
	            1e-12);
	assert_int_equal(r.break_even_reuse, 1);
	bw_trace_free(t);
}

static void test_cachesim__expiry_exactly_at_the_ttl(void **state)
{
	(void)state;
	bw_trace *t = bw_trace_new();
	bw_cachesim_result r;
	const uint64_t a[] = {1, 2};
	bw_cachesim_options o = options_of(5000);

	add(t, 0, 1024, a, 2);
	add(t, 5000, 1024, a, 2); /* t - last_touch == TTL: expired */
	assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
	assert_int_equal(r.read_tokens, 0);
	assert_int_equal(r.write_tokens, 2048);
	bw_trace_free(t);

	t = bw_trace_new();
	add(t, 0, 1024, a, 2);
	add(t, 4999, 1024, a, 2); /* one millisecond earlier: alive */
	assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
	assert_int_equal(r.read_tokens, 1024);
	bw_trace_free(t);
}

static void test_cachesim__a_hit_refreshes(void **state)
{
	(void)state;
	bw_trace *t = bw_trace_new();
	bw_cachesim_result r;
	const uint64_t a[] = {1, 2};
	bw_cachesim_options o = options_of(5000);

	add(t, 0, 1024, a, 2);
	add(t, 4000, 1024, a, 2); /* hit: touched again at 4000 */
	add(t, 8000, 1024, a, 2); /* 8000 - 4000 < 5000: still alive */
	assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
	assert_int_equal(r.read_tokens, 2048);
	assert_int_equal(r.write_tokens, 1024);
	assert_int_equal(r.wasted_write_tokens, 0);
	bw_trace_free(t);
}

static void test_cachesim__short_prompts_leave_the_cache_alone(void **state)
{
	(void)state;
	bw_trace *t = bw_trace_new();
	bw_cachesim_result r;
	const uint64_t a[] = {1, 2};
	bw_cachesim_options o = options_of(5000);

	add(t, 0, 1000, a, 2);  /* below 1024: neither read nor written */
	add(t, 10, 1024, a, 2); /* so nothing to read here */
	assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
	assert_int_equal(r.uncached_tokens, 1000);
	assert_int_equal(r.read_tokens, 0);
	assert_int_equal(r.write_tokens, 1024);
	assert_int_equal(r.cached_requests, 1);
	/* read + written + uncached = input */
	assert_int_equal(r.read_tokens + r.write_tokens + r.uncached_tokens, r.input_tokens);
	bw_trace_free(t);
}

static void test_cachesim__invariants_on_a_random_trace(void **state)
{
	(void)state;
	bw_trace *t = bw_trace_new();
	bw_cachesim_result r5, r1h, rinf;
	unsigned seed = 12345;
	uint64_t h[40];

	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		int conv = (int)(seed >> 8) % 20000, turns = 1 + (int)(seed >> 20) % 30;
		for (int b = 0; b < turns; b++)
			h[b] = b < 2 ? (uint64_t)(conv % 7) * 1000 + (uint64_t)b
			             : (uint64_t)conv * 100000 + (uint64_t)b;
		int64_t n = (int64_t)turns * 512 - (int64_t)(seed % 300);
		add(t, (int64_t)i * 250, n, h, (uint32_t)turns);
	}
	bw_cachesim_options o = options_of(300000);
	assert_int_equal(bw_cachesim_run(t, &o, &r5), 0);
	o.ttl_ms = 3600000;
	assert_int_equal(bw_cachesim_run(t, &o, &r1h), 0);
	o.ttl_ms = BW_CACHESIM_TTL_INFINITE;
	assert_int_equal(bw_cachesim_run(t, &o, &rinf), 0);
	assert_true(rinf.read_tokens >= r1h.read_tokens);
	assert_true(r1h.read_tokens >= r5.read_tokens);
	assert_true(r5.read_tokens > 0);
	const bw_cachesim_result *all[3] = {&r5, &r1h, &rinf};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(all[i]->read_tokens + all[i]->write_tokens +
		                     all[i]->uncached_tokens,
		                 all[i]->input_tokens);
		assert_true(all[i]->oracle_input_cost_after_usd <=
		            all[i]->input_cost_after_usd + 1e-9);
		assert_true(all[i]->wasted_write_tokens >= 0 &&
		            all[i]->wasted_write_tokens <= all[i]->write_tokens);
	}
	/* The 5-minute cache holds only the blocks alive in the last 5 minutes. */
	assert_true(r5.peak_entries < rinf.peak_entries);
	bw_trace_free(t);
}

/* The real Mooncake traces: totals against counts computed here. */
static void test_cachesim__real_mooncake_traces(void **state)
{
	(void)state;
	const char *dir = test_shared_data();
	const char *names[] = {"mooncake_conversation_trace.jsonl",
	                       "mooncake_synthetic_trace.jsonl"};
	if (dir == NULL) {
		skip(); /* ../shared/data is absent: a user's clone has no shared folder */
		return;
	}
	for (int f = 0; f < 2; f++) {
		char path[512], line[65536];
		long long requests = 0, tokens = 0;
		snprintf(path, sizeof(path), "%s/traces/%s", dir, names[f]);
		FILE *file = fopen(path, "r");
		assert_non_null(file);
		while (fgets(line, sizeof(line), file)) {
			const char *p = strstr(line, "\"input_length\":");
			assert_non_null(p);
			tokens += atoll(p + strlen("\"input_length\":"));
			requests++;
		}
		fclose(file);
		bw_trace *t = NULL;
		bw_cachesim_result r;
		bw_cachesim_options o = options_of(BW_CACHESIM_TTL_INFINITE);
		assert_int_equal(bw_trace_read_mooncake(&t, path), 0);
		assert_int_equal(bw_cachesim_run(t, &o, &r), 0);
		assert_int_equal(r.requests, requests);
		assert_int_equal(r.input_tokens, tokens);
		assert_true(r.hit_ratio > 0.05 && r.hit_ratio < 0.95);
		bw_trace_free(t);
	}
}

static void test_cachesim__bad_trace_lines(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	const char *bad[][2] = {
	    {"{\"timestamp\": 5, \"input_length\": 10, \"hash_ids\": [1]}\n{\"timestamp\": 1, "
	     "\"input_length\": 10, \"hash_ids\": [1]}\n",
	     "trace.jsonl:2:1: timestamp"},
	    {"{\"timestamp\": 0, \"input_length\": \"x\", \"hash_ids\": []}\n",
	     "trace.jsonl:1:1: input_length"},
	    {"{\"timestamp\": 0, \"input_length\": 5, \"hash_ids\": [-1]}\n", "hash_ids"},
	    {"{\"timestamp\": 0,\n", "trace.jsonl:1:"},
	};
	for (size_t i = 0; i < 4; i++) {
		char *path = test_write_file(dir, "trace.jsonl", bad[i][0]);
		bw_trace *t = NULL;
		assert_int_equal(bw_trace_read_mooncake(&t, path), BW_EPARSE);
		assert_null(t);
		if (strstr(bw_error_last(), bad[i][1]) == NULL)
			fail_msg("message '%s' lacks '%s'", bw_error_last(), bad[i][1]);
		free(path);
	}
	test_rmdir_tree(dir);
	assert_int_equal(bw_cachesim_min_tokens("claude-haiku-4-5"), 4096);
	assert_int_equal(bw_cachesim_min_tokens("claude-sonnet-4-5"), 1024);
	assert_int_equal(bw_cachesim_min_tokens("gpt-4o"), BW_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cachesim__hit_and_shared_prefix),
	    cmocka_unit_test(test_cachesim__expiry_exactly_at_the_ttl),
	    cmocka_unit_test(test_cachesim__a_hit_refreshes),
	    cmocka_unit_test(test_cachesim__short_prompts_leave_the_cache_alone),
	    cmocka_unit_test(test_cachesim__invariants_on_a_random_trace),
	    cmocka_unit_test(test_cachesim__real_mooncake_traces),
	    cmocka_unit_test(test_cachesim__bad_trace_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_policy.c: the optimization policy and its waterfall, by hand.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/policy.h"

static bw_usage_row row_of(const char *model, const char *workspace, const char *tier,
                           bw_token_type type, int64_t tokens)
{
	bw_usage_row r;
	memset(&r, 0, sizeof(r));
	snprintf(r.bucket_start, sizeof(r.bucket_start), "2026-06-01T00:00:00Z");
	snprintf(r.bucket_end, sizeof(r.bucket_end), "2026-06-02T00:00:00Z");
	snprintf(r.model, sizeof(r.model), "%s", model);
	snprintf(r.workspace_id, sizeof(r.workspace_id), "%s", workspace);
	snprintf(r.service_tier, sizeof(r.service_tier), "%s", tier);
	snprintf(r.context_window, sizeof(r.context_window), "0-200k");
	r.tokens[type] = tokens;
	return r;
}

static const char policy_json[] =
    "{\"routing\": [{\"match\": {\"model\": \"claude-opus-4-1-20250805\"}, \"share\": 0.5,"
    "  \"to\": \"claude-opus-4-5\", \"reason\": \"evals say so\"}],"
    " \"caching\": [{\"match\": {\"workspace\": \"ws-support\"}, \"ttl\": \"5m\","
    "  \"cacheable_share\": 0.5, \"hit_rate\": 0.8, \"reason\": \"a long system prompt\"}],"
    " \"batch\": [{\"match\": {\"workspace\": \"default\"}, \"share\": 1, \"reason\": "
    "\"nightly\"}],"
    " \"ramp_months\": {\"routing\": 3, \"caching\": 2}}";

static void test_policy__waterfall_by_hand(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_policy *policy = NULL;
	bw_waterfall *w = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_usage_row r;
	double shares[BW_LEVER_COUNT];

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(
	    bw_policy_load_buffer(&policy, policy_json, strlen(policy_json), "policy.json"), 0);
	assert_int_equal(policy->count, 3);
	assert_int_equal(policy->ramp_months[BW_LEVER_ROUTING], 3);
	assert_int_equal(policy->ramp_months[BW_LEVER_BATCH], 0);
	/* Opus 4.1: 1M input = $15; half moves to Opus 4.5 ($5): $10. */
	r = row_of("claude-opus-4-1-20250805", "ws-code", "standard", BW_TOKEN_UNCACHED_INPUT,
	           1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	/* Sonnet 4.5 support: 1M input = $3; half cacheable, 80% hits:
	 * 0.5M x $3 + 0.4M x $0.30 + 0.1M x $3.75 = $1.995. */
	r = row_of("claude-sonnet-4-5", "ws-support", "standard", BW_TOKEN_UNCACHED_INPUT, 1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	/* Haiku 4.5 in the default workspace: 1M output = $5, all to batch: $2.50. */
	r = row_of("claude-haiku-4-5", "", "standard", BW_TOKEN_OUTPUT, 1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	/* A model the catalog does not know is left out, not priced at zero. */
	r = row_of("claude-imaginary-9", "", "standard", BW_TOKEN_OUTPUT, 777);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);

	assert_int_equal(bw_policy_waterfall(&w, policy, &rows, catalog), 0);
	assert_near(w->usd[0], 15 + 3 + 5, 1e-9);
	assert_near(w->usd[1], 10 + 3 + 5, 1e-9);
	assert_near(w->usd[2], 10 + 1.995 + 5, 1e-9);
	assert_near(w->usd[3], 10 + 1.995 + 2.5, 1e-9);
	assert_near(w->unpriced_tokens, 777, 0);
	bw_waterfall_lever_shares(w, shares);
	assert_near(shares[BW_LEVER_ROUTING], 5.0 / 23, 1e-12);
	assert_near(shares[BW_LEVER_CACHING], 1.005 / 23, 1e-12);
	assert_near(shares[BW_LEVER_BATCH], 2.5 / 23, 1e-12);
	/* By model: the saving is attributed to the model the usage came from. */
	assert_int_equal(w->model_count, 3);
	for (size_t i = 0; i < w->model_count; i++)
		if (strcmp(w->by_model[i].key, "claude-opus-4-1") == 0)
			assert_near(w->by_model[i].usd[3], 10, 1e-9);
	assert_int_equal(w->workspace_count, 3);
	/* Every rule matched some usage: no warning. */
	assert_int_equal(w->unmatched_count, 0);
	bw_waterfall_free(w);
	bw_usage_rows_dispose(&rows);

	/* Without the support workspace the caching rule matches nothing (a
	 * warning, not an error), and Opus 4.6 on a day before its first price
	 * (2026-02-01) is left out like an unknown model, not an error. */
	r = row_of("claude-opus-4-1-20250805", "ws-code", "standard", BW_TOKEN_UNCACHED_INPUT,
	           1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = row_of("claude-haiku-4-5", "", "standard", BW_TOKEN_OUTPUT, 1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = row_of("claude-opus-4-6", "ws-support", "standard", BW_TOKEN_OUTPUT, 500);
	snprintf(r.bucket_start, sizeof(r.bucket_start), "2026-01-10T00:00:00Z");
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	assert_int_equal(bw_policy_waterfall(&w, policy, &rows, catalog), 0);
	assert_int_equal(w->unmatched_count, 1);
	assert_int_equal(policy->rules[w->unmatched_rules[0]].lever, BW_LEVER_CACHING);
	assert_near(w->unpriced_tokens, 500, 0);
	assert_near(w->usd[0], 15 + 5, 1e-9);
	bw_waterfall_free(w);
	bw_usage_rows_dispose(&rows);
	bw_policy_free(policy);
	bw_catalog_free(catalog);
}

static void expect_policy_error(const char *json, const char *fragment)
{
	bw_policy *policy = NULL;
	assert_int_equal(bw_policy_load_buffer(&policy, json, strlen(json), "policy.json"),
	                 BW_EPARSE);
	assert_null(policy);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
}

static void test_policy__file_errors(void **state)
{
	(void)state;
	expect_policy_error("{\"routing\": [{\"share\": 0.5, \"to\": \"x\"}]}",
	                    "routing[0].reason");
	expect_policy_error("{\"routing\": [{\"share\": 1.5, \"to\": \"x\", \"reason\": \"r\"}]}",
	                    "routing[0].share");
	expect_policy_error("{\"routing\": [{\"share\": 0.5, \"reason\": \"r\"}]}",
	                    "routing[0].to");
	expect_policy_error("{\"caching\": [{\"ttl\": \"2h\", \"reason\": \"r\"}]}",
	                    "caching[0].ttl");
	expect_policy_error(
	    "{\"caching\": [{\"ttl\": \"5m\", \"cacheable_share\": 0.5, \"reason\": \"r\"}]}",
	    "caching[0].hit_rate");
	expect_policy_error(
	    "{\"batch\": [{\"match\": {\"tag\": 7}, \"share\": 1, \"reason\": \"r\"}]}", "tag");
	expect_policy_error("{\"ramp_months\": {\"routing\": -1}}", "ramp_months.routing");
	expect_policy_error("{\"routing\": [", "policy.json:1:");
}

static void test_policy__unknown_routing_target(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_policy *policy = NULL;
	bw_waterfall *w = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	const char *json = "{\"routing\": [{\"share\": 1, \"to\": \"gpt-9\", \"reason\": \"r\"}]}";

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_policy_load_buffer(&policy, json, strlen(json), "policy.json"), 0);
	assert_int_equal(bw_policy_waterfall(&w, policy, &rows, catalog), BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "gpt-9"));
	bw_policy_free(policy);
	bw_catalog_free(catalog);
}

/* Rules can match a tag (request logs ingested with --tag); the waterfall
 * then has a by-tag breakdown. */
static void test_policy__match_on_tag(void **state)
{
	(void)state;
	static const char json[] =
	    "{\"batch\": [{\"match\": {\"tag\": \"nightly-report\"}, \"share\": 1,"
	    " \"reason\": \"runs overnight\"}]}";
	bw_catalog *catalog = NULL;
	bw_policy *policy = NULL;
	bw_waterfall *w = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_usage_row r;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_policy_load_buffer(&policy, json, strlen(json), "policy.json"), 0);
	assert_string_equal(policy->rules[0].tag, "nightly-report");
	/* Haiku 4.5 output, $5 per MTok: the tagged 1M goes to batch ($2.50), the untagged 1M
	 * stays. */
	r = row_of("claude-haiku-4-5", "", "standard", BW_TOKEN_OUTPUT, 1000000);
	snprintf(r.tag, sizeof(r.tag), "nightly-report");
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = row_of("claude-haiku-4-5", "", "standard", BW_TOKEN_OUTPUT, 1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	assert_int_equal(bw_policy_waterfall(&w, policy, &rows, catalog), 0);
	assert_near(w->usd[0], 10, 1e-9);
	assert_near(w->usd[3], 7.5, 1e-9);
	assert_int_equal(w->tag_count, 2);
	for (size_t i = 0; i < w->tag_count; i++)
		assert_near(w->by_tag[i].usd[3],
		            strcmp(w->by_tag[i].key, "nightly-report") == 0 ? 2.5 : 5, 1e-9);
	bw_waterfall_free(w);
	bw_usage_rows_dispose(&rows);
	bw_policy_free(policy);
	bw_catalog_free(catalog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy__waterfall_by_hand),
	    cmocka_unit_test(test_policy__match_on_tag),
	    cmocka_unit_test(test_policy__file_errors),
	    cmocka_unit_test(test_policy__unknown_routing_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

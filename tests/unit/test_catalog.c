/*
 * test_catalog.c: loading the price catalog and pricing rows, checked
 * against hand-computed examples from Anthropic's published table.
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"

static bw_catalog *catalog;

static int setup(void **state)
{
	(void)state;
	return bw_catalog_load_default(&catalog);
}

static int teardown(void **state)
{
	(void)state;
	bw_catalog_free(catalog);
	return 0;
}

static bw_usage_row row_of(const char *day, const char *model, const char *tier, const char *ctx)
{
	bw_usage_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "%s", tier);
	snprintf(row.context_window, sizeof(row.context_window), "%s", ctx);
	return row;
}

/* research/anthropic.md §1.3: the cost report of 2025-10-16 reconciles
 * with these token counts at list. */
static void test_catalog__reconciles_published_cost_example(void **state)
{
	(void)state;
	bw_price_breakdown p;
	bw_usage_row r = row_of("2025-10-16", "claude-sonnet-4-5-20250929", "standard", "0-200k");
	r.tokens[BW_TOKEN_UNCACHED_INPUT] = 1200000;
	r.tokens[BW_TOKEN_CACHE_WRITE_5M] = 400000;
	r.tokens[BW_TOKEN_CACHE_WRITE_1H] = 100000;
	r.tokens[BW_TOKEN_CACHE_READ] = 8000000;
	r.tokens[BW_TOKEN_OUTPUT] = 250000;
	r.web_search_requests = 120;
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_string_equal(p.model_id, "claude-sonnet-4-5");
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 3.60, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_5M], 1.50, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_1H], 0.60, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 2.40, 1e-9);
	assert_near(p.usd[BW_TOKEN_OUTPUT], 3.75, 1e-9);
	assert_near(p.web_search_usd, 1.20, 1e-9);
	assert_near(p.total_usd, 3.60 + 1.50 + 0.60 + 2.40 + 3.75 + 1.20, 1e-9);

	/* Long context: every token at $6 / $22.50. */
	bw_usage_row lc = row_of("2025-10-16", "claude-sonnet-4-5-20250929", "standard", "200k-1M");
	lc.tokens[BW_TOKEN_UNCACHED_INPUT] = 600000;
	lc.tokens[BW_TOKEN_OUTPUT] = 20000;
	assert_int_equal(bw_catalog_price_row(catalog, &lc, &p), 0);
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 3.60, 1e-9);
	assert_near(p.usd[BW_TOKEN_OUTPUT], 0.45, 1e-9);

	/* Haiku 4.5 batch: $0.50 in, $2.50 out. */
	bw_usage_row b = row_of("2025-10-16", "claude-haiku-4-5-20251001", "batch", "0-200k");
	b.tokens[BW_TOKEN_UNCACHED_INPUT] = 2000000;
	b.tokens[BW_TOKEN_OUTPUT] = 400000;
	assert_int_equal(bw_catalog_price_row(catalog, &b, &p), 0);
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 1.00, 1e-9);
	assert_near(p.usd[BW_TOKEN_OUTPUT], 1.00, 1e-9);
}

static void test_catalog__haiku_3_table_values_not_multipliers(void **state)
{
	(void)state;
	bw_price_breakdown p;
	bw_usage_row r = row_of("2025-01-10", "claude-3-haiku-20240307", "standard", "");
	r.tokens[BW_TOKEN_CACHE_WRITE_5M] = 1000000;
	r.tokens[BW_TOKEN_CACHE_READ] = 1000000;
	r.tokens[BW_TOKEN_CACHE_WRITE_1H] = 1000000;
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_5M], 0.30, 1e-12); /* not 0.3125 */
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 0.03, 1e-12);     /* not 0.025 */
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_1H], 0.50, 1e-12);
}

static void test_catalog__batch_stacks_with_cache(void **state)
{
	(void)state;
	bw_price_breakdown p;
	/* Opus 4.1 batch: 5m write 18.75 x 0.5, 1h 30 x 0.5, read 1.50 x 0.5. */
	bw_usage_row r = row_of("2026-03-01", "claude-opus-4-1-20250805", "batch", "0-200k");
	r.tokens[BW_TOKEN_CACHE_WRITE_5M] = 2000000;
	r.tokens[BW_TOKEN_CACHE_WRITE_1H] = 1000000;
	r.tokens[BW_TOKEN_CACHE_READ] = 10000000;
	r.tokens[BW_TOKEN_OUTPUT] = 1000000;
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_5M], 18.75, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_WRITE_1H], 15.0, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 7.5, 1e-9);
	assert_near(p.usd[BW_TOKEN_OUTPUT], 37.5, 1e-9);

	/* Long context + batch: $6 x 0.5 input, read $0.60 x 0.5. */
	bw_usage_row lc = row_of("2025-12-01", "claude-sonnet-4-20250514", "batch", "200k-1M");
	lc.tokens[BW_TOKEN_UNCACHED_INPUT] = 1000000;
	lc.tokens[BW_TOKEN_CACHE_READ] = 1000000;
	assert_int_equal(bw_catalog_price_row(catalog, &lc, &p), 0);
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 3.0, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 0.30, 1e-9);
}

static void test_catalog__geo_fast_and_other_tiers(void **state)
{
	(void)state;
	bw_price_breakdown p;
	bw_usage_row r = row_of("2026-06-01", "claude-opus-4-6", "standard", "0-200k");
	r.tokens[BW_TOKEN_UNCACHED_INPUT] = 1000000;
	r.tokens[BW_TOKEN_CACHE_READ] = 1000000;
	snprintf(r.inference_geo, sizeof(r.inference_geo), "us");
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 5.5, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 0.55, 1e-9);

	snprintf(r.inference_geo, sizeof(r.inference_geo), "global");
	snprintf(r.speed, sizeof(r.speed), "fast");
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_UNCACHED_INPUT], 30.0, 1e-9);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 3.0, 1e-9); /* 0.50 x 6 */

	/* Priority tier has no public per-token price: standard list. */
	bw_usage_row pr = row_of("2025-10-16", "claude-opus-4-1-20250805", "priority", "0-200k");
	pr.tokens[BW_TOKEN_UNCACHED_INPUT] = 50000;
	pr.tokens[BW_TOKEN_OUTPUT] = 10000;
	assert_int_equal(bw_catalog_price_row(catalog, &pr, &p), 0);
	assert_near(p.total_usd, 0.75 + 0.75, 1e-9);
}

static void test_catalog__effective_dates(void **state)
{
	(void)state;
	bw_price_breakdown p;
	bw_usage_row r = row_of("2026-10-06", "claude-sonnet-5-5", "standard", "");
	r.tokens[BW_TOKEN_CACHE_READ] = 1000000;
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 0.20, 1e-12);
	snprintf(r.bucket_start, sizeof(r.bucket_start), "2026-10-07T00:00:00Z");
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), 0);
	assert_near(p.usd[BW_TOKEN_CACHE_READ], 0.10, 1e-12);
	/* Before a model's first price: not found, never zero. */
	snprintf(r.bucket_start, sizeof(r.bucket_start), "2024-01-01T00:00:00Z");
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "2024-01-01"));
}

static void test_catalog__aliases_and_unknown_models(void **state)
{
	(void)state;
	bw_price_breakdown p;
	assert_string_equal(bw_catalog_resolve(catalog, "claude-3-5-haiku-latest"),
	                    "claude-3-5-haiku");
	assert_string_equal(bw_catalog_resolve(catalog, "claude-haiku-4-5-20991231"),
	                    "claude-haiku-4-5");
	assert_null(bw_catalog_resolve(catalog, "gpt-4o"));
	bw_usage_row r = row_of("2026-01-01", "claude-imaginary-9", "standard", "");
	r.tokens[BW_TOKEN_OUTPUT] = 5;
	assert_int_equal(bw_catalog_price_row(catalog, &r, &p), BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "claude-imaginary-9"));
	bw_usage_row none = row_of("2026-01-01", "", "standard", "");
	assert_int_equal(bw_catalog_price_row(catalog, &none, &p), BW_ENOTFOUND);
}

static void test_catalog__covers_every_published_model(void **state)
{
	(void)state;
	const char *ids[] = {
	    "claude-opus-4-6",           "claude-opus-4-5-20251101",   "claude-opus-4-1-20250805",
	    "claude-opus-4-20250514",    "claude-sonnet-4-6",          "claude-sonnet-4-5-20250929",
	    "claude-sonnet-4-20250514",  "claude-3-7-sonnet-20250219", "claude-haiku-4-5-20251001",
	    "claude-3-5-haiku-20241022", "claude-3-opus-20240229",     "claude-3-haiku-20240307",
	};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(bw_catalog_resolve(catalog, ids[i]));
	assert_true(bw_catalog_model_count(catalog) >= 12);
	assert_non_null(strstr(bw_catalog_version(catalog), "anthropic"));
}

static void expect_parse_error(const char *json, const char *fragment)
{
	bw_catalog *bad = NULL;
	assert_int_equal(bw_catalog_load_buffer(&bad, json, strlen(json), "prices.json"),
	                 BW_EPARSE);
	assert_null(bad);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
}

static void test_catalog__malformed_files(void **state)
{
	(void)state;
	const char *head =
	    "{\"version\":\"t\",\"currency\":\"USD\",\"web_search\":{\"usd_per_1000\":10},"
	    "\"models\":[{\"id\":\"m\",\"prices\":[{\"effective_from\":\"2025-01-01\","
	    "\"source\":\"s\",\"batch\":{\"input\":1,\"output\":2},";
	char buf[1024];

	expect_parse_error("{\"version\": \n  oops}", "prices.json:2:");
	snprintf(
	    buf, sizeof(buf),
	    "%s\"input\":2,\"cache_write_5m\":2.5,\"cache_write_1h\":4,\"cache_read\":0.2}]}]}",
	    head);
	expect_parse_error(buf, "models[0].prices[0].output");
	snprintf(buf, sizeof(buf),
	         "%s\"input\":-2,\"cache_write_5m\":2.5,\"cache_write_1h\":4,\"cache_read\":0.2,"
	         "\"output\":1}]}]}",
	         head);
	expect_parse_error(buf, "models[0].prices[0].input");
	expect_parse_error("{\"version\":\"t\",\"currency\":\"EUR\"}", "currency");
	/* And a good one, built from the same head. */
	snprintf(buf, sizeof(buf),
	         "%s\"input\":2,\"cache_write_5m\":2.5,\"cache_write_1h\":4,\"cache_read\":0.2,"
	         "\"output\":10}]}]}",
	         head);
	bw_catalog *good = NULL;
	assert_int_equal(bw_catalog_load_buffer(&good, buf, strlen(buf), "prices.json"), 0);
	bw_catalog_free(good);
	assert_int_equal(bw_catalog_load_file(&good, "/nonexistent/prices.json"), BW_ENOTFOUND);
}

static void test_catalog__compare_with_other_catalogs(void **state)
{
	(void)state;
	bw_catalog_comparison *c = NULL;
	/* LiteLLM: Haiku 3 as published, Opus 4.1 with a wrong cache read. */
	const char *litellm =
	    "{\"claude-3-haiku-20240307\": {\"input_cost_per_token\": 2.5e-07, "
	    "\"output_cost_per_token\": 1.25e-06,"
	    "  \"cache_creation_input_token_cost\": 3e-07, \"cache_read_input_token_cost\": 3e-08},"
	    " \"claude-opus-4-1-20250805\": {\"input_cost_per_token\": 1.5e-05, "
	    "\"output_cost_per_token\": 7.5e-05,"
	    "  \"cache_creation_input_token_cost\": 1.875e-05, \"cache_read_input_token_cost\": "
	    "1.5e-07}}";
	assert_int_equal(bw_catalog_compare_buffer(&c, catalog, litellm, strlen(litellm),
	                                           "litellm.json", BW_FOREIGN_AUTO, "2026-01-15"),
	                 0);
	assert_int_equal(c->format, BW_FOREIGN_LITELLM);
	assert_int_equal(c->compared, 2);
	assert_int_equal(c->agreeing, 1);
	assert_int_equal(c->difference_count, 1);
	assert_string_equal(c->differences[0].model, "claude-opus-4-1");
	assert_string_equal(c->differences[0].field, "cache_read");
	assert_near(c->differences[0].ours, 1.5, 1e-12);
	assert_near(c->differences[0].theirs, 0.15, 1e-12);
	assert_true(c->missing_count > 0);
	bw_catalog_comparison_free(c);

	/* genai-prices: match rules and date-effective lists. */
	const char *genai =
	    "[{\"id\": \"anthropic\", \"models\": ["
	    " {\"id\": \"claude-haiku-4-5\", \"match\": {\"or\": [{\"starts_with\": "
	    "\"claude-haiku-4-5\"}]},"
	    "  \"prices\": [{\"prices\": {\"input_mtok\": 1, \"output_mtok\": 5, "
	    "\"cache_write_mtok\": 1.25, \"cache_read_mtok\": 0.1}},"
	    "             {\"constraint\": {\"start_date\": \"2026-06-01\"}, \"prices\": "
	    "{\"input_mtok\": {\"base\": 2}, \"output_mtok\": 5,"
	    "              \"cache_write_mtok\": 1.25, \"cache_read_mtok\": 0.1}}]}]}]";
	assert_int_equal(bw_catalog_compare_buffer(&c, catalog, genai, strlen(genai), "genai.json",
	                                           BW_FOREIGN_AUTO, "2026-01-15"),
	                 0);
	assert_int_equal(c->format, BW_FOREIGN_GENAI_PRICES);
	assert_int_equal(c->difference_count, 0);
	assert_int_equal(c->compared, 1);
	bw_catalog_comparison_free(c);
	assert_int_equal(bw_catalog_compare_buffer(&c, catalog, genai, strlen(genai), "genai.json",
	                                           BW_FOREIGN_AUTO, "2026-07-01"),
	                 0);
	assert_int_equal(c->difference_count, 1);
	assert_near(c->differences[0].theirs, 2, 0);
	bw_catalog_comparison_free(c);
	assert_int_equal(bw_catalog_compare_buffer(&c, catalog, "[1,", 3, "bad.json",
	                                           BW_FOREIGN_AUTO, "2026-01-01"),
	                 BW_EPARSE);
}

/* The real catalogs in ../shared/data/catalogs, when present. */
static void test_catalog__compare_with_the_real_catalogs(void **state)
{
	(void)state;
	const char *dir = test_shared_data();
	char path[512];
	bw_catalog_comparison *c = NULL;
	if (dir == NULL) {
		skip(); /* ../shared/data is absent */
		return;
	}
	snprintf(path, sizeof(path), "%s/catalogs/litellm-model-prices.json", dir);
	assert_int_equal(
	    bw_catalog_compare_file(&c, catalog, path, BW_FOREIGN_LITELLM, "2025-09-01"), 0);
	assert_true(c->compared >= 5);
	for (size_t i = 0; i < c->difference_count; i++)
		assert_string_not_equal(c->differences[i].model,
		                        "claude-3-haiku"); /* Haiku 3 agrees */
	bw_catalog_comparison_free(c);
	snprintf(path, sizeof(path), "%s/catalogs/genai-prices-data.json", dir);
	assert_int_equal(
	    bw_catalog_compare_file(&c, catalog, path, BW_FOREIGN_GENAI_PRICES, "2026-11-24"), 0);
	int sonnet5 = 0;
	for (size_t i = 0; i < c->difference_count; i++)
		sonnet5 |= strcmp(c->differences[i].model, "claude-sonnet-5") == 0;
	assert_true(sonnet5); /* genai-prices has Sonnet 5 at $3 from 2026-09-01; we have $2 */
	bw_catalog_comparison_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog__reconciles_published_cost_example),
	    cmocka_unit_test(test_catalog__haiku_3_table_values_not_multipliers),
	    cmocka_unit_test(test_catalog__batch_stacks_with_cache),
	    cmocka_unit_test(test_catalog__geo_fast_and_other_tiers),
	    cmocka_unit_test(test_catalog__effective_dates),
	    cmocka_unit_test(test_catalog__aliases_and_unknown_models),
	    cmocka_unit_test(test_catalog__covers_every_published_model),
	    cmocka_unit_test(test_catalog__malformed_files),
	    cmocka_unit_test(test_catalog__compare_with_other_catalogs),
	    cmocka_unit_test(test_catalog__compare_with_the_real_catalogs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

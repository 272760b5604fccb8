/*
 * test_clickhouse.c: the ClickHouse push-down's pieces (clickhouse.c): the
 * Langfuse key table, the TabSeparated reader, the query by server version.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "clickhouse.h"

static void test_clickhouse__langfuse_keys(void **state)
{
	(void)state;
	/* Each alias Langfuse's Anthropic prices use counts for one type. */
	assert_int_equal(bw_ingest__langfuse_key("input"), BW_TOKEN_UNCACHED_INPUT);
	assert_int_equal(bw_ingest__langfuse_key("input_tokens"), BW_TOKEN_UNCACHED_INPUT);
	assert_int_equal(bw_ingest__langfuse_key("output_tokens"), BW_TOKEN_OUTPUT);
	assert_int_equal(bw_ingest__langfuse_key("cache_read_input_tokens"), BW_TOKEN_CACHE_READ);
	assert_int_equal(bw_ingest__langfuse_key("input_cached_tokens"), BW_TOKEN_CACHE_READ);
	assert_int_equal(bw_ingest__langfuse_key("cache_creation_input_tokens"),
	                 BW_TOKEN_CACHE_WRITE_5M);
	assert_int_equal(bw_ingest__langfuse_key("input_cache_creation_1h"),
	                 BW_TOKEN_CACHE_WRITE_1H);
	/* Sums and other modalities are not buckets of their own. */
	assert_int_equal(bw_ingest__langfuse_key("total"), -1);
	assert_int_equal(bw_ingest__langfuse_key("input_audio_tokens"), -1);
	assert_int_equal(bw_ingest__langfuse_key("Input"), -1);
}

static void test_clickhouse__tsv(void **state)
{
	(void)state;
	char line[] = "20513\tproj\\ta\tclaude\\\\x\t\tit\\'s\\n";
	char *f[8];
	assert_int_equal(bw_ingest__tsv_split(line, f, 8), 5);
	assert_string_equal(f[0], "20513");
	assert_string_equal(f[1], "proj\ta");
	assert_string_equal(f[2], "claude\\x");
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "it's\n");
	char more[] = "a\tb\tc";
	assert_int_equal(bw_ingest__tsv_split(more, f, 2), 2);
}

static void test_clickhouse__sql_by_version(void **state)
{
	(void)state;
	char sql[16384];
	const char *s = "2026-03-01T00:00:00Z", *e = "2026-04-01T00:00:00Z";
	/* Before 21: Nested(key, value) columns; from 21: the Map. */
	assert_int_equal(bw_ingest__clickhouse_sql(BW_WAREHOUSE_LANGFUSE, "observations", s, e, 18,
	                                           NULL, -1, sql, sizeof(sql)),
	                 0);
	assert_non_null(strstr(sql, "indexOf(usage_details.key, 'input_cache_creation_1h')"));
	assert_null(strstr(sql, "usage_details['"));
	assert_non_null(strstr(sql, "FROM observations FINAL"));
	assert_non_null(strstr(sql, "start_time < toDateTime('2026-04-01 00:00:00', 'UTC')"));
	assert_int_equal(bw_ingest__clickhouse_sql(BW_WAREHOUSE_LANGFUSE, "db.observations", s, e,
	                                           24, NULL, -1, sql, sizeof(sql)),
	                 0);
	assert_non_null(strstr(sql, "usage_details['input_cached_tokens']"));
	assert_null(strstr(sql, "usage_details.key"));
	assert_non_null(strstr(sql, "FROM db.observations FINAL"));
	/* No upper bound without until: DateTime ends in 2106. */
	assert_int_equal(bw_ingest__clickhouse_sql(BW_WAREHOUSE_HELICONE, "request_response_rmt", s,
	                                           "9999-12-31T00:00:00Z", 24, "fea'ture", -1, sql,
	                                           sizeof(sql)),
	                 0);
	assert_null(strstr(sql, "request_created_at <"));
	assert_non_null(strstr(sql, "properties['fea\\'ture']"));
	assert_non_null(strstr(sql, "FROM request_response_rmt FINAL"));
	assert_int_equal(bw_ingest__clickhouse_sql(BW_WAREHOUSE_HELICONE, "request_response_rmt", s,
	                                           e, 18, "feature", -1, sql, sizeof(sql)),
	                 0);
	assert_non_null(strstr(sql, "indexOf(properties.key, 'feature')"));
	assert_int_equal(
	    bw_ingest__clickhouse_sql(BW_WAREHOUSE_HELICONE, "t", s, e, 18, NULL, -1, sql, 100),
	    -1);
}

static void test_clickhouse__schema_names(void **state)
{
	(void)state;
	bw_warehouse_schema schema;
	assert_int_equal(bw_ingest_schema_parse("helicone", &schema), 0);
	assert_int_equal(schema, BW_WAREHOUSE_HELICONE);
	assert_int_equal(bw_ingest_schema_parse("litellm-daily", &schema), 0);
	assert_int_equal(schema, BW_WAREHOUSE_LITELLM_DAILY);
	assert_int_equal(bw_ingest_schema_parse("Langfuse", &schema), BW_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clickhouse__langfuse_keys),
	    cmocka_unit_test(test_clickhouse__tsv),
	    cmocka_unit_test(test_clickhouse__sql_by_version),
	    cmocka_unit_test(test_clickhouse__schema_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_focus_export.c: `bandwise export --focus` (src/lib/report/
 * focus_export.c): FOCUS 1.2 columns, one row per billable unit, CSV
 * quoting of user strings, unpriceable usage counted and left out.
 */
#include "fixture.h"

static bw_usage_row fixture_row(const char *model, const char *workspace)
{
	bw_usage_row r;
	memset(&r, 0, sizeof(r));
	snprintf(r.bucket_start, sizeof(r.bucket_start), "2026-11-02T00:00:00Z");
	snprintf(r.bucket_end, sizeof(r.bucket_end), "2026-11-03T00:00:00Z");
	snprintf(r.model, sizeof(r.model), "%s", model);
	snprintf(r.workspace_id, sizeof(r.workspace_id), "%s", workspace);
	snprintf(r.service_tier, sizeof(r.service_tier), "standard");
	snprintf(r.context_window, sizeof(r.context_window), "0-200k");
	snprintf(r.inference_geo, sizeof(r.inference_geo), "global");
	return r;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

static void test_focus_export__rows(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_usage_row priced = fixture_row("claude-opus-4-5", "wrk \"a\", b");
	bw_usage_row unknown = fixture_row("not-a-model", "");
	size_t unpriced = 99;
	capture c;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	priced.tokens[BW_TOKEN_UNCACHED_INPUT] = 1000000;
	priced.tokens[BW_TOKEN_CACHE_READ] = 2000000;
	unknown.tokens[BW_TOKEN_OUTPUT] = 5;
	assert_int_equal(bw_usage_rows_push(&daily, &priced), 0);
	assert_int_equal(bw_usage_rows_push(&daily, &unknown), 0);
	capture_begin(&c);
	assert_int_equal(bw_report_focus_csv(c.out, &daily, catalog, &unpriced), 0);
	char *text = capture_end(&c);
	assert_ptr_equal(
	    strstr(text, "BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,"),
	    text);
	/* The header and one row per non-zero token type; the unknown model out. */
	assert_int_equal(count_lines(text), 3);
	assert_int_equal(unpriced, 1);
	assert_null(strstr(text, "not-a-model"));
	/* A workspace with a quote and a comma is quoted, quotes doubled. */
	assert_non_null(
	    strstr(text, ",claude-opus-4-5,\"wrk \"\"a\"\", b\",global,standard,0-200k,"));
	assert_non_null(strstr(text, "\"{\"\"x_CacheStatus\"\": \"\"CacheRead\"\"}\""));
	assert_non_null(strstr(text, ",1000000,Tokens,1.000000,1000000 Tokens,"));
	free(text);
	bw_usage_rows_dispose(&daily);
	bw_catalog_free(catalog);
}

/* A workspace or model that a spreadsheet would run as a formula starts
 * with a quote; quantities and costs stay numbers. */
static void test_focus_export__formulas_neutralised(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_usage_row r = fixture_row("claude-opus-4-5", "=cmd|' /C calc'!A0");
	size_t unpriced = 0;
	capture c;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	snprintf(r.service_tier, sizeof(r.service_tier), "@standard");
	snprintf(r.inference_geo, sizeof(r.inference_geo), "\tus");
	r.tokens[BW_TOKEN_OUTPUT] = 1000000;
	assert_int_equal(bw_usage_rows_push(&daily, &r), 0);
	capture_begin(&c);
	assert_int_equal(bw_report_focus_csv(c.out, &daily, catalog, &unpriced), 0);
	char *text = capture_end(&c);
	assert_non_null(
	    strstr(text, ",claude-opus-4-5,'=cmd|' /C calc'!A0,'\tus,'@standard,0-200k,"));
	assert_non_null(strstr(text, ",1000000,Tokens,1.000000,1000000 Tokens,"));
	free(text);
	bw_usage_rows_dispose(&daily);
	bw_catalog_free(catalog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_focus_export__rows),
	    cmocka_unit_test(test_focus_export__formulas_neutralised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

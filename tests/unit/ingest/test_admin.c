/*
 * test_admin.c: the report reader (src/lib/ingest/admin.c) on hand-written
 * pages of the Usage and Cost Analytics API: a cost row's list_amount is
 * kept beside its amount, an Admin API row has none, a bad one is refused
 * with its position.
 */
#include "test_util.h"

#include "admin.h"
#include "bandwise/error.h"

#include <string.h>

/* One Analytics API cost page as research/anthropic.md section 1.6
 * describes it: fractional cents, dimensions without description or
 * workspace. */
static const char analytics_cost_page[] =
    "{\"data\": [{\"starting_at\": \"2026-01-01T00:00:00Z\", \"ending_at\": "
    "\"2026-01-02T00:00:00Z\", \"results\": ["
    "{\"currency\": \"USD\", \"amount\": \"240.123456\", \"list_amount\": \"300.5\","
    " \"cost_type\": \"tokens\", \"model\": \"claude-sonnet-4-5-20250929\","
    " \"token_type\": \"output_tokens\", \"context_window\": \"0-200k\","
    " \"inference_geo\": \"global\", \"speed\": \"standard\", \"product\": \"chat\","
    " \"requests\": 7},"
    "{\"currency\": \"USD\", \"amount\": \"10\", \"list_amount\": null,"
    " \"cost_type\": \"web_search\", \"model\": null, \"token_type\": null}]}],"
    " \"has_more\": false, \"next_page\": null}";

static void test_admin__analytics_cost_keeps_list_amount(void **state)
{
	bw_ingest__admin_parsed parsed;
	(void)state;
	memset(&parsed, 0, sizeof(parsed));
	assert_int_equal(bw_ingest__admin_parse("page.json", analytics_cost_page,
	                                        strlen(analytics_cost_page), BW_INGEST_AUTO,
	                                        &parsed),
	                 0);
	assert_int_equal(parsed.format, BW_INGEST_COST_REPORT);
	assert_int_equal(parsed.cost_count, 2);
	const bw_cost_row *c = &parsed.costs[0];
	/* Cents x 1e6, exact. */
	assert_int_equal(c->amount_microcents, 240123456);
	assert_true(c->has_list_amount);
	assert_int_equal(c->list_amount_microcents, 300500000);
	assert_string_equal(c->token_type, "output_tokens");
	assert_string_equal(c->inference_geo, "global");
	assert_string_equal(c->description, "");
	/* A null list_amount is no list amount, not a zero one. */
	assert_false(parsed.costs[1].has_list_amount);
	assert_int_equal(parsed.costs[1].amount_microcents, 10000000);
	bw_ingest__admin_parsed_dispose(&parsed);
}

static void test_admin__admin_cost_has_no_list_amount(void **state)
{
	static const char page[] =
	    "{\"data\": [{\"starting_at\": \"2026-01-01T00:00:00Z\", \"ending_at\": "
	    "\"2026-01-02T00:00:00Z\", \"results\": [{\"currency\": \"USD\", \"amount\": "
	    "\"12.5\", \"description\": \"Input\", \"cost_type\": \"tokens\"}]}], \"has_more\": "
	    "false, \"next_page\": null}";
	bw_ingest__admin_parsed parsed;
	(void)state;
	memset(&parsed, 0, sizeof(parsed));
	assert_int_equal(
	    bw_ingest__admin_parse("admin.json", page, strlen(page), BW_INGEST_AUTO, &parsed), 0);
	assert_int_equal(parsed.cost_count, 1);
	assert_false(parsed.costs[0].has_list_amount);
	assert_int_equal(parsed.costs[0].list_amount_microcents, 0);
	bw_ingest__admin_parsed_dispose(&parsed);
}

static void test_admin__bad_list_amount_is_refused(void **state)
{
	static const char *const bad[] = {"300.5", "\"3e2\"", "\"1.1234567\"", "\"-\""};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char page[512];
		bw_ingest__admin_parsed parsed;
		memset(&parsed, 0, sizeof(parsed));
		snprintf(page, sizeof(page),
		         "{\"data\": [{\"starting_at\": \"2026-01-01T00:00:00Z\", \"ending_at\": "
		         "\"2026-01-02T00:00:00Z\", \"results\": [{\"currency\": \"USD\", "
		         "\"amount\": \"1\", \"list_amount\": %s}]}], \"has_more\": false}",
		         bad[i]);
		assert_int_equal(
		    bw_ingest__admin_parse("bad.json", page, strlen(page), BW_INGEST_AUTO, &parsed),
		    BW_EPARSE);
		assert_non_null(strstr(bw_error_last(), "bad.json:1:"));
		assert_non_null(strstr(bw_error_last(), "list_amount"));
		bw_ingest__admin_parsed_dispose(&parsed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_admin__analytics_cost_keeps_list_amount),
	    cmocka_unit_test(test_admin__admin_cost_has_no_list_amount),
	    cmocka_unit_test(test_admin__bad_list_amount_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_reconcile.c: `bandwise reconcile` output
 * (src/lib/report/reconcile.c): the summary, one-sided lines shown as
 * "-" in text and null in JSON.
 */
#include "fixture.h"

static bw_reconcile fixture_reconcile(bw_reconcile_line lines[2])
{
	bw_reconcile r = {10, 8, 5000, 5100, lines, 2, 0, {0, 0, 0}, NAN};
	memset(lines, 0, 2 * sizeof(*lines));
	snprintf(lines[0].day, sizeof(lines[0].day), "2026-11-02");
	snprintf(lines[0].model, sizeof(lines[0].model), "claude-opus");
	snprintf(lines[0].token_type, sizeof(lines[0].token_type), "output_tokens");
	snprintf(lines[0].service_tier, sizeof(lines[0].service_tier), "batch");
	lines[0].usage_list_usd = 100;
	lines[0].cost_usd = 150;
	lines[0].cause = "a price changed";
	snprintf(lines[1].day, sizeof(lines[1].day), "2026-11-03");
	snprintf(lines[1].model, sizeof(lines[1].model), "claude-haiku");
	snprintf(lines[1].token_type, sizeof(lines[1].token_type), "web_search");
	lines[1].usage_list_usd = -1;
	lines[1].cost_usd = 20;
	lines[1].cause = "only in the cost report";
	return r;
}

static void test_reconcile__text(void **state)
{
	(void)state;
	bw_reconcile_line lines[2];
	bw_reconcile r = fixture_reconcile(lines);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_reconcile_text(c.out, &r, 0.01, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text, "Usage priced at list $5,000 against the cost report's $5,100. 8 of 10 day, "
	          "model and token-type pairs agree within 1.0%; 2 lines differ or appear on one "
	          "side only.\n"));
	assert_non_null(strstr(line_with(text, "2026-11-02"), "claude-opus batch"));
	/* A line on one side only shows "-" for the other side. */
	assert_non_null(strstr(line_with(text, "2026-11-03"), " - "));
	assert_int_equal(column_end(text, "2026-11-03", "$20.00"),
	                 column_end(text, "2026-11-02", "$150.00"));
	free(text);
}

static void test_reconcile__json_keys(void **state)
{
	(void)state;
	bw_reconcile_line lines[2];
	bw_reconcile r = fixture_reconcile(lines);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_reconcile_json(c.out, &r, 0.01), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_int_equal(json_integer_value(json_object_get(root, "matching")), 8);
	json_t *second = json_array_get(json_object_get(root, "differences"), 1);
	assert_true(json_is_null(json_object_get(second, "usage_list_usd")));
	assert_near(json_number_value(json_object_get(second, "cost_usd")), 20, 1e-9);
	assert_string_equal(json_string_value(json_object_get(second, "cause")),
	                    "only in the cost report");
	json_decref(root);
	free(text);
}

/* Without any cost report the text says so once, in the summary. */
static void test_reconcile__text_without_a_cost_report(void **state)
{
	(void)state;
	bw_reconcile_line lines[2];
	bw_reconcile r = fixture_reconcile(lines);
	capture c;

	r.no_cost_report = 1;
	r.line_count = 0;
	r.compared = r.matching = 0;
	capture_begin(&c);
	assert_int_equal(bw_report_reconcile_text(c.out, &r, 0.005, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "Usage priced at list $5,000. No cost report is stored, so "
	                             "there is nothing to set it against"));
	assert_null(strstr(text, "agree within"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reconcile__text_without_a_cost_report),
	    cmocka_unit_test(test_reconcile__text),
	    cmocka_unit_test(test_reconcile__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

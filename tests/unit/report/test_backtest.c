/*
 * test_backtest.c: `bandwise backtest` output (src/lib/report/backtest.c):
 * held-out months labelled from ctx->first_month, months outside the fan
 * flagged, the summary, the JSON keys.
 */
#include "fixture.h"

static bw_backtest fixture_backtest(bw_backtest_month months[2])
{
	bw_backtest b;
	memset(&b, 0, sizeof(b));
	memset(months, 0, 2 * sizeof(*months));
	months[0] = (bw_backtest_month){"", 10000, 9000, 10500, 12000, 0.05, 1};
	months[1] = (bw_backtest_month){"", 20000, 11000, 12500, 14000, 0.375, 0};
	b.train_months = 10;
	b.holdout_months = 2;
	b.months = months;
	b.mape = 0.2;
	b.coverage = 0.5;
	b.fit.monthly_growth = 0.03;
	b.fit.model = BW_MODEL_TREND;
	return b;
}

static void test_backtest__text(void **state)
{
	(void)state;
	bw_backtest_month months[2];
	bw_backtest b = fixture_backtest(months);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	ctx.first_month = "2026-11";
	capture_begin(&c);
	assert_int_equal(bw_report_backtest_text(c.out, &b, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_ptr_equal(strstr(text, "Backtest: the trend model fitted on the first 10 complete "
	                              "months, forecasting the last 2.\n\n"),
	                 text);
	/* The month outside P10-P90 says so; the columns line up. */
	assert_non_null(strstr(line_with(text, "2026-11"), "yes"));
	assert_non_null(strstr(line_with(text, "2026-12"), "NO"));
	assert_int_equal(column_end(text, "\nmonth", "in P10-P90"),
	                 column_end(text, "2026-12", "NO"));
	assert_int_equal(column_end(text, "2026-11", "$10,000"),
	                 column_end(text, "2026-12", "$20,000"));
	assert_non_null(strstr(
	    text, "MAPE of the median: 20.0%. The actual fell inside P10-P90 in 50% of months"));
	free(text);
}

static void test_backtest__json_keys(void **state)
{
	(void)state;
	bw_backtest_month months[2];
	bw_backtest b = fixture_backtest(months);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	ctx.first_month = NULL; /* months are numbered */
	capture_begin(&c);
	assert_int_equal(bw_report_backtest_json(c.out, &b, &ctx), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_int_equal(json_integer_value(json_object_get(root, "train_months")), 10);
	assert_near(json_number_value(json_object_get(root, "coverage_p10_p90")), 0.5, 1e-12);
	assert_near(json_number_value(json_object_get(root, "nominal_coverage")), 0.8, 1e-12);
	json_t *list = json_object_get(root, "months");
	assert_int_equal(json_array_size(list), 2);
	json_t *second = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(second, "month")), "month 2");
	assert_true(json_is_false(json_object_get(second, "inside_p10_p90")));
	assert_near(json_number_value(json_object_get(second, "actual_usd")), 20000, 1e-9);
	json_decref(root);
	free(text);
}

/* Under today's basis the actuals are not the bill: the text and the JSON
 * say which prices they are at. */
static void test_backtest__says_the_price_basis(void **state)
{
	(void)state;
	bw_backtest_month months[2];
	bw_backtest b = fixture_backtest(months);
	bw_report_context ctx = fixture_context(NULL);
	bw_spend spend;
	capture c;

	memset(&spend, 0, sizeof(spend));
	spend.repriced = 1;
	snprintf(spend.today_day, sizeof(spend.today_day), "2027-01-01");
	ctx.history = &spend;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	capture_begin(&c);
	assert_int_equal(bw_report_backtest_text(c.out, &b, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text,
	                       "last 2.\n\nActuals and forecasts are the same work at today's "
	                       "list (prices in force on 2027-01-01),\nnot the bill"));
	free(text);
	capture_begin(&c);
	assert_int_equal(bw_report_backtest_json(c.out, &b, &ctx), 0);
	text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "price_basis")), "today");
	assert_string_equal(json_string_value(json_object_get(root, "price_basis_day")),
	                    "2027-01-01");
	json_decref(root);
	free(text);
	ctx.price_basis = BW_PRICE_BASIS_HISTORY;
	capture_begin(&c);
	assert_int_equal(bw_report_backtest_text(c.out, &b, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "Actuals and forecasts are the history as billed.\n"));
	assert_null(strstr(text, "today's list"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backtest__text),
	    cmocka_unit_test(test_backtest__json_keys),
	    cmocka_unit_test(test_backtest__says_the_price_basis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

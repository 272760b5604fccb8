/*
 * test_forecast.c: `bandwise forecast` output (src/lib/report/forecast.c)
 * on paths built by hand: months labelled from ctx->first_month, the total
 * row, the fit (or the paths' source), the JSON keys.
 */
#include "fixture.h"

#define PATHS  5
#define MONTHS 3

/* Path i spends 1000 (i + 1) every month. */
static bw_paths fixture_paths(double list_usd[PATHS * MONTHS])
{
	bw_paths paths = {PATHS, MONTHS, list_usd, NULL};
	for (int i = 0; i < PATHS; i++)
		for (int m = 0; m < MONTHS; m++)
			list_usd[i * MONTHS + m] = 1000.0 * (i + 1);
	return paths;
}

static void test_forecast__text_of_user_paths(void **state)
{
	(void)state;
	double list_usd[PATHS * MONTHS];
	bw_paths paths = fixture_paths(list_usd);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	ctx.paths_source = "paths.csv";
	ctx.first_month = "2026-11";
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, NULL, &paths, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_ptr_equal(strstr(text, "5 paths read from paths.csv.\n\n"), text);
	/* The median path spends 3,000 a month, 9,000 over the three. */
	assert_non_null(strstr(line_with(text, "2027-01"), "$3,000"));
	assert_non_null(strstr(line_with(text, "3 months"), "$9,000"));
	assert_int_equal(column_end(text, "\nmonth", "P90"), column_end(text, "2026-11", "$4,600"));
	assert_non_null(strstr(text, "not the sum of the monthly percentiles"));
	free(text);
}

static void test_forecast__text_of_a_fit(void **state)
{
	(void)state;
	double list_usd[PATHS * MONTHS];
	bw_paths paths = fixture_paths(list_usd);
	bw_forecast_fit fit;
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	memset(&fit, 0, sizeof(fit));
	fit.history_months = 9;
	fit.monthly_growth = 0.05;
	fit.growth_low = 0.02;
	fit.growth_high = 0.08;
	fit.damping = 1;
	fit.residual_sigma = 0.1;
	fit.model = BW_MODEL_CHANGEPOINT;
	snprintf(fit.reason, sizeof(fit.reason), "as asked");
	fit.change_count = 1;
	snprintf(fit.changes[0].text, sizeof(fit.changes[0].text), "2026-03: level up");
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "Model: changepoint (as asked).\n"));
	assert_non_null(strstr(
	    text, "Fitted on 9 complete months: 5.0% a month now (95% interval 2.0% to 8.0%),\n"));
	/* The detected changes are listed, one a line. */
	assert_non_null(strstr(text, "Changes in the history (detected level and growth changes, "
	                             "price cuts and\nmigrations; the forecast weighs the latest "
	                             "regime):\n  2026-03: level up\n"));
	assert_null(strstr(text, "damped"));
	assert_non_null(strstr(text, "5 Monte Carlo paths, seed 42.\n"));
	free(text);

	/* With the price changes of a repriced history: one list, month order. */
	bw_price_change prices[2] = {
	    {BW_PRICE_CHANGE_LIST, "2026-02", "a", "a", -0.5, 0, "2026-02: A costs 50% less"},
	    {BW_PRICE_CHANGE_MIGRATION, "2026-04", "a", "b", -0.2, -0.1, "2026-04: A moved to B"}};
	bw_spend spend;
	memset(&spend, 0, sizeof(spend));
	spend.repriced = 1;
	spend.price_changes = prices;
	spend.price_change_count = 2;
	snprintf(fit.changes[0].month, sizeof(fit.changes[0].month), "2026-03");
	ctx.history = &spend;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "regime):\n  2026-02: A costs 50% less\n  2026-03: level up\n"
	                             "  2026-04: A moved to B\n"));
	free(text);

	/* A model that does not forecast from the last regime does not claim to. */
	fit.model = BW_MODEL_TREND;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "cuts and\nmigrations):\n  2026-02: A costs 50% less\n"));
	assert_null(strstr(text, "weighs the latest regime"));
	free(text);
}

/* The last month's figure says its price basis: at today's list with the
 * bill beside it where the two differ, as billed on the history basis. */
static void test_forecast__last_month_says_its_basis(void **state)
{
	(void)state;
	double list_usd[PATHS * MONTHS];
	bw_paths paths = fixture_paths(list_usd);
	bw_forecast_fit fit;
	bw_report_context ctx = fixture_context(NULL);
	bw_spend_month months[3] = {
	    {.month = "2026-08", .total_usd = 900, .today_usd = 600, .complete = 1},
	    {.month = "2026-09", .total_usd = 1500, .today_usd = 1000, .complete = 1},
	    {.month = "2026-10", .total_usd = 20, .today_usd = 10}};
	bw_spend spend;
	capture c;

	memset(&fit, 0, sizeof(fit));
	fit.history_months = 2;
	fit.damping = 1;
	fit.model = BW_MODEL_TREND;
	fit.last_actual_usd = 1000;
	fit.last_fitted_usd = 1200;
	memset(&spend, 0, sizeof(spend));
	spend.months = months;
	spend.month_count = 3;
	spend.repriced = 1;
	snprintf(spend.today_day, sizeof(spend.today_day), "2026-10-01");

	/* No history known: the basis is not claimed. */
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "\nlast month $1,000 at list (model $1,200).\n"));
	assert_non_null(strstr(text, "\nList spend, USD."));
	free(text);

	/* Today's basis: the last complete month (not the partial one) billed. */
	ctx.history = &spend;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(
	    strstr(text, "\nlast month $1,000 at today's list, $1,500 billed (model $1,200).\n"));
	assert_non_null(strstr(text, "\nList spend at today's list (prices in force on "
	                             "2026-10-01), USD."));
	assert_null(strstr(text, "the sum of the segments' forecasts"));
	free(text);
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_json(c.out, &fit, &paths, &ctx), 0);
	text = capture_end(&c);
	json_t *root = parse_json(text);
	json_t *f = json_object_get(root, "fit");
	assert_near(json_number_value(json_object_get(f, "last_actual_usd")), 1000, 1e-9);
	assert_near(json_number_value(json_object_get(f, "last_billed_usd")), 1500, 1e-9);
	assert_string_equal(json_string_value(json_object_get(root, "price_basis")), "today");
	json_decref(root);
	free(text);

	/* The same figure both ways: said once. */
	months[1].today_usd = 1500;
	fit.last_actual_usd = 1500;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(
	    strstr(text, "\nlast month $1,500 at today's list, as billed (model $1,200)."));
	free(text);

	/* The history basis: the bill itself. */
	ctx.price_basis = BW_PRICE_BASIS_HISTORY;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "\nlast month $1,500 billed at list (model $1,200).\n"));
	assert_non_null(strstr(text, "\nList spend, USD."));
	free(text);

	/* By segment: the fit shown is the total's, not what the paths are. */
	bw_segments segments;
	memset(&segments, 0, sizeof(segments));
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	ctx.segments = &segments;
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_text(c.out, &fit, &paths, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "(model $1,200).\nThat fit is of the company's total; the "
	                             "paths below are the sum of the segments' forecasts.\n"));
	free(text);
}

static void test_forecast__json_keys(void **state)
{
	(void)state;
	double list_usd[PATHS * MONTHS];
	bw_paths paths = fixture_paths(list_usd);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	ctx.paths_source = "paths.csv";
	capture_begin(&c);
	assert_int_equal(bw_report_forecast_json(c.out, NULL, &paths, &ctx), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_true(json_is_null(json_object_get(root, "fit")));
	assert_true(json_is_null(json_object_get(root, "seed"))); /* no fit: not drawn */
	assert_int_equal(json_integer_value(json_object_get(root, "paths")), PATHS);
	json_t *months = json_object_get(root, "months");
	assert_int_equal(json_array_size(months), MONTHS);
	assert_string_equal(json_string_value(json_object_get(json_array_get(months, 0), "month")),
	                    "2026-12");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(months, 2), "index")),
	                 3);
	assert_near(json_number_value(json_object_get(json_object_get(root, "total"), "mean_usd")),
	            9000, 1e-9);
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forecast__text_of_user_paths),
	    cmocka_unit_test(test_forecast__text_of_a_fit),
	    cmocka_unit_test(test_forecast__last_month_says_its_basis),
	    cmocka_unit_test(test_forecast__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

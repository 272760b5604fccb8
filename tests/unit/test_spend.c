/*
 * test_spend.c: pricing the daily cube into monthly spend.
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"
#include "bandwise/spend.h"

static bw_usage_row day_row(const char *day, const char *model, int64_t input, int64_t output)
{
	bw_usage_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.bucket_end, sizeof(row.bucket_end), "%sT23:59:59Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	snprintf(row.context_window, sizeof(row.context_window), "0-200k");
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = input;
	row.tokens[BW_TOKEN_OUTPUT] = output;
	return row;
}

static void test_spend__months_models_and_totals(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	bw_usage_row r;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	/* Sonnet 4.5: $3 in, $15 out per MTok. Haiku 4.5: $1 in, $5 out. */
	r = day_row("2026-01-05", "claude-sonnet-4-5-20250929", 1000000, 100000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0); /* 3 + 1.5 */
	r = day_row("2026-01-20", "claude-haiku-4-5-20251001", 2000000, 0);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0); /* 2 */
	r = day_row("2026-02-01", "claude-sonnet-4-5", 0, 1000000);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0); /* 15 */

	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, "2026-01-01T00:00:00Z",
	                                  "2026-02-10T00:00:00Z"),
	                 0);
	assert_int_equal(spend->month_count, 2);
	assert_string_equal(spend->months[0].month, "2026-01");
	assert_true(spend->months[0].complete);
	assert_false(spend->months[1].complete); /* ends on Feb 10 */
	assert_near(spend->months[0].total_usd, 6.5, 1e-9);
	assert_near(spend->months[1].total_usd, 15.0, 1e-9);
	assert_near(spend->months[0].usd[BW_TOKEN_OUTPUT], 1.5, 1e-9);
	assert_near(spend->total_list_usd, 21.5, 1e-9);
	assert_int_equal(spend->cell_count, 3);
	/* Aliases and canonical ids sum into one model. */
	assert_string_equal(spend->cells[2].model, spend->cells[1].model);
	assert_int_equal(spend->unpriced_count, 0);

	double *history = NULL;
	size_t count = 0;
	char first[8];
	assert_int_equal(bw_spend_history(spend, &history, &count, first), 0);
	assert_int_equal(count, 1);
	assert_string_equal(first, "2026-01");
	assert_near(history[0], 6.5, 1e-9);
	free(history);

	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

static void test_spend__unknown_model_is_listed_not_zero(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	bw_usage_row r;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	r = day_row("2026-03-02", "claude-imaginary-9", 5000, 700);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = day_row("2026-03-03", "claude-imaginary-9", 1000, 300);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = day_row("2026-03-03", "claude-haiku-4-5", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);

	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, NULL, NULL), 0);
	assert_int_equal(spend->unpriced_count, 1);
	assert_string_equal(spend->unpriced[0].model, "claude-imaginary-9");
	assert_int_equal(spend->unpriced[0].total_tokens, 7000);
	assert_string_equal(spend->unpriced[0].first_day, "2026-03-02");
	assert_string_equal(spend->unpriced[0].last_day, "2026-03-03");
	assert_non_null(strstr(spend->unpriced[0].reason, "claude-imaginary-9"));
	assert_near(spend->total_list_usd, 1.0, 1e-9);

	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

static void test_spend__partial_first_month_left_out_of_history(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	const char *days[] = {"2025-11-15", "2025-12-01", "2026-01-01", "2026-02-01"};

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	for (size_t i = 0; i < 4; i++) {
		bw_usage_row r =
		    day_row(days[i], "claude-haiku-4-5", 1000000 * (int64_t)(i + 1), 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	}
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, "2025-11-15T00:00:00Z",
	                                  "2026-03-01T00:00:00Z"),
	                 0);
	assert_int_equal(spend->month_count, 4);
	assert_false(spend->months[0].complete);

	double *history = NULL;
	size_t count = 0;
	char first[8];
	assert_int_equal(bw_spend_history(spend, &history, &count, first), 0);
	assert_int_equal(count, 3);
	assert_string_equal(first, "2025-12");
	assert_near(history[0], 2.0, 1e-9);
	assert_near(history[2], 4.0, 1e-9);
	free(history);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

/* claude-opus-4-6 has its first price on 2026-02-01 in the catalog:
 * December and January hold usage of it that cannot be priced, so they
 * are not complete months and the history starts in February, while an
 * unknown model (never priced, consistently absent) leaves months alone. */
static void test_spend__usage_before_a_first_price_is_not_a_complete_month(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	const char *days[] = {"2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01"};

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	for (size_t i = 0; i < 4; i++) {
		bw_usage_row r = day_row(days[i], "claude-haiku-4-5", 1000000, 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
		r = day_row(days[i], i < 2 ? "claude-opus-4-6" : "claude-haiku-4-5", 1000000, 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
		r = day_row(days[i], "claude-imaginary-9", 1000, 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	}
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, "2025-12-01T00:00:00Z",
	                                  "2026-04-01T00:00:00Z"),
	                 0);
	assert_int_equal(spend->month_count, 4);
	assert_false(spend->months[0].complete);
	assert_true(spend->months[0].unpriced);
	assert_false(spend->months[1].complete);
	assert_true(spend->months[2].complete);
	assert_int_equal(spend->unpriced_count, 2);
	for (size_t i = 0; i < spend->unpriced_count; i++)
		assert_int_equal(spend->unpriced[i].before_first_price,
		                 strcmp(spend->unpriced[i].model, "claude-opus-4-6") == 0);

	double *history = NULL;
	size_t count = 0;
	char first[8];
	assert_int_equal(bw_spend_history(spend, &history, &count, first), 0);
	assert_int_equal(count, 2);
	assert_string_equal(first, "2026-02");
	free(history);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

static void test_spend__bad_day_is_a_parse_error(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	bw_usage_row r = day_row("2026-01-05", "claude-haiku-4-5", 1, 1);

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	snprintf(r.bucket_start, sizeof(r.bucket_start), "yesterday");
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, NULL, NULL), BW_EPARSE);
	assert_null(spend);
	assert_non_null(strstr(bw_error_last(), "yesterday"));
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

/* Sums past int64 are refused, not wrapped into a negative spend; so are
 * negative counts (a store written by something else). */
static void test_spend__overflowing_and_negative_counts_refused(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	bw_usage_row r;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	for (int i = 0; i < 3; i++) {
		r = day_row("2026-01-05", "claude-sonnet-4-5", 4600000000000000000, 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	}
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, NULL, NULL), BW_ERANGE);
	assert_non_null(strstr(bw_error_last(), "add up to more than"));
	assert_null(spend);
	bw_usage_rows_dispose(&rows);

	rows = (bw_usage_rows)BW_USAGE_ROWS_INIT;
	for (int i = 0; i < 3; i++) { /* the same for a model the catalog does not price */
		r = day_row("2026-01-05", "claude-imaginary-9", 4600000000000000000, 0);
		assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	}
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, NULL, NULL), BW_ERANGE);
	bw_usage_rows_dispose(&rows);

	rows = (bw_usage_rows)BW_USAGE_ROWS_INIT;
	r = day_row("2026-01-05", "claude-sonnet-4-5", -5, 0);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, NULL, NULL), BW_ERANGE);
	assert_non_null(strstr(bw_error_last(), "negative token count"));
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

/* Daily rows give the weekday effect: every day of 2026-01 and 2026-02
 * (1 January a Thursday), $3 a weekday and $1.50 a weekend day: a weekend
 * day spends 0.5 of a weekday. A month by one row does not say. */
static void test_spend__weekend_ratio_from_daily_rows(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_spend *spend = NULL;
	int dow = 4; /* Thursday */

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	for (int m = 1; m <= 2; m++)
		for (int d = 1; d <= (m == 1 ? 31 : 28); d++, dow = (dow + 1) % 7) {
			char day[32];
			snprintf(day, sizeof(day), "2026-%02d-%02d", m, d);
			/* Sonnet 4.5 at $3 per MTok in */
			bw_usage_row r = day_row(day, "claude-sonnet-4-5",
			                         dow == 0 || dow == 6 ? 500000 : 1000000, 0);
			assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
		}
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, "2026-01-01T00:00:00Z",
	                                  "2026-03-01T00:00:00Z"),
	                 0);
	assert_near(spend->weekend_ratio, 0.5, 1e-12);
	assert_near(spend->months[0].weekend_usd, 9 * 1.5, 1e-9); /* 5 Saturdays, 4 Sundays */
	assert_near(spend->months[1].weekend_usd, 8 * 1.5, 1e-9);
	assert_int_equal(spend->months[0].days_with_spend, 31);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);

	/* One row a month (a monthly export): no weekdays to read. */
	bw_usage_row r = day_row("2026-01-01", "claude-sonnet-4-5", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	r = day_row("2026-02-01", "claude-sonnet-4-5", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&rows, &r), 0);
	assert_int_equal(bw_spend_compute(&spend, &rows, catalog, "2026-01-01T00:00:00Z",
	                                  "2026-03-01T00:00:00Z"),
	                 0);
	assert_true(isnan(spend->weekend_ratio));
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
	bw_catalog_free(catalog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spend__months_models_and_totals),
	    cmocka_unit_test(test_spend__unknown_model_is_listed_not_zero),
	    cmocka_unit_test(test_spend__partial_first_month_left_out_of_history),
	    cmocka_unit_test(test_spend__usage_before_a_first_price_is_not_a_complete_month),
	    cmocka_unit_test(test_spend__bad_day_is_a_parse_error),
	    cmocka_unit_test(test_spend__overflowing_and_negative_counts_refused),
	    cmocka_unit_test(test_spend__weekend_ratio_from_daily_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_spend_today.c: the same work at today's list (bw_spend_reprice):
 * migrated months and list price changes re-priced by hand.
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"
#include "bandwise/families.h"
#include "bandwise/spend.h"

static void push(bw_usage_rows *rows, const char *day, const char *model, int64_t input,
                 int64_t output, int64_t cache_read)
{
	bw_usage_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.bucket_end, sizeof(row.bucket_end), "%sT23:59:59Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = input;
	row.tokens[BW_TOKEN_OUTPUT] = output;
	row.tokens[BW_TOKEN_CACHE_READ] = cache_read;
	assert_int_equal(bw_usage_rows_push(rows, &row), 0);
}

static bw_spend *reprice(const bw_usage_rows *rows, const char *start, const char *end)
{
	bw_catalog *catalog = NULL;
	bw_families *families = NULL;
	bw_spend *spend = NULL;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_families_load_default(&families), 0);
	assert_int_equal(bw_spend_compute(&spend, rows, catalog, start, end), 0);
	assert_int_equal(bw_spend_reprice(spend, rows, catalog, families), 0);
	bw_families_free(families);
	bw_catalog_free(catalog);
	return spend;
}

static void test_spend_today__migrated_months_priced_as_the_successor(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	/* Opus 4.1 ($15 in, $75 out) moves to Opus 4.5 ($5 in, $25 out) in March. */
	push(&rows, "2026-01-10", "claude-opus-4-1-20250805", 1000000, 100000, 0);
	push(&rows, "2026-02-10", "claude-opus-4-1-20250805", 1000000, 100000, 0);
	push(&rows, "2026-03-10", "claude-opus-4-1-20250805", 200000, 20000, 0);
	push(&rows, "2026-03-11", "claude-opus-4-5-20251101", 800000, 80000, 0);
	push(&rows, "2026-04-10", "claude-opus-4-5-20251101", 1000000, 100000, 0);
	bw_spend *spend = reprice(&rows, "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z");

	assert_true(spend->repriced);
	assert_string_equal(spend->today_day, "2026-05-01");
	assert_int_equal(spend->month_count, 4);
	/* January billed 15 + 7.5; the same work as Opus 4.5: 5 + 2.5. */
	assert_near(spend->months[0].total_usd, 22.5, 1e-9);
	assert_near(spend->months[0].today_usd, 7.5, 1e-9);
	assert_string_equal(spend->cells[0].today_model, "claude-opus-4-5");
	/* March: 0.2M in + 20K out of 4.1 (3 + 1.5) and 0.8M + 80K of 4.5 (4 + 2). */
	assert_near(spend->months[2].total_usd, 10.5, 1e-9);
	assert_near(spend->months[2].today_usd, 7.5, 1e-9);
	assert_near(spend->months[3].today_usd, spend->months[3].total_usd, 1e-9);

	double *history = NULL;
	size_t count = 0;
	char first[8];
	assert_int_equal(
	    bw_spend_history_basis(spend, BW_PRICE_BASIS_TODAY, &history, &count, first), 0);
	assert_int_equal(count, 4);
	for (size_t i = 0; i < count; i++)
		assert_near(history[i], 7.5, 1e-9); /* the same work every month */
	free(history);
	assert_int_equal(bw_spend_history(spend, &history, &count, first), 0);
	assert_near(history[0], 22.5, 1e-9);
	free(history);

	assert_int_equal(spend->price_change_count, 1);
	const bw_price_change *p = &spend->price_changes[0];
	assert_int_equal(p->kind, BW_PRICE_CHANGE_MIGRATION);
	assert_string_equal(p->month, "2026-03");
	assert_string_equal(p->from_model, "claude-opus-4-1");
	assert_string_equal(p->to_model, "claude-opus-4-5");
	assert_near(p->work_change, -2.0 / 3.0, 1e-9);
	assert_non_null(strstr(p->text, "2026-03: Opus 4.1 traffic moved to Opus 4.5"));
	assert_non_null(strstr(p->text, "67% less"));
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

static void test_spend_today__a_model_still_in_use_is_not_migrated(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	/* Opus 4.5 starts beside Opus 4.1, which keeps its traffic. */
	push(&rows, "2026-01-10", "claude-opus-4-1", 1000000, 0, 0);
	push(&rows, "2026-02-10", "claude-opus-4-1", 1000000, 0, 0);
	push(&rows, "2026-02-11", "claude-opus-4-5", 3000000, 0, 0);
	bw_spend *spend = reprice(&rows, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");

	assert_near(spend->months[0].today_usd, 15.0, 1e-9);
	assert_near(spend->months[1].today_usd, spend->months[1].total_usd, 1e-9);
	assert_int_equal(spend->price_change_count, 0);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

static void test_spend_today__a_list_price_change_is_said(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	/* Sonnet 5.5 cache reads: $0.20 until 2026-10-07, then $0.10. */
	push(&rows, "2026-09-15", "claude-sonnet-5-5", 0, 0, 10000000);
	push(&rows, "2026-10-15", "claude-sonnet-5-5", 0, 0, 10000000);
	push(&rows, "2026-11-15", "claude-sonnet-5-5", 0, 0, 10000000);
	bw_spend *spend = reprice(&rows, "2026-09-01T00:00:00Z", "2026-12-01T00:00:00Z");

	assert_string_equal(spend->today_day, "2026-12-01");
	assert_near(spend->months[0].total_usd, 2.0, 1e-9);
	assert_near(spend->months[0].today_usd, 1.0, 1e-9);
	assert_near(spend->months[1].today_usd, 1.0, 1e-9);
	assert_int_equal(spend->price_change_count, 1);
	assert_int_equal(spend->price_changes[0].kind, BW_PRICE_CHANGE_LIST);
	assert_string_equal(spend->price_changes[0].month, "2026-10");
	assert_near(spend->price_changes[0].work_change, -0.5, 1e-9);
	assert_string_equal(spend->price_changes[0].text,
	                    "2026-10: Sonnet 5.5 list price change, the same work costs 50% less");
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

static void test_spend_today__a_successor_out_in_the_window_is_said(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	/* Opus 4.1 ran through November 2025, when Opus 4.5 came out at a third. */
	push(&rows, "2025-10-15", "claude-opus-4-1", 1000000, 0, 0);
	push(&rows, "2025-11-15", "claude-opus-4-1", 1000000, 0, 0);
	bw_spend *spend = reprice(&rows, "2025-10-01T00:00:00Z", "2025-12-01T00:00:00Z");

	assert_near(spend->months[0].today_usd, 15.0, 1e-9); /* not moved: its own price */
	assert_int_equal(spend->price_change_count, 1);
	assert_string_equal(spend->price_changes[0].text,
	                    "2025-11: Opus 4.1 -> Opus 4.5, the same work costs 67% less "
	                    "(its traffic has not moved)");
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spend_today__migrated_months_priced_as_the_successor),
	    cmocka_unit_test(test_spend_today__a_model_still_in_use_is_not_migrated),
	    cmocka_unit_test(test_spend_today__a_list_price_change_is_said),
	    cmocka_unit_test(test_spend_today__a_successor_out_in_the_window_is_said),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

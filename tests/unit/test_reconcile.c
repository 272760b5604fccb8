/*
 * test_reconcile.c: usage priced at list against the cost report.
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"
#include "bandwise/reconcile.h"

static bw_usage_row usage_row(const char *day, const char *model, const char *tier, int64_t input,
                              int64_t output)
{
	bw_usage_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "%s", tier);
	snprintf(row.context_window, sizeof(row.context_window), "0-200k");
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = input;
	row.tokens[BW_TOKEN_OUTPUT] = output;
	return row;
}

static bw_cost_row cost_row(const char *day, const char *model, const char *tier,
                            const char *token_type, double usd)
{
	bw_cost_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.cost_type, sizeof(row.cost_type), "tokens");
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "%s", tier);
	snprintf(row.context_window, sizeof(row.context_window), "0-200k");
	snprintf(row.token_type, sizeof(row.token_type), "%s", token_type);
	snprintf(row.currency, sizeof(row.currency), "USD");
	row.amount_microcents = (int64_t)(usd * 100.0 * 1e6 + 0.5);
	return row;
}

static const bw_reconcile_line *find(const bw_reconcile *r, const char *day, const char *token_type)
{
	for (size_t i = 0; i < r->line_count; i++)
		if (strcmp(r->lines[i].day, day) == 0 &&
		    strcmp(r->lines[i].token_type, token_type) == 0)
			return &r->lines[i];
	return NULL;
}

static void test_reconcile__each_cause(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows usage = BW_USAGE_ROWS_INIT;
	bw_usage_row u;
	bw_cost_row costs[8];
	size_t n = 0;
	bw_reconcile *r = NULL;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	/* Day 1: Sonnet 4.5 at list ($3 in, $15 out per MTok): 1M in = $3, 0.1M out = $1.50. */
	u = usage_row("2026-03-01", "claude-sonnet-4-5-20250929", "standard", 1000000, 100000);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	costs[n++] = cost_row("2026-03-01", "claude-sonnet-4-5-20250929", "standard",
	                      "uncached_input_tokens", 3.0);
	/* Within 0.5%: $1.5045 against $1.50. */
	costs[n++] = cost_row("2026-03-01", "claude-sonnet-4-5-20250929", "standard",
	                      "output_tokens", 1.5045);
	/* Day 2: 20% discount on input; output above list by 10%. */
	u = usage_row("2026-03-02", "claude-sonnet-4-5-20250929", "standard", 1000000, 100000);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	costs[n++] = cost_row("2026-03-02", "claude-sonnet-4-5-20250929", "standard",
	                      "uncached_input_tokens", 2.4);
	costs[n++] =
	    cost_row("2026-03-02", "claude-sonnet-4-5-20250929", "standard", "output_tokens", 1.65);
	/* Day 3: usage with no cost report at all; a priority row. */
	u = usage_row("2026-03-03", "claude-sonnet-4-5-20250929", "standard", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	u = usage_row("2026-03-03", "claude-sonnet-4-5-20250929", "priority", 0, 100000);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	/* Day 4: a cost row whose usage was never ingested; a model the catalog lacks. */
	costs[n++] =
	    cost_row("2026-03-04", "claude-sonnet-4-5-20250929", "standard", "output_tokens", 7.0);
	u = usage_row("2026-03-04", "claude-imaginary-9", "standard", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	costs[n++] =
	    cost_row("2026-03-04", "claude-imaginary-9", "standard", "uncached_input_tokens", 4.0);

	assert_int_equal(bw_reconcile_run(&r, &usage, costs, n, catalog, 0.005), 0);
	assert_int_equal(r->compared, 5); /* day 1 (2), day 2 (2), day 4 imaginary (1) */
	assert_int_equal(r->matching, 2);
	const bw_reconcile_line *l;
	assert_non_null(l = find(r, "2026-03-02", "uncached_input_tokens"));
	assert_true(fabs(l->usage_list_usd - 3.0) < 1e-9 && fabs(l->cost_usd - 2.4) < 1e-9);
	assert_non_null(strstr(l->cause, "discount"));
	assert_non_null(l = find(r, "2026-03-02", "output_tokens"));
	assert_non_null(strstr(l->cause, "above list"));
	assert_non_null(l = find(r, "2026-03-03", "uncached_input_tokens"));
	assert_true(l->cost_usd < 0);
	assert_non_null(strstr(l->cause, "may not be ingested"));
	assert_non_null(l = find(r, "2026-03-03", "output_tokens"));
	assert_non_null(strstr(l->cause, "priority"));
	assert_non_null(l = find(r, "2026-03-04", "output_tokens"));
	assert_true(l->usage_list_usd < 0);
	assert_non_null(strstr(l->cause, "no usage row"));
	assert_non_null(l = find(r, "2026-03-04", "uncached_input_tokens"));
	assert_non_null(strstr(l->cause, "unknown model"));
	assert_null(find(r, "2026-03-01", "output_tokens"));
	/* Lines come in day order. */
	for (size_t i = 1; i < r->line_count; i++)
		assert_true(strcmp(r->lines[i - 1].day, r->lines[i].day) <= 0);
	bw_reconcile_free(r);
	bw_usage_rows_dispose(&usage);
	bw_catalog_free(catalog);
}

/* claude-opus-4-6's first price is 2026-02-01: a January row of it is a
 * model the catalog has, before its first price (not "unknown"). With no
 * cost report at all, priced usage is not listed line by line (the report
 * says so once); the usage that could not be priced still is. */
static void test_reconcile__before_first_price_and_no_cost_report(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows usage = BW_USAGE_ROWS_INIT;
	bw_reconcile *r = NULL;
	bw_usage_row u;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	u = usage_row("2026-01-15", "claude-opus-4-6", "standard", 5000, 0);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	u = usage_row("2026-01-15", "claude-haiku-4-5", "standard", 1000000, 0);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	u = usage_row("2026-01-15", "claude-imaginary-9", "standard", 1000, 0);
	assert_int_equal(bw_usage_rows_push(&usage, &u), 0);
	assert_int_equal(bw_reconcile_run(&r, &usage, NULL, 0, catalog, 0.005), 0);
	assert_true(r->no_cost_report);
	assert_int_equal(r->line_count, 2);
	for (size_t i = 0; i < r->line_count; i++) {
		const bw_reconcile_line *l = &r->lines[i];
		if (strcmp(l->model, "claude-opus-4-6") == 0)
			assert_non_null(strstr(l->cause, "before its first price"));
		else
			assert_non_null(strstr(l->cause, "unknown model"));
	}
	assert_near(r->usage_list_usd, 1.0, 1e-9); /* haiku: 1M input at $1 */
	bw_reconcile_free(r);
	bw_usage_rows_dispose(&usage);
	bw_catalog_free(catalog);
}

static void test_reconcile__empty_inputs(void **state)
{
	(void)state;
	bw_catalog *catalog = NULL;
	bw_usage_rows usage = BW_USAGE_ROWS_INIT;
	bw_reconcile *r = NULL;

	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_reconcile_run(&r, &usage, NULL, 0, catalog, 0.005), 0);
	assert_int_equal(r->compared, 0);
	assert_int_equal(r->line_count, 0);
	bw_reconcile_free(r);
	bw_catalog_free(catalog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reconcile__each_cause),
	    cmocka_unit_test(test_reconcile__before_first_price_and_no_cost_report),
	    cmocka_unit_test(test_reconcile__empty_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

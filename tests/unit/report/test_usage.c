/*
 * test_usage.c: `bandwise usage` output (src/lib/report/usage.c) on a
 * spend summary built by hand: the monthly table's totals and columns,
 * models by spend, tags, unpriced warnings, the JSON keys.
 */
#include "fixture.h"

typedef struct {
	bw_spend_month months[2];
	bw_spend_cell cells[3];
	bw_spend_unpriced unpriced[1];
	bw_spend_total tags[2];
	bw_spend spend;
} usage_fixture;

/* Two months (the second partial), two models, one unpriced model. */
static void usage_fixture_init(usage_fixture *f)
{
	memset(f, 0, sizeof(*f));
	const char *month[2] = {"2026-10", "2026-11"};
	for (int m = 0; m < 2; m++) {
		snprintf(f->months[m].month, sizeof(f->months[m].month), "%s", month[m]);
		f->months[m].usd[BW_TOKEN_UNCACHED_INPUT] = 600.0 * (m + 1);
		f->months[m].usd[BW_TOKEN_OUTPUT] = 400.0 * (m + 1);
		f->months[m].total_usd = 1000.0 * (m + 1);
		f->months[m].complete = m == 0;
	}
	const struct {
		int month;
		const char *model;
		double usd;
	} cells[3] = {
	    {0, "claude-haiku", 1000}, {1, "claude-haiku", 250}, {1, "claude-opus", 1750}};
	for (int i = 0; i < 3; i++) {
		bw_spend_cell *c = &f->cells[i];
		snprintf(c->month, sizeof(c->month), "%s", month[cells[i].month]);
		snprintf(c->model, sizeof(c->model), "%s", cells[i].model);
		c->usd[BW_TOKEN_OUTPUT] = cells[i].usd;
		c->total_usd = cells[i].usd;
		c->tokens[BW_TOKEN_OUTPUT] = (int64_t)cells[i].usd * 1000;
	}
	snprintf(f->unpriced[0].model, sizeof(f->unpriced[0].model), "mystery-model");
	f->unpriced[0].total_tokens = 2500000;
	snprintf(f->unpriced[0].first_day, sizeof(f->unpriced[0].first_day), "2026-10-03");
	snprintf(f->unpriced[0].last_day, sizeof(f->unpriced[0].last_day), "2026-11-20");
	snprintf(f->unpriced[0].reason, sizeof(f->unpriced[0].reason),
	         "no price for mystery-model");
	snprintf(f->tags[0].name, sizeof(f->tags[0].name), "search");
	f->tags[0].total_usd = 2250;
	f->tags[1].total_usd = 750; /* untagged */
	f->spend.months = f->months;
	f->spend.month_count = 2;
	f->spend.cells = f->cells;
	f->spend.cell_count = 3;
	f->spend.unpriced = f->unpriced;
	f->spend.unpriced_count = 1;
	f->spend.tags = f->tags;
	f->spend.tag_count = 2;
	f->spend.total_list_usd = 3000;
	snprintf(f->spend.first_day, sizeof(f->spend.first_day), "2026-10-01");
	snprintf(f->spend.last_day, sizeof(f->spend.last_day), "2026-11-20");
}

static void test_usage__text_tables(void **state)
{
	(void)state;
	usage_fixture f;
	usage_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_usage_text(c.out, &f.spend, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text, "List spend 2026-10-01 to 2026-11-20: $3,000 (prices: anthropic 2026-11-24)\n"));
	assert_non_null(strstr(text, "2026-11 (partial)"));
	/* The total row sums the months, right-aligned under its header. */
	assert_int_equal(column_end(text, "month", "list total"),
	                 column_end(text, "\ntotal", "$3,000"));
	assert_int_equal(column_end(text, "2026-10 ", "$1,000"),
	                 column_end(text, "\ntotal", "$3,000"));
	/* Models by spend, largest first, with the last month's column. */
	const char *opus = strstr(text, "claude-opus"), *haiku = strstr(text, "claude-haiku");
	assert_non_null(opus);
	assert_non_null(haiku);
	assert_true(opus < haiku);
	assert_non_null(strstr(line_with(text, "claude-opus"), "58.3%"));
	assert_non_null(strstr(line_with(text, "(untagged)"), "25.0%"));
	assert_non_null(strstr(
	    text, "warning: 2.50M tokens of model 'mystery-model' (2026-10-03 to 2026-11-20) "
	          "are NOT priced and NOT in the totals: no price for mystery-model\n"));
	free(text);
}

static void test_usage__text_without_usage(void **state)
{
	(void)state;
	bw_spend spend;
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	memset(&spend, 0, sizeof(spend));
	capture_begin(&c);
	assert_int_equal(bw_report_usage_text(c.out, &spend, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_string_equal(text, "No usage stored yet. Add some with: bandwise ingest FILE...\n");
	free(text);
}

static void test_usage__json_keys(void **state)
{
	(void)state;
	usage_fixture f;
	usage_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_usage_json(c.out, &f.spend, &ctx), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "catalog_version")),
	                    "anthropic 2026-11-24");
	json_t *months = json_object_get(root, "months");
	assert_int_equal(json_array_size(months), 2);
	json_t *november = json_array_get(months, 1);
	assert_true(json_is_false(json_object_get(november, "complete")));
	/* Cells belong to their month. */
	assert_int_equal(json_array_size(json_object_get(json_array_get(months, 0), "by_model")),
	                 1);
	assert_int_equal(json_array_size(json_object_get(november, "by_model")), 2);
	json_t *by_type = json_object_get(november, "by_token_type");
	assert_near(json_number_value(json_object_get(by_type, "output_tokens")), 800, 1e-9);
	assert_non_null(json_object_get(by_type, "web_search"));
	json_t *unpriced = json_array_get(json_object_get(root, "unpriced"), 0);
	assert_string_equal(json_string_value(json_object_get(unpriced, "model")), "mystery-model");
	assert_int_equal(json_integer_value(json_object_get(unpriced, "total_tokens")), 2500000);
	assert_int_equal(json_array_size(json_object_get(root, "by_tag")), 2);
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usage__text_tables),
	    cmocka_unit_test(test_usage__text_without_usage),
	    cmocka_unit_test(test_usage__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

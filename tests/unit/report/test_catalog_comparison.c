/*
 * test_catalog_comparison.c: `bandwise catalog import` output
 * (src/lib/report/catalog_comparison.c): the summary, the differences
 * ("none" for a price one side lacks), the models missing there.
 */
#include "fixture.h"

static bw_catalog_comparison fixture_comparison(bw_price_difference differences[2],
                                                char missing[1][BW_USAGE_DIM_MAX])
{
	bw_catalog_comparison c = {BW_FOREIGN_LITELLM, 5, 3, differences, 2, missing, 1};
	memset(differences, 0, 2 * sizeof(*differences));
	snprintf(differences[0].model, sizeof(differences[0].model), "claude-opus-4-5");
	snprintf(differences[0].foreign_id, sizeof(differences[0].foreign_id),
	         "anthropic/claude-opus-4-5");
	differences[0].field = "output";
	differences[0].ours = 25;
	differences[0].theirs = 75;
	snprintf(differences[1].model, sizeof(differences[1].model), "claude-haiku-4-5");
	snprintf(differences[1].foreign_id, sizeof(differences[1].foreign_id), "claude-haiku-4-5");
	differences[1].field = "cache_write_5m";
	differences[1].ours = 1.25;
	differences[1].theirs = -1;
	snprintf(missing[0], BW_USAGE_DIM_MAX, "claude-sonnet-4-6");
	return c;
}

static void test_catalog_comparison__text(void **state)
{
	(void)state;
	bw_price_difference differences[2];
	char missing[1][BW_USAGE_DIM_MAX];
	bw_catalog_comparison cmp = fixture_comparison(differences, missing);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_catalog_comparison_text(c.out, &cmp, "prices.json", "2026-11-24",
	                                                   "anthropic 2026-11-24", 0),
	                 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text, "prices.json (litellm) against anthropic 2026-11-24, prices in force on "
	          "2026-11-24:\n5 of our models found there; 3 agree on every price; 2 prices "
	          "differ; 1 of our models are not there.\n"));
	assert_int_equal(column_end(text, "\nmodel", "theirs (USD/MTok)"),
	                 column_end(text, "claude-haiku-4-5 ", "none"));
	assert_non_null(strstr(line_with(text, "claude-opus-4-5"), "75"));
	assert_non_null(strstr(text, "\nNot in prices.json: claude-sonnet-4-6\n"));
	free(text);
}

static void test_catalog_comparison__json_keys(void **state)
{
	(void)state;
	bw_price_difference differences[2];
	char missing[1][BW_USAGE_DIM_MAX];
	bw_catalog_comparison cmp = fixture_comparison(differences, missing);
	capture c;

	cmp.format = BW_FOREIGN_GENAI_PRICES;
	capture_begin(&c);
	assert_int_equal(bw_report_catalog_comparison_json(c.out, &cmp, "data.json", "2026-11-24",
	                                                   "anthropic 2026-11-24"),
	                 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "format")), "genai-prices");
	assert_int_equal(json_integer_value(json_object_get(root, "agreeing_models")), 3);
	json_t *second = json_array_get(json_object_get(root, "differences"), 1);
	assert_string_equal(json_string_value(json_object_get(second, "price")), "cache_write_5m");
	assert_true(json_is_null(json_object_get(second, "theirs_usd_per_mtok")));
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(root, "missing_there"), 0)),
	    "claude-sonnet-4-6");
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog_comparison__text),
	    cmocka_unit_test(test_catalog_comparison__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

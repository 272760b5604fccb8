/*
 * test_csv.c: `bandwise report --format csv -o DIR` (src/lib/report/
 * csv.c): one file per table, a header row each, names quoted when they
 * need it, the illustrative flag among the assumptions.
 */
#include "fixture.h"

/* The whole of dir/name (malloc'd), or NULL when it does not exist. */
static char *read_file(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *text = calloc(1, 1 << 16);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 16) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

static void test_csv__one_file_per_table(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	char *dir = test_tmpdir(), *text;

	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "monthly-usage.csv"));
	assert_string_equal(text, "month,complete,list_usd,today_list_usd\n2026-10,true,15000.00,\n"
	                          "2026-11,true,16000.00,\n");
	free(text);
	/* Repriced: the same work at today's list beside the bill. */
	f.spend.repriced = 1;
	f.months[0].today_usd = 12000;
	f.months[1].today_usd = 16000;
	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "monthly-usage.csv"));
	assert_string_equal(text,
	                    "month,complete,list_usd,today_list_usd\n"
	                    "2026-10,true,15000.00,12000.00\n2026-11,true,16000.00,16000.00\n");
	free(text);
	/* The assumptions say the illustrative bands in words, the price basis
	 * and why the forecast is on the total or by segment. */
	assert_non_null(text = read_file(dir, "assumptions.csv"));
	assert_non_null(strstr(text, "\nbands_note,\"The band discounts and protections used here "
	                             "are illustrative assumptions,"));
	assert_null(strstr(text, "price_basis"));
	free(text);
	snprintf(f.spend.today_day, sizeof(f.spend.today_day), "2026-12-01");
	ctx.history = &f.spend;
	ctx.segments_note = "By segment (--segments auto): 2 of 2 segments.";
	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "assumptions.csv"));
	assert_non_null(strstr(text, "\nprice_basis,\"today: the forecast is fitted on, and "
	                             "forecasts, the same work at today's list (the prices in "
	                             "force on 2026-12-01,"));
	assert_non_null(
	    strstr(text, "\nsegments,By segment (--segments auto): 2 of 2 segments.\n"));
	free(text);
	ctx.price_basis = BW_PRICE_BASIS_HISTORY;
	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "assumptions.csv"));
	assert_non_null(strstr(text, "\nprice_basis,history: the forecast is fitted on the history "
	                             "as billed"));
	free(text);
	ctx.history = NULL;
	ctx.segments_note = NULL;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	f.spend.repriced = 0;
	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "forecast.csv"));
	assert_ptr_equal(strstr(text, "month,p10_usd,p50_usd,p90_usd,mean_usd\n2026-12,"), text);
	assert_int_equal(count_lines(text), 1 + BUNDLE_MONTHS);
	free(text);
	assert_non_null(text = read_file(dir, "bands.csv"));
	assert_int_equal(count_lines(text), 1 + 1 + 2); /* header, PAYG, two bands */
	assert_non_null(strstr(text, "\npay-as-you-go,false,0,,,0,0,200000.00,"));
	/* The band name holds a quote and a comma: quoted, the quote doubled. */
	assert_non_null(strstr(text, "\n\"<b>&\"\"small\"\", ok\",true,0.100000,list,term,"));
	/* Each band says how its threshold counts a commitment. */
	assert_non_null(strstr(text, ",expected_overage_usd,esr,threshold_measure\n"));
	assert_non_null(strstr(text, ",0,0,0,0,\n")); /* pay-as-you-go has none */
	assert_non_null(strstr(text, ",net\n"));
	free(text);
	assert_non_null(text = read_file(dir, "assumptions.csv"));
	assert_non_null(strstr(text, "\nbands_illustrative,true\nseed,42\npaths,4\n"));
	assert_non_null(strstr(text, "\ningested,usage <1>.json sha256:"));
	free(text);
	/* No policy, no offers: no such tables. */
	assert_null(read_file(dir, "waterfall.csv"));
	assert_null(read_file(dir, "offers.csv"));
	test_rmdir_tree(dir);
}

/* Names from the user's files are text cells: one that a spreadsheet would
 * run as a formula starts with a quote; the numbers we write (negative
 * ones too) stay numbers. */
static void test_csv__formulas_neutralised(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	snprintf(f.bands[0].band.name, sizeof(f.bands[0].band.name), "=HYPERLINK(\"x\")");
	snprintf(f.bands[1].band.name, sizeof(f.bands[1].band.name), "-2+3");
	snprintf(f.sources[0].name, sizeof(f.sources[0].name), "@evil.json");
	f.months[0].total_usd = -15;
	bw_report_context ctx = fixture_context(NULL);
	ctx.catalog_version = "+cmd";
	char *dir = test_tmpdir(), *text;

	assert_int_equal(bw_report_csv_dir(dir, &f.bundle, &ctx), 0);
	assert_non_null(text = read_file(dir, "bands.csv"));
	assert_non_null(strstr(text, "\n\"'=HYPERLINK(\"\"x\"\")\",true,"));
	assert_non_null(strstr(text, "\n'-2+3,false,"));
	free(text);
	assert_non_null(text = read_file(dir, "monthly-usage.csv"));
	assert_non_null(strstr(text, "\n2026-10,true,-15.00,\n"));
	free(text);
	assert_non_null(text = read_file(dir, "assumptions.csv"));
	assert_non_null(strstr(text, "\nprices,'+cmd\n"));
	assert_non_null(strstr(text, "\ningested,'@evil.json sha256:"));
	free(text);
	test_rmdir_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv__one_file_per_table),
	    cmocka_unit_test(test_csv__formulas_neutralised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

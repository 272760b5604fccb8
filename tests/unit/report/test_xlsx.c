/*
 * test_xlsx.c: `bandwise report --format xlsx` (src/lib/report/xlsx.c):
 * the workbook is written (a zip file) and a path that cannot be written
 * is an error with a message, not a crash.
 */
#include "fixture.h"

#include "bandwise/error.h"

static void test_xlsx__writes_a_workbook(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	char *dir = test_tmpdir(), path[512], magic[4] = {0};

	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	assert_int_equal(bw_report_xlsx(path, &f.bundle, &ctx), 0);
	FILE *file = fopen(path, "rb");
	assert_non_null(file);
	assert_int_equal(fread(magic, 1, 4, file), 4);
	fclose(file);
	assert_memory_equal(magic, "PK\003\004", 4);
	test_rmdir_tree(dir);
}

static void test_xlsx__unwritable_path(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);

	assert_int_equal(bw_report_xlsx("/nonexistent-dir/report.xlsx", &f.bundle, &ctx), BW_EIO);
	assert_non_null(strstr(bw_error_last(), "/nonexistent-dir/report.xlsx"));
}

/* The text of every member of the workbook matching 'pattern' (unzip -p),
 * malloc'd; NULL when unzip is not there. */
static char *unzip_text(const char *path, const char *pattern)
{
	char command[1024];
	snprintf(command, sizeof(command), "unzip -p '%s' '%s' 2>/dev/null", path, pattern);
	FILE *in = popen(command, "r");
	if (in == NULL)
		return NULL;
	char *text = calloc(1, 1 << 20);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 20) - 1, in);
	text[n] = '\0';
	if (pclose(in) != 0 || n == 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* A band or offer name that looks like a formula is written as a string
 * cell: no formula element anywhere in the sheets, the text among the
 * shared strings as it was. */
static void test_xlsx__strings_never_formulas(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	snprintf(f.bands[0].band.name, sizeof(f.bands[0].band.name), "=HYPERLINK(\"x\")");
	snprintf(f.bands[1].band.name, sizeof(f.bands[1].band.name), "+1+1");
	bw_report_context ctx = fixture_context(NULL);
	char *dir = test_tmpdir(), path[512];

	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	assert_int_equal(bw_report_xlsx(path, &f.bundle, &ctx), 0);
	char *sheets = unzip_text(path, "xl/worksheets/*.xml");
	if (sheets == NULL) {
		test_rmdir_tree(dir);
		skip(); /* unzip is not installed: nothing to read the workbook with */
	}
	assert_null(strstr(sheets, "<f>"));
	assert_null(strstr(sheets, "<f "));
	free(sheets);
	char *strings = unzip_text(path, "xl/sharedStrings.xml");
	assert_non_null(strings);
	assert_non_null(strstr(strings, ">=HYPERLINK("));
	assert_non_null(strstr(strings, ">+1+1<"));
	free(strings);
	test_rmdir_tree(dir);
}

/* The history sheet has the same work at today's list beside the bill,
 * and the notes say the price basis, the segments and, with the
 * illustrative bands, that they are assumptions. */
static void test_xlsx__the_same_work_at_todays_list(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_bands table = fixture_bands(1, "data/bands/default.json");
	bw_report_context ctx = fixture_context(&table);
	char *dir = test_tmpdir(), path[512];

	f.spend.repriced = 1;
	f.months[0].today_usd = 12345;
	f.months[1].today_usd = 16000;
	snprintf(f.spend.today_day, sizeof(f.spend.today_day), "2026-12-01");
	ctx.history = &f.spend;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	ctx.segments_note = "By segment (--segments auto): 2 of 2 segments.";
	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	assert_int_equal(bw_report_xlsx(path, &f.bundle, &ctx), 0);
	char *usage = unzip_text(path, "xl/worksheets/sheet1.xml");
	if (usage == NULL) {
		test_rmdir_tree(dir);
		skip(); /* unzip is not installed */
	}
	/* Row 2 (2026-10): billed in C, today's list in D. */
	assert_non_null(strstr(usage, "<c r=\"C2\""));
	const char *d2 = strstr(usage, "<c r=\"D2\"");
	assert_non_null(d2);
	assert_non_null(strstr(d2, "<v>12345</v>"));
	free(usage);
	char *strings = unzip_text(path, "xl/sharedStrings.xml");
	assert_non_null(strings);
	assert_non_null(strstr(strings, ">billed at list (USD)<"));
	assert_non_null(strstr(strings, ">the same work at today's list (USD)<"));
	assert_non_null(strstr(strings,
	                       ">today: the forecast is fitted on, and forecasts, the same "
	                       "work at today's list (the prices in force on 2026-12-01,"));
	assert_non_null(strstr(strings, ">By segment (--segments auto): 2 of 2 segments.<"));
	assert_non_null(strstr(strings, ">The band discounts and protections used here are "
	                                "illustrative assumptions,"));
	free(strings);

	/* Not repriced: the column stays empty and no basis is claimed. */
	f.spend.repriced = 0;
	ctx.history = NULL;
	table.illustrative = 0;
	assert_int_equal(bw_report_xlsx(path, &f.bundle, &ctx), 0);
	usage = unzip_text(path, "xl/worksheets/sheet1.xml");
	assert_non_null(usage);
	assert_null(strstr(usage, "<c r=\"D2\""));
	free(usage);
	strings = unzip_text(path, "xl/sharedStrings.xml");
	assert_non_null(strings);
	assert_null(strstr(strings, "the forecast is fitted on"));
	assert_null(strstr(strings, "illustrative assumptions"));
	free(strings);
	test_rmdir_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx__writes_a_workbook),
	    cmocka_unit_test(test_xlsx__unwritable_path),
	    cmocka_unit_test(test_xlsx__strings_never_formulas),
	    cmocka_unit_test(test_xlsx__the_same_work_at_todays_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx__writes_a_workbook),
	    cmocka_unit_test(test_xlsx__unwritable_path),
	    cmocka_unit_test(test_xlsx__strings_never_formulas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

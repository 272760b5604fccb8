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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx__writes_a_workbook),
	    cmocka_unit_test(test_xlsx__unwritable_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

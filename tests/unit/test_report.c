/*
 * test_report.c: number formatting and tables of the report module.
 */
#include "test_util.h"

#include "table.h"

static void test_report__thousands_separators(void **state)
{
	(void)state;
	char buf[64];
	bwx_format_number(buf, sizeof(buf), 1234567.891, 0);
	assert_string_equal(buf, "1,234,568");
	bwx_format_number(buf, sizeof(buf), 999.5, 1);
	assert_string_equal(buf, "999.5");
	bwx_format_number(buf, sizeof(buf), -1000, 0);
	assert_string_equal(buf, "-1,000");
	bwx_format_number(buf, sizeof(buf), -0.001, 2);
	assert_string_equal(buf, "0.00");
	bwx_format_usd(buf, sizeof(buf), 987654.4);
	assert_string_equal(buf, "$987,654");
	bwx_format_usd(buf, sizeof(buf), 12.345);
	assert_string_equal(buf, "$12.35");
	bwx_format_usd(buf, sizeof(buf), -2500);
	assert_string_equal(buf, "-$2,500");
	bwx_format_percent(buf, sizeof(buf), 0.1234, 1);
	assert_string_equal(buf, "12.3%");
	bwx_format_tokens(buf, sizeof(buf), 1234567);
	assert_string_equal(buf, "1.23M");
}

static void test_report__table_aligns_columns(void **state)
{
	(void)state;
	bwx_table *table = bwx_table_new(2);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(table);
	bwx_table_header(table, 0, "band", BWX_ALIGN_LEFT);
	bwx_table_header(table, 1, "cost", BWX_ALIGN_RIGHT);
	assert_int_equal(bwx_table_row(table, 0), 0);
	bwx_table_cell(table, 0, "250K");
	bwx_table_cell(table, 1, "$1,000");
	assert_int_equal(bwx_table_row(table, 1), 0);
	bwx_table_cell(table, 0, "pay-as-you-go");
	bwx_table_cell(table, 1, "$9");
	bwx_table_print(table, out, 0);
	fclose(out);
	/* Right-aligned numbers end in the same column; no colour codes. */
	assert_non_null(strstr(text, "band             cost\n"));
	assert_non_null(strstr(text, "250K           $1,000\n"));
	assert_non_null(strstr(text, "pay-as-you-go      $9\n"));
	assert_null(strchr(text, '\033'));
	free(text);
	bwx_table_free(table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report__thousands_separators),
	    cmocka_unit_test(test_report__table_aligns_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_report.c: number formatting and tables of the report module.
 */
#include "test_util.h"

#include "table.h"

static void test_report__thousands_separators(void **state)
{
	(void)state;
	char buf[64];
	bw_format_number(buf, sizeof(buf), 1234567.891, 0);
	assert_string_equal(buf, "1,234,568");
	bw_format_number(buf, sizeof(buf), 999.5, 1);
	assert_string_equal(buf, "999.5");
	bw_format_number(buf, sizeof(buf), -1000, 0);
	assert_string_equal(buf, "-1,000");
	bw_format_number(buf, sizeof(buf), -0.001, 2);
	assert_string_equal(buf, "0.00");
	bw_format_usd(buf, sizeof(buf), 987654.4);
	assert_string_equal(buf, "$987,654");
	bw_format_usd(buf, sizeof(buf), 12.345);
	assert_string_equal(buf, "$12.35");
	bw_format_usd(buf, sizeof(buf), -2500);
	assert_string_equal(buf, "-$2,500");
	bw_format_percent(buf, sizeof(buf), 0.1234, 1);
	assert_string_equal(buf, "12.3%");
	bw_format_tokens(buf, sizeof(buf), 1234567);
	assert_string_equal(buf, "1.23M");
}

static void test_report__table_aligns_columns(void **state)
{
	(void)state;
	bw_table *table = bw_table_new(2);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(table);
	bw_table_header(table, 0, "band", BW_ALIGN_LEFT);
	bw_table_header(table, 1, "cost", BW_ALIGN_RIGHT);
	assert_int_equal(bw_table_row(table, 0), 0);
	bw_table_cell(table, 0, "250K");
	bw_table_cell(table, 1, "$1,000");
	assert_int_equal(bw_table_row(table, 1), 0);
	bw_table_cell(table, 0, "pay-as-you-go");
	bw_table_cell(table, 1, "$9");
	bw_table_print(table, out, 0);
	fclose(out);
	/* Right-aligned numbers end in the same column; no colour codes. */
	assert_non_null(strstr(text, "band             cost\n"));
	assert_non_null(strstr(text, "250K           $1,000\n"));
	assert_non_null(strstr(text, "pay-as-you-go      $9\n"));
	assert_null(strchr(text, '\033'));
	free(text);
	bw_table_free(table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report__thousands_separators),
		cmocka_unit_test(test_report__table_aligns_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_strparse.c: strict integers and decimals (src/util/strparse.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "strparse.h"

static void test_strparse__int64(void **state)
{
	(void)state;
	int64_t v = 0;
	const char *why = NULL;

	assert_int_equal(bwx_parse_int64("0", &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(bwx_parse_int64("-42", &v, NULL), 0);
	assert_int_equal(v, -42);
	assert_int_equal(bwx_parse_int64("+7", &v, NULL), 0);
	assert_int_equal(v, 7);
	assert_int_equal(bwx_parse_int64("007", &v, NULL), 0);
	assert_int_equal(v, 7);
	assert_int_equal(bwx_parse_int64("9223372036854775807", &v, NULL), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(bwx_parse_int64("-9223372036854775808", &v, NULL), 0);
	assert_true(v == INT64_MIN);
}

static void test_strparse__int64_refusals(void **state)
{
	(void)state;
	int64_t v = 5;
	const char *why = NULL;

	assert_int_equal(bwx_parse_int64("9223372036854775808", &v, &why), BW_ERANGE);
	assert_string_equal(why, "too large");
	assert_int_equal(bwx_parse_int64("-9223372036854775809", &v, &why), BW_ERANGE);
	assert_int_equal(bwx_parse_int64("0x10", &v, &why), BW_EPARSE);
	assert_string_equal(why, "hexadecimal is not accepted");
	assert_int_equal(bwx_parse_int64("1e3", &v, &why), BW_EPARSE);
	assert_string_equal(why, "not a whole number");
	assert_int_equal(bwx_parse_int64("1.0", &v, &why), BW_EPARSE);
	assert_int_equal(bwx_parse_int64("", &v, &why), BW_EPARSE);
	assert_string_equal(why, "empty");
	assert_int_equal(bwx_parse_int64(NULL, &v, &why), BW_EPARSE);
	const char *bad[] = {" 1", "1 ", "12abc", "-", "+", "--1", "1,000", "\t3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bwx_parse_int64(bad[i], &v, NULL) != BW_EPARSE)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(v, 5); /* untouched on failure */
	assert_int_equal(bwx_parse_int64_range("12", 1, 120, &v, &why), 0);
	assert_int_equal(v, 12);
	assert_int_equal(bwx_parse_int64_range("121", 1, 120, &v, &why), BW_ERANGE);
	assert_string_equal(why, "out of range");
	assert_int_equal(bwx_parse_int64_range("0", 1, 120, &v, &why), BW_ERANGE);
	assert_int_equal(bwx_parse_int64_range("x", 1, 120, &v, &why), BW_EPARSE);
	assert_int_equal(v, 12);
}

static void test_strparse__double(void **state)
{
	(void)state;
	double v = 0;
	const char *why = NULL;

	assert_int_equal(bwx_parse_double("1.5", &v, &why), 0);
	assert_true(v == 1.5);
	assert_int_equal(bwx_parse_double("-0.25", &v, NULL), 0);
	assert_true(v == -0.25);
	assert_int_equal(bwx_parse_double(".5", &v, NULL), 0);
	assert_true(v == 0.5);
	assert_int_equal(bwx_parse_double("5.", &v, NULL), 0);
	assert_true(v == 5);
	assert_int_equal(bwx_parse_double("1e3", &v, NULL), 0);
	assert_true(v == 1000);
	assert_int_equal(bwx_parse_double("2.5E-4", &v, NULL), 0);
	assert_true(v == 2.5e-4);
	assert_int_equal(bwx_parse_double("1e-400", &v, NULL), 0); /* underflow is ~0, a value */
	assert_true(fabs(v) < 1e-300);
	assert_int_equal(bwx_parse_double("1e400", &v, &why), BW_ERANGE);
	assert_string_equal(why, "too large");
	assert_int_equal(bwx_parse_double("-1e400", &v, &why), BW_ERANGE);
}

static void test_strparse__double_refusals(void **state)
{
	(void)state;
	double v = 3;
	const char *why = NULL;

	assert_int_equal(bwx_parse_double("0x10", &v, &why), BW_EPARSE);
	assert_string_equal(why, "hexadecimal is not accepted");
	assert_int_equal(bwx_parse_double("1e", &v, &why), BW_EPARSE);
	assert_string_equal(why, "an exponent without digits");
	const char *bad[] = {"inf", "-inf", "nan",   "NAN",   "infinity", "",      " 1", "1 ",
	                     ".",   "-",    "1.2.3", "1e3.5", "12abc",    "0x1p3", "1,5"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bwx_parse_double(bad[i], &v, &why) != BW_EPARSE)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(bwx_parse_double(NULL, &v, &why), BW_EPARSE);
	assert_true(v == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strparse__int64),
	    cmocka_unit_test(test_strparse__int64_refusals),
	    cmocka_unit_test(test_strparse__double),
	    cmocka_unit_test(test_strparse__double_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

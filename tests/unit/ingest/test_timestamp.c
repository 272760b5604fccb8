/*
 * test_timestamp.c: the times request logs write (timestamp.c).
 */
#include "test_util.h"

#include "timestamp.h"

static void test_timestamp__forms(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(bw_ingest__time_parse("2025-01-02", &t), 0);
	assert_int_equal(t, 1735776000);
	assert_int_equal(bw_ingest__time_parse("2025-01-02T03:04:05Z", &t), 0);
	assert_int_equal(t, 1735776000 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(bw_ingest__time_parse("2025-01-02 03:04:05.123+01:00", &t), 0);
	assert_int_equal(t, 1735776000 + 2 * 3600 + 4 * 60 + 5);
	assert_int_equal(bw_ingest__time_parse("2025-01-02 03:04:05+00", &t), 0); /* PostgreSQL */
	assert_int_equal(bw_ingest__time_parse("2025-01-02 03:04:05 UTC", &t), 0);
	/* Refused: a day its month does not have, junk after the time. */
	assert_int_equal(bw_ingest__time_parse("2025-02-30", &t), -1);
	assert_int_equal(bw_ingest__time_parse("2025-01-02T03:04:05Zx", &t), -1);
	assert_int_equal(bw_ingest__time_parse("yesterday", &t), -1);
}

static void test_timestamp__numbers(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(bw_ingest__time_from_number(1700000000.0), 1700000000);
	assert_int_equal(bw_ingest__time_from_number(1700000000123.0), 1700000000);
	assert_int_equal(bw_ingest__time_from_number(1700000000123456.0), 1700000000);
	assert_int_equal(bw_ingest__time_from_number(1700000000123456789.0), 1700000000);
	assert_int_equal(bw_ingest__time_of_text("1700000000000000000", &t),
	                 0); /* OTLP's nanoseconds */
	assert_int_equal(t, 1700000000);
	assert_int_equal(bw_ingest__time_of_text("2023-11-14T22:13:20Z", &t), 0);
	assert_int_equal(t, 1700000000);
	int y, m, d;
	bw_ingest__civil_from_days(20090, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20250102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timestamp__forms),
	    cmocka_unit_test(test_timestamp__numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_date.c: civil dates, months and RFC 3339 times (src/util/date.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "date.h"

static void test_date__civil_round_trip(void **state)
{
	(void)state;
	assert_int_equal(bwx_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(bwx_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(bwx_days_from_civil(2000, 3, 1), 11017);
	/* Every day from 1600 to 2400 goes there and back. */
	int64_t first = bwx_days_from_civil(1600, 1, 1), last = bwx_days_from_civil(2400, 12, 31);
	int64_t y0 = 1600;
	int m0 = 1, d0 = 1;
	for (int64_t days = first; days <= last; days++) {
		int64_t y;
		int m, d;
		bwx_civil_from_days(days, &y, &m, &d);
		assert_int_equal(bwx_days_from_civil(y, m, d), days);
		if (days > first) {
			/* The day after the previous one. */
			int next = d0 + 1 > bwx_days_in_month(y0, m0);
			assert_int_equal(d, next ? 1 : d0 + 1);
			assert_int_equal(m, next ? (m0 == 12 ? 1 : m0 + 1) : m0);
		}
		y0 = y;
		m0 = m;
		d0 = d;
	}
	assert_int_equal(y0, 2400);
}

static void test_date__leap_years(void **state)
{
	(void)state;
	assert_true(bwx_is_leap_year(2024));
	assert_false(bwx_is_leap_year(2025));
	assert_false(bwx_is_leap_year(1900));
	assert_true(bwx_is_leap_year(2000));
	assert_int_equal(bwx_days_in_month(2024, 2), 29);
	assert_int_equal(bwx_days_in_month(1900, 2), 28);
	assert_int_equal(bwx_days_in_month(2000, 2), 29);
	assert_int_equal(bwx_days_in_month(2025, 4), 30);
	assert_int_equal(bwx_days_in_month(2025, 13), 0);
	assert_int_equal(bwx_days_in_month(2025, 0), 0);
	int64_t d;
	assert_int_equal(bwx_date_parse("2024-02-29", &d), 0);
	assert_int_equal(bwx_date_parse("2025-02-29", &d), BW_EPARSE);
	assert_int_equal(bwx_date_parse("1900-02-29", &d), BW_EPARSE);
	assert_int_equal(bwx_date_parse("2000-02-29", &d), 0);
}

static void test_date__day_of_week_and_epoch_day(void **state)
{
	(void)state;
	assert_int_equal(bwx_day_of_week(0), 4);                                /* Thursday */
	assert_int_equal(bwx_day_of_week(bwx_days_from_civil(2026, 12, 2)), 3); /* Wednesday */
	assert_int_equal(bwx_day_of_week(-1), 3);
	assert_int_equal(bwx_day_of_week(-7), 4);
	assert_int_equal(bwx_epoch_day(0), 0);
	assert_int_equal(bwx_epoch_day(86399), 0);
	assert_int_equal(bwx_epoch_day(86400), 1);
	assert_int_equal(bwx_epoch_day(-1), -1);
	assert_int_equal(bwx_epoch_day(-86400), -1);
	assert_int_equal(bwx_epoch_day(-86401), -2);
}

static void test_date__months(void **state)
{
	(void)state;
	int index;
	const char *end;
	char out[BWX_MONTH_SIZE];

	assert_int_equal(bwx_month_parse("2025-01", &index), 0);
	assert_int_equal(index, 2025 * 12);
	assert_int_equal(bwx_month_parse("2025-12", &index), 0);
	bwx_month_format(index + 1, out); /* December + 1 wraps into January */
	assert_string_equal(out, "2026-01");
	bwx_month_format(2025 * 12 - 1, out);
	assert_string_equal(out, "2024-12");
	bwx_month_format(2025 * 12 + 24 + 5, out);
	assert_string_equal(out, "2027-06");
	int year, month;
	bwx_month_split(2025 * 12 + 11, &year, &month);
	assert_int_equal(year, 2025);
	assert_int_equal(month, 12);
	/* Strict: two-digit months, no sign, no spaces, nothing after. */
	const char *bad[] = {"2025-1",     "2025-13",  "2025-00", " 2025-01", "+202-01", "2025/01",
	                     "2025-01-01", "2025-01 ", "202a-01", "",         "2025"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(bwx_month_parse(bad[i], &index), BW_EPARSE);
	assert_int_equal(bwx_month_parse(NULL, &index), BW_EPARSE);
	/* The scan stops after the month. */
	assert_int_equal(bwx_month_scan("2025-03-15T00:00:00Z", &index, &end), 0);
	assert_int_equal(index, 2025 * 12 + 2);
	assert_string_equal(end, "-15T00:00:00Z");
	assert_int_equal(bwx_month_scan("2025-3", &index, &end), BW_EPARSE);
}

static void test_date__dates(void **state)
{
	(void)state;
	int64_t days;
	const char *end;
	char out[BWX_DATE_SIZE];

	assert_int_equal(bwx_date_parse("1970-01-01", &days), 0);
	assert_int_equal(days, 0);
	assert_int_equal(bwx_date_parse("2025-12-31", &days), 0);
	bwx_date_format(days + 1, out);
	assert_string_equal(out, "2026-01-01");
	bwx_date_format(bwx_days_from_civil(2024, 2, 28) + 1, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(bwx_date_parse("2025-04-31", &days), BW_EPARSE);
	assert_int_equal(bwx_date_parse("2025-04-00", &days), BW_EPARSE);
	assert_int_equal(bwx_date_parse("2025-04-1", &days), BW_EPARSE);
	assert_int_equal(bwx_date_parse("2025-04-10x", &days), BW_EPARSE);
	assert_int_equal(bwx_date_scan("2025-04-10T08:00:00Z", &days, &end), 0);
	assert_string_equal(end, "T08:00:00Z");
}

static void expect_time(const char *text, int64_t epoch_s, int32_t nanos, int32_t offset_s,
                        int has_time, int has_zone)
{
	bwx_time t;
	if (bwx_time_parse(text, &t) != 0)
		fail_msg("'%s' refused", text);
	assert_int_equal(t.epoch_s, epoch_s);
	assert_int_equal(t.nanos, nanos);
	assert_int_equal(t.offset_s, offset_s);
	assert_int_equal(t.has_time, has_time);
	assert_int_equal(t.has_zone, has_zone);
}

static void test_date__rfc3339(void **state)
{
	(void)state;
	const int64_t day = 1760572800; /* 2025-10-16T00:00:00Z */
	expect_time("2025-10-16T00:00:00Z", day, 0, 0, 1, 1);
	expect_time("2025-10-16t00:00:00z", day, 0, 0, 1, 1);
	expect_time("2025-10-16 00:00:00", day, 0, 0, 1, 0);
	expect_time("2025-10-16 00:00:00 UTC", day, 0, 0, 1, 1);
	expect_time("2025-10-16", day, 0, 0, 0, 0);
	expect_time("2025-10-16T12:34:56.5Z", day + 45296, 500000000, 0, 1, 1);
	expect_time("2025-10-16T12:34:56,123456789123Z", day + 45296, 123456789, 0, 1, 1);
	expect_time("2025-10-16T12:34:56.000001+00:00", day + 45296, 1000, 0, 1, 1);
	/* Offsets east are behind UTC: 02:00+02:00 is midnight UTC. */
	expect_time("2025-10-16T02:00:00+02:00", day, 0, 7200, 1, 1);
	expect_time("2025-10-15T19:30:00-0430", day, 0, -16200, 1, 1);
	expect_time("2025-10-16T00:00:00+00", day, 0, 0, 1, 1);
	/* An offset that crosses midnight and a year. */
	expect_time("2025-12-31T23:00:00-01:00", 1767225600, 0, -3600, 1, 1);
	/* A leap second is the next minute's first. */
	expect_time("2016-12-31T23:59:60Z", 1483228800, 0, 0, 1, 1);
	expect_time("1969-12-31T23:59:59Z", -1, 0, 0, 1, 1);

	const char *bad[] = {"2025-10-16T24:00:00Z",
	                     "2025-10-16T00:60:00Z",
	                     "2025-10-16T00:00:61Z",
	                     "2025-02-30T00:00:00Z",
	                     "2025-10-16T00:00Z",
	                     "2025-10-16T00:00:00+2",
	                     "2025-10-16T00:00:00+02:0",
	                     "2025-10-16T00:00:00+24:00",
	                     "2025-10-16T00:00:00 GMT",
	                     "2025-10-16T00:00:00Zjunk",
	                     "2025-10-16X",
	                     "16/10/2025",
	                     "",
	                     "2025-10-16 UTC"};
	bwx_time t;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bwx_time_parse(bad[i], &t) != BW_EPARSE)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(bwx_time_parse(NULL, &t), BW_EPARSE);
}

static void test_date__time_format(void **state)
{
	(void)state;
	char out[BWX_TIME_SIZE];
	bwx_time_format(1760572800 + 45296, out);
	assert_string_equal(out, "2025-10-16T12:34:56Z");
	bwx_time_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	bwx_time_format_day(bwx_days_from_civil(2024, 2, 29), out);
	assert_string_equal(out, "2024-02-29T00:00:00Z");
	/* Parse and format agree. */
	bwx_time t;
	assert_int_equal(bwx_time_parse("2024-02-29T23:59:59.999-01:00", &t), 0);
	bwx_time_format(t.epoch_s, out);
	assert_string_equal(out, "2024-03-01T00:59:59Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date__civil_round_trip),
	    cmocka_unit_test(test_date__leap_years),
	    cmocka_unit_test(test_date__day_of_week_and_epoch_day),
	    cmocka_unit_test(test_date__months),
	    cmocka_unit_test(test_date__dates),
	    cmocka_unit_test(test_date__rfc3339),
	    cmocka_unit_test(test_date__time_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * date.c: civil-date arithmetic and the strict date and time parsers.
 */
#include "date.h"

#include "bandwise/error.h"

#include <stdio.h>
#include <string.h>

int bwx_is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int bwx_days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && bwx_is_leap_year(year) ? 29 : days[month - 1];
}

/* Howard Hinnant's days_from_civil, written from its description: shift
 * the year to start in March so the leap day is the last day of the year,
 * then count 400-year eras (146097 days each), years of the era and days
 * of the year (153 days per 5 months from March). */
int64_t bwx_days_from_civil(int64_t year, int month, int day)
{
	year -= month <= 2;
	int64_t era = (year >= 0 ? year : year - 399) / 400;
	int64_t yoe = year - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void bwx_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

int bwx_day_of_week(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int64_t bwx_epoch_day(int64_t epoch_s)
{
	int64_t d = epoch_s / BWX_SECONDS_PER_DAY;
	return epoch_s % BWX_SECONDS_PER_DAY < 0 ? d - 1 : d;
}

/* 'n' ASCII digits at 's' into *out; -1 when one is not a digit. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* --- months ------------------------------------------------------------------- */

int bwx_month_scan(const char *text, int *out_index, const char **end)
{
	int year, month;
	/* digits() stops at a NUL (not a digit), so short texts are safe. */
	if (text == NULL || digits(text, 4, &year) < 0 || text[4] != '-' ||
	    digits(text + 5, 2, &month) < 0 || month < 1 || month > 12)
		return BW_EPARSE;
	*out_index = year * 12 + month - 1;
	if (end)
		*end = text + 7;
	return 0;
}

int bwx_month_parse(const char *text, int *out_index)
{
	const char *end;
	int index;
	if (bwx_month_scan(text, &index, &end) < 0 || *end != '\0')
		return BW_EPARSE;
	*out_index = index;
	return 0;
}

void bwx_month_split(int index, int *year, int *month)
{
	*year = index / 12;
	*month = index % 12 + 1;
}

void bwx_month_format(int index, char out[BWX_MONTH_SIZE])
{
	/* Unsigned and reduced so the compiler can see the text fits. */
	unsigned year = (unsigned)(index / 12) % 10000u, month = (unsigned)(index % 12) + 1u;
	snprintf(out, BWX_MONTH_SIZE, "%04u-%02u", year, month % 100u);
}

/* --- dates -------------------------------------------------------------------- */

int bwx_date_scan(const char *text, int64_t *out_days, const char **end)
{
	int index, day;
	const char *p;
	if (bwx_month_scan(text, &index, &p) < 0 || p[0] != '-' || digits(p + 1, 2, &day) < 0)
		return BW_EPARSE;
	int year = index / 12, month = index % 12 + 1;
	if (day < 1 || day > bwx_days_in_month(year, month))
		return BW_EPARSE;
	*out_days = bwx_days_from_civil(year, month, day);
	if (end)
		*end = p + 3;
	return 0;
}

int bwx_date_parse(const char *text, int64_t *out_days)
{
	const char *end;
	int64_t days;
	if (bwx_date_scan(text, &days, &end) < 0 || *end != '\0')
		return BW_EPARSE;
	*out_days = days;
	return 0;
}

void bwx_date_format(int64_t days, char out[BWX_DATE_SIZE])
{
	int64_t year;
	int month, day;
	bwx_civil_from_days(days, &year, &month, &day);
	snprintf(out, BWX_DATE_SIZE, "%04u-%02u-%02u", (unsigned)(year % 10000),
	         (unsigned)month % 100u, (unsigned)day % 100u);
}

/* --- times -------------------------------------------------------------------- */

int bwx_time_parse(const char *text, bwx_time *out)
{
	bwx_time t = {0, 0, 0, 0, 0};
	int64_t days;
	int h = 0, mi = 0, se = 0;
	const char *p;

	if (text == NULL || bwx_date_scan(text, &days, &p) < 0)
		return BW_EPARSE;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &h) < 0 || p[3] != ':' || digits(p + 4, 2, &mi) < 0 ||
		    p[6] != ':' || digits(p + 7, 2, &se) < 0 || h > 23 || mi > 59 || se > 60)
			return BW_EPARSE;
		t.has_time = 1;
		p += 9;
		if (*p == '.' || *p == ',') {
			/* Nanoseconds from the first nine digits; the rest only
			 * have to be digits. */
			int scale = 100000000;
			for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
				t.nanos += scale * (*p - '0');
		}
	}
	if (*p == 'Z' || *p == 'z') {
		t.has_zone = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om = 0, sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) < 0)
			return BW_EPARSE;
		if (p[3] == '\0') { /* "+00": PostgreSQL's timestamptz */
			p += 3;
		} else if (p[3] == ':') {
			if (digits(p + 4, 2, &om) < 0)
				return BW_EPARSE;
			p += 6;
		} else {
			if (digits(p + 3, 2, &om) < 0)
				return BW_EPARSE;
			p += 5;
		}
		if (oh > 23 || om > 59)
			return BW_EPARSE;
		t.has_zone = 1;
		t.offset_s = sign * (oh * 3600 + om * 60);
	} else if (t.has_time && strcmp(p, " UTC") == 0) {
		t.has_zone = 1;
		p += 4;
	}
	if (*p != '\0')
		return BW_EPARSE;
	t.epoch_s = days * BWX_SECONDS_PER_DAY + h * 3600 + mi * 60 + se - t.offset_s;
	*out = t;
	return 0;
}

void bwx_time_format(int64_t epoch_s, char out[BWX_TIME_SIZE])
{
	int64_t days = bwx_epoch_day(epoch_s), rest = epoch_s - days * BWX_SECONDS_PER_DAY;
	char day[BWX_DATE_SIZE];
	bwx_date_format(days, day);
	snprintf(out, BWX_TIME_SIZE, "%.10sT%02u:%02u:%02uZ", day, (unsigned)(rest / 3600) % 100u,
	         (unsigned)(rest / 60 % 60), (unsigned)(rest % 60));
}

void bwx_time_format_day(int64_t days, char out[BWX_TIME_SIZE])
{
	bwx_time_format(days * BWX_SECONDS_PER_DAY, out);
}

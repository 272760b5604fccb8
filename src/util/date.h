/*
 * date.h (private): civil dates, months and RFC 3339 times, in UTC.
 *
 * Dates are proleptic Gregorian and counted in days since 1970-01-01
 * (negative before), computed by arithmetic alone: nothing here reads the
 * TZ variable or calls timegm/mktime, so results do not depend on the
 * machine. Months are counted as an index, year * 12 + (month - 1), so
 * "three months later" is index + 3 and "months between" is a difference.
 *
 * Parsers return 0 or BW_EPARSE and set no message: the caller knows the
 * file, line and field and says what was expected there.
 */
#ifndef BANDWISE_DATE_H
#define BANDWISE_DATE_H

#include <stdint.h>

/* Buffer sizes of the formatted forms, terminator included. */
#define BWX_MONTH_SIZE 8  /* "YYYY-MM" */
#define BWX_DATE_SIZE  11 /* "YYYY-MM-DD" */
#define BWX_TIME_SIZE  21 /* "YYYY-MM-DDTHH:MM:SSZ" */

#define BWX_SECONDS_PER_DAY 86400

/* --- civil dates ------------------------------------------------------------ */

/* 1 for a Gregorian leap year (divisible by 4, not by 100 unless by 400). */
int bwx_is_leap_year(int64_t year);

/* 28 to 31; 0 when 'month' is outside 1..12. */
int bwx_days_in_month(int64_t year, int month);

/* Days since 1970-01-01 of year-month-day. 'month' 1..12, 'day' 1..31;
 * out-of-range days are not checked (day 32 is the next month's 1st). */
int64_t bwx_days_from_civil(int64_t year, int month, int day);

/* The inverse of bwx_days_from_civil. */
void bwx_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/* 0 = Sunday .. 6 = Saturday. */
int bwx_day_of_week(int64_t days);

/* The day (since 1970-01-01) holding 'epoch_s' seconds, rounding down for
 * times before the epoch too (-1 s is day -1). */
int64_t bwx_epoch_day(int64_t epoch_s);

/* --- "YYYY-MM" ---------------------------------------------------------------- */

/*
 * A strict month at the start of 'text': four digits, '-', two digits,
 * month 01..12 (no sign, no spaces, no one-digit month). On success
 * *out_index = year * 12 + month - 1 and, when 'end' is not NULL, *end
 * points just past the month. bwx_month_parse wants nothing after it.
 */
int bwx_month_scan(const char *text, int *out_index, const char **end);
int bwx_month_parse(const char *text, int *out_index);

/* "YYYY-MM" of a month index; the year is taken modulo 10000 so the text
 * always has four digits. */
void bwx_month_format(int index, char out[BWX_MONTH_SIZE]);

/* Year and month (1..12) of a month index >= 0. */
void bwx_month_split(int index, int *year, int *month);

/* --- "YYYY-MM-DD" ---------------------------------------------------------------- */

/*
 * A strict date at the start of 'text' ("YYYY-MM-DD", the day valid for
 * its month: 2024-02-29 yes, 2025-02-29 no). *out_days counts days since
 * 1970-01-01; *end as for bwx_month_scan. bwx_date_parse wants nothing
 * after it.
 */
int bwx_date_scan(const char *text, int64_t *out_days, const char **end);
int bwx_date_parse(const char *text, int64_t *out_days);

/* "YYYY-MM-DD" of a day count (years 0..9999). */
void bwx_date_format(int64_t days, char out[BWX_DATE_SIZE]);

/* --- RFC 3339 ---------------------------------------------------------------- */

/* A parsed time: what bwx_time_parse saw besides the instant, so a caller
 * can refuse what it does not want (a bare date, a zone other than UTC). */
typedef struct {
	int64_t epoch_s;  /* seconds since 1970-01-01T00:00:00Z, the zone applied */
	int32_t nanos;    /* the fraction of a second, 0..999999999 (digits past
	                   * the ninth are read and dropped) */
	int32_t offset_s; /* the zone's offset east of UTC; 0 for Z, UTC or none */
	int has_time;     /* 0 for a bare "YYYY-MM-DD" */
	int has_zone;     /* 0 when no zone was written (read as UTC) */
} bwx_time;

/*
 * An RFC 3339 time, or the looser forms the readers of exported logs
 * meet, all read as one grammar:
 *     YYYY-MM-DD [ (T|t|' ') HH:MM:SS [ (.|,) digits ] ] [ zone ]
 *     zone = Z | z | (+|-)HH:MM | (+|-)HHMM | (+|-)HH | " UTC"
 * "+00" is PostgreSQL's timestamptz; a space for the T and " UTC" come
 * from SQL exports. The day must exist in its month; hours 00..23,
 * minutes 00..59, seconds 00..60 (a leap second counts as the next
 * minute's 0). Nothing may follow. Returns 0 or BW_EPARSE.
 */
int bwx_time_parse(const char *text, bwx_time *out);

/* "YYYY-MM-DDTHH:MM:SSZ" of 'epoch_s' (years 0..9999). */
void bwx_time_format(int64_t epoch_s, char out[BWX_TIME_SIZE]);

/* "YYYY-MM-DDT00:00:00Z", midnight opening day 'days'. */
void bwx_time_format_day(int64_t days, char out[BWX_TIME_SIZE]);

#endif

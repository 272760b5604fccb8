/*
 * timestamp.c: the times request logs write, as seconds since the epoch.
 * Dates are proleptic Gregorian, UTC; an offset in the text is applied.
 */
#include "timestamp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil algorithm, written from its description). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void bw_ingest__civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]" (a space may stand
 * for the T; no zone means UTC) into seconds since the epoch. */
int bw_ingest__time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t len = strlen(s);

	if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	const char *p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi) ||
		    p[6] != ':' || digits(p + 7, 2, &se) || h > 23 || mi > 59 || se > 60)
			return -1;
		p += 9;
		if (*p == '.' || *p == ',')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	int64_t offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om = 0;
		int sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return -1;
		if (p[3] == '\0') { /* "+00": PostgreSQL's timestamptz */
			p += 3;
		} else {
			if (p[3] == ':' ? digits(p + 4, 2, &om) : digits(p + 3, 2, &om))
				return -1;
			p += p[3] == ':' ? 6 : 5;
		}
		offset = sign * (oh * 3600 + om * 60);
	} else if (*p == ' ' && strcmp(p, " UTC") == 0) {
		p += 4;
	}
	if (*p != '\0')
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
	return 0;
}

/* A number of seconds, milliseconds, microseconds or nanoseconds since the
 * epoch, told apart by magnitude (dates between 1973 and 5138). */
int64_t bw_ingest__time_from_number(double v)
{
	if (v >= 1e17)
		return (int64_t)(v / 1e9);
	if (v >= 1e14)
		return (int64_t)(v / 1e6);
	if (v >= 1e11)
		return (int64_t)(v / 1e3);
	return (int64_t)v;
}

/* A time written as text: RFC 3339, or an epoch number in a string (OTLP
 * writes "1700000000000000000" nanoseconds that way). */
int bw_ingest__time_of_text(const char *s, int64_t *out)
{
	int all_digits = *s != '\0';
	for (const char *p = s; *p; p++)
		all_digits &= isdigit((unsigned char)*p) != 0;
	if (all_digits) {
		*out = bw_ingest__time_from_number(strtod(s, NULL));
		return 0;
	}
	return bw_ingest__time_parse(s, out);
}

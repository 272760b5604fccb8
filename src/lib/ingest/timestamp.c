/*
 * timestamp.c: the times request logs write, as seconds since the epoch.
 * Dates are proleptic Gregorian, UTC; an offset in the text is applied.
 */
#include "timestamp.h"

#include "date.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void bw_ingest__civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t year;
	bwx_civil_from_days(z, &year, m, d);
	*y = (int)year;
}

/* The grammar is bwx_time_parse's (date.h): RFC 3339 and the looser forms
 * of exported logs (a space for the T, "+00", " UTC"); no zone means UTC. */
int bw_ingest__time_parse(const char *s, int64_t *out)
{
	bwx_time t;
	if (bwx_time_parse(s, &t) < 0)
		return -1;
	*out = t.epoch_s;
	return 0;
}

/* A number of seconds, milliseconds, microseconds or nanoseconds since the
 * epoch, told apart by magnitude (dates between 1973 and 5138). */
int64_t bw_ingest__time_from_number(double v)
{
	/* Past 9.2e18 even nanoseconds leave int64 (and the conversion below
	 * would be undefined): such a number is no time. */
	if (!(v > -9.2e18 && v < 9.2e18))
		return BW_INGEST__TIME_NONE;
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

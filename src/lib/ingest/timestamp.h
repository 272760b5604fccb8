/*
 * timestamp.h (private): times as request logs write them, to seconds
 * since 1970-01-01T00:00:00Z.
 */
#ifndef BANDWISE_INGEST_TIMESTAMP_H
#define BANDWISE_INGEST_TIMESTAMP_H

#include <stdint.h>

/* The window of believable times: 2000-01-01T00:00:00Z (inclusive) to
 * 2100-01-01T00:00:00Z (exclusive). A time outside it is a poison value
 * (1e30, INT64_MAX, a unit mistaken), not usage: stored, it would be a
 * bucket that no later command can read as a date. */
#define BW_INGEST__TIME_MIN ((int64_t)946684800)
#define BW_INGEST__TIME_MAX ((int64_t)4102444800)
/* What readers put in a record's time when the number cannot be a time at
 * all (infinite, beyond int64): refused by the window like any other. */
#define BW_INGEST__TIME_NONE INT64_MIN

/* 1 when 'epoch' lies in [BW_INGEST__TIME_MIN, BW_INGEST__TIME_MAX). */
static inline int bw_ingest__time_believable(int64_t epoch)
{
	return epoch >= BW_INGEST__TIME_MIN && epoch < BW_INGEST__TIME_MAX;
}

/* The civil date (UTC) of a day number (days since 1970-01-01). */
void bw_ingest__civil_from_days(int64_t z, int *y, int *m, int *d);

/* "YYYY-MM-DD" or RFC 3339 text into *out; 0, or -1 when it is neither. */
int bw_ingest__time_parse(const char *s, int64_t *out);

/* An epoch number in seconds, ms, us or ns (told apart by magnitude);
 * BW_INGEST__TIME_NONE for a number that is no time at all (negative
 * beyond the window, infinite, NaN, past int64 nanoseconds). */
int64_t bw_ingest__time_from_number(double v);

/* RFC 3339 text, or an epoch number written as digits; 0 or -1. */
int bw_ingest__time_of_text(const char *s, int64_t *out);

#endif

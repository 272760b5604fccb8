/*
 * timestamp.h (private): times as request logs write them, to seconds
 * since 1970-01-01T00:00:00Z.
 */
#ifndef BANDWISE_INGEST_TIMESTAMP_H
#define BANDWISE_INGEST_TIMESTAMP_H

#include <stdint.h>

/* The civil date (UTC) of a day number (days since 1970-01-01). */
void bw_ingest__civil_from_days(int64_t z, int *y, int *m, int *d);

/* "YYYY-MM-DD" or RFC 3339 text into *out; 0, or -1 when it is neither. */
int bw_ingest__time_parse(const char *s, int64_t *out);

/* An epoch number in seconds, ms, us or ns (told apart by magnitude). */
int64_t bw_ingest__time_from_number(double v);

/* RFC 3339 text, or an epoch number written as digits; 0 or -1. */
int bw_ingest__time_of_text(const char *s, int64_t *out);

#endif

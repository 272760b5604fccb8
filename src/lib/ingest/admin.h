/*
 * ingest_admin.h (private): the Admin API response readers.
 */
#ifndef BANDWISE_INGEST_ADMIN_H
#define BANDWISE_INGEST_ADMIN_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"
#include "bandwise/usage.h"

/* What a reader produced from one file. */
typedef struct {
	bw_ingest_format format;
	bw_usage_rows usage;
	bw_cost_row *costs;
	size_t cost_count, cost_capacity;
	int64_t pages;
	int64_t buckets;
	/* Distinct buckets, for the overlap check: start and end pairs. */
	char (*bucket_bounds)[2][BW_USAGE_TIME_MAX];
	size_t bucket_count, bucket_capacity;
} bw_ingest__admin_parsed;

void bw_ingest__admin_parsed_dispose(bw_ingest__admin_parsed *parsed);

/*
 * Parse 'len' bytes of one or more Admin API response pages (one object,
 * an array of objects, or one object per line) into 'parsed'. 'format'
 * may be BW_INGEST_AUTO; parsed->format says what was read. Returns 0 or
 * BW_EPARSE with "ORIGIN:LINE:COL: ..." set.
 */
int bw_ingest__admin_parse(const char *origin, const char *text, size_t len,
                           bw_ingest_format format, bw_ingest__admin_parsed *parsed);

#endif

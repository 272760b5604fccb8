/*
 * ingest_requests.h (private): request-level logs summed into the daily
 * usage cube, streamed in bounded memory.
 */
#ifndef BANDWISE_INGEST_REQUESTS_H
#define BANDWISE_INGEST_REQUESTS_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"

/* 1 for the formats this module reads. */
int bw_requests_is_request_format(bw_ingest_format format);

/*
 * Look at the start of 'path' and say which format it holds: a request-log
 * format, or BW_INGEST_AUTO for an Admin API report (read whole by the
 * report readers). Returns 0, or BW_ENOTFOUND, BW_EIO, BW_EPARSE (nothing
 * recognisable: the message says what was expected).
 */
int bw_requests_detect(const char *path, const bw_ingest_options *options, bw_ingest_format *out);

/* Read the whole file in 'format', sum it per day, and store it in one
 * transaction (unless the same bytes were stored before). */
int bw_requests_ingest(bw_store *store, const char *path, bw_ingest_format format,
		       const bw_ingest_options *options, bw_ingest_result *out);

#endif

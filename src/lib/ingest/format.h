/*
 * format.h (private): the one table of input formats. What varies by
 * format is a row here, not a chain of ifs in the readers.
 */
#ifndef BANDWISE_INGEST_FORMAT_H
#define BANDWISE_INGEST_FORMAT_H

#include "bandwise/ingest.h"

typedef enum {
	BW_INGEST__KIND_DETECT, /* auto: look at the file first */
	BW_INGEST__KIND_REPORT, /* an Admin API report, read whole (admin.c) */
	BW_INGEST__KIND_JSONL,  /* request logs, one JSON record a line (jsonl.c) */
	BW_INGEST__KIND_CSV     /* request logs as CSV records (csvlog.c) */
} bw_ingest__kind;

typedef struct {
	bw_ingest_format format;
	const char *name; /* as --format spells it, and as the store records it */
	bw_ingest__kind kind;
	int needs_model; /* the rows carry no model: --model is required */
} bw_ingest__format_row;

/* The row of 'format'; NULL for a value outside the enum. */
const bw_ingest__format_row *bw_ingest__format_row_of(bw_ingest_format format);

/* 1 for the request-log formats (streamed, summed per day). */
int bw_ingest__format_is_requests(bw_ingest_format format);

#endif

/*
 * reader.h (private): what a request reader keeps across the records of
 * one source: the options, Mooncake's start time, a CSV header's columns.
 */
#ifndef BANDWISE_INGEST_READER_H
#define BANDWISE_INGEST_READER_H

#include "bandwise/ingest.h"

#include <stdint.h>

#define CSV_MAX_FIELDS 256
/* How often (in bytes read) the progress callback hears from a reader. */
#define PROGRESS_EVERY ((uint64_t)4 << 20)

typedef struct {
	const bw_ingest_options *options;
	int64_t start_epoch; /* mooncake */
	/* CSV: the header's column names, and the column of each field */
	char *header_copy;
	char *header[CSV_MAX_FIELDS];
	int header_count;
	int col_time, col_model, col_input, col_output, col_read, col_write, col_write_1h,
	    col_workspace, col_api_key, col_tier, col_web, col_metadata, col_provider;
	/* FOCUS */
	int col_category, col_quantity, col_unit, col_meter, col_details, col_geo, col_window;
	int col_tag;
} reader;

#endif

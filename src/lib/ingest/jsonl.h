/*
 * jsonl.h (private): one line of a JSONL request log (messages, otel,
 * mooncake) into a sink.
 */
#ifndef BANDWISE_INGEST_JSONL_H
#define BANDWISE_INGEST_JSONL_H

#include "jsonscan.h"
#include "reader.h"
#include "sink.h"

/* The values bwx_jsonscan finds for a Messages line: its paths and --tag. */
#define BW_INGEST__JSONL_VALUES 49

/* What reading one JSON line needs; one per thread. */
typedef struct {
	bw_ingest_format format;
	const reader *rd;
	sink *sk;
	const bwx_jsonscan *scan; /* messages: shared, read-only */
	bwx_js_value values[BW_INGEST__JSONL_VALUES];
	uint64_t found;   /* the values the last line filled (bwx_jsonscan_run_again) */
	bwx_js_memo memo; /* the last lines' keys, to guess the next line's */
	/* The last "YYYY-MM-DD" a time of the form YYYY-MM-DDTHH:MM:SS[.f]Z
	 * was read with, and its midnight in epoch seconds: the lines of a
	 * log are in time order, so the next time is nearly always that day. */
	char time_day[10];
	int64_t time_day_start;
	int time_day_known;
} jsonl_context;

/* The scanner of the Messages paths, then 'tag' (may be NULL); NULL when
 * out of memory. Free with bwx_jsonscan_free. */
bwx_jsonscan *bw_ingest__jsonl_scan_new(const char *tag);

/* One line of a JSONL format into the sink. Returns 1 (stored), 0 (left
 * out: *skipped counts it), -1 (bad: 'why' says why), -2 (out of memory). */
int bw_ingest__jsonl_line(jsonl_context *c, const char *line, size_t len, char *why,
                          size_t why_size, int64_t *skipped);

#endif

/*
 * sink.h (private): where request records go: the day cube of one source,
 * then one transaction in the store.
 */
#ifndef BANDWISE_INGEST_SINK_H
#define BANDWISE_INGEST_SINK_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"
#include "cube.h"

typedef struct {
	cube days;
	int64_t requests;
	const bw_ingest_options *options;
	char *why;
	size_t why_size;
} sink;

/* One record into the sink (context: a sink). Returns 1 (added), -1 (a bad
 * record: the sink's 'why' says why), -2 (out of memory). */
int bw_ingest__sink_add(void *context, record *r);

/* The same with the record's texts given apart (bw_ingest__cube_add_texts). */
int bw_ingest__sink_add_texts(sink *s, const record *r, const record_text texts[T_COUNT]);

/*
 * The end every request source shares: what was read into *out, then,
 * unless a source with out->sha256_hex is stored already, one transaction:
 * the provenance (out->format names the format), then every day row.
 * 'stream' and the replaced range [start, end) are for database sources
 * (NULL for files, whose stream is their fingerprint). Returns 0 or the
 * store's error.
 */
int bw_ingest__sink_store(bw_store *store, const char *name, const sink *sk, const char *stream,
                          const char *start, const char *end, bw_ingest_result *out);

#endif

/*
 * requests.h (private): request-level logs summed into the daily usage
 * cube, streamed in bounded memory.
 */
#ifndef BANDWISE_INGEST_REQUESTS_H
#define BANDWISE_INGEST_REQUESTS_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"

#include "stream.h"

/* Read the whole file in 'format', sum it per day, and store it in one
 * transaction (unless the same bytes were stored before). 'stream' is the
 * file opened on 'path' (the caller closes it); nothing of it need have
 * been consumed but what bwx_stream_peek_line looked at. */
int bw_ingest__requests_ingest(bw_store *store, const char *path, bwx_stream *stream,
                               bw_ingest_format format, const bw_ingest_options *options,
                               bw_ingest_result *out);

#endif

/*
 * detect.h (private): a file's format, told from its first line.
 */
#ifndef BANDWISE_INGEST_DETECT_H
#define BANDWISE_INGEST_DETECT_H

#include "bandwise/ingest.h"

#include "stream.h"

/*
 * Look at the start of 'stream' (opened on 'path', which messages name)
 * and say which format it holds: a request-log format, or BW_INGEST_AUTO
 * for an Admin API report (read whole by the report readers). Nothing is
 * consumed (bwx_stream_peek_line): the reader then reads the same stream,
 * so standard input and named pipes are read once. Returns 0, or BW_EIO,
 * BW_EPARSE (nothing recognisable: the message says what was expected).
 */
int bw_ingest__detect(bwx_stream *stream, const char *path, const bw_ingest_options *options,
                      bw_ingest_format *out);

#endif

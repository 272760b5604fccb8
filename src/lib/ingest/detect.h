/*
 * detect.h (private): a file's format, told from its first line.
 */
#ifndef BANDWISE_INGEST_DETECT_H
#define BANDWISE_INGEST_DETECT_H

#include "bandwise/ingest.h"

/*
 * Look at the start of 'path' and say which format it holds: a request-log
 * format, or BW_INGEST_AUTO for an Admin API report (read whole by the
 * report readers). Returns 0, or BW_ENOTFOUND, BW_EIO, BW_EPARSE (nothing
 * recognisable: the message says what was expected).
 */
int bw_ingest__detect(const char *path, const bw_ingest_options *options, bw_ingest_format *out);

#endif

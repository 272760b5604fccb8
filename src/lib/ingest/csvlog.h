/*
 * csvlog.h (private): CSV request logs: the header, then one record at a time.
 */
#ifndef BANDWISE_INGEST_CSVLOG_H
#define BANDWISE_INGEST_CSVLOG_H

#include "cube.h"
#include "reader.h"

/*
 * Split one CSV record (RFC 4180: quoted fields, "" for a quote) in place.
 * Returns the field count, or -1 for a quote that never closes on this
 * record (the caller joins the next line and tries again).
 */
int bw_ingest__csv_split(char *line, char **fields, int max);

/* The header line of 'format' into rd's columns (rd->header_copy is then
 * the caller's to free). 0, or -1 ('why' says what is missing). */
int bw_ingest__csv_read_header(reader *rd, bw_ingest_format format, const char *line, char *why,
                               size_t why_size);

/* One record's fields into *r. Returns 1 (a record), 0 (another vendor's
 * row: left out), -1 ('why' says why). */
int bw_ingest__csv_read_record(const reader *rd, bw_ingest_format format, char **f, int n,
                               record *r, char *why, size_t why_size);

#endif

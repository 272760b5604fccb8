/*
 * rows.h (private): request rows that come from a database, not a file.
 */
#ifndef BANDWISE_INGEST_ROWS_H
#define BANDWISE_INGEST_ROWS_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"

/*
 * Rows that come from elsewhere than a file (a database), read as the CSV
 * readers read a record: begin with the column names as a CSV header line,
 * add each row's fields ('where' names the row in messages; a bad row
 * counts against options->max_errors), then store them in one
 * transaction as the stream 'stream', replacing that stream's rows of the
 * days in [start, end). 'fingerprint' identifies the rows read: the same
 * rows again are recognised and not stored twice.
 */
typedef struct bw_ingest__requests_rows bw_ingest__requests_rows;

int bw_ingest__requests_rows_begin(bw_ingest__requests_rows **out, bw_ingest_format format,
                                   const char *header_line, const bw_ingest_options *options);
int bw_ingest__requests_rows_add(bw_ingest__requests_rows *rows, char **fields, int count,
                                 const char *where);
int bw_ingest__requests_rows_store(bw_ingest__requests_rows *rows, bw_store *store,
                                   const char *name, const char *fingerprint, const char *stream,
                                   const char *start, const char *end, bw_ingest_result *out);
void bw_ingest__requests_rows_free(bw_ingest__requests_rows *rows);

#endif

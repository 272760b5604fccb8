/*
 * rows.c: rows that come from elsewhere than a file (a database), read as
 * the CSV readers read a record, stored as one source.
 */
#include "rows.h"

#include "bandwise/error.h"
#include "csvlog.h"
#include "format.h"
#include "sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bw_ingest__requests_rows {
	reader rd;
	sink sk;
	bw_ingest_format format;
	const bw_ingest_options *options;
	int64_t skipped, rejected;
	char first_rejected[512];
	char why[400];
};

int bw_ingest__requests_rows_begin(bw_ingest__requests_rows **out, bw_ingest_format format,
                                   const char *header_line, const bw_ingest_options *options)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	bw_ingest__requests_rows *rows = calloc(1, sizeof(*rows));

	*out = NULL;
	if (rows == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	rows->options = options ? options : &defaults;
	rows->format = format;
	rows->rd.options = rows->options;
	rows->sk.options = rows->options;
	rows->sk.why = rows->why;
	rows->sk.why_size = sizeof(rows->why);
	if (bw_ingest__csv_read_header(&rows->rd, format, header_line, rows->why,
	                               sizeof(rows->why)) < 0) {
		int error = bw_error_set(BW_EUSAGE, "%s", rows->why);
		bw_ingest__requests_rows_free(rows);
		return error;
	}
	*out = rows;
	return 0;
}

int bw_ingest__requests_rows_add(bw_ingest__requests_rows *rows, char **fields, int count,
                                 const char *where)
{
	record r;
	bw_ingest__record_reset(&r);
	rows->why[0] = '\0';
	int got = bw_ingest__csv_read_record(&rows->rd, rows->format, fields, count, &r, rows->why,
	                                     sizeof(rows->why));
	if (got == 1)
		got = bw_ingest__sink_add(&rows->sk, &r);
	else if (got == 0)
		rows->skipped++;
	if (got == -2)
		return bw_error_set(BW_ERROR, "out of memory");
	if (got == -1) {
		if (rows->rejected++ == 0)
			snprintf(rows->first_rejected, sizeof(rows->first_rejected), "%s: %s",
			         where, rows->why);
		if (rows->rejected > rows->options->max_errors)
			return bw_error_set(BW_EPARSE, "%s: %s", where, rows->why);
	}
	return 0;
}

int bw_ingest__requests_rows_store(bw_ingest__requests_rows *rows, bw_store *store,
                                   const char *name, const char *fingerprint, const char *stream,
                                   const char *start, const char *end, bw_ingest_result *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->format, sizeof(out->format), "%s",
	         bw_ingest__format_row_of(rows->format)->name);
	snprintf(out->sha256_hex, sizeof(out->sha256_hex), "%s", fingerprint);
	snprintf(out->first_rejected, sizeof(out->first_rejected), "%s", rows->first_rejected);
	out->skipped = rows->skipped;
	out->rejected = rows->rejected;
	return bw_ingest__sink_store(store, name, &rows->sk, stream, start, end, out);
}

void bw_ingest__requests_rows_free(bw_ingest__requests_rows *rows)
{
	if (rows == NULL)
		return;
	free(rows->rd.header_copy);
	bw_ingest__cube_free(&rows->sk.days);
	free(rows);
}

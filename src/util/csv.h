/*
 * csv.h (private): reading and writing CSV (RFC 4180).
 *
 * Reading is two steps, so that each reader keeps its own rules for
 * comments, blank lines and headers:
 *   1. bwx_csv_record gathers one record from a bwx_stream: one line, or
 *      several when a quoted field holds a line break. A record goes on
 *      while it holds an odd number of quote characters, so "a""b" and
 *      "x\ny" are both read whole. Line endings "\n" and "\r\n" are
 *      dropped at the end of each line; inside a record the lines are
 *      joined with "\n".
 *   2. bwx_csv_split cuts a record into fields in place: a field that
 *      starts with a quote runs to the closing quote, "" inside it is one
 *      quote, text after the closing quote up to the comma is dropped; a
 *      field that does not start with a quote is taken as written
 *      (quotes included).
 * Writing quotes a field only when it needs it (a comma, quote, CR or LF
 * in it), doubling its quotes, and neutralises text a spreadsheet would
 * run as a formula.
 */
#ifndef BANDWISE_CSV_H
#define BANDWISE_CSV_H

#include "stream.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct bwx_csv bwx_csv;

/* Options of bwx_csv_open. */
enum {
	/* A line that starts with '#' where a record would start is a record
	 * of its own (a comment), never joined with the next line, whatever
	 * quotes it holds. The caller recognises it by its first byte. */
	BWX_CSV_COMMENTS = 1
};

/*
 * A record reader on 'stream', which stays the caller's (open before,
 * close after bwx_csv_close); 'path' names the file in messages
 * (borrowed). Returns 0 or BW_ERROR (out of memory).
 */
int bwx_csv_open(bwx_csv **out, bwx_stream *stream, const char *path, int flags);

/*
 * The next record, NUL-terminated, in *text (len bytes, no final line
 * ending): valid until the next call; the caller may modify it (split it)
 * in place. A blank line is a record of length 0. Returns 1 with a
 * record, 0 at the end, or a negative code with the message set:
 * BW_EPARSE "PATH:LINE: a quoted field that never closes" when the file
 * ends (or the record outgrows BWX_STREAM_LINE_MAX) inside quotes; the
 * stream's errors (BW_EIO, BW_EPARSE, BW_ERANGE); BW_ERROR.
 */
int bwx_csv_record(bwx_csv *csv, char **text, size_t *len);

/* The 1-based number of the first line of the record last returned. */
int64_t bwx_csv_line_number(const bwx_csv *csv);

/* Frees the reader, not the stream. NULL is fine. */
void bwx_csv_close(bwx_csv *csv);

/* The fields of one record: pointers into the record's text. */
typedef struct {
	char **items;
	size_t count;
	size_t capacity;
} bwx_csv_fields;

#define BWX_CSV_FIELDS_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * Split 'text' in place into fields->items[0 .. count) (the previous
 * split's fields are forgotten; the array is reused). Each field starts
 * where it started in the text, so fields->items[i] - text + 1 is its
 * 1-based byte column. Returns the field count (>= 1), or BW_EPARSE when a
 * quoted field does not close (no message set: the fields before it are
 * in fields), or BW_ERROR / BW_ERANGE from the array's growth.
 */
int bwx_csv_split(char *text, bwx_csv_fields *fields);

/*
 * The field at *cursor, unquoted in place and NUL-terminated where it
 * starts; *cursor moves to the next field. The one rule both splitters
 * (bwx_csv_split and the request readers' fixed-size one) follow. Returns
 * 1 when another field follows, 0 for the record's last field, or
 * BW_EPARSE (no message) when a quoted field does not close.
 */
int bwx_csv_next_field(char **cursor);

void bwx_csv_fields_clear(bwx_csv_fields *fields);

/* 1 when 'text' holds an odd number of quote characters: a record that
 * goes on past this line. */
int bwx_csv_open_quote(const char *text);

/* Write one text field to 'out', quoted only when it holds ',', '"', '\r'
 * or '\n' (its quotes doubled then). A field a spreadsheet would run as a
 * formula (bwx_csv_formula_like) gets a leading single quote first
 * (OWASP's rule against CSV injection). Numbers are not text: write them
 * with printf, never through here, so that "-2" of ours stays a number. */
void bwx_csv_write_field(FILE *out, const char *text);

/* 1 when 'text' starts with '=', '+', '-', '@', TAB or CR: a spreadsheet
 * would read it as a formula. */
int bwx_csv_formula_like(const char *text);

/* 1 when bwx_csv_write_field would quote 'text'. */
int bwx_csv_needs_quotes(const char *text);

#endif

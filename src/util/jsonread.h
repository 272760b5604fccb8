/*
 * jsonread.h (private): the one way a reader of a JSON file reports a
 * value of the wrong shape.
 *
 * jansson parses; the readers then check each value against what the file
 * format wants (a price >= 0, a month "YYYY-MM"). When one is wrong the
 * message must say where it is and what was expected:
 *
 *     deal.json:4:18: schedule_usd[2]: expected an amount >= 0, got the string "x"
 *
 * A bwx_jsonread carries the file's name and raw text and the path being
 * read (a bwx_jsonpos_path the reader pushes keys and indexes onto as it
 * descends); the error functions find the value's line and column in the
 * text with bwx_jsonpos and set the message.
 */
#ifndef BANDWISE_JSONREAD_H
#define BANDWISE_JSONREAD_H

#include "jsonpos.h"

#include <jansson.h>
#include <stddef.h>

typedef struct {
	const char *origin; /* the file name messages start with; borrowed */
	const char *text;   /* the raw text (borrowed), or NULL: no line:column */
	size_t text_len;
	const char *segment; /* the JSON value being read, inside text (text by default) */
	size_t segment_len;
	int first_line; /* the line number of text[0]: 1 for a file, N for line N of a JSONL file */
	bwx_jsonpos_path path; /* where the reader is; empty at the top level */
} bwx_jsonread;

/* Start reading 'text' (len bytes, may be NULL) of file 'origin'; the
 * path is empty and line numbers start at 1. Borrows both strings. */
void bwx_jsonread_init(bwx_jsonread *r, const char *origin, const char *text, size_t len);

/* Read one value among several in 'text' (concatenated JSON values):
 * paths are then looked up from 'segment', lines and columns still
 * counted from the start of the text. */
void bwx_jsonread_segment(bwx_jsonread *r, const char *segment, size_t len);

/* Push and pop path steps (as bwx_jsonpos_key/_index/_pop). */
void bwx_jsonread_key(bwx_jsonread *r, const char *key);
void bwx_jsonread_index(bwx_jsonread *r, size_t index);
void bwx_jsonread_pop(bwx_jsonread *r);

/*
 * Set a BW_EPARSE message about the value at the current path plus 'field'
 * ("" or NULL for the current value itself) and return BW_EPARSE:
 *     "ORIGIN:LINE:COLUMN: PATH.FIELD: expected EXPECTED"
 * The path reads "top level" when empty. Without text the position is
 * left out ("ORIGIN: PATH: expected ..."). When the field is missing the
 * position is that of the deepest enclosing value found.
 */
int bwx_jsonread_error(bwx_jsonread *r, const char *field, const char *expected);

/*
 * As bwx_jsonread_error, saying what was found: ", got the string \"x\""
 * (see bwx_jsonread_describe), or "PATH: missing; expected ..." when 'got'
 * is NULL.
 */
int bwx_jsonread_error_got(bwx_jsonread *r, const char *field, const char *expected,
                           const json_t *got);

/* A short description of a JSON value for messages, into buf: "the string
 * \"abc\"" (the first 40 bytes), "12", "1.5" (%g), "an object", "an array",
 * "a boolean" or "null". Returns buf. */
const char *bwx_jsonread_describe(const json_t *value, char *buf, size_t size);

#endif

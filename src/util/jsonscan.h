/*
 * jsonscan.h (private): pick named values out of one JSON text without
 * building a tree.
 *
 * Request logs run to gigabytes of small JSON objects, and a tree per line
 * (jansson) measured 65 MB/s: most of the time went to allocating nodes
 * for keys nobody reads (bench/RESULTS.md). This scanner validates the
 * whole text and records only the values whose dotted paths the caller
 * asked for, pointing into the text.
 */
#ifndef BANDWISE_JSONSCAN_H
#define BANDWISE_JSONSCAN_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	BWX_JS_ABSENT = 0,
	BWX_JS_STRING,
	BWX_JS_NUMBER,
	BWX_JS_TRUE,
	BWX_JS_FALSE,
	BWX_JS_NULL,
	BWX_JS_OBJECT,
	BWX_JS_ARRAY
} bwx_js_type;

typedef struct {
	bwx_js_type type;
	int escaped; /* a string that holds backslash escapes */
	const char
	    *start; /* a string's contents (between the quotes, still escaped); else the token */
	size_t len;
	/* A number of plain digits (up to 18): its value + 1, as the scanner
	 * read it; 0 when not known (bwx_js_count reads the text then). */
	int64_t count1;
} bwx_js_value;

typedef struct bwx_jsonscan bwx_jsonscan;

/* A scanner for the NULL-terminated list of dotted paths ("usage.output_tokens").
 * Paths go through objects only; array elements are never picked. The
 * scanner points into the path strings: they must outlive it. */
bwx_jsonscan *bwx_jsonscan_new(const char *const *paths);
void bwx_jsonscan_free(bwx_jsonscan *scan);

/*
 * Scan 'len' bytes: one JSON value with nothing after it but whitespace.
 * values[i] is filled for paths[i] (BWX_JS_ABSENT when missing; the first
 * occurrence wins). The text's strings are checked as UTF-8 too (outside
 * them the grammar allows ASCII only), so a text accepted is well-formed
 * UTF-8. Returns 0, or -1 with *error_offset at the byte where the text
 * stopped being JSON (or, inside a string, UTF-8).
 */
int bwx_jsonscan_run(const bwx_jsonscan *scan, const char *text, size_t len, bwx_js_value *values,
                     size_t *error_offset);

/*
 * As bwx_jsonscan_run, for a caller that scans text after text into the
 * same values: only the values the last call filled are cleared, not all
 * of them. *found says which (bit i: values[i]); it is 0 the first time,
 * with every value BWX_JS_ABSENT (zeroed), and the values must not be
 * changed between calls. The same results as bwx_jsonscan_run.
 */
int bwx_jsonscan_run_again(const bwx_jsonscan *scan, const char *text, size_t len,
                           bwx_js_value *values, uint64_t *found, size_t *error_offset);

/* A string value unescaped into 'dst' (NUL-terminated, cut to size). */
void bwx_js_string(const bwx_js_value *v, char *dst, size_t size);

/* A whole number: a JSON integer, an integral number, or a string of
 * digits. Returns 0 or -1. */
int bwx_js_count(const bwx_js_value *v, int64_t *out);

#endif

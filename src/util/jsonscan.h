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
 * The keys a caller's last texts had, remembered to guess the next text's
 * (bwx_jsonscan_run_again): the lines of a log are written by one program,
 * so an object's k-th key is nearly always the k-th key of the line
 * before. A guess is the member's bytes from the comma before it to its
 * colon (and the value's first byte when it is a quote or a bracket), and
 * what the scanner made of them; it is taken only when the text holds
 * those very bytes at that place, so it gives what scanning them would.
 * The objects of the wanted paths (up to BWX_JS_MEMO_OBJECTS of them,
 * depth first in the order the paths name them) and their first BWX_JS_MEMO_KEYS keys
 * are remembered. One per thread (a scanner is shared, a memo is not);
 * zeroed before its first use; about 24 KB.
 */
#define BWX_JS_MEMO_OBJECTS 16
#define BWX_JS_MEMO_KEYS    32
typedef struct {
	/* ',' (but before an object's first key), '"', the key, '"', ':' and the
	 * value's first byte when it is '"', '{' or '[' (padded with zeros). */
	unsigned char bytes[32];
	uint32_t mask;    /* bit i: bytes[i] is the member's; 0: nothing remembered */
	uint8_t len;      /* of the member's bytes */
	uint8_t skip;     /* the bytes before its value */
	uint8_t kind;     /* the value's first byte when it is in bytes, else 0 */
	const void *next; /* the scanner's node for the key's value */
} bwx_js_guess;
typedef struct {
	bwx_js_guess keys[BWX_JS_MEMO_OBJECTS][BWX_JS_MEMO_KEYS];
} bwx_js_memo;

/*
 * As bwx_jsonscan_run, for a caller that scans text after text into the
 * same values: only the values the last call filled are cleared, not all
 * of them. *found says which (bit i: values[i]); it is 0 the first time,
 * with every value BWX_JS_ABSENT (zeroed), and the values must not be
 * changed between calls. 'memo' (may be NULL) guesses each key from the
 * texts before (bwx_js_memo above); it must be used with one scanner only.
 * The same results, and the same error offsets, as bwx_jsonscan_run.
 */
int bwx_jsonscan_run_again(const bwx_jsonscan *scan, bwx_js_memo *memo, const char *text,
                           size_t len, bwx_js_value *values, uint64_t *found, size_t *error_offset);

/* A string value unescaped into 'dst' (NUL-terminated, cut to size). */
void bwx_js_string(const bwx_js_value *v, char *dst, size_t size);

/* A whole number: a JSON integer, an integral number, or a string of
 * digits. Returns 0 or -1. */
int bwx_js_count(const bwx_js_value *v, int64_t *out);

#endif

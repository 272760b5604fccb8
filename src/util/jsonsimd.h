/*
 * jsonsimd.h (private): the fast path of bwx_jsonscan, on simdjson.
 *
 * simdjson's DOM parser validates a whole line (its grammar and its UTF-8)
 * at gigabytes a second; jsonsimd.cpp then walks the parsed line with the
 * scanner's trie of wanted paths and fills the same bwx_js_value slots the
 * scalar scanner fills. Only what it can give exactly as the scalar scanner
 * would is answered here: anything else (a line with a backslash, a line
 * simdjson refuses, a wanted number that is not a plain integer...) is left
 * to the scalar scanner, which then decides and words the error. So the
 * answers, the accepted lines and the error messages are the scalar
 * scanner's: this file only makes the common line cheaper.
 *
 * simdjson is C++: this header is the C interface to the one .cpp file.
 */
#ifndef BANDWISE_JSONSIMD_H
#define BANDWISE_JSONSIMD_H

#include "jsonscan.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A node of the trie of wanted paths (built by jsonscan.c). */
typedef struct bwx_js_node bwx_js_node;
struct bwx_js_node {
	const char *name; /* into the caller's path string */
	size_t name_len;
	int index; /* the path this node ends, or -1 */
	bwx_js_node *children;
	size_t child_count, child_capacity;
};

/* The depth both paths allow (containers nested; the scalar scanner's too). */
#define BWX_JS_MAX_DEPTH 256

/*
 * Scan 'len' bytes for the paths of trie 'root' into 'values' (path_count
 * slots, zeroed here). Returns 0 when the text is valid JSON and values
 * holds what the scalar scanner would find; 1 when this path does not
 * decide (values are then undefined: scan with the scalar path). String
 * and number values point into per-thread storage, valid until the next
 * call on the same thread.
 */
int bwx_jsonsimd_run(const bwx_js_node *root, size_t path_count, const char *text, size_t len,
                     bwx_js_value *values);

/* 1 when 'len' bytes are well-formed UTF-8 (simdjson's validator); 0 when
 * not (find where with bwx_utf8_valid). */
int bwx_jsonsimd_utf8_valid(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif

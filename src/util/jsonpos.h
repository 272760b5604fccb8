/*
 * jsonpos.h (private): where a value sits in a JSON text.
 *
 * jansson reports positions for syntax errors only. Schema errors (a
 * string where a count belongs) must name a line and column too, so this
 * small scanner walks the raw text along a path of keys and indexes and
 * returns the byte offset of the value found there.
 */
#ifndef BANDWISE_JSONPOS_H
#define BANDWISE_JSONPOS_H

#include <stddef.h>

#define BWX_JSONPOS_DEPTH 8

/* A path: each step is an object key (key != NULL) or an array index. */
typedef struct {
	struct {
		const char *key;
		size_t index;
	} steps[BWX_JSONPOS_DEPTH];
	int depth;
} bwx_jsonpos_path;

void bwx_jsonpos_key(bwx_jsonpos_path *path, const char *key);
void bwx_jsonpos_index(bwx_jsonpos_path *path, size_t index);
/* Remove the last step. */
void bwx_jsonpos_pop(bwx_jsonpos_path *path);

/* "data[3].results[0].output_tokens" */
void bwx_jsonpos_format(const bwx_jsonpos_path *path, char *buf, size_t size);

/*
 * The byte offset of the value at 'path' in text[0, len), or of the
 * deepest enclosing value found when a step is missing. 0 when the text is
 * not navigable.
 */
size_t bwx_jsonpos_find(const char *text, size_t len, const bwx_jsonpos_path *path);

/* 1-based line and column (in bytes) of 'offset'. */
void bwx_jsonpos_line_column(const char *text, size_t offset, int *line, int *column);

#endif

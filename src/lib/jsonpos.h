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

#define BW_JSONPOS_DEPTH 8

/* A path: each step is an object key (key != NULL) or an array index. */
typedef struct {
	struct {
		const char *key;
		size_t index;
	} steps[BW_JSONPOS_DEPTH];
	int depth;
} bw_jsonpos_path;

void bw_jsonpos_key(bw_jsonpos_path *path, const char *key);
void bw_jsonpos_index(bw_jsonpos_path *path, size_t index);
/* Remove the last step. */
void bw_jsonpos_pop(bw_jsonpos_path *path);

/* "data[3].results[0].output_tokens" */
void bw_jsonpos_format(const bw_jsonpos_path *path, char *buf, size_t size);

/*
 * The byte offset of the value at 'path' in text[0, len), or of the
 * deepest enclosing value found when a step is missing. 0 when the text is
 * not navigable.
 */
size_t bw_jsonpos_find(const char *text, size_t len, const bw_jsonpos_path *path);

/* 1-based line and column (in bytes) of 'offset'. */
void bw_jsonpos_line_column(const char *text, size_t offset, int *line, int *column);

#endif

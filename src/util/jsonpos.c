/*
 * jsonpos.c: locate a value in JSON text by path, for error positions.
 *
 * Only called on the error path, after jansson has accepted the text as
 * valid JSON, so the scanner can be simple: it trusts the syntax and only
 * needs to skip values correctly.
 */
#include "jsonpos.h"

#include <stdio.h>
#include <string.h>

void bwx_jsonpos_key(bwx_jsonpos_path *path, const char *key)
{
	if (path->depth < BWX_JSONPOS_DEPTH) {
		path->steps[path->depth].key = key;
		path->steps[path->depth].index = 0;
	}
	path->depth++;
}

void bwx_jsonpos_index(bwx_jsonpos_path *path, size_t index)
{
	if (path->depth < BWX_JSONPOS_DEPTH) {
		path->steps[path->depth].key = NULL;
		path->steps[path->depth].index = index;
	}
	path->depth++;
}

void bwx_jsonpos_pop(bwx_jsonpos_path *path)
{
	if (path->depth > 0)
		path->depth--;
}

void bwx_jsonpos_format(const bwx_jsonpos_path *path, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < path->depth && i < BWX_JSONPOS_DEPTH && used < size; i++) {
		int n;
		if (path->steps[i].key)
			n = snprintf(buf + used, size - used, "%s%s", used ? "." : "",
			             path->steps[i].key);
		else
			n = snprintf(buf + used, size - used, "[%zu]", path->steps[i].index);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static size_t skip_space(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* Past the string starting at the quote at i. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* Past the value starting at i. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
	int depth = 0;
	i = skip_space(t, len, i);
	if (i >= len)
		return len;
	if (t[i] == '"')
		return skip_string(t, len, i);
	if (t[i] != '{' && t[i] != '[') {
		while (i < len && !strchr(",]} \t\r\n", t[i]))
			i++;
		return i;
	}
	for (; i < len; i++) {
		if (t[i] == '"') {
			i = skip_string(t, len, i) - 1;
		} else if (t[i] == '{' || t[i] == '[') {
			depth++;
		} else if (t[i] == '}' || t[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return len;
}

/* Compare the raw key at i (a quote) with 'key'; keys with escapes never
 * match, which only costs precision in a message. */
static int key_equals(const char *t, size_t len, size_t i, const char *key)
{
	size_t n = strlen(key);
	return i + n + 1 < len && memcmp(t + i + 1, key, n) == 0 && t[i + 1 + n] == '"';
}

size_t bwx_jsonpos_find(const char *t, size_t len, const bwx_jsonpos_path *path)
{
	size_t i = skip_space(t, len, 0);
	int depth = path->depth < BWX_JSONPOS_DEPTH ? path->depth : BWX_JSONPOS_DEPTH;

	for (int s = 0; s < depth && i < len; s++) {
		size_t found = len;
		if (path->steps[s].key != NULL && t[i] == '{') {
			size_t j = skip_space(t, len, i + 1);
			while (j < len && t[j] == '"') {
				int match = key_equals(t, len, j, path->steps[s].key);
				j = skip_space(t, len, skip_string(t, len, j));
				j = skip_space(t, len, j + 1); /* past ':' */
				if (match) {
					found = j;
					break;
				}
				j = skip_space(t, len, skip_value(t, len, j));
				if (j < len && t[j] == ',')
					j = skip_space(t, len, j + 1);
			}
		} else if (path->steps[s].key == NULL && t[i] == '[') {
			size_t j = skip_space(t, len, i + 1);
			for (size_t k = 0; j < len && t[j] != ']'; k++) {
				if (k == path->steps[s].index) {
					found = j;
					break;
				}
				j = skip_space(t, len, skip_value(t, len, j));
				if (j < len && t[j] == ',')
					j = skip_space(t, len, j + 1);
			}
		}
		if (found >= len)
			return i; /* the deepest value that exists */
		i = found;
	}
	return i < len ? i : 0;
}

void bwx_jsonpos_line_column(const char *text, size_t offset, int *line, int *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

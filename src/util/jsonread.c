/*
 * jsonread.c: schema errors at a line and column.
 */
#include "jsonread.h"

#include "bandwise/error.h"

#include <stdio.h>
#include <string.h>

void bwx_jsonread_init(bwx_jsonread *r, const char *origin, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->origin = origin;
	r->text = text;
	r->text_len = text ? len : 0;
	r->segment = r->text;
	r->segment_len = r->text_len;
	r->first_line = 1;
}

void bwx_jsonread_segment(bwx_jsonread *r, const char *segment, size_t len)
{
	r->segment = segment;
	r->segment_len = len;
}

void bwx_jsonread_key(bwx_jsonread *r, const char *key)
{
	bwx_jsonpos_key(&r->path, key);
}

void bwx_jsonread_index(bwx_jsonread *r, size_t index)
{
	bwx_jsonpos_index(&r->path, index);
}

void bwx_jsonread_pop(bwx_jsonread *r)
{
	bwx_jsonpos_pop(&r->path);
}

const char *bwx_jsonread_describe(const json_t *value, char *buf, size_t size)
{
	switch (json_typeof(value)) {
	case JSON_STRING:
		snprintf(buf, size, "the string \"%.40s\"", json_string_value(value));
		break;
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
		break;
	case JSON_REAL:
		snprintf(buf, size, "%g", json_real_value(value));
		break;
	case JSON_OBJECT:
		snprintf(buf, size, "an object");
		break;
	case JSON_ARRAY:
		snprintf(buf, size, "an array");
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		snprintf(buf, size, "a boolean");
		break;
	default:
		snprintf(buf, size, "null");
	}
	return buf;
}

/* "ORIGIN:LINE:COLUMN: PATH" (or "ORIGIN: PATH" without text) into buf,
 * for the current path plus 'field'. */
static void locate(bwx_jsonread *r, const char *field, char *buf, size_t size)
{
	char where[256];
	int pushed = field != NULL && field[0] != '\0';

	if (pushed)
		bwx_jsonpos_key(&r->path, field);
	bwx_jsonpos_format(&r->path, where, sizeof(where));
	if (r->text != NULL) {
		int line, column;
		size_t offset = bwx_jsonpos_find(r->segment, r->segment_len, &r->path);
		bwx_jsonpos_line_column(r->text, (size_t)(r->segment - r->text) + offset, &line,
		                        &column);
		snprintf(buf, size, "%s:%d:%d: %s", r->origin, line + r->first_line - 1, column,
		         where[0] ? where : "top level");
	} else {
		snprintf(buf, size, "%s: %s", r->origin, where[0] ? where : "top level");
	}
	if (pushed)
		bwx_jsonpos_pop(&r->path);
}

int bwx_jsonread_error(bwx_jsonread *r, const char *field, const char *expected)
{
	char at[1024];
	locate(r, field, at, sizeof(at));
	return bw_error_set(BW_EPARSE, "%s: expected %s", at, expected);
}

int bwx_jsonread_error_got(bwx_jsonread *r, const char *field, const char *expected,
                           const json_t *got)
{
	char at[1024], seen[96];
	locate(r, field, at, sizeof(at));
	if (got == NULL)
		return bw_error_set(BW_EPARSE, "%s: missing; expected %s", at, expected);
	return bw_error_set(BW_EPARSE, "%s: expected %s, got %s", at, expected,
	                    bwx_jsonread_describe(got, seen, sizeof(seen)));
}

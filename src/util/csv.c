/*
 * csv.c: CSV records from a stream, fields in place, fields out.
 */
#include "csv.h"

#include "bandwise/error.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

struct bwx_csv {
	bwx_stream *stream;
	const char *path;
	int flags;
	char *joined; /* a record of several lines */
	size_t joined_cap;
	int64_t line;
};

int bwx_csv_open(bwx_csv **out, bwx_stream *stream, const char *path, int flags)
{
	bwx_csv *csv = calloc(1, sizeof(*csv));
	*out = NULL;
	if (csv == NULL)
		return bw_error_set(BW_ERROR, "%s: out of memory", path);
	csv->stream = stream;
	csv->path = path;
	csv->flags = flags;
	*out = csv;
	return 0;
}

void bwx_csv_close(bwx_csv *csv)
{
	if (csv == NULL)
		return;
	free(csv->joined);
	free(csv);
}

int64_t bwx_csv_line_number(const bwx_csv *csv)
{
	return csv->line;
}

int bwx_csv_open_quote(const char *text)
{
	int open = 0;
	for (; *text; text++)
		if (*text == '"')
			open = !open;
	return open;
}

/* Append "\n" and line[0, len) to the joined record of length *jl. */
static int join(bwx_csv *csv, size_t *jl, const char *line, size_t len)
{
	size_t need = *jl + len + 2;
	int error;
	if (need > BWX_STREAM_LINE_MAX)
		return 0; /* the caller reports the quote that never closed */
	if ((error = bwx_vec_reserve((void **)&csv->joined, &csv->joined_cap, need, 1)) < 0)
		return error;
	csv->joined[(*jl)++] = '\n';
	memcpy(csv->joined + *jl, line, len + 1);
	*jl += len;
	return 1;
}

int bwx_csv_record(bwx_csv *csv, char **text, size_t *len)
{
	char *line;
	size_t n, jl;
	int got, error;

	if ((got = bwx_stream_line(csv->stream, &line, &n)) != 1)
		return got;
	csv->line = bwx_stream_line_number(csv->stream);
	if (((csv->flags & BWX_CSV_COMMENTS) && line[0] == '#') || !bwx_csv_open_quote(line)) {
		*text = line;
		*len = n;
		return 1;
	}
	/* A quoted field runs over lines: join until the quotes close. The
	 * stream's buffer is reused by the next line, so copy first. */
	if ((error = bwx_vec_reserve((void **)&csv->joined, &csv->joined_cap, n + 1, 1)) < 0)
		return error;
	memcpy(csv->joined, line, n + 1);
	jl = n;
	while (bwx_csv_open_quote(csv->joined)) {
		if ((got = bwx_stream_line(csv->stream, &line, &n)) != 1)
			break;
		if ((got = join(csv, &jl, line, n)) != 1)
			break;
	}
	if (got < 0)
		return got;
	if (bwx_csv_open_quote(csv->joined))
		return bw_error_set(BW_EPARSE, "%s:%lld: a quoted field that never closes",
		                    csv->path, (long long)csv->line);
	*text = csv->joined;
	*len = jl;
	return 1;
}

int bwx_csv_next_field(char **cursor)
{
	char *p = *cursor;
	char *out = p;

	if (*p == '"') {
		p++;
		for (;;) {
			if (*p == '\0') {
				*out = '\0';
				return BW_EPARSE;
			}
			if (*p == '"' && p[1] == '"') {
				*out++ = '"';
				p += 2;
			} else if (*p == '"') {
				p++;
				break;
			} else {
				*out++ = *p++;
			}
		}
		while (*p && *p != ',')
			p++; /* text after the closing quote is dropped */
	} else {
		while (*p && *p != ',')
			*out++ = *p++;
	}
	int last = *p == '\0';
	*out = '\0';
	*cursor = last ? p : p + 1;
	return last ? 0 : 1;
}

int bwx_csv_split(char *text, bwx_csv_fields *fields)
{
	char *p = text;
	int error, more;

	fields->count = 0;
	do {
		if ((error = bwx_vec_grow((void **)&fields->items, &fields->capacity, fields->count,
		                          sizeof(*fields->items))) < 0)
			return error;
		fields->items[fields->count++] = p;
		if ((more = bwx_csv_next_field(&p)) < 0)
			return more;
	} while (more);
	return fields->count > (size_t)INT32_MAX ? BW_ERANGE : (int)fields->count;
}

void bwx_csv_fields_clear(bwx_csv_fields *fields)
{
	free(fields->items);
	fields->items = NULL;
	fields->count = fields->capacity = 0;
}

int bwx_csv_formula_like(const char *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

int bwx_csv_needs_quotes(const char *text)
{
	return strpbrk(text, ",\"\r\n") != NULL;
}

void bwx_csv_write_field(FILE *out, const char *text)
{
	/* OWASP's neutralisation: a leading quote makes the spreadsheet show
	 * the cell as text instead of running it as a formula. Only text goes
	 * through here; numbers are written with printf, so a negative number
	 * of ours stays a number. */
	const char *prefix = bwx_csv_formula_like(text) ? "'" : "";
	if (!bwx_csv_needs_quotes(text)) {
		fputs(prefix, out);
		fputs(text, out);
		return;
	}
	fputc('"', out);
	fputs(prefix, out);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

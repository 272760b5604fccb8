/*
 * sources.c: `bandwise sources` and `bandwise forget` output: what the
 * store holds, one source a row (text) or an object (JSON).
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"

#include <string.h>

/* What kind of source: the format's family, so a user sees which rows
 * came from reports and which from request logs. */
static const char *source_kind(const bw_store_source_info *s)
{
	const char *format = s->source.format;
	if (strcmp(format, "usage-report") == 0 || strcmp(format, "cost-report") == 0)
		return "Admin API report";
	return "request log";
}

/* "2026-03-01..2026-04-01" (days; the end is exclusive), or "-". */
static void span_text(const bw_store_source_info *s, char *buf, size_t size)
{
	if (s->first_start[0] == '\0')
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.10s..%.10s", s->first_start, s->last_end);
}

int bw_report_sources_text(FILE *out, const bw_store_source_info *sources, size_t count, int color)
{
	if (count == 0) {
		fprintf(out, "No sources stored.\n");
		return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
	}
	bwx_table *t = bwx_table_new(6);
	if (t == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_table_header(t, 0, "source", BWX_ALIGN_LEFT);
	bwx_table_header(t, 1, "kind", BWX_ALIGN_LEFT);
	bwx_table_header(t, 2, "format", BWX_ALIGN_LEFT);
	bwx_table_header(t, 3, "fingerprint", BWX_ALIGN_LEFT);
	bwx_table_header(t, 4, "rows", BWX_ALIGN_RIGHT);
	bwx_table_header(t, 5, "span", BWX_ALIGN_LEFT);
	for (size_t i = 0; i < count; i++) {
		const bw_store_source_info *s = &sources[i];
		char rows[32], span[32];
		bwx_format_number(rows, sizeof(rows), (double)s->rows, 0);
		span_text(s, span, sizeof(span));
		/* 12 hex digits name a source uniquely in practice; forget takes
		 * any unique prefix. */
		const char *sha = s->source.sha256_hex;
		int skip = strncmp(sha, "xxh3-", 5) == 0 ? 5 : 0;
		if (bwx_table_row(t, 0) < 0 || bwx_table_cell(t, 0, "%s", s->source.name) < 0 ||
		    bwx_table_cell(t, 1, "%s", source_kind(s)) < 0 ||
		    bwx_table_cell(t, 2, "%s", s->source.format) < 0 ||
		    bwx_table_cell(t, 3, "%.12s", sha + skip) < 0 ||
		    bwx_table_cell(t, 4, "%s", rows) < 0 || bwx_table_cell(t, 5, "%s", span) < 0) {
			bwx_table_free(t);
			return bw_error_set(BW_ERROR, "out of memory");
		}
	}
	bwx_table_print(t, out, color);
	bwx_table_free(t);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}

static json_t *source_json(const bw_store_source_info *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(s->source.name));
	json_object_set_new(o, "kind", json_string(source_kind(s)));
	json_object_set_new(o, "format", json_string(s->source.format));
	/* Request logs are fingerprinted with XXH3-128 ("xxh3-..."), reports with SHA-256. */
	int xxh3 = strncmp(s->source.sha256_hex, "xxh3-", 5) == 0;
	json_object_set_new(o, "sha256", xxh3 ? json_null() : json_string(s->source.sha256_hex));
	json_object_set_new(o, "fingerprint", json_string(s->source.sha256_hex));
	json_object_set_new(o, "rows", json_integer(s->rows));
	json_object_set_new(o, "requests", json_integer(s->requests));
	json_object_set_new(o, "first_start",
	                    bwx_json_string_or_null(s->first_start[0] ? s->first_start : NULL));
	json_object_set_new(o, "last_end",
	                    bwx_json_string_or_null(s->last_end[0] ? s->last_end : NULL));
	json_object_set_new(o, "ingested_at", json_string(s->source.ingested_at));
	return o;
}

int bw_report_sources_json(FILE *out, const char *key, const bw_store_source_info *sources,
                           size_t count)
{
	json_t *root = json_object(), *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, source_json(&sources[i]));
	json_object_set_new(root, key, list);
	return bwx_json_print(out, root);
}

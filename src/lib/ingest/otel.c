/*
 * otel.c: OpenTelemetry spans with gen_ai.* attributes (OTLP/JSON trace
 * exports, or one flat span per line) as request records. OTel's
 * gen_ai.usage.input_tokens includes the cache reads and writes.
 */
#include "otel.h"

#include "jsonget.h"

#include <stdio.h>
#include <string.h>

/* OTel attributes: OTLP's [{"key":k,"value":{"intValue":...}}] list, or a
 * flat {"k": v} object. */
static json_t *otel_attr(json_t *attrs, const char *name)
{
	if (json_is_object(attrs))
		return json_object_get(attrs, name);
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a)
	{
		json_t *k = json_object_get(a, "key");
		if (json_is_string(k) && strcmp(json_string_value(k), name) == 0) {
			json_t *v = json_object_get(a, "value");
			const char *kinds[] = {"intValue", "stringValue", "doubleValue",
			                       "boolValue"};
			for (size_t j = 0; j < 4; j++)
				if (json_object_get(v, kinds[j]) != NULL)
					return json_object_get(v, kinds[j]);
			return v;
		}
	}
	return NULL;
}

static int otel_count(json_t *attrs, const char *const *names, int64_t *out, int *present,
                      char *why, size_t why_size)
{
	for (; *names; names++) {
		json_t *v = otel_attr(attrs, *names);
		if (v == NULL)
			continue;
		if (bw_ingest__jcount(v, out) < 0) {
			snprintf(why, why_size, "attribute %s should be a whole number of tokens",
			         *names);
			return -1;
		}
		if (present)
			*present = 1;
		return 0;
	}
	return 0;
}

/* One span. Returns 1 (a Claude usage record), 0 (not one), -1. */
static int read_span(json_t *span, json_t *resource_attrs, const char *tag, record *r, char *why,
                     size_t why_size)
{
	json_t *attrs = json_object_get(span, "attributes");
	static const char *const in_names[] = {"gen_ai.usage.input_tokens",
	                                       "gen_ai.usage.prompt_tokens", NULL};
	static const char *const out_names[] = {"gen_ai.usage.output_tokens",
	                                        "gen_ai.usage.completion_tokens", NULL};
	/* Both generations of names are in use (research: llm-ecosystem.md §4). */
	static const char *const read_names[] = {"gen_ai.usage.cache_read.input_tokens",
	                                         "gen_ai.usage.cache_read_input_tokens",
	                                         "gen_ai.usage.input_tokens.cached", NULL};
	static const char *const write_names[] = {"gen_ai.usage.cache_creation.input_tokens",
	                                          "gen_ai.usage.cache_write.input_tokens",
	                                          "gen_ai.usage.cache_creation_input_tokens",
	                                          "gen_ai.usage.input_tokens.cache_write", NULL};
	int has_usage = 0;

	if (otel_count(attrs, in_names, &r->input, &has_usage, why, why_size) < 0 ||
	    otel_count(attrs, out_names, &r->output, &has_usage, why, why_size) < 0 ||
	    otel_count(attrs, read_names, &r->cache_read, NULL, why, why_size) < 0 ||
	    otel_count(attrs, write_names, &r->cache_write, NULL, why, why_size) < 0)
		return -1;
	if (!has_usage)
		return 0; /* not an inference span: HTTP, tools, agents */
	json_t *model = otel_attr(attrs, "gen_ai.response.model");
	if (!json_is_string(model))
		model = otel_attr(attrs, "gen_ai.request.model");
	json_t *provider = otel_attr(attrs, "gen_ai.provider.name");
	if (provider == NULL)
		provider = otel_attr(attrs, "gen_ai.system");
	if (!json_is_string(model))
		return 0;
	const char *p = json_is_string(provider) ? json_string_value(provider) : "";
	const char *m = json_string_value(model);
	if (strcmp(p, "anthropic") != 0 && strstr(m, "claude") == NULL)
		return 0; /* another vendor's model */
	snprintf(r->model, sizeof(r->model), "%s", m);
	static const char *const time_names[] = {"startTimeUnixNano", "start_time", "startTime",
	                                         "timestamp", NULL};
	json_t *time = bw_ingest__jfirst(span, time_names);
	if (time == NULL || bw_ingest__jtime(time, &r->epoch) < 0) {
		snprintf(why, why_size, "expected the span's startTimeUnixNano (or start_time)");
		return -1;
	}
	r->input_includes_cache = 1; /* the semantic conventions say SHOULD */
	json_t *ws = otel_attr(attrs, "anthropic.workspace_id");
	if (ws == NULL)
		ws = otel_attr(resource_attrs, "anthropic.workspace_id");
	if (ws == NULL)
		ws = otel_attr(resource_attrs, "service.name");
	bw_ingest__jstring_into(ws, r->workspace, sizeof(r->workspace));
	if (tag != NULL) {
		json_t *t = otel_attr(attrs, tag);
		bw_ingest__jstring_into(t ? t : otel_attr(resource_attrs, tag), r->tag,
		                        sizeof(r->tag));
	}
	return 1;
}

int bw_ingest__otel_read(json_t *obj, const char *tag, span_fn each, void *context, char *why,
                         size_t why_size, int64_t *skipped)
{
	json_t *resource_spans = json_object_get(obj, "resourceSpans");
	int error;

	if (resource_spans == NULL) { /* a flat span per line */
		record r;
		bw_ingest__record_reset(&r);
		int got = read_span(obj, NULL, tag, &r, why, why_size);
		if (got <= 0) {
			*skipped += got == 0;
			return got;
		}
		return each(context, &r);
	}
	if (!json_is_array(resource_spans)) {
		snprintf(why, why_size, "expected \"resourceSpans\" to be an array");
		return -1;
	}
	size_t i, j, k;
	json_t *rs, *ss, *span;
	json_array_foreach(resource_spans, i, rs)
	{
		json_t *resource_attrs = bw_ingest__jpath(rs, "resource.attributes");
		json_t *scopes = json_object_get(rs, "scopeSpans");
		if (scopes == NULL)
			scopes = json_object_get(rs, "instrumentationLibrarySpans");
		json_array_foreach(scopes, j, ss)
		{
			json_array_foreach(json_object_get(ss, "spans"), k, span)
			{
				record r;
				bw_ingest__record_reset(&r);
				int got = read_span(span, resource_attrs, tag, &r, why, why_size);
				if (got < 0)
					return -1;
				if (got == 0) {
					(*skipped)++;
					continue;
				}
				if ((error = each(context, &r)) < 0)
					return error;
			}
		}
	}
	return 1;
}

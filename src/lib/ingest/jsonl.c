/*
 * jsonl.c: one line of a JSONL request log into the sink. Messages API
 * responses (and gateway logs that carry one) are the hot path: read by
 * bwx_jsonscan, which finds a fixed set of paths in one pass without
 * building a tree; OTel and Mooncake lines are parsed by jansson and
 * handed to their readers (otel.c, traces.c).
 */
#include "jsonl.h"

#include "otel.h"
#include "timestamp.h"
#include "traces.h"
#include "utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The paths a Messages log line is read from, in order of preference
 * within each group. The usage object sits at the top (a response as
 * logged) or under "response" (gateways that log request and response). */
enum {
	M_MODEL,
	M_RESPONSE_MODEL,
	M_REQUEST_MODEL,
	M_TIME0,
	M_TIME1,
	M_TIME2,
	M_TIME3,
	M_TIME4,
	M_TIME5,
	M_TIME6,
	M_TIME7,
	M_WS0,
	M_WS1,
	M_WS2,
	M_WS3,
	M_WS4,
	M_KEY0,
	M_KEY1,
	M_KEY2,
	M_KEY3,
	M_KEY4,
	M_TYPE,
	M_ERROR,
	M_TIER,
	M_USAGE, /* then the usage fields, once per prefix */
	U_INPUT = 0,
	U_READ,
	U_WRITE,
	U_SPLIT,
	U_5M,
	U_1H,
	U_OUTPUT,
	U_TIER,
	U_GEO,
	U_SPEED,
	U_WEB,
	U_COUNT,
	M_PATH_COUNT = M_USAGE + 2 * (1 + U_COUNT),
	M_TAG = M_PATH_COUNT /* the --tag path, when given, is scanned last */
};

static const char *const message_paths[M_PATH_COUNT + 1] = {
    "model",
    "response.model",
    "request.model",
    "timestamp",
    "created_at",
    "time",
    "startTime",
    "start_time",
    "ts",
    "request_time",
    "date",
    "workspace_id",
    "workspace",
    "metadata.workspace_id",
    "metadata.workspace",
    "tags.workspace",
    "api_key_id",
    "api_key",
    "metadata.api_key_id",
    "metadata.api_key",
    "tags.api_key",
    "type",
    "error",
    "service_tier",
    "usage",
    "usage.input_tokens",
    "usage.cache_read_input_tokens",
    "usage.cache_creation_input_tokens",
    "usage.cache_creation",
    "usage.cache_creation.ephemeral_5m_input_tokens",
    "usage.cache_creation.ephemeral_1h_input_tokens",
    "usage.output_tokens",
    "usage.service_tier",
    "usage.inference_geo",
    "usage.speed",
    "usage.server_tool_use.web_search_requests",
    "response.usage",
    "response.usage.input_tokens",
    "response.usage.cache_read_input_tokens",
    "response.usage.cache_creation_input_tokens",
    "response.usage.cache_creation",
    "response.usage.cache_creation.ephemeral_5m_input_tokens",
    "response.usage.cache_creation.ephemeral_1h_input_tokens",
    "response.usage.output_tokens",
    "response.usage.service_tier",
    "response.usage.inference_geo",
    "response.usage.speed",
    "response.usage.server_tool_use.web_search_requests",
    NULL};

static const bwx_js_value *first_present(const bwx_js_value *v, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (v[i].type != BWX_JS_ABSENT && v[i].type != BWX_JS_NULL)
			return &v[i];
	return NULL;
}

static int two_digits(const char *s, int *out)
{
	if ((unsigned char)(s[0] - '0') > 9 || (unsigned char)(s[1] - '0') > 9)
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/*
 * The time of day of "YYYY-MM-DDTHH:MM:SS[.digits]Z" (0), or -1 when the
 * text has another form. Only the shape and the ranges bwx_time_parse
 * checks (hours to 23, minutes to 59, seconds to 60) are checked here: the
 * date is checked by the full parse whenever it changes (js_time). With
 * 'date_known', the first ten bytes are a date already checked (the day of
 * the line before), and are not looked at again.
 */
static int utc_time_of_day(const char *s, size_t n, int date_known, int *seconds)
{
	int h, mi, se;
	if (n < 20 || n >= 64 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z')
		return -1;
	if (!date_known) {
		if (s[4] != '-' || s[7] != '-')
			return -1;
		for (int i = 0; i < 10; i++)
			if (i != 4 && i != 7 && (unsigned char)(s[i] - '0') > 9)
				return -1;
	}
	if (two_digits(s + 11, &h) < 0 || two_digits(s + 14, &mi) < 0 ||
	    two_digits(s + 17, &se) < 0 || h > 23 || mi > 59 || se > 60)
		return -1;
	if (n > 20) { /* a fraction: a point or comma, then only digits */
		if (s[19] != '.' && s[19] != ',')
			return -1;
		for (size_t i = 20; i + 1 < n; i++)
			if ((unsigned char)(s[i] - '0') > 9)
				return -1;
	}
	*seconds = h * 3600 + mi * 60 + se;
	return 0;
}

static int js_time(jsonl_context *c, const bwx_js_value *v, int64_t *out)
{
	char text[64];
	int seconds;
	/* The day of the last time read, known: only the time of day is left
	 * (what bwx_time_parse would give: the same date, the same checks). */
	if (v->type == BWX_JS_STRING && !v->escaped) {
		/* The lines of a log are in time order: nearly always the day of
		 * the line before, whose date was checked then. */
		int same_day = c->time_day_known && v->len >= 20 &&
		               memcmp(v->start, c->time_day, sizeof(c->time_day)) == 0;
		if (same_day && utc_time_of_day(v->start, v->len, 1, &seconds) == 0) {
			*out = c->time_day_start + seconds;
			return 0;
		}
	}
	if (v->type == BWX_JS_STRING && !v->escaped &&
	    utc_time_of_day(v->start, v->len, 0, &seconds) == 0) {
		bwx_js_string(v, text, sizeof(text));
		if (bw_ingest__time_of_text(text, out) < 0)
			return -1;
		memcpy(c->time_day, v->start, 10);
		c->time_day_start = *out - seconds;
		c->time_day_known = 1;
		return 0;
	}
	if (v->type == BWX_JS_NUMBER) {
		if (v->len >= sizeof(text))
			return -1;
		memcpy(text, v->start, v->len);
		text[v->len] = '\0';
		*out = bw_ingest__time_from_number(strtod(text, NULL));
		return 0;
	}
	if (v->type != BWX_JS_STRING)
		return -1;
	bwx_js_string(v, text, sizeof(text));
	return bw_ingest__time_of_text(text, out);
}

/* A count that is not plain digits: the general rule, or why not. */
static __attribute__((noinline)) int js_take_other(const bwx_js_value *v, const char *name,
                                                   int64_t *out, char *why, size_t why_size)
{
	if (bwx_js_count(v, out) < 0) {
		snprintf(why, why_size, "\"%s\" should be a whole number of tokens", name);
		return -1;
	}
	return 0;
}

/* Inlined: seven counts a line, nearly all absent or plain digits. */
static inline int js_take(const bwx_js_value *v, const char *name, int64_t *out, char *why,
                          size_t why_size)
{
	if (v->type == BWX_JS_ABSENT || v->type == BWX_JS_NULL)
		return 0;
	if (v->type == BWX_JS_NUMBER && v->count1 > 0) { /* plain digits, read by the scanner */
		*out = v->count1 - 1;
		return 0;
	}
	return js_take_other(v, name, out, why, why_size);
}

/* A text of the record as it stands in the line: a string not unescaped
 * (checked as UTF-8 by the scanner) points into the line; an escaped one is
 * unescaped into 'room' (RECORD_TEXT_MAX bytes), to be checked by the cube;
 * anything else is the empty text. */
static inline void set_text(record_text *t, const char *at, size_t len, int utf8_checked)
{
	/* Field by field: a struct returned and copied whole is stored in
	 * 8-byte parts and loaded in 16-byte ones, a store-forwarding stall
	 * on each text (perf: a third of this file's time). */
	t->at = at;
	t->len = len;
	t->utf8_checked = utf8_checked;
}

static inline void text_of(record_text *t, const bwx_js_value *v, char *room)
{
	if (v == NULL || v->type != BWX_JS_STRING) {
		set_text(t, "", 0, 1);
	} else if (!v->escaped) {
		set_text(t, v->start, v->len, 1);
	} else {
		bwx_js_string(v, room, RECORD_TEXT_MAX);
		set_text(t, room, strlen(room), 0);
	}
}

/* Messages API responses, or gateway logs that carry one, into the record's
 * time and counts and 'texts'. Returns 1 (a record), 0 (an error response:
 * nothing billed), -1. */
static int read_messages(jsonl_context *c, record *r, record_text texts[T_COUNT], char *why,
                         size_t why_size)
{
	const bwx_js_value *v = c->values;
	int u = v[M_USAGE].type == BWX_JS_OBJECT ? M_USAGE + 1 : M_USAGE + 2 + U_COUNT;
	const bwx_js_value *usage = &v[u - 1];
	const bwx_js_value *model = first_present(v, M_MODEL, M_REQUEST_MODEL);
	const bwx_js_value *time = first_present(v, M_TIME0, M_TIME7);

	if (usage->type != BWX_JS_OBJECT) {
		int is_error = v[M_ERROR].type == BWX_JS_OBJECT ||
		               (v[M_TYPE].type == BWX_JS_STRING && v[M_TYPE].len == 5 &&
		                memcmp(v[M_TYPE].start, "error", 5) == 0);
		if (is_error)
			return 0;
		snprintf(why, why_size,
		         "expected a \"usage\" object (at the top or under \"response\")");
		return -1;
	}
	if (model == NULL || model->type != BWX_JS_STRING) {
		snprintf(why, why_size, "expected a \"model\" string");
		return -1;
	}
	if (time == NULL || js_time(c, time, &r->epoch) < 0) {
		/* Say what was there: "2026-02-30" is a date no calendar has. */
		char seen[48] = "";
		if (time != NULL)
			snprintf(seen, sizeof(seen), ", got '%.*s'",
			         (int)(time->len < 32 ? time->len : 32), time->start);
		snprintf(why, why_size,
		         "expected a time: \"timestamp\" (or created_at, time, startTime, ts) as "
		         "RFC 3339 text or epoch seconds/milliseconds%s",
		         seen);
		return -1;
	}
	text_of(&texts[T_MODEL], model, r->model);
	text_of(&texts[T_WORKSPACE], first_present(v, M_WS0, M_WS4), r->workspace);
	text_of(&texts[T_API_KEY], first_present(v, M_KEY0, M_KEY4), r->api_key);
	if (js_take(&v[u + U_INPUT], "input_tokens", &r->input, why, why_size) < 0 ||
	    js_take(&v[u + U_READ], "cache_read_input_tokens", &r->cache_read, why, why_size) < 0 ||
	    js_take(&v[u + U_WRITE], "cache_creation_input_tokens", &r->cache_write, why,
	            why_size) < 0 ||
	    js_take(&v[u + U_5M], "ephemeral_5m_input_tokens", &r->write_5m, why, why_size) < 0 ||
	    js_take(&v[u + U_1H], "ephemeral_1h_input_tokens", &r->write_1h, why, why_size) < 0 ||
	    js_take(&v[u + U_OUTPUT], "output_tokens", &r->output, why, why_size) < 0 ||
	    js_take(&v[u + U_WEB], "web_search_requests", &r->web_searches, why, why_size) < 0)
		return -1;
	r->has_split = v[u + U_SPLIT].type == BWX_JS_OBJECT;
	const bwx_js_value *tier =
	    v[u + U_TIER].type == BWX_JS_STRING ? &v[u + U_TIER] : &v[M_TIER];
	text_of(&texts[T_TIER], tier, r->tier);
	text_of(&texts[T_GEO], &v[u + U_GEO], r->geo);
	text_of(&texts[T_SPEED], &v[u + U_SPEED], r->speed);
	set_text(&texts[T_WINDOW], "", 0, 1);
	/* The tag: a string as any text, a number or boolean as written. */
	const bwx_js_value *tag = &v[M_TAG];
	if (tag->type == BWX_JS_NUMBER || tag->type == BWX_JS_TRUE || tag->type == BWX_JS_FALSE)
		set_text(&texts[T_TAG], tag->start, tag->len, 1);
	else
		text_of(&texts[T_TAG], tag, r->tag);
	return 1;
}

_Static_assert(M_PATH_COUNT + 1 == BW_INGEST__JSONL_VALUES,
               "jsonl.h sizes the values for message_paths");

bwx_jsonscan *bw_ingest__jsonl_scan_new(const char *tag)
{
	/* The standard paths, then the --tag path (absent: never found). */
	const char *paths[M_PATH_COUNT + 2];
	memcpy(paths, message_paths, M_PATH_COUNT * sizeof(paths[0]));
	paths[M_TAG] = tag ? tag : "\x01no tag";
	paths[M_TAG + 1] = NULL;
	return bwx_jsonscan_new(paths);
}

/* One line of a JSONL format into the sink. Returns 1 (stored), 0 (left
 * out: *skipped counts it), -1 (bad: 'why' says why), -2 (out of memory). */
int bw_ingest__jsonl_line(jsonl_context *c, const char *line, size_t len, char *why,
                          size_t why_size, int64_t *skipped)
{
	record r;
	int got;

	if (c->format == BW_INGEST_MESSAGES) {
		record_text texts[T_COUNT];
		size_t at = 0;
		/* The scanner checks the line's UTF-8 as it goes (jansson, for
		 * the other formats, does too): every line is checked, not only
		 * the first that detection parsed. A refused line is looked at
		 * again to say why, UTF-8 first, as a separate check would. */
		if (bwx_jsonscan_run_again(c->scan, &c->memo, line, len, c->values, &c->found,
		                           &at) < 0) {
			if (!bwx_utf8_valid(line, len, &at)) {
				snprintf(why, why_size, "column %zu: not valid UTF-8", at + 1);
				return -1;
			}
			/* Jansson words syntax errors better: parse again to say what. */
			json_error_t jerr;
			json_t *obj = json_loadb(line, len, 0, &jerr);
			if (obj == NULL)
				snprintf(why, why_size, "column %d: %s", jerr.column, jerr.text);
			else
				snprintf(why, why_size, "column %zu: invalid JSON", at + 1);
			json_decref(obj);
			return -1;
		}
		/* The time, the counts and the flags: the texts are apart, so the
		 * record's arrays are only room for unescaped texts (no reset of
		 * the whole record, a tenth of a line's work). */
		r.epoch = INT64_MIN;
		r.input = r.cache_read = r.cache_write = r.write_5m = r.write_1h = r.output =
		    r.web_searches = 0;
		r.has_split = r.input_includes_cache = 0;
		got = read_messages(c, &r, texts, why, why_size);
		if (got == 1)
			return bw_ingest__sink_add_texts(c->sk, &r, texts);
		if (got == 0)
			(*skipped)++;
		return got;
	} else {
		bw_ingest__record_reset(&r);
		json_error_t jerr;
		json_t *obj = json_loadb(line, len, 0, &jerr);
		if (obj == NULL) {
			snprintf(why, why_size, "column %d: %s", jerr.column, jerr.text);
			return -1;
		}
		if (c->format == BW_INGEST_OTEL) {
			got = bw_ingest__otel_read(obj, c->rd->options->tag, bw_ingest__sink_add,
			                           c->sk, why, why_size, skipped);
			json_decref(obj);
			return got;
		}
		got = bw_ingest__mooncake_read(obj, c->rd, &r, why, why_size);
		json_decref(obj);
	}
	if (got == 1)
		return bw_ingest__sink_add(c->sk, &r);
	if (got == 0)
		(*skipped)++;
	return got;
}

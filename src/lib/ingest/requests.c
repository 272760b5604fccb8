/*
 * ingest_requests.c: request logs (one record per API request) summed per
 * UTC day into the usage cube.
 *
 * A file is streamed line by line (gzip and zstd on the way); each record
 * becomes a usage row for its day and is added into an in-memory table
 * keyed by every cube dimension, so memory grows with the distinct keys,
 * not with the file. Nothing is written until the whole file has been read
 * and fingerprinted; then one transaction stores the day rows. A killed
 * ingest therefore leaves the store as it was, and the same bytes ingested
 * again are recognised and not counted twice.
 *
 * "Input tokens" differ by source (research: llm-ecosystem.md §8): the
 * Messages API's input_tokens excludes cache reads and writes; OTel's
 * gen_ai.usage.input_tokens and LiteLLM's prompt_tokens include them.
 * Every reader turns its source's counts into the cube's uncached input.
 */
#include "requests.h"

#include "bandwise/error.h"
#include "jsonscan.h"
#include "stream.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

/* Long-context pricing applies when a request's whole input passes this. */
#define LONG_CONTEXT_TOKENS 200000
#define PROGRESS_EVERY ((uint64_t)4 << 20)
#define CSV_MAX_FIELDS 256

int bw_ingest__requests_is_request_format(bw_ingest_format format)
{
	return format >= BW_INGEST_MESSAGES && format <= BW_INGEST_FOCUS_CSV;
}

/* --- time ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil algorithm, written from its description). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]" (a space may stand
 * for the T; no zone means UTC) into seconds since the epoch. */
static int parse_time_text(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t len = strlen(s);

	if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	const char *p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi) ||
		    p[6] != ':' || digits(p + 7, 2, &se) || h > 23 || mi > 59 || se > 60)
			return -1;
		p += 9;
		if (*p == '.' || *p == ',')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	int64_t offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om = 0;
		int sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return -1;
		if (p[3] == '\0') { /* "+00": PostgreSQL's timestamptz */
			p += 3;
		} else {
			if (p[3] == ':' ? digits(p + 4, 2, &om) : digits(p + 3, 2, &om))
				return -1;
			p += p[3] == ':' ? 6 : 5;
		}
		offset = sign * (oh * 3600 + om * 60);
	} else if (*p == ' ' && strcmp(p, " UTC") == 0) {
		p += 4;
	}
	if (*p != '\0')
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
	return 0;
}

/* A number of seconds, milliseconds, microseconds or nanoseconds since the
 * epoch, told apart by magnitude (dates between 1973 and 5138). */
static int64_t epoch_from_number(double v)
{
	if (v >= 1e17)
		return (int64_t)(v / 1e9);
	if (v >= 1e14)
		return (int64_t)(v / 1e6);
	if (v >= 1e11)
		return (int64_t)(v / 1e3);
	return (int64_t)v;
}

/* --- the day cube ------------------------------------------------------------ */

/* The dimensions of a row, packed: the day number, then model, workspace,
 * api key, tier, context window, geo and speed, each ended by 0x1f. One
 * hash and one memcmp per request instead of per-field work. */
enum { DIM_MODEL, DIM_WORKSPACE, DIM_API_KEY, DIM_TIER, DIM_WINDOW, DIM_GEO, DIM_SPEED, DIM_TAG, DIM_COUNT };
#define KEY_MAX (sizeof(int64_t) + DIM_COUNT * BW_USAGE_DIM_MAX)

typedef struct {
	char *key; /* NULL: an empty slot */
	size_t key_len;
	uint64_t hash;
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	int64_t web_search_requests;
} cell;

typedef struct {
	cell *slots; /* open addressing, linear probing */
	size_t capacity, count;
} cube;

static int cube_grow(cube *c)
{
	size_t next = c->capacity ? c->capacity * 2 : 1024;
	cell *slots = calloc(next, sizeof(*slots));
	if (slots == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < c->capacity; i++) {
		if (c->slots[i].key == NULL)
			continue;
		size_t j = c->slots[i].hash & (next - 1);
		while (slots[j].key != NULL)
			j = (j + 1) & (next - 1);
		slots[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = slots;
	c->capacity = next;
	return 0;
}

static int cube_add(cube *c, const char *key, size_t key_len, const int64_t tokens[BW_TOKEN_TYPE_COUNT],
		    int64_t web_search_requests)
{
	int error;
	if ((c->count + 1) * 10 > c->capacity * 7 && (error = cube_grow(c)) < 0)
		return error;
	uint64_t hash = XXH3_64bits(key, key_len);
	size_t j = hash & (c->capacity - 1);
	while (c->slots[j].key != NULL) {
		cell *e = &c->slots[j];
		if (e->hash == hash && e->key_len == key_len && memcmp(e->key, key, key_len) == 0) {
			for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
				e->tokens[t] += tokens[t];
			e->web_search_requests += web_search_requests;
			return 0;
		}
		j = (j + 1) & (c->capacity - 1);
	}
	cell *e = &c->slots[j];
	if ((e->key = malloc(key_len)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	memcpy(e->key, key, key_len);
	e->key_len = key_len;
	e->hash = hash;
	memcpy(e->tokens, tokens, sizeof(e->tokens));
	e->web_search_requests = web_search_requests;
	c->count++;
	return 0;
}

static int64_t cell_day(const cell *e)
{
	int64_t days;
	memcpy(&days, e->key, sizeof(days));
	return days;
}

static void day_bounds(int64_t days, char start[BW_USAGE_TIME_MAX], char end[BW_USAGE_TIME_MAX])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(start, BW_USAGE_TIME_MAX, "%04d-%02d-%02dT00:00:00Z", y, m, d);
	civil_from_days(days + 1, &y, &m, &d);
	snprintf(end, BW_USAGE_TIME_MAX, "%04d-%02d-%02dT00:00:00Z", y, m, d);
}

static void cell_to_row(const cell *e, bw_usage_row *row)
{
	char *dims[DIM_COUNT];
	memset(row, 0, sizeof(*row));
	dims[DIM_MODEL] = row->model;
	dims[DIM_WORKSPACE] = row->workspace_id;
	dims[DIM_API_KEY] = row->api_key_id;
	dims[DIM_TIER] = row->service_tier;
	dims[DIM_WINDOW] = row->context_window;
	dims[DIM_GEO] = row->inference_geo;
	dims[DIM_SPEED] = row->speed;
	dims[DIM_TAG] = row->tag;
	day_bounds(cell_day(e), row->bucket_start, row->bucket_end);
	const char *p = e->key + sizeof(int64_t), *end = e->key + e->key_len;
	for (int i = 0; i < DIM_COUNT && p < end; i++) {
		const char *sep = memchr(p, 0x1f, (size_t)(end - p));
		size_t n = (size_t)(sep - p);
		memcpy(dims[i], p, n < BW_USAGE_DIM_MAX ? n : BW_USAGE_DIM_MAX - 1);
		p = sep + 1;
	}
	memcpy(row->tokens, e->tokens, sizeof(row->tokens));
	row->web_search_requests = e->web_search_requests;
}

static void cube_free(cube *c)
{
	for (size_t i = 0; i < c->capacity; i++)
		free(c->slots[i].key);
	free(c->slots);
}

/* --- one record ------------------------------------------------------------- */

/* What every reader fills for one request before it joins the cube. */
typedef struct {
	int64_t epoch;
	char model[BW_USAGE_DIM_MAX];
	char workspace[BW_USAGE_DIM_MAX];
	char api_key[BW_USAGE_DIM_MAX];
	char tier[BW_USAGE_DIM_MAX];
	char geo[BW_USAGE_DIM_MAX];
	char speed[BW_USAGE_DIM_MAX];
	char window[BW_USAGE_DIM_MAX]; /* the context-window class when the source says it (FOCUS) */
	char tag[BW_USAGE_DIM_MAX];
	/* input as the source counts it, and the cache counts it reports */
	int64_t input, cache_read, cache_write, write_5m, write_1h, output, web_searches;
	int has_split; /* write_5m / write_1h were given */
	int input_includes_cache;
} record;

static void record_reset(record *r)
{
	memset(r, 0, sizeof(*r));
	r->epoch = INT64_MIN;
}

static char *put_dim(char *p, const char *value)
{
	size_t n = strnlen(value, BW_USAGE_DIM_MAX - 1);
	memcpy(p, value, n);
	p[n] = 0x1f;
	return p + n + 1;
}

/* A record into the cube: uncached input, the 5m/1h split (an unsplit
 * write is a 5-minute write, the API's default TTL), the context-window
 * class, and its day. */
static int cube_add_record(cube *c, const record *r, int includes_cache_option, char *why, size_t why_size)
{
	int64_t writes = r->has_split ? r->write_5m + r->write_1h : r->cache_write;
	if (r->has_split && r->cache_write > writes)
		writes = r->cache_write; /* the remainder is counted as 5m below */
	int includes = r->input_includes_cache;
	if (includes_cache_option >= 0)
		includes = includes_cache_option;
	else if (includes && r->input < r->cache_read + writes)
		includes = 0; /* smaller than its own cache counts: this producer excludes them */
	int64_t uncached = includes ? r->input - r->cache_read - writes : r->input;
	if (uncached < 0) {
		snprintf(why, why_size,
			 "input tokens %lld are fewer than the cache reads and writes (%lld) they should include",
			 (long long)r->input, (long long)(r->cache_read + writes));
		return -1;
	}
	if (r->input < 0 || r->cache_read < 0 || writes < 0 || r->output < 0 || r->web_searches < 0 ||
	    r->write_1h < 0) {
		snprintf(why, why_size, "a negative token count");
		return -1;
	}
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	tokens[BW_TOKEN_UNCACHED_INPUT] = uncached;
	tokens[BW_TOKEN_CACHE_READ] = r->cache_read;
	tokens[BW_TOKEN_CACHE_WRITE_1H] = r->has_split ? r->write_1h : 0;
	tokens[BW_TOKEN_CACHE_WRITE_5M] = writes - tokens[BW_TOKEN_CACHE_WRITE_1H];
	tokens[BW_TOKEN_OUTPUT] = r->output;

	char key[KEY_MAX], *p = key;
	int64_t days = r->epoch >= 0 ? r->epoch / 86400 : -((-r->epoch + 86399) / 86400);
	memcpy(p, &days, sizeof(days));
	p += sizeof(days);
	p = put_dim(p, r->model);
	p = put_dim(p, r->workspace);
	p = put_dim(p, r->api_key);
	p = put_dim(p, r->tier[0] ? r->tier : "standard");
	if (r->window[0])
		p = put_dim(p, r->window);
	else
		p = put_dim(p, uncached + r->cache_read + writes > LONG_CONTEXT_TOKENS ? "200k-1M" : "0-200k");
	p = put_dim(p, r->geo);
	p = put_dim(p, r->speed);
	p = put_dim(p, r->tag);
	return cube_add(c, key, (size_t)(p - key), tokens, r->web_searches) < 0 ? -2 : 0;
}

/* --- JSON helpers -------------------------------------------------------------- */

/* obj["a"]["b"]... for a dotted path; NULL when any step is missing. */
static json_t *jpath(json_t *obj, const char *path)
{
	char key[64];
	while (obj != NULL && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key) || !json_is_object(obj))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		path += n + (dot != NULL);
	}
	return obj;
}

/* The first of 'paths' present and not null. */
static json_t *jfirst(json_t *obj, const char *const *paths)
{
	for (; *paths; paths++) {
		json_t *v = jpath(obj, *paths);
		if (v != NULL && !json_is_null(v))
			return v;
	}
	return NULL;
}

/* A token count: an integer, an integral real, or a string of digits (OTLP
 * JSON writes 64-bit integers as strings). -1 when it is none of those. */
static int jcount(json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_real(v) && json_real_value(v) == (double)(int64_t)json_real_value(v)) {
		*out = (int64_t)json_real_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		errno = 0;
		long long n = strtoll(s, &end, 10);
		if (*s && *end == '\0' && errno == 0) {
			*out = n;
			return 0;
		}
	}
	return -1;
}

/* A time written as text: RFC 3339, or an epoch number in a string (OTLP
 * writes "1700000000000000000" nanoseconds that way). */
static int time_of_text(const char *s, int64_t *out)
{
	int all_digits = *s != '\0';
	for (const char *p = s; *p; p++)
		all_digits &= isdigit((unsigned char)*p) != 0;
	if (all_digits) {
		*out = epoch_from_number(strtod(s, NULL));
		return 0;
	}
	return parse_time_text(s, out);
}

static int jtime(json_t *v, int64_t *out)
{
	if (json_is_string(v))
		return time_of_text(json_string_value(v), out);
	if (json_is_number(v)) {
		*out = epoch_from_number(json_number_value(v));
		return 0;
	}
	return -1;
}

static void jstring_into(json_t *v, char *dst, size_t size)
{
	if (json_is_string(v))
		snprintf(dst, size, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(dst, size, "%lld", (long long)json_integer_value(v));
}

/* Count fields: a missing one is 0, a present one must be a count. */
static int take_count(json_t *obj, const char *const *paths, int64_t *out, char *why, size_t why_size)
{
	json_t *v = jfirst(obj, paths);
	if (v == NULL)
		return 0;
	if (jcount(v, out) < 0) {
		snprintf(why, why_size, "\"%s\" should be a whole number of tokens", paths[0]);
		return -1;
	}
	return 0;
}

/* --- readers --------------------------------------------------------------------- */

typedef struct {
	const bw_ingest_options *options;
	int64_t start_epoch; /* mooncake */
	/* CSV: the header's column names, and the column of each field */
	char *header_copy;
	char *header[CSV_MAX_FIELDS];
	int header_count;
	int col_time, col_model, col_input, col_output, col_read, col_write, col_write_1h, col_workspace,
		col_api_key, col_tier, col_web, col_metadata, col_provider;
	/* FOCUS */
	int col_category, col_quantity, col_unit, col_meter, col_details, col_geo, col_window;
	int col_tag;
} reader;

/* The paths a Messages log line is read from, in order of preference
 * within each group. The usage object sits at the top (a response as
 * logged) or under "response" (gateways that log request and response). */
enum {
	M_MODEL, M_RESPONSE_MODEL, M_REQUEST_MODEL,
	M_TIME0, M_TIME1, M_TIME2, M_TIME3, M_TIME4, M_TIME5, M_TIME6, M_TIME7,
	M_WS0, M_WS1, M_WS2, M_WS3, M_WS4,
	M_KEY0, M_KEY1, M_KEY2, M_KEY3, M_KEY4,
	M_TYPE, M_ERROR, M_TIER,
	M_USAGE, /* then the usage fields, once per prefix */
	U_INPUT = 0, U_READ, U_WRITE, U_SPLIT, U_5M, U_1H, U_OUTPUT, U_TIER, U_GEO, U_SPEED, U_WEB, U_COUNT,
	M_PATH_COUNT = M_USAGE + 2 * (1 + U_COUNT),
	M_TAG = M_PATH_COUNT /* the --tag path, when given, is scanned last */
};

static const char *const message_paths[M_PATH_COUNT + 1] = {
	"model", "response.model", "request.model",
	"timestamp", "created_at", "time", "startTime", "start_time", "ts", "request_time", "date",
	"workspace_id", "workspace", "metadata.workspace_id", "metadata.workspace", "tags.workspace",
	"api_key_id", "api_key", "metadata.api_key_id", "metadata.api_key", "tags.api_key",
	"type", "error", "service_tier",
	"usage", "usage.input_tokens", "usage.cache_read_input_tokens", "usage.cache_creation_input_tokens",
	"usage.cache_creation", "usage.cache_creation.ephemeral_5m_input_tokens",
	"usage.cache_creation.ephemeral_1h_input_tokens", "usage.output_tokens", "usage.service_tier",
	"usage.inference_geo", "usage.speed", "usage.server_tool_use.web_search_requests",
	"response.usage", "response.usage.input_tokens", "response.usage.cache_read_input_tokens",
	"response.usage.cache_creation_input_tokens", "response.usage.cache_creation",
	"response.usage.cache_creation.ephemeral_5m_input_tokens",
	"response.usage.cache_creation.ephemeral_1h_input_tokens", "response.usage.output_tokens",
	"response.usage.service_tier", "response.usage.inference_geo", "response.usage.speed",
	"response.usage.server_tool_use.web_search_requests", NULL};

static const bwx_js_value *first_present(const bwx_js_value *v, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (v[i].type != BWX_JS_ABSENT && v[i].type != BWX_JS_NULL)
			return &v[i];
	return NULL;
}

static int js_time(const bwx_js_value *v, int64_t *out)
{
	char text[64];
	if (v->type == BWX_JS_NUMBER) {
		if (v->len >= sizeof(text))
			return -1;
		memcpy(text, v->start, v->len);
		text[v->len] = '\0';
		*out = epoch_from_number(strtod(text, NULL));
		return 0;
	}
	if (v->type != BWX_JS_STRING)
		return -1;
	bwx_js_string(v, text, sizeof(text));
	return time_of_text(text, out);
}

/* A tag's text: a string unescaped, a number or boolean as written. */
static void js_scalar(const bwx_js_value *v, char *dst, size_t size)
{
	if (v->type == BWX_JS_STRING) {
		bwx_js_string(v, dst, size);
	} else if (v->type == BWX_JS_NUMBER || v->type == BWX_JS_TRUE || v->type == BWX_JS_FALSE) {
		size_t n = v->len < size - 1 ? v->len : size - 1;
		memcpy(dst, v->start, n);
		dst[n] = '\0';
	}
}

static int js_take(const bwx_js_value *v, const char *name, int64_t *out, char *why, size_t why_size)
{
	if (v->type == BWX_JS_ABSENT || v->type == BWX_JS_NULL)
		return 0;
	if (bwx_js_count(v, out) < 0) {
		snprintf(why, why_size, "\"%s\" should be a whole number of tokens", name);
		return -1;
	}
	return 0;
}

/* Messages API responses, or gateway logs that carry one. Returns 1 (a
 * record), 0 (an error response: nothing billed), -1. */
static int read_messages(const bwx_js_value *v, record *r, char *why, size_t why_size)
{
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
		snprintf(why, why_size, "expected a \"usage\" object (at the top or under \"response\")");
		return -1;
	}
	if (model == NULL || model->type != BWX_JS_STRING) {
		snprintf(why, why_size, "expected a \"model\" string");
		return -1;
	}
	if (time == NULL || js_time(time, &r->epoch) < 0) {
		snprintf(why, why_size, "expected a time: \"timestamp\" (or created_at, time, startTime, ts) as "
					"RFC 3339 text or epoch seconds/milliseconds");
		return -1;
	}
	bwx_js_string(model, r->model, sizeof(r->model));
	const bwx_js_value *ws = first_present(v, M_WS0, M_WS4), *key = first_present(v, M_KEY0, M_KEY4);
	if (ws != NULL)
		bwx_js_string(ws, r->workspace, sizeof(r->workspace));
	if (key != NULL)
		bwx_js_string(key, r->api_key, sizeof(r->api_key));
	if (js_take(&v[u + U_INPUT], "input_tokens", &r->input, why, why_size) < 0 ||
	    js_take(&v[u + U_READ], "cache_read_input_tokens", &r->cache_read, why, why_size) < 0 ||
	    js_take(&v[u + U_WRITE], "cache_creation_input_tokens", &r->cache_write, why, why_size) < 0 ||
	    js_take(&v[u + U_5M], "ephemeral_5m_input_tokens", &r->write_5m, why, why_size) < 0 ||
	    js_take(&v[u + U_1H], "ephemeral_1h_input_tokens", &r->write_1h, why, why_size) < 0 ||
	    js_take(&v[u + U_OUTPUT], "output_tokens", &r->output, why, why_size) < 0 ||
	    js_take(&v[u + U_WEB], "web_search_requests", &r->web_searches, why, why_size) < 0)
		return -1;
	r->has_split = v[u + U_SPLIT].type == BWX_JS_OBJECT;
	const bwx_js_value *tier = v[u + U_TIER].type == BWX_JS_STRING ? &v[u + U_TIER] : &v[M_TIER];
	bwx_js_string(tier, r->tier, sizeof(r->tier));
	bwx_js_string(&v[u + U_GEO], r->geo, sizeof(r->geo));
	bwx_js_string(&v[u + U_SPEED], r->speed, sizeof(r->speed));
	js_scalar(&v[M_TAG], r->tag, sizeof(r->tag));
	return 1;
}

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
			const char *kinds[] = {"intValue", "stringValue", "doubleValue", "boolValue"};
			for (size_t j = 0; j < 4; j++)
				if (json_object_get(v, kinds[j]) != NULL)
					return json_object_get(v, kinds[j]);
			return v;
		}
	}
	return NULL;
}

static int otel_count(json_t *attrs, const char *const *names, int64_t *out, int *present, char *why,
		      size_t why_size)
{
	for (; *names; names++) {
		json_t *v = otel_attr(attrs, *names);
		if (v == NULL)
			continue;
		if (jcount(v, out) < 0) {
			snprintf(why, why_size, "attribute %s should be a whole number of tokens", *names);
			return -1;
		}
		if (present)
			*present = 1;
		return 0;
	}
	return 0;
}

/* One span. Returns 1 (a Claude usage record), 0 (not one), -1. */
static int read_span(json_t *span, json_t *resource_attrs, const char *tag, record *r, char *why, size_t why_size)
{
	json_t *attrs = json_object_get(span, "attributes");
	static const char *const in_names[] = {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", NULL};
	static const char *const out_names[] = {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
						NULL};
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
	static const char *const time_names[] = {"startTimeUnixNano", "start_time", "startTime", "timestamp", NULL};
	json_t *time = jfirst(span, time_names);
	if (time == NULL || jtime(time, &r->epoch) < 0) {
		snprintf(why, why_size, "expected the span's startTimeUnixNano (or start_time)");
		return -1;
	}
	r->input_includes_cache = 1; /* the semantic conventions say SHOULD */
	json_t *ws = otel_attr(attrs, "anthropic.workspace_id");
	if (ws == NULL)
		ws = otel_attr(resource_attrs, "anthropic.workspace_id");
	if (ws == NULL)
		ws = otel_attr(resource_attrs, "service.name");
	jstring_into(ws, r->workspace, sizeof(r->workspace));
	if (tag != NULL) {
		json_t *t = otel_attr(attrs, tag);
		jstring_into(t ? t : otel_attr(resource_attrs, tag), r->tag, sizeof(r->tag));
	}
	return 1;
}

/* An OTLP export line holds many spans; the callback gets each. */
typedef int (*span_fn)(void *context, record *r);

static int read_otel(json_t *obj, const char *tag, span_fn each, void *context, char *why, size_t why_size,
		     int64_t *skipped)
{
	json_t *resource_spans = json_object_get(obj, "resourceSpans");
	int error;

	if (resource_spans == NULL) { /* a flat span per line */
		record r;
		record_reset(&r);
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
		json_t *resource_attrs = jpath(rs, "resource.attributes");
		json_t *scopes = json_object_get(rs, "scopeSpans");
		if (scopes == NULL)
			scopes = json_object_get(rs, "instrumentationLibrarySpans");
		json_array_foreach(scopes, j, ss)
		{
			json_array_foreach(json_object_get(ss, "spans"), k, span)
			{
				record r;
				record_reset(&r);
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

static int read_mooncake(json_t *obj, const reader *rd, record *r, char *why, size_t why_size)
{
	json_t *ts = json_object_get(obj, "timestamp");
	int64_t in = 0, out = 0;
	if (!json_is_number(ts) || jcount(json_object_get(obj, "input_length"), &in) < 0 ||
	    jcount(json_object_get(obj, "output_length"), &out) < 0) {
		snprintf(why, why_size, "expected \"timestamp\" (milliseconds), \"input_length\" and "
					"\"output_length\" numbers");
		return -1;
	}
	r->epoch = rd->start_epoch + (int64_t)(json_number_value(ts) / 1000.0);
	r->input = in;
	r->output = out;
	snprintf(r->model, sizeof(r->model), "%s", rd->options->model);
	if (rd->options->tag != NULL)
		jstring_into(jpath(obj, rd->options->tag), r->tag, sizeof(r->tag));
	return 1;
}

/* --- CSV ---------------------------------------------------------------------- */

/*
 * Split one CSV record (RFC 4180: quoted fields, "" for a quote) in place.
 * Returns the field count, or -1 for a quote that never closes on this
 * record (the caller joins the next line and tries again).
 */
static int csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == max)
			return n;
		char *out = p;
		fields[n++] = out;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return -1;
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
		if (last)
			return n;
		p++;
	}
}

static int quotes_balanced(const char *s)
{
	int open = 0;
	for (; *s; s++)
		if (*s == '"')
			open = !open;
	return !open;
}

static int find_column(const reader *rd, const char *name)
{
	for (int i = 0; i < rd->header_count; i++) {
		const char *h = rd->header[i];
		while (*h == ' ')
			h++;
		if (strcasecmp(h, name) == 0)
			return i;
	}
	return -1;
}

/* "time=ts,model=m,...": the generic CSV's mapping onto the header. */
static int map_columns(reader *rd, char *why, size_t why_size)
{
	struct {
		const char *name;
		int *col;
	} targets[] = {{"time", &rd->col_time},         {"model", &rd->col_model},
		       {"input", &rd->col_input},       {"output", &rd->col_output},
		       {"cache_read", &rd->col_read},   {"cache_write", &rd->col_write},
		       {"cache_write_1h", &rd->col_write_1h}, {"workspace", &rd->col_workspace},
		       {"api_key", &rd->col_api_key},   {"tier", &rd->col_tier},
		       {"web_search", &rd->col_web},    {"tag", &rd->col_tag}};
	const char *spec = rd->options->columns;
	if (spec == NULL) {
		snprintf(why, why_size, "the csv format needs --columns time=COL,input=COL,output=COL,...");
		return -1;
	}
	char *copy = strdup(spec), *save = NULL;
	if (copy == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(pair, '=');
		size_t t;
		if (eq == NULL) {
			snprintf(why, why_size, "--columns: expected NAME=COLUMN, got '%s'", pair);
			free(copy);
			return -1;
		}
		*eq = '\0';
		for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
			if (strcmp(pair, targets[t].name) == 0)
				break;
		if (t == sizeof(targets) / sizeof(targets[0])) {
			snprintf(why, why_size,
				 "--columns: unknown field '%s': expected time, model, input, output, "
				 "cache_read, cache_write, cache_write_1h, workspace, api_key, tier, web_search, tag",
				 pair);
			free(copy);
			return -1;
		}
		if ((*targets[t].col = find_column(rd, eq + 1)) < 0) {
			snprintf(why, why_size, "--columns: the header has no column '%s'", eq + 1);
			free(copy);
			return -1;
		}
	}
	free(copy);
	if (rd->col_time < 0 || rd->col_input < 0 || rd->col_output < 0) {
		snprintf(why, why_size, "--columns must name at least time, input and output");
		return -1;
	}
	return 0;
}

static int read_header(reader *rd, bw_ingest_format format, const char *line, char *why,
		       size_t why_size)
{
	if ((rd->header_copy = strdup(line)) == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	rd->header_count = csv_split(rd->header_copy, rd->header, CSV_MAX_FIELDS);
	if (rd->header_count < 0) {
		snprintf(why, why_size, "the header line has an unclosed quote");
		return -1;
	}
	int *cols[] = {&rd->col_time,      &rd->col_model,    &rd->col_input,     &rd->col_output,
		       &rd->col_read,      &rd->col_write,    &rd->col_write_1h,  &rd->col_workspace,
		       &rd->col_api_key,   &rd->col_tier,     &rd->col_web,       &rd->col_metadata,
		       &rd->col_provider,  &rd->col_category, &rd->col_quantity,  &rd->col_unit,
		       &rd->col_meter,     &rd->col_details,  &rd->col_geo,       &rd->col_window,
		       &rd->col_tag};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		*cols[i] = -1;
	if (rd->options->tag != NULL && (rd->col_tag = find_column(rd, rd->options->tag)) < 0) {
		snprintf(why, why_size, "--tag: the header has no column '%s'", rd->options->tag);
		return -1;
	}
	switch (format) {
	case BW_INGEST_AZURE_CSV:
		rd->col_time = find_column(rd, "TIMESTAMP");
		rd->col_input = find_column(rd, "ContextTokens");
		rd->col_output = find_column(rd, "GeneratedTokens");
		if (rd->col_time < 0 || rd->col_input < 0 || rd->col_output < 0) {
			snprintf(why, why_size, "expected the header TIMESTAMP,ContextTokens,GeneratedTokens");
			return -1;
		}
		return 0;
	case BW_INGEST_FOCUS_CSV:
		rd->col_time = find_column(rd, "ChargePeriodStart");
		rd->col_category = find_column(rd, "ChargeCategory");
		rd->col_quantity = find_column(rd, "ConsumedQuantity");
		rd->col_unit = find_column(rd, "ConsumedUnit");
		rd->col_meter = find_column(rd, "SkuMeter");
		rd->col_details = find_column(rd, "SkuPriceDetails");
		rd->col_model = find_column(rd, "x_Model") >= 0 ? find_column(rd, "x_Model") : find_column(rd, "SkuId");
		rd->col_workspace = find_column(rd, "SubAccountId");
		rd->col_geo = find_column(rd, "RegionId");
		rd->col_tier = find_column(rd, "x_ServiceTier");
		rd->col_window = find_column(rd, "x_ContextWindow");
		rd->col_provider = find_column(rd, "ProviderName");
		if (rd->col_time < 0 || rd->col_quantity < 0 || rd->col_unit < 0 || rd->col_meter < 0 ||
		    rd->col_model < 0) {
			snprintf(why, why_size, "expected a FOCUS header with ChargePeriodStart, ConsumedQuantity, "
						"ConsumedUnit, SkuMeter and SkuId (or x_Model)");
			return -1;
		}
		return 0;
	case BW_INGEST_LITELLM_CSV:
		rd->col_time = find_column(rd, "startTime");
		rd->col_model = find_column(rd, "model");
		rd->col_input = find_column(rd, "prompt_tokens");
		rd->col_output = find_column(rd, "completion_tokens");
		rd->col_metadata = find_column(rd, "metadata");
		rd->col_api_key = find_column(rd, "api_key");
		rd->col_workspace = find_column(rd, "team_id");
		rd->col_provider = find_column(rd, "custom_llm_provider");
		if (rd->col_time < 0 || rd->col_model < 0 || rd->col_input < 0 || rd->col_output < 0) {
			snprintf(why, why_size, "expected a LiteLLM_SpendLogs header with startTime, model, "
						"prompt_tokens and completion_tokens");
			return -1;
		}
		return 0;
	default:
		return map_columns(rd, why, why_size);
	}
}

static int csv_count(char **f, int n, int col, int64_t *out, const reader *rd, char *why, size_t why_size)
{
	if (col < 0 || col >= n || f[col][0] == '\0')
		return 0;
	char *end;
	errno = 0;
	double v = strtod(f[col], &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno != 0 || v < 0 || v != (double)(int64_t)v) {
		snprintf(why, why_size, "column %s: expected a whole number of tokens, got '%.40s'",
			 rd->header[col], f[col]);
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

static const char *field(char **f, int n, int col)
{
	return col >= 0 && col < n ? f[col] : "";
}

/* One FOCUS cost-and-usage row: one token type of one model and day. Rows
 * that are not usage (purchases, taxes, credits) or not Claude are left
 * out; the quantity is what was consumed, and bandwise prices it again at
 * list (ListCost and BilledCost are not read). */
static int read_focus_record(const reader *rd, char **f, int n, record *r, char *why, size_t why_size)
{
	const char *category = field(f, n, rd->col_category), *unit = field(f, n, rd->col_unit);
	const char *meter = field(f, n, rd->col_meter), *details = field(f, n, rd->col_details);
	const char *model = field(f, n, rd->col_model), *provider = field(f, n, rd->col_provider);
	int64_t quantity = 0;

	if (rd->col_category >= 0 && strcasecmp(category, "Usage") != 0)
		return 0;
	if ((provider[0] && strcasecmp(provider, "Anthropic") != 0 && strstr(model, "claude") == NULL) ||
	    model[0] == '\0')
		return 0;
	if (parse_time_text(field(f, n, rd->col_time), &r->epoch) < 0) {
		snprintf(why, why_size, "column ChargePeriodStart: expected a date and time, got '%.40s'",
			 field(f, n, rd->col_time));
		return -1;
	}
	if (csv_count(f, n, rd->col_quantity, &quantity, rd, why, why_size) < 0)
		return -1;
	snprintf(r->model, sizeof(r->model), "%s", model);
	const char *ws = field(f, n, rd->col_workspace);
	snprintf(r->workspace, sizeof(r->workspace), "%s", strcmp(ws, "default") == 0 ? "" : ws);
	snprintf(r->tier, sizeof(r->tier), "%s", field(f, n, rd->col_tier));
	snprintf(r->geo, sizeof(r->geo), "%s", field(f, n, rd->col_geo));
	snprintf(r->window, sizeof(r->window), "%s", field(f, n, rd->col_window));
	if (strcasecmp(unit, "Searches") == 0) {
		r->web_searches = quantity;
		return 1;
	}
	if (strcasecmp(unit, "Tokens") != 0) {
		snprintf(why, why_size, "column ConsumedUnit: expected Tokens or Searches, got '%.40s'", unit);
		return -1;
	}
	if (strcasecmp(meter, "Output Tokens") == 0) {
		r->output = quantity;
	} else if (strcasecmp(meter, "Input Tokens") == 0) {
		/* The cache status rides in SkuPriceDetails (bandwise export --focus writes it). */
		if (strstr(details, "CacheRead"))
			r->cache_read = quantity;
		else if (strstr(details, "CacheWrite-1h")) {
			r->has_split = 1;
			r->write_1h = quantity;
		} else if (strstr(details, "CacheWrite"))
			r->cache_write = quantity;
		else
			r->input = quantity;
	} else {
		snprintf(why, why_size, "column SkuMeter: expected Input Tokens or Output Tokens, got '%.40s'", meter);
		return -1;
	}
	return 1;
}

static int read_csv_record(const reader *rd, bw_ingest_format format, char **f, int n, record *r, char *why,
			   size_t why_size)
{
	if (rd->col_tag >= 0)
		snprintf(r->tag, sizeof(r->tag), "%s", field(f, n, rd->col_tag));
	if (format == BW_INGEST_FOCUS_CSV)
		return read_focus_record(rd, f, n, r, why, why_size);
	if (rd->col_time >= n) {
		snprintf(why, why_size, "expected %d fields, found %d", rd->header_count, n);
		return -1;
	}
	if (parse_time_text(f[rd->col_time], &r->epoch) < 0) {
		snprintf(why, why_size, "column %s: expected a date and time, got '%.40s'", rd->header[rd->col_time],
			 f[rd->col_time]);
		return -1;
	}
	if (csv_count(f, n, rd->col_input, &r->input, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_output, &r->output, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_read, &r->cache_read, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_write, &r->cache_write, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_write_1h, &r->write_1h, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_web, &r->web_searches, rd, why, why_size) < 0)
		return -1;
	if (rd->col_write_1h >= 0) {
		r->has_split = 1;
		r->write_5m = r->cache_write;
		r->cache_write += r->write_1h;
	}
	const char *model = rd->col_model >= 0 && rd->col_model < n && f[rd->col_model][0] ? f[rd->col_model]
											      : rd->options->model;
	if (model == NULL) {
		snprintf(why, why_size, "no model: the row has none and no --model was given");
		return -1;
	}
	/* LiteLLM names models "anthropic/claude-..." in places. */
	if (strncmp(model, "anthropic/", 10) == 0)
		model += 10;
	snprintf(r->model, sizeof(r->model), "%s", model);
	if (rd->col_workspace >= 0 && rd->col_workspace < n)
		snprintf(r->workspace, sizeof(r->workspace), "%s", f[rd->col_workspace]);
	if (rd->col_api_key >= 0 && rd->col_api_key < n)
		snprintf(r->api_key, sizeof(r->api_key), "%s", f[rd->col_api_key]);
	if (rd->col_tier >= 0 && rd->col_tier < n)
		snprintf(r->tier, sizeof(r->tier), "%s", f[rd->col_tier]);
	if (format == BW_INGEST_LITELLM_CSV) {
		/* Other providers' rows share the table. */
		if (rd->col_provider >= 0 && rd->col_provider < n && f[rd->col_provider][0] &&
		    strcmp(f[rd->col_provider], "anthropic") != 0 && strstr(r->model, "claude") == NULL)
			return 0;
		/* Cache counts live in metadata.usage_object; prompt_tokens includes them. */
		r->input_includes_cache = 1;
		if (rd->col_metadata >= 0 && rd->col_metadata < n && f[rd->col_metadata][0] == '{') {
			json_t *meta = json_loads(f[rd->col_metadata], 0, NULL);
			static const char *const read[] = {"usage_object.cache_read_input_tokens",
							   "usage_object.prompt_tokens_details.cached_tokens", NULL};
			static const char *const write[] = {"usage_object.cache_creation_input_tokens",
							    "usage_object.prompt_tokens_details.cache_creation_tokens",
							    NULL};
			int bad = meta != NULL && (take_count(meta, read, &r->cache_read, why, why_size) < 0 ||
						   take_count(meta, write, &r->cache_write, why, why_size) < 0);
			json_decref(meta);
			if (bad)
				return -1;
		}
	} else if (format == BW_INGEST_CSV) {
		r->input_includes_cache = 0;
	}
	return 1;
}

/* --- the driver ------------------------------------------------------------------- */

typedef struct {
	cube days;
	int64_t requests;
	const bw_ingest_options *options;
	char *why;
	size_t why_size;
} sink;

static int sink_add(void *context, record *r)
{
	sink *s = context;
	int got = cube_add_record(&s->days, r, s->options->input_includes_cache, s->why, s->why_size);
	if (got < 0)
		return got;
	s->requests++;
	return 1;
}

static int compare_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The distinct days of the cube, sorted, into *out (free()); their count. */
static size_t cube_days(const cube *c, int64_t **out)
{
	int64_t *list = malloc((c->count + 1) * sizeof(*list));
	size_t n = 0, distinct = 0;
	*out = list;
	if (list == NULL)
		return 0;
	for (size_t i = 0; i < c->capacity; i++)
		if (c->slots[i].key != NULL)
			list[n++] = cell_day(&c->slots[i]);
	if (n > 1)
		qsort(list, n, sizeof(*list), compare_day);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || list[i] != list[i - 1])
			list[distinct++] = list[i];
	return distinct;
}

static int check_other_kind(bw_store *store, const char *path, const cube *c)
{
	char start[BW_USAGE_TIME_MAX], end[BW_USAGE_TIME_MAX], found_start[BW_USAGE_TIME_MAX], found_source[512];
	int64_t *days = NULL;
	size_t n = cube_days(c, &days);
	int error = 0;

	if (days == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < n && error == 0; i++) {
		day_bounds(days[i], start, end);
		int hit = bw_store_find_other_kind(store, start, end, 1, found_start, found_source);
		if (hit < 0)
			error = hit;
		else if (hit)
			error = bw_error_set(BW_EUSAGE,
					     "%s: the day %.10s already has usage from the Admin API report %s; "
					     "adding request logs would double count. Keep one kind of source "
					     "per period (or use a new --db)",
					     path, start, found_source);
	}
	free(days);
	return error;
}

/* One transaction: the provenance, then every day row. 'stream' and the
 * replaced range [replace_start, replace_end) are for database sources
 * (NULL for files, whose stream is their fingerprint). */
static int store_days(bw_store *store, const char *path, bw_ingest_format format, const char *sha,
		      const cube *days, int64_t requests, const char *stream, const char *replace_start,
		      const char *replace_end)
{
	bw_store_source source;
	int error;

	memset(&source, 0, sizeof(source));
	snprintf(source.name, sizeof(source.name), "%s", path);
	snprintf(source.sha256_hex, sizeof(source.sha256_hex), "%s", sha);
	snprintf(source.format, sizeof(source.format), "%s", bw_ingest_format_name(format));
	source.request_level = 1;
	if (stream != NULL)
		snprintf(source.stream, sizeof(source.stream), "%s", stream);
	if ((error = bw_store_batch_begin(store, &source)) < 0)
		return error;
	if (replace_start != NULL && (error = bw_store_batch_replace_days(store, replace_start, replace_end)) < 0) {
		bw_store_batch_rollback(store);
		return error;
	}
	for (size_t i = 0; i < days->capacity; i++) {
		if (days->slots[i].key == NULL)
			continue;
		bw_usage_row row;
		cell_to_row(&days->slots[i], &row);
		if ((error = bw_store_batch_add_usage(store, &row)) < 0) {
			bw_store_batch_rollback(store);
			return error;
		}
	}
	return bw_store_batch_commit_requests(store, (int64_t)days->count, 0, requests);
}

/* What reading one JSON line needs; one per thread. */
typedef struct {
	bw_ingest_format format;
	const reader *rd;
	sink *sk;
	const bwx_jsonscan *scan; /* messages: shared, read-only */
	bwx_js_value values[M_PATH_COUNT + 1];
} jsonl_context;

/* One line of a JSONL format into the sink. Returns 1 (stored), 0 (left
 * out: *skipped counts it), -1 (bad: 'why' says why), -2 (out of memory). */
static int jsonl_line(jsonl_context *c, const char *line, size_t len, char *why, size_t why_size, int64_t *skipped)
{
	record r;
	int got;

	record_reset(&r);
	if (c->format == BW_INGEST_MESSAGES) {
		size_t at = 0;
		if (bwx_jsonscan_run(c->scan, line, len, c->values, &at) < 0) {
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
		got = read_messages(c->values, &r, why, why_size);
	} else {
		json_error_t jerr;
		json_t *obj = json_loadb(line, len, 0, &jerr);
		if (obj == NULL) {
			snprintf(why, why_size, "column %d: %s", jerr.column, jerr.text);
			return -1;
		}
		if (c->format == BW_INGEST_OTEL) {
			got = read_otel(obj, c->rd->options->tag, sink_add, c->sk, why, why_size, skipped);
			json_decref(obj);
			return got;
		}
		got = read_mooncake(obj, c->rd, &r, why, why_size);
		json_decref(obj);
	}
	if (got == 1)
		return sink_add(c->sk, &r);
	if (got == 0)
		(*skipped)++;
	return got;
}

/* --- one file read by several threads ------------------------------------------- */

/* Below this a file is read by one thread: starting threads would cost more. */
#define PARALLEL_MIN_BYTES ((uint64_t)32 << 20)
#define THREADS_MAX 16

typedef struct {
	/* in */
	const char *path;
	uint64_t offset, length;
	bw_ingest_format format;
	const reader *rd;
	const bwx_jsonscan *scan;
	const bw_ingest_options *options;
	_Atomic uint64_t *bytes_done;
	_Atomic int64_t *requests_done; /* for the progress line */
	_Atomic int *finished;
	/* out */
	sink sk;
	int64_t lines, skipped, errors;
	int64_t first_bad_line; /* within the range */
	char first_bad[400];
	int fatal;              /* an error code: I/O, memory */
	char fatal_message[512];
	char why[400];
} range_job;

static void *read_range(void *arg)
{
	range_job *job = arg;
	bwx_stream *stream = NULL;
	char *line;
	size_t len;
	int got;
	jsonl_context c;

	memset(&c, 0, sizeof(c));
	c.format = job->format;
	c.rd = job->rd;
	c.sk = &job->sk;
	c.scan = job->scan;
	if ((got = bwx_stream_open_range(&stream, job->path, job->offset, job->length)) < 0) {
		job->fatal = got;
		snprintf(job->fatal_message, sizeof(job->fatal_message), "%s", bw_error_last());
		atomic_fetch_add(job->finished, 1);
		return NULL;
	}
	uint64_t reported = 0;
	int64_t requests_reported = 0;
	int more;
	while ((more = bwx_stream_line(stream, &line, &len)) == 1) {
		uint64_t at = bwx_stream_raw_offset(stream) - job->offset;
		if (at - reported >= PROGRESS_EVERY) {
			atomic_fetch_add(job->bytes_done, at - reported);
			atomic_fetch_add(job->requests_done, job->sk.requests - requests_reported);
			reported = at;
			requests_reported = job->sk.requests;
		}
		if (len == 0)
			continue;
		got = jsonl_line(&c, line, len, job->why, sizeof(job->why), &job->skipped);
		if (got == -2) {
			job->fatal = BW_ERROR;
			snprintf(job->fatal_message, sizeof(job->fatal_message), "out of memory");
			break;
		}
		if (got == -1 && job->errors++ == 0) {
			job->first_bad_line = bwx_stream_line_number(stream);
			snprintf(job->first_bad, sizeof(job->first_bad), "%s", job->why);
		}
		/* Past the limit on this range alone: the whole file fails anyway. */
		if (got == -1 && job->errors > job->options->max_errors)
			break;
	}
	if (more < 0 && job->fatal == 0) { /* the stream's own failure: I/O, an overlong line */
		job->fatal = more;
		snprintf(job->fatal_message, sizeof(job->fatal_message), "%s", bw_error_last());
	}
	job->lines = bwx_stream_line_number(stream);
	atomic_fetch_add(job->bytes_done, job->length - reported);
	bwx_stream_close(stream);
	atomic_fetch_add(job->finished, 1);
	return NULL;
}

/* Split [0, size) into 'count' ranges that start at line starts. */
static int split_ranges(const char *path, uint64_t size, int count, uint64_t *starts)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		return bw_error_set(BW_EIO, "%s: %s", path, strerror(errno));
	starts[0] = 0;
	for (int i = 1; i < count; i++) {
		uint64_t at = size * (uint64_t)i / (uint64_t)count;
		if (at < starts[i - 1])
			at = starts[i - 1];
		if (fseeko(in, (off_t)at, SEEK_SET) != 0) {
			fclose(in);
			return bw_error_set(BW_EIO, "%s: cannot seek: %s", path, strerror(errno));
		}
		int ch;
		/* The range starts after the newline that ends the line holding 'at'. */
		if (at > 0) {
			if (fseeko(in, (off_t)(at - 1), SEEK_SET) != 0) {
				fclose(in);
				return bw_error_set(BW_EIO, "%s: cannot seek: %s", path, strerror(errno));
			}
			at--;
			while ((ch = getc(in)) != EOF && ch != '\n')
				at++;
			at++;
		}
		starts[i] = at > size ? size : at;
	}
	starts[count] = size;
	fclose(in);
	return 0;
}

/* The thread count for a file: the option, else the machine's cores. */
static int thread_count(const bw_ingest_options *options)
{
	long n = options->threads > 0 ? options->threads : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (int)n;
}

/*
 * A plain JSONL file of 'size' bytes read in 'count' ranges at once, into
 * 'merged'; the fingerprint is taken here, over the whole file in order, so
 * it is the one a single thread would take. Bad lines: the same limit as
 * one thread (options->max_errors over the whole file); the message names
 * the first bad line of the file.
 */
static int read_parallel(const char *path, uint64_t size, int count, bw_ingest_format format, const reader *rd,
			 const bwx_jsonscan *scan, const bw_ingest_options *options, sink *merged,
			 bw_ingest_result *out)
{
	uint64_t starts[THREADS_MAX + 1];
	range_job *jobs = calloc((size_t)count, sizeof(*jobs));
	pthread_t threads[THREADS_MAX];
	_Atomic uint64_t bytes_done = 0;
	_Atomic int64_t requests_done = 0;
	_Atomic int finished = 0;
	int started = 0, error = 0;
	bwx_stream *whole = NULL;
	char *buf = NULL;

	if (jobs == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if ((error = split_ranges(path, size, count, starts)) < 0)
		goto done;
	for (int i = 0; i < count; i++) {
		range_job *j = &jobs[i];
		j->path = path;
		j->offset = starts[i];
		j->length = starts[i + 1] - starts[i];
		j->format = format;
		j->rd = rd;
		j->scan = scan;
		j->options = options;
		j->bytes_done = &bytes_done;
		j->requests_done = &requests_done;
		j->finished = &finished;
		j->sk.options = options;
		j->sk.why = j->why;
		j->sk.why_size = sizeof(j->why);
		if (pthread_create(&threads[i], NULL, read_range, j) != 0) {
			error = bw_error_set(BW_ERROR, "%s: cannot start a thread", path);
			break;
		}
		started++;
	}
	/* Meanwhile, this thread fingerprints the file. */
	if (error == 0 && (error = bwx_stream_open(&whole, path)) == 0) {
		size_t cap = (size_t)1 << 20;
		long n;
		if ((buf = malloc(cap)) == NULL)
			error = bw_error_set(BW_ERROR, "out of memory");
		while (error == 0 && (n = bwx_stream_read(whole, buf, cap)) > 0)
			;
		if (error == 0 && n < 0)
			error = (int)n;
		if (error == 0)
			bwx_stream_fingerprint(whole, out->sha256_hex);
	}
	/* Report while the ranges are read: poll the byte counter. */
	while (options->progress && atomic_load(&finished) < started) {
		struct timespec wait = {0, 200 * 1000000L};
		options->progress(options->progress_context, atomic_load(&bytes_done), size, atomic_load(&requests_done));
		nanosleep(&wait, NULL);
	}
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (error < 0)
		goto done;
	/* In file order: the first failure, the first bad line, the sums. */
	int64_t line_base = 0, errors = 0;
	for (int i = 0; i < count && error == 0; i++) {
		range_job *j = &jobs[i];
		if (j->fatal < 0) {
			error = bw_error_set(j->fatal, "%s", j->fatal_message);
			break;
		}
		if (j->errors > 0 && errors == 0)
			snprintf(out->first_rejected, sizeof(out->first_rejected), "%s:%lld: %s", path,
				 (long long)(line_base + j->first_bad_line), j->first_bad);
		errors += j->errors;
		out->skipped += j->skipped;
		merged->requests += j->sk.requests;
		for (size_t k = 0; k < j->sk.days.capacity && error == 0; k++) {
			const cell *e = &j->sk.days.slots[k];
			if (e->key != NULL)
				error = cube_add(&merged->days, e->key, e->key_len, e->tokens, e->web_search_requests);
		}
		line_base += j->lines;
	}
	out->rejected = errors;
	if (error == 0 && errors > options->max_errors)
		error = bw_error_set(BW_EPARSE, "%s%s", out->first_rejected,
				     options->max_errors > 0 ? " (more bad records than --max-errors)" : "");
	if (options->progress)
		options->progress(options->progress_context, size, size, merged->requests);
done:
	for (int i = 0; i < count; i++)
		cube_free(&jobs[i].sk.days);
	free(jobs);
	free(buf);
	bwx_stream_close(whole);
	return error;
}

/*
 * The end every request source shares: what was read into *out, then,
 * unless a source with out->sha256_hex is stored already, one transaction
 * (stream and [start, end): as store_days).
 */
static int store_sink(bw_store *store, const char *name, bw_ingest_format format, const sink *sk,
		      const char *stream, const char *start, const char *end, bw_ingest_result *out)
{
	int64_t *day_list = NULL;
	int seen, error;

	out->requests = sk->requests;
	out->usage_rows = (int64_t)sk->days.count;
	out->buckets = (int64_t)cube_days(&sk->days, &day_list);
	free(day_list);
	if ((seen = bw_store_find_source(store, out->sha256_hex, NULL)) < 0)
		return seen;
	if (seen) {
		out->already_ingested = 1;
		return 0;
	}
	if ((error = check_other_kind(store, name, &sk->days)) < 0)
		return error;
	return store_days(store, name, format, out->sha256_hex, &sk->days, sk->requests, stream, start, end);
}

int bw_ingest__requests_ingest(bw_store *store, const char *path, bw_ingest_format format,
		       const bw_ingest_options *options, bw_ingest_result *out)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	bwx_stream *stream = NULL;
	FILE *reject = NULL;
	char why[400] = "";
	reader rd;
	sink sk;
	char *line, *joined = NULL;
	size_t len, joined_cap = 0;
	int64_t errors = 0, record_line = 0;
	bwx_jsonscan *scan = NULL;
	uint64_t next_progress = PROGRESS_EVERY;
	int error = 0, got;

	if (options == NULL)
		options = &defaults;
	memset(&rd, 0, sizeof(rd));
	memset(&sk, 0, sizeof(sk));
	rd.options = options;
	sk.options = options;
	sk.why = why;
	sk.why_size = sizeof(why);
	snprintf(out->format, sizeof(out->format), "%s", bw_ingest_format_name(format));
	if ((format == BW_INGEST_MOONCAKE || format == BW_INGEST_AZURE_CSV) && options->model == NULL)
		return bw_error_set(BW_EUSAGE, "%s: the %s format carries no model: say which with --model", path,
				    bw_ingest_format_name(format));
	if (format == BW_INGEST_MOONCAKE) {
		if (options->start == NULL || parse_time_text(options->start, &rd.start_epoch) < 0)
			return bw_error_set(BW_EUSAGE,
					    "%s: Mooncake timestamps are offsets: give --start with the UTC "
					    "time of offset 0 (YYYY-MM-DD or RFC 3339)",
					    path);
	}
	if (format == BW_INGEST_MESSAGES) {
		/* The standard paths, then the --tag path (absent: never found). */
		const char *paths[M_PATH_COUNT + 2];
		memcpy(paths, message_paths, M_PATH_COUNT * sizeof(paths[0]));
		paths[M_TAG] = options->tag ? options->tag : "\x01no tag";
		paths[M_TAG + 1] = NULL;
		if ((scan = bwx_jsonscan_new(paths)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
	}
	jsonl_context lines = {format, &rd, &sk, scan, {{0}}};
	if ((error = bwx_stream_open(&stream, path)) < 0)
		goto done;
	if (options->reject_path != NULL && (reject = fopen(options->reject_path, "w")) == NULL) {
		error = bw_error_set(BW_EIO, "%s: cannot write: %s", options->reject_path, strerror(errno));
		goto done;
	}
	int csv = format == BW_INGEST_AZURE_CSV || format == BW_INGEST_LITELLM_CSV || format == BW_INGEST_CSV ||
		  format == BW_INGEST_FOCUS_CSV;
	int header_done = !csv;
	/* A large plain JSONL file is read in ranges by several threads (lines
	 * are independent; CSV records may span lines, compressed files do not
	 * seek). The reject file wants lines in order: one thread then. */
	int threads = thread_count(options);
	if (!csv && reject == NULL && threads > 1 && bwx_stream_raw_size(stream) >= PARALLEL_MIN_BYTES &&
	    bwx_stream_is_plain(stream)) {
		if ((error = read_parallel(path, bwx_stream_raw_size(stream), threads, format, &rd, scan, options, &sk,
					   out)) < 0)
			goto done;
		errors = out->rejected;
		goto stored;
	}
	while ((got = bwx_stream_line(stream, &line, &len)) == 1) {
		record r;
		record_reset(&r);
		why[0] = '\0';
		record_line = bwx_stream_line_number(stream);
		if (options->progress && bwx_stream_raw_offset(stream) >= next_progress) {
			options->progress(options->progress_context, bwx_stream_raw_offset(stream),
					  bwx_stream_raw_size(stream), sk.requests);
			next_progress = bwx_stream_raw_offset(stream) + PROGRESS_EVERY;
		}
		if (len == 0 || (line[0] == '#' && csv))
			continue;
		if (csv && !quotes_balanced(line)) {
			/* A quoted field runs over lines: join until the quotes close. */
			size_t need = len + 1;
			if (need > joined_cap) {
				char *grown = realloc(joined, need * 2);
				if (grown == NULL) {
					error = bw_error_set(BW_ERROR, "out of memory");
					goto done;
				}
				joined = grown;
				joined_cap = need * 2;
			}
			memcpy(joined, line, len + 1);
			size_t jl = len;
			while (!quotes_balanced(joined)) {
				if ((got = bwx_stream_line(stream, &line, &len)) != 1)
					break;
				if (jl + len + 2 > joined_cap) {
					size_t next = (jl + len + 2) * 2;
					if (next > BWX_STREAM_LINE_MAX) {
						got = 0;
						break;
					}
					char *grown = realloc(joined, next);
					if (grown == NULL) {
						error = bw_error_set(BW_ERROR, "out of memory");
						goto done;
					}
					joined = grown;
					joined_cap = next;
				}
				joined[jl++] = '\n';
				memcpy(joined + jl, line, len + 1);
				jl += len;
			}
			if (got < 0) {
				error = got;
				goto done;
			}
			if (!quotes_balanced(joined)) {
				error = bw_error_set(BW_EPARSE, "%s:%lld: a quoted field that never closes", path,
						     (long long)record_line);
				goto done;
			}
			line = joined;
			len = jl;
		}
		if (!header_done) {
			if (read_header(&rd, format, line, why, sizeof(why)) < 0) {
				error = bw_error_set(BW_EPARSE, "%s:%lld: %s", path, (long long)record_line, why);
				goto done;
			}
			header_done = 1;
			if (reject)
				fprintf(reject, "%s\n", line);
			continue;
		}
		if (csv) {
			char *fields[CSV_MAX_FIELDS];
			int n = csv_split(line, fields, CSV_MAX_FIELDS);
			/* csv_split cut the line; the reject file wants it whole. */
			got = n < 0 ? -1 : read_csv_record(&rd, format, fields, n, &r, why, sizeof(why));
			if (n < 0)
				snprintf(why, sizeof(why), "an unclosed quote");
			if (got < 0 && reject) {
				/* Rebuild the record from its fields. */
				for (int i = 0; i < n; i++) {
					fputc('"', reject);
					for (const char *p = fields[i]; *p; p++) {
						if (*p == '"')
							fputc('"', reject);
						fputc(*p, reject);
					}
					fputs(i + 1 < n ? "\"," : "\"\n", reject);
				}
			}
			if (got == 1)
				got = sink_add(&sk, &r);
			else if (got == 0)
				out->skipped++;
		} else {
			got = jsonl_line(&lines, line, len, why, sizeof(why), &out->skipped);
			if (got == -1 && reject)
				fprintf(reject, "%s\n", line);
		}
		if (got == -2) {
			error = BW_ERROR;
			goto done;
		}
		if (got == -1) {
			errors++;
			if (errors == 1)
				snprintf(out->first_rejected, sizeof(out->first_rejected), "%s:%lld: %s", path,
					 (long long)record_line, why);
			if (errors > options->max_errors) {
				error = bw_error_set(BW_EPARSE, "%s:%lld: %s%s", path, (long long)record_line, why,
						     options->max_errors > 0 ? " (more bad records than --max-errors)"
									     : "");
				goto done;
			}
		}
	}
	if (got < 0) {
		error = got;
		goto done;
	}
	if (!header_done) {
		error = bw_error_set(BW_EPARSE, "%s:1: expected a CSV header line, found an empty file", path);
		goto done;
	}
	if (options->progress)
		options->progress(options->progress_context, bwx_stream_raw_offset(stream), bwx_stream_raw_size(stream),
				  sk.requests);
	bwx_stream_fingerprint(stream, out->sha256_hex);
stored:
	out->rejected = errors;
	error = store_sink(store, path, format, &sk, NULL, NULL, NULL, out);
done:
	if (reject && fclose(reject) != 0 && error == 0)
		error = bw_error_set(BW_EIO, "%s: cannot write: %s", options->reject_path, strerror(errno));
	free(joined);
	free(rd.header_copy);
	cube_free(&sk.days);
	bwx_stream_close(stream);
	bwx_jsonscan_free(scan);
	return error;
}

/* --- detection ---------------------------------------------------------------------- */

int bw_ingest__requests_detect(const char *path, const bw_ingest_options *options, bw_ingest_format *out)
{
	bwx_stream *stream = NULL;
	char *line;
	size_t len;
	int got, error;

	*out = BW_INGEST_AUTO;
	if ((error = bwx_stream_open(&stream, path)) < 0)
		return error;
	while ((got = bwx_stream_line(stream, &line, &len)) == 1) {
		while (len > 0 && isspace((unsigned char)*line)) {
			line++;
			len--;
		}
		if (len > 0)
			break;
	}
	if (got < 0 || got == 0) {
		bwx_stream_close(stream);
		/* Empty or unreadable: the report reader says what it expected. */
		return got < 0 ? got : 0;
	}
	if (line[0] == '{') {
		json_t *obj = json_loadb(line, len, 0, NULL);
		if (obj != NULL) {
			if (json_object_get(obj, "resourceSpans") || json_object_get(obj, "attributes"))
				*out = BW_INGEST_OTEL;
			else if (json_object_get(obj, "hash_ids") || json_object_get(obj, "input_length"))
				*out = BW_INGEST_MOONCAKE;
			else if (json_object_get(obj, "usage") || jpath(obj, "response.usage"))
				*out = BW_INGEST_MESSAGES;
		}
		json_decref(obj); /* anything else: an Admin API report */
	} else if (line[0] != '[') {
		if (strstr(line, "ContextTokens") && strstr(line, "GeneratedTokens"))
			*out = BW_INGEST_AZURE_CSV;
		else if (strstr(line, "prompt_tokens") && strstr(line, "startTime"))
			*out = BW_INGEST_LITELLM_CSV;
		else if (strstr(line, "ChargePeriodStart") && strstr(line, "ConsumedQuantity"))
			*out = BW_INGEST_FOCUS_CSV;
		else if (options != NULL && options->columns != NULL)
			*out = BW_INGEST_CSV;
		else {
			bwx_stream_close(stream);
			return bw_error_set(BW_EPARSE,
					    "%s:1: cannot tell the format: expected JSON (an Admin API report or "
					    "request logs) or a CSV header (Azure trace, LiteLLM SpendLogs); for "
					    "another CSV give --format csv --columns ...",
					    path);
		}
	}
	bwx_stream_close(stream);
	return 0;
}

/* --- rows from elsewhere (a database) ------------------------------------------------ */

struct bw_ingest__requests_rows {
	reader rd;
	sink sk;
	bw_ingest_format format;
	const bw_ingest_options *options;
	int64_t skipped, rejected;
	char first_rejected[512];
	char why[400];
};

int bw_ingest__requests_rows_begin(bw_ingest__requests_rows **out, bw_ingest_format format, const char *header_line,
			   const bw_ingest_options *options)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	bw_ingest__requests_rows *rows = calloc(1, sizeof(*rows));

	*out = NULL;
	if (rows == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	rows->options = options ? options : &defaults;
	rows->format = format;
	rows->rd.options = rows->options;
	rows->sk.options = rows->options;
	rows->sk.why = rows->why;
	rows->sk.why_size = sizeof(rows->why);
	if (read_header(&rows->rd, format, header_line, rows->why, sizeof(rows->why)) < 0) {
		int error = bw_error_set(BW_EUSAGE, "%s", rows->why);
		bw_ingest__requests_rows_free(rows);
		return error;
	}
	*out = rows;
	return 0;
}

int bw_ingest__requests_rows_add(bw_ingest__requests_rows *rows, char **fields, int count, const char *where)
{
	record r;
	record_reset(&r);
	rows->why[0] = '\0';
	int got = read_csv_record(&rows->rd, rows->format, fields, count, &r, rows->why, sizeof(rows->why));
	if (got == 1)
		got = sink_add(&rows->sk, &r);
	else if (got == 0)
		rows->skipped++;
	if (got == -2)
		return bw_error_set(BW_ERROR, "out of memory");
	if (got == -1) {
		if (rows->rejected++ == 0)
			snprintf(rows->first_rejected, sizeof(rows->first_rejected), "%s: %s", where, rows->why);
		if (rows->rejected > rows->options->max_errors)
			return bw_error_set(BW_EPARSE, "%s: %s", where, rows->why);
	}
	return 0;
}

int bw_ingest__requests_rows_store(bw_ingest__requests_rows *rows, bw_store *store, const char *name, const char *fingerprint,
			   const char *stream, const char *start, const char *end, bw_ingest_result *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->format, sizeof(out->format), "%s", bw_ingest_format_name(rows->format));
	snprintf(out->sha256_hex, sizeof(out->sha256_hex), "%s", fingerprint);
	snprintf(out->first_rejected, sizeof(out->first_rejected), "%s", rows->first_rejected);
	out->skipped = rows->skipped;
	out->rejected = rows->rejected;
	return store_sink(store, name, rows->format, &rows->sk, stream, start, end, out);
}

void bw_ingest__requests_rows_free(bw_ingest__requests_rows *rows)
{
	if (rows == NULL)
		return;
	free(rows->rd.header_copy);
	cube_free(&rows->sk.days);
	free(rows);
}

/*
 * cube.c: the per-day table every request reader sums into, keyed by
 * every cube dimension, so memory grows with the distinct keys, not with
 * the file; and the record each reader fills for one request.
 */
#include "cube.h"

#include "bandwise/error.h"
#include "date.h"
#include "timestamp.h"
#include "utf8.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static int cube_grow(cube *c)
{
	size_t next = c->capacity ? c->capacity * 2 : 1024;
	int error;
	cell *slots = bwx_vec_calloc(next, sizeof(*slots), &error);
	if (slots == NULL)
		return error;
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

/* Are two keys of 'n' bytes the same? Eight bytes at a time, the last
 * eight overlapping the ones before, so no byte outside either key is read:
 * a key is 40 to 90 bytes, and the call to libc's memcmp on the one cell a
 * record nearly always meets was 3% of an ingest (perf). */
static inline int same_key(const char *a, const char *b, size_t n)
{
	if (n < 8)
		return memcmp(a, b, n) == 0;
	uint64_t x, y, diff = 0;
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		diff |= x ^ y;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return (diff | (x ^ y)) == 0;
}

int bw_ingest__cube_add(cube *c, const char *key, size_t key_len,
                        const int64_t tokens[BW_TOKEN_TYPE_COUNT], int64_t web_search_requests)
{
	int error;
	if ((c->count + 1) * 10 > c->capacity * 7 && (error = cube_grow(c)) < 0)
		return error;
	uint64_t hash = XXH3_64bits(key, key_len);
	size_t j = hash & (c->capacity - 1);
	while (c->slots[j].key != NULL) {
		cell *e = &c->slots[j];
		if (e->hash == hash && e->key_len == key_len && same_key(e->key, key, key_len)) {
			/* Checked before anything is added, so a refused sum leaves
			 * the cell as it was. */
			int64_t sum[BW_TOKEN_TYPE_COUNT], searches;
			for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
				if (__builtin_add_overflow(e->tokens[t], tokens[t], &sum[t]))
					return BW_ERANGE;
			if (__builtin_add_overflow(e->web_search_requests, web_search_requests,
			                           &searches))
				return BW_ERANGE;
			memcpy(e->tokens, sum, sizeof(sum));
			e->web_search_requests = searches;
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

void bw_ingest__day_bounds(int64_t days, char start[BW_USAGE_TIME_MAX], char end[BW_USAGE_TIME_MAX])
{
	int y, m, d;
	bw_ingest__civil_from_days(days, &y, &m, &d);
	snprintf(start, BW_USAGE_TIME_MAX, "%04d-%02d-%02dT00:00:00Z", y, m, d);
	bw_ingest__civil_from_days(days + 1, &y, &m, &d);
	snprintf(end, BW_USAGE_TIME_MAX, "%04d-%02d-%02dT00:00:00Z", y, m, d);
}

void bw_ingest__cell_to_row(const cell *e, bw_usage_row *row)
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
	bw_ingest__day_bounds(cell_day(e), row->bucket_start, row->bucket_end);
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

void bw_ingest__cube_free(cube *c)
{
	for (size_t i = 0; i < c->capacity; i++)
		free(c->slots[i].key);
	free(c->slots);
}

/* 'n' bytes copied as two fixed-size copies that overlap (up to 32
 * bytes), reading and writing no byte outside the n: the names of a key
 * are 2 to 30 bytes, and a call to libc's memcpy for each of the eight was
 * 3% of an ingest (perf). */
static inline void copy_short(char *dst, const char *src, size_t n)
{
	if (n > 32) {
		memcpy(dst, src, n);
	} else if (n >= 16) {
		memcpy(dst, src, 16);
		memcpy(dst + n - 16, src + n - 16, 16);
	} else if (n >= 8) {
		memcpy(dst, src, 8);
		memcpy(dst + n - 8, src + n - 8, 8);
	} else if (n >= 4) {
		memcpy(dst, src, 4);
		memcpy(dst + n - 4, src + n - 4, 4);
	} else if (n > 0) {
		dst[0] = src[0];
		dst[n / 2] = src[n / 2];
		dst[n - 1] = src[n - 1];
	}
}

/* A dimension of 'n' bytes (n < BW_USAGE_DIM_MAX) into a key. */
static inline char *put_dim_n(char *p, const char *value, size_t n)
{
	copy_short(p, value, n);
	p[n] = 0x1f;
	return p + n + 1;
}

static char *put_dim(char *p, const char *value)
{
	return put_dim_n(p, value, strnlen(value, BW_USAGE_DIM_MAX - 1));
}

/* A record into the cube: uncached input, the 5m/1h split (an unsplit
 * write is a 5-minute write, the API's default TTL), the context-window
 * class, and its day. */
/* The record's checks that do not depend on the arithmetic below: its
 * time, its counts' bounds, its text. 0, or -1 with 'why' set. */
static int check_record(const record *r, const record_text text[T_COUNT], char *why,
                        size_t why_size)
{
	const struct {
		const char *name;
		int64_t value;
	} counts[] = {{"input", r->input},
	              {"cache read", r->cache_read},
	              {"cache write", r->cache_write},
	              {"5-minute cache write", r->write_5m},
	              {"1-hour cache write", r->write_1h},
	              {"output", r->output},
	              {"web search", r->web_searches}};
	static const char *const text_names[] = {
	    "model",         "workspace", "api key",        "service tier",
	    "inference geo", "speed",     "context window", "tag"};
	_Static_assert(sizeof(text_names) / sizeof(text_names[0]) == T_COUNT,
	               "one name a text, in order");

	if (!bw_ingest__time_believable(r->epoch)) {
		/* Years 1..9999 are named; beyond, the number is no time at all. */
		if (r->epoch < INT64_C(-62135596800) || r->epoch > INT64_C(253402300799))
			snprintf(why, why_size,
			         "the time is not a date between 2000-01-01 and 2100-01-01 (a "
			         "number that large or small is no epoch time)");
		else {
			int y, m, d;
			bw_ingest__civil_from_days(bwx_epoch_day(r->epoch), &y, &m, &d);
			snprintf(why, why_size,
			         "the time falls in the year %d: expected a date between "
			         "2000-01-01 and 2100-01-01",
			         y);
		}
		return -1;
	}
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (counts[i].value < 0) {
			snprintf(why, why_size, "a negative %s count (%lld)", counts[i].name,
			         (long long)counts[i].value);
			return -1;
		}
		if (counts[i].value > BW_INGEST__TOKENS_MAX) {
			snprintf(why, why_size,
			         "the %s count %lld is more than one request can have (at most "
			         "%lld)",
			         counts[i].name, (long long)counts[i].value,
			         (long long)BW_INGEST__TOKENS_MAX);
			return -1;
		}
	}
	for (size_t i = 0; i < T_COUNT; i++) {
		size_t n = text[i].len, bad;
		if (n >= BW_USAGE_DIM_MAX) {
			snprintf(why, why_size,
			         "the %s name is longer than the %d bytes a stored name may have "
			         "(\"%.40s...\")",
			         text_names[i], BW_USAGE_DIM_MAX - 1, text[i].at);
			return -1;
		}
		if (!text[i].utf8_checked && !bwx_utf8_valid(text[i].at, n, &bad)) {
			snprintf(why, why_size, "the %s name is not valid UTF-8 (byte %zu of it)",
			         text_names[i], bad + 1);
			return -1;
		}
	}
	return 0;
}

int bw_ingest__cube_add_record(cube *c, const record *r, int includes_cache_option, char *why,
                               size_t why_size)
{
	/* The record's own texts, measured (a text cut to its array is one
	 * byte too long for a stored name, and refused as such). */
	const char *const own[T_COUNT] = {r->model, r->workspace, r->api_key, r->tier,
	                                  r->geo,   r->speed,     r->window,  r->tag};
	record_text texts[T_COUNT];
	for (int i = 0; i < T_COUNT; i++) {
		texts[i].at = own[i];
		texts[i].len = strnlen(own[i], RECORD_TEXT_MAX);
		texts[i].utf8_checked = 0;
	}
	return bw_ingest__cube_add_texts(c, r, texts, includes_cache_option, why, why_size);
}

int bw_ingest__cube_add_texts(cube *c, const record *r, const record_text texts[T_COUNT],
                              int includes_cache_option, char *why, size_t why_size)
{
	if (check_record(r, texts, why, why_size) < 0)
		return -1;
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
		         "input tokens %lld are fewer than the cache reads and writes (%lld) they "
		         "should include",
		         (long long)r->input, (long long)(r->cache_read + writes));
		return -1;
	}
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	tokens[BW_TOKEN_UNCACHED_INPUT] = uncached;
	tokens[BW_TOKEN_CACHE_READ] = r->cache_read;
	tokens[BW_TOKEN_CACHE_WRITE_1H] = r->has_split ? r->write_1h : 0;
	tokens[BW_TOKEN_CACHE_WRITE_5M] = writes - tokens[BW_TOKEN_CACHE_WRITE_1H];
	tokens[BW_TOKEN_OUTPUT] = r->output;

	char key[KEY_MAX], *p = key;
	int64_t days = r->epoch / 86400; /* the window starts after 1970: no negative times */
	memcpy(p, &days, sizeof(days));
	p += sizeof(days);
	/* Each text was found shorter than a stored name above. */
	p = put_dim_n(p, texts[T_MODEL].at, texts[T_MODEL].len);
	p = put_dim_n(p, texts[T_WORKSPACE].at, texts[T_WORKSPACE].len);
	p = put_dim_n(p, texts[T_API_KEY].at, texts[T_API_KEY].len);
	p = texts[T_TIER].len ? put_dim_n(p, texts[T_TIER].at, texts[T_TIER].len)
	                      : put_dim_n(p, "standard", sizeof("standard") - 1);
	if (texts[T_WINDOW].len)
		p = put_dim_n(p, texts[T_WINDOW].at, texts[T_WINDOW].len);
	else if (uncached + r->cache_read + writes > LONG_CONTEXT_TOKENS)
		p = put_dim_n(p, "200k-1M", sizeof("200k-1M") - 1);
	else
		p = put_dim_n(p, "0-200k", sizeof("0-200k") - 1);
	p = put_dim_n(p, texts[T_GEO].at, texts[T_GEO].len);
	p = put_dim_n(p, texts[T_SPEED].at, texts[T_SPEED].len);
	p = put_dim_n(p, texts[T_TAG].at, texts[T_TAG].len);
	int error = bw_ingest__cube_add(c, key, (size_t)(p - key), tokens, r->web_searches);
	if (error == BW_ERANGE) {
		snprintf(why, why_size,
		         "the day's token sum would overflow (more than 9.2e18 tokens of one kind "
		         "in a day)");
		return -1;
	}
	return error < 0 ? -2 : 0;
}

/* Sums already reduced elsewhere (a warehouse), under their dimensions. */
int bw_ingest__cube_add_dims(cube *c, int64_t days, const char *const dims[DIM_COUNT],
                             const int64_t tokens[BW_TOKEN_TYPE_COUNT], int64_t web_searches)
{
	char key[KEY_MAX], *p = key;
	memcpy(p, &days, sizeof(days));
	p += sizeof(days);
	for (int i = 0; i < DIM_COUNT; i++)
		p = put_dim(p, dims[i]);
	return bw_ingest__cube_add(c, key, (size_t)(p - key), tokens, web_searches);
}

static int compare_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The distinct days of the cube, sorted, into *out (free()); their count. */
size_t bw_ingest__cube_days(const cube *c, int64_t **out)
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

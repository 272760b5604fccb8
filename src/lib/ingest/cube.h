/*
 * cube.h (private): the per-day table request readers sum into, and the
 * record every reader fills for one request before it joins the table.
 */
#ifndef BANDWISE_INGEST_CUBE_H
#define BANDWISE_INGEST_CUBE_H

#include "bandwise/usage.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The dimensions of a row, packed: the day number, then model, workspace,
 * api key, tier, context window, geo and speed, each ended by 0x1f. One
 * hash and one memcmp per request instead of per-field work. */
enum {
	DIM_MODEL,
	DIM_WORKSPACE,
	DIM_API_KEY,
	DIM_TIER,
	DIM_WINDOW,
	DIM_GEO,
	DIM_SPEED,
	DIM_TAG,
	DIM_COUNT
};
/* Long-context pricing applies when a request's whole input passes this. */
#define LONG_CONTEXT_TOKENS 200000

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

/* The most tokens (or web searches) one request record may count: a
 * million times the longest context of any model. More is a corrupt or
 * hostile record, and a few of them would overflow a day's int64 sum. */
#define BW_INGEST__TOKENS_MAX ((int64_t)1000000000000000)

/* A record's text fields hold one byte more than a stored dimension, so a
 * value too long for the store is seen (and refused) instead of being cut,
 * which would merge two names that differ after byte 95. */
#define RECORD_TEXT_MAX (BW_USAGE_DIM_MAX + 1)

/* What every reader fills for one request before it joins the cube. */
typedef struct {
	int64_t epoch;
	char model[RECORD_TEXT_MAX];
	char workspace[RECORD_TEXT_MAX];
	char api_key[RECORD_TEXT_MAX];
	char tier[RECORD_TEXT_MAX];
	char geo[RECORD_TEXT_MAX];
	char speed[RECORD_TEXT_MAX];
	char window[RECORD_TEXT_MAX]; /* the context-window class when the source says it (FOCUS) */
	char tag[RECORD_TEXT_MAX];
	/* input as the source counts it, and the cache counts it reports */
	int64_t input, cache_read, cache_write, write_5m, write_1h, output, web_searches;
	int has_split; /* write_5m / write_1h were given */
	int input_includes_cache;
} record;

/* A record's texts, in this order, as the cube reads them. */
enum { T_MODEL, T_WORKSPACE, T_API_KEY, T_TIER, T_GEO, T_SPEED, T_WINDOW, T_TAG, T_COUNT };

/* One text: its bytes (not NUL-terminated) and their count, and whether
 * the reader has checked them as UTF-8 already (a JSON line the scanner
 * accepted, a text not unescaped): the cube then does not again. */
typedef struct {
	const char *at;
	size_t len;
	int utf8_checked;
} record_text;

static inline void bw_ingest__record_reset(record *r)
{
	memset(r, 0, sizeof(*r));
	r->epoch = INT64_MIN;
}

/* Add the sums of one key (a copy of 'key' is kept). 0, BW_ERANGE (a sum
 * would overflow int64: nothing is added, no message set) or BW_ERROR (out
 * of memory, the message set). */
int bw_ingest__cube_add(cube *c, const char *key, size_t key_len,
                        const int64_t tokens[BW_TOKEN_TYPE_COUNT], int64_t web_search_requests);

/* A record into the cube: uncached input, the 5m/1h split (an unsplit
 * write is a 5-minute write, the API's default TTL), the context-window
 * class, and its day. 'includes_cache_option' (-1: as the record says)
 * overrides whether the input counts the cache. Refused (-1): a time
 * outside the believable window (timestamp.h), a count above
 * BW_INGEST__TOKENS_MAX or negative, a text field longer than a stored
 * dimension or not UTF-8, a day's sum that would overflow. Returns 0, -1
 * (a bad record: 'why' says why), -2 (out of memory). */
int bw_ingest__cube_add_record(cube *c, const record *r, int includes_cache_option, char *why,
                               size_t why_size);

/* The same with the texts given apart (texts[T_*]; 'r' gives the time,
 * the counts and the flags, its own texts are not read): a reader whose
 * texts are in its input already need not copy and measure them. */
int bw_ingest__cube_add_texts(cube *c, const record *r, const record_text texts[T_COUNT],
                              int includes_cache_option, char *why, size_t why_size);

/* Sums already reduced elsewhere (a warehouse) under their dimensions
 * (indexed by DIM_*, none NULL), for day number 'days'. 0 or BW_ERROR. */
int bw_ingest__cube_add_dims(cube *c, int64_t days, const char *const dims[DIM_COUNT],
                             const int64_t tokens[BW_TOKEN_TYPE_COUNT], int64_t web_searches);

/* The UTC bounds "YYYY-MM-DDT00:00:00Z" of a day number. */
void bw_ingest__day_bounds(int64_t days, char start[BW_USAGE_TIME_MAX],
                           char end[BW_USAGE_TIME_MAX]);

/* One cell as a usage row of its day. */
void bw_ingest__cell_to_row(const cell *e, bw_usage_row *row);

/* The distinct days of the cube, sorted, into *out (free(); NULL when out
 * of memory); their count. */
size_t bw_ingest__cube_days(const cube *c, int64_t **out);

/* Frees the cells; the cube struct itself is the caller's. */
void bw_ingest__cube_free(cube *c);

#endif

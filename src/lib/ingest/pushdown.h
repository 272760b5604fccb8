/*
 * pushdown.h (private): the daily cube summed by a warehouse (ClickHouse,
 * PostgreSQL) and read back, stored as one source like a database pull.
 *
 * The warehouse does per row what the file readers do per record (uncached
 * input, the context-window class, the rows left out), so that the same
 * rows ingested as files and pushed down give the same cube; the pieces of
 * SQL that say it are built here once for both engines.
 */
#ifndef BANDWISE_INGEST_PUSHDOWN_H
#define BANDWISE_INGEST_PUSHDOWN_H

#include "bandwise/ingest.h"
#include "bandwise/store.h"
#include "cube.h"

#include <stddef.h>
#include <stdint.h>

typedef struct bw_ingest__pushdown bw_ingest__pushdown;

/* One group of the warehouse's answer: its dimensions and sums. */
typedef struct {
	int64_t day; /* days since 1970-01-01 (UTC) */
	const char *model, *workspace, *api_key, *tier, *window, *tag;
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	int64_t requests; /* rows summed into it */
} bw_ingest__group;

/* Begin a pull: 'stream' names the table in the store (its days in
 * [start, end) are replaced), 'format' the provenance's format name. */
int bw_ingest__pushdown_begin(bw_ingest__pushdown **out, const char *stream, const char *format,
                              const char *start, const char *end);

/* Feed the fingerprint with the answer's bytes as they arrive. */
void bw_ingest__pushdown_hash(bw_ingest__pushdown *pd, const void *data, size_t len);

/* One group into the cube ("anthropic/" dropped from model names, as the
 * file readers do). 0 or BW_ERROR (out of memory). */
int bw_ingest__pushdown_add(bw_ingest__pushdown *pd, const bw_ingest__group *g);

/* Rows the warehouse left out (other providers) or passed over (bad rows). */
void bw_ingest__pushdown_count(bw_ingest__pushdown *pd, int64_t skipped, int64_t rejected);

/* Store the cube in one transaction as the source 'name' (messages), unless
 * the same answer was stored before; BW_EPARSE (nothing stored) when more
 * than 'max_errors' rows were bad. */
int bw_ingest__pushdown_store(bw_ingest__pushdown *pd, bw_store *store, const char *name,
                              long max_errors, bw_ingest_result *out);

void bw_ingest__pushdown_free(bw_ingest__pushdown *pd);

/*
 * The per-row SQL (valid in PostgreSQL and ClickHouse) of the rules the
 * file readers apply per record, given the expressions of a row's input,
 * cache reads and cache writes (5m and 1h): 'uncached' its uncached input,
 * 'ok' whether the row is good (false only when the input must include
 * the cache and is smaller), 'window' its context-window class.
 * 'includes': whether the source's input counts the cache (-1: yes unless
 * smaller than the row's own cache counts, 0 no, 1 yes). Returns 0, or -1
 * when a buffer is too small.
 */
int bw_ingest__pushdown_rules(int includes, const char *input, const char *read,
                              const char *write_5m, const char *write_1h, char *uncached, char *ok,
                              char *window, size_t size);

/* The whole UTC days [since, until) as RFC 3339 bounds; NULL since: from
 * 1970, NULL until: to 9999 (up to now). BW_EUSAGE on a bad day. */
int bw_ingest__pushdown_range(const char *since, const char *until, char start[32], char end[32]);

#endif

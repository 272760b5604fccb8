/*
 * bandwise/store.h: the usage cube persisted in SQLite.
 *
 * One file (./bandwise.db by default) with a versioned schema, WAL
 * journaling, and three tables: source (provenance of every ingested file),
 * usage (the cube) and cost (Admin API cost report rows). Writes go through
 * a batch, one transaction per ingested file, so a file is stored whole or
 * not at all. Rows are upserted on their natural key: the same data
 * ingested twice is counted once, and for a key present in two files the
 * file ingested last wins. Schema and rules: docs/store.md.
 */
#ifndef BANDWISE_STORE_H
#define BANDWISE_STORE_H

#include "bandwise/usage.h"

#include <stddef.h>
#include <stdint.h>

typedef struct bw_store bw_store;

/* The schema version this library writes. */
#define BW_STORE_SCHEMA_VERSION 6

/* Flags of bw_store_open. */
#define BW_STORE_CREATE 1 /* create the file when missing */
#define BW_STORE_READ_ONLY                                                                         \
	2 /* read only: nothing is written, not even a migration                                   \
	     (an older schema is BW_EUSAGE) */
#define BW_STORE_SCRATCH                                                                           \
	4 /* a SQLite store thrown away after the run (the demo's): commits                        \
	     are not synced to disk, which a power cut could lose; ignored for PostgreSQL */

/*
 * Open the store at 'path' and migrate an older schema. Without
 * BW_STORE_CREATE a missing file is BW_ENOTFOUND with a message that says
 * to ingest first. On success *out owns the store (bw_store_close).
 * Returns 0, BW_ENOTFOUND, BW_EIO (cannot open or write: the message names
 * the path) or BW_EUSAGE (the file's schema is newer than this program).
 */
int bw_store_open(bw_store **out, const char *path, int flags);

/* Close the store; NULL-safe. An open batch is rolled back. */
void bw_store_close(bw_store *store);

/* The schema version of the open file. */
int bw_store_schema_version(bw_store *store);

/* The room a store state (bw_store_state) needs, with its NUL. */
#define BW_STORE_STATE_MAX 256

/*
 * The store's state: a token that changes with every committed write, by
 * this process or any other (an ingest, a forget, a pull's cursor, a
 * migration), and not on reads. It is the generation every write
 * transaction counts up in the store itself, so a PostgreSQL store answers
 * it as cheaply as a file; a SQLite file adds its own and its WAL's stat
 * (size, time, inode) as they were when this store was opened, which a
 * program writing it without bandwise changes too (so compare the states
 * of stores opened afresh). A long-running front end keys what it computed
 * from the store by it
 * (serve's forecast cache, analysis.h): read it before reading the store,
 * so a write in between makes the next run miss rather than hit stale.
 * Returns 0 or BW_EIO.
 */
int bw_store_state(bw_store *store, char out[BW_STORE_STATE_MAX]);

/* One Admin API cost report row. amount_microcents = cents x 1e6, exact. */
typedef struct {
	char bucket_start[BW_USAGE_TIME_MAX];
	char bucket_end[BW_USAGE_TIME_MAX];
	char workspace_id[BW_USAGE_DIM_MAX];
	char description[160];
	char cost_type[BW_USAGE_DIM_MAX];
	char model[BW_USAGE_DIM_MAX];
	char token_type[BW_USAGE_DIM_MAX];
	char service_tier[BW_USAGE_DIM_MAX];
	char context_window[BW_USAGE_DIM_MAX];
	char inference_geo[BW_USAGE_DIM_MAX];
	char currency[8];
	int64_t amount_microcents;
	/* The Analytics API's list_amount (before discount), when the row has
	 * one (has_list_amount); the Admin API's cost report has none. */
	int64_t list_amount_microcents;
	int has_list_amount;
} bw_cost_row;

/* What one ingested file was. */
typedef struct {
	char name[512];
	char sha256_hex[65];
	char format[32];
	int64_t usage_rows;
	int64_t cost_rows;
	char ingested_at[BW_USAGE_TIME_MAX];
	int request_level; /* rows aggregated from request logs: the file is its own
	                    * stream, and its rows add to other files' rows */
	char stream[96];   /* request-level rows of a source that is not a file (a
	                    * database): their stream, instead of the fingerprint */
} bw_store_source;

/*
 * Start the batch of one file: a transaction that first records the
 * file's provenance ('source': name, sha256, format; the row counts are
 * filled in on commit). Only one batch at a time.
 * Returns 0, 1 when a source with the same sha256 is stored already (seen
 * under the write lock, so an ingest of the same file by another process
 * that committed first counts; no batch is then open), BW_EIO, or
 * BW_EUSAGE when a batch is already open.
 */
int bw_store_batch_begin(bw_store *store, const bw_store_source *source);

/* Upsert one row into the open batch. Returns 0 or BW_EIO. */
int bw_store_batch_add_usage(bw_store *store, const bw_usage_row *row);
int bw_store_batch_add_cost(bw_store *store, const bw_cost_row *row);

/* Inside a batch: delete the open batch's stream's usage rows of the days
 * in [start, end), before writing those days again (a database source
 * re-read for a range replaces it). Returns 0 or BW_EIO. */
int bw_store_batch_replace_days(bw_store *store, const char *start, const char *end);

/* Record the row counts and commit. Returns 0 or BW_EIO (rolled back). */
int bw_store_batch_commit(bw_store *store, int64_t usage_rows, int64_t cost_rows);

/* As bw_store_batch_commit, also recording how many requests a
 * request-log file held. */
int bw_store_batch_commit_requests(bw_store *store, int64_t usage_rows, int64_t cost_rows,
                                   int64_t requests);

/* Undo everything since bw_store_batch_begin. NULL-safe, idempotent. */
void bw_store_batch_rollback(bw_store *store);

/*
 * 1 when a file with this sha256 was ingested before (into *out_source
 * when non-NULL), 0 when not, or a negative error code.
 */
int bw_store_find_source(bw_store *store, const char *sha256_hex, bw_store_source *out_source);

/*
 * The first stored bucket (by start, then end) whose time span overlaps
 * [start, end) but has a different width: summing both would double
 * count. Returns 1 with the
 * overlapping bucket's start and end in 'found_start'/'found_end', 0 when
 * none, or a negative error code. Checked before a file is written.
 */
int bw_store_find_overlap(bw_store *store, const char *start, const char *end,
                          char found_start[BW_USAGE_TIME_MAX], char found_end[BW_USAGE_TIME_MAX]);

/*
 * Whether any usage row (of either kind of source) overlaps [start, end):
 * 1, 0, or a negative error code. A cheap first look before the checks
 * above and below, which name the bucket.
 */
int bw_store_has_usage(bw_store *store, const char *start, const char *end);

/*
 * Usage of the other kind of source over [start, end): with request_level
 * 1, Admin API report rows; with 0, rows aggregated from request logs.
 * Both kinds for the same day would double count. Returns 1 with the first
 * such bucket's start (of its sources, the one stored first) and that
 * source file's name, 0 when none, or a
 * negative error code.
 */
int bw_store_find_other_kind(bw_store *store, const char *start, const char *end, int request_level,
                             char found_start[BW_USAGE_TIME_MAX], char found_source[512]);

/*
 * Where an interrupted pull of 'endpoint' with 'query' (its parameters
 * without the page) stopped: 1 with the next page's cursor in 'next_page'
 * and the pages stored so far, 0 when there is nothing to resume, or a
 * negative error code.
 */
int bw_store_pull_cursor_get(bw_store *store, const char *endpoint, const char *query,
                             char *next_page, size_t size, int64_t *pages);

/* Record the cursor of the next page to fetch (after a page is stored), or
 * with next_page NULL forget it (the pull finished), in a write transaction
 * of its own (so the store's state changes). Returns 0, BW_EIO, or
 * BW_EUSAGE when a batch is open. */
int bw_store_pull_cursor_set(bw_store *store, const char *endpoint, const char *query,
                             const char *next_page, int64_t pages);

/*
 * Append the usage summed per UTC day, model, workspace_id, service_tier,
 * context_window, inference_geo, speed and tag to *out, sorted by day and then
 * those dimensions. bucket_start is "YYYY-MM-DDT00:00:00Z", bucket_end the
 * next day; api_key_id, account_id and service_account_id are "".
 * Returns 0, BW_EIO or BW_ERROR.
 */
int bw_store_daily_usage(bw_store *store, bw_usage_rows *out);

/* The first bucket start and the last bucket end over all usage; both ""
 * when the store holds no usage. Returns 0 or BW_EIO. */
int bw_store_usage_span(bw_store *store, char first_start[BW_USAGE_TIME_MAX],
                        char last_end[BW_USAGE_TIME_MAX]);

/* Cost report rows summed per UTC day and every dimension but the
 * workspace and description (bucket_start is the day at midnight);
 * appended to *out (a growable array: *count, *capacity), sorted by day.
 * The caller frees *out. Returns 0 or BW_EIO. */
int bw_store_daily_cost(bw_store *store, bw_cost_row **out, size_t *count);

/* Cost rows that carry a list amount (the Analytics API's), summed. */
typedef struct {
	int64_t rows;
	int64_t amount_microcents;      /* after discount */
	int64_t list_amount_microcents; /* before discount */
} bw_cost_list_totals;

/*
 * The totals of the cost rows with a list amount whose bucket starts in
 * [from, until) (RFC 3339 strings; NULL: unbounded). rows is 0 when no
 * row has one. Returns 0 or BW_EIO.
 */
int bw_store_cost_list_totals(bw_store *store, const char *from, const char *until,
                              bw_cost_list_totals *out);

/* Totals used by tests and reports: rows, and the sum of every token
 * column, over the whole usage table; cost rows and their microcents. */
typedef struct {
	int64_t usage_rows;
	int64_t tokens;
	int64_t web_search_requests;
	int64_t cost_rows;
	int64_t cost_microcents;
	int64_t sources;
} bw_store_totals;

int bw_store_totals_get(bw_store *store, bw_store_totals *out);

/*
 * The provenance list, oldest first. *out is a malloc'd array of *count
 * records (free()). Returns 0 or BW_EIO.
 */
int bw_store_list_sources(bw_store *store, bw_store_source **out, size_t *count);

/* One stored source as `sources` shows it: its provenance, and what of it
 * the store still holds. */
typedef struct {
	bw_store_source source;
	int64_t requests; /* request logs: the requests summed (0 for reports) */
	int64_t rows;     /* usage and cost rows holding this source's values now (a
	                   * later report with the same keys takes them over) */
	char first_start[BW_USAGE_TIME_MAX]; /* the span of those rows; "" when none */
	char last_end[BW_USAGE_TIME_MAX];
} bw_store_source_info;

/*
 * Every stored source, oldest first, with its rows and span. *out is a
 * malloc'd array of *count records (free()). Returns 0, BW_EIO or BW_ERROR.
 */
int bw_store_sources(bw_store *store, bw_store_source_info **out, size_t *count);

/*
 * Remove sources and every row that holds their values, all in one
 * transaction. Each of 'which' names sources by their exact name (every
 * source of that name), else by a prefix of at least 4 characters of
 * their fingerprint (sha256, or "xxh3-..." for request logs, whose "xxh3-"
 * may be left out), which must pick one. Nothing is removed unless every
 * one is found. *forgotten (when not NULL) receives a malloc'd array of
 * what was removed, *forgotten_count its length (free()). Returns 0,
 * BW_ENOTFOUND (no such source, named in the message), BW_EUSAGE (a
 * prefix that picks several), BW_EIO or BW_ERROR.
 */
int bw_store_forget(bw_store *store, const char *const *which, size_t count,
                    bw_store_source_info **forgotten, size_t *forgotten_count);

#endif

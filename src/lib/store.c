/*
 * store.c: the SQLite store. The only file that includes sqlite3.h.
 *
 * Empty strings, not NULLs, stand for "not grouped" in every dimension:
 * SQLite treats NULLs as distinct in UNIQUE constraints, so a NULL key
 * would never conflict and re-ingesting would double count.
 */
#include "bandwise/store.h"

#include "bandwise/error.h"
#include "vec.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Migration i takes the schema from version i to i + 1. Append only. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  usage_rows INTEGER NOT NULL DEFAULT 0,"
    "  cost_rows INTEGER NOT NULL DEFAULT 0,"
    "  ingested_at TEXT NOT NULL);"
    "CREATE TABLE usage ("
    "  bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL,"
    "  model TEXT NOT NULL, workspace_id TEXT NOT NULL, api_key_id TEXT NOT NULL,"
    "  account_id TEXT NOT NULL, service_account_id TEXT NOT NULL,"
    "  service_tier TEXT NOT NULL, context_window TEXT NOT NULL,"
    "  inference_geo TEXT NOT NULL, speed TEXT NOT NULL,"
    "  uncached_input_tokens INTEGER NOT NULL, cache_write_5m_tokens INTEGER NOT NULL,"
    "  cache_write_1h_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,"
    "  output_tokens INTEGER NOT NULL, web_search_requests INTEGER NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,"
    "          service_account_id, service_tier, context_window, inference_geo, speed));"
    "CREATE INDEX usage_by_end ON usage (bucket_end);"
    "CREATE TABLE cost ("
    "  bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL,"
    "  workspace_id TEXT NOT NULL, description TEXT NOT NULL, cost_type TEXT NOT NULL,"
    "  model TEXT NOT NULL, token_type TEXT NOT NULL, service_tier TEXT NOT NULL,"
    "  context_window TEXT NOT NULL, inference_geo TEXT NOT NULL,"
    "  currency TEXT NOT NULL, amount_microcents INTEGER NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  UNIQUE (bucket_start, bucket_end, workspace_id, description, cost_type, model,"
    "          token_type, service_tier, context_window, inference_geo));",
    /* 1 -> 2: a 'stream' column in the usage key. Admin API reports are one
     * stream (""), where the same key upserts; each request-log file is its
     * own stream (its sha256), so logs of the same day from several files
     * add up. SQLite cannot change a UNIQUE constraint: rebuild the table. */
    "CREATE TABLE usage_v2 ("
    "  bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL,"
    "  model TEXT NOT NULL, workspace_id TEXT NOT NULL, api_key_id TEXT NOT NULL,"
    "  account_id TEXT NOT NULL, service_account_id TEXT NOT NULL,"
    "  service_tier TEXT NOT NULL, context_window TEXT NOT NULL,"
    "  inference_geo TEXT NOT NULL, speed TEXT NOT NULL,"
    "  uncached_input_tokens INTEGER NOT NULL, cache_write_5m_tokens INTEGER NOT NULL,"
    "  cache_write_1h_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,"
    "  output_tokens INTEGER NOT NULL, web_search_requests INTEGER NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  stream TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,"
    "          service_account_id, service_tier, context_window, inference_geo, speed, stream));"
    "INSERT INTO usage_v2 SELECT *, '' FROM usage;"
    "DROP TABLE usage;"
    "ALTER TABLE usage_v2 RENAME TO usage;"
    "CREATE INDEX usage_by_end ON usage (bucket_end);"
    "ALTER TABLE source ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;",
    /* 2 -> 3: where an interrupted `bandwise pull` stopped, per endpoint and
     * query, so that running it again goes on from the next page. */
    "CREATE TABLE pull_state ("
    "  endpoint TEXT NOT NULL, query TEXT NOT NULL, next_page TEXT NOT NULL,"
    "  pages INTEGER NOT NULL, updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (endpoint, query));",
    /* 3 -> 4: a free-form tag (feature, team) from request logs, in the
     * usage key so rows of different tags stay apart. */
    "CREATE TABLE usage_v4 ("
    "  bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL,"
    "  model TEXT NOT NULL, workspace_id TEXT NOT NULL, api_key_id TEXT NOT NULL,"
    "  account_id TEXT NOT NULL, service_account_id TEXT NOT NULL,"
    "  service_tier TEXT NOT NULL, context_window TEXT NOT NULL,"
    "  inference_geo TEXT NOT NULL, speed TEXT NOT NULL,"
    "  uncached_input_tokens INTEGER NOT NULL, cache_write_5m_tokens INTEGER NOT NULL,"
    "  cache_write_1h_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,"
    "  output_tokens INTEGER NOT NULL, web_search_requests INTEGER NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  stream TEXT NOT NULL DEFAULT '', tag TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,"
    "          service_account_id, service_tier, context_window, inference_geo, speed, stream, "
    "tag));"
    "INSERT INTO usage_v4 SELECT *, '' FROM usage;"
    "DROP TABLE usage;"
    "ALTER TABLE usage_v4 RENAME TO usage;"
    "CREATE INDEX usage_by_end ON usage (bucket_end);",
    /* 4 -> 5: the list-price amount (before discount) of an Analytics API
     * cost row, beside its amount (after discount). NULL where the source
     * has none (the Admin API cost report, saved files of it): a missing
     * list price is not a zero one. Not in the key, so ADD COLUMN will do. */
    "ALTER TABLE cost ADD COLUMN list_amount_microcents INTEGER;",
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

_Static_assert(MIGRATION_COUNT == BW_STORE_SCHEMA_VERSION, "one migration per schema version");

static const char usage_upsert_sql[] =
    "INSERT INTO usage VALUES "
    "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)"
    " ON CONFLICT (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,"
    "   service_account_id, service_tier, context_window, inference_geo, speed, stream, tag)"
    " DO UPDATE SET uncached_input_tokens = excluded.uncached_input_tokens,"
    "   cache_write_5m_tokens = excluded.cache_write_5m_tokens,"
    "   cache_write_1h_tokens = excluded.cache_write_1h_tokens,"
    "   cache_read_tokens = excluded.cache_read_tokens,"
    "   output_tokens = excluded.output_tokens,"
    "   web_search_requests = excluded.web_search_requests,"
    "   source_id = excluded.source_id";

static const char cost_upsert_sql[] =
    "INSERT INTO cost VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)"
    " ON CONFLICT (bucket_start, bucket_end, workspace_id, description, cost_type, model,"
    "   token_type, service_tier, context_window, inference_geo)"
    " DO UPDATE SET currency = excluded.currency,"
    "   amount_microcents = excluded.amount_microcents, source_id = excluded.source_id,"
    "   list_amount_microcents = excluded.list_amount_microcents";

struct bw_store {
	sqlite3 *db;
	char *path;
	int in_batch;
	sqlite3_int64 source_id;
	char stream[96]; /* of the open batch: "" (reports), a request log's fingerprint, or a
	                    database's stream */
	sqlite3_stmt *usage_upsert;
	sqlite3_stmt *cost_upsert;
};

/* The operating system's word for an I/O failure, when SQLite has one:
 * "disk I/O error" alone does not say the disk is full. */
static void system_reason(bw_store *store, char *buf, size_t size)
{
	int code = sqlite3_extended_errcode(store->db), sys = sqlite3_system_errno(store->db);
	buf[0] = '\0';
	if (sys != 0 && ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ||
	                 (code & 0xff) == SQLITE_CANTOPEN))
		snprintf(buf, size, " (%s)", strerror(sys));
}

static int db_error(bw_store *store, const char *what)
{
	char reason[128];
	system_reason(store, reason, sizeof(reason));
	return bw_error_set(BW_EIO, "%s: %s: %s%s", store->path, what, sqlite3_errmsg(store->db),
	                    reason);
}

static int exec_sql(bw_store *store, const char *sql, const char *what)
{
	char *message = NULL;
	if (sqlite3_exec(store->db, sql, NULL, NULL, &message) != SQLITE_OK) {
		char reason[128];
		system_reason(store, reason, sizeof(reason));
		int error = bw_error_set(BW_EIO, "%s: %s: %s%s", store->path, what,
		                         message ? message : "unknown SQLite error", reason);
		sqlite3_free(message);
		return error;
	}
	return 0;
}

/* Undo an open transaction without touching the error message: the
 * failure that led here is what the user needs to read (on a full disk
 * SQLite has often rolled back already, and a second ROLLBACK's "no
 * transaction is active" would replace it). */
static void rollback_quietly(bw_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

static int read_user_version(bw_store *store, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the schema version");
	rc = sqlite3_step(stmt);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : db_error(store, "cannot read the schema version");
}

static int migrate(bw_store *store)
{
	int version, error;
	char sql[64];

	if ((error = read_user_version(store, &version)) < 0)
		return error;
	if (version > BW_STORE_SCHEMA_VERSION)
		return bw_error_set(BW_EUSAGE,
		                    "%s: the store has schema version %d, newer than the %d this "
		                    "bandwise knows: use a newer bandwise",
		                    store->path, version, BW_STORE_SCHEMA_VERSION);
	for (; version < BW_STORE_SCHEMA_VERSION; version++) {
		if ((error = exec_sql(store, "BEGIN IMMEDIATE", "cannot start a migration")) < 0)
			return error;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version + 1);
		if ((error = exec_sql(store, migrations[version], "migration failed")) < 0 ||
		    (error = exec_sql(store, sql, "migration failed")) < 0 ||
		    (error = exec_sql(store, "COMMIT", "migration failed")) < 0) {
			rollback_quietly(store);
			return error;
		}
	}
	return 0;
}

int bw_store_open(bw_store **out, const char *path, int flags)
{
	bw_store *store = NULL;
	int error = 0;

	*out = NULL;
	if (!(flags & BW_STORE_CREATE) && access(path, F_OK) != 0)
		return bw_error_set(
		    BW_ENOTFOUND,
		    "no store at %s: add usage first with 'bandwise ingest FILE...' "
		    "(or point --db / BANDWISE_DB at your store)",
		    path);
	if ((store = calloc(1, sizeof(*store))) == NULL || (store->path = strdup(path)) == NULL) {
		free(store);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	if (sqlite3_open_v2(path, &store->db,
	                    (flags & BW_STORE_READ_ONLY)
	                        ? SQLITE_OPEN_READONLY
	                        : SQLITE_OPEN_READWRITE |
	                              ((flags & BW_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0),
	                    NULL) != SQLITE_OK) {
		error = bw_error_set(BW_EIO, "%s: cannot open the store: %s", path,
		                     store->db ? sqlite3_errmsg(store->db) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(store->db, 5000);
	if (flags & BW_STORE_READ_ONLY) {
		/* A reader changes nothing: no journal mode, no migration. */
		int version = 0;
		read_user_version(store, &version);
		if (version != BW_STORE_SCHEMA_VERSION) {
			error =
			    bw_error_set(BW_EUSAGE,
			                 "%s: the store's schema is version %d, this program reads "
			                 "version %d (any writing command upgrades an older store)",
			                 path, version, BW_STORE_SCHEMA_VERSION);
			goto done;
		}
	}
	/* WAL: readers never block the writer, and a crash mid-ingest leaves
	 * the last committed state. */
	if (!(flags & BW_STORE_READ_ONLY) &&
	    ((error = exec_sql(store, "PRAGMA journal_mode = WAL", "not a usable SQLite store")) <
	         0 ||
	     (error = exec_sql(store, "PRAGMA foreign_keys = ON", "cannot configure the store")) <
	         0 ||
	     (error = migrate(store)) < 0))
		goto done;
	if (sqlite3_prepare_v3(store->db, usage_upsert_sql, -1, SQLITE_PREPARE_PERSISTENT,
	                       &store->usage_upsert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(store->db, cost_upsert_sql, -1, SQLITE_PREPARE_PERSISTENT,
	                       &store->cost_upsert, NULL) != SQLITE_OK) {
		error = db_error(store, "cannot prepare the store's statements");
		goto done;
	}
	*out = store;
	store = NULL; /* now owned by the caller */
done:
	bw_store_close(store);
	return error;
}

void bw_store_close(bw_store *store)
{
	if (store == NULL)
		return;
	bw_store_batch_rollback(store);
	sqlite3_finalize(store->usage_upsert);
	sqlite3_finalize(store->cost_upsert);
	sqlite3_close(store->db);
	free(store->path);
	free(store);
}

int bw_store_schema_version(bw_store *store)
{
	int version = 0;
	read_user_version(store, &version);
	return version;
}

/* --- writing ---------------------------------------------------------------- */

int bw_store_batch_begin(bw_store *store, const bw_store_source *source)
{
	sqlite3_stmt *stmt = NULL;
	int error;

	if (store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: a batch is already open", store->path);
	if ((error = exec_sql(store, "BEGIN IMMEDIATE", "cannot start a transaction")) < 0)
		return error;
	store->in_batch = 1;
	/* Checked again inside the write lock: another bandwise may have
	 * stored the same file since the caller looked (two ingests at once). */
	if ((error = bw_store_find_source(store, source->sha256_hex, NULL)) != 0) {
		bw_store_batch_rollback(store);
		return error;
	}
	if (sqlite3_prepare_v2(store->db,
	                       "INSERT INTO source (name, sha256, format, ingested_at) VALUES"
	                       " (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		error = db_error(store, "cannot record the provenance");
		goto fail;
	}
	sqlite3_bind_text(stmt, 1, source->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, source->sha256_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, source->format, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		error = db_error(store, "cannot record the provenance");
		goto fail;
	}
	sqlite3_finalize(stmt);
	store->source_id = sqlite3_last_insert_rowid(store->db);
	snprintf(store->stream, sizeof(store->stream), "%s",
	         !source->request_level ? ""
	         : source->stream[0]    ? source->stream
	                                : source->sha256_hex);
	return 0;
fail:
	sqlite3_finalize(stmt);
	bw_store_batch_rollback(store);
	return error;
}

static int step_reset(bw_store *store, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : db_error(store, what);
}

int bw_store_batch_add_usage(bw_store *store, const bw_usage_row *row)
{
	sqlite3_stmt *s = store->usage_upsert;
	const char *dims[] = {row->bucket_start,       row->bucket_end,   row->model,
	                      row->workspace_id,       row->api_key_id,   row->account_id,
	                      row->service_account_id, row->service_tier, row->context_window,
	                      row->inference_geo,      row->speed};
	int col = 1;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		sqlite3_bind_text(s, col++, dims[i], -1, SQLITE_STATIC);
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		sqlite3_bind_int64(s, col++, row->tokens[t]);
	sqlite3_bind_int64(s, col++, row->web_search_requests);
	sqlite3_bind_int64(s, col++, store->source_id);
	sqlite3_bind_text(s, col++, store->stream, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, col, row->tag, -1, SQLITE_STATIC);
	return step_reset(store, s, "cannot store a usage row");
}

int bw_store_batch_replace_days(bw_store *store, const char *start, const char *end)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	if (sqlite3_prepare_v2(
	        store->db,
	        "DELETE FROM usage WHERE stream = ?1 AND bucket_start >= ?2 AND bucket_start < ?3",
	        -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot replace stored days");
	sqlite3_bind_text(stmt, 1, store->stream, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, end, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : db_error(store, "cannot replace stored days");
}

int bw_store_batch_add_cost(bw_store *store, const bw_cost_row *row)
{
	sqlite3_stmt *s = store->cost_upsert;
	const char *dims[] = {row->bucket_start,  row->bucket_end,   row->workspace_id,
	                      row->description,   row->cost_type,    row->model,
	                      row->token_type,    row->service_tier, row->context_window,
	                      row->inference_geo, row->currency};
	int col = 1;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		sqlite3_bind_text(s, col++, dims[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, col++, row->amount_microcents);
	sqlite3_bind_int64(s, col++, store->source_id);
	if (row->has_list_amount)
		sqlite3_bind_int64(s, col, row->list_amount_microcents);
	else
		sqlite3_bind_null(s, col);
	return step_reset(store, s, "cannot store a cost row");
}

int bw_store_batch_commit(bw_store *store, int64_t usage_rows, int64_t cost_rows)
{
	return bw_store_batch_commit_requests(store, usage_rows, cost_rows, 0);
}

int bw_store_batch_commit_requests(bw_store *store, int64_t usage_rows, int64_t cost_rows,
                                   int64_t requests)
{
	sqlite3_stmt *stmt = NULL;
	int error = 0;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	if (sqlite3_prepare_v2(
	        store->db,
	        "UPDATE source SET usage_rows = ?1, cost_rows = ?2, requests = ?4 WHERE id = ?3",
	        -1, &stmt, NULL) != SQLITE_OK) {
		error = db_error(store, "cannot finish the provenance");
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, usage_rows);
	sqlite3_bind_int64(stmt, 2, cost_rows);
	sqlite3_bind_int64(stmt, 3, store->source_id);
	sqlite3_bind_int64(stmt, 4, requests);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		error = db_error(store, "cannot finish the provenance");
		goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if ((error = exec_sql(store, "COMMIT", "cannot commit")) < 0)
		goto fail;
	store->in_batch = 0;
	return 0;
fail:
	sqlite3_finalize(stmt);
	bw_store_batch_rollback(store);
	return error;
}

void bw_store_batch_rollback(bw_store *store)
{
	if (store == NULL || !store->in_batch)
		return;
	rollback_quietly(store);
	store->in_batch = 0;
}

/* --- reading ---------------------------------------------------------------- */

static void copy_column(char *dst, size_t size, sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	snprintf(dst, size, "%s", text ? (const char *)text : "");
}

static void read_source(sqlite3_stmt *stmt, bw_store_source *out)
{
	copy_column(out->name, sizeof(out->name), stmt, 0);
	copy_column(out->sha256_hex, sizeof(out->sha256_hex), stmt, 1);
	copy_column(out->format, sizeof(out->format), stmt, 2);
	out->usage_rows = sqlite3_column_int64(stmt, 3);
	out->cost_rows = sqlite3_column_int64(stmt, 4);
	copy_column(out->ingested_at, sizeof(out->ingested_at), stmt, 5);
}

#define SOURCE_COLUMNS "name, sha256, format, usage_rows, cost_rows, ingested_at"

int bw_store_find_source(bw_store *store, const char *sha256_hex, bw_store_source *out_source)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "SELECT " SOURCE_COLUMNS " FROM source WHERE sha256 = ?1",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the provenance");
	sqlite3_bind_text(stmt, 1, sha256_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && out_source != NULL)
		read_source(stmt, out_source);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(store, "cannot read the provenance");
	return rc == SQLITE_ROW;
}

/* The first row of a query over a time span [?1, ?2) (and a flag ?3 when
 * flag >= 0): its two text columns into a and b. Returns 1, 0 (no row) or
 * BW_EIO naming 'what'. */
static int first_in_span(bw_store *store, const char *sql, const char *start, const char *end,
                         int flag, char *a, size_t a_size, char *b, size_t b_size, const char *what)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, what);
	sqlite3_bind_text(stmt, 1, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, end, -1, SQLITE_STATIC);
	if (flag >= 0)
		sqlite3_bind_int(stmt, 3, flag);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		copy_column(a, a_size, stmt, 0);
		copy_column(b, b_size, stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(store, what);
	return rc == SQLITE_ROW;
}

int bw_store_find_overlap(bw_store *store, const char *start, const char *end,
                          char found_start[BW_USAGE_TIME_MAX], char found_end[BW_USAGE_TIME_MAX])
{
	/* Buckets overlap when each starts before the other ends; the same
	 * bucket (equal start and end) is an upsert, not an overlap. */
	return first_in_span(store,
	                     "SELECT bucket_start, bucket_end FROM usage"
	                     " WHERE bucket_end > ?1 AND bucket_start < ?2 AND stream = ''"
	                     "   AND NOT (bucket_start = ?1 AND bucket_end = ?2) LIMIT 1",
	                     start, end, -1, found_start, BW_USAGE_TIME_MAX, found_end,
	                     BW_USAGE_TIME_MAX, "cannot check for overlapping buckets");
}

int bw_store_find_other_kind(bw_store *store, const char *start, const char *end, int request_level,
                             char found_start[BW_USAGE_TIME_MAX], char found_source[512])
{
	return first_in_span(
	    store,
	    "SELECT u.bucket_start, s.name FROM usage u JOIN source s ON s.id = u.source_id"
	    " WHERE u.bucket_end > ?1 AND u.bucket_start < ?2"
	    "   AND (u.stream = '') = ?3 LIMIT 1",
	    start, end, request_level ? 1 : 0, found_start, BW_USAGE_TIME_MAX, found_source, 512,
	    "cannot check for usage from another kind of source");
}

int bw_store_pull_cursor_get(bw_store *store, const char *endpoint, const char *query,
                             char *next_page, size_t size, int64_t *pages)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	        store->db,
	        "SELECT next_page, pages FROM pull_state WHERE endpoint = ?1 AND query = ?2", -1,
	        &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the pull state");
	sqlite3_bind_text(stmt, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, query, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		copy_column(next_page, size, stmt, 0);
		*pages = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(store, "cannot read the pull state");
	return rc == SQLITE_ROW;
}

int bw_store_pull_cursor_set(bw_store *store, const char *endpoint, const char *query,
                             const char *next_page, int64_t pages)
{
	sqlite3_stmt *stmt = NULL;
	const char *sql =
	    next_page != NULL
	        ? "INSERT INTO pull_state VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', "
	          "'now'))"
	          " ON CONFLICT (endpoint, query) DO UPDATE SET next_page = excluded.next_page,"
	          " pages = excluded.pages, updated_at = excluded.updated_at"
	        : "DELETE FROM pull_state WHERE endpoint = ?1 AND query = ?2";
	int rc;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot record the pull state");
	sqlite3_bind_text(stmt, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, query, -1, SQLITE_STATIC);
	if (next_page != NULL) {
		sqlite3_bind_text(stmt, 3, next_page, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 4, pages);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : db_error(store, "cannot record the pull state");
}

int bw_store_daily_usage(bw_store *store, bw_usage_rows *out)
{
	static const char sql[] =
	    "SELECT substr(bucket_start, 1, 10) AS day, model, workspace_id, service_tier,"
	    "  context_window, inference_geo, speed,"
	    "  SUM(uncached_input_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),"
	    "  SUM(cache_read_tokens), SUM(output_tokens), SUM(web_search_requests),"
	    "  date(substr(bucket_start, 1, 10), '+1 day'), tag"
	    " FROM usage GROUP BY day, model, workspace_id, service_tier, context_window,"
	    "  inference_geo, speed, tag ORDER BY 1, 2, 3, 4, 5, 6, 7, 15";
	sqlite3_stmt *stmt = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read usage");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		bw_usage_row row;
		memset(&row, 0, sizeof(row));
		snprintf(row.bucket_start, sizeof(row.bucket_start), "%.10sT00:00:00Z",
		         (const char *)sqlite3_column_text(stmt, 0));
		snprintf(row.bucket_end, sizeof(row.bucket_end), "%.10sT00:00:00Z",
		         (const char *)sqlite3_column_text(stmt, 13));
		copy_column(row.model, sizeof(row.model), stmt, 1);
		copy_column(row.workspace_id, sizeof(row.workspace_id), stmt, 2);
		copy_column(row.service_tier, sizeof(row.service_tier), stmt, 3);
		copy_column(row.context_window, sizeof(row.context_window), stmt, 4);
		copy_column(row.inference_geo, sizeof(row.inference_geo), stmt, 5);
		copy_column(row.speed, sizeof(row.speed), stmt, 6);
		copy_column(row.tag, sizeof(row.tag), stmt, 14);
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			row.tokens[t] = sqlite3_column_int64(stmt, 7 + t);
		row.web_search_requests = sqlite3_column_int64(stmt, 12);
		if ((error = bw_usage_rows_push(out, &row)) < 0)
			break;
	}
	if (error == 0 && rc != SQLITE_DONE)
		error = db_error(store, "cannot read usage");
	sqlite3_finalize(stmt);
	return error;
}

int bw_store_usage_span(bw_store *store, char first_start[BW_USAGE_TIME_MAX],
                        char last_end[BW_USAGE_TIME_MAX])
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	first_start[0] = last_end[0] = '\0';
	if (sqlite3_prepare_v2(store->db, "SELECT MIN(bucket_start), MAX(bucket_end) FROM usage",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the usage span");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		copy_column(first_start, BW_USAGE_TIME_MAX, stmt, 0);
		copy_column(last_end, BW_USAGE_TIME_MAX, stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : db_error(store, "cannot read the usage span");
}

int bw_store_totals_get(bw_store *store, bw_store_totals *out)
{
	static const char sql[] =
	    "SELECT (SELECT COUNT(*) FROM usage),"
	    " (SELECT COALESCE(SUM(uncached_input_tokens + cache_write_5m_tokens +"
	    "   cache_write_1h_tokens + cache_read_tokens + output_tokens), 0) FROM usage),"
	    " (SELECT COALESCE(SUM(web_search_requests), 0) FROM usage),"
	    " (SELECT COUNT(*) FROM cost),"
	    " (SELECT COALESCE(SUM(amount_microcents), 0) FROM cost),"
	    " (SELECT COUNT(*) FROM source)";
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read totals");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->usage_rows = sqlite3_column_int64(stmt, 0);
		out->tokens = sqlite3_column_int64(stmt, 1);
		out->web_search_requests = sqlite3_column_int64(stmt, 2);
		out->cost_rows = sqlite3_column_int64(stmt, 3);
		out->cost_microcents = sqlite3_column_int64(stmt, 4);
		out->sources = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : db_error(store, "cannot read totals");
}

int bw_store_list_sources(bw_store *store, bw_store_source **out, size_t *count)
{
	sqlite3_stmt *stmt = NULL;
	bw_store_source *list = NULL;
	size_t n = 0, capacity = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store->db, "SELECT " SOURCE_COLUMNS " FROM source ORDER BY id", -1,
	                       &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the provenance");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((error = bwx_vec_grow((void **)&list, &capacity, n, sizeof(*list))) < 0)
			goto done;
		read_source(stmt, &list[n++]);
	}
	if (rc != SQLITE_DONE) {
		error = db_error(store, "cannot read the provenance");
		goto done;
	}
	*out = list;
	*count = n;
	list = NULL;
done:
	free(list);
	sqlite3_finalize(stmt);
	return error;
}

int bw_store_daily_cost(bw_store *store, bw_cost_row **out, size_t *count)
{
	static const char sql[] =
	    "SELECT substr(bucket_start, 1, 10) AS day, cost_type, model, token_type, service_tier,"
	    "  context_window, currency, SUM(amount_microcents),"
	    "  COUNT(list_amount_microcents) = COUNT(*), SUM(list_amount_microcents)"
	    " FROM cost GROUP BY day, cost_type, model, token_type, service_tier, context_window, "
	    "currency"
	    " ORDER BY 1, 2, 3, 4, 5, 6";
	sqlite3_stmt *stmt = NULL;
	bw_cost_row *rows = NULL;
	size_t n = 0, capacity = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read costs");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((error = bwx_vec_grow((void **)&rows, &capacity, n, sizeof(*rows))) < 0)
			goto done;
		bw_cost_row *r = &rows[n++];
		memset(r, 0, sizeof(*r));
		snprintf(r->bucket_start, sizeof(r->bucket_start), "%.10sT00:00:00Z",
		         (const char *)sqlite3_column_text(stmt, 0));
		copy_column(r->cost_type, sizeof(r->cost_type), stmt, 1);
		copy_column(r->model, sizeof(r->model), stmt, 2);
		copy_column(r->token_type, sizeof(r->token_type), stmt, 3);
		copy_column(r->service_tier, sizeof(r->service_tier), stmt, 4);
		copy_column(r->context_window, sizeof(r->context_window), stmt, 5);
		copy_column(r->currency, sizeof(r->currency), stmt, 6);
		r->amount_microcents = sqlite3_column_int64(stmt, 7);
		/* A list amount only where every row summed had one. */
		r->has_list_amount = sqlite3_column_int(stmt, 8);
		r->list_amount_microcents = r->has_list_amount ? sqlite3_column_int64(stmt, 9) : 0;
	}
	if (rc != SQLITE_DONE) {
		error = db_error(store, "cannot read costs");
		goto done;
	}
	*out = rows;
	*count = n;
	rows = NULL;
done:
	free(rows);
	sqlite3_finalize(stmt);
	return error;
}

int bw_store_cost_list_totals(bw_store *store, const char *from, const char *until,
                              bw_cost_list_totals *out)
{
	/* Only rows that carry both amounts: a row without a list price says
	 * nothing about the discount. */
	static const char sql[] =
	    "SELECT COUNT(*), COALESCE(SUM(amount_microcents), 0),"
	    "  COALESCE(SUM(list_amount_microcents), 0)"
	    " FROM cost WHERE list_amount_microcents IS NOT NULL"
	    "  AND (?1 IS NULL OR bucket_start >= ?1) AND (?2 IS NULL OR bucket_start < ?2)";
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read costs");
	if (from)
		sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	if (until)
		sqlite3_bind_text(stmt, 2, until, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->rows = sqlite3_column_int64(stmt, 0);
		out->amount_microcents = sqlite3_column_int64(stmt, 1);
		out->list_amount_microcents = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : db_error(store, "cannot read costs");
}

/* --- sources and forgetting ----------------------------------------------------- */

/* The rows a source still holds and their span, by its id. */
static const char sources_sql[] =
    "SELECT s.name, s.sha256, s.format, s.usage_rows, s.cost_rows, s.ingested_at, s.requests,"
    "  s.id,"
    "  (SELECT COUNT(*) FROM usage WHERE source_id = s.id) +"
    "  (SELECT COUNT(*) FROM cost WHERE source_id = s.id),"
    "  (SELECT MIN(b) FROM (SELECT MIN(bucket_start) AS b FROM usage WHERE source_id = s.id"
    "   UNION ALL SELECT MIN(bucket_start) FROM cost WHERE source_id = s.id)),"
    "  (SELECT MAX(e) FROM (SELECT MAX(bucket_end) AS e FROM usage WHERE source_id = s.id"
    "   UNION ALL SELECT MAX(bucket_end) FROM cost WHERE source_id = s.id)),"
    "  EXISTS (SELECT 1 FROM usage WHERE source_id = s.id AND stream <> '')"
    " FROM source s ORDER BY s.id";

/* Every source with its id (ids[i] for out[i]); as bw_store_sources. */
static int sources_with_ids(bw_store *store, bw_store_source_info **out, int64_t **ids,
                            size_t *count)
{
	sqlite3_stmt *stmt = NULL;
	bw_store_source_info *list = NULL;
	int64_t *id_list = NULL;
	size_t n = 0, capacity = 0, id_capacity = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store->db, sources_sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(store, "cannot read the provenance");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((error = bwx_vec_grow((void **)&list, &capacity, n, sizeof(*list))) < 0 ||
		    (error = bwx_vec_grow((void **)&id_list, &id_capacity, n, sizeof(*id_list))) <
		        0)
			goto done;
		bw_store_source_info *info = &list[n];
		memset(info, 0, sizeof(*info));
		read_source(stmt, &info->source);
		info->requests = sqlite3_column_int64(stmt, 6);
		id_list[n] = sqlite3_column_int64(stmt, 7);
		info->rows = sqlite3_column_int64(stmt, 8);
		copy_column(info->first_start, sizeof(info->first_start), stmt, 9);
		copy_column(info->last_end, sizeof(info->last_end), stmt, 10);
		info->source.request_level = sqlite3_column_int(stmt, 11);
		n++;
	}
	if (rc != SQLITE_DONE) {
		error = db_error(store, "cannot read the provenance");
		goto done;
	}
	*out = list;
	*count = n;
	list = NULL;
	if (ids != NULL) {
		*ids = id_list;
		id_list = NULL;
	}
done:
	free(list);
	free(id_list);
	sqlite3_finalize(stmt);
	return error;
}

int bw_store_sources(bw_store *store, bw_store_source_info **out, size_t *count)
{
	return sources_with_ids(store, out, NULL, count);
}

/* Does 'which' name this source? 2: by its name, 1: by a fingerprint
 * prefix, 0: no. */
static int names_source(const bw_store_source *source, const char *which)
{
	size_t n = strlen(which);
	const char *sha = source->sha256_hex;
	if (strcmp(source->name, which) == 0)
		return 2;
	if (n < 4)
		return 0;
	if (strncmp(sha, which, n) == 0)
		return 1;
	return strncmp(sha, "xxh3-", 5) == 0 && strncmp(sha + 5, which, n) == 0;
}

static int delete_source(bw_store *store, int64_t id)
{
	static const char *const sql[] = {"DELETE FROM usage WHERE source_id = ?1",
	                                  "DELETE FROM cost WHERE source_id = ?1",
	                                  "DELETE FROM source WHERE id = ?1"};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *stmt = NULL;
		if (sqlite3_prepare_v2(store->db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
			return db_error(store, "cannot remove a source");
		sqlite3_bind_int64(stmt, 1, id);
		int rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return db_error(store, "cannot remove a source");
	}
	return 0;
}

int bw_store_forget(bw_store *store, const char *const *which, size_t count,
                    bw_store_source_info **forgotten, size_t *forgotten_count)
{
	bw_store_source_info *all = NULL, *gone = NULL;
	int64_t *ids = NULL;
	char *pick = NULL;
	size_t n = 0, gone_count = 0;
	int error;

	if (forgotten != NULL) {
		*forgotten = NULL;
		*forgotten_count = 0;
	}
	if (store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: a batch is open", store->path);
	if ((error = sources_with_ids(store, &all, &ids, &n)) < 0)
		return error;
	if ((pick = calloc(n + 1, 1)) == NULL || (gone = calloc(n + 1, sizeof(*gone))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	/* Every name is resolved before anything is removed. */
	for (size_t w = 0; w < count; w++) {
		size_t by_name = 0, by_prefix = 0, last = 0;
		for (size_t i = 0; i < n; i++) {
			int how = names_source(&all[i].source, which[w]);
			by_name += how == 2;
			by_prefix += how == 1;
			if (how == 2)
				pick[i] = 1;
		}
		if (by_name > 0)
			continue;
		for (size_t i = 0; i < n; i++)
			if (names_source(&all[i].source, which[w]) == 1)
				last = i;
		if (by_prefix == 0) {
			error = bw_error_set(BW_ENOTFOUND,
			                     "%s: no stored source is named '%s' or has a "
			                     "fingerprint starting with it",
			                     store->path, which[w]);
			goto done;
		}
		if (by_prefix > 1) {
			error =
			    bw_error_set(BW_EUSAGE,
			                 "%s: '%s' starts the fingerprints of %zu sources: give "
			                 "more of it",
			                 store->path, which[w], by_prefix);
			goto done;
		}
		pick[last] = 1;
	}
	if ((error = exec_sql(store, "BEGIN IMMEDIATE", "cannot start a transaction")) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++)
		if (pick[i]) {
			error = delete_source(store, ids[i]);
			gone[gone_count++] = all[i];
		}
	if (error == 0)
		error = exec_sql(store, "COMMIT", "cannot commit");
	if (error < 0) {
		rollback_quietly(store);
		goto done;
	}
	if (forgotten != NULL) {
		*forgotten = gone;
		*forgotten_count = gone_count;
		gone = NULL;
	}
done:
	free(all);
	free(ids);
	free(pick);
	free(gone);
	return error;
}

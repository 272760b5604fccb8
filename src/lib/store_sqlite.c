/*
 * store_sqlite.c: the store in one SQLite file (the default). The only file
 * that includes sqlite3.h.
 *
 * Empty strings, not NULLs, stand for "not grouped" in every dimension:
 * SQLite treats NULLs as distinct in UNIQUE constraints, so a NULL key
 * would never conflict and re-ingesting would double count.
 */
#include "store_backend.h"

#include "bandwise/error.h"
#include "bandwise/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    /* 5 -> 6: the store's generation, counted up by every write transaction
     * (store.c): what a long-running reader keys its cache by. */
    "CREATE TABLE store_state (generation INTEGER NOT NULL);"
    "INSERT INTO store_state VALUES (0);",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == BW_STORE_SCHEMA_VERSION,
               "one migration per schema version");

typedef struct {
	sqlite3 *db;
	char message[640];
	char files[208]; /* the file's and its WAL's stat before this connection opened them */
} conn;

struct bw_store__stmt {
	sqlite3_stmt *stmt;
};

/* The message of the last failure, with the operating system's word for an
 * I/O failure when SQLite has one: "disk I/O error" alone does not say the
 * disk is full. */
static const char *errmsg(void *c)
{
	conn *s = c;
	int code = sqlite3_extended_errcode(s->db), sys = sqlite3_system_errno(s->db);
	char reason[128] = "";
	if (sys != 0 && ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ||
	                 (code & 0xff) == SQLITE_CANTOPEN))
		snprintf(reason, sizeof(reason), " (%s)", strerror(sys));
	snprintf(s->message, sizeof(s->message), "%s%s", sqlite3_errmsg(s->db), reason);
	return s->message;
}

static int exec(void *c, const char *sql)
{
	return sqlite3_exec(((conn *)c)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* A file's stat as text: any write to it changes one of these. */
static void file_state(const char *path, char *out, size_t size)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(out, size, "-");
		return;
	}
	snprintf(out, size, "%llx:%llx:%lld:%lld.%09ld", (unsigned long long)st.st_dev,
	         (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	         (long)st.st_mtim.tv_nsec);
}

static int open_store(void **out, const char *target, const char *shown, int flags)
{
	conn *c;

	*out = NULL;
	if (!(flags & BW_STORE_CREATE) && access(target, F_OK) != 0)
		return bw_error_set(
		    BW_ENOTFOUND,
		    "no store at %s: add usage first with 'bandwise ingest FILE...' "
		    "(or point --db / BANDWISE_DB at your store)",
		    shown);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	*out = c;
	/* Before the open: a read-write connection makes the WAL when it opens
	 * and removes it when it closes, so a stat taken while connected would
	 * differ from one connection to the next with nothing written. */
	char db_file[96], wal_file[96], wal[4096];
	snprintf(wal, sizeof(wal), "%s-wal", target);
	file_state(target, db_file, sizeof(db_file));
	file_state(wal, wal_file, sizeof(wal_file));
	snprintf(c->files, sizeof(c->files), "db %s wal %s", db_file, wal_file);
	if (sqlite3_open_v2(target, &c->db,
	                    (flags & BW_STORE_READ_ONLY)
	                        ? SQLITE_OPEN_READONLY
	                        : SQLITE_OPEN_READWRITE |
	                              ((flags & BW_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0),
	                    NULL) != SQLITE_OK)
		return bw_error_set(BW_EIO, "%s: cannot open the store: %s", shown,
		                    c->db ? sqlite3_errmsg(c->db) : "out of memory");
	sqlite3_busy_timeout(c->db, 5000);
	/* A reader changes nothing: no journal mode. WAL: readers never block
	 * the writer, and a crash mid-ingest leaves the last committed state. */
	if (!(flags & BW_STORE_READ_ONLY) && exec(c, "PRAGMA journal_mode = WAL") < 0)
		return bw_error_set(BW_EIO, "%s: not a usable SQLite store: %s", shown, errmsg(c));
	/* A scratch store is deleted at the end of the run: a sync per
	 * commit only costs time (a third of the demo's wall time). */
	if ((flags & BW_STORE_SCRATCH) && exec(c, "PRAGMA synchronous = OFF") < 0)
		return bw_error_set(BW_EIO, "%s: cannot configure the store: %s", shown, errmsg(c));
	if (!(flags & BW_STORE_READ_ONLY) && exec(c, "PRAGMA foreign_keys = ON") < 0)
		return bw_error_set(BW_EIO, "%s: cannot configure the store: %s", shown, errmsg(c));
	return 0;
}

static void close_store(void *c)
{
	if (c == NULL)
		return;
	sqlite3_close(((conn *)c)->db);
	free(c);
}

/* BEGIN IMMEDIATE takes the file's write lock now, not at the first write. */
static int begin_write(void *c)
{
	return exec(c, "BEGIN IMMEDIATE");
}

static int commit(void *c)
{
	return exec(c, "COMMIT");
}

/* Only when a transaction is open: on a full disk SQLite has often rolled
 * back already, and a second ROLLBACK's "no transaction is active" would
 * replace the message that says why. */
static void rollback(void *c)
{
	if (!sqlite3_get_autocommit(((conn *)c)->db))
		sqlite3_exec(((conn *)c)->db, "ROLLBACK", NULL, NULL, NULL);
}

static int schema_version(void *c, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(((conn *)c)->db, "PRAGMA user_version", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int set_schema_version(void *c, int version)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	return exec(c, sql);
}

/* The generation, and the stat of the file and of its WAL as this
 * connection found them: a write by a program that is not bandwise (the
 * sqlite3 shell) changes those. */
static int state(void *c, char *out, size_t size)
{
	sqlite3 *db = ((conn *)c)->db;
	sqlite3_stmt *stmt = NULL;
	long long generation = 0;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT generation FROM store_state", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		generation = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return -1;
	snprintf(out, size, "g%lld %s", generation, ((conn *)c)->files);
	return 0;
}

static int prepare(void *c, const char *sql, bw_store__stmt **out)
{
	bw_store__stmt *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (s == NULL)
		return -1;
	if (sqlite3_prepare_v3(((conn *)c)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt,
	                       NULL) != SQLITE_OK) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* SQLITE_TRANSIENT: the caller's buffers may change before the step. */
static void bind_text(bw_store__stmt *s, int index, const char *value)
{
	sqlite3_bind_text(s->stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void bind_int64(bw_store__stmt *s, int index, int64_t value)
{
	sqlite3_bind_int64(s->stmt, index, value);
}

static void bind_null(bw_store__stmt *s, int index)
{
	sqlite3_bind_null(s->stmt, index);
}

static int step(bw_store__stmt *s)
{
	int rc = sqlite3_step(s->stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* SQLite is in the process: nothing to gain by waiting less. */
static int run_deferred(bw_store__stmt *s)
{
	int rc = step(s);
	sqlite3_reset(s->stmt);
	return rc < 0 ? -1 : 0;
}

static const char *column_text(bw_store__stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->stmt, col);
}

static int64_t column_int64(bw_store__stmt *s, int col)
{
	return sqlite3_column_int64(s->stmt, col);
}

static void reset(bw_store__stmt *s)
{
	sqlite3_reset(s->stmt);
}

static void finalize(bw_store__stmt *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->stmt);
	free(s);
}

const bw_store__backend bw_store__sqlite = {
    .open = open_store,
    .close = close_store,
    .errmsg = errmsg,
    .exec = exec,
    .begin_write = begin_write,
    .commit = commit,
    .rollback = rollback,
    .schema_version = schema_version,
    .set_schema_version = set_schema_version,
    .migrations = migrations,
    .state = state,
    .prepare = prepare,
    .bind_text = bind_text,
    .bind_int64 = bind_int64,
    .bind_null = bind_null,
    .step = step,
    .run_deferred = run_deferred,
    .column_text = column_text,
    .column_int64 = column_int64,
    .reset = reset,
    .finalize = finalize,
};

/*
 * store_backend.h: what the store (store.c) needs of a database, and the
 * two databases that provide it: SQLite (store_sqlite.c, a file) and
 * PostgreSQL (store_pg.c, a team's server, libpq).
 *
 * store.c holds every rule of the store and the SQL both databases read
 * alike; a backend only runs statements. Statements name their parameters
 * ?1, ?2, ... (SQLite's spelling; the PostgreSQL backend turns them into
 * $1, $2, ...): values are always bound, never pasted into the text.
 * Integers are 64-bit in both (INTEGER in SQLite, BIGINT in PostgreSQL),
 * so every number reads back exactly as it was written.
 */
#ifndef BW_STORE_BACKEND_H
#define BW_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

/* A prepared statement; each backend defines it. */
typedef struct bw_store__stmt bw_store__stmt;

typedef struct {
	/*
	 * Connect to 'target' (a path or a URL) with bw_store_open's flags;
	 * 'shown' is the target as messages show it (no password). Sets *conn
	 * even on failure when there is something to close. Returns 0 or a
	 * negative code with the message set (BW_ENOTFOUND: no store there and
	 * BW_STORE_CREATE not given).
	 */
	int (*open)(void **conn, const char *target, const char *shown, int flags);
	void (*close)(void *conn);
	/* The last failure's words (never NULL). */
	const char *(*errmsg)(void *conn);
	/* One or more statements without parameters. Returns 0 or -1. */
	int (*exec)(void *conn, const char *sql);
	/* Start a transaction that holds the store's write lock until it ends
	 * (commit or rollback), so that a check made inside it stays true.
	 * Returns 0 or -1. */
	int (*begin_write)(void *conn);
	/* End it. commit returns 0 or -1 (then nothing of it is stored);
	 * rollback keeps the message of the failure that led to it. */
	int (*commit)(void *conn);
	void (*rollback)(void *conn);
	/* The schema version (0: no schema yet). Returns 0 or -1. */
	int (*schema_version)(void *conn, int *out);
	/* Record the schema version, inside the migration's transaction. */
	int (*set_schema_version)(void *conn, int version);
	/* Migration i takes the schema from version i to i + 1. */
	const char *const *migrations;
	/* The store's state (bw_store_state): its generation (the one row of
	 * store_state) and whatever else of the database changes with a write
	 * made without bandwise. Returns 0 or -1. */
	int (*state)(void *conn, char *out, size_t size);

	/* Statements. prepare returns 0 or -1; step 1 (a row), 0 (done) or -1. */
	int (*prepare)(void *conn, const char *sql, bw_store__stmt **out);
	void (*bind_text)(bw_store__stmt *stmt, int index, const char *value);
	void (*bind_int64)(bw_store__stmt *stmt, int index, int64_t value);
	void (*bind_null)(bw_store__stmt *stmt, int index);
	int (*step)(bw_store__stmt *stmt);
	/* Run a statement that returns no rows, again and again (a batch's
	 * upserts): 0 or -1, but a failure may instead be reported by the next
	 * call of any other function here (PostgreSQL sends these without
	 * waiting for each answer). The batch is rolled back whole either way.
	 * The statement is ready to run again. */
	int (*run_deferred)(bw_store__stmt *stmt);
	/* Column 'col' (from 0) of the current row: NULL for SQL NULL. */
	const char *(*column_text)(bw_store__stmt *stmt, int col);
	int64_t (*column_int64)(bw_store__stmt *stmt, int col);
	/* Ready to run again (bindings stay); finalize frees (NULL-safe). */
	void (*reset)(bw_store__stmt *stmt);
	void (*finalize)(bw_store__stmt *stmt);
} bw_store__backend;

extern const bw_store__backend bw_store__sqlite;
extern const bw_store__backend bw_store__pg;

/* Does 'target' name a PostgreSQL database: a URL (postgresql:// or
 * postgres://) or libpq's key=value form ("host=h dbname=d": the first
 * word a keyword followed by '=')? Anything else is a SQLite file. */
int bw_store__is_pg_url(const char *target);

/* The backend 'target' names: PostgreSQL for a URL, else SQLite. */
const bw_store__backend *bw_store__backend_for(const char *target);

/*
 * 'target' as messages show it: a URL without its password (the userinfo's
 * ":password" and a password= parameter are left out), a key=value string
 * without its password pair (the others as typed, one space apart); a path
 * unchanged.
 * Always NUL-terminated; cut to 'size'.
 */
void bw_store__shown(const char *target, char *out, size_t size);

/*
 * A message about 'target' made safe to show: every copy of the target is
 * replaced by its shown form, and every copy of a password it holds (the
 * userinfo's or a password= parameter's or pair's, as typed, and a quoted
 * pair's value also as read) by "***". libpq quotes
 * the URL, or the piece it could not read, in some of its messages.
 */
void bw_store__scrub(char *message, size_t size, const char *target, const char *shown);

#endif

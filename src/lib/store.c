/*
 * store.c: the store's rules and the SQL both databases read alike. The
 * database itself is a backend (store_backend.h): a SQLite file
 * (store_sqlite.c) or a PostgreSQL server for a team (store_pg.c), chosen
 * by the target bw_store_open is given.
 *
 * Empty strings, not NULLs, stand for "not grouped" in every dimension:
 * both databases treat NULLs as distinct in UNIQUE constraints, so a NULL
 * key would never conflict and re-ingesting would double count.
 */
#include "bandwise/store.h"

#include "bandwise/error.h"
#include "date.h"
#include "store_backend.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	const bw_store__backend *be;
	void *conn;
	char *path; /* the target as messages show it (a URL without its password) */
	int in_batch;
	int64_t source_id;
	char stream[96]; /* of the open batch: "" (reports), a request log's fingerprint, or a
	                    database's stream */
	bw_store__stmt *usage_upsert;
	bw_store__stmt *cost_upsert;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* libpq's key=value form: the first word is a keyword (letters, digits,
 * '_') followed by '=' (spaces around it allowed). A file whose name
 * starts so is written with a directory: ./host=x.db. */
static int is_conninfo(const char *target)
{
	const char *p = target;
	while (is_space(*p))
		p++;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '_')
		p++;
	while (is_space(*p))
		p++;
	return *p == '=';
}

int bw_store__is_pg_url(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	       strncmp(target, "postgres://", 11) == 0 || is_conninfo(target);
}

/* One key=value pair of a conninfo string from p: the key's and the value's
 * bytes as typed (a quoted value with its quotes) in key, key_len and
 * value, value_len. Returns the end of the pair, or NULL at the end. */
static const char *conninfo_pair(const char *p, const char **key, size_t *key_len,
                                 const char **value, size_t *value_len)
{
	while (is_space(*p))
		p++;
	if (*p == '\0')
		return NULL;
	*key = p;
	while (*p && *p != '=' && !is_space(*p))
		p++;
	*key_len = (size_t)(p - *key);
	while (is_space(*p))
		p++;
	if (*p == '=')
		p++;
	while (is_space(*p))
		p++;
	*value = p;
	if (*p == '\'') {
		/* Quoted: up to the closing quote; a backslash escapes the next. */
		for (p++; *p && *p != '\''; p++)
			if (*p == '\\' && p[1])
				p++;
		if (*p == '\'')
			p++;
	} else {
		for (; *p && !is_space(*p); p++)
			if (*p == '\\' && p[1])
				p++;
	}
	*value_len = (size_t)(p - *value);
	return p;
}

static int is_password_key(const char *key, size_t n)
{
	return n == 8 && strncmp(key, "password", 8) == 0;
}

const bw_store__backend *bw_store__backend_for(const char *target)
{
	return bw_store__is_pg_url(target) ? &bw_store__pg : &bw_store__sqlite;
}

/* Append n bytes of s to out (size, *o), always NUL-terminated. */
static void append(char *out, size_t size, size_t *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *o + 1 < size; i++)
		out[(*o)++] = s[i];
	out[*o] = '\0';
}

void bw_store__shown(const char *target, char *out, size_t size)
{
	size_t o = 0;
	const char *authority, *at, *colon, *query, *p;

	if (size == 0)
		return;
	out[0] = '\0';
	if (!bw_store__is_pg_url(target)) {
		append(out, size, &o, target, strlen(target));
		return;
	}
	if (is_conninfo(target)) {
		/* Every pair as typed but password=, one space apart. */
		const char *key, *value;
		size_t key_len, value_len;
		for (p = target;
		     (p = conninfo_pair(p, &key, &key_len, &value, &value_len)) != NULL;) {
			if (is_password_key(key, key_len))
				continue;
			if (o > 0)
				append(out, size, &o, " ", 1);
			append(out, size, &o, key, key_len);
			append(out, size, &o, "=", 1);
			append(out, size, &o, value, value_len);
		}
		return;
	}
	authority = strstr(target, "://") + 3;
	/* The userinfo ends at the authority's last '@' (before any '/' or '?'). */
	size_t authority_len = strcspn(authority, "/?");
	at = NULL;
	for (p = authority; p < authority + authority_len; p++)
		if (*p == '@')
			at = p;
	append(out, size, &o, target, (size_t)(authority - target));
	if (at != NULL) {
		colon = memchr(authority, ':', (size_t)(at - authority));
		append(out, size, &o, authority,
		       (size_t)((colon != NULL ? colon : at) - authority));
		authority = at;
	}
	query = strchr(authority, '?');
	append(out, size, &o, authority,
	       query != NULL ? (size_t)(query - authority) : strlen(authority));
	if (query == NULL)
		return;
	/* The parameters but password=. */
	int first = 1;
	for (p = query + 1; *p;) {
		size_t n = strcspn(p, "&");
		if (!(n >= 9 && strncmp(p, "password=", 9) == 0)) {
			append(out, size, &o, first ? "?" : "&", 1);
			append(out, size, &o, p, n);
			first = 0;
		}
		p += n;
		if (*p == '&')
			p++;
	}
}

/* Replace every 'from' (n bytes) in message by 'to', cut to 'size'. */
static void replace_all(char *message, size_t size, const char *from, size_t n, const char *to)
{
	char out[2048];
	size_t o = 0;
	const char *p = message, *hit;

	if (n == 0)
		return;
	out[0] = '\0';
	/* 'from' is a piece of a longer string: compared on its n bytes. */
	for (;;) {
		for (hit = p; *hit && strncmp(hit, from, n) != 0; hit++)
			;
		if (*hit == '\0')
			break;
		append(out, sizeof(out), &o, p, (size_t)(hit - p));
		append(out, sizeof(out), &o, to, strlen(to));
		p = hit + n;
	}
	append(out, sizeof(out), &o, p, strlen(p));
	snprintf(message, size, "%s", out);
}

void bw_store__scrub(char *message, size_t size, const char *target, const char *shown)
{
	const char *authority, *p;
	size_t authority_len;

	if (!bw_store__is_pg_url(target))
		return;
	replace_all(message, size, target, strlen(target), shown);
	if (is_conninfo(target)) {
		/* The password as typed, and without its quotes and escapes (as
		 * libpq would quote what it read). */
		const char *key, *value;
		size_t key_len, value_len;
		for (p = target;
		     (p = conninfo_pair(p, &key, &key_len, &value, &value_len)) != NULL;) {
			char plain[512];
			size_t n = 0;
			if (!is_password_key(key, key_len) || value_len == 0)
				continue;
			replace_all(message, size, value, value_len, "***");
			for (size_t i = 0; i < value_len && n + 1 < sizeof(plain); i++) {
				if (value[i] == '\'' && (i == 0 || i == value_len - 1))
					continue;
				if (value[i] == '\\' && i + 1 < value_len)
					i++;
				plain[n++] = value[i];
			}
			plain[n] = '\0';
			replace_all(message, size, plain, n, "***");
		}
		return;
	}
	authority = strstr(target, "://") + 3;
	authority_len = strcspn(authority, "/?");
	/* The userinfo's password: between its first ':' and the last '@'. */
	const char *at = NULL;
	for (p = authority; p < authority + authority_len; p++)
		if (*p == '@')
			at = p;
	if (at != NULL) {
		const char *colon = memchr(authority, ':', (size_t)(at - authority));
		if (colon != NULL)
			replace_all(message, size, colon + 1, (size_t)(at - colon - 1), "***");
	}
	/* And a password= parameter's value. */
	for (p = strchr(target, '?'); p != NULL; p = strchr(p, '&')) {
		p++;
		if (strncmp(p, "password=", 9) == 0)
			replace_all(message, size, p + 9, strcspn(p + 9, "&"), "***");
	}
}

static int db_error(bw_store *store, const char *what)
{
	return bw_error_set(BW_EIO, "%s: %s: %s", store->path, what,
	                    store->be->errmsg(store->conn));
}

static int begin_write(bw_store *store, const char *what)
{
	return store->be->begin_write(store->conn) < 0 ? db_error(store, what) : 0;
}

/* The version whose migration made store_state. */
#define STATE_SINCE_VERSION 6

/* Count the store's generation up, inside the write transaction that
 * changes it (bw_store_state): rolled back with it, seen with its commit. */
static int bump_generation(bw_store *store)
{
	return store->be->exec(store->conn, "UPDATE store_state SET generation = generation + 1");
}

/* Every write transaction ends here (but a migration's), so every one
 * counts the generation up. */
static int commit(bw_store *store, const char *what)
{
	return bump_generation(store) < 0 || store->be->commit(store->conn) < 0
	           ? db_error(store, what)
	           : 0;
}

/* Undo an open transaction without touching the error message: the
 * failure that led here is what the user needs to read. */
static void rollback_quietly(bw_store *store)
{
	store->be->rollback(store->conn);
}

static int prepare(bw_store *store, const char *sql, bw_store__stmt **stmt, const char *what)
{
	return store->be->prepare(store->conn, sql, stmt) < 0 ? db_error(store, what) : 0;
}

/* The current time as every stored timestamp is written. */
static void now_utc(char out[BWX_TIME_SIZE])
{
	bwx_time_format((int64_t)time(NULL), out);
}

static int migrate(bw_store *store)
{
	const bw_store__backend *be = store->be;
	int version, error;

	if (be->schema_version(store->conn, &version) < 0)
		return db_error(store, "cannot read the schema version");
	if (version > BW_STORE_SCHEMA_VERSION)
		return bw_error_set(BW_EUSAGE,
		                    "%s: the store has schema version %d, newer than the %d this "
		                    "bandwise knows: use a newer bandwise",
		                    store->path, version, BW_STORE_SCHEMA_VERSION);
	while (version < BW_STORE_SCHEMA_VERSION) {
		if ((error = begin_write(store, "cannot start a migration")) < 0)
			return error;
		/* Read again under the write lock: another bandwise opening the same
		 * store at the same time may have migrated it meanwhile. */
		if (be->schema_version(store->conn, &version) < 0) {
			error = db_error(store, "cannot read the schema version");
			rollback_quietly(store);
			return error;
		}
		if (version >= BW_STORE_SCHEMA_VERSION) {
			rollback_quietly(store);
			break;
		}
		if (be->exec(store->conn, be->migrations[version]) < 0 ||
		    be->set_schema_version(store->conn, version + 1) < 0 ||
		    (version + 1 >= STATE_SINCE_VERSION && bump_generation(store) < 0) ||
		    be->commit(store->conn) < 0) {
			error = db_error(store, "migration failed");
			rollback_quietly(store);
			return error;
		}
		version++;
	}
	return 0;
}

int bw_store_open(bw_store **out, const char *path, int flags)
{
	bw_store *store = NULL;
	char shown[1024];
	int error = 0;

	*out = NULL;
	bw_store__shown(path, shown, sizeof(shown));
	if ((store = calloc(1, sizeof(*store))) == NULL || (store->path = strdup(shown)) == NULL) {
		free(store);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	store->be = bw_store__backend_for(path);
	if ((error = store->be->open(&store->conn, path, store->path, flags)) < 0)
		goto done;
	if (flags & BW_STORE_READ_ONLY) {
		/* A reader changes nothing, not even a migration. */
		int version = 0;
		store->be->schema_version(store->conn, &version);
		if (version != BW_STORE_SCHEMA_VERSION) {
			error =
			    bw_error_set(BW_EUSAGE,
			                 "%s: the store's schema is version %d, this program reads "
			                 "version %d (any writing command upgrades an older store)",
			                 store->path, version, BW_STORE_SCHEMA_VERSION);
			goto done;
		}
	} else if ((error = migrate(store)) < 0) {
		goto done;
	}
	if ((error = prepare(store, usage_upsert_sql, &store->usage_upsert,
	                     "cannot prepare the store's statements")) < 0 ||
	    (error = prepare(store, cost_upsert_sql, &store->cost_upsert,
	                     "cannot prepare the store's statements")) < 0)
		goto done;
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
	if (store->conn != NULL) {
		bw_store_batch_rollback(store);
		store->be->finalize(store->usage_upsert);
		store->be->finalize(store->cost_upsert);
		store->be->close(store->conn);
	}
	free(store->path);
	free(store);
}

int bw_store_schema_version(bw_store *store)
{
	int version = 0;
	store->be->schema_version(store->conn, &version);
	return version;
}

int bw_store_state(bw_store *store, char out[BW_STORE_STATE_MAX])
{
	out[0] = '\0';
	if (store->be->state(store->conn, out, BW_STORE_STATE_MAX) < 0) {
		out[0] = '\0';
		return db_error(store, "cannot read the store's state");
	}
	return 0;
}

/* --- writing ---------------------------------------------------------------- */

int bw_store_batch_begin(bw_store *store, const bw_store_source *source)
{
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	char now[BWX_TIME_SIZE];
	int error;

	if (store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: a batch is already open", store->path);
	if ((error = begin_write(store, "cannot start a transaction")) < 0)
		return error;
	store->in_batch = 1;
	/* Checked again inside the write lock: another bandwise may have
	 * stored the same file since the caller looked (two ingests at once). */
	if ((error = bw_store_find_source(store, source->sha256_hex, NULL)) != 0) {
		bw_store_batch_rollback(store);
		return error;
	}
	if ((error = prepare(store,
	                     "INSERT INTO source (name, sha256, format, ingested_at) VALUES"
	                     " (?1, ?2, ?3, ?4) RETURNING id",
	                     &stmt, "cannot record the provenance")) < 0)
		goto fail;
	now_utc(now);
	be->bind_text(stmt, 1, source->name);
	be->bind_text(stmt, 2, source->sha256_hex);
	be->bind_text(stmt, 3, source->format);
	be->bind_text(stmt, 4, now);
	if (be->step(stmt) != 1) {
		error = db_error(store, "cannot record the provenance");
		goto fail;
	}
	store->source_id = be->column_int64(stmt, 0);
	be->finalize(stmt);
	snprintf(store->stream, sizeof(store->stream), "%s",
	         !source->request_level ? ""
	         : source->stream[0]    ? source->stream
	                                : source->sha256_hex);
	return 0;
fail:
	be->finalize(stmt);
	bw_store_batch_rollback(store);
	return error;
}

/* An upsert of the open batch (which is rolled back whole on a failure,
 * whenever it is reported). */
static int run_upsert(bw_store *store, bw_store__stmt *stmt, const char *what)
{
	return store->be->run_deferred(stmt) < 0 ? db_error(store, what) : 0;
}

/* Run a statement that returns no rows and free it. */
static int step_done(bw_store *store, bw_store__stmt *stmt, const char *what)
{
	int rc = store->be->step(stmt);
	int error = rc < 0 ? db_error(store, what) : 0;
	store->be->finalize(stmt);
	return error;
}

int bw_store_batch_add_usage(bw_store *store, const bw_usage_row *row)
{
	const bw_store__backend *be = store->be;
	bw_store__stmt *s = store->usage_upsert;
	const char *dims[] = {row->bucket_start,       row->bucket_end,   row->model,
	                      row->workspace_id,       row->api_key_id,   row->account_id,
	                      row->service_account_id, row->service_tier, row->context_window,
	                      row->inference_geo,      row->speed};
	int col = 1;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		be->bind_text(s, col++, dims[i]);
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		be->bind_int64(s, col++, row->tokens[t]);
	be->bind_int64(s, col++, row->web_search_requests);
	be->bind_int64(s, col++, store->source_id);
	be->bind_text(s, col++, store->stream);
	be->bind_text(s, col, row->tag);
	return run_upsert(store, s, "cannot store a usage row");
}

int bw_store_batch_replace_days(bw_store *store, const char *start, const char *end)
{
	bw_store__stmt *stmt = NULL;
	int error;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	if ((error = prepare(
	         store,
	         "DELETE FROM usage WHERE stream = ?1 AND bucket_start >= ?2 AND bucket_start < ?3",
	         &stmt, "cannot replace stored days")) < 0)
		return error;
	store->be->bind_text(stmt, 1, store->stream);
	store->be->bind_text(stmt, 2, start);
	store->be->bind_text(stmt, 3, end);
	return step_done(store, stmt, "cannot replace stored days");
}

int bw_store_batch_add_cost(bw_store *store, const bw_cost_row *row)
{
	const bw_store__backend *be = store->be;
	bw_store__stmt *s = store->cost_upsert;
	const char *dims[] = {row->bucket_start,  row->bucket_end,   row->workspace_id,
	                      row->description,   row->cost_type,    row->model,
	                      row->token_type,    row->service_tier, row->context_window,
	                      row->inference_geo, row->currency};
	int col = 1;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		be->bind_text(s, col++, dims[i]);
	be->bind_int64(s, col++, row->amount_microcents);
	be->bind_int64(s, col++, store->source_id);
	if (row->has_list_amount)
		be->bind_int64(s, col, row->list_amount_microcents);
	else
		be->bind_null(s, col);
	return run_upsert(store, s, "cannot store a cost row");
}

int bw_store_batch_commit(bw_store *store, int64_t usage_rows, int64_t cost_rows)
{
	return bw_store_batch_commit_requests(store, usage_rows, cost_rows, 0);
}

int bw_store_batch_commit_requests(bw_store *store, int64_t usage_rows, int64_t cost_rows,
                                   int64_t requests)
{
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	int error = 0;

	if (!store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: no batch is open", store->path);
	if ((error = prepare(
	         store,
	         "UPDATE source SET usage_rows = ?1, cost_rows = ?2, requests = ?4 WHERE id = ?3",
	         &stmt, "cannot finish the provenance")) < 0)
		goto fail;
	be->bind_int64(stmt, 1, usage_rows);
	be->bind_int64(stmt, 2, cost_rows);
	be->bind_int64(stmt, 3, store->source_id);
	be->bind_int64(stmt, 4, requests);
	if ((error = step_done(store, stmt, "cannot finish the provenance")) < 0 ||
	    (error = commit(store, "cannot commit")) < 0)
		goto fail;
	store->in_batch = 0;
	return 0;
fail:
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

static void copy_column(bw_store *store, char *dst, size_t size, bw_store__stmt *stmt, int col)
{
	const char *text = store->be->column_text(stmt, col);
	snprintf(dst, size, "%s", text ? text : "");
}

static void read_source(bw_store *store, bw_store__stmt *stmt, bw_store_source *out)
{
	copy_column(store, out->name, sizeof(out->name), stmt, 0);
	copy_column(store, out->sha256_hex, sizeof(out->sha256_hex), stmt, 1);
	copy_column(store, out->format, sizeof(out->format), stmt, 2);
	out->usage_rows = store->be->column_int64(stmt, 3);
	out->cost_rows = store->be->column_int64(stmt, 4);
	copy_column(store, out->ingested_at, sizeof(out->ingested_at), stmt, 5);
}

#define SOURCE_COLUMNS "name, sha256, format, usage_rows, cost_rows, ingested_at"

int bw_store_find_source(bw_store *store, const char *sha256_hex, bw_store_source *out_source)
{
	bw_store__stmt *stmt = NULL;
	int rc, error;

	if ((error = prepare(store, "SELECT " SOURCE_COLUMNS " FROM source WHERE sha256 = ?1",
	                     &stmt, "cannot read the provenance")) < 0)
		return error;
	store->be->bind_text(stmt, 1, sha256_hex);
	rc = store->be->step(stmt);
	if (rc == 1 && out_source != NULL)
		read_source(store, stmt, out_source);
	error = rc < 0 ? db_error(store, "cannot read the provenance") : rc;
	store->be->finalize(stmt);
	return error;
}

/* The first row of a query over a time span [?1, ?2) (and a flag ?3 when
 * flag >= 0): its two text columns into a and b. Returns 1, 0 (no row) or
 * BW_EIO naming 'what'. */
static int first_in_span(bw_store *store, const char *sql, const char *start, const char *end,
                         int flag, char *a, size_t a_size, char *b, size_t b_size, const char *what)
{
	bw_store__stmt *stmt = NULL;
	int rc, error;

	if ((error = prepare(store, sql, &stmt, what)) < 0)
		return error;
	store->be->bind_text(stmt, 1, start);
	store->be->bind_text(stmt, 2, end);
	if (flag >= 0)
		store->be->bind_int64(stmt, 3, flag);
	rc = store->be->step(stmt);
	if (rc == 1) {
		copy_column(store, a, a_size, stmt, 0);
		copy_column(store, b, b_size, stmt, 1);
	}
	error = rc < 0 ? db_error(store, what) : rc;
	store->be->finalize(stmt);
	return error;
}

int bw_store_find_overlap(bw_store *store, const char *start, const char *end,
                          char found_start[BW_USAGE_TIME_MAX], char found_end[BW_USAGE_TIME_MAX])
{
	/* Buckets overlap when each starts before the other ends; the same
	 * bucket (equal start and end) is an upsert, not an overlap. The first
	 * by start, then end: the row reported is the same on both databases
	 * and from run to run, whatever order the rows are stored in. */
	return first_in_span(store,
	                     "SELECT bucket_start, bucket_end FROM usage"
	                     " WHERE bucket_end > ?1 AND bucket_start < ?2 AND stream = ''"
	                     "   AND NOT (bucket_start = ?1 AND bucket_end = ?2)"
	                     " ORDER BY bucket_start, bucket_end LIMIT 1",
	                     start, end, -1, found_start, BW_USAGE_TIME_MAX, found_end,
	                     BW_USAGE_TIME_MAX, "cannot check for overlapping buckets");
}

int bw_store_has_usage(bw_store *store, const char *start, const char *end)
{
	char a[BW_USAGE_TIME_MAX], b[BW_USAGE_TIME_MAX];
	return first_in_span(store,
	                     "SELECT bucket_start, bucket_end FROM usage"
	                     " WHERE bucket_end > ?1 AND bucket_start < ?2 LIMIT 1",
	                     start, end, -1, a, sizeof(a), b, sizeof(b),
	                     "cannot check for usage stored in the period");
}

int bw_store_find_other_kind(bw_store *store, const char *start, const char *end, int request_level,
                             char found_start[BW_USAGE_TIME_MAX], char found_source[512])
{
	/* CASE, not a comparison's value: PostgreSQL's is a boolean, SQLite's
	 * an integer. The first bucket by start, and of its sources the one
	 * stored first (ids grow with every source on both databases): the
	 * same row on both, whatever order the rows are stored in. */
	return first_in_span(
	    store,
	    "SELECT u.bucket_start, s.name FROM usage u JOIN source s ON s.id = u.source_id"
	    " WHERE u.bucket_end > ?1 AND u.bucket_start < ?2"
	    "   AND (CASE WHEN u.stream = '' THEN 1 ELSE 0 END) = ?3"
	    " ORDER BY u.bucket_start, s.id LIMIT 1",
	    start, end, request_level ? 1 : 0, found_start, BW_USAGE_TIME_MAX, found_source, 512,
	    "cannot check for usage from another kind of source");
}

int bw_store_pull_cursor_get(bw_store *store, const char *endpoint, const char *query,
                             char *next_page, size_t size, int64_t *pages)
{
	bw_store__stmt *stmt = NULL;
	int rc, error;

	if ((error = prepare(
	         store,
	         "SELECT next_page, pages FROM pull_state WHERE endpoint = ?1 AND query = ?2",
	         &stmt, "cannot read the pull state")) < 0)
		return error;
	store->be->bind_text(stmt, 1, endpoint);
	store->be->bind_text(stmt, 2, query);
	rc = store->be->step(stmt);
	if (rc == 1) {
		copy_column(store, next_page, size, stmt, 0);
		*pages = store->be->column_int64(stmt, 1);
	}
	error = rc < 0 ? db_error(store, "cannot read the pull state") : rc;
	store->be->finalize(stmt);
	return error;
}

int bw_store_pull_cursor_set(bw_store *store, const char *endpoint, const char *query,
                             const char *next_page, int64_t pages)
{
	bw_store__stmt *stmt = NULL;
	const char *sql =
	    next_page != NULL
	        ? "INSERT INTO pull_state VALUES (?1, ?2, ?3, ?4, ?5)"
	          " ON CONFLICT (endpoint, query) DO UPDATE SET next_page = excluded.next_page,"
	          " pages = excluded.pages, updated_at = excluded.updated_at"
	        : "DELETE FROM pull_state WHERE endpoint = ?1 AND query = ?2";
	char now[BWX_TIME_SIZE];
	int error;

	/* A write transaction of its own, so the generation counts it too. */
	if (store->in_batch)
		return bw_error_set(BW_EUSAGE, "%s: a batch is open", store->path);
	if ((error = begin_write(store, "cannot record the pull state")) < 0)
		return error;
	if ((error = prepare(store, sql, &stmt, "cannot record the pull state")) < 0)
		goto fail;
	store->be->bind_text(stmt, 1, endpoint);
	store->be->bind_text(stmt, 2, query);
	if (next_page != NULL) {
		now_utc(now);
		store->be->bind_text(stmt, 3, next_page);
		store->be->bind_int64(stmt, 4, pages);
		store->be->bind_text(stmt, 5, now);
	}
	if ((error = step_done(store, stmt, "cannot record the pull state")) < 0 ||
	    (error = commit(store, "cannot record the pull state")) < 0)
		goto fail;
	return 0;
fail:
	rollback_quietly(store);
	return error;
}

int bw_store_daily_usage(bw_store *store, bw_usage_rows *out)
{
	static const char sql[] =
	    "SELECT substr(bucket_start, 1, 10) AS day, model, workspace_id, service_tier,"
	    "  context_window, inference_geo, speed,"
	    "  SUM(uncached_input_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),"
	    "  SUM(cache_read_tokens), SUM(output_tokens), SUM(web_search_requests), tag"
	    " FROM usage GROUP BY day, model, workspace_id, service_tier, context_window,"
	    "  inference_geo, speed, tag ORDER BY 1, 2, 3, 4, 5, 6, 7, 14";
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	int rc, error;

	if ((error = prepare(store, sql, &stmt, "cannot read usage")) < 0)
		return error;
	while ((rc = be->step(stmt)) == 1) {
		bw_usage_row row;
		int64_t day;
		const char *text = be->column_text(stmt, 0);
		memset(&row, 0, sizeof(row));
		/* The next day here, not in SQL: both databases then agree. */
		if (text == NULL || bwx_date_parse(text, &day) < 0) {
			error = bw_error_set(BW_EIO,
			                     "%s: a usage row's bucket start '%s' is not a time",
			                     store->path, text ? text : "");
			break;
		}
		bwx_time_format_day(day, row.bucket_start);
		bwx_time_format_day(day + 1, row.bucket_end);
		copy_column(store, row.model, sizeof(row.model), stmt, 1);
		copy_column(store, row.workspace_id, sizeof(row.workspace_id), stmt, 2);
		copy_column(store, row.service_tier, sizeof(row.service_tier), stmt, 3);
		copy_column(store, row.context_window, sizeof(row.context_window), stmt, 4);
		copy_column(store, row.inference_geo, sizeof(row.inference_geo), stmt, 5);
		copy_column(store, row.speed, sizeof(row.speed), stmt, 6);
		copy_column(store, row.tag, sizeof(row.tag), stmt, 13);
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			row.tokens[t] = be->column_int64(stmt, 7 + t);
		row.web_search_requests = be->column_int64(stmt, 12);
		if ((error = bw_usage_rows_push(out, &row)) < 0)
			break;
	}
	if (error == 0 && rc < 0)
		error = db_error(store, "cannot read usage");
	be->finalize(stmt);
	return error;
}

int bw_store_usage_span(bw_store *store, char first_start[BW_USAGE_TIME_MAX],
                        char last_end[BW_USAGE_TIME_MAX])
{
	bw_store__stmt *stmt = NULL;
	int rc, error;

	first_start[0] = last_end[0] = '\0';
	if ((error = prepare(store, "SELECT MIN(bucket_start), MAX(bucket_end) FROM usage", &stmt,
	                     "cannot read the usage span")) < 0)
		return error;
	rc = store->be->step(stmt);
	if (rc == 1) {
		copy_column(store, first_start, BW_USAGE_TIME_MAX, stmt, 0);
		copy_column(store, last_end, BW_USAGE_TIME_MAX, stmt, 1);
	}
	error = rc == 1 ? 0 : db_error(store, "cannot read the usage span");
	store->be->finalize(stmt);
	return error;
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
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	int rc, error;

	memset(out, 0, sizeof(*out));
	if ((error = prepare(store, sql, &stmt, "cannot read totals")) < 0)
		return error;
	rc = be->step(stmt);
	if (rc == 1) {
		out->usage_rows = be->column_int64(stmt, 0);
		out->tokens = be->column_int64(stmt, 1);
		out->web_search_requests = be->column_int64(stmt, 2);
		out->cost_rows = be->column_int64(stmt, 3);
		out->cost_microcents = be->column_int64(stmt, 4);
		out->sources = be->column_int64(stmt, 5);
	}
	error = rc == 1 ? 0 : db_error(store, "cannot read totals");
	be->finalize(stmt);
	return error;
}

int bw_store_list_sources(bw_store *store, bw_store_source **out, size_t *count)
{
	bw_store__stmt *stmt = NULL;
	bw_store_source *list = NULL;
	size_t n = 0, capacity = 0;
	int rc, error;

	*out = NULL;
	*count = 0;
	if ((error = prepare(store, "SELECT " SOURCE_COLUMNS " FROM source ORDER BY id", &stmt,
	                     "cannot read the provenance")) < 0)
		return error;
	while ((rc = store->be->step(stmt)) == 1) {
		if ((error = bwx_vec_grow((void **)&list, &capacity, n, sizeof(*list))) < 0)
			goto done;
		read_source(store, stmt, &list[n++]);
	}
	if (rc < 0) {
		error = db_error(store, "cannot read the provenance");
		goto done;
	}
	*out = list;
	*count = n;
	list = NULL;
done:
	free(list);
	store->be->finalize(stmt);
	return error;
}

int bw_store_daily_cost(bw_store *store, bw_cost_row **out, size_t *count)
{
	static const char sql[] =
	    "SELECT substr(bucket_start, 1, 10) AS day, cost_type, model, token_type, service_tier,"
	    "  context_window, currency, SUM(amount_microcents),"
	    "  CASE WHEN COUNT(list_amount_microcents) = COUNT(*) THEN 1 ELSE 0 END,"
	    "  SUM(list_amount_microcents)"
	    " FROM cost GROUP BY day, cost_type, model, token_type, service_tier, context_window, "
	    "currency"
	    " ORDER BY 1, 2, 3, 4, 5, 6";
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	bw_cost_row *rows = NULL;
	size_t n = 0, capacity = 0;
	int rc, error;

	*out = NULL;
	*count = 0;
	if ((error = prepare(store, sql, &stmt, "cannot read costs")) < 0)
		return error;
	while ((rc = be->step(stmt)) == 1) {
		if ((error = bwx_vec_grow((void **)&rows, &capacity, n, sizeof(*rows))) < 0)
			goto done;
		bw_cost_row *r = &rows[n++];
		const char *day = be->column_text(stmt, 0);
		memset(r, 0, sizeof(*r));
		snprintf(r->bucket_start, sizeof(r->bucket_start), "%.10sT00:00:00Z",
		         day ? day : "");
		copy_column(store, r->cost_type, sizeof(r->cost_type), stmt, 1);
		copy_column(store, r->model, sizeof(r->model), stmt, 2);
		copy_column(store, r->token_type, sizeof(r->token_type), stmt, 3);
		copy_column(store, r->service_tier, sizeof(r->service_tier), stmt, 4);
		copy_column(store, r->context_window, sizeof(r->context_window), stmt, 5);
		copy_column(store, r->currency, sizeof(r->currency), stmt, 6);
		r->amount_microcents = be->column_int64(stmt, 7);
		/* A list amount only where every row summed had one. */
		r->has_list_amount = be->column_int64(stmt, 8) != 0;
		r->list_amount_microcents = r->has_list_amount ? be->column_int64(stmt, 9) : 0;
	}
	if (rc < 0) {
		error = db_error(store, "cannot read costs");
		goto done;
	}
	*out = rows;
	*count = n;
	rows = NULL;
done:
	free(rows);
	be->finalize(stmt);
	return error;
}

int bw_store_cost_list_totals(bw_store *store, const char *from, const char *until,
                              bw_cost_list_totals *out)
{
	/* Only rows that carry both amounts: a row without a list price says
	 * nothing about the discount. An unbounded side is bound as "" (below
	 * every time) or "~" (above every digit): a NULL parameter's type
	 * PostgreSQL could not tell. */
	static const char sql[] = "SELECT COUNT(*), COALESCE(SUM(amount_microcents), 0),"
	                          "  COALESCE(SUM(list_amount_microcents), 0)"
	                          " FROM cost WHERE list_amount_microcents IS NOT NULL"
	                          "  AND bucket_start >= ?1 AND bucket_start < ?2";
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	int rc, error;

	memset(out, 0, sizeof(*out));
	if ((error = prepare(store, sql, &stmt, "cannot read costs")) < 0)
		return error;
	be->bind_text(stmt, 1, from ? from : "");
	be->bind_text(stmt, 2, until ? until : "~");
	rc = be->step(stmt);
	if (rc == 1) {
		out->rows = be->column_int64(stmt, 0);
		out->amount_microcents = be->column_int64(stmt, 1);
		out->list_amount_microcents = be->column_int64(stmt, 2);
	}
	error = rc == 1 ? 0 : db_error(store, "cannot read costs");
	be->finalize(stmt);
	return error;
}

/* --- sources and forgetting ----------------------------------------------------- */

/* The rows a source still holds and their span, by its id: the usage and
 * cost tables each read once and grouped by source, then joined to the
 * sources (a correlated subquery per source and column read the tables
 * once per source on PostgreSQL). A source without rows has a count of 0,
 * no span (NULL: "") and no request-log rows. */
static const char sources_sql[] =
    "WITH held AS ("
    "  SELECT source_id, COUNT(*) AS n, MIN(bucket_start) AS b, MAX(bucket_end) AS e,"
    "   MAX(CASE WHEN stream <> '' THEN 1 ELSE 0 END) AS logs FROM usage GROUP BY source_id"
    "  UNION ALL"
    "  SELECT source_id, COUNT(*), MIN(bucket_start), MAX(bucket_end), 0 FROM cost"
    "   GROUP BY source_id)"
    " SELECT s.name, s.sha256, s.format, s.usage_rows, s.cost_rows, s.ingested_at, s.requests,"
    "  s.id, COALESCE(SUM(h.n), 0), MIN(h.b), MAX(h.e), COALESCE(MAX(h.logs), 0)"
    " FROM source s LEFT JOIN held h ON h.source_id = s.id"
    " GROUP BY s.id, s.name, s.sha256, s.format, s.usage_rows, s.cost_rows, s.ingested_at,"
    "  s.requests"
    " ORDER BY s.id";

/* Every source with its id (ids[i] for out[i]); as bw_store_sources. */
static int sources_with_ids(bw_store *store, bw_store_source_info **out, int64_t **ids,
                            size_t *count)
{
	const bw_store__backend *be = store->be;
	bw_store__stmt *stmt = NULL;
	bw_store_source_info *list = NULL;
	int64_t *id_list = NULL;
	size_t n = 0, capacity = 0, id_capacity = 0;
	int rc, error;

	*out = NULL;
	*count = 0;
	if ((error = prepare(store, sources_sql, &stmt, "cannot read the provenance")) < 0)
		return error;
	while ((rc = be->step(stmt)) == 1) {
		if ((error = bwx_vec_grow((void **)&list, &capacity, n, sizeof(*list))) < 0 ||
		    (error = bwx_vec_grow((void **)&id_list, &id_capacity, n, sizeof(*id_list))) <
		        0)
			goto done;
		bw_store_source_info *info = &list[n];
		memset(info, 0, sizeof(*info));
		read_source(store, stmt, &info->source);
		info->requests = be->column_int64(stmt, 6);
		id_list[n] = be->column_int64(stmt, 7);
		info->rows = be->column_int64(stmt, 8);
		copy_column(store, info->first_start, sizeof(info->first_start), stmt, 9);
		copy_column(store, info->last_end, sizeof(info->last_end), stmt, 10);
		info->source.request_level = be->column_int64(stmt, 11) != 0;
		n++;
	}
	if (rc < 0) {
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
	be->finalize(stmt);
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
		bw_store__stmt *stmt = NULL;
		int error;
		if ((error = prepare(store, sql[i], &stmt, "cannot remove a source")) < 0)
			return error;
		store->be->bind_int64(stmt, 1, id);
		if ((error = step_done(store, stmt, "cannot remove a source")) < 0)
			return error;
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
	if ((error = begin_write(store, "cannot start a transaction")) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++)
		if (pick[i]) {
			error = delete_source(store, ids[i]);
			gone[gone_count++] = all[i];
		}
	if (error == 0)
		error = commit(store, "cannot commit");
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

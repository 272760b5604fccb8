/*
 * ingest_pg.c: LiteLLM's SpendLogs straight from its PostgreSQL database
 * (libpq), summed per UTC day like a SpendLogs CSV export.
 *
 * A table that keeps growing has no "same bytes" to recognise, so the unit
 * of idempotence is the day: a pull of [since, until) replaces what an
 * earlier pull of the same database stored for those days (one stream per
 * database and table), in one transaction. Rows are streamed one at a time
 * (libpq's single-row mode), so memory does not grow with the table.
 */
#include "bandwise/ingest.h"

#include "bandwise/error.h"
#include "pushdown.h"
#include "rows.h"
#include "store_backend.h"
#include "date.h"
#include "strparse.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

/* The columns read, in the order the CSV reader's header names them. */
static const char *const columns[] = {"request_id",    "startTime",         "model",
                                      "prompt_tokens", "completion_tokens", "metadata",
                                      "api_key",       "team_id",           "custom_llm_provider"};
#define COLUMN_COUNT (sizeof(columns) / sizeof(columns[0]))

static int is_date(const char *s)
{
	return s != NULL && strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/* The table name, quoted as an SQL identifier. */
static int quote_identifier(const char *name, char *out, size_t size)
{
	size_t o = 0;
	if (name[0] == '\0' || size < 3)
		return -1;
	out[o++] = '"';
	for (const char *p = name; *p; p++) {
		if (o + 3 >= size)
			return -1;
		if (*p == '"')
			out[o++] = '"';
		out[o++] = *p;
	}
	out[o++] = '"';
	out[o] = '\0';
	return 0;
}

/* Connect and set UTC. 'name' gets the database as messages show it (without
 * the password a URL may hold) and 'stream' the idempotence stream both pulls
 * share, so each replaces the other's days. On failure *pg may still need
 * PQfinish. */
static int connect_utc(const char *conninfo, const char *table, const char *since,
                       const char *until, PGconn **pg, char *name, size_t name_size, char *stream,
                       size_t stream_size)
{
	PGconn *c = *pg = PQconnectdb(conninfo);
	/* shown is half of the name's room, so the name always has room for the rest. */
	char shown[256], message[1024];
	/* A URL libpq could not read has no parts to show: shown as typed,
	 * without its password. */
	bw_store__shown(conninfo, shown, sizeof(shown));
	if (c != NULL && PQuser(c) != NULL && PQdb(c) != NULL && PQhost(c) != NULL &&
	    PQhost(c)[0] != '\0')
		snprintf(name, name_size, "postgresql://%s@%s:%s/%s %s %s..%s", PQuser(c),
		         PQhost(c), PQport(c), PQdb(c), table, since, until ? until : "now");
	else
		snprintf(name, name_size, "%s %s %s..%s", shown, table, since,
		         until ? until : "now");
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		/* libpq quotes the URL, or the piece it could not read, in some
		 * messages: never with the password. */
		snprintf(message, sizeof(message), "%s", c ? PQerrorMessage(c) : "out of memory");
		bw_store__scrub(message, sizeof(message), conninfo, shown);
		message[strcspn(message, "\n")] = '\0';
		return bw_error_set(BW_EIO, "%s: cannot connect: %s", name, message);
	}
	snprintf(stream, stream_size, "pg:%s:%s/%s/%s", PQhost(c), PQport(c), PQdb(c), table);
	PGresult *res = PQexec(c, "SET TimeZone TO 'UTC'");
	int error = PQresultStatus(res) == PGRES_COMMAND_OK
	                ? 0
	                : bw_error_set(BW_EIO, "%s: %s", name, PQerrorMessage(c));
	PQclear(res);
	return error;
}

int bw_ingest_litellm_pg(bw_store *store, const char *conninfo, const char *table,
                         const char *since, const char *until, const bw_ingest_options *options,
                         bw_ingest_result *out)
{
	char quoted[200], sql[1024], header[256] = "", name[512], stream[96], where[700], start[32],
	                             end[32];
	bw_ingest__requests_rows *rows = NULL;
	PGconn *pg = NULL;
	PGresult *res = NULL;
	XXH3_state_t *hash = NULL;
	int error = 0;
	int64_t row_number = 0;

	memset(out, 0, sizeof(*out));
	if (table == NULL)
		table = "LiteLLM_SpendLogs";
	if (!is_date(since) || (until != NULL && !is_date(until)))
		return bw_error_set(
		    BW_EUSAGE,
		    "the database is read in whole UTC days: since (and until) must be YYYY-MM-DD");
	if (until != NULL && strcmp(until, since) <= 0)
		return bw_error_set(BW_EUSAGE, "until %s is not after since %s", until, since);
	if (quote_identifier(table, quoted, sizeof(quoted)) < 0)
		return bw_error_set(BW_EUSAGE, "table: expected a table name, got '%s'", table);
	snprintf(start, sizeof(start), "%sT00:00:00Z", since);
	if (until != NULL)
		snprintf(end, sizeof(end), "%sT00:00:00Z", until);
	else
		snprintf(end, sizeof(end), "9999-12-31T00:00:00Z");

	if ((error = connect_utc(conninfo, table, since, until, &pg, name, sizeof(name), stream,
	                         sizeof(stream))) < 0)
		goto done;

	/* Text columns, so every field reads as the CSV export's would. */
	char list[512] = "";
	for (size_t i = 0; i < COLUMN_COUNT; i++) {
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s\"%s\"::text",
		         i ? ", " : "", columns[i]);
		snprintf(header + strlen(header), sizeof(header) - strlen(header), "%s%s",
		         i ? "," : "", columns[i]);
	}
	snprintf(sql, sizeof(sql),
	         "SELECT %s FROM %s WHERE \"startTime\" >= $1::timestamptz AND \"startTime\" < "
	         "$2::timestamptz"
	         " ORDER BY \"startTime\", \"request_id\"",
	         list, quoted);
	const char *params[2] = {start, end};
	if (!PQsendQueryParams(pg, sql, 2, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(pg)) {
		error = bw_error_set(BW_EIO, "%s: %s", name, PQerrorMessage(pg));
		goto done;
	}
	if ((error =
	         bw_ingest__requests_rows_begin(&rows, BW_INGEST_LITELLM_CSV, header, options)) < 0)
		goto done;
	if ((hash = XXH3_createState()) == NULL || XXH3_128bits_reset(hash) != XXH_OK) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	/* The fingerprint covers the range and every field of every row. */
	XXH3_128bits_update(hash, stream, strlen(stream));
	XXH3_128bits_update(hash, start, strlen(start));
	XXH3_128bits_update(hash, end, strlen(end));
	while ((res = PQgetResult(pg)) != NULL) {
		ExecStatusType status = PQresultStatus(res);
		if (status == PGRES_SINGLE_TUPLE) {
			char *fields[COLUMN_COUNT];
			row_number++;
			for (int i = 0; i < (int)COLUMN_COUNT; i++) {
				fields[i] = PQgetisnull(res, 0, i) ? "" : PQgetvalue(res, 0, i);
				XXH3_128bits_update(hash, fields[i], strlen(fields[i]) + 1);
			}
			snprintf(where, sizeof(where), "%s: row %lld (request_id %.60s)", name,
			         (long long)row_number, fields[0]);
			if (error == 0 && (error = bw_ingest__requests_rows_add(
			                       rows, fields, (int)COLUMN_COUNT, where)) < 0) {
				/* Drain the rest of the answer before the connection closes. */
				PQclear(res);
				continue;
			}
		} else if (status != PGRES_TUPLES_OK && error == 0) {
			error = bw_error_set(BW_EIO, "%s: %s", name, PQresultErrorMessage(res));
		}
		PQclear(res);
	}
	res = NULL;
	if (error < 0)
		goto done;
	XXH128_hash_t h = XXH3_128bits_digest(hash);
	char fingerprint[65];
	snprintf(fingerprint, sizeof(fingerprint), "pg-%016llx%016llx",
	         (unsigned long long)h.high64, (unsigned long long)h.low64);
	error =
	    bw_ingest__requests_rows_store(rows, store, name, fingerprint, stream, start, end, out);
done:
	PQclear(res);
	XXH3_freeState(hash);
	bw_ingest__requests_rows_free(rows);
	PQfinish(pg);
	return error;
}

/* --- push-down: the aggregation runs in PostgreSQL ------------------------- */

/* A cache count from SpendLogs' metadata.usage_object, where the CSV
 * reader takes it (the first of two names present). */
#define META_COUNT(a, b)                                                                           \
	"COALESCE((metadata::jsonb #>> '{usage_object," a "}')::bigint, "                          \
	"(metadata::jsonb #>> '{usage_object,prompt_tokens_details," b "}')::bigint, 0)"

/* The SpendLogs rows as the litellm-csv reader reads them, one per request;
 * and the daily table's rows, already one per day. Columns: day, model,
 * workspace, api_key, tag, p (input), r (cache reads), w (writes), o,
 * n (requests), keep (an Anthropic row). */
static const char spend_rows[] =
    "SELECT (\"startTime\"::date - DATE '1970-01-01')::bigint AS day,"
    " CASE WHEN model LIKE 'anthropic/%%' THEN substr(model, 11) ELSE model END AS model,"
    " COALESCE(team_id::text, '') AS workspace, COALESCE(api_key::text, '') AS api_key,"
    " %s AS tag, COALESCE(prompt_tokens, 0)::bigint AS p,"
    " " META_COUNT(
        "cache_read_input_tokens",
        "cached_tokens") " AS r,"
                         " " META_COUNT(
                             "cache_creation_input_tokens",
                             "cache_creation_tokens") " AS w,"
                                                      " COALESCE(completion_tokens, 0)::bigint AS "
                                                      "o, 1::bigint AS n,"
                                                      " custom_llm_provider, \"startTime\" AS at "
                                                      "FROM %s"
                                                      " WHERE \"startTime\" >= $1::timestamptz AND "
                                                      "\"startTime\" < $2::timestamptz";
static const char daily_rows[] =
    "SELECT (\"date\"::date - DATE '1970-01-01')::bigint AS day,"
    " CASE WHEN model LIKE 'anthropic/%%' THEN substr(model, 11) ELSE model END AS model,"
    " COALESCE(team_id::text, '') AS workspace, COALESCE(api_key::text, '') AS api_key,"
    " %s AS tag, COALESCE(prompt_tokens, 0)::bigint AS p,"
    " COALESCE(cache_read_input_tokens, 0)::bigint AS r,"
    " COALESCE(cache_creation_input_tokens, 0)::bigint AS w,"
    " COALESCE(completion_tokens, 0)::bigint AS o, COALESCE(api_requests, 0)::bigint AS n,"
    " custom_llm_provider FROM %s"
    " WHERE \"date\" >= substr($1, 1, 10) AND \"date\" < substr($2, 1, 10)";

static int aggregate_sql(bw_warehouse_schema schema, const char *quoted, const char *tag,
                         int includes, char *sql, size_t size)
{
	char rows[2048], uncached[400], ok[400], window[900];
	if (bw_ingest__pushdown_rules(includes, "p", "r", "w", "0", uncached, ok, window,
	                              sizeof(window)) < 0)
		return -1;
	/* A daily row sums many requests: their context-window class is lost. */
	if (schema == BW_WAREHOUSE_LITELLM_DAILY)
		snprintf(window, sizeof(window), "''");
	snprintf(rows, sizeof(rows), schema == BW_WAREHOUSE_LITELLM ? spend_rows : daily_rows, tag,
	         quoted);
	/* Other providers' rows share the table (as the CSV reader: a row
	 * counts when its provider is anthropic, unset, or its model Claude). */
	int n = snprintf(
	    sql, size,
	    "WITH r AS (%s), k AS (SELECT *, (custom_llm_provider IS NULL OR custom_llm_provider = "
	    "'' OR custom_llm_provider = 'anthropic' OR strpos(model, 'claude') > 0) AS keep FROM "
	    "r)"
	    " SELECT day, CASE WHEN keep THEN model ELSE '' END, CASE WHEN keep THEN workspace "
	    "ELSE "
	    "'' END, CASE WHEN keep THEN api_key ELSE '' END, CASE WHEN keep THEN tag ELSE '' END,"
	    " CASE WHEN keep THEN %s ELSE '' END AS win, keep,"
	    " sum(CASE WHEN %s THEN %s ELSE 0 END), sum(CASE WHEN %s THEN r ELSE 0 END),"
	    " sum(CASE WHEN %s THEN w ELSE 0 END), sum(CASE WHEN %s THEN o ELSE 0 END),"
	    " sum(CASE WHEN %s THEN n ELSE 0 END), sum(CASE WHEN %s THEN 0 ELSE 1 END)"
	    " FROM k GROUP BY 1, 2, 3, 4, 5, 6, 7",
	    rows, window, ok, uncached, ok, ok, ok, ok, ok);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* An answer row and its sort key: the server returns the groups in no
 * order (a hash aggregate), and the fingerprint reads them in this one:
 * the day as a number, the rest by bytes. */
typedef struct {
	const PGresult *res;
	int row;
	long long day;
	const char *key[6];
} answer_row;

static int compare_rows(const void *x, const void *y)
{
	const answer_row *a = x, *b = y;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	for (int col = 0; col < 6; col++) {
		int c = strcmp(a->key[col], b->key[col]);
		if (c != 0)
			return c;
	}
	return 0;
}

static int pg_count(const char *text, const char *name, int64_t row, int64_t *out)
{
	const char *reason;
	if (bwx_parse_int64(text, out, &reason) < 0)
		return bw_error_set(BW_EPARSE, "%s: answer row %lld: expected a count, got '%.40s'",
		                    name, (long long)row, text);
	return 0;
}

/* Connections the push-down splits its days over (the --threads option):
 * PostgreSQL aggregates one query in one backend (its leader does the
 * hash aggregate whatever the workers scan, bench/RESULTS.md), so a range
 * of days per connection uses more of the server's cores. */
enum { PG_MAX_CONNECTIONS = 8 };

/* The window [start, end) split into k ranges at whole days spread evenly
 * over [first, last), the days its rows span: bounds[0] is start, bounds[k]
 * end (which may be the far future). One range is the window itself. The
 * groups are the same whichever range holds a day, since the day is one of
 * their keys. */
static void split_days(int64_t first, int64_t last, const char *start, const char *end, int k,
                       char bounds[][32])
{
	snprintf(bounds[0], 32, "%s", start);
	for (int i = 1; i < k; i++)
		bwx_time_format_day(first + (last - first) * i / k, bounds[i]);
	snprintf(bounds[k], 32, "%s", end);
}

/* Every connection reads the same snapshot, exported by the first (as
 * pg_dump --jobs does): rows committed while the ranges run count in none
 * or all of them. Returns 0, or -1 when the server cannot share one (the
 * caller then uses one connection). */
static int share_snapshot(PGconn **pg, int k)
{
	static const char begin[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	char set[160];
	PGresult *res = PQexec(pg[0], begin);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok)
		return -1;
	res = PQexec(pg[0], "SELECT pg_export_snapshot()");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	     strlen(PQgetvalue(res, 0, 0)) < 100;
	if (ok)
		snprintf(set, sizeof(set), "SET TRANSACTION SNAPSHOT '%s'", PQgetvalue(res, 0, 0));
	PQclear(res);
	for (int i = 1; ok && i < k; i++) {
		res = PQexec(pg[i], begin);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		if (ok) {
			res = PQexec(pg[i], set);
			ok = PQresultStatus(res) == PGRES_COMMAND_OK;
			PQclear(res);
		}
	}
	return ok ? 0 : -1;
}

/* The days the window's rows really span, [*first, *last): a window open
 * to the future or starting long before the table would leave every row in
 * one range. LiteLLM indexes SpendLogs on "startTime", so this is two
 * index probes there. Unchanged when the window has no row. Returns 0 or
 * -1 (the query failed). */
static int data_days(PGconn *pg, bw_warehouse_schema schema, const char *quoted, const char *start,
                     const char *end, int64_t *first, int64_t *last)
{
	char sql[600];
	int spend = schema == BW_WAREHOUSE_LITELLM;
	const char *lo = spend ? "$1::timestamptz" : "substr($1, 1, 10)";
	const char *hi = spend ? "$2::timestamptz" : "substr($2, 1, 10)";
	const char *column = spend ? "\"startTime\"" : "\"date\"";
	snprintf(sql, sizeof(sql),
	         "SELECT (min(%s)::date - DATE '1970-01-01')::bigint,"
	         " (max(%s)::date - DATE '1970-01-01')::bigint FROM %s WHERE %s >= %s AND %s < %s",
	         column, column, quoted, column, lo, column, hi);
	const char *params[2] = {start, end};
	PGresult *res = PQexecParams(pg, sql, 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	if (!PQgetisnull(res, 0, 0) && !PQgetisnull(res, 0, 1)) {
		*first = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		*last = strtoll(PQgetvalue(res, 0, 1), NULL, 10) + 1;
	}
	PQclear(res);
	return 0;
}

int bw_ingest_pg_aggregate(bw_store *store, const char *conninfo, bw_warehouse_schema schema,
                           const char *table, const char *since, const char *until,
                           const bw_ingest_options *options, bw_ingest_result *out)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	char quoted[200], tag[220] = "''", name[512], stream[96], start[32], end[32];
	char bounds[PG_MAX_CONNECTIONS + 1][32];
	char *sql = NULL;
	bw_ingest__pushdown *pd = NULL;
	answer_row *order = NULL;
	PGconn *pg[PG_MAX_CONNECTIONS] = {NULL};
	PGresult *res[PG_MAX_CONNECTIONS] = {NULL};
	int error = 0, k = 1;

	memset(out, 0, sizeof(*out));
	if (options == NULL)
		options = &defaults;
	if (schema != BW_WAREHOUSE_LITELLM && schema != BW_WAREHOUSE_LITELLM_DAILY)
		return bw_error_set(BW_EUSAGE,
		                    "PostgreSQL holds the litellm and litellm-daily schemas");
	if (table == NULL)
		table =
		    schema == BW_WAREHOUSE_LITELLM ? "LiteLLM_SpendLogs" : "LiteLLM_DailyTeamSpend";
	if (!is_date(since) || (until != NULL && !is_date(until)))
		return bw_error_set(
		    BW_EUSAGE,
		    "the database is read in whole UTC days: since (and until) must be YYYY-MM-DD");
	if ((error = bw_ingest__pushdown_range(since, until, start, end)) < 0)
		return error;
	if (quote_identifier(table, quoted, sizeof(quoted)) < 0)
		return bw_error_set(BW_EUSAGE, "table: expected a table name, got '%s'", table);
	if (options->tag != NULL) {
		char column[200];
		if (quote_identifier(options->tag, column, sizeof(column)) < 0)
			return bw_error_set(BW_EUSAGE, "tag: expected a column name, got '%s'",
			                    options->tag);
		snprintf(tag, sizeof(tag), "COALESCE(%s::text, '')", column);
	}
	if ((sql = malloc(8192)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if (aggregate_sql(schema, quoted, tag, options->input_includes_cache, sql, 8192) < 0) {
		free(sql);
		return bw_error_set(BW_EUSAGE, "the table or tag name is too long");
	}

	/* The days to split: [since, until), or up to tomorrow with the last
	 * range open (rows stamped later still count, in the last). */
	int64_t first = 0, last = 0;
	(void)bwx_date_parse(since, &first); /* both checked above */
	if (until != NULL)
		(void)bwx_date_parse(until, &last);
	else
		last = bwx_epoch_day((int64_t)time(NULL)) + 1;
	k = options->threads > 0 ? options->threads : 2;
	k = k > PG_MAX_CONNECTIONS ? PG_MAX_CONNECTIONS : k;
	if (last - first < k)
		k = last - first > 1 ? (int)(last - first) : 1;
	for (int i = 0; i < k; i++) {
		char other[512] = "", other_stream[96] = "";
		if ((error = connect_utc(conninfo, table, since, until, &pg[i],
		                         i == 0 ? name : other, sizeof(name),
		                         i == 0 ? stream : other_stream, sizeof(stream))) < 0) {
			if (i == 0)
				goto done;
			/* The server takes fewer connections: as many ranges as it took. */
			bw_error_clear();
			error = 0;
			PQfinish(pg[i]);
			pg[i] = NULL;
			k = i;
			break;
		}
		/* PostgreSQL estimates the groups of computed keys (the day, the
		 * window class) at one per row, and so sorts every row to group
		 * them (on disk past work_mem); the groups are days x keys, few,
		 * and a hash table of them is the fast plan: sorts are off for
		 * this session (the groups are sorted here). JIT compiling this
		 * one query cost more than it saved (1.5 s of 3.5 s at 1 M rows,
		 * bench/RESULTS.md). Settings of this connection only; a server
		 * that refuses one runs the query as it would have. */
		PQclear(PQexec(pg[i], "SET enable_sort = off"));
		PQclear(PQexec(pg[i], "SET jit = off"));
	}
	if (k > 1 && share_snapshot(pg, k) < 0) {
		for (int i = 1; i < k; i++) {
			PQfinish(pg[i]);
			pg[i] = NULL;
		}
		PQclear(PQexec(pg[0], "ROLLBACK"));
		k = 1;
	}
	if (k > 1 && data_days(pg[0], schema, quoted, start, end, &first, &last) < 0) {
		error = bw_error_set(BW_EIO, "%s: %s", name, PQerrorMessage(pg[0]));
		goto done;
	}
	if (k > 1 && last - first < k)
		k = last - first > 1 ? (int)(last - first) : 1;
	split_days(first, last, start, end, k, bounds);
	/* Every range sent before any answer is read: the server runs them at once. */
	for (int i = 0; i < k; i++) {
		const char *params[2] = {bounds[i], bounds[i + 1]};
		if (!PQsendQueryParams(pg[i], sql, 2, NULL, params, NULL, NULL, 0)) {
			error = bw_error_set(BW_EIO, "%s: %s", name, PQerrorMessage(pg[i]));
			goto done;
		}
	}
	int rows = 0;
	for (int i = 0; i < k; i++) {
		PGresult *r;
		while ((r = PQgetResult(pg[i])) != NULL) {
			if (res[i] == NULL)
				res[i] = r;
			else
				PQclear(r);
		}
		if (PQresultStatus(res[i]) != PGRES_TUPLES_OK) {
			error = bw_error_set(BW_EIO, "%s: %s", name,
			                     res[i] ? PQresultErrorMessage(res[i])
			                            : PQerrorMessage(pg[i]));
			goto done;
		}
		rows += PQntuples(res[i]);
	}
	if ((order = calloc(rows > 0 ? (size_t)rows : 1, sizeof(*order))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (int i = 0, at = 0; i < k; i++)
		for (int row = 0; row < PQntuples(res[i]); row++, at++) {
			order[at].res = res[i];
			order[at].row = row;
			order[at].day = strtoll(PQgetvalue(res[i], row, 0), NULL, 10);
			for (int col = 0; col < 6; col++)
				order[at].key[col] = PQgetvalue(res[i], row, 1 + col);
		}
	qsort(order, (size_t)rows, sizeof(*order), compare_rows);
	if ((error = bw_ingest__pushdown_begin(
	         &pd, stream, schema == BW_WAREHOUSE_LITELLM ? "litellm" : "litellm-daily", start,
	         end)) < 0)
		goto done;
	for (int at = 0; at < rows && error == 0; at++) {
		const PGresult *r = order[at].res;
		int row = order[at].row;
		bw_ingest__group g;
		int64_t v[7];
		memset(&g, 0, sizeof(g));
		for (int i = 0; i < 13; i++) {
			const char *f = PQgetvalue(r, row, i);
			bw_ingest__pushdown_hash(pd, f, strlen(f) + 1);
		}
		/* Rows are numbered in the sorted answer, the same whatever the split. */
		if ((error = pg_count(PQgetvalue(r, row, 0), name, at + 1, &v[0])) < 0)
			break;
		for (int i = 0; i < 6 && error == 0; i++)
			error = pg_count(PQgetvalue(r, row, 7 + i), name, at + 1, &v[1 + i]);
		if (error < 0)
			break;
		if (strcmp(PQgetvalue(r, row, 6), "t") != 0) {
			bw_ingest__pushdown_count(pd, v[5] + v[6], 0);
			continue;
		}
		g.day = v[0];
		g.model = PQgetvalue(r, row, 1);
		g.workspace = PQgetvalue(r, row, 2);
		g.api_key = PQgetvalue(r, row, 3);
		g.tag = PQgetvalue(r, row, 4);
		g.window = PQgetvalue(r, row, 5);
		g.tokens[BW_TOKEN_UNCACHED_INPUT] = v[1];
		g.tokens[BW_TOKEN_CACHE_READ] = v[2];
		g.tokens[BW_TOKEN_CACHE_WRITE_5M] = v[3];
		g.tokens[BW_TOKEN_OUTPUT] = v[4];
		g.requests = v[5];
		bw_ingest__pushdown_count(pd, 0, v[6]);
		if (g.requests > 0 || v[1] + v[2] + v[3] + v[4] > 0)
			error = bw_ingest__pushdown_add(pd, &g);
	}
	if (error == 0)
		error = bw_ingest__pushdown_store(pd, store, name, options->max_errors, out);
done:
	for (int i = 0; i < PG_MAX_CONNECTIONS; i++) {
		PQclear(res[i]);
		PQfinish(pg[i]);
	}
	free(order);
	bw_ingest__pushdown_free(pd);
	free(sql);
	return error;
}

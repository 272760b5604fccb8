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
#include "rows.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

	pg = PQconnectdb(conninfo);
	/* Name the database in messages without the password a URL may hold. */
	snprintf(name, sizeof(name), "postgresql://%s@%s:%s/%s %s %s..%s", pg ? PQuser(pg) : "?",
	         pg ? PQhost(pg) : "?", pg ? PQport(pg) : "?", pg ? PQdb(pg) : "?", table, since,
	         until ? until : "now");
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		error = bw_error_set(BW_EIO, "%s: cannot connect: %s", name,
		                     pg ? PQerrorMessage(pg) : "out of memory");
		goto done;
	}
	snprintf(stream, sizeof(stream), "pg:%s:%s/%s/%s", PQhost(pg), PQport(pg), PQdb(pg), table);
	res = PQexec(pg, "SET TimeZone TO 'UTC'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		error = bw_error_set(BW_EIO, "%s: %s", name, PQerrorMessage(pg));
		goto done;
	}
	PQclear(res);
	res = NULL;

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

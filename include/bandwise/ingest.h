/*
 * bandwise/ingest.h: reading usage data into the store.
 *
 * Two kinds of source. Reports: the Anthropic Admin API's
 * usage_report/messages and cost_report responses saved as files (one
 * page, a JSON array of pages, or one page per line). Request logs: one
 * record per request (Messages API responses or gateway logs as JSONL,
 * OpenTelemetry GenAI spans, Mooncake and Azure traces, LiteLLM SpendLogs,
 * FOCUS and generic CSV), streamed in bounded memory and summed per UTC day into
 * the usage cube. A file is read completely before anything is written,
 * then written in one transaction: bad input stores nothing, and a killed
 * ingest leaves the store as it was. Formats and messages: docs/ingest.md.
 */
#ifndef BANDWISE_INGEST_H
#define BANDWISE_INGEST_H

#include "bandwise/store.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
	BW_INGEST_AUTO = 0,     /* detect from the rows */
	BW_INGEST_USAGE_REPORT, /* GET /v1/organizations/usage_report/messages */
	BW_INGEST_COST_REPORT,  /* GET /v1/organizations/cost_report */
	BW_INGEST_MESSAGES, /* JSONL: Messages API responses or gateway logs with a usage object */
	BW_INGEST_OTEL, /* JSONL: OTLP/JSON trace exports or flat spans with gen_ai.* attributes */
	BW_INGEST_MOONCAKE,  /* JSONL: timestamp (ms offset), input_length, output_length, hash_ids
	                      */
	BW_INGEST_AZURE_CSV, /* CSV: TIMESTAMP, ContextTokens, GeneratedTokens */
	BW_INGEST_LITELLM_CSV, /* CSV: a LiteLLM_SpendLogs export */
	BW_INGEST_CSV,         /* CSV with the columns named by bw_ingest_options.columns */
	BW_INGEST_FOCUS_CSV /* CSV: FOCUS 1.2+ cost and usage rows (bandwise export --focus writes
	                       them) */
} bw_ingest_format;

/* A format's name ("auto", "usage-report", "cost-report", "messages",
 * "otel", "mooncake", "azure-csv", "litellm-csv", "csv", "focus-csv") into *out;
 * BW_EUSAGE otherwise. */
int bw_ingest_format_parse(const char *name, bw_ingest_format *out);

/* The name of a format, as bw_ingest_format_parse reads it. */
const char *bw_ingest_format_name(bw_ingest_format format);

/* What ingesting one file did. */
typedef struct {
	char format[32];     /* the format read (detected or forced) */
	char sha256_hex[65]; /* of the file's bytes */
	int64_t pages;       /* response objects in the file */
	int64_t buckets;     /* time buckets, empty ones included */
	int64_t usage_rows;
	int64_t cost_rows;
	int already_ingested; /* 1: the same bytes were ingested before; nothing written */
	int64_t requests;     /* request logs: records summed into usage rows */
	int64_t
	    skipped; /* request logs: records that are not Claude usage (other providers' spans) */
	int64_t rejected;         /* request logs: bad records passed over under max_errors */
	char first_rejected[512]; /* "FILE:LINE: why" of the first of them */
} bw_ingest_result;

/* How far a request-log ingest has got, for a progress line. */
typedef void (*bw_ingest_progress_fn)(void *context, uint64_t bytes_read, uint64_t bytes_total,
                                      int64_t records);

/* Choices for request logs; zero (with max_errors 0) is the default. */
typedef struct {
	const char *model; /* the model of traces that carry none (mooncake, azure-csv, csv) */
	const char *start; /* RFC 3339 time of a Mooncake trace's timestamp 0 */
	const char
	    *columns; /* csv: "time=COL,model=COL,input=COL,output=COL,..." (docs/ingest.md) */
	/* Whether a source's input count includes cache reads and writes:
	 * -1 auto (per source: OTel and LiteLLM include them unless a record's
	 * input is smaller than its cache counts), 0 no, 1 yes. */
	int input_includes_cache;
	long max_errors;         /* bad records passed over before the file fails (0: none) */
	const char *reject_path; /* bad records copied here, as they were */
	bw_ingest_progress_fn progress; /* called about every 4 MB read */
	void *progress_context;
	/* Threads for one large plain JSONL file (0: one per core, 1: none).
	 * The result is the same whatever the count. */
	int threads;
	/* Where a request's tag (feature, team, ...) comes from: a dotted JSON
	 * path (messages, mooncake: "metadata.feature"), a span or resource
	 * attribute (otel), a column (CSV formats). NULL: no tags. */
	const char *tag;
} bw_ingest_options;

#define BW_INGEST_OPTIONS_INIT                                                                     \
	{                                                                                          \
		NULL, NULL, NULL, -1, 0, NULL, NULL, NULL, 0, NULL                                 \
	}

/*
 * Ingest the file at 'path' into 'store'. Returns 0 with *out filled, or:
 * BW_ENOTFOUND (no file), BW_EIO, BW_EPARSE ("FILE:LINE:COL: what was
 * expected"), BW_EUSAGE (the file's buckets overlap stored buckets of
 * another width, which would double count). On any error nothing of the
 * file is stored.
 */
int bw_ingest_file(bw_store *store, const char *path, bw_ingest_format format,
                   bw_ingest_result *out);

/* As bw_ingest_file, with options for request logs ('options' may be
 * NULL). BW_EPARSE messages name FILE:LINE and what was expected. */
int bw_ingest_file_with(bw_store *store, const char *path, bw_ingest_format format,
                        const bw_ingest_options *options, bw_ingest_result *out);

/*
 * LiteLLM's SpendLogs straight from its PostgreSQL database: 'conninfo' is
 * a libpq connection string or postgresql:// URL, 'table' NULL for
 * "LiteLLM_SpendLogs". Reads the whole UTC days [since, until) (until NULL:
 * up to now), summed per day as the litellm-csv reader does, and replaces
 * what an earlier pull from the same database stored for those days; the
 * same rows again store nothing. Returns 0, BW_EUSAGE, BW_EIO (connection
 * or query; messages never hold the password) or BW_EPARSE (a bad row).
 */
int bw_ingest_litellm_pg(bw_store *store, const char *conninfo, const char *table,
                         const char *since, const char *until, const bw_ingest_options *options,
                         bw_ingest_result *out);

/*
 * Push-down: the warehouse sums the rows per UTC day, model, workspace
 * (project, organization or team), API key, tier, context-window class
 * and tag, and only that cube comes back (docs/ingest.md gives the SQL).
 */
typedef enum {
	BW_WAREHOUSE_LANGFUSE,     /* ClickHouse: Langfuse's observations */
	BW_WAREHOUSE_HELICONE,     /* ClickHouse: Helicone's request_response_rmt */
	BW_WAREHOUSE_LITELLM,      /* PostgreSQL: LiteLLM_SpendLogs */
	BW_WAREHOUSE_LITELLM_DAILY /* PostgreSQL: LiteLLM_DailyTeamSpend */
} bw_warehouse_schema;

/* "langfuse", "helicone", "litellm", "litellm-daily" into *out; BW_EUSAGE
 * otherwise. */
int bw_ingest_schema_parse(const char *name, bw_warehouse_schema *out);

/*
 * The cube of a Langfuse or Helicone ClickHouse table, summed by the
 * server in one query over its HTTP interface. 'url' is the server's HTTP
 * address (http://user:password@host:8123/?database=db); 'table' NULL for
 * the schema's own (observations, request_response_rmt), which may be a
 * Distributed table. Reads the whole UTC days [since, until) (NULL: no
 * bound) and replaces what an earlier pull of the same table stored for
 * them; the same answer again stores nothing. Returns 0, BW_EUSAGE,
 * BW_EIO (connection or query; messages never hold the password) or
 * BW_EPARSE (an answer that is not the cube asked for).
 */
int bw_ingest_clickhouse(bw_store *store, const char *url, bw_warehouse_schema schema,
                         const char *table, const char *since, const char *until,
                         const bw_ingest_options *options, bw_ingest_result *out);

/*
 * As bw_ingest_clickhouse, for LiteLLM's PostgreSQL tables (libpq):
 * 'conninfo' as for bw_ingest_litellm_pg, 'table' NULL for the schema's
 * own (LiteLLM_SpendLogs, LiteLLM_DailyTeamSpend). The same rows give the
 * same cube as bw_ingest_litellm_pg, which streams them; the two replace
 * each other's days.
 */
int bw_ingest_pg_aggregate(bw_store *store, const char *conninfo, bw_warehouse_schema schema,
                           const char *table, const char *since, const char *until,
                           const bw_ingest_options *options, bw_ingest_result *out);

/* As bw_ingest_file, from 'len' bytes; 'origin' names them in messages
 * and in the provenance table. */
int bw_ingest_buffer(bw_store *store, const char *origin, const char *data, size_t len,
                     bw_ingest_format format, bw_ingest_result *out);

/* The SHA-256 of a file's bytes as 64 hex digits, as the provenance table
 * records it (for showing other inputs' fingerprints). Returns 0,
 * BW_ENOTFOUND or BW_EIO. */
int bw_ingest_file_sha256(const char *path, char out_hex[65]);

#endif

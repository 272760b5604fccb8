/*
 * bandwise/usage.h: the usage cube (DOMAIN.md §2.1).
 *
 * One record per (time bucket, model, workspace, api key, account,
 * service account, service tier, context-window class, inference geo,
 * speed) with token counts by billable type. Every reader produces these
 * rows; the store keeps them; pricing and the monthly summary read them.
 *
 * Dimensions that a source did not group by are the empty string "".
 * A null workspace_id in the Admin API means the default workspace and is
 * also stored as "" (reports show it as "(default)").
 */
#ifndef BANDWISE_USAGE_H
#define BANDWISE_USAGE_H

#include <stddef.h>
#include <stdint.h>

/* Room for the longest identifiers seen in the Admin API (model ids,
 * wrkspc_/apikey_ ids are under 64 characters) with margin. */
#define BW_USAGE_DIM_MAX  96
#define BW_USAGE_TIME_MAX 32

/* The billable token types, in the order of the Admin API's fields. */
typedef enum {
	BW_TOKEN_UNCACHED_INPUT = 0, /* uncached_input_tokens */
	BW_TOKEN_CACHE_WRITE_5M,     /* cache_creation.ephemeral_5m_input_tokens */
	BW_TOKEN_CACHE_WRITE_1H,     /* cache_creation.ephemeral_1h_input_tokens */
	BW_TOKEN_CACHE_READ,         /* cache_read_input_tokens */
	BW_TOKEN_OUTPUT,             /* output_tokens */
	BW_TOKEN_TYPE_COUNT
} bw_token_type;

/* The Admin API name of a token type ("uncached_input_tokens", ...). */
const char *bw_token_type_api_name(bw_token_type type);

/* A short display name ("input", "cache write 5m", ...). */
const char *bw_token_type_label(bw_token_type type);

typedef struct {
	char bucket_start[BW_USAGE_TIME_MAX]; /* RFC 3339 UTC, "2025-10-16T00:00:00Z" */
	char bucket_end[BW_USAGE_TIME_MAX];   /* exclusive */
	char model[BW_USAGE_DIM_MAX];
	char workspace_id[BW_USAGE_DIM_MAX];
	char api_key_id[BW_USAGE_DIM_MAX];
	char account_id[BW_USAGE_DIM_MAX];
	char service_account_id[BW_USAGE_DIM_MAX];
	char service_tier[BW_USAGE_DIM_MAX];   /* standard, batch, priority, ... */
	char context_window[BW_USAGE_DIM_MAX]; /* "0-200k", "200k-1M" or "" */
	char inference_geo[BW_USAGE_DIM_MAX];  /* global, us, not_available, "" */
	char speed[BW_USAGE_DIM_MAX];          /* standard, fast, "" */
	char tag[BW_USAGE_DIM_MAX]; /* request logs: a label the user chose (feature, team,
	                             * ...; ingest --tag); "" otherwise */
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	int64_t web_search_requests;
} bw_usage_row;

/* A growable array of rows. Embed with BW_USAGE_ROWS_INIT; release with
 * bw_usage_rows_dispose. */
typedef struct {
	bw_usage_row *items;
	size_t count;
	size_t capacity;
} bw_usage_rows;

#define BW_USAGE_ROWS_INIT                                                                         \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Append a copy of 'row'. Returns 0 or BW_ERROR (out of memory). */
int bw_usage_rows_push(bw_usage_rows *rows, const bw_usage_row *row);

/* Free the items; the struct is left empty and reusable. NULL-safe. */
void bw_usage_rows_dispose(bw_usage_rows *rows);

#endif

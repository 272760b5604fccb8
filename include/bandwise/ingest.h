/*
 * bandwise/ingest.h: reading usage data into the store.
 *
 * Formats now: the Anthropic Admin API's usage_report/messages and
 * cost_report responses, saved as files (one page, a JSON array of pages,
 * or one page per line). A file is parsed completely before anything is
 * written, then written in one transaction: bad input stores nothing.
 * Formats, detection and messages: docs/ingest.md.
 */
#ifndef BANDWISE_INGEST_H
#define BANDWISE_INGEST_H

#include "bandwise/store.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
	BW_INGEST_AUTO = 0,     /* detect from the rows */
	BW_INGEST_USAGE_REPORT, /* GET /v1/organizations/usage_report/messages */
	BW_INGEST_COST_REPORT   /* GET /v1/organizations/cost_report */
} bw_ingest_format;

/* "auto", "usage-report" or "cost-report" into *out; BW_EUSAGE otherwise. */
int bw_ingest_format_parse(const char *name, bw_ingest_format *out);

/* The name of a format, as bw_ingest_format_parse reads it. */
const char *bw_ingest_format_name(bw_ingest_format format);

/* What ingesting one file did. */
typedef struct {
	char format[32];      /* the format read (detected or forced) */
	char sha256_hex[65];  /* of the file's bytes */
	int64_t pages;        /* response objects in the file */
	int64_t buckets;      /* time buckets, empty ones included */
	int64_t usage_rows;
	int64_t cost_rows;
	int already_ingested; /* 1: the same bytes were ingested before; nothing written */
} bw_ingest_result;

/*
 * Ingest the file at 'path' into 'store'. Returns 0 with *out filled, or:
 * BW_ENOTFOUND (no file), BW_EIO, BW_EPARSE ("FILE:LINE:COL: what was
 * expected"), BW_EUSAGE (the file's buckets overlap stored buckets of
 * another width, which would double count). On any error nothing of the
 * file is stored.
 */
int bw_ingest_file(bw_store *store, const char *path, bw_ingest_format format,
		   bw_ingest_result *out);

/* As bw_ingest_file, from 'len' bytes; 'origin' names them in messages
 * and in the provenance table. */
int bw_ingest_buffer(bw_store *store, const char *origin, const char *data, size_t len,
		     bw_ingest_format format, bw_ingest_result *out);

/* The SHA-256 of a file's bytes as 64 hex digits, as the provenance table
 * records it (for showing other inputs' fingerprints). Returns 0,
 * BW_ENOTFOUND or BW_EIO. */
int bw_ingest_file_sha256(const char *path, char out_hex[65]);

#endif

/*
 * clickhouse.h (private): the pieces of the ClickHouse push-down that the
 * unit tests check on their own.
 */
#ifndef BANDWISE_INGEST_CLICKHOUSE_H
#define BANDWISE_INGEST_CLICKHOUSE_H

#include "bandwise/ingest.h"

#include <stddef.h>

/* The token type of a Langfuse usage_details key, or -1 for a key that is
 * not a billable token count of its own ("total", audio, reasoning, ...). */
int bw_ingest__langfuse_key(const char *key);

/*
 * The aggregation sent for 'schema' over 'table' (already checked), days
 * [start, end) (RFC 3339), for a server of major version 'major' (before
 * 21 ClickHouse has no Map: its maps are Nested(key, value) columns).
 * 'tag' the Helicone property that tags a request (NULL: none).
 * 'includes' as bw_ingest_options.input_includes_cache. Returns 0, or -1
 * when 'size' is too small.
 */
int bw_ingest__clickhouse_sql(bw_warehouse_schema schema, const char *table, const char *start,
                              const char *end, int major, const char *tag, int includes, char *sql,
                              size_t size);

/* Split one TabSeparated line in place into at most 'max' fields,
 * unescaping them; the field count. */
int bw_ingest__tsv_split(char *line, char **fields, int max);

#endif

/*
 * clickhouse.c: Langfuse's and Helicone's ClickHouse tables summed by the
 * server (push-down): one aggregation per pull over the HTTP interface
 * (libcurl), grouped by day, model, workspace, context-window class (and
 * for Langfuse by usage_details key), read back as TabSeparated lines and
 * stored like a database pull (idempotent by day window).
 *
 * Both tables are ReplacingMergeTree: FINAL makes a replaced row count
 * once. A Distributed table works as well: each shard sums its part and
 * the initiator merges the partial sums, so only the cube crosses the
 * network. ClickHouse before 21 has no Map type (Debian bookworm ships
 * 18.16): there the maps are Nested(key, value) columns, and the query is
 * generated for the server's version (docs/ingest.md).
 */
#include "clickhouse.h"

#include "bandwise/error.h"
#include "pushdown.h"
#include "strparse.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Langfuse's usage_details keys are free-form; these are the ones its own
 * Anthropic prices use (default-model-prices.json), each one billable
 * bucket: Langfuse keeps them disjoint (input excludes the cache). Summing
 * keys by pattern double counts aliases (Langfuse issue #12306); here a key
 * counts for exactly one type or for none. */
static const struct {
	const char *key;
	bw_token_type type;
} langfuse_keys[] = {
    {"input", BW_TOKEN_UNCACHED_INPUT},
    {"input_tokens", BW_TOKEN_UNCACHED_INPUT},
    {"output", BW_TOKEN_OUTPUT},
    {"output_tokens", BW_TOKEN_OUTPUT},
    {"cache_read_input_tokens", BW_TOKEN_CACHE_READ},
    {"input_cache_read", BW_TOKEN_CACHE_READ},
    {"input_cached_tokens", BW_TOKEN_CACHE_READ},
    {"cache_creation_input_tokens", BW_TOKEN_CACHE_WRITE_5M},
    {"input_cache_creation", BW_TOKEN_CACHE_WRITE_5M},
    {"input_cache_creation_5m", BW_TOKEN_CACHE_WRITE_5M},
    {"input_cache_creation_1h", BW_TOKEN_CACHE_WRITE_1H},
};
#define LANGFUSE_KEY_COUNT (sizeof(langfuse_keys) / sizeof(langfuse_keys[0]))

int bw_ingest__langfuse_key(const char *key)
{
	for (size_t i = 0; i < LANGFUSE_KEY_COUNT; i++)
		if (strcmp(langfuse_keys[i].key, key) == 0)
			return (int)langfuse_keys[i].type;
	return -1;
}

/* A ClickHouse string literal. */
static int quote_string(const char *text, char *out, size_t size)
{
	size_t o = 0;
	if (size < 3)
		return -1;
	out[o++] = '\'';
	for (const char *p = text; *p; p++) {
		if (o + 4 >= size)
			return -1;
		if (*p == '\'' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return 0;
}

/* One row's count of a token type: the sum of its keys' values, each
 * looked up by name (0 when absent). Looking up each key is three times
 * faster on ClickHouse 18 than a lambda over the whole map, and the Map
 * of current versions reads the same way. */
static void type_sum(bw_token_type type, int major, char *out, size_t size)
{
	size_t o = (size_t)snprintf(out, size, "(0");
	for (size_t i = 0; i < LANGFUSE_KEY_COUNT && o < size; i++) {
		if (langfuse_keys[i].type != type)
			continue;
		/* Map(LowCardinality(String), UInt64) from 21 on; Nested(key, value) before. */
		if (major >= 21)
			o += (size_t)snprintf(out + o, size - o, " + usage_details['%s']",
			                      langfuse_keys[i].key);
		else
			o += (size_t)snprintf(out + o, size - o,
			                      " + arrayElement(usage_details.value, "
			                      "indexOf(usage_details.key, '%s'))",
			                      langfuse_keys[i].key);
	}
	if (o < size)
		snprintf(out + o, size - o, ")");
}

/* " AND col >= ... AND col < ...": the days [start, end) of a time column.
 * No upper bound when there is none (9999): DateTime ends in 2106. */
static void time_range(const char *col, const char *start, const char *end, char *out, size_t size)
{
	int n = snprintf(out, size, " AND %s >= toDateTime('%.10s %.8s', 'UTC')", col, start,
	                 start + 11);
	if (strncmp(end, "9999", 4) != 0 && n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, " AND %s < toDateTime('%.10s %.8s', 'UTC')",
		         col, end, end + 11);
}

/* ClickHouse's day number of a time column, whatever the server's zone. */
#define DAY_OF(col) "intDiv(toUInt32(toDateTime(" col ")), 86400)"

static int langfuse_sql(const char *table, const char *start, const char *end, int major, char *sql,
                        size_t size)
{
	char sums[BW_TOKEN_TYPE_COUNT][600], uncached[3000], ok[3000], window[6000], range[200];
	time_range("start_time", start, end, range, sizeof(range));
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		type_sum((bw_token_type)t, major, sums[t], sizeof(sums[t]));
	/* Langfuse's input never includes the cache (its buckets are disjoint). */
	if (bw_ingest__pushdown_rules(0, sums[BW_TOKEN_UNCACHED_INPUT], sums[BW_TOKEN_CACHE_READ],
	                              sums[BW_TOKEN_CACHE_WRITE_5M], sums[BW_TOKEN_CACHE_WRITE_1H],
	                              uncached, ok, window, sizeof(window)) < 0)
		return -1;
	int n = snprintf(
	    sql, size,
	    "SELECT " DAY_OF(
	        "start_time") " AS day, toString(project_id) AS workspace,"
	                      " provided_model_name AS model, '' AS tag, %s AS context_window,"
	                      " sum(%s), sum(%s), sum(%s), sum(%s), sum(%s), count(), 0"
	                      " FROM %s FINAL"
	                      " WHERE type = 'GENERATION' AND is_deleted = 0"
	                      " AND lower(provided_model_name) LIKE '%%claude%%'"
	                      "%s"
	                      " GROUP BY day, workspace, model, context_window"
	                      " ORDER BY day, workspace, model, context_window FORMAT TabSeparated",
	    window, uncached, sums[BW_TOKEN_CACHE_READ], sums[BW_TOKEN_CACHE_WRITE_5M],
	    sums[BW_TOKEN_CACHE_WRITE_1H], sums[BW_TOKEN_OUTPUT], table, range);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int helicone_sql(const char *table, const char *start, const char *end, int major,
                        const char *tag, int includes, char *sql, size_t size)
{
	char uncached[600], ok[600], window[1600], tag_expr[400] = "''", quoted[200], range[200];
	time_range("request_created_at", start, end, range, sizeof(range));
	const char *input = "coalesce(prompt_tokens, 0)",
	           *read = "coalesce(prompt_cache_read_tokens, 0)",
	           *write = "coalesce(prompt_cache_write_tokens, 0)";
	/* Helicone stores Anthropic's input_tokens as prompt_tokens: by default
	 * the input does not include the cache [inferred: docs/ingest.md]. */
	if (bw_ingest__pushdown_rules(includes < 0 ? 0 : includes, input, read, write, "0",
	                              uncached, ok, window, sizeof(window)) < 0)
		return -1;
	if (tag != NULL) {
		if (quote_string(tag, quoted, sizeof(quoted)) < 0)
			return -1;
		if (major >= 21)
			snprintf(tag_expr, sizeof(tag_expr), "properties[%s]", quoted);
		else
			snprintf(tag_expr, sizeof(tag_expr),
			         "arrayElement(properties.value, indexOf(properties.key, %s))",
			         quoted);
	}
	int n = snprintf(
	    sql, size,
	    "SELECT " DAY_OF(
	        "request_created_at") " AS day,"
	                              " toString(organization_id) AS workspace, model, %s AS tag,"
	                              " %s AS context_window, sum(CASE WHEN %s THEN %s ELSE 0 END),"
	                              " sum(CASE WHEN %s THEN %s ELSE 0 END), sum(CASE WHEN %s "
	                              "THEN %s ELSE 0 END),"
	                              " 0, sum(CASE WHEN %s THEN coalesce(completion_tokens, 0) "
	                              "ELSE 0 END),"
	                              " sum(CASE WHEN %s THEN 1 ELSE 0 END), sum(CASE WHEN %s THEN "
	                              "0 ELSE 1 END)"
	                              " FROM %s FINAL"
	                              " WHERE (lower(provider) = 'anthropic' OR lower(model) LIKE "
	                              "'%%claude%%')"
	                              "%s"
	                              " GROUP BY day, workspace, model, tag, context_window"
	                              " ORDER BY day, workspace, model, tag, context_window FORMAT "
	                              "TabSeparated",
	    tag_expr, window, ok, uncached, ok, read, ok, write, ok, ok, ok, table, range);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int bw_ingest__clickhouse_sql(bw_warehouse_schema schema, const char *table, const char *start,
                              const char *end, int major, const char *tag, int includes, char *sql,
                              size_t size)
{
	if (schema == BW_WAREHOUSE_LANGFUSE)
		return langfuse_sql(table, start, end, major, sql, size);
	return helicone_sql(table, start, end, major, tag, includes, sql, size);
}

int bw_ingest__tsv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *w = line, *r = line;
	if (max < 1)
		return 0;
	fields[n++] = w;
	for (; *r; r++) {
		if (*r == '\t') {
			*w++ = '\0';
			if (n == max)
				return n;
			fields[n++] = w;
		} else if (*r == '\\' && r[1]) {
			/* TabSeparated escapes: \t \n \\ \' \0 \b \f \r */
			r++;
			switch (*r) {
			case 't':
				*w++ = '\t';
				break;
			case 'n':
				*w++ = '\n';
				break;
			case 'r':
				*w++ = '\r';
				break;
			case 'b':
				*w++ = '\b';
				break;
			case 'f':
				*w++ = '\f';
				break;
			case '0':
				*w++ = ' ';
				break; /* a NUL cannot live in a C string */
			default:
				*w++ = *r;
				break;
			}
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return n;
}

/* --- HTTP ------------------------------------------------------------------ */

typedef struct {
	char *line;
	size_t len, cap;
	int64_t lines;
	int error;
	int (*on_line)(void *context, char *line, int64_t number);
	void *context;
	char first[300]; /* the start of the body, for the server's error message */
	size_t first_len;
	long status;
	CURL *curl;
} answer;

static size_t on_body(char *data, size_t size, size_t count, void *context)
{
	answer *a = context;
	size_t n = size * count;
	if (a->first_len + 1 < sizeof(a->first)) {
		size_t take = n < sizeof(a->first) - 1 - a->first_len
		                  ? n
		                  : sizeof(a->first) - 1 - a->first_len;
		memcpy(a->first + a->first_len, data, take);
		a->first_len += take;
		a->first[a->first_len] = '\0';
	}
	if (a->status == 0)
		curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, &a->status);
	if (a->status != 200 || a->on_line == NULL)
		return n;
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n') {
			if (a->error == 0) {
				a->line[a->len] = '\0';
				a->error = a->on_line(a->context, a->line, ++a->lines);
			}
			a->len = 0;
			continue;
		}
		if (a->len + 2 > a->cap) {
			size_t next = a->cap ? a->cap * 2 : 4096;
			char *grown = next < ((size_t)1 << 24) ? realloc(a->line, next) : NULL;
			if (grown == NULL) {
				a->error = bw_error_set(BW_ERROR,
				                        "an answer line too long or out of memory");
				return 0;
			}
			a->line = grown;
			a->cap = next;
		}
		a->line[a->len++] = data[i];
	}
	return a->error < 0 ? 0 : n;
}

/* POST 'sql' to the server; each line of a 200 answer to on_line. */
static int post(const char *url, const char *name, const char *sql,
                int (*on_line)(void *, char *, int64_t), void *context)
{
	answer a;
	char error_text[CURL_ERROR_SIZE] = "";
	memset(&a, 0, sizeof(a));
	a.on_line = on_line;
	a.context = context;
	if ((a.curl = curl_easy_init()) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	curl_easy_setopt(a.curl, CURLOPT_URL, url);
	curl_easy_setopt(a.curl, CURLOPT_POSTFIELDS, sql);
	curl_easy_setopt(a.curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(a.curl, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(a.curl, CURLOPT_ERRORBUFFER, error_text);
	curl_easy_setopt(a.curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(a.curl, CURLOPT_CONNECTTIMEOUT, 10L);
	/* Redirects would carry the password elsewhere. */
	curl_easy_setopt(a.curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(a.curl, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode got = curl_easy_perform(a.curl);
	if (a.status == 0)
		curl_easy_getinfo(a.curl, CURLINFO_RESPONSE_CODE, &a.status);
	int error = a.error;
	if (error == 0 && got != CURLE_OK)
		error = bw_error_set(BW_EIO, "%s: %s", name,
		                     error_text[0] ? error_text : curl_easy_strerror(got));
	else if (error == 0 && a.status != 200) {
		char *eol = strchr(a.first, '\n');
		if (eol)
			*eol = '\0';
		error = bw_error_set(BW_EIO, "%s: HTTP %ld: %s", name, a.status, a.first);
	} else if (error == 0 && a.len > 0) {
		error = bw_error_set(BW_EPARSE, "%s: the answer ends inside line %lld", name,
		                     (long long)a.lines + 1);
	}
	free(a.line);
	curl_easy_cleanup(a.curl);
	return error;
}

/* --- the pull --------------------------------------------------------------- */

typedef struct {
	bw_ingest__pushdown *pd;
	bw_warehouse_schema schema;
	const char *name;
	int major;
} pull;

static int on_version(void *context, char *line, int64_t number)
{
	pull *p = context;
	if (number == 1)
		p->major = atoi(line);
	return 0;
}

static int count_field(const pull *p, int64_t line, const char *text, int64_t *out)
{
	const char *reason;
	if (bwx_parse_int64(text, out, &reason) < 0 || *out < 0)
		return bw_error_set(BW_EPARSE,
		                    "%s: answer line %lld: expected a count, got '%.40s'", p->name,
		                    (long long)line, text);
	return 0;
}

static int on_group(void *context, char *line, int64_t number)
{
	pull *p = context;
	char *f[13];
	bw_ingest__group g;

	bw_ingest__pushdown_hash(p->pd, line, strlen(line) + 1);
	/* An error after the answer began comes in the body, under status 200. */
	if (strncmp(line, "Code: ", 6) == 0)
		return bw_error_set(BW_EIO, "%s: %.300s", p->name, line);
	/* day, workspace, model, tag, class, the five token sums, requests, bad rows */
	int n = bw_ingest__tsv_split(line, f, 13);
	if (n != 12)
		return bw_error_set(BW_EPARSE, "%s: answer line %lld: expected 12 fields, got %d",
		                    p->name, (long long)number, n);
	int64_t v[8];
	for (int i = 0; i < 8; i++)
		if (count_field(p, number, i ? f[4 + i] : f[0], &v[i]) < 0)
			return BW_EPARSE;
	memset(&g, 0, sizeof(g));
	g.day = v[0];
	g.workspace = f[1];
	g.model = f[2];
	g.tag = f[3];
	g.window = f[4];
	g.tokens[BW_TOKEN_UNCACHED_INPUT] = v[1];
	g.tokens[BW_TOKEN_CACHE_READ] = v[2];
	g.tokens[BW_TOKEN_CACHE_WRITE_5M] = v[3];
	g.tokens[BW_TOKEN_CACHE_WRITE_1H] = v[4];
	g.tokens[BW_TOKEN_OUTPUT] = v[5];
	g.requests = v[6];
	bw_ingest__pushdown_count(p->pd, 0, v[7]);
	if (g.requests == 0)
		return 0;
	return bw_ingest__pushdown_add(p->pd, &g);
}

int bw_ingest_schema_parse(const char *name, bw_warehouse_schema *out)
{
	static const char *const names[] = {"langfuse", "helicone", "litellm", "litellm-daily"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (bw_warehouse_schema)i;
			return 0;
		}
	return bw_error_set(
	    BW_EUSAGE, "unknown schema '%s': expected langfuse, helicone, litellm or litellm-daily",
	    name);
}

/* A table name as ClickHouse reads it: [db.]name of letters, digits, _. */
static int plain_table(const char *name)
{
	if (name[0] == '\0' || strlen(name) > 120)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/* The URL without its user and password, for messages and the stream. */
static void url_without_secret(const char *url, char *out, size_t size)
{
	const char *scheme = strstr(url, "://");
	const char *host = scheme ? scheme + 3 : url;
	const char *at = strchr(host, '@'), *slash = strchr(host, '/');
	if (at != NULL && (slash == NULL || at < slash))
		snprintf(out, size, "%.*s%s", (int)(host - url), url, at + 1);
	else
		snprintf(out, size, "%s", url);
}

int bw_ingest_clickhouse(bw_store *store, const char *url, bw_warehouse_schema schema,
                         const char *table, const char *since, const char *until,
                         const bw_ingest_options *options, bw_ingest_result *out)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	char start[32], end[32], shown[400], name[700], stream[700];
	char *sql = NULL;
	pull p;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	if (options == NULL)
		options = &defaults;
	if (schema != BW_WAREHOUSE_LANGFUSE && schema != BW_WAREHOUSE_HELICONE)
		return bw_error_set(BW_EUSAGE,
		                    "ClickHouse holds the langfuse and helicone schemas");
	if (table == NULL)
		table = schema == BW_WAREHOUSE_LANGFUSE ? "observations" : "request_response_rmt";
	if (!plain_table(table))
		return bw_error_set(
		    BW_EUSAGE, "table: expected [database.]name of letters, digits and _, got '%s'",
		    table);
	if (schema == BW_WAREHOUSE_LANGFUSE && options->input_includes_cache > 0)
		return bw_error_set(BW_EUSAGE,
		                    "Langfuse's usage_details input never includes the cache");
	if (schema == BW_WAREHOUSE_LANGFUSE && options->tag != NULL)
		return bw_error_set(BW_EUSAGE, "Langfuse's observations carry no tag to group by");
	if ((error = bw_ingest__pushdown_range(since, until, start, end)) < 0)
		return error;
	url_without_secret(url, shown, sizeof(shown));
	snprintf(name, sizeof(name), "%s %s %s..%s", shown, table, since ? since : "start",
	         until ? until : "now");
	snprintf(stream, sizeof(stream), "clickhouse:%s/%s", shown, table);
	p.schema = schema;
	p.name = name;
	/* The server's version picks the query's form (Map or Nested). */
	if ((error = post(url, name, "SELECT version()", on_version, &p)) < 0)
		return error;
	if (p.major <= 0)
		return bw_error_set(BW_EPARSE, "%s: expected the server's version", name);
	if ((sql = malloc(16384)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if (bw_ingest__clickhouse_sql(schema, table, start, end, p.major, options->tag,
	                              options->input_includes_cache, sql, 16384) < 0) {
		free(sql);
		return bw_error_set(BW_EUSAGE, "the tag name is too long");
	}
	if ((error = bw_ingest__pushdown_begin(
	         &p.pd, stream, schema == BW_WAREHOUSE_LANGFUSE ? "langfuse" : "helicone", start,
	         end)) < 0) {
		free(sql);
		return error;
	}
	error = post(url, name, sql, on_group, &p);
	if (error == 0)
		error = bw_ingest__pushdown_store(p.pd, store, name, options->max_errors, out);
	bw_ingest__pushdown_free(p.pd);
	free(sql);
	return error;
}

/*
 * ingest_admin.c: readers of the Anthropic Admin API usage and cost
 * reports (research/anthropic.md §1.2-1.4).
 *
 * Shape of both: {data: [{starting_at, ending_at, results: [row...]}],
 * has_more, next_page}. Unknown keys are ignored, because the API adds
 * fields over time; known keys with the wrong type are errors, with the
 * line and column of the offending value.
 */
#include "admin.h"
#include "cube.h"
#include "timestamp.h"

#include "bandwise/error.h"
#include "date.h"
#include "jsonpos.h"
#include "jsonread.h"
#include "vec.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	bwx_jsonread json; /* the file's name and text, the segment and path being read */
	bw_ingest__admin_parsed *out;
} reader;

/* The usage row's token fields, in bw_token_type order. */
static const char *const token_keys[BW_TOKEN_TYPE_COUNT] = {
    "uncached_input_tokens",
    "ephemeral_5m_input_tokens",
    "ephemeral_1h_input_tokens",
    "cache_read_input_tokens",
    "output_tokens",
};

/* Set a parse error at the reader's current path (plus 'key' when not
 * NULL): "ORIGIN:LINE:COL: data[0].results[1].output_tokens: expected X,
 * got Y". 'got' may be NULL for a missing value. */
static int reader_error(reader *r, const char *key, const char *expected, json_t *got)
{
	return bwx_jsonread_error_got(&r->json, key, expected, got);
}

/* A dimension: a string (copied), or null / absent (""). */
static int read_dim(reader *r, json_t *row, const char *key, char *out, size_t size)
{
	json_t *value = json_object_get(row, key);
	out[0] = '\0';
	if (value == NULL || json_is_null(value))
		return 0;
	if (!json_is_string(value))
		return reader_error(r, key, "a string (or null)", value);
	if (json_string_length(value) >= size) {
		/* Cut, two names that differ after the limit would merge. */
		char expected[96];
		snprintf(expected, sizeof(expected),
		         "a string of at most %zu bytes (this one has %zu)", size - 1,
		         json_string_length(value));
		return bwx_jsonread_error(&r->json, key, expected);
	}
	memcpy(out, json_string_value(value), json_string_length(value) + 1);
	return 0;
}

/* A count: a non-negative integer; absent or null counts as 0. */
static int read_count(reader *r, json_t *obj, const char *key, int64_t *out)
{
	json_t *value = json_object_get(obj, key);
	*out = 0;
	if (value == NULL || json_is_null(value))
		return 0;
	/* The bound is the request readers' (cube.h): a report row sums many
	 * requests, but a day of one dimension past 1e15 tokens is corrupt. */
	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    json_integer_value(value) > BW_INGEST__TOKENS_MAX)
		return reader_error(r, key, "a whole number of tokens from 0 to 1e15", value);
	*out = json_integer_value(value);
	return 0;
}

/*
 * RFC 3339 in UTC into "YYYY-MM-DDTHH:MM:SSZ". Accepts fractional seconds
 * and "+00:00"; other offsets are refused rather than converted, because
 * the API only emits UTC and a shifted bucket would land on another day.
 */
static int normalize_time(const char *text, char out[BW_USAGE_TIME_MAX])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = strlen(text), i;

	if (n < 20)
		return -1;
	for (i = 0; i < 19; i++)
		if (shape[i] == 'd' ? (text[i] < '0' || text[i] > '9') : text[i] != shape[i])
			return -1;
	if (text[i] == '.') {
		for (i++; i < n && text[i] >= '0' && text[i] <= '9'; i++)
			;
	}
	if (!(strcmp(text + i, "Z") == 0 || strcmp(text + i, "+00:00") == 0))
		return -1;
	bwx_time t; /* the shape is the API's; the values are checked by the one RFC 3339 parser */
	if (bwx_time_parse(text, &t) < 0 || !bw_ingest__time_believable(t.epoch_s))
		return -1;
	snprintf(out, BW_USAGE_TIME_MAX, "%.19sZ", text);
	return 0;
}

static int read_time(reader *r, json_t *bucket, const char *key, char out[BW_USAGE_TIME_MAX])
{
	json_t *value = json_object_get(bucket, key);
	if (!json_is_string(value) || normalize_time(json_string_value(value), out) < 0)
		return reader_error(r, key,
		                    "an RFC 3339 UTC time between 2000 and 2100 such as "
		                    "\"2025-10-16T00:00:00Z\"",
		                    value);
	return 0;
}

/*
 * Parse "123.45" cents into micro-cents exactly: an optional '-', digits,
 * and up to six decimals (more only when they are zeros). No exponents:
 * the API sends decimal strings precisely so that no float touches money.
 */
static int parse_cents(const char *text, int64_t *out)
{
	const char *p = text;
	int negative = 0;
	int64_t whole = 0, fraction = 0;
	int digits = 0, decimals = 0;

	if (*p == '-') {
		negative = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (whole > (INT64_MAX / 1000000 - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (decimals < 6)
				fraction = fraction * 10 + (*p - '0');
			else if (*p != '0')
				return -1;
			decimals++;
		}
		if (decimals == 0)
			return -1;
	}
	if (*p != '\0' || digits == 0)
		return -1;
	for (int d = decimals < 6 ? decimals : 6; d < 6; d++)
		fraction *= 10;
	*out = (whole * 1000000 + fraction) * (negative ? -1 : 1);
	return 0;
}

static int row_is_cost(json_t *row)
{
	return json_object_get(row, "amount") != NULL;
}

static int row_is_usage(json_t *row)
{
	return json_object_get(row, "uncached_input_tokens") != NULL ||
	       json_object_get(row, "output_tokens") != NULL ||
	       json_object_get(row, "cache_read_input_tokens") != NULL ||
	       json_object_get(row, "cache_creation") != NULL;
}

static int read_usage_row(reader *r, json_t *row, const char *start, const char *end)
{
	bw_usage_row u;
	json_t *cache, *tools;
	int error;

	memset(&u, 0, sizeof(u));
	memcpy(u.bucket_start, start, BW_USAGE_TIME_MAX);
	memcpy(u.bucket_end, end, BW_USAGE_TIME_MAX);
	if ((error = read_dim(r, row, "model", u.model, sizeof(u.model))) < 0 ||
	    (error = read_dim(r, row, "workspace_id", u.workspace_id, sizeof(u.workspace_id))) <
	        0 ||
	    (error = read_dim(r, row, "api_key_id", u.api_key_id, sizeof(u.api_key_id))) < 0 ||
	    (error = read_dim(r, row, "account_id", u.account_id, sizeof(u.account_id))) < 0 ||
	    (error = read_dim(r, row, "service_account_id", u.service_account_id,
	                      sizeof(u.service_account_id))) < 0 ||
	    (error = read_dim(r, row, "service_tier", u.service_tier, sizeof(u.service_tier))) <
	        0 ||
	    (error = read_dim(r, row, "context_window", u.context_window,
	                      sizeof(u.context_window))) < 0 ||
	    (error = read_dim(r, row, "inference_geo", u.inference_geo, sizeof(u.inference_geo))) <
	        0 ||
	    (error = read_dim(r, row, "speed", u.speed, sizeof(u.speed))) < 0 ||
	    (error = read_count(r, row, token_keys[BW_TOKEN_UNCACHED_INPUT],
	                        &u.tokens[BW_TOKEN_UNCACHED_INPUT])) < 0 ||
	    (error = read_count(r, row, token_keys[BW_TOKEN_CACHE_READ],
	                        &u.tokens[BW_TOKEN_CACHE_READ])) < 0 ||
	    (error = read_count(r, row, token_keys[BW_TOKEN_OUTPUT], &u.tokens[BW_TOKEN_OUTPUT])) <
	        0)
		return error;
	cache = json_object_get(row, "cache_creation");
	if (cache != NULL && !json_is_null(cache)) {
		if (!json_is_object(cache))
			return reader_error(r, "cache_creation", "an object with the 5m/1h split",
			                    cache);
		bwx_jsonpos_key(&r->json.path, "cache_creation");
		if ((error = read_count(r, cache, token_keys[BW_TOKEN_CACHE_WRITE_5M],
		                        &u.tokens[BW_TOKEN_CACHE_WRITE_5M])) < 0 ||
		    (error = read_count(r, cache, token_keys[BW_TOKEN_CACHE_WRITE_1H],
		                        &u.tokens[BW_TOKEN_CACHE_WRITE_1H])) < 0)
			return error;
		bwx_jsonpos_pop(&r->json.path);
	} else if ((error = read_count(r, row, "cache_creation_input_tokens",
	                               &u.tokens[BW_TOKEN_CACHE_WRITE_5M])) < 0) {
		/* Older shapes carry one unsplit count: 5 minutes is the
		 * default TTL, so it is read as 5-minute writes. */
		return error;
	}
	tools = json_object_get(row, "server_tool_use");
	if (tools != NULL && !json_is_null(tools)) {
		if (!json_is_object(tools))
			return reader_error(r, "server_tool_use", "an object", tools);
		bwx_jsonpos_key(&r->json.path, "server_tool_use");
		if ((error = read_count(r, tools, "web_search_requests", &u.web_search_requests)) <
		    0)
			return error;
		bwx_jsonpos_pop(&r->json.path);
	}
	return bw_usage_rows_push(&r->out->usage, &u);
}

static int read_cost_row(reader *r, json_t *row, const char *start, const char *end)
{
	bw_ingest__admin_parsed *out = r->out;
	bw_cost_row c;
	json_t *amount = json_object_get(row, "amount");
	int error;

	memset(&c, 0, sizeof(c));
	memcpy(c.bucket_start, start, BW_USAGE_TIME_MAX);
	memcpy(c.bucket_end, end, BW_USAGE_TIME_MAX);
	if (!json_is_string(amount) ||
	    parse_cents(json_string_value(amount), &c.amount_microcents) < 0)
		return reader_error(
		    r, "amount",
		    "a decimal string in cents such as \"123.45\" (at most 6 decimals)", amount);
	/* The Analytics API's cost rows also carry the amount before discount;
	 * the Admin API's do not, and a row without one is stored without. */
	json_t *list_amount = json_object_get(row, "list_amount");
	if (list_amount != NULL && !json_is_null(list_amount)) {
		if (!json_is_string(list_amount) ||
		    parse_cents(json_string_value(list_amount), &c.list_amount_microcents) < 0)
			return reader_error(
			    r, "list_amount",
			    "a decimal string in cents such as \"123.45\" (at most 6 "
			    "decimals)",
			    list_amount);
		c.has_list_amount = 1;
	}
	if ((error = read_dim(r, row, "currency", c.currency, sizeof(c.currency))) < 0 ||
	    (error = read_dim(r, row, "workspace_id", c.workspace_id, sizeof(c.workspace_id))) <
	        0 ||
	    (error = read_dim(r, row, "description", c.description, sizeof(c.description))) < 0 ||
	    (error = read_dim(r, row, "cost_type", c.cost_type, sizeof(c.cost_type))) < 0 ||
	    (error = read_dim(r, row, "model", c.model, sizeof(c.model))) < 0 ||
	    (error = read_dim(r, row, "token_type", c.token_type, sizeof(c.token_type))) < 0 ||
	    (error = read_dim(r, row, "service_tier", c.service_tier, sizeof(c.service_tier))) <
	        0 ||
	    (error = read_dim(r, row, "context_window", c.context_window,
	                      sizeof(c.context_window))) < 0 ||
	    (error = read_dim(r, row, "inference_geo", c.inference_geo, sizeof(c.inference_geo))) <
	        0)
		return error;
	if (c.currency[0] == '\0')
		snprintf(c.currency, sizeof(c.currency), "USD");
	if (strcmp(c.currency, "USD") != 0)
		return reader_error(r, "currency", "\"USD\" (other currencies are not mixed in)",
		                    json_object_get(row, "currency"));
	if ((error = bwx_vec_grow((void **)&out->costs, &out->cost_capacity, out->cost_count,
	                          sizeof(*out->costs))) < 0)
		return error;
	out->costs[out->cost_count++] = c;
	return 0;
}

static int add_bucket(bw_ingest__admin_parsed *out, const char *start, const char *end)
{
	/* Pages come in time order, so a repeat is usually the last one. */
	for (size_t i = out->bucket_count; i > 0 && i + 8 > out->bucket_count; i--)
		if (strcmp(out->bucket_bounds[i - 1][0], start) == 0 &&
		    strcmp(out->bucket_bounds[i - 1][1], end) == 0)
			return 0;
	int error;
	if ((error = bwx_vec_grow((void **)&out->bucket_bounds, &out->bucket_capacity,
	                          out->bucket_count, sizeof(*out->bucket_bounds))) < 0)
		return error;
	memcpy(out->bucket_bounds[out->bucket_count][0], start, BW_USAGE_TIME_MAX);
	memcpy(out->bucket_bounds[out->bucket_count][1], end, BW_USAGE_TIME_MAX);
	out->bucket_count++;
	return 0;
}

static int read_row(reader *r, json_t *row, const char *start, const char *end)
{
	bw_ingest__admin_parsed *out = r->out;
	if (!json_is_object(row))
		return reader_error(r, NULL, "a result row (an object)", row);
	if (out->format == BW_INGEST_AUTO) {
		if (row_is_cost(row))
			out->format = BW_INGEST_COST_REPORT;
		else if (row_is_usage(row))
			out->format = BW_INGEST_USAGE_REPORT;
		else
			return reader_error(
			    r, NULL,
			    "a usage_report row (token counts) or a cost_report row "
			    "(amount); use --format to say which",
			    row);
	}
	if (out->format == BW_INGEST_COST_REPORT) {
		if (!row_is_cost(row))
			return reader_error(r, "amount", "a cost_report row with an amount", NULL);
		return read_cost_row(r, row, start, end);
	}
	if (row_is_cost(row))
		return reader_error(r, "amount",
		                    "a usage_report row; this row has an amount, so the file looks "
		                    "like a cost report (use --format cost-report or auto)",
		                    json_object_get(row, "amount"));
	return read_usage_row(r, row, start, end);
}

static int read_page(reader *r, json_t *page)
{
	json_t *data = json_object_get(page, "data");
	int error;

	if (!json_is_object(page))
		return reader_error(r, NULL, "an Admin API response object {\"data\": [...], ...}",
		                    page);
	if (!json_is_array(data))
		return reader_error(
		    r, "data",
		    "an array of buckets: is this an Admin API usage_report/messages "
		    "or cost_report response? (use --format to force one)",
		    data);
	r->out->pages++;
	bwx_jsonpos_key(&r->json.path, "data");
	for (size_t b = 0; b < json_array_size(data); b++) {
		json_t *bucket = json_array_get(data, b), *results;
		char start[BW_USAGE_TIME_MAX], end[BW_USAGE_TIME_MAX];

		bwx_jsonpos_index(&r->json.path, b);
		if (!json_is_object(bucket))
			return reader_error(r, NULL, "a bucket object", bucket);
		if ((error = read_time(r, bucket, "starting_at", start)) < 0 ||
		    (error = read_time(r, bucket, "ending_at", end)) < 0)
			return error;
		if (strcmp(end, start) <= 0)
			return reader_error(r, "ending_at", "a time after starting_at",
			                    json_object_get(bucket, "ending_at"));
		results = json_object_get(bucket, "results");
		if (!json_is_array(results))
			return reader_error(r, "results", "an array of rows (possibly empty)",
			                    results);
		r->out->buckets++;
		if ((error = add_bucket(r->out, start, end)) < 0)
			return error;
		bwx_jsonpos_key(&r->json.path, "results");
		for (size_t i = 0; i < json_array_size(results); i++) {
			bwx_jsonpos_index(&r->json.path, i);
			if ((error = read_row(r, json_array_get(results, i), start, end)) < 0)
				return error;
			bwx_jsonpos_pop(&r->json.path);
		}
		bwx_jsonpos_pop(&r->json.path); /* results */
		bwx_jsonpos_pop(&r->json.path); /* [b] */
	}
	bwx_jsonpos_pop(&r->json.path);
	return 0;
}

/* One JSON document: a page, or an array of pages. */
static int read_document(reader *r, json_t *doc)
{
	int error;
	if (!json_is_array(doc))
		return read_page(r, doc);
	for (size_t i = 0; i < json_array_size(doc); i++) {
		bwx_jsonpos_index(&r->json.path, i);
		if ((error = read_page(r, json_array_get(doc, i))) < 0)
			return error;
		bwx_jsonpos_pop(&r->json.path);
	}
	return 0;
}

static int syntax_error(const char *origin, const char *text, size_t base, const json_error_t *e)
{
	int line, column;
	/* jansson's position is a byte offset into the parsed segment. */
	bwx_jsonpos_line_column(text, base + (size_t)(e->position > 0 ? e->position : 0), &line,
	                        &column);
	if (base == 0) {
		line = e->line > 0 ? e->line : line;
		column = e->column > 0 ? e->column : column;
	}
	return bw_error_set(BW_EPARSE, "%s:%d:%d: invalid JSON: %s", origin, line, column, e->text);
}

/* Several documents in a row: JSONL (one response per line) or responses
 * simply concatenated. jansson reads one value at a time and says how many
 * bytes it used. */
static int read_sequence(reader *r)
{
	const char *text = r->json.text;
	size_t len = r->json.segment_len, at = 0;
	int error;

	for (;;) {
		json_error_t jerr;
		json_t *doc;
		while (at < len && strchr(" \t\r\n", text[at]) != NULL)
			at++;
		if (at == len)
			return 0;
		doc = json_loadb(text + at, len - at,
		                 JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &jerr);
		if (doc == NULL)
			return syntax_error(r->json.origin, text, at, &jerr);
		r->json.segment = text + at;
		r->json.segment_len = (size_t)jerr.position;
		r->json.path.depth = 0;
		error = read_document(r, doc);
		json_decref(doc);
		if (error < 0)
			return error;
		at += (size_t)jerr.position;
		r->json.segment_len = len;
	}
}

static int parse_text(const char *origin, const char *text, size_t len,
                      bw_ingest__admin_parsed *parsed)
{
	reader r;
	json_error_t jerr;
	json_t *doc;
	int error;

	bwx_jsonread_init(&r.json, origin, text, len);
	r.out = parsed;
	if (strspn(text, " \t\r\n") == len)
		return bw_error_set(BW_EPARSE,
		                    "%s:1:1: the file is empty; expected an Admin API "
		                    "usage_report or cost_report response",
		                    origin);
	if (strlen(text) != len)
		return bw_error_set(BW_EPARSE, "%s: byte %zu: a NUL byte; expected JSON text",
		                    origin, strlen(text));
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		/* Several documents (JSONL, or concatenated). Anything else is
		 * a syntax error at jansson's position. */
		if (strstr(jerr.text, "end of file expected") == NULL)
			return syntax_error(origin, text, 0, &jerr);
		error = read_sequence(&r);
	} else {
		error = read_document(&r, doc);
		json_decref(doc);
	}
	if (error == 0 && parsed->format == BW_INGEST_AUTO)
		parsed->format = BW_INGEST_USAGE_REPORT; /* only empty buckets */
	return error;
}

int bw_ingest__admin_parse(const char *origin, const char *text, size_t len,
                           bw_ingest_format format, bw_ingest__admin_parsed *parsed)
{
	/* The readers treat the text as a C string (positions, line scans):
	 * work on a terminated copy, since a caller's buffer need not be. */
	char *copy = malloc(len + 1);
	int error;

	memset(parsed, 0, sizeof(*parsed));
	parsed->format = format;
	if (copy == NULL)
		return bw_error_set(BW_ERROR, "%s: out of memory", origin);
	memcpy(copy, text, len);
	copy[len] = '\0';
	error = parse_text(origin, copy, len, parsed);
	free(copy);
	return error;
}

void bw_ingest__admin_parsed_dispose(bw_ingest__admin_parsed *parsed)
{
	if (parsed == NULL)
		return;
	bw_usage_rows_dispose(&parsed->usage);
	free(parsed->costs);
	free(parsed->bucket_bounds);
	memset(parsed, 0, sizeof(*parsed));
}

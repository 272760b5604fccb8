/*
 * pull.c: the Admin API's usage and cost reports over HTTP (libcurl),
 * page by page into the store.
 *
 * Why each page is stored before the next is fetched: a pull of a year of
 * hourly buckets is hundreds of pages, and a failure at page 200 should
 * cost one page, not the whole run. The page goes through bw_ingest_buffer
 * (the same reader, checks and upserts as a saved file), then its cursor
 * is recorded; a crash between the two re-fetches a page that upserts onto
 * itself.
 *
 * The key: it lives in one curl header list, is wiped when the pull ends,
 * and every message that could hold text from the server is checked for it.
 */
#include "bandwise/pull.h"

#include "bandwise/error.h"
#include "bandwise/ingest.h"
#include "bandwise/version.h"
#include "date.h"
#include "pull_guard.h"
#include "vec.h"
#include "visible.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_BASE_URL "https://api.anthropic.com"
#define API_VERSION      "2023-06-01"
#define BODY_MAX         ((size_t)256 << 20)
#define BACKOFF_CAP_MS   60000L
/* No wait is ever longer than an hour, whatever the options say: the
 * doubling below then stays far from overflow. */
#define WAIT_LIMIT_MS 3600000L
/* A page's headers are a few hundred bytes; more than this is refused
 * (libcurl itself stops a single header line at 100 KB). */
#define HEADER_MAX ((size_t)64 << 10)
/* Pages of one report in one run (a year of hourly buckets is 53 pages):
 * a server that never stops paging stops here. */
#define DEFAULT_MAX_PAGES 10000L

typedef struct {
	char *data;
	size_t len, cap;
	int too_big;
} body;

typedef struct {
	CURL *curl;
	struct curl_slist *headers;
	const bw_pull_options *options;
	const char *key;
	bw_pull_result *result;
	long retry_after_ms; /* of the last answer; -1 when absent */
	size_t header_bytes; /* of the last answer */
	int header_too_big;
	int headers_done; /* the blank line after the headers came */
	int analytics;    /* the Analytics API, not the Admin API */
} session;

/* Never let the key out through text that came from elsewhere. */
static void redact(char *text, const char *key)
{
	bw_ingest__redact(text, key);
}

/* The log line, with the key masked and control characters shown (it
 * holds the server's words). */
static void say(const session *s, const char *format, ...)
{
	char message[512], shown[1024];
	va_list args;
	if (s->options->log == NULL)
		return;
	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	redact(message, s->key);
	s->options->log(s->options->log_context, bwx_visible(shown, sizeof(shown), message, 0));
}

/* The last error message again with the key masked: a reader's message
 * may quote the server's answer. Returns 'error'. */
static int redact_last_error(int error, const char *key)
{
	char message[1024];
	snprintf(message, sizeof(message), "%s", bw_error_last());
	redact(message, key);
	return bw_error_set(error, "%s", message);
}

/* The length of the longest piece of key[0, m) that starts text[i] (any
 * case). */
static size_t key_run(const char *text, size_t n, size_t i, const char *key, size_t m)
{
	size_t best = 0;
	for (size_t j = 0; j < m; j++) {
		size_t l = 0;
		while (i + l < n && j + l < m &&
		       tolower((unsigned char)text[i + l]) == tolower((unsigned char)key[j + l]))
			l++;
		if (l > best)
			best = l;
	}
	return best;
}

void bw_ingest__redact(char *text, const char *key)
{
	size_t n = strlen(text), m = strlen(key);
	size_t run = m < BW_PULL_REDACT_RUN ? m : BW_PULL_REDACT_RUN;
	if (m == 0)
		return;
	for (size_t i = 0; i < n;) {
		size_t l = key_run(text, n, i, key, m);
		if (l >= run) {
			memset(text + i, '*', l);
			i += l;
		} else {
			i++;
		}
	}
}

int bw_ingest__holds_key(const char *text, size_t len, const char *key)
{
	size_t m = strlen(key);
	size_t run = m < BW_PULL_HOLD_RUN ? m : BW_PULL_HOLD_RUN;
	if (m == 0)
		return 0;
	for (size_t i = 0; i + run <= len; i++)
		if (key_run(text, len, i, key, m) >= run)
			return 1;
	return 0;
}

long bw_ingest__retry_after_ms(const char *value, time_t now, long cap_ms)
{
	const char *p = value;
	while (*p == ' ' || *p == '\t')
		p++;
	if (isdigit((unsigned char)*p)) {
		/* Saturating: once past the cap, more digits change nothing. */
		long cap_s = cap_ms / 1000 + 1, seconds = 0;
		for (; isdigit((unsigned char)*p); p++)
			if (seconds < cap_s)
				seconds = seconds * 10 + (*p - '0');
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p != '\0')
			return -1;
		return seconds >= cap_s || seconds * 1000 > cap_ms ? cap_ms : seconds * 1000;
	}
	/* An HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"), read by libcurl. */
	char date[128];
	size_t n = strcspn(p, "\r\n");
	if (n == 0 || n >= sizeof(date))
		return -1;
	memcpy(date, p, n);
	date[n] = '\0';
	time_t when = curl_getdate(date, NULL);
	if (when == (time_t)-1)
		return -1;
	if (when <= now)
		return 0;
	if ((double)(when - now) * 1000 > (double)cap_ms)
		return cap_ms;
	return (long)(when - now) * 1000;
}

static size_t on_body(char *data, size_t size, size_t count, void *context)
{
	body *b = context;
	size_t n = size * count;
	if (b->len + n + 1 > BODY_MAX) {
		b->too_big = 1;
		return 0; /* makes curl fail the transfer */
	}
	if (b->len + n + 1 > b->cap &&
	    bwx_vec_reserve((void **)&b->data, &b->cap,
	                    b->len + n + 1 > 65536 ? b->len + n + 1 : 65536, 1) < 0)
		return 0; /* out of memory: makes curl fail the transfer */
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t count, void *context)
{
	session *s = context;
	size_t n = size * count;
	static const char name[] = "retry-after:";
	s->header_bytes += n;
	if (n <= 2 && (data[0] == '\r' || data[0] == '\n'))
		s->headers_done = 1;
	if (s->header_bytes > HEADER_MAX) {
		s->header_too_big = 1;
		return 0; /* makes curl fail the transfer */
	}
	if (n > sizeof(name) - 1 && n < 256 && strncasecmp(data, name, sizeof(name) - 1) == 0) {
		char value[256];
		memcpy(value, data + sizeof(name) - 1, n - (sizeof(name) - 1));
		value[n - (sizeof(name) - 1)] = '\0';
		s->retry_after_ms =
		    bw_ingest__retry_after_ms(value, time(NULL), s->options->max_wait_ms);
	}
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* The API's own words for a failed request: error.message of its JSON. */
static void api_message(const body *b, char *out, size_t size)
{
	json_t *root = b->data ? json_loadb(b->data, b->len, 0, NULL) : NULL;
	json_t *message = json_object_get(json_object_get(root, "error"), "message");
	if (json_is_string(message))
		snprintf(out, size, ": %s", json_string_value(message));
	else
		out[0] = '\0';
	json_decref(root);
}

/*
 * GET path?query into b, retrying what a retry can fix. 'what' names the
 * request in messages ("usage_report page 3"). Returns 0 with a 200 body,
 * or BW_EIO.
 */
static int get(session *s, const char *url, const char *what, body *b)
{
	long cap_ms = s->options->max_wait_ms;
	long wait_ms = s->options->backoff_ms < cap_ms ? s->options->backoff_ms : cap_ms;
	char error_text[CURL_ERROR_SIZE];

	for (int attempt = 0;; attempt++) {
		long status = 0;
		b->len = 0;
		b->too_big = 0;
		if (b->data)
			b->data[0] = '\0';
		s->retry_after_ms = -1;
		s->header_bytes = 0;
		s->header_too_big = 0;
		s->headers_done = 0;
		error_text[0] = '\0';
		curl_easy_setopt(s->curl, CURLOPT_URL, url);
		curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, b);
		curl_easy_setopt(s->curl, CURLOPT_HEADERDATA, s);
		curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, error_text);
		CURLcode rc = curl_easy_perform(s->curl);
		if (rc == CURLE_OK)
			curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
		if (rc == CURLE_OK && status == 200)
			return 0;

		char reason[400], detail[300] = "";
		int retryable;
		if (rc != CURLE_OK) {
			if (b->too_big)
				return bw_error_set(BW_EIO, "%s: the answer is larger than %zu MB",
				                    what, BODY_MAX >> 20);
			/* Our limit, or libcurl's on one header line, which it reports
			 * as running out of memory: in the middle of the headers, after
			 * the status line, that is what it means. */
			if (s->header_too_big ||
			    (rc == CURLE_OUT_OF_MEMORY && s->header_bytes > 0 && !s->headers_done))
				return bw_error_set(
				    BW_EIO, "%s: response header too large (more than %zu KB)",
				    what, HEADER_MAX >> 10);
			snprintf(reason, sizeof(reason), "%s",
			         error_text[0] ? error_text : curl_easy_strerror(rc));
			retryable =
			    1; /* timeouts, refused or dropped connections, truncated bodies */
		} else {
			api_message(b, detail, sizeof(detail));
			snprintf(reason, sizeof(reason), "HTTP %ld%s", status, detail);
			retryable = status == 429 || status >= 500;
		}
		redact(reason, s->key);
		if (!retryable || attempt >= s->options->max_retries) {
			const char *hint =
			    status == 401 || status == 403
			        ? (s->analytics
			               ? " (is ANTHROPIC_ANALYTICS_KEY an Analytics API key "
			                 "with read:analytics? an Admin key is refused here)"
			               : " (is ANTHROPIC_ADMIN_KEY an Admin API key, "
			                 "sk-ant-admin01-...?)")
			        : "";
			return bw_error_set(BW_EIO, "%s: %s%s%s", what, reason, hint,
			                    retryable ? ", still failing after the retries" : "");
		}
		long ms = s->retry_after_ms >= 0 ? s->retry_after_ms : wait_ms;
		if (ms > cap_ms)
			ms = cap_ms;
		say(s, "%s: %s, retry %d of %d in %.1f s%s", what, reason, attempt + 1,
		    s->options->max_retries, (double)ms / 1000,
		    s->retry_after_ms >= 0 ? " (retry-after)" : "");
		s->result->retries++;
		sleep_ms(ms);
		/* Both at most WAIT_LIMIT_MS: the doubling cannot overflow. */
		wait_ms = wait_ms > cap_ms / 2 ? cap_ms : wait_ms * 2;
	}
}

/* "YYYY-MM-DD" or RFC 3339 into RFC 3339 (a real date and time, checked by
 * bwx_time_parse); -1 when neither. */
static int normalize_time(const char *in, char *out, size_t size)
{
	size_t n = strlen(in);
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)in[i]) || strchr("-:.+Z", in[i])))
			return -1; /* it goes into a URL as it is */
	bwx_time t;
	if (bwx_time_parse(in, &t) < 0)
		return -1;
	if (n == 10 && in[4] == '-' && in[7] == '-')
		snprintf(out, size, "%sT00:00:00Z", in);
	else if (n >= 20 && in[10] == 'T')
		snprintf(out, size, "%s", in);
	else
		return -1;
	return 0;
}

/* Escape a page cursor for a query string. */
static void url_escape(const char *in, char *out, size_t size)
{
	static const char hexdigits[] = "0123456789ABCDEF";
	size_t o = 0;
	for (; *in && o + 4 < size; in++) {
		unsigned char c = (unsigned char)*in;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hexdigits[c >> 4];
			out[o++] = hexdigits[c & 15];
		}
	}
	out[o] = '\0';
}

/*
 * Where in 'value' (a JSON path, into where[size]) a string or a name holds
 * the key; 0 when none does. A server that echoes the key back (as a
 * workspace_id, a cursor) must not get it stored or sent again.
 */
static int json_holds_key(const json_t *value, const char *key, char *where, size_t size)
{
	size_t used = strlen(where);
	if (json_is_string(value))
		return bw_ingest__holds_key(json_string_value(value), json_string_length(value),
		                            key);
	if (json_is_array(value)) {
		size_t i;
		const json_t *item;
		json_array_foreach(value, i, item)
		{
			snprintf(where + used, size - used, "[%zu]", i);
			if (json_holds_key(item, key, where, size))
				return 1;
		}
	} else if (json_is_object(value)) {
		const char *name;
		const json_t *item;
		json_object_foreach((json_t *)value, name, item)
		{
			int named = bw_ingest__holds_key(name, strlen(name), key);
			snprintf(where + used, size - used, "%s%s", used ? "." : "",
			         named ? "(a name)" : name);
			if (named || json_holds_key(item, key, where, size))
				return 1;
		}
	}
	where[used] = '\0';
	return 0;
}

int bw_ingest__pull_holds_key(const char *data, size_t len, const char *key, char *where,
                              size_t size)
{
	where[0] = '\0';
	json_t *root = json_loadb(data, len, 0, NULL);
	int holds =
	    root ? json_holds_key(root, key, where, size) : bw_ingest__holds_key(data, len, key);
	json_decref(root);
	return holds;
}

int bw_ingest__pull_next_page(const char *data, size_t len, const char *what, char *cursor,
                              size_t size)
{
	/* JSON_ALLOW_NUL: a cursor with "\u0000" is refused by name below. */
	json_t *root = json_loadb(data, len, JSON_ALLOW_NUL, NULL);
	json_t *more = json_object_get(root, "has_more"),
	       *next = json_object_get(root, "next_page");
	int has_more = json_is_true(more) && json_is_string(next) && json_string_length(next) > 0;
	int result = has_more;

	cursor[0] = '\0';
	if (has_more && json_string_length(next) >= size)
		result = bw_error_set(BW_EPARSE,
		                      "%s: a next_page cursor of %zu bytes, longer than expected",
		                      what, json_string_length(next));
	else if (has_more && strlen(json_string_value(next)) != json_string_length(next))
		result =
		    bw_error_set(BW_EPARSE, "%s: a next_page cursor that holds a NUL byte", what);
	else if (has_more)
		memcpy(cursor, json_string_value(next), json_string_length(next) + 1);
	json_decref(root);
	return result;
}

/* get(), then refuse an answer that holds the key anywhere: nothing of it
 * is stored, and its cursor is never sent. */
static int get_page(session *s, const char *url, const char *what, body *b)
{
	int error = get(s, url, what, b);
	if (error < 0)
		return error;
	char where[256];
	int holds = bw_ingest__pull_holds_key(b->data, b->len, s->key, where, sizeof(where));
	if (holds)
		return bw_error_set(BW_EIO,
		                    "%s: the answer holds the %s key%s%s (the server echoes "
		                    "it): nothing of it is stored",
		                    what, s->analytics ? "analytics" : "admin",
		                    where[0] ? " in " : "", where);
	return 0;
}

/* 1 when 'cursor' is among seen[0, count). */
static int seen_before(char *const *seen, size_t count, const char *cursor)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(seen[i], cursor) == 0)
			return 1;
	return 0;
}

/* One report, every page, from where an earlier run stopped. */
static int pull_report(session *s, bw_store *store, const char *path, const char *name,
                       const char *query, bw_ingest_format format)
{
	char cursor[1024] = "", escaped[3200], url[8192], what[1200];
	int64_t page = 0, fetched = 0;
	body b = {NULL, 0, 0, 0};
	int error = 0;
	/* Every cursor of this run: one that comes back would page for ever. */
	char **seen = NULL;
	size_t seen_count = 0, seen_cap = 0;

	int found = bw_store_pull_cursor_get(store, path, query, cursor, sizeof(cursor), &page);
	if (found < 0)
		return found;
	if (found) {
		s->result->resumed_at += page;
		say(s, "%s: resuming after page %lld, where an earlier pull stopped", name,
		    (long long)page);
	}
	for (;;) {
		page++;
		url_escape(cursor, escaped, sizeof(escaped));
		snprintf(url, sizeof(url), "%s%s?%s%s%s", s->options->base_url, path, query,
		         cursor[0] ? "&page=" : "", escaped);
		snprintf(what, sizeof(what), "%s page %lld (%s%s)", name, (long long)page,
		         s->options->base_url, path);
		if ((error = get_page(s, url, what, &b)) < 0)
			break;

		/* The page as the provenance names it: the request, never the key. */
		char origin[512];
		snprintf(origin, sizeof(origin), "%s%s?%s%s%.200s", s->options->base_url, path,
		         query, cursor[0] ? "&page=" : "", escaped);
		bw_ingest_result r;
		error = bw_ingest_buffer(store, origin, b.data, b.len, format, &r);
		for (int retry = 0; error == BW_EPARSE && retry < s->options->max_retries;
		     retry++) {
			/* A body cut short by a proxy reads as bad JSON: fetch it again. */
			say(s, "%s: the answer is not a complete report (%s), fetching it again",
			    what, bw_error_last());
			s->result->retries++;
			sleep_ms(s->options->backoff_ms < s->options->max_wait_ms
			             ? s->options->backoff_ms
			             : s->options->max_wait_ms);
			if ((error = get_page(s, url, what, &b)) < 0)
				break;
			error = bw_ingest_buffer(store, origin, b.data, b.len, format, &r);
		}
		if (error < 0) {
			error = redact_last_error(error, s->key);
			break;
		}
		fetched++;
		s->result->pages++;
		s->result->usage_rows += r.usage_rows;
		s->result->cost_rows += r.cost_rows;

		char next[sizeof(cursor)];
		int has_more = bw_ingest__pull_next_page(b.data, b.len, what, next, sizeof(next));
		if ((error = has_more) < 0)
			break;
		if (has_more) {
			if ((cursor[0] && strcmp(cursor, next) == 0) ||
			    seen_before(seen, seen_count, next)) {
				redact(next, s->key); /* it is quoted: no piece of the key */
				error = bw_error_set(
				    BW_EIO,
				    "%s: the server sent next_page '%.60s' again, a cursor seen "
				    "before in this run: paging would never end, so the pull stops "
				    "here",
				    what, next);
				break;
			}
			if (cursor[0]) {
				if ((error = bwx_vec_grow((void **)&seen, &seen_cap, seen_count,
				                          sizeof(*seen))) < 0)
					break;
				if ((seen[seen_count] = strdup(cursor)) == NULL) {
					error = bw_error_set(BW_ERROR, "out of memory");
					break;
				}
				seen_count++;
			}
			snprintf(cursor, sizeof(cursor), "%s", next);
		}
		say(s, "%s: %lld buckets, %lld rows stored", what, (long long)r.buckets,
		    (long long)(r.usage_rows + r.cost_rows));
		if ((error = bw_store_pull_cursor_set(store, path, query, has_more ? cursor : NULL,
		                                      page)) < 0)
			break;
		if (!has_more)
			break;
		if (fetched >= s->options->max_pages) {
			error =
			    bw_error_set(BW_EIO,
			                 "%s: stopped after %lld pages, the most one run fetches "
			                 "(max_pages): run the same pull again to go on",
			                 name, (long long)fetched);
			break;
		}
	}
	for (size_t i = 0; i < seen_count; i++)
		free(seen[i]);
	free(seen);
	free(b.data);
	return error;
}

/* Where the Analytics API's data begins, and the longest range one of
 * its requests may ask (research/anthropic.md section 1.6). */
#define ANALYTICS_FIRST_DAY  "2026-01-01T00:00:00Z"
#define ANALYTICS_WINDOW_MAX ((int64_t)31 * 86400)

/*
 * The Analytics API's usage and cost reports over [since, until) in
 * windows of at most 31 days, each its own resumable query. The last
 * window without 'until' has no ending_at, so its query (and so its
 * resume point) is the same from one run to the next.
 */
static int pull_analytics(session *s, bw_store *store, const char *since, const char *until)
{
	const bw_pull_options *o = s->options;
	bwx_time from, to = {0};
	int error = 0;

	bwx_time_parse(since, &from);
	if (until[0])
		bwx_time_parse(until, &to);
	for (int64_t start = from.epoch_s; error == 0;) {
		char start_text[BWX_TIME_SIZE], end_text[64] = "", query[1024];
		int64_t end = start + ANALYTICS_WINDOW_MAX;
		int last = until[0] ? end >= to.epoch_s : end > (int64_t)time(NULL);
		bwx_time_format(start, start_text);
		if (!last)
			bwx_time_format(end, end_text);
		else if (until[0])
			snprintf(end_text, sizeof(end_text), "%s", until);
		if (o->usage) {
			snprintf(query, sizeof(query),
			         "starting_at=%s%s%s&bucket_width=%s&limit=%d"
			         "&group_by%%5B%%5D=model&group_by%%5B%%5D=context_window"
			         "&group_by%%5B%%5D=inference_geo&group_by%%5B%%5D=speed",
			         start_text, end_text[0] ? "&ending_at=" : "", end_text,
			         o->bucket_width, strcmp(o->bucket_width, "1h") == 0 ? 168 : 31);
			error =
			    pull_report(s, store, "/v1/organizations/analytics/usage_report",
			                "analytics usage_report", query, BW_INGEST_USAGE_REPORT);
		}
		if (error == 0 && o->cost) {
			snprintf(query, sizeof(query),
			         "starting_at=%s%s%s&bucket_width=1d&limit=31"
			         "&group_by%%5B%%5D=model&group_by%%5B%%5D=cost_type"
			         "&group_by%%5B%%5D=token_type&group_by%%5B%%5D=context_window"
			         "&group_by%%5B%%5D=inference_geo",
			         start_text, end_text[0] ? "&ending_at=" : "", end_text);
			error = pull_report(s, store, "/v1/organizations/analytics/cost_report",
			                    "analytics cost_report", query, BW_INGEST_COST_REPORT);
		}
		if (last)
			break;
		start = end;
	}
	return error;
}

int bw_pull(bw_store *store, const bw_pull_options *in, bw_pull_result *out)
{
	bw_pull_options options = *in;
	char since[64], until[64] = "", usage_query[1024], cost_query[512], header[600];
	session s;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (options.admin_key == NULL || options.admin_key[0] == '\0')
		return bw_error_set(BW_EUSAGE,
		                    "no admin key: set ANTHROPIC_ADMIN_KEY or give admin_key");
	if (options.since == NULL || normalize_time(options.since, since, sizeof(since)) < 0)
		return bw_error_set(BW_EUSAGE,
		                    "since: expected YYYY-MM-DD or an RFC 3339 UTC time, got '%s'",
		                    options.since ? options.since : "");
	if (options.until != NULL && normalize_time(options.until, until, sizeof(until)) < 0)
		return bw_error_set(BW_EUSAGE,
		                    "until: expected YYYY-MM-DD or an RFC 3339 UTC time, got '%s'",
		                    options.until);
	if (until[0] && strcmp(until, since) <= 0)
		return bw_error_set(BW_EUSAGE, "until %s is not after since %s", until, since);
	if (options.bucket_width == NULL)
		options.bucket_width = "1d";
	if (strcmp(options.bucket_width, "1d") != 0 && strcmp(options.bucket_width, "1h") != 0)
		return bw_error_set(BW_EUSAGE, "bucket_width: expected 1d or 1h, got '%s'",
		                    options.bucket_width);
	if (options.api == NULL)
		options.api = "admin";
	if (strcmp(options.api, "admin") != 0 && strcmp(options.api, "analytics") != 0)
		return bw_error_set(BW_EUSAGE, "api: expected admin or analytics, got '%s'",
		                    options.api);
	bwx_time since_time, first_time;
	bwx_time_parse(since, &since_time);
	bwx_time_parse(ANALYTICS_FIRST_DAY, &first_time);
	/* Compared as instants: since may carry a zone offset. */
	if (strcmp(options.api, "analytics") == 0 && since_time.epoch_s < first_time.epoch_s)
		return bw_error_set(BW_EUSAGE, "since %s: the Analytics API has no data before %s",
		                    since, ANALYTICS_FIRST_DAY);
	if (options.base_url == NULL)
		options.base_url = DEFAULT_BASE_URL;
	if (strncmp(options.base_url, "https://", 8) != 0 &&
	    strncmp(options.base_url, "http://", 7) != 0)
		return bw_error_set(BW_EUSAGE,
		                    "base_url: expected an http:// or https:// URL, got '%s'",
		                    options.base_url);
	if (!options.usage && !options.cost)
		options.usage = options.cost = 1;
	if (options.connect_timeout_s <= 0)
		options.connect_timeout_s = 10;
	if (options.timeout_s <= 0)
		options.timeout_s = 120;
	if (options.max_retries < 0)
		options.max_retries = 5;
	if (options.backoff_ms < 0)
		options.backoff_ms = 1000;
	if (options.max_wait_ms <= 0)
		options.max_wait_ms = BACKOFF_CAP_MS;
	if (options.max_wait_ms > WAIT_LIMIT_MS)
		options.max_wait_ms = WAIT_LIMIT_MS;
	if (options.max_pages <= 0)
		options.max_pages = DEFAULT_MAX_PAGES;
	if (strchr(options.admin_key, '\n') || strchr(options.admin_key, '\r'))
		return bw_error_set(BW_EUSAGE,
		                    "the admin key holds a line break: check the key file");

	/* Every dimension the endpoint groups by, so nothing is summed away.
	 * speed needs its beta header, sent below. */
	snprintf(usage_query, sizeof(usage_query),
	         "starting_at=%s%s%s&bucket_width=%s&limit=%d"
	         "&group_by%%5B%%5D=model&group_by%%5B%%5D=workspace_id&group_by%%5B%%5D=api_key_id"
	         "&group_by%%5B%%5D=account_id&group_by%%5B%%5D=service_account_id"
	         "&group_by%%5B%%5D=service_tier&group_by%%5B%%5D=context_window"
	         "&group_by%%5B%%5D=inference_geo&group_by%%5B%%5D=speed",
	         since, until[0] ? "&ending_at=" : "", until, options.bucket_width,
	         strcmp(options.bucket_width, "1h") == 0 ? 168 : 31);
	snprintf(cost_query, sizeof(cost_query),
	         "starting_at=%s%s%s&bucket_width=1d&limit=31&group_by%%5B%%5D=workspace_id"
	         "&group_by%%5B%%5D=description",
	         since, until[0] ? "&ending_at=" : "", until);

	memset(&s, 0, sizeof(s));
	s.options = &options;
	s.key = options.admin_key;
	s.result = out;
	if ((s.curl = curl_easy_init()) == NULL)
		return bw_error_set(BW_ERROR, "cannot start libcurl");
	snprintf(header, sizeof(header), "x-api-key: %s", options.admin_key);
	struct curl_slist *h = curl_slist_append(NULL, header);
	explicit_bzero(header, sizeof(header));
	h = h ? curl_slist_append(h, "anthropic-version: " API_VERSION) : NULL;
	h = h ? curl_slist_append(h, "anthropic-beta: fast-mode-2026-02-01") : NULL;
	h = h ? curl_slist_append(h, "accept: application/json") : NULL;
	if (h == NULL) {
		curl_easy_cleanup(s.curl);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	s.headers = h;
	char agent[64];
	snprintf(agent, sizeof(agent), "bandwise/%s", bw_version());
	curl_easy_setopt(s.curl, CURLOPT_HTTPHEADER, s.headers);
	curl_easy_setopt(s.curl, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(s.curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(s.curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(s.curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
	curl_easy_setopt(s.curl, CURLOPT_TIMEOUT, options.timeout_s);
	curl_easy_setopt(s.curl, CURLOPT_NOSIGNAL, 1L);
	/* A redirect would carry the key to another host: never follow one. */
	curl_easy_setopt(s.curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(s.curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s.curl, CURLOPT_ACCEPT_ENCODING, "");

	s.analytics = strcmp(options.api, "analytics") == 0;
	if (s.analytics)
		error = pull_analytics(&s, store, since, until);
	else if (options.usage)
		error = pull_report(&s, store, "/v1/organizations/usage_report/messages",
		                    "usage_report", usage_query, BW_INGEST_USAGE_REPORT);
	if (error == 0 && !s.analytics && options.cost)
		error = pull_report(&s, store, "/v1/organizations/cost_report", "cost_report",
		                    cost_query, BW_INGEST_COST_REPORT);

	/* Wipe the header that held the key before freeing it. */
	for (struct curl_slist *i = s.headers; i != NULL; i = i->next)
		explicit_bzero(i->data, strlen(i->data));
	curl_slist_free_all(s.headers);
	curl_easy_cleanup(s.curl);
	return error;
}

int bw_pull_key_load(const char *key_file, char **out)
{
	return bw_pull_key_load_for("admin", key_file, out);
}

int bw_pull_key_load_for(const char *api, const char *key_file, char **out)
{
	int analytics = api != NULL && strcmp(api, "analytics") == 0;
	const char *variable = analytics ? "ANTHROPIC_ANALYTICS_KEY" : "ANTHROPIC_ADMIN_KEY";
	const char *kind = analytics ? "analytics" : "admin";
	*out = NULL;
	if (key_file == NULL) {
		const char *env = getenv(variable);
		if (env == NULL || env[0] == '\0')
			return bw_error_set(
			    BW_EUSAGE,
			    "no %s key: set %s or give key_file (a file only you can read)", kind,
			    variable);
		if ((*out = strdup(env)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		return 0;
	}
	struct stat st;
	if (stat(key_file, &st) != 0)
		return bw_error_set(BW_EIO, "%s: %s", key_file, strerror(errno));
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return bw_error_set(
		    BW_EUSAGE,
		    "%s: readable by others (mode %03o): an %s key file must be private "
		    "(chmod 600 %s)",
		    key_file, (unsigned)(st.st_mode & 0777), kind, key_file);
	FILE *in = fopen(key_file, "r");
	char line[512];
	if (in == NULL)
		return bw_error_set(BW_EIO, "%s: %s", key_file, strerror(errno));
	if (fgets(line, sizeof(line), in) == NULL) {
		fclose(in);
		return bw_error_set(BW_EUSAGE, "%s: empty: expected the %s key on its first line",
		                    key_file, kind);
	}
	fclose(in);
	line[strcspn(line, "\r\n")] = '\0';
	*out = strdup(line);
	explicit_bzero(line, sizeof(line));
	if (*out == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if ((*out)[0] == '\0') {
		free(*out);
		*out = NULL;
		return bw_error_set(BW_EUSAGE, "%s: empty: expected the %s key on its first line",
		                    key_file, kind);
	}
	return 0;
}

void bw_pull_key_free(char *key)
{
	if (key == NULL)
		return;
	explicit_bzero(key, strlen(key));
	free(key);
}

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
#include "vec.h"

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
	long retry_after_s; /* of the last answer; -1 when absent */
} session;

static void say(const session *s, const char *format, ...)
{
	char message[512];
	va_list args;
	if (s->options->log == NULL)
		return;
	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	s->options->log(s->options->log_context, message);
}

/* Never let the key out through text that came from elsewhere. */
static void redact(char *text, const char *key)
{
	size_t n = strlen(key);
	char *at;
	if (n < 8)
		return;
	while ((at = strstr(text, key)) != NULL)
		memset(at, '*', n);
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
	if (n > sizeof(name) - 1 && strncasecmp(data, name, sizeof(name) - 1) == 0) {
		const char *p = data + sizeof(name) - 1;
		while (*p == ' ' || *p == '\t')
			p++;
		/* Seconds; the HTTP-date form is left to our own backoff. */
		if (isdigit((unsigned char)*p))
			s->retry_after_s = strtol(p, NULL, 10);
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
	long wait_ms = s->options->backoff_ms;
	char error_text[CURL_ERROR_SIZE];

	for (int attempt = 0;; attempt++) {
		long status = 0;
		b->len = 0;
		b->too_big = 0;
		if (b->data)
			b->data[0] = '\0';
		s->retry_after_s = -1;
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
			        ? " (is ANTHROPIC_ADMIN_KEY an Admin API key, sk-ant-admin01-...?)"
			        : "";
			return bw_error_set(BW_EIO, "%s: %s%s%s", what, reason, hint,
			                    retryable ? ", still failing after the retries" : "");
		}
		long ms = s->retry_after_s >= 0 ? s->retry_after_s * 1000 : wait_ms;
		if (ms > BACKOFF_CAP_MS)
			ms = BACKOFF_CAP_MS;
		say(s, "%s: %s, retry %d of %d in %.1f s%s", what, reason, attempt + 1,
		    s->options->max_retries, (double)ms / 1000,
		    s->retry_after_s >= 0 ? " (retry-after)" : "");
		s->result->retries++;
		sleep_ms(ms);
		wait_ms = wait_ms * 2 > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : wait_ms * 2;
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

/* One report, every page, from where an earlier run stopped. */
static int pull_report(session *s, bw_store *store, const char *path, const char *name,
                       const char *query, bw_ingest_format format)
{
	char cursor[1024] = "", escaped[3200], url[8192], what[1200];
	int64_t page = 0;
	body b = {NULL, 0, 0, 0};
	int error = 0;

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
		if ((error = get(s, url, what, &b)) < 0)
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
			sleep_ms(s->options->backoff_ms);
			if ((error = get(s, url, what, &b)) < 0)
				break;
			error = bw_ingest_buffer(store, origin, b.data, b.len, format, &r);
		}
		if (error < 0)
			break;
		s->result->pages++;
		s->result->usage_rows += r.usage_rows;
		s->result->cost_rows += r.cost_rows;

		json_t *root = json_loadb(b.data, b.len, 0, NULL);
		json_t *more = json_object_get(root, "has_more"),
		       *next = json_object_get(root, "next_page");
		int has_more =
		    json_is_true(more) && json_is_string(next) && json_string_length(next) > 0;
		if (has_more) {
			if (json_string_length(next) >= sizeof(cursor)) {
				json_decref(root);
				error = bw_error_set(
				    BW_EPARSE,
				    "%s: a next_page cursor of %zu bytes, longer than expected",
				    what, json_string_length(next));
				break;
			}
			snprintf(cursor, sizeof(cursor), "%s", json_string_value(next));
		}
		json_decref(root);
		say(s, "%s: %lld buckets, %lld rows stored", what, (long long)r.buckets,
		    (long long)(r.usage_rows + r.cost_rows));
		if ((error = bw_store_pull_cursor_set(store, path, query, has_more ? cursor : NULL,
		                                      page)) < 0)
			break;
		if (!has_more)
			break;
	}
	free(b.data);
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

	if (options.usage)
		error = pull_report(&s, store, "/v1/organizations/usage_report/messages",
		                    "usage_report", usage_query, BW_INGEST_USAGE_REPORT);
	if (error == 0 && options.cost)
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
	*out = NULL;
	if (key_file == NULL) {
		const char *env = getenv("ANTHROPIC_ADMIN_KEY");
		if (env == NULL || env[0] == '\0')
			return bw_error_set(
			    BW_EUSAGE, "no admin key: set ANTHROPIC_ADMIN_KEY or give key_file "
			               "(a file only you can read)");
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
		    "%s: readable by others (mode %03o): an admin key file must be private "
		    "(chmod 600 %s)",
		    key_file, (unsigned)(st.st_mode & 0777), key_file);
	FILE *in = fopen(key_file, "r");
	char line[512];
	if (in == NULL)
		return bw_error_set(BW_EIO, "%s: %s", key_file, strerror(errno));
	if (fgets(line, sizeof(line), in) == NULL) {
		fclose(in);
		return bw_error_set(
		    BW_EUSAGE, "%s: empty: expected the admin key on its first line", key_file);
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
		return bw_error_set(
		    BW_EUSAGE, "%s: empty: expected the admin key on its first line", key_file);
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

/*
 * bandwise/pull.h: fetching usage and cost straight from the Anthropic
 * Admin API (GET /v1/organizations/usage_report/messages and
 * /v1/organizations/cost_report) into the store.
 *
 * Every page is stored as it arrives, through the same reader and the same
 * idempotent upserts as `bandwise ingest`; the cursor of the next page is
 * recorded after each one, so a pull that was interrupted goes on from
 * there when run again. 429 and 5xx answers, dropped connections and
 * truncated bodies are retried with exponential backoff that honours
 * retry-after. The admin key is sent in one header and nowhere else: it is
 * never printed, logged, stored or put into an error message.
 *
 * With api "analytics" the same is done for the Usage and Cost Analytics
 * API (/v1/organizations/analytics/usage_report and cost_report) with an
 * Analytics key, kept the same way.
 */
#ifndef BANDWISE_PULL_H
#define BANDWISE_PULL_H

#include "bandwise/store.h"

#include <stdint.h>

typedef struct {
	const char *base_url;     /* default "https://api.anthropic.com" */
	const char *admin_key;    /* sk-ant-admin01-...: required */
	const char *since;        /* YYYY-MM-DD or RFC 3339 UTC: required */
	const char *until;        /* exclusive; NULL: up to now */
	const char *bucket_width; /* "1d" (default) or "1h" (usage only; cost is daily) */
	int usage, cost;          /* which reports (both when both are 0) */
	long connect_timeout_s;   /* default 10 */
	long timeout_s;           /* a whole request, default 120 */
	int max_retries;          /* default 5 */
	long backoff_ms; /* first wait without retry-after, doubled each retry (default 1000) */
	/* Told about each page stored and each retry ("usage_report page 3: HTTP 429, retrying in 2
	 * s"); never given the key. May be NULL. */
	void (*log)(void *context, const char *message);
	void *log_context;
	/* The longest wait before a retry, retry-after included (a larger or
	 * unreadably large retry-after waits this long); 0: 60000; at most an
	 * hour. */
	long max_wait_ms;
	/* Pages of one report one run fetches (0: 10000); past them the pull
	 * stops with BW_EIO, and the next run goes on from there. */
	long max_pages;
	/* "admin" (default: the Admin API's usage_report and cost_report) or
	 * "analytics" (the Usage and Cost Analytics API under
	 * /v1/organizations/analytics/, with an Analytics key in admin_key:
	 * its cost rows carry list_amount, and a range longer than 31 days is
	 * fetched as 31-day windows, the most one request may ask). */
	const char *api;
} bw_pull_options;

#define BW_PULL_OPTIONS_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, -1, -1, NULL, NULL, 0, 0, NULL           \
	}

typedef struct {
	int64_t pages;      /* pages fetched and stored by this run */
	int64_t resumed_at; /* pages an earlier, interrupted run had stored (0: started afresh) */
	int64_t usage_rows;
	int64_t cost_rows;
	int64_t retries;
} bw_pull_result;

/*
 * Pull the reports of 'options' into 'store'. Returns 0, BW_EUSAGE (bad
 * options), BW_EIO (the network or the API failed after the retries;
 * the message says which URL path, which status and what the API said),
 * or BW_EPARSE (a page that stayed malformed). Also BW_EIO, with nothing
 * of that page stored, for a server that repeats a next_page cursor seen
 * before in the run, that sends a response header over 64 KB, or that
 * echoes the admin key in an answer; and after max_pages pages of one
 * report. Pages stored before an error stay stored, and the next run
 * resumes after them. Every message has the key masked: any run of 8 or
 * more of its characters, in any case.
 */
int bw_pull(bw_store *store, const bw_pull_options *options, bw_pull_result *out);

/*
 * The admin key from the environment variable ANTHROPIC_ADMIN_KEY, or from
 * 'key_file' when not NULL; a key file readable by group or others is
 * refused. On success *out is a malloc'd string (wipe and free it with
 * bw_pull_key_free). Returns 0, BW_EUSAGE or BW_EIO.
 */
int bw_pull_key_load(const char *key_file, char **out);

/* The same for 'api' ("admin", or "analytics": ANTHROPIC_ANALYTICS_KEY). */
int bw_pull_key_load_for(const char *api, const char *key_file, char **out);
void bw_pull_key_free(char *key);

#endif

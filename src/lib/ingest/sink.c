/*
 * sink.c: where request records end: summed into the day cube while a
 * source is read, then, once the whole source has been read and
 * fingerprinted, stored in one transaction. A killed ingest therefore
 * leaves the store as it was, and the same bytes ingested again are
 * recognised and not counted twice.
 */
#include "sink.h"

#include "bandwise/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bw_ingest__sink_add(void *context, record *r)
{
	sink *s = context;
	int got = bw_ingest__cube_add_record(&s->days, r, s->options->input_includes_cache, s->why,
	                                     s->why_size);
	if (got < 0)
		return got;
	s->requests++;
	return 1;
}

int bw_ingest__sink_add_texts(sink *s, const record *r, const record_text texts[T_COUNT])
{
	int got = bw_ingest__cube_add_texts(&s->days, r, texts, s->options->input_includes_cache,
	                                    s->why, s->why_size);
	if (got < 0)
		return got;
	s->requests++;
	return 1;
}

static int check_other_kind(bw_store *store, const char *path, const cube *c)
{
	char start[BW_USAGE_TIME_MAX], end[BW_USAGE_TIME_MAX], found_start[BW_USAGE_TIME_MAX],
	    found_source[512];
	int64_t *days = NULL;
	size_t n = bw_ingest__cube_days(c, &days);
	int error = 0;

	if (days == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* The whole span first (one query instead of one a day): only a span
	 * that has report rows is looked at day by day, for the message. */
	if (n > 0) {
		int64_t lo = days[0], hi = days[0];
		for (size_t i = 1; i < n; i++) {
			lo = days[i] < lo ? days[i] : lo;
			hi = days[i] > hi ? days[i] : hi;
		}
		char ignored[BW_USAGE_TIME_MAX];
		bw_ingest__day_bounds(lo, start, ignored);
		bw_ingest__day_bounds(hi, ignored, end);
		int hit = bw_store_find_other_kind(store, start, end, 1, found_start, found_source);
		if (hit <= 0)
			n = 0; /* none (or an error, returned below) */
		error = hit < 0 ? hit : 0;
	}
	for (size_t i = 0; i < n && error == 0; i++) {
		bw_ingest__day_bounds(days[i], start, end);
		int hit = bw_store_find_other_kind(store, start, end, 1, found_start, found_source);
		if (hit < 0)
			error = hit;
		else if (hit)
			error = bw_error_set(
			    BW_EUSAGE,
			    "%s: the day %.10s already has usage from the Admin API report %s; "
			    "adding request logs would double count. Keep one kind of source "
			    "per period (or use a new --db)",
			    path, start, found_source);
	}
	free(days);
	return error;
}

/* One transaction: the provenance, then every day row. 'stream' and the
 * replaced range [replace_start, replace_end) are for database sources
 * (NULL for files, whose stream is their fingerprint). */
static int store_days(bw_store *store, const char *path, const char *format, const char *sha,
                      const cube *days, int64_t requests, const char *stream,
                      const char *replace_start, const char *replace_end)
{
	bw_store_source source;
	int error;

	memset(&source, 0, sizeof(source));
	snprintf(source.name, sizeof(source.name), "%s", path);
	snprintf(source.sha256_hex, sizeof(source.sha256_hex), "%s", sha);
	snprintf(source.format, sizeof(source.format), "%s", format);
	source.request_level = 1;
	if (stream != NULL)
		snprintf(source.stream, sizeof(source.stream), "%s", stream);
	if ((error = bw_store_batch_begin(store, &source)) != 0)
		return error; /* 1: stored meanwhile by another process */
	if (replace_start != NULL &&
	    (error = bw_store_batch_replace_days(store, replace_start, replace_end)) < 0) {
		bw_store_batch_rollback(store);
		return error;
	}
	for (size_t i = 0; i < days->capacity; i++) {
		if (days->slots[i].key == NULL)
			continue;
		bw_usage_row row;
		bw_ingest__cell_to_row(&days->slots[i], &row);
		if ((error = bw_store_batch_add_usage(store, &row)) < 0) {
			bw_store_batch_rollback(store);
			return error;
		}
	}
	return bw_store_batch_commit_requests(store, (int64_t)days->count, 0, requests);
}

/*
 * The end every request source shares: what was read into *out, then,
 * unless a source with out->sha256_hex is stored already, one transaction
 * (stream and [start, end): as store_days).
 */
int bw_ingest__sink_store(bw_store *store, const char *name, const sink *sk, const char *stream,
                          const char *start, const char *end, bw_ingest_result *out)
{
	int64_t *day_list = NULL;
	int seen, error;

	out->requests = sk->requests;
	out->usage_rows = (int64_t)sk->days.count;
	out->buckets = (int64_t)bw_ingest__cube_days(&sk->days, &day_list);
	free(day_list);
	if ((seen = bw_store_find_source(store, out->sha256_hex, NULL)) < 0)
		return seen;
	if (seen) {
		out->already_ingested = 1;
		return 0;
	}
	if ((error = check_other_kind(store, name, &sk->days)) < 0)
		return error;
	error = store_days(store, name, out->format, out->sha256_hex, &sk->days, sk->requests,
	                   stream, start, end);
	if (error == 1) { /* another bandwise stored the same bytes first */
		out->already_ingested = 1;
		error = 0;
	}
	return error;
}

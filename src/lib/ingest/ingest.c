/*
 * ingest.c: one file into the store: read, fingerprint, parse, check,
 * then write in one transaction.
 *
 * The order matters: everything that can fail on bad input (parsing, the
 * overlap check) happens before the first write, and the write itself is
 * one transaction, so a bad file or a crash leaves the store as it was.
 */
#include "bandwise/ingest.h"

#include "bandwise/error.h"
#include "fileio.h"
#include "admin.h"
#include "detect.h"
#include "format.h"
#include "requests.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sha256_hex(const char *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Refuse buckets that overlap stored buckets of another width: hourly and
 * daily rows of the same day would both be summed. */
static int check_overlaps(bw_store *store, const char *origin,
                          const bw_ingest__admin_parsed *parsed)
{
	char found_start[BW_USAGE_TIME_MAX], found_end[BW_USAGE_TIME_MAX], found_source[512];
	int hit;

	if (parsed->format != BW_INGEST_USAGE_REPORT || parsed->bucket_count == 0)
		return 0;
	/* One look at the file's whole span first: a new period (the usual
	 * case) has nothing stored in it, and two queries a bucket were a
	 * fifth of the demo's time. Only a span with stored rows is checked
	 * bucket by bucket, for the message that names the bucket. */
	const char *first = parsed->bucket_bounds[0][0], *last = parsed->bucket_bounds[0][1];
	for (size_t i = 1; i < parsed->bucket_count; i++) {
		if (strcmp(parsed->bucket_bounds[i][0], first) < 0)
			first = parsed->bucket_bounds[i][0];
		if (strcmp(parsed->bucket_bounds[i][1], last) > 0)
			last = parsed->bucket_bounds[i][1];
	}
	hit = bw_store_has_usage(store, first, last);
	if (hit <= 0)
		return hit;
	for (size_t i = 0; i < parsed->bucket_count; i++) {
		hit = bw_store_find_other_kind(store, parsed->bucket_bounds[i][0],
		                               parsed->bucket_bounds[i][1], 0, found_start,
		                               found_source);
		if (hit < 0)
			return hit;
		if (hit)
			return bw_error_set(
			    BW_EUSAGE,
			    "%s: bucket %s..%s overlaps usage summed from the request log %s; "
			    "adding the report would double count. Keep one kind of source per "
			    "period (or use a new --db)",
			    origin, parsed->bucket_bounds[i][0], parsed->bucket_bounds[i][1],
			    found_source);
		hit = bw_store_find_overlap(store, parsed->bucket_bounds[i][0],
		                            parsed->bucket_bounds[i][1], found_start, found_end);
		if (hit < 0)
			return hit;
		if (hit)
			return bw_error_set(
			    BW_EUSAGE,
			    "%s: bucket %s..%s overlaps the stored bucket %s..%s of "
			    "another width; summing both would double count. Ingest "
			    "reports of one bucket width per period (or use a new --db)",
			    origin, parsed->bucket_bounds[i][0], parsed->bucket_bounds[i][1],
			    found_start, found_end);
	}
	return 0;
}

static int write_parsed(bw_store *store, const char *origin, const char *sha,
                        const bw_ingest__admin_parsed *parsed)
{
	bw_store_source source;
	int error;

	memset(&source, 0, sizeof(source));
	snprintf(source.name, sizeof(source.name), "%s", origin);
	snprintf(source.sha256_hex, sizeof(source.sha256_hex), "%s", sha);
	snprintf(source.format, sizeof(source.format), "%s", bw_ingest_format_name(parsed->format));
	if ((error = bw_store_batch_begin(store, &source)) != 0)
		return error; /* 1: stored meanwhile by another process */
	for (size_t i = 0; i < parsed->usage.count; i++)
		if ((error = bw_store_batch_add_usage(store, &parsed->usage.items[i])) < 0)
			goto fail;
	for (size_t i = 0; i < parsed->cost_count; i++)
		if ((error = bw_store_batch_add_cost(store, &parsed->costs[i])) < 0)
			goto fail;
	return bw_store_batch_commit(store, (int64_t)parsed->usage.count,
	                             (int64_t)parsed->cost_count);
fail:
	bw_store_batch_rollback(store);
	return error;
}

int bw_ingest_buffer(bw_store *store, const char *origin, const char *data, size_t len,
                     bw_ingest_format format, bw_ingest_result *out)
{
	bw_ingest__admin_parsed parsed;
	int error, seen;

	memset(out, 0, sizeof(*out));
	memset(&parsed, 0, sizeof(parsed));
	if (bw_ingest__format_is_requests(format))
		return bw_error_set(
		    BW_EUSAGE,
		    "%s: request logs (%s) are streamed from files: use bw_ingest_file_with",
		    origin, bw_ingest_format_name(format));
	sha256_hex(data, len, out->sha256_hex);
	if ((seen = bw_store_find_source(store, out->sha256_hex, NULL)) < 0)
		return seen;
	if ((error = bw_ingest__admin_parse(origin, data, len, format, &parsed)) < 0)
		goto done;
	snprintf(out->format, sizeof(out->format), "%s", bw_ingest_format_name(parsed.format));
	out->pages = parsed.pages;
	out->buckets = parsed.buckets;
	out->usage_rows = (int64_t)parsed.usage.count;
	out->cost_rows = (int64_t)parsed.cost_count;
	if (seen) {
		/* The same bytes again: every row would upsert onto itself. */
		out->already_ingested = 1;
		goto done;
	}
	if ((error = check_overlaps(store, origin, &parsed)) < 0 ||
	    (error = write_parsed(store, origin, out->sha256_hex, &parsed)) < 0)
		goto done;
	if (error == 1) { /* another bandwise stored the same bytes first */
		out->already_ingested = 1;
		error = 0;
	}
done:
	bw_ingest__admin_parsed_dispose(&parsed);
	return error;
}

int bw_ingest_file(bw_store *store, const char *path, bw_ingest_format format,
                   bw_ingest_result *out)
{
	return bw_ingest_file_with(store, path, format, NULL, out);
}

int bw_ingest_file_with(bw_store *store, const char *path, bw_ingest_format format,
                        const bw_ingest_options *options, bw_ingest_result *out)
{
	bwx_stream *stream = NULL;
	char *data = NULL;
	size_t len = 0;
	int error;

	memset(out, 0, sizeof(*out));
	/* Opened once and read once: standard input and named pipes cannot be
	 * opened again after the format was told from their start. */
	if ((error = bwx_stream_open(&stream, path)) < 0)
		return error;
	/* Request logs can be far larger than memory: look at the start only. */
	if (format == BW_INGEST_AUTO &&
	    (error = bw_ingest__detect(stream, path, options, &format)) < 0)
		goto done;
	if (bw_ingest__format_is_requests(format)) {
		error = bw_ingest__requests_ingest(store, path, stream, format, options, out);
		goto done;
	}
	if ((error = bwx_stream_read_all(stream, path, &data, &len)) < 0)
		goto done;
	error = bw_ingest_buffer(store, path, data, len, format, out);
done:
	free(data);
	bwx_stream_close(stream);
	return error;
}

int bw_ingest_file_sha256(const char *path, char out_hex[65])
{
	char *data = NULL;
	size_t len = 0;
	int error;

	out_hex[0] = '\0';
	if ((error = bwx_file_read(path, &data, &len)) < 0)
		return error;
	sha256_hex(data, len, out_hex);
	free(data);
	return 0;
}

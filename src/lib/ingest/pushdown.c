/*
 * pushdown.c: the cube a warehouse summed, read back and stored as one
 * source; the per-row SQL of the rules the file readers apply per record.
 */
#include "pushdown.h"

#include "bandwise/error.h"
#include "date.h"
#include "sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct bw_ingest__pushdown {
	sink sk;
	XXH3_state_t *hash;
	char stream[512], format[32], start[32], end[32];
	int64_t skipped, rejected;
	char why[64];
};

static const bw_ingest_options default_options = BW_INGEST_OPTIONS_INIT;

int bw_ingest__pushdown_begin(bw_ingest__pushdown **out, const char *stream, const char *format,
                              const char *start, const char *end)
{
	bw_ingest__pushdown *pd = calloc(1, sizeof(*pd));
	*out = NULL;
	if (pd == NULL || (pd->hash = XXH3_createState()) == NULL ||
	    XXH3_128bits_reset(pd->hash) != XXH_OK) {
		bw_ingest__pushdown_free(pd);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	pd->sk.options = &default_options;
	pd->sk.why = pd->why;
	pd->sk.why_size = sizeof(pd->why);
	snprintf(pd->stream, sizeof(pd->stream), "%s", stream);
	snprintf(pd->format, sizeof(pd->format), "%s", format);
	snprintf(pd->start, sizeof(pd->start), "%s", start);
	snprintf(pd->end, sizeof(pd->end), "%s", end);
	/* The fingerprint covers the table, the range and the whole answer. */
	XXH3_128bits_update(pd->hash, pd->stream, strlen(pd->stream) + 1);
	XXH3_128bits_update(pd->hash, pd->start, strlen(pd->start) + 1);
	XXH3_128bits_update(pd->hash, pd->end, strlen(pd->end) + 1);
	*out = pd;
	return 0;
}

void bw_ingest__pushdown_hash(bw_ingest__pushdown *pd, const void *data, size_t len)
{
	XXH3_128bits_update(pd->hash, data, len);
}

int bw_ingest__pushdown_add(bw_ingest__pushdown *pd, const bw_ingest__group *g)
{
	const char *dims[DIM_COUNT];
	const char *model = g->model;
	/* LiteLLM and gateways name models "anthropic/claude-..." in places. */
	if (strncmp(model, "anthropic/", 10) == 0)
		model += 10;
	dims[DIM_MODEL] = model;
	dims[DIM_WORKSPACE] = g->workspace ? g->workspace : "";
	dims[DIM_API_KEY] = g->api_key ? g->api_key : "";
	dims[DIM_TIER] = g->tier && g->tier[0] ? g->tier : "standard";
	dims[DIM_WINDOW] = g->window ? g->window : "";
	dims[DIM_GEO] = "";
	dims[DIM_SPEED] = "";
	dims[DIM_TAG] = g->tag ? g->tag : "";
	pd->sk.requests += g->requests;
	return bw_ingest__cube_add_dims(&pd->sk.days, g->day, dims, g->tokens, 0);
}

void bw_ingest__pushdown_count(bw_ingest__pushdown *pd, int64_t skipped, int64_t rejected)
{
	pd->skipped += skipped;
	pd->rejected += rejected;
}

int bw_ingest__pushdown_store(bw_ingest__pushdown *pd, bw_store *store, const char *name,
                              long max_errors, bw_ingest_result *out)
{
	if (pd->rejected > max_errors)
		return bw_error_set(
		    BW_EPARSE,
		    "%s: %lld rows have input tokens fewer than the cache reads and "
		    "writes they should include",
		    name, (long long)pd->rejected);
	XXH128_hash_t h = XXH3_128bits_digest(pd->hash);
	memset(out, 0, sizeof(*out));
	snprintf(out->format, sizeof(out->format), "%s", pd->format);
	snprintf(out->sha256_hex, sizeof(out->sha256_hex), "xxh3-%016llx%016llx",
	         (unsigned long long)h.high64, (unsigned long long)h.low64);
	out->skipped = pd->skipped;
	out->rejected = pd->rejected;
	return bw_ingest__sink_store(store, name, &pd->sk, pd->stream, pd->start, pd->end, out);
}

void bw_ingest__pushdown_free(bw_ingest__pushdown *pd)
{
	if (pd == NULL)
		return;
	XXH3_freeState(pd->hash);
	bw_ingest__cube_free(&pd->sk.days);
	free(pd);
}

int bw_ingest__pushdown_rules(int includes, const char *input, const char *read,
                              const char *write_5m, const char *write_1h, char *uncached, char *ok,
                              char *window, size_t size)
{
	char cache[4096];
	int n = snprintf(cache, sizeof(cache), "((%s) + (%s) + (%s))", read, write_5m, write_1h);
	if (n < 0 || (size_t)n >= sizeof(cache))
		return -1;
	/* As bw_ingest__cube_add_record: auto subtracts unless the input is
	 * smaller than the row's own cache counts (that producer excludes
	 * them); yes subtracts always, and a smaller input is a bad row. */
	if (includes < 0)
		n = snprintf(uncached, size, "(CASE WHEN (%s) >= %s THEN (%s) - %s ELSE (%s) END)",
		             input, cache, input, cache, input);
	else if (includes > 0)
		n = snprintf(uncached, size, "((%s) - %s)", input, cache);
	else
		n = snprintf(uncached, size, "(%s)", input);
	if (n < 0 || (size_t)n >= size)
		return -1;
	if (includes > 0)
		n = snprintf(ok, size, "((%s) >= %s)", input, cache);
	else
		n = snprintf(ok, size, "(1 = 1)");
	if (n < 0 || (size_t)n >= size)
		return -1;
	n = snprintf(window, size, "(CASE WHEN %s + %s > %d THEN '200k-1M' ELSE '0-200k' END)",
	             uncached, cache, LONG_CONTEXT_TOKENS);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int bw_ingest__pushdown_range(const char *since, const char *until, char start[32], char end[32])
{
	int64_t a = 0, b = 0;
	if ((since != NULL && bwx_date_parse(since, &a) < 0) ||
	    (until != NULL && bwx_date_parse(until, &b) < 0))
		return bw_error_set(
		    BW_EUSAGE,
		    "the warehouse is read in whole UTC days: since and until must be YYYY-MM-DD");
	if (since != NULL && until != NULL && b <= a)
		return bw_error_set(BW_EUSAGE, "until %s is not after since %s", until, since);
	snprintf(start, 32, "%sT00:00:00Z", since ? since : "1970-01-01");
	snprintf(end, 32, "%sT00:00:00Z", until ? until : "9999-12-31");
	return 0;
}

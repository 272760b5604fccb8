/*
 * jsonget.h (private): fields of a parsed JSON record (jansson).
 */
#ifndef BANDWISE_INGEST_JSONGET_H
#define BANDWISE_INGEST_JSONGET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* obj["a"]["b"]... for a dotted path; NULL when any step is missing. */
json_t *bw_ingest__jpath(json_t *obj, const char *path);

/* The first of 'paths' (NULL-ended) present and not null. */
json_t *bw_ingest__jfirst(json_t *obj, const char *const *paths);

/* A token count: an integer, an integral real, or a string of digits; 0 or -1. */
int bw_ingest__jcount(json_t *v, int64_t *out);

/* A time: text (RFC 3339 or epoch digits) or an epoch number; 0 or -1. */
int bw_ingest__jtime(json_t *v, int64_t *out);

/* A string, or an integer as digits, into dst; anything else leaves dst. */
void bw_ingest__jstring_into(json_t *v, char *dst, size_t size);

/* Count fields: a missing one is 0, a present one must be a count (-1 and
 * 'why' otherwise). */
int bw_ingest__take_count(json_t *obj, const char *const *paths, int64_t *out, char *why,
                          size_t why_size);

#endif

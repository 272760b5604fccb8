/*
 * jsonget.c: reading fields of a parsed (jansson) JSON record: dotted
 * paths, token counts and times as the OTel, Mooncake, LiteLLM and
 * detection readers find them.
 */
#include "jsonget.h"

#include "strparse.h"
#include "timestamp.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* obj["a"]["b"]... for a dotted path; NULL when any step is missing. */
json_t *bw_ingest__jpath(json_t *obj, const char *path)
{
	char key[64];
	while (obj != NULL && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key) || !json_is_object(obj))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		path += n + (dot != NULL);
	}
	return obj;
}

/* The first of 'paths' present and not null. */
json_t *bw_ingest__jfirst(json_t *obj, const char *const *paths)
{
	for (; *paths; paths++) {
		json_t *v = bw_ingest__jpath(obj, *paths);
		if (v != NULL && !json_is_null(v))
			return v;
	}
	return NULL;
}

/* A token count: an integer, an integral real, or a string of digits (OTLP
 * JSON writes 64-bit integers as strings). -1 when it is none of those. */
int bw_ingest__jcount(json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 0;
	}
	/* Range first: converting 1e30 to int64 is undefined. */
	if (json_is_real(v) && json_real_value(v) > -9.2e18 && json_real_value(v) < 9.2e18 &&
	    json_real_value(v) == (double)(int64_t)json_real_value(v)) {
		*out = (int64_t)json_real_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		/* Strictly digits (strtoll would take " 12" and "+12"). */
		int64_t n;
		if (bwx_parse_int64(json_string_value(v), &n, NULL) == 0) {
			*out = n;
			return 0;
		}
	}
	return -1;
}

int bw_ingest__jtime(json_t *v, int64_t *out)
{
	if (json_is_string(v))
		return bw_ingest__time_of_text(json_string_value(v), out);
	if (json_is_number(v)) {
		*out = bw_ingest__time_from_number(json_number_value(v));
		return 0;
	}
	return -1;
}

void bw_ingest__jstring_into(json_t *v, char *dst, size_t size)
{
	if (json_is_string(v))
		snprintf(dst, size, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(dst, size, "%lld", (long long)json_integer_value(v));
}

/* Count fields: a missing one is 0, a present one must be a count. */
int bw_ingest__take_count(json_t *obj, const char *const *paths, int64_t *out, char *why,
                          size_t why_size)
{
	json_t *v = bw_ingest__jfirst(obj, paths);
	if (v == NULL)
		return 0;
	if (bw_ingest__jcount(v, out) < 0) {
		snprintf(why, why_size, "\"%s\" should be a whole number of tokens", paths[0]);
		return -1;
	}
	return 0;
}

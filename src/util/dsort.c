/*
 * dsort.c: the radix sort of dsort.h. Each double's bits become an unsigned
 * key that orders as the numbers do (negative numbers: every bit flipped;
 * others: the sign bit set), then 8 passes of one byte each, least
 * significant first, each stable, moving between the array and a scratch;
 * every byte's counts come from one read of the keys.
 */
#include "dsort.h"

#include "bandwise/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { BITS = 8, BUCKETS = 1 << BITS, PASSES = 64 / BITS };

/* Below this, qsort is as fast and needs no scratch. */
enum { SMALL = 256 };

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static uint64_t key_of(double value)
{
	uint64_t bits;
	memcpy(&bits, &value, sizeof(bits));
	return (bits >> 63) ? ~bits : bits | (UINT64_C(1) << 63);
}

static double value_of(uint64_t key)
{
	uint64_t bits = (key >> 63) ? key & ~(UINT64_C(1) << 63) : ~key;
	double value;
	memcpy(&value, &bits, sizeof(value));
	return value;
}

int bwx_dsort(double *values, size_t n)
{
	uint64_t *block, *keys, *scratch;
	size_t(*count)[BUCKETS];

	if (n < 2)
		return 0;
	if (n < SMALL) {
		qsort(values, n, sizeof(double), compare);
		return 0;
	}
	keys = block = malloc(2 * n * sizeof(uint64_t));
	count = calloc(PASSES, sizeof(*count));
	if (keys == NULL || count == NULL) {
		free(block);
		free(count);
		qsort(values, n, sizeof(double), compare);
		return bw_error_set(BW_ERROR, "out of memory for a sort of %zu numbers", n);
	}
	scratch = keys + n;
	for (size_t i = 0; i < n; i++) {
		keys[i] = key_of(values[i]);
		for (int pass = 0; pass < PASSES; pass++)
			count[pass][(keys[i] >> (pass * BITS)) & (BUCKETS - 1)]++;
	}
	for (int pass = 0; pass < PASSES; pass++) {
		int shift = pass * BITS;
		size_t sum = 0, *at = count[pass];
		/* A digit every key shares moves nothing: skip the pass. */
		if (at[(keys[0] >> shift) & (BUCKETS - 1)] == n)
			continue;
		for (size_t b = 0; b < BUCKETS; b++) {
			size_t c = at[b];
			at[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			scratch[at[(keys[i] >> shift) & (BUCKETS - 1)]++] = keys[i];
		uint64_t *t = keys;
		keys = scratch;
		scratch = t;
	}
	for (size_t i = 0; i < n; i++)
		values[i] = value_of(keys[i]);
	free(block);
	free(count);
	return 0;
}

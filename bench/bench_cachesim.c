/*
 * bench_cachesim.c: the prompt-cache simulator on a 10-million-request
 * trace with realistic prefix sharing (target: 3 million requests a second
 * on one core, memory bounded by the live cache entries).
 *
 * The generated trace: 200 system prompts of 2-6 blocks shared across
 * conversations; 40,000 conversations open at any time (one ends and a new
 * one starts every 25 requests, 440,000 in all) whose turns re-send the
 * growing history; arrivals every 0.36 ms on average (an hour of traffic). Built in
 * memory before timing; each TTL's replay is timed alone.
 */
#include "bandwise.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define REQUESTS      10000000
#define ACTIVE        40000 /* conversations open at once; one ends and one starts every 25 requests */
#define CONVERSATIONS (REQUESTS / 25 + ACTIVE)

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next(uint64_t *state)
{
	/* xorshift64*: a fixed, fast sequence for the generator. */
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

int main(void)
{
	bw_trace *trace = bw_trace_new();
	uint8_t *turns = calloc(CONVERSATIONS, 1);
	uint64_t state = 88172645463325252ULL, hashes[64];
	int64_t time_us = 0;

	if (trace == NULL || turns == NULL)
		return 1;
	double start = now_seconds();
	for (long i = 0; i < REQUESTS; i++) {
		uint64_t r = next(&state);
		uint32_t conv = (uint32_t)(i / 25 + (long)(r % ACTIVE));
		uint32_t system = conv % 200, system_blocks = 2 + system % 5, k = 0;
		for (uint32_t b = 0; b < system_blocks; b++)
			hashes[k++] = ((uint64_t)system << 8) | b;
		/* The conversation's history grows by a block a turn (capped). */
		uint32_t history = turns[conv] < 40 ? ++turns[conv] : 40;
		for (uint32_t b = 0; b < history && k < 64; b++)
			hashes[k++] = (1ULL << 40) | ((uint64_t)conv << 8) | b;
		time_us += (int64_t)((r >> 40) % 720); /* ~0.36 ms apart on average */
		int64_t n = (int64_t)k * 512 - (int64_t)((r >> 20) % 512);
		if (bw_trace_add(trace, time_us / 1000, n, 200, hashes, k) < 0)
			return 1;
	}
	printf("generated %d requests, %zu block hashes, %.1f blocks a request, in %.2f s\n",
	       REQUESTS, trace->hash_count, (double)trace->hash_count / REQUESTS,
	       now_seconds() - start);

	const char *labels[3] = {"5m", "1h", "inf"};
	const int64_t ttls[3] = {300000, 3600000, BW_CACHESIM_TTL_INFINITE};
	for (int i = 0; i < 3; i++) {
		bw_cachesim_options o = {ttls[i], 512, 1024, 3.0, 0.3, i == 0 ? 3.75 : 6.0};
		bw_cachesim_result r;
		start = now_seconds();
		if (bw_cachesim_run(trace, &o, &r) < 0) {
			fprintf(stderr, "bench_cachesim: %s\n", bw_error_last());
			return 1;
		}
		double s = now_seconds() - start;
		printf(
		    "ttl %-3s: %.2f s, %.2f M requests/s, hit ratio %.3f, peak cached blocks %zu\n",
		    labels[i], s, REQUESTS / s / 1e6, r.hit_ratio, r.peak_entries);
		printf("RESULT cachesim_%s | %.2f M requests/s (peak %zu cached blocks)\n",
		       labels[i], REQUESTS / s / 1e6, r.peak_entries);
	}
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	printf("peak resident memory %.0f MB (the trace itself: %.0f MB)\n",
	       usage.ru_maxrss / 1024.0,
	       (trace->hash_capacity * 8.0 + trace->request_capacity * sizeof(bw_trace_request)) /
	           1e6);
	bw_trace_free(trace);
	free(turns);
	return 0;
}

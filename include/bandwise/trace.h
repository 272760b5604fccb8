/*
 * bandwise/trace.h: request-level traces with prefix-block hashes.
 *
 * One record per request: arrival time, input and output tokens, and the
 * hashes of the prompt's prefix blocks (equal hashes = a reusable prefix).
 * Only such traces allow an exact prompt-cache simulation (cachesim.h).
 * Format read now: the Mooncake JSONL trace ({"timestamp": ms,
 * "input_length", "output_length", "hash_ids": [...]}).
 */
#ifndef BANDWISE_TRACE_H
#define BANDWISE_TRACE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int64_t time_ms;
	int64_t input_tokens;
	int64_t output_tokens;
	size_t hash_offset; /* into bw_trace.hashes */
	uint32_t hash_count;
} bw_trace_request;

typedef struct {
	bw_trace_request *requests; /* in trace order */
	size_t count;
	uint64_t *hashes; /* every request's block hashes, back to back */
	size_t hash_count;
	size_t request_capacity, hash_capacity;
} bw_trace;

/* Append one request (copies the hashes). Returns 0 or BW_ERROR. */
int bw_trace_add(bw_trace *trace, int64_t time_ms, int64_t input_tokens, int64_t output_tokens,
                 const uint64_t *hashes, uint32_t hash_count);

/*
 * Read a Mooncake JSONL trace. Errors are BW_EPARSE "FILE:LINE:COL:
 * expected ..."; timestamps must not go backwards. On success *out owns
 * the trace (bw_trace_free).
 */
int bw_trace_read_mooncake(bw_trace **out, const char *path);

bw_trace *bw_trace_new(void);
void bw_trace_free(bw_trace *trace);

#endif

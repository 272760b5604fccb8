/*
 * bandwise/cachesim.h: exact prompt-cache simulation on request traces.
 *
 * The policy "cache the whole prompt": the cache maps a prefix-block hash
 * to the time it was last touched; a block is alive at t when
 * t - last_touch < TTL. Requests are replayed in trace order. A prompt
 * shorter than the model's minimum cacheable length is neither read nor
 * written and leaves the cache untouched. Otherwise the leading run of
 * alive blocks is read (min(j x block, n) tokens), the rest of the prompt is
 * written, and every block of the request is touched. Beside this naive
 * policy, an oracle computed in hindsight writes only the blocks that are
 * read again while alive (the rest billed as plain input): the two bound
 * what better cache breakpoints could save. Rules: docs/methodology.md.
 */
#ifndef BANDWISE_CACHESIM_H
#define BANDWISE_CACHESIM_H

#include "bandwise/trace.h"

#include <stdint.h>

#define BW_CACHESIM_TTL_INFINITE INT64_MAX

typedef struct {
	int64_t ttl_ms;       /* 300000 (5m), 3600000 (1h) or BW_CACHESIM_TTL_INFINITE */
	int64_t block_tokens; /* 512 for Mooncake traces */
	int64_t min_tokens;   /* the model's minimum cacheable prompt length */
	/* USD per million tokens, for the costs */
	double input_price, read_price, write_price;
} bw_cachesim_options;

typedef struct {
	int64_t requests;
	int64_t cached_requests; /* at or above the minimum length */
	int64_t input_tokens;
	int64_t read_tokens;
	int64_t write_tokens;               /* naive policy */
	int64_t uncached_tokens;            /* prompts below the minimum */
	int64_t wasted_write_tokens;        /* written but never read while alive */
	double hit_ratio;                   /* read / input */
	double input_cost_before_usd;       /* every input token at the input price */
	double input_cost_after_usd;        /* naive policy */
	double oracle_input_cost_after_usd; /* writes only what is read again */
	double net_saving_usd;              /* before - after (naive) */
	double saving_per_request_usd;
	int break_even_reuse; /* reads a written token needs to pay back its write premium */
	size_t peak_entries;  /* most blocks held at once, expired ones not yet dropped
	                       * included (a memory figure) */
} bw_cachesim_result;

/* Replay 'trace' under 'options'. Returns 0, BW_ERANGE (bad options) or
 * BW_ERROR (out of memory). */
int bw_cachesim_run(const bw_trace *trace, const bw_cachesim_options *options,
                    bw_cachesim_result *out);

/*
 * The minimum cacheable prompt length of 'model_id' (a catalog id) from
 * the built-in data/caching/anthropic.json, or 0 when unknown (the message
 * says so). Returns the length or BW_ENOTFOUND / BW_EPARSE.
 */
int64_t bw_cachesim_min_tokens(const char *model_id);

#endif

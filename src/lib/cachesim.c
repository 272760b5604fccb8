/*
 * cachesim.c: the prompt-cache simulator.
 *
 * Workload: millions of requests of tens of blocks each; the hot path is a
 * hash lookup per block. The table is open addressing with linear probing
 * on 64-bit keys (key + 1, so 0 marks an empty slot), sized to a power of
 * two. Memory stays bounded by the live entries: when the table fills,
 * expired blocks are dropped (their write's fate is then final) before the
 * table grows.
 */
#include "bandwise/cachesim.h"

#include "bandwise/error.h"
#include "embedded.h"

#include <jansson.h>
#include <sys/mman.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 16 bytes, four to a cache line: times are kept relative to the trace's
 * first request (49 days fit in 32 bits of milliseconds) and a block's
 * written tokens fit in 16 bits (blocks are at most 65,535 tokens). */
typedef struct {
	uint64_t key;           /* hash + 1; 0 = empty */
	uint32_t last_touch_ms; /* since the first request */
	uint16_t write_tokens;  /* tokens of this block's last write */
	uint16_t useful;        /* that write was read while alive */
} slot;

_Static_assert(sizeof(slot) == 16, "four slots a cache line");

/* How many requests ahead to prefetch: enough misses in flight to cover
 * memory latency, few enough that the lines are still cached on use. */
#define HUGE_PAGE ((size_t)2 << 20)

#ifndef PREFETCH_AHEAD
#define PREFETCH_AHEAD 2
#endif
/* Home slots are computed once, when a request is prefetched, and kept
 * until it is replayed. */
#define RING        (PREFETCH_AHEAD + 1)
#define RING_BLOCKS 64

typedef struct {
	slot *slots;
	int mapped; /* slots come from mmap (large tables), else calloc */
	size_t mask;
	size_t used;
	size_t peak;
	int64_t wasted; /* tokens written and never read while alive */
} table;

static uint64_t mix(uint64_t x)
{
	/* splitmix64's finaliser: hashes in traces are often small
	 * consecutive integers, which linear probing needs spread out. */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A key's home slot. Trace block ids are often handed out in order (the
 * Mooncake traces number blocks as they first appear), so the blocks of
 * one prompt tend to have neighbouring ids: keeping each run of eight ids
 * together puts a request's blocks on a few cache lines instead of one
 * line each. The runs themselves are spread by mix(). */
static uint64_t home(uint64_t key)
{
	return (mix(key >> 3) << 3) | (key & 7);
}

/* The home slots of request r's first RING_BLOCKS blocks. */
static void homes_of(const bw_trace *trace, size_t r, uint64_t *out)
{
	const bw_trace_request *req = &trace->requests[r];
	const uint64_t *h = trace->hashes + req->hash_offset;
	for (uint32_t i = 0; i < req->hash_count && i < RING_BLOCKS; i++)
		out[i] = home(h[i] + 1);
}

static void table_free(table *t)
{
	if (t->mapped)
		munmap(t->slots, (t->mask + 1) * sizeof(slot));
	else
		free(t->slots);
	t->slots = NULL;
}

static int table_init(table *t, size_t capacity)
{
	size_t bytes = capacity * sizeof(slot);

	memset(t, 0, sizeof(*t));
	/* Large tables are probed at random: on 2 MiB pages most probes stop
	 * missing the TLB as well as the caches. */
	if (bytes >= HUGE_PAGE) {
		/* Straight from the kernel: its pages come zeroed, so there is
		 * no second pass to clear them. Over-map and trim to align. */
		char *p = mmap(NULL, bytes + HUGE_PAGE, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			uintptr_t start =
			    ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
			size_t head = start - (uintptr_t)p, tail = HUGE_PAGE - head;
			if (head > 0)
				munmap(p, head);
			if (tail > 0)
				munmap((char *)start + bytes, tail);
			t->slots = (slot *)start;
			t->mapped = 1;
#ifdef MADV_HUGEPAGE
			madvise(t->slots, bytes, MADV_HUGEPAGE);
#endif
		}
	} else {
		t->slots = calloc(capacity, sizeof(slot));
	}
	if (t->slots == NULL)
		return bw_error_set(BW_ERROR, "out of memory for the cache simulation");
	t->mask = capacity - 1;
	return 0;
}

static slot *find_mixed(const table *t, uint64_t key, uint64_t mixed)
{
	for (size_t i = mixed & t->mask;; i = (i + 1) & t->mask) {
		if (t->slots[i].key == key)
			return &t->slots[i];
		if (t->slots[i].key == 0)
			return NULL;
	}
}

/* Rebuild into 'capacity' slots, dropping blocks expired at 'now'. */
static int rebuild(table *t, size_t capacity, int64_t now, int64_t ttl)
{
	table fresh;
	int error;

	if ((error = table_init(&fresh, capacity)) < 0)
		return error;
	fresh.peak = t->peak;
	fresh.wasted = t->wasted;
	for (size_t i = 0; i <= t->mask; i++) {
		const slot *s = &t->slots[i];
		if (s->key == 0)
			continue;
		if (ttl != BW_CACHESIM_TTL_INFINITE && now - (int64_t)s->last_touch_ms >= ttl) {
			if (!s->useful)
				fresh.wasted += s->write_tokens; /* expired unread: final */
			continue;
		}
		size_t j = home(s->key) & fresh.mask;
		while (fresh.slots[j].key != 0)
			j = (j + 1) & fresh.mask;
		fresh.slots[j] = *s;
		fresh.used++;
	}
	table_free(t);
	*t = fresh;
	return 0;
}

static slot *insert(table *t, uint64_t hash, int64_t now, int64_t ttl, int *error)
{
	uint64_t key = hash + 1;
	if ((t->used + 1) * 10 > (t->mask + 1) * 6) {
		/* At 60% full, drop the expired; grow when the live ones alone
		 * fill 30%. Counting them first makes it one rebuild, not two,
		 * when it must grow. Loads this low keep probe runs short, which
		 * matters because neighbouring ids share runs (see home()). The
		 * table stays within 1/0.15 slots per live block. */
		size_t capacity = t->mask + 1, live = 0;
		for (size_t i = 0; i <= t->mask; i++)
			live += t->slots[i].key != 0 &&
			        (ttl == BW_CACHESIM_TTL_INFINITE ||
			         now - (int64_t)t->slots[i].last_touch_ms < ttl);
		if ((live + 1) * 10 > capacity * 3)
			capacity *= 2;
		if ((*error = rebuild(t, capacity, now, ttl)) < 0)
			return NULL;
	}
	size_t i = home(key) & t->mask;
	while (t->slots[i].key != 0)
		i = (i + 1) & t->mask;
	slot *s = &t->slots[i];
	s->key = key;
	s->useful = 1; /* no write yet: nothing to waste */
	s->write_tokens = 0;
	if (++t->used > t->peak)
		t->peak = t->used;
	return s;
}

int bw_cachesim_run(const bw_trace *trace, const bw_cachesim_options *o, bw_cachesim_result *out)
{
	table t;
	int error;
	int64_t ttl = o->ttl_ms, block = o->block_tokens;

	memset(out, 0, sizeof(*out));
	if (ttl <= 0 || block <= 0 || block > 65535 || o->min_tokens < 0)
		return bw_error_set(BW_ERANGE,
		                    "cache simulation: the TTL must be positive and blocks "
		                    "1 to 65,535 tokens");
	int64_t base = trace->count ? trace->requests[0].time_ms : 0;
	if (trace->count && trace->requests[trace->count - 1].time_ms - base > (int64_t)UINT32_MAX)
		return bw_error_set(BW_ERANGE,
		                    "cache simulation: the trace spans more than 49 days; "
		                    "split it");
	if ((error = table_init(&t, 1 << 16)) < 0)
		return error;
	uint64_t ring[RING][RING_BLOCKS];
	for (size_t r = 0; r < PREFETCH_AHEAD && r < trace->count; r++)
		homes_of(trace, r, ring[r % RING]);
	for (size_t r = 0; r < trace->count; r++) {
		const bw_trace_request *req = &trace->requests[r];
		const uint64_t *h = trace->hashes + req->hash_offset;
		int64_t n = req->input_tokens, now = req->time_ms - base;
		uint32_t k = req->hash_count, j = 0;

		/* Ask for the home slots of a request a few ahead now: they
		 * arrive while the requests between are processed. Blocks of
		 * one prompt share lines (see home()): one prefetch a line. */
		if (r + PREFETCH_AHEAD < trace->count) {
			uint64_t *ahead = ring[(r + PREFETCH_AHEAD) % RING];
			homes_of(trace, r + PREFETCH_AHEAD, ahead);
			uint32_t count = trace->requests[r + PREFETCH_AHEAD].hash_count;
			uint64_t last_line = UINT64_MAX;
			for (uint32_t i = 0; i < count && i < RING_BLOCKS; i++) {
				uint64_t line = (ahead[i] & t.mask) >> 2; /* four slots a line */
				if (line != last_line)
					__builtin_prefetch(&t.slots[ahead[i] & t.mask]);
				last_line = line;
			}
		}
		const uint64_t *homes = ring[r % RING];
		out->requests++;
		out->input_tokens += n;
		if (n < o->min_tokens) {
			out->uncached_tokens += n; /* too short to cache: untouched */
			continue;
		}
		out->cached_requests++;
		/* The leading run of alive blocks is read, and touched. */
		while (j < k) {
			uint64_t m = j < RING_BLOCKS ? homes[j] : home(h[j] + 1);
			slot *s = find_mixed(&t, h[j] + 1, m);
			if (s == NULL || (ttl != BW_CACHESIM_TTL_INFINITE &&
			                  now - (int64_t)s->last_touch_ms >= ttl))
				break;
			s->useful = 1;
			s->last_touch_ms = (uint32_t)now;
			j++;
		}
		int64_t read = (int64_t)j * block < n ? (int64_t)j * block : n;
		out->read_tokens += read;
		out->write_tokens += n - read;
		/* The blocks after the run are written anew (and touched). */
		for (uint32_t i = j; i < k; i++) {
			uint64_t m = i < RING_BLOCKS ? homes[i] : home(h[i] + 1);
			slot *s = find_mixed(&t, h[i] + 1, m);
			if (s == NULL && (s = insert(&t, h[i], now, ttl, &error)) == NULL) {
				table_free(&t);
				return error;
			}
			int64_t tokens = n - (int64_t)i * block;
			tokens = tokens < 0 ? 0 : (tokens > block ? block : tokens);
			if (!s->useful)
				t.wasted += s->write_tokens; /* the previous write was never read */
			s->write_tokens = (uint16_t)tokens;
			s->useful = 0;
			s->last_touch_ms = (uint32_t)now;
		}
		/* Prompt tokens past the last block have no hash: nothing can
		 * read them again. */
		if (n > (int64_t)k * block)
			t.wasted += n - (int64_t)k * block;
	}
	for (size_t i = 0; i <= t.mask; i++)
		if (t.slots[i].key != 0 && !t.slots[i].useful)
			t.wasted += t.slots[i].write_tokens;
	out->wasted_write_tokens = t.wasted;
	out->peak_entries = t.peak;
	table_free(&t);

	double per = 1e-6;
	out->hit_ratio =
	    out->input_tokens ? (double)out->read_tokens / (double)out->input_tokens : 0;
	out->input_cost_before_usd = (double)out->input_tokens * o->input_price * per;
	out->input_cost_after_usd =
	    ((double)out->read_tokens * o->read_price + (double)out->write_tokens * o->write_price +
	     (double)out->uncached_tokens * o->input_price) *
	    per;
	out->oracle_input_cost_after_usd =
	    ((double)out->read_tokens * o->read_price +
	     (double)(out->write_tokens - out->wasted_write_tokens) * o->write_price +
	     (double)(out->wasted_write_tokens + out->uncached_tokens) * o->input_price) *
	    per;
	out->net_saving_usd = out->input_cost_before_usd - out->input_cost_after_usd;
	out->saving_per_request_usd =
	    out->requests ? out->net_saving_usd / (double)out->requests : 0;
	/* A written token pays back after r reads when
	 * write + r read <= (1 + r) input, i.e. r >= (write - input) / (input - read). */
	double gain = o->input_price - o->read_price;
	out->break_even_reuse =
	    gain > 0 ? (int)ceil((o->write_price - o->input_price) / gain - 1e-12) : -1;
	if (out->break_even_reuse < 0 && gain > 0)
		out->break_even_reuse = 0;
	return 0;
}

int64_t bw_cachesim_min_tokens(const char *model_id)
{
	json_error_t jerr;
	json_t *root = json_loads(bw_embedded__caching_json, 0, &jerr), *v;
	int64_t value;

	if (root == NULL)
		return bw_error_set(BW_EPARSE, "data/caching/anthropic.json (built in):%d:%d: %s",
		                    jerr.line, jerr.column, jerr.text);
	v = json_object_get(json_object_get(root, "minimum_cacheable_tokens"), model_id);
	if (!json_is_integer(v)) {
		json_decref(root);
		return bw_error_set(BW_ENOTFOUND,
		                    "no minimum cacheable length for model '%s' in "
		                    "data/caching/anthropic.json: give one with --min-tokens",
		                    model_id);
	}
	value = json_integer_value(v);
	json_decref(root);
	return value;
}

/*
 * analysis.c: the pipeline, in the order its stages need each other:
 * bands and peers, the history, the paths, the optimization, the plan and
 * its neighbours (trapped savings, offers, curves), provenance, backtest
 * and tracking. Each stage is one function that reads what the earlier
 * ones left in the result.
 */
#include "bandwise/analysis.h"

#include "bandwise/error.h"
#include "bandwise/ingest.h"
#include "bandwise/store.h"
#include "bandwise/trace.h"
#include "bandwise/usage.h"
#include "date.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "YYYY-MM" plus 'months' months into 'out' ("" when malformed). */
static void month_add(const char *month, int months, char out[8])
{
	int year = 0, m = 0;
	if (sscanf(month, "%4d-%2d", &year, &m) != 2 || m < 1 || m > 12) {
		out[0] = '\0';
		return;
	}
	int index = year * 12 + (m - 1) + months;
	snprintf(out, 8, "%04u-%02u", (unsigned)(index / 12) % 10000u, (unsigned)(index % 12) + 1u);
}

/* --- what a run shares with the cache ------------------------------------------- */

/* What a file is now: a change of any of these is a new store state. */
typedef struct {
	int exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
} file_state;

static void state_of(const char *path, file_state *out)
{
	struct stat st;
	memset(out, 0, sizeof(*out));
	if (path == NULL || stat(path, &st) != 0)
		return;
	out->exists = 1;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->size = st.st_size;
	out->mtime = st.st_mtim;
}

static int state_equal(const file_state *x, const file_state *y)
{
	return x->exists == y->exists && x->dev == y->dev && x->ino == y->ino &&
	       x->size == y->size && x->mtime.tv_sec == y->mtime.tv_sec &&
	       x->mtime.tv_nsec == y->mtime.tv_nsec;
}

/* What a cached result was made from: the store's state (bw_store_state,
 * either database) and the prices file's. Without a known store state
 * (it could not be read) nothing is cached or found. */
typedef struct {
	int known;
	char store[BW_STORE_STATE_MAX];
	file_state prices;
} run_state;

static int run_state_equal(const run_state *x, const run_state *y)
{
	return x->known && y->known && strcmp(x->store, y->store) == 0 &&
	       state_equal(&x->prices, &y->prices);
}

/* The store priced at list and the catalog that priced it, shared by the
 * cache and every run that found them there (read-only once made): freed
 * by the last one to let go. */
typedef struct {
	bw_catalog *catalog;
	bw_spend *spend;
	int refs; /* atomic */
} shared_history;

static void shared_release(shared_history *h)
{
	if (h == NULL || __atomic_sub_fetch(&h->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	bw_catalog_free(h->catalog);
	bw_spend_free(h->spend);
	free(h);
}

/* What bw_analysis_run allocates: the result and what it borrows. */
typedef struct {
	bw_analysis pub;        /* first: a bw_analysis * is a box's address */
	shared_history *shared; /* pub.catalog and pub.spend are its, not the run's */
	run_state state;        /* the store state at the start of the run (with a cache) */
} analysis_box;

static analysis_box *box_of(bw_analysis *a)
{
	return (analysis_box *)a;
}

static int cached_spend(bw_analysis *a, const bw_analysis_options *o);

static int load_catalog(bw_analysis *a, const bw_analysis_options *o)
{
	if (a->catalog != NULL)
		return 0;
	if (o->prices_path != NULL)
		return bw_catalog_load_file(&a->catalog, o->prices_path);
	return bw_catalog_load_default(&a->catalog);
}

static int load_bands(bw_analysis *a, const bw_analysis_options *o)
{
	if (o->bands_path != NULL)
		return bw_bands_load_file(&a->bands, o->bands_path);
	return bw_bands_load_default(&a->bands);
}

/* The store priced at list, without requiring any priced month (the
 * report's provenance needs it even when the paths come from a file). */
static int price_store(bw_analysis *a, const bw_analysis_options *o)
{
	bw_store *store = NULL;
	int error;

	if (a->spend != NULL)
		return 0;
	/* A long-running front end prices the same store state once, on a
	 * file or a PostgreSQL store alike (bw_store_state). */
	if (o->cache != NULL && a->catalog == NULL && !(o->stages & BW_ANALYSIS_SOURCES) &&
	    box_of(a)->state.known)
		return cached_spend(a, o);
	if ((error = load_catalog(a, o)) < 0 ||
	    (error = bw_store_open(&store, o->db_path, o->store_flags)) < 0 ||
	    (error = bw_spend_from_store(&a->spend, store, a->catalog)) < 0)
		goto done;
	if (o->stages & BW_ANALYSIS_SOURCES)
		error = bw_store_list_sources(store, &a->sources, &a->source_count);
done:
	bw_store_close(store);
	return error;
}

/* The store's complete months of list spend: the forecast's history. */
static int load_history(bw_analysis *a, const bw_analysis_options *o)
{
	int error;

	if (a->has_history)
		return 0;
	if ((error = price_store(a, o)) < 0 ||
	    (error = bw_spend_history_basis(a->spend, o->price_basis, &a->history_usd,
	                                    &a->history_count, a->history_first_month)) < 0 ||
	    (error = bw_spend_history(a->spend, &a->history_billed_usd, &a->history_count,
	                              a->history_first_month)) < 0)
		return error;
	a->price_basis = o->price_basis;
	a->price_changes = a->spend->price_changes;
	a->price_change_count = a->spend->price_change_count;
	if (a->spend->month_count == 0)
		return bw_error_set(BW_EUSAGE,
		                    "the store %s holds no priced usage: add some with "
		                    "'bandwise ingest FILE...'",
		                    o->db_path);
	a->has_history = 1;
	return 0;
}

static int policy_waterfall(const char *db_path, int store_flags, const bw_catalog *catalog,
                            const bw_policy *policy, int months, bw_waterfall **out, char *scope,
                            size_t scope_size);

int bw_analysis_policy_waterfall(const char *db_path, const bw_catalog *catalog,
                                 const bw_policy *policy, int months, bw_waterfall **out,
                                 char *scope, size_t scope_size)
{
	return policy_waterfall(db_path, 0, catalog, policy, months, out, scope, scope_size);
}

int bw_analysis_policy_waterfall_flags(const char *db_path, int store_flags,
                                       const bw_catalog *catalog, const bw_policy *policy,
                                       int months, bw_waterfall **out, char *scope,
                                       size_t scope_size)
{
	return policy_waterfall(db_path, store_flags, catalog, policy, months, out, scope,
	                        scope_size);
}

static int policy_waterfall(const char *db_path, int store_flags, const bw_catalog *catalog,
                            const bw_policy *policy, int months, bw_waterfall **out, char *scope,
                            size_t scope_size)
{
	bw_store *store = NULL;
	bw_spend *spend = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT, kept = BW_USAGE_ROWS_INIT;
	double *history = NULL;
	size_t count = 0;
	char first[8], from[8] = "", to[8] = "";
	int error;

	*out = NULL;
	if ((error = bw_store_open(&store, db_path, store_flags)) < 0 ||
	    (error = bw_store_daily_usage(store, &daily)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, catalog)) < 0 ||
	    (error = bw_spend_history(spend, &history, &count, first)) < 0)
		goto done;
	if (months > 0) {
		if (count == 0) {
			error = bw_error_set(
			    BW_EUSAGE, "the store holds no complete month to apply the policy to");
			goto done;
		}
		int n = (size_t)months < count ? months : (int)count;
		month_add(first, (int)count - n, from);
		month_add(first, (int)count - 1, to);
		for (size_t i = 0; i < daily.count; i++) {
			char month[8];
			snprintf(month, sizeof(month), "%.7s", daily.items[i].bucket_start);
			if (strcmp(month, from) >= 0 && strcmp(month, to) <= 0 &&
			    (error = bw_usage_rows_push(&kept, &daily.items[i])) < 0)
				goto done;
		}
		snprintf(scope, scope_size, "the %d complete months %s..%s", n, from, to);
	} else {
		snprintf(scope, scope_size, "all stored usage (%s to %s)", spend->first_day,
		         spend->last_day);
	}
	error = bw_policy_waterfall(out, policy, months > 0 ? &kept : &daily, catalog);
done:
	free(history);
	bw_usage_rows_dispose(&daily);
	bw_usage_rows_dispose(&kept);
	bw_spend_free(spend);
	bw_store_close(store);
	return error;
}

/* The policy's levers, measured on the last 3 complete months. The policy
 * stage prices with the history's catalog when there is one, else with a
 * catalog of its own (the user's paths need no prices). */
static int measure_policy(bw_analysis *a, const bw_analysis_options *o)
{
	bw_catalog *own = NULL;
	int error;

	if ((error = bw_policy_load_file(&a->policy, o->policy_path)) < 0)
		return error;
	if (a->catalog == NULL) {
		error = o->prices_path ? bw_catalog_load_file(&own, o->prices_path)
		                       : bw_catalog_load_default(&own);
		if (error < 0)
			return error;
	}
	error =
	    policy_waterfall(o->db_path, o->store_flags, a->catalog ? a->catalog : own, a->policy,
	                     3, &a->waterfall, a->policy_scope, sizeof(a->policy_scope));
	bw_catalog_free(own);
	if (error < 0)
		return error;
	bw_waterfall_lever_shares(a->waterfall, a->lever_shares);
	memcpy(a->lever_ramp_months, a->policy->ramp_months, sizeof(a->lever_ramp_months));
	return 0;
}

/* --- the forecast cache (bw_analysis_paths_cache) ------------------------------- */

typedef struct {
	char *db_path, *prices_path; /* prices_path NULL = the built-in catalog */
	run_state state;
	bw_forecast_options forecast; /* with the fit window applied */
	bw_price_basis price_basis;
	bw_segments_setting segments_setting;
	bw_paths *paths; /* before the scenarios: the total's, or the segments' sum */
	bw_forecast_fit fit;
	bw_segments *segments; /* the segments' fits when by segment, else NULL */
	char segments_note[256];
	unsigned long used; /* the cache's clock at the last use; 0 = empty */
	int pending;        /* a run is forecasting it: the others wait for it */
} cache_entry;

/* Runs on several threads share one cache: 'lock' guards every entry and
 * counter; a forecast is made outside it (the entry marked pending), and a
 * run that wants the same one waits on 'done' instead of making it too. */
/* The priced store of one store state and catalog. */
typedef struct {
	char *db_path, *prices_path;
	run_state state;
	shared_history *shared; /* NULL = empty */
	unsigned long used;
} history_entry;

enum { HISTORY_ENTRIES = 2 };

struct bw_analysis_paths_cache {
	history_entry history[HISTORY_ENTRIES];
	cache_entry *entries;
	size_t capacity;
	unsigned long clock;
	size_t hits, misses;
	pthread_mutex_t lock;
	pthread_cond_t done;
};

/* A new forecast option must join the key (forecast_equal): this stops
 * the build until it does. */
_Static_assert(sizeof(bw_forecast_options) == 80,
               "a new bw_forecast_options field must join forecast_equal");

static int forecast_equal(const bw_forecast_options *x, const bw_forecast_options *y)
{
	/* growth is NAN when fitted: equal when both are. */
	return x->months == y->months && x->paths == y->paths && x->seed == y->seed &&
	       x->damping == y->damping && x->volatility == y->volatility && x->model == y->model &&
	       x->fit_from == y->fit_from && x->calendar_month == y->calendar_month &&
	       (x->weekend_ratio == y->weekend_ratio ||
	        (isnan(x->weekend_ratio) && isnan(y->weekend_ratio))) &&
	       (x->growth == y->growth || (isnan(x->growth) && isnan(y->growth)));
}

static void entry_clear(cache_entry *e)
{
	free(e->db_path);
	free(e->prices_path);
	bw_paths_free(e->paths);
	bw_segments_free(e->segments);
	memset(e, 0, sizeof(*e));
}

static void history_clear(history_entry *h)
{
	free(h->db_path);
	free(h->prices_path);
	shared_release(h->shared);
	memset(h, 0, sizeof(*h));
}

int bw_analysis_paths_cache_new(bw_analysis_paths_cache **out, size_t capacity)
{
	bw_analysis_paths_cache *cache = calloc(1, sizeof(*cache));
	*out = NULL;
	if (capacity == 0)
		capacity = 1;
	if (cache == NULL || (cache->entries = calloc(capacity, sizeof(cache_entry))) == NULL) {
		free(cache);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	cache->capacity = capacity;
	pthread_mutex_init(&cache->lock, NULL);
	pthread_cond_init(&cache->done, NULL);
	*out = cache;
	return 0;
}

void bw_analysis_paths_cache_free(bw_analysis_paths_cache *cache)
{
	if (cache == NULL)
		return;
	for (size_t i = 0; i < cache->capacity; i++)
		entry_clear(&cache->entries[i]);
	for (size_t i = 0; i < HISTORY_ENTRIES; i++)
		history_clear(&cache->history[i]);
	free(cache->entries);
	pthread_mutex_destroy(&cache->lock);
	pthread_cond_destroy(&cache->done);
	free(cache);
}

void bw_analysis_paths_cache_counts(const bw_analysis_paths_cache *cache, size_t *hits,
                                    size_t *misses)
{
	bw_analysis_paths_cache *c = (bw_analysis_paths_cache *)cache; /* the lock only */
	*hits = *misses = 0;
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}

static int same_string(const char *x, const char *y)
{
	return (x == NULL && y == NULL) || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

/* A deep copy of 'from' into *out. */
static int paths_copy(bw_paths **out, const bw_paths *from)
{
	size_t cells = from->path_count * (size_t)from->months;
	int error = bw_paths_new(out, from->path_count, from->months);
	if (error < 0)
		return error;
	memcpy((*out)->list_usd, from->list_usd, cells * sizeof(double));
	if (from->price_index != NULL) {
		if (((*out)->price_index = malloc(cells * sizeof(double))) == NULL) {
			bw_paths_free(*out);
			*out = NULL;
			return bw_error_set(BW_ERROR, "out of memory");
		}
		memcpy((*out)->price_index, from->price_index, cells * sizeof(double));
	}
	return 0;
}

/* A deep copy of 'from' (NULL copies as NULL) into *out. */
static int segments_copy(bw_segments **out, const bw_segments *from)
{
	*out = NULL;
	if (from == NULL)
		return 0;
	bw_segments *s = malloc(sizeof(*s));
	if (s == NULL || (s->segments = malloc((from->count ? from->count : 1) *
	                                       sizeof(*s->segments))) == NULL) {
		free(s);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	bw_segment_fit *fits = s->segments;
	*s = *from;
	s->segments = fits;
	memcpy(fits, from->segments, from->count * sizeof(*fits));
	*out = s;
	return 0;
}

/* The entry for this run's store state and options, or NULL. */
static cache_entry *cache_find(bw_analysis_paths_cache *cache, const bw_analysis_options *o,
                               const cache_entry *key, const bw_forecast_options *forecast)
{
	for (size_t i = 0; i < cache->capacity; i++) {
		cache_entry *e = &cache->entries[i];
		if (e->used != 0 && same_string(e->db_path, o->db_path) &&
		    same_string(e->prices_path, o->prices_path) &&
		    run_state_equal(&e->state, &key->state) && e->price_basis == o->price_basis &&
		    e->segments_setting == o->segments && forecast_equal(&e->forecast, forecast))
			return e;
	}
	return NULL;
}

static int forecast_paths(bw_analysis *a, const bw_analysis_options *o,
                          const bw_forecast_options *forecast);

/* The forecast of this run: from the cache when its store state and
 * options are there, else computed and kept (in the least recently used
 * entry). The history is read every time (the documents show it and the
 * price changes in it); the forecast is what costs. The store state is
 * taken before the history is read, so a write during the read makes the
 * next run miss rather than hit stale. */
static int cached_forecast(bw_analysis *a, const bw_analysis_options *o,
                           const bw_forecast_options *forecast, const cache_entry *key)
{
	bw_analysis_paths_cache *cache = o->cache;
	cache_entry *e, *slot = NULL;
	int error;

	pthread_mutex_lock(&cache->lock);
	while ((e = cache_find(cache, o, key, forecast)) != NULL && e->pending)
		pthread_cond_wait(&cache->done, &cache->lock);
	if (e != NULL) {
		error = paths_copy(&a->paths, e->paths);
		if (error == 0)
			error = segments_copy(&a->segments, e->segments);
		if (error == 0) {
			a->fit = e->fit;
			snprintf(a->segments_note, sizeof(a->segments_note), "%s",
			         e->segments_note);
			e->used = ++cache->clock;
			cache->hits++;
		}
		pthread_mutex_unlock(&cache->lock);
		return error;
	}
	cache->misses++;
	/* The least recently used entry no other run is filling; with every
	 * entry pending, this forecast is made without being kept. */
	for (size_t i = 0; i < cache->capacity; i++)
		if (!cache->entries[i].pending &&
		    (slot == NULL || cache->entries[i].used < slot->used))
			slot = &cache->entries[i];
	if (slot != NULL) {
		entry_clear(slot);
		slot->state = key->state;
		slot->forecast = *forecast;
		slot->price_basis = o->price_basis;
		slot->segments_setting = o->segments;
		slot->used = ++cache->clock;
		slot->pending = 1;
		if ((slot->db_path = strdup(o->db_path)) == NULL ||
		    (o->prices_path != NULL &&
		     (slot->prices_path = strdup(o->prices_path)) == NULL)) {
			entry_clear(slot); /* not kept; this run goes on without it */
			slot = NULL;
		}
	}
	pthread_mutex_unlock(&cache->lock);

	error = forecast_paths(a, o, forecast);

	if (slot == NULL)
		return error;
	pthread_mutex_lock(&cache->lock);
	slot->pending = 0;
	if (error < 0 || paths_copy(&slot->paths, a->paths) < 0 ||
	    segments_copy(&slot->segments, a->segments) < 0)
		entry_clear(slot); /* not kept: the next run tries again */
	else {
		slot->fit = a->fit;
		snprintf(slot->segments_note, sizeof(slot->segments_note), "%s", a->segments_note);
	}
	pthread_cond_broadcast(&cache->done);
	pthread_mutex_unlock(&cache->lock);
	return error;
}

/* The store priced at list (and its catalog) for this run's store state:
 * shared with the cache when it is there, else made and kept. Two runs
 * that miss at once both price it; the one kept last stays. */
static int cached_spend(bw_analysis *a, const bw_analysis_options *o)
{
	bw_analysis_paths_cache *cache = o->cache;
	analysis_box *box = box_of(a);
	history_entry *slot = NULL;
	shared_history *shared;
	bw_store *store = NULL;
	int error;

	pthread_mutex_lock(&cache->lock);
	for (size_t i = 0; i < HISTORY_ENTRIES; i++) {
		history_entry *h = &cache->history[i];
		if (h->shared != NULL && same_string(h->db_path, o->db_path) &&
		    same_string(h->prices_path, o->prices_path) &&
		    run_state_equal(&h->state, &box->state)) {
			__atomic_add_fetch(&h->shared->refs, 1, __ATOMIC_ACQ_REL);
			h->used = ++cache->clock;
			box->shared = h->shared;
			a->catalog = h->shared->catalog;
			a->spend = h->shared->spend;
			pthread_mutex_unlock(&cache->lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&cache->lock);

	if ((error = load_catalog(a, o)) < 0 ||
	    (error = bw_store_open(&store, o->db_path, o->store_flags)) < 0 ||
	    (error = bw_spend_from_store(&a->spend, store, a->catalog)) < 0) {
		bw_store_close(store);
		return error;
	}
	bw_store_close(store);
	if ((shared = calloc(1, sizeof(*shared))) == NULL)
		return 0; /* not kept; this run goes on with its own */
	shared->catalog = a->catalog;
	shared->spend = a->spend;
	shared->refs = 2; /* this run and the cache */
	box->shared = shared;

	pthread_mutex_lock(&cache->lock);
	for (size_t i = 0; i < HISTORY_ENTRIES; i++)
		if (slot == NULL || cache->history[i].used < slot->used)
			slot = &cache->history[i];
	history_clear(slot);
	slot->state = box->state;
	slot->used = ++cache->clock;
	slot->shared = shared;
	if ((slot->db_path = strdup(o->db_path)) == NULL ||
	    (o->prices_path != NULL && (slot->prices_path = strdup(o->prices_path)) == NULL))
		history_clear(slot); /* not kept: lets the cache's reference go */
	pthread_mutex_unlock(&cache->lock);
	return 0;
}

/* The store state a cache entry is keyed by, taken before the store is
 * read. One more open of the store (a connection, for PostgreSQL) and one
 * row read: what a hit saves is pricing the store and the forecast. A store
 * that cannot be opened is not known, and the run's own reads say why. */
static void store_state(const bw_analysis_options *o, run_state *out)
{
	bw_store *store = NULL;
	memset(out, 0, sizeof(*out));
	if (o->db_path == NULL || bw_store_open(&store, o->db_path, o->store_flags) < 0)
		return;
	out->known = bw_store_state(store, out->store) == 0;
	bw_store_close(store);
	state_of(o->prices_path, &out->prices);
}

/* The first history month the forecast fits, from options->fit_since. */
static int fit_window(const bw_analysis *a, const bw_analysis_options *o,
                      bw_forecast_options *forecast)
{
	int since, first;

	/* The history's calendar and weekdays, when its rows are daily: the
	 * weekday adjustment (forecast.h) of the total and the segments. */
	if (o->weekdays && isnan(forecast->weekend_ratio) &&
	    bwx_month_parse(a->history_first_month, &first) == 0 &&
	    isfinite(a->spend->weekend_ratio)) {
		forecast->calendar_month = first;
		forecast->weekend_ratio = a->spend->weekend_ratio;
	}
	if (o->fit_since == NULL)
		return 0;
	if (bwx_month_parse(o->fit_since, &since) < 0 ||
	    bwx_month_parse(a->history_first_month, &first) < 0)
		return bw_error_set(BW_EUSAGE, "the fit's first month '%s' is not YYYY-MM",
		                    o->fit_since);
	if (since < first || since - first + 3 > (int)a->history_count)
		return bw_error_set(BW_EUSAGE,
		                    "the fit's first month %s must be within the history (%s and "
		                    "the %zu complete months after it) and leave at least 3 "
		                    "months to fit",
		                    o->fit_since, a->history_first_month, a->history_count - 1);
	forecast->fit_from = (size_t)(since - first);
	return 0;
}

/* The paths as the sum of the segments' forecasts, replacing the total's
 * (whose fit stays for the report). */
static int segment_paths(bw_analysis *a, const bw_analysis_options *o,
                         const bw_forecast_options *forecast)
{
	bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
	bw_paths *paths = NULL;
	int error;

	if (o->price_basis != BW_PRICE_BASIS_TODAY)
		return bw_error_set(BW_EUSAGE, "the segments are forecast on the same work at "
		                               "today's list, not on the history as billed");
	/* Each segment gets its own model choice (segments.h): an option
	 * that shapes the total's model would be silently dropped, so it is
	 * refused instead. */
	if (forecast->damping < 1 || !isnan(forecast->growth) || forecast->model != BW_MODEL_AUTO ||
	    forecast->fit_from > 0)
		return bw_error_set(BW_EUSAGE,
		                    "the segment forecast fits each segment its own model "
		                    "choice on its whole history: a damping, an assumed growth, a "
		                    "chosen model or a later first month to fit shape the "
		                    "company's total only; forecast the total to use them");
	if ((error = bw_segments_forecast(&paths, &a->segments, a->spend, forecast, &options)) < 0)
		return error;
	bw_paths_free(a->paths);
	a->paths = paths;
	return 0;
}

/* Whether this run forecasts by segment (*by_segment), and why in words
 * (a->segments_note): --segments on always (segment_paths refuses what it
 * cannot do), off never, auto when two segments or more have the months
 * for their own model choice and nothing shapes the total's model. */
static int decide_segments(bw_analysis *a, const bw_analysis_options *o,
                           const bw_forecast_options *forecast, int *by_segment)
{
	bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
	size_t supported = 0, events = 0, total = 0;
	const char *shaped = NULL;
	int error;

	a->segments_note[0] = '\0';
	*by_segment = o->segments == BW_SEGMENTS_ON;
	if (o->segments != BW_SEGMENTS_AUTO)
		return 0;
	if (o->price_basis != BW_PRICE_BASIS_TODAY)
		shaped = "the segments are forecast at today's list, not as billed";
	else if (forecast->model != BW_MODEL_AUTO)
		shaped = "a chosen --model shapes the total's forecast";
	else if (forecast->damping < 1)
		shaped = "a --damping shapes the total's forecast";
	else if (!isnan(forecast->growth))
		shaped = "an assumed --growth shapes the total's forecast";
	else if (forecast->fit_from > 0)
		shaped = "--fit-since shapes the total's forecast";
	if (shaped != NULL) {
		snprintf(a->segments_note, sizeof(a->segments_note),
		         "Forecast on the company's total (--segments auto: %s).", shaped);
		return 0;
	}
	/* A history the segments cannot be read from (not repriced) is
	 * forecast on the total, as auto says. */
	error = bw_segments_count_supported(a->spend, &options, &supported, &events, &total);
	if (error == BW_ERROR)
		return error;
	if (error < 0)
		bw_error_clear();
	/* One established segment is enough when another started or stopped:
	 * a launch, a migration to another family or a pilot that ended is
	 * that segment's event, and on the total it reads as a break of the
	 * company's growth. */
	*by_segment = supported >= 2 || (supported == 1 && events > 0);
	if (*by_segment && supported >= 2)
		snprintf(a->segments_note, sizeof(a->segments_note),
		         "By segment (--segments auto): %zu of %zu segments have %d complete "
		         "months of spend or more.",
		         supported, total, BW_SEGMENTS_AUTO_MONTHS);
	else if (*by_segment)
		snprintf(a->segments_note, sizeof(a->segments_note),
		         "By segment (--segments auto): 1 of %zu segments has %d complete months "
		         "of spend or more, and %zu started or stopped inside the history.",
		         total, BW_SEGMENTS_AUTO_MONTHS, events);
	else
		snprintf(a->segments_note, sizeof(a->segments_note),
		         "Forecast on the company's total (--segments auto: %zu of %zu segments "
		         "%s %d complete months of spend or more; two are needed, or one and "
		         "another that started or stopped; --segments on forecasts by segment "
		         "anyway).",
		         supported, total, supported == 1 ? "has" : "have",
		         BW_SEGMENTS_AUTO_MONTHS);
	return 0;
}

/* The total's forecast and fit, and by segment when this run's setting
 * says so (the segments' sum replaces the total's paths): what the cache
 * keeps. */
static int forecast_paths(bw_analysis *a, const bw_analysis_options *o,
                          const bw_forecast_options *forecast)
{
	int error, by_segment = 0;

	if ((error = decide_segments(a, o, forecast, &by_segment)) < 0 ||
	    (error = bw_forecast_run(&a->paths, &a->fit, a->history_usd, a->history_count,
	                             forecast)) < 0)
		return error;
	return by_segment ? segment_paths(a, o, forecast) : 0;
}

/* The forecast (or the user's paths), the scenarios, and the optimized
 * paths the deal is sized on when a policy or a savings share is given.
 * 'key' is the store state taken before anything of this run read it. */
static int build_paths(bw_analysis *a, const bw_analysis_options *o, const cache_entry *key)
{
	int error, levers = 1;

	if (o->paths_file != NULL) {
		if ((error = bw_paths_read_csv(&a->paths, o->paths_file)) < 0)
			return error;
	} else {
		bw_forecast_options forecast = o->forecast;
		int cached = o->cache != NULL && key->state.known;
		a->segments_setting = o->segments;
		if ((error = load_history(a, o)) < 0 || (error = fit_window(a, o, &forecast)) < 0)
			return error;
		error = cached ? cached_forecast(a, o, &forecast, key)
		               : forecast_paths(a, o, &forecast);
		if (error < 0)
			return error;
		a->has_fit = 1;
		bw_forecast_label_changes(&a->fit, a->history_first_month);
		a->changes = a->fit.changes;
		a->change_count = a->fit.change_count;
		/* Month 1 of the forecast follows the last complete month. */
		month_add(a->history_first_month, (int)a->history_count, a->first_month);
	}
	if ((error = bw_paths_apply_scenarios(a->paths, o->scenarios, o->scenario_count,
	                                      o->forecast.seed)) < 0)
		return error;
	a->sizing = a->paths;
	if (o->policy_path != NULL) {
		if ((error = measure_policy(a, o)) < 0)
			return error;
		levers = BW_LEVER_COUNT;
	} else if (o->savings >= 0) {
		a->lever_shares[0] = o->savings;
		a->lever_ramp_months[0] = o->savings_ramp_months;
	} else {
		return 0;
	}
	if ((error = bw_paths_new(&a->optimized, a->paths->path_count, a->paths->months)) < 0 ||
	    (error = bw_paths_apply_levers(a->paths, a->lever_shares, a->lever_ramp_months, levers,
	                                   a->optimized)) < 0)
		return error;
	a->sizing = a->optimized;
	return 0;
}

/* Each band's expected cost against commitment, from its threshold to
 * 1.5x the expected pay-as-you-go spend (at least 1.3x the threshold, at
 * most the band's ceiling): the range a chart of the choice needs. */
static int cost_curves(bw_analysis *a, const bw_analysis_options *o)
{
	const bw_plan_result *plan = a->plan;
	size_t n = BW_ANALYSIS_CURVE_POINTS;

	if ((a->curve_commits_usd = calloc(plan->band_count * n, sizeof(double))) == NULL ||
	    (a->curve_costs_usd = calloc(plan->band_count * n, sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	a->curve_points = n;
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *b = &plan->bands[i];
		double hi = plan->payg_expected_cost_usd * 1.5;
		if (hi < b->commit_min_usd * 1.3)
			hi = b->commit_min_usd * 1.3;
		if (hi > b->commit_max_usd)
			hi = b->commit_max_usd;
		int error =
		    bw_plan_cost_curve(a->sizing, &b->band, &o->plan, b->commit_min_usd, hi, (int)n,
		                       a->curve_commits_usd + i * n, a->curve_costs_usd + i * n);
		if (error < 0)
			return error;
	}
	return 0;
}

/* The realized discount since the deal started, from the cost rows that
 * carry a list amount. */
static int track_realized(bw_analysis *a, const bw_analysis_options *o)
{
	char from[32] = "";
	bw_store *store = NULL;
	int error;
	if (o->track_deal->start_month[0])
		snprintf(from, sizeof(from), "%s-01T00:00:00Z", o->track_deal->start_month);
	if ((error = bw_store_open(&store, o->db_path, o->store_flags)) < 0)
		return error;
	error = bw_store_cost_list_totals(store, from[0] ? from : NULL, NULL, &a->track->realized);
	bw_store_close(store);
	return error;
}

static int run(bw_analysis *a, const bw_analysis_options *o)
{
	unsigned stages = o->stages;
	cache_entry key = {0};
	int error;

	if (o->cache != NULL) {
		store_state(o, &key.state);
		box_of(a)->state = key.state;
	}
	if (stages & (BW_ANALYSIS_PLAN | BW_ANALYSIS_CURVES))
		stages |= BW_ANALYSIS_PLAN | BW_ANALYSIS_PATHS;
	if (o->offer_count > 0)
		stages |= BW_ANALYSIS_PATHS;
	if ((stages & BW_ANALYSIS_PLAN || o->offer_count > 0) && (error = load_bands(a, o)) < 0)
		return error;
	if (o->peers_path != NULL && ((error = bw_peers_read_csv(&a->peers, o->peers_path)) < 0 ||
	                              (error = bw_peers_fit_model(a->peers, &a->peers_fit)) < 0))
		return error;
	if (stages & (BW_ANALYSIS_HISTORY | BW_ANALYSIS_BACKTEST | BW_ANALYSIS_TRACK) &&
	    (error = load_history(a, o)) < 0)
		return error;
	if (stages & BW_ANALYSIS_PATHS && (error = build_paths(a, o, &key)) < 0)
		return error;
	if (stages & BW_ANALYSIS_SOURCES && (error = price_store(a, o)) < 0)
		return error;
	if (stages & BW_ANALYSIS_PLAN) {
		if (a->optimized != NULL) {
			if ((error = bw_plan_trapped_savings(&a->trapped, a->paths, a->optimized,
			                                     a->bands, &o->plan)) < 0)
				return error;
			a->has_trapped = 1;
		}
		if ((error = bw_plan_run(&a->plan, a->sizing, a->bands, &o->plan)) < 0)
			return error;
	}
	if (o->offer_count > 0 && (a->offers = calloc(o->offer_count, sizeof(*a->offers))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < o->offer_count; i++) {
		if ((error = bw_offer_evaluate(&a->offers[i], o->offers[i], a->sizing, a->bands,
		                               &o->plan)) < 0)
			return error;
		a->offer_count = i + 1;
	}
	if (stages & BW_ANALYSIS_SOURCES &&
	    ((o->bands_path != NULL &&
	      (error = bw_ingest_file_sha256(o->bands_path, a->bands_sha256)) < 0) ||
	     (o->policy_path != NULL &&
	      (error = bw_ingest_file_sha256(o->policy_path, a->policy_sha256)) < 0)))
		return error;
	if (stages & BW_ANALYSIS_CURVES && (error = cost_curves(a, o)) < 0)
		return error;
	if (stages & BW_ANALYSIS_BACKTEST &&
	    !(o->backtest_optional && a->history_count < o->backtest_holdout + 3)) {
		bw_forecast_options forecast = o->forecast;
		if ((error = fit_window(a, o, &forecast)) < 0 ||
		    (error = bw_forecast_backtest(&a->backtest, a->history_usd, a->history_count,
		                                  o->backtest_holdout, &forecast)) < 0)
			return error;
		month_add(a->history_first_month, (int)(a->history_count - o->backtest_holdout),
		          a->backtest_first_month);
	}
	if (stages & BW_ANALYSIS_TRACK &&
	    (error =
	         bw_track_run_basis(&a->track, o->track_deal, a->history_billed_usd, a->history_usd,
	                            a->history_count, a->history_first_month, &o->forecast)) < 0)
		return error;
	if (stages & BW_ANALYSIS_TRACK && (error = track_realized(a, o)) < 0)
		return error;
	return 0;
}

int bw_analysis_run(bw_analysis **out, const bw_analysis_options *options)
{
	analysis_box *box = calloc(1, sizeof(*box));
	*out = (bw_analysis *)box; /* pub is its first member: the same address */
	if (box == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	return run(*out, options);
}

void bw_analysis_free(bw_analysis *a)
{
	if (a == NULL)
		return;
	if (box_of(a)->shared != NULL) {
		/* Borrowed from the cache: the last one to let go frees them. */
		shared_release(box_of(a)->shared);
		a->catalog = NULL;
		a->spend = NULL;
	}
	bw_catalog_free(a->catalog);
	bw_bands_free(a->bands);
	bw_spend_free(a->spend);
	free(a->history_usd);
	free(a->history_billed_usd);
	bw_paths_free(a->paths);
	bw_segments_free(a->segments);
	bw_policy_free(a->policy);
	bw_waterfall_free(a->waterfall);
	bw_paths_free(a->optimized);
	bw_plan_result_free(a->plan);
	free(a->offers);
	bw_peers_free(a->peers);
	free(a->curve_commits_usd);
	free(a->curve_costs_usd);
	free(a->sources);
	bw_backtest_free(a->backtest);
	bw_track_free(a->track);
	free(a);
}

int bw_analysis_find_band(const bw_bands *bands, const char *name, double commit_usd,
                          int term_months)
{
	/* From the top: under the list measure neighbouring ranges overlap,
	 * and a commitment that reaches a higher band gets its terms. */
	for (size_t i = bands->count; i-- > 0;) {
		double lo, hi;
		bw_bands_commit_range(bands, i, term_months, &lo, &hi);
		if (name != NULL) {
			if (strcmp(bands->bands[i].name, name) != 0)
				continue;
			/* A band's terms are not on offer below its threshold. */
			if (commit_usd >= 0 && commit_usd < lo) {
				const bw_band *band = &bands->bands[i];
				if (band->threshold_measure == BW_THRESHOLD_LIST)
					bw_error_set(
					    BW_EUSAGE,
					    "a commitment of %.2f USD over %d months is below "
					    "the %s band's threshold in %s: it needs at least "
					    "%.2f USD, whose list value at %g%% off is %.2f USD "
					    "(thresholds count list value)",
					    commit_usd, term_months, name, bands->origin, lo,
					    band->discount * 100, lo / (1 - band->discount));
				else
					bw_error_set(
					    BW_EUSAGE,
					    "a commitment of %.2f USD over %d months is below "
					    "the %s band's threshold in %s: it needs at least "
					    "%.2f USD (thresholds count net value)",
					    commit_usd, term_months, name, bands->origin, lo);
				return -1;
			}
			/* Ranges are [lo, hi): at or above the next band's threshold
			 * the next band's terms apply (docs/bands.md), so the
			 * commitment is priced in the band that holds it; the caller
			 * sees a different name and says so. */
			if (commit_usd >= hi)
				return bw_analysis_find_band(bands, NULL, commit_usd, term_months);
			return (int)i;
		}
		if (commit_usd >= lo && commit_usd < hi)
			return (int)i;
	}
	if (name != NULL)
		bw_error_set(BW_EUSAGE, "no band named '%s' in %s", name, bands->origin);
	else
		bw_error_set(
		    BW_EUSAGE,
		    "a commitment of %.2f USD over %d months is below every band's threshold "
		    "in %s",
		    commit_usd, term_months, bands->origin);
	return -1;
}

int bw_analysis_evaluate(const bw_bands *bands, const bw_paths *paths,
                         const bw_plan_options *options, double commit_usd, const double *schedule,
                         int schedule_count, const char *band_name, bw_analysis_evaluation *out,
                         double *payg_usd)
{
	int index, error;
	/* Pay-as-you-go is a commitment of nothing at list: E[list spend]. */
	bw_band list = {.overage = BW_OVERAGE_LIST};
	snprintf(list.name, sizeof(list.name), "payg");

	memset(out, 0, sizeof(*out));
	if ((index = bw_analysis_find_band(bands, band_name, commit_usd, options->term_months)) < 0)
		return BW_EUSAGE; /* the message says what is needed */
	if (schedule_count > 1) {
		/* A schedule: one amount per true-up period of the band's terms. */
		bw_deal deal =
		    bw_deal_from_band(&bands->bands[index], options->term_months, commit_usd);
		deal.schedule_usd = (double *)schedule; /* only read: the deal is const below */
		deal.schedule_count = schedule_count;
		error = bw_plan_evaluate_deal(&out->outcome, paths, &deal, options);
		if (error == 0 && payg_usd != NULL) {
			bw_plan_outcome payg;
			error = bw_plan_evaluate(&payg, paths, &list, options, 0);
			*payg_usd = payg.expected_cost_usd;
		}
	} else if (payg_usd != NULL) {
		/* Both on one preparation of the paths. */
		bw_band both[2] = {bands->bands[index], list};
		double commits[2] = {commit_usd, 0};
		bw_plan_outcome outcomes[2];
		error = bw_plan_evaluate_many(outcomes, paths, both, commits, 2, options);
		out->outcome = outcomes[0];
		*payg_usd = outcomes[1].expected_cost_usd;
	} else {
		error = bw_plan_evaluate(&out->outcome, paths, &bands->bands[index], options,
		                         commit_usd);
	}
	if (error < 0)
		return error;
	out->band = bands->bands[index].name;
	if (band_name != NULL && strcmp(band_name, out->band) != 0)
		out->asked_band = band_name;
	return 0;
}

/* List price per million tokens of the model on 'day' for one token type. */
static int price_of(const bw_catalog *catalog, const char *model, const char *day,
                    bw_token_type type, double *out)
{
	bw_usage_row row;
	bw_price_breakdown price;
	int error;

	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[type] = 1000000;
	if ((error = bw_catalog_price_row(catalog, &row, &price)) < 0)
		return error;
	*out = price.usd[type];
	return 0;
}

int bw_analysis_cache_simulation(const bw_catalog *catalog, const char *trace_file,
                                 const char *model, long block_tokens, long min_tokens,
                                 const char *day, bw_analysis_cache *out)
{
	static const char *const labels[BW_ANALYSIS_CACHE_TTLS] = {"5m", "1h", "inf"};
	const int64_t ttls[BW_ANALYSIS_CACHE_TTLS] = {300000, 3600000, BW_CACHESIM_TTL_INFINITE};
	bw_trace *trace = NULL;
	double input, read, write_5m, write_1h;
	int error;

	memset(out, 0, sizeof(*out));
	out->model = bw_catalog_resolve(catalog, model);
	if (out->model == NULL)
		return bw_error_set(BW_ENOTFOUND, "model '%s' is not in the price catalog %s",
		                    model, bw_catalog_version(catalog));
	if (min_tokens < 0) {
		int64_t found = bw_cachesim_min_tokens(out->model);
		if (found < 0)
			return (int)found;
		min_tokens = (long)found;
	}
	out->min_tokens = min_tokens;
	if ((error = price_of(catalog, out->model, day, BW_TOKEN_UNCACHED_INPUT, &input)) < 0 ||
	    (error = price_of(catalog, out->model, day, BW_TOKEN_CACHE_READ, &read)) < 0 ||
	    (error = price_of(catalog, out->model, day, BW_TOKEN_CACHE_WRITE_5M, &write_5m)) < 0 ||
	    (error = price_of(catalog, out->model, day, BW_TOKEN_CACHE_WRITE_1H, &write_1h)) < 0 ||
	    (error = bw_trace_read_mooncake(&trace, trace_file)) < 0)
		goto done;
	const double writes[BW_ANALYSIS_CACHE_TTLS] = {write_5m, write_1h, write_1h};
	for (int i = 0; i < BW_ANALYSIS_CACHE_TTLS; i++) {
		bw_cachesim_options o = {ttls[i], block_tokens, min_tokens, input, read, writes[i]};
		out->labels[i] = labels[i];
		if ((error = bw_cachesim_run(trace, &o, &out->results[i])) < 0)
			goto done;
	}
done:
	bw_trace_free(trace);
	return error;
}

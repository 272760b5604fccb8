/*
 * bandwise/analysis.h: the pipeline, assembled once for every front end.
 *
 * A front end (the CLI's commands, the report, a web page) fills one
 * options struct and makes one call; the library opens the store, prices
 * the history, forecasts it (or reads the user's paths), overlays the
 * scenarios, applies the optimization policy, sizes the deal against the
 * bands and evaluates offers and tracking, and hands back everything there
 * is to show, with one free function. Nothing here prints: warnings (usage
 * the catalog cannot price) are in the result for the front end to show.
 *
 * What runs is what the options ask for (stages below); each stage takes
 * what it needs from the ones before it, so asking for a plan also builds
 * the paths, which builds the history.
 */
#ifndef BANDWISE_ANALYSIS_H
#define BANDWISE_ANALYSIS_H

#include <stddef.h>

#include "bandwise/bands.h"
#include "bandwise/cachesim.h"
#include "bandwise/catalog.h"
#include "bandwise/deal.h"
#include "bandwise/forecast.h"
#include "bandwise/offer.h"
#include "bandwise/paths.h"
#include "bandwise/peers.h"
#include "bandwise/plan.h"
#include "bandwise/policy.h"
#include "bandwise/segments.h"
#include "bandwise/spend.h"
#include "bandwise/store.h"
#include "bandwise/track.h"

/* The stages a caller asks for, or-ed together. */
enum {
	BW_ANALYSIS_HISTORY = 1 << 0,  /* the store priced at list; its complete months */
	BW_ANALYSIS_PATHS = 1 << 1,    /* the forecast (or the user's paths) with scenarios,
	                                  and the optimized paths when a policy or savings is given */
	BW_ANALYSIS_PLAN = 1 << 2,     /* every band's optimum and the recommendation */
	BW_ANALYSIS_CURVES = 1 << 3,   /* expected cost against commitment, per band */
	BW_ANALYSIS_SOURCES = 1 << 4,  /* the store's provenance and the input files' sha256 */
	BW_ANALYSIS_BACKTEST = 1 << 5, /* the forecast tried on the history's last months */
	BW_ANALYSIS_TRACK = 1 << 6     /* a signed deal against the history */
};

/*
 * A cache of forecasts between runs, for a front end that answers many
 * what-ifs on one store (bandwise serve): the history and the forecast
 * paths are kept per store state (the store file and its WAL: path,
 * inode, size, modification time), price catalog and forecast options,
 * so a change of commitment, band table, objective or scenario re-plans
 * on the same paths without reading the store or forecasting again. The
 * scenarios are applied after the cache, so they are not part of its key.
 * A run with the cache gives the same results as one without (same seed,
 * same paths). Thread-safe: runs on several threads may share one cache;
 * when they ask for the same forecast at once, one makes it and the others
 * wait for it. The priced store (the result's catalog and spend) is kept
 * too and shared, read-only, by the runs of the same store state.
 */
typedef struct bw_analysis_paths_cache bw_analysis_paths_cache;

/* A cache keeping the 'capacity' most recently used forecasts (at least
 * 1). On success *out owns it (bw_analysis_paths_cache_free). */
int bw_analysis_paths_cache_new(bw_analysis_paths_cache **out, size_t capacity);

void bw_analysis_paths_cache_free(bw_analysis_paths_cache *cache);

/* How many runs found their forecast in the cache, and how many did not. */
void bw_analysis_paths_cache_counts(const bw_analysis_paths_cache *cache, size_t *hits,
                                    size_t *misses);

/* How many points each band's cost curve has (BW_ANALYSIS_CURVES). */
#define BW_ANALYSIS_CURVE_POINTS 60

typedef struct {
	unsigned stages;         /* BW_ANALYSIS_... */
	const char *db_path;     /* the store; unused with paths_file unless a stage
	                            beyond the paths needs the history */
	const char *prices_path; /* a price catalog file; NULL = the built-in one */
	const char *bands_path;  /* a band table file; NULL = the built-in illustrative one */
	const char *paths_file;  /* the user's own paths (CSV) instead of the forecast */
	const char *policy_path; /* size on usage optimized by this policy; NULL = none */
	double savings;          /* a flat optimization share instead of a policy; < 0 = none */
	int savings_ramp_months; /* its ramp */
	bw_forecast_options forecast; /* months (the term), paths, seed, damping, growth, ... */
	const bw_scenario *scenarios; /* launches and price cuts, in order */
	size_t scenario_count;
	bw_plan_options plan;              /* term, objective, grid, risk settings */
	const bw_deal_file *const *offers; /* offers to evaluate on the sized paths */
	size_t offer_count;
	const char *peers_path;         /* comparable deals (CSV) to place the offers among */
	size_t backtest_holdout;        /* months held out (BW_ANALYSIS_BACKTEST) */
	const bw_deal_file *track_deal; /* the signed deal (BW_ANALYSIS_TRACK) */
	int store_flags;                /* bw_store_open's flags: BW_STORE_READ_ONLY for a front end
	                                   that must not write (bandwise serve); 0 = the default */
	bw_analysis_paths_cache *cache; /* reuse forecasts between runs; NULL = none */
	const char *fit_since;          /* "YYYY-MM": the forecast fits from this month on;
	                                   NULL = the whole history */
	bw_price_basis price_basis;     /* the history the forecast fits: the same work at
	                                   today's list (default) or as billed */
	bw_segments_setting segments;   /* ON: forecast by segment (segments.h) and sum; needs
	                                   the today basis; OFF: the company's total; AUTO
	                                   (default): by segment when two segments or more
	                                   have the months for it (segments.h) */
	int backtest_optional;          /* 1: a history too short to hold out backtest_holdout
	                                   months and fit 3 leaves backtest NULL instead of
	                                   failing (the report shows what it can) */
	int weekdays;                   /* 1: a store of daily rows is fitted per weekday-equivalent
	                                   day (forecast.h, the weekday adjustment); 0 (default):
	                                   per month as it is */
} bw_analysis_options;

/* Plan-only defaults: the forecast's and the plan's defaults, no savings. */
#define BW_ANALYSIS_OPTIONS_INIT                                                                   \
	{                                                                                          \
		BW_ANALYSIS_PLAN, NULL, NULL, NULL, NULL, NULL, -1, 0, BW_FORECAST_OPTIONS_INIT,   \
		    NULL, 0, BW_PLAN_OPTIONS_INIT, NULL, 0, NULL, 3, NULL, 0, NULL, NULL,          \
		    BW_PRICE_BASIS_TODAY, BW_SEGMENTS_AUTO, 0, 0                                   \
	}

typedef struct {
	bw_catalog *catalog; /* the prices used (loaded whenever the history is) */
	bw_bands *bands;     /* the band table (loaded for PLAN and offers) */

	/* BW_ANALYSIS_HISTORY */
	int has_history;     /* 1 once the history was read (its warnings apply) */
	bw_spend *spend;     /* the store priced at list; spend->unpriced are the
	                        warnings a front end should show */
	double *history_usd; /* complete months, oldest first, at options->price_basis:
	                        what the forecast, the backtest and the plan see */
	size_t history_count;
	char history_first_month[8]; /* "YYYY-MM" of history_usd[0] */
	double *history_billed_usd;  /* the same months as billed (tracking draws on these) */
	bw_price_basis price_basis;  /* the basis of history_usd */
	const bw_price_change *price_changes; /* list price changes and migrations in the
	                                         history, oldest first (borrowed from spend) */
	size_t price_change_count;

	/* BW_ANALYSIS_PATHS */
	bw_paths *paths;       /* the forecast or the user's paths, scenarios applied */
	bw_forecast_fit fit;   /* the company's total trend (also with segments, for reference) */
	bw_segments *segments; /* forecast by segment: what each segment's fit found */
	bw_segments_setting segments_setting; /* options->segments */
	char segments_note[256]; /* why the forecast is (or is not) by segment, in words;
	                            "" with OFF */
	int has_fit;             /* 0 for the user's paths */
	char first_month[8];     /* month 1 of the forecast, "" for the user's paths */
	bw_policy *policy;       /* with policy_path */
	bw_waterfall *waterfall; /* the policy's savings over the last 3 complete months */
	char policy_scope[128];  /* which months those are, in words */
	double lever_shares[BW_LEVER_COUNT]; /* each lever's share of list spend */
	int lever_ramp_months[BW_LEVER_COUNT];
	bw_paths *optimized;    /* the paths after the policy or savings, else NULL */
	const bw_paths *sizing; /* what the deal is sized on: optimized or paths */

	/* BW_ANALYSIS_PLAN */
	bw_plan_result *plan;
	bw_plan_trapped trapped; /* committing before optimizing (with optimized paths) */
	int has_trapped;
	bw_offer_evaluation *offers; /* one per options->offers, in order */
	size_t offer_count;
	bw_peers *peers; /* with peers_path */
	bw_peers_fit peers_fit;

	/* BW_ANALYSIS_CURVES: band i's points are [i * curve_points, (i + 1) * curve_points) */
	double *curve_commits_usd;
	double *curve_costs_usd;
	size_t curve_points;

	/* BW_ANALYSIS_SOURCES */
	bw_store_source *sources;
	size_t source_count;
	char bands_sha256[65];  /* "" for the built-in table */
	char policy_sha256[65]; /* "" without a policy */

	/* BW_ANALYSIS_BACKTEST */
	bw_backtest *backtest;
	char backtest_first_month[8]; /* the first month held out */

	/* BW_ANALYSIS_TRACK */
	bw_track_result *track;

	/* BW_ANALYSIS_PATHS: the changes the forecast detected in the history,
	 * dated and in words, oldest first (borrowed from fit; none for the
	 * user's paths): what every front end lists */
	const bw_forecast_change *changes;
	size_t change_count;
} bw_analysis;

/*
 * Run the stages 'options' asks for. *out is always set (NULL only when out
 * of memory at the start): on success it holds every result asked for; on
 * failure it holds what was computed before the failing stage (so a front
 * end can still show the history's warnings before the error). Either way
 * the caller frees it with bw_analysis_free. Returns 0 or the failing
 * stage's error code with its message set (BW_EUSAGE for a store with no
 * priced usage, BW_EPARSE for a bad file, ...).
 */
int bw_analysis_run(bw_analysis **out, const bw_analysis_options *options);

void bw_analysis_free(bw_analysis *analysis);

/*
 * The savings waterfall of 'policy' over the store's last 'months' complete
 * months (0 = everything stored), priced with 'catalog'; 'scope' gets which
 * months in words ("the 3 complete months 2026-08..2026-10"). On success
 * *out owns the waterfall (bw_waterfall_free). Returns 0 or an error code.
 */
int bw_analysis_policy_waterfall(const char *db_path, const bw_catalog *catalog,
                                 const bw_policy *policy, int months, bw_waterfall **out,
                                 char *scope, size_t scope_size);

/* The same, opening the store with bw_store_open's 'store_flags'
 * (BW_STORE_READ_ONLY for a front end that must not write). */
int bw_analysis_policy_waterfall_flags(const char *db_path, int store_flags,
                                       const bw_catalog *catalog, const bw_policy *policy,
                                       int months, bw_waterfall **out, char *scope,
                                       size_t scope_size);

/*
 * The band a commitment of 'commit_usd' over 'term_months' falls in: the
 * one named 'name' when not NULL, else the one whose commitment range
 * holds it. A named band is refused below its threshold; at or above the
 * next band's threshold (ranges are [lo, hi)) the band that holds the
 * commitment is returned instead: compare names to say so. Returns its index, or -1 with
 * BW_EUSAGE's message set (no band of that name; or the commitment is below every band's
 * threshold).
 */
int bw_analysis_find_band(const bw_bands *bands, const char *name, double commit_usd,
                          int term_months);

/* One commitment evaluated (plan --commit, bandwise serve's what-if). */
typedef struct {
	bw_plan_outcome outcome; /* bw_plan_evaluate's (or bw_plan_evaluate_deal's) numbers */
	const char *band;        /* the band it was evaluated in (borrowed from the bands) */
	const char *asked_band;  /* the band asked for when the commitment reached a higher
	                            band's threshold and was priced there, else NULL
	                            (borrowed from the caller's name) */
} bw_analysis_evaluation;

/*
 * Evaluate a commitment of 'commit_usd' over options->term_months on the
 * sizing paths 'paths' in the band bw_analysis_find_band finds ('band_name'
 * or the one whose range holds it). With 'schedule_count' > 1, 'schedule'
 * holds one amount per true-up period of that band's terms (they sum to
 * 'commit_usd'). With 'payg_usd' not NULL, it gets pay-as-you-go's
 * expected cost on the same paths (a commitment of nothing at list), made
 * on the same prepared paths. Returns 0, or BW_EUSAGE (no such band, below
 * its threshold: the message says what is needed) or another error code.
 */
int bw_analysis_evaluate(const bw_bands *bands, const bw_paths *paths,
                         const bw_plan_options *options, double commit_usd, const double *schedule,
                         int schedule_count, const char *band_name, bw_analysis_evaluation *out,
                         double *payg_usd);

/* The prompt-cache simulation of one trace at the TTLs worth comparing. */
#define BW_ANALYSIS_CACHE_TTLS 3

typedef struct {
	const char *model; /* the catalog's id for the model asked for (borrowed
	                      from the catalog) */
	long min_tokens;   /* the minimum cacheable prompt used */
	const char *labels[BW_ANALYSIS_CACHE_TTLS]; /* "5m", "1h", "inf" */
	bw_cachesim_result results[BW_ANALYSIS_CACHE_TTLS];
} bw_analysis_cache;

/*
 * Simulate the prompt cache on the Mooncake-style trace 'trace_file' for
 * 'model' (an id or alias the catalog resolves), priced at the list prices
 * in force on 'day' ("YYYY-MM-DD"): 5-minute and 1-hour TTLs with their
 * write prices, and an infinite TTL (the upper bound on hits, priced with
 * 1-hour writes). 'min_tokens' < 0 takes the model's minimum cacheable
 * length from the built-in caching table. Returns 0, BW_ENOTFOUND (a model
 * the catalog does not know, or has no price for on 'day'), BW_EPARSE (a
 * bad trace) or another error code.
 */
int bw_analysis_cache_simulation(const bw_catalog *catalog, const char *trace_file,
                                 const char *model, long block_tokens, long min_tokens,
                                 const char *day, bw_analysis_cache *out);

#endif

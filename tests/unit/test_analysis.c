/*
 * test_analysis.c: the pipeline as one library call: its stages, what each
 * leaves in the result, and what a failure leaves behind.
 */
#include "test_util.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>

#include "bandwise.h"

typedef struct {
	char *dir;
	char db[4200];
} fixture;

/* A store holding the demo company's 14 months (2025-09 .. 2026-10). */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bw_catalog *catalog = NULL;
	bw_demo_options demo = BW_DEMO_OPTIONS_INIT;
	bw_demo_files files = BW_DEMO_FILES_INIT;
	bw_store *store = NULL;

	f->dir = test_tmpdir();
	snprintf(f->db, sizeof(f->db), "%s/store.db", f->dir);
	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_demo_write(f->dir, &demo, catalog, &files), 0);
	assert_int_equal(bw_store_open(&store, f->db, BW_STORE_CREATE), 0);
	for (size_t i = 0; i < files.count; i++) {
		bw_ingest_result ingested;
		assert_int_equal(bw_ingest_file(store, files.paths[i], BW_INGEST_AUTO, &ingested),
		                 0);
	}
	bw_store_close(store);
	bw_demo_files_dispose(&files);
	bw_catalog_free(catalog);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	test_rmdir_tree(f->dir);
	free(f);
	return 0;
}

static bw_analysis_options small_options(const fixture *f, unsigned stages)
{
	bw_analysis_options o = BW_ANALYSIS_OPTIONS_INIT;
	o.stages = stages;
	o.db_path = f->db;
	o.forecast.paths = 500;
	return o;
}

static void test_plan_builds_every_stage_it_needs(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis *a = NULL;

	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_true(a->has_history);
	assert_int_equal(a->history_count, 14);
	assert_string_equal(a->history_first_month, "2025-09");
	/* Month 1 of the forecast follows the last complete month. */
	assert_string_equal(a->first_month, "2026-11");
	assert_true(a->has_fit);
	assert_non_null(a->paths);
	assert_int_equal(a->paths->path_count, 500);
	assert_ptr_equal(a->sizing, a->paths);
	assert_null(a->optimized);
	assert_false(a->has_trapped);
	assert_non_null(a->plan);
	assert_non_null(a->bands);
	assert_int_equal(a->plan->band_count, a->bands->count);
	assert_null(a->curve_commits_usd); /* not asked for */
	assert_null(a->sources);
	bw_analysis_free(a);
}

static void test_same_options_same_plan(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis *a = NULL, *b = NULL;

	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_int_equal(bw_analysis_run(&b, &o), 0);
	assert_int_equal(a->plan->recommended, b->plan->recommended);
	assert_true(a->plan->bands[0].optimum.expected_cost_usd ==
	            b->plan->bands[0].optimum.expected_cost_usd);
	bw_analysis_free(a);
	bw_analysis_free(b);
}

static void test_paths_cache_reuses_the_forecast(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis_paths_cache *cache = NULL;
	bw_analysis *plain = NULL, *first = NULL, *again = NULL, *other = NULL;
	size_t hits, misses;

	assert_int_equal(bw_analysis_run(&plain, &o), 0);
	assert_int_equal(bw_analysis_paths_cache_new(&cache, 2), 0);
	o.cache = cache;
	assert_int_equal(bw_analysis_run(&first, &o), 0);
	assert_int_equal(bw_analysis_run(&again, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);
	/* The same paths, bit for bit, as a run without the cache. */
	size_t cells = plain->paths->path_count * (size_t)plain->paths->months;
	assert_memory_equal(again->paths->list_usd, plain->paths->list_usd, cells * sizeof(double));
	assert_int_equal(again->plan->recommended, plain->plan->recommended);
	assert_true(again->plan->bands[1].optimum.expected_cost_usd ==
	            plain->plan->bands[1].optimum.expected_cost_usd);
	assert_string_equal(again->first_month, plain->first_month);
	assert_non_null(again->catalog);

	/* Another seed is another forecast. */
	o.forecast.seed = 2;
	assert_int_equal(bw_analysis_run(&other, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 2);
	bw_analysis_free(other);
	other = NULL;

	/* A store written since is a new state: the forecast is made again. */
	o.forecast.seed = 1;
	struct timespec later[2] = {{0, UTIME_OMIT}, {4102444800, 0}};
	assert_int_equal(utimensat(AT_FDCWD, f->db, later, 0), 0);
	assert_int_equal(bw_analysis_run(&other, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 3);
	bw_analysis_free(other);
	other = NULL;

	/* Another model or price basis is another forecast, never a stale hit. */
	o.forecast.model = BW_MODEL_DRIFT;
	assert_int_equal(bw_analysis_run(&other, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 4);
	assert_int_equal(other->fit.model, BW_MODEL_DRIFT);
	bw_analysis_free(other);
	other = NULL;
	o.forecast.model = BW_MODEL_AUTO;
	o.price_basis = BW_PRICE_BASIS_HISTORY;
	assert_int_equal(bw_analysis_run(&other, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 5);
	assert_int_equal(hits, 1);

	bw_analysis_free(plain);
	bw_analysis_free(first);
	bw_analysis_free(again);
	bw_analysis_free(other);
	bw_analysis_paths_cache_free(cache);
}

/* The demo's 6 segments have 14 months each: the default (auto) forecasts
 * by segment, and the cache keeps the segments' summed paths and fits, so
 * a hit equals a run without the cache bit for bit; the setting is part
 * of the key (off is the total's forecast, another entry). */
static void test_paths_cache_keeps_the_segments(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis_paths_cache *cache = NULL;
	bw_analysis *plain = NULL, *first = NULL, *again = NULL, *off = NULL, *on = NULL;
	size_t hits, misses;

	assert_int_equal(o.segments, BW_SEGMENTS_AUTO);
	assert_int_equal(bw_analysis_run(&plain, &o), 0);
	assert_non_null(plain->segments);
	assert_int_equal(plain->segments->count, 6);
	assert_string_equal(plain->segments_note, "By segment (--segments auto): 6 of 6 segments "
	                                          "have 9 complete months of spend or more.");
	assert_int_equal(bw_analysis_paths_cache_new(&cache, 4), 0);
	o.cache = cache;
	assert_int_equal(bw_analysis_run(&first, &o), 0);
	assert_int_equal(bw_analysis_run(&again, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);
	size_t cells = plain->paths->path_count * (size_t)plain->paths->months;
	assert_memory_equal(again->paths->list_usd, plain->paths->list_usd, cells * sizeof(double));
	assert_non_null(again->segments);
	assert_ptr_not_equal(again->segments, first->segments); /* each run its own copy */
	assert_int_equal(again->segments->count, plain->segments->count);
	assert_true(again->segments->correlation == plain->segments->correlation);
	assert_memory_equal(again->segments->segments, plain->segments->segments,
	                    plain->segments->count * sizeof(bw_segment_fit));
	assert_string_equal(again->segments_note, plain->segments_note);
	assert_true(again->fit.monthly_growth == plain->fit.monthly_growth);

	/* Off is the total's forecast: another entry, other paths. */
	o.segments = BW_SEGMENTS_OFF;
	assert_int_equal(bw_analysis_run(&off, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 2);
	assert_null(off->segments);
	assert_string_equal(off->segments_note, "");
	assert_true(memcmp(off->paths->list_usd, plain->paths->list_usd, cells * sizeof(double)) !=
	            0);
	/* On forecasts what auto did here, keyed apart. */
	o.segments = BW_SEGMENTS_ON;
	assert_int_equal(bw_analysis_run(&on, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 3);
	assert_memory_equal(on->paths->list_usd, plain->paths->list_usd, cells * sizeof(double));

	bw_analysis_free(plain);
	bw_analysis_free(first);
	bw_analysis_free(again);
	bw_analysis_free(off);
	bw_analysis_free(on);
	bw_analysis_paths_cache_free(cache);
}

/* Auto forecasts the total where something shapes the total's model, and
 * says why. */
static void test_segments_auto_falls_back_to_the_total(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis *a = NULL;

	o.forecast.damping = 0.9;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_null(a->segments);
	assert_string_equal(a->segments_note, "Forecast on the company's total (--segments auto: a "
	                                      "--damping shapes the total's forecast).");
	bw_analysis_free(a);
	a = NULL;
	o.forecast.damping = 1;
	o.segments = BW_SEGMENTS_ON;
	o.forecast.model = BW_MODEL_TREND;
	assert_int_equal(bw_analysis_run(&a, &o), BW_EUSAGE); /* on refuses it */
	bw_analysis_free(a);
}

/* The report asks for the backtest (so the history) and the plan: with a
 * forecast in the cache the history read once is kept, not overwritten
 * and leaked (LeakSanitizer fails this binary if it is). */
static void test_paths_cache_with_history_keeps_it(void **state)
{
	fixture *f = *state;
	bw_analysis_options o =
	    small_options(f, BW_ANALYSIS_PLAN | BW_ANALYSIS_HISTORY | BW_ANALYSIS_BACKTEST);
	bw_analysis_paths_cache *cache = NULL;
	bw_analysis *first = NULL, *again = NULL;
	size_t hits, misses;

	assert_int_equal(bw_analysis_paths_cache_new(&cache, 2), 0);
	o.cache = cache;
	assert_int_equal(bw_analysis_run(&first, &o), 0);
	assert_int_equal(bw_analysis_run(&again, &o), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(again->history_count, 14);
	assert_string_equal(again->history_first_month, "2025-09");
	assert_string_equal(again->first_month, "2026-11");
	assert_non_null(again->backtest);
	assert_true(again->backtest->mape == first->backtest->mape);
	bw_analysis_free(first);
	bw_analysis_free(again);
	bw_analysis_paths_cache_free(cache);
}

/* backtest_optional: a history too short for the holdout leaves the
 * backtest out instead of failing the run. */
static void test_backtest_optional(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN | BW_ANALYSIS_BACKTEST);
	bw_analysis *a = NULL;

	o.backtest_holdout = 12; /* 14 months: 2 left to fit, fewer than 3 */
	assert_int_equal(bw_analysis_run(&a, &o), BW_EUSAGE);
	bw_analysis_free(a);
	a = NULL;
	o.backtest_optional = 1;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_null(a->backtest);
	assert_non_null(a->plan);
	bw_analysis_free(a);
	a = NULL;
	o.backtest_holdout = 11; /* 3 left: enough */
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_non_null(a->backtest);
	assert_int_equal(a->backtest->train_months, 3);
	bw_analysis_free(a);
}

static void test_read_only_store_is_not_written(void **state)
{
	fixture *f = *state;
	bw_store *store = NULL;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	assert_int_equal(bw_store_open(&store, f->db, BW_STORE_READ_ONLY), 0);
	assert_int_equal(bw_store_daily_usage(store, &rows), 0);
	assert_true(rows.count > 0);
	/* A write is refused by SQLite itself. */
	assert_int_equal(bw_store_pull_cursor_set(store, "usage", "q", "next", 1), BW_EIO);
	bw_store_close(store);
	bw_usage_rows_dispose(&rows);
	/* Read only does not create either. */
	char missing[4300];
	snprintf(missing, sizeof(missing), "%s/none.db", f->dir);
	assert_int_equal(bw_store_open(&store, missing, BW_STORE_READ_ONLY), BW_ENOTFOUND);
}

static void test_savings_size_on_optimized_paths(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis *a = NULL;

	o.savings = 0.3;
	o.savings_ramp_months = 0;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_non_null(a->optimized);
	assert_ptr_equal(a->sizing, a->optimized);
	assert_true(a->has_trapped);
	/* With the full saving at once every month keeps 70% of its list spend. */
	assert_near(a->optimized->list_usd[7], a->paths->list_usd[7] * 0.7, 1e-6);
	bw_analysis_free(a);
}

static void test_curves_and_sources(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_CURVES | BW_ANALYSIS_SOURCES);
	bw_analysis *a = NULL;

	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_non_null(a->plan); /* curves need the plan */
	assert_int_equal(a->curve_points, BW_ANALYSIS_CURVE_POINTS);
	for (size_t b = 0; b < a->plan->band_count; b++) {
		const double *commits = a->curve_commits_usd + b * a->curve_points;
		assert_near(commits[0], a->plan->bands[b].commit_min_usd, 1e-6);
		for (size_t i = 1; i < a->curve_points; i++)
			assert_true(commits[i] >= commits[i - 1]);
	}
	assert_int_equal(a->source_count, 14);
	assert_string_equal(a->bands_sha256, ""); /* the built-in table has no file */
	bw_analysis_free(a);
}

static void test_backtest_names_its_first_month(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_BACKTEST);
	bw_analysis *a = NULL;

	o.backtest_holdout = 3;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_non_null(a->backtest);
	assert_int_equal(a->backtest->holdout_months, 3);
	assert_string_equal(a->backtest_first_month, "2026-08");
	assert_null(a->paths); /* the backtest forecasts nothing beyond the history */
	bw_analysis_free(a);
}

static void test_users_paths_need_no_store(void **state)
{
	fixture *f = *state;
	char *csv =
	    test_write_file(f->dir, "paths.csv",
	                    "path,month,list_usd\n1,1,100000\n1,2,110000\n2,1,90000\n2,2,95000\n");
	bw_analysis_options o = BW_ANALYSIS_OPTIONS_INIT;
	bw_analysis *a = NULL;

	o.paths_file = csv;
	o.db_path = "/nonexistent/store.db";
	o.plan.term_months = 2;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	assert_false(a->has_history);
	assert_false(a->has_fit);
	assert_null(a->catalog); /* nothing needed prices */
	assert_string_equal(a->first_month, "");
	assert_int_equal(a->paths->path_count, 2);
	assert_non_null(a->plan);
	bw_analysis_free(a);
	free(csv);
}

static void test_empty_store_fails_and_keeps_what_it_has(void **state)
{
	fixture *f = *state;
	char db[4300];
	bw_store *store = NULL;
	bw_analysis *a = NULL;

	snprintf(db, sizeof(db), "%s/empty.db", f->dir);
	assert_int_equal(bw_store_open(&store, db, BW_STORE_CREATE), 0);
	bw_store_close(store);
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	o.db_path = db;
	assert_int_equal(bw_analysis_run(&a, &o), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "holds no priced usage"));
	assert_non_null(a);
	assert_false(a->has_history);
	assert_non_null(a->bands); /* loaded before the history */
	assert_null(a->plan);
	bw_analysis_free(a);
}

static void test_find_band(void **state)
{
	(void)state;
	bw_bands *bands = NULL;

	assert_int_equal(bw_bands_load_default(&bands), 0);
	assert_true(bands->count >= 2);
	/* A band's terms are refused below its threshold (1M a year by default). */
	assert_int_equal(bw_analysis_find_band(bands, bands->bands[1].name, 1, 12), -1);
	assert_non_null(strstr(bw_error_last(), "below the 1M band's threshold"));
	assert_non_null(strstr(bw_error_last(), "it needs at least 1000000.00 USD"));
	assert_int_equal(bw_analysis_find_band(bands, bands->bands[1].name, 1000000, 12), 1);
	/* At or above the next band's threshold the band that holds it. */
	assert_int_equal(bw_analysis_find_band(bands, bands->bands[0].name, 1000000, 12), 1);
	assert_int_equal(bw_analysis_find_band(bands, bands->bands[0].name, 999999, 12), 0);
	assert_int_equal(bw_analysis_find_band(bands, "no-such-band", 1, 12), -1);
	assert_non_null(strstr(bw_error_last(), "no band named 'no-such-band'"));
	assert_int_equal(bw_analysis_find_band(bands, NULL, 1, 12), -1);
	assert_non_null(strstr(bw_error_last(), "below every band's threshold"));
	double lo, hi;
	bw_bands_commit_range(bands, 1, 12, &lo, &hi);
	assert_int_equal(bw_analysis_find_band(bands, NULL, lo, 12), 1);
	bw_bands_free(bands);

	/* Under the list measure ranges overlap: 850,000 is on the 250K band's
	 * terms below 920,000 (its list value at 8% off, 923,913, is under 1M)
	 * and reaches the 1M band from 800,000 (at 20% off): the higher band. */
	const char *json = "{\"threshold_measure\":\"list\",\"bands\":["
	                   "{\"name\":\"250K\",\"min_commit_usd\":250000,\"discount\":0.08},"
	                   "{\"name\":\"1M\",\"min_commit_usd\":1000000,\"discount\":0.2}]}";
	assert_int_equal(bw_bands_load_buffer(&bands, json, strlen(json), "list.json"), 0);
	assert_int_equal(bw_analysis_find_band(bands, NULL, 850000, 12), 1);
	assert_int_equal(bw_analysis_find_band(bands, NULL, 799999, 12), 0);
	assert_int_equal(bw_analysis_find_band(bands, "250K", 850000, 12), 0);
	/* 920,000 at 8% off counts 1M at list: the 1M band's terms. */
	assert_int_equal(bw_analysis_find_band(bands, "250K", 920000, 12), 1);
	assert_int_equal(bw_analysis_find_band(bands, "1M", 799999, 12), -1);
	assert_non_null(strstr(bw_error_last(), "whose list value at 20% off is 1000000.00 USD"));
	bw_bands_free(bands);
}

/* A long-running front end shares the priced store between the runs of
 * one store state: the same catalog and spend, freed by the last run. */
static void test_paths_cache_shares_the_priced_store(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PATHS);
	bw_analysis_paths_cache *cache = NULL;
	bw_analysis *plain = NULL, *first = NULL, *again = NULL, *later = NULL;

	assert_int_equal(bw_analysis_run(&plain, &o), 0);
	assert_int_equal(bw_analysis_paths_cache_new(&cache, 2), 0);
	o.cache = cache;
	assert_int_equal(bw_analysis_run(&first, &o), 0);
	assert_int_equal(bw_analysis_run(&again, &o), 0);
	assert_ptr_equal(again->spend, first->spend);
	assert_ptr_equal(again->catalog, first->catalog);
	assert_true(again->spend->total_list_usd == plain->spend->total_list_usd);
	assert_int_equal(again->history_count, plain->history_count);
	assert_memory_equal(again->history_usd, plain->history_usd,
	                    plain->history_count * sizeof(double));
	/* The first run lets go: the second still reads what they shared. */
	bw_analysis_free(first);
	assert_true(again->spend->total_list_usd == plain->spend->total_list_usd);
	/* A store written since is priced again. */
	struct timespec later_time[2] = {{0, UTIME_OMIT}, {4102444800, 0}};
	assert_int_equal(utimensat(AT_FDCWD, f->db, later_time, 0), 0);
	assert_int_equal(bw_analysis_run(&later, &o), 0);
	assert_ptr_not_equal(later->spend, again->spend);
	bw_analysis_paths_cache_free(cache); /* before the runs: they keep what they borrowed */
	assert_true(later->spend->total_list_usd == plain->spend->total_list_usd);
	bw_analysis_free(again);
	bw_analysis_free(later);
	bw_analysis_free(plain);
}

enum { THREADS = 4 };

typedef struct {
	const bw_analysis_options *options;
	bw_analysis *result;
	int error;
} thread_run;

static void *run_on_thread(void *data)
{
	thread_run *r = data;
	r->error = bw_analysis_run(&r->result, r->options);
	return NULL;
}

/* Runs on several threads share one cache (bandwise serve's pool): all
 * ask at once for one forecast; it is made once, the others wait for it,
 * and each gets the plan a run without the cache gets. */
static void test_paths_cache_shared_by_threads(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis_paths_cache *cache = NULL;
	bw_analysis *plain = NULL;
	pthread_t threads[THREADS];
	thread_run runs[THREADS];
	size_t hits, misses;

	/* Read-only, as serve opens it: a store opened to write may change its
	 * files (a new store state) between one thread's start and the next. */
	o.store_flags = BW_STORE_READ_ONLY;
	assert_int_equal(bw_analysis_run(&plain, &o), 0);
	assert_int_equal(bw_analysis_paths_cache_new(&cache, 2), 0);
	o.cache = cache;
	for (int i = 0; i < THREADS; i++) {
		runs[i] = (thread_run){&o, NULL, 0};
		assert_int_equal(pthread_create(&threads[i], NULL, run_on_thread, &runs[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	bw_analysis_paths_cache_counts(cache, &hits, &misses);
	assert_int_equal(misses, 1);
	assert_int_equal(hits, THREADS - 1);
	size_t cells = plain->paths->path_count * (size_t)plain->paths->months;
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(runs[i].error, 0);
		assert_memory_equal(runs[i].result->paths->list_usd, plain->paths->list_usd,
		                    cells * sizeof(double));
		assert_int_equal(runs[i].result->plan->recommended, plain->plan->recommended);
		assert_true(runs[i].result->plan->bands[1].optimum.expected_cost_usd ==
		            plain->plan->bands[1].optimum.expected_cost_usd);
		bw_analysis_free(runs[i].result);
	}
	bw_analysis_free(plain);
	bw_analysis_paths_cache_free(cache);
}

/* plan --commit and the what-if: the band found as bw_analysis_find_band
 * finds it, the numbers bw_plan_evaluate's. */
static void test_evaluate(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f, BW_ANALYSIS_PLAN);
	bw_analysis *a = NULL;
	bw_analysis_evaluation e;
	bw_plan_outcome direct;

	o.plan.term_months = o.forecast.months = 12;
	assert_int_equal(bw_analysis_run(&a, &o), 0);
	int index = bw_analysis_find_band(a->bands, NULL, 1500000, 12);
	assert_true(index >= 0);
	double payg = -1;
	assert_int_equal(
	    bw_analysis_evaluate(a->bands, a->sizing, &o.plan, 1500000, NULL, 0, NULL, &e, &payg),
	    0);
	assert_string_equal(e.band, a->bands->bands[index].name);
	assert_null(e.asked_band);
	assert_int_equal(
	    bw_plan_evaluate(&direct, a->sizing, &a->bands->bands[index], &o.plan, 1500000), 0);
	assert_true(e.outcome.expected_cost_usd == direct.expected_cost_usd);
	assert_true(e.outcome.p90_cost_usd == direct.p90_cost_usd);
	/* Pay-as-you-go beside it: what bw_plan_evaluate says of a commitment of nothing at list.
	 */
	bw_band list = {.overage = BW_OVERAGE_LIST};
	assert_int_equal(bw_plan_evaluate(&direct, a->sizing, &list, &o.plan, 0), 0);
	assert_true(payg == direct.expected_cost_usd);
	/* A commitment that reaches a higher band than the one named is priced there. */
	assert_int_equal(bw_analysis_evaluate(a->bands, a->sizing, &o.plan, 1500000, NULL, 0,
	                                      a->bands->bands[0].name, &e, NULL),
	                 0);
	if (index != 0) {
		assert_string_equal(e.band, a->bands->bands[index].name);
		assert_string_equal(e.asked_band, a->bands->bands[0].name);
	}
	/* Below every band: refused, with the message saying so. */
	assert_int_equal(
	    bw_analysis_evaluate(a->bands, a->sizing, &o.plan, 100, NULL, 0, NULL, &e, NULL),
	    BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "below every band's threshold"));
	bw_analysis_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_plan_builds_every_stage_it_needs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_options_same_plan, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paths_cache_reuses_the_forecast, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paths_cache_keeps_the_segments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_segments_auto_falls_back_to_the_total, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_paths_cache_with_history_keeps_it, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_backtest_optional, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_only_store_is_not_written, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_savings_size_on_optimized_paths, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_curves_and_sources, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backtest_names_its_first_month, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_users_paths_need_no_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_store_fails_and_keeps_what_it_has, setup,
	                                    teardown),
	    cmocka_unit_test(test_find_band),
	    cmocka_unit_test_setup_teardown(test_paths_cache_shares_the_priced_store, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_paths_cache_shared_by_threads, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evaluate, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

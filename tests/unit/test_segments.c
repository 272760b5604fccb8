/*
 * test_segments.c: the forecast by segment (workspace x model family).
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"
#include "bandwise/families.h"
#include "bandwise/segments.h"
#include "bandwise/spend.h"
#include "segments_internal.h"

static void push(bw_usage_rows *rows, int month, const char *workspace, const char *model,
                 double input)
{
	bw_usage_row row;
	int index = 2025 * 12 + month; /* month 0 = 2025-01 */
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%04d-%02d-01T00:00:00Z",
	         index / 12 % 10000, index % 12 + 1);
	snprintf(row.bucket_end, sizeof(row.bucket_end), "%04d-%02d-01T23:59:59Z",
	         index / 12 % 10000, index % 12 + 1);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.workspace_id, sizeof(row.workspace_id), "%s", workspace);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = (int64_t)input;
	assert_int_equal(bw_usage_rows_push(rows, &row), 0);
}

/* 'months' complete months from 2025-11 (every model priced). */
static bw_spend *priced(const bw_usage_rows *rows, int months)
{
	bw_catalog *catalog = NULL;
	bw_families *families = NULL;
	bw_spend *spend = NULL;
	char end[32];
	int index = 2025 * 12 + 10 + months;

	snprintf(end, sizeof(end), "%04d-%02d-01T00:00:00Z", index / 12, index % 12 + 1);
	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_families_load_default(&families), 0);
	assert_int_equal(bw_spend_compute(&spend, rows, catalog, "2025-11-01T00:00:00Z", end), 0);
	assert_int_equal(bw_spend_reprice(spend, rows, catalog, families), 0);
	bw_families_free(families);
	bw_catalog_free(catalog);
	return spend;
}

static void test_segments__the_segment_sum_is_the_total(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;

	for (int m = 10; m < 22; m++) { /* 2025-11 .. 2026-10 */
		push(&rows, m, "wrkspc_support", "claude-sonnet-4-5", 1e8 * (1 + 0.03 * m));
		push(&rows, m, "wrkspc_support", "claude-haiku-4-5", 2e6); /* small: pooled */
		push(&rows, m, "", "claude-opus-4-5", 1e6);                /* small: pooled */
		if (m >= 16)                                               /* starts 2026-05 */
			push(&rows, m, "wrkspc_agents", "claude-opus-4-5", 4e7);
		if (m < 18) /* stops 2026-07 */
			push(&rows, m, "wrkspc_pilot", "claude-sonnet-4-5", 3e7);
	}
	bw_spend *spend = priced(&rows, 12);
	bw_segments *segments = NULL;
	bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
	double *usd = NULL, *history = NULL;
	size_t n = 0, count = 0;
	char first[8];

	assert_int_equal(bw_segments_history(&segments, &usd, &n, spend, &options), 0);
	assert_int_equal(
	    bw_spend_history_basis(spend, BW_PRICE_BASIS_TODAY, &history, &count, first), 0);
	assert_int_equal(n, count);
	assert_int_equal(n, 12);
	for (size_t m = 0; m < n; m++) {
		double sum = 0;
		for (size_t g = 0; g < segments->count; g++)
			sum += usd[g * n + m];
		assert_near(sum, history[m], 1e-6 * history[m]);
	}
	/* agents, pilot, support and the pooled small ones. */
	assert_int_equal(segments->count, 4);
	assert_string_equal(segments->segments[0].name, "wrkspc_agents / opus");
	assert_int_equal(segments->segments[0].start_month, 6);
	assert_string_equal(segments->segments[1].name, "wrkspc_pilot / sonnet");
	assert_true(segments->segments[1].stopped);
	assert_string_equal(segments->segments[3].name, "other");
	free(usd);
	free(history);
	bw_segments_free(segments);

	/* Forecast: the started segment is its own event, the stopped one
	 * forecasts nothing. */
	bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
	bw_paths *paths = NULL;
	forecast.paths = 2000;
	assert_int_equal(bw_segments_forecast(&paths, &segments, spend, &forecast, &options), 0);
	assert_string_equal(segments->segments[0].event,
	                    "2026-05: wrkspc_agents / opus starts, +$200.00 a month");
	assert_string_equal(segments->segments[1].event,
	                    "2026-07: wrkspc_pilot / sonnet stops (was $90.00 a month)");
	double q[1], probs[1] = {0.5};
	assert_int_equal(bw_paths_month_quantiles(paths, 0, probs, 1, q), 0);
	/* Last month: support 300 x 1.63, agents 200, other 2 + 5; nothing of the pilot. */
	double last = 1e8 * (1 + 0.03 * 21) * 3 / 1e6 + 200 + 2 + 5;
	assert_true(q[0] > 0.9 * last && q[0] < 1.1 * last);
	bw_paths_free(paths);
	bw_segments_free(segments);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

static void test_segments__a_common_shock_widens_the_sum(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	/* Two workspaces whose months are high and low together. */
	static const double noise[12] = {0.05, -0.08, 0.02,  0.10, -0.04, -0.09,
	                                 0.07, 0.01,  -0.06, 0.08, -0.03, 0.04};
	for (int m = 0; m < 12; m++) {
		double f = exp(0.03 * m + noise[m]);
		push(&rows, m + 10, "wrkspc_a", "claude-sonnet-4-5", 1e8 * f);
		push(&rows, m + 10, "wrkspc_b", "claude-opus-4-5",
		     5e7 * f * exp(0.2 * noise[11 - m]));
	}
	bw_spend *spend = priced(&rows, 12);
	bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
	bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
	double width[2], probs[2] = {0.1, 0.9}, q[2];
	forecast.paths = 4000;
	for (int correlated = 0; correlated < 2; correlated++) {
		bw_paths *paths = NULL;
		bw_segments *segments = NULL;
		options.correlated = correlated;
		assert_int_equal(
		    bw_segments_forecast(&paths, &segments, spend, &forecast, &options), 0);
		assert_int_equal(segments->count, 2);
		if (correlated)
			assert_true(segments->correlation > 0.5);
		else
			assert_near(segments->correlation, 0, 0);
		assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 2, q, NULL), 0);
		width[correlated] = q[1] - q[0];
		bw_paths_free(paths);
		bw_segments_free(segments);
	}
	print_message("12-month P10-P90 width: %.0f independent, %.0f with the common shock\n",
	              width[0], width[1]);
	assert_true(width[1] > 1.1 * width[0]);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

/* The copula keeps each segment's own distribution and only pairs the
 * paths: two copies of one series have identical backtest errors (rho at
 * its 0.99 cap), so the sum's 12-month P10 and P90 are about twice one
 * segment's; independent (rho 0) the sum's P10-P90 is about sqrt(2) times
 * one segment's width around twice its median. */
static void test_segments__the_copula_pairs_whole_paths(void **state)
{
	(void)state;
	enum { N = 24 };
	double usd[2 * N], probs[3] = {0.1, 0.5, 0.9}, one[3], sum[3];
	bw_segment_fit fits[2];
	bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
	bw_paths *paths = NULL;
	double rho = -1;
	for (int t = 0; t < N; t++)
		usd[t] = usd[N + t] = 1000 * exp(0.02 * t + (t % 3 ? 0.04 : -0.07));
	forecast.paths = 4000;
	memset(fits, 0, sizeof(fits));
	/* One segment alone: its distribution. */
	assert_int_equal(bw_segments__forecast_series(&paths, fits, &rho, usd, 1, N, &forecast, 1),
	                 0);
	assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 3, one, NULL), 0);
	bw_paths_free(paths);
	assert_int_equal(bw_segments__forecast_series(&paths, fits, &rho, usd, 2, N, &forecast, 1),
	                 0);
	assert_near(rho, 0.99, 1e-12);
	assert_true(fits[0].model != BW_MODEL_AUTO && fits[0].model == fits[1].model);
	assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 3, sum, NULL), 0);
	bw_paths_free(paths);
	for (int i = 0; i < 3; i++)
		assert_near(sum[i] / (2 * one[i]), 1, 0.02);
	double width_one = one[2] - one[0];
	assert_int_equal(bw_segments__forecast_series(&paths, fits, &rho, usd, 2, N, &forecast, 0),
	                 0);
	assert_near(rho, 0, 0);
	assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 3, sum, NULL), 0);
	bw_paths_free(paths);
	print_message("one segment's 12-month P10-P90 %.0f; two copies: %.0f independent\n",
	              width_one, sum[2] - sum[0]);
	assert_near((sum[2] - sum[0]) / width_one, sqrt(2), 0.15);
}

/* A segment that paused and came back is forecast from its months since
 * it came back (the models need spend in every month): its level now, not
 * the average with the months before the pause. */
static void test_segments__a_paused_segment_is_fitted_since_it_came_back(void **state)
{
	(void)state;
	enum { N = 24 };
	double usd[N], probs[1] = {0.5}, median;
	bw_segment_fit fit;
	bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
	bw_paths *paths = NULL;
	double rho;
	for (int t = 0; t < N; t++)
		usd[t] = t < 8 ? 100 : t < 12 ? 0 : 5000 * (1 + (t % 2 ? 0.01 : -0.01));
	forecast.paths = 1000;
	memset(&fit, 0, sizeof(fit));
	assert_int_equal(bw_segments__forecast_series(&paths, &fit, &rho, usd, 1, N, &forecast, 1),
	                 0);
	assert_int_equal(bw_paths_month_quantiles(paths, 0, probs, 1, &median), 0);
	assert_near(median, 5000, 250);
	bw_paths_free(paths);
}

/* A workspace launched 8 months ago took 4 to ramp up (a quarter of its
 * level, a half, three quarters, all), then grew as the established one
 * does (3% a month). A trend through its own months carries the ramp on
 * (about 25% a month); as a young segment it grows about as the
 * established one, from where it is now, and the sum's median 12 months
 * ahead is within 10% of that continuation. */
static void test_segments__a_launch_ramp_is_not_its_growth(void **state)
{
	(void)state;
	enum { N = 14, AHEAD = 12 };
	double usd[2 * N], probs[1] = {0.5}, median, truth = 0;
	bw_segment_fit fits[2];
	bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
	bw_paths *paths = NULL;
	double rho;
	for (int t = 0; t < N + AHEAD; t++) {
		double wobble = t % 3 == 0 ? 0.03 : t % 3 == 1 ? -0.02 : -0.01;
		double core = 40000 * exp(log1p(0.03) * t + wobble);
		int since = t - (N - 8); /* the launch's month, 0 at its first */
		double ramp = since < 0 ? 0 : since < 3 ? (since + 1) / 4.0 : 1;
		double young =
		    20000 * ramp * exp(log1p(0.03) * (since > 3 ? since - 3 : 0) - wobble);
		if (t < N) {
			usd[t] = core;
			usd[N + t] = young;
		} else {
			truth += core + young;
		}
	}
	forecast.paths = 2000;
	memset(fits, 0, sizeof(fits));
	assert_int_equal(bw_segments__forecast_series(&paths, fits, &rho, usd, 2, N, &forecast, 1),
	                 0);
	assert_false(fits[0].young);
	assert_true(fits[1].young);
	assert_true(fits[1].monthly_growth > 0.0 && fits[1].monthly_growth < 0.06);
	assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, probs, 1, &median, NULL), 0);
	print_message("launch: young growth %.1f%%, 12-month median %.0f, continuation %.0f\n",
	              fits[1].monthly_growth * 100, median, truth);
	assert_near(median / truth, 1, 0.10);
	bw_paths_free(paths);
}

static void test_segments__needs_complete_months(void **state)
{
	(void)state;
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	push(&rows, 10, "", "claude-sonnet-4-5", 1e6);
	bw_spend *spend = priced(&rows, 0);
	bw_segments *segments = NULL;
	bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
	double *usd = NULL;
	size_t n = 0;
	assert_int_equal(bw_segments_history(&segments, &usd, &n, spend, &options), BW_EUSAGE);
	assert_null(segments);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

/* --- calibration: a workspace that starts or stops in the history ------- */

static double uniform01(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal01(unsigned long long *state)
{
	double u = uniform01(state), v = uniform01(state);
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

enum { HISTORY = 24, AHEAD = 12, EVENT_MONTH = 18, SEEDS = 100 };

typedef enum { KIND_STEADY, KIND_LAUNCH, KIND_STOP } company_kind;

/*
 * A core workspace (Sonnet 4.5) growing 3% a month with 5% noise, and a
 * second one (Opus 4.5) at 40% of its size with its own 5% noise that runs
 * throughout (steady), starts in month 18 (a launch) or stops then (a pilot
 * ends). Counts whether the 12-month total's P10-P90 holds the truth and
 * adds its P90 / P10, segments off [0] and on [1].
 */
static void workspace_company(company_kind kind, unsigned long long seed, int inside[2],
                              double ratio[2])
{
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	unsigned long long state = seed;
	double truth = 0;

	for (int t = 0; t < HISTORY + AHEAD; t++) {
		double core = 1e9 * exp(0.03 * t + 0.05 * normal01(&state));
		double other = 0.4 * 1e9 / 5 * 3 * exp(0.03 * t + 0.05 * normal01(&state));
		int runs = kind == KIND_STEADY   ? 1
		           : kind == KIND_LAUNCH ? t >= EVENT_MONTH
		                                 : t < EVENT_MONTH;
		if (t >= HISTORY) { /* $3 / $5 per MTok input: the truth at today's list */
			truth += core * 3 / 1e6 + (runs ? other * 5 / 1e6 : 0);
			continue;
		}
		push(&rows, t + 10, "wrkspc_core", "claude-sonnet-4-5", core);
		if (runs)
			push(&rows, t + 10, "wrkspc_other", "claude-opus-4-5", other);
	}
	bw_spend *spend = priced(&rows, HISTORY);
	double *history = NULL, probs[2] = {0.1, 0.9}, q[2];
	size_t n = 0;
	char first[8];
	assert_int_equal(bw_spend_history_basis(spend, BW_PRICE_BASIS_TODAY, &history, &n, first),
	                 0);
	for (int on = 0; on < 2; on++) {
		bw_forecast_options forecast = BW_FORECAST_OPTIONS_INIT;
		bw_segments_options options = BW_SEGMENTS_OPTIONS_INIT;
		bw_paths *paths = NULL;
		forecast.paths = 2000;
		forecast.seed = seed;
		if (on)
			assert_int_equal(
			    bw_segments_forecast(&paths, NULL, spend, &forecast, &options), 0);
		else
			assert_int_equal(bw_forecast_run(&paths, NULL, history, n, &forecast), 0);
		assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, probs, 2, q, NULL), 0);
		inside[on] += q[0] <= truth && truth <= q[1];
		ratio[on] += q[1] / q[0];
		bw_paths_free(paths);
	}
	free(history);
	bw_spend_free(spend);
	bw_usage_rows_dispose(&rows);
}

/*
 * The seeds are 1..SEEDS, not chosen. The target is 75-85%: by
 * segment the fan must hold the truth on 75-85% of seeds, or at least be
 * closer to 80% than the total's forecast (a launch with 6 months of
 * history was over-covered, 87%, with one log-linear trend per segment;
 * 85% with each segment's model choice; 97% once the total saw the launch
 * as a level shift and the young segment still drew its own slope's
 * spread, 86% with the posterior's plus the borrowed part's:
 * docs/methodology.md §2.2), and be no more than 1.5% wider
 * (mean P90 / P10; 1% until the state models drew their parameters per
 * path, which made the steady kind's sum 1.1% wider than the total's on
 * seeds 1..100 and 82% covered, from 78%: docs/methodology.md, "The state
 * models' parameters"). The figures are printed and recorded in
 * docs/methodology.md (seeds 1..100 and three fresh ranges).
 */
static void calibration(company_kind kind, const char *name)
{
	int inside[2] = {0, 0};
	double ratio[2] = {0, 0};
	/* BANDWISE_CALIBRATION_SEEDS_FROM measures on seeds not looked at. */
	const char *env = getenv("BANDWISE_CALIBRATION_SEEDS_FROM");
	unsigned long long from = env != NULL && atoi(env) > 0 ? (unsigned long long)atoi(env) : 1;
	for (unsigned long long seed = from; seed < from + SEEDS; seed++)
		workspace_company(kind, seed, inside, ratio);
	print_message("%s: 12-month P10-P90 holds the truth on %d of %d seeds by segment (mean "
	              "P90/P10 %.3f), %d on the total (%.3f)\n",
	              name, inside[1], SEEDS, ratio[1] / SEEDS, inside[0], ratio[0] / SEEDS);
	int in_band = inside[1] >= SEEDS * 75 / 100 && inside[1] <= SEEDS * 85 / 100;
	assert_true(in_band || abs(inside[1] - SEEDS * 8 / 10) < abs(inside[0] - SEEDS * 8 / 10));
	assert_true(inside[1] >= SEEDS * 75 / 100);
	assert_true(ratio[1] <= ratio[0] * 1.015);
}

static void test_segments__steady_is_calibrated(void **state)
{
	(void)state;
	calibration(KIND_STEADY, "steady");
}

static void test_segments__a_launch_is_calibrated(void **state)
{
	(void)state;
	calibration(KIND_LAUNCH, "workspace launch");
}

static void test_segments__a_stop_is_calibrated(void **state)
{
	(void)state;
	calibration(KIND_STOP, "workspace stop");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_segments__the_segment_sum_is_the_total),
	    cmocka_unit_test(test_segments__a_common_shock_widens_the_sum),
	    cmocka_unit_test(test_segments__the_copula_pairs_whole_paths),
	    cmocka_unit_test(test_segments__a_paused_segment_is_fitted_since_it_came_back),
	    cmocka_unit_test(test_segments__a_launch_ramp_is_not_its_growth),
	    cmocka_unit_test(test_segments__needs_complete_months),
	    cmocka_unit_test(test_segments__steady_is_calibrated),
	    cmocka_unit_test(test_segments__a_launch_is_calibrated),
	    cmocka_unit_test(test_segments__a_stop_is_calibrated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

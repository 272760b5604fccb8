/*
 * test_plan.c: the decision reproduces the closed forms of DOMAIN §2.6
 * and behaves as the economics say it must.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/plan.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One-month paths with the given totals. */
static bw_paths *paths_of(const double *totals, size_t n)
{
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_new(&paths, n, 1), 0);
	memcpy(paths->list_usd, totals, n * sizeof(double));
	return paths;
}

/* Lognormal one-month paths around 'median'. */
static bw_paths *random_paths(size_t n, double median, double sigma, unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	bw_paths *paths = NULL;
	gsl_rng_set(rng, seed);
	assert_int_equal(bw_paths_new(&paths, n, 1), 0);
	for (size_t i = 0; i < n; i++)
		paths->list_usd[i] = median * exp(gsl_ran_gaussian(rng, sigma));
	gsl_rng_free(rng);
	return paths;
}

static bw_bands one_band(bw_band *band, double min, double d, bw_overage overage)
{
	memset(band, 0, sizeof(*band));
	snprintf(band->name, sizeof(band->name), "B");
	band->min_commit_usd = min;
	band->discount = d;
	band->overage = overage;
	bw_bands bands = {band, 1, 0, NULL, NULL, NULL, NULL};
	return bands;
}

/* Overage at list, one period: C* = (1 - d) x the d-quantile of L. */
static void test_plan__newsvendor_closed_form_by_hand(void **state)
{
	(void)state;
	double totals[10];
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = {1, 2000};

	for (int i = 0; i < 10; i++)
		totals[i] = 1000.0 * (10 - i); /* 10,000 down to 1,000, unsorted */
	bw_paths *paths = paths_of(totals, 10);
	bw_bands bands = one_band(&band, 0, 0.25, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	/* P(L <= q) >= 0.25 first at q = 3,000 (3 of 10 paths): C* = 2,250. */
	assert_near(plan->bands[0].best.commit_usd, 2250, 1e-9);
	/* E[cost] = 2,250 + E[(L - 3,000)+] = 2,250 + (1+...+7) x 1,000 / 10. */
	assert_near(plan->bands[0].best.expected_cost_usd, 5050, 1e-9);
	assert_near(plan->bands[0].best.expected_unused_usd, 0.75 * (2000 + 1000) / 10.0, 1e-9);
	assert_near(plan->bands[0].best.shortfall_probability, 0.2, 1e-12);
	assert_near(plan->payg_expected_cost_usd, 5500, 1e-9);
	assert_int_equal(plan->recommended, 0);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

static void test_plan__newsvendor_closed_form_on_random_paths(void **state)
{
	(void)state;
	const size_t n = 5001;
	const double d = 0.2;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = {1, 2000};
	bw_paths *paths = random_paths(n, 100000, 0.3, 42);
	double *sorted = malloc(n * sizeof(double));

	memcpy(sorted, paths->list_usd, n * sizeof(double));
	qsort(sorted, n, sizeof(double), compare_doubles);
	bw_bands bands = one_band(&band, 0, d, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	double expected = (1 - d) * sorted[(size_t)ceil(d * (double)n) - 1];
	assert_near(plan->bands[0].best.commit_usd, expected, 1e-6);
	/* And it is a minimum: nearby commitments cost no less. */
	for (int k = -3; k <= 3; k++) {
		bw_plan_outcome o;
		assert_int_equal(bw_plan_evaluate(&o, paths, &band, 1, expected * (1 + 0.01 * k)), 0);
		assert_true(o.expected_cost_usd >= plan->bands[0].best.expected_cost_usd - 1e-6);
	}
	free(sorted);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* Overage at the committed rate: the band floor is optimal. */
static void test_plan__committed_overage_takes_the_band_floor(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = {12, 500};
	bw_paths *paths = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 3);
	assert_int_equal(bw_paths_new(&paths, 2000, 12), 0);
	for (size_t i = 0; i < 2000 * 12; i++)
		paths->list_usd[i] = 20000 * exp(gsl_ran_gaussian(rng, 0.2));
	gsl_rng_free(rng);
	bw_bands bands = one_band(&band, 150000, 0.1, BW_OVERAGE_COMMITTED);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_near(plan->bands[0].best.commit_usd, 150000, 1e-9);
	/* cost = (1 - d) max(q, L) with q = C / (1 - d). */
	double q = 150000 / 0.9, sum = 0;
	for (size_t p = 0; p < 2000; p++) {
		double l = 0;
		for (int m = 0; m < 12; m++)
			l += paths->list_usd[p * 12 + (size_t)m];
		sum += 0.9 * (l > q ? l : q);
	}
	assert_near(plan->bands[0].best.expected_cost_usd, sum / 2000, 1e-6);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* The band optimum is the unconstrained optimum clamped to the band. */
static void test_plan__optimum_clamped_to_the_band(void **state)
{
	(void)state;
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = {12, 2000};
	bw_paths *paths = random_paths(4000, 1, 0.1, 9);
	/* Twelve-month paths totalling about 120,000. */
	bw_paths *year = NULL;
	assert_int_equal(bw_paths_new(&year, 4000, 12), 0);
	for (size_t p = 0; p < 4000; p++)
		for (int m = 0; m < 12; m++)
			year->list_usd[p * 12 + (size_t)m] = 10000 * paths->list_usd[p];
	memset(list, 0, sizeof(list));
	snprintf(list[0].name, sizeof(list[0].name), "small");
	list[0].min_commit_usd = 10000;
	list[0].discount = 0.05;
	snprintf(list[1].name, sizeof(list[1].name), "large");
	list[1].min_commit_usd = 200000;
	list[1].discount = 0.30;
	bw_bands bands = {list, 2, 1, NULL, NULL, NULL, NULL};
	assert_int_equal(bw_plan_run(&plan, year, &bands, &options), 0);
	/* The large band's floor (200,000) exceeds every path: its optimum is
	 * the floor, and it loses commitment on every path. */
	assert_near(plan->bands[1].best.commit_usd, 200000, 1e-9);
	assert_near(plan->bands[1].best.shortfall_probability, 1.0, 1e-12);
	/* The small band's optimum lies inside its range, below 200,000. */
	assert_true(plan->bands[0].best.commit_usd > 10000);
	assert_true(plan->bands[0].best.commit_usd < 200000);
	assert_int_equal(plan->recommended, 0);
	bw_plan_result_free(plan);
	bw_paths_free(year);
	bw_paths_free(paths);
}

static void test_plan__more_rollover_never_costs_more(void **state)
{
	(void)state;
	bw_band band;
	bw_paths *paths = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double previous = INFINITY;

	gsl_rng_set(rng, 11);
	assert_int_equal(bw_paths_new(&paths, 3000, 36), 0);
	for (size_t i = 0; i < 3000 * 36; i++)
		paths->list_usd[i] = 30000 * exp(gsl_ran_gaussian(rng, 0.35));
	gsl_rng_free(rng);
	one_band(&band, 0, 0.15, BW_OVERAGE_LIST);
	band.true_up = BW_TRUE_UP_ANNUAL;
	for (double rho = 0; rho <= 1.0001; rho += 0.25) {
		bw_plan_outcome o;
		band.rollover = rho;
		assert_int_equal(bw_plan_evaluate(&o, paths, &band, 36, 900000), 0);
		assert_true(o.expected_cost_usd <= previous + 1e-6);
		previous = o.expected_cost_usd;
	}
	bw_paths_free(paths);
}

static void test_plan__payg_wins_when_every_band_overshoots(void **state)
{
	(void)state;
	double totals[4] = {100, 120, 90, 110};
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = {1, 100};
	bw_paths *paths = paths_of(totals, 4);
	bw_bands bands = one_band(&band, 12000, 0.3, BW_OVERAGE_LIST); /* 1,000 a month */
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, -1);
	assert_near(plan->payg_expected_cost_usd, 105, 1e-9);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

static void test_plan__paths_shorter_than_the_term(void **state)
{
	(void)state;
	double totals[2] = {1, 2};
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = {12, 100};
	bw_paths *paths = paths_of(totals, 2);
	bw_bands bands = one_band(&band, 0, 0.1, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), BW_ERANGE);
	assert_null(plan);
	assert_non_null(strstr(bw_error_last(), "term"));
	bw_paths_free(paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__newsvendor_closed_form_by_hand),
		cmocka_unit_test(test_plan__newsvendor_closed_form_on_random_paths),
		cmocka_unit_test(test_plan__committed_overage_takes_the_band_floor),
		cmocka_unit_test(test_plan__optimum_clamped_to_the_band),
		cmocka_unit_test(test_plan__more_rollover_never_costs_more),
		cmocka_unit_test(test_plan__payg_wins_when_every_band_overshoots),
		cmocka_unit_test(test_plan__paths_shorter_than_the_term),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

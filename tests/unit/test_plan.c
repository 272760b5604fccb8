/*
 * test_plan.c: the decision reproduces the closed forms of DOMAIN §2.6
 * and behaves as the economics say it must.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/bands.h"
#include "bandwise/forecast.h"
#include "bandwise/plan.h"
#include "plan_eval.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static bw_plan_options options_of(int term, int grid)
{
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	options.term_months = term;
	options.grid_points = grid;
	return options;
}

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
	bw_bands bands = {band, 1, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	return bands;
}

/* Overage at list, one period: C* = (1 - d) x the d-quantile of L. */
static void test_plan__newsvendor_closed_form_by_hand(void **state)
{
	(void)state;
	double totals[10];
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 2000);

	for (int i = 0; i < 10; i++)
		totals[i] = 1000.0 * (10 - i); /* 10,000 down to 1,000, unsorted */
	bw_paths *paths = paths_of(totals, 10);
	bw_bands bands = one_band(&band, 0, 0.25, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	/* P(L <= q) >= 0.25 first at q = 3,000 (3 of 10 paths): C* = 2,250. */
	assert_near(plan->bands[0].optimum.commit_usd, 2250, 1e-9);
	/* E[cost] = 2,250 + E[(L - 3,000)+] = 2,250 + (1+...+7) x 1,000 / 10. */
	assert_near(plan->bands[0].optimum.expected_cost_usd, 5050, 1e-9);
	assert_near(plan->bands[0].optimum.expected_unused_usd, 0.75 * (2000 + 1000) / 10.0, 1e-9);
	assert_near(plan->bands[0].optimum.shortfall_probability, 0.2, 1e-12);
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
	bw_plan_options options = options_of(1, 2000);
	bw_paths *paths = random_paths(n, 100000, 0.3, 42);
	double *sorted = malloc(n * sizeof(double));

	memcpy(sorted, paths->list_usd, n * sizeof(double));
	qsort(sorted, n, sizeof(double), compare_doubles);
	bw_bands bands = one_band(&band, 0, d, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	double expected = (1 - d) * sorted[(size_t)ceil(d * (double)n) - 1];
	assert_near(plan->bands[0].optimum.commit_usd, expected, 1e-6);
	/* And it is a minimum: nearby commitments cost no less. */
	for (int k = -3; k <= 3; k++) {
		bw_plan_outcome o;
		assert_int_equal(
		    bw_plan_evaluate(&o, paths, &band, &options, expected * (1 + 0.01 * k)), 0);
		assert_true(o.expected_cost_usd >= plan->bands[0].optimum.expected_cost_usd - 1e-6);
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
	bw_plan_options options = options_of(12, 500);
	bw_paths *paths = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 3);
	assert_int_equal(bw_paths_new(&paths, 2000, 12), 0);
	for (size_t i = 0; i < 2000 * 12; i++)
		paths->list_usd[i] = 20000 * exp(gsl_ran_gaussian(rng, 0.2));
	gsl_rng_free(rng);
	bw_bands bands = one_band(&band, 150000, 0.1, BW_OVERAGE_COMMITTED);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_near(plan->bands[0].optimum.commit_usd, 150000, 1e-9);
	/* cost = (1 - d) max(q, L) with q = C / (1 - d). */
	double q = 150000 / 0.9, sum = 0;
	for (size_t p = 0; p < 2000; p++) {
		double l = 0;
		for (int m = 0; m < 12; m++)
			l += paths->list_usd[p * 12 + (size_t)m];
		sum += 0.9 * (l > q ? l : q);
	}
	assert_near(plan->bands[0].optimum.expected_cost_usd, sum / 2000, 1e-6);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* The band optimum is the unconstrained optimum clamped to the band. */
static void test_plan__optimum_clamped_to_the_band(void **state)
{
	(void)state;
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(12, 2000);
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
	bw_bands bands = {list, 2, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	assert_int_equal(bw_plan_run(&plan, year, &bands, &options), 0);
	/* The large band's floor (200,000) exceeds every path: its optimum is
	 * the floor, and it loses commitment on every path. */
	assert_near(plan->bands[1].optimum.commit_usd, 200000, 1e-9);
	assert_near(plan->bands[1].optimum.shortfall_probability, 1.0, 1e-12);
	/* The small band's optimum lies inside its range, below 200,000. */
	assert_true(plan->bands[0].optimum.commit_usd > 10000);
	assert_true(plan->bands[0].optimum.commit_usd < 200000);
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
	bw_plan_options options = options_of(36, 100);
	for (double rho = 0; rho <= 1.0001; rho += 0.25) {
		bw_plan_outcome o;
		band.rollover = rho;
		assert_int_equal(bw_plan_evaluate(&o, paths, &band, &options, 900000), 0);
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
	bw_plan_options options = options_of(1, 100);
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
	bw_plan_options options = options_of(12, 100);
	bw_paths *paths = paths_of(totals, 2);
	bw_bands bands = one_band(&band, 0, 0.1, BW_OVERAGE_LIST);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), BW_ERANGE);
	assert_null(plan);
	assert_non_null(strstr(bw_error_last(), "term"));
	bw_paths_free(paths);
}

/* CVaR and the standard deviation from prefix sums match brute force. */
static void test_plan__exact_risk_measures_match_brute_force(void **state)
{
	(void)state;
	const size_t n = 2000;
	bw_band band;
	bw_plan_outcome o;
	bw_plan_options options = options_of(1, 100);
	bw_paths *paths = random_paths(n, 50000, 0.4, 8);
	double *costs = malloc(n * sizeof(double)), sum = 0, sum2 = 0, tail = 0;

	for (int overage = 0; overage < 2; overage++) {
		one_band(&band, 0, 0.15, overage ? BW_OVERAGE_COMMITTED : BW_OVERAGE_LIST);
		options.cvar_level = 0.9;
		assert_int_equal(bw_plan_evaluate(&o, paths, &band, &options, 45000), 0);
		sum = sum2 = tail = 0;
		for (size_t i = 0; i < n; i++) {
			double l = paths->list_usd[i], drawn = 0.85 * l;
			costs[i] = drawn <= 45000
			               ? 45000
			               : 45000 + (overage ? drawn - 45000 : (drawn - 45000) / 0.85);
			sum += costs[i];
			sum2 += costs[i] * costs[i];
		}
		qsort(costs, n, sizeof(double), compare_doubles);
		for (size_t i = n - n / 10; i < n; i++)
			tail += costs[i];
		double mean = sum / (double)n;
		assert_near(o.expected_cost_usd, mean, 1e-6);
		assert_near(o.stdev_usd, sqrt(sum2 / (double)n - mean * mean), 1e-3);
		assert_near(o.cvar_usd, tail / (double)(n / 10), 1e-6);
	}
	free(costs);
	bw_paths_free(paths);
}

/* The one-period closed forms (plan_eval.c) on four totals, by hand:
 * L = 100..400, 20% off with list overage, C = 200 so q = 250. Costs
 * 200, 200, 250, 350; unused 120 + 40; overage 50 + 150. */
static void test_plan__one_period_statistics_by_hand(void **state)
{
	(void)state;
	double sorted[4] = {100, 200, 300, 400}, prefix[5] = {0}, prefix2[5] = {0};
	bw_plan__totals v = {sorted, prefix, prefix2, 4, 250};
	bw_plan__stats s;
	bw_band band;

	for (int i = 0; i < 4; i++) {
		prefix[i + 1] = prefix[i] + sorted[i];
		prefix2[i + 1] = prefix2[i] + sorted[i] * sorted[i];
	}
	one_band(&band, 0, 0.2, BW_OVERAGE_LIST);
	bw_plan__view_stats(&v, &band, 200, 0.5, &s);
	assert_near(s.mean, 250, 1e-9);
	assert_near(s.overage, 50, 1e-9);
	assert_near(s.unused, 40, 1e-9);
	assert_near(s.shortfall, 0.5, 1e-12);
	assert_near(s.cvar, 300, 1e-9); /* the worst half: 250 and 350 */
	assert_near(s.sd, sqrt(66250.0 - 250.0 * 250.0), 1e-6);
	assert_near(s.coverage, 0.8, 1e-12);
	/* The sorted-sample statistics and the tie rule they share. */
	assert_near(bw_plan__sorted_quantile(sorted, 4, 0.5), 250, 1e-12);
	assert_near(bw_plan__sorted_quantile(sorted, 4, 0.9), 370, 1e-9);
	assert_near(bw_plan__sorted_cvar(sorted, 4, 0.9), 400, 1e-12);
	assert_near(bw_plan__sorted_cvar(sorted, 4, 0.5), 350, 1e-12);
	assert_false(bw_plan__better(1 - 1e-13, 1));
	assert_true(bw_plan__better(0.99, 1));
}

static void test_plan__floor_and_risk_cap_respect_their_rules(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 500);
	bw_paths *paths = random_paths(3000, 100000, 0.25, 21);
	bw_bands bands = one_band(&band, 0, 0.2, BW_OVERAGE_LIST);

	options.max_shortfall_probability = 0.05;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	const bw_plan_band *b = &plan->bands[0];
	assert_true(b->floor.available && b->risk_capped.available);
	assert_true(b->floor.shortfall_probability <= 0.10 + 1e-12);
	assert_true(b->risk_capped.shortfall_probability <= 0.05 + 1e-12);
	/* The optimum (d = 20%) leaves commitment unused on ~20% of paths;
	 * both safer answers commit less. */
	assert_near(b->optimum.shortfall_probability, 0.2, 0.001);
	assert_true(b->floor.commit_usd < b->optimum.commit_usd);
	assert_true(b->risk_capped.commit_usd < b->floor.commit_usd);
	/* The floor is the largest such commitment: a little more breaks it. */
	bw_plan_outcome more;
	assert_int_equal(
	    bw_plan_evaluate(&more, paths, &band, &options, b->floor.commit_usd * 1.001), 0);
	assert_true(more.shortfall_probability > 0.10);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* Hand-computed stretch: paths of 800 or 1,200 (one month). The small
 * band (10% off, overage at list) commits 0.9 x 800 = 720 and expects
 * 720 + 0.5 x 400 = 920. The big band at its threshold of 850, overage at
 * the committed rate, expects 0.5 x 850 + 0.5 x 1,200 (1 - d), which is
 * 920 at d* = 0.175. */
static void test_plan__stretch_break_even_by_hand(void **state)
{
	(void)state;
	double totals[4] = {800, 1200, 800, 1200};
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 2000);
	bw_paths *paths = paths_of(totals, 4);

	memset(list, 0, sizeof(list));
	snprintf(list[0].name, sizeof(list[0].name), "small");
	list[0].discount = 0.1;
	snprintf(list[1].name, sizeof(list[1].name), "big");
	list[1].min_commit_usd = 850 * 12;
	list[1].discount = 0.12;
	list[1].overage = BW_OVERAGE_COMMITTED;
	bw_bands bands = {list, 2, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.commit_usd, 720, 1e-9);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 920, 1e-9);
	assert_true(plan->stretch.available);
	assert_int_equal(plan->stretch.band, 1);
	assert_near(plan->stretch.commit_usd, 850, 1e-9);
	assert_near(plan->stretch.expected_cost_usd, 953, 1e-9);
	assert_near(plan->stretch.break_even_discount, 0.175, 1e-9);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

static void test_plan__protections_are_never_negative(void **state)
{
	(void)state;
	bw_bands *bands = NULL;
	bw_paths *paths = NULL;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(24, 200);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 5);
	assert_int_equal(bw_paths_new(&paths, 2000, 24), 0);
	for (size_t p = 0; p < 2000; p++) {
		double level = 60000 * exp(gsl_ran_gaussian(rng, 0.3));
		for (int m = 0; m < 24; m++)
			paths->list_usd[p * 24 + (size_t)m] =
			    level * exp(gsl_ran_gaussian(rng, 0.2));
	}
	gsl_rng_free(rng);
	assert_int_equal(bw_bands_load_default(&bands), 0);
	assert_int_equal(bw_plan_run(&plan, paths, bands, &options), 0);
	assert_true(plan->recommended >= 0);
	assert_true(plan->protections_available);
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		assert_true(plan->protections[p].value_usd >= 0);
		assert_true(plan->protections[p].discount_points >= 0);
	}
	/* Overage at list versus the committed rate is worth something here:
	 * many paths run past a commitment sized at a low quantile. */
	bw_plan_result_free(plan);
	bw_bands_free(bands);
	bw_paths_free(paths);
}

/* Annual true-up without rollover: the simulated expected cost equals the
 * sum of the one-year exact costs. */
static void test_plan__annual_without_rollover_separates(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_outcome whole, year;
	bw_plan_options options = options_of(36, 100), one = options_of(12, 100);
	bw_paths *paths = NULL, *slice = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, 17);
	assert_int_equal(bw_paths_new(&paths, 1000, 36), 0);
	for (size_t i = 0; i < 1000 * 36; i++)
		paths->list_usd[i] = 40000 * exp(gsl_ran_gaussian(rng, 0.3));
	gsl_rng_free(rng);
	one_band(&band, 0, 0.18, BW_OVERAGE_LIST);
	band.true_up = BW_TRUE_UP_ANNUAL;
	assert_int_equal(bw_plan_evaluate(&whole, paths, &band, &options, 1200000), 0);
	double sum = 0;
	assert_int_equal(bw_paths_new(&slice, 1000, 12), 0);
	for (int y = 0; y < 3; y++) {
		for (size_t p = 0; p < 1000; p++)
			memcpy(slice->list_usd + p * 12, paths->list_usd + p * 36 + (size_t)y * 12,
			       12 * sizeof(double));
		assert_int_equal(bw_plan_evaluate(&year, slice, &band, &one, 400000), 0);
		sum += year.expected_cost_usd;
	}
	assert_near(whole.expected_cost_usd, sum, 1e-6);
	bw_paths_free(slice);
	bw_paths_free(paths);
}

static void test_plan__objective_names(void **state)
{
	(void)state;
	bw_objective o;
	char buf[64];
	assert_int_equal(bw_objective_parse("expected", &o), 0);
	assert_int_equal(o.kind, BW_OBJECTIVE_EXPECTED);
	assert_int_equal(bw_objective_parse("cvar", &o), 0);
	assert_near(o.parameter, 0.9, 0);
	assert_int_equal(bw_objective_parse("cvar:0.95", &o), 0);
	bw_objective_describe(&o, buf, sizeof(buf));
	assert_string_equal(buf, "CVaR 95%");
	assert_int_equal(bw_objective_parse("meanstd:0.5", &o), 0);
	assert_int_equal(o.kind, BW_OBJECTIVE_MEAN_STD);
	assert_int_equal(bw_objective_parse("cvar:1.5", &o), BW_EUSAGE);
	assert_int_equal(bw_objective_parse("median", &o), BW_EUSAGE);
}

/* A risk-averse objective never commits more than the expected-cost one
 * when overage is billed at list (more commitment only adds downside). */
static void test_plan__cvar_objective_is_more_cautious(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *expected = NULL, *cautious = NULL;
	bw_plan_options options = options_of(1, 1000);
	bw_paths *paths = random_paths(4000, 100000, 0.3, 4);
	bw_bands bands = one_band(&band, 0, 0.25, BW_OVERAGE_LIST);

	assert_int_equal(bw_plan_run(&expected, paths, &bands, &options), 0);
	assert_int_equal(bw_objective_parse("meanstd:1", &options.objective), 0);
	assert_int_equal(bw_plan_run(&cautious, paths, &bands, &options), 0);
	assert_true(cautious->bands[0].optimum.stdev_usd <=
	            expected->bands[0].optimum.stdev_usd + 1e-6);
	bw_plan_result_free(expected);
	bw_plan_result_free(cautious);
	bw_paths_free(paths);
}

/* Without rollover the years separate: the ramp is each year's own
 * newsvendor optimum, (1 - d) x the d-quantile of that year's spend. */
static void test_plan__ramp_without_rollover_is_per_year_newsvendor(void **state)
{
	(void)state;
	const size_t n = 2001;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(36, 200);
	bw_paths *paths = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *year = malloc(n * sizeof(double));

	gsl_rng_set(rng, 99);
	assert_int_equal(bw_paths_new(&paths, n, 36), 0);
	for (size_t p = 0; p < n; p++)
		for (int m = 0; m < 36; m++)
			paths->list_usd[p * 36 + (size_t)m] =
			    10000 * (1 + m / 12) * exp(gsl_ran_gaussian(rng, 0.3));
	gsl_rng_free(rng);
	bw_bands bands = one_band(&band, 0, 0.2, BW_OVERAGE_LIST);
	band.true_up = BW_TRUE_UP_ANNUAL;
	options.ramp = 1;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	const bw_plan_band *b = &plan->bands[0];
	assert_int_equal(b->schedule_count, 3);
	for (int y = 0; y < 3; y++) {
		for (size_t p = 0; p < n; p++) {
			year[p] = 0;
			for (int m = 0; m < 12; m++)
				year[p] += paths->list_usd[p * 36 + (size_t)(12 * y + m)];
		}
		qsort(year, n, sizeof(double), compare_doubles);
		double expected = 0.8 * year[(size_t)ceil(0.2 * (double)n) - 1];
		assert_near(b->schedule_usd[y] / expected, 1.0, 0.01);
	}
	/* Growing usage: the ramp rises, and beats one amount pro rata. */
	assert_true(b->schedule_usd[0] < b->schedule_usd[1] &&
	            b->schedule_usd[1] < b->schedule_usd[2]);
	assert_true(b->scheduled.expected_cost_usd < b->optimum.expected_cost_usd);
	free(year);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* A price lock keeps consumption at signing prices: worth something when
 * list prices may rise, a cost when they may fall. */
static void test_plan__price_lock_cuts_both_ways(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(12, 500);
	bw_scenario change;

	for (int rise = 0; rise < 2; rise++) {
		bw_paths *paths = NULL;
		assert_int_equal(bw_paths_new(&paths, 1000, 12), 0);
		for (size_t i = 0; i < 12000; i++)
			paths->list_usd[i] = 10000 + (double)(i % 97) * 100;
		assert_int_equal(
		    bw_scenario_parse(BW_SCENARIO_PRICE_CUT, rise ? "-20%@4" : "20%@4", &change),
		    0);
		assert_int_equal(bw_paths_apply_scenarios(paths, &change, 1, 3), 0);
		assert_non_null(paths->price_index);
		assert_near(paths->price_index[5], rise ? 1.2 : 0.8, 1e-12);
		bw_bands bands = one_band(&band, 0, 0.1, BW_OVERAGE_LIST);
		assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
		const bw_plan_protection *lock = &plan->protections[BW_PROTECTION_PRICE_LOCK];
		if (rise)
			assert_true(lock->value_usd > 1000);
		else
			assert_true(lock->value_usd < -1000);
		/* The other protections stay non-negative whatever prices do. */
		for (int p = 0; p < BW_PROTECTION_PRICE_LOCK; p++)
			assert_true(plan->protections[p].value_usd >= 0);
		bw_plan_result_free(plan);
		bw_paths_free(paths);
	}
}

/* Twelve-month paths, every one spending 'annual' evenly over the year. */
static bw_paths *flat_year_paths(size_t n, double annual)
{
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_new(&paths, n, 12), 0);
	for (size_t i = 0; i < n * 12; i++)
		paths->list_usd[i] = annual / 12;
	return paths;
}

/* The key case: usage of $980K a year at list, bands 250K/8% and
 * 1M/20% (overage at list, one true-up). By hand:
 *   net measure: the 1M band needs C >= 1,000,000 paid, but consumption is
 *     0.8 x 980,000 = 784,000: it costs 1,000,000, more than list (980,000),
 *     so it cannot pay. The 250K band takes the newsvendor C* = 0.92 x
 *     980,000 = 901,600, costing 901,600: recommended.
 *   list measure: the 1M band is reached by C / 0.8 >= 1,000,000, C >=
 *     800,000; the newsvendor 784,000 clamps up to 800,000: cost 800,000
 *     (16,000 unused). The 250K band's range is [230,000, 920,000) at 8%:
 *     901,600 still. The 1M band wins by 901,600 - 800,000 = 101,600. */
static void test_plan__threshold_measure_flips_the_key_case(void **state)
{
	(void)state;
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(12, 2000);
	bw_paths *paths = flat_year_paths(4, 980000);

	for (int measure = 0; measure < 2; measure++) {
		memset(list, 0, sizeof(list));
		snprintf(list[0].name, sizeof(list[0].name), "250K");
		list[0].min_commit_usd = 250000;
		list[0].discount = 0.08;
		snprintf(list[1].name, sizeof(list[1].name), "1M");
		list[1].min_commit_usd = 1000000;
		list[1].discount = 0.20;
		list[0].threshold_measure = list[1].threshold_measure =
		    (bw_threshold_measure)measure;
		bw_bands bands = {list, 2,    0,    NULL,
		                  NULL, NULL, NULL, (bw_threshold_measure)measure};
		assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
		assert_int_equal(plan->threshold_measure, measure);
		assert_near(plan->bands[0].optimum.commit_usd, 901600, 1e-6);
		assert_near(plan->bands[0].optimum.expected_cost_usd, 901600, 1e-6);
		if (measure == BW_THRESHOLD_NET) {
			assert_near(plan->bands[1].commit_min_usd, 1000000, 1e-9);
			assert_near(plan->bands[1].optimum.expected_cost_usd, 1000000, 1e-6);
			assert_int_equal(plan->recommended, 0);
			/* No discount fills a 1,000,000 commitment from 980,000 list. */
			assert_true(isnan(plan->stretch.break_even_discount));
		} else {
			assert_near(plan->bands[0].commit_max_usd, 920000, 1e-6);
			assert_near(plan->bands[1].commit_min_usd, 800000, 1e-6);
			assert_near(plan->bands[1].optimum.commit_usd, 800000, 1e-6);
			assert_near(plan->bands[1].optimum.expected_cost_usd, 800000, 1e-6);
			assert_near(plan->bands[1].optimum.expected_unused_usd, 16000, 1e-6);
			assert_int_equal(plan->recommended, 1);
			assert_near(plan->bands[0].optimum.expected_cost_usd -
			                plan->bands[1].optimum.expected_cost_usd,
			            101600, 1e-6);
		}
		bw_plan_result_free(plan);
	}
	bw_paths_free(paths);
}

/* The stretch under the list measure: the threshold is list dollars, so
 * the commitment that reaches it is (1 - d) x threshold at the discount d
 * tried. One-month paths of 1,000 list; "small": 10% off, no threshold:
 * C* = 900 (q = 1,000), cost 900. "big": 24,000 a year = 2,000 list over
 * the month, 50% off: C >= 1,000, consumption 500: cost 1,000. At discount
 * d the threshold takes C = 2,000 (1 - d) > consumption 1,000 (1 - d), so
 * it costs 2,000 (1 - d) <= 900 from d* = 55%, reached with C = 900. */
static void test_plan__stretch_under_list_measure(void **state)
{
	(void)state;
	double totals[2] = {1000, 1000};
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 200);
	bw_paths *paths = paths_of(totals, 2);

	memset(list, 0, sizeof(list));
	snprintf(list[0].name, sizeof(list[0].name), "small");
	list[0].discount = 0.1;
	snprintf(list[1].name, sizeof(list[1].name), "big");
	list[1].min_commit_usd = 24000;
	list[1].discount = 0.5;
	list[0].threshold_measure = list[1].threshold_measure = BW_THRESHOLD_LIST;
	bw_bands bands = {list, 2, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_LIST};
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_near(plan->bands[1].commit_min_usd, 1000, 1e-9);
	assert_near(plan->bands[1].optimum.expected_cost_usd, 1000, 1e-6);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 900, 1e-6);
	assert_true(plan->stretch.available);
	assert_int_equal(plan->stretch.band, 1);
	assert_near(plan->stretch.break_even_discount, 0.55, 1e-9);
	assert_near(plan->stretch.break_even_commit_usd, 900, 1e-6);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* Equal-savings discount points, one period, by hand. Two paths of 1,000
 * and 2,000 list, 10% off, overage at list, no threshold:
 *   without the protection: C* = 0.9 F^-1(0.1) = 900 (q = 1,000), E[cost] =
 *     900 + (2,000 - 1,000) / 2 = 1,400;
 *   with overage at the committed rate: the floor C = 0, E[cost] = 0.9 x
 *     1,500 = 1,350. Worth 50.
 *   At discount d' (overage at list) the optimum stays at q = 1,000 for
 *     d' < 50%: E = 1,000 (1 - d') + 500 = 1,350 at d' = 15%: 5 points.
 *   (value / E[list] would say 50 / 1,500 = 3.33 points.) */
static void test_plan__discount_points_solved_on_the_paths(void **state)
{
	(void)state;
	double totals[2] = {1000, 2000};
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 2000);
	bw_paths *paths = paths_of(totals, 2);
	bw_bands bands = one_band(&band, 0, 0.1, BW_OVERAGE_LIST);

	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 1400, 1e-6);
	const bw_plan_protection *o = &plan->protections[BW_PROTECTION_OVERAGE_COMMITTED];
	assert_near(o->value_usd, 50, 1e-6);
	assert_near(o->discount_points, 5.0, 1e-6);
	/* One period: rollover and term true-up change nothing; no prices move. */
	assert_near(plan->protections[BW_PROTECTION_TERM_TRUE_UP].discount_points, 0, 1e-12);
	assert_near(plan->protections[BW_PROTECTION_PRICE_CAP].discount_points, 0, 1e-12);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* A price cap lets cuts through and keeps rises off: under a cut it is
 * worth >= 0 (here exactly 0: nothing rises) while a fixed lock costs;
 * under a rise both take the rise back, so they are worth the same. */
static void test_plan__price_cap_and_fixed_lock(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(12, 500);
	bw_scenario change;

	for (int rise = 0; rise < 2; rise++) {
		bw_paths *paths = NULL;
		assert_int_equal(bw_paths_new(&paths, 1000, 12), 0);
		for (size_t i = 0; i < 12000; i++)
			paths->list_usd[i] = 10000 + (double)(i % 97) * 100;
		assert_int_equal(
		    bw_scenario_parse(BW_SCENARIO_PRICE_CUT, rise ? "-20%@4" : "20%@4", &change),
		    0);
		assert_int_equal(bw_paths_apply_scenarios(paths, &change, 1, 3), 0);
		bw_bands bands = one_band(&band, 0, 0.1, BW_OVERAGE_LIST);
		assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
		const bw_plan_protection *fixed = &plan->protections[BW_PROTECTION_PRICE_LOCK];
		const bw_plan_protection *cap = &plan->protections[BW_PROTECTION_PRICE_CAP];
		assert_true(cap->value_usd >= 0);
		assert_true(cap->discount_points >= 0);
		if (rise) {
			assert_true(fixed->value_usd > 1000);
			assert_near(cap->value_usd, fixed->value_usd, 1e-6 * fixed->value_usd);
		} else {
			assert_true(fixed->value_usd < -1000);
			/* Negative points, or none when the lock costs more than the
			 * whole discount saves (as here: 20% off the list, 10% off). */
			assert_true(fixed->discount_points < 0 || isnan(fixed->discount_points));
			assert_near(cap->value_usd, 0, 1e-9);
		}
		/* A capped deal priced path by path: the cut reaches it (the
		 * same as no lock), a rise does not (the same as fixed). */
		bw_deal deal = bw_deal_from_band(&band, 12, 100000);
		bw_plan_outcome none, capped, locked;
		assert_int_equal(bw_plan_evaluate_deal(&none, paths, &deal, &options), 0);
		deal.price_lock = BW_PRICE_LOCK_CAP;
		assert_int_equal(bw_plan_evaluate_deal(&capped, paths, &deal, &options), 0);
		deal.price_lock = BW_PRICE_LOCK_FIXED;
		assert_int_equal(bw_plan_evaluate_deal(&locked, paths, &deal, &options), 0);
		assert_near(capped.expected_cost_usd,
		            rise ? locked.expected_cost_usd : none.expected_cost_usd, 1e-6);
		assert_true(rise ? none.expected_cost_usd > capped.expected_cost_usd
		                 : locked.expected_cost_usd > capped.expected_cost_usd);
		bw_plan_result_free(plan);
		bw_paths_free(paths);
	}
}

/* The range is [lo, hi): a band's optimum never lands on the next band's
 * threshold, whose terms start there. Flat 12-month paths of 1,200,000:
 * the small band (5% off) would take 1,140,000, but "large" starts at
 * 1,000,000: the small band stops a dollar below it. */
static void test_plan__optimum_stays_below_the_next_threshold(void **state)
{
	(void)state;
	bw_band list[2];
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(12, 2000);
	bw_paths *paths = flat_year_paths(3, 1200000);

	memset(list, 0, sizeof(list));
	snprintf(list[0].name, sizeof(list[0].name), "small");
	list[0].discount = 0.05;
	snprintf(list[1].name, sizeof(list[1].name), "large");
	list[1].min_commit_usd = 1000000;
	list[1].discount = 0.10;
	bw_bands bands = {list, 2, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_near(plan->bands[0].optimum.commit_usd, 999999, 1e-6);
	assert_true(plan->bands[0].optimum.commit_usd < plan->bands[1].commit_min_usd);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* The CVaR optimum of a one-period band is exact (the CVaR is piecewise
 * linear in C with kinks at the path totals): on a coarse grid it still
 * matches the best of a brute-force sweep of every kink and a fine grid. */
static void test_plan__cvar_optimum_beyond_the_grid(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(1, 7);
	bw_paths *paths = random_paths(501, 1000, 0.4, 17);
	bw_bands bands = one_band(&band, 0, 0.2, BW_OVERAGE_LIST);

	assert_int_equal(bw_objective_parse("cvar:0.9", &options.objective), 0);
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	double found = plan->bands[0].optimum.objective_usd, best = INFINITY;
	for (size_t i = 0; i <= 40000; i++) {
		bw_plan_outcome o;
		double c = i < 501 ? 0.8 * paths->list_usd[i] : (double)(i - 501) * 0.1;
		assert_int_equal(bw_plan_evaluate(&o, paths, &band, &options, c), 0);
		if (o.objective_usd < best)
			best = o.objective_usd;
	}
	assert_true(found <= best + 1e-9 * best);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* With --ramp the recommendation is the ramp when it is cheaper: usage
 * of 100,000 list in year 1 and 300,000 in year 2 on every path, 20% off,
 * annual true-up, overage at list. One amount pro rata: C per year C/2;
 * the best flat C = 160,000 (80,000 a year: year 1 fills, year 2 runs
 * 300,000 - 100,000 = 200,000 over at list): 160,000 + 200,000 = 360,000.
 * The ramp 80,000 / 240,000 fills both years exactly: 320,000. */
static void test_plan__ramp_is_recommended_when_cheaper(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_result *plan = NULL;
	bw_plan_options options = options_of(24, 400);
	bw_paths *paths = NULL;

	assert_int_equal(bw_paths_new(&paths, 3, 24), 0);
	for (size_t p = 0; p < 3; p++)
		for (int m = 0; m < 24; m++)
			paths->list_usd[p * 24 + (size_t)m] =
			    m < 12 ? 100000 / 12.0 : 300000 / 12.0;
	bw_bands bands = one_band(&band, 0, 0.2, BW_OVERAGE_LIST);
	band.true_up = BW_TRUE_UP_ANNUAL;
	options.ramp = 1;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	const bw_plan_band *b = &plan->bands[0];
	assert_int_equal(plan->recommended, 0);
	assert_true(plan->recommended_ramp);
	assert_near(b->scheduled.expected_cost_usd, 320000, 320000 * 1e-4);
	assert_true(b->optimum.expected_cost_usd > b->scheduled.expected_cost_usd + 30000);
	bw_plan_result_free(plan);
	options.ramp = 0;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_false(plan->recommended_ramp);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/* Savings trapped when the recommendation is a ramp: sized on usage of
 * 100,000 then 300,000 list (the ramp 80,000 / 240,000 at 20% off), then
 * the optimizations halve usage (consumption 40,000 / 120,000): the sized
 * ramp leaves 40,000 + 120,000 unused and costs its 320,000; the ramp sized
 * on optimized usage, 40,000 / 120,000, costs 160,000: 160,000 extra. */
static void test_plan__trapped_savings_of_a_ramp(void **state)
{
	(void)state;
	bw_band band;
	bw_plan_trapped t;
	bw_plan_options options = options_of(24, 400);
	bw_paths *before = NULL, *after = NULL;

	assert_int_equal(bw_paths_new(&before, 3, 24), 0);
	assert_int_equal(bw_paths_new(&after, 3, 24), 0);
	for (size_t i = 0; i < 3 * 24; i++) {
		before->list_usd[i] = i % 24 < 12 ? 100000 / 12.0 : 300000 / 12.0;
		after->list_usd[i] = before->list_usd[i] / 2;
	}
	bw_bands bands = one_band(&band, 0, 0.2, BW_OVERAGE_LIST);
	band.true_up = BW_TRUE_UP_ANNUAL;
	options.ramp = 1;
	assert_int_equal(bw_plan_trapped_savings(&t, before, after, &bands, &options), 0);
	assert_near(t.sized_commit_usd, 320000, 320000 * 1e-4);
	assert_near(t.right_commit_usd, 160000, 160000 * 1e-4);
	assert_near(t.expected_unused_usd, 160000, 160000 * 1e-4);
	assert_near(t.expected_cost_usd, 320000, 320000 * 1e-4);
	assert_near(t.extra_cost_usd, 160000, 160000 * 1e-4);
	bw_paths_free(before);
	bw_paths_free(after);
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
	    cmocka_unit_test(test_plan__exact_risk_measures_match_brute_force),
	    cmocka_unit_test(test_plan__one_period_statistics_by_hand),
	    cmocka_unit_test(test_plan__floor_and_risk_cap_respect_their_rules),
	    cmocka_unit_test(test_plan__stretch_break_even_by_hand),
	    cmocka_unit_test(test_plan__protections_are_never_negative),
	    cmocka_unit_test(test_plan__annual_without_rollover_separates),
	    cmocka_unit_test(test_plan__objective_names),
	    cmocka_unit_test(test_plan__cvar_objective_is_more_cautious),
	    cmocka_unit_test(test_plan__ramp_without_rollover_is_per_year_newsvendor),
	    cmocka_unit_test(test_plan__price_lock_cuts_both_ways),
	    cmocka_unit_test(test_plan__threshold_measure_flips_the_key_case),
	    cmocka_unit_test(test_plan__stretch_under_list_measure),
	    cmocka_unit_test(test_plan__discount_points_solved_on_the_paths),
	    cmocka_unit_test(test_plan__price_cap_and_fixed_lock),
	    cmocka_unit_test(test_plan__optimum_stays_below_the_next_threshold),
	    cmocka_unit_test(test_plan__cvar_optimum_beyond_the_grid),
	    cmocka_unit_test(test_plan__ramp_is_recommended_when_cheaper),
	    cmocka_unit_test(test_plan__trapped_savings_of_a_ramp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

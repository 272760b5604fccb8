/*
 * test_plan_lever.c: the lever (the next band's threshold within reach,
 * and the two asks) and the near tie (src/lib/plan_lever.c), on paths
 * small enough to work out by hand.
 */
#include "test_util.h"

#include "bandwise/bands.h"
#include "bandwise/error.h"
#include "bandwise/forecast.h"
#include "bandwise/plan.h"

/* 'n' paths of 'months' months: the first 'split' months at 'early', the
 * rest at 'late'. */
static bw_paths *step_paths(size_t n, int months, int split, double early, double late)
{
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_new(&paths, n, months), 0);
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < months; m++)
			paths->list_usd[i * (size_t)months + (size_t)m] = m < split ? early : late;
	return paths;
}

/*
 * 24 months: 600,000 of list in year 1, 1.2M in year 2 (1.8M), the same on
 * every path. Band A: 10% off, list overage, annual true-up. Band B:
 * 750,000 a year (1.5M over the term), 20% off, committed-rate overage.
 *
 * A, C pro rata (C/2 a year): cost = C + (600K - C/1.8)+ + (1.2M - C/1.8)+,
 * falling while both years overflow and rising after, so C = 1.08M and
 * the cost is 1.08M + 600K = 1.68M. B at its threshold: year 1 draws 480K
 * of 750K (270K lost), year 2 draws 960K (210K over at the committed
 * rate): 1.71M. A is recommended.
 *
 * The lever: at 20% off the usage draws 0.8 x 1.8M = 1.44M, 4% below B's
 * 1.5M. Ask (a), A's terms at 20%: the kink moves to C/1.6 = 600K, C =
 * 960K, cost 960K + 600K = 1.56M: worth 120,000. Ask (b), 1.5M at B's
 * terms with: rollover 50%: year 1 carries 135K, year 2 has 885K for
 * 960K, 75K over: 1.575M, worth 105,000; a ramp following usage (500K,
 * 1M): 20K and 40K lost, no overage: 1.5M, worth 180,000 (the best);
 * committed overage (B has it): 1.71M, 30,000 worse.
 */
static void test_plan_lever__two_asks_by_hand(void **state)
{
	(void)state;
	bw_band bands_v[2] = {
	    {"A", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_ANNUAL, 0, BW_THRESHOLD_NET},
	    {"B", 750000, 0.20, BW_OVERAGE_COMMITTED, 0, 0, BW_TRUE_UP_ANNUAL, 0,
	     BW_THRESHOLD_NET}};
	bw_bands bands = {bands_v, 2, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = step_paths(4, 24, 12, 50000, 100000);
	bw_plan_result *plan = NULL;

	options.term_months = 24;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 1680000, 1);
	const bw_plan_lever *l = &plan->lever;
	assert_true(l->available);
	assert_int_equal(l->band, 1);
	assert_near(l->threshold_usd, 1500000, 1e-6);
	assert_near(l->usage_usd, 1440000, 1e-6);
	assert_near(l->gap, 0.04, 1e-12);
	assert_near(l->discount_commit_usd, 960000, 1);
	assert_near(l->discount_value_usd, 120000, 1);
	assert_true(l->protection_available[BW_PROTECTION_ROLLOVER]);
	assert_near(l->protection_value_usd[BW_PROTECTION_ROLLOVER], 105000, 1);
	assert_near(l->protection_value_usd[BW_PROTECTION_RAMP], 180000, 1);
	assert_near(l->protection_value_usd[BW_PROTECTION_OVERAGE_COMMITTED], -30000, 1);
	assert_false(l->protection_available[BW_PROTECTION_PRICE_LOCK]);
	assert_int_equal(l->best_protection, BW_PROTECTION_RAMP);
	/* Identical paths: no noise; B loses by 30,000, 1.8% of 1.68M: no tie. */
	assert_int_equal(plan->tie.runner_up, 1);
	assert_near(plan->tie.margin_usd, 30000, 1);
	assert_near(plan->tie.noise_usd, 0, 1e-9);
	assert_false(plan->tie.near_tie);
	bw_plan_result_free(plan);

	/* Usage 26% below the threshold is out of reach: 1.8M x 0.8 = 1.44M
	 * against 1.95M (975,000 a year) is 26.2% below. */
	bands_v[1].min_commit_usd = 975000;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_false(plan->lever.available);
	bw_plan_result_free(plan);

	/* At 12 months rollover and a ramp cannot act (one true-up period).
	 * 1.2M of list: A commits 1.08M for 1.08M; B at 1.1M draws 960K (12.7%
	 * below) and costs 1.1M. */
	bands_v[1].min_commit_usd = 1100000;
	options.term_months = 12;
	bw_paths *year = step_paths(4, 12, 12, 100000, 100000);
	assert_int_equal(bw_plan_run(&plan, year, &bands, &options), 0);
	assert_true(plan->lever.available);
	assert_false(plan->lever.protection_available[BW_PROTECTION_ROLLOVER]);
	assert_false(plan->lever.protection_available[BW_PROTECTION_RAMP]);
	assert_true(plan->lever.protection_available[BW_PROTECTION_OVERAGE_COMMITTED]);
	bw_plan_result_free(plan);
	bw_paths_free(year);
	bw_paths_free(paths);
}

/*
 * One band, 12 months: 1,197,000 threshold, 0.4% off, committed-rate
 * overage. On a flat 1.2M path it draws 1,195,200: 1,800 unused, cost
 * 1,197,000 against 1.2M pay-as-you-go. It wins by 3,000, under 0.5% of
 * its cost (5,985), leaving commitment unused on every path: a near tie,
 * and pay-as-you-go (nothing unused) is the robust choice.
 *
 * With one path at 1.2M and one at 1.25M (cost 1,245,000 against
 * 1,250,000), the per-path differences are -3,000 and -5,000: mean
 * -4,000, sample variance 2,000,000, standard error sqrt(2e6 / 2) = 1,000.
 * It wins by 4,000 > 1,000, and leaves some unused on half the paths only:
 * no tie.
 */
static void test_plan_lever__near_tie_by_hand(void **state)
{
	(void)state;
	bw_band band = {"A", 1197000,         0.004, BW_OVERAGE_COMMITTED, 0,
	                0,   BW_TRUE_UP_TERM, 0,     BW_THRESHOLD_NET};
	bw_bands bands = {&band, 1, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = step_paths(4, 12, 12, 100000, 100000);
	bw_plan_result *plan = NULL;

	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 1197000, 1e-6);
	assert_int_equal(plan->tie.runner_up, -1);
	assert_near(plan->tie.margin_usd, 3000, 1e-6);
	assert_true(plan->tie.near_tie);
	assert_false(plan->tie.by_noise);
	assert_int_equal(plan->tie.robust, -1);
	bw_plan_result_free(plan);
	bw_paths_free(paths);

	paths = step_paths(2, 12, 12, 100000, 100000);
	for (int m = 0; m < 12; m++)
		paths->list_usd[12 + m] = 1250000 / 12.0;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->tie.margin_usd, 4000, 1e-6);
	assert_near(plan->tie.noise_usd, 1000, 1e-6);
	assert_false(plan->tie.by_noise);
	assert_false(plan->tie.near_tie);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

/*
 * The reach in the next band's threshold measure. 12 months of 75,000 list
 * (900,000) on every path. Band A: 10% off; band B: 1M a year, 12% off.
 * A's optimum commits 0.9 x 900K = 810,000 and costs that; B would cost
 * its threshold's net commitment, more. Net-measured, B's threshold is
 * 1M paid and the usage at 12% draws 792,000: 20.8% below it. List-
 * measured, 880,000 paid reaches it (1M at 12% off) and the vendor sets
 * E[list] = 900,000 against 1M: 10% below. Ask (a) either way: A's terms
 * at 12% commit 792,000 and cost that, worth 18,000.
 */
static void lever_in_measure(bw_threshold_measure measure, double threshold_usd, double gap)
{
	bw_band bands_v[2] = {
	    {"A", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, measure},
	    {"B", 1000000, 0.12, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, measure}};
	bw_bands bands = {bands_v, 2, 0, NULL, NULL, NULL, NULL, measure};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = step_paths(4, 12, 12, 75000, 75000);
	bw_plan_result *plan = NULL;

	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 810000, 1);
	const bw_plan_lever *l = &plan->lever;
	assert_true(l->available);
	assert_int_equal(l->band, 1);
	assert_near(l->threshold_usd, threshold_usd, 1e-6);
	assert_near(l->threshold_value_usd, 1000000, 1e-6);
	assert_near(l->usage_usd, 792000, 1e-6);
	assert_near(l->usage_value_usd, measure == BW_THRESHOLD_LIST ? 900000 : 792000, 1e-6);
	assert_near(l->gap, gap, 1e-9);
	assert_near(l->discount_commit_usd, 792000, 1);
	assert_near(l->discount_value_usd, 18000, 1);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

static void test_plan_lever__reach_follows_threshold_measure(void **state)
{
	(void)state;
	lever_in_measure(BW_THRESHOLD_NET, 1000000, 0.208);
	lever_in_measure(BW_THRESHOLD_LIST, 880000, 0.10);
}

/*
 * With --ramp the recommendation may be a ramp, and the asks are worth
 * what they save against it. The paths of the first test (600,000 then
 * 1.2M of list). A: 10% off, annual true-up: one amount pro rata costs
 * 1.68M, its ramp (540,000 then 1.08M) 1.62M. B: 825,000 a year (1.65M
 * over the term), 12% off, term true-up (no ramp): the usage draws
 * 0.88 x 1.8M = 1.584M, 4% below it, so B costs 1.65M. A's ramp is
 * recommended and the lever's reference is its 1.62M, not 1.68M.
 */
static void test_plan_lever__reference_is_the_recommended_ramp(void **state)
{
	(void)state;
	bw_band bands_v[2] = {
	    {"A", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_ANNUAL, 0, BW_THRESHOLD_NET},
	    {"B", 825000, 0.12, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET}};
	bw_bands bands = {bands_v, 2, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = step_paths(4, 24, 12, 50000, 100000);
	bw_plan_result *plan = NULL;

	options.term_months = 24;
	options.ramp = 1;
	assert_int_equal(bw_plan_run(&plan, paths, &bands, &options), 0);
	assert_int_equal(plan->recommended, 0);
	assert_true(plan->recommended_ramp);
	assert_near(plan->bands[0].optimum.expected_cost_usd, 1680000, 100);
	assert_near(plan->bands[0].scheduled.expected_cost_usd, 1620000, 100);
	assert_true(plan->lever.available);
	assert_near(plan->lever.gap, 1 - 1584000.0 / 1650000, 1e-9);
	assert_near(plan->lever.reference_expected_cost_usd,
	            plan->bands[0].scheduled.expected_cost_usd, 1e-9);
	assert_near(plan->lever.discount_value_usd,
	            plan->bands[0].scheduled.expected_cost_usd -
	                plan->lever.discount_expected_cost_usd,
	            1e-6);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_lever__two_asks_by_hand),
	    cmocka_unit_test(test_plan_lever__near_tie_by_hand),
	    cmocka_unit_test(test_plan_lever__reach_follows_threshold_measure),
	    cmocka_unit_test(test_plan_lever__reference_is_the_recommended_ramp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

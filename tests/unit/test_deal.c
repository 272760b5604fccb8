/*
 * test_deal.c: deal files, offers against the alternatives, the peer
 * benchmark, and tracking a signed deal.
 */
#include "test_util.h"

#include "bandwise/deal.h"
#include "bandwise/error.h"
#include "bandwise/offer.h"
#include "bandwise/peers.h"
#include "bandwise/track.h"

static bw_deal_file *deal_from(const char *json)
{
	bw_deal_file *deal = NULL;
	if (bw_deal_file_load_buffer(&deal, json, strlen(json), "deal.json") < 0)
		fail_msg("%s", bw_error_last());
	return deal;
}

static void expect_deal_error(const char *json, const char *fragment)
{
	bw_deal_file *deal = NULL;
	assert_int_equal(bw_deal_file_load_buffer(&deal, json, strlen(json), "deal.json"),
	                 BW_EPARSE);
	assert_null(deal);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
}

static void test_deal__files(void **state)
{
	(void)state;
	bw_deal_file *deal =
	    deal_from("{\"name\":\"ramp\",\"term_months\":24,\"true_up\":\"annual\","
	              "\"schedule_usd\":[100,300],\"discount\":0.1,\"overage\":0.05,"
	              "\"rollover\":0.5,\"start_month\":\"2026-03\"}");
	assert_string_equal(deal->name, "ramp");
	assert_near(deal->commit_usd, 400, 0);
	assert_int_equal(deal->schedule_count, 2);
	assert_int_equal(deal->terms.overage, BW_OVERAGE_CUSTOM);
	assert_near(bw_band_overage_discount(&deal->terms), 0.05, 0);
	assert_string_equal(deal->start_month, "2026-03");
	bw_deal d = bw_deal_file_deal(deal);
	assert_ptr_equal(d.schedule_usd, deal->schedule_usd);
	bw_deal_file_free(deal);

	expect_deal_error("{\"term_months\":12,\"discount\":0.1}", "commit_usd");
	expect_deal_error(
	    "{\"term_months\":24,\"true_up\":\"annual\",\"schedule_usd\":[1,2,3],\"discount\":0.1}",
	    "schedule_usd: expected an array of 2 amounts");
	expect_deal_error("{\"term_months\":12,\"commit_usd\":5,\"discount\":1.5}", "discount");
	expect_deal_error("{\"term_months\":0,\"commit_usd\":5,\"discount\":0.1}", "term_months");
	expect_deal_error(
	    "{\"term_months\":12,\"commit_usd\":5,\"discount\":0.1,\"start_month\":\"May\"}",
	    "start_month");
	expect_deal_error("{\"term_months\": 12,", "deal.json:1:");

	/* The lock's two meanings and the threshold measure, as in band files. */
	deal = deal_from("{\"term_months\":12,\"commit_usd\":800,\"discount\":0.2,"
	                 "\"price_lock\":\"cap\",\"threshold_measure\":\"list\"}");
	assert_int_equal(deal->terms.price_lock, BW_PRICE_LOCK_CAP);
	assert_int_equal(deal->terms.threshold_measure, BW_THRESHOLD_LIST);
	assert_near(bw_band_threshold_value(&deal->terms, deal->commit_usd), 1000, 1e-9);
	assert_int_equal(bw_deal_file_deal(deal).price_lock, BW_PRICE_LOCK_CAP);
	bw_deal_file_free(deal);
	deal = deal_from("{\"term_months\":12,\"commit_usd\":800,\"discount\":0.2,"
	                 "\"price_lock\":true}");
	assert_int_equal(deal->terms.price_lock, BW_PRICE_LOCK_FIXED);
	assert_int_equal(deal->terms.threshold_measure, BW_THRESHOLD_NET);
	bw_deal_file_free(deal);
	expect_deal_error("{\"term_months\":12,\"commit_usd\":5,\"discount\":0.1,"
	                  "\"threshold_measure\":1}",
	                  "threshold_measure");
	expect_deal_error("{\"term_months\":12,\"commit_usd\":5,\"discount\":0.1,"
	                  "\"price_lock\":\"yes\"}",
	                  "price_lock");
}

/* Paths of exactly 100,000 list a month for 12 months: every quantity is
 * known in closed form. */
static bw_paths *flat_paths(size_t n, int months, double monthly)
{
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_new(&paths, n, months), 0);
	for (size_t i = 0; i < n * (size_t)months; i++)
		paths->list_usd[i] = monthly;
	return paths;
}

static void test_deal__offer_against_the_alternatives(void **state)
{
	(void)state;
	bw_band band = {"B", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET};
	bw_bands bands = {&band, 1, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = flat_paths(50, 12, 100000); /* 1.2M list for sure */
	bw_offer_evaluation e;

	/* The band's own optimum: commit 0.9 x 1.2M = 1.08M, cost 1.08M. */
	bw_deal_file *same =
	    deal_from("{\"term_months\":12,\"commit_usd\":1080000,\"discount\":0.10}");
	assert_int_equal(bw_offer_evaluate(&e, same, paths, &bands, &options), 0);
	assert_near(e.outcome.expected_cost_usd, 1080000, 1e-6);
	assert_near(e.recommended_expected_cost_usd, 1080000, 1e-3);
	assert_true(e.beats_payg);
	/* The same deal: it matches (within the tolerance), it does not beat. */
	assert_false(e.beats_recommended);
	assert_true(e.matches_recommended);
	assert_near(e.target_discount, 0.10, 0);
	assert_near(e.target_discount_payg, 0.10, 0);

	/* 5% off the same commitment: consumption 1.14M, 60,000 over, billed
	 * at list 63,157.89 -> 1,143,157.89. It needs 10% to match. */
	bw_deal_file *worse =
	    deal_from("{\"term_months\":12,\"commit_usd\":1080000,\"discount\":0.05}");
	assert_int_equal(bw_offer_evaluate(&e, worse, paths, &bands, &options), 0);
	assert_near(e.outcome.expected_cost_usd, 1080000 + 60000 / 0.95, 1e-6);
	assert_true(e.beats_payg);
	assert_false(e.beats_recommended);
	assert_near(e.target_discount, 0.10, 1e-9);
	/* Overage at the committed rate saves 60,000/0.95 - 60,000. */
	assert_near(e.outcome.expected_cost_usd -
	                e.protections[BW_PROTECTION_OVERAGE_COMMITTED].expected_cost_usd,
	            60000 / 0.95 - 60000, 1e-6);

	/* Committing 2M for 1.2M of use never pays at any discount. */
	bw_deal_file *huge =
	    deal_from("{\"term_months\":12,\"commit_usd\":2000000,\"discount\":0.3}");
	assert_int_equal(bw_offer_evaluate(&e, huge, paths, &bands, &options), 0);
	assert_false(e.beats_payg);
	assert_true(isnan(e.target_discount));
	assert_true(isnan(e.target_discount_payg));
	bw_deal_file_free(same);
	bw_deal_file_free(worse);
	bw_deal_file_free(huge);
	bw_paths_free(paths);
}

/* Under --objective cvar the offer is judged by CVaR against the
 * CVaR-chosen deal. Five paths of 600,000 and five of 1.2M list, 10% off,
 * overage at list. CVaR 90% of ten paths is the worst path. The CVaR
 * optimum commits 1.08M (= 0.9 x 1.2M): every path costs 1.08M. An offer
 * of 540,000 (the expected-cost optimum) costs 840,000 in expectation,
 * cheaper than 1.08M, but its worst path costs 540,000 + 600,000 =
 * 1.14M: it loses by CVaR and must not be taken. Its target: the worst
 * path costs 540,000 + 1.2M - 540,000 / (1 - d) <= 1.08M when
 * 1 - d <= 540/660, d >= 2/11. Pay-as-you-go's CVaR is 1.2M: beaten. */
static void test_deal__offer_under_cvar(void **state)
{
	(void)state;
	bw_band band = {"B", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET};
	bw_bands bands = {&band, 1, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = flat_paths(10, 12, 100000);
	bw_offer_evaluation e;

	for (size_t i = 0; i < 5 * 12; i++)
		paths->list_usd[i] = 50000;
	options.objective.kind = BW_OBJECTIVE_CVAR;
	options.objective.parameter = 0.9;
	bw_deal_file *offer =
	    deal_from("{\"term_months\":12,\"commit_usd\":540000,\"discount\":0.10}");
	assert_int_equal(bw_offer_evaluate(&e, offer, paths, &bands, &options), 0);
	assert_near(e.outcome.expected_cost_usd, 840000, 1e-6);
	assert_near(e.objective_usd, 1140000, 1e-6);
	assert_near(e.payg_objective_usd, 1200000, 1e-6);
	assert_near(e.recommended_objective_usd, 1080000, 1080000 * BW_OFFER_MATCH_TOLERANCE);
	assert_true(e.recommended_expected_cost_usd > e.outcome.expected_cost_usd);
	assert_true(e.beats_payg);
	assert_false(e.beats_recommended);
	assert_false(e.matches_recommended);
	assert_near(e.target_discount, 2.0 / 11, 1e-3);
	assert_near(e.target_discount_payg, 0.10, 0);
	bw_deal_file_free(offer);
	bw_paths_free(paths);
}

static void test_deal__peers(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char csv[4096] = "# a comment\ncommit_usd,term_months,discount\n";
	/* discount = -0.2 + 0.02 ln(C) + 0.01 years, exactly. */
	const double commits[] = {1e5, 3e5, 1e6, 3e6, 1e7, 2e6};
	const int terms[] = {12, 24, 36, 12, 24, 36};
	for (int i = 0; i < 6; i++) {
		char row[128];
		snprintf(row, sizeof(row), "%.0f,%d,%.12f\n", commits[i], terms[i],
		         -0.2 + 0.02 * log(commits[i]) + 0.01 * terms[i] / 12.0);
		strcat(csv, row);
	}
	char *path = test_write_file(dir, "peers.csv", csv);
	bw_peers *peers = NULL;
	bw_peers_fit fit;
	bw_peers_placement place;
	assert_int_equal(bw_peers_read_csv(&peers, path), 0);
	assert_false(peers->synthetic);
	assert_int_equal(bw_peers_fit_model(peers, &fit), 0);
	assert_near(fit.intercept, -0.2, 1e-9);
	assert_near(fit.slope_log_commit, 0.02, 1e-10);
	assert_near(fit.slope_term_years, 0.01, 1e-10);
	assert_near(fit.r_squared, 1, 1e-9);
	bw_peers_place(peers, &fit, 1e6, 12, 0.5, &place);
	assert_near(place.percentile, 1, 0);
	bw_peers_place(peers, &fit, 1e6, 12, 0.0, &place);
	assert_near(place.percentile, 0, 0);
	assert_near(place.predicted_discount, -0.2 + 0.02 * log(1e6) + 0.01, 1e-9);
	bw_peers_free(peers);
	free(path);

	const char *bad[][2] = {
	    {"commit,term_months,discount\n1,12,0.1\n", "peers.csv:1:1: expected a column name"},
	    {"commit_usd,term_months,discount\n1e6,12,abc\n1,1,1\n1,1,1\n1,1,1\n",
	     "peers.csv:2:8: expected discount"},
	    {"commit_usd,term_months,discount\n1e6,12,1.5\n", "expected discount"},
	    {"commit_usd,term_months,discount\n1e6,12,0.1\n", "at least 4 deals"},
	};
	for (size_t i = 0; i < 4; i++) {
		path = test_write_file(dir, "peers.csv", bad[i][0]);
		assert_int_equal(bw_peers_read_csv(&peers, path), BW_EPARSE);
		if (strstr(bw_error_last(), bad[i][1]) == NULL)
			fail_msg("message '%s' lacks '%s'", bw_error_last(), bad[i][1]);
		free(path);
	}
	test_rmdir_tree(dir);

	/* The shipped example says it is synthetic and fits sensibly. */
	assert_int_equal(bw_peers_read_csv(&peers, "examples/peers-synthetic.csv"), 0);
	assert_true(peers->synthetic);
	assert_int_equal(bw_peers_fit_model(peers, &fit), 0);
	assert_true(fit.slope_log_commit > 0);
	bw_peers_free(peers);
}

static void test_deal__track(void **state)
{
	(void)state;
	/* 6 months of history, 100,000 list each, no growth, no noise; a
	 * 12-month deal of 1M at 10% from month 3. Consumption 90,000 a month:
	 * 360,000 so far (4 months), 1.08M by the end: 80,000 over. */
	double history[6] = {100000, 100000, 100000, 100000, 100000, 100000};
	bw_deal_file *deal =
	    deal_from("{\"term_months\":12,\"commit_usd\":1000000,\"discount\":0.1,"
	              "\"start_month\":\"2026-03\"}");
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	bw_track_result *t = NULL;
	options.paths = 100;
	assert_int_equal(bw_track_run(&t, deal, history, 6, "2026-01", &options), 0);
	assert_int_equal(t->months_elapsed, 4);
	assert_near(t->consumed_usd, 360000, 1e-6);
	assert_near(t->pace, 360000 / (1000000 * 4.0 / 12.0), 1e-9);
	assert_int_equal(t->period_count, 1);
	assert_near(t->periods[0].position_p50_usd, 80000, 1e-3);
	assert_near(t->periods[0].expected_overage_usd, 80000 / 0.9, 1e-3);
	assert_near(t->periods[0].shortfall_probability, 0, 0);
	/* Overage at list costs 88,888.89 against 80,000 at the committed
	 * rate. Moving up to 1.08M absorbs the excess: at the signed 10% it
	 * costs 1.08M against 1,088,888.89 as signed, so it pays as signed. */
	assert_near(t->periods[0].expected_excess_usd, 80000, 1e-3);
	assert_near(t->periods[0].expansion_commit_usd, 1080000, 1e-3);
	assert_near(t->periods[0].expansion_break_even_discount, 0.1, 0);
	bw_track_free(t);
	bw_deal_file_free(deal);

	/* With committed-rate overage the overage paid is the excess itself,
	 * 80,000, and the deal costs max(1M, 1.08M) = 1.08M as signed. */
	deal = deal_from("{\"term_months\":12,\"commit_usd\":1000000,\"discount\":0.1,"
	                 "\"overage\":\"committed\",\"start_month\":\"2026-03\"}");
	assert_int_equal(bw_track_run(&t, deal, history, 6, "2026-01", &options), 0);
	assert_near(t->periods[0].expected_overage_usd, 80000, 1e-3);
	assert_near(t->periods[0].expected_excess_usd, 80000, 1e-3);
	/* Absorbing exactly the excess changes nothing: it pays (ties) as signed. */
	assert_near(t->periods[0].expansion_break_even_discount, 0.1, 0);
	bw_track_free(t);
	/* The history must reach back to the start. */
	assert_int_equal(bw_track_run(&t, deal, history, 6, "2026-05", &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "2026-03"));
	/* Billed 100,000 a month, the same work at today's list 50,000: what
	 * was drawn stays 360,000, the 8 months to come draw 8 x 45,000, so
	 * the term ends 280,000 short instead of 80,000 over. */
	double today[6] = {50000, 50000, 50000, 50000, 50000, 50000};
	assert_int_equal(bw_track_run_basis(&t, deal, history, today, 6, "2026-01", &options), 0);
	assert_near(t->consumed_usd, 360000, 1e-6);
	assert_near(t->periods[0].position_p50_usd, -280000, 1e-3);
	bw_track_free(t);
	bw_deal_file_free(deal);
}

/* The forecast's detected changes in a track are dated from the
 * history's first month, as forecast's: "2026-01: level up ...", not
 * numbered ("month 13"). A clean step x1.5 at month 12 of 24. */
static void test_deal__track_dates_the_changes(void **state)
{
	(void)state;
	double history[24];
	for (int m = 0; m < 24; m++)
		history[m] = 100000 * exp(0.02 * m) * (m >= 12 ? 1.5 : 1) * (m % 2 ? 1.001 : 0.999);
	bw_deal_file *deal = deal_from("{\"term_months\":12,\"commit_usd\":2000000,"
	                               "\"discount\":0.1,\"start_month\":\"2026-06\"}");
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	bw_track_result *t = NULL;
	options.paths = 50;
	options.model = BW_MODEL_CHANGEPOINT;
	assert_int_equal(bw_track_run(&t, deal, history, 24, "2025-01", &options), 0);
	assert_true(t->has_fit);
	assert_int_equal(t->fit.change_count, 1);
	assert_string_equal(t->fit.changes[0].month, "2026-01");
	if (strncmp(t->fit.changes[0].text, "2026-01: level up", 17) != 0)
		fail_msg("change in words: '%s'", t->fit.changes[0].text);
	bw_track_free(t);
	bw_deal_file_free(deal);
}

/* 1.2M of list a year sized at 10% off commits 1.08M; if the
 * optimizations then halve the spend at once, 540,000 of it is lost and
 * the deal costs 540,000 more than one sized on optimized usage. */
static void test_deal__savings_trapped_by_committing_first(void **state)
{
	(void)state;
	bw_band band = {"B", 0, 0.10, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET};
	bw_bands bands = {&band, 1, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = flat_paths(20, 12, 100000), *optimized = NULL;
	bw_plan_trapped t;

	assert_int_equal(bw_paths_new(&optimized, 20, 12), 0);
	assert_int_equal(bw_paths_apply_savings(paths, 0.5, 0, optimized), 0);
	assert_near(optimized->list_usd[5], 50000, 0);
	assert_int_equal(bw_plan_trapped_savings(&t, paths, optimized, &bands, &options), 0);
	assert_near(t.sized_commit_usd, 1080000, 1e-3);
	assert_near(t.right_commit_usd, 540000, 1e-3);
	assert_near(t.expected_unused_usd, 540000, 1e-3);
	assert_near(t.extra_cost_usd, 540000, 1e-3);
	/* A ramp: month 1 keeps 1 - 0.5/4, month 4 on keeps half. */
	assert_int_equal(bw_paths_apply_savings(paths, 0.5, 4, optimized), 0);
	assert_near(optimized->list_usd[0], 87500, 1e-9);
	assert_near(optimized->list_usd[3], 50000, 1e-9);
	bw_paths_free(optimized);
	bw_paths_free(paths);
}

/*
 * An offer's threshold_measure ranges the alternatives it is judged
 * against. The key case: 980,000 of list a year for sure, bands
 * 250K/8% and 1M/20% (a net table). Net: the 1M band needs 1M paid for
 * 784,000 of consumption; the 250K band commits 0.92 x 980,000 = 901,600
 * and is recommended. An offer that says the vendor counts list value:
 * 800,000 paid reaches the 1M band (1M at 20% off) and costs 800,000.
 */
static void test_deal__offer_threshold_measure_ranges_the_bands(void **state)
{
	(void)state;
	bw_band list[2] = {
	    {"250K", 250000, 0.08, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET},
	    {"1M", 1000000, 0.20, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_TERM, 0, BW_THRESHOLD_NET}};
	bw_bands bands = {list, 2, 0, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_paths *paths = flat_paths(10, 12, 980000.0 / 12);
	bw_offer_evaluation e;

	bw_deal_file *net =
	    deal_from("{\"term_months\":12,\"commit_usd\":900000,\"discount\":0.08}");
	assert_int_equal(bw_offer_evaluate(&e, net, paths, &bands, &options), 0);
	assert_string_equal(e.recommended_name, "250K");
	assert_near(e.recommended_expected_cost_usd, 901600, 1);
	assert_int_equal(e.threshold_measure, BW_THRESHOLD_NET);
	assert_false(e.threshold_measure_from_offer);

	bw_deal_file *listed = deal_from("{\"term_months\":12,\"commit_usd\":900000,\"discount\":"
	                                 "0.08,\"threshold_measure\":\"list\"}");
	assert_int_equal(bw_offer_evaluate(&e, listed, paths, &bands, &options), 0);
	assert_string_equal(e.recommended_name, "1M");
	assert_near(e.recommended_commit_usd, 800000, 1);
	assert_near(e.recommended_expected_cost_usd, 800000, 1);
	assert_int_equal(e.threshold_measure, BW_THRESHOLD_LIST);
	assert_true(e.threshold_measure_from_offer);
	/* The table itself is left as it was. */
	assert_int_equal(bands.bands[1].threshold_measure, BW_THRESHOLD_NET);
	bw_deal_file_free(net);
	bw_deal_file_free(listed);
	bw_paths_free(paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deal__files),
	    cmocka_unit_test(test_deal__offer_against_the_alternatives),
	    cmocka_unit_test(test_deal__offer_under_cvar),
	    cmocka_unit_test(test_deal__offer_threshold_measure_ranges_the_bands),
	    cmocka_unit_test(test_deal__peers),
	    cmocka_unit_test(test_deal__track),
	    cmocka_unit_test(test_deal__track_dates_the_changes),
	    cmocka_unit_test(test_deal__savings_trapped_by_committing_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

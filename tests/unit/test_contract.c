/*
 * test_contract.c: the cost of one path under one deal, by hand, and the
 * band table file.
 */
#include "test_util.h"

#include "bandwise/bands.h"
#include "bandwise/contract.h"
#include "bandwise/error.h"

static bw_deal deal_of(int term, double commit, double d, bw_overage overage, double rollover,
                       bw_true_up true_up)
{
	bw_deal deal = {term, commit, d, overage, 0, rollover, true_up, NULL, 0, 0};
	return deal;
}

static void test_contract__under_use_loses_the_rest(void **state)
{
	(void)state;
	double months[12];
	bw_path_cost c;
	for (int m = 0; m < 12; m++)
		months[m] = 10000; /* 120,000 list */
	/* d = 20%: consumption 96,000 against a 100,000 commitment. */
	bw_deal deal = deal_of(12, 100000, 0.2, BW_OVERAGE_LIST, 0, BW_TRUE_UP_TERM);
	assert_int_equal(bw_contract_cost_path(&deal, months, 12, &c), 0);
	assert_near(c.cost_usd, 100000, 1e-9);
	assert_near(c.unused_usd, 4000, 1e-9);
	assert_near(c.overage_usd, 0, 1e-9);
	assert_near(c.list_usd, 120000, 1e-9);
	assert_int_equal(c.shortfall, 1);
}

static void test_contract__overage_at_list_and_at_committed_rate(void **state)
{
	(void)state;
	double months[12];
	bw_path_cost c;
	for (int m = 0; m < 12; m++)
		months[m] = 15000; /* 180,000 list, consumption 144,000 at d = 20% */
	bw_deal at_list = deal_of(12, 100000, 0.2, BW_OVERAGE_LIST, 0, BW_TRUE_UP_TERM);
	assert_int_equal(bw_contract_cost_path(&at_list, months, 12, &c), 0);
	/* Excess 44,000 of consumption is 55,000 at list. */
	assert_near(c.overage_usd, 55000, 1e-9);
	assert_near(c.cost_usd, 155000, 1e-9);
	assert_int_equal(c.shortfall, 0);
	bw_deal committed = deal_of(12, 100000, 0.2, BW_OVERAGE_COMMITTED, 0, BW_TRUE_UP_TERM);
	assert_int_equal(bw_contract_cost_path(&committed, months, 12, &c), 0);
	assert_near(c.overage_usd, 44000, 1e-9);
	assert_near(c.cost_usd, 144000, 1e-9);
}

static void test_contract__annual_rollover_carries_then_expires(void **state)
{
	(void)state;
	double months[24];
	bw_path_cost c;
	/* Year 1: 60,000 list; year 2: 150,000 list. d = 0: consumption = list. */
	for (int m = 0; m < 12; m++)
		months[m] = 5000;
	for (int m = 12; m < 24; m++)
		months[m] = 12500;
	/* 200,000 over 2 years: 100,000 a year. Year 1 leaves 40,000 unused;
	 * half of it (20,000) carries into year 2, whose 150,000 uses
	 * 100,000 + 20,000 and pays 30,000 overage at list. */
	bw_deal deal = deal_of(24, 200000, 0.0, BW_OVERAGE_LIST, 0.5, BW_TRUE_UP_ANNUAL);
	assert_int_equal(bw_contract_cost_path(&deal, months, 24, &c), 0);
	assert_near(c.unused_usd, 20000, 1e-9);
	assert_near(c.overage_usd, 30000, 1e-9);
	assert_near(c.cost_usd, 230000, 1e-9);
	assert_int_equal(c.shortfall, 1);
	/* The credit of the last period is lost: year 2 under-used. */
	for (int m = 12; m < 24; m++)
		months[m] = 5000;
	assert_int_equal(bw_contract_cost_path(&deal, months, 24, &c), 0);
	/* Year 1: 40,000 unused, 20,000 lost, 20,000 carried; year 2: 120,000
	 * available, 60,000 drawn, 60,000 lost. */
	assert_near(c.unused_usd, 80000, 1e-9);
	assert_near(c.cost_usd, 200000, 1e-9);
}

/* Without rollover, an annual deal is the sum of one-year deals. */
static void test_contract__annual_without_rollover_separates(void **state)
{
	(void)state;
	double months[36];
	bw_path_cost whole, year;
	unsigned seed = 7;
	for (int m = 0; m < 36; m++) {
		seed = seed * 1103515245u + 12345u;
		months[m] = 50000 + (double)(seed % 40000);
	}
	for (int o = 0; o < 2; o++) {
		bw_overage overage = o ? BW_OVERAGE_COMMITTED : BW_OVERAGE_LIST;
		bw_deal deal = deal_of(36, 1650000, 0.15, overage, 0, BW_TRUE_UP_ANNUAL);
		double sum = 0;
		assert_int_equal(bw_contract_cost_path(&deal, months, 36, &whole), 0);
		for (int y = 0; y < 3; y++) {
			bw_deal one = deal_of(12, 550000, 0.15, overage, 0, BW_TRUE_UP_TERM);
			assert_int_equal(bw_contract_cost_path(&one, months + 12 * y, 12, &year),
			                 0);
			sum += year.cost_usd;
		}
		assert_near(whole.cost_usd, sum, 1e-6);
	}
}

static void test_contract__short_path_is_an_error(void **state)
{
	(void)state;
	double months[6] = {1, 2, 3, 4, 5, 6};
	bw_path_cost c;
	bw_deal deal = deal_of(12, 10, 0.1, BW_OVERAGE_LIST, 0, BW_TRUE_UP_TERM);
	assert_int_equal(bw_contract_cost_path(&deal, months, 6, &c), BW_ERANGE);
	deal = deal_of(6, 10, 1.0, BW_OVERAGE_LIST, 0, BW_TRUE_UP_TERM);
	assert_int_equal(bw_contract_cost_path(&deal, months, 6, &c), BW_ERANGE);
}

static void test_contract__default_bands_are_illustrative(void **state)
{
	(void)state;
	bw_bands *bands = NULL;
	double lo, hi;
	assert_int_equal(bw_bands_load_default(&bands), 0);
	assert_true(bands->illustrative);
	assert_non_null(strstr(bands->note, "ILLUSTRATIVE"));
	assert_int_equal(bands->count, 3);
	assert_near(bands->bands[0].min_commit_usd, 250000, 0);
	assert_near(bands->bands[1].min_commit_usd, 1000000, 0);
	assert_near(bands->bands[2].min_commit_usd, 5000000, 0);
	bw_bands_commit_range(bands, 0, 24, &lo, &hi);
	assert_near(lo, 500000, 0);
	assert_near(hi, 2000000, 0);
	bw_bands_commit_range(bands, 2, 36, &lo, &hi);
	assert_near(lo, 15000000, 0);
	assert_true(isinf(hi));
	bw_bands_free(bands);
}

static void expect_band_error(const char *json, const char *fragment)
{
	bw_bands *bands = NULL;
	assert_int_equal(bw_bands_load_buffer(&bands, json, strlen(json), "quotes.json"),
	                 BW_EPARSE);
	assert_null(bands);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
}

static void test_contract__band_file_errors_and_defaults(void **state)
{
	(void)state;
	bw_bands *bands = NULL;
	const char *minimal =
	    "{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1}]}";
	assert_int_equal(bw_bands_load_buffer(&bands, minimal, strlen(minimal), "quotes.json"), 0);
	assert_false(bands->illustrative);
	assert_int_equal(bands->bands[0].overage, BW_OVERAGE_LIST);
	assert_int_equal(bands->bands[0].true_up, BW_TRUE_UP_TERM);
	assert_near(bands->bands[0].rollover, 0, 0);
	bw_bands_free(bands);

	expect_band_error("{\"bands\": [1,}", "quotes.json:1:");
	expect_band_error("{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":1.2}]}",
	                  "bands[0].discount");
	expect_band_error("{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1,"
	                  "\"overage\":\"free\"}]}",
	                  "bands[0].overage");
	expect_band_error("{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1},"
	                  "{\"name\":\"B\",\"min_commit_usd\":50,\"discount\":0.2}]}",
	                  "bands[1].min_commit_usd");
	expect_band_error("{\"bands\":[]}", "bands");
}

static void test_contract__ramp_schedule_and_custom_overage(void **state)
{
	(void)state;
	double months[24], schedule[2] = {50000, 150000};
	bw_path_cost c;
	for (int m = 0; m < 24; m++)
		months[m] = 5000; /* 60,000 list a year */
	/* d = 0: year 1 uses 50,000 and pays 10,000 overage; year 2 leaves
	 * 90,000 of 150,000 unused. */
	bw_deal deal = deal_of(24, 200000, 0.0, BW_OVERAGE_LIST, 0, BW_TRUE_UP_ANNUAL);
	deal.schedule_usd = schedule;
	deal.schedule_count = 2;
	assert_int_equal(bw_contract_cost_path(&deal, months, 24, &c), 0);
	assert_near(c.overage_usd, 10000, 1e-9);
	assert_near(c.unused_usd, 90000, 1e-9);
	assert_near(c.cost_usd, 210000, 1e-9);
	deal.schedule_count = 3;
	assert_int_equal(bw_contract_cost_path(&deal, months, 24, &c), BW_ERANGE);

	/* Overage at list less 10%: 44,000 of excess consumption at d = 20%
	 * is 55,000 at list, billed 49,500. */
	for (int m = 0; m < 12; m++)
		months[m] = 15000;
	bw_deal custom = deal_of(12, 100000, 0.2, BW_OVERAGE_CUSTOM, 0, BW_TRUE_UP_TERM);
	custom.overage_discount = 0.1;
	assert_int_equal(bw_contract_cost_path(&custom, months, 12, &c), 0);
	assert_near(c.overage_usd, 49500, 1e-9);
}

/* threshold_measure and price_lock in a band file: the measure is the
 * table's, copied into every band; under "list" a band's range is the net
 * commitment whose list value at its own discount reaches the thresholds:
 * band A (10% off) over 24 months: [100 x 2 x 0.9, 1,000 x 2 x 0.9). */
static void test_contract__threshold_measure_and_price_lock(void **state)
{
	(void)state;
	bw_bands *bands = NULL;
	double lo, hi;
	const char *json =
	    "{\"threshold_measure\":\"list\",\"bands\":["
	    "{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1,\"price_lock\":true},"
	    "{\"name\":\"B\",\"min_commit_usd\":1000,\"discount\":0.2,\"price_lock\":\"cap\"},"
	    "{\"name\":\"C\",\"min_commit_usd\":5000,\"discount\":0.3,\"price_lock\":\"fixed\"}]}";
	assert_int_equal(bw_bands_load_buffer(&bands, json, strlen(json), "quotes.json"), 0);
	assert_int_equal(bands->threshold_measure, BW_THRESHOLD_LIST);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(bands->bands[i].threshold_measure, BW_THRESHOLD_LIST);
	assert_int_equal(bands->bands[0].price_lock, BW_PRICE_LOCK_FIXED);
	assert_int_equal(bands->bands[1].price_lock, BW_PRICE_LOCK_CAP);
	assert_int_equal(bands->bands[2].price_lock, BW_PRICE_LOCK_FIXED);
	assert_string_equal(bw_price_lock_name(bands->bands[1].price_lock), "cap");
	bw_bands_commit_range(bands, 0, 24, &lo, &hi);
	assert_near(lo, 180, 1e-9);
	assert_near(hi, 1800, 1e-9);
	/* B's range starts at 1,000 x 2 x 0.8 = 1,600: it overlaps A's. */
	bw_bands_commit_range(bands, 1, 24, &lo, &hi);
	assert_near(lo, 1600, 1e-9);
	assert_near(hi, 8000, 1e-9);
	assert_near(bw_band_threshold_value(&bands->bands[1], 1600), 2000, 1e-9);
	assert_near(bw_band_threshold_commit(&bands->bands[1], 2000), 1600, 1e-9);
	bw_bands_free(bands);

	const char *net = "{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1,"
	                  "\"price_lock\":false}]}";
	assert_int_equal(bw_bands_load_buffer(&bands, net, strlen(net), "quotes.json"), 0);
	assert_int_equal(bands->bands[0].threshold_measure, BW_THRESHOLD_NET);
	assert_int_equal(bands->bands[0].price_lock, BW_PRICE_LOCK_NONE);
	assert_near(bw_band_threshold_value(&bands->bands[0], 1600), 1600, 0);
	bw_bands_free(bands);

	expect_band_error("{\"threshold_measure\":\"gross\",\"bands\":[{\"name\":\"A\","
	                  "\"min_commit_usd\":100,\"discount\":0.1}]}",
	                  "threshold_measure: expected \"net\"");
	expect_band_error("{\"bands\":[{\"name\":\"A\",\"min_commit_usd\":100,\"discount\":0.1,"
	                  "\"price_lock\":\"floor\"}]}",
	                  "bands[0].price_lock: expected \"fixed\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contract__under_use_loses_the_rest),
	    cmocka_unit_test(test_contract__overage_at_list_and_at_committed_rate),
	    cmocka_unit_test(test_contract__annual_rollover_carries_then_expires),
	    cmocka_unit_test(test_contract__annual_without_rollover_separates),
	    cmocka_unit_test(test_contract__short_path_is_an_error),
	    cmocka_unit_test(test_contract__ramp_schedule_and_custom_overage),
	    cmocka_unit_test(test_contract__default_bands_are_illustrative),
	    cmocka_unit_test(test_contract__band_file_errors_and_defaults),
	    cmocka_unit_test(test_contract__threshold_measure_and_price_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

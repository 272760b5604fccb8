/*
 * test_plan_leverage.c: the leverage part of `bandwise plan`'s output
 * (src/lib/report/plan.c) on a plan built by hand: the stretch when the
 * threshold alone costs more than the recommendation, the lever's two
 * asks, the near tie, the protections' notes ("[in band]", one true-up
 * period), shares that round to nothing, a commitment at a band's edge.
 */
#include "fixture.h"

static char *render(const bw_plan_result *plan)
{
	bw_report_context ctx = fixture_context(NULL);
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, plan, &ctx, 0), 0);
	return capture_end(&c);
}

static void test_plan_leverage__stretch_and_protection_notes(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");

	/* The 1M threshold alone is above the recommendation's 184,000. */
	plan.stretch.break_even_discount = NAN;
	plan.protections[BW_PROTECTION_TERM_TRUE_UP].in_band = 1;
	char *text = render(&plan);
	assert_non_null(strstr(text, "Stretch: the large band's threshold alone ($1,000,000) "
	                             "exceeds the recommendation's expected cost ($184,000): no "
	                             "discount can make it pay"));
	assert_null(strstr(text, "below 99%"));
	/* A 12-month term: rollover and a ramp say why they are worth nothing. */
	assert_non_null(strstr(text, "(a 12-month term has one true-up period: nothing to carry "
	                             "over)"));
	assert_non_null(strstr(text, "(a 12-month term has one true-up period: nothing to ramp)"));
	assert_non_null(strstr(text, "  [in band]: the recommended band has it already; its value "
	                             "is what giving it up would cost.\n"));
	free(text);

	/* Below the recommendation's cost but unreachable: the 99% wording. */
	plan.stretch.commit_usd = 150000;
	plan.term_months = 24;
	plan.protections[BW_PROTECTION_TERM_TRUE_UP].in_band = 0;
	text = render(&plan);
	assert_non_null(strstr(text, "at any discount below 99%"));
	assert_null(strstr(text, "one true-up period"));
	assert_null(strstr(text, "[in band]"));
	free(text);
}

static void test_plan_leverage__shares_and_edges(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");

	/* 0.01% of paths with a shortfall must not read "0%". */
	bands[0].optimum.shortfall_probability = 0.0001;
	bands[0].optimum.expected_unused_usd = 8.19;
	/* An optimum a hair below the next band's threshold. */
	bands[0].optimum.commit_usd = 1000000 * (1 - 1e-12);
	char *text = render(&plan);
	assert_non_null(strstr(text, "Risk: under 1% of paths leave some commitment unused ($8.19 "
	                             "expected)"));
	assert_non_null(strstr(text, "Recommendation: commit $999,999 over 12 months"));
	assert_non_null(strstr(line_with(text, "small *"), "$999,999"));
	assert_null(strstr(line_with(text, "small *"), "$1,000,000"));
	free(text);
}

static void test_plan_leverage__lever_and_near_tie(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_plan_lever *l = &plan.lever;

	plan.term_months = 24;
	l->available = 1;
	l->band = 1;
	l->threshold_usd = 1000000;
	l->usage_usd = 850000;
	l->gap = 0.15;
	l->reference_expected_cost_usd = 184000;
	l->discount_commit_usd = 170000;
	l->discount_expected_cost_usd = 170000;
	l->discount_value_usd = 14000;
	l->protection_available[BW_PROTECTION_ROLLOVER] = 1;
	l->protection_expected_cost_usd[BW_PROTECTION_ROLLOVER] = 190000;
	l->protection_value_usd[BW_PROTECTION_ROLLOVER] = -6000;
	l->protection_shortfall_probability[BW_PROTECTION_ROLLOVER] = 0.6;
	l->protection_available[BW_PROTECTION_RAMP] = 1;
	l->protection_expected_cost_usd[BW_PROTECTION_RAMP] = 180000;
	l->protection_value_usd[BW_PROTECTION_RAMP] = 4000;
	l->protection_shortfall_probability[BW_PROTECTION_RAMP] = 0.3;
	l->best_protection = BW_PROTECTION_RAMP;
	plan.tie.near_tie = 1;
	plan.tie.by_noise = 1;
	plan.tie.runner_up = -1;
	plan.tie.margin_usd = 300;
	plan.tie.noise_usd = 450;
	plan.tie.robust = -1;
	char *text = render(&plan);
	assert_non_null(strstr(text, "Lever: at the large band's discount your expected usage "
	                             "would draw $850,000, 15% below its $1,000,000 threshold "
	                             "(net value): within reach."));
	assert_non_null(strstr(text,
	                       "  (a) the large band's 20.0% discount at the commitment you "
	                       "will fill ($170,000): expected cost $170,000, worth $14,000\n"));
	assert_non_null(strstr(text, "      with rollover of 50% of unused commitment: expected "
	                             "cost $190,000, unused on 60% of paths, $6,000 WORSE\n"));
	assert_non_null(strstr(text, "      with a ramp: expected cost $180,000, unused on 30% of "
	                             "paths, worth $4,000\n"));
	assert_non_null(strstr(text, "Near tie: the recommendation (small) beats pay-as-you-go by "
	                             "$300.00, less than the Monte Carlo noise ($450.00, the "
	                             "standard error of their difference on these paths). The "
	                             "robust choice is pay-as-you-go"));
	free(text);

	/* The JSON carries both. */
	bw_report_context ctx = fixture_context(NULL);
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_json(c.out, &plan, &ctx), 0);
	text = capture_end(&c);
	json_t *root = parse_json(text);
	json_t *leverage = json_object_get(root, "leverage");
	json_t *lever = json_object_get(leverage, "lever");
	assert_near(json_real_value(json_object_get(lever, "gap")), 0.15, 1e-9);
	assert_string_equal(json_string_value(json_object_get(lever, "best_protection")), "ramp");
	assert_int_equal(json_array_size(json_object_get(lever, "threshold_asks")), 2);
	json_t *tie = json_object_get(leverage, "near_tie");
	assert_true(json_is_true(json_object_get(tie, "near_tie")));
	assert_string_equal(json_string_value(json_object_get(tie, "robust")), "payg");
	json_decref(root);
	free(text);

	/* List-measured: the threshold and the usage as the vendor compares
	 * them (1M at list, E[list] 1,062,500), and the net commitment that
	 * reaches it (800,000 at 20% off). */
	plan.bands[1].band.threshold_measure = BW_THRESHOLD_LIST;
	l->threshold_usd = 800000;
	l->threshold_value_usd = 1000000;
	l->usage_value_usd = 850000 / 0.8;
	l->gap = 1 - l->usage_value_usd / l->threshold_value_usd;
	text = render(&plan);
	assert_non_null(strstr(text, "Lever: your expected usage, $1,062,500 at list, is "));
	assert_non_null(strstr(text, "below the large band's $1,000,000 threshold, which counts "
	                             "list value (a commitment of $800,000 at its discount reaches "
	                             "it): within reach."));
	free(text);
	capture_begin(&c);
	assert_int_equal(bw_report_plan_json(c.out, &plan, &ctx), 0);
	text = capture_end(&c);
	root = parse_json(text);
	lever = json_object_get(json_object_get(root, "leverage"), "lever");
	assert_string_equal(json_string_value(json_object_get(lever, "threshold_measure")), "list");
	assert_near(json_number_value(json_object_get(lever, "threshold_value_usd")), 1000000,
	            1e-6);
	assert_near(json_number_value(json_object_get(lever, "usage_value_usd")), 1062500, 1e-6);
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_leverage__stretch_and_protection_notes),
	    cmocka_unit_test(test_plan_leverage__shares_and_edges),
	    cmocka_unit_test(test_plan_leverage__lever_and_near_tie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

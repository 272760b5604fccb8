/*
 * test_plan.c: `bandwise plan` output (src/lib/report/plan.c) on a plan
 * built by hand: the band table's columns, the recommendation in words,
 * the illustrative bands note, the JSON keys.
 */
#include "fixture.h"

static void test_plan__text_aligns_the_band_table(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	/* Amounts are right-aligned: the expected costs of PAYG and of the
	 * chosen band end in the same column; no colour without 'color'. */
	assert_int_equal(column_end(text, "pay-as-you-go", "$200,000"),
	                 column_end(text, "small *", "$184,000"));
	assert_int_equal(column_end(text, "option", "expected cost"),
	                 column_end(text, "small *", "$184,000"));
	assert_null(strchr(text, '\033'));
	assert_non_null(strstr(text,
	                       "Recommendation: commit $180,000 over 12 months ($180,000 a year) "
	                       "in the small band.\n"));
	assert_non_null(
	    strstr(text, "Expected cost $184,000: $16,000 (8.0%) below pay-as-you-go.\n"));
	/* The leverage: the stretch and every protection, by its label. */
	assert_non_null(
	    strstr(text, "reach the large band pays off only at a discount of at least 81.6%"));
	assert_non_null(strstr(text, "  rollover of unused commitment "));
	assert_non_null(strstr(text, "  ramp (a commitment per year)  "));
	free(text);
}

static void test_plan__text_says_when_bands_are_illustrative(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_bands illustrative = fixture_bands(1, "data/bands/illustrative.json");
	bw_bands quoted = fixture_bands(0, "quotes.json");
	bw_report_context ctx = fixture_context(&illustrative);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(
	    strstr(text, "\nNote: the band discounts and protections are ILLUSTRATIVE "
	                 "ASSUMPTIONS from data/bands/illustrative.json,\nnot Anthropic terms"));
	free(text);

	ctx.bands = &quoted;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	text = capture_end(&c);
	assert_null(strstr(text, "ILLUSTRATIVE"));
	assert_non_null(strstr(text, "\nBands from quotes.json.\n"));
	free(text);
}

/* The fit named is the company's total's: by segment it says so, since
 * the paths are the segments' sum. */
static void test_plan__text_names_a_segment_forecasts_fit_as_the_totals(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_report_context ctx = fixture_context(NULL);
	bw_forecast_fit fit;
	bw_segments segments;
	capture c;

	memset(&fit, 0, sizeof(fit));
	memset(&segments, 0, sizeof(segments));
	fit.model = BW_MODEL_TREND;
	snprintf(fit.reason, sizeof(fit.reason), "chosen");
	ctx.fit = &fit;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "\nForecast model: trend (chosen).\n"));
	free(text);
	ctx.segments = &segments;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "\nForecast model of the company's total: trend (chosen); the "
	                             "paths are the sum of the segments' forecasts, below.\n"));
	assert_null(strstr(text, "\nForecast model: "));
	free(text);
}

static void test_plan__text_recommends_payg(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	plan.recommended = -1;
	plan.protections_available = 0;
	plan.stretch.band = 0;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "pay-as-you-go *"));
	assert_non_null(strstr(text, "Recommendation: no commitment."));
	assert_null(strstr(text, "Protections"));
	assert_null(strstr(text, "Bands from"));
	free(text);
}

static void test_plan__json_keys(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_plan_json(c.out, &plan, &ctx), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "currency")), "USD");
	assert_true(json_is_true(json_object_get(root, "illustrative")));
	assert_int_equal(json_integer_value(json_object_get(root, "seed")), 42);
	json_t *recommended = json_object_get(root, "recommended");
	assert_string_equal(json_string_value(json_object_get(recommended, "band")), "small");
	assert_near(json_number_value(json_object_get(recommended, "commit_usd")), 180000, 1e-9);
	assert_near(json_number_value(json_object_get(recommended, "savings_vs_payg_usd")), 16000,
	            1e-9);
	json_t *list = json_object_get(root, "bands");
	assert_int_equal(json_array_size(list), 2);
	/* The top band has no upper end: null, not infinity. */
	assert_true(json_is_null(json_object_get(json_array_get(list, 1), "commit_max_usd")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "overage")),
	                    "committed");
	assert_true(json_is_null(json_object_get(json_array_get(list, 0), "ramp")));
	json_t *leverage = json_object_get(root, "leverage");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(leverage, "stretch"), "band")),
	    "large");
	json_t *protections = json_object_get(leverage, "protections");
	assert_int_equal(json_array_size(protections), BW_PROTECTION_COUNT);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(protections, 1), "protection")),
	    "rollover");
	assert_true(json_is_null(json_object_get(root, "trapped")));
	assert_true(json_is_null(json_object_get(root, "evaluated")));
	json_decref(root);
	free(text);

	/* A commitment evaluated on the illustrative table says so, in the
	 * plan's "evaluated" object and in the what-if's document alike. */
	bw_plan_outcome asked = fixture_outcome(150000, 190000);
	ctx.evaluated = &asked;
	ctx.evaluated_band = "small";
	capture_begin(&c);
	assert_int_equal(bw_report_plan_json(c.out, &plan, &ctx), 0);
	text = capture_end(&c);
	root = parse_json(text);
	assert_true(
	    json_is_true(json_object_get(json_object_get(root, "evaluated"), "illustrative")));
	json_decref(root);
	free(text);
	capture_begin(&c);
	assert_int_equal(bw_report_evaluation_json(c.out, "small", NULL, &asked, 200000, ctx.bands),
	                 0);
	text = capture_end(&c);
	root = parse_json(text);
	assert_true(json_is_true(json_object_get(root, "illustrative")));
	assert_near(json_number_value(json_object_get(root, "commit_usd")), 150000, 1e-9);
	json_decref(root);
	free(text);
}

/* What the plan says about its own rules: the threshold measure, the
 * objective, the answers in order of risk, the equal-savings points when
 * none exist. */
static void test_plan__text_states_measure_objective_and_risk_order(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_bands table = fixture_bands(0, "quotes.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "Band thresholds count a commitment at its net value"));
	assert_non_null(strstr(text, "Objective: expected cost, the mean over the paths"));
	assert_null(strstr(text, "priced in expected cost, not by the objective"));
	/* Equal shortfall probabilities: the smaller commitment first. */
	const char *capped = strstr(text, "\nrisk-capped "), *floor = strstr(text, "\nfloor "),
	           *optimum = strstr(text, "\noptimum ");
	assert_true(capped && floor && optimum && capped < floor && floor < optimum);
	free(text);

	/* The list measure, a mean + sd objective, the floor safest. */
	plan.threshold_measure = BW_THRESHOLD_LIST;
	plan.stretch.break_even_commit_usd = 184000;
	plan.objective.kind = BW_OBJECTIVE_MEAN_STD;
	plan.objective.parameter = 1;
	bands[0].floor.shortfall_probability = 0.02;
	bands[0].risk_capped.shortfall_probability = 0.04;
	plan.protections[BW_PROTECTION_PRICE_LOCK].value_usd = -5000;
	plan.protections[BW_PROTECTION_PRICE_LOCK].discount_points = NAN;
	plan.protections[BW_PROTECTION_OVERAGE_COMMITTED].discount_points = NAN;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "Band thresholds count a commitment at its LIST value"));
	assert_non_null(strstr(text, "at that discount $184,000 reaches the threshold"));
	assert_non_null(strstr(text, "it penalises the spread of cost, and a bigger commitment "
	                             "flattens cost"));
	assert_non_null(strstr(text, "Stretch and protections are priced in expected cost, not by "
	                             "the objective.\n"));
	capped = strstr(text, "\nrisk-capped ");
	floor = strstr(text, "\nfloor ");
	optimum = strstr(text, "\noptimum ");
	assert_true(capped && floor && optimum && floor < capped && capped < optimum);
	assert_non_null(strstr(text, "(more than any discount below 99%)"));
	assert_non_null(strstr(text, "(more than the whole discount is worth: it COSTS you"));
	free(text);
}

/* With --ramp the recommendation can be the ramp: said in words and in
 * the JSON, with its amounts and its own outcome. */
static void test_plan__ramp_recommendation(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "small");
	bw_bands table = fixture_bands(0, "quotes.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	bands[0].schedule_count = 2;
	bands[0].schedule_usd[0] = 60000;
	bands[0].schedule_usd[1] = 110000;
	bands[0].scheduled = fixture_outcome(170000, 176000);
	plan.recommended_ramp = 1;
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "(better by the objective: recommended)"));
	assert_non_null(strstr(text, "Recommendation: commit $170,000 over 12 months in the small "
	                             "band as the ramp above"));
	assert_non_null(strstr(text, "Expected cost $176,000: $24,000 (8.0%) below"));
	free(text);

	capture_begin(&c);
	assert_int_equal(bw_report_plan_json(c.out, &plan, &ctx), 0);
	text = capture_end(&c);
	json_t *root = parse_json(text);
	json_t *recommended = json_object_get(root, "recommended");
	assert_true(json_is_true(json_object_get(recommended, "ramp")));
	assert_near(json_number_value(json_object_get(recommended, "commit_usd")), 170000, 1e-9);
	json_t *amounts = json_object_get(recommended, "schedule_usd");
	assert_int_equal(json_array_size(amounts), 2);
	assert_near(json_number_value(json_array_get(amounts, 1)), 110000, 1e-9);
	assert_string_equal(json_string_value(json_object_get(root, "threshold_measure")), "net");
	assert_non_null(strstr(json_string_value(json_object_get(root, "objective_explanation")),
	                       "Objective: expected cost"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(root, "leverage"), "measure")),
	    "expected_cost");
	json_decref(root);
	free(text);
}

/* A band name with a title rewrite (ESC ] ... BEL) and a screen clear: shown
 * as \x1b and \x07 in the table and in the prose, never sent raw. */
static void test_plan__text_control_characters_visible(void **state)
{
	(void)state;
	bw_plan_band bands[2];
	bw_plan_result plan = fixture_plan(bands, "sm\033]0;pwned\007all");
	snprintf(bands[1].band.name, sizeof(bands[1].band.name), "lar\033[2Jge");
	bw_bands table = fixture_bands(0, "quotes\033[1m.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_null(strchr(text, '\033'));
	assert_null(strchr(text, '\007'));
	assert_non_null(strstr(text, "sm\\x1b]0;pwned\\x07all *"));
	assert_non_null(strstr(text, "in the sm\\x1b]0;pwned\\x07all band."));
	assert_non_null(strstr(text, "lar\\x1b[2Jge"));
	assert_non_null(strstr(text, "Bands from quotes\\x1b[1m.json."));
	free(text);
	/* With colour on, the only escapes are ours (bold). */
	capture_begin(&c);
	assert_int_equal(bw_report_plan_text(c.out, &plan, &ctx, 1), 0);
	text = capture_end(&c);
	assert_null(strstr(text, "\033]"));
	assert_null(strstr(text, "\033[2J"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan__text_aligns_the_band_table),
	    cmocka_unit_test(test_plan__text_says_when_bands_are_illustrative),
	    cmocka_unit_test(test_plan__text_names_a_segment_forecasts_fit_as_the_totals),
	    cmocka_unit_test(test_plan__text_recommends_payg),
	    cmocka_unit_test(test_plan__json_keys),
	    cmocka_unit_test(test_plan__text_states_measure_objective_and_risk_order),
	    cmocka_unit_test(test_plan__ramp_recommendation),
	    cmocka_unit_test(test_plan__text_control_characters_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

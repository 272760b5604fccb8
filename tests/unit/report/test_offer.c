/*
 * test_offer.c: `bandwise offer` output (src/lib/report/offer.c) on an
 * evaluation built by hand: the terms in words, the verdict, the
 * counter-offer and the protections to ask for, the illustrative note,
 * the JSON keys.
 */
#include "fixture.h"

typedef struct {
	bw_deal_file offer;
	const bw_deal_file *offers[1];
	bw_offer_evaluation evaluation;
} offer_fixture;

/* 600,000 over 24 months at 12% off, list overage, annual true-up: it
 * beats pay-as-you-go (expected 640,000 against 700,000) but not the
 * recommended deal (620,000). */
static void offer_fixture_init(offer_fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->offer.name, sizeof(f->offer.name), "Vendor Q4");
	f->offer.origin = "offer.json";
	f->offer.term_months = 24;
	f->offer.commit_usd = 600000;
	f->offer.terms = fixture_band("Vendor Q4", 0, 0.12);
	f->offer.terms.true_up = BW_TRUE_UP_ANNUAL;
	f->offers[0] = &f->offer;
	bw_offer_evaluation *e = &f->evaluation;
	e->outcome = fixture_outcome(600000, 640000);
	e->payg_expected_cost_usd = 700000;
	e->recommended_band = 0;
	snprintf(e->recommended_name, sizeof(e->recommended_name), "small");
	e->recommended_commit_usd = 500000;
	e->recommended_expected_cost_usd = 620000;
	e->best_alternative_usd = 620000;
	e->beats_payg = 1;
	e->beats_recommended = 0;
	e->target_discount = 0.155;
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		e->protections[p].protection = (bw_protection)p;
		e->protections[p].expected_cost_usd = 640000 - 5000.0 * p;
	}
	e->protections[BW_PROTECTION_TERM_TRUE_UP].closes_gap = 1;
	e->protections[BW_PROTECTION_TERM_TRUE_UP].expected_cost_usd = 615000;
	e->protections[BW_PROTECTION_OVERAGE_COMMITTED].already = 1;
}

static void test_offer__text_counters(void **state)
{
	(void)state;
	offer_fixture f;
	offer_fixture_init(&f);
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(
	    bw_report_offers_text(c.out, f.offers, &f.evaluation, 1, NULL, NULL, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text,
	                       "Offer \"Vendor Q4\" (offer.json): commit $600,000 over 24 months; "
	                       "12.0% off, overage at list, annual true-up.\n"));
	/* 600,000 over two years against per-year thresholds: 300,000 a year. */
	assert_non_null(strstr(text, "  its commitment counts toward band thresholds as $300,000 a "
	                             "year (its net value)\n"));
	assert_non_null(strstr(text, "  Counter: it beats pay-as-you-go, but costs $20,000 more in "
	                             "expectation than the recommended deal.\n"));
	assert_non_null(strstr(text,
	                       "  Counter-offer: at 15.5% off or more (same commitment and terms) "
	                       "it becomes the best option.\n"));
	/* Protections it lacks, by what to ask for; the one it has is left out. */
	assert_null(strstr(text, "with overage at the committed rate"));
	assert_non_null(strstr(
	    text,
	    "    with rollover of 50% of unused commitment: $5,000 cheaper in expectation\n"));
	assert_non_null(strstr(
	    text, "    with term-level true-up: $25,000 cheaper in expectation, enough to make "
	          "it the best option\n"));
	assert_non_null(strstr(text, "    with a price lock: $15,000 cheaper in expectation\n"));
	assert_non_null(strstr(text, "The recommended deals use ILLUSTRATIVE band assumptions "
	                             "(data/bands/illustrative.json), not Anthropic terms.\n"));
	free(text);
}

static void test_offer__text_takes_a_good_offer(void **state)
{
	(void)state;
	offer_fixture f;
	offer_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	capture c;

	f.evaluation.beats_recommended = 1;
	capture_begin(&c);
	assert_int_equal(
	    bw_report_offers_text(c.out, f.offers, &f.evaluation, 1, NULL, NULL, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text, "  Take it: it beats pay-as-you-go and the best band deal on these paths.\n"));
	assert_null(strstr(text, "Counter-offer"));
	assert_null(strstr(text, "ILLUSTRATIVE"));
	free(text);
}

static void test_offer__json_keys(void **state)
{
	(void)state;
	offer_fixture f;
	offer_fixture_init(&f);
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	f.evaluation.target_discount = NAN; /* no discount below 99% is enough */
	capture_begin(&c);
	assert_int_equal(bw_report_offers_json(c.out, f.offers, &f.evaluation, 1, NULL, NULL, &ctx),
	                 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_true(json_is_true(json_object_get(root, "illustrative")));
	assert_true(json_is_null(json_object_get(root, "peers")));
	json_t *offer = json_array_get(json_object_get(root, "offers"), 0);
	assert_string_equal(json_string_value(json_object_get(offer, "name")), "Vendor Q4");
	assert_string_equal(json_string_value(json_object_get(offer, "true_up")), "annual");
	assert_string_equal(json_string_value(json_object_get(offer, "price_lock")), "none");
	assert_string_equal(json_string_value(json_object_get(offer, "threshold_measure")), "net");
	assert_near(json_number_value(json_object_get(offer, "threshold_value_usd")), 600000, 1e-9);
	assert_string_equal(json_string_value(json_object_get(offer, "recommended_band")), "small");
	assert_true(json_is_true(json_object_get(offer, "beats_payg")));
	assert_true(json_is_null(json_object_get(offer, "target_discount")));
	assert_non_null(strstr(json_string_value(json_object_get(offer, "verdict")), "Counter:"));
	json_t *protections = json_object_get(offer, "protections");
	assert_int_equal(json_array_size(protections), BW_PROTECTION_COUNT);
	json_t *term = json_array_get(protections, BW_PROTECTION_TERM_TRUE_UP);
	assert_string_equal(json_string_value(json_object_get(term, "protection")), "term_true_up");
	assert_true(json_is_true(json_object_get(term, "closes_gap")));
	json_decref(root);
	free(text);
}

/* An offer named with terminal controls: rendered visibly. */
static void test_offer__text_control_characters_visible(void **state)
{
	(void)state;
	offer_fixture f;
	offer_fixture_init(&f);
	snprintf(f.offer.name, sizeof(f.offer.name), "Q4\033]0;x\007");
	snprintf(f.evaluation.recommended_name, sizeof(f.evaluation.recommended_name), "s\033[2J");
	bw_bands table = fixture_bands(1, "data/bands/illustrative.json");
	bw_report_context ctx = fixture_context(&table);
	capture c;

	capture_begin(&c);
	assert_int_equal(
	    bw_report_offers_text(c.out, f.offers, &f.evaluation, 1, NULL, NULL, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_null(strchr(text, '\033'));
	assert_null(strchr(text, '\007'));
	assert_non_null(strstr(text, "Offer \"Q4\\x1b]0;x\\x07\""));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_offer__text_counters),
	    cmocka_unit_test(test_offer__text_takes_a_good_offer),
	    cmocka_unit_test(test_offer__json_keys),
	    cmocka_unit_test(test_offer__text_control_characters_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

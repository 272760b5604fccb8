/*
 * test_labels.c: the words several renderers share
 * (src/lib/report/labels.c).
 */
#include "fixture.h"

#include "labels.h"

static void test_labels__stages_and_shares(void **state)
{
	(void)state;
	const double usd[BW_POLICY_STAGES] = {1000, 900, 800, 750};
	const double none[BW_POLICY_STAGES] = {0, 0, 0, 0};

	assert_string_equal(bw_report__stage_name(0), "list");
	assert_string_equal(bw_report__stage_name(1), "after routing");
	assert_string_equal(bw_report__stage_name(2), "after caching");
	assert_string_equal(bw_report__stage_name(3), "after batch");
	assert_string_equal(bw_report__stage_name(BW_POLICY_STAGES), "?");
	assert_string_equal(bw_report__stage_name(-1), "?");
	assert_near(bw_report__saving_share(usd), 0.25, 1e-15);
	assert_near(bw_report__saving_share(none), 0, 0);
	assert_near(bw_report__percent_of(25, 200), 12.5, 1e-15);
	assert_near(bw_report__percent_of(25, 0), 0, 0);
	assert_near(bw_report__percent_of(25, -1), 0, 0);
}

static void test_labels__protections(void **state)
{
	(void)state;
	/* Every protection has both labels, and they differ where the words
	 * must (a counter-offer names the rollover share it asks for). */
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		assert_string_not_equal(bw_report__protection_label((bw_protection)p), "?");
		assert_string_not_equal(bw_report__protection_request((bw_protection)p), "?");
	}
	assert_string_equal(bw_report__protection_label(BW_PROTECTION_ROLLOVER),
	                    "rollover of unused commitment");
	assert_string_equal(bw_report__protection_request(BW_PROTECTION_ROLLOVER),
	                    "rollover of 50% of unused commitment");
	assert_string_equal(bw_report__protection_request(BW_PROTECTION_PRICE_LOCK),
	                    "a price lock");
	assert_string_equal(bw_report__protection_label(BW_PROTECTION_PRICE_CAP),
	                    "price cap (only cuts reach you)");
	assert_string_equal(bw_report__protection_label(BW_PROTECTION_COUNT), "?");
}

static void test_labels__bands_notes(void **state)
{
	(void)state;
	bw_bands illustrative = fixture_bands(1, "data/bands/illustrative.json");
	bw_bands quoted = fixture_bands(0, "quotes.json");
	bw_report_context ctx = fixture_context(&illustrative);
	capture c;

	assert_true(bw_report__bands_illustrative(&ctx));
	capture_begin(&c);
	bw_report__bands_note_text(c.out, &ctx);
	bw_report__bands_note_offers(c.out, &ctx);
	char *text = capture_end(&c);
	assert_string_equal(
	    text,
	    "\nNote: the band discounts and protections are ILLUSTRATIVE ASSUMPTIONS from "
	    "data/bands/illustrative.json,\nnot Anthropic terms (no public rate card exists). "
	    "Use the quotes you hold: --bands FILE.\n"
	    "The recommended deals use ILLUSTRATIVE band assumptions "
	    "(data/bands/illustrative.json), not Anthropic terms.\n");
	free(text);
	assert_non_null(strstr(bw_report__assumptions_takeaway(&ctx), "ILLUSTRATIVE ASSUMPTIONS"));
	assert_non_null(strstr(bw_report__bands_warning_html, "illustrative assumptions"));

	/* Quoted bands: where they came from, and no warning. */
	ctx.bands = &quoted;
	assert_false(bw_report__bands_illustrative(&ctx));
	capture_begin(&c);
	bw_report__bands_note_text(c.out, &ctx);
	bw_report__bands_note_offers(c.out, &ctx);
	text = capture_end(&c);
	assert_string_equal(text, "\nBands from quotes.json.\n");
	free(text);
	assert_string_equal(bw_report__assumptions_takeaway(&ctx),
	                    "Every number above comes from the inputs below.");

	/* No band table at all: nothing to say. */
	ctx.bands = NULL;
	assert_false(bw_report__bands_illustrative(&ctx));
	capture_begin(&c);
	bw_report__bands_note_text(c.out, &ctx);
	bw_report__bands_note_offers(c.out, &ctx);
	text = capture_end(&c);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels__stages_and_shares),
	    cmocka_unit_test(test_labels__protections),
	    cmocka_unit_test(test_labels__bands_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

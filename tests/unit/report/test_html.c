/*
 * test_html.c: the single-file HTML report (src/lib/report/html.c) on a
 * bundle built by hand: user strings escaped everywhere, the illustrative
 * bands warning, every section, no external requests.
 */
#include "fixture.h"

static char *render(const bundle_fixture *f, const bw_report_context *ctx)
{
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_html(c.out, &f->bundle, ctx), 0);
	return capture_end(&c);
}

static void test_html__escapes_user_strings(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_bands table = fixture_bands(0, "bands <q>.json");
	bw_report_context ctx = fixture_context(&table);
	char *html = render(&f, &ctx);

	assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(html, "</html>\n"));
	/* Nothing the user wrote reaches the page as markup. */
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<1>"));
	assert_null(strstr(html, "<q>"));
	assert_null(strstr(html, "<today>"));
	assert_non_null(strstr(html, "&lt;b&gt;&amp;"));
	assert_non_null(strstr(html, "wrk_&lt;script&gt;"));
	assert_non_null(strstr(html, "usage &lt;1&gt;.json"));
	assert_non_null(strstr(html, "2026-12-02 &lt;today&gt;"));
	/* Self-contained: no external requests. */
	assert_null(strstr(html, "src=\"http"));
	assert_null(strstr(html, "href=\"http"));
	free(html);
}

static void test_html__has_every_section(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	const char *sections[] = {"stand", "forecast", "curves", "risk", "leverage", "assumptions"};

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		char id[64];
		snprintf(id, sizeof(id), "<section id=\"%s\">", sections[i]);
		if (strstr(html, id) == NULL)
			fail_msg("no %s", id);
	}
	/* Without a policy or offers, their sections are left out. */
	assert_null(strstr(html, "<section id=\"waterfall\">"));
	assert_null(strstr(html, "<section id=\"offers\">"));
	assert_non_null(strstr(html, "<h1>Commit $180,000 over 12 months in the "));
	/* A 12-month term has one true-up period: rollover is left out, and
	 * the page says why. */
	assert_non_null(strstr(html, "<td>overage at the committed rate</td>"));
	assert_null(strstr(html, "<td>rollover of unused commitment</td>"));
	assert_non_null(strstr(html, "Rollover and a ramp are left out: a 12-month term has one "
	                             "true-up period"));
	/* The rules the numbers rest on: the threshold measure, the objective,
	 * the protections' equal-savings points in words. */
	assert_non_null(strstr(html, "<p>Band thresholds count a commitment at its net value (the "
	                             "dollars you pay).</p>"));
	assert_non_null(strstr(html, "<p>Objective: expected cost, the mean over the paths"));
	assert_non_null(strstr(html, "<td>0.50 discount points</td>"));
	free(html);
}

static void test_html__warns_when_bands_are_illustrative(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_bands illustrative = fixture_bands(1, "data/bands/illustrative.json");
	bw_bands quoted = fixture_bands(0, "quotes.json");
	bw_report_context ctx = fixture_context(&illustrative);
	char *html = render(&f, &ctx);

	assert_non_null(strstr(html,
	                       "<p class=\"warn\">The band discounts and protections used here are "
	                       "illustrative assumptions, not Anthropic terms"));
	assert_non_null(
	    strstr(html, "ILLUSTRATIVE ASSUMPTIONS, not Anthropic terms: replace them"));
	free(html);

	ctx.bands = &quoted;
	html = render(&f, &ctx);
	assert_null(strstr(html, "illustrative assumptions"));
	assert_null(strstr(html, "ILLUSTRATIVE"));
	assert_non_null(strstr(html, "Every number above comes from the inputs below."));
	free(html);
}

/* The lever and a near tie reach the leverage section, band names escaped. */
static void test_html__lever_and_near_tie(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);

	f.plan.lever.available = 1;
	f.plan.lever.band = 1;
	f.plan.lever.threshold_usd = 1000000;
	f.plan.lever.gap = 0.12;
	f.plan.lever.discount_value_usd = 14000;
	f.plan.lever.best_protection = BW_PROTECTION_RAMP;
	f.plan.lever.protection_value_usd[BW_PROTECTION_RAMP] = -2500;
	f.plan.tie.near_tie = 1;
	f.plan.tie.runner_up = 0;
	f.plan.tie.robust = 0;
	f.plan.tie.margin_usd = 300;
	char *html = render(&f, &ctx);
	assert_non_null(strstr(html, "<p>Lever: usage sits within reach of the large threshold "
	                             "($1,000,000, 12% below it at its discount). Asking for its "
	                             "20.0% discount at the commitment you will fill is worth "
	                             "$14,000 in expectation; committing the threshold with a "
	                             "ramp: -$2,500.</p>"));
	assert_non_null(strstr(html, "<p>Near tie: the recommendation wins by only $300.00 against "
	                             "&lt;b&gt;&amp;"));
	assert_null(strstr(html, "<b>"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html__escapes_user_strings),
	    cmocka_unit_test(test_html__has_every_section),
	    cmocka_unit_test(test_html__warns_when_bands_are_illustrative),
	    cmocka_unit_test(test_html__lever_and_near_tie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

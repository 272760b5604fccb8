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
	const char *sections[] = {"stand",   "forecast", "curves",   "risk",
	                          "answers", "whatif",   "leverage", "assumptions"};

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

/* The detected changes are listed and marked on the history chart, at
 * their month; the model and why are said. */
static void test_html__lists_and_marks_the_changes(void **state)
{
	(void)state;
	bundle_fixture f;
	bw_forecast_fit fit;
	bundle_fixture_init(&f);
	memset(&fit, 0, sizeof(fit));
	fit.model = BW_MODEL_CHANGEPOINT;
	snprintf(fit.reason, sizeof(fit.reason), "as asked");
	fit.change_count = 1;
	snprintf(fit.changes[0].month, sizeof(fit.changes[0].month), "2026-11");
	snprintf(fit.changes[0].text, sizeof(fit.changes[0].text),
	         "2026-11: level up +$1,000 a month (+7%%)");
	f.bundle.fit = &fit;
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	assert_non_null(strstr(html, "Forecast model: <b>changepoint</b> (as asked)."));
	assert_non_null(strstr(html, "<li>2026-11: level up +$1,000 a month (+7%)</li>"));
	assert_non_null(
	    strstr(html, "stroke-dasharray=\"4 3\"><title>2026-11: level up +$1,000 a month"));
	free(html);
}

/* Price changes and detected changes are one list, in month order, each
 * marked on the chart. */
static void test_html__lists_both_kinds_of_change_in_month_order(void **state)
{
	(void)state;
	bundle_fixture f;
	bw_forecast_fit fit;
	bundle_fixture_init(&f);
	memset(&fit, 0, sizeof(fit));
	fit.change_count = 1;
	snprintf(fit.changes[0].month, sizeof(fit.changes[0].month), "2026-11");
	snprintf(fit.changes[0].text, sizeof(fit.changes[0].text), "2026-11: level up");
	f.bundle.fit = &fit;
	bw_price_change change = {BW_PRICE_CHANGE_LIST,       "2026-10", "a", "a", -0.5, 0,
	                          "2026-10: A costs 50% less"};
	f.spend.repriced = 1;
	f.spend.price_changes = &change;
	f.spend.price_change_count = 1;
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	const char *price = strstr(html, "<li>2026-10: A costs 50% less</li>");
	const char *level = strstr(html, "<li>2026-11: level up</li>");
	assert_non_null(price);
	assert_non_null(level);
	assert_true(price < level);
	/* One list: no list closes between them. */
	const char *close = strstr(price, "</ul>");
	assert_true(close > level);
	assert_non_null(strstr(html, "<title>2026-10: A costs 50% less"));
	free(html);
	/* Without the price change, the detected one alone. */
	f.spend.price_change_count = 0;
	html = render(&f, &ctx);
	assert_null(strstr(html, "A costs 50% less"));
	assert_non_null(strstr(html, "<li>2026-11: level up</li>"));
	free(html);
}

static void test_html__draws_the_same_work_at_todays_list(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	bw_price_change change = {BW_PRICE_CHANGE_MIGRATION,        "2026-11", "a", "b", -0.5, -0.2,
	                          "2026-11: <A> traffic moved to B"};
	char *html = render(&f, &ctx);

	/* Not repriced: one history line, no list of changes. */
	assert_null(strstr(html, "the same work at today"));
	assert_null(strstr(html, "Changes in the history"));
	free(html);
	f.spend.repriced = 1;
	f.months[0].today_usd = 12000;
	f.months[1].today_usd = 16000;
	f.spend.price_changes = &change;
	f.spend.price_change_count = 1;
	html = render(&f, &ctx);
	assert_non_null(strstr(html, "the same work at today"));
	assert_non_null(strstr(html, "price cuts and migrations (marked on the chart"));
	assert_non_null(strstr(html, "<li>2026-11: &lt;A&gt; traffic moved to B</li>"));
	assert_null(strstr(html, "Forecast by segment"));
	free(html);
	/* A segment forecast says its segments and their events. */
	bw_segment_fit fits[2] = {{.name = "wrk / opus"}, {.name = "other"}};
	snprintf(fits[0].event, sizeof(fits[0].event),
	         "2026-05: wrk / opus starts, +$200.00 a month");
	bw_segments segments = {fits, 2, 0.25, 2, "2026-10"};
	ctx.segments = &segments;
	html = render(&f, &ctx);
	assert_non_null(strstr(html, "Forecast by segment: 2 segments"));
	assert_non_null(strstr(html, "correlation of 25% (of their backtest errors)"));
	assert_non_null(strstr(html, "<li>2026-05: wrk / opus starts, +$200.00 a month</li></ul>"));
	free(html);
}

/* The forecast section says the price basis, draws and names both series,
 * and says why the forecast is by segment or on the total (--segments
 * auto's note, the JSON's segments_note). */
static void test_html__says_the_basis_and_the_segments_note(void **state)
{
	(void)state;
	bundle_fixture f;
	bw_forecast_fit fit;
	bundle_fixture_init(&f);
	memset(&fit, 0, sizeof(fit));
	fit.model = BW_MODEL_TREND;
	snprintf(fit.reason, sizeof(fit.reason), "chosen");
	f.bundle.fit = &fit;
	f.spend.repriced = 1;
	f.months[0].today_usd = 12000;
	f.months[1].today_usd = 16000;
	snprintf(f.spend.today_day, sizeof(f.spend.today_day), "2026-12-01");
	bw_report_context ctx = fixture_context(NULL);
	ctx.history = &f.spend;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	ctx.segments_note = "Forecast on the company's total (--segments auto: 1 of 3 segments "
	                    "has 9 complete months of spend or more, two are needed).";
	char *html = render(&f, &ctx);
	assert_non_null(strstr(html, "<p class=\"basis\">The forecast is fitted on the same work "
	                             "at today's list (the prices in force on 2026-12-01, "));
	assert_non_null(strstr(html, "the history billed at list (solid) and the same work at "
	                             "today's list (dotted)"));
	assert_non_null(strstr(html, "dotted line: the same work at today&#39;s list"));
	assert_non_null(strstr(html,
	                       "<p class=\"segments-note\">Forecast on the company&#39;s total "
	                       "(--segments auto: 1 of 3 segments has 9"));
	assert_non_null(strstr(html, "Forecast model: <b>trend</b> (chosen).</p>"));
	assert_non_null(strstr(html, "of list spend (at today&#39;s list) at the median"));
	free(html);

	/* The history as billed says so. */
	ctx.price_basis = BW_PRICE_BASIS_HISTORY;
	html = render(&f, &ctx);
	assert_non_null(strstr(html, "<p class=\"basis\">The forecast is fitted on the history "
	                             "as billed (the list in force each day)"));
	assert_null(strstr(html, "at today's list (the prices in force"));
	free(html);

	/* By segment: the note, every segment's model, and the fit named as
	 * the total's. */
	bw_segment_fit fits[2] = {
	    {.name = "wrk / <opus>", .model = BW_MODEL_THETA, .monthly_growth = 0.031},
	    {.name = "other", .stopped = 1}};
	bw_segments segments = {fits, 2, 0.25, 2, "2026-10"};
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	ctx.segments = &segments;
	ctx.segments_note = "By segment (--segments auto): 2 of 2 segments have 9 complete months "
	                    "of spend or more.";
	html = render(&f, &ctx);
	assert_non_null(strstr(html,
	                       "<p class=\"segments-note\">By segment (--segments auto): 2 of "
	                       "2 segments"));
	assert_non_null(strstr(html, "<li>wrk / &lt;opus&gt;: theta, 3.1% a month</li><li>other: "
	                             "stopped, forecast as zero</li>"));
	assert_non_null(strstr(html, "Forecast model of the company's total: <b>trend</b> "
	                             "(chosen); the paths are the segments' sum"));
	assert_non_null(strstr(html, "The company&#39;s total grows"));
	free(html);

	/* Without a fit (the user's paths) neither is claimed. */
	f.bundle.fit = NULL;
	ctx.history = NULL;
	ctx.segments = NULL;
	html = render(&f, &ctx);
	assert_null(strstr(html, "class=\"basis\""));
	assert_null(strstr(html, "class=\"segments-note\""));
	free(html);
}

/* Every id="..." of 'html' is there once (ids are unique in a document). */
static void assert_ids_unique(const char *html)
{
	for (const char *p = strstr(html, " id=\""); p != NULL; p = strstr(p + 1, " id=\"")) {
		const char *end = strchr(p + 5, '"');
		assert_non_null(end);
		char attr[128];
		snprintf(attr, sizeof(attr), "%.*s", (int)(end - p + 1), p);
		const char *again = strstr(end, attr);
		if (again != NULL)
			fail_msg("%s twice", attr);
	}
}

/* The part of 'html' from <section id="id"> to its </section>, copied. */
static char *section_of(const char *html, const char *id)
{
	char open[64];
	snprintf(open, sizeof(open), "<section id=\"%s\">", id);
	const char *start = strstr(html, open);
	if (start == NULL)
		fail_msg("no %s", open);
	const char *end = strstr(start, "</section>");
	assert_non_null(end);
	char *copy = strndup(start, (size_t)(end - start));
	assert_non_null(copy);
	return copy;
}

static void test_html__answers_per_band_in_order_of_risk(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	/* The floor leaves commitment unused on fewer paths: it comes first;
	 * the risk-capped and the optimum tie on that, the smaller commitment
	 * (risk-capped, 120K) first. */
	f.bands[0].floor.shortfall_probability = 0.10;
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	char *s = section_of(html, "answers");

	const char *band = strstr(s, "&lt;b&gt;&amp;&quot;small&quot;, ok (recommended)</th>");
	assert_non_null(band);
	const char *floor = strstr(band, "<tr><td>floor</td><td>$150,000</td><td>$186,000</td>"
	                                 "<td>$204,600</td><td>10%</td><td>90.0%</td></tr>");
	const char *capped = strstr(band, "<tr><td>risk-capped</td><td>$120,000</td>");
	const char *optimum =
	    strstr(band, "<tr class=\"chosen\"><td>optimum</td><td>$180,000</td>");
	assert_non_null(floor);
	assert_non_null(capped);
	assert_non_null(optimum);
	assert_true(floor < capped && capped < optimum);
	/* The large band has only its optimum: the answers it lacks go last. */
	const char *large = strstr(s, ">large</th>");
	assert_non_null(large);
	const char *large_optimum = strstr(large, "<tr><td>optimum</td><td>$1,000,000</td>");
	const char *none = strstr(large, "<td colspan=\"5\">none in band</td>");
	assert_non_null(large_optimum);
	assert_non_null(none);
	assert_true(large_optimum < none);
	free(s);
	free(html);
}

static void test_html__what_if_at_the_recommendation(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	f.bands[0].optimum.expected_overage_usd = 4321;
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	char *s = section_of(html, "whatif");

	/* The recommendation (commit 180,000, expected 184,000) beside
	 * pay-as-you-go (200,000; P90 230,000; CVaR 240,000). */
	assert_non_null(strstr(s, "saves $16,000 in expectation against pay-as-you-go; 25%"));
	assert_non_null(
	    strstr(s, "<tr><td>commitment (term)</td><td>$180,000</td><td>-</td></tr>"));
	assert_non_null(
	    strstr(s, "<tr><td>expected cost</td><td>$184,000</td><td>$200,000</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>P90 cost</td><td>$202,400</td><td>$230,000</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>CVaR</td><td>$220,800</td><td>$240,000</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>expected unused</td><td>$1,000</td>"));
	assert_non_null(strstr(s, "<tr><td>P(unused)</td><td>25.0%</td><td>0.0%</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>expected overage</td><td>$4,321</td><td>-</td></tr>"));
	assert_non_null(
	    strstr(s, "<tr><td>effective savings rate</td><td>8.0%</td><td>0.0%</td></tr>"));
	/* The stretch: the large band's break-even discount. */
	assert_non_null(strstr(s, "Stretch: committing $1,000,000 to reach the large band (20.0% "
	                          "off now) costs no more than the recommendation from a "
	                          "break-even discount of 81.6%."));
	free(s);
	free(html);

	/* Pay-as-you-go recommended: its column alone, no commitment. */
	f.plan.recommended = -1;
	f.plan.stretch.available = 0;
	html = render(&f, &ctx);
	s = section_of(html, "whatif");
	assert_non_null(strstr(s, "<tr><td>expected cost</td><td>$200,000</td></tr>"));
	assert_null(strstr(s, " band</th>"));
	assert_null(strstr(s, "Stretch"));
	free(s);
	free(html);
}

static void test_html__backtest(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	char *html = render(&f, &ctx);
	/* Without a backtest (too little history, or the user's paths), no section. */
	assert_null(strstr(html, "<section id=\"backtest\">"));
	free(html);

	/* Two held-out months: P50 10% high, then 30% low: MAPE 20%, bias -10%;
	 * one month of two inside P10-P90. */
	bw_backtest_month months[2] = {
	    {"", 100000, 90000, 110000, 130000, 0.10, 1},
	    {"", 200000, 120000, 140000, 190000, 0.30, 0},
	};
	bw_backtest t = {.train_months = 9,
	                 .holdout_months = 2,
	                 .months = months,
	                 .mape = 0.20,
	                 .coverage = 0.5};
	f.bundle.backtest = &t;
	f.bundle.backtest_first_month = "2026-09";
	html = render(&f, &ctx);
	char *s = section_of(html, "backtest");
	assert_non_null(strstr(s,
	                       "Fitted on 9 months and forecasting the last 2: the median was off "
	                       "by 20.0% on average (MAPE), bias -10.0%; the actual fell inside "
	                       "P10-P90 in 50% of months"));
	assert_non_null(
	    strstr(s, "<tr><td>2026-09</td><td>$100,000</td><td>$90,000</td>"
	              "<td>$110,000</td><td>$130,000</td><td>10.0%</td><td>yes</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>2026-10</td><td>$200,000</td>"));
	assert_non_null(strstr(s, "<td>30.0%</td><td>NO</td></tr>"));
	/* It sits after the forecast it checks. */
	assert_true(strstr(html, "<section id=\"forecast\">") <
	            strstr(html, "<section id=\"backtest\">"));
	assert_null(strstr(s, "not the bill"));
	free(s);
	free(html);
	/* Under today's basis the actuals are said not to be the bill. */
	f.spend.repriced = 1;
	snprintf(f.spend.today_day, sizeof(f.spend.today_day), "2026-12-01");
	ctx.history = &f.spend;
	html = render(&f, &ctx);
	s = section_of(html, "backtest");
	assert_non_null(strstr(s,
	                       "<p class=\"note\">Actuals and forecasts are the same work at "
	                       "today's list (prices in force on 2026-12-01), not the bill.</p>"));
	free(s);
	free(html);
}

/* report --commit X: the commitment asked for beside the recommendation,
 * marked on the cost curves; and the band table's terms under the inputs. */
static void test_html__commitment_asked_and_band_terms(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_band terms[2] = {fixture_band("<i>low</i>", 100000, 0.45),
	                    fixture_band("high", 1000000, 0.2)};
	terms[1].overage = BW_OVERAGE_CUSTOM;
	terms[1].overage_discount = 0.1;
	terms[1].rollover = 0.25;
	terms[1].true_up = BW_TRUE_UP_ANNUAL;
	terms[1].price_lock = BW_PRICE_LOCK_FIXED;
	bw_bands table = fixture_bands(0, "bands.json");
	table.bands = terms;
	table.count = 2;
	bw_report_context ctx = fixture_context(&table);
	char *html = render(&f, &ctx);
	assert_null(strstr(html, "asked: "));
	assert_null(strstr(html, "id=\"commit-marker\""));
	free(html);

	bw_plan_outcome asked = fixture_outcome(150000, 190000);
	ctx.evaluated = &asked;
	ctx.evaluated_band = "<i>low</i>";
	html = render(&f, &ctx);
	char *s = section_of(html, "whatif");
	assert_non_null(strstr(s, "<th>asked: &lt;i&gt;low&lt;/i&gt; band</th>"));
	assert_non_null(strstr(
	    s, "<tr><td>commitment (term)</td><td>$150,000</td><td>$180,000</td><td>-</td></tr>"));
	assert_non_null(strstr(
	    s,
	    "<tr><td>expected cost</td><td>$190,000</td><td>$184,000</td><td>$200,000</td></tr>"));
	free(s);
	s = section_of(html, "curves");
	assert_non_null(strstr(s, "id=\"commit-marker\""));
	/* The wide and the narrow chart each mark it, under ids of their own. */
	assert_non_null(strstr(s, "id=\"commit-marker-narrow\" class=\"commit-marker\""));
	free(s);
	assert_ids_unique(html);
	s = section_of(html, "curves");
	assert_non_null(strstr(s, "The black line is the commitment asked for, $150,000."));
	free(s);
	s = section_of(html, "assumptions");
	assert_non_null(strstr(s,
	                       "<tr><td>&lt;i&gt;low&lt;/i&gt;</td><td>$100,000</td><td>45.0%</td>"
	                       "<td>list</td><td>0%</td><td>term</td><td>none</td></tr>"));
	assert_non_null(strstr(s, "<tr><td>high</td><td>$1,000,000</td><td>20.0%</td><td>10.0% "
	                          "off</td><td>25%</td><td>annual</td><td>fixed</td></tr>"));
	free(s);
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html__escapes_user_strings),
	    cmocka_unit_test(test_html__has_every_section),
	    cmocka_unit_test(test_html__warns_when_bands_are_illustrative),
	    cmocka_unit_test(test_html__lever_and_near_tie),
	    cmocka_unit_test(test_html__lists_and_marks_the_changes),
	    cmocka_unit_test(test_html__lists_both_kinds_of_change_in_month_order),
	    cmocka_unit_test(test_html__draws_the_same_work_at_todays_list),
	    cmocka_unit_test(test_html__says_the_basis_and_the_segments_note),
	    cmocka_unit_test(test_html__answers_per_band_in_order_of_risk),
	    cmocka_unit_test(test_html__what_if_at_the_recommendation),
	    cmocka_unit_test(test_html__backtest),
	    cmocka_unit_test(test_html__commitment_asked_and_band_terms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_track.c: `bandwise track` output (src/lib/report/track.c) on a
 * tracking result built by hand: periods labelled from the deal's start,
 * warnings in words, alerts against the user's thresholds.
 */
#include "fixture.h"

typedef struct {
	bw_deal_file deal;
	bw_track_period periods[2];
	bw_track_result track;
} track_fixture;

/* A 24-month deal from 2026-01 with two yearly periods: the first over,
 * 5,000 left unused; the second 3 months in, projected 20,000 short. */
static void track_fixture_init(track_fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->deal.name, sizeof(f->deal.name), "Acme 2026");
	snprintf(f->deal.start_month, sizeof(f->deal.start_month), "2026-01");
	f->deal.origin = "deal.json";
	f->deal.term_months = 24;
	f->deal.commit_usd = 240000;
	f->periods[0] = (bw_track_period){1,     0, 12, 12,   120000, 115000, -5000, -5000,
	                                  -5000, 1, 0,  5000, 0,      0,      0,     NAN};
	f->periods[1] = (bw_track_period){2,    12,  12,  3,     120000, 25000, -40000, -20000,
	                                  5000, 0.7, 0.2, 21000, 900,    800,   0,      NAN};
	f->track.term_months = 24;
	f->track.months_elapsed = 15;
	f->track.commit_usd = 240000;
	f->track.consumed_usd = 140000;
	f->track.pace = 0.83;
	f->track.has_fit = 1;
	f->track.periods = f->periods;
	f->track.period_count = 2;
}

static void test_track__text_warns_in_words(void **state)
{
	(void)state;
	track_fixture f;
	track_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	int alerts = -1;
	capture c;

	capture_begin(&c);
	assert_int_equal(
	    bw_report_track_text(c.out, &f.deal, &f.track, 10000, -1, &alerts, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(
	    text,
	    "Deal \"Acme 2026\": $240,000 over 24 months from 2026-01; 15 of 24 months done.\n"));
	assert_non_null(strstr(text, "pace in the current period: 83% of the commitment's share"));
	assert_non_null(strstr(text, "1: 2026-01..2026-12"));
	assert_non_null(strstr(text, "2: 2027-01..2027-12"));
	assert_int_equal(column_end(text, "\nperiod", "P(unused)"),
	                 column_end(text, "2: 2027-01", "70%"));
	assert_non_null(strstr(text, "Period 1 (2026-01..2026-12) is over: $5,000 left unused.\n"));
	assert_non_null(strstr(text,
	                       "WARNING: period 2 (2027-01..2027-12) is projected to leave $20,000 "
	                       "unused at P50 (some unused on 70% of paths)"));
	/* Only the unfinished period can pass a threshold. */
	assert_int_equal(alerts, 1);
	assert_non_null(strstr(text, "ALERT: 1 period(s) pass the thresholds you set.\n"));
	free(text);
}

/* Overage advice follows the deal's terms: never "negotiate an expansion
 * at the committed rate" when the overage already is at the committed
 * rate; say what the projected overage costs and whether moving up pays. */
static void test_track__overage_advice_follows_the_terms(void **state)
{
	(void)state;
	track_fixture f;
	track_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	bw_track_period *p = &f.periods[1];
	capture c;

	p->position_p10_usd = 2000;
	p->position_p50_usd = 9000;
	p->position_p90_usd = 20000;
	p->shortfall_probability = 0;
	p->overage_probability = 0.9;
	p->expected_overage_usd = 12500;
	p->expected_excess_usd = 10000;
	p->expansion_commit_usd = 129000;
	p->expansion_break_even_discount = 0.263;
	f.deal.terms.discount = 0.2;
	f.deal.terms.overage = BW_OVERAGE_COMMITTED;
	capture_begin(&c);
	assert_int_equal(bw_report_track_text(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_null(strstr(text, "expansion at the committed rate"));
	assert_non_null(strstr(text, "this deal already bills overage at the committed rate: "
	                             "$12,500 expected"));
	assert_non_null(strstr(text, "a larger commitment alone cannot lower it"));
	assert_non_null(strstr(text, "$129,000 for the period pays only at 26.3% off or more"));
	free(text);

	/* At list: the overage costs more than at the committed rate. */
	f.deal.terms.overage = BW_OVERAGE_LIST;
	p->expansion_break_even_discount = NAN;
	capture_begin(&c);
	assert_int_equal(bw_report_track_text(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "billed at list under this deal: $12,500 expected, $2,500 "
	                             "more than at the committed rate"));
	assert_non_null(strstr(text, "negotiate overage at the committed rate"));
	assert_non_null(strstr(text, "no discount below 99% makes a $129,000 commitment pay"));
	assert_null(strstr(text, "With $129,000 for the period"));
	free(text);

	/* List-measured: moving up is compared with band thresholds at list
	 * value: 129,000 for a 12-month period at 20% off is 161,250 a year. */
	f.deal.terms.threshold_measure = BW_THRESHOLD_LIST;
	capture_begin(&c);
	assert_int_equal(bw_report_track_text(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx, 0), 0);
	text = capture_end(&c);
	assert_non_null(strstr(text, "  With $129,000 for the period, its commitment counts toward "
	                             "band thresholds as $161,250 a year (its list value at 20.0% "
	                             "off).\n"));
	free(text);
}

static void test_track__json_keys(void **state)
{
	(void)state;
	track_fixture f;
	track_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	int alerts = -1;
	capture c;

	f.track.pace = NAN;
	f.deal.terms.discount = 0.2;
	f.deal.terms.threshold_measure = BW_THRESHOLD_LIST;
	f.deal.terms.price_lock = BW_PRICE_LOCK_CAP;
	capture_begin(&c);
	assert_int_equal(bw_report_track_json(c.out, &f.deal, &f.track, 50000, -1, &alerts, &ctx),
	                 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_int_equal(alerts, 0);
	assert_int_equal(json_integer_value(json_object_get(root, "alerts")), 0);
	assert_true(json_is_null(json_object_get(root, "pace")));
	assert_int_equal(json_integer_value(json_object_get(root, "seed")), 42);
	/* A list-measured deal at 20% off: 240,000 counts as 300,000. */
	assert_string_equal(json_string_value(json_object_get(root, "threshold_measure")), "list");
	assert_near(json_number_value(json_object_get(root, "threshold_value_usd")), 300000, 1e-6);
	assert_string_equal(json_string_value(json_object_get(root, "price_lock")), "cap");
	json_t *periods = json_object_get(root, "periods");
	assert_int_equal(json_array_size(periods), 2);
	json_t *second = json_array_get(periods, 1);
	assert_string_equal(json_string_value(json_object_get(second, "first_month")), "2027-01");
	assert_string_equal(json_string_value(json_object_get(second, "last_month")), "2027-12");
	assert_true(json_is_false(json_object_get(second, "alert")));
	assert_near(json_number_value(json_object_get(second, "position_p50_usd")), -20000, 1e-9);
	json_decref(root);
	free(text);
}

/* The months to come say their model and price basis, and list the
 * detected changes and the price changes dated, in month order, as
 * forecast does; the JSON carries them too. */
static void test_track__says_the_forecast_and_its_changes(void **state)
{
	(void)state;
	track_fixture f;
	track_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	bw_price_change price = {BW_PRICE_CHANGE_LIST,       "2025-11", "a", "a", -0.5, 0,
	                         "2025-11: A costs 50% less"};
	bw_spend spend;
	capture c;

	f.track.fit.model = BW_MODEL_CHANGEPOINT;
	snprintf(f.track.fit.reason, sizeof(f.track.fit.reason), "as asked");
	f.track.fit.change_count = 1;
	snprintf(f.track.fit.changes[0].month, sizeof(f.track.fit.changes[0].month), "2026-03");
	snprintf(f.track.fit.changes[0].text, sizeof(f.track.fit.changes[0].text),
	         "2026-03: level up +$2,000 a month (+10%%)");
	memset(&spend, 0, sizeof(spend));
	spend.repriced = 1;
	spend.price_changes = &price;
	spend.price_change_count = 1;
	snprintf(spend.today_day, sizeof(spend.today_day), "2027-04-01");
	ctx.history = &spend;
	ctx.price_basis = BW_PRICE_BASIS_TODAY;
	capture_begin(&c);
	assert_int_equal(bw_report_track_text(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx, 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text,
	                       "The months to come are forecast on the same work at today's "
	                       "list (the months done count as billed),\nwith the changepoint "
	                       "model (as asked).\n"));
	assert_non_null(strstr(text, ":\n  2025-11: A costs 50% less\n  2026-03: level up +$2,000 "
	                             "a month (+10%)\n"));
	free(text);
	capture_begin(&c);
	assert_int_equal(bw_report_track_json(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx), 0);
	text = capture_end(&c);
	json_t *root = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(root, "forecast_model")),
	                    "changepoint");
	assert_string_equal(json_string_value(json_object_get(root, "price_basis")), "today");
	assert_string_equal(json_string_value(json_object_get(root, "price_basis_day")),
	                    "2027-04-01");
	json_t *changes = json_object_get(root, "changes");
	assert_int_equal(json_array_size(changes), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "month")),
	                    "2026-03");
	assert_int_equal(json_array_size(json_object_get(root, "price_changes")), 1);
	json_decref(root);
	free(text);

	/* The term over: nothing forecast, nothing said of a forecast. */
	f.track.has_fit = 0;
	capture_begin(&c);
	assert_int_equal(bw_report_track_text(c.out, &f.deal, &f.track, -1, -1, NULL, &ctx, 0), 0);
	text = capture_end(&c);
	assert_null(strstr(text, "The months to come"));
	assert_null(strstr(text, "level up"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_track__text_warns_in_words),
	    cmocka_unit_test(test_track__overage_advice_follows_the_terms),
	    cmocka_unit_test(test_track__json_keys),
	    cmocka_unit_test(test_track__says_the_forecast_and_its_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

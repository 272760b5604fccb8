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
	f->periods[0] =
	    (bw_track_period){1, 0, 12, 12, 120000, 115000, -5000, -5000, -5000, 1, 0, 5000, 0};
	f->periods[1] = (bw_track_period){2,      12,   12,  3,   120000, 25000, -40000,
	                                  -20000, 5000, 0.7, 0.2, 21000,  900};
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_track__text_warns_in_words),
	    cmocka_unit_test(test_track__json_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

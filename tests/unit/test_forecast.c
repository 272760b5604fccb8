/*
 * test_forecast.c: the trend fit, the Monte Carlo paths, and the --paths
 * CSV reader.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/forecast.h"
#include "forecast_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static bw_forecast_options options_of(int months, size_t paths, unsigned long long seed)
{
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	options.months = months;
	options.paths = paths;
	options.seed = seed;
	return options;
}

static void test_forecast__recovers_an_exact_growth_rate(void **state)
{
	(void)state;
	double history[12];
	bw_paths *paths = NULL;
	bw_forecast_fit fit;
	bw_forecast_options options = options_of(6, 50, 1);

	for (int i = 0; i < 12; i++)
		history[i] = 40000 * pow(1.05, i);
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 12, &options), 0);
	assert_near(fit.monthly_growth, 0.05, 1e-12);
	assert_near(fit.residual_sigma, 0, 1e-9);
	assert_int_equal(fit.history_months, 12);
	/* No noise: every path is the trend itself. */
	for (size_t p = 0; p < paths->path_count; p++)
		for (int m = 0; m < 6; m++)
			assert_near(paths->list_usd[p * 6 + (size_t)m], 40000 * pow(1.05, 12 + m),
			            1e-6 * 40000 * pow(1.05, 12 + m));
	bw_paths_free(paths);
}

static void test_forecast__same_seed_same_paths(void **state)
{
	(void)state;
	double history[8] = {100, 112, 118, 135, 140, 160, 171, 180};
	bw_paths *a = NULL, *b = NULL, *c = NULL;
	bw_forecast_options options = options_of(24, 500, 77);

	assert_int_equal(bw_forecast_run(&a, NULL, history, 8, &options), 0);
	assert_int_equal(bw_forecast_run(&b, NULL, history, 8, &options), 0);
	options.seed = 78;
	assert_int_equal(bw_forecast_run(&c, NULL, history, 8, &options), 0);
	assert_memory_equal(a->list_usd, b->list_usd, 500 * 24 * sizeof(double));
	assert_true(memcmp(a->list_usd, c->list_usd, 500 * 24 * sizeof(double)) != 0);
	bw_paths_free(a);
	bw_paths_free(b);
	bw_paths_free(c);
}

/* With noise, the fan covers the trend and widens with the horizon. */
static void test_forecast__fan_widens_with_horizon(void **state)
{
	(void)state;
	double history[14], q1[3], q24[3], probs[3] = {0.1, 0.5, 0.9};
	bw_paths *paths = NULL;
	bw_forecast_fit fit;
	bw_forecast_options options = options_of(24, 4000, 5);
	for (int i = 0; i < 14; i++)
		history[i] = 50000 * pow(1.04, i) * (i % 2 ? 1.03 : 0.97);
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 14, &options), 0);
	assert_true(fit.residual_sigma > 0.01);
	assert_true(fit.growth_low < fit.monthly_growth && fit.monthly_growth < fit.growth_high);
	assert_int_equal(bw_paths_month_quantiles(paths, 0, probs, 3, q1), 0);
	assert_int_equal(bw_paths_month_quantiles(paths, 23, probs, 3, q24), 0);
	assert_true(q1[0] < q1[1] && q1[1] < q1[2]);
	assert_true((q24[2] - q24[0]) / q24[1] > (q1[2] - q1[0]) / q1[1]);
	/* The median of month 1 sits near the trend's next value. */
	double trend = fit.last_fitted_usd * (1 + fit.monthly_growth);
	assert_near(q1[1] / trend, 1.0, 0.02);
	bw_paths_free(paths);
}

static void test_forecast__too_little_or_bad_history(void **state)
{
	(void)state;
	double two[2] = {1, 2}, zero[4] = {10, 0, 12, 13};
	bw_paths *paths = NULL;
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	assert_int_equal(bw_forecast_run(&paths, NULL, two, 2, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "at least 3"));
	assert_int_equal(bw_forecast_run(&paths, NULL, zero, 4, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "month 2"));
	assert_null(paths);
}

/* With enough months the model is chosen by backtest: the same seed gives
 * the same choice and the same paths, and the choice says why. */
static void test_forecast__auto_choice_is_reproducible(void **state)
{
	(void)state;
	double history[20];
	bw_paths *a = NULL, *b = NULL;
	bw_forecast_fit fa, fb;
	bw_forecast_options options = options_of(12, 300, 9);
	for (int i = 0; i < 20; i++)
		history[i] = 10000 * pow(1.05, i) * (i % 3 == 0 ? 1.04 : i % 3 == 1 ? 0.97 : 1.0);
	assert_int_equal(bw_forecast_run(&a, &fa, history, 20, &options), 0);
	assert_int_equal(bw_forecast_run(&b, &fb, history, 20, &options), 0);
	assert_true(fa.chosen);
	assert_int_equal(fa.model, fb.model);
	assert_non_null(strstr(fa.reason, "rolling-origin backtest"));
	assert_memory_equal(a->list_usd, b->list_usd, 300 * 12 * sizeof(double));
	bw_paths_free(a);
	bw_paths_free(b);
}

/* A noiseless exponential: drift, trend and changepoint all forecast it
 * exactly (interval score 0), so the tie goes to the simplest, drift. */
static void test_forecast__ties_go_to_the_simpler_model(void **state)
{
	(void)state;
	double history[18];
	bw_forecast_choice choice;
	bw_forecast_options options = options_of(12, 100, 1);
	for (int i = 0; i < 18; i++)
		history[i] = 5000 * pow(1.03, i);
	assert_int_equal(bw_forecast_choose(&choice, history, 18, &options), 0);
	assert_near(choice.scores[BW_MODEL_TREND].interval_score, 0, 1e-9);
	assert_near(choice.scores[BW_MODEL_DRIFT].interval_score, 0, 1e-9);
	assert_int_equal(choice.best, BW_MODEL_DRIFT);
	assert_int_equal(choice.origins, 12);
	assert_int_equal(choice.first_origin, 6);
	/* 12 origins, each scored on the months left after it. */
	assert_int_equal(choice.scores[BW_MODEL_TREND].forecasts, 12 * 13 / 2);
	assert_int_equal(choice.scores[BW_MODEL_TREND].count_by_h[0], 12);
	assert_int_equal(choice.scores[BW_MODEL_TREND].count_by_h[11], 1);
}

/* The choice ranks by the backtest's CRPS (the interval score is shown
 * beside it): best is the lowest CRPS, or a simpler model within 2% of
 * it, on noisy histories where the candidates differ; and says so. */
static void test_forecast__the_choice_ranks_by_crps(void **state)
{
	(void)state;
	for (unsigned long seed = 1; seed <= 4; seed++) {
		double history[30], e = 0;
		bw_forecast_choice choice;
		bw_forecast_options options = options_of(12, 200, seed);
		gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
		assert_non_null(rng);
		gsl_rng_set(rng, seed);
		for (int i = 0; i < 30; i++) {
			e = 0.6 * e + gsl_ran_gaussian(rng, 0.05);
			history[i] = 8000 * pow(1.04, i) * exp(e);
		}
		gsl_rng_free(rng);
		assert_int_equal(bw_forecast_choose(&choice, history, 30, &options), 0);
		int lowest = 0;
		for (int m = 1; m < BW_MODEL_COUNT; m++)
			if (choice.scores[m].scored &&
			    (lowest == 0 || choice.scores[m].crps < choice.scores[lowest].crps))
				lowest = m;
		int expected = lowest;
		for (int m = 1; m < lowest; m++)
			if (choice.scores[m].scored &&
			    choice.scores[m].crps <= choice.scores[lowest].crps * 1.02) {
				expected = m;
				break;
			}
		assert_int_equal(choice.best, expected);
		if (!choice.regime)
			assert_non_null(strstr(choice.reason, "the best CRPS"));
	}
}

/* A model forced on a history it forecasts worse than naive drift says so:
 * Theta's half slope on steady 5% growth. */
static void test_forecast__a_forced_model_that_loses_to_drift(void **state)
{
	(void)state;
	double history[24];
	bw_forecast_choice choice;
	bw_forecast_options options = options_of(12, 300, 2);
	for (int i = 0; i < 24; i++)
		history[i] = 8000 * pow(1.05, i) * (i % 2 ? 1.01 : 0.99);
	options.model = BW_MODEL_THETA;
	assert_int_equal(bw_forecast_choose(&choice, history, 24, &options), 0);
	assert_int_equal(choice.chosen, BW_MODEL_THETA);
	assert_true(choice.scores[BW_MODEL_THETA].bias < 0);
	assert_true(choice.loses_to_drift);
	assert_non_null(strstr(choice.reason, "LOSES to naive drift"));
	/* Too short a history to compare is an error naming what is needed. */
	assert_int_equal(bw_forecast_choose(&choice, history, 8, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "at least 9"));
}

/* The combo's path is the mean of its parts' log paths drawn from the same
 * random numbers: its median total lies between the parts' medians, and
 * the same seed gives the same paths. */
static void test_forecast__combo_lies_among_its_parts(void **state)
{
	(void)state;
	double history[24], probs[1] = {0.5}, q[1], low = INFINITY, high = 0, combo;
	bw_forecast_options options = options_of(12, 400, 3);
	bw_forecast_fit fit;
	bw_paths *paths = NULL, *again = NULL;
	for (int i = 0; i < 24; i++) /* growth that slows: the parts disagree */
		history[i] = 9000 * pow(1.06, i < 14 ? i : 14) * pow(1.01, i < 14 ? 0 : i - 14) *
		             (i % 2 ? 1.02 : 0.98);
	for (int m = BW_MODEL_DRIFT; m < BW_MODEL_COMBO; m++) {
		options.model = (bw_forecast_model)m;
		assert_int_equal(bw_forecast_run(&paths, &fit, history, 24, &options), 0);
		assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 1, q, NULL), 0);
		low = q[0] < low ? q[0] : low;
		high = q[0] > high ? q[0] : high;
		bw_paths_free(paths);
	}
	options.model = BW_MODEL_COMBO;
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 24, &options), 0);
	assert_int_equal(fit.model, BW_MODEL_COMBO);
	assert_string_equal(bw_forecast_model_name(fit.model), "combo");
	assert_int_equal(bw_paths_total_quantiles(paths, 12, probs, 1, q, NULL), 0);
	combo = q[0];
	assert_true(high > low * 1.05); /* the parts do disagree */
	assert_true(combo > low && combo < high);
	assert_int_equal(bw_forecast_run(&again, &fit, history, 24, &options), 0);
	assert_memory_equal(paths->list_usd, again->list_usd, 400 * 12 * sizeof(double));
	bw_paths_free(paths);
	bw_paths_free(again);
}

/* A zero month before the fit's first month does not stop the forecast;
 * one inside the fit does. */
static void test_forecast__zero_month_before_the_fit(void **state)
{
	(void)state;
	double history[6] = {0, 100, 110, 120, 133, 145};
	bw_paths *paths = NULL;
	bw_forecast_fit fit;
	bw_forecast_options options = options_of(3, 20, 1);
	assert_int_equal(bw_forecast_run(&paths, NULL, history, 6, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "month 1"));
	options.fit_from = 1;
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 6, &options), 0);
	assert_int_equal(fit.history_months, 5);
	assert_int_equal(fit.fit_from, 1);
	bw_paths_free(paths);
	/* Too few months left after it. */
	options.fit_from = 4;
	assert_int_equal(bw_forecast_run(&paths, NULL, history, 6, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "at least 3"));
}

static void expect_csv_error(const char *text, const char *fragment)
{
	char *dir = test_tmpdir(), *file = test_write_file(dir, "paths.csv", text);
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_read_csv(&paths, file), BW_EPARSE);
	assert_null(paths);
	if (strstr(bw_error_last(), fragment) == NULL)
		fail_msg("message '%s' lacks '%s'", bw_error_last(), fragment);
	free(file);
	test_rmdir_tree(dir);
}

static void test_forecast__paths_csv(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *file = test_write_file(
	    dir, "paths.csv", "path,month,list_usd\r\n2,1,30\r\n1,2,20.5\r\n1,1,10\r\n2,2,40\r\n");
	bw_paths *paths = NULL;
	assert_int_equal(bw_paths_read_csv(&paths, file), 0);
	assert_int_equal(paths->path_count, 2);
	assert_int_equal(paths->months, 2);
	assert_near(paths->list_usd[0], 10, 0);
	assert_near(paths->list_usd[1], 20.5, 0);
	assert_near(paths->list_usd[2], 30, 0);
	assert_near(paths->list_usd[3], 40, 0);
	bw_paths_free(paths);
	free(file);
	test_rmdir_tree(dir);

	expect_csv_error("path,month,usd\n1,1,5\n", "paths.csv:1:1: expected the header");
	expect_csv_error("path,month,list_usd\n1,1,5\n1,x,5\n", "paths.csv:3:3: expected a month");
	expect_csv_error("path,month,list_usd\n1,1,5\n1,2,abc\n",
	                 "paths.csv:3:5: expected list_usd");
	expect_csv_error("path,month,list_usd\n1,1,-5\n", "paths.csv:2:5");
	expect_csv_error("path,month,list_usd\n1,1,5\n1,1,6\n",
	                 "paths.csv:3:1: path 1 month 1 appears twice");
	expect_csv_error("path,month,list_usd\n1,1,5\n1,2,5\n2,1,5\n", "path 2 month 2 is missing");
	expect_csv_error("path,month,list_usd\n", "expected at least one row");
}

static void test_forecast__damping_slows_growth(void **state)
{
	(void)state;
	double history[10], probs[1] = {0.5}, straight, damped;
	bw_paths *a = NULL, *b = NULL;
	bw_forecast_options options = options_of(24, 2000, 3);
	for (int i = 0; i < 10; i++)
		history[i] = 1000 * pow(1.06, i) * (i % 2 ? 1.02 : 0.98);
	assert_int_equal(bw_forecast_run(&a, NULL, history, 10, &options), 0);
	options.damping = 0.8;
	assert_int_equal(bw_forecast_run(&b, NULL, history, 10, &options), 0);
	assert_int_equal(bw_paths_month_quantiles(a, 23, probs, 1, &straight), 0);
	assert_int_equal(bw_paths_month_quantiles(b, 23, probs, 1, &damped), 0);
	/* phi = 0.8 caps the added growth at 4 months' worth. */
	assert_true(damped < straight * 0.5);
	assert_true(damped > history[9] * pow(1.06, 3));
	bw_paths_free(a);
	bw_paths_free(b);
}

static void test_forecast__assumed_growth_on_short_history(void **state)
{
	(void)state;
	double history[1] = {20000};
	bw_paths *paths = NULL;
	bw_forecast_fit fit;
	bw_forecast_options options = options_of(12, 20, 1);
	options.growth = 0.05;
	options.volatility = 0;
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 1, &options), 0);
	assert_true(fit.assumed_growth);
	for (int m = 0; m < 12; m++)
		assert_near(paths->list_usd[m], 20000 * pow(1.05, m + 1), 1e-6);
	bw_paths_free(paths);
	options.growth = NAN;
	assert_int_equal(bw_forecast_run(&paths, &fit, history, 1, &options), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "--growth"));
}

static void test_forecast__scenarios(void **state)
{
	(void)state;
	bw_paths *paths = NULL;
	bw_scenario s[2];
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_LAUNCH, "500@3", &s[0]), 0);
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_PRICE_CUT, "20%@4:1", &s[1]), 0);
	assert_near(s[1].fraction, 0.2, 1e-12);
	assert_int_equal(bw_paths_new(&paths, 3, 5), 0);
	for (size_t i = 0; i < 15; i++)
		paths->list_usd[i] = 1000;
	assert_int_equal(bw_paths_apply_scenarios(paths, s, 2, 9), 0);
	for (size_t p = 0; p < 3; p++) {
		assert_near(paths->list_usd[p * 5 + 1], 1000, 0);
		assert_near(paths->list_usd[p * 5 + 2], 1500, 0);
		assert_near(paths->list_usd[p * 5 + 3], 1200, 1e-9);
	}
	/* Half the paths launch, on average. */
	bw_paths_free(paths);
	assert_int_equal(bw_paths_new(&paths, 10000, 2), 0);
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_LAUNCH, "100@1:0.5", &s[0]), 0);
	assert_int_equal(bw_paths_apply_scenarios(paths, s, 1, 9), 0);
	assert_near(bw_paths_month_mean(paths, 0), 50, 2);
	s[0].month = 3;
	assert_int_equal(bw_paths_apply_scenarios(paths, s, 1, 9), BW_ERANGE);
	bw_paths_free(paths);
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_PRICE_CUT, "150%@2", &s[0]), BW_EUSAGE);
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_LAUNCH, "100", &s[0]), BW_EUSAGE);
	assert_int_equal(bw_scenario_parse(BW_SCENARIO_LAUNCH, "100@2:3", &s[0]), BW_EUSAGE);
}

static void test_forecast__backtest(void **state)
{
	(void)state;
	double history[9];
	bw_backtest *bt = NULL;
	bw_forecast_options options = options_of(1, 500, 2);
	for (int i = 0; i < 9; i++)
		history[i] = 5000 * pow(1.04, i);
	/* An exact trend forecasts its own future exactly. */
	assert_int_equal(bw_forecast_backtest(&bt, history, 9, 3, &options), 0);
	assert_int_equal(bt->train_months, 6);
	assert_int_equal(bt->holdout_months, 3);
	assert_near(bt->mape, 0, 1e-9);
	assert_near(bt->coverage, 1, 0);
	assert_near(bt->months[2].actual_usd, history[8], 0);
	bw_backtest_free(bt);
	/* A jump the trend could not know about lands outside the fan. */
	history[8] *= 3;
	history[7] *= 1.001;
	assert_int_equal(bw_forecast_backtest(&bt, history, 9, 1, &options), 0);
	assert_near(bt->mape, 2.0 / 3.0, 0.01); /* the median missed by 2/3 of the actual */
	assert_near(bt->coverage, 0, 0);
	bw_backtest_free(bt);
	assert_int_equal(bw_forecast_backtest(&bt, history, 4, 2, &options), BW_EUSAGE);
}

/*
 * Daily spend with a strong weekday effect (weekends at 40% of a weekday),
 * 3% growth a month, a monthly AR(1) level (phi 0.5, sd 0.02) and daily
 * noise (sd 0.05), from 2023-01-01 over 'months' months, summed per month
 * into usd[]; *ratio gets the mean weekend day's spend over the mean
 * weekday's over the first 'history' months, as bw_spend reads it from the
 * daily rows. 2023-01-01 was a Sunday.
 */
static void weekday_history(gsl_rng *rng, int months, int history, double *usd, double *ratio)
{
	static const int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	double level = 0, weekend = 0, weekday = 0;
	int dow = 0, day = 0, weekend_days = 0, weekday_days = 0;
	for (int m = 0; m < months; m++) {
		int year = 2023 + m / 12, days = days_in[m % 12];
		if (m % 12 == 1 && year % 4 == 0)
			days = 29;
		level = 0.5 * level + gsl_ran_gaussian(rng, 0.02);
		usd[m] = 0;
		for (int d = 0; d < days; d++, day++, dow = (dow + 1) % 7) {
			int is_weekend = dow == 0 || dow == 6;
			double x = exp(log(1000) + 0.03 * day / 30.44 + level +
			               gsl_ran_gaussian(rng, 0.05)) *
			           (is_weekend ? 0.4 : 1.0);
			usd[m] += x;
			if (m < history) {
				if (is_weekend)
					weekend += x, weekend_days++;
				else
					weekday += x, weekday_days++;
			}
		}
	}
	*ratio = (weekend / weekend_days) / (weekday / weekday_days);
}

/* Months differ in their weekdays (20 to 23): with a strong weekday effect
 * the forecast per weekday-equivalent day, each month put back at its own
 * days, misses each month by less than the forecast of the monthly bill,
 * and says so in its fit. */
static void test_forecast__weekday_adjustment(void **state)
{
	(void)state;
	enum { HISTORY = 36, AHEAD = 12, SEEDS = 8 };
	double usd[HISTORY + AHEAD], ratio, error[2] = {0, 0};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);
	for (int seed = 1; seed <= SEEDS; seed++) {
		gsl_rng_set(rng, 7000u + (unsigned long)seed);
		weekday_history(rng, HISTORY + AHEAD, HISTORY, usd, &ratio);
		assert_near(ratio, 0.4, 0.02);
		for (int on = 0; on < 2; on++) {
			bw_forecast_options o = options_of(AHEAD, 400, (unsigned long long)seed);
			bw_forecast_fit fit;
			bw_paths *paths = NULL;
			if (on) {
				o.calendar_month = 2023 * 12; /* 2023-01 */
				o.weekend_ratio = ratio;
			}
			assert_int_equal(bw_forecast_run(&paths, &fit, usd, HISTORY, &o), 0);
			assert_int_equal(fit.weekday_adjusted, on);
			for (int h = 0; h < AHEAD; h++) {
				static const double median[1] = {0.5};
				double q;
				assert_int_equal(bw_paths_month_quantiles(paths, h, median, 1, &q),
				                 0);
				error[on] += fabs(log(q / usd[HISTORY + h])) / (SEEDS * AHEAD);
			}
			bw_paths_free(paths);
		}
	}
	printf("    mean |log(P50 / actual)| per month: %.4f on the bill, %.4f per "
	       "weekday-equivalent day\n",
	       error[0], error[1]);
	/* The calendar alone moves a month by up to 10% here, the noise by
	 * about 2-3%: the adjusted forecast's error is clearly lower. */
	assert_true(error[1] < 0.75 * error[0]);
	gsl_rng_free(rng);
}

/* The weekday factor by hand: 2023-01 (1 January a Sunday) has 22
 * weekdays and 9 weekend days, 2023-02 20 and 8, 2023-04 20 and 10; with
 * weekends at half a weekday the calendar's mean month is 30.436875 x 6/7
 * weekday-equivalent days. A history flat per such day is forecast flat
 * per day, each month at its own days. */
static void test_forecast__weekday_factor(void **state)
{
	(void)state;
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	double mean = 365.2425 / 12.0 * 6.0 / 7.0, usd[3], q;
	static const double median[1] = {0.5};
	bw_forecast_fit fit;
	bw_paths *paths = NULL;

	assert_near(bw_forecast__weekday_factor(&o, 0), 1, 0); /* off */
	o.calendar_month = 2023 * 12;
	o.weekend_ratio = 0.5;
	assert_near(bw_forecast__weekday_factor(&o, 0), (22 + 0.5 * 9) / mean, 1e-12);
	assert_near(bw_forecast__weekday_factor(&o, 1), (20 + 0.5 * 8) / mean, 1e-12);
	assert_near(bw_forecast__weekday_factor(&o, 3), (20 + 0.5 * 10) / mean, 1e-12);
	for (size_t t = 0; t < 3; t++)
		usd[t] = 1000 * bw_forecast__weekday_factor(&o, t);
	o.paths = 10;
	o.months = 1;
	o.growth = 0;
	assert_int_equal(bw_forecast_run(&paths, &fit, usd, 3, &o), 0);
	assert_int_equal(fit.weekday_adjusted, 1);
	assert_near(fit.weekend_ratio, 0.5, 1e-12);
	assert_near(fit.last_actual_usd, usd[2], 1e-9);
	assert_int_equal(bw_paths_month_quantiles(paths, 0, median, 1, &q), 0);
	assert_near(q, 1000 * (20 + 0.5 * 10) / mean, 1e-6); /* April 2023 */
	bw_paths_free(paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forecast__recovers_an_exact_growth_rate),
	    cmocka_unit_test(test_forecast__same_seed_same_paths),
	    cmocka_unit_test(test_forecast__fan_widens_with_horizon),
	    cmocka_unit_test(test_forecast__too_little_or_bad_history),
	    cmocka_unit_test(test_forecast__paths_csv),
	    cmocka_unit_test(test_forecast__damping_slows_growth),
	    cmocka_unit_test(test_forecast__assumed_growth_on_short_history),
	    cmocka_unit_test(test_forecast__scenarios),
	    cmocka_unit_test(test_forecast__auto_choice_is_reproducible),
	    cmocka_unit_test(test_forecast__zero_month_before_the_fit),
	    cmocka_unit_test(test_forecast__ties_go_to_the_simpler_model),
	    cmocka_unit_test(test_forecast__the_choice_ranks_by_crps),
	    cmocka_unit_test(test_forecast__a_forced_model_that_loses_to_drift),
	    cmocka_unit_test(test_forecast__backtest),
	    cmocka_unit_test(test_forecast__combo_lies_among_its_parts),
	    cmocka_unit_test(test_forecast__weekday_adjustment),
	    cmocka_unit_test(test_forecast__weekday_factor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

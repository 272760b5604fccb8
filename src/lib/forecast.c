/*
 * forecast.c: the forecast's entry point (which model, fitted on which
 * months, drawn as Monte Carlo paths, with the changes it found);
 * scenario overlays; the holdout backtest. The models themselves are in
 * forecast_models.c, their comparison in forecast_choose.c.
 *
 * Why the log-linear trend is the baseline: LLM spend grows roughly geometrically while a product
 * scales, so log(spend) is close to linear in time, and the residuals of
 * the log fit are the month-to-month noise. With few months of history the
 * trend itself is uncertain; drawing (a, b, sigma) from their posterior for
 * every path (flat prior, the textbook normal linear model) widens the fan
 * honestly as history gets shorter, instead of pretending the fitted
 * growth rate is known. Growth rarely compounds forever: a damping factor
 * phi < 1 lets it fade (Gardner and McKenzie's damped trend).
 */
#include "bandwise/forecast.h"

#include "bandwise/error.h"
#include "date.h"
#include "forecast_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_names[BW_MODEL_COUNT] = {"auto",   "drift",       "trend", "theta",
                                                        "damped", "changepoint", "combo"};

const char *bw_forecast_model_name(bw_forecast_model model)
{
	return (int)model >= 0 && model < BW_MODEL_COUNT ? model_names[model] : NULL;
}

int bw_forecast_model_parse(const char *name, bw_forecast_model *out)
{
	for (int i = 0; i < BW_MODEL_COUNT; i++)
		if (strcmp(name, model_names[i]) == 0) {
			*out = (bw_forecast_model)i;
			return 0;
		}
	return bw_error_set(BW_EUSAGE,
	                    "unknown forecast model '%s': expected auto, drift, trend, theta, "
	                    "damped, changepoint or combo",
	                    name);
}

static int check_history(const double *history_usd, size_t n, const bw_forecast_options *options)
{
	int assumed = !isnan(options->growth);

	if (n == 0)
		return bw_error_set(BW_EUSAGE,
		                    "a forecast needs at least one complete month of usage: ingest "
		                    "some, or bring your own paths with --paths FILE.csv");
	if (n < 3 && !assumed)
		return bw_error_set(
		    BW_EUSAGE,
		    "a trend needs at least 3 complete months of history and there %s "
		    "%zu: give the growth to assume instead (--growth 0.05 for +5%% a "
		    "month, with --volatility for the month-to-month noise), ingest more "
		    "months, or bring your own paths with --paths FILE.csv",
		    n == 1 ? "is" : "are", n);
	if (options->fit_from >= n || (n - options->fit_from < 3 && !assumed))
		return bw_error_set(
		    BW_EUSAGE,
		    "the fit starts at month %zu of a %zu-month history: at least 3 "
		    "months must remain to fit",
		    options->fit_from + 1, n);
	/* Only the months fitted must be logged: a zero month before the
	 * fit's first one is no obstacle. */
	for (size_t i = options->fit_from; i < n; i++)
		if (!(history_usd[i] > 0) || !isfinite(history_usd[i]))
			return bw_error_set(
			    BW_EUSAGE,
			    "month %zu of the history has list spend %.2f USD: the "
			    "log-linear trend needs spend > 0 in every month (a zero "
			    "month cannot be logged); use --paths for such a history",
			    i + 1, history_usd[i]);
	if (options->months < 1 || options->months > 1200 || options->paths < 1)
		return bw_error_set(BW_ERANGE, "forecast: months must be 1..1200 and paths >= 1");
	if (!(options->damping > 0 && options->damping <= 1))
		return bw_error_set(BW_ERANGE,
		                    "forecast: the damping factor must be in (0, 1], got %g",
		                    options->damping);
	if (assumed && !(options->growth > -1 && options->growth < 10))
		return bw_error_set(BW_ERANGE,
		                    "forecast: an assumed monthly growth must be above "
		                    "-100%% and below +1000%%, got %g",
		                    options->growth);
	if (!(options->volatility >= 0 && options->volatility < 5))
		return bw_error_set(BW_ERANGE, "forecast: the volatility must be in [0, 5), got %g",
		                    options->volatility);
	if ((int)options->model < 0 || options->model >= BW_MODEL_COUNT)
		return bw_error_set(BW_ERANGE, "forecast: no model %d", (int)options->model);
	if (assumed && options->model != BW_MODEL_AUTO && options->model != BW_MODEL_TREND)
		return bw_error_set(BW_EUSAGE,
		                    "an assumed growth shapes the log-linear trend; the %s model "
		                    "fits its own",
		                    bw_forecast_model_name(options->model));
	return 0;
}

/* --- weekdays ------------------------------------------------------------------- */

int bw_forecast__weekdays_on(const bw_forecast_options *options)
{
	return options->calendar_month >= 0 && options->weekend_ratio > 0 &&
	       isfinite(options->weekend_ratio);
}

/* A month's spend is about its weekdays times a weekday's spend plus its
 * weekend days times a weekend day's (the trading-day regressors of
 * X-13ARIMA-SEATS, Findley et al. 1998, with two day kinds): 20 to 23
 * weekdays and 8 to 10 weekend days, so months differ by up to 10% for
 * the calendar alone. */
double bw_forecast__weekday_factor(const bw_forecast_options *options, size_t t)
{
	int year, month;

	if (!bw_forecast__weekdays_on(options))
		return 1;
	bwx_month_split(options->calendar_month + (int)t, &year, &month);
	int days = bwx_days_in_month(year, month);
	int first = bwx_day_of_week(bwx_days_from_civil(year, month, 1)), weekend = 0;
	for (int d = 0; d < days; d++) {
		int dow = (first + d) % 7;
		weekend += dow == 0 || dow == 6;
	}
	double r = options->weekend_ratio;
	double mean = 365.2425 / 12.0 * (5.0 + 2.0 * r) / 7.0;
	return ((double)(days - weekend) + r * (double)weekend) / mean;
}

int bw_forecast__weekday_adjust(const double *history_usd, size_t n,
                                const bw_forecast_options *options, double **out)
{
	*out = NULL;
	if (!bw_forecast__weekdays_on(options))
		return 0;
	if ((*out = malloc((n ? n : 1) * sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t t = 0; t < n; t++)
		(*out)[t] = history_usd[t] / bw_forecast__weekday_factor(options, t);
	return 0;
}

/* Which model runs, and why, in words. Choosing needs enough months; an
 * assumed growth or a damping asked for shape the trend, so they mean it. */
static int pick_model(const double *history_usd, size_t n, const bw_forecast_options *options,
                      bw_forecast_fit *fit, double *errors, int *have_errors)
{
	bw_forecast_choice choice;
	double *all = NULL;
	int error;

	fit->chosen = 0;
	if (options->model != BW_MODEL_AUTO) {
		fit->model = options->model;
		snprintf(fit->reason, sizeof(fit->reason), "the %s model, as asked",
		         bw_forecast_model_name(options->model));
		return 0;
	}
	fit->model = BW_MODEL_TREND;
	if (!isnan(options->growth)) {
		snprintf(fit->reason, sizeof(fit->reason),
		         "the log-linear trend, with the growth assumed");
		return 0;
	}
	if (options->damping < 1) {
		snprintf(fit->reason, sizeof(fit->reason), "the log-linear trend, damped as asked");
		return 0;
	}
	if (n - options->fit_from < BW_FORECAST_CHOOSE_MIN_MONTHS) {
		snprintf(fit->reason, sizeof(fit->reason),
		         "the log-linear trend: %zu months are too few to compare models by "
		         "backtest (%d needed)",
		         n - options->fit_from, BW_FORECAST_CHOOSE_MIN_MONTHS);
		return 0;
	}
	size_t block = (n - options->fit_from) * BW_FORECAST_MAX_HORIZON;
	if (errors != NULL && (all = malloc(BW_MODEL_COUNT * block * sizeof(*all))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if ((error = bw_forecast__choose(&choice, history_usd, n, options, all)) < 0) {
		free(all);
		return error;
	}
	if (all != NULL) {
		memcpy(errors, all + (size_t)choice.chosen * block, block * sizeof(*errors));
		*have_errors = 1;
		free(all);
	}
	fit->model = choice.chosen;
	fit->chosen = 1;
	fit->regime = choice.regime;
	fit->regime_from = options->fit_from + choice.regime_from;
	fit->regime_evidence = choice.regime_evidence;
	fit->regime_growth = choice.regime_growth;
	fit->regime_backtest_best = choice.best;
	fit->regime_shift = choice.regime_shift;
	fit->regime_level = choice.regime_level;
	snprintf(fit->reason, sizeof(fit->reason), "%s", choice.reason);
	return 0;
}

/* The fewest months the changes are looked for in: a level shift needs
 * 2 on each side (BW_FORECAST__MIN_SHIFT), and fewer than 8 are mostly
 * noise to a search of one and two breaks. */
#define DETECT_MONTHS 8

/* The changepoint search's breaks as changes of level and growth. */
static void detect_changes(const double *y, size_t n, size_t offset, bw_forecast_fit *fit)
{
	bw_forecast__segments seg;

	fit->change_count = 0;
	bw_forecast__changepoints(y, n, &seg);
	for (size_t k = 1; k < seg.count && fit->change_count < BW_FORECAST_MAX_CHANGES; k++) {
		size_t at = seg.starts[k];
		bw_forecast_change *c = &fit->changes[fit->change_count++];
		memset(c, 0, sizeof(*c));
		c->month_index = offset + at;
		c->level_before_usd = exp(bw_forecast__line_at(&seg, k - 1, (double)at));
		c->level_after_usd = exp(bw_forecast__line_at(&seg, k, (double)at));
		c->growth_before = expm1(seg.b[k - 1]);
		c->growth_after = expm1(seg.b[k]);
	}
	bw_forecast_label_changes(fit, NULL);
}

int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
                    const bw_forecast_options *options)
{
	return bw_forecast__run_errors(out, fit, history_usd, n, options, NULL, NULL);
}

/* The fitted model's paths: options->paths x months draws from a
 * generator seeded with options->seed. */
static int draw_paths(bw_paths **out, const bw_forecast__fitted *fitted,
                      const bw_forecast_options *options)
{
	bw_paths *paths = NULL;
	gsl_rng *rng = NULL;
	int error;

	*out = NULL;
	if ((error = bw_paths_new(&paths, options->paths, options->months)) < 0)
		return error;
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		bw_paths_free(paths);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	gsl_rng_set(rng, (unsigned long)options->seed);
	bw_forecast__simulate(fitted, rng, options->paths, options->months, paths->list_usd);
	gsl_rng_free(rng);
	*out = paths;
	return 0;
}

int bw_forecast__run_errors(bw_paths **out, bw_forecast_fit *fit, const double *history_usd,
                            size_t n, const bw_forecast_options *options, double *errors,
                            int *have_errors)
{
	bw_forecast_fit own;
	bw_forecast__fitted fitted;
	bw_paths *paths = NULL;
	double *y = NULL, *adjusted = NULL;
	const double *billed = history_usd;
	int error;

	*out = NULL;
	if (have_errors != NULL)
		*have_errors = 0;
	else
		errors = NULL;
	memset(&fitted, 0, sizeof(fitted));
	if (fit == NULL)
		fit = &own;
	memset(fit, 0, sizeof(*fit));
	if ((error = check_history(history_usd, n, options)) < 0)
		return error;
	/* With the weekday adjustment every model (and the choice) sees the
	 * spend per weekday-equivalent day; the paths get each month's own
	 * days back below. The backtest's scores are unchanged by it in
	 * form: a month's interval score over its actual is scale-free. */
	if ((error = bw_forecast__weekday_adjust(history_usd, n, options, &adjusted)) < 0)
		return error;
	if (adjusted != NULL)
		history_usd = adjusted;
	if ((error = pick_model(history_usd, n, options, fit, errors, have_errors)) < 0)
		goto done;
	size_t from = options->fit_from, count = n - from;
	if ((y = malloc(count * sizeof(double))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < count; i++)
		y[i] = log(history_usd[from + i]);
	if ((error = bw_forecast__fit(fit->model, y, count, options, &fitted, fit)) < 0)
		goto done;
	fit->fit_from = from;
	if (count >= DETECT_MONTHS)
		detect_changes(y, count, from, fit);
	if ((error = draw_paths(&paths, &fitted, options)) < 0)
		goto done;
	if (adjusted != NULL) {
		for (int h = 0; h < options->months; h++) {
			double days = bw_forecast__weekday_factor(options, n + (size_t)h);
			for (size_t p = 0; p < options->paths; p++)
				paths->list_usd[p * (size_t)options->months + (size_t)h] *= days;
		}
		fit->weekday_adjusted = 1;
		fit->weekend_ratio = options->weekend_ratio;
		/* The report's last month as billed, the fit at its days. */
		fit->last_fitted_usd *= bw_forecast__weekday_factor(options, n - 1);
		fit->last_actual_usd = billed[n - 1];
	}
	*out = paths;
	paths = NULL;
done:
	bw_forecast__release(&fitted);
	free(adjusted);
	free(y);
	bw_paths_free(paths);
	return error;
}

int bw_forecast__with_slope(bw_paths **out, bw_forecast_fit *fit, const double *history_usd,
                            size_t n, bw_forecast__borrowed borrowed,
                            const bw_forecast_options *options)
{
	bw_forecast_options o = *options;
	bw_forecast__fitted fitted;
	double *y = NULL;
	int error;

	*out = NULL;
	memset(&fitted, 0, sizeof(fitted));
	memset(fit, 0, sizeof(*fit));
	o.model = BW_MODEL_TREND;
	o.growth = expm1(borrowed.slope);
	o.fit_from = 0;
	if ((error = check_history(history_usd, n, &o)) < 0)
		return error;
	if ((y = malloc(n * sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < n; i++)
		y[i] = log(history_usd[i]);
	if ((error = bw_forecast__fit(BW_MODEL_TREND, y, n, &o, &fitted, fit)) < 0)
		goto done;
	/* A few months say little about their noise: pooled with the prior's
	 * (the pooled variance of the two fits, by degrees of freedom). */
	if (fitted.fitted && borrowed.prior_dof > 0) {
		fitted.s2 = (fitted.dof * fitted.s2 + borrowed.prior_dof * borrowed.prior_s2) /
		            (fitted.dof + borrowed.prior_dof);
		fitted.dof += borrowed.prior_dof;
		fit->residual_sigma = sqrt(fitted.s2);
	}
	/* The slope drawn as an estimated one is (simulate_line): its
	 * standard error is sigma sqrt(inflate / sxx), so sxx is set to give
	 * slope_se at sigma = s. */
	if (fitted.fitted && borrowed.slope_se > 0 && fitted.s2 > 0) {
		fitted.assumed = 0;
		fitted.sxx = fitted.s2 * fitted.inflate / (borrowed.slope_se * borrowed.slope_se);
	}
	error = draw_paths(out, &fitted, &o);
done:
	bw_forecast__release(&fitted);
	free(y);
	return error;
}

/* --- scenarios ------------------------------------------------------------------ */

int bw_scenario_parse(bw_scenario_kind kind, const char *text, bw_scenario *out)
{
	char *end = NULL;
	double value, probability = 1;
	long month;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	value = strtod(text, &end);
	if (end == text || !isfinite(value))
		goto bad;
	if (kind == BW_SCENARIO_PRICE_CUT && *end == '%') {
		value /= 100;
		end++;
	}
	if (*end != '@')
		goto bad;
	const char *m = end + 1;
	month = strtol(m, &end, 10);
	if (end == m || month < 1 || month > 1200)
		goto bad;
	if (*end == ':') {
		const char *p = end + 1;
		probability = strtod(p, &end);
		if (end == p || !(probability >= 0 && probability <= 1))
			goto bad;
	}
	if (*end != '\0')
		goto bad;
	if (kind == BW_SCENARIO_LAUNCH && !(value >= 0))
		goto bad;
	if (kind == BW_SCENARIO_PRICE_CUT && !(value > -1 && value < 1 && value != 0))
		goto bad;
	out->month = (int)month;
	out->probability = probability;
	if (kind == BW_SCENARIO_LAUNCH)
		out->amount_usd = value;
	else
		out->fraction = value;
	return 0;
bad:
	if (kind == BW_SCENARIO_LAUNCH)
		return bw_error_set(
		    BW_EUSAGE,
		    "bad launch '%s': expected USD@MONTH[:PROBABILITY], e.g. "
		    "20000@6:0.5 (20,000 USD a month more from month 6, on half the paths)",
		    text);
	return bw_error_set(BW_EUSAGE,
	                    "bad price change '%s': expected PERCENT%%@MONTH[:PROBABILITY] or "
	                    "FRACTION@MONTH[:PROBABILITY], e.g. 20%%@9:0.3 (list prices 20%% lower "
	                    "from month 9, on 30%% of paths; -10%% is a 10%% rise)",
	                    text);
}

int bw_paths_apply_scenarios(bw_paths *paths, const bw_scenario *scenarios, size_t count,
                             unsigned long long seed)
{
	gsl_rng *rng;

	for (size_t s = 0; s < count; s++)
		if (scenarios[s].month > paths->months)
			return bw_error_set(BW_ERANGE,
			                    "a scenario starts in month %d but the paths cover %d",
			                    scenarios[s].month, paths->months);
	if (count == 0)
		return 0;
	for (size_t s = 0; s < count && paths->price_index == NULL; s++) {
		if (scenarios[s].kind != BW_SCENARIO_PRICE_CUT)
			continue;
		size_t cells = paths->path_count * (size_t)paths->months;
		if ((paths->price_index = malloc(cells * sizeof(double))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		for (size_t i = 0; i < cells; i++)
			paths->price_index[i] = 1;
	}
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* A separate stream, so adding a scenario never changes the base paths. */
	gsl_rng_set(rng, (unsigned long)(seed ^ 0x5ce9a210ULL));
	for (size_t p = 0; p < paths->path_count; p++) {
		double *row = paths->list_usd + p * (size_t)paths->months;
		for (size_t s = 0; s < count; s++) {
			const bw_scenario *sc = &scenarios[s];
			if (gsl_rng_uniform(rng) >= sc->probability)
				continue;
			double *index = paths->price_index
			                    ? paths->price_index + p * (size_t)paths->months
			                    : NULL;
			for (int m = sc->month - 1; m < paths->months; m++) {
				if (sc->kind == BW_SCENARIO_LAUNCH) {
					row[m] += sc->amount_usd;
				} else {
					row[m] *= 1 - sc->fraction;
					index[m] *= 1 - sc->fraction;
				}
			}
		}
	}
	gsl_rng_free(rng);
	return 0;
}

int bw_paths_apply_levers(const bw_paths *paths, const double *shares, const int *ramp_months,
                          int count, bw_paths *out)
{
	double total = 0;
	for (int l = 0; l < count; l++) {
		if (!(shares[l] >= 0 && shares[l] < 1) || ramp_months[l] < 0)
			return bw_error_set(BW_ERANGE,
			                    "savings must be in [0, 1) and ramps >= 0 months");
		total += shares[l];
	}
	if (!(total < 1))
		return bw_error_set(BW_ERANGE, "the levers together cannot save all of the spend");
	if (out->path_count != paths->path_count || out->months != paths->months)
		return bw_error_set(BW_ERANGE, "optimized paths must have the same shape");
	if (paths->price_index != NULL && out->price_index == NULL) {
		size_t cells = paths->path_count * (size_t)paths->months;
		if ((out->price_index = malloc(cells * sizeof(double))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		memcpy(out->price_index, paths->price_index, cells * sizeof(double));
	}
	for (int m = 0; m < paths->months; m++) {
		double keep = 1;
		for (int l = 0; l < count; l++) {
			double reached = ramp_months[l] > 0 && m + 1 < ramp_months[l]
			                     ? (double)(m + 1) / ramp_months[l]
			                     : 1;
			keep -= shares[l] * reached;
		}
		for (size_t p = 0; p < paths->path_count; p++)
			out->list_usd[p * (size_t)paths->months + (size_t)m] =
			    keep * paths->list_usd[p * (size_t)paths->months + (size_t)m];
	}
	return 0;
}

int bw_paths_apply_savings(const bw_paths *paths, double savings, int ramp_months, bw_paths *out)
{
	return bw_paths_apply_levers(paths, &savings, &ramp_months, 1, out);
}

/* --- backtest ------------------------------------------------------------------- */

int bw_forecast_backtest(bw_backtest **out, const double *history_usd, size_t n, size_t holdout,
                         const bw_forecast_options *options)
{
	bw_forecast_options opts = *options;
	bw_backtest *result = NULL;
	bw_paths *paths = NULL;
	static const double fan[3] = {0.10, 0.50, 0.90};
	int error;

	*out = NULL;
	if (holdout < 1 || holdout >= n || n - holdout < 3)
		return bw_error_set(BW_EUSAGE,
		                    "a backtest holding out %zu months needs at least %zu complete "
		                    "months of history (3 to fit), and there are %zu",
		                    holdout, holdout + 3, n);
	opts.months = (int)holdout;
	if ((result = calloc(1, sizeof(*result))) == NULL ||
	    (result->months = calloc(holdout, sizeof(*result->months))) == NULL) {
		free(result);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	result->train_months = n - holdout;
	result->holdout_months = holdout;
	if ((error = bw_forecast_run(&paths, &result->fit, history_usd, n - holdout, &opts)) < 0)
		goto done;
	for (size_t h = 0; h < holdout; h++) {
		bw_backtest_month *m = &result->months[h];
		double q[3];
		if ((error = bw_paths_month_quantiles(paths, (int)h, fan, 3, q)) < 0)
			goto done;
		m->actual_usd = history_usd[n - holdout + h];
		m->p10_usd = q[0];
		m->p50_usd = q[1];
		m->p90_usd = q[2];
		m->ape = fabs(q[1] - m->actual_usd) / m->actual_usd;
		m->inside = m->actual_usd >= q[0] && m->actual_usd <= q[2];
		result->mape += m->ape / (double)holdout;
		result->coverage += (double)m->inside / (double)holdout;
	}
	/* The candidates compared on the whole history, when it is long enough. */
	if (n - options->fit_from >= BW_FORECAST_CHOOSE_MIN_MONTHS && isnan(options->growth)) {
		if ((error = bw_forecast_choose(&result->choice, history_usd, n, options)) < 0)
			goto done;
		result->has_choice = 1;
	}
	*out = result;
	result = NULL;
done:
	bw_backtest_free(result);
	bw_paths_free(paths);
	return error;
}

void bw_backtest_free(bw_backtest *backtest)
{
	if (backtest == NULL)
		return;
	free(backtest->months);
	free(backtest);
}

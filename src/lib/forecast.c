/*
 * forecast.c: log-linear trend with parameter uncertainty and residual
 * noise, drawn as Monte Carlo paths; scenario overlays; the backtest.
 *
 * Why this model: LLM spend grows roughly geometrically while a product
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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Months of trend growth accumulated h months ahead: h, or
 * phi + phi^2 + ... + phi^h with damping. */
static double trend_steps(double phi, int h)
{
	if (phi >= 1)
		return (double)h;
	return phi * (1 - pow(phi, h)) / (1 - phi);
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
	for (size_t i = 0; i < n; i++)
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
	return 0;
}

int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
                    const bw_forecast_options *options)
{
	bw_paths *paths = NULL;
	gsl_rng *rng = NULL;
	double t_mean, y_mean = 0, sxx = 0, sxy = 0, ssr = 0, slope, alpha, s2, dof;
	int assumed = !isnan(options->growth), fitted, error;

	*out = NULL;
	if ((error = check_history(history_usd, n, options)) < 0)
		return error;
	fitted = n >= 3; /* enough months to estimate a trend and its noise */

	/* Least squares on centred time: intercept and slope are then
	 * independent, Var(alpha) = sigma^2/n and Var(b) = sigma^2/Sxx. */
	t_mean = (double)(n - 1) / 2.0;
	for (size_t i = 0; i < n; i++)
		y_mean += log(history_usd[i]);
	y_mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double dt = (double)i - t_mean;
		sxx += dt * dt;
		sxy += dt * (log(history_usd[i]) - y_mean);
	}
	slope = fitted ? sxy / sxx : 0;
	alpha = y_mean;
	if (assumed) {
		slope = log1p(options->growth);
		if (!fitted) /* too short to fit a level: start from the last month */
			alpha = log(history_usd[n - 1]) - slope * ((double)(n - 1) - t_mean);
	}
	for (size_t i = 0; i < n && fitted; i++) {
		double r = log(history_usd[i]) - (alpha + slope * ((double)i - t_mean));
		ssr += r * r;
	}
	/* With an assumed growth the slope is not estimated: one more
	 * degree of freedom for the noise. */
	dof = fitted ? (double)n - (assumed ? 1.0 : 2.0) : 0;
	s2 = fitted ? ssr / dof : options->volatility * options->volatility;

	if (fit != NULL) {
		double se = fitted && !assumed ? sqrt(s2 / sxx) : 0;
		memset(fit, 0, sizeof(*fit));
		fit->history_months = n;
		fit->assumed_growth = assumed;
		fit->monthly_growth = expm1(slope);
		fit->growth_low = expm1(slope - 1.96 * se);
		fit->growth_high = expm1(slope + 1.96 * se);
		fit->residual_sigma = sqrt(s2);
		fit->damping = options->damping;
		fit->last_fitted_usd = exp(alpha + slope * ((double)(n - 1) - t_mean));
		fit->last_actual_usd = history_usd[n - 1];
	}
	if ((error = bw_paths_new(&paths, options->paths, options->months)) < 0)
		return error;
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	gsl_rng_set(rng, (unsigned long)options->seed);
	double t_last = (double)(n - 1) - t_mean;
	for (size_t p = 0; p < options->paths; p++) {
		/* sigma^2 | data ~ s^2 dof / chi^2_dof; then the coefficients
		 * given sigma^2. A perfect fit (s = 0) gives identical paths.
		 * An assumed growth keeps its slope; without a fit, sigma is the
		 * given volatility. */
		double sigma2 = fitted && s2 > 0 ? s2 * dof / gsl_ran_chisq(rng, dof) : s2;
		double sigma = sqrt(sigma2);
		double a = alpha, b = slope;
		if (fitted)
			a += gsl_ran_gaussian_ziggurat(rng, sigma / sqrt((double)n));
		if (fitted && !assumed)
			b += gsl_ran_gaussian_ziggurat(rng, sigma / sqrt(sxx));
		double *row = paths->list_usd + p * (size_t)options->months;
		for (int m = 0; m < options->months; m++) {
			double t = t_last + trend_steps(options->damping, m + 1);
			row[m] = exp(a + b * t + gsl_ran_gaussian_ziggurat(rng, sigma));
		}
	}
	*out = paths;
	paths = NULL;
done:
	gsl_rng_free(rng);
	bw_paths_free(paths);
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

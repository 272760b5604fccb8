/*
 * forecast.c: log-linear trend with parameter uncertainty and residual
 * noise, drawn as Monte Carlo paths.
 *
 * Why this model: LLM spend grows roughly geometrically while a product
 * scales, so log(spend) is close to linear in time, and the residuals of
 * the log fit are the month-to-month noise. With few months of history the
 * trend itself is uncertain; drawing (a, b, sigma) from their posterior for
 * every path (flat prior, the textbook normal linear model) widens the fan
 * honestly as history gets shorter, instead of pretending the fitted
 * growth rate is known.
 */
#include "bandwise/forecast.h"

#include "bandwise/error.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
		    const bw_forecast_options *options)
{
	bw_paths *paths = NULL;
	gsl_rng *rng = NULL;
	double t_mean, y_mean = 0, sxx = 0, sxy = 0, ssr = 0;
	int error = 0;

	*out = NULL;
	if (n < 3)
		return bw_error_set(BW_EUSAGE,
				    "a forecast needs at least 3 complete months of history, and the "
				    "store has %zu: ingest more months, or bring your own paths with "
				    "--paths FILE.csv",
				    n);
	for (size_t i = 0; i < n; i++)
		if (!(history_usd[i] > 0) || !isfinite(history_usd[i]))
			return bw_error_set(BW_EUSAGE,
					    "month %zu of the history has list spend %.2f USD: the "
					    "log-linear trend needs spend > 0 in every month (a zero "
					    "month cannot be logged); use --paths for such a history",
					    i + 1, history_usd[i]);
	if (options->months < 1 || options->months > 1200 || options->paths < 1)
		return bw_error_set(BW_ERANGE, "forecast: months must be 1..1200 and paths >= 1");

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
	double slope = sxy / sxx, alpha = y_mean;
	for (size_t i = 0; i < n; i++) {
		double r = log(history_usd[i]) - (alpha + slope * ((double)i - t_mean));
		ssr += r * r;
	}
	double dof = (double)(n - 2), s2 = ssr / dof;

	if (fit != NULL) {
		double se = sqrt(s2 / sxx);
		fit->history_months = n;
		fit->monthly_growth = expm1(slope);
		fit->growth_low = expm1(slope - 1.96 * se);
		fit->growth_high = expm1(slope + 1.96 * se);
		fit->residual_sigma = sqrt(s2);
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
	for (size_t p = 0; p < options->paths; p++) {
		/* sigma^2 | data ~ s^2 (n-2) / chi^2_{n-2}; then the coefficients
		 * given sigma^2. A perfect fit (s = 0) gives identical paths. */
		double sigma2 = s2 > 0 ? s2 * dof / gsl_ran_chisq(rng, dof) : 0.0;
		double sigma = sqrt(sigma2);
		double a = alpha + gsl_ran_gaussian_ziggurat(rng, sigma / sqrt((double)n));
		double b = slope + gsl_ran_gaussian_ziggurat(rng, sigma / sqrt(sxx));
		double *row = paths->list_usd + p * (size_t)options->months;
		for (int m = 0; m < options->months; m++) {
			double t = (double)(n - 1 + (size_t)m + 1) - t_mean;
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

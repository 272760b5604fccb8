/*
 * bandwise/forecast.h: monthly list spend over the term, as Monte Carlo
 * paths.
 *
 * A path is one possible future: T months of list spend in USD. The plan
 * prices every candidate deal on every path, so the forecast's job is to
 * spread the paths as widely as the evidence says, no wider and no
 * narrower. Paths come from a fitted trend (bw_forecast_run) or from the
 * user's own forecast (bw_paths_read_csv). The model: docs/methodology.md.
 */
#ifndef BANDWISE_FORECAST_H
#define BANDWISE_FORECAST_H

#include <stddef.h>

/* N paths x T months of list USD, path-major: list_usd[p * months + m]. */
typedef struct {
	size_t path_count;
	int months;
	double *list_usd;
} bw_paths;

/* A zeroed matrix. On success *out owns it (bw_paths_free). Returns 0,
 * BW_ERANGE (no paths or months) or BW_ERROR. */
int bw_paths_new(bw_paths **out, size_t path_count, int months);

void bw_paths_free(bw_paths *paths);

/*
 * Read the user's own paths from a CSV file with the header
 * `path,month,list_usd`: paths numbered 1..N, months 1..T, every pair
 * exactly once (any order), list_usd a finite number >= 0. Errors are
 * BW_EPARSE "FILE:LINE:COL: expected ..." (a missing pair names it).
 */
int bw_paths_read_csv(bw_paths **out, const char *path);

/*
 * Quantiles of month 'month' (0-based) over the paths, for each of the
 * 'count' probabilities in 'probs' (0..1), by linear interpolation
 * between order statistics. Returns 0 or BW_ERROR.
 */
int bw_paths_month_quantiles(const bw_paths *paths, int month, const double *probs,
			     size_t count, double *out);

/*
 * Quantiles of each path's total over months [0, months), as
 * bw_paths_month_quantiles; *out_mean (when not NULL) gets the mean total.
 * Returns 0 or BW_ERROR.
 */
int bw_paths_total_quantiles(const bw_paths *paths, int months, const double *probs,
			     size_t count, double *out, double *out_mean);

/* Mean of month 'month' over the paths. */
double bw_paths_month_mean(const bw_paths *paths, int month);

typedef struct {
	int months;              /* T: months to forecast */
	size_t paths;            /* N */
	unsigned long long seed; /* same seed, same paths */
} bw_forecast_options;

#define BW_FORECAST_OPTIONS_INIT {12, 10000, 1}

/* What the trend fit found, for the report. */
typedef struct {
	size_t history_months;    /* n */
	double monthly_growth;    /* exp(b) - 1 */
	double growth_low;        /* exp(b - 1.96 se(b)) - 1: a 95% interval */
	double growth_high;       /* exp(b + 1.96 se(b)) - 1 */
	double residual_sigma;    /* s, on the log scale */
	double last_fitted_usd;   /* the trend at the last history month */
	double last_actual_usd;
} bw_forecast_fit;

/*
 * Fit log(spend) = a + b t by least squares over 'history_usd' (n complete
 * months, oldest first) and draw N paths of T months: per path, sigma^2
 * from its posterior s^2 (n - 2) / chi^2_{n-2}, then (a, b) from the
 * normal posterior given sigma^2, then each month exp(a + b t + e) with
 * e ~ N(0, sigma^2). Fewer than 3 months, or a month <= 0, is BW_EUSAGE
 * with a message that says what is needed. On success *out owns the
 * paths and *fit (when not NULL) is filled.
 */
int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
		    const bw_forecast_options *options);

#endif

/*
 * bandwise/forecast.h: monthly list spend over the term, as Monte Carlo
 * paths.
 *
 * A path is one possible future: T months of list spend in USD. The plan
 * prices every candidate deal on every path, so the forecast's job is to
 * spread the paths as widely as the evidence says, no wider and no
 * narrower. Paths come from a fitted trend (bw_forecast_run) or from the
 * user's own forecast (bw_paths_read_csv, paths.h); scenarios and the
 * optimization levers are overlaid on them here. The model:
 * docs/methodology.md.
 */
#ifndef BANDWISE_FORECAST_H
#define BANDWISE_FORECAST_H

#include <math.h>
#include <stddef.h>

#include "bandwise/paths.h"

typedef struct {
	int months;              /* T: months to forecast */
	size_t paths;            /* N */
	unsigned long long seed; /* same seed, same paths */
	double damping;          /* phi in (0, 1]: 1 = straight log-linear trend; below 1 the
	                            growth fades, month h adds phi^h of the monthly log growth */
	double growth;           /* NAN: fit the growth; otherwise an assumed monthly growth
	                            (0.05 = +5%) replacing the fitted one, without its uncertainty */
	double volatility;       /* log-scale month-to-month noise used with an assumed growth
	                            when there are too few months to estimate it */
} bw_forecast_options;

#define BW_FORECAST_OPTIONS_INIT                                                                   \
	{                                                                                          \
		12, 10000, 1, 1.0, NAN, 0.10                                                       \
	}

/* What the trend fit found, for the report. */
typedef struct {
	size_t history_months;  /* n */
	int assumed_growth;     /* 1: the growth is the user's assumption, not fitted */
	double monthly_growth;  /* exp(b) - 1 */
	double growth_low;      /* exp(b - 1.96 se(b)) - 1: a 95% interval */
	double growth_high;     /* exp(b + 1.96 se(b)) - 1 */
	double residual_sigma;  /* s, on the log scale */
	double damping;         /* phi */
	double last_fitted_usd; /* the trend at the last history month */
	double last_actual_usd;
} bw_forecast_fit;

/*
 * Fit log(spend) = a + b t by least squares over 'history_usd' (n complete
 * months, oldest first) and draw N paths of T months: per path, sigma^2
 * from its posterior s^2 (n - 2) / chi^2_{n-2}, then (a, b) from the
 * normal posterior given sigma^2, then month h is
 * exp(a + b (t_last + D(h)) + e) with D(h) = h (no damping) or
 * phi + ... + phi^h, and e ~ N(0, sigma^2).
 * With options->growth set, b = log(1 + growth) is taken as given: the
 * level is the fitted one (or, with fewer than 3 months, the last month)
 * and sigma is the residual s (or options->volatility with fewer than 3).
 * Without it, fewer than 3 months is BW_EUSAGE with a message that asks
 * for --growth; a month <= 0 is BW_EUSAGE. On success *out owns the
 * paths and *fit (when not NULL) is filled.
 */
int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
                    const bw_forecast_options *options);

/* A scenario overlaid on every path from month 'month' (1-based) on,
 * happening on each path with probability 'probability'. */
typedef enum {
	BW_SCENARIO_LAUNCH = 0, /* adds amount_usd of list spend a month */
	BW_SCENARIO_PRICE_CUT   /* list prices change by -'fraction' (a cut when > 0, a rise when
	                           < 0): the same work costs (1 - fraction) x the list spend */
} bw_scenario_kind;

typedef struct {
	bw_scenario_kind kind;
	int month;
	double probability;
	double amount_usd; /* launch */
	double fraction;   /* price change: 0.2 = 20% lower list prices, -0.1 = 10% higher */
} bw_scenario;

/* Parse "USD@MONTH[:PROB]" (launch) or "PCT%@MONTH[:PROB]" / "0.2@MONTH"
 * (price cut; a negative one is a rise) into *out. Returns 0 or
 * BW_EUSAGE with the expected form. */
int bw_scenario_parse(bw_scenario_kind kind, const char *text, bw_scenario *out);

/*
 * Apply the scenarios to every path in place, in order: whether a
 * scenario happens on a path is drawn from a generator seeded with 'seed'
 * (independent of the forecast's own draws). Returns 0 or BW_ERANGE (a
 * scenario month beyond the paths).
 */
int bw_paths_apply_scenarios(bw_paths *paths, const bw_scenario *scenarios, size_t count,
                             unsigned long long seed);

/*
 * The optimized version of paths: month m (1-based) keeps
 * 1 - savings x min(1, m / ramp_months) of its list spend, i.e. the
 * optimizations (routing, caching, batch) reach their full effect
 * 'savings' linearly over 'ramp_months' (0 = at once). Writes 'out', which
 * must have the same shape. Returns 0 or BW_ERANGE.
 */
int bw_paths_apply_savings(const bw_paths *paths, double savings, int ramp_months, bw_paths *out);

/* As bw_paths_apply_savings with several levers, each with its own share
 * of list spend and ramp: month m keeps 1 - sum_l share_l min(1, m / ramp_l). */
int bw_paths_apply_levers(const bw_paths *paths, const double *shares, const int *ramp_months,
                          int count, bw_paths *out);

/* How well the method would have done on the user's own history. */
typedef struct {
	char label[16]; /* filled by the caller; unused by the library */
	double actual_usd;
	double p10_usd, p50_usd, p90_usd;
	double ape; /* |p50 - actual| / actual */
	int inside; /* 1: actual within [P10, P90] */
} bw_backtest_month;

typedef struct {
	size_t train_months; /* months fitted */
	size_t holdout_months;
	bw_backtest_month *months; /* holdout_months entries */
	double mape;               /* mean of ape */
	double coverage;           /* share of months inside P10-P90 (nominal 80%) */
	bw_forecast_fit fit;
} bw_backtest;

/*
 * Hold out the last 'holdout' months of 'history_usd', forecast them from
 * the rest with 'options' (months is set to 'holdout'), and compare.
 * At least 3 months must remain for the fit. On success *out owns the
 * result (bw_backtest_free). Returns 0, BW_EUSAGE or BW_ERROR.
 */
int bw_forecast_backtest(bw_backtest **out, const double *history_usd, size_t n, size_t holdout,
                         const bw_forecast_options *options);

void bw_backtest_free(bw_backtest *backtest);

#endif

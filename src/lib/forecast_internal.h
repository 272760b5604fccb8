/*
 * forecast_internal.h: what forecast.c, forecast_models.c and
 * forecast_choose.c share: one fitted model, its simulation, and the
 * changepoint search.
 */
#ifndef BANDWISE_FORECAST_INTERNAL_H
#define BANDWISE_FORECAST_INTERNAL_H

#include "bandwise/forecast.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>

/* The fewest months each model is fitted on. */
#define BW_FORECAST__MIN_MONTHS 3
/* The shortest regime the changepoint search allows (months): a full
 * break (level and slope) needs a line on both sides; a level shift only
 * a level after it. Six, the fewest months a candidate is fitted on at
 * the backtest's first origin: at 4 a launch's 10 months after it were
 * split off as a new slope from 4 months often enough to double the
 * changepoint model's errors (methodology §3, "Where the last break is"). */
#define BW_FORECAST__MIN_SEGMENT 6
#define BW_FORECAST__MIN_SHIFT   2
/* At most this many breaks in the changepoint trend. */
#define BW_FORECAST__MAX_BREAKS 2

/* One point of a model's parameter grid, with its residual variance and
 * the posterior probability of it and the points before it (the
 * cumulative distribution over the grid). A state model's point is its
 * smoothing and end states (alpha .. trend); the changepoint model's is
 * one month for its last break and the last segment's line there (a, b,
 * m, sxx, t_last as in bw_forecast__fitted). */
typedef struct {
	double alpha, beta, damping, level, trend, s2, cumulative;
	double a, b, m, sxx, t_last;
	double from;      /* the changepoint model's: the month its last break is at */
	double log_prior; /* the point's log prior weight (BIC's parameter penalty), or 0 */
} bw_forecast__grid_point;

/*
 * One model fitted on log spend y[0..n). Everything is on the log scale.
 * Line models (trend, changepoint) use a, b, t_last, m, sxx, the AR(1)
 * fields; state-space models (drift, theta, damped) use level, trend,
 * alpha, beta, damping, drift. s2 and dof are the residual variance and
 * its degrees of freedom for every model.
 */
typedef struct bw_forecast__fitted_s {
	bw_forecast_model model;
	int assumed;      /* the slope is the user's, not estimated */
	int fitted;       /* 0: too short to estimate anything; sigma is given */
	double s2, dof;   /* residual variance, its degrees of freedom */
	double a, b;      /* line: log level at the segment's centre, slope */
	double t_last;    /* line: last month's time from the segment's centre */
	double m, sxx;    /* line: points in the segment, sum of squared centred times */
	double inflate;   /* line: the long-run variance factor (1 + phi) / (1 - phi) */
	double phi;       /* line: AR(1) coefficient of the residuals */
	double r_last;    /* line: the last residual, where the AR(1) noise starts */
	double phi_n;     /* line: the residuals phi is estimated on */
	double steps;     /* line: damping factor of the trend's steps (1 = none) */
	double level;     /* state: level after the last month */
	double trend;     /* state: damped trend after the last month */
	double alpha;     /* state: level smoothing */
	double beta;      /* state: trend smoothing */
	double damping;   /* state: trend damping (damped Holt) */
	double drift;     /* state: drift per month (drift, theta) */
	double drift_se;  /* state: its standard error */
	double growth_se; /* the standard error of the reported growth (log scale) */
	/* state (theta, damped): what the data can know of the end level and
	 * the slope (methodology §3, "The state models' parameters"): the
	 * least-squares line's level sd at the months' centre and slope sd on
	 * the same months, at the model's own s with the AR(1) factor of its
	 * one-step errors; and the last month's time from the centre. Each
	 * path perturbs its end level and trend (theta: drift) by them,
	 * scaled by its sigma draw. */
	double state_a_sd, state_b_sd, state_t_last;
	/* state: every grid point fitted; changepoint: every month its last
	 * break may be in. Each path draws one by its posterior probability
	 * (owned; bw_forecast__release). */
	bw_forecast__grid_point *grid;
	size_t grid_count;
	/* combo: the candidates that fit, each drawn on every part_count-th
	 * path (owned; bw_forecast__release) */
	struct bw_forecast__fitted_s *parts;
	size_t part_count;
} bw_forecast__fitted;

/*
 * Fit 'model' (not AUTO) to y[0..n) (log spend) with the options' damping
 * and assumed growth. Fills *out and, when 'fit' is not NULL, the
 * reported growth, noise and last fitted month. Returns 0 or BW_EUSAGE
 * (too few months for this model).
 */
int bw_forecast__fit(bw_forecast_model model, const double *y, size_t n,
                     const bw_forecast_options *options, bw_forecast__fitted *out,
                     bw_forecast_fit *fit);

/* Free what a fit owns (the combo's parts); the struct may be fitted again. */
void bw_forecast__release(bw_forecast__fitted *fitted);

/* Draw 'paths' paths of 'months' months of spend (USD, not logs) from the
 * fitted model into out[p * months + m], with 'rng'. */
void bw_forecast__simulate(const bw_forecast__fitted *fitted, gsl_rng *rng, size_t paths,
                           int months, double *out);

/* A piecewise-linear fit of y[0..n): segment k covers [starts[k], starts[k+1])
 * (starts[count] = n), each with its own line. */
typedef struct {
	size_t count; /* segments, 1 + breaks */
	size_t starts[BW_FORECAST__MAX_BREAKS + 2];
	double a[BW_FORECAST__MAX_BREAKS + 1];   /* value at the segment's centre */
	double b[BW_FORECAST__MAX_BREAKS + 1];   /* slope */
	double sxx[BW_FORECAST__MAX_BREAKS + 1]; /* what the slope is estimated on: the
	                                            centred times of every segment sharing it */
	int shift[BW_FORECAST__MAX_BREAKS + 2];  /* [k]: break k changes the level only, the
	                                            slope is shared with segment k - 1 */
	size_t params;                           /* coefficients and break months fitted */
	double ssr;                              /* residual sum of squares, all segments */
} bw_forecast__segments;

/* Segment k's line of seg at month t (log spend). */
double bw_forecast__line_at(const bw_forecast__segments *seg, size_t k, double t);

/* seg of y without its break k (1-based): segments k - 1 and k joined
 * (the later breaks kept as they are), its parameters and lines again. */
bw_forecast__segments bw_forecast__without_break(const double *y, const bw_forecast__segments *seg,
                                                 size_t k);

/* The most columns a segmentation's design has: a level per segment and a
 * slope per run of segments joined by level shifts. */
enum { BW_FORECAST__DESIGN_COLUMNS = 2 * (BW_FORECAST__MAX_BREAKS + 1) };

/* The segmentation's design row for month t into row (at most
 * BW_FORECAST__DESIGN_COLUMNS): a level for each segment, a slope for each
 * run of segments joined by level shifts; one line (a level and a slope)
 * when seg is NULL. Returns the columns. */
size_t bw_forecast__design_row(const bw_forecast__segments *seg, size_t t, double *row);

/* Scratch for bw_forecast__ar1_score on n months: x (n x
 * BW_FORECAST__DESIGN_COLUMNS), z and r (n each). */
typedef struct {
	double *x, *z, *r;
} bw_forecast__gls;
int bw_forecast__gls_alloc(bw_forecast__gls *s, size_t n);
void bw_forecast__gls_free(bw_forecast__gls *s);

/* -2 log likelihood of y[0..n) on the segmentation (one line: seg NULL)
 * with Gaussian AR(1) errors of its own least-squares residuals' phi, at
 * its maximum over sigma: n log(SSR / n) - log(1 - phi^2) (the first
 * month's stationary variance), the SSR floored; NAN when the fit fails. */
double bw_forecast__ar1_score(const double *y, size_t n, const bw_forecast__segments *seg,
                              bw_forecast__gls *s);

/* Its BIC: the score plus log n per parameter (seg's, a break's month
 * counted; 2 for one line), computed from seg's breaks. */
double bw_forecast__ar1_bic(const double *y, size_t n, const bw_forecast__segments *seg,
                            bw_forecast__gls *s);

/* The segmentation of y[0..n) with at most BW_FORECAST__MAX_BREAKS breaks
 * and the smallest BIC, n log(SSR/n) + p log n: p is 2 for the first line,
 * plus 3 for each full break (a level, a slope and its month) and 2 for
 * each level shift (a level and its month; the slope is shared). */
void bw_forecast__changepoints(const double *y, size_t n, bw_forecast__segments *out);

/* Winkler's interval score of the central 80% interval [lo, hi] for the
 * outcome y: its width plus 2/0.2 times any miss. */
double bw_forecast__interval_score(double lo, double hi, double y);

/* The continuous ranked probability score of the sample x[0..n) for the
 * outcome y (Gneiting and Raftery 2007): mean |x - y| - mean |x - x'| / 2.
 * Sorts x in place. */
double bw_forecast__crps(double *x, size_t n, double y);

/* The same of x[0..n) already sorted ascending. */
double bw_forecast__crps_sorted(const double *x, size_t n, double y);

/*
 * The rolling-origin errors of 'model' on history_usd[0..n) (spend > 0),
 * as bw_forecast_choose scores it: refitted at every origin o from
 * *first_origin on, errors[o * BW_FORECAST_MAX_HORIZON + h] = log(P50 of
 * month o + h) - log(actual), NAN where there is no actual or no fit.
 * errors has n * BW_FORECAST_MAX_HORIZON values. With the weekday
 * adjustment on (options) the model sees the spend per weekday-equivalent
 * day, as bw_forecast_run fits it. Returns 0 or BW_ERROR.
 */
int bw_forecast__backtest_errors(bw_forecast_model model, const double *history_usd, size_t n,
                                 const bw_forecast_options *options, size_t *first_origin,
                                 double *errors);

/*
 * bw_forecast_choose that also keeps every candidate's rolling-origin
 * errors as bw_forecast__backtest_errors gives them (the same origins and
 * months, from the scoring's own forecasts): errors has BW_MODEL_COUNT x
 * count x BW_FORECAST_MAX_HORIZON values, count = n - options->fit_from,
 * model m's at errors + m * count * BW_FORECAST_MAX_HORIZON (NAN where not
 * scored). errors may be NULL.
 */
int bw_forecast__choose(bw_forecast_choice *out, const double *history_usd, size_t n,
                        const bw_forecast_options *options, double *errors);

/*
 * bw_forecast_run that also gives the model's rolling-origin errors
 * (errors, n x BW_FORECAST_MAX_HORIZON values; options->fit_from must be
 * 0) when the model was chosen by backtest: *have_errors = 1 then, else 0
 * and errors is untouched. errors may be NULL.
 */
int bw_forecast__run_errors(bw_paths **out, bw_forecast_fit *fit, const double *history_usd,
                            size_t n, const bw_forecast_options *options, double *errors,
                            int *have_errors);

/*
 * The weekday adjustment (options->calendar_month, weekend_ratio): the
 * weekday-equivalent days of history month t (t >= n: the months after
 * it), weekdays + weekend_ratio x weekend days, over the calendar's mean
 * month's (365.2425 / 12 days, 5 of 7 weekdays), so an average month is
 * 1. 1 for every month when the adjustment is off.
 */
int bw_forecast__weekdays_on(const bw_forecast_options *options);
double bw_forecast__weekday_factor(const bw_forecast_options *options, size_t t);

/* history_usd[t] / factor(t) for t < n into a new array (*out, the
 * caller frees), or *out = NULL when the adjustment is off. Returns 0 or
 * BW_ERROR. */
int bw_forecast__weekday_adjust(const double *history_usd, size_t n,
                                const bw_forecast_options *options, double **out);

/*
 * The trend model's paths on history_usd[0..n) with its slope given, not
 * fitted: for a series too young for its own (a segment's launch,
 * segments.c), whose slope is borrowed. The level and the AR(1) noise are
 * fitted on the n months, the noise's variance pooled with prior_s2 of
 * prior_dof degrees of freedom (0: none); each path draws the slope from
 * N(slope, slope_se). Uses options->paths, months and seed; *fit as
 * bw_forecast_run.
 */
typedef struct {
	double slope, slope_se; /* log scale, a month */
	double prior_s2, prior_dof;
} bw_forecast__borrowed;

int bw_forecast__with_slope(bw_paths **out, bw_forecast_fit *fit, const double *history_usd,
                            size_t n, bw_forecast__borrowed borrowed,
                            const bw_forecast_options *options);

/* Least squares line of y over [s, e), time centred on the segment: *a
 * is the value at the centre, *b the slope, *sxx_out the sum of squared
 * centred times, *ssr_out the residual sum of squares. */
void bw_forecast__fit_line(const double *y, size_t s, size_t e, double *a, double *b,
                           double *sxx_out, double *ssr_out);

/* Lag-1 autocorrelation of r[0..n), sum r_t r_{t-1} / sum r_t^2 (0 when
 * n < 3 or all zero). */
double bw_forecast__ar1(const double *r, size_t n);

/* The AR(1) coefficient of the noise behind the least-squares residuals
 * r[0..n) of seg's design (bw_forecast__design_row; seg NULL: one line):
 * their lag-1 autocorrelation corrected for its small-sample bias on that
 * design, evaluated at the estimate (docs/methodology.md §3, "The
 * autocorrelation's bias"), held to [-0.5, 0.95]. What every model that
 * uses AR(1) errors takes. */
double bw_forecast__ar1_unbiased(const double *r, size_t n, const bw_forecast__segments *seg);

/* The same for errors about a mean only (a state model's one-step
 * errors): about Kendall's (1954) (1 + 3 phi) / n. */
double bw_forecast__ar1_unbiased_mean(const double *r, size_t n);

#endif

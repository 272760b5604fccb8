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

/* The candidate models (docs/methodology.md, "Forecast models"), simplest
 * first: that order breaks ties when the backtest scores them equal. */
typedef enum {
	BW_MODEL_AUTO = 0,    /* chosen by the rolling-origin backtest's CRPS */
	BW_MODEL_DRIFT,       /* random walk with drift on log spend: the naive baseline */
	BW_MODEL_TREND,       /* log-linear trend, AR(1) residuals */
	BW_MODEL_THETA,       /* the Theta method: exponential smoothing with half the trend */
	BW_MODEL_DAMPED,      /* Gardner-McKenzie damped Holt on log spend */
	BW_MODEL_CHANGEPOINT, /* piecewise log-linear trend, breaks by BIC, last regime */
	BW_MODEL_COMBO,       /* the candidates' equal-weight mixture: path p from the
	                         (p mod k)-th of the k that fit (M4's combinations) */
	BW_MODEL_COUNT
} bw_forecast_model;

/* "auto", "drift", "trend", "theta", "damped", "changepoint", "combo"; NULL when out
 * of range. */
const char *bw_forecast_model_name(bw_forecast_model model);

/* The model named 'name' into *out. Returns 0 or BW_EUSAGE naming the choices. */
int bw_forecast_model_parse(const char *name, bw_forecast_model *out);

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
	bw_forecast_model model; /* AUTO: chosen by backtest; an assumed growth or a damping
	                            below 1 with AUTO means the trend they shape */
	size_t fit_from;         /* the first history month (0-based) the models see */
	/* The weekday adjustment (docs/methodology.md, "Weekdays"): with
	 * calendar_month >= 0 (year * 12 + month - 1 of history month 0) and
	 * weekend_ratio > 0 (a weekend day's spend over a weekday's, from the
	 * daily rows), the models fit each month's spend per weekday-equivalent
	 * day, E = weekdays + weekend_ratio x weekend days, and each future
	 * month's paths are its own E times the forecast rate. -1 and NAN: off,
	 * every month counts alike. */
	int calendar_month;
	double weekend_ratio;
} bw_forecast_options;

#define BW_FORECAST_OPTIONS_INIT                                                                   \
	{                                                                                          \
		12, 10000, 1, 1.0, NAN, 0.10, BW_MODEL_AUTO, 0, -1, NAN                            \
	}

/* A change the changepoint fit found in the history: at month_index the
 * regime changes level (level_before_usd is the old regime's trend at that
 * month, level_after_usd the new one's) and growth. */
#define BW_FORECAST_MAX_CHANGES 4

typedef struct {
	size_t month_index;      /* 0-based in the history given to the forecast */
	char month[8];           /* "YYYY-MM" (bw_forecast_label_changes), else "" */
	double level_before_usd; /* the old regime extended to that month */
	double level_after_usd;  /* the new regime at that month */
	double growth_before;    /* monthly growth of the old regime: 0.05 = +5% */
	double growth_after;
	char text[160]; /* in words: "2026-03: level up +$21K a month" */
} bw_forecast_change;

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
	bw_forecast_model model; /* the model the paths come from (never AUTO) */
	int chosen;              /* 1: chosen by backtest; 0: asked for (or no history to choose) */
	char reason[256];        /* why this model, in words */
	double ar_phi;           /* lag-1 autocorrelation of the residuals simulated (0 if none) */
	size_t fit_from;         /* first history month fitted */
	int weekday_adjusted;    /* 1: fitted per weekday-equivalent day (options) */
	double weekend_ratio;    /* the ratio used, when weekday_adjusted */
	bw_forecast_change changes[BW_FORECAST_MAX_CHANGES]; /* oldest first */
	size_t change_count;
	/* The recent regime (bw_forecast_choice's regime fields): 1 when the
	 * model choice forecast from the months since a change of growth (or,
	 * regime_shift, of level) instead of the backtest's best. */
	int regime;
	size_t regime_from;                     /* its first month, 0-based in the history */
	char regime_month[8];                   /* "YYYY-MM" (bw_forecast_label_changes), else "" */
	double regime_evidence;                 /* the change's BIC gap with AR(1) errors */
	double regime_growth;                   /* the growth since then: exp(b) - 1 */
	bw_forecast_model regime_backtest_best; /* what the backtest alone chose */
	int regime_shift;    /* 1: the change a level shift, the growth the whole history's */
	double regime_level; /* a shift's level change: -0.4 = -40% */
} bw_forecast_fit;

/*
 * Forecast 'history_usd' (n complete months, oldest first; the models see
 * months fit_from..n-1) and draw N paths of T months from options->model,
 * or with BW_MODEL_AUTO from the model bw_forecast_choose picks (the
 * log-linear trend when the history is too short to compare models).
 * The trend: log(spend) = a + b t by least squares; per path, sigma^2
 * from its posterior s^2 (n - 2) / chi^2_{n-2}, then (a, b) from the
 * normal posterior given sigma^2 (variances widened for AR(1)
 * residuals), then month h is exp(a + b (t_last + D(h)) + e_h) with
 * D(h) = h (no damping) or phi + ... + phi^h, and e_h AR(1) noise
 * starting from the last residual. The other models: forecast_models.c
 * and docs/methodology.md.
 * With options->growth set, b = log(1 + growth) is taken as given: the
 * level is the fitted one (or, with fewer than 3 months, the last month)
 * and sigma is the residual s (or options->volatility with fewer than 3).
 * Without it, fewer than 3 months is BW_EUSAGE with a message that asks
 * for --growth; a month <= 0 is BW_EUSAGE. On success *out owns the
 * paths and *fit (when not NULL) is filled, with the changes the
 * changepoint search found (months numbered; bw_forecast_label_changes
 * dates them).
 */
int bw_forecast_run(bw_paths **out, bw_forecast_fit *fit, const double *history_usd, size_t n,
                    const bw_forecast_options *options);

/* Date the fit's changes: month_index 0 is 'first_month' ("YYYY-MM", the
 * first month of the history given to bw_forecast_run), and rewrite each
 * change's text with its month. */
void bw_forecast_label_changes(bw_forecast_fit *fit, const char *first_month);

/* One candidate's rolling-origin backtest: from each origin the model is
 * fitted on the months before it and forecasts h = 1..horizon months. */
#define BW_FORECAST_MAX_HORIZON 12

typedef struct {
	bw_forecast_model model;
	int scored;            /* 0: the model could not be fitted at every origin */
	size_t forecasts;      /* (origin, month ahead) pairs scored */
	double mape;           /* mean |P50 - actual| / actual */
	double bias;           /* mean (P50 - actual) / actual: > 0 forecasts too high */
	double coverage;       /* share of actuals inside P10-P90 (nominal 80%) */
	double interval_score; /* mean Winkler score of P10-P90 / actual: lower is better */
	double crps;           /* mean CRPS of the paths / actual: lower is better */
	double coverage_by_h[BW_FORECAST_MAX_HORIZON]; /* [h - 1]: months h ahead */
	size_t count_by_h[BW_FORECAST_MAX_HORIZON];
} bw_forecast_score;

typedef struct {
	size_t origins;      /* forecast origins tried */
	size_t first_origin; /* months fitted at the first origin (from fit_from) */
	int horizon;         /* the furthest month ahead scored */
	bw_forecast_score scores[BW_MODEL_COUNT]; /* by model; [BW_MODEL_AUTO] unused */
	bw_forecast_model best;                   /* the best CRPS; within 2% the simpler */
	bw_forecast_model chosen;                 /* best, or the model asked for */
	int loses_to_drift; /* the chosen model scores worse than naive drift */
	char reason[256];   /* why, in words */
	/* The recent regime (docs/methodology.md §3, "the recent regime"): the
	 * window's last full break (level and growth), BW_FORECAST_REGIME_MONTHS
	 * or more months ago, changed growth by a point a month or more, and
	 * the evidence for it, judged with AR(1)
	 * errors, is very strong (BW_FORECAST_REGIME_EVIDENCE); or, failing
	 * that, its last break is a level shift of 5% or more as old with as
	 * strong evidence (regime_shift: a launch, a stop). The changepoint
	 * model (the last regime's line) is then chosen, whatever the
	 * backtest preferred. */
	int regime;             /* 1: the rule fired (chosen is the changepoint model) */
	size_t regime_from;     /* the regime's first month, 0-based in the history */
	size_t regime_months;   /* its months, to the last */
	double regime_evidence; /* BIC(simpler) - BIC(the breaks), both with AR(1) errors */
	double regime_growth;   /* the last regime's monthly growth, exp(b) - 1 */
	int regime_shift;       /* 1: the change is a level shift (the growth the history's) */
	double regime_level;    /* a shift's level change: 0.4 = +40% */
} bw_forecast_choice;

/* The fewest months since a change of growth for its regime to be forecast
 * on its own: the fewest a candidate is fitted on in the backtest (its
 * first origin's), so no shorter fit has been scored. */
#define BW_FORECAST_REGIME_MONTHS 6
/* The evidence a change of growth needs to be followed, a BIC gap with
 * AR(1) errors: "very strong" on Kass and Raftery's (1995) scale of
 * 2 log B (BIC differences approximate it). */
#define BW_FORECAST_REGIME_EVIDENCE 10.0

/* The fewest months (after fit_from) the comparison needs: 6 to fit at
 * the first origin and 3 origins. */
#define BW_FORECAST_CHOOSE_MIN_MONTHS 9

/*
 * Score every candidate by rolling-origin backtest on the history's last
 * up to 12 origins, h = 1..12 months ahead as the history allows, with
 * min(options->paths, 400) paths per forecast, and pick the one with the
 * best CRPS (options->model, when not AUTO, is taken instead
 * and scored all the same). Returns 0 or BW_EUSAGE (fewer than
 * BW_FORECAST_CHOOSE_MIN_MONTHS months, or a month <= 0).
 */
int bw_forecast_choose(bw_forecast_choice *out, const double *history_usd, size_t n,
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
	int has_choice;            /* 1: choice holds every candidate's rolling-origin scores */
	bw_forecast_choice choice; /* on the whole history */
} bw_backtest;

/*
 * Hold out the last 'holdout' months of 'history_usd', forecast them from
 * the rest with 'options' (months is set to 'holdout'), and compare.
 * At least 3 months must remain for the fit. With enough months the
 * candidates' rolling-origin comparison on the whole history is added
 * (choice). On success *out owns the
 * result (bw_backtest_free). Returns 0, BW_EUSAGE or BW_ERROR.
 */
int bw_forecast_backtest(bw_backtest **out, const double *history_usd, size_t n, size_t holdout,
                         const bw_forecast_options *options);

void bw_backtest_free(bw_backtest *backtest);

#endif

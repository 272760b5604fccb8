/*
 * plan_eval.h (private): what the planner's files share (plan.c,
 * plan_data.c, plan_objective.c, plan_eval.c, plan_search.c, plan_ramp.c,
 * plan_leverage.c): the data built once per run, the evaluator of one
 * commitment under one band's terms, and the searches over a band.
 *
 * Nothing here allocates except bw_plan__data_init, bw_plan__data_lock and
 * the views built on first use (bw_plan__annual_init, bw_plan__yearly_init);
 * bw_plan__data_dispose frees all of it. Errors are negative codes with the
 * message set (bandwise/error.h).
 */
#ifndef BANDWISE_PLAN_EVAL_H
#define BANDWISE_PLAN_EVAL_H

#include "bandwise/plan.h"

#include <math.h>
#include <stddef.h>

/* The most true-up periods a term can have. */
#define BW_PLAN__MAX_PERIODS 100
/* Bisection steps (for a shortfall cap, a break-even discount). */
#define BW_PLAN__BISECT_STEPS 45
/* Relative difference in the objective below which two commitments tie;
 * a tie keeps the smaller commitment. */
#define BW_PLAN__TIE_TOLERANCE 1e-12

/* --- the data every evaluation reads (plan_data.c) ----------------------- */

typedef struct {
	double *sorted;  /* path totals over the term, ascending */
	double *prefix;  /* prefix[k] = sum of the k smallest */
	double *prefix2; /* prefix2[k] = sum of their squares */
	size_t n;
	double mean;
} bw_plan__totals;

typedef struct {
	double *sums; /* n x count period sums */
	double shares[BW_PLAN__MAX_PERIODS];
	int count;
	size_t n;
} bw_plan__periods;

typedef struct bw_plan__data {
	const bw_paths *paths;
	const bw_plan_options *options;
	int term;
	bw_plan__totals totals;
	bw_plan__periods annual; /* built on first use */
	bw_plan__totals *yearly; /* per annual period: sorted sums, built on first use */
	double *costs;           /* scratch, n values */
	double list_mean;        /* E[list over the term] at the prices paid, for the ESR */
	struct bw_plan__data
	    *locked; /* the same at signing prices, for price-locked deals; or NULL */
	struct bw_plan__data *capped; /* at the lower of signing and current prices, for
	                                 price-capped deals; or NULL */
} bw_plan__data;

/* qsort comparator of doubles, ascending. */
int bw_plan__double_compare(const void *a, const void *b);
/* Type 7 quantile of 'n' sorted values. */
double bw_plan__sorted_quantile(const double *sorted, size_t n, double p);
/* Mean of the worst (1 - level) share of 'n' sorted values. */
double bw_plan__sorted_cvar(const double *sorted, size_t n, double level);

/* BW_ERANGE (message set) when the paths or the options cannot be planned. */
int bw_plan__check_inputs(const bw_paths *paths, const bw_plan_options *options);
/* Sort the paths' totals over options->term_months. 'paths' and 'options'
 * are borrowed for the life of 'data'. Dispose even on error. */
int bw_plan__data_init(bw_plan__data *data, const bw_paths *paths, const bw_plan_options *options);
/* When the paths carry a price index: data->locked, the same data at
 * signing prices, and data->capped at the lower of signing and current
 * prices, on paths made into locked_paths[0] and [1] (the caller frees
 * both with bw_paths_free after disposing 'data'). */
int bw_plan__data_lock(bw_plan__data *data, bw_paths *locked_paths[2]);
/* The annual true-up periods' sums per path (data->annual), once. */
int bw_plan__annual_init(bw_plan__data *data);
/* Each annual period's sums sorted with prefix sums (data->yearly), once. */
int bw_plan__yearly_init(bw_plan__data *data);
/* Frees what 'data' owns (not data itself); safe on a zeroed struct. */
void bw_plan__data_dispose(bw_plan__data *data);

/* --- objectives (plan_objective.c) ----------------------------------------- */

/* The objective from a deal's mean, standard deviation and CVaR. */
double bw_plan__objective_value(const bw_objective *objective, double mean, double sd, double cvar);
/* The CVaR level the objective needs: its own for a CVaR objective, else
 * options->cvar_level. */
double bw_plan__objective_level(const bw_plan_options *options);

/* --- one commitment under one band's terms (plan_eval.c) ------------------ */

typedef struct {
	bw_plan__data *data;
	bw_band band;
	int exact;     /* one period: closed forms on sorted totals */
	int separable; /* several periods without rollover: expected cost exact per period */
} bw_plan__evaluator;

/* Exact statistics of a one-period deal. */
typedef struct {
	double mean, sd, cvar, unused, overage, shortfall, coverage;
} bw_plan__stats;

/* Set up 'ev' for 'band' on 'data' (the locked view for a price-locked
 * band), building the period views the band's terms need. */
int bw_plan__evaluator_init(bw_plan__evaluator *ev, bw_plan__data *data, const bw_band *band);
/* One-period statistics of commitment 'commit' on sorted totals 'v', in
 * O(log N); 'level' is the CVaR level. */
void bw_plan__view_stats(const bw_plan__totals *v, const bw_band *band, double commit, double level,
                         bw_plan__stats *out);
/* Price every path under a multi-period deal (with a per-year 'schedule'
 * of ev->data->annual.count amounts, or NULL for 'commit' pro rata);
 * fills ev->data->costs and 'out' (the CVaR only when 'want_cvar'). */
void bw_plan__simulate_schedule(const bw_plan__evaluator *ev, double commit, const double *schedule,
                                double level, int want_cvar, bw_plan__stats *out);
/* The objective (ev->data->options) of commitment 'commit'. */
double bw_plan__evaluate_objective(const bw_plan__evaluator *ev, double commit);
/* The probability that some of 'commit' goes unused. */
double bw_plan__evaluate_shortfall(const bw_plan__evaluator *ev, double commit);
/* Median month in which cumulative list spend reaches 'commit', or 0. */
double bw_plan__break_even_month(const bw_plan__data *data, double commit);
/* Every statistic of commitment 'commit' into 'out'. */
void bw_plan__evaluate_full(const bw_plan__evaluator *ev, double commit, bw_plan_outcome *out);

/* --- searching a band (plan_search.c, plan_ramp.c) ---------------------- */

/* 1 when objective 'f' beats 'best' by more than the tie tolerance. */
static inline int bw_plan__better(double f, double best)
{
	return f < best - BW_PLAN__TIE_TOLERANCE * fabs(best);
}

/* The commitments worth trying in a band with range [commit_min,
 * commit_max): [*lo, *hi]. */
void bw_plan__band_range(const bw_plan__evaluator *ev, double commit_min, double commit_max,
                         double *lo, double *hi);
/* The largest commitment in [lo, hi] whose shortfall probability is at
 * most 'cap', or -1 when even 'lo' exceeds it. */
double bw_plan__largest_within_shortfall(const bw_plan__evaluator *ev, double lo, double hi,
                                         double cap);
/* The commitment in [lo, hi] with the lowest objective. */
double bw_plan__search_objective(const bw_plan__evaluator *ev, double lo, double hi);
/* The objective of a per-year 'schedule' (ev->data->annual.count amounts). */
double bw_plan__schedule_objective(const bw_plan__evaluator *ev, const double *schedule);
/* The best per-year schedule with its total in [lo, hi], from 'start' pro
 * rata, into 'schedule' (ev->data->annual.count amounts). */
void bw_plan__search_schedule(const bw_plan__evaluator *ev, double lo, double hi, double start,
                              double *schedule);

/* --- leverage (plan_leverage.c) ------------------------------------------ */

/* result->protections for the recommended band (result->recommended >= 0). */
int bw_plan__protections(bw_plan__data *data, bw_plan_result *result);
/* result->stretch: the discount at which the next band pays. */
int bw_plan__stretch(bw_plan__data *data, bw_plan_result *result);

#endif

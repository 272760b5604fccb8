/*
 * bandwise/plan.h: the decision: for every band, the commitment that is
 * best for the buyer's risk objective over the forecast paths, two safer
 * answers beside it, the recommended deal (pay-as-you-go included), and
 * the numbers a negotiation needs: what the next band must offer, and what
 * each protection is worth.
 *
 * All amounts are USD over the whole term. The math and the closed forms
 * the planner reproduces: docs/methodology.md.
 */
#ifndef BANDWISE_PLAN_H
#define BANDWISE_PLAN_H

#include "bandwise/bands.h"
#include "bandwise/contract.h"
#include "bandwise/forecast.h"

#include <stddef.h>

/* What "best" means. */
typedef enum {
	BW_OBJECTIVE_EXPECTED = 0, /* lowest expected cost */
	BW_OBJECTIVE_CVAR,         /* lowest mean of the worst (1 - level) of outcomes */
	BW_OBJECTIVE_MEAN_STD      /* lowest expected cost + lambda x standard deviation */
} bw_objective_kind;

typedef struct {
	bw_objective_kind kind;
	double parameter; /* CVaR level (e.g. 0.9) or lambda; unused for expected */
} bw_objective;

/* "expected", "cvar" (level 0.9), "cvar:0.95", "meanstd" (lambda 1),
 * "meanstd:0.5". Returns 0 or BW_EUSAGE. */
int bw_objective_parse(const char *text, bw_objective *out);

/* "expected cost", "CVaR 90%", "mean + 0.5 sd" into buf. */
void bw_objective_describe(const bw_objective *objective, char *buf, size_t size);

/* Years a ramp can span. */
#define BW_PLAN_MAX_SCHEDULE 10

typedef struct {
	int term_months; /* the paths must have at least this many months */
	int grid_points; /* commitments tried per band */
	bw_objective objective;
	double cvar_level;            /* the CVaR every outcome reports (0.9) */
	double floor_use_probability; /* floor: used in full on at least this share of paths */
	double
	    max_shortfall_probability; /* risk cap: at most this share of paths lose commitment */
	int ramp; /* 1: for annual true-up bands, also search one commitment per year */
} bw_plan_options;

#define BW_PLAN_OPTIONS_INIT                                                                       \
	{                                                                                          \
		12, 2000, {BW_OBJECTIVE_EXPECTED, 0}, 0.9, 0.9, 0.05, 0                            \
	}

/* The distribution of one deal's total cost over the paths. */
typedef struct {
	int available; /* 0: no commitment in the band meets the answer's rule */
	double commit_usd;
	double objective_usd; /* the value of the plan's objective */
	double expected_cost_usd;
	double p50_cost_usd;
	double p90_cost_usd;
	double cvar_usd; /* mean of the worst (1 - cvar_level) of outcomes */
	double stdev_usd;
	double expected_unused_usd;   /* commitment lost, on average */
	double shortfall_probability; /* share of paths that lose some commitment */
	double expected_overage_usd;  /* paid above the commitment, on average */
	double esr;                   /* effective savings rate: 1 - E[cost] / E[list] */
	double utilization;           /* share of the commitment drawn, on average */
	double coverage;              /* share of usage drawn from the commitment */
	double break_even_month;      /* median month when cumulative list reaches the
	                                 commitment; 0 when it does on fewer than half the paths */
} bw_plan_outcome;

typedef struct {
	bw_band band;            /* a copy of the band's terms */
	double commit_min_usd;   /* the band's commitment range for this term */
	double commit_max_usd;   /* INFINITY for the top band */
	bw_plan_outcome optimum; /* best for the objective */
	bw_plan_outcome
	    floor; /* the largest commitment used in full on floor_use_probability of paths */
	bw_plan_outcome risk_capped; /* best for the objective with P(shortfall) <= the cap */
	int schedule_count; /* > 0 when a ramp was searched (annual true-up, options->ramp) */
	double schedule_usd[BW_PLAN_MAX_SCHEDULE]; /* the best commitment per year */
	bw_plan_outcome scheduled; /* that ramp's outcome (commit_usd = its total) */
	int exact; /* 1: one true-up period, evaluated exactly by sort + prefix sums */
} bw_plan_band;

/* What the next band up must offer to be worth it. */
typedef struct {
	int available;                /* 0: no band above the recommendation */
	int band;                     /* index of the next band */
	double commit_usd;            /* its threshold for this term */
	double discount;              /* the discount it has now */
	double break_even_discount;   /* the discount at which committing at its threshold costs no
	                                 more in expectation than the recommended deal; NAN when no
	                                 discount below 99% does */
	double expected_cost_usd;     /* at its threshold and current discount */
	double break_even_commit_usd; /* the commitment that reaches its threshold at the
	                                 break-even discount: commit_usd under the net
	                                 measure, (1 - d*) x the threshold under the list
	                                 measure; NAN with break_even_discount */
} bw_plan_stretch;

typedef enum {
	BW_PROTECTION_OVERAGE_COMMITTED = 0, /* overage at the committed rate instead of list */
	BW_PROTECTION_ROLLOVER,              /* rollover of unused commitment (annual true-up) */
	BW_PROTECTION_TERM_TRUE_UP,          /* shortfall measured once per term, not yearly */
	BW_PROTECTION_PRICE_LOCK,            /* "fixed": consumption at signing prices both ways
	                                        (matters only with price-change scenarios;
	                                        negative when cuts dominate) */
	BW_PROTECTION_RAMP,                  /* one commitment per year instead of one amount
	                                        pro rata (valued with annual true-up) */
	BW_PROTECTION_PRICE_CAP,             /* "cap": list rises do not reach the deal, cuts do
	                                        (>= 0; appended so the older ones keep their
	                                        numbers) */
	BW_PROTECTION_COUNT
} bw_protection;

const char *bw_protection_name(bw_protection protection); /* "overage_at_committed_rate", ... */

/* The value of one protection for the recommended band: the expected cost
 * of the best deal without it minus with it, each re-optimised. */
typedef struct {
	bw_protection protection;
	int in_band;      /* 1: the band already has it (its value is what giving it up costs) */
	double reference; /* for rollover: the share valued */
	double value_usd; /* >= 0, except a price lock, which costs when list prices fall */
	double discount_points; /* the change of the band's discount, in points, that saves
	                           the same expected dollars on the paths (the best deal
	                           without the protection re-optimised at each discount);
	                           NAN when no discount below 99% saves that much */
} bw_plan_protection;

/* The lever (the seed's third rule): usage within reach of the next
 * band's threshold, and the two asks a buyer can make with it. */
#define BW_PLAN_LEVER_REACH 0.25 /* "within reach": at most 25% below the threshold */

typedef struct {
	int available;        /* 1: the next band's threshold is within reach */
	int band;             /* index of the next band */
	double threshold_usd; /* the net commitment that reaches its threshold this term */
	double usage_usd;     /* expected consumption at its discount, (1 - d) E[list]: what a
	                         commitment at its terms would draw */
	/* The same two in the band's threshold measure (what the vendor
	 * compares): the threshold itself (x term / 12), and the usage at net
	 * value or, list-measured, E[list]. */
	double threshold_value_usd;
	double usage_value_usd;
	double gap; /* 1 - usage value / threshold value, in (0, BW_PLAN_LEVER_REACH] */
	double reference_expected_cost_usd; /* the recommendation's expected cost */
	/* Ask (a): the next band's discount (its terms) at the commitment that
	 * will be filled: the best commitment below its threshold. */
	double discount_commit_usd;
	double discount_expected_cost_usd;
	double discount_value_usd; /* reference minus it: > 0 when the ask saves */
	/* Ask (b): its threshold, with one protection that helps it fill:
	 * rollover (50% or the band's), a ramp that follows expected usage year
	 * by year, overage at the committed rate. available[p] is 0 when a
	 * protection cannot act (rollover and ramp on one true-up period). */
	int protection_available[BW_PROTECTION_COUNT];
	double protection_expected_cost_usd[BW_PROTECTION_COUNT];
	double protection_value_usd[BW_PROTECTION_COUNT]; /* reference minus it */
	double protection_shortfall_probability[BW_PROTECTION_COUNT];
	int best_protection; /* the protection that saves most, or -1 */
} bw_plan_lever;

/* When the recommendation wins by less than the paths can tell apart. */
#define BW_PLAN_TIE_MARGIN 0.005 /* a "small margin": 0.5% of its expected cost */

typedef struct {
	int near_tie;      /* 1: say it is a near tie */
	int runner_up;     /* the next best option: band index, -1 pay-as-you-go */
	double margin_usd; /* runner-up's objective minus the recommendation's */
	double noise_usd;  /* standard error of the mean per-path cost difference */
	int by_noise;      /* 1: margin below the noise; 0: small margin + unused */
	int robust;        /* the option that leaves less commitment unused: band
	                      index, -1 pay-as-you-go */
} bw_plan_tie;

/* The protections and the stretch are always valued in expected cost
 * (whatever the objective), on one amount pro rata except the ramp's own
 * value; the outputs say so. */
typedef struct {
	int term_months;
	size_t path_count;
	bw_objective objective;
	double cvar_level;
	double floor_use_probability;
	double max_shortfall_probability;
	double payg_expected_cost_usd; /* E[list spend over the term] */
	double payg_p50_cost_usd;
	double payg_p90_cost_usd;
	double payg_cvar_usd;
	double payg_objective_usd;
	bw_plan_band *bands;
	size_t band_count;
	int recommended;      /* index into bands, or -1 for pay-as-you-go */
	int recommended_ramp; /* 1: the recommended band's ramp (bands[recommended].scheduled)
	                         beats its one amount pro rata by the objective; the
	                         recommendation is then the ramp */
	bw_plan_stretch stretch;
	bw_plan_protection protections[BW_PROTECTION_COUNT];
	int protections_available;              /* 0 when pay-as-you-go is recommended */
	bw_plan_lever lever;                    /* the next band within reach, and the two asks */
	bw_plan_tie tie;                        /* a near tie with the next best option */
	bw_threshold_measure threshold_measure; /* the band table's (every output says it) */
} bw_plan_result;

/*
 * Evaluate every band of 'bands' on 'paths' for 'options' (term, grid,
 * objective, risk settings). One-period bands (term true-up, or a term of a
 * year or less) are evaluated exactly: one sort of the path totals and
 * prefix sums give any commitment's statistics in O(log N); the grid plus
 * the closed-form optimum are searched. Annual true-up over several years
 * (and rollover) is simulated path by path: a coarse grid and a
 * golden-section refinement. On success *out owns the result
 * (bw_plan_result_free). Returns 0, BW_ERANGE (paths shorter than the term,
 * no paths, bad options) or BW_ERROR.
 */
int bw_plan_run(bw_plan_result **out, const bw_paths *paths, const bw_bands *bands,
                const bw_plan_options *options);

/*
 * Evaluate one commitment under one band's terms (any true-up), e.g. a
 * commitment the user names. Returns 0, BW_ERANGE or BW_ERROR.
 */
int bw_plan_evaluate(bw_plan_outcome *out, const bw_paths *paths, const bw_band *band,
                     const bw_plan_options *options, double commit_usd);

/*
 * bw_plan_evaluate for 'count' commitments, commits_usd[k] under bands[k]
 * into out[k], on the paths' sorted totals and signing-price views made
 * once for all of them (a what-if and pay-as-you-go beside it): the same
 * numbers as 'count' calls of bw_plan_evaluate, in less time.
 */
int bw_plan_evaluate_many(bw_plan_outcome *out, const bw_paths *paths, const bw_band *bands,
                          const double *commits_usd, size_t count, const bw_plan_options *options);

/*
 * Evaluate one concrete deal (any true-up, a schedule, any overage rate)
 * path by path, e.g. a vendor's offer. options->term_months is ignored:
 * the deal's own term is used. Returns 0, BW_ERANGE or BW_ERROR.
 */
int bw_plan_evaluate_deal(bw_plan_outcome *out, const bw_paths *paths, const bw_deal *deal,
                          const bw_plan_options *options);

/* The cost of committing before optimizing (the seed's "savings trapped"). */
typedef struct {
	int sized_band;          /* the band chosen on unoptimized usage; -1 PAYG */
	double sized_commit_usd; /* the commitment chosen on unoptimized usage */
	double right_commit_usd; /* the recommended commitment on optimized usage */
	int right_band;
	double expected_unused_usd;     /* the unoptimized-sized deal's lost commitment once the
	                                   optimizations land */
	double expected_cost_usd;       /* its expected cost on optimized usage */
	double right_expected_cost_usd; /* the right-sized deal's expected cost */
	double extra_cost_usd;          /* expected_cost_usd - right_expected_cost_usd */
} bw_plan_trapped;

/*
 * Size the deal on 'unoptimized' paths, then price it on 'optimized' ones
 * (the same futures after the optimizations land), against the deal sized
 * on 'optimized'. Returns 0, BW_ERANGE or BW_ERROR.
 */
int bw_plan_trapped_savings(bw_plan_trapped *out, const bw_paths *unoptimized,
                            const bw_paths *optimized, const bw_bands *bands,
                            const bw_plan_options *options);

/*
 * Expected cost of 'band' at 'points' commitments evenly spaced over
 * [lo, hi] (for charts): commits[i] and costs[i]. Returns 0 or an error.
 */
int bw_plan_cost_curve(const bw_paths *paths, const bw_band *band, const bw_plan_options *options,
                       double lo, double hi, int points, double *commits, double *costs);

void bw_plan_result_free(bw_plan_result *result);

#endif

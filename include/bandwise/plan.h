/*
 * bandwise/plan.h: the decision: for every band, the commitment that
 * minimises expected cost over the forecast paths, its risk, and the
 * recommended deal (pay-as-you-go included as an option).
 *
 * All amounts are USD over the whole term. The math and the closed forms
 * the planner reproduces: docs/methodology.md.
 */
#ifndef BANDWISE_PLAN_H
#define BANDWISE_PLAN_H

#include "bandwise/bands.h"
#include "bandwise/forecast.h"

#include <stddef.h>

typedef struct {
	int term_months; /* the paths must have at least this many months */
	int grid_points; /* commitments tried per band */
} bw_plan_options;

#define BW_PLAN_OPTIONS_INIT {12, 2000}

/* The distribution of a deal's total cost over the paths. */
typedef struct {
	double commit_usd;
	double expected_cost_usd;
	double p50_cost_usd;
	double p90_cost_usd;
	double expected_unused_usd;    /* commitment lost, on average */
	double shortfall_probability;  /* share of paths that lose some commitment */
	double expected_overage_usd;   /* paid above the commitment, on average */
	double esr;                    /* effective savings rate: 1 - E[cost] / E[list] */
	double utilization;            /* share of the commitment drawn, on average */
} bw_plan_outcome;

typedef struct {
	bw_band band;              /* a copy of the band's terms */
	double commit_min_usd;     /* the band's commitment range for this term */
	double commit_max_usd;     /* INFINITY for the top band */
	bw_plan_outcome best;      /* at the optimal commitment */
	int exact;                 /* 1: term true-up, evaluated exactly by sort + prefix sums */
} bw_plan_band;

typedef struct {
	int term_months;
	size_t path_count;
	double payg_expected_cost_usd; /* E[list spend over the term] */
	double payg_p50_cost_usd;
	double payg_p90_cost_usd;
	bw_plan_band *bands;
	size_t band_count;
	int recommended;               /* index into bands, or -1 for pay-as-you-go */
} bw_plan_result;

/*
 * Evaluate every band of 'bands' on 'paths'. Term true-up bands are
 * evaluated exactly: one sort of the path totals and prefix sums give the
 * expected cost of any commitment in O(log N); each band's grid of
 * 'grid_points' commitments plus the closed-form optimum is searched.
 * Annual true-up (and rollover) needs per-path simulation: a coarse grid
 * and a golden-section refinement. On success *out owns the result
 * (bw_plan_result_free). Returns 0, BW_ERANGE (paths shorter than the
 * term, no paths) or BW_ERROR.
 */
int bw_plan_run(bw_plan_result **out, const bw_paths *paths, const bw_bands *bands,
		const bw_plan_options *options);

/*
 * Evaluate one deal on the paths (any true-up), e.g. a commitment the
 * user names. Returns 0, BW_ERANGE or BW_ERROR.
 */
int bw_plan_evaluate(bw_plan_outcome *out, const bw_paths *paths, const bw_band *band,
		     int term_months, double commit_usd);

void bw_plan_result_free(bw_plan_result *result);

#endif

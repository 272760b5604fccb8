/*
 * bandwise/offer.h: what a vendor's offer is really worth: its cost
 * distribution against pay-as-you-go and against the recommended deal on
 * the same paths, and the counter-offer that would make it the best option.
 */
#ifndef BANDWISE_OFFER_H
#define BANDWISE_OFFER_H

#include "bandwise/bands.h"
#include "bandwise/deal.h"
#include "bandwise/forecast.h"
#include "bandwise/plan.h"

/* The offer with one protection added (or made the buyer's way). */
typedef struct {
	bw_protection protection;
	int already;              /* the offer has it already */
	double expected_cost_usd; /* the offer's expected cost with it */
	double objective_usd;     /* the offer's value of the plan's objective with it */
	int closes_gap;           /* 1: with it, the offer is the best option (the objective) */
} bw_offer_protection;

/* Two costs "match" when they differ by at most this share of the
 * alternative's (0.01%): below that the difference is the planner's search
 * resolution, not a better deal. */
#define BW_OFFER_MATCH_TOLERANCE 1e-4

typedef struct {
	bw_plan_outcome outcome;       /* the offer as written */
	double payg_expected_cost_usd; /* over the offer's term */
	int recommended_band;          /* the plan's recommendation at the offer's term; -1 PAYG */
	char recommended_name[32];     /* band name, or "pay-as-you-go" */
	double recommended_commit_usd;
	double recommended_expected_cost_usd;
	double best_alternative_usd; /* min(PAYG, recommended) in expected cost */
	/* The comparisons use the plan's objective (expected cost, CVaR or
	 * mean + lambda sd), so that the offer is judged by the measure that
	 * chose the recommendation: like with like. */
	bw_objective objective;
	double objective_usd;                  /* the offer's value of the objective */
	double payg_objective_usd;             /* pay-as-you-go's */
	double recommended_objective_usd;      /* the recommended deal's */
	double best_alternative_objective_usd; /* min of the two */
	int beats_payg;          /* lower than pay-as-you-go by more than the tolerance */
	int beats_recommended;   /* lower than the recommended deal by more than the tolerance */
	int matches_payg;        /* within BW_OFFER_MATCH_TOLERANCE of pay-as-you-go */
	int matches_recommended; /* within BW_OFFER_MATCH_TOLERANCE of the recommended deal */
	double target_discount;  /* the discount (other terms as offered) at which the offer is
	                            no worse than the best alternative by the objective; the
	                            offered one when it already is; NAN when none below 99% is.
	                            It depends on the band table (the recommended deal). */
	double target_discount_payg; /* the same against pay-as-you-go alone: a target that
	                                does not depend on the band table */
	bw_offer_protection protections[BW_PROTECTION_COUNT];
	/* How the recommended deal's band thresholds were counted: the offer
	 * file's threshold_measure, which replaces the band table's when they
	 * differ (threshold_measure_from_offer 1): the vendor counts as its
	 * offer says. */
	bw_threshold_measure threshold_measure;
	int threshold_measure_from_offer;
} bw_offer_evaluation;

/*
 * Evaluate 'offer' on 'paths' (at least the offer's term long) against
 * pay-as-you-go and against bw_plan_run(paths, bands) at the offer's term.
 * 'options' sets the plan's objective and risk settings. Returns 0,
 * BW_ERANGE or BW_ERROR.
 */
int bw_offer_evaluate(bw_offer_evaluation *out, const bw_deal_file *offer, const bw_paths *paths,
                      const bw_bands *bands, const bw_plan_options *options);

#endif

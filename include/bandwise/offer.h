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
	int closes_gap;           /* 1: with it, the offer is the best option */
} bw_offer_protection;

typedef struct {
	bw_plan_outcome outcome;       /* the offer as written */
	double payg_expected_cost_usd; /* over the offer's term */
	int recommended_band;          /* the plan's recommendation at the offer's term; -1 PAYG */
	char recommended_name[32];     /* band name, or "pay-as-you-go" */
	double recommended_commit_usd;
	double recommended_expected_cost_usd;
	double best_alternative_usd; /* min(PAYG, recommended) */
	int beats_payg;
	int beats_recommended;
	double target_discount; /* the discount (other terms as offered) at which the offer
	                           costs no more than the best alternative; the offered one
	                           when it already does; NAN when none below 99% does */
	bw_offer_protection protections[BW_PROTECTION_COUNT];
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

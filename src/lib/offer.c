/*
 * offer.c: an offer against the alternatives, and the counter-offer.
 *
 * Everything is priced on the same paths: the offer path by path through
 * the contract engine, pay-as-you-go as list, and the recommended deal by
 * the planner at the offer's own term, so the three are comparable.
 */
#include "bandwise/offer.h"

#include "bandwise/error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BISECT_STEPS 45
#define ROLLOVER_ASK 0.5 /* the rollover share a counter-offer asks for */

static int expected_cost(const bw_deal_file *offer, const bw_band *terms, const bw_paths *paths,
                         const bw_plan_options *options, double *out)
{
	bw_deal deal = bw_deal_file_deal(offer);
	bw_plan_outcome o;
	int error;

	deal.discount = terms->discount;
	deal.overage = terms->overage;
	deal.overage_discount = terms->overage_discount;
	deal.rollover = terms->rollover;
	deal.true_up = terms->true_up;
	deal.price_lock = terms->price_lock;
	/* A schedule is per period: changing the true-up keeps the total. */
	if (deal.schedule_usd != NULL && terms->true_up != offer->terms.true_up) {
		deal.schedule_usd = NULL;
		deal.schedule_count = 0;
	}
	if ((error = bw_plan_evaluate_deal(&o, paths, &deal, options)) < 0)
		return error;
	*out = o.expected_cost_usd;
	return 0;
}

int bw_offer_evaluate(bw_offer_evaluation *out, const bw_deal_file *offer, const bw_paths *paths,
                      const bw_bands *bands, const bw_plan_options *options)
{
	bw_plan_options opts = *options;
	bw_plan_result *plan = NULL;
	bw_deal deal = bw_deal_file_deal(offer);
	double cost;
	int error;

	memset(out, 0, sizeof(*out));
	opts.term_months = offer->term_months;
	if ((error = bw_plan_evaluate_deal(&out->outcome, paths, &deal, &opts)) < 0 ||
	    (error = bw_plan_run(&plan, paths, bands, &opts)) < 0)
		goto done;
	out->payg_expected_cost_usd = plan->payg_expected_cost_usd;
	out->recommended_band = plan->recommended;
	if (plan->recommended >= 0) {
		const bw_plan_band *b = &plan->bands[plan->recommended];
		snprintf(out->recommended_name, sizeof(out->recommended_name), "%s", b->band.name);
		/* The plan's recommendation may be the band's ramp (--ramp). */
		const bw_plan_outcome *r = plan->recommended_ramp ? &b->scheduled : &b->optimum;
		out->recommended_commit_usd = r->commit_usd;
		out->recommended_expected_cost_usd = r->expected_cost_usd;
	} else {
		snprintf(out->recommended_name, sizeof(out->recommended_name), "pay-as-you-go");
		out->recommended_expected_cost_usd = plan->payg_expected_cost_usd;
	}
	double best = out->payg_expected_cost_usd < out->recommended_expected_cost_usd
	                  ? out->payg_expected_cost_usd
	                  : out->recommended_expected_cost_usd;
	out->best_alternative_usd = best;
	out->beats_payg = out->outcome.expected_cost_usd < out->payg_expected_cost_usd;
	out->beats_recommended =
	    out->outcome.expected_cost_usd <= out->recommended_expected_cost_usd;

	/* The discount that closes the gap: the expected cost at a fixed
	 * commitment falls as the discount deepens. */
	bw_band terms = offer->terms;
	if (out->outcome.expected_cost_usd <= best) {
		out->target_discount = terms.discount;
	} else {
		terms.discount = 0.99;
		if ((error = expected_cost(offer, &terms, paths, &opts, &cost)) < 0)
			goto done;
		if (cost > best) {
			out->target_discount = NAN;
		} else {
			double lo = offer->terms.discount, hi = 0.99;
			for (int i = 0; i < BISECT_STEPS; i++) {
				terms.discount = (lo + hi) / 2;
				if ((error = expected_cost(offer, &terms, paths, &opts, &cost)) < 0)
					goto done;
				if (cost <= best)
					hi = terms.discount;
				else
					lo = terms.discount;
			}
			out->target_discount = hi;
		}
	}
	/* Each protection the buyer could ask for, on the offer as written. */
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		bw_offer_protection *v = &out->protections[p];
		terms = offer->terms;
		v->protection = (bw_protection)p;
		switch (p) {
		case BW_PROTECTION_OVERAGE_COMMITTED:
			v->already = terms.overage == BW_OVERAGE_COMMITTED;
			terms.overage = BW_OVERAGE_COMMITTED;
			break;
		case BW_PROTECTION_ROLLOVER:
			v->already = terms.rollover >= ROLLOVER_ASK;
			if (terms.rollover < ROLLOVER_ASK)
				terms.rollover = ROLLOVER_ASK;
			break;
		case BW_PROTECTION_TERM_TRUE_UP:
			v->already = terms.true_up == BW_TRUE_UP_TERM;
			terms.true_up = BW_TRUE_UP_TERM;
			break;
		case BW_PROTECTION_PRICE_LOCK:
			v->already = terms.price_lock == BW_PRICE_LOCK_FIXED;
			terms.price_lock = BW_PRICE_LOCK_FIXED;
			break;
		case BW_PROTECTION_PRICE_CAP:
			v->already = terms.price_lock == BW_PRICE_LOCK_CAP;
			terms.price_lock = BW_PRICE_LOCK_CAP;
			break;
		default:
			/* A ramp is a schedule the buyer proposes, not a term to add
			 * to this offer: bandwise plan --ramp searches one. */
			v->already = 1;
			v->expected_cost_usd = out->outcome.expected_cost_usd;
			continue;
		}
		if ((error = expected_cost(offer, &terms, paths, &opts, &v->expected_cost_usd)) < 0)
			goto done;
		v->closes_gap = v->expected_cost_usd <= best;
	}
done:
	bw_plan_result_free(plan);
	return error;
}

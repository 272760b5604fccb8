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
#include <stdlib.h>
#include <string.h>

#define BISECT_STEPS 45
#define ROLLOVER_ASK 0.5 /* the rollover share a counter-offer asks for */

/* The offer's outcome with its terms replaced by 'terms'. */
static int priced(const bw_deal_file *offer, const bw_band *terms, const bw_paths *paths,
                  const bw_plan_options *options, bw_plan_outcome *o)
{
	bw_deal deal = bw_deal_file_deal(offer);

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
	return bw_plan_evaluate_deal(o, paths, &deal, options);
}

/* The offer's value of the plan's objective under 'terms'. */
static int objective_cost(const bw_deal_file *offer, const bw_band *terms, const bw_paths *paths,
                          const bw_plan_options *options, double *out)
{
	bw_plan_outcome o;
	int error = priced(offer, terms, paths, options, &o);
	*out = o.objective_usd;
	return error;
}

/* -1: 'value' is lower than 'alternative' by more than the tolerance;
 * 0: within it (a match); 1: higher. */
static int compare_costs(double value, double alternative)
{
	double tolerance = BW_OFFER_MATCH_TOLERANCE * fabs(alternative);
	if (value < alternative - tolerance)
		return -1;
	return value > alternative + tolerance ? 1 : 0;
}

/* The discount (other terms as offered) at which the offer's objective
 * is no worse than 'target' (within the tolerance): the offered one when
 * it already is, NAN when none below 99% is. Every path's cost falls as
 * the discount deepens at a fixed commitment, so bisect. */
static int discount_for(const bw_deal_file *offer, const bw_paths *paths,
                        const bw_plan_options *opts, double offered_value, double target,
                        double *out)
{
	bw_band terms = offer->terms;
	double cost;
	int error;

	if (compare_costs(offered_value, target) <= 0) {
		*out = terms.discount;
		return 0;
	}
	terms.discount = 0.99;
	if ((error = objective_cost(offer, &terms, paths, opts, &cost)) < 0)
		return error;
	if (compare_costs(cost, target) > 0) {
		*out = NAN;
		return 0;
	}
	double lo = offer->terms.discount, hi = 0.99;
	for (int i = 0; i < BISECT_STEPS; i++) {
		terms.discount = (lo + hi) / 2;
		if ((error = objective_cost(offer, &terms, paths, opts, &cost)) < 0)
			return error;
		if (cost <= target)
			hi = terms.discount;
		else
			lo = terms.discount;
	}
	*out = hi;
	return 0;
}

int bw_offer_evaluate(bw_offer_evaluation *out, const bw_deal_file *offer, const bw_paths *paths,
                      const bw_bands *bands, const bw_plan_options *options)
{
	bw_plan_options opts = *options;
	bw_plan_result *plan = NULL;
	bw_deal deal = bw_deal_file_deal(offer);
	bw_bands measured;
	bw_band *measured_bands = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	opts.term_months = offer->term_months;
	out->threshold_measure = bands->threshold_measure;
	if (bands->count > 0 && offer->terms.threshold_measure != bands->threshold_measure) {
		/* The offer is the vendor's word on how it counts a commitment
		 * toward its thresholds: the alternatives it is compared with are
		 * ranged the same way (a list-measured vendor's bands are reached
		 * by less net money). */
		if ((measured_bands = malloc(bands->count * sizeof(*measured_bands))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		memcpy(measured_bands, bands->bands, bands->count * sizeof(*measured_bands));
		for (size_t i = 0; i < bands->count; i++)
			measured_bands[i].threshold_measure = offer->terms.threshold_measure;
		measured = *bands;
		measured.bands = measured_bands;
		measured.threshold_measure = offer->terms.threshold_measure;
		bands = &measured;
		out->threshold_measure = offer->terms.threshold_measure;
		out->threshold_measure_from_offer = 1;
	}
	if ((error = bw_plan_evaluate_deal(&out->outcome, paths, &deal, &opts)) < 0 ||
	    (error = bw_plan_run(&plan, paths, bands, &opts)) < 0)
		goto done;
	out->payg_expected_cost_usd = plan->payg_expected_cost_usd;
	out->payg_objective_usd = plan->payg_objective_usd;
	out->objective = plan->objective;
	out->objective_usd = out->outcome.objective_usd;
	out->recommended_band = plan->recommended;
	if (plan->recommended >= 0) {
		const bw_plan_band *b = &plan->bands[plan->recommended];
		snprintf(out->recommended_name, sizeof(out->recommended_name), "%s", b->band.name);
		/* The plan's recommendation may be the band's ramp (--ramp). */
		const bw_plan_outcome *r = plan->recommended_ramp ? &b->scheduled : &b->optimum;
		out->recommended_commit_usd = r->commit_usd;
		out->recommended_expected_cost_usd = r->expected_cost_usd;
		out->recommended_objective_usd = r->objective_usd;
	} else {
		snprintf(out->recommended_name, sizeof(out->recommended_name), "pay-as-you-go");
		out->recommended_expected_cost_usd = plan->payg_expected_cost_usd;
		out->recommended_objective_usd = plan->payg_objective_usd;
	}
	out->best_alternative_usd =
	    fmin(out->payg_expected_cost_usd, out->recommended_expected_cost_usd);
	double best = fmin(out->payg_objective_usd, out->recommended_objective_usd);
	out->best_alternative_objective_usd = best;
	int vs_payg = compare_costs(out->objective_usd, out->payg_objective_usd);
	int vs_recommended = compare_costs(out->objective_usd, out->recommended_objective_usd);
	out->beats_payg = vs_payg < 0;
	out->matches_payg = vs_payg == 0;
	out->beats_recommended = vs_recommended < 0;
	out->matches_recommended = vs_recommended == 0;

	if ((error = discount_for(offer, paths, &opts, out->objective_usd, best,
	                          &out->target_discount)) < 0 ||
	    (error = discount_for(offer, paths, &opts, out->objective_usd, out->payg_objective_usd,
	                          &out->target_discount_payg)) < 0)
		goto done;
	bw_band terms;
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
			v->objective_usd = out->objective_usd;
			continue;
		}
		bw_plan_outcome o;
		if ((error = priced(offer, &terms, paths, &opts, &o)) < 0)
			goto done;
		v->expected_cost_usd = o.expected_cost_usd;
		v->objective_usd = o.objective_usd;
		v->closes_gap = compare_costs(o.objective_usd, best) <= 0;
	}
done:
	bw_plan_result_free(plan);
	free(measured_bands);
	return error;
}

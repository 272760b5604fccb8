/*
 * plan_leverage.c: the numbers for the negotiation: what each protection
 * is worth for the recommended band (overage at the committed rate,
 * rollover, term true-up, price lock, a ramp) and the discount at which
 * the next band pays (the stretch).
 */
#include "plan_eval.h"

#include <math.h>
#include <stddef.h>

/* The rollover share valued when the band has none. */
#define ROLLOVER_REFERENCE 0.5

const char *bw_protection_name(bw_protection protection)
{
	static const char *const names[BW_PROTECTION_COUNT] = {
	    "overage_at_committed_rate", "rollover", "term_true_up", "price_lock", "ramp"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? names[protection] : "?";
}

/* The best expected cost of 'band' over [lo, hi] and, when 'also' is not
 * NULL, never worse than at commitment *also (so that comparing two
 * variants of a deal cannot show a protection as harmful through search
 * noise). *out_commit receives the commitment. */
static int best_expected(bw_plan__data *data, const bw_band *band, double commit_min,
                         double commit_max, const double *also, double *out_cost,
                         double *out_commit)
{
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_plan__evaluator ev;
	double lo, hi;
	int error;

	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	if ((error = bw_plan__evaluator_init(&ev, data, band)) < 0)
		goto done;
	bw_plan__band_range(&ev, commit_min, commit_max, &lo, &hi);
	*out_commit = bw_plan__search_objective(&ev, lo, hi);
	*out_cost = bw_plan__evaluate_objective(&ev, *out_commit);
	if (also != NULL) {
		double c = *also < lo ? lo : (*also > hi ? hi : *also);
		double f = bw_plan__evaluate_objective(&ev, c);
		if (f < *out_cost) {
			*out_cost = f;
			*out_commit = c;
		}
	}
done:
	data->options = saved;
	return error;
}

/* Value of one protection: best expected cost without it minus with it. */
static int protection_value(bw_plan__data *data, const bw_plan_band *b, const bw_band *with,
                            const bw_band *without, double *out, int never_negative)
{
	double cost_without, commit_without, cost_with, commit_with;
	int error;

	if ((error = best_expected(data, without, b->commit_min_usd, b->commit_max_usd, NULL,
	                           &cost_without, &commit_without)) < 0 ||
	    (error = best_expected(data, with, b->commit_min_usd, b->commit_max_usd,
	                           &commit_without, &cost_with, &commit_with)) < 0)
		return error;
	*out = cost_without - cost_with;
	if (never_negative && *out < 0)
		*out = 0; /* a protection cannot hurt per path: only search noise can */
	return 0;
}

/* What a ramp is worth: the best one amount pro rata minus the best
 * schedule, both with yearly true-ups and the expected cost; the search
 * starts from the flat optimum, so the value is never negative. Zero for a
 * term of a year or less (one period). */
static int ramp_value(bw_plan__data *data, const bw_plan_band *b, double *out)
{
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_band annual = b->band;
	double schedule[BW_PLAN__MAX_PERIODS], lo, hi;
	bw_plan__evaluator ev;
	int error;

	*out = 0;
	if (data->term <= 12)
		return 0;
	annual.true_up = BW_TRUE_UP_ANNUAL;
	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	if ((error = bw_plan__evaluator_init(&ev, data, &annual)) == 0) {
		bw_plan__band_range(&ev, b->commit_min_usd, b->commit_max_usd, &lo, &hi);
		double flat = bw_plan__search_objective(&ev, lo, hi);
		double flat_cost = bw_plan__evaluate_objective(&ev, flat);
		bw_plan__search_schedule(&ev, lo, hi, flat, schedule);
		double ramp_cost = bw_plan__schedule_objective(&ev, schedule);
		*out = flat_cost - ramp_cost > 0 ? flat_cost - ramp_cost : 0;
	}
	data->options = saved;
	return error;
}

int bw_plan__protections(bw_plan__data *data, bw_plan_result *result)
{
	const bw_plan_band *b = &result->bands[result->recommended];
	double list = data->totals.mean;
	int error;

	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		bw_plan_protection *out = &result->protections[p];
		bw_band with = b->band, without = b->band;
		out->protection = (bw_protection)p;
		switch (p) {
		case BW_PROTECTION_OVERAGE_COMMITTED:
			with.overage = BW_OVERAGE_COMMITTED;
			without.overage = BW_OVERAGE_LIST;
			out->in_band = b->band.overage == BW_OVERAGE_COMMITTED;
			break;
		case BW_PROTECTION_ROLLOVER:
			/* Rollover acts only between yearly true-ups. */
			out->in_band = b->band.rollover > 0;
			out->reference = out->in_band ? b->band.rollover : ROLLOVER_REFERENCE;
			with.true_up = without.true_up = BW_TRUE_UP_ANNUAL;
			with.rollover = out->reference;
			without.rollover = 0;
			break;
		case BW_PROTECTION_TERM_TRUE_UP:
			with.true_up = BW_TRUE_UP_TERM;
			without.true_up = BW_TRUE_UP_ANNUAL;
			out->in_band = b->band.true_up == BW_TRUE_UP_TERM;
			break;
		case BW_PROTECTION_PRICE_LOCK:
			with.price_lock = 1;
			without.price_lock = 0;
			out->in_band = b->band.price_lock;
			break;
		default:
			if ((error = ramp_value(data, b, &out->value_usd)) < 0)
				return error;
			out->discount_points = list > 0 ? out->value_usd / list * 100 : 0;
			continue;
		}
		if ((error = protection_value(data, b, &with, &without, &out->value_usd,
		                              p != BW_PROTECTION_PRICE_LOCK)) < 0)
			return error;
		out->discount_points = list > 0 ? out->value_usd / list * 100 : 0;
	}
	result->protections_available = 1;
	return 0;
}

/* The discount at which the next band, committed at its threshold, costs
 * no more in expectation than the recommended deal. The expected cost at
 * a fixed commitment falls as the discount deepens, so bisect. */
int bw_plan__stretch(bw_plan__data *data, bw_plan_result *result)
{
	bw_plan_stretch *s = &result->stretch;
	int next = result->recommended + 1;
	double target = result->recommended < 0
	                    ? result->payg_expected_cost_usd
	                    : result->bands[result->recommended].optimum.expected_cost_usd;
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_plan__evaluator ev;
	int error = 0;

	if ((size_t)next >= result->band_count)
		return 0;
	const bw_plan_band *b = &result->bands[next];
	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	s->available = 1;
	s->band = next;
	s->commit_usd = b->commit_min_usd;
	s->discount = b->band.discount;
	if ((error = bw_plan__evaluator_init(&ev, data, &b->band)) < 0)
		goto done;
	s->expected_cost_usd = bw_plan__evaluate_objective(&ev, s->commit_usd);
	double lo = 0, hi = 0.99;
	ev.band.discount = hi;
	if (bw_plan__evaluate_objective(&ev, s->commit_usd) > target) {
		s->break_even_discount = NAN;
		goto done;
	}
	for (int i = 0; i < BW_PLAN__BISECT_STEPS; i++) {
		ev.band.discount = (lo + hi) / 2;
		if (bw_plan__evaluate_objective(&ev, s->commit_usd) <= target)
			hi = ev.band.discount;
		else
			lo = ev.band.discount;
	}
	s->break_even_discount = hi;
done:
	data->options = saved;
	return error;
}

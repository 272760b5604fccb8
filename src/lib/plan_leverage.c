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
	static const char *const names[BW_PROTECTION_COUNT] = {"overage_at_committed_rate",
	                                                       "rollover",
	                                                       "term_true_up",
	                                                       "price_lock",
	                                                       "ramp",
	                                                       "price_cap"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? names[protection] : "?";
}

/* Root-finding steps for the equal-savings discount (at most: it stops
 * once the cost matches to 1e-10 or the bracket is under 1e-10). */
#define POINTS_STEPS 40

/* Band b's commitment range for 'terms' (b's band with another discount,
 * perhaps): under the list measure the thresholds are list dollars, so the
 * net range moves with the discount. */
static void range_for(const bw_plan_band *b, const bw_band *terms, double *min, double *max)
{
	*min = b->commit_min_usd;
	*max = b->commit_max_usd;
	if (b->band.threshold_measure == BW_THRESHOLD_LIST) {
		double scale = (1 - terms->discount) / (1 - b->band.discount);
		*min *= scale;
		*max *= scale;
	}
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

/* The best expected cost of band b's variant 'terms' at discount 'd'. */
static int best_at_discount(bw_plan__data *data, const bw_plan_band *b, const bw_band *terms,
                            double d, double *out)
{
	bw_band at = *terms;
	double min, max, commit;
	at.discount = d;
	range_for(b, &at, &min, &max);
	return best_expected(data, &at, min, max, NULL, out, &commit);
}

/*
 * The discount points a protection is worth: the change x of the
 * discount at which the best deal without the protection, re-optimised,
 * costs in expectation what the best deal with it costs: solved on the
 * paths by regula falsi (the best expected cost falls as the discount
 * deepens). With overage at list an extra point reaches only the
 * committed consumption, so this is more than value / E[list]. A negative
 * value (a fixed lock under cuts) gives negative points. NAN when no
 * discount from 0 to 99% gets there (a cost larger than the band's whole
 * discount is worth).
 */
static int equal_savings_points(bw_plan__data *data, const bw_plan_band *b, const bw_band *without,
                                double value, double *out)
{
	double d = without->discount, cost0, target, lo, hi, f;
	int error;

	*out = 0;
	if (value == 0)
		return 0;
	if ((error = best_at_discount(data, b, without, d, &cost0)) < 0)
		return error;
	target = cost0 - value;
	/* A cost (a fixed lock under cuts) is matched by giving up discount,
	 * down to none: it can cost more than the whole discount is worth. */
	lo = value > 0 ? d : 0;
	hi = value > 0 ? 0.99 : d;
	/* f falls as the discount deepens: f(lo) >= target >= f(hi) must hold. */
	double f_lo = value > 0 ? cost0 : 0, f_hi = value > 0 ? 0 : cost0;
	if ((error = best_at_discount(data, b, without, value > 0 ? hi : lo,
	                              value > 0 ? &f_hi : &f_lo)) < 0)
		return error;
	if (value > 0 ? f_hi > target : f_lo < target) {
		*out = NAN;
		return 0;
	}
	/* Regula falsi, Illinois variant: the cost is close to linear in the
	 * discount, so a few evaluations reach what bisection needs thirty
	 * for (each one a band search, path by path for simulated bands);
	 * the bracket always holds the root. */
	int side = 0;
	double x = hi;
	for (int i = 0; i < POINTS_STEPS && hi - lo > 1e-10; i++) {
		x = f_lo != f_hi ? lo + (f_lo - target) * (hi - lo) / (f_lo - f_hi) : (lo + hi) / 2;
		if (!(x > lo && x < hi))
			x = (lo + hi) / 2;
		if ((error = best_at_discount(data, b, without, x, &f)) < 0)
			return error;
		if (fabs(f - target) <= 1e-10 * fabs(target))
			break;
		if (f > target) {
			lo = x;
			f_lo = f;
			if (side == -1)
				f_hi = target + (f_hi - target) / 2;
			side = -1;
		} else {
			hi = x;
			f_hi = f;
			if (side == 1)
				f_lo = target + (f_lo - target) / 2;
			side = 1;
		}
	}
	*out = (x - d) * 100;
	return 0;
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
			with.price_lock = BW_PRICE_LOCK_FIXED;
			without.price_lock = BW_PRICE_LOCK_NONE;
			out->in_band = b->band.price_lock == BW_PRICE_LOCK_FIXED;
			break;
		case BW_PROTECTION_PRICE_CAP:
			/* Against no lock: a cap keeps the cuts, so it cannot hurt. */
			with.price_lock = BW_PRICE_LOCK_CAP;
			without.price_lock = BW_PRICE_LOCK_NONE;
			out->in_band = b->band.price_lock == BW_PRICE_LOCK_CAP;
			break;
		default:
			/* A ramp: valued, in dollars and points, against the best flat
			 * amount with yearly true-ups. */
			without.true_up = BW_TRUE_UP_ANNUAL;
			if ((error = ramp_value(data, b, &out->value_usd)) < 0 ||
			    (error = equal_savings_points(data, b, &without, out->value_usd,
			                                  &out->discount_points)) < 0)
				return error;
			continue;
		}
		if ((error = protection_value(data, b, &with, &without, &out->value_usd,
		                              p != BW_PROTECTION_PRICE_LOCK)) < 0 ||
		    (error = equal_savings_points(data, b, &without, out->value_usd,
		                                  &out->discount_points)) < 0)
			return error;
	}
	result->protections_available = 1;
	return 0;
}

/* The discount at which the next band, committed at its threshold, costs
 * no more in expectation than the recommended deal. The expected cost at
 * the threshold falls as the discount deepens, so bisect. Under the list
 * measure the threshold is list dollars: the net commitment that reaches
 * it, (1 - d) x threshold, moves with the discount tried (and the cost at
 * it still falls as the discount deepens). */
int bw_plan__stretch(bw_plan__data *data, bw_plan_result *result)
{
	bw_plan_stretch *s = &result->stretch;
	int next = result->recommended + 1;
	const bw_plan_band *chosen =
	    result->recommended >= 0 ? &result->bands[result->recommended] : NULL;
	double target = chosen == NULL             ? result->payg_expected_cost_usd
	                : result->recommended_ramp ? chosen->scheduled.expected_cost_usd
	                                           : chosen->optimum.expected_cost_usd;
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_plan__evaluator ev;
	double commit, unused;
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
	range_for(b, &ev.band, &commit, &unused);
	if (bw_plan__evaluate_objective(&ev, commit) > target) {
		s->break_even_discount = NAN;
		s->break_even_commit_usd = NAN;
		goto done;
	}
	for (int i = 0; i < BW_PLAN__BISECT_STEPS; i++) {
		ev.band.discount = (lo + hi) / 2;
		range_for(b, &ev.band, &commit, &unused);
		if (bw_plan__evaluate_objective(&ev, commit) <= target)
			hi = ev.band.discount;
		else
			lo = ev.band.discount;
	}
	s->break_even_discount = hi;
	ev.band.discount = hi;
	range_for(b, &ev.band, &s->break_even_commit_usd, &unused);
done:
	data->options = saved;
	return error;
}

/*
 * plan_lever.c: the seed's third rule in numbers. When the usage the next
 * band would draw sits just below its threshold, that threshold is a lever:
 * the buyer can ask for the next band's discount at the commitment they
 * will really fill, or commit the threshold with a protection that makes it
 * fill. Both asks are priced against the recommendation. And when the
 * recommendation wins by less than the paths can tell apart, it is a near
 * tie: the robust choice is the one that leaves less commitment unused.
 *
 * Everything here is in expected cost (the lever) or in the plan's
 * objective (the tie), on the same paths as the plan.
 */
#include "plan_eval.h"

#include "bandwise/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The rollover share asked for when the band has less (as the offer's
 * counter-offer and the protections' reference). */
#define ROLLOVER_ASK 0.5

/* The commitment at the threshold with one protection, in expected cost;
 * 0 in *available when the protection cannot act on this term. */
static int price_protected(bw_plan__data *data, const bw_band *up, double threshold, int p,
                           bw_plan_outcome *out, int *available)
{
	bw_plan_options expected = *data->options;
	double schedule[BW_PLAN__MAX_PERIODS], means[BW_PLAN__MAX_PERIODS], total = 0;
	bw_deal deal = bw_deal_from_band(up, data->term, threshold);
	int error;

	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	*available = 0;
	switch (p) {
	case BW_PROTECTION_OVERAGE_COMMITTED:
		deal.overage = BW_OVERAGE_COMMITTED;
		break;
	case BW_PROTECTION_ROLLOVER:
	case BW_PROTECTION_RAMP:
		/* Rollover and a ramp act between yearly true-ups: nothing to carry
		 * or reshape in a single period. */
		if (data->term <= 12)
			return 0;
		deal.true_up = BW_TRUE_UP_ANNUAL;
		if (p == BW_PROTECTION_ROLLOVER) {
			deal.rollover = up->rollover > ROLLOVER_ASK ? up->rollover : ROLLOVER_ASK;
			break;
		}
		/* A ramp that follows expected usage year by year, same total. */
		if ((error = bw_plan__annual_init(data)) < 0)
			return error;
		const bw_plan__periods *a = &data->annual;
		for (int k = 0; k < a->count; k++) {
			means[k] = 0;
			for (size_t i = 0; i < a->n; i++)
				means[k] +=
				    a->sums[i * (size_t)a->count + (size_t)k] / (double)a->n;
			total += means[k];
		}
		for (int k = 0; k < a->count; k++)
			schedule[k] =
			    total > 0 ? threshold * means[k] / total : threshold * a->shares[k];
		deal.schedule_usd = schedule;
		deal.schedule_count = a->count;
		break;
	default:
		return 0;
	}
	if ((error = bw_plan_evaluate_deal(out, data->paths, &deal, &expected)) < 0)
		return error;
	*available = 1;
	return 0;
}

int bw_plan__lever(bw_plan__data *data, bw_plan_result *result)
{
	bw_plan_lever *l = &result->lever;
	int rec = result->recommended, next = rec + 1, error = 0;

	memset(l, 0, sizeof(*l));
	l->best_protection = -1;
	if ((size_t)next >= result->band_count)
		return 0;
	const bw_plan_band *up = &result->bands[next];
	double threshold = up->commit_min_usd;
	/* A commitment at the next band's terms draws (1 - d) x list. The reach
	 * is judged in the band's threshold measure, as the vendor judges it:
	 * net, that draw against the threshold; list-measured, E[list] against
	 * it (bw_band_threshold_value). */
	double usage = (1 - up->band.discount) * data->totals.mean;
	double usage_value = bw_band_threshold_value(&up->band, usage);
	double threshold_value = bw_band_threshold_value(&up->band, threshold);
	if (!(threshold_value > 0) || usage_value >= threshold_value ||
	    usage_value < (1 - BW_PLAN_LEVER_REACH) * threshold_value)
		return 0;
	l->available = 1;
	l->band = next;
	l->threshold_usd = threshold;
	l->usage_usd = usage;
	l->threshold_value_usd = threshold_value;
	l->usage_value_usd = usage_value;
	l->gap = 1 - usage_value / threshold_value;
	/* The recommendation may be its band's ramp (--ramp). */
	l->reference_expected_cost_usd = rec < 0 ? result->payg_expected_cost_usd
	                                 : result->recommended_ramp
	                                     ? result->bands[rec].scheduled.expected_cost_usd
	                                     : result->bands[rec].optimum.expected_cost_usd;

	/* Ask (a): the recommended band's terms (the next band's own when
	 * pay-as-you-go is recommended) with the next band's discount, at the
	 * best commitment below the threshold. */
	bw_band asked = rec >= 0 ? result->bands[rec].band : up->band;
	double lo = rec >= 0 ? result->bands[rec].commit_min_usd : 0, c_lo, c_hi;
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_plan__evaluator ev;
	bw_plan_outcome o;
	asked.discount = up->band.discount;
	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	if ((error = bw_plan__evaluator_init(&ev, data, &asked)) == 0) {
		bw_plan__band_range(&ev, lo, threshold, &c_lo, &c_hi);
		double c = bw_plan__search_objective(&ev, c_lo, c_hi);
		bw_plan__evaluate_full(&ev, c, &o);
		l->discount_commit_usd = c;
		l->discount_expected_cost_usd = o.expected_cost_usd;
		l->discount_value_usd = l->reference_expected_cost_usd - o.expected_cost_usd;
	}
	data->options = saved;
	if (error < 0)
		return error;

	/* Ask (b): the threshold with each protection that can help it fill. */
	double best = -INFINITY;
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		if ((error = price_protected(data, &up->band, threshold, p, &o,
		                             &l->protection_available[p])) < 0)
			return error;
		if (!l->protection_available[p])
			continue;
		l->protection_expected_cost_usd[p] = o.expected_cost_usd;
		l->protection_value_usd[p] = l->reference_expected_cost_usd - o.expected_cost_usd;
		l->protection_shortfall_probability[p] = o.shortfall_probability;
		if (l->protection_value_usd[p] > best) {
			best = l->protection_value_usd[p];
			l->best_protection = p;
		}
	}
	return 0;
}

/* Each path's total cost under option 'k' (a band's optimum, or -1 for
 * pay-as-you-go) into costs[0..n-1], in path order. */
static int path_costs(const bw_plan__data *data, const bw_plan_result *result, int k, double *costs)
{
	const bw_paths *paths = data->paths;
	bw_deal deal;
	int error;

	if (k >= 0) {
		const bw_plan_band *b = &result->bands[k];
		deal = bw_deal_from_band(&b->band, data->term, b->optimum.commit_usd);
		/* A locked band consumes at signing prices (as the planner prices it). */
		if (b->band.price_lock && data->locked != NULL)
			paths = data->locked->paths;
	}
	for (size_t i = 0; i < paths->path_count; i++) {
		const double *row = paths->list_usd + i * (size_t)paths->months;
		if (k < 0) {
			costs[i] = 0;
			for (int m = 0; m < data->term; m++)
				costs[i] += row[m];
			continue;
		}
		bw_path_cost c;
		if ((error = bw_contract_cost_path(&deal, row, paths->months, &c)) < 0)
			return error;
		costs[i] = c.cost_usd;
	}
	return 0;
}

int bw_plan__tie(bw_plan__data *data, bw_plan_result *result)
{
	bw_plan_tie *t = &result->tie;
	int rec = result->recommended, runner = -2, error = 0;
	double runner_f = INFINITY;
	double *a = NULL, *b = NULL;
	size_t n = data->paths->path_count;

	memset(t, 0, sizeof(*t));
	if (rec >= 0) {
		runner = -1;
		runner_f = result->payg_objective_usd;
	}
	for (size_t i = 0; i < result->band_count; i++) {
		const bw_plan_band *bb = &result->bands[i];
		if ((int)i == rec || !bb->optimum.available)
			continue;
		if (bb->optimum.objective_usd < runner_f) {
			runner_f = bb->optimum.objective_usd;
			runner = (int)i;
		}
	}
	if (runner < -1 || n < 2)
		return 0;
	const bw_plan_outcome *best_o = rec >= 0 ? &result->bands[rec].optimum : NULL;
	const bw_plan_outcome *runner_o = runner >= 0 ? &result->bands[runner].optimum : NULL;
	double best_f = best_o ? best_o->objective_usd : result->payg_objective_usd;
	if ((a = malloc(n * sizeof(double))) == NULL || (b = malloc(n * sizeof(double))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if ((error = path_costs(data, result, rec, a)) < 0 ||
	    (error = path_costs(data, result, runner, b)) < 0)
		goto done;
	/* The noise of a difference of means on the same paths: the standard
	 * error of the mean per-path difference (paired, so the common part of
	 * the paths' variation cancels). */
	double sum = 0, sum2 = 0;
	for (size_t i = 0; i < n; i++) {
		double d = a[i] - b[i];
		sum += d;
		sum2 += d * d;
	}
	double mean = sum / (double)n, var = (sum2 - (double)n * mean * mean) / (double)(n - 1);
	t->runner_up = runner;
	t->margin_usd = runner_f - best_f;
	t->noise_usd = var > 0 ? sqrt(var / (double)n) : 0;
	double best_cost = best_o ? best_o->expected_cost_usd : result->payg_expected_cost_usd;
	double best_short = best_o ? best_o->shortfall_probability : 0;
	t->by_noise = t->margin_usd < t->noise_usd;
	t->near_tie = t->by_noise ||
	              (t->margin_usd < BW_PLAN_TIE_MARGIN * fabs(best_cost) && best_short > 0.5);
	double best_unused = best_o ? best_o->expected_unused_usd : 0;
	double runner_unused = runner_o ? runner_o->expected_unused_usd : 0;
	t->robust = runner_unused < best_unused ? runner : rec;
done:
	free(a);
	free(b);
	return error;
}

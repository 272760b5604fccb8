/*
 * plan.c: the decision over the bands.
 *
 * For each band: the commitment with the lowest objective in the band's
 * range (plan_search.c), evaluated in full (plan_eval.c), its floor and
 * risk-capped alternatives, and with --ramp the best commitment per year
 * (plan_ramp.c); the recommendation is the band with the lowest objective,
 * or pay-as-you-go; then the leverage for the negotiation
 * (plan_leverage.c). The data every evaluation reads is built once
 * (plan_data.c); the objectives are in plan_objective.c.
 */
#include "bandwise/plan.h"

#include "bandwise/contract.h"
#include "bandwise/error.h"
#include "plan_eval.h"

#include "dsort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int plan_band(bw_plan__data *data, bw_plan_band *b)
{
	const bw_plan_options *options = data->options;
	bw_plan__evaluator ev;
	double lo, hi, cap;
	int error;

	if ((error = bw_plan__evaluator_init(&ev, data, &b->band)) < 0)
		return error;
	b->exact = ev.exact;
	b->schedule_count = 0;
	bw_plan__band_range(&ev, b->commit_min_usd, b->commit_max_usd, &lo, &hi);
	bw_plan__evaluate_full(&ev, bw_plan__search_objective(&ev, lo, hi), &b->optimum);

	cap = bw_plan__largest_within_shortfall(&ev, lo, hi, 1 - options->floor_use_probability);
	if (cap >= 0)
		bw_plan__evaluate_full(&ev, cap, &b->floor);
	cap = bw_plan__largest_within_shortfall(&ev, lo, hi, options->max_shortfall_probability);
	if (cap >= 0)
		bw_plan__evaluate_full(&ev, bw_plan__search_objective(&ev, lo, cap),
		                       &b->risk_capped);
	if (options->ramp && !ev.exact && data->annual.count <= BW_PLAN_MAX_SCHEDULE) {
		bw_deal deal = bw_deal_from_band(&b->band, data->term, 0);
		double total = 0;
		bw_plan__search_schedule(&ev, lo, hi, b->optimum.commit_usd, b->schedule_usd);
		b->schedule_count = data->annual.count;
		for (int p = 0; p < b->schedule_count; p++)
			total += b->schedule_usd[p];
		deal.commit_usd = total;
		deal.schedule_usd = b->schedule_usd;
		deal.schedule_count = b->schedule_count;
		if ((error = bw_plan_evaluate_deal(&b->scheduled, data->paths, &deal, options)) < 0)
			return error;
	}
	return 0;
}

int bw_plan_run(bw_plan_result **out, const bw_paths *paths, const bw_bands *bands,
                const bw_plan_options *options)
{
	bw_plan_result *result = NULL;
	bw_plan_options opts = *options;
	bw_plan__data data;
	bw_paths *locked_paths[2] = {NULL, NULL};
	int error;

	*out = NULL;
	memset(&data, 0, sizeof(data));
	if (opts.grid_points < 2)
		opts.grid_points = 2;
	if ((error = bw_plan__check_inputs(paths, &opts)) < 0)
		return error;
	if ((error = bw_plan__data_init(&data, paths, &opts)) < 0 ||
	    (error = bw_plan__data_lock(&data, locked_paths)) < 0)
		goto done;
	if ((result = calloc(1, sizeof(*result))) == NULL ||
	    (result->bands = calloc(bands->count, sizeof(*result->bands))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	const bw_plan__totals *v = &data.totals;
	result->term_months = opts.term_months;
	result->path_count = v->n;
	result->objective = opts.objective;
	result->cvar_level = opts.cvar_level;
	result->floor_use_probability = opts.floor_use_probability;
	result->max_shortfall_probability = opts.max_shortfall_probability;
	result->payg_expected_cost_usd = v->mean;
	result->payg_p50_cost_usd = bw_plan__sorted_quantile(v->sorted, v->n, 0.5);
	result->payg_p90_cost_usd = bw_plan__sorted_quantile(v->sorted, v->n, 0.9);
	result->payg_cvar_usd = bw_plan__sorted_cvar(v->sorted, v->n, opts.cvar_level);
	double var = v->prefix2[v->n] / (double)v->n - v->mean * v->mean;
	result->payg_objective_usd = bw_plan__objective_value(
	    &opts.objective, v->mean, var > 0 ? sqrt(var) : 0,
	    bw_plan__sorted_cvar(v->sorted, v->n, bw_plan__objective_level(&opts)));
	result->recommended = -1;
	result->threshold_measure = bands->threshold_measure;
	double best = result->payg_objective_usd;
	for (size_t i = 0; i < bands->count; i++) {
		bw_plan_band *b = &result->bands[i];
		b->band = bands->bands[i];
		bw_bands_commit_range(bands, i, opts.term_months, &b->commit_min_usd,
		                      &b->commit_max_usd);
		if ((error = plan_band(&data, b)) < 0)
			goto done;
		result->band_count++;
		/* Strictly better: a tie keeps the simpler option (PAYG, or the
		 * smaller band). */
		if (bw_plan__better(b->optimum.objective_usd, best)) {
			best = b->optimum.objective_usd;
			result->recommended = (int)i;
			result->recommended_ramp = 0;
		}
		/* With --ramp, the band's ramp is an option of its own. */
		if (b->schedule_count > 0 && bw_plan__better(b->scheduled.objective_usd, best)) {
			best = b->scheduled.objective_usd;
			result->recommended = (int)i;
			result->recommended_ramp = 1;
		}
	}
	if ((error = bw_plan__stretch(&data, result)) < 0 ||
	    (result->recommended >= 0 && (error = bw_plan__protections(&data, result)) < 0) ||
	    (error = bw_plan__lever(&data, result)) < 0 ||
	    (error = bw_plan__tie(&data, result)) < 0)
		goto done;
	*out = result;
	result = NULL;
done:
	bw_plan_result_free(result);
	bw_plan__data_dispose(&data);
	bw_paths_free(locked_paths[0]);
	bw_paths_free(locked_paths[1]);
	return error;
}

int bw_plan_evaluate(bw_plan_outcome *out, const bw_paths *paths, const bw_band *band,
                     const bw_plan_options *options, double commit_usd)
{
	return bw_plan_evaluate_many(out, paths, band, &commit_usd, 1, options);
}

int bw_plan_evaluate_many(bw_plan_outcome *out, const bw_paths *paths, const bw_band *bands,
                          const double *commits_usd, size_t count, const bw_plan_options *options)
{
	bw_plan__data data;
	bw_plan__evaluator ev;
	int error;

	memset(&data, 0, sizeof(data));
	if ((error = bw_plan__check_inputs(paths, options)) < 0)
		return error;
	for (size_t k = 0; k < count; k++)
		if (!(commits_usd[k] >= 0) || !isfinite(commits_usd[k]))
			return bw_error_set(BW_ERANGE, "a commitment must be a finite amount >= 0");
	bw_paths *locked_paths[2] = {NULL, NULL};
	/* The data is read-only to an evaluation (its lazily made period sums
	 * are the same whoever makes them), so one serves them all. */
	if ((error = bw_plan__data_init(&data, paths, options)) == 0 &&
	    (error = bw_plan__data_lock(&data, locked_paths)) == 0)
		for (size_t k = 0; k < count && error == 0; k++)
			if ((error = bw_plan__evaluator_init(&ev, &data, &bands[k])) == 0)
				bw_plan__evaluate_full(&ev, commits_usd[k], &out[k]);
	bw_plan__data_dispose(&data);
	bw_paths_free(locked_paths[0]);
	bw_paths_free(locked_paths[1]);
	return error;
}

int bw_plan_evaluate_deal(bw_plan_outcome *out, const bw_paths *paths, const bw_deal *deal,
                          const bw_plan_options *options)
{
	bw_plan_options opts = *options;
	bw_plan__data data;
	bw_paths *locked = NULL;
	const bw_paths *priced = paths;
	double sum = 0, sum2 = 0, unused = 0, overage = 0, shortfalls = 0, drawn = 0, consumed = 0;
	int error;

	opts.term_months = deal->term_months;
	memset(&data, 0, sizeof(data));
	memset(out, 0, sizeof(*out));
	if ((error = bw_plan__check_inputs(paths, &opts)) < 0)
		return error;
	if ((error = bw_plan__data_init(&data, paths, &opts)) < 0)
		goto done;
	/* A price-locked deal consumes at signing prices, a capped one at the
	 * lower of signing and current prices. */
	if (deal->price_lock != BW_PRICE_LOCK_NONE && paths->price_index != NULL) {
		if ((error = deal->price_lock == BW_PRICE_LOCK_CAP
		                 ? bw_paths_at_capped_prices(paths, &locked)
		                 : bw_paths_at_locked_prices(paths, &locked)) < 0)
			goto done;
		priced = locked;
	}
	size_t n = paths->path_count;
	for (size_t i = 0; i < n; i++) {
		bw_path_cost c;
		if ((error =
		         bw_contract_cost_path(deal, priced->list_usd + i * (size_t)priced->months,
		                               priced->months, &c)) < 0)
			goto done;
		data.costs[i] = c.cost_usd;
		sum += c.cost_usd;
		sum2 += c.cost_usd * c.cost_usd;
		unused += c.unused_usd;
		overage += c.overage_usd;
		shortfalls += c.shortfall;
		drawn += c.drawn_usd;
		consumed += c.consumption_usd;
	}
	double mean = sum / (double)n, var = sum2 / (double)n - mean * mean;
	(void)bwx_dsort(data.costs, n); /* the same order as qsort, faster (dsort.h) */
	out->available = 1;
	out->commit_usd = deal->commit_usd;
	out->expected_cost_usd = mean;
	out->stdev_usd = var > 0 ? sqrt(var) : 0;
	out->p50_cost_usd = bw_plan__sorted_quantile(data.costs, n, 0.5);
	out->p90_cost_usd = bw_plan__sorted_quantile(data.costs, n, 0.9);
	out->cvar_usd = bw_plan__sorted_cvar(data.costs, n, opts.cvar_level);
	out->objective_usd = bw_plan__objective_value(
	    &opts.objective, mean, out->stdev_usd,
	    bw_plan__sorted_cvar(data.costs, n, bw_plan__objective_level(&opts)));
	out->expected_unused_usd = unused / (double)n;
	out->expected_overage_usd = overage / (double)n;
	out->shortfall_probability = shortfalls / (double)n;
	out->coverage = consumed > 0 ? drawn / consumed : 1;
	out->esr = data.totals.mean > 0 ? 1 - mean / data.totals.mean : 0;
	out->utilization =
	    deal->commit_usd > 0 ? 1 - out->expected_unused_usd / deal->commit_usd : 1;
	out->break_even_month = bw_plan__break_even_month(&data, deal->commit_usd);
done:
	bw_plan__data_dispose(&data);
	bw_paths_free(locked);
	return error;
}

int bw_plan_trapped_savings(bw_plan_trapped *out, const bw_paths *unoptimized,
                            const bw_paths *optimized, const bw_bands *bands,
                            const bw_plan_options *options)
{
	bw_plan_result *sized = NULL, *right = NULL;
	bw_plan_outcome o;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = bw_plan_run(&sized, unoptimized, bands, options)) < 0 ||
	    (error = bw_plan_run(&right, optimized, bands, options)) < 0)
		goto done;
	out->sized_band = sized->recommended;
	out->right_band = right->recommended;
	if (right->recommended >= 0) {
		const bw_plan_band *r = &right->bands[right->recommended];
		/* The recommendation may be the band's ramp (options->ramp). */
		const bw_plan_outcome *ro = right->recommended_ramp ? &r->scheduled : &r->optimum;
		out->right_commit_usd = ro->commit_usd;
		out->right_expected_cost_usd = ro->expected_cost_usd;
	} else {
		out->right_expected_cost_usd = right->payg_expected_cost_usd;
	}
	if (sized->recommended < 0) {
		/* Nothing committed: nothing can be trapped. */
		out->expected_cost_usd = right->payg_expected_cost_usd;
	} else if (sized->recommended_ramp) {
		/* The ramp sized on unoptimized usage, priced on optimized usage. */
		const bw_plan_band *b = &sized->bands[sized->recommended];
		bw_deal deal =
		    bw_deal_from_band(&b->band, options->term_months, b->scheduled.commit_usd);
		deal.schedule_usd = b->schedule_usd;
		deal.schedule_count = b->schedule_count;
		out->sized_commit_usd = b->scheduled.commit_usd;
		if ((error = bw_plan_evaluate_deal(&o, optimized, &deal, options)) < 0)
			goto done;
		out->expected_unused_usd = o.expected_unused_usd;
		out->expected_cost_usd = o.expected_cost_usd;
	} else {
		const bw_plan_band *b = &sized->bands[sized->recommended];
		out->sized_commit_usd = b->optimum.commit_usd;
		if ((error = bw_plan_evaluate(&o, optimized, &b->band, options,
		                              out->sized_commit_usd)) < 0)
			goto done;
		out->expected_unused_usd = o.expected_unused_usd;
		out->expected_cost_usd = o.expected_cost_usd;
	}
	out->extra_cost_usd = out->expected_cost_usd - out->right_expected_cost_usd;
done:
	bw_plan_result_free(sized);
	bw_plan_result_free(right);
	return error;
}

int bw_plan_cost_curve(const bw_paths *paths, const bw_band *band, const bw_plan_options *options,
                       double lo, double hi, int points, double *commits, double *costs)
{
	bw_plan__data data;
	bw_paths *locked[2] = {NULL, NULL};
	bw_plan__evaluator ev;
	bw_plan_options expected = *options;
	int error;

	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	memset(&data, 0, sizeof(data));
	if ((error = bw_plan__check_inputs(paths, &expected)) < 0)
		return error;
	if ((error = bw_plan__data_init(&data, paths, &expected)) == 0 &&
	    (error = bw_plan__data_lock(&data, locked)) == 0 &&
	    (error = bw_plan__evaluator_init(&ev, &data, band)) == 0) {
		for (int i = 0; i < points; i++) {
			commits[i] = points > 1 ? lo + (hi - lo) * i / (points - 1) : lo;
			costs[i] = bw_plan__evaluate_objective(&ev, commits[i]);
		}
	}
	bw_plan__data_dispose(&data);
	bw_paths_free(locked[0]);
	bw_paths_free(locked[1]);
	return error;
}

void bw_plan_result_free(bw_plan_result *result)
{
	if (result == NULL)
		return;
	free(result->bands);
	free(result);
}

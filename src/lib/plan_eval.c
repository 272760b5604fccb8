/*
 * plan_eval.c: evaluating one commitment under one band's terms.
 *
 * One true-up period (term true-up, or a term of a year or less): a deal's
 * cost depends on a path only through its total list spend L, and
 * cost(L) = C + s (L - q)+ is non-decreasing, with q = C / (1 - d) the
 * commitment in list dollars and s = 1 (overage at list) or 1 - d (at the
 * committed rate). After one sort of the N totals, with prefix sums S of L
 * and Q of L^2 and k = #{L_i <= q} (binary search):
 *     E[(L - q)+] = (S_N - S_k - q (N - k)) / N
 *     E[(q - L)+] = (q k - S_k) / N
 * and the CVaR and the variance follow the same way, so any commitment
 * costs O(log N): O(N log N + K log N) for K candidates instead of O(N K).
 *
 * Several periods (annual true-up over more than a year, possibly with
 * rollover) couple through the carried credit, so each candidate is priced
 * path by path on per-period sums computed once (simulate_schedule).
 */
#include "plan_eval.h"

#include "dsort.h"

#include "bandwise/contract.h"
#include "contract_periods.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int bw_plan__evaluator_init(bw_plan__evaluator *ev, bw_plan__data *data, const bw_band *band)
{
	/* A price-locked deal consumes at signing prices, a capped one at the
	 * lower of signing and current prices. */
	bw_plan__data *view = band->price_lock == BW_PRICE_LOCK_FIXED ? data->locked
	                      : band->price_lock == BW_PRICE_LOCK_CAP ? data->capped
	                                                              : NULL;
	if (view != NULL) {
		view->options = data->options;
		data = view;
	}
	ev->data = data;
	ev->band = *band;
	ev->exact = band->true_up == BW_TRUE_UP_TERM || data->term <= 12;
	ev->separable = !ev->exact && band->rollover == 0;
	if (ev->exact)
		return 0;
	return ev->separable ? bw_plan__yearly_init(data) : bw_plan__annual_init(data);
}

static size_t count_below(const bw_plan__totals *v, double q, int inclusive)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (inclusive ? v->sorted[mid] <= q : v->sorted[mid] < q)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static double one_period_cost(const bw_band *band, double commit, double list)
{
	double d = band->discount, drawn = (1 - d) * list;
	if (drawn <= commit)
		return commit;
	return commit + (drawn - commit) * (1 - bw_band_overage_discount(band)) / (1 - d);
}

/* cost(L) = C + s (L - q)+. Sums over index ranges of the sorted totals
 * follow from the prefix sums, so every statistic is O(log N). */
void bw_plan__view_stats(const bw_plan__totals *v, const bw_band *band, double commit, double level,
                         bw_plan__stats *out)
{
	double d = band->discount, q = commit / (1 - d), n = (double)v->n;
	double s = 1 - bw_band_overage_discount(band); /* cost per list dollar past q */
	size_t k = count_below(v, q, 1);
	double above = v->prefix[v->n] - v->prefix[k], count_above = n - (double)k;
	double excess = (above - q * count_above) / n;

	out->mean = commit + s * excess;
	out->overage = s * excess;
	out->unused = (1 - d) * (q * (double)k - v->prefix[k]) / n;
	out->shortfall = (double)count_below(v, q, 0) / n;
	out->coverage = v->mean > 0 ? (v->mean - excess) / v->mean : 1;
	/* E[cost^2]: C^2 below q, (a + s L)^2 above with a = C - s q. */
	double a = commit - s * q;
	double second = ((double)k * commit * commit + count_above * a * a + 2 * a * s * above +
	                 s * s * (v->prefix2[v->n] - v->prefix2[k])) /
	                n;
	double var = second - out->mean * out->mean;
	out->sd = var > 0 ? sqrt(var) : 0;
	/* CVaR: the worst m paths are the m largest totals. */
	size_t start = (size_t)floor(level * n);
	if (start >= v->n)
		start = v->n - 1;
	size_t from = start > k ? start : k;
	double m = (double)(v->n - start);
	double tail =
	    commit * m + s * ((v->prefix[v->n] - v->prefix[from]) - q * (double)(v->n - from));
	out->cvar = tail / m;
}

static void exact_stats(const bw_plan__evaluator *ev, double commit, double level,
                        bw_plan__stats *out)
{
	bw_plan__view_stats(&ev->data->totals, &ev->band, commit, level, out);
}

/* Expected cost of a separable (no rollover) multi-period deal. */
static double separable_expected(const bw_plan__evaluator *ev, double commit)
{
	const bw_plan__periods *a = &ev->data->annual;
	double total = 0;
	for (int p = 0; p < a->count; p++) {
		bw_plan__stats s;
		bw_plan__view_stats(&ev->data->yearly[p], &ev->band, commit * a->shares[p], 0.9,
		                    &s);
		total += s.mean;
	}
	return total;
}

/* Price every path; fills data->costs and the summary statistics. */
void bw_plan__simulate_schedule(const bw_plan__evaluator *ev, double commit, const double *schedule,
                                double level, int want_cvar, bw_plan__stats *out)
{
	const bw_plan__periods *v = &ev->data->annual;
	bw_deal deal = bw_deal_from_band(&ev->band, ev->data->term, commit);
	deal.schedule_usd = schedule;
	deal.schedule_count = schedule ? v->count : 0;
	double sum = 0, sum2 = 0, unused = 0, overage = 0, shortfalls = 0, drawn = 0, consumed = 0;

	for (size_t i = 0; i < v->n; i++) {
		bw_path_cost c;
		bw_contract__cost_periods(&deal, v->sums + i * (size_t)v->count, v->shares,
		                          v->count, &c);
		sum += c.cost_usd;
		sum2 += c.cost_usd * c.cost_usd;
		unused += c.unused_usd;
		overage += c.overage_usd;
		shortfalls += c.shortfall;
		drawn += c.drawn_usd;
		consumed += c.consumption_usd;
		ev->data->costs[i] = c.cost_usd;
	}
	double n = (double)v->n;
	out->mean = sum / n;
	double var = sum2 / n - out->mean * out->mean;
	out->sd = var > 0 ? sqrt(var) : 0;
	out->unused = unused / n;
	out->overage = overage / n;
	out->shortfall = shortfalls / n;
	out->coverage = consumed > 0 ? drawn / consumed : 1;
	out->cvar = 0;
	if (want_cvar) {
		(void)bwx_dsort(ev->data->costs,
		                v->n); /* the same order as qsort, faster (dsort.h) */
		out->cvar = bw_plan__sorted_cvar(ev->data->costs, v->n, level);
	}
}

static void simulate(const bw_plan__evaluator *ev, double commit, double level, int want_cvar,
                     bw_plan__stats *out)
{
	bw_plan__simulate_schedule(ev, commit, NULL, level, want_cvar, out);
}

double bw_plan__evaluate_objective(const bw_plan__evaluator *ev, double commit)
{
	const bw_plan_options *options = ev->data->options;
	double level = bw_plan__objective_level(options);
	bw_plan__stats s;
	if (ev->separable && options->objective.kind == BW_OBJECTIVE_EXPECTED)
		return separable_expected(ev, commit);
	if (ev->exact)
		exact_stats(ev, commit, level, &s);
	else
		simulate(ev, commit, level, options->objective.kind == BW_OBJECTIVE_CVAR, &s);
	return bw_plan__objective_value(&options->objective, s.mean, s.sd, s.cvar);
}

double bw_plan__evaluate_shortfall(const bw_plan__evaluator *ev, double commit)
{
	bw_plan__stats s;
	if (ev->exact)
		exact_stats(ev, commit, 0.9, &s);
	else
		simulate(ev, commit, 0.9, 0, &s);
	return s.shortfall;
}

/* Median over paths of the first month whose cumulative list spend reaches
 * the commitment: from then on the deal costs no more than pay-as-you-go
 * (exact with one true-up period). 0 when fewer than half the paths get
 * there within the term. */
double bw_plan__break_even_month(const bw_plan__data *data, double commit)
{
	const bw_paths *paths = data->paths;
	size_t n = paths->path_count, counts[1201 + 1] = {0}, seen = 0;

	/* Months are whole numbers 1..T (T + 1 = never): count them instead of
	 * sorting. */
	for (size_t i = 0; i < n; i++) {
		const double *row = paths->list_usd + i * (size_t)paths->months;
		double cumulative = 0;
		int m = 0;
		while (m < data->term && cumulative < commit)
			cumulative += row[m++];
		counts[cumulative >= commit ? m : data->term + 1]++;
	}
	for (int m = 1; m <= data->term; m++) {
		seen += counts[m];
		if (2 * seen >= n)
			return (double)m; /* the median path gets there in month m */
	}
	return 0;
}

void bw_plan__evaluate_full(const bw_plan__evaluator *ev, double commit, bw_plan_outcome *out)
{
	const bw_plan_options *options = ev->data->options;
	const bw_plan__totals *v = &ev->data->totals;
	bw_plan__stats s, objective_stats;

	memset(out, 0, sizeof(*out));
	out->available = 1;
	out->commit_usd = commit;
	if (ev->exact) {
		exact_stats(ev, commit, options->cvar_level, &s);
		out->p50_cost_usd = one_period_cost(&ev->band, commit,
		                                    bw_plan__sorted_quantile(v->sorted, v->n, 0.5));
		out->p90_cost_usd = one_period_cost(&ev->band, commit,
		                                    bw_plan__sorted_quantile(v->sorted, v->n, 0.9));
		exact_stats(ev, commit, bw_plan__objective_level(options), &objective_stats);
	} else {
		simulate(ev, commit, options->cvar_level, 1, &s);
		out->p50_cost_usd = bw_plan__sorted_quantile(ev->data->costs, v->n, 0.5);
		out->p90_cost_usd = bw_plan__sorted_quantile(ev->data->costs, v->n, 0.9);
		objective_stats = s;
		if (options->objective.kind == BW_OBJECTIVE_CVAR)
			objective_stats.cvar = bw_plan__sorted_cvar(ev->data->costs, v->n,
			                                            options->objective.parameter);
	}
	out->objective_usd = bw_plan__objective_value(&options->objective, objective_stats.mean,
	                                              objective_stats.sd, objective_stats.cvar);
	out->expected_cost_usd = s.mean;
	out->cvar_usd = s.cvar;
	out->stdev_usd = s.sd;
	out->expected_unused_usd = s.unused;
	out->shortfall_probability = s.shortfall;
	out->expected_overage_usd = s.overage;
	out->coverage = s.coverage;
	out->esr = ev->data->list_mean > 0 ? 1 - s.mean / ev->data->list_mean : 0;
	out->utilization = commit > 0 ? 1 - s.unused / commit : 1;
	out->break_even_month = bw_plan__break_even_month(ev->data, commit);
}

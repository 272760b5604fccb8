/*
 * plan_search.c: searching a band's commitment range for the best
 * commitment by the objective and for the largest one within a shortfall
 * cap.
 *
 * With one true-up period every candidate costs O(log N) (plan_eval.c), so
 * the whole grid is priced, plus the newsvendor closed form. With several
 * periods each candidate is priced path by path, so over a coarse grid,
 * then refined by golden-section search around the best grid point.
 */
#include "plan_eval.h"

#include <math.h>
#include <stddef.h>

#define COARSE_POINTS 48
#define GOLDEN_STEPS  32

/* The commitments worth trying: the band's range, capped where more
 * commitment can only cost more (above every path's consumption). */
void bw_plan__band_range(const bw_plan__evaluator *ev, double commit_min, double commit_max,
                         double *lo, double *hi)
{
	const bw_plan__totals *v = &ev->data->totals;
	*lo = commit_min;
	*hi = (1 - ev->band.discount) * v->sorted[v->n - 1];
	/* The range is [min, max): the next band starts at its threshold, so
	 * the last commitment on these terms is a dollar below it (a
	 * millionth of it for thresholds under a million dollars). */
	if (isfinite(commit_max) && *hi >= commit_max - fmin(1, commit_max * 1e-6))
		*hi = commit_max - fmin(1, commit_max * 1e-6);
	if (*hi < *lo)
		*hi = *lo;
}

/*
 * The largest commitment in [lo, hi] whose shortfall probability is at
 * most 'cap', or -1 when even 'lo' exceeds it. The shortfall probability
 * never falls as the commitment grows. Exact: #{L < q} <= floor(cap N)
 * holds for q up to the (floor(cap N) + 1)-th smallest total.
 */
double bw_plan__largest_within_shortfall(const bw_plan__evaluator *ev, double lo, double hi,
                                         double cap)
{
	if (ev->exact) {
		const bw_plan__totals *v = &ev->data->totals;
		size_t j = (size_t)floor(cap * (double)v->n + 1e-9);
		double c = j < v->n ? (1 - ev->band.discount) * v->sorted[j] : INFINITY;
		if (c < lo)
			return bw_plan__evaluate_shortfall(ev, lo) <= cap ? lo : -1;
		return c < hi ? c : hi;
	}
	if (bw_plan__evaluate_shortfall(ev, lo) > cap)
		return -1;
	if (bw_plan__evaluate_shortfall(ev, hi) <= cap)
		return hi;
	double a = lo, b = hi;
	for (int i = 0; i < BW_PLAN__BISECT_STEPS; i++) {
		double mid = (a + b) / 2;
		if (bw_plan__evaluate_shortfall(ev, mid) <= cap)
			a = mid;
		else
			b = mid;
	}
	return a;
}

/* Golden-section search of [a, z] (a bracket around the best grid point
 * 'best' with objective *best_f); returns the better of the two. */
static double golden(const bw_plan__evaluator *ev, double a, double z, double best, double *best_f)
{
	const double r = 0.6180339887498949;
	double x1 = z - r * (z - a), x2 = a + r * (z - a);
	double f1 = bw_plan__evaluate_objective(ev, x1), f2 = bw_plan__evaluate_objective(ev, x2);
	for (int i = 0; i < GOLDEN_STEPS; i++) {
		if (f1 <= f2) {
			z = x2;
			x2 = x1;
			f2 = f1;
			x1 = z - r * (z - a);
			f1 = bw_plan__evaluate_objective(ev, x1);
		} else {
			a = x1;
			x1 = x2;
			f1 = f2;
			x2 = a + r * (z - a);
			f2 = bw_plan__evaluate_objective(ev, x2);
		}
	}
	double x = f1 <= f2 ? x1 : x2, f = f1 <= f2 ? f1 : f2;
	if (bw_plan__better(f, *best_f)) {
		*best_f = f;
		return x;
	}
	return best;
}

/*
 * One period, CVaR objective: the exact optimum. The CVaR at level a is
 * the mean cost of the worst m paths (the m largest totals, from index
 * j = floor(a N)): [C m + s sum_{i >= max(j, k)} (L_i - q)] / m with
 * q = C / (1 - d) and k = #{L_i <= q}. Between consecutive totals k is
 * fixed, so the CVaR is linear in C: its minimum over [lo, hi] is at an
 * end or at a kink C = (1 - d) L_i, and only kinks with i >= j change the
 * slope. Trying those N - j points (O(log N) each) is exact, not a grid.
 */
static double cvar_kinks(const bw_plan__evaluator *ev, double lo, double hi, double best,
                         double *best_f)
{
	const bw_plan__totals *v = &ev->data->totals;
	double level = bw_plan__objective_level(ev->data->options), d = ev->band.discount;
	size_t j = (size_t)floor(level * (double)v->n);
	for (size_t i = j < v->n ? j : v->n - 1; i < v->n; i++) {
		double c = (1 - d) * v->sorted[i];
		if (c < lo || c > hi)
			continue;
		double f = bw_plan__evaluate_objective(ev, c);
		if (bw_plan__better(f, *best_f) ||
		    (f <= *best_f + BW_PLAN__TIE_TOLERANCE * fabs(*best_f) && c < best)) {
			*best_f = f;
			best = c;
		}
	}
	return best;
}

/* The commitment in [lo, hi] with the lowest objective. */
double bw_plan__search_objective(const bw_plan__evaluator *ev, double lo, double hi)
{
	const bw_plan_options *options = ev->data->options;
	int points = ev->exact ? options->grid_points
	                       : (options->grid_points < COARSE_POINTS ? options->grid_points
	                                                               : COARSE_POINTS);
	double step = points > 1 && hi > lo ? (hi - lo) / (double)(points - 1) : 0;
	double best = lo, best_f = bw_plan__evaluate_objective(ev, lo);

	for (int k = 1; k < points && step > 0; k++) {
		double c = lo + step * (double)k, f = bw_plan__evaluate_objective(ev, c);
		if (bw_plan__better(f, best_f)) {
			best_f = f;
			best = c;
		}
	}
	if (ev->exact) {
		/* The newsvendor closed form (DOMAIN §2.6) for the expected
		 * cost: E[C + s (L - q)+] has slope (1 - d) - s P(L > q) in q, so
		 * q* = F^-1(1 - (1 - d) / s): with overage at list (s = 1),
		 * C* = (1 - d) F^-1(d); at the committed rate (s = 1 - d) the
		 * band floor. F^-1(p) is the smallest total whose empirical CDF
		 * reaches p; the result is clamped to the band. */
		double d = ev->band.discount, s = 1 - bw_band_overage_discount(&ev->band);
		if (s > 1 - d && options->objective.kind == BW_OBJECTIVE_EXPECTED) {
			const bw_plan__totals *v = &ev->data->totals;
			size_t j = (size_t)ceil((1 - (1 - d) / s) * (double)v->n);
			double c = (1 - d) * v->sorted[j > 0 ? j - 1 : 0];
			c = c < lo ? lo : (c > hi ? hi : c);
			double f = bw_plan__evaluate_objective(ev, c);
			if (f <= best_f + BW_PLAN__TIE_TOLERANCE * fabs(best_f)) {
				best_f = f;
				best = c;
			}
		}
		/* The upper end of the range (a cap can end between grid points). */
		double f = bw_plan__evaluate_objective(ev, hi);
		if (bw_plan__better(f, best_f)) {
			best_f = f;
			best = hi;
		}
		/* Beyond the grid: exact for the CVaR, golden section for the
		 * mean + lambda sd (smooth between totals). */
		if (options->objective.kind == BW_OBJECTIVE_CVAR)
			best = cvar_kinks(ev, lo, hi, best, &best_f);
		else if (options->objective.kind == BW_OBJECTIVE_MEAN_STD && step > 0)
			best = golden(ev, best - step < lo ? lo : best - step,
			              best + step > hi ? hi : best + step, best, &best_f);
		return best;
	}
	if (step > 0)
		best = golden(ev, best - step < lo ? lo : best - step,
		              best + step > hi ? hi : best + step, best, &best_f);
	return best;
}

/*
 * plan.c: the decision over the bands.
 *
 * Term true-up (one period): a deal's cost depends on a path only through
 * its total list spend L, and cost(L) is non-decreasing, so after one sort
 * of the N totals and their prefix sums every statistic of any commitment
 * follows from a binary search: with q = C / (1 - d) the commitment in
 * list dollars and k = #{L_i <= q},
 *     E[(L - q)+] = (S_N - S_k - q (N - k)) / N
 *     E[(q - L)+] = (q k - S_k) / N
 * This is O(N log N + K log N) for K candidates instead of O(N K).
 *
 * Annual true-up, possibly with rollover, couples the periods, so each
 * candidate is priced path by path (on period sums computed once) over a
 * coarse grid, then refined by golden-section search around the best grid
 * point (the expected cost is convex in C within a band).
 */
#include "bandwise/plan.h"

#include "bandwise/contract.h"
#include "bandwise/error.h"
#include "contract_periods.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PERIODS 100
#define COARSE_POINTS 64
#define GOLDEN_STEPS 40
/* Relative difference in expected cost below which two commitments tie. */
#define TIE_TOLERANCE 1e-12

static int double_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Type 7 quantile of sorted values. */
static double sorted_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

/* --- term true-up: exact on sorted totals ---------------------------------- */

typedef struct {
	double *sorted;  /* path totals over the term, ascending */
	double *prefix;  /* prefix[k] = sum of the k smallest */
	size_t n;
	double mean;
} totals_view;

/* #{L_i <= q} (upper bound) or #{L_i < q} (lower bound). */
static size_t count_below(const totals_view *v, double q, int inclusive)
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

static double term_cost_of_total(const bw_band *band, double commit, double list)
{
	double d = band->discount, drawn = (1 - d) * list;
	if (drawn <= commit)
		return commit;
	return commit + (band->overage == BW_OVERAGE_COMMITTED ? drawn - commit : (drawn - commit) / (1 - d));
}

static double term_expected_cost(const totals_view *v, const bw_band *band, double commit)
{
	double d = band->discount, q = commit / (1 - d), n = (double)v->n;
	size_t k = count_below(v, q, 1);
	double excess = (v->prefix[v->n] - v->prefix[k] - q * (n - (double)k)) / n;
	return commit + (band->overage == BW_OVERAGE_COMMITTED ? (1 - d) * excess : excess);
}

static void term_outcome(const totals_view *v, const bw_band *band, double commit,
			 bw_plan_outcome *out)
{
	double d = band->discount, q = commit / (1 - d), n = (double)v->n;
	size_t k = count_below(v, q, 1);
	double excess = (v->prefix[v->n] - v->prefix[k] - q * (n - (double)k)) / n;
	double shortfall = (q * (double)k - v->prefix[k]) / n;

	memset(out, 0, sizeof(*out));
	out->commit_usd = commit;
	out->expected_overage_usd = band->overage == BW_OVERAGE_COMMITTED ? (1 - d) * excess : excess;
	out->expected_cost_usd = commit + out->expected_overage_usd;
	out->expected_unused_usd = (1 - d) * shortfall;
	out->shortfall_probability = (double)count_below(v, q, 0) / n;
	out->p50_cost_usd = term_cost_of_total(band, commit, sorted_quantile(v->sorted, v->n, 0.5));
	out->p90_cost_usd = term_cost_of_total(band, commit, sorted_quantile(v->sorted, v->n, 0.9));
	out->esr = v->mean > 0 ? 1 - out->expected_cost_usd / v->mean : 0;
	out->utilization = commit > 0 ? 1 - out->expected_unused_usd / commit : 1;
}

/* --- annual true-up: per-path simulation on period sums -------------------- */

typedef struct {
	double *sums;    /* n x count period sums */
	double shares[MAX_PERIODS];
	int count;
	size_t n;
	double mean;
} periods_view;

static int periods_view_init(periods_view *v, const bw_paths *paths, const bw_band *band, int term)
{
	bw_deal deal = bw_deal_from_band(band, term, 0);
	int first[MAX_PERIODS];

	memset(v, 0, sizeof(*v));
	if ((v->count = bw_contract__periods(&deal, v->shares, first, MAX_PERIODS)) < 0)
		return bw_error_set(BW_ERANGE, "a term of %d months has too many true-up periods", term);
	v->n = paths->path_count;
	if ((v->sums = calloc(v->n * (size_t)v->count, sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const double *row = paths->list_usd + i * (size_t)paths->months;
		for (int p = 0; p < v->count; p++) {
			int end = p + 1 < v->count ? first[p + 1] : term;
			double s = 0;
			for (int m = first[p]; m < end; m++)
				s += row[m];
			v->sums[i * (size_t)v->count + (size_t)p] = s;
			v->mean += s;
		}
	}
	v->mean /= (double)v->n;
	return 0;
}

/* Expected cost only (costs == NULL) or the full outcome (costs: room for
 * n values, sorted on return). */
static void periods_outcome(const periods_view *v, const bw_band *band, int term, double commit,
			    bw_plan_outcome *out, double *costs)
{
	bw_deal deal = bw_deal_from_band(band, term, commit);
	double cost = 0, unused = 0, overage = 0, shortfalls = 0;

	for (size_t i = 0; i < v->n; i++) {
		bw_path_cost c;
		bw_contract__cost_periods(&deal, v->sums + i * (size_t)v->count, v->shares, v->count, &c);
		cost += c.cost_usd;
		unused += c.unused_usd;
		overage += c.overage_usd;
		shortfalls += c.shortfall;
		if (costs)
			costs[i] = c.cost_usd;
	}
	memset(out, 0, sizeof(*out));
	out->commit_usd = commit;
	out->expected_cost_usd = cost / (double)v->n;
	out->expected_unused_usd = unused / (double)v->n;
	out->expected_overage_usd = overage / (double)v->n;
	out->shortfall_probability = shortfalls / (double)v->n;
	out->esr = v->mean > 0 ? 1 - out->expected_cost_usd / v->mean : 0;
	out->utilization = commit > 0 ? 1 - out->expected_unused_usd / commit : 1;
	if (costs) {
		qsort(costs, v->n, sizeof(*costs), double_compare);
		out->p50_cost_usd = sorted_quantile(costs, v->n, 0.5);
		out->p90_cost_usd = sorted_quantile(costs, v->n, 0.9);
	}
}

/* --- the search ------------------------------------------------------------- */

/* The commitments worth trying for a band: its range, capped where more
 * commitment can only cost more (every path's consumption below it). */
static void search_range(const bw_plan_band *b, double max_total_list, double *lo, double *hi)
{
	double d = b->band.discount;
	*lo = b->commit_min_usd;
	*hi = (1 - d) * max_total_list;
	if (isfinite(b->commit_max_usd) && *hi >= b->commit_max_usd)
		*hi = b->commit_max_usd * (1 - 1e-12); /* the next band starts at its threshold */
	if (*hi < *lo)
		*hi = *lo;
}

static void plan_term_band(bw_plan_band *b, const totals_view *v, int grid_points)
{
	double lo, hi, best_commit, best_cost, d = b->band.discount;

	search_range(b, v->sorted[v->n - 1], &lo, &hi);
	best_commit = lo;
	best_cost = term_expected_cost(v, &b->band, lo);
	for (int k = 1; k < grid_points && hi > lo; k++) {
		double c = lo + (hi - lo) * (double)k / (double)(grid_points - 1);
		double e = term_expected_cost(v, &b->band, c);
		/* Only a real improvement moves the choice: where the expected
		 * cost is flat (every path above q, say) rounding noise must not
		 * pick a larger commitment than needed. */
		if (e < best_cost - TIE_TOLERANCE * best_cost) {
			best_cost = e;
			best_commit = c;
		}
	}
	/* The closed forms (DOMAIN §2.6): overage at list, the newsvendor
	 * fractile C* = (1 - d) F^-1(d) with F^-1(d) the smallest total with
	 * F >= d; overage at the committed rate, the band floor (in the grid). */
	if (b->band.overage == BW_OVERAGE_LIST) {
		size_t j = (size_t)ceil(d * (double)v->n);
		double c = (1 - d) * v->sorted[j > 0 ? j - 1 : 0];
		c = c < lo ? lo : (c > hi ? hi : c);
		double e = term_expected_cost(v, &b->band, c);
		if (e <= best_cost + TIE_TOLERANCE * best_cost) {
			best_cost = e;
			best_commit = c;
		}
	}
	term_outcome(v, &b->band, best_commit, &b->best);
	b->exact = 1;
}

static int plan_simulated_band(bw_plan_band *b, const bw_paths *paths, int term, int grid_points,
			       double max_total_list)
{
	periods_view v;
	bw_plan_outcome o;
	double lo, hi, *costs = NULL;
	int points = grid_points < COARSE_POINTS ? grid_points : COARSE_POINTS, error;

	if ((error = periods_view_init(&v, paths, &b->band, term)) < 0)
		return error;
	search_range(b, max_total_list, &lo, &hi);
	double step = points > 1 ? (hi - lo) / (double)(points - 1) : 0, best = lo, best_cost = INFINITY;
	for (int k = 0; k < points; k++) {
		double c = lo + step * (double)k;
		periods_outcome(&v, &b->band, term, c, &o, NULL);
		if (k == 0 || o.expected_cost_usd < best_cost - TIE_TOLERANCE * best_cost) {
			best_cost = o.expected_cost_usd;
			best = c;
		}
	}
	/* Golden-section search in the bracket around the best grid point. */
	if (step > 0) {
		const double r = 0.6180339887498949;
		double a = best - step < lo ? lo : best - step, z = best + step > hi ? hi : best + step;
		double x1 = z - r * (z - a), x2 = a + r * (z - a), f1, f2;
		periods_outcome(&v, &b->band, term, x1, &o, NULL);
		f1 = o.expected_cost_usd;
		periods_outcome(&v, &b->band, term, x2, &o, NULL);
		f2 = o.expected_cost_usd;
		for (int i = 0; i < GOLDEN_STEPS; i++) {
			if (f1 <= f2) {
				z = x2;
				x2 = x1;
				f2 = f1;
				x1 = z - r * (z - a);
				periods_outcome(&v, &b->band, term, x1, &o, NULL);
				f1 = o.expected_cost_usd;
			} else {
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = a + r * (z - a);
				periods_outcome(&v, &b->band, term, x2, &o, NULL);
				f2 = o.expected_cost_usd;
			}
		}
		double x = f1 <= f2 ? x1 : x2, f = f1 <= f2 ? f1 : f2;
		if (f < best_cost - TIE_TOLERANCE * best_cost)
			best = x;
	}
	if ((costs = malloc(v.n * sizeof(*costs))) == NULL) {
		free(v.sums);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	periods_outcome(&v, &b->band, term, best, &b->best, costs);
	b->exact = 0;
	free(costs);
	free(v.sums);
	return 0;
}

static int check_paths(const bw_paths *paths, int term)
{
	if (paths == NULL || paths->path_count == 0)
		return bw_error_set(BW_ERANGE, "the plan needs at least one path");
	if (term < 1 || paths->months < term)
		return bw_error_set(BW_ERANGE,
				    "the paths cover %d months but the term is %d: forecast at "
				    "least as many months as the term",
				    paths->months, term);
	return 0;
}

/* Sorted path totals over the term and their prefix sums. */
static int totals_view_init(totals_view *v, const bw_paths *paths, int term)
{
	memset(v, 0, sizeof(*v));
	v->n = paths->path_count;
	if ((v->sorted = malloc(v->n * sizeof(double))) == NULL ||
	    (v->prefix = malloc((v->n + 1) * sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory for %zu paths", v->n);
	for (size_t i = 0; i < v->n; i++) {
		const double *row = paths->list_usd + i * (size_t)paths->months;
		double s = 0;
		for (int m = 0; m < term; m++)
			s += row[m];
		v->sorted[i] = s;
	}
	qsort(v->sorted, v->n, sizeof(double), double_compare);
	v->prefix[0] = 0;
	for (size_t i = 0; i < v->n; i++)
		v->prefix[i + 1] = v->prefix[i] + v->sorted[i];
	v->mean = v->prefix[v->n] / (double)v->n;
	return 0;
}

int bw_plan_run(bw_plan_result **out, const bw_paths *paths, const bw_bands *bands,
		const bw_plan_options *options)
{
	bw_plan_result *result = NULL;
	totals_view v = {0};
	int term = options->term_months, grid = options->grid_points < 2 ? 2 : options->grid_points;
	int error;

	*out = NULL;
	if ((error = check_paths(paths, term)) < 0)
		return error;
	if ((error = totals_view_init(&v, paths, term)) < 0)
		goto done;
	if ((result = calloc(1, sizeof(*result))) == NULL ||
	    (result->bands = calloc(bands->count, sizeof(*result->bands))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	result->term_months = term;
	result->path_count = v.n;
	result->payg_expected_cost_usd = v.mean;
	result->payg_p50_cost_usd = sorted_quantile(v.sorted, v.n, 0.5);
	result->payg_p90_cost_usd = sorted_quantile(v.sorted, v.n, 0.9);
	result->recommended = -1;
	double best_cost = v.mean;
	for (size_t i = 0; i < bands->count; i++) {
		bw_plan_band *b = &result->bands[i];
		b->band = bands->bands[i];
		bw_bands_commit_range(bands, i, term, &b->commit_min_usd, &b->commit_max_usd);
		/* One period (term true-up, where rollover has nowhere to go, or
		 * a term of at most a year) is exact; otherwise simulate. */
		if (b->band.true_up == BW_TRUE_UP_TERM || term <= 12)
			plan_term_band(b, &v, grid);
		else if ((error = plan_simulated_band(b, paths, term, grid, v.sorted[v.n - 1])) < 0)
			goto done;
		result->band_count++;
		/* Strictly lower: on a tie the simpler option (PAYG, or the
		 * smaller band) stays recommended. */
		if (b->best.expected_cost_usd < best_cost) {
			best_cost = b->best.expected_cost_usd;
			result->recommended = (int)i;
		}
	}
	*out = result;
	result = NULL;
done:
	bw_plan_result_free(result);
	free(v.sorted);
	free(v.prefix);
	return error;
}

int bw_plan_evaluate(bw_plan_outcome *out, const bw_paths *paths, const bw_band *band,
		     int term_months, double commit_usd)
{
	int error;

	if ((error = check_paths(paths, term_months)) < 0)
		return error;
	if (band->true_up == BW_TRUE_UP_TERM || term_months <= 12) {
		totals_view v;
		if ((error = totals_view_init(&v, paths, term_months)) == 0)
			term_outcome(&v, band, commit_usd, out);
		free(v.sorted);
		free(v.prefix);
		return error;
	}
	periods_view v;
	double *costs;
	if ((error = periods_view_init(&v, paths, band, term_months)) < 0)
		return error;
	if ((costs = malloc(v.n * sizeof(*costs))) == NULL) {
		free(v.sums);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	periods_outcome(&v, band, term_months, commit_usd, out, costs);
	free(costs);
	free(v.sums);
	return 0;
}

void bw_plan_result_free(bw_plan_result *result)
{
	if (result == NULL)
		return;
	free(result->bands);
	free(result);
}

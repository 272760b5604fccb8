/*
 * plan.c: the decision over the bands.
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
 * path by path on per-period sums computed once, over a coarse grid, then
 * refined by golden-section search around the best grid point.
 */
#include "bandwise/plan.h"

#include "bandwise/contract.h"
#include "bandwise/error.h"
#include "contract_periods.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PERIODS 100
#define COARSE_POINTS 48
#define GOLDEN_STEPS 32
#define BISECT_STEPS 45
/* A ramp's line searches: grid points, then golden-section steps (0.618^20
 * leaves under 1e-4 of the bracket). */
#define LINE_POINTS 10
#define LINE_GOLDEN_STEPS 20
/* Relative difference in the objective below which two commitments tie;
 * a tie keeps the smaller commitment. */
#define TIE_TOLERANCE 1e-12
/* The rollover share valued when the band has none. */
#define ROLLOVER_REFERENCE 0.5

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

/* Mean of the worst (1 - level) share of sorted values: the top m values,
 * m = N - floor(level N) (at least one). */
static double sorted_cvar(const double *sorted, size_t n, double level)
{
	size_t start = (size_t)floor(level * (double)n), m;
	double sum = 0;
	if (start >= n)
		start = n - 1;
	m = n - start;
	for (size_t i = start; i < n; i++)
		sum += sorted[i];
	return sum / (double)m;
}

/* --- objectives -------------------------------------------------------------- */

int bw_objective_parse(const char *text, bw_objective *out)
{
	const char *colon = strchr(text, ':');
	size_t name_len = colon ? (size_t)(colon - text) : strlen(text);
	char *end = NULL;
	double value = 0;

	if (colon != NULL) {
		value = strtod(colon + 1, &end);
		if (end == colon + 1 || *end != '\0' || !isfinite(value))
			goto bad;
	}
	if (name_len == 8 && strncmp(text, "expected", 8) == 0 && colon == NULL) {
		out->kind = BW_OBJECTIVE_EXPECTED;
		out->parameter = 0;
		return 0;
	}
	if (name_len == 4 && strncmp(text, "cvar", 4) == 0) {
		out->kind = BW_OBJECTIVE_CVAR;
		out->parameter = colon ? value : 0.9;
		if (!(out->parameter > 0 && out->parameter < 1))
			goto bad;
		return 0;
	}
	if (name_len == 7 && strncmp(text, "meanstd", 7) == 0) {
		out->kind = BW_OBJECTIVE_MEAN_STD;
		out->parameter = colon ? value : 1.0;
		if (!(out->parameter >= 0))
			goto bad;
		return 0;
	}
bad:
	return bw_error_set(BW_EUSAGE,
			    "unknown objective '%s': expected 'expected', 'cvar[:LEVEL]' with 0 < "
			    "LEVEL < 1, or 'meanstd[:LAMBDA]' with LAMBDA >= 0",
			    text);
}

void bw_objective_describe(const bw_objective *objective, char *buf, size_t size)
{
	switch (objective->kind) {
	case BW_OBJECTIVE_CVAR:
		snprintf(buf, size, "CVaR %g%%", objective->parameter * 100);
		break;
	case BW_OBJECTIVE_MEAN_STD:
		snprintf(buf, size, "mean + %g sd", objective->parameter);
		break;
	default:
		snprintf(buf, size, "expected cost");
	}
}

static double objective_value(const bw_objective *objective, double mean, double sd, double cvar)
{
	switch (objective->kind) {
	case BW_OBJECTIVE_CVAR:
		return cvar;
	case BW_OBJECTIVE_MEAN_STD:
		return mean + objective->parameter * sd;
	default:
		return mean;
	}
}

const char *bw_protection_name(bw_protection protection)
{
	static const char *const names[BW_PROTECTION_COUNT] = {
		"overage_at_committed_rate", "rollover", "term_true_up", "price_lock", "ramp"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? names[protection] : "?";
}

/* --- the data every evaluation reads ---------------------------------------- */

typedef struct {
	double *sorted;  /* path totals over the term, ascending */
	double *prefix;  /* prefix[k] = sum of the k smallest */
	double *prefix2; /* prefix2[k] = sum of their squares */
	size_t n;
	double mean;
} totals_view;

typedef struct {
	double *sums; /* n x count period sums */
	double shares[MAX_PERIODS];
	int count;
	size_t n;
} periods_view;

typedef struct plan_data {
	const bw_paths *paths;
	const bw_plan_options *options;
	int term;
	totals_view totals;
	periods_view annual; /* built on first use */
	totals_view *yearly; /* per annual period: sorted sums, built on first use */
	double *costs;       /* scratch, n values */
	double list_mean;    /* E[list over the term] at the prices paid, for the ESR */
	struct plan_data *locked; /* the same at signing prices, for price-locked deals; or NULL */
} plan_data;

static int totals_init(totals_view *v, const bw_paths *paths, int term)
{
	memset(v, 0, sizeof(*v));
	v->n = paths->path_count;
	if ((v->sorted = malloc(v->n * sizeof(double))) == NULL ||
	    (v->prefix = malloc((v->n + 1) * sizeof(double))) == NULL ||
	    (v->prefix2 = malloc((v->n + 1) * sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory for %zu paths", v->n);
	for (size_t i = 0; i < v->n; i++) {
		const double *row = paths->list_usd + i * (size_t)paths->months;
		double s = 0;
		for (int m = 0; m < term; m++)
			s += row[m];
		v->sorted[i] = s;
	}
	qsort(v->sorted, v->n, sizeof(double), double_compare);
	v->prefix[0] = v->prefix2[0] = 0;
	for (size_t i = 0; i < v->n; i++) {
		v->prefix[i + 1] = v->prefix[i] + v->sorted[i];
		v->prefix2[i + 1] = v->prefix2[i] + v->sorted[i] * v->sorted[i];
	}
	v->mean = v->prefix[v->n] / (double)v->n;
	return 0;
}

static int annual_init(plan_data *data)
{
	periods_view *v = &data->annual;
	bw_deal deal = {data->term, 0, 0, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_ANNUAL, NULL, 0, 0};
	int first[MAX_PERIODS];

	if (v->sums != NULL)
		return 0;
	if ((v->count = bw_contract__periods(&deal, v->shares, first, MAX_PERIODS)) < 0)
		return bw_error_set(BW_ERANGE, "a term of %d months has too many true-up periods",
				    data->term);
	v->n = data->paths->path_count;
	if ((v->sums = calloc(v->n * (size_t)v->count, sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const double *row = data->paths->list_usd + i * (size_t)data->paths->months;
		for (int p = 0; p < v->count; p++) {
			int end = p + 1 < v->count ? first[p + 1] : data->term;
			double s = 0;
			for (int m = first[p]; m < end; m++)
				s += row[m];
			v->sums[i * (size_t)v->count + (size_t)p] = s;
		}
	}
	return 0;
}

static void totals_dispose(totals_view *v)
{
	free(v->sorted);
	free(v->prefix);
	free(v->prefix2);
}

/* Without rollover, annual periods separate: the expected cost is the sum
 * of each period's one-period expected cost, so each period gets its own
 * sorted sums and the search stays O(log N) per candidate. */
static int yearly_init(plan_data *data)
{
	periods_view *a = &data->annual;
	int error;

	if (data->yearly != NULL)
		return 0;
	if ((error = annual_init(data)) < 0)
		return error;
	if ((data->yearly = calloc((size_t)a->count, sizeof(*data->yearly))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int p = 0; p < a->count; p++) {
		totals_view *v = &data->yearly[p];
		v->n = a->n;
		if ((v->sorted = malloc(v->n * sizeof(double))) == NULL ||
		    (v->prefix = malloc((v->n + 1) * sizeof(double))) == NULL ||
		    (v->prefix2 = malloc((v->n + 1) * sizeof(double))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		for (size_t i = 0; i < v->n; i++)
			v->sorted[i] = a->sums[i * (size_t)a->count + (size_t)p];
		qsort(v->sorted, v->n, sizeof(double), double_compare);
		v->prefix[0] = v->prefix2[0] = 0;
		for (size_t i = 0; i < v->n; i++) {
			v->prefix[i + 1] = v->prefix[i] + v->sorted[i];
			v->prefix2[i + 1] = v->prefix2[i] + v->sorted[i] * v->sorted[i];
		}
		v->mean = v->prefix[v->n] / (double)v->n;
	}
	return 0;
}

static void plan_data_dispose(plan_data *data)
{
	if (data->locked != NULL) {
		plan_data_dispose(data->locked);
		free(data->locked);
		data->locked = NULL;
	}
	totals_dispose(&data->totals);
	for (int p = 0; data->yearly != NULL && p < data->annual.count; p++)
		totals_dispose(&data->yearly[p]);
	free(data->yearly);
	free(data->annual.sums);
	free(data->costs);
}

/* --- evaluating one commitment under one band's terms ----------------------- */

typedef struct {
	plan_data *data;
	bw_band band;
	int exact;     /* one period: closed forms on sorted totals */
	int separable; /* several periods without rollover: expected cost exact per period */
} evaluator;

static int evaluator_init(evaluator *ev, plan_data *data, const bw_band *band)
{
	/* A price-locked deal consumes at signing prices. */
	if (band->price_lock && data->locked != NULL) {
		data->locked->options = data->options;
		data = data->locked;
	}
	ev->data = data;
	ev->band = *band;
	ev->exact = band->true_up == BW_TRUE_UP_TERM || data->term <= 12;
	ev->separable = !ev->exact && band->rollover == 0;
	if (ev->exact)
		return 0;
	return ev->separable ? yearly_init(data) : annual_init(data);
}

/* Exact statistics of a one-period deal. */
typedef struct {
	double mean, sd, cvar, unused, overage, shortfall, coverage;
} stats;

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

static double one_period_cost(const bw_band *band, double commit, double list)
{
	double d = band->discount, drawn = (1 - d) * list;
	if (drawn <= commit)
		return commit;
	return commit + (drawn - commit) * (1 - bw_band_overage_discount(band)) / (1 - d);
}

/* cost(L) = C + s (L - q)+. Sums over index ranges of the sorted totals
 * follow from the prefix sums, so every statistic is O(log N). */
static void view_stats(const totals_view *v, const bw_band *band, double commit, double level,
		       stats *out)
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
			 s * s * (v->prefix2[v->n] - v->prefix2[k])) / n;
	double var = second - out->mean * out->mean;
	out->sd = var > 0 ? sqrt(var) : 0;
	/* CVaR: the worst m paths are the m largest totals. */
	size_t start = (size_t)floor(level * n);
	if (start >= v->n)
		start = v->n - 1;
	size_t from = start > k ? start : k;
	double m = (double)(v->n - start);
	double tail = commit * m + s * ((v->prefix[v->n] - v->prefix[from]) - q * (double)(v->n - from));
	out->cvar = tail / m;
}

static void exact_stats(const evaluator *ev, double commit, double level, stats *out)
{
	view_stats(&ev->data->totals, &ev->band, commit, level, out);
}

/* Expected cost of a separable (no rollover) multi-period deal. */
static double separable_expected(const evaluator *ev, double commit)
{
	const periods_view *a = &ev->data->annual;
	double total = 0;
	for (int p = 0; p < a->count; p++) {
		stats s;
		view_stats(&ev->data->yearly[p], &ev->band, commit * a->shares[p], 0.9, &s);
		total += s.mean;
	}
	return total;
}

/* Price every path; fills data->costs and the summary statistics. */
static void simulate_schedule(const evaluator *ev, double commit, const double *schedule,
			      double level, int want_cvar, stats *out)
{
	const periods_view *v = &ev->data->annual;
	bw_deal deal = bw_deal_from_band(&ev->band, ev->data->term, commit);
	deal.schedule_usd = schedule;
	deal.schedule_count = schedule ? v->count : 0;
	double sum = 0, sum2 = 0, unused = 0, overage = 0, shortfalls = 0, drawn = 0, consumed = 0;

	for (size_t i = 0; i < v->n; i++) {
		bw_path_cost c;
		bw_contract__cost_periods(&deal, v->sums + i * (size_t)v->count, v->shares, v->count, &c);
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
		qsort(ev->data->costs, v->n, sizeof(double), double_compare);
		out->cvar = sorted_cvar(ev->data->costs, v->n, level);
	}
}

static void simulate(const evaluator *ev, double commit, double level, int want_cvar, stats *out)
{
	simulate_schedule(ev, commit, NULL, level, want_cvar, out);
}

static double objective_level(const bw_plan_options *options)
{
	return options->objective.kind == BW_OBJECTIVE_CVAR ? options->objective.parameter
							    : options->cvar_level;
}

static double evaluate_objective(const evaluator *ev, double commit)
{
	const bw_plan_options *options = ev->data->options;
	double level = objective_level(options);
	stats s;
	if (ev->separable && options->objective.kind == BW_OBJECTIVE_EXPECTED)
		return separable_expected(ev, commit);
	if (ev->exact)
		exact_stats(ev, commit, level, &s);
	else
		simulate(ev, commit, level, options->objective.kind == BW_OBJECTIVE_CVAR, &s);
	return objective_value(&options->objective, s.mean, s.sd, s.cvar);
}

static double evaluate_shortfall(const evaluator *ev, double commit)
{
	stats s;
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
static double break_even_month(const plan_data *data, double commit)
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

static void evaluate_full(const evaluator *ev, double commit, bw_plan_outcome *out)
{
	const bw_plan_options *options = ev->data->options;
	const totals_view *v = &ev->data->totals;
	stats s, objective_stats;

	memset(out, 0, sizeof(*out));
	out->available = 1;
	out->commit_usd = commit;
	if (ev->exact) {
		exact_stats(ev, commit, options->cvar_level, &s);
		out->p50_cost_usd = one_period_cost(&ev->band, commit, sorted_quantile(v->sorted, v->n, 0.5));
		out->p90_cost_usd = one_period_cost(&ev->band, commit, sorted_quantile(v->sorted, v->n, 0.9));
		exact_stats(ev, commit, objective_level(options), &objective_stats);
	} else {
		simulate(ev, commit, options->cvar_level, 1, &s);
		out->p50_cost_usd = sorted_quantile(ev->data->costs, v->n, 0.5);
		out->p90_cost_usd = sorted_quantile(ev->data->costs, v->n, 0.9);
		objective_stats = s;
		if (options->objective.kind == BW_OBJECTIVE_CVAR)
			objective_stats.cvar = sorted_cvar(ev->data->costs, v->n, options->objective.parameter);
	}
	out->objective_usd = objective_value(&options->objective, objective_stats.mean,
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
	out->break_even_month = break_even_month(ev->data, commit);
}

/* --- searching a band ---------------------------------------------------------- */

/* The commitments worth trying: the band's range, capped where more
 * commitment can only cost more (above every path's consumption). */
static void band_range(const evaluator *ev, double commit_min, double commit_max, double *lo,
		       double *hi)
{
	const totals_view *v = &ev->data->totals;
	*lo = commit_min;
	*hi = (1 - ev->band.discount) * v->sorted[v->n - 1];
	if (isfinite(commit_max) && *hi >= commit_max)
		*hi = commit_max * (1 - 1e-12); /* the next band starts at its threshold */
	if (*hi < *lo)
		*hi = *lo;
}

/*
 * The largest commitment in [lo, hi] whose shortfall probability is at
 * most 'cap', or -1 when even 'lo' exceeds it. The shortfall probability
 * never falls as the commitment grows. Exact: #{L < q} <= floor(cap N)
 * holds for q up to the (floor(cap N) + 1)-th smallest total.
 */
static double largest_within_shortfall(const evaluator *ev, double lo, double hi, double cap)
{
	if (ev->exact) {
		const totals_view *v = &ev->data->totals;
		size_t j = (size_t)floor(cap * (double)v->n + 1e-9);
		double c = j < v->n ? (1 - ev->band.discount) * v->sorted[j] : INFINITY;
		if (c < lo)
			return evaluate_shortfall(ev, lo) <= cap ? lo : -1;
		return c < hi ? c : hi;
	}
	if (evaluate_shortfall(ev, lo) > cap)
		return -1;
	if (evaluate_shortfall(ev, hi) <= cap)
		return hi;
	double a = lo, b = hi;
	for (int i = 0; i < BISECT_STEPS; i++) {
		double mid = (a + b) / 2;
		if (evaluate_shortfall(ev, mid) <= cap)
			a = mid;
		else
			b = mid;
	}
	return a;
}

static int better(double f, double best)
{
	return f < best - TIE_TOLERANCE * fabs(best);
}

/* The commitment in [lo, hi] with the lowest objective. */
static double search_objective(const evaluator *ev, double lo, double hi)
{
	const bw_plan_options *options = ev->data->options;
	int points = ev->exact ? options->grid_points : (options->grid_points < COARSE_POINTS
								  ? options->grid_points
								  : COARSE_POINTS);
	double step = points > 1 && hi > lo ? (hi - lo) / (double)(points - 1) : 0;
	double best = lo, best_f = evaluate_objective(ev, lo);

	for (int k = 1; k < points && step > 0; k++) {
		double c = lo + step * (double)k, f = evaluate_objective(ev, c);
		if (better(f, best_f)) {
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
			const totals_view *v = &ev->data->totals;
			size_t j = (size_t)ceil((1 - (1 - d) / s) * (double)v->n);
			double c = (1 - d) * v->sorted[j > 0 ? j - 1 : 0];
			c = c < lo ? lo : (c > hi ? hi : c);
			double f = evaluate_objective(ev, c);
			if (f <= best_f + TIE_TOLERANCE * fabs(best_f)) {
				best_f = f;
				best = c;
			}
		}
		/* The upper end of the range (a cap can end between grid points). */
		double f = evaluate_objective(ev, hi);
		if (better(f, best_f))
			best = hi;
		return best;
	}
	if (step > 0) {
		/* Golden-section search in the bracket around the best grid point. */
		const double r = 0.6180339887498949;
		double a = best - step < lo ? lo : best - step, z = best + step > hi ? hi : best + step;
		double x1 = z - r * (z - a), x2 = a + r * (z - a);
		double f1 = evaluate_objective(ev, x1), f2 = evaluate_objective(ev, x2);
		for (int i = 0; i < GOLDEN_STEPS; i++) {
			if (f1 <= f2) {
				z = x2;
				x2 = x1;
				f2 = f1;
				x1 = z - r * (z - a);
				f1 = evaluate_objective(ev, x1);
			} else {
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = a + r * (z - a);
				f2 = evaluate_objective(ev, x2);
			}
		}
		double x = f1 <= f2 ? x1 : x2, f = f1 <= f2 ? f1 : f2;
		if (better(f, best_f))
			best = x;
	}
	return best;
}

/* The objective of a per-year schedule (several annual periods). */
static double schedule_objective(const evaluator *ev, const double *schedule)
{
	const bw_plan_options *options = ev->data->options;
	const periods_view *a = &ev->data->annual;
	double total = 0;
	stats s;

	for (int p = 0; p < a->count; p++)
		total += schedule[p];
	if (ev->separable && options->objective.kind == BW_OBJECTIVE_EXPECTED) {
		/* Without rollover the years separate: exact, per year. */
		double sum = 0;
		for (int p = 0; p < a->count; p++) {
			view_stats(&ev->data->yearly[p], &ev->band, schedule[p], 0.9, &s);
			sum += s.mean;
		}
		return sum;
	}
	simulate_schedule(ev, total, schedule, objective_level(options),
			  options->objective.kind == BW_OBJECTIVE_CVAR, &s);
	return objective_value(&options->objective, s.mean, s.sd, s.cvar);
}

/* Minimise the schedule's objective over x in [from, to], where set(x)
 * writes the candidate into 'schedule': a LINE_POINTS grid, then golden
 * section around the best point. Leaves the best in 'schedule' and
 * returns its objective (never worse than 'best'). */
typedef void (*schedule_setter)(double *schedule, int p, int q, double x, double pair_total);

static void set_one(double *schedule, int p, int q, double x, double pair_total)
{
	(void)q;
	(void)pair_total;
	schedule[p] = x;
}

static void set_pair(double *schedule, int p, int q, double x, double pair_total)
{
	schedule[p] = x;
	schedule[q] = pair_total - x;
}

static double line_search(const evaluator *ev, double *schedule, schedule_setter set, int p, int q,
			  double pair_total, double from, double to, double keep, double best)
{
	const double r = 0.6180339887498949;
	double step = (to - from) / (LINE_POINTS - 1), arg = keep, f;

	if (to < from)
		return best;
	for (int k = 0; k < LINE_POINTS; k++) {
		set(schedule, p, q, from + step * k, pair_total);
		if (better(f = schedule_objective(ev, schedule), best)) {
			best = f;
			arg = from + step * k;
		}
	}
	double x0 = arg - step < from ? from : arg - step, x3 = arg + step > to ? to : arg + step;
	for (int i = 0; i < LINE_GOLDEN_STEPS && step > 0; i++) {
		double x1 = x3 - r * (x3 - x0), x2 = x0 + r * (x3 - x0), f1, f2;
		set(schedule, p, q, x1, pair_total);
		f1 = schedule_objective(ev, schedule);
		set(schedule, p, q, x2, pair_total);
		f2 = schedule_objective(ev, schedule);
		if (f1 <= f2)
			x3 = x2;
		else
			x0 = x1;
		if (better(f1 < f2 ? f1 : f2, best)) {
			best = f1 < f2 ? f1 : f2;
			arg = f1 < f2 ? x1 : x2;
		}
	}
	set(schedule, p, q, arg, pair_total);
	return best;
}

/*
 * The best commitment per year (a ramp), by coordinate descent from the
 * best single amount: each year's amount in turn (the others fixed), then
 * each pair of years trading commitment at a fixed total (the total is
 * often held at the band's threshold, where one-year moves are stuck);
 * three sweeps, the total kept in the band's range throughout.
 */
static void search_schedule(const evaluator *ev, double lo, double hi, double start, double *schedule)
{
	const periods_view *a = &ev->data->annual;
	double d = ev->band.discount, cap[MAX_PERIODS];

	for (int p = 0; p < a->count; p++) {
		double top = 0;
		for (size_t i = 0; i < a->n; i++)
			if (a->sums[i * (size_t)a->count + (size_t)p] > top)
				top = a->sums[i * (size_t)a->count + (size_t)p];
		cap[p] = (1 - d) * top; /* more than every path consumes only costs more */
		schedule[p] = start * a->shares[p];
	}
	double best = schedule_objective(ev, schedule);
	for (int sweep = 0; sweep < 3; sweep++) {
		double before = best;
		for (int p = 0; p < a->count; p++) {
			double others = 0;
			for (int q = 0; q < a->count; q++)
				others += q == p ? 0 : schedule[q];
			double from = lo - others > 0 ? lo - others : 0;
			double to = hi - others < cap[p] ? hi - others : cap[p];
			best = line_search(ev, schedule, set_one, p, p, 0, from, to, schedule[p], best);
		}
		for (int p = 0; p < a->count; p++)
			for (int q = p + 1; q < a->count; q++) {
				double pair = schedule[p] + schedule[q];
				double from = pair - cap[q] > 0 ? pair - cap[q] : 0;
				double to = pair < cap[p] ? pair : cap[p];
				best = line_search(ev, schedule, set_pair, p, q, pair, from, to, schedule[p], best);
			}
		/* Another sweep only while it still pays (a millionth). */
		if (!(best < before - 1e-6 * fabs(before)))
			break;
	}
}

static int plan_band(plan_data *data, bw_plan_band *b)
{
	const bw_plan_options *options = data->options;
	evaluator ev;
	double lo, hi, cap;
	int error;

	if ((error = evaluator_init(&ev, data, &b->band)) < 0)
		return error;
	b->exact = ev.exact;
	b->schedule_count = 0;
	band_range(&ev, b->commit_min_usd, b->commit_max_usd, &lo, &hi);
	evaluate_full(&ev, search_objective(&ev, lo, hi), &b->optimum);

	cap = largest_within_shortfall(&ev, lo, hi, 1 - options->floor_use_probability);
	if (cap >= 0)
		evaluate_full(&ev, cap, &b->floor);
	cap = largest_within_shortfall(&ev, lo, hi, options->max_shortfall_probability);
	if (cap >= 0)
		evaluate_full(&ev, search_objective(&ev, lo, cap), &b->risk_capped);
	if (options->ramp && !ev.exact && data->annual.count <= BW_PLAN_MAX_SCHEDULE) {
		bw_deal deal = bw_deal_from_band(&b->band, data->term, 0);
		double total = 0;
		search_schedule(&ev, lo, hi, b->optimum.commit_usd, b->schedule_usd);
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

/* The best expected cost of 'band' over [lo, hi] and, when 'also' is not
 * NULL, never worse than at commitment *also (so that comparing two
 * variants of a deal cannot show a protection as harmful through search
 * noise). *out_commit receives the commitment. */
static int best_expected(plan_data *data, const bw_band *band, double commit_min, double commit_max,
			 const double *also, double *out_cost, double *out_commit)
{
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	evaluator ev;
	double lo, hi;
	int error;

	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	if ((error = evaluator_init(&ev, data, band)) < 0)
		goto done;
	band_range(&ev, commit_min, commit_max, &lo, &hi);
	*out_commit = search_objective(&ev, lo, hi);
	*out_cost = evaluate_objective(&ev, *out_commit);
	if (also != NULL) {
		double c = *also < lo ? lo : (*also > hi ? hi : *also);
		double f = evaluate_objective(&ev, c);
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
static int protection_value(plan_data *data, const bw_plan_band *b, const bw_band *with,
			    const bw_band *without, double *out, int never_negative)
{
	double cost_without, commit_without, cost_with, commit_with;
	int error;

	if ((error = best_expected(data, without, b->commit_min_usd, b->commit_max_usd, NULL,
				   &cost_without, &commit_without)) < 0 ||
	    (error = best_expected(data, with, b->commit_min_usd, b->commit_max_usd, &commit_without,
				   &cost_with, &commit_with)) < 0)
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
static int ramp_value(plan_data *data, const bw_plan_band *b, double *out)
{
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	bw_band annual = b->band;
	double schedule[MAX_PERIODS], lo, hi;
	evaluator ev;
	int error;

	*out = 0;
	if (data->term <= 12)
		return 0;
	annual.true_up = BW_TRUE_UP_ANNUAL;
	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	data->options = &expected;
	if ((error = evaluator_init(&ev, data, &annual)) == 0) {
		band_range(&ev, b->commit_min_usd, b->commit_max_usd, &lo, &hi);
		double flat = search_objective(&ev, lo, hi);
		double flat_cost = evaluate_objective(&ev, flat);
		search_schedule(&ev, lo, hi, flat, schedule);
		double ramp_cost = schedule_objective(&ev, schedule);
		*out = flat_cost - ramp_cost > 0 ? flat_cost - ramp_cost : 0;
	}
	data->options = saved;
	return error;
}

static int plan_protections(plan_data *data, bw_plan_result *result)
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
static int plan_stretch(plan_data *data, bw_plan_result *result)
{
	bw_plan_stretch *s = &result->stretch;
	int next = result->recommended + 1;
	double target = result->recommended < 0 ? result->payg_expected_cost_usd
						: result->bands[result->recommended].optimum.expected_cost_usd;
	bw_plan_options expected = *data->options;
	const bw_plan_options *saved = data->options;
	evaluator ev;
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
	if ((error = evaluator_init(&ev, data, &b->band)) < 0)
		goto done;
	s->expected_cost_usd = evaluate_objective(&ev, s->commit_usd);
	double lo = 0, hi = 0.99;
	ev.band.discount = hi;
	if (evaluate_objective(&ev, s->commit_usd) > target) {
		s->break_even_discount = NAN;
		goto done;
	}
	for (int i = 0; i < BISECT_STEPS; i++) {
		ev.band.discount = (lo + hi) / 2;
		if (evaluate_objective(&ev, s->commit_usd) <= target)
			hi = ev.band.discount;
		else
			lo = ev.band.discount;
	}
	s->break_even_discount = hi;
done:
	data->options = saved;
	return error;
}

/* --- entry points ------------------------------------------------------------ */

static int check_inputs(const bw_paths *paths, const bw_plan_options *options)
{
	if (paths == NULL || paths->path_count == 0)
		return bw_error_set(BW_ERANGE, "the plan needs at least one path");
	if (options->term_months < 1 || paths->months < options->term_months)
		return bw_error_set(BW_ERANGE,
				    "the paths cover %d months but the term is %d: forecast at "
				    "least as many months as the term",
				    paths ? paths->months : 0, options->term_months);
	if (!(options->cvar_level > 0 && options->cvar_level < 1) ||
	    !(options->floor_use_probability > 0 && options->floor_use_probability <= 1) ||
	    !(options->max_shortfall_probability >= 0 && options->max_shortfall_probability < 1))
		return bw_error_set(BW_ERANGE, "plan options: the CVaR level and the floor's use "
					       "probability must be in (0, 1), the shortfall cap in [0, 1)");
	return 0;
}

static int plan_data_init(plan_data *data, const bw_paths *paths, const bw_plan_options *options)
{
	memset(data, 0, sizeof(*data));
	data->paths = paths;
	data->options = options;
	data->term = options->term_months;
	if ((data->costs = malloc(paths->path_count * sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	int error = totals_init(&data->totals, paths, options->term_months);
	data->list_mean = data->totals.mean;
	return error;
}

/* The signing-price view for price-locked deals, when prices can move. */
static int plan_data_lock(plan_data *data, bw_paths **locked_paths)
{
	int error;
	if (data->paths->price_index == NULL)
		return 0;
	if ((error = bw_paths_at_locked_prices(data->paths, locked_paths)) < 0)
		return error;
	if ((data->locked = malloc(sizeof(*data->locked))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if ((error = plan_data_init(data->locked, *locked_paths, data->options)) < 0)
		return error;
	data->locked->list_mean = data->list_mean; /* the buyer still compares with list paid */
	return 0;
}

int bw_plan_run(bw_plan_result **out, const bw_paths *paths, const bw_bands *bands,
		const bw_plan_options *options)
{
	bw_plan_result *result = NULL;
	bw_plan_options opts = *options;
	plan_data data;
	bw_paths *locked_paths = NULL;
	int error;

	*out = NULL;
	memset(&data, 0, sizeof(data));
	if (opts.grid_points < 2)
		opts.grid_points = 2;
	if ((error = check_inputs(paths, &opts)) < 0)
		return error;
	if ((error = plan_data_init(&data, paths, &opts)) < 0 ||
	    (error = plan_data_lock(&data, &locked_paths)) < 0)
		goto done;
	if ((result = calloc(1, sizeof(*result))) == NULL ||
	    (result->bands = calloc(bands->count, sizeof(*result->bands))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	const totals_view *v = &data.totals;
	result->term_months = opts.term_months;
	result->path_count = v->n;
	result->objective = opts.objective;
	result->cvar_level = opts.cvar_level;
	result->floor_use_probability = opts.floor_use_probability;
	result->max_shortfall_probability = opts.max_shortfall_probability;
	result->payg_expected_cost_usd = v->mean;
	result->payg_p50_cost_usd = sorted_quantile(v->sorted, v->n, 0.5);
	result->payg_p90_cost_usd = sorted_quantile(v->sorted, v->n, 0.9);
	result->payg_cvar_usd = sorted_cvar(v->sorted, v->n, opts.cvar_level);
	double var = v->prefix2[v->n] / (double)v->n - v->mean * v->mean;
	result->payg_objective_usd = objective_value(
		&opts.objective, v->mean, var > 0 ? sqrt(var) : 0,
		sorted_cvar(v->sorted, v->n, objective_level(&opts)));
	result->recommended = -1;
	double best = result->payg_objective_usd;
	for (size_t i = 0; i < bands->count; i++) {
		bw_plan_band *b = &result->bands[i];
		b->band = bands->bands[i];
		bw_bands_commit_range(bands, i, opts.term_months, &b->commit_min_usd, &b->commit_max_usd);
		if ((error = plan_band(&data, b)) < 0)
			goto done;
		result->band_count++;
		/* Strictly better: a tie keeps the simpler option (PAYG, or the
		 * smaller band). */
		if (better(b->optimum.objective_usd, best)) {
			best = b->optimum.objective_usd;
			result->recommended = (int)i;
		}
	}
	if ((error = plan_stretch(&data, result)) < 0 ||
	    (result->recommended >= 0 && (error = plan_protections(&data, result)) < 0))
		goto done;
	*out = result;
	result = NULL;
done:
	bw_plan_result_free(result);
	plan_data_dispose(&data);
	bw_paths_free(locked_paths);
	return error;
}

int bw_plan_evaluate(bw_plan_outcome *out, const bw_paths *paths, const bw_band *band,
		     const bw_plan_options *options, double commit_usd)
{
	plan_data data;
	evaluator ev;
	int error;

	memset(&data, 0, sizeof(data));
	if ((error = check_inputs(paths, options)) < 0)
		return error;
	if (!(commit_usd >= 0) || !isfinite(commit_usd))
		return bw_error_set(BW_ERANGE, "a commitment must be a finite amount >= 0");
	bw_paths *locked_paths = NULL;
	if ((error = plan_data_init(&data, paths, options)) == 0 &&
	    (error = plan_data_lock(&data, &locked_paths)) == 0 &&
	    (error = evaluator_init(&ev, &data, band)) == 0)
		evaluate_full(&ev, commit_usd, out);
	plan_data_dispose(&data);
	bw_paths_free(locked_paths);
	return error;
}

int bw_plan_evaluate_deal(bw_plan_outcome *out, const bw_paths *paths, const bw_deal *deal,
			  const bw_plan_options *options)
{
	bw_plan_options opts = *options;
	plan_data data;
	bw_paths *locked = NULL;
	const bw_paths *priced = paths;
	double sum = 0, sum2 = 0, unused = 0, overage = 0, shortfalls = 0, drawn = 0, consumed = 0;
	int error;

	opts.term_months = deal->term_months;
	memset(&data, 0, sizeof(data));
	memset(out, 0, sizeof(*out));
	if ((error = check_inputs(paths, &opts)) < 0)
		return error;
	if ((error = plan_data_init(&data, paths, &opts)) < 0)
		goto done;
	/* A price-locked deal consumes at signing prices. */
	if (deal->price_lock && paths->price_index != NULL) {
		if ((error = bw_paths_at_locked_prices(paths, &locked)) < 0)
			goto done;
		priced = locked;
	}
	size_t n = paths->path_count;
	for (size_t i = 0; i < n; i++) {
		bw_path_cost c;
		if ((error = bw_contract_cost_path(deal, priced->list_usd + i * (size_t)priced->months,
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
	qsort(data.costs, n, sizeof(double), double_compare);
	out->available = 1;
	out->commit_usd = deal->commit_usd;
	out->expected_cost_usd = mean;
	out->stdev_usd = var > 0 ? sqrt(var) : 0;
	out->p50_cost_usd = sorted_quantile(data.costs, n, 0.5);
	out->p90_cost_usd = sorted_quantile(data.costs, n, 0.9);
	out->cvar_usd = sorted_cvar(data.costs, n, opts.cvar_level);
	out->objective_usd = objective_value(&opts.objective, mean, out->stdev_usd,
					     sorted_cvar(data.costs, n, objective_level(&opts)));
	out->expected_unused_usd = unused / (double)n;
	out->expected_overage_usd = overage / (double)n;
	out->shortfall_probability = shortfalls / (double)n;
	out->coverage = consumed > 0 ? drawn / consumed : 1;
	out->esr = data.totals.mean > 0 ? 1 - mean / data.totals.mean : 0;
	out->utilization = deal->commit_usd > 0 ? 1 - out->expected_unused_usd / deal->commit_usd : 1;
	out->break_even_month = break_even_month(&data, deal->commit_usd);
done:
	plan_data_dispose(&data);
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
	out->right_commit_usd = right->recommended >= 0 ? right->bands[right->recommended].optimum.commit_usd : 0;
	out->right_expected_cost_usd = right->recommended >= 0
					       ? right->bands[right->recommended].optimum.expected_cost_usd
					       : right->payg_expected_cost_usd;
	if (sized->recommended < 0) {
		/* Nothing committed: nothing can be trapped. */
		out->expected_cost_usd = right->payg_expected_cost_usd;
	} else {
		const bw_plan_band *b = &sized->bands[sized->recommended];
		out->sized_commit_usd = b->optimum.commit_usd;
		if ((error = bw_plan_evaluate(&o, optimized, &b->band, options, out->sized_commit_usd)) < 0)
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
	plan_data data;
	bw_paths *locked = NULL;
	evaluator ev;
	bw_plan_options expected = *options;
	int error;

	expected.objective.kind = BW_OBJECTIVE_EXPECTED;
	memset(&data, 0, sizeof(data));
	if ((error = check_inputs(paths, &expected)) < 0)
		return error;
	if ((error = plan_data_init(&data, paths, &expected)) == 0 &&
	    (error = plan_data_lock(&data, &locked)) == 0 &&
	    (error = evaluator_init(&ev, &data, band)) == 0) {
		for (int i = 0; i < points; i++) {
			commits[i] = points > 1 ? lo + (hi - lo) * i / (points - 1) : lo;
			costs[i] = evaluate_objective(&ev, commits[i]);
		}
	}
	plan_data_dispose(&data);
	bw_paths_free(locked);
	return error;
}

void bw_plan_result_free(bw_plan_result *result)
{
	if (result == NULL)
		return;
	free(result->bands);
	free(result);
}

/*
 * plan_data.c: the data every evaluation of the planner reads, built once
 * per run: the paths' totals over the term sorted with their prefix sums,
 * the per-period sums of multi-period deals (on first use), the same at
 * signing prices for price-locked deals; and the sorted-sample statistics.
 */
#include "plan_eval.h"

#include "dsort.h"

#include "bandwise/contract.h"
#include "bandwise/error.h"
#include "contract_periods.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int bw_plan__double_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Type 7 quantile of sorted values. */
double bw_plan__sorted_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

/* Mean of the worst (1 - level) share of sorted values: the top m values,
 * m = N - floor(level N) (at least one). */
double bw_plan__sorted_cvar(const double *sorted, size_t n, double level)
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

static int totals_init(bw_plan__totals *v, const bw_paths *paths, int term)
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
	(void)bwx_dsort(v->sorted, v->n); /* the same order as qsort, faster (dsort.h) */
	v->prefix[0] = v->prefix2[0] = 0;
	for (size_t i = 0; i < v->n; i++) {
		v->prefix[i + 1] = v->prefix[i] + v->sorted[i];
		v->prefix2[i + 1] = v->prefix2[i] + v->sorted[i] * v->sorted[i];
	}
	v->mean = v->prefix[v->n] / (double)v->n;
	return 0;
}

int bw_plan__annual_init(bw_plan__data *data)
{
	bw_plan__periods *v = &data->annual;
	bw_deal deal = {data->term, 0, 0, BW_OVERAGE_LIST, 0, 0, BW_TRUE_UP_ANNUAL, NULL, 0, 0};
	int first[BW_PLAN__MAX_PERIODS];

	if (v->sums != NULL)
		return 0;
	if ((v->count = bw_contract__periods(&deal, v->shares, first, BW_PLAN__MAX_PERIODS)) < 0)
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

static void totals_dispose(bw_plan__totals *v)
{
	free(v->sorted);
	free(v->prefix);
	free(v->prefix2);
}

/* Without rollover, annual periods separate: the expected cost is the sum
 * of each period's one-period expected cost, so each period gets its own
 * sorted sums and the search stays O(log N) per candidate. */
int bw_plan__yearly_init(bw_plan__data *data)
{
	bw_plan__periods *a = &data->annual;
	int error;

	if (data->yearly != NULL)
		return 0;
	if ((error = bw_plan__annual_init(data)) < 0)
		return error;
	if ((data->yearly = calloc((size_t)a->count, sizeof(*data->yearly))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int p = 0; p < a->count; p++) {
		bw_plan__totals *v = &data->yearly[p];
		v->n = a->n;
		if ((v->sorted = malloc(v->n * sizeof(double))) == NULL ||
		    (v->prefix = malloc((v->n + 1) * sizeof(double))) == NULL ||
		    (v->prefix2 = malloc((v->n + 1) * sizeof(double))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		for (size_t i = 0; i < v->n; i++)
			v->sorted[i] = a->sums[i * (size_t)a->count + (size_t)p];
		(void)bwx_dsort(v->sorted, v->n); /* the same order as qsort, faster (dsort.h) */
		v->prefix[0] = v->prefix2[0] = 0;
		for (size_t i = 0; i < v->n; i++) {
			v->prefix[i + 1] = v->prefix[i] + v->sorted[i];
			v->prefix2[i + 1] = v->prefix2[i] + v->sorted[i] * v->sorted[i];
		}
		v->mean = v->prefix[v->n] / (double)v->n;
	}
	return 0;
}

void bw_plan__data_dispose(bw_plan__data *data)
{
	if (data->locked != NULL) {
		bw_plan__data_dispose(data->locked);
		free(data->locked);
		data->locked = NULL;
	}
	if (data->capped != NULL) {
		bw_plan__data_dispose(data->capped);
		free(data->capped);
		data->capped = NULL;
	}
	totals_dispose(&data->totals);
	for (int p = 0; data->yearly != NULL && p < data->annual.count; p++)
		totals_dispose(&data->yearly[p]);
	free(data->yearly);
	free(data->annual.sums);
	free(data->costs);
}

int bw_plan__check_inputs(const bw_paths *paths, const bw_plan_options *options)
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
		return bw_error_set(BW_ERANGE,
		                    "plan options: the CVaR level and the floor's use "
		                    "probability must be in (0, 1), the shortfall cap in [0, 1)");
	return 0;
}

int bw_plan__data_init(bw_plan__data *data, const bw_paths *paths, const bw_plan_options *options)
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

/* The signing-price views for price-locked (fixed) and price-capped
 * deals, when prices can move. */
int bw_plan__data_lock(bw_plan__data *data, bw_paths *locked_paths[2])
{
	bw_plan__data **views[2] = {&data->locked, &data->capped};
	int error;

	locked_paths[0] = locked_paths[1] = NULL;
	if (data->paths->price_index == NULL)
		return 0;
	for (int k = 0; k < 2; k++) {
		if ((error = k == 0 ? bw_paths_at_locked_prices(data->paths, &locked_paths[k])
		                    : bw_paths_at_capped_prices(data->paths, &locked_paths[k])) < 0)
			return error;
		if ((*views[k] = malloc(sizeof(**views[k]))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		if ((error = bw_plan__data_init(*views[k], locked_paths[k], data->options)) < 0)
			return error;
		/* The buyer still compares with the list actually paid. */
		(*views[k])->list_mean = data->list_mean;
	}
	return 0;
}

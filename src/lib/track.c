/*
 * track.c: tracking a signed deal.
 *
 * The deal's months to date are taken as they happened; the rest come from
 * a forecast fitted on all complete months (before and during the deal), so
 * the projection is conditioned on the actuals both through the months
 * already spent and through the trend they imply. Each path is then run
 * period by period with the contract rules, keeping each period's end
 * position.
 */
#include "bandwise/track.h"

#include "bandwise/error.h"
#include "contract_periods.h"
#include "date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PERIODS  100
#define BISECT_STEPS 45

/* Months since year 0 of "YYYY-MM", or -1 when absent or malformed. */
static int month_index(const char *ym)
{
	int index;
	return bwx_month_scan(ym, &index, NULL) < 0 ? -1 : index;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

/* One period's cost on one path: 'available' commitment (with carried
 * credit) of which 'commit' is paid, list 'list', discount d, overage at
 * list less r (r = d: the committed rate). */
static double period_cost(double commit, double available, double list, double d, double r)
{
	double excess = (1 - d) * list - available;
	return commit + (excess > 0 ? excess * (1 - r) / (1 - d) : 0);
}

/* The mean period cost over the paths at commitment 'commit' (credit
 * carried as on each path) and discount d. */
static double mean_period_cost(const double *lists, const double *credits, size_t n, double commit,
                               double d, double r)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += period_cost(commit, commit + credits[i], lists[i], d, r);
	return sum / (double)n;
}

/* The discount at which committing 'bigger' for the period costs no
 * more in expectation than 'commit' at the signed discount. The overage
 * rate keeps its relation to the discount: at the committed rate it
 * follows the new discount, at list it stays at list. */
static double expansion_discount(const bw_deal_file *deal, const double *lists,
                                 const double *credits, size_t n, double commit, double bigger)
{
	double d = deal->terms.discount, r = bw_band_overage_discount(&deal->terms);
	int committed = deal->terms.overage == BW_OVERAGE_COMMITTED;
	double target = mean_period_cost(lists, credits, n, commit, d, r);
	double lo = d, hi = 0.99;
	if (mean_period_cost(lists, credits, n, bigger, d, committed ? d : r) <= target)
		return d; /* it pays as signed */
	if (mean_period_cost(lists, credits, n, bigger, hi, committed ? hi : r) > target)
		return NAN;
	for (int k = 0; k < BISECT_STEPS; k++) {
		double mid = (lo + hi) / 2;
		if (mean_period_cost(lists, credits, n, bigger, mid, committed ? mid : r) <= target)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int bw_track_run(bw_track_result **out, const bw_deal_file *deal, const double *history_usd,
                 size_t n, const char *first_month, const bw_forecast_options *options)
{
	return bw_track_run_basis(out, deal, history_usd, history_usd, n, first_month, options);
}

int bw_track_run_basis(bw_track_result **out, const bw_deal_file *deal, const double *history_usd,
                       const double *forecast_usd, size_t n, const char *first_month,
                       const bw_forecast_options *options)
{
	bw_track_result *r = NULL;
	bw_paths *paths = NULL;
	double shares[MAX_PERIODS], *positions = NULL, *row = NULL, *lists = NULL, *credits = NULL;
	int first[MAX_PERIODS], count, error = 0;
	bw_deal contract = bw_deal_file_deal(deal);
	double d = deal->terms.discount;

	*out = NULL;
	int start = month_index(deal->start_month), origin = month_index(first_month);
	if (start < 0)
		return bw_error_set(BW_EUSAGE,
		                    "%s: tracking needs the deal's \"start_month\" (\"YYYY-MM\")",
		                    deal->origin);
	if (origin < 0 || n == 0)
		return bw_error_set(BW_EUSAGE,
		                    "tracking needs complete months of usage in the store: "
		                    "ingest some first");
	int offset = start - origin; /* history month of the deal's first month */
	if (offset < 0)
		return bw_error_set(
		    BW_EUSAGE,
		    "the deal starts in %s but the store's complete months start in "
		    "%s: ingest the usage from the deal's start",
		    deal->start_month, first_month);
	if ((count = bw_contract__periods(&contract, shares, first, MAX_PERIODS)) < 0)
		return bw_error_set(BW_ERANGE, "too many true-up periods");
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->periods = calloc((size_t)count, sizeof(*r->periods))) == NULL) {
		free(r);
		return bw_error_set(BW_ERROR, "out of memory");
	}
	r->term_months = deal->term_months;
	r->period_count = count;
	r->commit_usd = deal->commit_usd;
	long elapsed = (long)n - offset;
	r->months_elapsed =
	    elapsed < 0 ? 0 : (elapsed > deal->term_months ? deal->term_months : (int)elapsed);
	int horizon = offset + deal->term_months - (int)n; /* months still to forecast */

	size_t path_count = 1;
	if (horizon > 0) {
		bw_forecast_options opts = *options;
		opts.months = horizon;
		if ((error = bw_forecast_run(&paths, &r->fit, forecast_usd, n, &opts)) < 0)
			goto done;
		/* Dated as forecast's ("2026-03: ..."), not numbered. */
		bw_forecast_label_changes(&r->fit, first_month);
		r->has_fit = 1;
		path_count = paths->path_count;
	}
	if ((positions = malloc(path_count * (size_t)count * sizeof(double))) == NULL ||
	    (lists = malloc(path_count * (size_t)count * sizeof(double))) == NULL ||
	    (credits = malloc(path_count * (size_t)count * sizeof(double))) == NULL ||
	    (row = malloc((size_t)deal->term_months * sizeof(double))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (int p = 0; p < count; p++) {
		bw_track_period *tp = &r->periods[p];
		int end = p + 1 < count ? first[p + 1] : deal->term_months;
		tp->index = p + 1;
		tp->first_month = first[p];
		tp->months = end - first[p];
		tp->commit_usd =
		    deal->schedule_usd ? deal->schedule_usd[p] : deal->commit_usd * shares[p];
		for (int m = first[p]; m < end && m < r->months_elapsed; m++) {
			tp->months_actual++;
			tp->consumed_usd += (1 - d) * history_usd[offset + m];
		}
		r->consumed_usd += tp->consumed_usd;
	}
	double r_overage = bw_band_overage_discount(&deal->terms);
	for (size_t i = 0; i < path_count; i++) {
		double credit = 0;
		for (int m = 0; m < deal->term_months; m++) {
			int g = offset + m;
			row[m] =
			    g < (int)n
			        ? history_usd[g]
			        : paths->list_usd[i * (size_t)paths->months + (size_t)(g - (int)n)];
		}
		for (int p = 0; p < count; p++) {
			bw_track_period *tp = &r->periods[p];
			double list = 0;
			for (int m = tp->first_month; m < tp->first_month + tp->months; m++)
				list += row[m];
			double available = tp->commit_usd + credit, drawn = (1 - d) * list;
			double position = drawn - available;
			positions[(size_t)p * path_count + i] = position;
			lists[(size_t)p * path_count + i] = list;
			credits[(size_t)p * path_count + i] = credit;
			if (position < 0) {
				credit = p + 1 < count ? deal->terms.rollover * -position : 0;
				tp->expected_unused_usd +=
				    (-position - credit) / (double)path_count;
				tp->shortfall_probability +=
				    (-position - credit > 0) / (double)path_count;
			} else {
				credit = 0;
				tp->expected_overage_usd +=
				    position * (1 - r_overage) / (1 - d) / (double)path_count;
				tp->expected_excess_usd += position / (double)path_count;
				tp->overage_probability += (position > 0) / (double)path_count;
			}
		}
	}
	for (int p = 0; p < count; p++) {
		double *v = positions + (size_t)p * path_count;
		qsort(v, path_count, sizeof(double), compare_doubles);
		r->periods[p].position_p10_usd = quantile(v, path_count, 0.1);
		r->periods[p].position_p50_usd = quantile(v, path_count, 0.5);
		r->periods[p].position_p90_usd = quantile(v, path_count, 0.9);
		/* Moving up: a commitment that absorbs the P50 excess. */
		bw_track_period *tp = &r->periods[p];
		tp->expansion_break_even_discount = NAN;
		if (tp->position_p50_usd > 0 && tp->months_actual < tp->months) {
			tp->expansion_commit_usd = tp->commit_usd + tp->position_p50_usd;
			tp->expansion_break_even_discount = expansion_discount(
			    deal, lists + (size_t)p * path_count, credits + (size_t)p * path_count,
			    path_count, tp->commit_usd, tp->expansion_commit_usd);
		}
	}
	/* Pace in the current period: consumption so far against the
	 * commitment's share for the months elapsed. */
	r->pace = NAN;
	for (int p = 0; p < count; p++) {
		const bw_track_period *tp = &r->periods[p];
		if (tp->months_actual > 0 && tp->months_actual <= tp->months &&
		    tp->commit_usd > 0) {
			r->pace =
			    tp->consumed_usd / (tp->commit_usd * tp->months_actual / tp->months);
			if (tp->months_actual < tp->months)
				break;
		}
	}
	*out = r;
	r = NULL;
done:
	free(positions);
	free(lists);
	free(credits);
	free(row);
	bw_paths_free(paths);
	bw_track_free(r);
	return error;
}

void bw_track_free(bw_track_result *result)
{
	if (result == NULL)
		return;
	free(result->periods);
	free(result);
}

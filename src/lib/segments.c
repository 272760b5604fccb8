/*
 * segments.c: the forecast by segment, each with the total's model
 * choice, summed by a Gaussian copula on the segments' totals.
 *
 * Workload: a few to a few dozen segments of at most a few dozen months;
 * each costs one model choice (bw_forecast_choose: 6 candidates x up to 12
 * origins x 400 paths), its backtest errors once more for the chosen model,
 * N x T draws and two sorts of N for the copula.
 */
#include "bandwise/segments.h"

#include "bandwise/error.h"
#include "forecast_internal.h"
#include "segments_internal.h"
#include "date.h"
#include "table.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Months a segment needs to be fitted alone; shorter ones go to "other". */
#define MIN_MONTHS 3
/* The recent window a segment's share is measured on. */
#define SHARE_MONTHS 6
/* A segment that started inside the history less than this many months
 * ago is young: its own months are mostly its ramp, and a trend through a
 * ramp carries the ramp on for the whole term (a launch that took four
 * months to reach its level would be forecast to grow 25% a month). */
#define YOUNG_MONTHS 12
/* Backtest errors two segments need in common for their correlation:
 * the (origin, month) pairs of a few origins overlap and move together
 * (a 10-month segment has 10 pairs from 4 origins), so a correlation of
 * fewer than 24 says little and the log changes' is used instead (24: a
 * segment of 13 months or more, 7 origins; measured in
 * docs/methodology.md §2.2). */
#define MIN_ERRORS 24

const char *bw_segments_setting_name(bw_segments_setting setting)
{
	return setting == BW_SEGMENTS_ON ? "on" : setting == BW_SEGMENTS_OFF ? "off" : "auto";
}

void bw_segments_free(bw_segments *segments)
{
	if (segments == NULL)
		return;
	free(segments->segments);
	free(segments);
}

/* The complete months [first, end) of the spend, as bw_spend_history. */
static int complete_range(const bw_spend *spend, size_t *first, size_t *end)
{
	*first = 0;
	*end = spend->month_count;
	while (*first < *end && !spend->months[*first].complete)
		(*first)++;
	while (*end > *first && !spend->months[*end - 1].complete)
		(*end)--;
	return *end > *first ? 0 : -1;
}

static int first_spend_month(const double *usd, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (usd[i] > 0)
			return (int)i;
	return -1;
}

int bw_segments_history(bw_segments **out, double **out_usd, size_t *out_n, const bw_spend *spend,
                        const bw_segments_options *options)
{
	size_t first, end, n, kept = 0;
	double *usd = NULL, recent_total = 0;
	bw_segments *s = NULL;
	int error = 0;

	*out = NULL;
	*out_usd = NULL;
	*out_n = 0;
	if (!spend->repriced || complete_range(spend, &first, &end) < 0)
		return bw_error_set(BW_EUSAGE, "a segment forecast needs complete months of usage "
		                               "priced at today's list");
	n = end - first;
	size_t recent = n < SHARE_MONTHS ? 0 : n - SHARE_MONTHS;
	/* One row per segment plus "other" at the end. */
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->segments = calloc(spend->segment_count + 1, sizeof(*s->segments))) == NULL ||
	    (usd = calloc((spend->segment_count + 1) * n, sizeof(*usd))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory for the segments");
		goto done;
	}
	for (size_t m = recent; m < n; m++)
		recent_total += spend->months[first + m].today_usd;
	double *other = usd + spend->segment_count * n;
	for (size_t g = 0; g < spend->segment_count; g++) {
		const bw_spend_segment *seg = &spend->segments[g];
		const double *series = seg->today_usd + first;
		double recent_usd = 0;
		for (size_t m = recent; m < n; m++)
			recent_usd += series[m];
		double share = recent_total > 0 ? recent_usd / recent_total : 0;
		int start = first_spend_month(series, n);
		int stopped = start >= 0 && !(series[n - 1] > 0);
		/* Long enough and large enough to fit alone (a stopped one counts by
		 * what it was, so that its stop is its own event). */
		int alone = start >= 0 && (int)n - start >= MIN_MONTHS &&
		            (share >= options->min_share || stopped);
		if (!alone) {
			for (size_t m = 0; m < n; m++)
				other[m] += series[m];
			continue;
		}
		bw_segment_fit *f = &s->segments[kept];
		snprintf(f->name, sizeof(f->name), "%s / %s",
		         seg->workspace[0] ? seg->workspace : "(default)", seg->family);
		f->share = share;
		f->start_month = start;
		f->stopped = stopped;
		memcpy(usd + kept * n, series, n * sizeof(*usd));
		kept++;
	}
	if (first_spend_month(other, n) >= 0) {
		bw_segment_fit *f = &s->segments[kept];
		double recent_usd = 0;
		for (size_t m = recent; m < n; m++)
			recent_usd += other[m];
		snprintf(f->name, sizeof(f->name), "other");
		f->share = recent_total > 0 ? recent_usd / recent_total : 0;
		f->start_month = first_spend_month(other, n);
		f->stopped = !(other[n - 1] > 0);
		if (kept != spend->segment_count)
			memmove(usd + kept * n, other, n * sizeof(*usd));
		kept++;
	}
	s->count = kept;
	s->history_months = n;
	snprintf(s->first_month, sizeof(s->first_month), "%s", spend->months[first].month);
	*out = s;
	*out_usd = usd;
	*out_n = n;
	s = NULL;
	usd = NULL;
done:
	bw_segments_free(s);
	free(usd);
	return error;
}

int bw_segments_count_supported(const bw_spend *spend, const bw_segments_options *options,
                                size_t *supported, size_t *events, size_t *total)
{
	bw_segments *s = NULL;
	double *usd = NULL;
	size_t n = 0;
	int error;

	*supported = *events = *total = 0;
	if ((error = bw_segments_history(&s, &usd, &n, spend, options)) < 0)
		return error;
	for (size_t g = 0; g < s->count; g++) {
		const double *series = usd + g * n;
		size_t last = n;
		while (last > 0 && !(series[last - 1] > 0))
			last--;
		if (s->segments[g].start_month >= 0 &&
		    last >= (size_t)s->segments[g].start_month + BW_SEGMENTS_AUTO_MONTHS)
			(*supported)++;
		else if (s->segments[g].start_month > 0 || s->segments[g].stopped)
			(*events)++;
	}
	*total = s->count;
	bw_segments_free(s);
	free(usd);
	return 0;
}

/* The first month of the segment's current run of spend: after its last
 * month without spend (a segment that paused and came back is fitted on
 * its months since it came back, the models need spend in every month). */
static size_t current_run(const double *usd, size_t n)
{
	size_t i = n;
	while (i > 0 && usd[i - 1] > 0)
		i--;
	return i;
}

/* Month i's log change of both series, when both had spend in i - 1 and i. */
static int both_changes(const double *x, const double *y, size_t i, double *dx, double *dy)
{
	if (!(x[i] > 0 && x[i - 1] > 0 && y[i] > 0 && y[i - 1] > 0))
		return 0;
	*dx = log(x[i] / x[i - 1]);
	*dy = log(y[i] / y[i - 1]);
	return 1;
}

/* The correlation of two segments' monthly log changes, over the months
 * both ran in that month and the one before; 0 with *ok = 0 when fewer
 * than 3 such months. For noise around a trend the changes' correlation is
 * the noise's (both differenced alike), whatever model each segment uses. */
static double change_correlation(const double *x, const double *y, size_t n, int *ok)
{
	double sab = 0, saa = 0, sbb = 0, ma = 0, mb = 0, da, db;
	int both = 0;

	*ok = 0;
	for (size_t i = 1; i < n; i++)
		if (both_changes(x, y, i, &da, &db)) {
			ma += da;
			mb += db;
			both++;
		}
	if (both < MIN_MONTHS)
		return 0;
	ma /= both;
	mb /= both;
	for (size_t i = 1; i < n; i++)
		if (both_changes(x, y, i, &da, &db)) {
			sab += (da - ma) * (db - mb);
			saa += (da - ma) * (da - ma);
			sbb += (db - mb) * (db - mb);
		}
	if (!(saa > 0 && sbb > 0))
		return 0;
	*ok = 1;
	return sab / sqrt(saa * sbb);
}

/* The correlation of two segments' backtest errors (log P50 - log actual)
 * over the (origin, month) pairs both were scored on, about zero rather
 * than about their means: the sum's error is the sum of the errors, bias
 * included, so a shared bias (both segments' models overshooting a
 * plateau alike) is correlation the sum must carry. *ok = 0 when fewer
 * than MIN_ERRORS pairs. */
static double error_correlation(const double *a, const double *b, size_t size, int *ok)
{
	double sab = 0, saa = 0, sbb = 0;
	size_t both = 0;

	*ok = 0;
	for (size_t i = 0; i < size; i++)
		if (!isnan(a[i]) && !isnan(b[i])) {
			sab += a[i] * b[i];
			saa += a[i] * a[i];
			sbb += b[i] * b[i];
			both++;
		}
	if (both < MIN_ERRORS || !(saa > 0 && sbb > 0))
		return 0;
	*ok = 1;
	return sab / sqrt(saa * sbb);
}

/* The mean pairwise correlation of the running segments, clamped to
 * [0, 0.99]: of their backtest errors where both have enough, else of
 * their monthly log changes. errors is NULL for the changes only. */
static double common_share(const bw_segment_fit *fits, const double *usd, const double *errors,
                           size_t count, size_t n)
{
	size_t size = n * BW_FORECAST_MAX_HORIZON;
	double sum = 0;
	int pairs = 0;

	for (size_t a = 0; a < count; a++)
		for (size_t b = a + 1; b < count; b++) {
			int ok = 0;
			double r = 0;
			if (fits[a].stopped || fits[b].stopped)
				continue;
			if (errors != NULL)
				r = error_correlation(errors + a * size, errors + b * size, size,
				                      &ok);
			if (!ok)
				r = change_correlation(usd + a * n, usd + b * n, n, &ok);
			if (ok) {
				sum += r;
				pairs++;
			}
		}
	double rho = pairs > 0 ? sum / pairs : 0;
	return rho < 0 ? 0 : rho > 0.99 ? 0.99 : rho;
}

static void describe(bw_segment_fit *f, const double *usd, size_t n, const char *first_month)
{
	int first = 0;
	char month[8] = "", amount[64];

	f->last_usd = usd[n - 1];
	bwx_month_scan(first_month, &first, NULL);
	if (f->stopped) {
		int last = (int)n - 1;
		while (last > 0 && !(usd[last] > 0))
			last--;
		bwx_month_format(first + last + 1, month);
		bwx_format_usd(amount, sizeof(amount), usd[last]);
		snprintf(f->event, sizeof(f->event), "%s: %s stops (was %s a month)", month,
		         f->name, amount);
	} else if (f->start_month > 0 && strcmp(f->name, "other") != 0) {
		double ramp = 0;
		int k = 0;
		for (int i = f->start_month; i < (int)n && k < 3; i++, k++)
			ramp += usd[i];
		bwx_month_format(first + f->start_month, month);
		bwx_format_usd(amount, sizeof(amount), k ? ramp / k : 0);
		snprintf(f->event, sizeof(f->event), "%s: %s starts, +%s a month", month, f->name,
		         amount);
	}
}

/* One segment's paths: the total's forecast (model choice, AR(1) noise)
 * on its current run of spend; a run under 3 months is held at its last
 * month with the default volatility (nothing to fit a growth on). */
static int forecast_one(bw_paths **out, bw_segment_fit *f, const double *usd, size_t n,
                        const bw_forecast_options *forecast, size_t index, double *errors,
                        double *growth_se)
{
	bw_forecast_options o = *forecast;
	bw_forecast_fit fit;
	size_t from = current_run(usd, n);

	o.fit_from = 0;
	o.model = BW_MODEL_AUTO;
	if (o.calendar_month >= 0)
		o.calendar_month += (int)from; /* its months' own calendar */
	/* Each segment its own draws: the copula, not shared numbers, is
	 * what correlates them. */
	o.seed = forecast->seed * 1000003ULL + index + 1;
	if (n - from < MIN_MONTHS)
		o.growth = 0;
	/* Its errors at the same origins as the model choice (the choice's
	 * own, when it chose), placed at their calendar month so that two
	 * segments line up. */
	double *own = errors + from * BW_FORECAST_MAX_HORIZON;
	int have = 0;
	for (size_t i = 0; i < n * BW_FORECAST_MAX_HORIZON; i++)
		errors[i] = NAN;
	int error = bw_forecast__run_errors(out, &fit, usd + from, n - from, &o, own, &have);
	if (error < 0)
		return error;
	f->model = fit.model;
	f->monthly_growth = fit.monthly_growth;
	f->regime = fit.regime;
	f->regime_shift = fit.regime_shift;
	f->regime_from = from + fit.regime_from;
	f->residual_sigma = fit.residual_sigma;
	*growth_se = (log1p(fit.growth_high) - log1p(fit.growth_low)) / (2 * 1.96);
	size_t first_origin;
	if (!have && n - from >= MIN_MONTHS)
		error = bw_forecast__backtest_errors(fit.model, usd + from, n - from, &o,
		                                     &first_origin, own);
	return error;
}

/* What the established segments (running, not young) say about growth,
 * weighted by their last month: the mean log growth, the variance a young
 * segment's own growth has about it (the spread between them, or their
 * estimates' own variance when that is larger or there is one), and
 * their mean residual sigma. */
typedef struct {
	double weight, drift, spread2, sigma;
	double within2; /* the variance of their growth estimates (weighted) */
	double dof;     /* what their sigma is estimated on: their months less two each */
} established;

static established pool_established(const bw_segment_fit *fits, const int *young,
                                    const double *growth_se, const double *usd, size_t count,
                                    size_t n)
{
	established e = {0};
	double within = 0, between = 0;

	for (size_t g = 0; g < count; g++)
		if (!fits[g].stopped && !young[g]) {
			double last = usd[g * n + n - 1];
			e.weight += last;
			e.drift += last * log1p(fits[g].monthly_growth);
			e.sigma += last * fits[g].residual_sigma;
			within += last * growth_se[g] * growth_se[g];
			size_t run = n - current_run(usd + g * n, n);
			e.dof += run > 2 ? (double)(run - 2) : 0;
		}
	if (!(e.weight > 0))
		return e;
	e.drift /= e.weight;
	e.sigma /= e.weight;
	within /= e.weight;
	for (size_t g = 0; g < count; g++)
		if (!fits[g].stopped && !young[g]) {
			double d = log1p(fits[g].monthly_growth) - e.drift;
			between += usd[g * n + n - 1] * d * d;
		}
	between /= e.weight;
	e.spread2 = between > within ? between : within;
	e.within2 = within;
	return e;
}

/* The first month of the run [from, n) from which the segment stays at
 * its level: the first at or above RAMP_SHARE of its last three months'
 * median (a launch's ramp ends there; a step start has none). */
#define RAMP_SHARE 0.8
static size_t ramp_end(const double *usd, size_t from, size_t n)
{
	double a = usd[n - 1], b = usd[n - 2], c = usd[n - 3];
	double median = a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
	size_t i = from;
	while (i < n - 1 && usd[i] < RAMP_SHARE * median)
		i++;
	return i;
}

/*
 * A young segment's paths: the trend model on the second half of its run
 * (after its ramp; 3 months at least), its slope centred on its own
 * shrunk toward the established segments' by precision (its own there
 * has variance s^2 / sxx, s at least the established segments' residual
 * sigma; the prior the established spread) and drawn with the
 * posterior's spread plus the borrowed part's (docs/methodology.md §2.2).
 */
static int forecast_young(bw_paths **out, bw_segment_fit *f, const double *usd, size_t n,
                          const bw_forecast_options *forecast, size_t index, established e)
{
	size_t from = current_run(usd, n), k = n - ramp_end(usd, from, n);
	bw_forecast_options o = *forecast;
	bw_forecast_fit fit;

	if (k < MIN_MONTHS)
		k = MIN_MONTHS;
	const double *tail = usd + n - k;
	double y[YOUNG_MONTHS], level, own, sxx, ssr;
	for (size_t i = 0; i < k; i++)
		y[i] = log(tail[i]);
	bw_forecast__fit_line(y, 0, k, &level, &own, &sxx, &ssr);
	/* Its noise from its own months pooled with the established
	 * segments' (by degrees of freedom): a few months say little. */
	double own_dof = k > 2 ? (double)(k - 2) : 0;
	double s2 = own_dof + e.dof > 0 ? (ssr + e.dof * e.sigma * e.sigma) / (own_dof + e.dof)
	                                : e.sigma * e.sigma;
	double own2 = s2 / sxx, prior2 = e.spread2;
	double w = prior2 + own2 > 0 ? prior2 / (prior2 + own2) : 0;
	double slope = e.drift + w * (own - e.drift);
	/* The spread: the posterior's, plus the borrowed part's error (the
	 * established segments' own growth error) added as a standard
	 * deviation, not a variance: that error is the established segments'
	 * too, and the copula (correlating the noise) does not carry it. The
	 * posterior alone left the sum too narrow (70% on the launch kind),
	 * its own slope's spread too wide (96-97% on test_segments.c's launch,
	 * 91% per workspace on 600 seeds; methodology §2.2). */
	double post2 = prior2 + own2 > 0 ? prior2 * own2 / (prior2 + own2) : own2;
	double slope_se = sqrt(post2) + (1 - w) * sqrt(e.within2);

	o.seed = forecast->seed * 1000003ULL + index + 1;
	/* A few months after a ramp: no weekday adjustment of its own. */
	o.calendar_month = -1;
	bw_forecast__borrowed borrowed = {slope, slope_se, e.sigma * e.sigma, e.dof};
	int error = bw_forecast__with_slope(out, &fit, tail, k, borrowed, &o);
	if (error < 0)
		return error;
	f->model = BW_MODEL_TREND;
	f->young = 1;
	f->regime = 0;
	f->monthly_growth = expm1(slope);
	f->residual_sigma = fit.residual_sigma;
	return 0;
}

typedef struct {
	double key;
	size_t index;
} ranked;

static int compare_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index); /* ties: by index, stable */
}

/*
 * Add segment paths 'part' into 'sum' with a Gaussian copula on their
 * totals (Iman and Conover 1982): the path of 'part' with the k-th
 * smallest total goes to the slot whose score w = sqrt(rho) z + sqrt(1 -
 * rho) u (z shared by every segment in that slot) is the k-th smallest.
 * Each segment keeps its own distribution, month by month; only which
 * paths land together changes.
 */
static void add_copula(bw_paths *sum, const bw_paths *part, const double *z, double rho,
                       gsl_rng *rng, ranked *by_total, ranked *by_score)
{
	size_t count = sum->path_count, months = (size_t)sum->months;

	for (size_t p = 0; p < count; p++) {
		double total = 0;
		for (size_t h = 0; h < months; h++)
			total += part->list_usd[p * months + h];
		by_total[p] = (ranked){total, p};
		by_score[p] =
		    (ranked){sqrt(rho) * z[p] + sqrt(1 - rho) * gsl_ran_gaussian(rng, 1), p};
	}
	qsort(by_total, count, sizeof(ranked), compare_ranked);
	qsort(by_score, count, sizeof(ranked), compare_ranked);
	for (size_t k = 0; k < count; k++) {
		const double *from = part->list_usd + by_total[k].index * months;
		double *to = sum->list_usd + by_score[k].index * months;
		for (size_t h = 0; h < months; h++)
			to[h] += from[h];
	}
}

int bw_segments__forecast_series(bw_paths **out, bw_segment_fit *fits, double *correlation,
                                 const double *usd, size_t count, size_t n,
                                 const bw_forecast_options *forecast, int correlated)
{
	bw_paths *sum = NULL, **parts = NULL;
	ranked *by_total = NULL, *by_score = NULL;
	double *z = NULL, *errors = NULL, *growth_se = NULL;
	int *young = NULL;
	gsl_rng *rng = NULL;
	int error;

	*out = NULL;
	if ((error = bw_paths_new(&sum, forecast->paths, forecast->months)) < 0)
		return error;
	if ((by_total = malloc(forecast->paths * sizeof(*by_total))) == NULL ||
	    (by_score = malloc(forecast->paths * sizeof(*by_score))) == NULL ||
	    (z = malloc(forecast->paths * sizeof(*z))) == NULL ||
	    (parts = calloc(count + 1, sizeof(*parts))) == NULL ||
	    (errors = malloc((count + 1) * n * BW_FORECAST_MAX_HORIZON * sizeof(*errors))) ==
	        NULL ||
	    (young = calloc(count + 1, sizeof(*young))) == NULL ||
	    (growth_se = calloc(count + 1, sizeof(*growth_se))) == NULL ||
	    (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory for the segment forecast");
		goto done;
	}
	/* The established segments first: the young ones borrow their growth. */
	size_t running = 0;
	for (size_t g = 0; g < count; g++) {
		size_t from = current_run(usd + g * n, n);
		fits[g].model = BW_MODEL_AUTO;
		fits[g].young = 0;
		fits[g].regime = 0;
		young[g] = !fits[g].stopped && from > 0 && n - from >= MIN_MONTHS &&
		           n - from < YOUNG_MONTHS;
		running += !fits[g].stopped && !young[g];
	}
	for (size_t g = 0; g < count; g++) {
		if (fits[g].stopped)
			continue; /* forecasts zero */
		if (young[g] && running > 0)
			continue;
		young[g] = 0;
		if ((error =
		         forecast_one(&parts[g], &fits[g], usd + g * n, n, forecast, g,
		                      errors + g * n * BW_FORECAST_MAX_HORIZON, &growth_se[g])) < 0)
			goto done;
	}
	established pooled = pool_established(fits, young, growth_se, usd, count, n);
	for (size_t g = 0; g < count; g++) {
		if (!young[g])
			continue;
		for (size_t i = 0; i < n * BW_FORECAST_MAX_HORIZON; i++)
			errors[g * n * BW_FORECAST_MAX_HORIZON + i] = NAN;
		if ((error = forecast_young(&parts[g], &fits[g], usd + g * n, n, forecast, g,
		                            pooled)) < 0)
			goto done;
	}
	*correlation = correlated ? common_share(fits, usd, errors, count, n) : 0;
	memset(sum->list_usd, 0, forecast->paths * (size_t)forecast->months * sizeof(double));
	gsl_rng_set(rng, (unsigned long)forecast->seed);
	for (size_t p = 0; p < forecast->paths; p++)
		z[p] = gsl_ran_gaussian(rng, 1);
	for (size_t g = 0; g < count; g++)
		if (parts[g] != NULL)
			add_copula(sum, parts[g], z, *correlation, rng, by_total, by_score);
	*out = sum;
	sum = NULL;
done:
	bw_paths_free(sum);
	for (size_t g = 0; parts != NULL && g < count; g++)
		bw_paths_free(parts[g]);
	free(parts);
	gsl_rng_free(rng);
	free(by_total);
	free(by_score);
	free(errors);
	free(growth_se);
	free(young);
	free(z);
	return error;
}

int bw_segments_forecast(bw_paths **out, bw_segments **info, const bw_spend *spend,
                         const bw_forecast_options *forecast, const bw_segments_options *options)
{
	bw_segments *s = NULL;
	double *usd = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	if (info != NULL)
		*info = NULL;
	if ((error = bw_segments_history(&s, &usd, &n, spend, options)) < 0)
		return error;
	for (size_t g = 0; g < s->count; g++)
		describe(&s->segments[g], usd + g * n, n, s->first_month);
	/* The segments' months start at the spend's first month, which may
	 * come before the total's first complete one. */
	bw_forecast_options o = *forecast;
	int first;
	if (o.calendar_month >= 0 && bwx_month_parse(s->first_month, &first) == 0)
		o.calendar_month = first;
	error = bw_segments__forecast_series(out, s->segments, &s->correlation, usd, s->count, n,
	                                     &o, options->correlated);
	if (error == 0 && bwx_month_parse(s->first_month, &first) == 0)
		for (size_t g = 0; g < s->count; g++)
			if (s->segments[g].regime)
				bwx_month_format(first + (int)s->segments[g].regime_from,
				                 s->segments[g].regime_month);
	if (error == 0 && info != NULL) {
		*info = s;
		s = NULL;
	}
	bw_segments_free(s);
	free(usd);
	return error;
}

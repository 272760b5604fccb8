/*
 * segments.c: the forecast by segment, summed with a common shock.
 *
 * Workload: a few to a few dozen segments of at most a few dozen months,
 * and N x T x segments draws (10,000 x 12 x 10 is about a million normal
 * draws, well under the forecast's own budget).
 */
#include "bandwise/segments.h"

#include "bandwise/error.h"
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

/* One fitted segment's trend, for the draws. */
typedef struct {
	int start, n; /* months fitted: [start, start + n) of the history */
	double alpha, slope, t_mean, sxx, s2;
	int stopped;
} trend;

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

/* Least squares of log spend on the months [start, n) with spend; a
 * segment that stopped is not fitted (it forecasts zero). */
static void fit_trend(trend *t, const double *usd, size_t n, int start, int stopped)
{
	double y_mean = 0, sxy = 0, ssr = 0;
	int count = 0;

	memset(t, 0, sizeof(*t));
	t->start = start;
	t->stopped = stopped;
	t->n = (int)n - start;
	if (stopped || t->n < 1)
		return;
	t->t_mean = 0;
	for (int i = start; i < (int)n; i++)
		if (usd[i] > 0) {
			t->t_mean += i;
			y_mean += log(usd[i]);
			count++;
		}
	t->t_mean /= count;
	y_mean /= count;
	for (int i = start; i < (int)n; i++)
		if (usd[i] > 0) {
			double dt = i - t->t_mean;
			t->sxx += dt * dt;
			sxy += dt * (log(usd[i]) - y_mean);
		}
	t->n = count;
	t->slope = count >= MIN_MONTHS && t->sxx > 0 ? sxy / t->sxx : 0;
	t->alpha = y_mean;
	for (int i = start; i < (int)n; i++)
		if (usd[i] > 0) {
			double r = log(usd[i]) - (t->alpha + t->slope * (i - t->t_mean));
			ssr += r * r;
		}
	t->s2 = count > 2 ? ssr / (count - 2) : 0;
}

/* The residual of month i of a fitted trend (NAN without spend). */
static double residual(const trend *t, const double *usd, int i)
{
	if (t->stopped || i < t->start || !(usd[i] > 0))
		return NAN;
	return log(usd[i]) - (t->alpha + t->slope * (i - t->t_mean));
}

/* The mean pairwise correlation of the fitted segments' residuals over the
 * months both ran, clamped to [0, 0.99]: the common shock's share. */
static double common_share(const trend *trends, const double *usd, size_t count, size_t n)
{
	double sum = 0;
	int pairs = 0;

	for (size_t a = 0; a < count; a++)
		for (size_t b = a + 1; b < count; b++) {
			double sab = 0, saa = 0, sbb = 0;
			int both = 0;
			for (size_t i = 0; i < n; i++) {
				double ra = residual(&trends[a], usd + a * n, (int)i),
				       rb = residual(&trends[b], usd + b * n, (int)i);
				if (isnan(ra) || isnan(rb))
					continue;
				sab += ra * rb;
				saa += ra * ra;
				sbb += rb * rb;
				both++;
			}
			if (both >= MIN_MONTHS && saa > 0 && sbb > 0) {
				sum += sab / sqrt(saa * sbb);
				pairs++;
			}
		}
	double rho = pairs > 0 ? sum / pairs : 0;
	return rho < 0 ? 0 : rho > 0.99 ? 0.99 : rho;
}

static void describe(bw_segment_fit *f, const trend *t, const double *usd, size_t n,
                     const char *first_month)
{
	int first = 0;
	char month[8] = "", amount[64];

	f->monthly_growth = expm1(t->slope);
	f->residual_sigma = sqrt(t->s2);
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

int bw_segments_forecast(bw_paths **out, bw_segments **info, const bw_spend *spend,
                         const bw_forecast_options *forecast, const bw_segments_options *options)
{
	bw_segments *s = NULL;
	double *usd = NULL, *slopes = NULL, *levels = NULL, *sigmas = NULL;
	trend *trends = NULL;
	gsl_rng *rng = NULL;
	bw_paths *paths = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	if (info != NULL)
		*info = NULL;
	if ((error = bw_segments_history(&s, &usd, &n, spend, options)) < 0)
		return error;
	size_t count = s->count;
	if ((trends = calloc(count + 1, sizeof(*trends))) == NULL ||
	    (slopes = calloc(count + 1, sizeof(double))) == NULL ||
	    (levels = calloc(count + 1, sizeof(double))) == NULL ||
	    (sigmas = calloc(count + 1, sizeof(double))) == NULL ||
	    (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory for the segment forecast");
		goto done;
	}
	for (size_t g = 0; g < count; g++) {
		fit_trend(&trends[g], usd + g * n, n, s->segments[g].start_month,
		          s->segments[g].stopped);
		describe(&s->segments[g], &trends[g], usd + g * n, n, s->first_month);
	}
	s->correlation = options->correlated ? common_share(trends, usd, count, n) : 0;
	if ((error = bw_paths_new(&paths, forecast->paths, forecast->months)) < 0)
		goto done;
	gsl_rng_set(rng, (unsigned long)forecast->seed);
	double rho = s->correlation, common = sqrt(rho), own = sqrt(1 - rho);
	for (size_t p = 0; p < forecast->paths; p++) {
		/* Each segment's parameters from its posterior, as bw_forecast_run;
		 * least squares on the same months gives estimation errors as
		 * correlated as the residuals, so the common shock is in them too. */
		double z_level = gsl_ran_gaussian(rng, 1), z_slope = gsl_ran_gaussian(rng, 1);
		for (size_t g = 0; g < count; g++) {
			const trend *t = &trends[g];
			if (t->stopped)
				continue;
			int dof = t->n - 2;
			double s2 =
			    dof > 0 && t->s2 > 0 ? t->s2 * dof / gsl_ran_chisq(rng, dof) : 0;
			sigmas[g] = sqrt(s2);
			double u_level = gsl_ran_gaussian(rng, 1),
			       u_slope = gsl_ran_gaussian(rng, 1);
			levels[g] = t->alpha + sqrt(s2 / t->n) * (common * z_level + own * u_level);
			slopes[g] = t->slope + (t->sxx > 0 ? sqrt(s2 / t->sxx) : 0) *
			                           (common * z_slope + own * u_slope);
		}
		for (int h = 1; h <= forecast->months; h++) {
			double z = gsl_ran_gaussian(rng, 1), total = 0;
			for (size_t g = 0; g < count; g++) {
				const trend *t = &trends[g];
				double u = gsl_ran_gaussian(rng, 1);
				if (t->stopped)
					continue;
				double x = (double)(n - 1 + (size_t)h) - t->t_mean;
				total += exp(levels[g] + slopes[g] * x +
				             sigmas[g] * (common * z + own * u));
			}
			paths->list_usd[p * (size_t)paths->months + (size_t)(h - 1)] = total;
		}
	}
	*out = paths;
	paths = NULL;
	if (info != NULL) {
		*info = s;
		s = NULL;
	}
done:
	gsl_rng_free(rng);
	bw_paths_free(paths);
	bw_segments_free(s);
	free(usd);
	free(trends);
	free(slopes);
	free(levels);
	free(sigmas);
	return error;
}

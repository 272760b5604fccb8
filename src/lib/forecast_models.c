/*
 * forecast_models.c: the candidate models on log spend, fitted and
 * simulated (docs/methodology.md, "Forecast models").
 *
 * Two families. Line models (the log-linear trend, the changepoint trend)
 * put a straight line through log spend and treat what is left as noise;
 * that noise is AR(1), because month-to-month residuals of usage wander
 * (a busy month is followed by a busy month) and treating them as
 * independent makes the fan too narrow. State-space models (drift, Theta,
 * damped Holt) carry a level (and a trend) forward and add each month's
 * surprise to it, so their fans widen with the horizon by construction.
 * Every model keeps its parameter uncertainty: each path draws sigma^2
 * from s^2 dof / chi^2_dof (the chi^2 held at its 1% quantile) and the
 * slope or drift from its standard error; the state models (Theta, damped)
 * also draw their smoothing from its posterior on the grid and perturb
 * their end level and slope by what the data can know of them.
 */
#include "forecast_internal.h"

#include "bandwise/error.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The chi^2 draw of sigma^2 is held at this quantile (bw_forecast__simulate). */
#define SIGMA_DRAW_QUANTILE 0.01

void bw_forecast__fit_line(const double *y, size_t s, size_t e, double *a, double *b,
                           double *sxx_out, double *ssr_out)
{
	double m = (double)(e - s), tbar = (double)(s + e - 1) / 2.0, ybar = 0, sxx = 0, sxy = 0,
	       ssr = 0;

	for (size_t i = s; i < e; i++)
		ybar += y[i];
	ybar /= m;
	for (size_t i = s; i < e; i++) {
		double dt = (double)i - tbar;
		sxx += dt * dt;
		sxy += dt * (y[i] - ybar);
	}
	*b = sxx > 0 ? sxy / sxx : 0;
	*a = ybar;
	for (size_t i = s; i < e; i++) {
		double r = y[i] - (ybar + *b * ((double)i - tbar));
		ssr += r * r;
	}
	*sxx_out = sxx;
	*ssr_out = ssr;
}

double bw_forecast__ar1(const double *r, size_t n)
{
	double num = 0, den = 0;
	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		den += r[i] * r[i];
	for (size_t i = 1; i < n; i++)
		num += r[i] * r[i - 1];
	/* A perfect fit has no noise to correlate. */
	return den > 1e-20 ? num / den : 0;
}

/*
 * The autocorrelation's bias. The lag-1 autocorrelation of least-squares
 * residuals is biased towards zero, and on a few dozen months by much:
 * the fitted line absorbs the slow part of wandering noise. On 36 months
 * of AR(1) noise with phi 0.6 about a line its mean is 0.45, where
 * Kendall's correction for a mean, (1 + 3 phi) / n, brings it to 0.52
 * only; a fan built on it is too narrow exactly when the noise wanders
 * (docs/methodology.md §3, "The autocorrelation's bias"). So the bias is
 * taken from the design itself: for residuals r = M u of AR(1) noise u
 * with correlations S, the estimate's expectation is about
 * tr(M A M S) / tr(M S) (A the lag-1 form: the ratio of the quadratic
 * forms' expectations) less 2 phi / n, the ratio's own bias (Marriott and
 * Pope 1954, whose mean-only case this reproduces: -(1 + 3 phi) / n). The
 * estimate is corrected by that bias at itself (unbiased_on).
 */

/* The design's columns q[j * n + t], j < k, made orthonormal in place
 * (modified Gram-Schmidt); a column the others span is dropped. Returns
 * the rank. */
static size_t orthonormalize(double *q, size_t n, size_t k)
{
	size_t rank = 0;
	for (size_t j = 0; j < k; j++) {
		double *v = q + rank * n, norm0 = 0, norm = 0;
		if (rank != j)
			memmove(v, q + j * n, n * sizeof(double));
		for (size_t t = 0; t < n; t++)
			norm0 += v[t] * v[t];
		for (size_t i = 0; i < rank; i++) {
			double d = 0;
			for (size_t t = 0; t < n; t++)
				d += q[i * n + t] * v[t];
			for (size_t t = 0; t < n; t++)
				v[t] -= d * q[i * n + t];
		}
		for (size_t t = 0; t < n; t++)
			norm += v[t] * v[t];
		if (!(norm > 1e-12 * norm0))
			continue;
		for (size_t t = 0; t < n; t++)
			v[t] /= sqrt(norm);
		rank++;
	}
	return rank;
}

/* out = S v, S[i][j] = phi^|i - j|: a forward and a backward exponential
 * filter, less v counted twice. */
static void correlate(const double *v, size_t n, double phi, double *out)
{
	double back = 0;
	for (size_t t = 0; t < n; t++)
		out[t] = v[t] + (t > 0 ? phi * out[t - 1] : 0);
	for (size_t t = n; t-- > 0;) {
		back = v[t] + phi * back;
		out[t] += back - v[t];
	}
}

/* The lag-1 form at t: (A v)[t] = (v[t - 1] + v[t + 1]) / 2, so that
 * r' A r = sum r_t r_{t-1}. */
static double lag_form(const double *v, size_t n, size_t t)
{
	return ((t > 0 ? v[t - 1] : 0) + (t + 1 < n ? v[t + 1] : 0)) / 2;
}

/* The expected lag-1 autocorrelation of the residuals off the design with
 * orthonormal basis q (n x k) under AR(1) noise of coefficient phi; sq is
 * scratch (n x k). */
static double expected_ar1(const double *q, size_t n, size_t k, double phi, double *sq)
{
	double trace_s = 0, trace_as = 0, trace_asas = 0;
	for (size_t j = 0; j < k; j++)
		correlate(q + j * n, n, phi, sq + j * n);
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++) {
			/* (Q'AQ)[i][j] (Q'SQ)[j][i] */
			double qaq = 0, qsq = 0;
			for (size_t t = 0; t < n; t++) {
				qaq += q[i * n + t] * lag_form(q + j * n, n, t);
				qsq += q[j * n + t] * sq[i * n + t];
			}
			trace_asas += qaq * qsq;
			if (i == j) {
				trace_s += qsq;
				for (size_t t = 0; t < n; t++)
					trace_as += lag_form(q + i * n, n, t) * sq[i * n + t];
			}
		}
	double m = (double)n;
	return ((m - 1) * phi - 2 * trace_as + trace_asas) / (m - trace_s) - 2 * phi / m;
}

/* phi held to [-0.5, 0.95], the range the line models use. */
static double held(double phi)
{
	return phi > 0.95 ? 0.95 : phi < -0.5 ? -0.5 : phi;
}

/* The estimate phi-hat of residuals off the design q[0..n*k) corrected by
 * its bias there at phi-hat, phi-hat + (phi-hat - E[phi-hat | phi-hat]),
 * as Kendall's correction is applied; takes ownership of q. Solving
 * E[phi-hat | phi] = phi-hat instead is unbiased on long series, but on
 * short ones with several columns the expectation is nearly flat in phi
 * and the solution runs to the bound (the demo's 14 months about two level
 * shifts: 0.148 read as 0.95). A negative estimate is corrected as a
 * positive one is: white noise's averages -k / n on k columns, and
 * correcting the positive ones alone made white noise look autocorrelated
 * on average and its fans too wide (methodology §3). */
static double unbiased_on(const double *r, size_t n, double *q, size_t k)
{
	double observed = bw_forecast__ar1(r, n), *sq = NULL;
	size_t rank = 0;
	if (q != NULL) {
		sq = malloc(n * k * sizeof(double));
		rank = orthonormalize(q, n, k);
	}
	if (sq == NULL || rank + 2 >= n) {
		free(sq);
		free(q);
		/* Out of memory or no months to spare: Kendall's first-order
		 * correction for a mean, of a positive estimate. */
		return held(observed > 0 ? observed + (1 + 3 * observed) / (double)n : observed);
	}
	double at = held(observed);
	double corrected = observed + (at - expected_ar1(q, n, rank, at, sq));
	free(sq);
	free(q);
	return held(corrected);
}

double bw_forecast__ar1_unbiased(const double *r, size_t n, const bw_forecast__segments *seg)
{
	double row[BW_FORECAST__DESIGN_COLUMNS];
	size_t k = bw_forecast__design_row(seg, 0, row);
	double *q = n > 0 ? malloc(n * k * sizeof(double)) : NULL;
	for (size_t t = 0; t < n && q != NULL; t++) {
		(void)bw_forecast__design_row(seg, t, row);
		for (size_t j = 0; j < k; j++)
			q[j * n + t] = row[j];
	}
	return unbiased_on(r, n, q, k);
}

double bw_forecast__ar1_unbiased_mean(const double *r, size_t n)
{
	double *q = n > 0 ? malloc(n * sizeof(double)) : NULL;
	for (size_t t = 0; t < n && q != NULL; t++)
		q[t] = 1;
	return unbiased_on(r, n, q, 1);
}

size_t bw_forecast__design_row(const bw_forecast__segments *seg, size_t t, double *row)
{
	size_t k = 0;
	if (seg == NULL) {
		row[0] = 1;
		row[1] = (double)t;
		return 2;
	}
	for (size_t s = 0; s < seg->count; s++)
		row[k++] = t >= seg->starts[s] && t < seg->starts[s + 1];
	for (size_t g = 0; g < seg->count;) {
		size_t e = g + 1;
		while (e < seg->count && seg->shift[e])
			e++;
		row[k++] = t >= seg->starts[g] && t < seg->starts[e] ? (double)t : 0;
		g = e;
	}
	return k;
}

/* --- AR(1) likelihood: generalised least squares ----------------------------------- */

/* A segmentation's parameters for BIC: 2 for the first line, 2 for each
 * level shift (a level and its month), 3 for each full break. */
static size_t segmentation_params(const bw_forecast__segments *seg)
{
	size_t params = 2;
	for (size_t k = 1; k < seg->count; k++)
		params += seg->shift[k] ? 2 : 3;
	return params;
}

/* The residual sum of squares of z[0..m) on the k columns of x (row i at
 * x + i * k) by least squares (GSL's, by SVD); the residuals into
 * residuals[0..m) when not NULL. INFINITY when GSL cannot fit. */
static double least_squares_ssr(double *x, double *z, size_t m, size_t k, double *residuals)
{
	if (m <= k)
		return INFINITY; /* GSL's handler would abort: no fit to judge */
	gsl_matrix_view design = gsl_matrix_view_array(x, m, k);
	gsl_vector_view target = gsl_vector_view_array(z, m);
	gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc(m, k);
	gsl_vector *c = gsl_vector_alloc(k);
	gsl_matrix *cov = gsl_matrix_alloc(k, k);
	double ssr = INFINITY;

	if (work != NULL && c != NULL && cov != NULL &&
	    gsl_multifit_linear(&design.matrix, &target.vector, c, cov, &ssr, work) == 0) {
		if (residuals != NULL) {
			gsl_vector_view r = gsl_vector_view_array(residuals, m);
			gsl_multifit_linear_residuals(&design.matrix, &target.vector, c, &r.vector);
		}
	} else
		ssr = INFINITY;
	gsl_multifit_linear_free(work);
	gsl_vector_free(c);
	gsl_matrix_free(cov);
	return ssr > 0 ? ssr : 0;
}

/* The residual sum of squares of y[0..n) on the segmentation (or one line:
 * seg NULL) with AR(1) errors of coefficient phi, by generalised least
 * squares in Prais and Winsten's (1954) form: every row less phi times the
 * one before, the first scaled by sqrt(1 - phi^2). x and z are scratch
 * (n x BW_FORECAST__DESIGN_COLUMNS and n); the residuals into r when not NULL (with
 * phi 0, the ordinary least squares residuals). */
static double ar1_ssr(const double *y, size_t n, const bw_forecast__segments *seg, double phi,
                      double *x, double *z, double *r)
{
	double row[BW_FORECAST__DESIGN_COLUMNS], before[BW_FORECAST__DESIGN_COLUMNS];
	size_t k = bw_forecast__design_row(seg, 0, before);
	double scale = sqrt(1 - phi * phi);

	for (size_t j = 0; j < k; j++)
		x[j] = scale * before[j];
	z[0] = scale * y[0];
	for (size_t t = 1; t < n; t++) {
		(void)bw_forecast__design_row(seg, t, row);
		for (size_t j = 0; j < k; j++) {
			x[t * k + j] = row[j] - phi * before[j];
			before[j] = row[j];
		}
		z[t] = y[t] - phi * y[t - 1];
	}
	return least_squares_ssr(x, z, n, k, r);
}

/* The AR(1) coefficient behind seg's least-squares residuals r[0..n),
 * bias-corrected as the line models' is, in [0, 0.95]. */
static double residual_phi(const double *r, size_t n, const bw_forecast__segments *seg)
{
	double phi = bw_forecast__ar1_unbiased(r, n, seg);
	return phi > 0 ? phi : 0;
}

int bw_forecast__gls_alloc(bw_forecast__gls *s, size_t n)
{
	s->x = malloc(n * BW_FORECAST__DESIGN_COLUMNS * sizeof(double));
	s->z = malloc(n * sizeof(double));
	s->r = malloc(n * sizeof(double));
	return s->x != NULL && s->z != NULL && s->r != NULL
	           ? 0
	           : bw_error_set(BW_ERROR, "out of memory");
}

void bw_forecast__gls_free(bw_forecast__gls *s)
{
	free(s->x);
	free(s->z);
	free(s->r);
}

double bw_forecast__ar1_score(const double *y, size_t n, const bw_forecast__segments *seg,
                              bw_forecast__gls *s)
{
	(void)ar1_ssr(y, n, seg, 0, s->x, s->z, s->r);
	double phi = residual_phi(s->r, n, seg);
	double ssr = ar1_ssr(y, n, seg, phi, s->x, s->z, NULL);
	if (!isfinite(ssr))
		return NAN;
	double floor = (double)n * 1e-10;
	return (double)n * log((ssr > floor ? ssr : floor) / (double)n) - log(1 - phi * phi);
}

double bw_forecast__ar1_bic(const double *y, size_t n, const bw_forecast__segments *seg,
                            bw_forecast__gls *s)
{
	size_t params = seg != NULL ? segmentation_params(seg) : 2;
	return bw_forecast__ar1_score(y, n, seg, s) + (double)params * log((double)n);
}

double bw_forecast__interval_score(double lo, double hi, double y)
{
	double score = hi - lo;
	if (y < lo)
		score += (2 / 0.2) * (lo - y);
	if (y > hi)
		score += (2 / 0.2) * (y - hi);
	return score;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double bw_forecast__crps(double *x, size_t n, double y)
{
	if (n == 0)
		return 0;
	qsort(x, n, sizeof(double), compare_doubles);
	return bw_forecast__crps_sorted(x, n, y);
}

double bw_forecast__crps_sorted(const double *x, size_t n, double y)
{
	double to_outcome = 0, spread = 0;
	if (n == 0)
		return 0;
	/* Sorted, sum_{i,j} |x_i - x_j| = 2 sum_i (2 i - n + 1) x_i (0-based). */
	for (size_t i = 0; i < n; i++) {
		to_outcome += fabs(x[i] - y);
		spread += (2.0 * (double)i - (double)n + 1.0) * x[i];
	}
	double nn = (double)n;
	return to_outcome / nn - spread / (nn * nn);
}

/* --- changepoints ---------------------------------------------------------------- */

/* Prefix sums of t, t^2, y, t y and y^2, n + 1 each. */
typedef struct {
	double *t, *tt, *y, *ty, *yy;
} prefix;

/* The centred sums of one segment [s, e): Sxx, Sxy, Syy. */
typedef struct {
	double xx, xy, yy;
} centred;

static centred segment_sums(const prefix *p, size_t s, size_t e)
{
	double m = (double)(e - s);
	double st = p->t[e] - p->t[s], stt = p->tt[e] - p->tt[s], sy = p->y[e] - p->y[s];
	double sty = p->ty[e] - p->ty[s], syy = p->yy[e] - p->yy[s];
	centred c = {stt - st * st / m, sty - st * sy / m, syy - sy * sy / m};
	return c;
}

/* BIC with 'params' fitted, the SSR floored: a perfect fit would
 * otherwise score -inf and any segmentation of a noiseless line would tie. */
static double bic_of(double ssr, size_t n, size_t params, double scale)
{
	double floor = (double)n * 1e-10;
	return (double)n * log((ssr > floor ? ssr : floor) / (double)n) +
	       scale * (double)params * log((double)n);
}

/*
 * One candidate segmentation: 'count' segments at 'starts', break k
 * (1-based) a level shift when shift[k] (the slope shared with segment
 * k - 1) or a full break (level and slope). Each segment has its own
 * level; each run of segments joined by shifts shares one slope. Fills
 * the slopes and their Sxx when 'out' is not NULL; returns the SSR.
 */
static double grouped_ssr(const centred *c, size_t count, const int *shift, double *slope,
                          double *slope_xx)
{
	double ssr = 0;
	for (size_t g = 0; g < count;) {
		size_t e = g + 1;
		while (e < count && shift[e])
			e++;
		double xx = 0, xy = 0, yy = 0;
		for (size_t k = g; k < e; k++) {
			xx += c[k].xx;
			xy += c[k].xy;
			yy += c[k].yy;
		}
		double b = xx > 0 ? xy / xx : 0, part = yy - b * xy;
		ssr += part > 0 ? part : 0;
		for (size_t k = g; k < e && slope != NULL; k++) {
			slope[k] = b;
			slope_xx[k] = xx;
		}
		g = e;
	}
	return ssr;
}

/* The fewest months a segment may have: a full break needs a line on
 * both sides; a level shift only a level after it (the slope is shared). */
static int segments_allowed(const size_t *starts, size_t count, const int *shift)
{
	for (size_t k = 0; k < count; k++) {
		size_t len = starts[k + 1] - starts[k];
		int full_before = k >= 1 && !shift[k], full_after = k + 1 < count && !shift[k + 1];
		size_t need = full_before || full_after || count == 1 ? BW_FORECAST__MIN_SEGMENT
		                                                      : BW_FORECAST__MIN_SHIFT;
		if (len < need)
			return 0;
	}
	return 1;
}

/* The lines of seg's segments on y (count, starts and shift given): each
 * segment's level, each run's shared slope and Sxx, and the SSR. */
static void refit_segments(const double *y, bw_forecast__segments *seg)
{
	centred c[BW_FORECAST__MAX_BREAKS + 1];
	for (size_t k = 0; k < seg->count; k++) {
		double a, b, sxx, ssr;
		bw_forecast__fit_line(y, seg->starts[k], seg->starts[k + 1], &a, &b, &sxx, &ssr);
		seg->a[k] = a;
		c[k].xx = sxx;
		c[k].xy = b * sxx;
		c[k].yy = ssr + b * b * sxx;
	}
	seg->ssr = grouped_ssr(c, seg->count, seg->shift, seg->b, seg->sxx);
}

static void search_changepoints(const double *y, size_t n, double scale, bw_forecast__segments *out)
{
	const size_t S = BW_FORECAST__MIN_SHIFT;
	size_t best_starts[BW_FORECAST__MAX_BREAKS + 2] = {0, n, n, n}, best_count = 1;
	int best_shift[BW_FORECAST__MAX_BREAKS + 2] = {0};
	prefix p;
	double *buf = n >= 2 * S + 2 ? calloc(5 * (n + 1), sizeof(double)) : NULL;

	memset(out, 0, sizeof(*out));
	if (buf != NULL) {
		p.t = buf;
		p.tt = buf + (n + 1);
		p.y = buf + 2 * (n + 1);
		p.ty = buf + 3 * (n + 1);
		p.yy = buf + 4 * (n + 1);
		for (size_t i = 0; i < n; i++) {
			double t = (double)i;
			p.t[i + 1] = p.t[i] + t;
			p.tt[i + 1] = p.tt[i] + t * t;
			p.y[i + 1] = p.y[i] + y[i];
			p.ty[i + 1] = p.ty[i] + t * y[i];
			p.yy[i + 1] = p.yy[i] + y[i] * y[i];
		}
		centred whole = segment_sums(&p, 0, n);
		int none[BW_FORECAST__MAX_BREAKS + 2] = {0};
		double best = bic_of(grouped_ssr(&whole, 1, none, NULL, NULL), n, 2, scale);
		/* Every one or two breaks, each a level shift or a full break:
		 * at most n^2 / 2 x 4 candidates, each O(1) from the prefix sums. */
		for (size_t i = S; i + S <= n; i++) {
			for (size_t j = i; j + S <= n; j = j == i ? i + S : j + 1) {
				size_t count = j == i ? 2 : 3;
				size_t starts[BW_FORECAST__MAX_BREAKS + 2] = {0, i, j == i ? n : j,
				                                              n};
				centred c[BW_FORECAST__MAX_BREAKS + 1];
				for (size_t k = 0; k < count; k++)
					c[k] = segment_sums(&p, starts[k], starts[k + 1]);
				for (int types = 0; types < (count == 2 ? 2 : 4); types++) {
					int shift[BW_FORECAST__MAX_BREAKS + 2] = {
					    0, types & 1, (types >> 1) & 1, 0};
					if (!segments_allowed(starts, count, shift))
						continue;
					size_t params = 2;
					for (size_t k = 1; k < count; k++)
						params += shift[k] ? 2 : 3;
					double score =
					    bic_of(grouped_ssr(c, count, shift, NULL, NULL), n,
					           params, scale);
					if (score < best) {
						best = score;
						best_count = count;
						memcpy(best_starts, starts, sizeof(best_starts));
						memcpy(best_shift, shift, sizeof(best_shift));
					}
				}
			}
		}
		free(buf);
	}
	out->count = best_count;
	memcpy(out->starts, best_starts, sizeof(out->starts));
	memcpy(out->shift, best_shift, sizeof(out->shift));
	out->params = segmentation_params(out);
	/* The chosen segments' sums again, directly: the prefix sums are for
	 * comparing, the direct sums are exact. */
	refit_segments(y, out);
}

double bw_forecast__line_at(const bw_forecast__segments *seg, size_t k, double t)
{
	double centre = (double)(seg->starts[k] + seg->starts[k + 1] - 1) / 2.0;
	return seg->a[k] + seg->b[k] * (t - centre);
}

/* The residuals of y[0..n) from seg's lines into r. */
static void segment_residuals(const double *y, const bw_forecast__segments *seg, double *r)
{
	for (size_t k = 0; k < seg->count; k++)
		for (size_t i = seg->starts[k]; i < seg->starts[k + 1]; i++)
			r[i] = y[i] - bw_forecast__line_at(seg, k, (double)i);
}

/* seg as one line through y[0..n). */
static void one_line(const double *y, size_t n, bw_forecast__segments *seg)
{
	memset(seg, 0, sizeof(*seg));
	seg->count = 1;
	for (size_t k = 1; k < BW_FORECAST__MAX_BREAKS + 2; k++)
		seg->starts[k] = n;
	seg->params = 2;
	refit_segments(y, seg);
}

bw_forecast__segments bw_forecast__without_break(const double *y, const bw_forecast__segments *seg,
                                                 size_t k)
{
	bw_forecast__segments out = *seg;
	for (size_t j = k; j + 1 < BW_FORECAST__MAX_BREAKS + 2; j++) {
		out.starts[j] = seg->starts[j + 1];
		out.shift[j] = seg->shift[j + 1];
	}
	out.count = seg->count - 1;
	out.shift[out.count] = 0;
	out.params = segmentation_params(&out);
	refit_segments(y, &out);
	return out;
}

/*
 * The breaks of seg that explain y[0..n) better than one line does when
 * both have AR(1) errors of their own residuals' phi, each break by
 * BW_FORECAST_REGIME_EVIDENCE of BIC (each candidate its parameters,
 * bw_forecast__changepoints): of two breaks, both when they beat the
 * better of either alone by that much, else that one; and what is kept
 * when it beats the line by as much; else one line. Without the memory
 * to judge, seg stands.
 */
static void breaks_that_beat_the_wander(const double *y, size_t n, bw_forecast__segments *seg)
{
	bw_forecast__gls scratch;
	if (bw_forecast__gls_alloc(&scratch, n) < 0) {
		bw_error_clear(); /* as the search without memory: its answer */
		bw_forecast__gls_free(&scratch);
		return;
	}
	double line = bw_forecast__ar1_bic(y, n, NULL, &scratch);
	bw_forecast__segments best = *seg;
	double best_score = bw_forecast__ar1_bic(y, n, seg, &scratch);
	/* Each break alone (the other dropped): the pair is kept only when
	 * it beats the better one by the evidence too. */
	bw_forecast__segments alone = *seg;
	double alone_score = INFINITY;
	for (size_t drop = 1; seg->count >= 3 && drop < seg->count; drop++) {
		bw_forecast__segments candidate = bw_forecast__without_break(y, seg, drop);
		double score = bw_forecast__ar1_bic(y, n, &candidate, &scratch);
		if (isfinite(score) && score < alone_score) {
			alone_score = score;
			alone = candidate;
		}
	}
	if (isfinite(alone_score) && !(best_score + BW_FORECAST_REGIME_EVIDENCE <= alone_score)) {
		best = alone;
		best_score = alone_score;
	}
	bw_forecast__gls_free(&scratch);
	if (!isfinite(line) || !isfinite(best_score))
		return; /* nothing to judge by: the search's answer */
	if (best_score + BW_FORECAST_REGIME_EVIDENCE <= line)
		*seg = best;
	else
		one_line(y, n, seg);
}

/*
 * The search is BIC's with independent errors, and wandering noise (AR(1)
 * errors) makes runs that a line with independent errors reads as breaks:
 * a month of such noise carries less than a month's information, about
 * 1 / k of it with k = (1 + phi) / (1 - phi), the long-run variance
 * factor. So the search runs again with each parameter's penalty k times
 * BIC's, phi from the first pass's residuals (bias-corrected as the line
 * models' is): a break must explain k times as much to be kept. Residuals
 * whose phi white noise would often show (at most 1.645 / sqrt(n), its
 * one-sided 5% bound) keep the first pass: on 14 months phi-hat is 0.25
 * or so by chance, and k = 1.67 then erased the demo's two real steps
 * (methodology §3, the changepoint candidate).
 *
 * The second pass still kept breaks on 149 of 200 36-month histories of
 * steady growth with AR(1) noise (phi 0.6): its phi is the first pass's,
 * whose breaks sit where the noise turned and so absorb the wander, and
 * the search picks the best of some n^2 / 2 segmentations. So the
 * segmentation found must also beat one line when both carry AR(1) errors
 * of their own residuals' phi, by the BIC gap the recent-regime rules ask
 * (BW_FORECAST_REGIME_EVIDENCE), and a second break must beat the first
 * alone by as much: the wander is then the line's noise, a step or a kink
 * is not (methodology §3, "A break must beat the wander"; 11 of the 200
 * keep a break; a plateau's spurious second break stood on 181 of 600
 * histories with the pair held to a lower BIC only, and on 8 now).
 */
void bw_forecast__changepoints(const double *y, size_t n, bw_forecast__segments *out)
{
	search_changepoints(y, n, 1, out);
	double *r = out->count > 1 && n >= 6 ? malloc(n * sizeof(double)) : NULL;
	if (r == NULL)
		return; /* no break to doubt (or no memory: as the search, one pass) */
	segment_residuals(y, out, r);
	double phi = bw_forecast__ar1_unbiased(r, n, out);
	free(r);
	if (phi > 1.645 / sqrt((double)n))
		search_changepoints(y, n, (1 + phi) / (1 - phi), out);
	if (out->count > 1)
		breaks_that_beat_the_wander(y, n, out);
}

/* --- fitting --------------------------------------------------------------------- */

/* The AR(1) part of a line model from its residuals r[0..n) and their
 * bias-corrected coefficient phi. Fewer than 6 months say nothing
 * reliable about autocorrelation. */
static void fit_ar1(bw_forecast__fitted *f, const double *r, size_t n, double phi)
{
	phi = n >= 6 ? phi : 0;
	f->phi = phi;
	f->phi_n = (double)n;
	f->r_last = n > 0 ? r[n - 1] : 0;
	/* OLS coefficient variances under AR(1) errors change by about
	 * (1 + phi) / (1 - phi), the long-run variance factor: wider for
	 * positive phi, narrower for negative (alternating errors cancel in a
	 * mean), so that white noise's estimates, spread both ways about 0,
	 * leave its fan as wide as independent errors do on average. */
	f->inflate = (1 + phi) / (1 - phi);
	/* The fitted line absorbs part of slowly wandering noise, so the
	 * residuals understate it: each of the p fitted coefficients takes
	 * about 'inflate' degrees of freedom instead of one (never fewer than
	 * one). Never more than half of them, so a short history cannot blow
	 * the noise up. */
	double k = f->inflate > 1 ? f->inflate : 1;
	double p = (double)n - f->dof, effective = (double)n - p * k;
	if (effective < (double)n / 2)
		effective = (double)n / 2;
	if (effective < f->dof)
		f->s2 *= f->dof / effective;
}

static int fit_trend(const double *y, size_t n, const bw_forecast_options *o,
                     bw_forecast__fitted *f)
{
	double a, b, sxx, ssr, *r;
	int assumed = !isnan(o->growth);

	f->fitted = n >= 3;
	f->assumed = assumed;
	f->steps = o->damping;
	bw_forecast__fit_line(y, 0, n, &a, &b, &sxx, &ssr);
	double tbar = (double)(n - 1) / 2.0;
	if (!f->fitted)
		b = 0;
	if (assumed) {
		b = log1p(o->growth);
		if (!f->fitted) /* too short to fit a level: start from the last month */
			a = y[n - 1] - b * ((double)(n - 1) - tbar);
	}
	f->a = a;
	f->b = b;
	f->t_last = (double)(n - 1) - tbar;
	f->m = (double)n;
	f->sxx = sxx;
	f->inflate = 1;
	if (!f->fitted) {
		f->s2 = o->volatility * o->volatility;
		return 0;
	}
	if ((r = calloc(n, sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	ssr = 0;
	for (size_t i = 0; i < n; i++) {
		r[i] = y[i] - (a + b * ((double)i - tbar));
		ssr += r[i] * r[i];
	}
	/* With an assumed growth the slope is not estimated: one more
	 * degree of freedom for the noise. */
	f->dof = (double)n - (assumed ? 1.0 : 2.0);
	f->s2 = ssr / f->dof;
	/* An assumed slope leaves residuals about a mean. */
	fit_ar1(f, r, n,
	        assumed ? bw_forecast__ar1_unbiased_mean(r, n)
	                : bw_forecast__ar1_unbiased(r, n, NULL));
	free(r);
	f->growth_se = assumed ? 0 : sqrt(f->s2 * f->inflate / sxx);
	return 0;
}

static void grid_posterior(bw_forecast__fitted *f, double errors, double best);

/* The grid point of seg's last segment: its line, months and Sxx, and
 * (in s2, for grid_posterior) the segmentation's SSR. */
static bw_forecast__grid_point last_segment_point(const bw_forecast__segments *seg, size_t n,
                                                  double log_prior)
{
	size_t last = seg->count - 1, s = seg->starts[last];
	bw_forecast__grid_point g = {0};
	g.a = seg->a[last];
	g.b = seg->b[last];
	g.from = (double)s;
	g.m = (double)(n - s);
	g.sxx = seg->sxx[last];
	g.t_last = (double)(n - 1) - (double)(s + n - 1) / 2.0;
	g.s2 = seg->ssr;
	g.log_prior = log_prior;
	return g;
}

/*
 * The grid point of a kink at month j: the growth changes and the level
 * does not jump, as when growth stops or slows. The previous segment
 * (its own slope) and the last one are one line with a hinge at j,
 * a + b (t - j) + c (t - j)+, fitted on [s, n) by least squares; the
 * segments before s keep their lines (head_ssr, their SSR). The last segment's line is a + (b +
 * c)(t - j), its level and slope correlated (both lean on the months
 * before j): it is told as the line at the month where its level and its
 * slope are uncorrelated, with the m and Sxx whose variances they have,
 * so that simulate_line draws them as it draws a full break's. Returns 0,
 * or -1 when the hinge cannot be fitted.
 */
static int kink_point(const double *y, size_t n, const bw_forecast__segments *seg, size_t j,
                      double head_ssr, double log_prior, bw_forecast__grid_point *out)
{
	size_t last = seg->count - 1, s = seg->starts[last - 1];
	double m[3][3] = {{0}}, xy[3] = {0}, v[3][3], coef[3], ssr = 0;

	for (size_t t = s; t < n; t++) {
		double d = (double)t - (double)j, u[3] = {1, d, t > j ? d : 0};
		for (int p = 0; p < 3; p++) {
			xy[p] += u[p] * y[t];
			for (int q = 0; q < 3; q++)
				m[p][q] += u[p] * u[q];
		}
	}
	/* (X'X)^-1 by its cofactors: three columns, and a library's
	 * factorization would report a singular matrix through GSL's
	 * process-wide error handler. */
	for (int p = 0; p < 3; p++)
		for (int q = 0; q < 3; q++) {
			int p1 = (p + 1) % 3, p2 = (p + 2) % 3, q1 = (q + 1) % 3, q2 = (q + 2) % 3;
			v[q][p] = m[p1][q1] * m[p2][q2] - m[p1][q2] * m[p2][q1];
		}
	double det = m[0][0] * v[0][0] + m[0][1] * v[1][0] + m[0][2] * v[2][0];
	if (!(det > 1e-9 * m[0][0] * m[1][1] * m[2][2]))
		return -1; /* the hinge is not identified */
	for (int p = 0; p < 3; p++) {
		coef[p] = 0;
		for (int q = 0; q < 3; q++) {
			v[p][q] /= det;
			coef[p] += v[p][q] * xy[q];
		}
	}
	for (size_t t = s; t < n; t++) {
		double d = (double)t - (double)j;
		double r = y[t] - (coef[0] + coef[1] * d + (t > j ? coef[2] * d : 0));
		ssr += r * r;
	}
	/* In units of the noise's variance: the level at j (a), the last
	 * segment's slope (b + c), and their covariance. */
	double v_level = v[0][0], v_slope = v[1][1] + v[2][2] + 2 * v[1][2];
	double cov = v[0][1] + v[0][2], slope = coef[1] + coef[2];
	double centre = (double)j - cov / v_slope, v_centre = v_level - cov * cov / v_slope;
	memset(out, 0, sizeof(*out));
	out->from = (double)j;
	out->a = coef[0] + slope * (centre - (double)j);
	out->b = slope;
	out->m = 1 / v_centre;
	out->sxx = 1 / v_slope;
	out->t_last = (double)(n - 1) - centre;
	out->s2 = head_ssr + ssr;
	out->log_prior = log_prior;
	return 0;
}

/*
 * Where the last break is, and whether it is one at all: the
 * segmentation's other breaks held, every month the last may start in
 * (segments_allowed) as a break of the kind the search found (a level
 * shift; or a full break, and a kink where the segment before has its own
 * slope), and the segmentation without it, each a grid point with its
 * last segment's line, weighted by BIC's approximation to its posterior
 * probability, exp(-BIC / 2) (Kass and Raftery 1995). A growth that stops
 * slowly, or a step inside the noise, leaves the break's month uncertain
 * by months; the best segmentation alone forecasts every path from one
 * line (methodology §3, "Where the last break is"). The other kind's
 * points are not drawn: a shift's full-break alternatives, each with a
 * slope of the last few months alone, made the launch's fan hold the
 * truth on 88% of seeds (methodology §3, "The break's kind"). With AR(1)
 * residuals (f->inflate = k > 1) a month carries about 1 / k of a month's
 * information, so the likelihood is tempered by k and the penalty scaled
 * by it, as the search's second pass does. Called once f->inflate and
 * f->dof are known.
 */
static int break_grid(const double *y, size_t n, const bw_forecast__segments *seg,
                      bw_forecast__fitted *f)
{
	size_t last = seg->count - 1;
	/* shift[0] is 0: the first segment has its own slope. */
	int shift = seg->shift[last], kinks = !shift && !seg->shift[last - 1];
	double k = f->inflate > 1 ? f->inflate : 1, penalty = -0.5 * log((double)n) * k;
	double best = INFINITY;

	if ((f->grid = calloc(2 * n + 1, sizeof(*f->grid))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* The segments before the kinks' hinge, as the segmentation has them. */
	bw_forecast__segments head = *seg;
	head.count = last - 1;
	head.ssr = 0;
	if (kinks && head.count > 0)
		refit_segments(y, &head);
	for (size_t j = seg->starts[last - 1] + 1; j < n; j++) {
		bw_forecast__segments alt = *seg;
		alt.starts[last] = j;
		if (!segments_allowed(alt.starts, alt.count, alt.shift))
			continue;
		refit_segments(y, &alt);
		/* A shift fits a level and a month, a full break a slope too,
		 * a kink a month and a slope. */
		f->grid[f->grid_count++] =
		    last_segment_point(&alt, n, penalty * (shift ? 2.0 : 3.0));
		if (kinks &&
		    kink_point(y, n, seg, j, head.ssr, penalty * 2.0, &f->grid[f->grid_count]) == 0)
			f->grid_count++;
	}
	bw_forecast__segments without = bw_forecast__without_break(y, seg, last);
	f->grid[f->grid_count++] = last_segment_point(&without, n, 0);
	for (size_t i = 0; i < f->grid_count; i++)
		if (f->grid[i].s2 < best)
			best = f->grid[i].s2;
	grid_posterior(f, (double)n / k, best);
	/* Each point's s2 (its SSR over the fit's dof) as a share of the fit's
	 * own residual variance, which fit_ar1 has corrected. */
	for (size_t i = 0; i < f->grid_count; i++)
		f->grid[i].s2 = seg->ssr > 0 ? f->grid[i].s2 * f->dof / seg->ssr * f->s2 : f->s2;
	return 0;
}

static int fit_changepoint(const double *y, size_t n, bw_forecast__fitted *f)
{
	bw_forecast__segments seg;
	double *r;

	bw_forecast__changepoints(y, n, &seg);
	size_t last = seg.count - 1, s = seg.starts[last];
	f->fitted = 1;
	f->steps = 1;
	f->a = seg.a[last];
	f->b = seg.b[last];
	f->m = (double)(n - s);
	f->sxx = seg.sxx[last];
	f->t_last = (double)(n - 1) - (double)(s + n - 1) / 2.0;
	/* The noise is pooled over every regime: more months to estimate it
	 * than the last regime alone has. */
	f->dof = (double)n - (double)seg.params;
	if (f->dof < 1)
		f->dof = 1;
	f->s2 = seg.ssr / f->dof;
	if ((r = calloc(n, sizeof(double))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	segment_residuals(y, &seg, r);
	fit_ar1(f, r, n, bw_forecast__ar1_unbiased(r, n, &seg));
	free(r);
	f->growth_se = f->sxx > 0 ? sqrt(f->s2 * f->inflate / f->sxx) : 0;
	/* No allowance for changes yet to come (Prophet's future changepoints
	 * were, and made the fan of a history with one launch hold the truth
	 * on 97% of seeds: methodology §3); the uncertainty of the last break
	 * itself is the grid's. */
	if (seg.count > 1)
		return break_grid(y, n, &seg, f);
	return 0;
}

/*
 * What the data can know of a state model's end level and slope: a line
 * fitted by least squares to the same n months, at the model's own noise
 * s (its one-step errors e[0..n-1)), with the AR(1) factor of those
 * errors. A smoothed level or trend is a weighted mean of the same months
 * and cannot know them better than the least-squares line does, which is
 * the best linear unbiased estimate for a line; one-step errors that
 * persist (positive autocorrelation) say the smoothing lags a level or a
 * growth that moves, and widen both by k = (1 + phi) / (1 - phi) as for
 * the line models (methodology §3, "The state models' parameters").
 */
static void fit_state_line(size_t n, const double *e, bw_forecast__fitted *f)
{
	double m = (double)n, sxx = m * (m * m - 1) / 12, k = 1;
	/* The small-sample correction and bound of the line models', for
	 * errors about a mean. */
	double phi = n >= 7 ? bw_forecast__ar1_unbiased_mean(e, n - 1) : 0;
	if (phi > 0)
		k = (1 + phi) / (1 - phi);
	f->state_a_sd = sqrt(f->s2 * k / m);
	f->state_b_sd = sqrt(f->s2 * k / sxx);
	f->state_t_last = (m - 1) / 2;
}

static void fit_drift(const double *y, size_t n, bw_forecast__fitted *f)
{
	double d = (y[n - 1] - y[0]) / (double)(n - 1), ss = 0;
	for (size_t i = 1; i < n; i++) {
		double e = y[i] - y[i - 1] - d;
		ss += e * e;
	}
	f->fitted = 1;
	f->dof = (double)n - 2;
	f->s2 = ss / f->dof;
	f->level = y[n - 1];
	f->drift = d;
	f->alpha = 1;
	f->drift_se = sqrt(f->s2 / (double)(n - 1));
	f->growth_se = f->drift_se;
}

/*
 * The posterior of a model's grid points (their s2 holding their SSE on
 * entry, 'best' the smallest): with sigma integrated out (a flat prior on
 * the grid, Jeffreys' on sigma) the likelihood of the 'errors' errors is
 * SSE^-(errors / 2). A short history cannot tell a small beta from a
 * larger one, nor a break's month from the next, and the point with the
 * smallest SSE alone (what the fit reports) makes every path the same
 * line: each path draws its point instead (methodology §3). Each point's
 * s2 becomes SSE / dof.
 */
static void grid_posterior(bw_forecast__fitted *f, double errors, double best)
{
	double total = 0;
	for (size_t i = 0; i < f->grid_count; i++) {
		bw_forecast__grid_point *g = &f->grid[i];
		double w = best > 0 ? pow(g->s2 / best, -errors / 2) : g->s2 <= best;
		w *= exp(g->log_prior);
		g->s2 /= f->dof;
		total += w;
		g->cumulative = total;
	}
	if (!(total > 0)) {
		free(f->grid);
		f->grid = NULL;
		f->grid_count = 0;
		return;
	}
	for (size_t i = 0; i < f->grid_count; i++)
		f->grid[i].cumulative /= total;
}

/* Exponential smoothing with drift d: one-step errors from month 1 on
 * (into errors[0..n-1) when not NULL), returning their sum of squares and
 * the level after the last month. */
static double ses_drift_sse(const double *y, size_t n, double alpha, double d, double *level,
                            double *errors)
{
	double l = y[0], sse = 0;
	for (size_t t = 1; t < n; t++) {
		double e = y[t] - (l + d);
		if (errors != NULL)
			errors[t - 1] = e;
		sse += e * e;
		l += d + alpha * e;
	}
	*level = l;
	return sse;
}

/* Damped Holt from level y[0] and trend b0: one-step errors from month 1
 * on (into errors[0..n-1) when not NULL), returning their sum of squares
 * and the level and trend after the last month. */
static double damped_sse(const double *y, size_t n, double alpha, double beta, double phi,
                         double b0, double *level, double *trend, double *errors)
{
	double l = y[0], tr = b0, sse = 0;
	for (size_t t = 1; t < n; t++) {
		double e = y[t] - (l + phi * tr);
		if (errors != NULL)
			errors[t - 1] = e;
		sse += e * e;
		l += phi * tr + alpha * e;
		tr = phi * tr + beta * e;
	}
	*level = l;
	*trend = tr;
	return sse;
}

/* The Theta method in its SES-with-drift form (Hyndman and Billah 2003):
 * the drift is half the least-squares slope, alpha minimizes the one-step
 * errors over a grid; every alpha of the grid is kept with its posterior
 * probability, and the drift's and the level's uncertainty is
 * fit_state_line's. */
static int fit_theta(const double *y, size_t n, bw_forecast__fitted *f)
{
	double a, b, sxx, ssr, best = INFINITY;
	bw_forecast__fit_line(y, 0, n, &a, &b, &sxx, &ssr);
	f->drift = b / 2;
	if ((f->grid = calloc(20, sizeof(*f->grid))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int i = 1; i <= 20; i++) {
		double alpha = 0.05 * i, level;
		double sse = ses_drift_sse(y, n, alpha, f->drift, &level, NULL);
		bw_forecast__grid_point g = {
		    .alpha = alpha, .damping = 1, .level = level, .s2 = sse};
		f->grid[f->grid_count++] = g;
		if (sse < best) {
			best = sse;
			f->alpha = alpha;
			f->level = level;
		}
	}
	f->fitted = 1;
	f->dof = (double)n - 3;
	f->s2 = best / f->dof;
	grid_posterior(f, (double)n - 1, best);
	double *e = malloc(n * sizeof(double)), level;
	if (e == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	(void)ses_drift_sse(y, n, f->alpha, f->drift, &level, e); /* the chosen alpha's errors */
	fit_state_line(n, e, f);
	free(e);
	/* The drift is half the slope, its uncertainty half the slope's. */
	f->drift_se = f->state_b_sd / 2;
	f->growth_se = f->drift_se;
	return 0;
}

/* Gardner and McKenzie's damped Holt on log spend, in error-correction
 * form; alpha, beta and phi minimize the one-step errors over a grid (phi
 * fixed when a damping below 1 is given). Every point of the grid is kept
 * with its posterior probability and its end states, and the end level's
 * and trend's uncertainty is fit_state_line's. */
static int fit_damped(const double *y, size_t n, const bw_forecast_options *o,
                      bw_forecast__fitted *f)
{
	static const double phis[] = {0.80, 0.85, 0.90, 0.95, 0.98};
	static const double beta_shares[] = {0.02, 0.1, 0.25, 0.5};
	size_t k0 = n - 1 < 3 ? n - 1 : 3;
	double b0 = (y[k0] - y[0]) / (double)k0, best = INFINITY;
	size_t phi_count = o->damping < 1 ? 1 : sizeof(phis) / sizeof(phis[0]);

	if ((f->grid = calloc(phi_count * 10 * 4, sizeof(*f->grid))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");

	for (size_t pi = 0; pi < phi_count; pi++) {
		double phi = o->damping < 1 ? o->damping : phis[pi];
		for (int ai = 1; ai <= 10; ai++) {
			double alpha = 0.1 * ai;
			for (size_t bi = 0; bi < sizeof(beta_shares) / sizeof(beta_shares[0]);
			     bi++) {
				double beta = alpha * beta_shares[bi], l, tr;
				double sse = damped_sse(y, n, alpha, beta, phi, b0, &l, &tr, NULL);
				bw_forecast__grid_point g = {.alpha = alpha,
				                             .beta = beta,
				                             .damping = phi,
				                             .level = l,
				                             .trend = tr,
				                             .s2 = sse};
				f->grid[f->grid_count++] = g;
				if (sse < best) {
					best = sse;
					f->alpha = alpha;
					f->beta = beta;
					f->damping = phi;
					f->level = l;
					f->trend = tr;
				}
			}
		}
	}
	f->fitted = 1;
	f->dof = (double)n - 4;
	f->s2 = best / f->dof;
	grid_posterior(f, (double)n - 1, best);
	/* The spread of the trend itself: beta e_t drives a trend that decays
	 * at phi, so its stationary sd is beta sigma / sqrt(1 - phi^2). */
	double moving = f->beta * sqrt(f->s2) / sqrt(1 - f->damping * f->damping);
	double *e = malloc(n * sizeof(double)), l, tr;
	if (e == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* The chosen point's errors. */
	(void)damped_sse(y, n, f->alpha, f->beta, f->damping, b0, &l, &tr, e);
	fit_state_line(n, e, f);
	free(e);
	f->growth_se = sqrt(moving * moving + f->state_b_sd * f->state_b_sd);
	return 0;
}

/* The combo: every other candidate that fits these months. Its reported
 * fit (growth, noise) is the log-linear trend's, the simplest summary of
 * the same history. */
static int fit_combo(const double *y, size_t n, const bw_forecast_options *o,
                     bw_forecast__fitted *f, bw_forecast_fit *fit)
{
	if ((f->parts = calloc(BW_MODEL_COMBO - 1, sizeof(*f->parts))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int m = BW_MODEL_DRIFT; m < BW_MODEL_COMBO; m++) {
		bw_forecast__fitted *part = &f->parts[f->part_count];
		if (bw_forecast__fit((bw_forecast_model)m, y, n, o, part,
		                     m == BW_MODEL_TREND ? fit : NULL) == 0)
			f->part_count++;
		else
			bw_forecast__release(part);
	}
	bw_error_clear();
	if (f->part_count == 0)
		return bw_error_set(BW_EUSAGE, "the combo model has no candidate to combine");
	if (fit != NULL) {
		fit->model = BW_MODEL_COMBO;
		fit->ar_phi = 0;
	}
	f->fitted = 1;
	return 0;
}

void bw_forecast__release(bw_forecast__fitted *fitted)
{
	for (size_t i = 0; fitted->parts != NULL && i < fitted->part_count; i++)
		bw_forecast__release(&fitted->parts[i]);
	free(fitted->parts);
	fitted->parts = NULL;
	fitted->part_count = 0;
	free(fitted->grid);
	fitted->grid = NULL;
	fitted->grid_count = 0;
}

/* The fewest months each model needs (an assumed growth needs one). */
static size_t min_months(bw_forecast_model model, const bw_forecast_options *o)
{
	switch (model) {
	case BW_MODEL_TREND:
		return isnan(o->growth) ? 3 : 1;
	case BW_MODEL_THETA:
		return 4;
	case BW_MODEL_DAMPED:
		return 5;
	default:
		return 3;
	}
}

int bw_forecast__fit(bw_forecast_model model, const double *y, size_t n,
                     const bw_forecast_options *options, bw_forecast__fitted *out,
                     bw_forecast_fit *fit)
{
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->model = model;
	if (n < min_months(model, options))
		return bw_error_set(BW_EUSAGE, "the %s model needs at least %zu months and has %zu",
		                    bw_forecast_model_name(model), min_months(model, options), n);
	switch (model) {
	case BW_MODEL_TREND:
		error = fit_trend(y, n, options, out);
		break;
	case BW_MODEL_CHANGEPOINT:
		error = fit_changepoint(y, n, out);
		break;
	case BW_MODEL_DRIFT:
		fit_drift(y, n, out);
		break;
	case BW_MODEL_THETA:
		error = fit_theta(y, n, out);
		break;
	case BW_MODEL_DAMPED:
		error = fit_damped(y, n, options, out);
		break;
	case BW_MODEL_COMBO:
		return fit_combo(y, n, options, out, fit);
	default:
		return bw_error_set(BW_EUSAGE, "forecast: no model %d", (int)model);
	}
	if (error < 0 || fit == NULL)
		return error;
	double growth, last_fitted;
	int line = model == BW_MODEL_TREND || model == BW_MODEL_CHANGEPOINT;
	if (line) {
		growth = out->b;
		last_fitted = out->a + out->b * out->t_last;
	} else if (model == BW_MODEL_DAMPED) {
		growth = out->damping * out->trend;
		last_fitted = out->level;
	} else {
		growth = out->drift;
		last_fitted = out->level;
	}
	fit->history_months = n;
	fit->assumed_growth = out->assumed;
	fit->monthly_growth = expm1(growth);
	fit->growth_low = expm1(growth - 1.96 * out->growth_se);
	fit->growth_high = expm1(growth + 1.96 * out->growth_se);
	fit->residual_sigma = sqrt(out->s2);
	fit->damping = model == BW_MODEL_DAMPED ? out->damping : line ? out->steps : 1;
	fit->last_fitted_usd = exp(last_fitted);
	fit->last_actual_usd = exp(y[n - 1]);
	fit->model = model;
	fit->ar_phi = line ? out->phi : 0;
	return 0;
}

/* --- simulation ------------------------------------------------------------------ */

/* Months of trend growth accumulated h months ahead: h, or
 * phi + phi^2 + ... + phi^h with damping. */
static double trend_steps(double phi, int h)
{
	if (phi >= 1)
		return (double)h;
	return phi * (1 - pow(phi, h)) / (1 - phi);
}

/* One grid point, drawn by its posterior probability. */
static const bw_forecast__grid_point *grid_draw(const bw_forecast__fitted *f, gsl_rng *rng)
{
	double u = gsl_rng_uniform(rng);
	size_t lo = 0, hi = f->grid_count - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->grid[mid].cumulative > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &f->grid[lo];
}

static void simulate_line(const bw_forecast__fitted *f, gsl_rng *rng, double sigma, double *row,
                          int months)
{
	double a = f->a, b = f->b, phi = f->phi, e = 0;
	double m_fit = f->m, sxx = f->sxx, t_last = f->t_last, inflate = f->inflate;

	if (f->grid_count > 0) {
		/* This path's last break (break_grid). */
		const bw_forecast__grid_point *g = grid_draw(f, rng);
		a = g->a, b = g->b, m_fit = g->m, sxx = g->sxx, t_last = g->t_last;
		if (f->s2 > 0)
			sigma *= sqrt(g->s2 / f->s2);
	}
	if (f->phi != 0) {
		/* phi is estimated too: drawn around its estimate with the
		 * large-sample standard error sqrt((1 - phi^2) / n) of the n
		 * residuals it is estimated on, and the path's level and slope
		 * spread by that phi's variance factor: a sample that happened to
		 * look little autocorrelated (phi-hat is biased low and spread
		 * wide on a few dozen months) must not make every path sure of
		 * its line (or, drawn negative, less unsure). */
		phi += gsl_ran_gaussian_ziggurat(rng, sqrt((1 - f->phi * f->phi) / f->phi_n));
		phi = phi > 0.98 ? 0.98 : phi < -0.9 ? -0.9 : phi;
		e = f->r_last;
		inflate = (1 + phi) / (1 - phi);
	}
	if (f->fitted)
		a += gsl_ran_gaussian_ziggurat(rng, sigma * sqrt(inflate / m_fit));
	if (f->fitted && !f->assumed)
		b += gsl_ran_gaussian_ziggurat(rng, sigma * sqrt(inflate / sxx));
	double innovation = sigma * sqrt(1 - phi * phi);
	for (int m = 0; m < months; m++) {
		double t = t_last + trend_steps(f->steps, m + 1);
		e = f->phi != 0 ? phi * e + gsl_ran_gaussian_ziggurat(rng, innovation)
		                : gsl_ran_gaussian_ziggurat(rng, sigma);
		row[m] = exp(a + b * t + e);
	}
}

static void simulate_state(const bw_forecast__fitted *f, gsl_rng *rng, double sigma, double *row,
                           int months)
{
	double l = f->level, tr = f->trend, d = f->drift, s = sqrt(f->s2);
	double scale = s > 0 ? sigma / s : 0, alpha = f->alpha, beta = f->beta,
	       damping = f->damping;

	if (f->grid_count > 0) {
		/* This path's smoothing, by its posterior probability. */
		const bw_forecast__grid_point *g = grid_draw(f, rng);
		alpha = g->alpha, beta = g->beta, damping = g->damping;
		l = g->level, tr = g->trend;
		sigma = sqrt(g->s2) * scale;
	}

	if (f->state_b_sd > 0 && s > 0) {
		double da = f->state_a_sd * scale * gsl_ran_gaussian_ziggurat(rng, 1);
		double db = f->state_b_sd * scale * gsl_ran_gaussian_ziggurat(rng, 1);
		l += da + db * f->state_t_last;
		if (f->model == BW_MODEL_DAMPED)
			tr += db;
		else
			d += db / 2;
	} else if (f->model != BW_MODEL_DAMPED && s > 0)
		d += f->drift_se * scale * gsl_ran_gaussian_ziggurat(rng, 1);
	for (int m = 0; m < months; m++) {
		double e = gsl_ran_gaussian_ziggurat(rng, sigma);
		if (f->model == BW_MODEL_DAMPED) {
			double y = l + damping * tr + e;
			l += damping * tr + alpha * e;
			tr = damping * tr + beta * e;
			row[m] = exp(y);
		} else {
			double y = l + d + e;
			l += d + alpha * e;
			row[m] = exp(y);
		}
	}
}

/* The combo's path p: every part draws its path p from the same random
 * numbers (a copy of the generator's state), and the path is the mean of
 * their logs month by month: the combination of the forecasts (M4), with
 * the noise they share kept rather than averaged away. Out of memory, the
 * parts take turns instead (an equal-weight mixture). */
static void simulate_combo(const bw_forecast__fitted *f, gsl_rng *rng, size_t paths, int months,
                           double *out)
{
	double *row = malloc((size_t)months * sizeof(double));
	gsl_rng *start = gsl_rng_clone(rng);

	for (size_t p = 0; p < paths; p++) {
		double *dst = out + p * (size_t)months;
		if (row == NULL || start == NULL) {
			bw_forecast__simulate(&f->parts[p % f->part_count], rng, 1, months, dst);
			continue;
		}
		gsl_rng_memcpy(start, rng);
		for (int m = 0; m < months; m++)
			dst[m] = 0;
		for (size_t k = 0; k < f->part_count; k++) {
			gsl_rng_memcpy(rng, start);
			bw_forecast__simulate(&f->parts[k], rng, 1, months, row);
			for (int m = 0; m < months; m++)
				dst[m] += log(row[m]) / (double)f->part_count;
		}
		for (int m = 0; m < months; m++)
			dst[m] = exp(dst[m]);
	}
	gsl_rng_free(start);
	free(row);
}

/* The chi^2 quantile of the draw's bound. Its inversion is iterative and
 * the backtest simulates thousands of fits, each of a whole number of
 * degrees of freedom below a few dozen, so those are kept once computed
 * (per thread: serve's runs share nothing). */
enum { KEPT_QUANTILES = 256 };
static double chi_quantile(double dof)
{
	static _Thread_local double kept[KEPT_QUANTILES];
	int whole = (int)dof;
	if ((double)whole != dof || whole < 1 || whole >= KEPT_QUANTILES)
		return gsl_cdf_chisq_Pinv(SIGMA_DRAW_QUANTILE, dof);
	if (!(kept[whole] > 0))
		kept[whole] = gsl_cdf_chisq_Pinv(SIGMA_DRAW_QUANTILE, dof);
	return kept[whole];
}

void bw_forecast__simulate(const bw_forecast__fitted *f, gsl_rng *rng, size_t paths, int months,
                           double *out)
{
	if (f->model == BW_MODEL_COMBO) {
		simulate_combo(f, rng, paths, months, out);
		return;
	}
	int line = f->model == BW_MODEL_TREND || f->model == BW_MODEL_CHANGEPOINT;
	int drawn = f->fitted && f->s2 > 0 && f->dof > 0;
	/* The chi^2 draw is held at its 1% quantile: exp of a Student t (what
	 * the draw makes of log spend) has no mean, and with few degrees of
	 * freedom (a fit on 4 months has 2) a handful of paths draw sigma a
	 * thousand times s and set the mean over paths, the expected cost a
	 * plan minimises (docs/methodology.md, "Parameter uncertainty"). */
	double chi_floor = drawn ? chi_quantile(f->dof) : 0;
	for (size_t p = 0; p < paths; p++) {
		/* sigma^2 | data ~ s^2 dof / chi^2_dof. A perfect fit (s = 0)
		 * gives identical paths; without a fit sigma is the given one. */
		double chi = drawn ? gsl_ran_chisq(rng, f->dof) : 0;
		double sigma2 =
		    drawn ? f->s2 * f->dof / (chi > chi_floor ? chi : chi_floor) : f->s2;
		double sigma = sqrt(sigma2), *row = out + p * (size_t)months;
		if (line)
			simulate_line(f, rng, sigma, row, months);
		else
			simulate_state(f, rng, sigma, row, months);
	}
}

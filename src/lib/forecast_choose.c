/*
 * forecast_choose.c: the candidates scored by rolling-origin backtest on
 * the user's own history, the choice, and the detected changes in words.
 *
 * Why by backtest: which model forecasts a company's spend best depends on
 * the company (steady growth, a launch, a plateau), and the history is the
 * only evidence there is. Each candidate is refitted at every origin on
 * the months before it and scored on the months after by the CRPS of its
 * paths (Gneiting and Raftery 2007; Winkler's 1972 interval score beside
 * it), which rewards a sharp forecast and punishes the actual falling far
 * from it, so a model cannot win by being confidently wrong or uselessly
 * wide. The M4 competition's lesson (simple, calibrated methods beat
 * complex ones on monthly series) is the tie rule: within 2% the simpler
 * model wins.
 */
#include "bandwise/error.h"
#include "bandwise/forecast.h"
#include "date.h"
#include "dsort.h"
#include "forecast_internal.h"
#include "table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Origins scored (the latest ones), months ahead, months fitted at the
 * first origin at least, and paths per forecast. */
enum { ORIGINS = 12, MIN_TRAIN = 6, SCORE_PATHS = 400 };

/* Score 'model' from every origin; y is log spend of the window. */
static int score_model(bw_forecast_model model, const double *y, size_t n, size_t first_origin,
                       const bw_forecast_options *options, bw_paths *paths, double *column,
                       gsl_rng *rng, bw_forecast_score *s, double *errors)
{
	static const double fan[3] = {0.10, 0.50, 0.90};
	bw_forecast__fitted fitted;

	memset(s, 0, sizeof(*s));
	s->model = model;
	for (size_t o = first_origin; o < n; o++) {
		if (bw_forecast__fit(model, y, o, options, &fitted, NULL) < 0) {
			bw_forecast__release(&fitted);
			/* Not scored: too short at this origin. */
			memset(s, 0, sizeof(*s));
			s->model = model;
			return 0;
		}
		/* The same draws for every model at an origin (common random
		 * numbers): differences in score are the models', not luck's. */
		gsl_rng_set(rng, (unsigned long)(options->seed * 1000003ULL + o));
		bw_forecast__simulate(&fitted, rng, paths->path_count, paths->months,
		                      paths->list_usd);
		bw_forecast__release(&fitted);
		for (size_t h = 0; h < (size_t)paths->months && o + h < n; h++) {
			double q[3], actual = exp(y[o + h]);
			size_t count = paths->path_count;
			/* One sort for the fan and the CRPS: the month's paths in
			 * order, their type-7 quantiles as bw_paths_month_quantiles
			 * gives them. */
			for (size_t p = 0; p < count; p++)
				column[p] = paths->list_usd[p * (size_t)paths->months + h];
			(void)bwx_dsort(column, count); /* the same order as qsort (dsort.h) */
			for (int i = 0; i < 3; i++) {
				double at = (double)(count - 1) * fan[i];
				size_t lo = (size_t)floor(at), hi = lo + 1 < count ? lo + 1 : lo;
				q[i] = column[lo] + (at - (double)lo) * (column[hi] - column[lo]);
			}
			int inside = actual >= q[0] && actual <= q[2];
			s->mape += fabs(q[1] - actual) / actual;
			s->bias += (q[1] - actual) / actual;
			s->coverage += inside;
			s->interval_score +=
			    bw_forecast__interval_score(q[0], q[2], actual) / actual;
			if (errors != NULL)
				errors[o * BW_FORECAST_MAX_HORIZON + h] = log(q[1]) - y[o + h];
			s->crps += bw_forecast__crps_sorted(column, count, actual) / actual;
			s->coverage_by_h[h] += inside;
			s->count_by_h[h]++;
			s->forecasts++;
		}
	}
	double k = (double)s->forecasts;
	s->mape /= k;
	s->bias /= k;
	s->coverage /= k;
	s->interval_score /= k;
	s->crps /= k;
	for (int h = 0; h < BW_FORECAST_MAX_HORIZON; h++)
		if (s->count_by_h[h] > 0)
			s->coverage_by_h[h] /= (double)s->count_by_h[h];
	s->scored = 1;
	return 0;
}

int bw_forecast__backtest_errors(bw_forecast_model model, const double *history_usd, size_t n,
                                 const bw_forecast_options *options, size_t *first_origin,
                                 double *errors)
{
	static const double median[1] = {0.5};
	bw_paths *paths = NULL;
	gsl_rng *rng = NULL;
	double *y = NULL;
	int error = 0;

	*first_origin = n > ORIGINS + MIN_TRAIN ? n - ORIGINS : MIN_TRAIN;
	for (size_t i = 0; i < n * BW_FORECAST_MAX_HORIZON; i++)
		errors[i] = NAN;
	if (n <= MIN_TRAIN)
		return 0;
	size_t path_count = options->paths < SCORE_PATHS ? options->paths : SCORE_PATHS;
	if ((y = malloc(n * sizeof(double))) == NULL ||
	    (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if ((error = bw_paths_new(&paths, path_count, BW_FORECAST_MAX_HORIZON)) < 0)
		goto done;
	/* Per weekday-equivalent day, as bw_forecast__run_errors fits. */
	for (size_t i = 0; i < n; i++)
		y[i] = log(history_usd[i] / bw_forecast__weekday_factor(options, i));
	for (size_t o = *first_origin; o < n; o++) {
		bw_forecast__fitted fitted;
		if (bw_forecast__fit(model, y, o, options, &fitted, NULL) < 0) {
			bw_forecast__release(&fitted);
			continue; /* too short at this origin: no errors */
		}
		/* The numbers score_model uses at this origin. */
		gsl_rng_set(rng, (unsigned long)(options->seed * 1000003ULL + o));
		bw_forecast__simulate(&fitted, rng, paths->path_count, paths->months,
		                      paths->list_usd);
		bw_forecast__release(&fitted);
		for (size_t h = 0; h < BW_FORECAST_MAX_HORIZON && o + h < n; h++) {
			double q;
			if ((error = bw_paths_month_quantiles(paths, (int)h, median, 1, &q)) < 0)
				goto done;
			errors[o * BW_FORECAST_MAX_HORIZON + h] = log(q) - y[o + h];
		}
	}
done:
	bw_paths_free(paths);
	gsl_rng_free(rng);
	free(y);
	return error;
}

/* --- the recent regime ------------------------------------------------------------ */

/*
 * Whether the window's last break, a level shift (a launch, a stop, a
 * price cut the basis did not absorb), BW_FORECAST_REGIME_MONTHS months
 * ago or more and moving the level by 5% or more, is a change the forecast
 * should start from (docs/methodology.md §3, the recent level). The
 * backtest's origins straddle such a step as they do a change of growth:
 * the models that adapt at once (drift, theta) win its months around the
 * step, and their fans carry the step as noise ever after. The evidence:
 * the segmentation against the same without that break, both with AR(1)
 * errors of their own residuals' phi, a BIC gap of
 * BW_FORECAST_REGIME_EVIDENCE or more (the shift's level and month, 2
 * parameters). Fills out's regime fields.
 */
static void shift_rule(bw_forecast_choice *out, const double *y, size_t n,
                       const bw_forecast__segments *seg, bw_forecast__gls *scratch)
{
	size_t last = seg->count - 1;

	if (last == 0 || !seg->shift[last] || n - seg->starts[last] < BW_FORECAST_REGIME_MONTHS)
		return;
	double at = (double)seg->starts[last];
	double jump = bw_forecast__line_at(seg, last, at) - bw_forecast__line_at(seg, last - 1, at);
	if (fabs(jump) < log(1.05))
		return;
	/* Without the break: its months join the segment before, with that
	 * segment's slope (a shift shares it anyway). */
	bw_forecast__segments merged = bw_forecast__without_break(y, seg, last);
	double shifted = bw_forecast__ar1_bic(y, n, seg, scratch);
	double without = bw_forecast__ar1_bic(y, n, &merged, scratch);
	if (!isfinite(shifted) || !isfinite(without))
		return;
	double gap = without - shifted;
	out->regime_evidence = gap;
	if (gap >= BW_FORECAST_REGIME_EVIDENCE) {
		out->regime = 1;
		out->regime_shift = 1;
		out->regime_from = seg->starts[last];
		out->regime_months = n - seg->starts[last];
		out->regime_growth = expm1(seg->b[last]);
		out->regime_level = expm1(jump);
	}
}

/*
 * Whether the window's last full break (level and slope; level shifts
 * after it keep its slope), BW_FORECAST_REGIME_MONTHS months ago or more,
 * is a change of growth the forecast should follow (docs/methodology.md
 * §3, the recent regime): growth changed by a
 * point a month or more (what the changes in words call a change), and
 * very strong evidence for it judged with AR(1) errors. Wandering noise
 * makes a line through it look broken (an iid BIC gap above 10 fired on
 * the steady AR(1) kind, §3's tried list), so the segmentation, the one
 * line and the segmentation with that break a level shift are each fitted
 * by generalised least squares with AR(1) errors of their own residuals'
 * phi, and the segmentation's BIC must beat both others' by
 * BW_FORECAST_REGIME_EVIDENCE. Fills out's regime fields; returns
 * 0 or BW_ERROR.
 */
static int regime_rule(bw_forecast_choice *out, const double *y, size_t n)
{
	bw_forecast__segments seg;
	bw_forecast__gls scratch;

	if (n < 2 * BW_FORECAST__MIN_SEGMENT)
		return 0;
	int error = bw_forecast__gls_alloc(&scratch, n);
	if (error < 0)
		goto done;
	bw_forecast__changepoints(y, n, &seg);
	/* The last full break: level shifts after it keep its slope. */
	size_t last = seg.count - 1, full = last;
	while (full > 0 && seg.shift[full])
		full--;
	if (full == 0 || n - seg.starts[full] < BW_FORECAST_REGIME_MONTHS ||
	    fabs(seg.b[last] - seg.b[full - 1]) < 0.01) {
		shift_rule(out, y, n, &seg, &scratch);
		goto done;
	}
	/* Against two simpler accounts, each fitted with AR(1) errors of its
	 * own residuals' phi: one line (no change at all), and the same
	 * breaks with the last full one a level shift (its slope shared with
	 * the regime before: a change of level, not of growth, as a launch or
	 * a stop makes). The evidence is the smaller gap. */
	bw_forecast__segments shift = seg;
	shift.shift[full] = 1;
	/* Each with BIC's log n per parameter (a break's month counts): the
	 * shift has one fewer than the segmentation (the new slope). */
	double fit_broken = bw_forecast__ar1_bic(y, n, &seg, &scratch);
	double fit_shifted = bw_forecast__ar1_bic(y, n, &shift, &scratch);
	double fit_line = bw_forecast__ar1_bic(y, n, NULL, &scratch);
	if (!isfinite(fit_broken) || !isfinite(fit_shifted) || !isfinite(fit_line))
		goto done;
	double against_line = fit_line - fit_broken, against_shift = fit_shifted - fit_broken;
	double gap = against_line < against_shift ? against_line : against_shift;
	out->regime_evidence = gap;
	if (gap >= BW_FORECAST_REGIME_EVIDENCE) {
		out->regime = 1;
		out->regime_from = seg.starts[full];
		out->regime_months = n - seg.starts[full];
		out->regime_growth = expm1(seg.b[last]);
	}
done:
	bw_forecast__gls_free(&scratch);
	return error;
}

/*
 * What the choice ranks candidates by: the mean CRPS of their paths over
 * the actual (Gneiting and Raftery 2007), a proper score of the whole
 * distribution. Winkler's interval score, also proper, judges only the
 * P10-P90 and so rewards the narrowest fan that the few backtest months
 * did not catch out: on steady growth with AR(1) noise (phi 0.6) it chose
 * the trend on the histories whose phi-hat came out low (0.47 against
 * 0.69 on the rest) and fans half as wide, which then held the 12-month
 * total on 69% of them (the trend forced: 79%). Chosen by CRPS, 76%
 * (methodology §3, "Chosen by the CRPS").
 */
static double choice_score(const bw_forecast_score *s)
{
	return s->crps;
}

static void explain(bw_forecast_choice *c, const bw_forecast_options *options)
{
	const bw_forecast_score *chosen = &c->scores[c->chosen];
	const bw_forecast_score *drift = &c->scores[BW_MODEL_DRIFT];
	bw_forecast_model runner = BW_MODEL_AUTO;
	size_t used = 0;
	char *r = c->reason;
	size_t size = sizeof(c->reason);

	for (int m = 1; m < BW_MODEL_COUNT; m++)
		if (m != (int)c->chosen && c->scores[m].scored &&
		    (runner == BW_MODEL_AUTO ||
		     choice_score(&c->scores[m]) < choice_score(&c->scores[runner])))
			runner = (bw_forecast_model)m;
	if (c->regime && c->regime_shift) {
		used = (size_t)snprintf(
		    r, size,
		    "the recent level: spend moved %+.0f%% %zu months ago (a BIC gap of %.1f with "
		    "AR(1) errors), the growth unchanged; the backtest (%zu origins) chose %s %.3f",
		    c->regime_level * 100, c->regime_months, c->regime_evidence, c->origins,
		    bw_forecast_model_name(c->best), choice_score(&c->scores[c->best]));
	} else if (c->regime) {
		char growth[32];
		bwx_format_percent(growth, sizeof(growth), c->regime_growth, 1);
		used = (size_t)snprintf(
		    r, size,
		    "the recent regime: growth changed %zu months ago (a BIC gap of %.1f with "
		    "AR(1) errors), %s a month since; the backtest (%zu origins) chose %s %.3f",
		    c->regime_months, c->regime_evidence, growth, c->origins,
		    bw_forecast_model_name(c->best), choice_score(&c->scores[c->best]));
	}
	if (c->regime) {
		if (c->best != BW_MODEL_CHANGEPOINT && used < size)
			used += (size_t)snprintf(r + used, size - used, ", changepoint %.3f",
			                         choice_score(chosen));
		runner = BW_MODEL_AUTO;
	} else if (options->model == BW_MODEL_AUTO)
		used = (size_t)snprintf(r, size,
		                        "the best CRPS in a rolling-origin backtest "
		                        "(%zu forecasts from %zu origins): %s %.3f",
		                        chosen->forecasts, c->origins,
		                        bw_forecast_model_name(c->chosen), choice_score(chosen));
	else
		used = (size_t)snprintf(r, size, "the %s model, as asked (backtest CRPS %.3f)",
		                        bw_forecast_model_name(c->chosen), choice_score(chosen));
	if (runner != BW_MODEL_AUTO && used < size)
		used += (size_t)snprintf(r + used, size - used, "; next %s %.3f",
		                         bw_forecast_model_name(runner),
		                         choice_score(&c->scores[runner]));
	if (c->loses_to_drift && used < size)
		snprintf(r + used, size - used, "; it LOSES to naive drift (%.3f)",
		         choice_score(drift));
}

int bw_forecast_choose(bw_forecast_choice *out, const double *history_usd, size_t n,
                       const bw_forecast_options *options)
{
	double *adjusted = NULL;
	int error = bw_forecast__weekday_adjust(history_usd, n, options, &adjusted);
	if (error < 0)
		return error;
	error =
	    bw_forecast__choose(out, adjusted != NULL ? adjusted : history_usd, n, options, NULL);
	free(adjusted);
	return error;
}

int bw_forecast__choose(bw_forecast_choice *out, const double *history_usd, size_t n,
                        const bw_forecast_options *options, double *errors)
{
	bw_paths *paths = NULL;
	gsl_rng *rng = NULL;
	double *y = NULL, *column = NULL;
	int error = 0;

	memset(out, 0, sizeof(*out));
	size_t from = options->fit_from, count = from < n ? n - from : 0;
	if (count < BW_FORECAST_CHOOSE_MIN_MONTHS)
		return bw_error_set(BW_EUSAGE,
		                    "comparing forecast models by backtest needs at least %d "
		                    "months and there are %zu",
		                    BW_FORECAST_CHOOSE_MIN_MONTHS, count);
	for (size_t i = from; i < n; i++)
		if (!(history_usd[i] > 0) || !isfinite(history_usd[i]))
			return bw_error_set(BW_EUSAGE,
			                    "month %zu of the history has list spend %.2f USD: "
			                    "the models need spend > 0 in every month",
			                    i + 1, history_usd[i]);
	out->first_origin = count > ORIGINS + MIN_TRAIN ? count - ORIGINS : MIN_TRAIN;
	out->origins = count - out->first_origin;
	out->horizon =
	    (int)(out->origins < BW_FORECAST_MAX_HORIZON ? out->origins : BW_FORECAST_MAX_HORIZON);
	size_t path_count = options->paths < SCORE_PATHS ? options->paths : SCORE_PATHS;
	if ((y = malloc(count * sizeof(double))) == NULL ||
	    (column = malloc(path_count * sizeof(double))) == NULL ||
	    (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if ((error = bw_paths_new(&paths, path_count, out->horizon)) < 0)
		goto done;
	for (size_t i = 0; i < count; i++)
		y[i] = log(history_usd[from + i]);
	out->best = BW_MODEL_AUTO;
	for (int m = 1; m < BW_MODEL_COUNT; m++) {
		bw_forecast_score *s = &out->scores[m];
		double *model_errors = NULL;
		if (errors != NULL) {
			model_errors = errors + (size_t)m * count * BW_FORECAST_MAX_HORIZON;
			for (size_t i = 0; i < count * BW_FORECAST_MAX_HORIZON; i++)
				model_errors[i] = NAN;
		}
		if ((error = score_model((bw_forecast_model)m, y, count, out->first_origin, options,
		                         paths, column, rng, s, model_errors)) < 0)
			goto done;
		if (s->scored && (out->best == BW_MODEL_AUTO ||
		                  choice_score(s) < choice_score(&out->scores[out->best])))
			out->best = (bw_forecast_model)m;
	}
	/* Ties go to the simpler model: the first (models are listed
	 * simplest first) within 2% of the best. */
	for (int m = 1; m < (int)out->best; m++)
		if (out->scores[m].scored &&
		    choice_score(&out->scores[m]) <= choice_score(&out->scores[out->best]) * 1.02) {
			out->best = (bw_forecast_model)m;
			break;
		}
	out->chosen = options->model != BW_MODEL_AUTO ? options->model : out->best;
	/* A change of growth the backtest's origins straddle: its months
	 * before the change are most of what it scores, so it prefers a model
	 * fitted on both regimes (§3). The last regime's line instead. */
	if (options->model == BW_MODEL_AUTO) {
		if ((error = regime_rule(out, y, count)) < 0)
			goto done;
		if (out->regime && out->scores[BW_MODEL_CHANGEPOINT].scored)
			out->chosen = BW_MODEL_CHANGEPOINT;
		else
			out->regime = out->regime_shift = 0;
	}
	out->loses_to_drift =
	    out->chosen != BW_MODEL_DRIFT &&
	    choice_score(&out->scores[out->chosen]) > choice_score(&out->scores[BW_MODEL_DRIFT]);
	explain(out, options);
done:
	bw_paths_free(paths);
	gsl_rng_free(rng);
	free(column);
	free(y);
	return error;
}

/* --- the changes in words -------------------------------------------------------- */

static void describe(const bw_forecast_change *c, const char *label, char *out, size_t size)
{
	double delta = c->level_after_usd - c->level_before_usd;
	double relative = delta / c->level_before_usd;
	double growth_step = c->growth_after - c->growth_before;
	char money[48], before[32], after[32];
	size_t used = (size_t)snprintf(out, size, "%s:", label);
	int said = 0;

	bwx_format_usd(money, sizeof(money), fabs(delta));
	bwx_format_percent(before, sizeof(before), c->growth_before, 1);
	bwx_format_percent(after, sizeof(after), c->growth_after, 1);
	/* Below 5% of level or one point of monthly growth a change is not
	 * worth a word of its own; the break was still the best fit. */
	if (fabs(relative) >= 0.05 && used < size) {
		used += (size_t)snprintf(
		    out + used, size - used, " level %s %s%s a month (%+.0f%%)",
		    delta > 0 ? "up" : "down", delta > 0 ? "+" : "-", money, relative * 100);
		said = 1;
	}
	if (fabs(growth_step) >= 0.01 && used < size) {
		used += (size_t)snprintf(out + used, size - used,
		                         "%s growth %s from %s to %s a month", said ? "," : "",
		                         growth_step < 0 ? "slows" : "quickens", before, after);
		said = 1;
	}
	if (!said && used < size)
		snprintf(out + used, size - used,
		         " a small change of trend (level %+.1f%%, growth %s to %s a month)",
		         relative * 100, before, after);
}

void bw_forecast_label_changes(bw_forecast_fit *fit, const char *first_month)
{
	int first = 0, dated = first_month != NULL && bwx_month_parse(first_month, &first) == 0;

	for (size_t i = 0; i < fit->change_count; i++) {
		bw_forecast_change *c = &fit->changes[i];
		char label[32];
		if (dated) {
			bwx_month_format(first + (int)c->month_index, c->month);
			snprintf(label, sizeof(label), "%s", c->month);
		} else {
			c->month[0] = '\0';
			snprintf(label, sizeof(label), "month %zu", c->month_index + 1);
		}
		describe(c, label, c->text, sizeof(c->text));
	}
	fit->regime_month[0] = '\0';
	if (fit->regime && dated)
		bwx_month_format(first + (int)fit->regime_from, fit->regime_month);
}

/*
 * plan_ramp.c: a ramp, one commitment per year, searched by coordinate
 * descent over the years' amounts.
 */
#include "plan_eval.h"

#include <math.h>
#include <stddef.h>

/* A ramp's line searches: grid points, then golden-section steps (0.618^20
 * leaves under 1e-4 of the bracket). */
#define LINE_POINTS       10
#define LINE_GOLDEN_STEPS 20

/* The objective of a per-year schedule (several annual periods). */
double bw_plan__schedule_objective(const bw_plan__evaluator *ev, const double *schedule)
{
	const bw_plan_options *options = ev->data->options;
	const bw_plan__periods *a = &ev->data->annual;
	double total = 0;
	bw_plan__stats s;

	for (int p = 0; p < a->count; p++)
		total += schedule[p];
	if (ev->separable && options->objective.kind == BW_OBJECTIVE_EXPECTED) {
		/* Without rollover the years separate: exact, per year. */
		double sum = 0;
		for (int p = 0; p < a->count; p++) {
			bw_plan__view_stats(&ev->data->yearly[p], &ev->band, schedule[p], 0.9, &s);
			sum += s.mean;
		}
		return sum;
	}
	bw_plan__simulate_schedule(ev, total, schedule, bw_plan__objective_level(options),
	                           options->objective.kind == BW_OBJECTIVE_CVAR, &s);
	return bw_plan__objective_value(&options->objective, s.mean, s.sd, s.cvar);
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

static double line_search(const bw_plan__evaluator *ev, double *schedule, schedule_setter set,
                          int p, int q, double pair_total, double from, double to, double keep,
                          double best)
{
	const double r = 0.6180339887498949;
	double step = (to - from) / (LINE_POINTS - 1), arg = keep, f;

	if (to < from)
		return best;
	for (int k = 0; k < LINE_POINTS; k++) {
		set(schedule, p, q, from + step * k, pair_total);
		if (bw_plan__better(f = bw_plan__schedule_objective(ev, schedule), best)) {
			best = f;
			arg = from + step * k;
		}
	}
	double x0 = arg - step < from ? from : arg - step, x3 = arg + step > to ? to : arg + step;
	for (int i = 0; i < LINE_GOLDEN_STEPS && step > 0; i++) {
		double x1 = x3 - r * (x3 - x0), x2 = x0 + r * (x3 - x0), f1, f2;
		set(schedule, p, q, x1, pair_total);
		f1 = bw_plan__schedule_objective(ev, schedule);
		set(schedule, p, q, x2, pair_total);
		f2 = bw_plan__schedule_objective(ev, schedule);
		if (f1 <= f2)
			x3 = x2;
		else
			x0 = x1;
		if (bw_plan__better(f1 < f2 ? f1 : f2, best)) {
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
void bw_plan__search_schedule(const bw_plan__evaluator *ev, double lo, double hi, double start,
                              double *schedule)
{
	const bw_plan__periods *a = &ev->data->annual;
	double d = ev->band.discount, cap[BW_PLAN__MAX_PERIODS];

	for (int p = 0; p < a->count; p++) {
		double top = 0;
		for (size_t i = 0; i < a->n; i++)
			if (a->sums[i * (size_t)a->count + (size_t)p] > top)
				top = a->sums[i * (size_t)a->count + (size_t)p];
		cap[p] = (1 - d) * top; /* more than every path consumes only costs more */
		schedule[p] = start * a->shares[p];
	}
	double best = bw_plan__schedule_objective(ev, schedule);
	for (int sweep = 0; sweep < 3; sweep++) {
		double before = best;
		for (int p = 0; p < a->count; p++) {
			double others = 0;
			for (int q = 0; q < a->count; q++)
				others += q == p ? 0 : schedule[q];
			double from = lo - others > 0 ? lo - others : 0;
			double to = hi - others < cap[p] ? hi - others : cap[p];
			best = line_search(ev, schedule, set_one, p, p, 0, from, to, schedule[p],
			                   best);
		}
		for (int p = 0; p < a->count; p++)
			for (int q = p + 1; q < a->count; q++) {
				double pair = schedule[p] + schedule[q];
				double from = pair - cap[q] > 0 ? pair - cap[q] : 0;
				double to = pair < cap[p] ? pair : cap[p];
				best = line_search(ev, schedule, set_pair, p, q, pair, from, to,
				                   schedule[p], best);
			}
		/* Another sweep only while it still pays (a millionth). */
		if (!(best < before - 1e-6 * fabs(before)))
			break;
	}
}

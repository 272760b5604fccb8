/*
 * bench_schedule.c: searching a three-year commitment schedule (annual
 * true-up, 25% rollover) against a naive loop, in the same run.
 *
 * The planner: coordinate descent over the yearly amounts on per-year path
 * sums computed once (bw_plan_run with options.ramp), timed as the plan
 * with the ramp less the same plan without it: the rest of the plan (each
 * band's optimum, floor, risk-capped answer, stretch and protections,
 * simulated for an annual true-up) is the same work either way. The naive loop: a
 * 12-point grid per year (1,728 schedules), each priced path by path from
 * the monthly spend with bw_contract_cost_path. Both on 10,000 paths;
 * prints the time and the best expected cost each finds.
 */
#include "bandwise.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#define PATHS  10000
#define MONTHS 36
#define GRID   12

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	bw_paths *paths = NULL;
	bw_band band = {"annual",        0, 0.15, BW_OVERAGE_LIST, 0, 0.25, BW_TRUE_UP_ANNUAL, 0,
	                BW_THRESHOLD_NET};
	bw_bands bands = {&band, 1, 1, NULL, NULL, NULL, NULL, BW_THRESHOLD_NET};
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	bw_plan_result *plan = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	if (rng == NULL || bw_paths_new(&paths, PATHS, MONTHS) < 0)
		return 1;
	gsl_rng_set(rng, 36);
	for (size_t p = 0; p < PATHS; p++) {
		double level = 60000 * exp(gsl_ran_gaussian(rng, 0.2));
		for (int m = 0; m < MONTHS; m++)
			paths->list_usd[p * MONTHS + (size_t)m] =
			    level * pow(1.03, m) * exp(gsl_ran_gaussian(rng, 0.08));
	}
	options.term_months = MONTHS;
	options.grid_points = 200;
	double start = now_seconds();
	if (bw_plan_run(&plan, paths, &bands, &options) < 0) {
		fprintf(stderr, "bench_schedule: %s\n", bw_error_last());
		return 1;
	}
	double plan_s = now_seconds() - start;
	bw_plan_result_free(plan);
	options.ramp = 1;
	start = now_seconds();
	if (bw_plan_run(&plan, paths, &bands, &options) < 0) {
		fprintf(stderr, "bench_schedule: %s\n", bw_error_last());
		return 1;
	}
	double planner_s = now_seconds() - start - plan_s;
	const bw_plan_band *b = &plan->bands[0];
	printf("planner: ramp %.0f / %.0f / %.0f, expected cost %.2f (one amount: %.2f)\n",
	       b->schedule_usd[0], b->schedule_usd[1], b->schedule_usd[2],
	       b->scheduled.expected_cost_usd, b->optimum.expected_cost_usd);

	/* The naive loop: every schedule on a grid up to each year's largest
	 * consumption, every path priced from its months. */
	double top[3] = {0, 0, 0}, best = INFINITY, best_schedule[3] = {0, 0, 0};
	for (size_t p = 0; p < PATHS; p++)
		for (int y = 0; y < 3; y++) {
			double s = 0;
			for (int m = 0; m < 12; m++)
				s += paths->list_usd[p * MONTHS + (size_t)(12 * y + m)];
			if (0.85 * s > top[y])
				top[y] = 0.85 * s;
		}
	start = now_seconds();
	for (int i = 0; i < GRID; i++)
		for (int j = 0; j < GRID; j++)
			for (int k = 0; k < GRID; k++) {
				double schedule[3] = {top[0] * i / (GRID - 1),
				                      top[1] * j / (GRID - 1),
				                      top[2] * k / (GRID - 1)};
				bw_deal deal = bw_deal_from_band(
				    &band, MONTHS, schedule[0] + schedule[1] + schedule[2]);
				deal.schedule_usd = schedule;
				deal.schedule_count = 3;
				double sum = 0;
				for (size_t p = 0; p < PATHS; p++) {
					bw_path_cost c;
					bw_contract_cost_path(&deal, paths->list_usd + p * MONTHS,
					                      MONTHS, &c);
					sum += c.cost_usd;
				}
				if (sum / PATHS < best) {
					best = sum / PATHS;
					for (int y = 0; y < 3; y++)
						best_schedule[y] = schedule[y];
				}
			}
	double naive_s = now_seconds() - start;
	printf("naive %d^3 grid: ramp %.0f / %.0f / %.0f, expected cost %.2f\n", GRID,
	       best_schedule[0], best_schedule[1], best_schedule[2], best);
	printf("RESULT schedule | %.3f s (expected cost %.0f; the plan around it %.3f s)\n",
	       planner_s, b->scheduled.expected_cost_usd, plan_s);
	printf("RESULT schedule_naive | %.3f s (expected cost %.0f)\n", naive_s, best);
	bw_plan_result_free(plan);
	bw_paths_free(paths);
	gsl_rng_free(rng);
	return 0;
}

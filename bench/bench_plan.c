/*
 * bench_plan.c: the plan on 100,000 paths x 36 months with the default
 * bands and a 2,000-point grid per band (target: under 0.3 s on one core).
 *
 * Paths are lognormal around 80,000 USD a month with 3% monthly growth,
 * drawn from a fixed seed. Only the bw_plan_run call is timed; the median
 * of 5 runs is reported as "RESULT plan | X s" for bench/run.sh.
 */
#include "bandwise.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PATHS  100000
#define MONTHS 36
#define RUNS   5

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	bw_paths *paths = NULL;
	bw_bands *bands = NULL;
	bw_plan_options options = BW_PLAN_OPTIONS_INIT;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double times[RUNS];
	int recommended = -2;

	if (rng == NULL || bw_paths_new(&paths, PATHS, MONTHS) < 0 ||
	    bw_bands_load_default(&bands) < 0) {
		fprintf(stderr, "bench_plan: %s\n", bw_error_last());
		return 1;
	}
	options.term_months = MONTHS;
	options.grid_points = 2000;
	gsl_rng_set(rng, 2026);
	for (size_t p = 0; p < PATHS; p++) {
		double level = 80000 * exp(gsl_ran_gaussian(rng, 0.15));
		for (int m = 0; m < MONTHS; m++)
			paths->list_usd[p * MONTHS + (size_t)m] =
			    level * pow(1.03, m) * exp(gsl_ran_gaussian(rng, 0.05));
	}
	for (int r = 0; r < RUNS; r++) {
		bw_plan_result *plan = NULL;
		double start = now_seconds();
		if (bw_plan_run(&plan, paths, bands, &options) < 0) {
			fprintf(stderr, "bench_plan: %s\n", bw_error_last());
			return 1;
		}
		times[r] = now_seconds() - start;
		recommended = plan->recommended;
		if (r == 0)
			for (size_t b = 0; b < plan->band_count; b++)
				printf("band %-5s commit %14.2f  expected cost %14.2f  (%s)\n",
				       plan->bands[b].band.name, plan->bands[b].optimum.commit_usd,
				       plan->bands[b].optimum.expected_cost_usd,
				       plan->bands[b].exact ? "exact" : "simulated");
		bw_plan_result_free(plan);
	}
	qsort(times, RUNS, sizeof(double), compare_doubles);
	printf("%d paths x %d months, %zu bands, grid %d: runs %.3f .. %.3f s, recommended %s\n",
	       PATHS, MONTHS, bands->count, options.grid_points, times[0], times[RUNS - 1],
	       recommended < 0 ? "pay-as-you-go" : bands->bands[recommended].name);
	printf("RESULT plan | %.3f s\n", times[RUNS / 2]);
	bw_bands_free(bands);
	bw_paths_free(paths);
	gsl_rng_free(rng);
	return 0;
}

/*
 * bench_forecast.c: choosing the forecast model on 36 months of history
 * (target: under 1 s), and the whole forecast with it: every candidate
 * scored by rolling-origin backtest, then 10,000 paths of 12 months from
 * the chosen one.
 *
 * The history is 36 months of list spend growing 4% a month with a +40%
 * launch at month 26 and lognormal noise, from a fixed seed. The median
 * of 5 runs is reported as "RESULT forecast_choose | X s" and
 * "RESULT forecast_auto | X s" for bench/run.sh.
 */
#include "bandwise.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
	double history[MONTHS], choose_s[RUNS], auto_s[RUNS];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	bw_forecast_choice choice;
	bw_forecast_fit fit;

	if (rng == NULL)
		return 1;
	gsl_rng_set(rng, 2026);
	for (int t = 0; t < MONTHS; t++)
		history[t] =
		    50000 * pow(1.04, t) * (t >= 26 ? 1.4 : 1) * exp(gsl_ran_gaussian(rng, 0.05));
	for (int r = 0; r < RUNS; r++) {
		bw_paths *paths = NULL;
		double start = now_seconds();
		if (bw_forecast_choose(&choice, history, MONTHS, &options) < 0) {
			fprintf(stderr, "bench_forecast: %s\n", bw_error_last());
			return 1;
		}
		choose_s[r] = now_seconds() - start;
		start = now_seconds();
		if (bw_forecast_run(&paths, &fit, history, MONTHS, &options) < 0) {
			fprintf(stderr, "bench_forecast: %s\n", bw_error_last());
			return 1;
		}
		auto_s[r] = now_seconds() - start;
		bw_paths_free(paths);
	}
	qsort(choose_s, RUNS, sizeof(double), compare_doubles);
	qsort(auto_s, RUNS, sizeof(double), compare_doubles);
	for (int m = 1; m < BW_MODEL_COUNT; m++)
		printf("%-12s interval score %.3f  coverage %.0f%%  bias %+.1f%%\n",
		       bw_forecast_model_name((bw_forecast_model)m),
		       choice.scores[m].interval_score, choice.scores[m].coverage * 100,
		       choice.scores[m].bias * 100);
	printf("chosen: %s (%s)\n", bw_forecast_model_name(choice.chosen), choice.reason);
	for (size_t c = 0; c < fit.change_count; c++)
		printf("change: %s\n", fit.changes[c].text);
	printf("RESULT forecast_choose | %.3f s (%zu origins, chose %s)\n", choose_s[RUNS / 2],
	       choice.origins, bw_forecast_model_name(choice.chosen));
	printf("RESULT forecast_auto | %.3f s (10,000 paths x 12 months)\n", auto_s[RUNS / 2]);
	gsl_rng_free(rng);
	return 0;
}

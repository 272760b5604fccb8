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
 *
 * Then the same from 36 months of daily rows (1,096 days x 3 workspaces x
 * 2 models, a workspace launching in month 26 and one stopping in month
 * 28): the rows priced into monthly spend (bw_spend_compute, reprice),
 * the total's model choice and forecast, and the forecast by segment
 * (every segment its own model choice, the copula), reported as "RESULT
 * forecast_daily | X s" and "RESULT forecast_daily_segments | X s".
 */
#include "bandwise.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* One day's row of 'input' uncached input tokens (and a tenth as output). */
static int push_day(bw_usage_rows *rows, int day, const char *workspace, const char *model,
                    double input)
{
	bw_usage_row row;
	int y, m, d;
	memset(&row, 0, sizeof(row));
	/* Days from 2025-12-01 (every model priced) by the civil calendar. */
	long z = 20423L + day + 719468L, era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = (int)(yoe + era * 400 + (m <= 2));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%04d-%02d-%02dT00:00:00Z", y, m, d);
	snprintf(row.bucket_end, sizeof(row.bucket_end), "%04d-%02d-%02dT23:59:59Z", y, m, d);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.workspace_id, sizeof(row.workspace_id), "%s", workspace);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = (int64_t)input;
	row.tokens[BW_TOKEN_OUTPUT] = (int64_t)(input / 10);
	return bw_usage_rows_push(rows, &row);
}

/* 36 months of daily rows from 2025-12-01, priced; the time of it all. */
static int daily(gsl_rng *rng, double *daily_s, double *segments_s, size_t *segment_count,
                 char *chosen, size_t chosen_size)
{
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_catalog *catalog = NULL;
	bw_families *families = NULL;
	bw_spend *spend = NULL;
	bw_segments *segments = NULL;
	bw_paths *paths = NULL;
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	bw_forecast_fit fit;
	double *history = NULL;
	size_t n = 0;
	char first[8];
	int error = 0;

	for (int day = 0; day < 1096; day++) {
		double month = day / 30.44, level = 2e7 * pow(1.03, month);
		double noise = exp(gsl_ran_gaussian(rng, 0.1));
		error |= push_day(&rows, day, "wrkspc_core", "claude-sonnet-4-5", level * noise);
		error |= push_day(&rows, day, "wrkspc_core", "claude-haiku-4-5", 2 * level * noise);
		if (month >= 26)
			error |= push_day(&rows, day, "wrkspc_agents", "claude-opus-4-5",
			                  0.3 * level * exp(gsl_ran_gaussian(rng, 0.1)));
		if (month < 28)
			error |= push_day(&rows, day, "wrkspc_pilot", "claude-sonnet-4-5",
			                  0.5 * level * exp(gsl_ran_gaussian(rng, 0.1)));
	}
	double start = now_seconds();
	if (error < 0 || bw_catalog_load_default(&catalog) < 0 ||
	    bw_families_load_default(&families) < 0 ||
	    bw_spend_compute(&spend, &rows, catalog, "2025-12-01T00:00:00Z",
	                     "2028-12-01T00:00:00Z") < 0 ||
	    bw_spend_reprice(spend, &rows, catalog, families) < 0 ||
	    bw_spend_history_basis(spend, BW_PRICE_BASIS_TODAY, &history, &n, first) < 0) {
		error = -1;
		goto done;
	}
	/* The weekday adjustment, as the pipeline (analysis.c) sets it from
	 * the daily rows. */
	int year, month_of_year;
	if (sscanf(first, "%d-%d", &year, &month_of_year) == 2) {
		options.calendar_month = year * 12 + month_of_year - 1;
		options.weekend_ratio = spend->weekend_ratio;
	}
	if (bw_forecast_run(&paths, &fit, history, n, &options) < 0) {
		error = -1;
		goto done;
	}
	*daily_s = now_seconds() - start;
	snprintf(chosen, chosen_size, "%s on %zu months", bw_forecast_model_name(fit.model), n);
	bw_paths_free(paths);
	paths = NULL;
	start = now_seconds();
	bw_segments_options segment_options = BW_SEGMENTS_OPTIONS_INIT;
	if (bw_segments_forecast(&paths, &segments, spend, &options, &segment_options) < 0) {
		error = -1;
		goto done;
	}
	*segments_s = now_seconds() - start;
	*segment_count = segments->count;
done:
	bw_paths_free(paths);
	bw_segments_free(segments);
	free(history);
	bw_spend_free(spend);
	bw_families_free(families);
	bw_catalog_free(catalog);
	bw_usage_rows_dispose(&rows);
	return error;
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

	double daily_s[RUNS], segments_s[RUNS];
	size_t segment_count = 0;
	char chosen[64] = "";
	for (int r = 0; r < RUNS; r++) {
		gsl_rng_set(rng, 2026);
		if (daily(rng, &daily_s[r], &segments_s[r], &segment_count, chosen,
		          sizeof(chosen)) < 0) {
			fprintf(stderr, "bench_forecast: %s\n", bw_error_last());
			return 1;
		}
	}
	qsort(daily_s, RUNS, sizeof(double), compare_doubles);
	qsort(segments_s, RUNS, sizeof(double), compare_doubles);
	printf("RESULT forecast_daily | %.3f s (36 months of daily rows priced, chose %s, "
	       "10,000 paths)\n",
	       daily_s[RUNS / 2], chosen);
	printf("RESULT forecast_daily_segments | %.3f s (%zu segments, each its own model "
	       "choice, 10,000 paths)\n",
	       segments_s[RUNS / 2], segment_count);
	gsl_rng_free(rng);
	return 0;
}

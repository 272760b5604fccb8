/*
 * bench_reprice.c: what the same work at today's list costs on top of
 * pricing the history: 36 months of daily rows (3 workspaces x 6 models x
 * 2 tiers a day, one of Opus 4.1 and 4.5: 32,880 rows, the move in month
 * 20) priced once (bw_spend_compute), then repriced (bw_spend_reprice).
 *
 * Medians of 5 runs, reported as "RESULT reprice | X s (pricing Y s)" for
 * bench/run.sh.
 */
#include "bandwise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS   5
#define MONTHS 36

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

static int days_in(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[month - 1] + (month == 2 && leap);
}

int main(void)
{
	static const char *const workspaces[3] = {"", "wrkspc_a", "wrkspc_b"};
	static const char *const models[6] = {"claude-opus-4-1",   "claude-opus-4-5",
	                                      "claude-sonnet-4-5", "claude-sonnet-4-6",
	                                      "claude-haiku-4-5",  "claude-3-5-haiku"};
	static const char *const tiers[2] = {"standard", "batch"};
	bw_usage_rows rows = BW_USAGE_ROWS_INIT;
	bw_catalog *catalog = NULL;
	bw_families *families = NULL;
	double compute[RUNS], reprice[RUNS];

	if (bw_catalog_load_default(&catalog) < 0 || bw_families_load_default(&families) < 0) {
		fprintf(stderr, "bench_reprice: %s\n", bw_error_last());
		return 1;
	}
	for (int m = 0; m < MONTHS; m++) {
		int index = 2025 * 12 + 10 + m, year = index / 12, month = index % 12 + 1;
		for (int d = 1; d <= days_in(year, month); d++)
			for (int w = 0; w < 3; w++)
				for (int k = 0; k < 6; k++)
					for (int t = 0; t < 2; t++) {
						/* Opus 4.1 until month 20, then Opus 4.5. */
						if ((k == 0 && m >= 20) || (k == 1 && m < 20))
							continue;
						bw_usage_row row;
						memset(&row, 0, sizeof(row));
						snprintf(row.bucket_start, sizeof(row.bucket_start),
						         "%04d-%02d-%02dT00:00:00Z", year, month,
						         d);
						snprintf(row.bucket_end, sizeof(row.bucket_end),
						         "%04d-%02d-%02dT23:59:59Z", year, month,
						         d);
						snprintf(row.model, sizeof(row.model), "%s",
						         models[k]);
						snprintf(row.workspace_id, sizeof(row.workspace_id),
						         "%s", workspaces[w]);
						snprintf(row.service_tier, sizeof(row.service_tier),
						         "%s", tiers[t]);
						row.tokens[BW_TOKEN_UNCACHED_INPUT] =
						    1000000 + m * 1000;
						row.tokens[BW_TOKEN_CACHE_READ] = 5000000;
						row.tokens[BW_TOKEN_OUTPUT] = 100000;
						if (bw_usage_rows_push(&rows, &row) < 0)
							return 1;
					}
	}
	for (int r = 0; r < RUNS; r++) {
		bw_spend *spend = NULL;
		double t0 = now_seconds();
		if (bw_spend_compute(&spend, &rows, catalog, NULL, NULL) < 0)
			return 1;
		double t1 = now_seconds();
		if (bw_spend_reprice(spend, &rows, catalog, families) < 0)
			return 1;
		double t2 = now_seconds();
		compute[r] = t1 - t0;
		reprice[r] = t2 - t1;
		if (r == 0)
			printf("%zu rows, %zu months, %zu price changes, %zu segments\n",
			       rows.count, spend->month_count, spend->price_change_count,
			       spend->segment_count);
		bw_spend_free(spend);
	}
	qsort(compute, RUNS, sizeof(double), compare_doubles);
	qsort(reprice, RUNS, sizeof(double), compare_doubles);
	printf("RESULT reprice | %.3f s (pricing the same rows: %.3f s)\n", reprice[RUNS / 2],
	       compute[RUNS / 2]);
	bw_families_free(families);
	bw_catalog_free(catalog);
	bw_usage_rows_dispose(&rows);
	return 0;
}

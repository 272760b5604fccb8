/*
 * bandwise/paths.h: the Monte Carlo paths every decision is priced on.
 *
 * A path is one possible future: T months of list spend in USD. Paths come
 * from the forecast (forecast.h) or from the user's own CSV file; the plan,
 * offers and tracking read them, and nothing here knows how they were made.
 */
#ifndef BANDWISE_PATHS_H
#define BANDWISE_PATHS_H

#include <stddef.h>

/* N paths x T months of list USD, path-major: list_usd[p * months + m].
 * price_index, when not NULL, holds the same shape of list-price levels
 * relative to today (0.8 = list prices 20% lower), set by price-change
 * scenarios: a deal with a price lock consumes at today's prices, so it
 * is priced on list_usd / price_index. */
typedef struct {
	size_t path_count;
	int months;
	double *list_usd;
	double *price_index;
} bw_paths;

/* A zeroed matrix. On success *out owns it (bw_paths_free). Returns 0,
 * BW_ERANGE (no paths or months) or BW_ERROR. */
int bw_paths_new(bw_paths **out, size_t path_count, int months);

void bw_paths_free(bw_paths *paths);

/*
 * Read the user's own paths from a CSV file with the header
 * `path,month,list_usd`: paths numbered 1..N, months 1..T, every pair
 * exactly once (any order), list_usd a finite number >= 0. Errors are
 * BW_EPARSE "FILE:LINE:COL: expected ..." (a missing pair names it).
 */
int bw_paths_read_csv(bw_paths **out, const char *path);

/*
 * Quantiles of month 'month' (0-based) over the paths, for each of the
 * 'count' probabilities in 'probs' (0..1), by linear interpolation
 * between order statistics. Returns 0 or BW_ERROR.
 */
int bw_paths_month_quantiles(const bw_paths *paths, int month, const double *probs, size_t count,
                             double *out);

/*
 * Quantiles of each path's total over months [0, months), as
 * bw_paths_month_quantiles; *out_mean (when not NULL) gets the mean total.
 * Returns 0 or BW_ERROR.
 */
int bw_paths_total_quantiles(const bw_paths *paths, int months, const double *probs, size_t count,
                             double *out, double *out_mean);

/* Mean of month 'month' over the paths. */
double bw_paths_month_mean(const bw_paths *paths, int month);

/*
 * The paths a price-locked deal consumes on: list_usd / price_index (a
 * copy without an index; the same as 'paths' when it has none). On
 * success *out owns them. Returns 0 or BW_ERROR.
 */
int bw_paths_at_locked_prices(const bw_paths *paths, bw_paths **out);

/*
 * The paths a price-capped deal consumes on: list_usd / max(price_index,
 * 1), the lower of signing and current prices (rises do not reach the
 * deal, cuts do). As bw_paths_at_locked_prices otherwise.
 */
int bw_paths_at_capped_prices(const bw_paths *paths, bw_paths **out);

#endif

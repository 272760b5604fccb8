/*
 * bandwise/segments.h: the forecast by segment (workspace x model family).
 *
 * A company's bill is the sum of workloads that start, grow and stop on
 * their own: a workspace ramping up is that workspace's event, not the
 * company's growth, and one that stopped forecasts nothing. Each segment
 * (spend.h, bw_spend_segment: the same work at today's list) is fitted
 * apart and the paths are summed by a copula, so that paths that are high
 * for one segment tend to be high for the others as much as the
 * segments' backtest errors say (docs/methodology.md).
 */
#ifndef BANDWISE_SEGMENTS_H
#define BANDWISE_SEGMENTS_H

#include <stddef.h>

#include "bandwise/forecast.h"
#include "bandwise/paths.h"
#include "bandwise/spend.h"

/* Whether the forecast goes by segment: --segments auto|on|off. AUTO
 * forecasts by segment when at least two segments have
 * BW_SEGMENTS_AUTO_MONTHS complete months of spend (each then gets its own
 * model choice) and nothing that shapes the total's model is asked for;
 * else the company's total. */
typedef enum { BW_SEGMENTS_OFF = 0, BW_SEGMENTS_ON = 1, BW_SEGMENTS_AUTO = 2 } bw_segments_setting;

/* The months of spend a segment needs to count towards AUTO: enough for
 * its own rolling-origin model choice. */
#define BW_SEGMENTS_AUTO_MONTHS BW_FORECAST_CHOOSE_MIN_MONTHS

/* "auto", "on", "off". */
const char *bw_segments_setting_name(bw_segments_setting setting);

typedef struct {
	double min_share; /* a segment below this share of the last 6 complete months' spend
	                     is pooled into "other" (0.05) */
	int correlated;   /* 1: joined with their backtest errors' correlation; 0:
	                     independent segments (for comparison) */
} bw_segments_options;

#define BW_SEGMENTS_OPTIONS_INIT                                                                   \
	{                                                                                          \
		0.05, 1                                                                            \
	}

/* One segment as fitted. */
typedef struct {
	char name[2 * BW_USAGE_DIM_MAX + 4]; /* "wrkspc_x / opus", "(default) / sonnet", "other" */
	double share;                        /* of the last 6 complete months' spend */
	int start_month;                     /* first complete month with spend (0-based) */
	int stopped;                         /* 1: no spend in the last complete month */
	bw_forecast_model model;             /* the model its paths come from (chosen by
	                                        backtest as the total's); AUTO when stopped */
	double monthly_growth;               /* its fit's reported growth, exp(b) - 1 */
	double residual_sigma;
	int young;       /* 1: it started inside the history less than 12 months ago, so its
	                    own months are mostly its ramp: a random walk from its last month
	                    at its post-ramp growth shrunk toward the established segments'
	                    (model is drift) */
	double last_usd; /* its last complete month */
	/* Its model choice forecast from a change of growth or of level (the
	 * recent regime, bw_forecast_fit.regime): that month, "YYYY-MM", or "". */
	int regime;
	int regime_shift;   /* 1: a change of level (bw_forecast_fit.regime_shift) */
	size_t regime_from; /* 0-based in the segments' months, when regime */
	char regime_month[8];
	/* Its start or stop in words, or "":
	 * "2026-03: wrkspc_agents / opus starts, +$21,000 a month". */
	char event[2 * BW_USAGE_DIM_MAX + 128];
} bw_segment_fit;

typedef struct {
	bw_segment_fit *segments;
	size_t count;
	double correlation; /* the copula's: the mean pairwise correlation of the segments'
	                       backtest errors (or monthly log changes), in [0, 1) */
	size_t history_months;
	char first_month[8]; /* the first complete month */
} bw_segments;

/*
 * The complete months of each segment of 'spend' (repriced), small ones
 * pooled, as the forecast would fit them: *out_usd gets count x n values,
 * segment-major (caller frees), *out the segments. Returns 0, BW_EUSAGE (not
 * repriced, or no complete month) or BW_ERROR.
 */
int bw_segments_history(bw_segments **out, double **out_usd, size_t *out_n, const bw_spend *spend,
                        const bw_segments_options *options);

/*
 * Forecast every segment of 'spend' as bw_forecast_run forecasts the total
 * (the model chosen by its own rolling-origin backtest, AR(1) noise,
 * parameter uncertainty) on its months since it last started, a stopped
 * one as zero, and sum the paths by a Gaussian copula on each segment's
 * path totals whose correlation is the mean pairwise correlation of the
 * segments' backtest errors (docs/methodology.md §2.2). Uses
 * forecast->months, paths and seed (damping, assumed growth, model and
 * first month to fit are not applied). A segment with fewer than 3 months
 * of spend is pooled into "other". On success *out owns the paths and *info (when not NULL) the
 * segments (bw_segments_free). Returns 0, BW_EUSAGE or BW_ERROR.
 */
int bw_segments_forecast(bw_paths **out, bw_segments **info, const bw_spend *spend,
                         const bw_forecast_options *forecast, const bw_segments_options *options);

/*
 * The segments of 'spend' (as bw_segments_history pools them) that have at
 * least BW_SEGMENTS_AUTO_MONTHS complete months of spend, from their first
 * month with spend to their last (a stopped one counts by the months it
 * ran): *supported gets their number; *events the number of the others
 * that started inside the history or stopped (a launch, a migration, a
 * pilot that ended); *total the number of segments. Returns 0, BW_EUSAGE
 * (not repriced, or no complete month) or BW_ERROR.
 */
int bw_segments_count_supported(const bw_spend *spend, const bw_segments_options *options,
                                size_t *supported, size_t *events, size_t *total);

void bw_segments_free(bw_segments *segments);

#endif

/*
 * segments_internal.h: the segment forecast on series already split, for
 * segments.c and the calibration test (which builds per-workspace series
 * without usage rows).
 */
#ifndef BANDWISE_SEGMENTS_INTERNAL_H
#define BANDWISE_SEGMENTS_INTERNAL_H

#include "bandwise/forecast.h"
#include "bandwise/paths.h"
#include "bandwise/segments.h"

#include <stddef.h>

/*
 * Forecast the count series usd[g * n + m] (m = 0..n-1, complete months)
 * and sum them into *out. fits[g].start_month and fits[g].stopped are read
 * (the first month with spend; 1: no spend in the last month, forecast as
 * zero); each other segment gets the total's model choice on the months
 * since it started (bw_forecast_run, model AUTO) and fits[g].model,
 * monthly_growth and residual_sigma are filled. The segments' paths are
 * joined by a Gaussian copula on their totals with the correlation of
 * their monthly log changes (*correlation; 0 when 'correlated' is 0).
 * Returns 0, BW_EUSAGE or BW_ERROR.
 */
int bw_segments__forecast_series(bw_paths **out, bw_segment_fit *fits, double *correlation,
                                 const double *usd, size_t count, size_t n,
                                 const bw_forecast_options *forecast, int correlated);

#endif

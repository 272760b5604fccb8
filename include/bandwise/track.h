/*
 * bandwise/track.h: after signing: actual consumption against the
 * commitment, the pace, and where each true-up period is projected to land
 * (P10/P50/P90), from the forecast fitted on all history so far with the
 * deal's months to date taken as they happened.
 */
#ifndef BANDWISE_TRACK_H
#define BANDWISE_TRACK_H

#include "bandwise/deal.h"
#include "bandwise/forecast.h"
#include "bandwise/store.h"

typedef struct {
	int index;           /* 1-based */
	int first_month;     /* 0-based month of the term */
	int months;          /* months in the period */
	int months_actual;   /* of which already happened */
	double commit_usd;   /* the period's commitment (before carried credit) */
	double consumed_usd; /* actual consumption so far, at the committed rate */
	/* End-of-period position: consumption minus what was available
	 * (commitment + carried credit). Negative = commitment left unused,
	 * positive = consumption past the commitment (overage). */
	double position_p10_usd, position_p50_usd, position_p90_usd;
	double shortfall_probability;
	double overage_probability;
	double expected_unused_usd;  /* lost at the period's end */
	double expected_overage_usd; /* paid past the commitment, at the deal's overage rate */
	double expected_excess_usd;  /* consumption past the commitment at the committed rate:
	                                what the overage would cost at the committed rate */
	/* Moving up: the period's commitment raised to absorb the P50 excess,
	 * and the discount (on the whole period, other terms as signed) at
	 * which it costs no more in expectation than the deal as signed. 0 and
	 * NAN when the P50 position is not past the commitment; NAN too when
	 * no discount below 99% pays. */
	double expansion_commit_usd;
	double expansion_break_even_discount;
} bw_track_period;

typedef struct {
	int term_months;
	int months_elapsed; /* complete months of the deal in the history */
	double commit_usd;
	double consumed_usd; /* to date, at the committed rate */
	double pace;         /* consumed / (the current period's commitment x its elapsed share);
	                        1 = on track, NAN before the first month */
	int has_fit;         /* 0 when the term is over (nothing to forecast) */
	bw_forecast_fit fit; /* its changes dated from the history's first month */
	bw_track_period *periods;
	int period_count;
	/* Cost rows with a list amount (the Analytics API's) since the deal
	 * started, for the realized discount; rows = 0 when none. Filled by
	 * the analysis, which reads the store. */
	bw_cost_list_totals realized;
} bw_track_result;

/*
 * Track 'deal' (its start_month is required) against 'history_usd': n
 * complete months of list spend whose first is 'first_month' ("YYYY-MM").
 * The history must reach back to the deal's start. The months not yet
 * seen are forecast with 'options' (months and paths are set here).
 * On success *out owns the result (bw_track_free). Returns 0, BW_EUSAGE
 * (no start month, history starting after the deal, too little history
 * to forecast) or BW_ERROR.
 */
int bw_track_run(bw_track_result **out, const bw_deal_file *deal, const double *history_usd,
                 size_t n, const char *first_month, const bw_forecast_options *options);

/* As bw_track_run, the months seen drawn from 'history_usd' (as billed)
 * and the months not yet seen forecast from 'forecast_usd' (the same n
 * months at another price basis: the same work at today's list). */
int bw_track_run_basis(bw_track_result **out, const bw_deal_file *deal, const double *history_usd,
                       const double *forecast_usd, size_t n, const char *first_month,
                       const bw_forecast_options *options);

void bw_track_free(bw_track_result *result);

#endif

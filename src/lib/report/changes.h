/*
 * changes.h (private): the changes in the history as every renderer shows
 * them (forecast, plan, the HTML report): the level and growth changes the
 * forecast detected and the price cuts and migrations found in repricing,
 * one list in month order, so the outputs list the same sentences.
 */
#ifndef BANDWISE_REPORT_CHANGES_H
#define BANDWISE_REPORT_CHANGES_H

#include "bandwise/forecast.h"
#include "bandwise/spend.h"

#include <jansson.h>
#include <stdio.h>

/* One change of either kind, borrowed from the fit or the spend. */
typedef struct {
	const char *month; /* "YYYY-MM", or "" for a detected change not labelled */
	const char *text;
	int detected; /* 1: detected by the forecast; 0: a price change */
} bw_report__change;

/*
 * The next change in month order (on the same month the detected one
 * first): *i walks fit->changes, *j spend->price_changes, both start at 0.
 * Price changes count only when 'spend' was repriced. Either may be NULL.
 * Returns 1 with *out set, 0 when none is left.
 */
int bw_report__changes_next(const bw_forecast_fit *fit, const bw_spend *spend, size_t *i, size_t *j,
                            bw_report__change *out);

/* 1 when the forecast's model weighs the latest regime (the changepoint
 * trend), so the list may say so. */
int bw_report__changes_weighed(const bw_forecast_fit *fit);

/* "Changes in the history ...:" and one indented line per change, in
 * month order; nothing when there are none. */
void bw_report__changes_text(FILE *out, const bw_forecast_fit *fit, const bw_spend *spend);

/* The detected changes as a JSON array (docs/json.md, "changes"); empty
 * when 'fit' is NULL. The caller owns the reference. */
json_t *bw_report__changes_json(const bw_forecast_fit *fit);

#endif

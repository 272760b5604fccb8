/*
 * changes.h (private): the changes the forecast detected in the history,
 * as every renderer shows them (forecast, plan, the HTML report), so the
 * outputs list the same sentences.
 */
#ifndef BANDWISE_REPORT_CHANGES_H
#define BANDWISE_REPORT_CHANGES_H

#include "bandwise/forecast.h"

#include <jansson.h>
#include <stdio.h>

/* "Detected changes:" and one indented line per change; nothing when
 * there are none or 'fit' is NULL. */
void bw_report__changes_text(FILE *out, const bw_forecast_fit *fit);

/* The changes as a JSON array (docs/json.md, "changes"); empty when 'fit'
 * is NULL. The caller owns the reference. */
json_t *bw_report__changes_json(const bw_forecast_fit *fit);

#endif

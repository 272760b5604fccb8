/*
 * charts.h (private): the charts the HTML report and bandwise serve's page
 * both show, drawn once here (the one chart module: the report inlines
 * them, the page asks for them through bw_report_chart_svg).
 *
 * 'width' is the viewBox width: 900 for a laptop's column; under 500 a
 * phone's layout that is drawn near 1:1 (svg.h), so labels stay readable.
 */
#ifndef BANDWISE_REPORT_CHARTS_H
#define BANDWISE_REPORT_CHARTS_H

#include "bandwise/report.h"

#include <stdio.h>

/* The report's two layouts: every chart is written in both, and its CSS
 * shows the one that fits the screen. */
#define BW_REPORT__CHART_WIDE   900
#define BW_REPORT__CHART_NARROW 360

/* The next 12 months of list spend (P10, P50, P90) against the band thresholds. */
void bw_report__chart_stand(FILE *out, const bw_report_bundle *b, double width);

/* History, the same work at today's list, the forecast fan and its median. */
void bw_report__chart_forecast(FILE *out, const bw_report_bundle *b, double width);

/* The savings waterfall (needs b->waterfall). */
void bw_report__chart_waterfall(FILE *out, const bw_report_bundle *b, double width);

/* Expected cost against commitment per band; with 'marker_usd' >= 0, a
 * commitment marker (class "commit-marker"; id "commit-marker" in the wide
 * layout, "commit-marker-narrow" in the narrow one, as the report holds
 * both) that carries its own scale
 * (data-px0: the x of $0, data-px-per-usd) so that the page can move it
 * while the commitment is dragged, without another request. */
void bw_report__chart_curves(FILE *out, const bw_report_bundle *b, double width, double marker_usd);

#endif

/*
 * charts.c: the charts of the HTML report and of bandwise serve's page,
 * drawn once (charts.h). The report inlines each chart in two layouts;
 * the page asks bw_report_chart_svg for the one its width needs.
 */
#include "charts.h"

#include "bandwise/error.h"
#include "labels.h"
#include "svg.h"
#include "jsonout.h"
#include "table.h"

#include <jansson.h>
#include <stdlib.h>

#include <math.h>
#include <string.h>

/* Round ticks (bwx_svg_nice_step) in the fewest digits: "$2M", "$2.5M",
 * "$1.25M", "$750K", never "$1.0M" for $1,020,000. */
static void usd_axis(char *buf, size_t size, double value, const void *arg)
{
	const char *unit = "";
	double v = value;
	char digits[32];
	(void)arg;
	if (fabs(value) >= 1e6) {
		v = value / 1e6;
		unit = "M";
	} else if (fabs(value) >= 1e3) {
		v = value / 1e3;
		unit = "K";
	}
	snprintf(digits, sizeof(digits), "%.2f", v);
	/* "2.50" -> "2.5", "2.00" -> "2" */
	char *end = digits + strlen(digits);
	while (end > digits && end[-1] == '0')
		*--end = '\0';
	if (end > digits && end[-1] == '.')
		*--end = '\0';
	snprintf(buf, size, "%s$%s%s", value < 0 && digits[0] != '-' ? "-" : "", digits, unit);
}

static void month_axis(char *buf, size_t size, double value, const void *arg)
{
	/* arg: the first month of the x axis, value: months from it */
	bwx_format_month(buf, size, (const char *)arg, (int)lround(value));
}

static void no_label(char *buf, size_t size, double value, const void *arg)
{
	(void)value;
	(void)arg;
	if (size)
		buf[0] = '\0';
}

static double height_for(double width, double wide, double narrow)
{
	return width < 500 ? narrow : wide;
}

void bw_report__chart_stand(FILE *out, const bw_report_bundle *b, double width)
{
	const bw_plan_result *plan = b->plan;
	double q[3], mean, probs[3] = {0.1, 0.5, 0.9}, annual[3];
	int months = b->paths->months < 12 ? b->paths->months : 12;
	char a[64], label[128];

	bw_paths_total_quantiles(b->paths, months, probs, 3, q, &mean);
	for (int i = 0; i < 3; i++)
		annual[i] = q[i] * 12.0 / months;
	double top = annual[2];
	for (size_t i = 0; i < plan->band_count; i++)
		if (plan->bands[i].band.min_commit_usd > top &&
		    plan->bands[i].band.min_commit_usd < 3 * annual[2])
			top = plan->bands[i].band.min_commit_usd;
	bwx_svg svg;
	bwx_svg_begin(&svg, out, width, height_for(width, 190, 180), 0, top * 1.1, 0, 3,
	              "Next 12 months of list spend against the band thresholds",
	              "Bars: P10, P50 and P90 of the next 12 months of list spend; dashed lines: "
	              "band thresholds per year.");
	bwx_svg_axes(&svg, 5, 3, usd_axis, NULL, no_label, NULL,
	             "USD of list spend over the next 12 months", "");
	const char *names[3] = {"P10", "P50", "P90"};
	for (int i = 0; i < 3; i++) {
		bwx_format_usd(a, sizeof(a), annual[i]);
		snprintf(label, sizeof(label), "%s: %s", names[i], a);
		bwx_svg_rect(&svg, 0, 2.75 - i * 0.95, annual[i], 2.2 - i * 0.95,
		             bwx_svg_palette[i == 1 ? 0 : 5], label);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">%s</text>\n",
		        bwx_svg_x(&svg, 0) + 4, bwx_svg_y(&svg, 2.42 - i * 0.95), svg.font,
		        names[i]);
	}
	for (size_t i = 0; i < plan->band_count; i++) {
		if (plan->bands[i].band.min_commit_usd > top * 1.1)
			continue;
		snprintf(label, sizeof(label), "%s band", plan->bands[i].band.name);
		bwx_svg_vline(&svg, plan->bands[i].band.min_commit_usd, bwx_svg_palette[4], label);
	}
	bwx_svg_end(&svg);
}

void bw_report__chart_forecast(FILE *out, const bw_report_bundle *b, double width)
{
	const bw_spend *spend = b->spend;
	int history = (int)spend->month_count, ahead = b->paths->months, n = history + ahead;
	double xs[1400], hist[1400], lo[1400], mid[1400], hi[1400], probs[3] = {0.1, 0.5, 0.9},
	                                                            q[3], top = 0;
	double today[1400]; /* the same work at today's list */
	char a[64], label[160];

	if (n > 1400)
		return;
	for (int i = 0; i < history; i++) {
		xs[i] = i;
		hist[i] = spend->months[i].total_usd;
		today[i] = spend->repriced ? spend->months[i].today_usd : hist[i];
		if (hist[i] > top)
			top = hist[i];
		if (today[i] > top)
			top = today[i];
	}
	for (int m = 0; m < ahead; m++) {
		bw_paths_month_quantiles(b->paths, m, probs, 3, q);
		xs[history + m] = history + m;
		lo[m] = q[0];
		mid[m] = q[1];
		hi[m] = q[2];
		if (q[2] > top)
			top = q[2];
	}
	const char *first = history > 0 ? spend->months[0].month : b->first_month;
	bwx_svg svg;
	bwx_svg_begin(&svg, out, width, height_for(width, 320, 260), 0, n - 1, 0, top * 1.08,
	              "Monthly list spend: history and forecast fan",
	              spend->repriced
	                  ? "Solid line: list spend per month from the store, billed at list; "
	                    "dotted line: the same work at today's list; shaded band: P10 to "
	                    "P90 of the forecast; dashed line: its median."
	                  : "Solid line: list spend per month from the store; shaded band: P10 "
	                    "to P90 of the forecast; dashed line: its median.");
	/* Month ticks on quarters or years ("2026-01"), not every 10th month. */
	int first_month_of_year = first != NULL && strlen(first) >= 7 ? atoi(first + 5) : 1;
	svg.x_step = bwx_svg_month_step(n - 1, svg.narrow ? 3 : 6);
	if (svg.x_step > 0 && first_month_of_year >= 1 && first_month_of_year <= 12) {
		int period = svg.x_step < 12 ? (int)svg.x_step : 12;
		svg.x_origin = (period - (first_month_of_year - 1) % period) % period;
	}
	bwx_svg_axes(&svg, 6, 4, month_axis, first, usd_axis, NULL, "month",
	             "USD of list spend per month");
	if (ahead > 0) {
		bwx_svg_band(&svg, xs + history, lo, hi, ahead, bwx_svg_palette[5], 0.35,
		             "forecast P10 to P90");
		bwx_svg_line(&svg, xs + history, mid, ahead, bwx_svg_palette[0], 2, "6 4",
		             "forecast median (P50)");
	}
	if (history > 0)
		bwx_svg_line(&svg, xs, hist, history, bwx_svg_palette[7], 2, NULL,
		             "list spend, from the store");
	for (int i = 0; i < history; i++) {
		bwx_format_usd(a, sizeof(a), hist[i]);
		snprintf(label, sizeof(label), "%s: %s%s", spend->months[i].month, a,
		         spend->months[i].complete ? "" : " (partial month)");
		bwx_svg_point(&svg, xs[i], hist[i], bwx_svg_palette[7], label);
	}
	/* The detected changes, marked where they happened: the month as the
	 * label (rows alternate so that neighbours do not overlap; a phone has
	 * room for none), the words in the tooltip and in the list below. */
	for (size_t c = 0; b->fit != NULL && c < b->fit->change_count; c++)
		for (int i = 0; i < history; i++)
			if (strcmp(spend->months[i].month, b->fit->changes[c].month) == 0)
				bwx_svg_vline_label(&svg, xs[i], bwx_svg_palette[4],
				                    svg.narrow ? NULL : b->fit->changes[c].month,
				                    b->fit->changes[c].text, (int)(c % 2));
	if (history > 0 && spend->repriced) {
		bwx_svg_line(&svg, xs, today, history, bwx_svg_palette[2], 2, "2 3",
		             "the same work at today's list");
		/* The price changes, marked where they happened. */
		for (size_t c = 0; c < spend->price_change_count; c++)
			for (int i = 0; i < history; i++)
				if (strcmp(spend->months[i].month, spend->price_changes[c].month) ==
				    0)
					bwx_svg_point(&svg, xs[i], today[i], bwx_svg_palette[2],
					              spend->price_changes[c].text);
	}
	bwx_svg_legend(&svg, 0, bwx_svg_palette[7], "history (billed at list)");
	bwx_svg_legend(&svg, 1, bwx_svg_palette[0], "forecast median");
	bwx_svg_legend(&svg, 2, bwx_svg_palette[5], "P10 to P90");
	if (spend->repriced)
		bwx_svg_legend(&svg, 3, bwx_svg_palette[2], "the same work at today's list");
	bwx_svg_end(&svg);
}

void bw_report__chart_waterfall(FILE *out, const bw_report_bundle *b, double width)
{
	const bw_waterfall *w = b->waterfall;
	char a[64], label[160];

	bwx_svg svg;
	bwx_svg_begin(&svg, out, width, height_for(width, 260, 240), -0.5, 3.5, 0, w->usd[0] * 1.1,
	              "Savings waterfall: list, after routing, after caching, after batch",
	              "Bars: list spend before and after each lever of the optimization policy.");
	bwx_svg_axes(&svg, 1, 4, no_label, NULL, usd_axis, NULL, "", "USD of list spend");
	for (int s = 0; s < BW_POLICY_STAGES; s++) {
		bwx_format_usd(a, sizeof(a), w->usd[s]);
		snprintf(label, sizeof(label), "%s: %s", bw_report__stage_name(s), a);
		double base = s == 0 ? 0 : w->usd[s];
		bwx_svg_rect(&svg, s - 0.35, 0, s + 0.35, w->usd[s],
		             bwx_svg_palette[s == 0 ? 7 : 0], label);
		if (s > 0) {
			bwx_format_usd(a, sizeof(a), w->usd[s - 1] - w->usd[s]);
			snprintf(label, sizeof(label), "%s saves %s", bw_report__stage_name(s), a);
			bwx_svg_rect(&svg, s - 0.35, base, s + 0.35, w->usd[s - 1],
			             bwx_svg_palette[2], label);
		}
		/* On a phone the stage names take two lines' room: "after" is implied. */
		const char *name = bw_report__stage_name(s);
		if (svg.narrow && strncmp(name, "after ", 6) == 0)
			name += 6;
		fprintf(out,
		        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\">",
		        bwx_svg_x(&svg, s), bwx_svg_y(&svg, 0) + (svg.narrow ? 16 : 30), svg.font);
		bwx_html_escape(out, name);
		fputs("</text>\n", out);
	}
	bwx_svg_end(&svg);
}

void bw_report__chart_curves(FILE *out, const bw_report_bundle *b, double width, double marker_usd)
{
	const bw_plan_result *plan = b->plan;
	int points = b->curve_points;
	double top = plan->payg_expected_cost_usd * 1.6, right = 0;
	char a[64], label[200];

	for (size_t i = 0; i < plan->band_count; i++) {
		const double *xs = b->curve_commit_usd + i * (size_t)points;
		if (xs[points - 1] > right)
			right = xs[points - 1];
	}
	/* Bands far above the spend would squash the interesting part. */
	if (right > plan->payg_expected_cost_usd * 2.5)
		right = plan->payg_expected_cost_usd * 2.5;
	/* The decision lies between the cheapest point and pay-as-you-go: the y
	 * axis starts at a round value below 80% of the cheapest, not at $0,
	 * so the curves are not flattened against the top. */
	double low = plan->payg_expected_cost_usd;
	for (size_t i = 0; i < plan->band_count * (size_t)points; i++)
		if (b->curve_commit_usd[i] <= right && b->curve_cost_usd[i] < low)
			low = b->curve_cost_usd[i];
	double bottom = 0.8 * low, step = bwx_svg_nice_step(top - bottom, 4);
	bottom = step * floor(bottom / step);
	bwx_svg svg;
	bwx_svg_begin(&svg, out, width, height_for(width, 340, 280), 0, right, bottom, top,
	              "Expected cost over the term against the commitment, per band",
	              "One curve per band over its commitment range; the dashed line is "
	              "pay-as-you-go; dots mark each band's optimum.");
	bwx_svg_axes(&svg, 5, 4, usd_axis, NULL, usd_axis, NULL, "commitment over the term (USD)",
	             "expected cost over the term (USD)");
	bwx_svg_hline(&svg, plan->payg_expected_cost_usd, bwx_svg_palette[7], "pay-as-you-go");
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		const double *xs = b->curve_commit_usd + i * (size_t)points,
		             *ys = b->curve_cost_usd + i * (size_t)points;
		double clipped[400];
		int n = 0;
		if (band->commit_min_usd > right) {
			/* A phone's legend has room for the name alone. */
			bwx_format_usd(a, sizeof(a), band->commit_min_usd);
			if (svg.narrow)
				snprintf(label, sizeof(label), "%s band (off the chart)",
				         band->band.name);
			else
				snprintf(label, sizeof(label), "%s band (from %s, off the chart)",
				         band->band.name, a);
			bwx_svg_legend(&svg, (int)i, bwx_svg_palette[i % 7], label);
			continue;
		}
		for (int k = 0; k < points && k < 400 && xs[k] <= right; k++, n++)
			clipped[k] = ys[k] < top ? ys[k] > bottom ? ys[k] : bottom : top;
		snprintf(label, sizeof(label), "%s band: expected cost against commitment",
		         band->band.name);
		bwx_svg_line(&svg, xs, clipped, n, bwx_svg_palette[i % 7], 2, NULL, label);
		if (band->optimum.expected_cost_usd <= top) {
			bw_report__format_commit(a, sizeof(a), band->optimum.commit_usd,
			                         band->commit_max_usd);
			snprintf(label, sizeof(label), "%s optimum: commit %s%s", band->band.name,
			         a, plan->recommended == (int)i ? " (recommended)" : "");
			bwx_svg_point(&svg, band->optimum.commit_usd,
			              band->optimum.expected_cost_usd,
			              plan->recommended == (int)i ? bwx_svg_palette[4]
			                                          : bwx_svg_palette[i % 7],
			              label);
		}
		/* Above the x axis: the legend has the top. */
		bwx_svg_vline_label(&svg, band->commit_min_usd, bwx_svg_palette[i % 7],
		                    band->band.name, band->band.name, -1);
		snprintf(label, sizeof(label), "%s band", band->band.name);
		bwx_svg_legend(&svg, (int)i, bwx_svg_palette[i % 7], label);
	}
	if (marker_usd >= 0) {
		/* The page moves this line itself while the commitment is dragged:
		 * it carries the chart's x scale (pixels = px0 + usd * per_usd).
		 * The report inlines both layouts in one document, so the id
		 * names the layout (ids are unique in a document); the page
		 * finds it by its class. */
		double px0 = bwx_svg_x(&svg, 0), per_usd = (bwx_svg_x(&svg, right) - px0) / right;
		double x =
		    marker_usd <= right ? bwx_svg_x(&svg, marker_usd) : bwx_svg_x(&svg, right);
		fprintf(
		    out,
		    "<line id=\"commit-marker%s\" class=\"commit-marker\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\" data-px0=\"%.3f\" "
		    "data-px-per-usd=\"%.9g\" data-px-max=\"%.3f\"><title>your "
		    "commitment</title></line>\n",
		    svg.narrow ? "-narrow" : "", x, svg.top, x, bwx_svg_y(&svg, bottom), px0,
		    per_usd, bwx_svg_x(&svg, right));
	}
	bwx_svg_end(&svg);
}

int bw_report_chart_svg(FILE *out, const bw_report_bundle *b, const char *name, double width,
                        double marker_usd)
{
	if (!(width >= 280 && width <= 1600))
		return bw_error_set(BW_ERANGE, "a chart is 280 to 1600 units wide, got %g", width);
	if (strcmp(name, "stand") == 0)
		bw_report__chart_stand(out, b, width);
	else if (strcmp(name, "forecast") == 0)
		bw_report__chart_forecast(out, b, width);
	else if (strcmp(name, "curves") == 0)
		bw_report__chart_curves(out, b, width, marker_usd);
	else if (strcmp(name, "waterfall") == 0 && b->waterfall != NULL)
		bw_report__chart_waterfall(out, b, width);
	else if (strcmp(name, "waterfall") == 0)
		return bw_error_set(BW_EUSAGE, "the waterfall chart needs a policy");
	else
		return bw_error_set(BW_EUSAGE,
		                    "no chart '%s': the charts are stand, forecast, curves and "
		                    "waterfall",
		                    name);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the chart") : 0;
}

int bw_report_chart_json(FILE *out, const bw_report_bundle *b, const char *name, double width,
                         double marker_usd)
{
	char *svg = NULL;
	size_t length = 0;
	FILE *mem = open_memstream(&svg, &length);
	int error;
	if (mem == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	error = bw_report_chart_svg(mem, b, name, width, marker_usd);
	fclose(mem);
	if (error == 0) {
		json_t *root = json_object();
		json_object_set_new(root, "chart", json_string(name));
		json_object_set_new(root, "width", json_integer((json_int_t)lround(width)));
		json_object_set_new(root, "svg", json_stringn(svg, length));
		error = bwx_json_print(out, root);
	}
	free(svg);
	return error;
}

/*
 * svg.c: inline SVG marks for the HTML report.
 */
#include "svg.h"

#include <math.h>
#include <string.h>

const char *const bwx_svg_palette[8] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                        "#D55E00", "#56B4E9", "#F0E442", "#000000"};

void bwx_html_escape(FILE *out, const char *text)
{
	for (const char *p = text; p && *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*p, out);
		}
	}
}

void bwx_svg_begin(bwx_svg *svg, FILE *out, double width, double height, double x0, double x1,
                   double y0, double y1, const char *title, const char *description)
{
	svg->out = out;
	svg->width = width;
	svg->height = height;
	svg->narrow = width < 500;
	svg->font = svg->narrow ? 12 : 11;
	svg->left = svg->narrow ? 50 : 78;
	svg->right = svg->narrow ? 14 : 40;
	svg->top = 16;
	svg->bottom = svg->narrow ? 26 : 48;
	svg->x_step = 0;
	svg->x_origin = 0;
	svg->x0 = x0;
	svg->x1 = x1 > x0 ? x1 : x0 + 1;
	svg->y0 = y0;
	svg->y1 = y1 > y0 ? y1 : y0 + 1;
	/* data-layout lets a page show the layout that fits its screen; the
	 * namespace makes the chart an SVG document on its own too (the page
	 * parses it as image/svg+xml). */
	fprintf(
	    out,
	    "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
	    "data-layout=\"%s\" role=\"img\" aria-label=\"",
	    width, height, svg->narrow ? "narrow" : "wide");
	bwx_html_escape(out, title);
	fputs("\"><title>", out);
	bwx_html_escape(out, title);
	fputs("</title><desc>", out);
	bwx_html_escape(out, description);
	fputs("</desc>\n", out);
}

void bwx_svg_end(bwx_svg *svg)
{
	fputs("</svg>\n", svg->out);
}

double bwx_svg_x(const bwx_svg *svg, double x)
{
	return svg->left +
	       (x - svg->x0) / (svg->x1 - svg->x0) * (svg->width - svg->left - svg->right);
}

double bwx_svg_y(const bwx_svg *svg, double y)
{
	double plot = svg->height - svg->top - svg->bottom;
	return svg->top + plot - (y - svg->y0) / (svg->y1 - svg->y0) * plot;
}

static void plain(char *buf, size_t size, double value, const void *arg)
{
	(void)arg;
	snprintf(buf, size, "%g", value);
}

double bwx_svg_nice_step(double span, int count)
{
	static const double multiples[] = {1, 2, 5, 10};
	if (!(span > 0) || count < 1)
		return 1;
	double raw = span / count, power = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof(multiples) / sizeof(multiples[0]); i++)
		/* A hair of slack: 0.3 / 3 is not exactly 0.1 in binary. */
		if (multiples[i] * power >= raw * (1 - 1e-9))
			return multiples[i] * power;
	return 10 * power;
}

double bwx_svg_month_step(double span, int count)
{
	static const double steps[] = {1, 2, 3, 6, 12};
	if (!(span > 0) || count < 1)
		return 1;
	double raw = span / count;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] >= raw * (1 - 1e-9))
			return steps[i];
	return 12 * ceil(raw / 12 - 1e-9);
}

/* The first and last multiples of 'step' inside [lo, hi]. */
static void tick_range(double lo, double hi, double step, long *first, long *last)
{
	*first = (long)ceil(lo / step - 1e-9);
	*last = (long)floor(hi / step + 1e-9);
}

void bwx_svg_axes(bwx_svg *svg, int x_ticks, int y_ticks, bwx_svg_format x_format,
                  const void *x_arg, bwx_svg_format y_format, const void *y_arg,
                  const char *x_title, const char *y_title)
{
	FILE *out = svg->out;
	char label[64];
	double bottom = bwx_svg_y(svg, svg->y0), right = bwx_svg_x(svg, svg->x1);

	/* A phone's chart has room for about three labels across. */
	if (svg->narrow && x_ticks > 3)
		x_ticks = 3;
	if (svg->narrow && y_ticks > 4)
		y_ticks = 4;
	double y_step = bwx_svg_nice_step(svg->y1 - svg->y0, y_ticks);
	double x_step = bwx_svg_nice_step(svg->x1 - svg->x0, x_ticks);
	long first, last;

	fprintf(out, "<g class=\"axes\" font-size=\"%.0f\" fill=\"#333\">\n", svg->font);
	tick_range(svg->y0, svg->y1, y_step, &first, &last);
	for (long i = first; i <= last; i++) {
		double v = i * y_step, y = bwx_svg_y(svg, v);
		(y_format ? y_format : plain)(label, sizeof(label), v, y_arg);
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
		        svg->left, y, right, y);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", svg->left - 6,
		        y + 4);
		bwx_html_escape(out, label);
		fputs("</text>\n", out);
	}
	double origin = 0;
	if (svg->x_step > 0) {
		x_step = svg->x_step;
		origin = svg->x_origin;
	}
	tick_range(svg->x0 - origin, svg->x1 - origin, x_step, &first, &last);
	for (long i = first; i <= last; i++) {
		double v = origin + i * x_step, x = bwx_svg_x(svg, v);
		(x_format ? x_format : plain)(label, sizeof(label), v, x_arg);
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>",
		        x, bottom, x, bottom + 4);
		/* The ends' labels are kept inside the frame. */
		const char *anchor = x > svg->width - 30 ? "end" : "middle";
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, bottom + 16,
		        anchor);
		bwx_html_escape(out, label);
		fputs("</text>\n", out);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>",
	        svg->left, bottom, right, bottom);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>\n",
	        svg->left, svg->top, svg->left, bottom);
	/* A phone's chart has no room for axis titles: the section says what is drawn. */
	if (svg->narrow) {
		fputs("</g>\n", out);
		return;
	}
	fprintf(out,
	        "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
	        "font-size=\"12\">",
	        (svg->left + right) / 2, svg->height - 8);
	bwx_html_escape(out, x_title);
	fprintf(out,
	        "</text><text class=\"title\" transform=\"translate(14 %.1f) rotate(-90)\" "
	        "text-anchor=\"middle\" font-size=\"12\">",
	        (svg->top + bottom) / 2);
	bwx_html_escape(out, y_title);
	fputs("</text></g>\n", out);
}

void bwx_svg_line(bwx_svg *svg, const double *xs, const double *ys, int n, const char *color,
                  double stroke, const char *dash, const char *tooltip)
{
	fprintf(
	    svg->out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s points=\"",
	    color, stroke, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
	for (int i = 0; i < n; i++)
		fprintf(svg->out, "%.1f,%.1f ", bwx_svg_x(svg, xs[i]), bwx_svg_y(svg, ys[i]));
	fputs("\"><title>", svg->out);
	bwx_html_escape(svg->out, tooltip);
	fputs("</title></polyline>\n", svg->out);
}

void bwx_svg_band(bwx_svg *svg, const double *xs, const double *lows, const double *highs, int n,
                  const char *color, double opacity, const char *tooltip)
{
	fprintf(svg->out, "<polygon fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\" points=\"",
	        color, opacity);
	for (int i = 0; i < n; i++)
		fprintf(svg->out, "%.1f,%.1f ", bwx_svg_x(svg, xs[i]), bwx_svg_y(svg, highs[i]));
	for (int i = n - 1; i >= 0; i--)
		fprintf(svg->out, "%.1f,%.1f ", bwx_svg_x(svg, xs[i]), bwx_svg_y(svg, lows[i]));
	fputs("\"><title>", svg->out);
	bwx_html_escape(svg->out, tooltip);
	fputs("</title></polygon>\n", svg->out);
}

void bwx_svg_rect(bwx_svg *svg, double x0, double y0, double x1, double y1, const char *color,
                  const char *tooltip)
{
	double ax = bwx_svg_x(svg, x0), bx = bwx_svg_x(svg, x1), ay = bwx_svg_y(svg, y0),
	       by = bwx_svg_y(svg, y1);
	fprintf(svg->out,
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
	        ax < bx ? ax : bx, ay < by ? ay : by, ax < bx ? bx - ax : ax - bx,
	        ay < by ? by - ay : ay - by, color);
	bwx_html_escape(svg->out, tooltip);
	fputs("</title></rect>\n", svg->out);
}

void bwx_svg_point(bwx_svg *svg, double x, double y, const char *color, const char *tooltip)
{
	fprintf(svg->out,
	        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#fff\"><title>",
	        bwx_svg_x(svg, x), bwx_svg_y(svg, y), color);
	bwx_html_escape(svg->out, tooltip);
	fputs("</title></circle>\n", svg->out);
}

void bwx_svg_vline(bwx_svg *svg, double x, const char *color, const char *label)
{
	bwx_svg_vline_label(svg, x, color, label, label, 0);
}

void bwx_svg_vline_label(bwx_svg *svg, double x, const char *color, const char *label,
                         const char *tooltip, int row)
{
	double px = bwx_svg_x(svg, x), bottom = bwx_svg_y(svg, svg->y0);
	fprintf(svg->out,
	        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	        "stroke-dasharray=\"4 3\"><title>",
	        px, svg->top, px, bottom, color);
	bwx_html_escape(svg->out, tooltip);
	fputs("</title></line>\n", svg->out);
	if (label == NULL)
		return;
	/* About 0.6 em a character: a label that would cross the right edge
	 * is written to the left of its line instead. */
	double wide = 0.6 * svg->font * (double)strlen(label);
	int left = px + 3 + wide > svg->width - 2;
	double y = row < 0 ? bottom - 4 : svg->top + 11 + row * (svg->font + 2);
	fprintf(svg->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"%s\"%s>",
	        left ? px - 3 : px + 3, y, svg->font, color, left ? " text-anchor=\"end\"" : "");
	bwx_html_escape(svg->out, label);
	fputs("</text>\n", svg->out);
}

void bwx_svg_hline(bwx_svg *svg, double y, const char *color, const char *label)
{
	double py = bwx_svg_y(svg, y);
	fprintf(svg->out,
	        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	        "stroke-dasharray=\"6 3\"><title>",
	        svg->left, py, bwx_svg_x(svg, svg->x1), py, color);
	bwx_html_escape(svg->out, label);
	fprintf(svg->out,
	        "</title></line><text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"%s\">",
	        svg->left + 4, py - 4, svg->font, color);
	bwx_html_escape(svg->out, label);
	fputs("</text>\n", svg->out);
}

void bwx_svg_legend(bwx_svg *svg, int index, const char *color, const char *text)
{
	/* On a phone the legend sits at the plot's left, where the curves start low. */
	double x = svg->narrow ? svg->left + 8 : svg->width - svg->right - 270,
	       y = svg->top + 6 + (svg->font + 5) * index;
	fprintf(svg->out,
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" fill=\"%s\"/>"
	        "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">",
	        x, y, color, x + 16, y + 9, svg->font);
	bwx_html_escape(svg->out, text);
	fputs("</text>\n", svg->out);
}

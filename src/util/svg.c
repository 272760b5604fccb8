/*
 * svg.c: inline SVG marks for the HTML report.
 */
#include "svg.h"

#include <math.h>

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
	svg->left = 78;
	svg->right = 40;
	svg->top = 16;
	svg->bottom = 48;
	svg->x0 = x0;
	svg->x1 = x1 > x0 ? x1 : x0 + 1;
	svg->y0 = y0;
	svg->y1 = y1 > y0 ? y1 : y0 + 1;
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
	        width, height);
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

	double y_step = bwx_svg_nice_step(svg->y1 - svg->y0, y_ticks);
	double x_step = bwx_svg_nice_step(svg->x1 - svg->x0, x_ticks);
	long first, last;

	fprintf(out, "<g class=\"axes\" font-size=\"11\" fill=\"#333\">\n");
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
	tick_range(svg->x0, svg->x1, x_step, &first, &last);
	for (long i = first; i <= last; i++) {
		double v = i * x_step, x = bwx_svg_x(svg, v);
		(x_format ? x_format : plain)(label, sizeof(label), v, x_arg);
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>",
		        x, bottom, x, bottom + 4);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, bottom + 16);
		bwx_html_escape(out, label);
		fputs("</text>\n", out);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>",
	        svg->left, bottom, right, bottom);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>\n",
	        svg->left, svg->top, svg->left, bottom);
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
	double px = bwx_svg_x(svg, x);
	fprintf(svg->out,
	        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	        "stroke-dasharray=\"4 3\"><title>",
	        px, svg->top, px, bwx_svg_y(svg, svg->y0), color);
	bwx_html_escape(svg->out, label);
	fprintf(svg->out,
	        "</title></line><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">", px + 3,
	        svg->top + 11, color);
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
	        "</title></line><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">",
	        svg->left + 4, py - 4, color);
	bwx_html_escape(svg->out, label);
	fputs("</text>\n", svg->out);
}

void bwx_svg_legend(bwx_svg *svg, int index, const char *color, const char *text)
{
	double x = svg->width - svg->right - 270, y = svg->top + 6 + 16 * index;
	fprintf(svg->out,
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" fill=\"%s\"/>"
	        "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\">",
	        x, y, color, x + 16, y + 9);
	bwx_html_escape(svg->out, text);
	fputs("</text>\n", svg->out);
}

/*
 * svg.h (private): small inline-SVG charts for the HTML report: a plot
 * area with axes, ticks and labels in data coordinates, and the marks the
 * report needs. Colours come from the Okabe-Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies.
 */
#ifndef BANDWISE_SVG_H
#define BANDWISE_SVG_H

#include <stdio.h>

extern const char *const bwx_svg_palette[8];

/* Write 'text' with &, <, >, " and ' escaped. */
void bwx_html_escape(FILE *out, const char *text);

typedef struct {
	FILE *out;
	double width, height;            /* viewBox size */
	double left, right, top, bottom; /* margins */
	double x0, x1, y0, y1;           /* data ranges */
	int narrow;                      /* a phone's layout: under 500 units wide */
	double font;                     /* label size in units */
	double x_step, x_origin;         /* x ticks at x_origin + k x_step when x_step > 0 */
} bwx_svg;

/* Open an <svg> with a <title> and an aria description. A 'width' under
 * 500 is a phone's layout (drawn near 1:1 there): narrower margins, fewer
 * ticks, larger labels and no axis titles, so that every label stays
 * readable (11 px or more) without the chart scrolling sideways. */
void bwx_svg_begin(bwx_svg *svg, FILE *out, double width, double height, double x0, double x1,
                   double y0, double y1, const char *title, const char *description);
void bwx_svg_end(bwx_svg *svg);

double bwx_svg_x(const bwx_svg *svg, double x);
double bwx_svg_y(const bwx_svg *svg, double y);

/* A round tick step for 'span' in about 'count' steps: 1, 2 or 5 times a
 * power of ten, the smallest such step of at least span / count. */
double bwx_svg_nice_step(double span, int count);

/* Axes with about 'ticks' ticks each, at round values (bwx_svg_nice_step)
 * inside the data range; labels formatted by the callbacks (NULL: plain
 * numbers); axis titles with units. */
typedef void (*bwx_svg_format)(char *buf, size_t size, double value, const void *arg);
void bwx_svg_axes(bwx_svg *svg, int x_ticks, int y_ticks, bwx_svg_format x_format,
                  const void *x_arg, bwx_svg_format y_format, const void *y_arg,
                  const char *x_title, const char *y_title);

/* A polyline through (xs[i], ys[i]); 'tooltip' labels it. */
void bwx_svg_line(bwx_svg *svg, const double *xs, const double *ys, int n, const char *color,
                  double stroke, const char *dash, const char *tooltip);

/* The band between lows and highs. */
void bwx_svg_band(bwx_svg *svg, const double *xs, const double *lows, const double *highs, int n,
                  const char *color, double opacity, const char *tooltip);

/* A rectangle in data coordinates with a tooltip. */
void bwx_svg_rect(bwx_svg *svg, double x0, double y0, double x1, double y1, const char *color,
                  const char *tooltip);

/* A marker (circle) at a point, with a tooltip. */
void bwx_svg_point(bwx_svg *svg, double x, double y, const char *color, const char *tooltip);

/* A round tick step for 'span' months in about 'count' steps: 1, 2, 3, 6
 * or 12 months or whole years, so that ticks can sit on quarters and years. */
double bwx_svg_month_step(double span, int count);

/* A vertical or horizontal reference line with a label. */
void bwx_svg_vline(bwx_svg *svg, double x, const char *color, const char *label);
/* A vertical line with a short 'label' (NULL: none) and a longer tooltip;
 * the label sits on text row 'row' from the top, or just above the x axis
 * when 'row' < 0, and turns left near the right edge so that it stays in. */
void bwx_svg_vline_label(bwx_svg *svg, double x, const char *color, const char *label,
                         const char *tooltip, int row);
void bwx_svg_hline(bwx_svg *svg, double y, const char *color, const char *label);

/* A legend entry (swatch + escaped text), stacked top-right. */
void bwx_svg_legend(bwx_svg *svg, int index, const char *color, const char *text);

#endif

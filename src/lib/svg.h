/*
 * svg.h (private): small inline-SVG charts for the HTML report: a plot
 * area with axes, ticks and labels in data coordinates, and the marks the
 * report needs. Colours come from the Okabe-Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies.
 */
#ifndef BANDWISE_SVG_H
#define BANDWISE_SVG_H

#include <stdio.h>

extern const char *const bw_svg_palette[8];

/* Write 'text' with &, <, >, " and ' escaped. */
void bw_html_escape(FILE *out, const char *text);

typedef struct {
	FILE *out;
	double width, height;          /* viewBox size */
	double left, right, top, bottom; /* margins */
	double x0, x1, y0, y1;          /* data ranges */
} bw_svg;

/* Open an <svg> with a <title> and an aria description. */
void bw_svg_begin(bw_svg *svg, FILE *out, double width, double height, double x0, double x1,
		  double y0, double y1, const char *title, const char *description);
void bw_svg_end(bw_svg *svg);

double bw_svg_x(const bw_svg *svg, double x);
double bw_svg_y(const bw_svg *svg, double y);

/* Axes with 'ticks' ticks each; labels formatted by the callbacks (NULL:
 * plain numbers); axis titles with units. */
typedef void (*bw_svg_format)(char *buf, size_t size, double value, const void *arg);
void bw_svg_axes(bw_svg *svg, int x_ticks, int y_ticks, bw_svg_format x_format, const void *x_arg,
		 bw_svg_format y_format, const void *y_arg, const char *x_title, const char *y_title);

/* A polyline through (xs[i], ys[i]); 'tooltip' labels it. */
void bw_svg_line(bw_svg *svg, const double *xs, const double *ys, int n, const char *color,
		 double stroke, const char *dash, const char *tooltip);

/* The band between lows and highs. */
void bw_svg_band(bw_svg *svg, const double *xs, const double *lows, const double *highs, int n,
		 const char *color, double opacity, const char *tooltip);

/* A rectangle in data coordinates with a tooltip. */
void bw_svg_rect(bw_svg *svg, double x0, double y0, double x1, double y1, const char *color,
		 const char *tooltip);

/* A marker (circle) at a point, with a tooltip. */
void bw_svg_point(bw_svg *svg, double x, double y, const char *color, const char *tooltip);

/* A vertical or horizontal reference line with a label. */
void bw_svg_vline(bw_svg *svg, double x, const char *color, const char *label);
void bw_svg_hline(bw_svg *svg, double y, const char *color, const char *label);

/* A legend entry (swatch + escaped text), stacked top-right. */
void bw_svg_legend(bw_svg *svg, int index, const char *color, const char *text);

#endif

/*
 * table.h (private): aligned terminal tables and number formatting for
 * the report module.
 */
#ifndef BANDWISE_TABLE_H
#define BANDWISE_TABLE_H

#include <stdio.h>

typedef enum { BW_ALIGN_LEFT, BW_ALIGN_RIGHT } bw_align;

typedef struct bw_table bw_table;

/* A table of 'columns' columns; NULL when out of memory. */
bw_table *bw_table_new(int columns);
void bw_table_free(bw_table *table);

/* Set the header text and alignment of column 'col'. */
void bw_table_header(bw_table *table, int col, const char *title, bw_align align);

/* Start a new row; 'emphasis' renders it bold when colour is on. */
int bw_table_row(bw_table *table, int emphasis);

/* Set a cell of the current row (printf-style). Returns 0 or BW_ERROR. */
int bw_table_cell(bw_table *table, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Start a separator line before the next row (e.g. above a total). */
void bw_table_rule(bw_table *table);

/* Print with columns padded to their widest cell (UTF-8 aware for
 * width). Colour adds bold headers and emphasised rows. */
void bw_table_print(const bw_table *table, FILE *out, int color);

/* "1,234,568" from 1234567.8 with 'decimals' digits after the point. */
void bw_format_number(char *buf, size_t size, double value, int decimals);

/* "$1,234,568" (whole dollars from 1,000 up, cents below). */
void bw_format_usd(char *buf, size_t size, double usd);

/* "12.3%" from 0.123. */
void bw_format_percent(char *buf, size_t size, double fraction, int decimals);

/* "1.23M" / "45.6K" / "789" token counts. */
void bw_format_tokens(char *buf, size_t size, double tokens);

/* "YYYY-MM" 'offset' months after 'first' ("2026-11" + 2 = "2027-01");
 * "month N" (N = offset + 1) when 'first' is NULL or malformed. */
void bw_format_month(char *buf, size_t size, const char *first, int offset);

#endif

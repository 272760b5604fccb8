/*
 * table.h (private): aligned terminal tables and number formatting for
 * the report module.
 */
#ifndef BANDWISE_TABLE_H
#define BANDWISE_TABLE_H

#include <stdio.h>

typedef enum { BWX_ALIGN_LEFT, BWX_ALIGN_RIGHT } bw_align;

typedef struct bwx_table bwx_table;

/* A table of 'columns' columns; NULL when out of memory. */
bwx_table *bwx_table_new(int columns);
void bwx_table_free(bwx_table *table);

/* Set the header text and alignment of column 'col'. */
void bwx_table_header(bwx_table *table, int col, const char *title, bw_align align);

/* Start a new row; 'emphasis' renders it bold when colour is on. */
int bwx_table_row(bwx_table *table, int emphasis);

/* Set a cell of the current row (printf-style). Returns 0 or BW_ERROR. */
int bwx_table_cell(bwx_table *table, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Start a separator line before the next row (e.g. above a total). */
void bwx_table_rule(bwx_table *table);

/* Print with columns padded to their widest cell (UTF-8 aware for
 * width). Colour adds bold headers and emphasised rows. */
void bwx_table_print(const bwx_table *table, FILE *out, int color);

/* "1,234,568" from 1234567.8 with 'decimals' digits after the point. */
void bwx_format_number(char *buf, size_t size, double value, int decimals);

/* "$1,234,568" (whole dollars from 1,000 up, cents below). */
void bwx_format_usd(char *buf, size_t size, double usd);

/* "12.3%" from 0.123. */
void bwx_format_percent(char *buf, size_t size, double fraction, int decimals);

/* "1.23M" / "45.6K" / "789" token counts. */
void bwx_format_tokens(char *buf, size_t size, double tokens);

/* "YYYY-MM" 'offset' months after 'first' ("2026-11" + 2 = "2027-01");
 * "month N" (N = offset + 1) when 'first' is NULL or malformed. */
void bwx_format_month(char *buf, size_t size, const char *first, int offset);

#endif

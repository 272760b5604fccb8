/*
 * table.c: aligned terminal tables and human number formatting.
 */
#include "table.h"
#include "date.h"
#include "vec.h"
#include "visible.h"

#include "bandwise/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char **cells;
	int emphasis;
	int rule_above;
} table_row;

struct bwx_table {
	int columns;
	char **titles;
	bw_align *aligns;
	table_row *rows;
	size_t row_count, row_capacity;
	int pending_rule;
};

bwx_table *bwx_table_new(int columns)
{
	bwx_table *table = calloc(1, sizeof(*table));
	if (table == NULL)
		return NULL;
	table->columns = columns;
	table->titles = calloc((size_t)columns, sizeof(*table->titles));
	table->aligns = calloc((size_t)columns, sizeof(*table->aligns));
	if (table->titles == NULL || table->aligns == NULL) {
		bwx_table_free(table);
		return NULL;
	}
	return table;
}

void bwx_table_free(bwx_table *table)
{
	if (table == NULL)
		return;
	for (size_t r = 0; r < table->row_count; r++) {
		for (int c = 0; c < table->columns; c++)
			free(table->rows[r].cells[c]);
		free(table->rows[r].cells);
	}
	free(table->rows);
	for (int c = 0; c < table->columns && table->titles; c++)
		free(table->titles[c]);
	free(table->titles);
	free(table->aligns);
	free(table);
}

void bwx_table_header(bwx_table *table, int col, const char *title, bw_align align)
{
	free(table->titles[col]);
	table->titles[col] = strdup(title);
	table->aligns[col] = align;
}

int bwx_table_row(bwx_table *table, int emphasis)
{
	int error = bwx_vec_grow((void **)&table->rows, &table->row_capacity, table->row_count,
	                         sizeof(*table->rows));
	if (error < 0)
		return error;
	table_row *row = &table->rows[table->row_count];
	if ((row->cells = calloc((size_t)table->columns, sizeof(*row->cells))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory for a table");
	row->emphasis = emphasis;
	row->rule_above = table->pending_rule;
	table->pending_rule = 0;
	table->row_count++;
	return 0;
}

int bwx_table_cell(bwx_table *table, int col, const char *fmt, ...)
{
	va_list ap;
	char buf[512], shown[1024];

	if (table->row_count == 0 || col < 0 || col >= table->columns)
		return bw_error_set(BW_ERROR, "table cell %d outside the table", col);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Cells hold names from the user's files: a control character in one
	 * would reach the terminal raw, so it is shown as \xHH. */
	bwx_visible(shown, sizeof(shown), buf, 0);
	char **cell = &table->rows[table->row_count - 1].cells[col];
	free(*cell);
	if ((*cell = strdup(shown)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory for a table");
	return 0;
}

void bwx_table_rule(bwx_table *table)
{
	table->pending_rule = 1;
}

/* Display width of UTF-8 text: one column per code point (the reports
 * print no wide characters). */
static size_t display_width(const char *text)
{
	size_t width = 0;
	for (const unsigned char *p = (const unsigned char *)text; p && *p; p++)
		if ((*p & 0xC0) != 0x80)
			width++;
	return width;
}

static void print_padded(FILE *out, const char *text, size_t width, bw_align align)
{
	size_t pad = width - display_width(text);
	if (align == BWX_ALIGN_RIGHT)
		fprintf(out, "%*s%s", (int)pad, "", text);
	else
		fprintf(out, "%s%*s", text, (int)pad, "");
}

void bwx_table_print(const bwx_table *table, FILE *out, int color)
{
	size_t *widths = calloc((size_t)table->columns, sizeof(*widths));
	size_t total = 0;

	if (widths == NULL)
		return;
	for (int c = 0; c < table->columns; c++) {
		widths[c] = display_width(table->titles[c] ? table->titles[c] : "");
		for (size_t r = 0; r < table->row_count; r++) {
			size_t w =
			    display_width(table->rows[r].cells[c] ? table->rows[r].cells[c] : "");
			if (w > widths[c])
				widths[c] = w;
		}
		total += widths[c] + (c ? 2 : 0);
	}
	if (color)
		fputs("\033[1m", out);
	for (int c = 0; c < table->columns; c++) {
		if (c)
			fputs("  ", out);
		print_padded(out, table->titles[c] ? table->titles[c] : "", widths[c],
		             table->aligns[c]);
	}
	if (color)
		fputs("\033[0m", out);
	fputc('\n', out);
	for (size_t i = 0; i < total; i++)
		fputs("─", out);
	fputc('\n', out);
	for (size_t r = 0; r < table->row_count; r++) {
		const table_row *row = &table->rows[r];
		if (row->rule_above) {
			for (size_t i = 0; i < total; i++)
				fputs("─", out);
			fputc('\n', out);
		}
		if (color && row->emphasis)
			fputs("\033[1m", out);
		for (int c = 0; c < table->columns; c++) {
			if (c)
				fputs("  ", out);
			print_padded(out, row->cells[c] ? row->cells[c] : "", widths[c],
			             table->aligns[c]);
		}
		if (color && row->emphasis)
			fputs("\033[0m", out);
		fputc('\n', out);
	}
	free(widths);
}

void bwx_format_number(char *buf, size_t size, double value, int decimals)
{
	char digits[64], *dot;
	size_t int_len, out = 0;
	int negative;

	if (!isfinite(value)) {
		snprintf(buf, size, "%s", isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf"));
		return;
	}
	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(value));
	/* Avoid "-0" for values that round to zero. */
	negative = value < 0 && strspn(digits, "0.") != strlen(digits);
	dot = strchr(digits, '.');
	int_len = dot ? (size_t)(dot - digits) : strlen(digits);
	if (negative && out + 1 < size)
		buf[out++] = '-';
	for (size_t i = 0; i < int_len && out + 1 < size; i++) {
		if (i > 0 && (int_len - i) % 3 == 0 && out + 1 < size)
			buf[out++] = ',';
		if (out + 1 < size)
			buf[out++] = digits[i];
	}
	for (const char *p = dot; p && *p && out + 1 < size; p++)
		buf[out++] = *p;
	buf[out] = '\0';
}

void bwx_format_usd(char *buf, size_t size, double usd)
{
	char number[64];
	bwx_format_number(number, sizeof(number), usd, fabs(usd) >= 1000 ? 0 : 2);
	if (number[0] == '-')
		snprintf(buf, size, "-$%s", number + 1);
	else
		snprintf(buf, size, "$%s", number);
}

void bwx_format_percent(char *buf, size_t size, double fraction, int decimals)
{
	if (!isfinite(fraction))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.*f%%", decimals, fraction * 100.0);
}

void bwx_format_tokens(char *buf, size_t size, double tokens)
{
	double a = fabs(tokens);
	if (a >= 1e12)
		snprintf(buf, size, "%.2fT", tokens / 1e12);
	else if (a >= 1e9)
		snprintf(buf, size, "%.2fB", tokens / 1e9);
	else if (a >= 1e6)
		snprintf(buf, size, "%.2fM", tokens / 1e6);
	else if (a >= 1e3)
		snprintf(buf, size, "%.1fK", tokens / 1e3);
	else
		snprintf(buf, size, "%.0f", tokens);
}

void bwx_format_month(char *buf, size_t size, const char *first, int offset)
{
	int index;
	char label[BWX_MONTH_SIZE];
	if (bwx_month_scan(first, &index, NULL) < 0) {
		snprintf(buf, size, "month %d", offset + 1);
		return;
	}
	bwx_month_format(index + offset, label);
	snprintf(buf, size, "%s", label);
}

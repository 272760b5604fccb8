/*
 * paths.c: the path matrix, its quantiles, and the --paths CSV reader.
 */
#include "bandwise/forecast.h"

#include "bandwise/error.h"
#include "fileio.h"
#include "vec.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bw_paths_new(bw_paths **out, size_t path_count, int months)
{
	bw_paths *paths;

	*out = NULL;
	if (path_count == 0 || months <= 0)
		return bw_error_set(BW_ERANGE, "a forecast needs at least one path and one month");
	if ((size_t)months > SIZE_MAX / sizeof(double) / path_count)
		return bw_error_set(BW_ERANGE, "%zu paths x %d months is too large", path_count, months);
	if ((paths = calloc(1, sizeof(*paths))) == NULL ||
	    (paths->list_usd = calloc(path_count * (size_t)months, sizeof(double))) == NULL) {
		free(paths);
		return bw_error_set(BW_ERROR, "out of memory for %zu paths x %d months", path_count,
				    months);
	}
	paths->path_count = path_count;
	paths->months = months;
	*out = paths;
	return 0;
}

void bw_paths_free(bw_paths *paths)
{
	if (paths == NULL)
		return;
	free(paths->list_usd);
	free(paths->price_index);
	free(paths);
}

int bw_paths_at_locked_prices(const bw_paths *paths, bw_paths **out)
{
	size_t cells = paths->path_count * (size_t)paths->months;
	int error;

	if ((error = bw_paths_new(out, paths->path_count, paths->months)) < 0)
		return error;
	for (size_t i = 0; i < cells; i++)
		(*out)->list_usd[i] = paths->price_index ? paths->list_usd[i] / paths->price_index[i]
							 : paths->list_usd[i];
	return 0;
}

static int double_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sort 'values' and write their quantiles; frees 'values'. */
static int quantiles_of(double *values, size_t n, const double *probs, size_t count, double *out)
{
	qsort(values, n, sizeof(*values), double_compare);
	for (size_t i = 0; i < count; i++) {
		/* Linear interpolation between order statistics (Hyndman and
		 * Fan type 7, the default of R and numpy). */
		double h = (double)(n - 1) * probs[i];
		size_t lo = (size_t)floor(h);
		size_t hi = lo + 1 < n ? lo + 1 : lo;
		out[i] = values[lo] + (h - (double)lo) * (values[hi] - values[lo]);
	}
	free(values);
	return 0;
}

int bw_paths_month_quantiles(const bw_paths *paths, int month, const double *probs,
			     size_t count, double *out)
{
	size_t n = paths->path_count;
	double *values = malloc(n * sizeof(*values));

	if (values == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t p = 0; p < n; p++)
		values[p] = paths->list_usd[p * (size_t)paths->months + (size_t)month];
	return quantiles_of(values, n, probs, count, out);
}

int bw_paths_total_quantiles(const bw_paths *paths, int months, const double *probs,
			     size_t count, double *out, double *out_mean)
{
	size_t n = paths->path_count;
	double *values = malloc(n * sizeof(*values)), sum = 0;

	if (values == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t p = 0; p < n; p++) {
		const double *row = paths->list_usd + p * (size_t)paths->months;
		values[p] = 0;
		for (int m = 0; m < months && m < paths->months; m++)
			values[p] += row[m];
		sum += values[p];
	}
	if (out_mean)
		*out_mean = sum / (double)n;
	return quantiles_of(values, n, probs, count, out);
}

double bw_paths_month_mean(const bw_paths *paths, int month)
{
	double sum = 0;
	for (size_t p = 0; p < paths->path_count; p++)
		sum += paths->list_usd[p * (size_t)paths->months + (size_t)month];
	return sum / (double)paths->path_count;
}

/* --- CSV ------------------------------------------------------------------- */

typedef struct {
	long path, month;
	double usd;
} csv_cell;

/* One field of the line at 'p' (up to ',' or the end), into 'buf'. */
static const char *next_field(const char *p, char *buf, size_t size, int *too_long)
{
	size_t n = strcspn(p, ",");
	*too_long = n >= size;
	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
	return p[n] == ',' ? p + n + 1 : p + n;
}

static int parse_whole(const char *text, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end != '\0' || v < 1 || v > 10000000)
		return -1;
	*out = v;
	return 0;
}

int bw_paths_read_csv(bw_paths **out, const char *file)
{
	char *text = NULL, *line, *next;
	csv_cell *cells = NULL;
	size_t count = 0, capacity = 0, len;
	long max_path = 0, max_month = 0;
	unsigned char *seen = NULL;
	bw_paths *paths = NULL;
	int error = 0, line_no = 0;

	*out = NULL;
	if ((error = bwx_file_read(file, &text, &len)) < 0)
		return error;
	for (line = text; line && *line; line = next) {
		char field[64];
		int too_long;
		const char *p, *starts[3];
		csv_cell cell;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line_no++;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (line_no == 1) {
			if (strcmp(line, "path,month,list_usd") != 0) {
				error = bw_error_set(BW_EPARSE, "%s:1:1: expected the header 'path,month,list_usd', got '%.60s'", file, line);
				goto done;
			}
			continue;
		}
		if (n == 0)
			continue;
		p = line;
		starts[0] = p;
		p = next_field(p, field, sizeof(field), &too_long);
		if (too_long || parse_whole(field, &cell.path) < 0) {
			error = bw_error_set(BW_EPARSE, "%s:%d:1: expected a path number >= 1, got '%s'", file, line_no, field);
			goto done;
		}
		starts[1] = p;
		p = next_field(p, field, sizeof(field), &too_long);
		if (too_long || parse_whole(field, &cell.month) < 0 || cell.month > 1200) {
			error = bw_error_set(BW_EPARSE, "%s:%d:%d: expected a month number from 1 to 1200, got '%s'", file, line_no, (int)(starts[1] - line) + 1, field);
			goto done;
		}
		starts[2] = p;
		if (strchr(p, ',') != NULL) {
			error = bw_error_set(BW_EPARSE, "%s:%d:%d: expected three fields (path,month,list_usd), found more", file, line_no, (int)(strchr(p, ',') - line) + 1);
			goto done;
		}
		char *end;
		errno = 0;
		cell.usd = strtod(p, &end);
		if (errno || end == p || *end != '\0' || !isfinite(cell.usd) || cell.usd < 0) {
			error = bw_error_set(BW_EPARSE, "%s:%d:%d: expected list_usd, a number >= 0, got '%.40s'", file, line_no, (int)(starts[2] - line) + 1, p);
			goto done;
		}
		if ((error = bwx_vec_grow((void **)&cells, &capacity, count, sizeof(*cells))) < 0)
			goto done;
		cells[count++] = cell;
		if (cell.path > max_path)
			max_path = cell.path;
		if (cell.month > max_month)
			max_month = cell.month;
		(void)starts[0];
	}
	if (count == 0) {
		error = bw_error_set(BW_EPARSE, "%s:%d:1: expected at least one row after the header", file, line_no + 1);
		goto done;
	}
	if ((error = bw_paths_new(&paths, (size_t)max_path, (int)max_month)) < 0)
		goto done;
	if ((seen = calloc((size_t)max_path * (size_t)max_month, 1)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		size_t at = (size_t)(cells[i].path - 1) * (size_t)max_month + (size_t)(cells[i].month - 1);
		if (seen[at]) {
			error = bw_error_set(BW_EPARSE, "%s:%zu:1: path %ld month %ld appears twice", file, i + 2, cells[i].path, cells[i].month);
			goto done;
		}
		seen[at] = 1;
		paths->list_usd[at] = cells[i].usd;
	}
	for (size_t at = 0; at < (size_t)max_path * (size_t)max_month; at++) {
		if (!seen[at]) {
			error = bw_error_set(BW_EPARSE, "%s: path %zu month %zu is missing: expected every path 1..%ld to have every month 1..%ld", file, at / (size_t)max_month + 1, at % (size_t)max_month + 1, max_path, max_month);
			goto done;
		}
	}
	*out = paths;
	paths = NULL;
done:
	bw_paths_free(paths);
	free(seen);
	free(cells);
	free(text);
	return error;
}

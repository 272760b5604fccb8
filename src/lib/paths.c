/*
 * paths.c: the path matrix, its quantiles, and the --paths CSV reader.
 */
#include "bandwise/forecast.h"

#include "bandwise/error.h"
#include "csv.h"
#include "dsort.h"
#include "stream.h"
#include "strparse.h"
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
		return bw_error_set(BW_ERANGE, "%zu paths x %d months is too large", path_count,
		                    months);
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
		(*out)->list_usd[i] = paths->price_index
		                          ? paths->list_usd[i] / paths->price_index[i]
		                          : paths->list_usd[i];
	return 0;
}

int bw_paths_at_capped_prices(const bw_paths *paths, bw_paths **out)
{
	size_t cells = paths->path_count * (size_t)paths->months;
	int error;

	if ((error = bw_paths_new(out, paths->path_count, paths->months)) < 0)
		return error;
	/* A rise (index > 1) is taken back to signing prices; a cut stays. */
	for (size_t i = 0; i < cells; i++)
		(*out)->list_usd[i] = paths->price_index && paths->price_index[i] > 1
		                          ? paths->list_usd[i] / paths->price_index[i]
		                          : paths->list_usd[i];
	return 0;
}

/* Sort 'values' and write their quantiles; frees 'values'. */
static int quantiles_of(double *values, size_t n, const double *probs, size_t count, double *out)
{
	(void)bwx_dsort(values, n); /* the same order as qsort, faster (dsort.h) */
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

int bw_paths_month_quantiles(const bw_paths *paths, int month, const double *probs, size_t count,
                             double *out)
{
	size_t n = paths->path_count;
	double *values = malloc(n * sizeof(*values));

	if (values == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t p = 0; p < n; p++)
		values[p] = paths->list_usd[p * (size_t)paths->months + (size_t)month];
	return quantiles_of(values, n, probs, count, out);
}

int bw_paths_total_quantiles(const bw_paths *paths, int months, const double *probs, size_t count,
                             double *out, double *out_mean)
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

/* Fields longer than this are refused before they are parsed. */
#define FIELD_MAX 63

/* A whole number from 1 to 'max' (strict: bwx_parse_int64). */
static int parse_whole(const char *text, long max, long *out)
{
	int64_t v;
	if (strlen(text) > FIELD_MAX || bwx_parse_int64_range(text, 1, max, &v, NULL) < 0)
		return -1;
	*out = (long)v;
	return 0;
}

int bw_paths_read_csv(bw_paths **out, const char *file)
{
	bwx_stream *stream = NULL;
	bwx_csv *csv = NULL;
	bwx_csv_fields split = BWX_CSV_FIELDS_INIT;
	char *line;
	csv_cell *cells = NULL;
	size_t count = 0, capacity = 0, n;
	long max_path = 0, max_month = 0;
	unsigned char *seen = NULL;
	bw_paths *paths = NULL;
	int error = 0, line_no = 0, got;

	*out = NULL;
	if ((error = bwx_stream_open(&stream, file)) < 0)
		return error;
	if ((error = bwx_csv_open(&csv, stream, file, 0)) < 0)
		goto done;
	while ((got = bwx_csv_record(csv, &line, &n)) == 1) {
		csv_cell cell;

		line_no = (int)bwx_csv_line_number(csv);
		if (line_no == 1) {
			if (strcmp(line, "path,month,list_usd") != 0) {
				error = bw_error_set(BW_EPARSE,
				                     "%s:1:1: expected the header "
				                     "'path,month,list_usd', got '%.60s'",
				                     file, line);
				goto done;
			}
			continue;
		}
		if (n == 0)
			continue;
		if ((got = bwx_csv_split(line, &split)) < 0 && got != BW_EPARSE) {
			error = got;
			goto done;
		}
		/* A missing field reads as empty, at the end of the line. */
		const char *field[3];
		int column[3];
		for (int i = 0; i < 3; i++) {
			field[i] = (size_t)i < split.count ? split.items[i] : "";
			column[i] =
			    (size_t)i < split.count ? (int)(split.items[i] - line) + 1 : (int)n + 1;
		}
		if (got == BW_EPARSE) {
			error =
			    bw_error_set(BW_EPARSE, "%s:%d:%d: a quoted field that never closes",
			                 file, line_no, column[split.count - 1]);
			goto done;
		}
		if (parse_whole(field[0], 10000000, &cell.path) < 0) {
			error = bw_error_set(BW_EPARSE,
			                     "%s:%d:1: expected a path number >= 1, got '%.63s'",
			                     file, line_no, field[0]);
			goto done;
		}
		if (parse_whole(field[1], 1200, &cell.month) < 0) {
			error = bw_error_set(
			    BW_EPARSE,
			    "%s:%d:%d: expected a month number from 1 to 1200, got '%.63s'", file,
			    line_no, column[1], field[1]);
			goto done;
		}
		if (split.count > 3) {
			error = bw_error_set(
			    BW_EPARSE,
			    "%s:%d:%d: expected three fields (path,month,list_usd), found more",
			    file, line_no, (int)(split.items[3] - line));
			goto done;
		}
		if (bwx_parse_double(field[2], &cell.usd, NULL) < 0 || cell.usd < 0) {
			error = bw_error_set(
			    BW_EPARSE, "%s:%d:%d: expected list_usd, a number >= 0, got '%.40s'",
			    file, line_no, column[2], field[2]);
			goto done;
		}
		if ((error = bwx_vec_grow((void **)&cells, &capacity, count, sizeof(*cells))) < 0)
			goto done;
		cells[count++] = cell;
		if (cell.path > max_path)
			max_path = cell.path;
		if (cell.month > max_month)
			max_month = cell.month;
	}
	if (got < 0) {
		error = got;
		goto done;
	}
	line_no = (int)bwx_stream_line_number(stream);
	if (count == 0) {
		error =
		    bw_error_set(BW_EPARSE, "%s:%d:1: expected at least one row after the header",
		                 file, line_no + 1);
		goto done;
	}
	if ((error = bw_paths_new(&paths, (size_t)max_path, (int)max_month)) < 0)
		goto done;
	if ((seen = calloc((size_t)max_path * (size_t)max_month, 1)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		size_t at =
		    (size_t)(cells[i].path - 1) * (size_t)max_month + (size_t)(cells[i].month - 1);
		if (seen[at]) {
			error =
			    bw_error_set(BW_EPARSE, "%s:%zu:1: path %ld month %ld appears twice",
			                 file, i + 2, cells[i].path, cells[i].month);
			goto done;
		}
		seen[at] = 1;
		paths->list_usd[at] = cells[i].usd;
	}
	for (size_t at = 0; at < (size_t)max_path * (size_t)max_month; at++) {
		if (!seen[at]) {
			error = bw_error_set(BW_EPARSE,
			                     "%s: path %zu month %zu is missing: expected every "
			                     "path 1..%ld to have every month 1..%ld",
			                     file, at / (size_t)max_month + 1,
			                     at % (size_t)max_month + 1, max_path, max_month);
			goto done;
		}
	}
	*out = paths;
	paths = NULL;
done:
	bw_paths_free(paths);
	free(seen);
	free(cells);
	bwx_csv_fields_clear(&split);
	bwx_csv_close(csv);
	bwx_stream_close(stream);
	return error;
}

/*
 * peers.c: the peer table, its fit, and where an offer sits in it.
 */
#include "bandwise/peers.h"

#include "bandwise/error.h"
#include "csv.h"
#include "fileio.h"
#include "stream.h"
#include "strparse.h"
#include "vec.h"

#include <errno.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_COMMIT, COL_TERM, COL_DISCOUNT, COL_OVERAGE, COL_ROLLOVER, COL_COUNT };
static const char *const column_names[COL_COUNT] = {"commit_usd", "term_months", "discount",
                                                    "overage", "rollover"};

/* A finite decimal, strictly (bwx_parse_double: no hex, spaces or junk). */
static int parse_number(const char *text, double *out)
{
	return bwx_parse_double(text, out, NULL) < 0 ? -1 : 0;
}

int bw_peers_read_csv(bw_peers **out, const char *path)
{
	bwx_stream *stream = NULL;
	bwx_csv *csv = NULL;
	bwx_csv_fields split = BWX_CSV_FIELDS_INIT;
	bw_peers *peers = NULL;
	int map[COL_COUNT] = {-1, -1, -1, -1, -1}, header_seen = 0, width = 0, line_no = 0, error,
	    got;
	size_t capacity = 0, n;
	char *line;

	*out = NULL;
	if ((error = bwx_stream_open(&stream, path)) < 0)
		return error;
	bwx_stream_limit_size(stream, BWX_CONFIG_MAX_BYTES); /* a peers file is small */
	if ((error = bwx_csv_open(&csv, stream, path, BWX_CSV_COMMENTS)) < 0)
		goto done;
	if ((peers = calloc(1, sizeof(*peers))) == NULL || (peers->origin = strdup(path)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	while ((got = bwx_csv_record(csv, &line, &n)) == 1) {
		line_no = (int)bwx_csv_line_number(csv);
		if (n == 0)
			continue;
		if (line[0] == '#') {
			if (!header_seen && strstr(line, "SYNTHETIC") != NULL)
				peers->synthetic = 1;
			continue;
		}
		if ((got = bwx_csv_split(line, &split)) == BW_EPARSE) {
			error = bw_error_set(BW_EPARSE, "%s:%d:1: a quoted field that never closes",
			                     path, line_no);
			goto done;
		}
		if (got < 0) {
			error = got;
			goto done;
		}
		int count = got;
		char **fields = split.items;
/* The 1-based byte column where field f starts. */
#define columns(f) ((int)(fields[f] - line) + 1)
		if (!header_seen) {
			for (int f = 0; f < count && f < COL_COUNT; f++) {
				int c = 0;
				while (c < COL_COUNT && strcmp(fields[f], column_names[c]) != 0)
					c++;
				if (c == COL_COUNT || map[c] >= 0) {
					error =
					    bw_error_set(BW_EPARSE,
					                 "%s:%d:%d: expected a column name "
					                 "(commit_usd, term_months, discount, "
					                 "overage, rollover), each once, got '%s'",
					                 path, line_no, columns(f), fields[f]);
					goto done;
				}
				map[c] = f;
			}
			if (count > COL_COUNT || map[COL_COMMIT] < 0 || map[COL_TERM] < 0 ||
			    map[COL_DISCOUNT] < 0) {
				error = bw_error_set(
				    BW_EPARSE,
				    "%s:%d:1: expected a header with commit_usd, term_months and "
				    "discount (overage and rollover optional)",
				    path, line_no);
				goto done;
			}
			width = count;
			header_seen = 1;
			continue;
		}
		if (count != width) {
			error = bw_error_set(BW_EPARSE,
			                     "%s:%d:1: expected %d fields like the header, got %d",
			                     path, line_no, width, count);
			goto done;
		}
		bw_peer_deal deal = {0, 0, 0, -1, -1};
		double v;
		int f = map[COL_COMMIT];
		if (parse_number(fields[f], &v) < 0 || !(v > 0)) {
			error = bw_error_set(
			    BW_EPARSE, "%s:%d:%d: expected commit_usd, an amount > 0, got '%s'",
			    path, line_no, columns(f), fields[f]);
			goto done;
		}
		deal.commit_usd = v;
		f = map[COL_TERM];
		if (parse_number(fields[f], &v) < 0 || v < 1 || v > 120 || v != floor(v)) {
			error = bw_error_set(BW_EPARSE,
			                     "%s:%d:%d: expected term_months, a whole number from "
			                     "1 to 120, got '%s'",
			                     path, line_no, columns(f), fields[f]);
			goto done;
		}
		deal.term_months = (int)v;
		f = map[COL_DISCOUNT];
		if (parse_number(fields[f], &v) < 0 || !(v >= 0 && v < 1)) {
			error = bw_error_set(
			    BW_EPARSE,
			    "%s:%d:%d: expected discount, a fraction from 0 to below 1, got '%s'",
			    path, line_no, columns(f), fields[f]);
			goto done;
		}
		deal.discount = v;
		if ((f = map[COL_OVERAGE]) >= 0 && fields[f][0] != '\0') {
			if (strcmp(fields[f], "list") == 0)
				deal.overage_committed = 0;
			else if (strcmp(fields[f], "committed") == 0)
				deal.overage_committed = 1;
			else {
				error = bw_error_set(BW_EPARSE,
				                     "%s:%d:%d: expected overage 'list' or "
				                     "'committed' (or empty), got '%s'",
				                     path, line_no, columns(f), fields[f]);
				goto done;
			}
		}
		if ((f = map[COL_ROLLOVER]) >= 0 && fields[f][0] != '\0') {
			if (parse_number(fields[f], &v) < 0 || !(v >= 0 && v <= 1)) {
				error = bw_error_set(BW_EPARSE,
				                     "%s:%d:%d: expected rollover, a share from 0 "
				                     "to 1 (or empty), got '%s'",
				                     path, line_no, columns(f), fields[f]);
				goto done;
			}
			deal.rollover = v;
		}
		if ((error = bwx_vec_grow((void **)&peers->deals, &capacity, peers->count,
		                          sizeof(*peers->deals))) < 0)
			goto done;
		peers->deals[peers->count++] = deal;
#undef columns
	}
	if (got < 0) {
		error = got;
		goto done;
	}
	line_no = (int)bwx_stream_line_number(stream);
	if (peers->count < 4) {
		error = bw_error_set(BW_EPARSE,
		                     "%s:%d:1: expected at least 4 deals to fit against, found %zu",
		                     path, line_no + 1, peers->count);
		goto done;
	}
	*out = peers;
	peers = NULL;
done:
	bw_peers_free(peers);
	bwx_csv_fields_clear(&split);
	bwx_csv_close(csv);
	bwx_stream_close(stream);
	return error;
}

void bw_peers_free(bw_peers *peers)
{
	if (peers == NULL)
		return;
	free(peers->deals);
	free(peers->origin);
	free(peers);
}

int bw_peers_fit_model(const bw_peers *peers, bw_peers_fit *out)
{
	size_t n = peers->count, k;
	gsl_matrix *x = NULL, *cov = NULL;
	gsl_vector *y = NULL, *c = NULL;
	gsl_multifit_linear_workspace *work = NULL;
	double chisq, mean = 0, tss = 0;
	int error = 0, term_varies = 0, size_varies = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 1; i < n; i++) {
		term_varies |= peers->deals[i].term_months != peers->deals[0].term_months;
		size_varies |= peers->deals[i].commit_usd != peers->deals[0].commit_usd;
	}
	if (n < 4 || !size_varies)
		return bw_error_set(BW_EUSAGE,
		                    "%s: a fit needs at least 4 deals of different sizes",
		                    peers->origin);
	/* With one term only, its column would make the design singular. */
	k = term_varies ? 3 : 2;
	x = gsl_matrix_alloc(n, k);
	y = gsl_vector_alloc(n);
	c = gsl_vector_alloc(k);
	cov = gsl_matrix_alloc(k, k);
	work = gsl_multifit_linear_alloc(n, k);
	if (!x || !y || !c || !cov || !work) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		gsl_matrix_set(x, i, 0, 1.0);
		gsl_matrix_set(x, i, 1, log(peers->deals[i].commit_usd));
		if (k == 3)
			gsl_matrix_set(x, i, 2, peers->deals[i].term_months / 12.0);
		gsl_vector_set(y, i, peers->deals[i].discount);
		mean += peers->deals[i].discount / (double)n;
	}
	if (gsl_multifit_linear(x, y, c, cov, &chisq, work) != 0) {
		error = bw_error_set(BW_ERROR, "%s: the least-squares fit failed", peers->origin);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		tss += (peers->deals[i].discount - mean) * (peers->deals[i].discount - mean);
	out->intercept = gsl_vector_get(c, 0);
	out->slope_log_commit = gsl_vector_get(c, 1);
	out->slope_term_years = k == 3 ? gsl_vector_get(c, 2) : 0;
	out->term_used = k == 3;
	out->r_squared = tss > 0 ? 1 - chisq / tss : 1;
	out->residual_sd = n > k ? sqrt(chisq / (double)(n - k)) : 0;
	out->n = n;
done:
	gsl_matrix_free(x);
	gsl_vector_free(y);
	gsl_vector_free(c);
	gsl_matrix_free(cov);
	if (work)
		gsl_multifit_linear_free(work);
	return error;
}

static double predict(const bw_peers_fit *fit, double commit_usd, int term_months)
{
	return fit->intercept + fit->slope_log_commit * log(commit_usd) +
	       fit->slope_term_years * term_months / 12.0;
}

void bw_peers_place(const bw_peers *peers, const bw_peers_fit *fit, double commit_usd,
                    int term_months, double discount, bw_peers_placement *out)
{
	size_t below = 0;
	out->predicted_discount = predict(fit, commit_usd, term_months);
	out->residual = discount - out->predicted_discount;
	for (size_t i = 0; i < peers->count; i++) {
		const bw_peer_deal *p = &peers->deals[i];
		if (p->discount - predict(fit, p->commit_usd, p->term_months) < out->residual)
			below++;
	}
	out->percentile = (double)below / (double)peers->count;
}

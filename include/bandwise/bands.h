/*
 * bandwise/bands.h: the vendor's discount bands, from a data file.
 *
 * No public rate card exists for Anthropic's committed-spend bands, so the
 * shipped table (data/bands/default.json) is a set of illustrative
 * assumptions: the file says so, the loaded table carries the flag, and
 * every report that uses it must say so too. `--bands FILE` replaces it
 * with quotes the user holds. Format: docs/bands.md.
 */
#ifndef BANDWISE_BANDS_H
#define BANDWISE_BANDS_H

#include <stddef.h>

typedef enum {
	BW_OVERAGE_LIST = 0,  /* usage past the commitment billed at list */
	BW_OVERAGE_COMMITTED, /* ... at the committed (discounted) rate */
	BW_OVERAGE_CUSTOM     /* ... at list less its own discount (overage_discount) */
} bw_overage;

typedef enum {
	BW_TRUE_UP_TERM = 0, /* shortfall measured once, at the end of the term */
	BW_TRUE_UP_ANNUAL    /* ... at the end of every 12 months */
} bw_true_up;

typedef struct {
	char name[32];
	double min_commit_usd; /* threshold, per year of term (see threshold_basis) */
	double discount;       /* fraction off list, 0 <= d < 1 */
	bw_overage overage;
	double overage_discount; /* with BW_OVERAGE_CUSTOM: fraction off list on overage */
	double rollover;         /* share of unused commitment carried to the next period */
	bw_true_up true_up;
	int price_lock; /* 1: consumption is priced at the list prices of signing, so
	                   list-price changes (scenarios) do not reach the commitment */
} bw_band;

typedef struct {
	bw_band *bands; /* ascending thresholds */
	size_t count;
	int illustrative; /* 1: the discounts are assumptions, not quotes */
	char *note;       /* the file's note, or NULL */
	char *source;     /* the file's source, or NULL */
	char *date;       /* the file's date, or NULL */
	char *origin;     /* where the table was read from */
} bw_bands;

/*
 * Load a band table from the JSON file at 'path'. Optional band fields
 * default to overage "list", rollover 0, true_up "term". On success *out
 * owns the table (bw_bands_free). Returns 0, BW_ENOTFOUND, BW_EIO or
 * BW_EPARSE ("FILE:LINE:COL: ..." or "FILE: bands[i].field: expected ...").
 */
int bw_bands_load_file(bw_bands **out, const char *path);
int bw_bands_load_buffer(bw_bands **out, const char *json, size_t len, const char *origin);

/* The table built into the library (data/bands/default.json). */
int bw_bands_load_default(bw_bands **out);

void bw_bands_free(bw_bands *bands);

/* The commitment range of band i for a term of 'term_months': the
 * annual thresholds scaled by term/12; the top band has max = INFINITY. */
void bw_bands_commit_range(const bw_bands *bands, size_t i, int term_months, double *min_usd,
                           double *max_usd);

const char *bw_overage_name(bw_overage overage); /* "list" / "committed" / "custom" */

/* The fraction off list that usage past the commitment gets: 0 at list,
 * the band's discount at the committed rate, or the custom one. */
double bw_band_overage_discount(const bw_band *band);
const char *bw_true_up_name(bw_true_up true_up); /* "term" / "annual" */

#endif

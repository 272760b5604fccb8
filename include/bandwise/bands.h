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

/* What a commitment counts toward a band's threshold. */
typedef enum {
	BW_THRESHOLD_NET = 0, /* its net value: the dollars paid (the default) */
	BW_THRESHOLD_LIST     /* its list value: commitment / (1 - discount) */
} bw_threshold_measure;

/* What a price lock does when list prices move (scenarios). */
typedef enum {
	BW_PRICE_LOCK_NONE = 0, /* consumption at the list prices of the day */
	BW_PRICE_LOCK_FIXED,    /* at the prices of signing, both ways: rises do not reach
	                           you, and neither do cuts (`true` in a file) */
	BW_PRICE_LOCK_CAP       /* at the lower of signing and current prices: rises do
	                           not reach you, cuts do */
} bw_price_lock;

typedef struct {
	char name[32];
	double min_commit_usd; /* threshold, per year of term (see threshold_basis) */
	double discount;       /* fraction off list, 0 <= d < 1 */
	bw_overage overage;
	double overage_discount; /* with BW_OVERAGE_CUSTOM: fraction off list on overage */
	double rollover;         /* share of unused commitment carried to the next period */
	bw_true_up true_up;
	int price_lock; /* a bw_price_lock: BW_PRICE_LOCK_FIXED (1) prices consumption at
	                   signing prices, so list-price changes (scenarios) do not reach
	                   the commitment; BW_PRICE_LOCK_CAP lets only cuts through */
	bw_threshold_measure threshold_measure; /* how the commitment meets min_commit_usd */
} bw_band;

typedef struct {
	bw_band *bands; /* ascending thresholds */
	size_t count;
	int illustrative;                       /* 1: the discounts are assumptions, not quotes */
	char *note;                             /* the file's note, or NULL */
	char *source;                           /* the file's source, or NULL */
	char *date;                             /* the file's date, or NULL */
	char *origin;                           /* where the table was read from */
	bw_threshold_measure threshold_measure; /* the table's, copied into every band */
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

/* The commitment range [min, max) of band i for a term of 'term_months',
 * in net (paid) dollars: the annual thresholds scaled by term/12, and with
 * BW_THRESHOLD_LIST converted to the net commitment whose list value at
 * band i's discount reaches them (x (1 - d_i)); the top band has max =
 * INFINITY. With the list measure neighbouring ranges can overlap: the same
 * net dollars reach the next band at its deeper discount. */
void bw_bands_commit_range(const bw_bands *bands, size_t i, int term_months, double *min_usd,
                           double *max_usd);

const char *bw_overage_name(bw_overage overage);               /* "list" / "committed" / "custom" */
const char *bw_threshold_measure_name(bw_threshold_measure m); /* "net" / "list" */
const char *bw_price_lock_name(int price_lock);                /* "none" / "fixed" / "cap" */

/* What commitment 'commit_usd' counts toward a threshold under 'band's
 * measure: itself (net) or commit / (1 - discount) (list). */
double bw_band_threshold_value(const bw_band *band, double commit_usd);
/* The net commitment that reaches 'threshold_usd' under 'band's measure. */
double bw_band_threshold_commit(const bw_band *band, double threshold_usd);

/* The fraction off list that usage past the commitment gets: 0 at list,
 * the band's discount at the committed rate, or the custom one. */
double bw_band_overage_discount(const bw_band *band);
const char *bw_true_up_name(bw_true_up true_up); /* "term" / "annual" */

#endif

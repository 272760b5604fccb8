/*
 * bandwise/peers.h: benchmarking an offer against comparable deals.
 *
 * The benchmark that matters is what comparable accounts pay, never list.
 * The user brings a CSV of deals they know of; bandwise fits
 *     discount = a + b ln(commit_usd) + c (term_months / 12)
 * by least squares and places an offer as the percentile of its residual
 * among the peers' residuals: after adjusting for size and term, how many
 * comparable deals did worse. No real peer data is public: the example
 * file is synthetic and says so, and so must every output that uses it.
 * Format: docs/peers.md.
 */
#ifndef BANDWISE_PEERS_H
#define BANDWISE_PEERS_H

#include <stddef.h>

typedef struct {
	double commit_usd; /* total commitment */
	int term_months;
	double discount;       /* fraction off list */
	int overage_committed; /* -1 unknown, 0 at list, 1 at the committed rate */
	double rollover;       /* -1 unknown */
} bw_peer_deal;

typedef struct {
	bw_peer_deal *deals;
	size_t count;
	int synthetic; /* 1: a leading '#' comment line says SYNTHETIC */
	char *origin;
} bw_peers;

/*
 * Read comparable deals from a CSV file: header commit_usd,term_months,
 * discount and optionally overage (list|committed) and rollover, in any
 * order; lines starting with '#' are comments. At least 4 deals. Errors are
 * BW_EPARSE "FILE:LINE:COL: expected ...". On success *out owns the table
 * (bw_peers_free).
 */
int bw_peers_read_csv(bw_peers **out, const char *path);
void bw_peers_free(bw_peers *peers);

typedef struct {
	double intercept;
	double slope_log_commit; /* per unit of ln(commit_usd) */
	double slope_term_years; /* per year of term; 0 when term_used is 0 */
	int term_used;           /* 0: every peer has the same term, so term is left out */
	double r_squared;
	double residual_sd;
	size_t n;
} bw_peers_fit;

/* Fit the model by ordinary least squares (GSL). Returns 0, BW_EUSAGE
 * (fewer than 4 deals, or all of one size) or BW_ERROR. */
int bw_peers_fit_model(const bw_peers *peers, bw_peers_fit *out);

typedef struct {
	double predicted_discount; /* what the fit expects for this size and term */
	double residual;           /* offered - predicted */
	double percentile;         /* share of peer residuals below the offer's: 0.8 = the offer
	                              beats 80% of comparable deals after size and term */
} bw_peers_placement;

void bw_peers_place(const bw_peers *peers, const bw_peers_fit *fit, double commit_usd,
                    int term_months, double discount, bw_peers_placement *out);

#endif

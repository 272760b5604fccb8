/*
 * bandwise/deal.h: one concrete deal from a file: a vendor's offer, or the
 * contract a company signed. Format: docs/deals.md.
 */
#ifndef BANDWISE_DEAL_H
#define BANDWISE_DEAL_H

#include "bandwise/bands.h"
#include "bandwise/contract.h"

#include <stddef.h>

typedef struct {
	char name[64];
	int term_months;
	double commit_usd;    /* total over the term (the schedule's sum when there is one) */
	double *schedule_usd; /* one amount per true-up period, or NULL (owned) */
	int schedule_count;
	bw_band terms;       /* discount, overage, rollover, true-up, price lock, threshold measure
	                        (terms.name = name) */
	char start_month[8]; /* "YYYY-MM" the deal starts, or "" */
	char *note;          /* or NULL */
	char *origin;        /* the file */
} bw_deal_file;

/*
 * Load a deal from the JSON file at 'path': term_months, true_up,
 * commit_usd or schedule_usd (one per true-up period), discount, overage
 * ("list", "committed" or a fraction off list), rollover, and optionally
 * name, start_month and note. On success *out owns it (bw_deal_file_free).
 * Returns 0, BW_ENOTFOUND, BW_EIO or BW_EPARSE ("FILE: field: expected ...").
 */
int bw_deal_file_load(bw_deal_file **out, const char *path);
int bw_deal_file_load_buffer(bw_deal_file **out, const char *json, size_t len, const char *origin);

void bw_deal_file_free(bw_deal_file *deal);

/* The contract engine's view of the deal; borrows the schedule. */
bw_deal bw_deal_file_deal(const bw_deal_file *deal);

#endif

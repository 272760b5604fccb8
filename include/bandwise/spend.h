/*
 * bandwise/spend.h: usage priced at list, month by month.
 *
 * The bridge between the usage cube and the forecast: every daily row of
 * the store is priced with the price in force that day, then summed per
 * calendar month (UTC), per model and per token type. Usage of a model the
 * catalog does not know is never priced as zero: it is listed apart, by
 * name, with its token volume, and the caller must show it.
 */
#ifndef BANDWISE_SPEND_H
#define BANDWISE_SPEND_H

#include "bandwise/catalog.h"
#include "bandwise/store.h"
#include "bandwise/usage.h"

#include <stddef.h>
#include <stdint.h>

/* List spend of one model in one month. */
typedef struct {
	char month[8];                /* "YYYY-MM" */
	char model[BW_USAGE_DIM_MAX]; /* canonical catalog id */
	double usd[BW_TOKEN_TYPE_COUNT];
	double web_search_usd;
	double total_usd;
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	int64_t web_search_requests;
} bw_spend_cell;

/* Totals of one month. 'complete' is 1 when the stored data covers every
 * day of the month and every usage in it could be priced; only complete
 * months feed the forecast, because a half month (or a month missing the
 * usage of a model the catalog has but had no price for yet) would read as
 * a collapse in spend. */
typedef struct {
	char month[8];
	double usd[BW_TOKEN_TYPE_COUNT];
	double web_search_usd;
	double total_usd;
	int complete;
	int unpriced; /* 1: holds usage of a catalogued model before its first price */
} bw_spend_month;

/* Usage that could not be priced, by model name as it appears in the
 * data ("" when the source was not grouped by model). */
typedef struct {
	char model[BW_USAGE_DIM_MAX];
	int64_t tokens[BW_TOKEN_TYPE_COUNT];
	int64_t total_tokens;
	int64_t web_search_requests;
	char first_day[11];
	char last_day[11];
	char reason[256];       /* the catalog's message for the first failure */
	int before_first_price; /* 1: the catalog has the model, but no price in force on
	                           those days; their months are not complete */
} bw_spend_unpriced;

/* List spend of one workspace, or one tag, over everything priced. */
typedef struct {
	char name[BW_USAGE_DIM_MAX]; /* workspace: "" = the default one (or not grouped); tag: "" =
	                                untagged */
	double total_usd;
} bw_spend_total;

typedef struct {
	bw_spend_cell *cells; /* sorted by month, then model */
	size_t cell_count;
	bw_spend_month *months; /* oldest first, every month of the span */
	size_t month_count;
	bw_spend_unpriced *unpriced;
	size_t unpriced_count;
	bw_spend_total *workspaces; /* by spend, largest first */
	size_t workspace_count;
	bw_spend_total *tags; /* by spend, largest first; empty when no usage is tagged */
	size_t tag_count;
	double total_list_usd; /* priced usage only */
	char first_day[11];    /* "" when there is no usage */
	char last_day[11];
} bw_spend;

/*
 * Price 'daily' (rows as bw_store_daily_usage returns them: one UTC day
 * per row) with 'catalog'. 'span_start' and 'span_end' are the first bucket
 * start and the last bucket end stored (RFC 3339), used to tell complete
 * months from partial ones; pass NULL to use the rows' own first and last
 * day. On success *out owns a new result (free with bw_spend_free).
 * Returns 0, BW_EPARSE (a row without a valid day) or BW_ERROR.
 */
int bw_spend_compute(bw_spend **out, const bw_usage_rows *daily, const bw_catalog *catalog,
                     const char *span_start, const char *span_end);

/*
 * bw_spend_compute over everything in 'store': its daily usage and its
 * stored span. Same ownership and errors, plus the store's.
 */
int bw_spend_from_store(bw_spend **out, bw_store *store, const bw_catalog *catalog);

void bw_spend_free(bw_spend *spend);

/*
 * The forecast's history: the list spend of the run of complete months
 * that ends with the last complete month, oldest first. A partial first
 * or last month is left out (months are contiguous over the stored span,
 * so only the first and the last can be partial), and so is every month up
 * to the last one with usage the catalog could not price yet. *out_usd is
 * malloc'd (caller frees); *out_first_month receives "YYYY-MM" of the
 * first month used. Returns 0 (possibly with *out_count 0) or BW_ERROR.
 */
int bw_spend_history(const bw_spend *spend, double **out_usd, size_t *out_count,
                     char out_first_month[8]);

#endif

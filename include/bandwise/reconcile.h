/*
 * bandwise/reconcile.h: priced usage against the vendor's cost report.
 *
 * Per UTC day, model, token type, service tier and context window, the
 * usage report priced at list is set against the cost report's amount.
 * Differences beyond a tolerance (0.5% by default) are listed with their
 * likely cause: an unknown model, a model the catalog has used before its
 * first price, a price change or premium, a discount
 * already applied, the priority tier (absent from the cost report), or a
 * report not ingested for that day.
 */
#ifndef BANDWISE_RECONCILE_H
#define BANDWISE_RECONCILE_H

#include "bandwise/catalog.h"
#include "bandwise/store.h"
#include "bandwise/usage.h"

#include <stddef.h>

typedef struct {
	char day[11];
	char model[BW_USAGE_DIM_MAX];      /* canonical when known */
	char token_type[BW_USAGE_DIM_MAX]; /* the cost report's token_type, or web_search,
	                                      code_execution, ... */
	char service_tier[BW_USAGE_DIM_MAX];
	char context_window[BW_USAGE_DIM_MAX];
	double usage_list_usd; /* -1: no usage row */
	double cost_usd;       /* -1: no cost row */
	const char *cause;     /* in words */
} bw_reconcile_line;

typedef struct {
	size_t compared;       /* keys present on both sides */
	size_t matching;       /* of which within the tolerance */
	double usage_list_usd; /* totals over every key */
	double cost_usd;
	bw_reconcile_line *lines; /* the keys beyond the tolerance, in day order */
	size_t line_count;
	int no_cost_report; /* 1: no cost row at all: nothing to compare with (said once; the
	                       lines then hold only usage the catalog could not price) */
	/* The cost rows with a list amount (the Analytics API's): the
	 * realized discount; rows = 0 when none. */
	bw_cost_list_totals realized;
	double deal_discount; /* the deal's, to compare with; NAN without a deal */
} bw_reconcile;

/*
 * Reconcile 'daily' usage (bw_store_daily_usage) priced with 'catalog'
 * against 'costs' (bw_store_daily_cost). On success *out owns the result
 * (bw_reconcile_free). Returns 0 or BW_ERROR.
 */
int bw_reconcile_run(bw_reconcile **out, const bw_usage_rows *daily, const bw_cost_row *costs,
                     size_t cost_count, const bw_catalog *catalog, double tolerance);

void bw_reconcile_free(bw_reconcile *reconcile);

#endif

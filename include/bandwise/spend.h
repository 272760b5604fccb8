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
#include "bandwise/families.h"
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
	double today_usd;                   /* the same work at today's list (bw_spend_reprice) */
	char today_model[BW_USAGE_DIM_MAX]; /* the model whose price that is: the successor
	                                       the traffic moved to, or this model */
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
	int unpriced;        /* 1: holds usage of a catalogued model before its first price */
	double today_usd;    /* the same work at today's list (bw_spend_reprice) */
	double weekend_usd;  /* the part of total_usd on Saturdays and Sundays (UTC) */
	int days_with_spend; /* days of the month with priced spend > 0 */
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

/* What changed the price of the same work in the history window. */
typedef enum {
	BW_PRICE_CHANGE_LIST = 0, /* the catalog: a model's list price changed, or its
	                             successor came out at another price */
	BW_PRICE_CHANGE_MIGRATION /* the company: a model's traffic moved to a successor */
} bw_price_change_kind;

typedef struct {
	bw_price_change_kind kind;
	char month[8];                     /* "YYYY-MM" it happened */
	char from_model[BW_USAGE_DIM_MAX]; /* canonical ids */
	char to_model[BW_USAGE_DIM_MAX];   /* the successor; the same model for a list change */
	double work_change; /* the same work's price, new / old - 1 (-0.67: 67% less) */
	double bill_change; /* migration: the history's bill at today's list with it against
	                       without it, over the months the model ran, minus 1; else 0 */
	char text[224];     /* in words: "2025-11: Opus 4.1 -> Opus 4.5, the same work costs
	                       67% less" */
} bw_price_change;

/* The same work at today's list of one workspace and model family, per
 * month (bw_spend_reprice): what the segment forecast (segments.h) fits. */
typedef struct {
	char workspace[BW_USAGE_DIM_MAX]; /* "" = the default one (or not grouped) */
	char family[BW_USAGE_DIM_MAX];    /* the family's name ("opus"), or the model id of a
	                                     model no family lists */
	double *today_usd;                /* month_count entries, as spend->months */
} bw_spend_segment;

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
	/* A weekend day's list spend over a weekday's, over the complete
	 * months, when the rows are daily (spend on 90% of their days or
	 * more); NAN otherwise. The forecast's weekday adjustment uses it. */
	double weekend_ratio;
	char first_day[11]; /* "" when there is no usage */
	char last_day[11];
	/* bw_spend_reprice: the same work at today's list */
	int repriced;                   /* 1 once today_usd and the changes are filled */
	char today_day[11];             /* "today": the forecast's first day */
	bw_price_change *price_changes; /* oldest first */
	size_t price_change_count;
	bw_spend_segment *segments; /* workspace x family, sorted by workspace then family */
	size_t segment_count;
} bw_spend;

/* The prices the forecast's history is at. */
typedef enum {
	BW_PRICE_BASIS_TODAY = 0, /* the same work at today's list (the default) */
	BW_PRICE_BASIS_HISTORY    /* billed: the list in force each day */
} bw_price_basis;

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
 * Price the same work at today's list: every row of 'daily' (the rows
 * 'spend' was computed from) again, on "today" (the first day of the month
 * after the last complete month: the forecast's start), with the model
 * that does that work now. A model of a family (families.h) whose traffic
 * moved, i.e. its tokens in the last complete month are below half its
 * peak month and below those of a successor in its chain, is priced as
 * that successor (the one with the most tokens that month); a model with
 * no price today is priced as its first successor that has one, else as
 * billed. Fills each cell's and month's today_usd, spend->today_day and
 * the list of price changes and migrations in the window. Returns 0 or
 * BW_ERROR (out of memory).
 */
int bw_spend_reprice(bw_spend *spend, const bw_usage_rows *daily, const bw_catalog *catalog,
                     const bw_families *families);

/*
 * bw_spend_compute over everything in 'store': its daily usage and its
 * stored span, then bw_spend_reprice with the built-in model families.
 * Same ownership and errors, plus the store's.
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

/* As bw_spend_history at the price basis asked for: BW_PRICE_BASIS_TODAY
 * gives the months' today_usd (their total_usd when not repriced). */
int bw_spend_history_basis(const bw_spend *spend, bw_price_basis basis, double **out_usd,
                           size_t *out_count, char out_first_month[8]);

#endif

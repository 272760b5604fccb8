/*
 * reconcile.c: usage priced at list against the cost report.
 *
 * Both sides become (key, USD) entries with the key
 * "day|model|token type|tier|context"; one sort of each and a merge pair
 * them up, which stays fast for years of daily rows.
 */
#include "bandwise/reconcile.h"

#include "bandwise/error.h"
#include "vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char key[6 * BW_USAGE_DIM_MAX];
	double usd;
	int unknown_model; /* usage the catalog cannot price: UNKNOWN or BEFORE_FIRST_PRICE */
} entry;

enum { PRICED = 0, UNKNOWN = 1, BEFORE_FIRST_PRICE = 2 };

typedef struct {
	entry *items;
	size_t count, capacity;
} entries;

static int push(entries *e, const char *day, const char *model, const char *type, const char *tier,
                const char *ctx, double usd, int unknown)
{
	int error = bwx_vec_grow((void **)&e->items, &e->capacity, e->count, sizeof(*e->items));
	if (error < 0)
		return error;
	entry *x = &e->items[e->count++];
	snprintf(x->key, sizeof(x->key), "%.10s|%s|%s|%s|%s", day, model, type, tier, ctx);
	x->usd = usd;
	x->unknown_model = unknown;
	return 0;
}

static int entry_compare(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* Sum entries with equal keys in place (after sorting). */
static void collapse(entries *e)
{
	size_t out = 0;
	for (size_t i = 0; i < e->count; i++) {
		if (out > 0 && strcmp(e->items[out - 1].key, e->items[i].key) == 0) {
			e->items[out - 1].usd += e->items[i].usd;
			if (e->items[i].unknown_model > e->items[out - 1].unknown_model)
				e->items[out - 1].unknown_model = e->items[i].unknown_model;
		} else {
			e->items[out++] = e->items[i];
		}
	}
	e->count = out;
}

static void split_key(const char *key, bw_reconcile_line *line)
{
	char copy[6 * BW_USAGE_DIM_MAX], *fields[5] = {0}, *p = copy;
	snprintf(copy, sizeof(copy), "%s", key);
	for (int f = 0; f < 5; f++) {
		fields[f] = p;
		char *bar = strchr(p, '|');
		if (bar == NULL)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	snprintf(line->day, sizeof(line->day), "%s", fields[0] ? fields[0] : "");
	snprintf(line->model, sizeof(line->model), "%s", fields[1] ? fields[1] : "");
	snprintf(line->token_type, sizeof(line->token_type), "%s", fields[2] ? fields[2] : "");
	snprintf(line->service_tier, sizeof(line->service_tier), "%s", fields[3] ? fields[3] : "");
	snprintf(line->context_window, sizeof(line->context_window), "%s",
	         fields[4] ? fields[4] : "");
}

static const char *cause_of(const bw_reconcile_line *l, int unknown_model)
{
	if (unknown_model == BEFORE_FIRST_PRICE)
		return "before its first price: the catalog has the model, not priced that day";
	if (unknown_model)
		return "unknown model: not in the price catalog, so not priced";
	if (l->cost_usd < 0) {
		if (strcmp(l->service_tier, "priority") == 0)
			return "priority tier: its cost is not in the cost report";
		return "no cost row: the cost report for that day may not be ingested";
	}
	if (l->usage_list_usd < 0) {
		if (strcmp(l->token_type, "code_execution") == 0 ||
		    strcmp(l->token_type, "session_usage") == 0)
			return "billed only in the cost report (code execution, agent sessions)";
		return "no usage row: the usage report for that day may not be ingested";
	}
	if (l->cost_usd < l->usage_list_usd)
		return "cost below list: a discount already applied, or credits";
	return "cost above list: a price change, or a premium (US inference, fast mode) not in the "
	       "usage rows";
}

/* A line for 'key', from its usage side u and cost side c (either may be NULL). */
static int add_line(bw_reconcile *r, size_t *capacity, const char *key, const entry *u,
                    const entry *c)
{
	int error = bwx_vec_grow((void **)&r->lines, capacity, r->line_count, sizeof(*r->lines));
	if (error < 0)
		return error;
	bw_reconcile_line *l = &r->lines[r->line_count++];
	memset(l, 0, sizeof(*l));
	split_key(key, l);
	l->usage_list_usd = u ? u->usd : -1;
	l->cost_usd = c ? c->usd : -1;
	int u_kind = u ? u->unknown_model : PRICED, c_kind = c ? c->unknown_model : PRICED;
	l->cause = cause_of(l, u_kind > c_kind ? u_kind : c_kind);
	return 0;
}

int bw_reconcile_run(bw_reconcile **out, const bw_usage_rows *daily, const bw_cost_row *costs,
                     size_t cost_count, const bw_catalog *catalog, double tolerance)
{
	entries usage = {0}, cost = {0};
	bw_reconcile *r = calloc(1, sizeof(*r));
	size_t capacity = 0;
	int error = 0;

	*out = NULL;
	if (r == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	r->no_cost_report = cost_count == 0;
	r->deal_discount = NAN;
	for (size_t i = 0; i < daily->count; i++) {
		const bw_usage_row *row = &daily->items[i];
		bw_price_breakdown price;
		int unknown = bw_catalog_price_row(catalog, row, &price) < 0;
		const char *known = bw_catalog_resolve(catalog, row->model);
		const char *model = unknown ? (known ? known : row->model) : price.model_id;
		if (unknown && known != NULL)
			unknown = BEFORE_FIRST_PRICE;
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT && error == 0; t++)
			if (row->tokens[t] > 0)
				error = push(&usage, row->bucket_start, model,
				             bw_token_type_api_name((bw_token_type)t),
				             row->service_tier, row->context_window,
				             unknown ? 0 : price.usd[t], unknown);
		if (error == 0 && row->web_search_requests > 0)
			error = push(&usage, row->bucket_start, "", "web_search", "", "",
			             unknown ? 0 : price.web_search_usd, 0);
		if (error < 0)
			goto done;
	}
	for (size_t i = 0; i < cost_count; i++) {
		const bw_cost_row *c = &costs[i];
		if (c->has_list_amount) {
			r->realized.rows++;
			r->realized.amount_microcents += c->amount_microcents;
			r->realized.list_amount_microcents += c->list_amount_microcents;
		}
		int tokens = strcmp(c->cost_type, "tokens") == 0 || c->cost_type[0] == '\0';
		const char *model = c->model[0] ? bw_catalog_resolve(catalog, c->model) : NULL;
		error = push(&cost, c->bucket_start, tokens ? (model ? model : c->model) : "",
		             tokens ? c->token_type : c->cost_type, tokens ? c->service_tier : "",
		             tokens ? c->context_window : "", (double)c->amount_microcents / 1e8,
		             tokens && model == NULL && c->model[0] != '\0');
		if (error < 0)
			goto done;
	}
	if (usage.count > 1)
		qsort(usage.items, usage.count, sizeof(entry), entry_compare);
	if (cost.count > 1)
		qsort(cost.items, cost.count, sizeof(entry), entry_compare);
	collapse(&usage);
	collapse(&cost);
	size_t i = 0, j = 0;
	while (i < usage.count || j < cost.count) {
		int cmp = i == usage.count  ? 1
		          : j == cost.count ? -1
		                            : strcmp(usage.items[i].key, cost.items[j].key);
		if (cmp == 0) {
			const entry *u = &usage.items[i++], *c = &cost.items[j++];
			r->compared++;
			r->usage_list_usd += u->usd;
			r->cost_usd += c->usd;
			double scale = fabs(u->usd) > fabs(c->usd) ? fabs(u->usd) : fabs(c->usd);
			if (fabs(u->usd - c->usd) <= tolerance * scale + 0.005) {
				r->matching++;
				continue;
			}
			error = add_line(r, &capacity, u->key, u, c);
		} else if (cmp < 0) {
			r->usage_list_usd += usage.items[i].usd;
			/* Without any cost report a missing cost row is said once, not
			 * per line: only usage that could not be priced stays listed. */
			if (cost_count > 0 || usage.items[i].unknown_model != PRICED)
				error = add_line(r, &capacity, usage.items[i].key, &usage.items[i],
				                 NULL);
			i++;
		} else {
			r->cost_usd += cost.items[j].usd;
			error = add_line(r, &capacity, cost.items[j].key, NULL, &cost.items[j]);
			j++;
		}
		if (error < 0)
			goto done;
	}
	*out = r;
	r = NULL;
done:
	free(usage.items);
	free(cost.items);
	bw_reconcile_free(r);
	return error;
}

void bw_reconcile_free(bw_reconcile *reconcile)
{
	if (reconcile == NULL)
		return;
	free(reconcile->lines);
	free(reconcile);
}

/*
 * spend_today.c: the same work at today's list (bw_spend_reprice).
 *
 * The bill of a month mixes two things: how much work the company did and
 * what the list charged for it that day. A price cut or a move to a
 * cheaper successor lowers the bill without any change in the work, and a
 * trend fitted through the bill reads it as slower growth. Here every
 * stored row is priced again on one day, today (the forecast's start),
 * with the model that does that work now, so the series moves only with
 * the work. What changed the price in the window is listed in words.
 *
 * Workload: one extra pricing call per stored daily row, plus a daily
 * probe of each model's price over the window (a few thousand calls):
 * both small next to the first pricing pass.
 */
#include "bandwise/spend.h"

#include "bandwise/error.h"
#include "date.h"
#include "vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A model's traffic moved when its last month is below this share of its
 * peak month (and a successor does more than it). */
#define MOVED_BELOW_PEAK 0.5
/* Price ratios closer to 1 than this are no change (rounding of cents). */
#define SAME_PRICE 0.005

typedef struct {
	char model[BW_USAGE_DIM_MAX]; /* canonical id */
	const bw_family_model *family;
	int64_t *tokens; /* per month of spend->months */
	int64_t peak;
	int peak_month;
	int64_t mix[BW_TOKEN_TYPE_COUNT]; /* all its tokens: the work whose price is probed */
	double billed_usd, today_usd;
	size_t target; /* index of the model that does its work now (itself when none) */
	const char *target_id;
} model_stat;

typedef struct {
	bw_spend *spend;
	const bw_catalog *catalog;
	const bw_families *families;
	model_stat *models;
	size_t model_count;
	int first_month, last_complete; /* month indexes; last_complete into spend->months */
	size_t change_capacity, segment_capacity;
} ctx;

static int month_of(const char *text)
{
	int index;
	return bwx_month_scan(text, &index, NULL) < 0 ? -1 : index;
}

static int64_t token_sum(const int64_t *tokens)
{
	int64_t sum = 0;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		sum += tokens[t];
	return sum;
}

static const char *label_of(const ctx *c, const char *model)
{
	const bw_family_model *m = c->families ? bw_families_find(c->families, model) : NULL;
	return m ? m->label : model;
}

static model_stat *stat_for(ctx *c, const char *model)
{
	for (size_t i = 0; i < c->model_count; i++)
		if (strcmp(c->models[i].model, model) == 0)
			return &c->models[i];
	return NULL;
}

/* One entry per model that has priced usage, with its tokens per month. */
static int collect_models(ctx *c)
{
	bw_spend *s = c->spend;
	size_t capacity = 0;

	for (size_t i = 0; i < s->cell_count; i++) {
		const bw_spend_cell *cell = &s->cells[i];
		model_stat *m = stat_for(c, cell->model);
		if (m == NULL) {
			if (bwx_vec_grow((void **)&c->models, &capacity, c->model_count,
			                 sizeof(*c->models)) < 0)
				return bw_error_set(BW_ERROR, "out of memory for repricing");
			m = &c->models[c->model_count++];
			memset(m, 0, sizeof(*m));
			snprintf(m->model, sizeof(m->model), "%s", cell->model);
			m->family = c->families ? bw_families_find(c->families, cell->model) : NULL;
			m->peak_month = -1;
			if ((m->tokens = calloc(s->month_count, sizeof(*m->tokens))) == NULL)
				return bw_error_set(BW_ERROR, "out of memory for repricing");
		}
		int month = month_of(cell->month) - c->first_month;
		int64_t sum = token_sum(cell->tokens);
		m->tokens[month] += sum;
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			m->mix[t] += cell->tokens[t];
		m->billed_usd += cell->total_usd;
	}
	for (size_t i = 0; i < c->model_count; i++) {
		model_stat *m = &c->models[i];
		for (size_t k = 0; k < s->month_count; k++)
			if (m->tokens[k] > m->peak) {
				m->peak = m->tokens[k];
				m->peak_month = (int)k;
			}
	}
	return 0;
}

/* Which model does each model's work now: a successor of its family with
 * the most tokens in the last complete month, when the traffic moved. */
static void choose_targets(ctx *c)
{
	int last = c->last_complete;

	for (size_t i = 0; i < c->model_count; i++) {
		model_stat *m = &c->models[i];
		m->target = i;
		if (m->family == NULL ||
		    (double)m->tokens[last] >= MOVED_BELOW_PEAK * (double)m->peak)
			continue;
		int64_t best = m->tokens[last];
		for (size_t j = 0; j < c->model_count; j++) {
			const model_stat *s = &c->models[j];
			if (s->family == NULL || s->family->family != m->family->family ||
			    s->family->rank <= m->family->rank)
				continue;
			if (s->tokens[last] > best) {
				best = s->tokens[last];
				m->target = j;
			}
		}
	}
	for (size_t i = 0; i < c->model_count; i++)
		c->models[i].target_id = c->models[c->models[i].target].model;
}

/* Price 'row' as 'model' on 'day'; 0, BW_ENOTFOUND (no price) or an error. */
static int price_as(const ctx *c, const bw_usage_row *row, const char *model, const char *day,
                    bw_price_breakdown *out)
{
	bw_usage_row copy = *row;
	snprintf(copy.model, sizeof(copy.model), "%s", model);
	snprintf(copy.bucket_start, sizeof(copy.bucket_start), "%sT00:00:00Z", day);
	return bw_catalog_price_row(c->catalog, &copy, out);
}

/* Today's price of one row of 'm': as its target, else the target's first
 * successor with a price today (a retired model), else as billed. */
static int price_today(const ctx *c, const model_stat *m, const bw_usage_row *row,
                       bw_price_breakdown *out)
{
	const model_stat *t = &c->models[m->target];
	int error = price_as(c, row, t->model, c->spend->today_day, out);

	if (error != BW_ENOTFOUND)
		return error;
	if (t->family != NULL)
		for (size_t r = t->family->rank + 1;; r++) {
			const bw_family_model *next =
			    bw_families_at(c->families, t->family->family, r);
			if (next == NULL)
				break;
			error = price_as(c, row, next->id, c->spend->today_day, out);
			if (error != BW_ENOTFOUND)
				return error;
		}
	return bw_catalog_price_row(c->catalog, row, out);
}

/* The segment (workspace x family) of a row of 'model', appended when new. */
static bw_spend_segment *segment_for(ctx *c, const char *workspace, const model_stat *m)
{
	bw_spend *s = c->spend;
	const char *family =
	    m->family ? bw_families_name(c->families, m->family->family) : m->model;

	for (size_t i = s->segment_count; i > 0; i--)
		if (strcmp(s->segments[i - 1].workspace, workspace) == 0 &&
		    strcmp(s->segments[i - 1].family, family) == 0)
			return &s->segments[i - 1];
	if (bwx_vec_grow((void **)&s->segments, &c->segment_capacity, s->segment_count,
	                 sizeof(*s->segments)) < 0)
		return NULL;
	bw_spend_segment *g = &s->segments[s->segment_count];
	memset(g, 0, sizeof(*g));
	if ((g->today_usd = calloc(s->month_count, sizeof(*g->today_usd))) == NULL)
		return NULL;
	snprintf(g->workspace, sizeof(g->workspace), "%s", workspace);
	snprintf(g->family, sizeof(g->family), "%s", family);
	s->segment_count++;
	return g;
}

static int segment_compare(const void *a, const void *b)
{
	const bw_spend_segment *x = a, *y = b;
	int d = strcmp(x->workspace, y->workspace);
	return d != 0 ? d : strcmp(x->family, y->family);
}

static int cell_key_compare(const void *key, const void *item)
{
	const bw_spend_cell *x = key, *y = item;
	int d = strcmp(x->month, y->month);
	return d != 0 ? d : strcmp(x->model, y->model);
}

static int reprice_rows(ctx *c, const bw_usage_rows *daily)
{
	bw_spend *s = c->spend;

	for (size_t i = 0; i < daily->count; i++) {
		const bw_usage_row *row = &daily->items[i];
		const char *model = bw_catalog_resolve(c->catalog, row->model);
		bw_spend_cell key;
		bw_price_breakdown price;

		if (model == NULL || s->cell_count == 0)
			continue; /* unpriced: listed apart, never in the series */
		memset(&key, 0, sizeof(key));
		snprintf(key.month, sizeof(key.month), "%.7s", row->bucket_start);
		snprintf(key.model, sizeof(key.model), "%s", model);
		bw_spend_cell *cell =
		    bsearch(&key, s->cells, s->cell_count, sizeof(*s->cells), cell_key_compare);
		model_stat *m = stat_for(c, model);
		if (cell == NULL || m == NULL)
			continue;
		/* A row without a price on its own day is unpriced (listed apart)
		 * even when the month's cell has other rows of the model. */
		int error = bw_catalog_price_row(c->catalog, row, &price);
		if (error == BW_ENOTFOUND)
			continue;
		if (error < 0 || (error = price_today(c, m, row, &price)) < 0)
			return error;
		cell->today_usd += price.total_usd;
		snprintf(cell->today_model, sizeof(cell->today_model), "%s", price.model_id);
		int month = month_of(cell->month) - c->first_month;
		s->months[month].today_usd += price.total_usd;
		bw_spend_segment *segment = segment_for(c, row->workspace_id, m);
		if (segment == NULL)
			return bw_error_set(BW_ERROR, "out of memory for the segments");
		segment->today_usd[month] += price.total_usd;
		m->today_usd += price.total_usd;
	}
	return 0;
}

/* The list price of model's whole mix of work on 'day' (standard tier),
 * or a negative value when it has no price that day. */
static double probe(const ctx *c, const model_stat *m, const char *model, int64_t day)
{
	bw_usage_row row;
	bw_price_breakdown price;
	char text[BWX_DATE_SIZE];

	memset(&row, 0, sizeof(row));
	bwx_date_format(day, text);
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", text);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	memcpy(row.tokens, m->mix, sizeof(row.tokens));
	return bw_catalog_price_row(c->catalog, &row, &price) < 0 ? -1 : price.total_usd;
}

static void describe_change(char *out, size_t size, double change)
{
	if (fabs(change) < SAME_PRICE)
		snprintf(out, size, "the same");
	else
		snprintf(out, size, "%.0f%% %s", fabs(change) * 100, change < 0 ? "less" : "more");
}

static int add_change(ctx *c, bw_price_change_kind kind, const char *month, const char *from,
                      const char *to, double work_change, double bill_change)
{
	const model_stat *source = stat_for(c, from);
	int moved = source != NULL && strcmp(source->target_id, to) == 0;
	bw_spend *s = c->spend;
	char work[32], bill[32];

	if (bwx_vec_grow((void **)&s->price_changes, &c->change_capacity, s->price_change_count,
	                 sizeof(*s->price_changes)) < 0)
		return bw_error_set(BW_ERROR, "out of memory for the price changes");
	bw_price_change *p = &s->price_changes[s->price_change_count++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	snprintf(p->month, sizeof(p->month), "%s", month);
	snprintf(p->from_model, sizeof(p->from_model), "%s", from);
	snprintf(p->to_model, sizeof(p->to_model), "%s", to);
	p->work_change = work_change;
	p->bill_change = bill_change;
	describe_change(work, sizeof(work), work_change);
	describe_change(bill, sizeof(bill), bill_change);
	if (kind == BW_PRICE_CHANGE_MIGRATION && fabs(work_change) < SAME_PRICE)
		snprintf(p->text, sizeof(p->text), "%s: %s traffic moved to %s at the same price",
		         month, label_of(c, from), label_of(c, to));
	else if (kind == BW_PRICE_CHANGE_MIGRATION)
		snprintf(
		    p->text, sizeof(p->text),
		    "%s: %s traffic moved to %s, the same work costs %s (%s on the bill of the "
		    "months it ran)",
		    month, label_of(c, from), label_of(c, to), work, bill);
	else if (strcmp(from, to) == 0)
		snprintf(p->text, sizeof(p->text),
		         "%s: %s list price change, the same work costs %s", month,
		         label_of(c, from), work);
	else
		snprintf(p->text, sizeof(p->text), "%s: %s -> %s, the same work costs %s%s", month,
		         label_of(c, from), label_of(c, to), work,
		         moved ? "" : " (its traffic has not moved)");
	return 0;
}

/* Catalog changes in the window, found by pricing each model's work day by
 * day: its own list price changing while it ran, and its successor coming
 * out at another price. */
static int list_changes(ctx *c, int64_t first_day, int64_t today)
{
	char month[BWX_DATE_SIZE];

	for (size_t i = 0; i < c->model_count; i++) {
		const model_stat *m = &c->models[i];
		double before = probe(c, m, m->model, first_day);
		for (int64_t d = first_day + 1; d <= today; d++) {
			double now = probe(c, m, m->model, d);
			if (before > 0 && now > 0 && fabs(now / before - 1) >= SAME_PRICE) {
				bwx_date_format(d, month);
				month[7] = '\0';
				int k = month_of(month) - c->first_month;
				int ran = 0; /* only a change the history's work felt */
				for (int j = 0; j <= k && j < (int)c->spend->month_count; j++)
					ran |= m->tokens[j] > 0;
				int error =
				    ran ? add_change(c, BW_PRICE_CHANGE_LIST, month, m->model,
				                     m->model, now / before - 1, 0)
				        : 0;
				if (error < 0)
					return error;
			}
			if (now > 0)
				before = now;
		}
		const bw_family_model *next =
		    m->family ? bw_families_at(c->families, m->family->family, m->family->rank + 1)
		              : NULL;
		if (next == NULL || probe(c, m, next->id, first_day) > 0)
			continue; /* no successor, or it came out before the window */
		for (int64_t d = first_day + 1; d <= today; d++) {
			double succ = probe(c, m, next->id, d), own = probe(c, m, m->model, d);
			if (succ <= 0)
				continue;
			if (own > 0 && fabs(succ / own - 1) >= SAME_PRICE) {
				bwx_date_format(d, month);
				month[7] = '\0';
				int error = add_change(c, BW_PRICE_CHANGE_LIST, month, m->model,
				                       next->id, succ / own - 1, 0);
				if (error < 0)
					return error;
			}
			break;
		}
	}
	return 0;
}

/* A migration for every model priced as a successor: the month the
 * successor first did more of the work than it, after its peak. */
static int migrations(ctx *c)
{
	const bw_spend *s = c->spend;

	for (size_t i = 0; i < c->model_count; i++) {
		const model_stat *m = &c->models[i];
		if (m->target == i)
			continue;
		const model_stat *t = &c->models[m->target];
		int k = m->peak_month < 0 ? 0 : m->peak_month;
		while (k < c->last_complete && t->tokens[k] <= m->tokens[k])
			k++;
		double months_bill = 0;
		for (size_t j = 0; j < s->month_count; j++)
			if (m->tokens[j] > 0)
				months_bill += s->months[j].total_usd;
		double work = m->billed_usd > 0 ? m->today_usd / m->billed_usd - 1 : 0;
		double bill = months_bill > 0 ? (m->today_usd - m->billed_usd) / months_bill : 0;
		int error = add_change(c, BW_PRICE_CHANGE_MIGRATION, s->months[k].month, m->model,
		                       t->model, work, bill);
		if (error < 0)
			return error;
	}
	return 0;
}

static int change_compare(const void *a, const void *b)
{
	const bw_price_change *x = a, *y = b;
	int d = strcmp(x->month, y->month);
	if (d == 0)
		d = (int)x->kind - (int)y->kind;
	if (d == 0)
		d = strcmp(x->from_model, y->from_model);
	return d != 0 ? d : strcmp(x->to_model, y->to_model);
}

int bw_spend_reprice(bw_spend *spend, const bw_usage_rows *daily, const bw_catalog *catalog,
                     const bw_families *families)
{
	ctx c = {spend, catalog, families, NULL, 0, 0, -1, 0, 0};
	int64_t first_day = 0, today = 0;
	int error = 0;

	for (size_t i = 0; i < spend->cell_count; i++)
		spend->cells[i].today_usd = 0;
	for (size_t i = 0; i < spend->month_count; i++)
		spend->months[i].today_usd = 0;
	free(spend->price_changes);
	spend->price_changes = NULL;
	spend->price_change_count = 0;
	for (size_t i = 0; i < spend->segment_count; i++)
		free(spend->segments[i].today_usd);
	free(spend->segments);
	spend->segments = NULL;
	spend->segment_count = 0;
	spend->repriced = 0;
	if (spend->month_count == 0)
		return 0;
	c.first_month = month_of(spend->months[0].month);
	for (size_t i = 0; i < spend->month_count; i++)
		if (spend->months[i].complete)
			c.last_complete = (int)i;
	if (c.last_complete < 0)
		c.last_complete = (int)spend->month_count - 1;
	/* Today: the first day of the month after the last complete one. */
	int year, month;
	bwx_month_split(c.first_month + c.last_complete + 1, &year, &month);
	today = bwx_days_from_civil(year, month, 1);
	bwx_date_format(today, spend->today_day);
	if (bwx_date_parse(spend->first_day, &first_day) < 0)
		first_day = today;
	if ((error = collect_models(&c)) < 0)
		goto done;
	choose_targets(&c);
	if ((error = reprice_rows(&c, daily)) < 0 ||
	    (error = list_changes(&c, first_day, today)) < 0 || (error = migrations(&c)) < 0)
		goto done;
	if (spend->segment_count > 1)
		qsort(spend->segments, spend->segment_count, sizeof(*spend->segments),
		      segment_compare);
	if (spend->price_change_count > 1)
		qsort(spend->price_changes, spend->price_change_count,
		      sizeof(*spend->price_changes), change_compare);
	spend->repriced = 1;
done:
	for (size_t i = 0; i < c.model_count; i++)
		free(c.models[i].tokens);
	free(c.models);
	return error;
}

/*
 * spend.c: price the daily usage cube and sum it per month and model.
 *
 * Workload: a store holds a few thousand to a few hundred thousand daily
 * rows; each is priced once. Cells are accumulated in a flat array and
 * sorted at the end, which is simpler than a hash map and fast enough at
 * this size (months x models is small).
 */
#include "bandwise/spend.h"

#include "bandwise/error.h"
#include "date.h"
#include "vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Months since year 0 for "YYYY-MM..." or -1 when malformed. */
static int month_index(const char *text)
{
	int index;
	return bwx_month_scan(text, &index, NULL) < 0 ? -1 : index;
}

/* Day of month of "YYYY-MM-DD..." or 0. */
static int day_of_month(const char *text)
{
	if (strlen(text) < 10 || text[7] != '-' || text[8] < '0' || text[8] > '9' ||
	    text[9] < '0' || text[9] > '9')
		return 0;
	return (text[8] - '0') * 10 + (text[9] - '0');
}

/* 1 when "HH:MM:SS" after the date is midnight (or absent). */
static int at_midnight(const char *text)
{
	return strlen(text) < 19 || strncmp(text + 10, "T00:00:00", 9) == 0;
}

static int cell_compare(const void *a, const void *b)
{
	const bw_spend_cell *x = a, *y = b;
	int c = strcmp(x->month, y->month);
	return c != 0 ? c : strcmp(x->model, y->model);
}

static int total_compare(const void *a, const void *b)
{
	const bw_spend_total *x = a, *y = b;
	return (x->total_usd < y->total_usd) - (x->total_usd > y->total_usd);
}

/* Add 'usd' to the total named 'name' in a growable list. */
static int add_total(bw_spend_total **items, size_t *count, size_t *capacity, const char *name,
                     double usd)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*items)[i].name, name) == 0) {
			(*items)[i].total_usd += usd;
			return 0;
		}
	int error = bwx_vec_grow((void **)items, capacity, *count, sizeof(**items));
	if (error < 0)
		return error;
	bw_spend_total *w = &(*items)[(*count)++];
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->total_usd = usd;
	return 0;
}

static int unpriced_compare(const void *a, const void *b)
{
	const bw_spend_unpriced *x = a, *y = b;
	return strcmp(x->model, y->model);
}

/* Find or append the cell for (month, model). Linear search from the end:
 * rows come sorted by day, so the match is almost always among the last
 * few cells. */
static bw_spend_cell *cell_for(bw_spend *spend, size_t *capacity, const char *month,
                               const char *model)
{
	for (size_t i = spend->cell_count; i > 0; i--) {
		bw_spend_cell *cell = &spend->cells[i - 1];
		if (strcmp(cell->month, month) != 0)
			break;
		if (strcmp(cell->model, model) == 0)
			return cell;
	}
	if (bwx_vec_grow((void **)&spend->cells, capacity, spend->cell_count,
	                 sizeof(*spend->cells)) < 0)
		return NULL;
	bw_spend_cell *cell = &spend->cells[spend->cell_count++];
	memset(cell, 0, sizeof(*cell));
	snprintf(cell->month, sizeof(cell->month), "%s", month);
	snprintf(cell->model, sizeof(cell->model), "%s", model);
	return cell;
}

static bw_spend_unpriced *unpriced_for(bw_spend *spend, size_t *capacity, const char *model)
{
	for (size_t i = 0; i < spend->unpriced_count; i++)
		if (strcmp(spend->unpriced[i].model, model) == 0)
			return &spend->unpriced[i];
	if (bwx_vec_grow((void **)&spend->unpriced, capacity, spend->unpriced_count,
	                 sizeof(*spend->unpriced)) < 0)
		return NULL;
	bw_spend_unpriced *u = &spend->unpriced[spend->unpriced_count++];
	memset(u, 0, sizeof(*u));
	snprintf(u->model, sizeof(u->model), "%s", model);
	snprintf(u->reason, sizeof(u->reason), "%s", bw_error_last());
	return u;
}

/* *sum += v, refused when it would overflow: a wrapped sum would print
 * as a negative spend. 0 or BW_ERANGE (the message set). */
static int add_count(int64_t *sum, int64_t v, const char *model)
{
	if (__builtin_add_overflow(*sum, v, sum))
		return bw_error_set(BW_ERANGE,
		                    "the token counts of %s add up to more than 9.2e18: the store "
		                    "holds a corrupt source",
		                    model);
	return 0;
}

/* A day row's counts: none negative (the readers refuse them; a store
 * written by something else may not). 0 or BW_ERANGE. */
static int check_row_counts(const bw_usage_row *row, size_t i)
{
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		if (row->tokens[t] < 0)
			return bw_error_set(BW_ERANGE,
			                    "usage row %zu (%s, %.10s): a negative token count "
			                    "(%lld): the store holds a corrupt source",
			                    i, row->model, row->bucket_start,
			                    (long long)row->tokens[t]);
	if (row->web_search_requests < 0)
		return bw_error_set(BW_ERANGE,
		                    "usage row %zu (%s, %.10s): a negative web search count: the "
		                    "store holds a corrupt source",
		                    i, row->model, row->bucket_start);
	return 0;
}

static int add_unpriced(bw_spend_unpriced *u, const bw_usage_row *row, const char *day)
{
	int error;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		if ((error = add_count(&u->tokens[t], row->tokens[t], row->model)) < 0 ||
		    (error = add_count(&u->total_tokens, row->tokens[t], row->model)) < 0)
			return error;
	if ((error = add_count(&u->web_search_requests, row->web_search_requests, row->model)) < 0)
		return error;
	if (u->first_day[0] == '\0' || strcmp(day, u->first_day) < 0)
		snprintf(u->first_day, sizeof(u->first_day), "%s", day);
	if (strcmp(day, u->last_day) > 0)
		snprintf(u->last_day, sizeof(u->last_day), "%s", day);
	return 0;
}

/* Fill spend->months with every month from the first to the last day and
 * mark which are fully covered by [span_start, span_end). */
static int build_months(bw_spend *spend, const char *span_start, const char *span_end)
{
	int first = month_index(spend->first_day), last = month_index(spend->last_day);
	int start_month = month_index(span_start), end_month = month_index(span_end);

	spend->month_count = (size_t)(last - first + 1);
	spend->months = calloc(spend->month_count, sizeof(*spend->months));
	if (spend->months == NULL)
		return bw_error_set(BW_ERROR, "out of memory for monthly spend");
	for (int m = first; m <= last; m++) {
		bw_spend_month *month = &spend->months[m - first];
		bwx_month_format(m, month->month);
		/* Complete when the span starts on or before the 1st at midnight
		 * and ends on or after the 1st of the next month. */
		int starts_before =
		    start_month < m ||
		    (start_month == m && day_of_month(span_start) == 1 && at_midnight(span_start));
		int ends_after = end_month > m; /* buckets end exclusive */
		month->complete = starts_before && ends_after;
	}
	for (size_t i = 0; i < spend->unpriced_count; i++) {
		const bw_spend_unpriced *u = &spend->unpriced[i];
		if (!u->before_first_price)
			continue;
		for (int m = month_index(u->first_day); m <= month_index(u->last_day); m++) {
			spend->months[m - first].unpriced = 1;
			spend->months[m - first].complete = 0;
		}
	}
	for (size_t i = 0; i < spend->cell_count; i++) {
		const bw_spend_cell *cell = &spend->cells[i];
		bw_spend_month *month = &spend->months[month_index(cell->month) - first];
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			month->usd[t] += cell->usd[t];
		month->web_search_usd += cell->web_search_usd;
		month->total_usd += cell->total_usd;
	}
	return 0;
}

/* Share of the complete months' days with spend a history needs before
 * its weekdays are read from it: rows by month or by week (a cost export
 * on the 1st) would read as a weekday effect. */
#define DAILY_SHARE 0.9

/* Each month's weekend spend and days with spend from day_usd[d] (the
 * priced spend of day first + d), and the weekend ratio over the complete
 * months. */
static void weekdays(bw_spend *spend, const double *day_usd, int64_t first, size_t days)
{
	int first_month = month_index(spend->first_day);
	double weekend = 0, weekday = 0;
	int weekend_days = 0, weekday_days = 0, with_spend = 0;

	spend->weekend_ratio = NAN;
	for (size_t d = 0; d < days; d++) {
		int64_t year;
		int month, day, dow = bwx_day_of_week(first + (int64_t)d);
		bwx_civil_from_days(first + (int64_t)d, &year, &month, &day);
		int m = (int)year * 12 + month - 1 - first_month;
		if (m < 0 || (size_t)m >= spend->month_count)
			continue;
		bw_spend_month *sm = &spend->months[m];
		int is_weekend = dow == 0 || dow == 6;
		if (is_weekend)
			sm->weekend_usd += day_usd[d];
		sm->days_with_spend += day_usd[d] > 0;
		if (!sm->complete)
			continue;
		with_spend += day_usd[d] > 0;
		if (is_weekend)
			weekend += day_usd[d], weekend_days++;
		else
			weekday += day_usd[d], weekday_days++;
	}
	int all = weekend_days + weekday_days;
	if (all > 0 && weekend_days > 0 && weekday > 0 && weekend > 0 &&
	    (double)with_spend >= DAILY_SHARE * (double)all)
		spend->weekend_ratio = (weekend / weekend_days) / (weekday / weekday_days);
}

int bw_spend_compute(bw_spend **out, const bw_usage_rows *daily, const bw_catalog *catalog,
                     const char *span_start, const char *span_end)
{
	bw_spend *spend = calloc(1, sizeof(*spend));
	size_t cell_capacity = 0, unpriced_capacity = 0, workspace_capacity = 0, tag_capacity = 0;
	int tagged = 0;
	char span_first[BW_USAGE_TIME_MAX] = "", span_last[BW_USAGE_TIME_MAX] = "";
	int error = 0;

	double *day_usd = NULL;
	int64_t first_day = 0, last_day = -1;

	*out = NULL;
	if (spend == NULL)
		return bw_error_set(BW_ERROR, "out of memory for spend");
	spend->weekend_ratio = NAN;
	/* The days spanned, for each day's spend (the weekday effect). */
	for (size_t i = 0; i < daily->count; i++) {
		int64_t d;
		if (bwx_date_scan(daily->items[i].bucket_start, &d, NULL) < 0)
			continue; /* refused below, with its row */
		if (last_day < first_day)
			first_day = last_day = d;
		first_day = d < first_day ? d : first_day;
		last_day = d > last_day ? d : last_day;
	}
	size_t day_count = last_day >= first_day ? (size_t)(last_day - first_day + 1) : 0;
	if (day_count > 0 && (day_usd = calloc(day_count, sizeof(double))) == NULL) {
		free(spend);
		return bw_error_set(BW_ERROR, "out of memory for spend");
	}
	for (size_t i = 0; i < daily->count; i++) {
		const bw_usage_row *row = &daily->items[i];
		bw_price_breakdown price;
		char day[11], month[8];

		if (month_index(row->bucket_start) < 0 || day_of_month(row->bucket_start) == 0) {
			error = bw_error_set(BW_EPARSE,
			                     "usage row %zu: bucket start '%s' is not a date", i,
			                     row->bucket_start);
			goto done;
		}
		if ((error = check_row_counts(row, i)) < 0)
			goto done;
		snprintf(day, sizeof(day), "%.10s", row->bucket_start);
		snprintf(month, sizeof(month), "%.7s", row->bucket_start);
		if (spend->first_day[0] == '\0' || strcmp(day, spend->first_day) < 0) {
			snprintf(spend->first_day, sizeof(spend->first_day), "%s", day);
			snprintf(span_first, sizeof(span_first), "%s", row->bucket_start);
		}
		if (strcmp(day, spend->last_day) > 0)
			snprintf(spend->last_day, sizeof(spend->last_day), "%s", day);
		if (strcmp(row->bucket_end, span_last) > 0)
			snprintf(span_last, sizeof(span_last), "%s", row->bucket_end);

		error = bw_catalog_price_row(catalog, row, &price);
		if (error == BW_ENOTFOUND) {
			bw_spend_unpriced *u = unpriced_for(spend, &unpriced_capacity, row->model);
			if (u == NULL) {
				error = bw_error_set(BW_ERROR, "out of memory for unpriced usage");
				goto done;
			}
			if ((error = add_unpriced(u, row, day)) < 0)
				goto done;
			/* A model the catalog has, used before its first price:
			 * its month holds usage the history would miss. */
			if (bw_catalog_resolve(catalog, row->model) != NULL)
				u->before_first_price = 1;
			error = 0;
			continue;
		}
		if (error < 0)
			goto done;
		bw_spend_cell *cell = cell_for(spend, &cell_capacity, month, price.model_id);
		if (cell == NULL) {
			error = bw_error_set(BW_ERROR, "out of memory for spend cells");
			goto done;
		}
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
			cell->usd[t] += price.usd[t];
			if ((error = add_count(&cell->tokens[t], row->tokens[t], row->model)) < 0)
				goto done;
		}
		cell->web_search_usd += price.web_search_usd;
		if ((error = add_count(&cell->web_search_requests, row->web_search_requests,
		                       row->model)) < 0)
			goto done;
		cell->total_usd += price.total_usd;
		spend->total_list_usd += price.total_usd;
		int64_t d;
		if (bwx_date_scan(row->bucket_start, &d, NULL) == 0)
			day_usd[d - first_day] += price.total_usd;
		if ((error = add_total(&spend->workspaces, &spend->workspace_count,
		                       &workspace_capacity, row->workspace_id, price.total_usd)) <
		        0 ||
		    (error = add_total(&spend->tags, &spend->tag_count, &tag_capacity, row->tag,
		                       price.total_usd)) < 0)
			goto done;
		tagged |= row->tag[0] != '\0';
	}
	if (spend->cell_count > 1)
		qsort(spend->cells, spend->cell_count, sizeof(*spend->cells), cell_compare);
	if (spend->workspace_count > 1)
		qsort(spend->workspaces, spend->workspace_count, sizeof(*spend->workspaces),
		      total_compare);
	if (!tagged)
		spend->tag_count = 0; /* one untagged total says nothing */
	if (spend->tag_count > 1)
		qsort(spend->tags, spend->tag_count, sizeof(*spend->tags), total_compare);
	if (spend->unpriced_count > 1)
		qsort(spend->unpriced, spend->unpriced_count, sizeof(*spend->unpriced),
		      unpriced_compare);
	if (spend->first_day[0] != '\0' &&
	    (error = build_months(spend, span_start ? span_start : span_first,
	                          span_end ? span_end : span_last)) < 0)
		goto done;
	if (spend->month_count > 0)
		weekdays(spend, day_usd, first_day, day_count);
	*out = spend;
	spend = NULL; /* now owned by the caller */
done:
	free(day_usd);
	bw_spend_free(spend);
	return error;
}

int bw_spend_from_store(bw_spend **out, bw_store *store, const bw_catalog *catalog)
{
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_families *families = NULL;
	char first[32] = "", last[32] = "";
	int error;

	*out = NULL;
	if ((error = bw_store_daily_usage(store, &daily)) < 0 ||
	    (error = bw_store_usage_span(store, first, last)) < 0)
		goto done;
	error =
	    bw_spend_compute(out, &daily, catalog, first[0] ? first : NULL, last[0] ? last : NULL);
	if (error < 0)
		goto done;
	/* The same work at today's list, for the forecast and the reports. */
	if ((error = bw_families_load_default(&families)) < 0 ||
	    (error = bw_spend_reprice(*out, &daily, catalog, families)) < 0) {
		bw_spend_free(*out);
		*out = NULL;
	}
done:
	bw_families_free(families);
	bw_usage_rows_dispose(&daily);
	return error;
}

void bw_spend_free(bw_spend *spend)
{
	if (spend == NULL)
		return;
	free(spend->cells);
	free(spend->months);
	free(spend->unpriced);
	free(spend->workspaces);
	free(spend->tags);
	free(spend->price_changes);
	for (size_t i = 0; i < spend->segment_count; i++)
		free(spend->segments[i].today_usd);
	free(spend->segments);
	free(spend);
}

int bw_spend_history(const bw_spend *spend, double **out_usd, size_t *out_count,
                     char out_first_month[8])
{
	return bw_spend_history_basis(spend, BW_PRICE_BASIS_HISTORY, out_usd, out_count,
	                              out_first_month);
}

int bw_spend_history_basis(const bw_spend *spend, bw_price_basis basis, double **out_usd,
                           size_t *out_count, char out_first_month[8])
{
	int today = basis == BW_PRICE_BASIS_TODAY && spend->repriced;
	size_t first = 0, end = spend->month_count;

	*out_usd = NULL;
	*out_count = 0;
	out_first_month[0] = '\0';
	while (first < end && !spend->months[first].complete)
		first++;
	while (end > first && !spend->months[end - 1].complete)
		end--;
	/* The run that ends there: it starts after the last month that is
	 * not complete (one with usage priced only later). */
	for (size_t i = first; i < end; i++)
		if (!spend->months[i].complete)
			first = i + 1;
	if (end == first)
		return 0;
	double *usd = malloc((end - first) * sizeof(*usd));
	if (usd == NULL)
		return bw_error_set(BW_ERROR, "out of memory for the spend history");
	for (size_t i = first; i < end; i++)
		usd[i - first] = today ? spend->months[i].today_usd : spend->months[i].total_usd;
	snprintf(out_first_month, 8, "%s", spend->months[first].month);
	*out_usd = usd;
	*out_count = end - first;
	return 0;
}

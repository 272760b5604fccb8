/*
 * usage.c: `bandwise usage` output: monthly list spend by token type and
 * by model, spend by tag, and every unpriced model with its volume.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "jsonout.h"
#include "labels.h"
#include "table.h"
#include "visible.h"

#include <stdlib.h>
#include <string.h>

static json_t *token_usd_object(const double usd[BW_TOKEN_TYPE_COUNT], double web_search_usd)
{
	json_t *obj = json_object();
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		json_object_set_new(obj, bw_token_type_api_name((bw_token_type)t),
		                    bwx_json_usd(usd[t]));
	json_object_set_new(obj, "web_search", bwx_json_usd(web_search_usd));
	return obj;
}

static json_t *token_count_object(const int64_t tokens[BW_TOKEN_TYPE_COUNT], int64_t web_searches)
{
	json_t *obj = json_object();
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		json_object_set_new(obj, bw_token_type_api_name((bw_token_type)t),
		                    json_integer(tokens[t]));
	json_object_set_new(obj, "web_search_requests", json_integer(web_searches));
	return obj;
}

int bw_report_usage_json(FILE *out, const bw_spend *spend, const bw_report_context *ctx)
{
	json_t *root = json_object(), *months = json_array(), *unpriced = json_array();
	size_t cell = 0;

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "catalog_version", bwx_json_string_or_null(ctx->catalog_version));
	json_object_set_new(root, "first_day",
	                    spend->first_day[0] ? json_string(spend->first_day) : json_null());
	json_object_set_new(root, "last_day",
	                    spend->last_day[0] ? json_string(spend->last_day) : json_null());
	json_object_set_new(root, "total_list_usd", bwx_json_usd(spend->total_list_usd));
	json_object_set_new(root, "today_list_day",
	                    spend->repriced ? json_string(spend->today_day) : json_null());
	json_object_set_new(root, "price_changes", bw_report__price_changes_json(spend));
	for (size_t m = 0; m < spend->month_count; m++) {
		const bw_spend_month *month = &spend->months[m];
		json_t *row = json_object(), *models = json_array();
		json_object_set_new(row, "month", json_string(month->month));
		json_object_set_new(row, "complete", json_boolean(month->complete));
		json_object_set_new(row, "list_usd", bwx_json_usd(month->total_usd));
		json_object_set_new(row, "today_list_usd",
		                    spend->repriced ? bwx_json_usd(month->today_usd) : json_null());
		json_object_set_new(row, "by_token_type",
		                    token_usd_object(month->usd, month->web_search_usd));
		for (; cell < spend->cell_count &&
		       strcmp(spend->cells[cell].month, month->month) == 0;
		     cell++) {
			const bw_spend_cell *c = &spend->cells[cell];
			json_t *model = json_object();
			json_object_set_new(model, "model", json_string(c->model));
			json_object_set_new(model, "list_usd", bwx_json_usd(c->total_usd));
			json_object_set_new(model, "today_list_usd",
			                    spend->repriced ? bwx_json_usd(c->today_usd)
			                                    : json_null());
			json_object_set_new(model, "today_model",
			                    spend->repriced && c->today_model[0]
			                        ? json_string(c->today_model)
			                        : json_null());
			json_object_set_new(model, "by_token_type",
			                    token_usd_object(c->usd, c->web_search_usd));
			json_object_set_new(model, "tokens",
			                    token_count_object(c->tokens, c->web_search_requests));
			json_array_append_new(models, model);
		}
		json_object_set_new(row, "by_model", models);
		json_array_append_new(months, row);
	}
	json_object_set_new(root, "months", months);
	for (size_t i = 0; i < spend->unpriced_count; i++) {
		const bw_spend_unpriced *u = &spend->unpriced[i];
		json_t *row = json_object();
		json_object_set_new(row, "model", json_string(u->model));
		json_object_set_new(row, "total_tokens", json_integer(u->total_tokens));
		json_object_set_new(row, "tokens",
		                    token_count_object(u->tokens, u->web_search_requests));
		json_object_set_new(row, "first_day", json_string(u->first_day));
		json_object_set_new(row, "last_day", json_string(u->last_day));
		json_object_set_new(row, "reason", json_string(u->reason));
		json_array_append_new(unpriced, row);
	}
	json_object_set_new(root, "unpriced", unpriced);
	json_t *tags = json_array();
	for (size_t i = 0; i < spend->tag_count; i++) {
		json_t *row = json_object();
		json_object_set_new(row, "tag", json_string(spend->tags[i].name));
		json_object_set_new(row, "list_usd", bwx_json_usd(spend->tags[i].total_usd));
		json_array_append_new(tags, row);
	}
	json_object_set_new(root, "by_tag", tags);
	return bwx_json_print(out, root);
}

/* Spend by tag, when request logs were ingested with --tag. */
static int print_tags(FILE *out, const bw_spend *spend, int color)
{
	bwx_table *table = bwx_table_new(3);
	char buf[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_table_header(table, 0, "tag", BWX_ALIGN_LEFT);
	bwx_table_header(table, 1, "list spend", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 2, "share", BWX_ALIGN_RIGHT);
	for (size_t i = 0; i < spend->tag_count; i++) {
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s",
		               spend->tags[i].name[0] ? spend->tags[i].name : "(untagged)");
		bwx_format_usd(buf, sizeof(buf), spend->tags[i].total_usd);
		bwx_table_cell(table, 1, "%s", buf);
		bwx_table_cell(
		    table, 2, "%.1f%%",
		    bw_report__percent_of(spend->tags[i].total_usd, spend->total_list_usd));
	}
	fputc('\n', out);
	bwx_table_print(table, out, color);
done:
	bwx_table_free(table);
	return error;
}

/* Sum cells per model over all months, sorted by spend, for the text. */
typedef struct {
	const char *model;
	double usd;
	double last_month_usd;
	int64_t tokens;
} model_total;

static int model_total_compare(const void *a, const void *b)
{
	const model_total *x = a, *y = b;
	return (x->usd < y->usd) - (x->usd > y->usd);
}

static int print_months(FILE *out, const bw_spend *spend, int color)
{
	bwx_table *table = bwx_table_new(BW_TOKEN_TYPE_COUNT + 3);
	double usd[BW_TOKEN_TYPE_COUNT] = {0}, web = 0;
	char buf[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_table_header(table, 0, "month", BWX_ALIGN_LEFT);
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		bwx_table_header(table, t + 1, bw_token_type_label((bw_token_type)t),
		                 BWX_ALIGN_RIGHT);
	bwx_table_header(table, BW_TOKEN_TYPE_COUNT + 1, "web search", BWX_ALIGN_RIGHT);
	bwx_table_header(table, BW_TOKEN_TYPE_COUNT + 2, "list total", BWX_ALIGN_RIGHT);
	for (size_t m = 0; m <= spend->month_count && error == 0; m++) {
		const bw_spend_month *month = m < spend->month_count ? &spend->months[m] : NULL;
		if (month == NULL)
			bwx_table_rule(table);
		if ((error = bwx_table_row(table, month == NULL)) < 0)
			break;
		if (month != NULL)
			bwx_table_cell(table, 0, "%s%s", month->month,
			               month->complete ? "" : " (partial)");
		else
			bwx_table_cell(table, 0, "total");
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
			double v = month ? month->usd[t] : usd[t];
			if (month)
				usd[t] += v;
			bwx_format_usd(buf, sizeof(buf), v);
			bwx_table_cell(table, t + 1, "%s", buf);
		}
		double w = month ? month->web_search_usd : web;
		if (month)
			web += w;
		bwx_format_usd(buf, sizeof(buf), w);
		bwx_table_cell(table, BW_TOKEN_TYPE_COUNT + 1, "%s", buf);
		bwx_format_usd(buf, sizeof(buf), month ? month->total_usd : spend->total_list_usd);
		bwx_table_cell(table, BW_TOKEN_TYPE_COUNT + 2, "%s", buf);
	}
	if (error == 0)
		bwx_table_print(table, out, color);
	bwx_table_free(table);
	return error;
}

static int print_models(FILE *out, const bw_spend *spend, int color)
{
	model_total *totals = calloc(spend->cell_count + 1, sizeof(*totals));
	const char *last_month =
	    spend->month_count ? spend->months[spend->month_count - 1].month : "";
	size_t count = 0;
	bwx_table *table = NULL;
	char buf[64];
	int error = 0;

	if (totals == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < spend->cell_count; i++) {
		const bw_spend_cell *c = &spend->cells[i];
		size_t j = 0;
		while (j < count && strcmp(totals[j].model, c->model) != 0)
			j++;
		if (j == count)
			totals[count++].model = c->model;
		totals[j].usd += c->total_usd;
		if (strcmp(c->month, last_month) == 0)
			totals[j].last_month_usd += c->total_usd;
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			totals[j].tokens += c->tokens[t];
	}
	qsort(totals, count, sizeof(*totals), model_total_compare);
	if ((table = bwx_table_new(5)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	bwx_table_header(table, 0, "model", BWX_ALIGN_LEFT);
	bwx_table_header(table, 1, "tokens", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 2, "list spend", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 3, "share", BWX_ALIGN_RIGHT);
	snprintf(buf, sizeof(buf), "%s", last_month);
	bwx_table_header(table, 4, buf, BWX_ALIGN_RIGHT);
	for (size_t j = 0; j < count; j++) {
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s", totals[j].model);
		bwx_format_tokens(buf, sizeof(buf), (double)totals[j].tokens);
		bwx_table_cell(table, 1, "%s", buf);
		bwx_format_usd(buf, sizeof(buf), totals[j].usd);
		bwx_table_cell(table, 2, "%s", buf);
		bwx_format_percent(
		    buf, sizeof(buf),
		    spend->total_list_usd > 0 ? totals[j].usd / spend->total_list_usd : 0, 1);
		bwx_table_cell(table, 3, "%s", buf);
		bwx_format_usd(buf, sizeof(buf), totals[j].last_month_usd);
		bwx_table_cell(table, 4, "%s", buf);
	}
	bwx_table_print(table, out, color);
done:
	bwx_table_free(table);
	free(totals);
	return error;
}

int bw_report_usage_text(FILE *out, const bw_spend *spend, const bw_report_context *ctx, int color)
{
	char buf[64];
	int error;

	if (spend->month_count == 0 && spend->unpriced_count == 0) {
		fprintf(out, "No usage stored yet. Add some with: bandwise ingest FILE...\n");
		return 0;
	}
	if (spend->month_count > 0) {
		bwx_format_usd(buf, sizeof(buf), spend->total_list_usd);
		fprintf(out, "List spend %s to %s: %s (prices: %s)\n\n",
		        BWX_VISIBLE(spend->first_day), BWX_VISIBLE(spend->last_day), buf,
		        BWX_VISIBLE(ctx->catalog_version ? ctx->catalog_version : "?"));
		if ((error = print_months(out, spend, color)) < 0 ||
		    (error = bw_report__basis_months_text(out, spend, color)) < 0)
			return error;
		fputc('\n', out);
		if ((error = print_models(out, spend, color)) < 0)
			return error;
		if (spend->tag_count > 0 && (error = print_tags(out, spend, color)) < 0)
			return error;
	}
	for (size_t i = 0; i < spend->unpriced_count; i++) {
		const bw_spend_unpriced *u = &spend->unpriced[i];
		bwx_format_tokens(buf, sizeof(buf), (double)u->total_tokens);
		fprintf(
		    out,
		    "\nwarning: %s tokens of model '%s' (%s to %s) are NOT priced and NOT in "
		    "the totals: %s\n",
		    buf,
		    BWX_VISIBLE(u->model[0] ? u->model : "(no model: report not grouped by model)"),
		    BWX_VISIBLE(u->first_day), BWX_VISIBLE(u->last_day), BWX_VISIBLE(u->reason));
	}
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}

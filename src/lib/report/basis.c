/*
 * basis.c: the history's price basis and its price changes, in words, in
 * a table and in JSON (basis.h).
 */
#include "basis.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"
#include "visible.h"

#include <math.h>

const char *bw_report__basis_name(bw_price_basis basis)
{
	return basis == BW_PRICE_BASIS_HISTORY ? "history" : "today";
}

static void changes_text(FILE *out, const bw_spend *spend)
{
	if (spend->price_change_count == 0)
		return;
	fprintf(out, "Price changes in the history:\n");
	for (size_t i = 0; i < spend->price_change_count; i++)
		fprintf(out, "  %s\n", BWX_VISIBLE(spend->price_changes[i].text));
}

void bw_report__basis_text(FILE *out, const bw_spend *spend, bw_price_basis basis)
{
	if (spend == NULL || !spend->repriced)
		return;
	if (basis == BW_PRICE_BASIS_HISTORY)
		fprintf(out,
		        "History as billed (the list in force each day): the price changes in it "
		        "are changes of the bill.\n");
	else
		fprintf(out,
		        "History at today's list (prices in force on %s, each model's work priced "
		        "as\nthe model that does it now): a price change is a level change, not "
		        "growth.\n",
		        spend->today_day);
}

const bw_spend_month *bw_report__basis_last_complete(const bw_spend *spend)
{
	/* The forecast's history ends with the last complete month
	 * (bw_spend_history). */
	for (size_t m = spend != NULL ? spend->month_count : 0; m-- > 0;)
		if (spend->months[m].complete)
			return &spend->months[m];
	return NULL;
}

const char *bw_report__basis_last_month(char *buf, size_t size, const bw_spend *spend,
                                        bw_price_basis basis)
{
	const bw_spend_month *last = bw_report__basis_last_complete(spend);
	char billed[64];

	if (spend == NULL || !spend->repriced) {
		snprintf(buf, size, "at list");
		return buf;
	}
	if (basis == BW_PRICE_BASIS_HISTORY) {
		snprintf(buf, size, "billed at list");
		return buf;
	}
	if (last == NULL || fabs(last->today_usd - last->total_usd) < 0.5) {
		snprintf(buf, size, "at today's list, as billed");
		return buf;
	}
	bwx_format_usd(billed, sizeof(billed), last->total_usd);
	snprintf(buf, size, "at today's list, %s billed", billed);
	return buf;
}

const char *bw_report__basis_line(char *buf, size_t size, const bw_spend *spend,
                                  bw_price_basis basis)
{
	if (spend == NULL || !spend->repriced)
		return NULL;
	if (basis == BW_PRICE_BASIS_HISTORY)
		snprintf(buf, size,
		         "history: the forecast is fitted on the history as billed (the list in "
		         "force each day)");
	else
		snprintf(
		    buf, size,
		    "today: the forecast is fitted on, and forecasts, the same work at today's "
		    "list (the prices in force on %s, each model's work priced as the model "
		    "that does it now)",
		    spend->today_day);
	return buf;
}

json_t *bw_report__price_changes_json(const bw_spend *spend)
{
	json_t *list = json_array();

	for (size_t i = 0; i < spend->price_change_count; i++) {
		const bw_price_change *p = &spend->price_changes[i];
		json_t *row = json_object();
		json_object_set_new(
		    row, "kind",
		    json_string(p->kind == BW_PRICE_CHANGE_MIGRATION ? "migration" : "list_price"));
		json_object_set_new(row, "month", json_string(p->month));
		json_object_set_new(row, "from_model", json_string(p->from_model));
		json_object_set_new(row, "to_model", json_string(p->to_model));
		json_object_set_new(row, "work_change", bwx_json_fraction(p->work_change));
		json_object_set_new(row, "bill_change", bwx_json_fraction(p->bill_change));
		json_object_set_new(row, "text", json_string(p->text));
		json_array_append_new(list, row);
	}
	return list;
}

void bw_report__basis_json(json_t *root, const bw_spend *spend, bw_price_basis basis)
{
	if (spend == NULL)
		return;
	json_object_set_new(root, "price_basis", json_string(bw_report__basis_name(basis)));
	json_object_set_new(root, "price_basis_day",
	                    spend->repriced && spend->today_day[0] ? json_string(spend->today_day)
	                                                           : json_null());
	json_object_set_new(root, "price_changes", bw_report__price_changes_json(spend));
}

const char *bw_report__segment_summary(char *buf, size_t size, const bw_segment_fit *f)
{
	if (f->stopped) {
		snprintf(buf, size, "stopped, forecast as zero");
		return buf;
	}
	/* A model that follows the months since a change of growth or level
	 * says from when (bw_forecast_fit.regime). */
	char since[40] = "";
	if (f->regime && f->regime_month[0])
		snprintf(since, sizeof(since), " (%s since %s)",
		         f->regime_shift ? "level" : "growth", f->regime_month);
	snprintf(buf, size, "%s, %.1f%% a month%s%s", bw_forecast_model_name(f->model),
	         f->monthly_growth * 100,
	         f->young ? " (young: from after its ramp, its growth shrunk toward the "
	                    "established segments')"
	                  : "",
	         since);
	return buf;
}

void bw_report__segments_text(FILE *out, const bw_segments *segments, const char *note)
{
	if (note != NULL && note[0])
		fprintf(out, "%s\n", note);
	if (segments == NULL)
		return;
	fprintf(out,
	        "Forecast by segment: %zu segments (workspace x model family, small ones pooled "
	        "as other),\neach with the model its own backtest chose, added up with a "
	        "correlation of %.0f%%\n(of their backtest errors).\n",
	        segments->count, segments->correlation * 100);
	for (size_t i = 0; i < segments->count; i++) {
		char summary[256];
		const bw_segment_fit *f = &segments->segments[i];
		fprintf(out, "  %s: %s\n", BWX_VISIBLE(f->name),
		        bw_report__segment_summary(summary, sizeof(summary), f));
	}
	for (size_t i = 0; i < segments->count; i++)
		if (segments->segments[i].event[0])
			fprintf(out, "  %s\n", BWX_VISIBLE(segments->segments[i].event));
}

void bw_report__segments_json(json_t *root, const bw_segments *segments,
                              bw_segments_setting setting, const char *note)
{
	json_object_set_new(root, "segments_setting",
	                    json_string(bw_segments_setting_name(setting)));
	json_object_set_new(root, "by_segment", json_boolean(segments != NULL));
	json_object_set_new(root, "segments_note",
	                    note != NULL && note[0] ? json_string(note) : json_null());
	if (segments == NULL) {
		json_object_set_new(root, "segments", json_null());
		return;
	}
	json_t *obj = json_object(), *list = json_array();
	json_object_set_new(obj, "correlation", bwx_json_fraction(segments->correlation));
	for (size_t i = 0; i < segments->count; i++) {
		const bw_segment_fit *f = &segments->segments[i];
		json_t *row = json_object();
		json_object_set_new(row, "name", json_string(f->name));
		json_object_set_new(row, "share", bwx_json_fraction(f->share));
		json_object_set_new(row, "stopped", json_boolean(f->stopped));
		json_object_set_new(row, "model",
		                    f->stopped ? json_null()
		                               : json_string(bw_forecast_model_name(f->model)));
		json_object_set_new(row, "monthly_growth", bwx_json_fraction(f->monthly_growth));
		json_object_set_new(row, "residual_sigma", bwx_json_fraction(f->residual_sigma));
		json_object_set_new(row, "young", json_boolean(f->young));
		json_object_set_new(row, "regime_since",
		                    f->regime && f->regime_month[0] ? json_string(f->regime_month)
		                                                    : json_null());
		json_object_set_new(row, "regime_kind",
		                    f->regime ? json_string(f->regime_shift ? "level" : "growth")
		                              : json_null());
		json_object_set_new(row, "last_usd", bwx_json_usd(f->last_usd));
		json_object_set_new(row, "event",
		                    f->event[0] ? json_string(f->event) : json_null());
		json_array_append_new(list, row);
	}
	json_object_set_new(obj, "segments", list);
	json_object_set_new(root, "segments", obj);
}

int bw_report__basis_months_text(FILE *out, const bw_spend *spend, int color)
{
	bwx_table *table;
	char buf[64];
	double billed = 0, today = 0;
	int error = 0;

	if (!spend->repriced || spend->month_count == 0)
		return 0;
	if ((table = bwx_table_new(4)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fprintf(out,
	        "\nThe same work at today's list: every month's tokens at the prices in force "
	        "on %s,\neach model's work priced as the model that does it now.\n\n",
	        spend->today_day);
	bwx_table_header(table, 0, "month", BWX_ALIGN_LEFT);
	bwx_table_header(table, 1, "billed at list", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 2, "the same work at today's list", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 3, "change", BWX_ALIGN_RIGHT);
	for (size_t m = 0; m <= spend->month_count; m++) {
		const bw_spend_month *month = m < spend->month_count ? &spend->months[m] : NULL;
		if (month == NULL)
			bwx_table_rule(table);
		if ((error = bwx_table_row(table, month == NULL)) < 0)
			goto done;
		double b = month ? month->total_usd : billed, t = month ? month->today_usd : today;
		if (month != NULL) {
			billed += b;
			today += t;
			bwx_table_cell(table, 0, "%s%s", month->month,
			               month->complete ? "" : " (partial)");
		} else {
			bwx_table_cell(table, 0, "total");
		}
		bwx_format_usd(buf, sizeof(buf), b);
		bwx_table_cell(table, 1, "%s", buf);
		bwx_format_usd(buf, sizeof(buf), t);
		bwx_table_cell(table, 2, "%s", buf);
		double change = b > 0 ? t / b - 1 : 0;
		bwx_format_percent(buf, sizeof(buf), fabs(change) < 0.0005 ? 0 : change, 1);
		bwx_table_cell(table, 3, "%s", buf);
	}
	bwx_table_print(table, out, color);
	if (spend->price_change_count > 0)
		fputc('\n', out);
	changes_text(out, spend);
done:
	bwx_table_free(table);
	return error;
}

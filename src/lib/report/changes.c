/*
 * changes.c: the detected changes of level and growth, in words and as
 * JSON, for every renderer that shows the forecast.
 */
#include "changes.h"

#include "jsonout.h"

void bw_report__changes_text(FILE *out, const bw_forecast_fit *fit)
{
	if (fit == NULL || fit->change_count == 0)
		return;
	fprintf(out, "Detected changes (the forecast weighs the latest regime):\n");
	for (size_t i = 0; i < fit->change_count; i++)
		fprintf(out, "  %s\n", fit->changes[i].text);
}

json_t *bw_report__changes_json(const bw_forecast_fit *fit)
{
	json_t *list = json_array();
	for (size_t i = 0; fit != NULL && i < fit->change_count; i++) {
		const bw_forecast_change *c = &fit->changes[i];
		json_t *row = json_object();
		json_object_set_new(row, "month",
		                    bwx_json_string_or_null(c->month[0] ? c->month : NULL));
		json_object_set_new(row, "history_index", json_integer((json_int_t)c->month_index));
		json_object_set_new(row, "level_before_usd", bwx_json_usd(c->level_before_usd));
		json_object_set_new(row, "level_after_usd", bwx_json_usd(c->level_after_usd));
		json_object_set_new(row, "monthly_growth_before",
		                    bwx_json_fraction(c->growth_before));
		json_object_set_new(row, "monthly_growth_after",
		                    bwx_json_fraction(c->growth_after));
		json_object_set_new(row, "text", json_string(c->text));
		json_array_append_new(list, row);
	}
	return list;
}

/*
 * changes.c: the detected changes of level and growth and the price
 * changes, in words and as JSON, for every renderer that shows the forecast.
 */
#include "changes.h"

#include "jsonout.h"
#include "visible.h"

#include <string.h>

int bw_report__changes_next(const bw_forecast_fit *fit, const bw_spend *spend, size_t *i, size_t *j,
                            bw_report__change *out)
{
	size_t detected = fit ? fit->change_count : 0;
	size_t priced = spend && spend->repriced ? spend->price_change_count : 0;

	if (*i >= detected && *j >= priced)
		return 0;
	if (*j >= priced || (*i < detected &&
	                     strcmp(fit->changes[*i].month, spend->price_changes[*j].month) <= 0)) {
		*out = (bw_report__change){fit->changes[*i].month, fit->changes[*i].text, 1};
		++*i;
	} else {
		*out = (bw_report__change){spend->price_changes[*j].month,
		                           spend->price_changes[*j].text, 0};
		++*j;
	}
	return 1;
}

int bw_report__changes_weighed(const bw_forecast_fit *fit)
{
	/* Only the changepoint trend forecasts from the last regime; the
	 * other models see the changes only through their fit. */
	return fit != NULL && fit->model == BW_MODEL_CHANGEPOINT;
}

void bw_report__changes_text(FILE *out, const bw_forecast_fit *fit, const bw_spend *spend)
{
	bw_report__change c;
	size_t i = 0, j = 0;

	for (int first = 1; bw_report__changes_next(fit, spend, &i, &j, &c); first = 0) {
		if (first)
			fprintf(out,
			        "Changes in the history (detected level and growth changes, price "
			        "cuts and\nmigrations%s):\n",
			        bw_report__changes_weighed(fit)
			            ? "; the forecast weighs the latest regime"
			            : "");
		fprintf(out, "  %s\n", BWX_VISIBLE(c.text));
	}
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

/*
 * backtest.c: `bandwise backtest` output: the held-out months against
 * the forecast fan, the median's error and the fan's coverage.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"

int bw_report_backtest_json(FILE *out, const bw_backtest *backtest, const bw_report_context *ctx)
{
	json_t *root = json_object(), *months = json_array();
	char label[32];

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "train_months", json_integer((json_int_t)backtest->train_months));
	json_object_set_new(root, "holdout_months",
	                    json_integer((json_int_t)backtest->holdout_months));
	json_object_set_new(root, "seed", json_integer((json_int_t)ctx->seed));
	json_object_set_new(root, "mape", bwx_json_fraction(backtest->mape));
	json_object_set_new(root, "coverage_p10_p90", bwx_json_fraction(backtest->coverage));
	json_object_set_new(root, "nominal_coverage", bwx_json_fraction(0.8));
	json_object_set_new(root, "fitted_monthly_growth",
	                    bwx_json_fraction(backtest->fit.monthly_growth));
	for (size_t h = 0; h < backtest->holdout_months; h++) {
		const bw_backtest_month *m = &backtest->months[h];
		json_t *row = json_object();
		bwx_format_month(label, sizeof(label), ctx->first_month, (int)h);
		json_object_set_new(row, "month", json_string(label));
		json_object_set_new(row, "actual_usd", bwx_json_usd(m->actual_usd));
		json_object_set_new(row, "p10_usd", bwx_json_usd(m->p10_usd));
		json_object_set_new(row, "p50_usd", bwx_json_usd(m->p50_usd));
		json_object_set_new(row, "p90_usd", bwx_json_usd(m->p90_usd));
		json_object_set_new(row, "ape", bwx_json_fraction(m->ape));
		json_object_set_new(row, "inside_p10_p90", json_boolean(m->inside));
		json_array_append_new(months, row);
	}
	json_object_set_new(root, "months", months);
	return bwx_json_print(out, root);
}

int bw_report_backtest_text(FILE *out, const bw_backtest *backtest, const bw_report_context *ctx,
                            int color)
{
	bwx_table *table = bwx_table_new(7);
	char a[64], b[64], label[32];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fprintf(out,
	        "Backtest: the trend fitted on the first %zu complete months, forecasting the last "
	        "%zu.\n\n",
	        backtest->train_months, backtest->holdout_months);
	const char *headers[] = {"month", "actual",       "P10",       "P50",
	                         "P90",   "error of P50", "in P10-P90"};
	for (int i = 0; i < 7; i++)
		bwx_table_header(table, i, headers[i], i == 0 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	for (size_t h = 0; h < backtest->holdout_months; h++) {
		const bw_backtest_month *m = &backtest->months[h];
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_format_month(label, sizeof(label), ctx->first_month, (int)h);
		bwx_table_cell(table, 0, "%s", label);
		const double values[4] = {m->actual_usd, m->p10_usd, m->p50_usd, m->p90_usd};
		for (int i = 0; i < 4; i++) {
			bwx_format_usd(a, sizeof(a), values[i]);
			bwx_table_cell(table, 1 + i, "%s", a);
		}
		bwx_format_percent(a, sizeof(a), m->ape, 1);
		bwx_table_cell(table, 5, "%s", a);
		bwx_table_cell(table, 6, "%s", m->inside ? "yes" : "NO");
	}
	bwx_table_print(table, out, color);
	bwx_format_percent(a, sizeof(a), backtest->mape, 1);
	bwx_format_percent(b, sizeof(b), backtest->coverage, 0);
	fprintf(out,
	        "\nMAPE of the median: %s. The actual fell inside P10-P90 in %s of months "
	        "(80%% if the fan is calibrated; far less means the fan is too narrow).\n",
	        a, b);
done:
	bwx_table_free(table);
	return error;
}

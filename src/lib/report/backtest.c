/*
 * backtest.c: `bandwise backtest` output: the held-out months against
 * the forecast fan, the median's error and the fan's coverage.
 */
#include "bandwise/report.h"

#include "basis.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"

/* The rolling-origin comparison, or null when the history was too short. */
static json_t *candidates_json(const bw_backtest *backtest)
{
	const bw_forecast_choice *c = &backtest->choice;
	json_t *root, *list;

	if (!backtest->has_choice)
		return json_null();
	root = json_object();
	list = json_array();
	json_object_set_new(root, "origins", json_integer((json_int_t)c->origins));
	json_object_set_new(root, "first_origin_months", json_integer((json_int_t)c->first_origin));
	json_object_set_new(root, "horizon_months", json_integer(c->horizon));
	json_object_set_new(root, "best", json_string(bw_forecast_model_name(c->best)));
	json_object_set_new(root, "chosen", json_string(bw_forecast_model_name(c->chosen)));
	json_object_set_new(root, "chosen_loses_to_drift", json_boolean(c->loses_to_drift));
	json_object_set_new(root, "reason", json_string(c->reason));
	for (int m = 1; m < BW_MODEL_COUNT; m++) {
		const bw_forecast_score *s = &c->scores[m];
		json_t *row = json_object(), *by_h = json_array();
		json_object_set_new(row, "model", json_string(bw_forecast_model_name(s->model)));
		json_object_set_new(row, "scored", json_boolean(s->scored));
		json_object_set_new(row, "forecasts", json_integer((json_int_t)s->forecasts));
		json_object_set_new(row, "mape", bwx_json_fraction(s->mape));
		json_object_set_new(row, "bias", bwx_json_fraction(s->bias));
		json_object_set_new(row, "coverage_p10_p90", bwx_json_fraction(s->coverage));
		json_object_set_new(row, "interval_score", bwx_json_fraction(s->interval_score));
		json_object_set_new(row, "crps", bwx_json_fraction(s->crps));
		for (int h = 0; h < c->horizon; h++) {
			json_t *cell = json_object();
			json_object_set_new(cell, "months_ahead", json_integer(h + 1));
			json_object_set_new(cell, "forecasts",
			                    json_integer((json_int_t)s->count_by_h[h]));
			json_object_set_new(cell, "coverage_p10_p90",
			                    bwx_json_fraction(s->coverage_by_h[h]));
			json_array_append_new(by_h, cell);
		}
		json_object_set_new(row, "coverage_by_horizon", by_h);
		json_array_append_new(list, row);
	}
	json_object_set_new(root, "models", list);
	return root;
}

/* Every candidate's rolling-origin scores, coverage by horizon, and the choice. */
static int candidates_text(FILE *out, const bw_backtest *backtest, int color)
{
	const bw_forecast_choice *c = &backtest->choice;
	bwx_table *table;
	char a[64];
	int error = 0;

	if (!backtest->has_choice) {
		fprintf(out,
		        "\nToo few months to compare the candidate models by rolling-origin "
		        "backtest (%d needed after the fit's first month).\n",
		        BW_FORECAST_CHOOSE_MIN_MONTHS);
		return 0;
	}
	fprintf(out,
	        "\nCandidate models, rolling-origin backtest: refitted at each of the last %zu "
	        "months (from %zu months of history on), forecasting 1 to %d months ahead.\n\n",
	        c->origins, c->first_origin, c->horizon);
	if ((table = bwx_table_new(7 + (size_t)c->horizon)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	const char *headers[] = {"model",      "forecasts",      "MAPE", "bias",
	                         "in P10-P90", "interval score", "CRPS"};
	for (int i = 0; i < 7; i++)
		bwx_table_header(table, i, headers[i], i == 0 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	for (int h = 0; h < c->horizon; h++) {
		char title[16];
		snprintf(title, sizeof(title), "h%d", h + 1);
		bwx_table_header(table, 7 + h, title, BWX_ALIGN_RIGHT);
	}
	for (int m = 1; m < BW_MODEL_COUNT; m++) {
		const bw_forecast_score *s = &c->scores[m];
		if ((error = bwx_table_row(table, (bw_forecast_model)m == c->chosen)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s%s", bw_forecast_model_name(s->model),
		               (bw_forecast_model)m == c->chosen ? " *" : "");
		if (!s->scored) {
			bwx_table_cell(table, 1, "too short");
			continue;
		}
		bwx_table_cell(table, 1, "%zu", s->forecasts);
		bwx_format_percent(a, sizeof(a), s->mape, 1);
		bwx_table_cell(table, 2, "%s", a);
		bwx_table_cell(table, 3, "%+.1f%%", s->bias * 100);
		bwx_format_percent(a, sizeof(a), s->coverage, 0);
		bwx_table_cell(table, 4, "%s", a);
		bwx_table_cell(table, 5, "%.3f", s->interval_score);
		bwx_table_cell(table, 6, "%.3f", s->crps);
		for (int h = 0; h < c->horizon; h++) {
			bwx_format_percent(a, sizeof(a), s->coverage_by_h[h], 0);
			bwx_table_cell(table, 7 + h, "%s", a);
		}
	}
	bwx_table_print(table, out, color);
	fprintf(out,
	        "\nbias: mean (P50 - actual) / actual, > 0 forecasts too high. interval score: "
	        "Winkler's score of P10-P90 over the actual (width, plus 10x any miss). CRPS: the "
	        "paths' continuous ranked probability score over the actual, what the choice ranks "
	        "by. Lower is better for both. h1..h%d: share inside P10-P90 by months ahead (80%% "
	        "if calibrated).\n",
	        c->horizon);
	fprintf(out, "Chosen (*): %s: %s.\n", bw_forecast_model_name(c->chosen), c->reason);
	if (c->loses_to_drift)
		fprintf(out,
		        "WARNING: the %s model loses to naive drift in this backtest: its fan "
		        "is worse than carrying the last month forward at the average growth.\n",
		        bw_forecast_model_name(c->chosen));
done:
	bwx_table_free(table);
	return error;
}

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
	json_object_set_new(root, "model",
	                    json_string(bw_forecast_model_name(backtest->fit.model)));
	json_object_set_new(root, "candidates", candidates_json(backtest));
	/* The actuals are at the forecast's price basis (docs/json.md). */
	bw_report__basis_json(root, ctx->history, ctx->price_basis);
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
	        "Backtest: the %s model fitted on the first %zu complete months, forecasting the "
	        "last %zu.\n\n",
	        bw_forecast_model_name(backtest->fit.model), backtest->train_months,
	        backtest->holdout_months);
	if (ctx->history != NULL && ctx->history->repriced) {
		/* Under today's basis the actuals are not the bill: said, so that
		 * nobody compares them with the invoice. */
		if (ctx->price_basis == BW_PRICE_BASIS_TODAY)
			fprintf(
			    out,
			    "Actuals and forecasts are the same work at today's list (prices in "
			    "force on %s),\nnot the bill: --price-basis history backtests the "
			    "bill.\n\n",
			    ctx->history->today_day);
		else
			fprintf(out, "Actuals and forecasts are the history as billed.\n\n");
	}
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
	error = candidates_text(out, backtest, color);
done:
	bwx_table_free(table);
	return error;
}

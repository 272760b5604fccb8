/*
 * forecast.c: `bandwise forecast` output: the fit and P10/P50/P90 per
 * month, and the distribution of the term's total.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "jsonout.h"
#include "changes.h"
#include "table.h"
#include "visible.h"

static const double fan[3] = {0.10, 0.50, 0.90};

int bw_report_forecast_json(FILE *out, const bw_forecast_fit *fit, const bw_paths *paths,
                            const bw_report_context *ctx)
{
	json_t *root = json_object(), *months = json_array(), *total = json_object();
	double q[3], mean;
	char label[32];
	int error;

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "paths_source", bwx_json_string_or_null(ctx->paths_source));
	json_object_set_new(root, "paths", json_integer((json_int_t)paths->path_count));
	json_object_set_new(root, "months_ahead", json_integer(paths->months));
	json_object_set_new(root, "seed", fit ? json_integer((json_int_t)ctx->seed) : json_null());
	json_object_set_new(root, "catalog_version", bwx_json_string_or_null(ctx->catalog_version));
	if (fit != NULL) {
		bw_report__basis_json(root, ctx->history, ctx->price_basis);
		bw_report__segments_json(root, ctx->segments, ctx->segments_setting,
		                         ctx->segments_note);
	}
	if (fit != NULL) {
		json_t *f = json_object();
		json_object_set_new(f, "model", json_string(bw_forecast_model_name(fit->model)));
		json_object_set_new(f, "model_chosen_by_backtest", json_boolean(fit->chosen));
		json_object_set_new(f, "model_reason", json_string(fit->reason));
		json_object_set_new(f, "fit_from_index", json_integer((json_int_t)fit->fit_from));
		json_object_set_new(f, "residual_ar1", bwx_json_fraction(fit->ar_phi));
		json_object_set_new(f, "weekday_adjusted", json_boolean(fit->weekday_adjusted));
		json_object_set_new(f, "weekend_ratio",
		                    fit->weekday_adjusted ? bwx_json_fraction(fit->weekend_ratio)
		                                          : json_null());
		json_object_set_new(f, "history_months",
		                    json_integer((json_int_t)fit->history_months));
		json_object_set_new(f, "assumed_growth", json_boolean(fit->assumed_growth));
		json_object_set_new(f, "damping", bwx_json_fraction(fit->damping));
		json_object_set_new(f, "monthly_growth", bwx_json_fraction(fit->monthly_growth));
		json_object_set_new(f, "monthly_growth_low95", bwx_json_fraction(fit->growth_low));
		json_object_set_new(f, "monthly_growth_high95",
		                    bwx_json_fraction(fit->growth_high));
		json_object_set_new(f, "residual_sigma", bwx_json_fraction(fit->residual_sigma));
		json_object_set_new(f, "last_actual_usd", bwx_json_usd(fit->last_actual_usd));
		json_object_set_new(f, "last_fitted_usd", bwx_json_usd(fit->last_fitted_usd));
		/* last_actual_usd is at the price basis; the same month as billed. */
		const bw_spend_month *last = bw_report__basis_last_complete(ctx->history);
		json_object_set_new(f, "last_billed_usd",
		                    last != NULL ? bwx_json_usd(last->total_usd) : json_null());
		json_object_set_new(f, "changes", bw_report__changes_json(fit));
		if (fit->regime) {
			json_t *regime = json_object();
			json_object_set_new(regime, "since",
			                    bwx_json_string_or_null(
			                        fit->regime_month[0] ? fit->regime_month : NULL));
			json_object_set_new(regime, "since_index",
			                    json_integer((json_int_t)fit->regime_from));
			json_object_set_new(regime, "kind",
			                    json_string(fit->regime_shift ? "level" : "growth"));
			json_object_set_new(regime, "monthly_growth",
			                    bwx_json_fraction(fit->regime_growth));
			json_object_set_new(regime, "level_change",
			                    fit->regime_shift ? bwx_json_fraction(fit->regime_level)
			                                      : json_null());
			json_object_set_new(regime, "evidence",
			                    bwx_json_real(fit->regime_evidence, 1));
			json_object_set_new(
			    regime, "backtest_choice",
			    json_string(bw_forecast_model_name(fit->regime_backtest_best)));
			json_object_set_new(f, "recent_regime", regime);
		} else {
			json_object_set_new(f, "recent_regime", json_null());
		}
		json_object_set_new(root, "fit", f);
	} else {
		json_object_set_new(root, "fit", json_null());
	}
	for (int m = 0; m < paths->months; m++) {
		json_t *row = json_object();
		if ((error = bw_paths_month_quantiles(paths, m, fan, 3, q)) < 0) {
			json_decref(months);
			json_decref(total);
			json_decref(root);
			return error;
		}
		bwx_format_month(label, sizeof(label), ctx->first_month, m);
		json_object_set_new(row, "month", json_string(label));
		json_object_set_new(row, "index", json_integer(m + 1));
		json_object_set_new(row, "p10_usd", bwx_json_usd(q[0]));
		json_object_set_new(row, "p50_usd", bwx_json_usd(q[1]));
		json_object_set_new(row, "p90_usd", bwx_json_usd(q[2]));
		json_object_set_new(row, "mean_usd", bwx_json_usd(bw_paths_month_mean(paths, m)));
		json_array_append_new(months, row);
	}
	json_object_set_new(root, "months", months);
	if ((error = bw_paths_total_quantiles(paths, paths->months, fan, 3, q, &mean)) < 0) {
		json_decref(total);
		json_decref(root);
		return error;
	}
	json_object_set_new(total, "p10_usd", bwx_json_usd(q[0]));
	json_object_set_new(total, "p50_usd", bwx_json_usd(q[1]));
	json_object_set_new(total, "p90_usd", bwx_json_usd(q[2]));
	json_object_set_new(total, "mean_usd", bwx_json_usd(mean));
	json_object_set_new(root, "total", total);
	return bwx_json_print(out, root);
}

int bw_report_forecast_text(FILE *out, const bw_forecast_fit *fit, const bw_paths *paths,
                            const bw_report_context *ctx, int color)
{
	bwx_table *table = bwx_table_new(5);
	double q[3], mean;
	char a[64], b[64], c[64], basis[128], label[32];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if (fit != NULL) {
		bwx_format_percent(a, sizeof(a), fit->monthly_growth, 1);
		bwx_format_percent(b, sizeof(b), fit->growth_low, 1);
		bwx_format_percent(c, sizeof(c), fit->growth_high, 1);
		fprintf(out, "Model: %s (%s).\n", bw_forecast_model_name(fit->model), fit->reason);
		if (fit->regime && fit->regime_month[0] && fit->regime_shift) {
			bwx_format_percent(a, sizeof(a), fit->regime_growth, 1);
			fprintf(
			    out,
			    "Level since %s: %+.0f%% (the recent level, forecast from it at the "
			    "history's growth of %s a month: the backtest alone chose %s).\n",
			    fit->regime_month, fit->regime_level * 100, a,
			    bw_forecast_model_name(fit->regime_backtest_best));
		} else if (fit->regime && fit->regime_month[0]) {
			bwx_format_percent(a, sizeof(a), fit->regime_growth, 1);
			fprintf(
			    out,
			    "Growth since %s: %s a month (the recent regime, forecast on its own: "
			    "the backtest alone chose %s).\n",
			    fit->regime_month, a,
			    bw_forecast_model_name(fit->regime_backtest_best));
		}
		if (fit->assumed_growth)
			fprintf(out,
			        "Growth ASSUMED at %s a month (--growth), level from %zu complete "
			        "months,\n",
			        a, fit->history_months);
		else
			fprintf(out,
			        "Fitted on %zu complete months: %s a month now (95%% interval %s "
			        "to %s),\n",
			        fit->history_months, a, b, c);
		if (fit->damping < 1)
			fprintf(out, "damped: month h ahead adds %g^h of the monthly growth,\n",
			        fit->damping);
		bwx_format_percent(a, sizeof(a), fit->residual_sigma, 1);
		bwx_format_usd(b, sizeof(b), fit->last_actual_usd);
		bwx_format_usd(c, sizeof(c), fit->last_fitted_usd);
		fprintf(out, "month-to-month noise %s", a);
		if (fit->ar_phi != 0)
			fprintf(out, " (autocorrelation %.2f, simulated)", fit->ar_phi);
		fprintf(out, ";\nlast month %s %s (model %s).\n", b,
		        bw_report__basis_last_month(basis, sizeof(basis), ctx->history,
		                                    ctx->price_basis),
		        c);
		if (ctx->segments != NULL)
			fprintf(out, "That fit is of the company's total; the paths below are the "
			             "sum of the segments' forecasts.\n");
		if (fit->weekday_adjusted)
			fprintf(
			    out,
			    "Weekdays: fitted per weekday-equivalent day (a weekend day spends "
			    "%.2f of a weekday, from the daily rows); each month ahead at its own "
			    "days.\n",
			    fit->weekend_ratio);
		bw_report__basis_text(out, ctx->history, ctx->price_basis);
		bw_report__changes_text(out, fit, ctx->history);
		bw_report__segments_text(out, ctx->segments, ctx->segments_note);
		fprintf(out, "%zu Monte Carlo paths, seed %llu.\n\n", paths->path_count, ctx->seed);
	} else {
		fprintf(out, "%zu paths read from %s.\n\n", paths->path_count,
		        BWX_VISIBLE(ctx->paths_source ? ctx->paths_source : "a file"));
	}
	bwx_table_header(table, 0, "month", BWX_ALIGN_LEFT);
	bwx_table_header(table, 1, "P10", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 2, "P50", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 3, "P90", BWX_ALIGN_RIGHT);
	bwx_table_header(table, 4, "mean", BWX_ALIGN_RIGHT);
	for (int m = 0; m <= paths->months; m++) {
		int is_total = m == paths->months;
		if (is_total) {
			bwx_table_rule(table);
			error = bw_paths_total_quantiles(paths, paths->months, fan, 3, q, &mean);
		} else {
			error = bw_paths_month_quantiles(paths, m, fan, 3, q);
			mean = bw_paths_month_mean(paths, m);
		}
		if (error < 0 || (error = bwx_table_row(table, is_total)) < 0)
			goto done;
		if (is_total)
			bwx_table_cell(table, 0, "%d months", paths->months);
		else {
			bwx_format_month(label, sizeof(label), ctx->first_month, m);
			bwx_table_cell(table, 0, "%s", label);
		}
		for (int i = 0; i < 3; i++) {
			bwx_format_usd(a, sizeof(a), q[i]);
			bwx_table_cell(table, 1 + i, "%s", a);
		}
		bwx_format_usd(a, sizeof(a), mean);
		bwx_table_cell(table, 4, "%s", a);
	}
	bwx_table_print(table, out, color);
	if (fit != NULL && ctx->history != NULL && ctx->history->repriced &&
	    ctx->price_basis == BW_PRICE_BASIS_TODAY)
		fprintf(out,
		        "\nList spend at today's list (prices in force on %s), USD. The total "
		        "row is the distribution of each path's sum, not the sum of the monthly "
		        "percentiles.\n",
		        ctx->history->today_day);
	else
		fprintf(out,
		        "\nList spend, USD. The total row is the distribution of each path's sum, "
		        "not the sum of the monthly percentiles.\n");
done:
	bwx_table_free(table);
	return error;
}

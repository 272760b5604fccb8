/*
 * xlsx.c: `bandwise report --format xlsx`, the report's tables as an
 * Excel workbook (libxlsxwriter): numbers stored as numbers, currency and
 * percentage formats, frozen header rows, set column widths.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "labels.h"
#include "table.h"

#include <xlsxwriter.h>

typedef struct {
	lxw_format *header, *usd, *percent, *text;
} formats;

static lxw_worksheet *sheet(lxw_workbook *wb, const formats *f, const char *name,
                            const char *const *headers, int columns, const double *widths)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	for (int c = 0; c < columns; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, headers[c], f->header);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

int bw_report_xlsx(const char *path, const bw_report_bundle *b, const bw_report_context *ctx)
{
	lxw_workbook *wb = workbook_new(path);
	formats f;
	char month[16];
	static const double probs[3] = {0.1, 0.5, 0.9};

	if (wb == NULL)
		return bw_error_set(BW_EIO, "%s: cannot create the workbook", path);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_bottom(f.header, LXW_BORDER_THIN);
	f.usd = workbook_add_format(wb);
	format_set_num_format(f.usd, "$#,##0.00");
	f.percent = workbook_add_format(wb);
	format_set_num_format(f.percent, "0.0%");
	f.text = NULL;

	/* Monthly usage */
	/* Billed at list, and beside it the same work at today's list (empty
	 * when the history was not repriced), as the CSV's today_list_usd. */
	static const char *const usage_headers[] = {"month", "complete", "billed at list (USD)",
	                                            "the same work at today's list (USD)"};
	static const double usage_widths[] = {10, 10, 20, 34};
	lxw_worksheet *ws = sheet(wb, &f, "Monthly usage", usage_headers, 4, usage_widths);
	for (size_t i = 0; i < b->spend->month_count; i++) {
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, b->spend->months[i].month, NULL);
		worksheet_write_boolean(ws, (lxw_row_t)(i + 1), 1, b->spend->months[i].complete,
		                        NULL);
		worksheet_write_number(ws, (lxw_row_t)(i + 1), 2, b->spend->months[i].total_usd,
		                       f.usd);
		if (b->spend->repriced)
			worksheet_write_number(ws, (lxw_row_t)(i + 1), 3,
			                       b->spend->months[i].today_usd, f.usd);
	}
	char basis[320];
	const char *basis_line =
	    bw_report__basis_line(basis, sizeof(basis), ctx->history, ctx->price_basis);
	if (basis_line != NULL) {
		lxw_row_t r = (lxw_row_t)(b->spend->month_count + 2);
		worksheet_write_string(ws, r, 0, "price basis", NULL);
		worksheet_write_string(ws, r, 1, basis_line, NULL);
	}
	/* Forecast */
	static const char *const fc_headers[] = {"month", "P10 (USD)", "P50 (USD)", "P90 (USD)",
	                                         "mean (USD)"};
	static const double fc_widths[] = {10, 14, 14, 14, 14};
	ws = sheet(wb, &f, "Forecast", fc_headers, 5, fc_widths);
	for (int m = 0; m < b->paths->months; m++) {
		double q[3];
		bw_paths_month_quantiles(b->paths, m, probs, 3, q);
		bwx_format_month(month, sizeof(month), b->first_month, m);
		worksheet_write_string(ws, (lxw_row_t)(m + 1), 0, month, NULL);
		for (int k = 0; k < 3; k++)
			worksheet_write_number(ws, (lxw_row_t)(m + 1), (lxw_col_t)(1 + k), q[k],
			                       f.usd);
		worksheet_write_number(ws, (lxw_row_t)(m + 1), 4, bw_paths_month_mean(b->paths, m),
		                       f.usd);
	}
	/* Bands */
	static const char *const band_headers[] = {"option",
	                                           "recommended",
	                                           "discount",
	                                           "overage",
	                                           "true-up",
	                                           "commit (USD)",
	                                           "expected cost (USD)",
	                                           "P90 (USD)",
	                                           "CVaR (USD)",
	                                           "expected unused (USD)",
	                                           "P(shortfall)",
	                                           "ESR",
	                                           "threshold measure"};
	static const double band_widths[] = {14, 12, 10, 11, 9, 16, 18, 16, 16, 20, 12, 9, 18};
	ws = sheet(wb, &f, "Bands", band_headers, 13, band_widths);
	const bw_plan_result *plan = b->plan;
	worksheet_write_string(ws, 1, 0, "pay-as-you-go", NULL);
	worksheet_write_boolean(ws, 1, 1, plan->recommended < 0, NULL);
	worksheet_write_number(ws, 1, 2, 0, f.percent);
	worksheet_write_number(ws, 1, 6, plan->payg_expected_cost_usd, f.usd);
	worksheet_write_number(ws, 1, 7, plan->payg_p90_cost_usd, f.usd);
	worksheet_write_number(ws, 1, 8, plan->payg_cvar_usd, f.usd);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		lxw_row_t r = (lxw_row_t)(i + 2);
		worksheet_write_string(ws, r, 0, band->band.name, NULL);
		worksheet_write_boolean(ws, r, 1, plan->recommended == (int)i, NULL);
		worksheet_write_number(ws, r, 2, band->band.discount, f.percent);
		worksheet_write_string(ws, r, 3, bw_overage_name(band->band.overage), NULL);
		worksheet_write_string(ws, r, 4, bw_true_up_name(band->band.true_up), NULL);
		const double v[5] = {band->optimum.commit_usd, band->optimum.expected_cost_usd,
		                     band->optimum.p90_cost_usd, band->optimum.cvar_usd,
		                     band->optimum.expected_unused_usd};
		for (int k = 0; k < 5; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(5 + k), v[k], f.usd);
		worksheet_write_number(ws, r, 10, band->optimum.shortfall_probability, f.percent);
		worksheet_write_number(ws, r, 11, band->optimum.esr, f.percent);
		worksheet_write_string(
		    ws, r, 12, bw_threshold_measure_name(band->band.threshold_measure), NULL);
	}
	/* The discounts above rest on the band table: said beside them when it
	 * is the illustrative one. */
	if (bw_report__bands_illustrative(ctx))
		worksheet_write_string(ws, (lxw_row_t)(plan->band_count + (ctx->evaluated ? 4 : 3)),
		                       0, bw_report__bands_warning_html, NULL);
	/* The commitment asked for (report --commit), below the bands. */
	if (ctx->evaluated != NULL) {
		const bw_plan_outcome *o = ctx->evaluated;
		char label[160];
		lxw_row_t r = (lxw_row_t)(plan->band_count + 2);
		snprintf(label, sizeof(label), "asked: %s",
		         ctx->evaluated_band ? ctx->evaluated_band : "");
		worksheet_write_string(ws, r, 0, label, NULL);
		worksheet_write_boolean(ws, r, 1, 0, NULL);
		const double v[5] = {o->commit_usd, o->expected_cost_usd, o->p90_cost_usd,
		                     o->cvar_usd, o->expected_unused_usd};
		for (int k = 0; k < 5; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(5 + k), v[k], f.usd);
		worksheet_write_number(ws, r, 10, o->shortfall_probability, f.percent);
		worksheet_write_number(ws, r, 11, o->esr, f.percent);
	}
	/* Savings waterfall, with a policy */
	if (b->waterfall != NULL) {
		static const char *const w_headers[] = {"stage", "list spend (USD)"};
		static const double w_widths[] = {16, 18};
		ws = sheet(wb, &f, "Savings", w_headers, 2, w_widths);
		for (int s = 0; s < BW_POLICY_STAGES; s++) {
			worksheet_write_string(ws, (lxw_row_t)(s + 1), 0, bw_report__stage_name(s),
			                       NULL);
			worksheet_write_number(ws, (lxw_row_t)(s + 1), 1, b->waterfall->usd[s],
			                       f.usd);
		}
	}
	/* Offers, when given */
	if (b->offer_count > 0) {
		static const char *const o_headers[] = {"offer",
		                                        "commit (USD)",
		                                        "term (months)",
		                                        "discount",
		                                        "expected cost (USD)",
		                                        "pay-as-you-go (USD)",
		                                        "recommended deal (USD)",
		                                        "discount it needs",
		                                        "beats peers",
		                                        "threshold measure",
		                                        "discount vs pay-as-you-go"};
		static const double o_widths[] = {40, 16, 13, 10, 18, 18, 20, 16, 12, 18, 24};
		ws = sheet(wb, &f, "Offers", o_headers, 11, o_widths);
		for (size_t i = 0; i < b->offer_count; i++) {
			const bw_deal_file *o = b->offers[i];
			const bw_offer_evaluation *e = &b->offer_evaluations[i];
			lxw_row_t r = (lxw_row_t)(i + 1);
			worksheet_write_string(ws, r, 0, o->name, NULL);
			worksheet_write_number(ws, r, 1, o->commit_usd, f.usd);
			worksheet_write_number(ws, r, 2, o->term_months, NULL);
			worksheet_write_number(ws, r, 3, o->terms.discount, f.percent);
			worksheet_write_number(ws, r, 4, e->outcome.expected_cost_usd, f.usd);
			worksheet_write_number(ws, r, 5, e->payg_expected_cost_usd, f.usd);
			worksheet_write_number(ws, r, 6, e->recommended_expected_cost_usd, f.usd);
			if (e->target_discount == e->target_discount)
				worksheet_write_number(ws, r, 7, e->target_discount, f.percent);
			else
				worksheet_write_string(ws, r, 7, "none below 99%", NULL);
			if (b->peers_fit) {
				bw_peers_placement place;
				bw_peers_place(b->peers, b->peers_fit, o->commit_usd,
				               o->term_months, o->terms.discount, &place);
				worksheet_write_number(ws, r, 8, place.percentile, f.percent);
			}
			worksheet_write_string(
			    ws, r, 9, bw_threshold_measure_name(o->terms.threshold_measure), NULL);
			/* The target that does not rest on the band table. */
			if (e->target_discount_payg == e->target_discount_payg)
				worksheet_write_number(ws, r, 10, e->target_discount_payg,
				                       f.percent);
			else
				worksheet_write_string(ws, r, 10, "none below 99%", NULL);
		}
	}
	/* Assumptions */
	static const char *const a_headers[] = {"item", "value"};
	static const double a_widths[] = {22, 90};
	ws = sheet(wb, &f, "Assumptions", a_headers, 2, a_widths);
	lxw_row_t r = 1;
	worksheet_write_string(ws, r, 0, "prices", NULL);
	worksheet_write_string(ws, r++, 1, ctx->catalog_version ? ctx->catalog_version : "", NULL);
	worksheet_write_string(ws, r, 0, "bands", NULL);
	worksheet_write_string(ws, r++, 1, ctx->bands ? ctx->bands->origin : "", NULL);
	worksheet_write_string(ws, r, 0, "bands are illustrative", NULL);
	worksheet_write_boolean(ws, r++, 1, bw_report__bands_illustrative(ctx), NULL);
	if (bw_report__bands_illustrative(ctx)) {
		worksheet_write_string(ws, r, 0, "bands note", NULL);
		worksheet_write_string(ws, r++, 1, bw_report__bands_warning_html, NULL);
	}
	if (basis_line != NULL) {
		worksheet_write_string(ws, r, 0, "price basis", NULL);
		worksheet_write_string(ws, r++, 1, basis_line, NULL);
	}
	if (ctx->segments_note != NULL && ctx->segments_note[0]) {
		worksheet_write_string(ws, r, 0, "segments", NULL);
		worksheet_write_string(ws, r++, 1, ctx->segments_note, NULL);
	}
	worksheet_write_string(ws, r, 0, "thresholds count", NULL);
	worksheet_write_string(
	    ws, r++, 1, bw_report__threshold_measure_sentence(b->plan->threshold_measure), NULL);
	worksheet_write_string(ws, r, 0, "forecast seed", NULL);
	worksheet_write_number(ws, r++, 1, (double)ctx->seed, NULL);
	worksheet_write_string(ws, r, 0, "paths", NULL);
	worksheet_write_number(ws, r++, 1, (double)b->paths->path_count, NULL);
	if (b->peers != NULL) {
		worksheet_write_string(ws, r, 0, "peers", NULL);
		worksheet_write_string(ws, r++, 1,
		                       b->peers->synthetic ? "SYNTHETIC peer data, not real deals"
		                                           : b->peers->origin,
		                       NULL);
	}
	for (size_t i = 0; i < b->source_count; i++) {
		char value[700];
		snprintf(value, sizeof(value), "%s sha256 %s", b->sources[i].name,
		         b->sources[i].sha256_hex);
		worksheet_write_string(ws, r, 0, "ingested file", NULL);
		worksheet_write_string(ws, r++, 1, value, NULL);
	}
	lxw_error error = workbook_close(wb);
	if (error != LXW_NO_ERROR)
		return bw_error_set(BW_EIO, "%s: cannot write the workbook: %s", path,
		                    lxw_strerror(error));
	return 0;
}

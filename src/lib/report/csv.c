/*
 * report_csv.c: the report's tables as CSV files, written atomically.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "csv.h"
#include "fileio.h"
#include "labels.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int finish(const char *dir, const char *name, char *data, size_t len)
{
	char path[4096];
	int error;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	error = bwx_file_write_atomic(path, data, len);
	free(data);
	return error;
}

int bw_report_csv_dir(const char *dir, const bw_report_bundle *b, const bw_report_context *ctx)
{
	char *data = NULL, month[16];
	size_t len = 0;
	FILE *out;
	int error;
	static const double probs[3] = {0.1, 0.5, 0.9};

	/* monthly usage */
	if ((out = open_memstream(&data, &len)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* Billed at list, and the same work at today's list (empty when the
	 * history was not repriced). */
	fputs("month,complete,list_usd,today_list_usd\n", out);
	for (size_t i = 0; i < b->spend->month_count; i++) {
		fprintf(out, "%s,%s,%.2f,", b->spend->months[i].month,
		        b->spend->months[i].complete ? "true" : "false",
		        b->spend->months[i].total_usd);
		if (b->spend->repriced)
			fprintf(out, "%.2f", b->spend->months[i].today_usd);
		fputc('\n', out);
	}
	fclose(out);
	if ((error = finish(dir, "monthly-usage.csv", data, len)) < 0)
		return error;
	/* forecast */
	if ((out = open_memstream(&data, &len)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fputs("month,p10_usd,p50_usd,p90_usd,mean_usd\n", out);
	for (int m = 0; m < b->paths->months; m++) {
		double q[3];
		bw_paths_month_quantiles(b->paths, m, probs, 3, q);
		bwx_format_month(month, sizeof(month), b->first_month, m);
		fprintf(out, "%s,%.2f,%.2f,%.2f,%.2f\n", month, q[0], q[1], q[2],
		        bw_paths_month_mean(b->paths, m));
	}
	fclose(out);
	if ((error = finish(dir, "forecast.csv", data, len)) < 0)
		return error;
	/* bands */
	if ((out = open_memstream(&data, &len)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fputs("option,recommended,discount,overage,true_up,rollover,commit_usd,expected_cost_usd,"
	      "p50_cost_usd,"
	      "p90_cost_usd,cvar_usd,expected_unused_usd,shortfall_probability,expected_overage_"
	      "usd,esr,threshold_measure\n",
	      out);
	const bw_plan_result *plan = b->plan;
	fprintf(out, "pay-as-you-go,%s,0,,,0,0,%.2f,%.2f,%.2f,%.2f,0,0,0,0,\n",
	        plan->recommended < 0 ? "true" : "false", plan->payg_expected_cost_usd,
	        plan->payg_p50_cost_usd, plan->payg_p90_cost_usd, plan->payg_cvar_usd);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		const bw_plan_outcome *o = &band->optimum;
		bwx_csv_write_field(out, band->band.name);
		fprintf(out,
		        ",%s,%.6f,%s,%s,%.6f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.6f,%.2f,%.6f,%s\n",
		        plan->recommended == (int)i ? "true" : "false", band->band.discount,
		        bw_overage_name(band->band.overage), bw_true_up_name(band->band.true_up),
		        band->band.rollover, o->commit_usd, o->expected_cost_usd, o->p50_cost_usd,
		        o->p90_cost_usd, o->cvar_usd, o->expected_unused_usd,
		        o->shortfall_probability, o->expected_overage_usd, o->esr,
		        bw_threshold_measure_name(band->band.threshold_measure));
	}
	fclose(out);
	if ((error = finish(dir, "bands.csv", data, len)) < 0)
		return error;
	/* waterfall */
	if (b->waterfall != NULL) {
		if ((out = open_memstream(&data, &len)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		fputs("stage,list_usd\n", out);
		static const char *const stages[BW_POLICY_STAGES] = {
		    "list", "after routing", "after caching", "after batch"};
		for (int s = 0; s < BW_POLICY_STAGES; s++)
			fprintf(out, "%s,%.2f\n", stages[s], b->waterfall->usd[s]);
		fclose(out);
		if ((error = finish(dir, "waterfall.csv", data, len)) < 0)
			return error;
	}
	/* offers */
	if (b->offer_count > 0) {
		if ((out = open_memstream(&data, &len)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		fputs("offer,commit_usd,term_months,discount,expected_cost_usd,payg_expected_cost_"
		      "usd,"
		      "recommended_expected_cost_usd,target_discount,peer_percentile,threshold_"
		      "measure,target_discount_payg\n",
		      out);
		for (size_t i = 0; i < b->offer_count; i++) {
			const bw_deal_file *o = b->offers[i];
			const bw_offer_evaluation *e = &b->offer_evaluations[i];
			bwx_csv_write_field(out, o->name);
			fprintf(out, ",%.2f,%d,%.6f,%.2f,%.2f,%.2f,", o->commit_usd, o->term_months,
			        o->terms.discount, e->outcome.expected_cost_usd,
			        e->payg_expected_cost_usd, e->recommended_expected_cost_usd);
			if (e->target_discount == e->target_discount)
				fprintf(out, "%.6f", e->target_discount);
			fputc(',', out);
			if (b->peers_fit) {
				bw_peers_placement place;
				bw_peers_place(b->peers, b->peers_fit, o->commit_usd,
				               o->term_months, o->terms.discount, &place);
				fprintf(out, "%.6f", place.percentile);
			}
			/* The offer's own measure, and the target that does not rest
			 * on the band table (empty when no discount below 99% does). */
			fprintf(out, ",%s,", bw_threshold_measure_name(o->terms.threshold_measure));
			if (e->target_discount_payg == e->target_discount_payg)
				fprintf(out, "%.6f", e->target_discount_payg);
			fputc('\n', out);
		}
		fclose(out);
		if ((error = finish(dir, "offers.csv", data, len)) < 0)
			return error;
	}
	/* assumptions */
	if ((out = open_memstream(&data, &len)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fputs("item,value\n", out);
	fputs("prices,", out);
	bwx_csv_write_field(out, ctx->catalog_version ? ctx->catalog_version : "");
	fputs("\nbands,", out);
	bwx_csv_write_field(out, ctx->bands ? ctx->bands->origin : "");
	fprintf(out, "\nbands_illustrative,%s\nseed,%llu\npaths,%zu\n",
	        bw_report__bands_illustrative(ctx) ? "true" : "false", ctx->seed,
	        b->paths->path_count);
	if (bw_report__bands_illustrative(ctx)) {
		fputs("bands_note,", out);
		bwx_csv_write_field(out, bw_report__bands_warning_html);
		fputc('\n', out);
	}
	char basis[320];
	const char *basis_line =
	    bw_report__basis_line(basis, sizeof(basis), ctx->history, ctx->price_basis);
	if (basis_line != NULL) {
		fputs("price_basis,", out);
		bwx_csv_write_field(out, basis_line);
		fputc('\n', out);
	}
	if (ctx->segments_note != NULL && ctx->segments_note[0]) {
		fputs("segments,", out);
		bwx_csv_write_field(out, ctx->segments_note);
		fputc('\n', out);
	}
	for (size_t i = 0; i < b->source_count; i++) {
		fputs("ingested,", out);
		char item[700];
		snprintf(item, sizeof(item), "%s sha256:%s", b->sources[i].name,
		         b->sources[i].sha256_hex);
		bwx_csv_write_field(out, item);
		fputc('\n', out);
	}
	fclose(out);
	return finish(dir, "assumptions.csv", data, len);
}

int bw_report_write_file(const char *path, const char *data, size_t len)
{
	return bwx_file_write_atomic(path, data, len);
}

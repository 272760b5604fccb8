/*
 * document.c: the documents of document.h: the analysis run with the
 * caller's options, then the report module's renderer, with the report's
 * context (where the inputs came from) said once here for every front end.
 */
#include "bandwise/document.h"

#include "bandwise/error.h"
#include "bandwise/report.h"

#include <string.h>

/* What every document says about its inputs. */
static bw_report_context context_of(const bw_analysis *a, const bw_analysis_options *o)
{
	bw_report_context ctx = {
	    .catalog_version = a->catalog ? bw_catalog_version(a->catalog) : NULL,
	    .bands = a->bands,
	    .paths_source = o->paths_file ? o->paths_file : "forecast",
	    .seed = o->forecast.seed,
	    .fit = a->has_fit ? &a->fit : NULL,
	    .history = a->has_fit ? a->spend : NULL,
	    .price_basis = a->price_basis,
	    .segments = a->segments,
	    .segments_setting = a->segments_setting,
	    .segments_note = a->segments_note,
	};
	return ctx;
}

static int run(bw_analysis **analysis, const bw_analysis_options *options, unsigned stages)
{
	bw_analysis_options o = *options;
	o.stages = stages;
	return bw_analysis_run(analysis, &o);
}

int bw_document_plan(FILE *out, bw_document_format format, const bw_analysis_options *options,
                     const bw_document_commit *commit, bw_analysis **analysis)
{
	bw_analysis_evaluation evaluated;
	int error;

	if ((error = run(analysis, options, options->stages | BW_ANALYSIS_PLAN)) < 0)
		return error;
	const bw_analysis *a = *analysis;
	bw_report_context ctx = context_of(a, options);
	ctx.trapped = a->has_trapped ? &a->trapped : NULL;
	ctx.savings = options->savings;
	ctx.savings_ramp_months = options->savings_ramp_months;
	ctx.first_month = NULL; /* plan numbers months of the term, not calendar months */
	if (options->policy_path != NULL) {
		/* What the report says was assumed: the levers' total and the longest ramp. */
		ctx.savings = 0;
		ctx.savings_ramp_months = 0;
		for (int l = 0; l < BW_LEVER_COUNT; l++) {
			ctx.savings += a->lever_shares[l];
			if (a->lever_ramp_months[l] > ctx.savings_ramp_months)
				ctx.savings_ramp_months = a->lever_ramp_months[l];
		}
	}
	if (commit != NULL && commit->commit_usd >= 0) {
		if ((error = bw_analysis_evaluate(a->bands, a->sizing, &options->plan,
		                                  commit->commit_usd, commit->schedule_usd,
		                                  commit->schedule_count, commit->band, &evaluated,
		                                  NULL)) < 0)
			return error;
		ctx.evaluated = &evaluated.outcome;
		ctx.evaluated_band = evaluated.band;
		ctx.evaluated_asked_band = evaluated.asked_band;
	}
	return format == BW_DOCUMENT_JSON
	           ? bw_report_plan_json(out, a->plan, &ctx)
	           : bw_report_plan_text(out, a->plan, &ctx, format == BW_DOCUMENT_TEXT_COLOR);
}

int bw_document_evaluate(FILE *out, const bw_analysis_options *options,
                         const bw_document_commit *commit, bw_analysis **analysis)
{
	bw_analysis_evaluation evaluated;
	double payg_usd;
	int error;

	if ((error = run(analysis, options, BW_ANALYSIS_PATHS)) < 0)
		return error;
	bw_analysis *a = *analysis;
	/* The bands belong to the result, freed with it. */
	if ((error = options->bands_path ? bw_bands_load_file(&a->bands, options->bands_path)
	                                 : bw_bands_load_default(&a->bands)) < 0 ||
	    (error = bw_analysis_evaluate(a->bands, a->sizing, &options->plan, commit->commit_usd,
	                                  commit->schedule_usd, commit->schedule_count,
	                                  commit->band, &evaluated, &payg_usd)) < 0)
		return error;
	return bw_report_evaluation_json(out, evaluated.band, evaluated.asked_band,
	                                 &evaluated.outcome, payg_usd, a->bands);
}

int bw_document_curves(FILE *out, const bw_analysis_options *options, bw_analysis **analysis)
{
	int error;

	if ((error = run(analysis, options, BW_ANALYSIS_CURVES)) < 0)
		return error;
	const bw_analysis *a = *analysis;
	return bw_report_curves_json(out, a->bands, options->forecast.months,
	                             options->forecast.paths, a->plan->payg_expected_cost_usd,
	                             a->curve_commits_usd, a->curve_costs_usd, a->curve_points);
}

int bw_document_forecast(FILE *out, bw_document_format format, const bw_analysis_options *options,
                         bw_analysis **analysis)
{
	int error;

	if ((error = run(analysis, options, BW_ANALYSIS_PATHS)) < 0)
		return error;
	const bw_analysis *a = *analysis;
	bw_report_context ctx = context_of(a, options);
	ctx.bands = NULL;
	ctx.fit = NULL; /* the fit is the renderer's own argument */
	ctx.first_month = a->first_month[0] ? a->first_month : NULL;
	if (options->policy_path != NULL) {
		const double *shares = a->lever_shares;
		const int *ramps = a->lever_ramp_months;
		char shown_policy[1024], shown_scope[1024];
		ctx.paths_source = "forecast after the optimization policy";
		if (format != BW_DOCUMENT_JSON &&
		    fprintf(
		        out,
		        "After %s (levers measured on %s: routing %.1f%%, caching %.1f%%, "
		        "batch %.1f%% of list, ramped over %d/%d/%d months):\n",
		        bw_report_visible(shown_policy, sizeof(shown_policy), options->policy_path),
		        bw_report_visible(shown_scope, sizeof(shown_scope), a->policy_scope),
		        shares[0] * 100, shares[1] * 100, shares[2] * 100, ramps[0], ramps[1],
		        ramps[2]) < 0)
			return bw_error_set(BW_EIO, "cannot write the forecast");
	}
	const bw_forecast_fit *fit = a->has_fit ? &a->fit : NULL;
	return format == BW_DOCUMENT_JSON
	           ? bw_report_forecast_json(out, fit, a->sizing, &ctx)
	           : bw_report_forecast_text(out, fit, a->sizing, &ctx,
	                                     format == BW_DOCUMENT_TEXT_COLOR);
}

int bw_document_offer(FILE *out, bw_document_format format, const bw_analysis_options *options,
                      bw_analysis **analysis)
{
	int error;

	if ((error = run(analysis, options, BW_ANALYSIS_PATHS)) < 0)
		return error;
	const bw_analysis *a = *analysis;
	/* What offer says of its inputs: the prices, the bands, the paths. */
	bw_report_context ctx = {
	    .catalog_version = a->catalog ? bw_catalog_version(a->catalog) : NULL,
	    .bands = a->bands,
	    .paths_source = options->paths_file ? options->paths_file : "forecast",
	    .seed = options->forecast.seed,
	};
	const bw_peers_fit *fit = a->peers ? &a->peers_fit : NULL;
	return format == BW_DOCUMENT_JSON
	           ? bw_report_offers_json(out, options->offers, a->offers, options->offer_count,
	                                   a->peers, fit, &ctx)
	           : bw_report_offers_text(out, options->offers, a->offers, options->offer_count,
	                                   a->peers, fit, &ctx, format == BW_DOCUMENT_TEXT_COLOR);
}

int bw_document_track(FILE *out, bw_document_format format, const bw_analysis_options *options,
                      double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                      bw_analysis **analysis)
{
	int error;

	*alerts = 0;
	if ((error = run(analysis, options, BW_ANALYSIS_TRACK)) < 0)
		return error;
	const bw_analysis *a = *analysis;
	/* The months to come are forecast at the price basis: said with the
	 * price changes and the forecast's detected changes. */
	bw_report_context ctx = {.catalog_version = bw_catalog_version(a->catalog),
	                         .seed = options->forecast.seed,
	                         .history = a->spend,
	                         .price_basis = a->price_basis};
	return format == BW_DOCUMENT_JSON
	           ? bw_report_track_json(out, options->track_deal, a->track, alert_shortfall_usd,
	                                  alert_overage_usd, alerts, &ctx)
	           : bw_report_track_text(out, options->track_deal, a->track, alert_shortfall_usd,
	                                  alert_overage_usd, alerts, &ctx,
	                                  format == BW_DOCUMENT_TEXT_COLOR);
}

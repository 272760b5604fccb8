/*
 * plan.c: `bandwise plan` output: every band side by side,
 * pay-as-you-go, the recommended deal, its safer alternatives, and the
 * leverage numbers (the next band's break-even discount, protection values).
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "changes.h"
#include "jsonout.h"
#include "labels.h"
#include "table.h"
#include "visible.h"

#include <math.h>
#include <string.h>

/* Pay-as-you-go as an outcome: no commitment, list cost. */
static bw_plan_outcome payg_outcome(const bw_plan_result *plan)
{
	bw_plan_outcome o;
	memset(&o, 0, sizeof(o));
	o.available = 1;
	o.objective_usd = plan->payg_objective_usd;
	o.expected_cost_usd = plan->payg_expected_cost_usd;
	o.p50_cost_usd = plan->payg_p50_cost_usd;
	o.p90_cost_usd = plan->payg_p90_cost_usd;
	o.cvar_usd = plan->payg_cvar_usd;
	o.utilization = 1;
	return o;
}

static json_t *outcome_json(json_t *obj, const bw_plan_outcome *o, double payg)
{
	json_object_set_new(obj, "objective_usd", bwx_json_usd(o->objective_usd));
	json_object_set_new(obj, "expected_cost_usd", bwx_json_usd(o->expected_cost_usd));
	json_object_set_new(obj, "p50_cost_usd", bwx_json_usd(o->p50_cost_usd));
	json_object_set_new(obj, "p90_cost_usd", bwx_json_usd(o->p90_cost_usd));
	json_object_set_new(obj, "cvar_usd", bwx_json_usd(o->cvar_usd));
	json_object_set_new(obj, "stdev_usd", bwx_json_usd(o->stdev_usd));
	json_object_set_new(obj, "expected_unused_usd", bwx_json_usd(o->expected_unused_usd));
	json_object_set_new(obj, "shortfall_probability",
	                    bwx_json_fraction(o->shortfall_probability));
	json_object_set_new(obj, "expected_overage_usd", bwx_json_usd(o->expected_overage_usd));
	json_object_set_new(obj, "esr", bwx_json_fraction(o->esr));
	json_object_set_new(obj, "utilization", bwx_json_fraction(o->utilization));
	json_object_set_new(obj, "coverage", bwx_json_fraction(o->coverage));
	json_object_set_new(obj, "break_even_month",
	                    o->break_even_month > 0 ? json_integer((json_int_t)o->break_even_month)
	                                            : json_null());
	json_object_set_new(obj, "savings_vs_payg_usd", bwx_json_usd(payg - o->expected_cost_usd));
	return obj;
}

static json_t *answer_json(const bw_plan_outcome *o, double payg)
{
	if (!o->available)
		return json_null();
	json_t *obj = json_object();
	json_object_set_new(obj, "commit_usd", bwx_json_usd(o->commit_usd));
	return outcome_json(obj, o, payg);
}

static void provenance_json(json_t *root, const bw_plan_result *plan, const bw_report_context *ctx)
{
	const bw_bands *bands = ctx->bands;
	char objective[64];

	bw_objective_describe(&plan->objective, objective, sizeof(objective));
	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "term_months", json_integer(plan->term_months));
	json_object_set_new(root, "paths", json_integer((json_int_t)plan->path_count));
	json_object_set_new(root, "paths_source", bwx_json_string_or_null(ctx->paths_source));
	json_object_set_new(root, "seed",
	                    ctx->paths_source && strcmp(ctx->paths_source, "forecast") == 0
	                        ? json_integer((json_int_t)ctx->seed)
	                        : json_null());
	json_object_set_new(root, "catalog_version", bwx_json_string_or_null(ctx->catalog_version));
	json_object_set_new(root, "bands_source",
	                    bands ? bwx_json_string_or_null(bands->origin) : json_null());
	json_object_set_new(root, "illustrative", json_boolean(bw_report__bands_illustrative(ctx)));
	json_object_set_new(root, "bands_note",
	                    bands ? bwx_json_string_or_null(bands->note) : json_null());
	json_object_set_new(root, "objective", json_string(objective));
	{
		char explain[512];
		json_object_set_new(root, "objective_explanation",
		                    json_string(bw_report__objective_explanation(
		                        &plan->objective, explain, sizeof(explain))));
	}
	json_object_set_new(root, "cvar_level", bwx_json_fraction(plan->cvar_level));
	json_object_set_new(root, "floor_use_probability",
	                    bwx_json_fraction(plan->floor_use_probability));
	json_object_set_new(root, "max_shortfall_probability",
	                    bwx_json_fraction(plan->max_shortfall_probability));
	json_object_set_new(root, "threshold_measure",
	                    json_string(bw_threshold_measure_name(plan->threshold_measure)));
}

/* An option's name: a band's, or "payg". */
static const char *option_name(const bw_plan_result *plan, int k)
{
	return k >= 0 ? plan->bands[k].band.name : "payg";
}

static json_t *lever_json(const bw_plan_result *plan)
{
	const bw_plan_lever *l = &plan->lever;
	if (!l->available)
		return json_null();
	json_t *obj = json_object(), *asks = json_array();
	json_object_set_new(obj, "band", json_string(plan->bands[l->band].band.name));
	json_object_set_new(obj, "threshold_usd", bwx_json_usd(l->threshold_usd));
	json_object_set_new(obj, "usage_usd", bwx_json_usd(l->usage_usd));
	json_object_set_new(
	    obj, "threshold_measure",
	    json_string(bw_threshold_measure_name(plan->bands[l->band].band.threshold_measure)));
	json_object_set_new(obj, "threshold_value_usd", bwx_json_usd(l->threshold_value_usd));
	json_object_set_new(obj, "usage_value_usd", bwx_json_usd(l->usage_value_usd));
	json_object_set_new(obj, "gap", bwx_json_fraction(l->gap));
	json_object_set_new(obj, "reference_expected_cost_usd",
	                    bwx_json_usd(l->reference_expected_cost_usd));
	json_t *discount = json_object();
	json_object_set_new(discount, "discount",
	                    bwx_json_fraction(plan->bands[l->band].band.discount));
	json_object_set_new(discount, "commit_usd", bwx_json_usd(l->discount_commit_usd));
	json_object_set_new(discount, "expected_cost_usd",
	                    bwx_json_usd(l->discount_expected_cost_usd));
	json_object_set_new(discount, "value_usd", bwx_json_usd(l->discount_value_usd));
	json_object_set_new(obj, "discount_ask", discount);
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		if (!l->protection_available[p])
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "protection", json_string(bw_protection_name(p)));
		json_object_set_new(row, "commit_usd", bwx_json_usd(l->threshold_usd));
		json_object_set_new(row, "expected_cost_usd",
		                    bwx_json_usd(l->protection_expected_cost_usd[p]));
		json_object_set_new(row, "shortfall_probability",
		                    bwx_json_fraction(l->protection_shortfall_probability[p]));
		json_object_set_new(row, "value_usd", bwx_json_usd(l->protection_value_usd[p]));
		json_array_append_new(asks, row);
	}
	json_object_set_new(obj, "threshold_asks", asks);
	json_object_set_new(obj, "best_protection",
	                    l->best_protection >= 0
	                        ? json_string(bw_protection_name(l->best_protection))
	                        : json_null());
	return obj;
}

static json_t *tie_json(const bw_plan_result *plan)
{
	const bw_plan_tie *t = &plan->tie;
	if (plan->band_count == 0)
		return json_null();
	json_t *obj = json_object();
	json_object_set_new(obj, "near_tie", json_boolean(t->near_tie));
	json_object_set_new(obj, "runner_up", json_string(option_name(plan, t->runner_up)));
	json_object_set_new(obj, "margin_usd", bwx_json_usd(t->margin_usd));
	json_object_set_new(obj, "noise_usd", bwx_json_usd(t->noise_usd));
	json_object_set_new(obj, "by_noise", json_boolean(t->by_noise));
	json_object_set_new(obj, "robust", json_string(option_name(plan, t->robust)));
	return obj;
}

static json_t *leverage_json(const bw_plan_result *plan)
{
	json_t *leverage = json_object(), *protections = json_array();
	const bw_plan_stretch *s = &plan->stretch;

	if (s->available) {
		json_t *stretch = json_object();
		json_object_set_new(stretch, "band", json_string(plan->bands[s->band].band.name));
		json_object_set_new(stretch, "commit_usd", bwx_json_usd(s->commit_usd));
		json_object_set_new(stretch, "discount", bwx_json_fraction(s->discount));
		json_object_set_new(stretch, "expected_cost_usd",
		                    bwx_json_usd(s->expected_cost_usd));
		json_object_set_new(stretch, "break_even_discount",
		                    isfinite(s->break_even_discount)
		                        ? bwx_json_fraction(s->break_even_discount)
		                        : json_null());
		json_object_set_new(stretch, "break_even_commit_usd",
		                    bwx_json_usd(s->break_even_commit_usd));
		json_object_set_new(leverage, "stretch", stretch);
	} else {
		json_object_set_new(leverage, "stretch", json_null());
	}
	for (int p = 0; plan->protections_available && p < BW_PROTECTION_COUNT; p++) {
		const bw_plan_protection *v = &plan->protections[p];
		json_t *row = json_object();
		json_object_set_new(row, "protection",
		                    json_string(bw_protection_name(v->protection)));
		json_object_set_new(row, "in_band", json_boolean(v->in_band));
		json_object_set_new(row, "reference",
		                    v->protection == BW_PROTECTION_ROLLOVER
		                        ? bwx_json_fraction(v->reference)
		                        : json_null());
		json_object_set_new(row, "value_usd", bwx_json_usd(v->value_usd));
		json_object_set_new(row, "discount_points", bwx_json_real(v->discount_points, 4));
		json_array_append_new(protections, row);
	}
	json_object_set_new(leverage, "protections", protections);
	json_object_set_new(leverage, "lever", lever_json(plan));
	json_object_set_new(leverage, "near_tie", tie_json(plan));
	/* Whatever the objective, leverage is priced in expected cost. */
	json_object_set_new(leverage, "measure", json_string("expected_cost"));
	return leverage;
}

/* plan's "evaluated" object: one commitment in one band. 'asked_band' is
 * the band asked for when the commitment reached another one, or NULL. */
static json_t *evaluation_json(const char *band, const char *asked_band,
                               const bw_plan_outcome *evaluated, double payg, const bw_bands *bands)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "band", bwx_json_string_or_null(band));
	json_object_set_new(obj, "asked_band", bwx_json_string_or_null(asked_band));
	json_object_set_new(obj, "commit_usd", bwx_json_usd(evaluated->commit_usd));
	outcome_json(obj, evaluated, payg);
	/* The band's discount is the table's: said when it is an assumption,
	 * so that the what-if's document says it on its own too. */
	if (bands != NULL)
		json_object_set_new(obj, "illustrative", json_boolean(bands->illustrative));
	return obj;
}

int bw_report_plan_json(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx)
{
	json_t *root = json_object(), *recommended = json_object(), *bands = json_array();
	double payg = plan->payg_expected_cost_usd, years = plan->term_months / 12.0;
	bw_plan_outcome payg_o = payg_outcome(plan);

	provenance_json(root, plan, ctx);
	bw_report__basis_json(root, ctx->history, ctx->price_basis);
	json_object_set_new(root, "payg_expected_cost_usd", bwx_json_usd(payg));
	json_object_set_new(root, "payg_p50_cost_usd", bwx_json_usd(plan->payg_p50_cost_usd));
	json_object_set_new(root, "payg_p90_cost_usd", bwx_json_usd(plan->payg_p90_cost_usd));
	json_object_set_new(root, "payg_cvar_usd", bwx_json_usd(plan->payg_cvar_usd));
	json_object_set_new(root, "forecast_model",
	                    ctx->fit ? json_string(bw_forecast_model_name(ctx->fit->model))
	                             : json_null());
	json_object_set_new(root, "changes", bw_report__changes_json(ctx->fit));
	if (ctx->history != NULL)
		bw_report__segments_json(root, ctx->segments, ctx->segments_setting,
		                         ctx->segments_note);

	const bw_plan_band *chosen =
	    plan->recommended >= 0 ? &plan->bands[plan->recommended] : NULL;
	const bw_plan_outcome *o = !chosen                  ? &payg_o
	                           : plan->recommended_ramp ? &chosen->scheduled
	                                                    : &chosen->optimum;
	json_object_set_new(recommended, "band", json_string(chosen ? chosen->band.name : "payg"));
	json_object_set_new(recommended, "ramp", json_boolean(plan->recommended_ramp));
	if (plan->recommended_ramp) {
		json_t *amounts = json_array();
		for (int p = 0; p < chosen->schedule_count; p++)
			json_array_append_new(amounts, bwx_json_usd(chosen->schedule_usd[p]));
		json_object_set_new(recommended, "schedule_usd", amounts);
	} else {
		json_object_set_new(recommended, "schedule_usd", json_null());
	}
	json_object_set_new(recommended, "commit_usd", bwx_json_usd(o->commit_usd));
	json_object_set_new(recommended, "annual_commit_usd", bwx_json_usd(o->commit_usd / years));
	json_object_set_new(recommended, "discount",
	                    bwx_json_fraction(chosen ? chosen->band.discount : 0));
	outcome_json(recommended, o, payg);
	json_object_set_new(recommended, "floor",
	                    chosen ? answer_json(&chosen->floor, payg) : json_null());
	json_object_set_new(recommended, "risk_capped",
	                    chosen ? answer_json(&chosen->risk_capped, payg) : json_null());
	json_object_set_new(root, "recommended", recommended);

	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *b = &plan->bands[i];
		json_t *row = json_object();
		json_object_set_new(row, "name", json_string(b->band.name));
		json_object_set_new(row, "min_commit_usd", bwx_json_usd(b->band.min_commit_usd));
		json_object_set_new(row, "discount", bwx_json_fraction(b->band.discount));
		json_object_set_new(row, "overage", json_string(bw_overage_name(b->band.overage)));
		json_object_set_new(row, "rollover", bwx_json_fraction(b->band.rollover));
		json_object_set_new(row, "true_up", json_string(bw_true_up_name(b->band.true_up)));
		json_object_set_new(row, "price_lock",
		                    json_string(bw_price_lock_name(b->band.price_lock)));
		json_object_set_new(row, "commit_min_usd", bwx_json_usd(b->commit_min_usd));
		json_object_set_new(row, "commit_max_usd",
		                    isfinite(b->commit_max_usd) ? bwx_json_usd(b->commit_max_usd)
		                                                : json_null());
		json_object_set_new(row, "optimal_commit_usd", bwx_json_usd(b->optimum.commit_usd));
		outcome_json(row, &b->optimum, payg);
		json_object_set_new(row, "floor", answer_json(&b->floor, payg));
		json_object_set_new(row, "risk_capped", answer_json(&b->risk_capped, payg));
		if (b->schedule_count > 0) {
			json_t *ramp = json_object(), *amounts = json_array();
			for (int p = 0; p < b->schedule_count; p++)
				json_array_append_new(amounts, bwx_json_usd(b->schedule_usd[p]));
			json_object_set_new(ramp, "schedule_usd", amounts);
			json_object_set_new(ramp, "commit_usd",
			                    bwx_json_usd(b->scheduled.commit_usd));
			outcome_json(ramp, &b->scheduled, payg);
			json_object_set_new(row, "ramp", ramp);
		} else {
			json_object_set_new(row, "ramp", json_null());
		}
		json_object_set_new(row, "evaluation",
		                    json_string(b->exact ? "exact" : "simulated"));
		json_array_append_new(bands, row);
	}
	json_object_set_new(root, "bands", bands);
	json_object_set_new(root, "leverage", leverage_json(plan));
	if (ctx->trapped != NULL) {
		const bw_plan_trapped *t = ctx->trapped;
		json_t *trapped = json_object();
		json_object_set_new(trapped, "savings", bwx_json_fraction(ctx->savings));
		json_object_set_new(trapped, "ramp_months", json_integer(ctx->savings_ramp_months));
		json_object_set_new(trapped, "sized_band",
		                    t->sized_band >= 0
		                        ? json_string(plan->bands[t->sized_band].band.name)
		                        : json_string("payg"));
		json_object_set_new(trapped, "sized_commit_usd", bwx_json_usd(t->sized_commit_usd));
		json_object_set_new(trapped, "right_band",
		                    t->right_band >= 0
		                        ? json_string(plan->bands[t->right_band].band.name)
		                        : json_string("payg"));
		json_object_set_new(trapped, "right_commit_usd", bwx_json_usd(t->right_commit_usd));
		json_object_set_new(trapped, "expected_unused_usd",
		                    bwx_json_usd(t->expected_unused_usd));
		json_object_set_new(trapped, "expected_cost_usd",
		                    bwx_json_usd(t->expected_cost_usd));
		json_object_set_new(trapped, "right_expected_cost_usd",
		                    bwx_json_usd(t->right_expected_cost_usd));
		json_object_set_new(trapped, "extra_cost_usd", bwx_json_usd(t->extra_cost_usd));
		json_object_set_new(root, "trapped", trapped);
	} else {
		json_object_set_new(root, "trapped", json_null());
	}
	if (ctx->evaluated != NULL) {
		json_object_set_new(root, "evaluated",
		                    evaluation_json(ctx->evaluated_band, ctx->evaluated_asked_band,
		                                    ctx->evaluated, payg, ctx->bands));
	} else {
		json_object_set_new(root, "evaluated", json_null());
	}
	return bwx_json_print(out, root);
}

int bw_report_curves_json(FILE *out, const bw_bands *bands, int term_months, size_t paths,
                          double payg_expected_cost_usd, const double *commit_usd,
                          const double *cost_usd, size_t points)
{
	json_t *root = json_object(), *list = json_array();
	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "term_months", json_integer(term_months));
	json_object_set_new(root, "paths", json_integer((json_int_t)paths));
	json_object_set_new(root, "illustrative", json_boolean(bands->illustrative));
	json_object_set_new(root, "payg_expected_cost_usd", bwx_json_usd(payg_expected_cost_usd));
	json_object_set_new(root, "curve_points", json_integer((json_int_t)points));
	for (size_t b = 0; b < bands->count; b++) {
		json_t *band = json_object(), *pairs = json_array();
		json_object_set_new(band, "name", bwx_json_string_or_null(bands->bands[b].name));
		for (size_t i = 0; i < points; i++) {
			json_t *pair = json_array();
			json_array_append_new(pair, bwx_json_usd(commit_usd[b * points + i]));
			json_array_append_new(pair, bwx_json_usd(cost_usd[b * points + i]));
			json_array_append_new(pairs, pair);
		}
		json_object_set_new(band, "points", pairs);
		json_array_append_new(list, band);
	}
	json_object_set_new(root, "bands", list);
	return bwx_json_print(out, root);
}

int bw_report_evaluation_json(FILE *out, const char *band, const char *asked_band,
                              const bw_plan_outcome *evaluated, double payg_expected_cost_usd,
                              const bw_bands *bands)
{
	return bwx_json_print(
	    out, evaluation_json(band, asked_band, evaluated, payg_expected_cost_usd, bands));
}

static void add_outcome_cells(bwx_table *t, int col, const bw_plan_outcome *o, int has_commit,
                              double commit_max)
{
	char buf[64];
	if (has_commit) {
		bw_report__format_commit(buf, sizeof(buf), o->commit_usd, commit_max);
		bwx_table_cell(t, col, "%s", buf);
	} else {
		bwx_table_cell(t, col, "-");
	}
	bwx_format_usd(buf, sizeof(buf), o->expected_cost_usd);
	bwx_table_cell(t, col + 1, "%s", buf);
	bwx_format_usd(buf, sizeof(buf), o->p90_cost_usd);
	bwx_table_cell(t, col + 2, "%s", buf);
	bwx_format_usd(buf, sizeof(buf), o->cvar_usd);
	bwx_table_cell(t, col + 3, "%s", buf);
	bwx_format_usd(buf, sizeof(buf), o->expected_unused_usd);
	bwx_table_cell(t, col + 4, "%s", buf);
	bw_report__format_share(buf, sizeof(buf), o->shortfall_probability);
	bwx_table_cell(t, col + 5, "%s", buf);
	bwx_format_usd(buf, sizeof(buf), o->expected_overage_usd);
	bwx_table_cell(t, col + 6, "%s", buf);
	bwx_format_percent(buf, sizeof(buf), o->esr, 1);
	bwx_table_cell(t, col + 7, "%s", buf);
}

static int print_band_table(FILE *out, const bw_plan_result *plan, int color)
{
	static const char *const headers[] = {
	    "option",        "threshold/yr",  "discount", "overage", "true-up",
	    "commit (term)", "expected cost", "P90",      "CVaR",    "exp. unused",
	    "P(short)",      "exp. overage",  "ESR"};
	const int columns = (int)(sizeof(headers) / sizeof(headers[0]));
	bwx_table *table = bwx_table_new(columns);
	bw_plan_outcome payg = payg_outcome(plan);
	char a[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int i = 0; i < columns; i++)
		bwx_table_header(table, i, headers[i],
		                 i == 0 || (i >= 3 && i <= 4) ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	if ((error = bwx_table_row(table, plan->recommended < 0)) < 0)
		goto done;
	bwx_table_cell(table, 0, "pay-as-you-go%s", plan->recommended < 0 ? " *" : "");
	for (int i = 1; i <= 4; i++)
		bwx_table_cell(table, i, "-");
	add_outcome_cells(table, 5, &payg, 0, INFINITY);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		int chosen = plan->recommended == (int)i;
		if ((error = bwx_table_row(table, chosen)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s%s", band->band.name, chosen ? " *" : "");
		bwx_format_usd(a, sizeof(a), band->band.min_commit_usd);
		/* Under the list measure the threshold is list dollars: say so. */
		bwx_table_cell(table, 1, "%s%s", a,
		               band->band.threshold_measure == BW_THRESHOLD_LIST ? " list" : "");
		bwx_format_percent(a, sizeof(a), band->band.discount, 1);
		bwx_table_cell(table, 2, "%s", a);
		bwx_table_cell(table, 3, "%s", bw_overage_name(band->band.overage));
		if (band->band.rollover > 0) {
			bwx_format_percent(a, sizeof(a), band->band.rollover, 0);
			bwx_table_cell(table, 4, "%s, %s rollover",
			               bw_true_up_name(band->band.true_up), a);
		} else {
			bwx_table_cell(table, 4, "%s", bw_true_up_name(band->band.true_up));
		}
		add_outcome_cells(table, 5, &band->optimum, 1, band->commit_max_usd);
	}
	bwx_table_print(table, out, color);
done:
	bwx_table_free(table);
	return error;
}

static int print_answers(FILE *out, const bw_plan_result *plan, int color)
{
	const bw_plan_band *b = &plan->bands[plan->recommended];
	bw_report__answer rows[3];
	bw_report__answers_by_risk(b, rows);
	bwx_table *table = bwx_table_new(8);
	char a[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	const char *headers[] = {"answer", "commit (term)", "per year", "expected cost",
	                         "P90",    "P(short)",      "coverage", "break-even"};
	for (int i = 0; i < 8; i++)
		bwx_table_header(table, i, headers[i], i == 0 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	for (size_t r = 0; r < 3; r++) {
		if ((error = bwx_table_row(table, rows[r].o == &b->optimum)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s", rows[r].name);
		if (!rows[r].o->available) {
			bwx_table_cell(table, 1, "none in band");
			continue;
		}
		bw_report__format_commit(a, sizeof(a), rows[r].o->commit_usd, b->commit_max_usd);
		bwx_table_cell(table, 1, "%s", a);
		bwx_format_usd(a, sizeof(a), rows[r].o->commit_usd * 12.0 / plan->term_months);
		bwx_table_cell(table, 2, "%s", a);
		bwx_format_usd(a, sizeof(a), rows[r].o->expected_cost_usd);
		bwx_table_cell(table, 3, "%s", a);
		bwx_format_usd(a, sizeof(a), rows[r].o->p90_cost_usd);
		bwx_table_cell(table, 4, "%s", a);
		bw_report__format_share(a, sizeof(a), rows[r].o->shortfall_probability);
		bwx_table_cell(table, 5, "%s", a);
		bwx_format_percent(a, sizeof(a), rows[r].o->coverage, 1);
		bwx_table_cell(table, 6, "%s", a);
		if (rows[r].o->break_even_month > 0)
			bwx_table_cell(table, 7, "month %.0f", rows[r].o->break_even_month);
		else
			bwx_table_cell(table, 7, "not in term");
	}
	bwx_table_print(table, out, color);
done:
	bwx_table_free(table);
	return error;
}

/* "worth $X" or "costs $X more": an ask's value against the recommendation. */
static void worth_words(char *buf, size_t size, double value)
{
	char a[64];
	bwx_format_usd(a, sizeof(a), fabs(value));
	snprintf(buf, size, value >= 0 ? "worth %s" : "%s WORSE", a);
}

static void print_lever(FILE *out, const bw_plan_result *plan)
{
	const bw_plan_lever *l = &plan->lever;
	char a[64], b[64], c[64], d[64];

	if (!l->available)
		return;
	const bw_band *up = &plan->bands[l->band].band;
	bwx_format_usd(a, sizeof(a), l->usage_usd);
	bwx_format_usd(b, sizeof(b), l->threshold_usd);
	bwx_format_percent(c, sizeof(c), l->gap, 0);
	if (up->threshold_measure == BW_THRESHOLD_LIST) {
		bwx_format_usd(a, sizeof(a), l->usage_value_usd);
		bwx_format_usd(d, sizeof(d), l->threshold_value_usd);
		fprintf(out,
		        "Lever: your expected usage, %s at list, is %s below the %s band's %s "
		        "threshold, which counts list value (a commitment of %s at its discount "
		        "reaches it): within reach. Two asks, each in expected cost against the "
		        "recommendation:\n",
		        a, c, up->name, d, b);
	} else {
		fprintf(out,
		        "Lever: at the %s band's discount your expected usage would draw %s, %s "
		        "below its %s threshold (net value): within reach. Two asks, each in "
		        "expected cost against the recommendation:\n",
		        up->name, a, c, b);
	}
	bwx_format_percent(a, sizeof(a), up->discount, 1);
	bwx_format_usd(b, sizeof(b), l->discount_commit_usd);
	bwx_format_usd(c, sizeof(c), l->discount_expected_cost_usd);
	worth_words(d, sizeof(d), l->discount_value_usd);
	fprintf(out,
	        "  (a) the %s band's %s discount at the commitment you will fill (%s): expected "
	        "cost %s, %s\n",
	        up->name, a, b, c, d);
	bwx_format_usd(b, sizeof(b), l->threshold_usd);
	fprintf(out, "  (b) the %s threshold with the protection that helps it fill:\n", b);
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		if (!l->protection_available[p])
			continue;
		bwx_format_usd(a, sizeof(a), l->protection_expected_cost_usd[p]);
		bw_report__format_share(c, sizeof(c), l->protection_shortfall_probability[p]);
		worth_words(d, sizeof(d), l->protection_value_usd[p]);
		fprintf(out, "      with %s%s: expected cost %s, unused on %s of paths, %s\n",
		        bw_report__protection_request(p),
		        p == BW_PROTECTION_OVERAGE_COMMITTED && up->overage == BW_OVERAGE_COMMITTED
		            ? " (the band has it)"
		            : "",
		        a, c, d);
	}
	if (!l->protection_available[BW_PROTECTION_ROLLOVER])
		fprintf(out,
		        "      (rollover and a ramp act between yearly true-ups; this term has "
		        "one true-up period, so they cannot help)\n");
}

static void print_tie(FILE *out, const bw_plan_result *plan)
{
	const bw_plan_tie *t = &plan->tie;
	char a[64], b[64], c[64];

	if (!t->near_tie)
		return;
	const char *best =
	    plan->recommended >= 0 ? plan->bands[plan->recommended].band.name : "pay-as-you-go";
	const char *runner =
	    t->runner_up >= 0 ? plan->bands[t->runner_up].band.name : "pay-as-you-go";
	const char *robust = t->robust >= 0 ? plan->bands[t->robust].band.name : "pay-as-you-go";
	bwx_format_usd(a, sizeof(a), t->margin_usd);
	bwx_format_usd(b, sizeof(b), t->noise_usd);
	if (t->by_noise) {
		fprintf(
		    out,
		    "Near tie: the recommendation (%s) beats %s by %s, less than the Monte Carlo "
		    "noise (%s, the standard error of their difference on these paths).",
		    best, runner, a, b);
	} else {
		bwx_format_percent(c, sizeof(c), BW_PLAN_TIE_MARGIN, 1);
		fprintf(out,
		        "Near tie: the recommendation (%s) beats %s by %s, under %s of its cost, "
		        "while leaving commitment unused on most paths.",
		        best, runner, a, c);
	}
	fprintf(out, " The robust choice is %s: it leaves less commitment unused.\n", robust);
}

static void print_leverage(FILE *out, const bw_plan_result *plan)
{
	const bw_plan_stretch *s = &plan->stretch;
	char a[64], b[64], c[64];
	/* The recommendation's expected cost: its band's ramp when that is it. */
	double reference = plan->recommended < 0 ? plan->payg_expected_cost_usd
	                   : plan->recommended_ramp
	                       ? plan->bands[plan->recommended].scheduled.expected_cost_usd
	                       : plan->bands[plan->recommended].optimum.expected_cost_usd;

	if (s->available) {
		const char *name = plan->bands[s->band].band.name;
		bwx_format_usd(a, sizeof(a), s->commit_usd);
		bwx_format_percent(b, sizeof(b), s->discount, 1);
		if (isfinite(s->break_even_discount)) {
			bwx_format_percent(c, sizeof(c), s->break_even_discount, 1);
			fprintf(out,
			        "Stretch: committing %s to reach the %s band pays off only at a "
			        "discount of "
			        "at least %s (it offers %s); below that, stay with the "
			        "recommendation.\n",
			        a, BWX_VISIBLE(name), c, b);
			if (plan->threshold_measure == BW_THRESHOLD_LIST) {
				bwx_format_usd(a, sizeof(a), s->break_even_commit_usd);
				fprintf(out,
				        "  (Thresholds count list value: at that discount %s "
				        "reaches the threshold.)\n",
				        a);
			}
		} else if (s->commit_usd >= reference) {
			/* Every path pays at least the commitment, whatever the discount. */
			bwx_format_usd(c, sizeof(c), reference);
			fprintf(out,
			        "Stretch: the %s band's threshold alone (%s) exceeds the "
			        "recommendation's expected cost (%s): no discount can make it pay; "
			        "that commitment would not be filled.\n",
			        name, a, c);
		} else {
			fprintf(out,
			        "Stretch: committing %s to reach the %s band costs more than the "
			        "recommendation at any discount below 99%%: that commitment would "
			        "not be filled.\n",
			        a, BWX_VISIBLE(name));
		}
	}
	print_lever(out, plan);
	print_tie(out, plan);
	if (!plan->protections_available)
		return;
	if (plan->objective.kind != BW_OBJECTIVE_EXPECTED)
		fprintf(out, "Stretch and protections are priced in expected cost, not by the "
		             "objective.\n");
	fprintf(out, "Protections, worth in expected cost over the term for the recommended band "
	             "(one amount pro rata; discount points: the change of discount that saves as "
	             "much, solved on the paths):\n");
	int any_in_band = 0;
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		const bw_plan_protection *v = &plan->protections[p];
		const char *label = bw_report__protection_label(v->protection);
		char points[64];
		bwx_format_usd(a, sizeof(a), v->value_usd);
		bw_report__points(points, sizeof(points), v->discount_points, v->value_usd);
		int price = v->protection == BW_PROTECTION_PRICE_LOCK ||
		            v->protection == BW_PROTECTION_PRICE_CAP;
		if ((v->protection == BW_PROTECTION_ROLLOVER ||
		     v->protection == BW_PROTECTION_RAMP) &&
		    plan->term_months <= 12) {
			/* One true-up period: nothing to carry over, nothing to ramp. */
			fprintf(out,
			        "  %-32s %10s  (a %d-month term has one true-up period: %s)%s\n",
			        label, a, plan->term_months,
			        v->protection == BW_PROTECTION_ROLLOVER ? "nothing to carry over"
			                                                : "nothing to ramp",
			        v->in_band ? " [in band]" : "");
		} else if (v->protection == BW_PROTECTION_ROLLOVER) {
			bwx_format_percent(b, sizeof(b), v->reference, 0);
			fprintf(out, "  %-32s %10s  (%s; %s share, with annual true-up)%s\n", label,
			        a, points, b, v->in_band ? " [in band]" : "");
		} else if (v->protection == BW_PROTECTION_PRICE_LOCK && v->value_usd < 0) {
			fprintf(
			    out,
			    "  %-32s %10s  (%s: it COSTS you, because list prices may fall)%s\n",
			    label, a, points, v->in_band ? " [in band]" : "");
		} else {
			fprintf(out, "  %-32s %10s  (%s)%s%s\n", label, a, points,
			        v->in_band ? " [in band]" : "",
			        !price || v->value_usd != 0 ? ""
			        : v->protection == BW_PROTECTION_PRICE_CAP
			            ? " (no list-price rise in the scenarios)"
			            : " (no price-change scenario given)");
		}
		any_in_band |= v->in_band;
	}
	if (any_in_band)
		fprintf(out, "  [in band]: the recommended band has it already; its value is what "
		             "giving it up would cost.\n");
}

int bw_report_plan_text(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx,
                        int color)
{
	double payg = plan->payg_expected_cost_usd, years = plan->term_months / 12.0;
	char a[64], b[64], c[64], objective[64], explain[512];
	int error;

	bw_objective_describe(&plan->objective, objective, sizeof(objective));
	bwx_format_usd(a, sizeof(a), payg);
	bwx_format_usd(b, sizeof(b), plan->payg_p50_cost_usd);
	bwx_format_usd(c, sizeof(c), plan->payg_p90_cost_usd);
	fprintf(out,
	        "Committed-spend plan for a %d-month term over %zu paths of list spend (%s), "
	        "choosing by %s.\n",
	        plan->term_months, plan->path_count,
	        BWX_VISIBLE(ctx->paths_source && strcmp(ctx->paths_source, "forecast") != 0
	                        ? ctx->paths_source
	                        : "forecast"),
	        objective);
	fprintf(out, "Pay-as-you-go over the term: expected %s, P50 %s, P90 %s.\n", a, b, c);
	/* By segment, the fit is the company's total's: not what the paths are. */
	if (ctx->fit != NULL && ctx->segments != NULL)
		fprintf(out,
		        "Forecast model of the company's total: %s (%s); the paths are the sum of "
		        "the segments' forecasts, below.\n",
		        bw_forecast_model_name(ctx->fit->model), ctx->fit->reason);
	else if (ctx->fit != NULL)
		fprintf(out, "Forecast model: %s (%s).\n", bw_forecast_model_name(ctx->fit->model),
		        ctx->fit->reason);
	bw_report__basis_text(out, ctx->history, ctx->price_basis);
	bw_report__changes_text(out, ctx->fit, ctx->history);
	bw_report__segments_text(out, ctx->segments, ctx->segments_note);
	fputc('\n', out);
	if ((error = print_band_table(out, plan, color)) < 0)
		return error;
	bwx_format_percent(a, sizeof(a), 1 - plan->cvar_level, 0);
	fprintf(out,
	        "* recommended. Amounts in USD over the whole term; each band at its own best "
	        "commitment; CVaR = mean of the worst %s of outcomes.\n",
	        a);
	fprintf(out, "%s\n%s\n\n", bw_report__threshold_measure_sentence(plan->threshold_measure),
	        bw_report__objective_explanation(&plan->objective, explain, sizeof(explain)));

	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		if (band->schedule_count == 0)
			continue;
		fprintf(out, "Ramp in the %s band (one commitment per year):",
		        BWX_VISIBLE(band->band.name));
		for (int p = 0; p < band->schedule_count; p++) {
			bwx_format_usd(a, sizeof(a), band->schedule_usd[p]);
			fprintf(out, "%s %s", p ? " /" : "", a);
		}
		bwx_format_usd(a, sizeof(a), band->scheduled.expected_cost_usd);
		bwx_format_usd(b, sizeof(b), band->optimum.expected_cost_usd);
		fprintf(out, ": expected cost %s against %s for one amount pro rata%s.\n", a, b,
		        plan->recommended_ramp && plan->recommended == (int)i
		            ? " (better by the objective: recommended)"
		            : "");
	}
	if (plan->recommended < 0) {
		fprintf(out, "Recommendation: no commitment. Pay as you go: every band costs more "
		             "than list prices by this objective.\n");
	} else {
		const bw_plan_band *best = &plan->bands[plan->recommended];
		const bw_plan_outcome *rec =
		    plan->recommended_ramp ? &best->scheduled : &best->optimum;
		/* A ramp's total is not held to the band's range; one amount is. */
		bw_report__format_commit(a, sizeof(a), rec->commit_usd,
		                         plan->recommended_ramp ? INFINITY : best->commit_max_usd);
		bwx_format_usd(b, sizeof(b), rec->commit_usd / years);
		if (plan->recommended_ramp)
			fprintf(
			    out,
			    "Recommendation: commit %s over %d months in the %s band as the ramp "
			    "above (one commitment per year).\n",
			    a, plan->term_months, BWX_VISIBLE(best->band.name));
		else
			fprintf(out,
			        "Recommendation: commit %s over %d months (%s a year) in the %s "
			        "band.\n",
			        a, plan->term_months, b, BWX_VISIBLE(best->band.name));
		double saving = payg - rec->expected_cost_usd;
		bwx_format_usd(a, sizeof(a), rec->expected_cost_usd);
		bwx_format_usd(b, sizeof(b), fabs(saving));
		bwx_format_percent(c, sizeof(c), fabs(rec->esr), 1);
		if (saving >= 0)
			fprintf(out, "Expected cost %s: %s (%s) below pay-as-you-go.\n", a, b, c);
		else
			fprintf(out,
			        "Expected cost %s: %s (%s) ABOVE pay-as-you-go, accepted for a "
			        "lower %s.\n",
			        a, b, c, objective);
		bwx_format_usd(a, sizeof(a), rec->expected_unused_usd);
		bw_report__format_share(b, sizeof(b), rec->shortfall_probability);
		bwx_format_usd(c, sizeof(c), rec->p90_cost_usd);
		fprintf(out,
		        "Risk: %s of paths leave some commitment unused (%s expected); "
		        "1 path in 10 costs more than %s.\n\n",
		        b, a, c);
		if ((error = print_answers(out, plan, color)) < 0)
			return error;
		bwx_format_percent(a, sizeof(a), plan->floor_use_probability, 0);
		bwx_format_percent(b, sizeof(b), plan->max_shortfall_probability, 0);
		fprintf(out,
		        "floor: the most you can commit and still use it in full on %s of paths; "
		        "risk-capped: the best commitment that leaves some unused on at most %s of "
		        "paths.\n",
		        a, b);
		fprintf(out, "Answers in order of risk: the fewest paths leaving commitment unused "
		             "first.\n");
	}
	if (ctx->evaluated != NULL) {
		const bw_plan_outcome *e = ctx->evaluated;
		bwx_format_usd(a, sizeof(a), e->commit_usd);
		bwx_format_usd(b, sizeof(b), e->expected_cost_usd);
		bwx_format_usd(c, sizeof(c), payg - e->expected_cost_usd);
		fprintf(out,
		        "\nYour commitment: %s in the %s band: expected cost %s (%s against "
		        "pay-as-you-go),\n",
		        a, ctx->evaluated_band ? ctx->evaluated_band : "?", b, c);
		if (ctx->evaluated_asked_band != NULL)
			fprintf(
			    out,
			    "(priced in the %s band, not the %s band asked for: the commitment "
			    "reaches the %s band's threshold, and at a threshold the higher band's "
			    "terms apply)\n",
			    ctx->evaluated_band, ctx->evaluated_asked_band, ctx->evaluated_band);
		bwx_format_usd(a, sizeof(a), e->p90_cost_usd);
		bwx_format_usd(b, sizeof(b), e->expected_unused_usd);
		bw_report__format_share(c, sizeof(c), e->shortfall_probability);
		fprintf(out, "P90 %s, %s of paths leave some unused (%s expected).\n", a, c, b);
	}
	if (ctx->trapped != NULL) {
		const bw_plan_trapped *t = ctx->trapped;
		bwx_format_percent(a, sizeof(a), ctx->savings, 0);
		fprintf(out,
		        "\nCommit before optimizing? The plan above is sized on optimized usage "
		        "(%s less "
		        "list spend, reached over %d months).\n",
		        a, ctx->savings_ramp_months);
		if (t->sized_band < 0) {
			fprintf(out, "Sized on today's usage the plan would commit nothing, so "
			             "nothing is trapped.\n");
		} else {
			bwx_format_usd(a, sizeof(a), t->sized_commit_usd);
			bwx_format_usd(b, sizeof(b), t->expected_unused_usd);
			bwx_format_usd(c, sizeof(c), t->extra_cost_usd);
			if (t->extra_cost_usd < 0.5)
				fprintf(out,
				        "Sized on today's unoptimized usage it would commit %s (%s "
				        "band) too: "
				        "the same deal is right either way, so committing first "
				        "traps nothing "
				        "extra.\n",
				        a, plan->bands[t->sized_band].band.name);
			else
				fprintf(out,
				        "Sized on today's unoptimized usage it would commit %s (%s "
				        "band); once the "
				        "optimizations land that deal leaves %s unused on average "
				        "and costs %s more "
				        "than the deal sized on optimized usage: the savings "
				        "trapped.\n",
				        a, plan->bands[t->sized_band].band.name, b, c);
		}
	}
	fputc('\n', out);
	print_leverage(out, plan);
	bw_report__bands_note_text(out, ctx);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}

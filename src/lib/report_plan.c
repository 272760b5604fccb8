/*
 * report_plan.c: `bandwise plan` output: every band side by side,
 * pay-as-you-go, and the recommended deal.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"

#include <math.h>
#include <string.h>

static void outcome_json(json_t *obj, const bw_plan_outcome *o, double payg)
{
	json_object_set_new(obj, "expected_cost_usd", bw_json_usd(o->expected_cost_usd));
	json_object_set_new(obj, "p50_cost_usd", bw_json_usd(o->p50_cost_usd));
	json_object_set_new(obj, "p90_cost_usd", bw_json_usd(o->p90_cost_usd));
	json_object_set_new(obj, "expected_unused_usd", bw_json_usd(o->expected_unused_usd));
	json_object_set_new(obj, "shortfall_probability", bw_json_fraction(o->shortfall_probability));
	json_object_set_new(obj, "expected_overage_usd", bw_json_usd(o->expected_overage_usd));
	json_object_set_new(obj, "esr", bw_json_fraction(o->esr));
	json_object_set_new(obj, "utilization", bw_json_fraction(o->utilization));
	json_object_set_new(obj, "savings_vs_payg_usd", bw_json_usd(payg - o->expected_cost_usd));
}

static void bands_provenance_json(json_t *root, const bw_report_context *ctx)
{
	const bw_bands *bands = ctx->bands;
	json_object_set_new(root, "bands_source", bands ? bw_json_string_or_null(bands->origin) : json_null());
	json_object_set_new(root, "illustrative", json_boolean(bands && bands->illustrative));
	json_object_set_new(root, "bands_note", bands ? bw_json_string_or_null(bands->note) : json_null());
}

int bw_report_plan_json(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx)
{
	json_t *root = json_object(), *recommended = json_object(), *bands = json_array();
	double payg = plan->payg_expected_cost_usd, years = plan->term_months / 12.0;

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "term_months", json_integer(plan->term_months));
	json_object_set_new(root, "paths", json_integer((json_int_t)plan->path_count));
	json_object_set_new(root, "paths_source", bw_json_string_or_null(ctx->paths_source));
	json_object_set_new(root, "seed", ctx->paths_source && strcmp(ctx->paths_source, "forecast") == 0
						  ? json_integer((json_int_t)ctx->seed)
						  : json_null());
	json_object_set_new(root, "catalog_version", bw_json_string_or_null(ctx->catalog_version));
	bands_provenance_json(root, ctx);
	json_object_set_new(root, "payg_expected_cost_usd", bw_json_usd(payg));
	json_object_set_new(root, "payg_p50_cost_usd", bw_json_usd(plan->payg_p50_cost_usd));
	json_object_set_new(root, "payg_p90_cost_usd", bw_json_usd(plan->payg_p90_cost_usd));

	if (plan->recommended < 0) {
		bw_plan_outcome payg_outcome = {0, payg, plan->payg_p50_cost_usd, plan->payg_p90_cost_usd,
						0, 0, 0, 0, 1};
		json_object_set_new(recommended, "band", json_string("payg"));
		json_object_set_new(recommended, "commit_usd", bw_json_usd(0));
		json_object_set_new(recommended, "annual_commit_usd", bw_json_usd(0));
		json_object_set_new(recommended, "discount", bw_json_fraction(0));
		outcome_json(recommended, &payg_outcome, payg);
	} else {
		const bw_plan_band *b = &plan->bands[plan->recommended];
		json_object_set_new(recommended, "band", json_string(b->band.name));
		json_object_set_new(recommended, "commit_usd", bw_json_usd(b->best.commit_usd));
		json_object_set_new(recommended, "annual_commit_usd", bw_json_usd(b->best.commit_usd / years));
		json_object_set_new(recommended, "discount", bw_json_fraction(b->band.discount));
		outcome_json(recommended, &b->best, payg);
	}
	json_object_set_new(root, "recommended", recommended);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *b = &plan->bands[i];
		json_t *row = json_object();
		json_object_set_new(row, "name", json_string(b->band.name));
		json_object_set_new(row, "min_commit_usd", bw_json_usd(b->band.min_commit_usd));
		json_object_set_new(row, "discount", bw_json_fraction(b->band.discount));
		json_object_set_new(row, "overage", json_string(bw_overage_name(b->band.overage)));
		json_object_set_new(row, "rollover", bw_json_fraction(b->band.rollover));
		json_object_set_new(row, "true_up", json_string(bw_true_up_name(b->band.true_up)));
		json_object_set_new(row, "commit_min_usd", bw_json_usd(b->commit_min_usd));
		json_object_set_new(row, "commit_max_usd", isfinite(b->commit_max_usd) ? bw_json_usd(b->commit_max_usd) : json_null());
		json_object_set_new(row, "optimal_commit_usd", bw_json_usd(b->best.commit_usd));
		outcome_json(row, &b->best, payg);
		json_object_set_new(row, "evaluation", json_string(b->exact ? "exact" : "simulated"));
		json_array_append_new(bands, row);
	}
	json_object_set_new(root, "bands", bands);
	return bw_json_print(out, root);
}

static void add_outcome_cells(bw_table *t, int col, const bw_plan_outcome *o, int has_commit)
{
	char buf[64];
	if (has_commit) {
		bw_format_usd(buf, sizeof(buf), o->commit_usd);
		bw_table_cell(t, col, "%s", buf);
	} else {
		bw_table_cell(t, col, "-");
	}
	bw_format_usd(buf, sizeof(buf), o->expected_cost_usd);
	bw_table_cell(t, col + 1, "%s", buf);
	bw_format_usd(buf, sizeof(buf), o->p50_cost_usd);
	bw_table_cell(t, col + 2, "%s", buf);
	bw_format_usd(buf, sizeof(buf), o->p90_cost_usd);
	bw_table_cell(t, col + 3, "%s", buf);
	bw_format_usd(buf, sizeof(buf), o->expected_unused_usd);
	bw_table_cell(t, col + 4, "%s", buf);
	bw_format_percent(buf, sizeof(buf), o->shortfall_probability, 0);
	bw_table_cell(t, col + 5, "%s", buf);
	bw_format_usd(buf, sizeof(buf), o->expected_overage_usd);
	bw_table_cell(t, col + 6, "%s", buf);
	bw_format_percent(buf, sizeof(buf), o->esr, 1);
	bw_table_cell(t, col + 7, "%s", buf);
}

static void print_illustrative_note(FILE *out, const bw_report_context *ctx)
{
	const bw_bands *bands = ctx->bands;
	if (bands != NULL && bands->illustrative)
		fprintf(out,
			"\nNote: the band discounts and protections are ILLUSTRATIVE ASSUMPTIONS from %s,\n"
			"not Anthropic terms (no public rate card exists). Use the quotes you hold: --bands FILE.\n",
			bands->origin);
	else if (bands != NULL)
		fprintf(out, "\nBands from %s.\n", bands->origin);
}

int bw_report_plan_text(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx,
			int color)
{
	static const char *const headers[] = {"option", "threshold/yr", "discount", "overage",
					      "true-up", "commit (term)", "expected cost", "P50",
					      "P90", "exp. unused", "P(short)", "exp. overage", "ESR"};
	const int columns = (int)(sizeof(headers) / sizeof(headers[0]));
	bw_table *table = bw_table_new(columns);
	double payg = plan->payg_expected_cost_usd, years = plan->term_months / 12.0;
	char a[64], b[64], c[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (int i = 0; i < columns; i++)
		bw_table_header(table, i, headers[i], i == 0 || (i >= 3 && i <= 4) ? BW_ALIGN_LEFT : BW_ALIGN_RIGHT);

	bw_format_usd(a, sizeof(a), payg);
	bw_format_usd(b, sizeof(b), plan->payg_p50_cost_usd);
	bw_format_usd(c, sizeof(c), plan->payg_p90_cost_usd);
	fprintf(out, "Committed-spend plan for a %d-month term over %zu paths of list spend (%s).\n",
		plan->term_months, plan->path_count,
		ctx->paths_source && strcmp(ctx->paths_source, "forecast") != 0 ? ctx->paths_source
										: "forecast");
	fprintf(out, "Pay-as-you-go over the term: expected %s, P50 %s, P90 %s.\n\n", a, b, c);

	if ((error = bw_table_row(table, plan->recommended < 0)) < 0)
		goto done;
	bw_table_cell(table, 0, "pay-as-you-go%s", plan->recommended < 0 ? " *" : "");
	for (int i = 1; i <= 4; i++)
		bw_table_cell(table, i, "-");
	bw_plan_outcome payg_outcome = {0, payg, plan->payg_p50_cost_usd, plan->payg_p90_cost_usd, 0, 0, 0, 0, 1};
	add_outcome_cells(table, 5, &payg_outcome, 0);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_band *band = &plan->bands[i];
		int chosen = plan->recommended == (int)i;
		if ((error = bw_table_row(table, chosen)) < 0)
			goto done;
		bw_table_cell(table, 0, "%s%s", band->band.name, chosen ? " *" : "");
		bw_format_usd(a, sizeof(a), band->band.min_commit_usd);
		bw_table_cell(table, 1, "%s", a);
		bw_format_percent(a, sizeof(a), band->band.discount, 1);
		bw_table_cell(table, 2, "%s", a);
		bw_table_cell(table, 3, "%s", bw_overage_name(band->band.overage));
		if (band->band.rollover > 0) {
			bw_format_percent(a, sizeof(a), band->band.rollover, 0);
			bw_table_cell(table, 4, "%s, %s rollover", bw_true_up_name(band->band.true_up), a);
		} else {
			bw_table_cell(table, 4, "%s", bw_true_up_name(band->band.true_up));
		}
		add_outcome_cells(table, 5, &band->best, 1);
	}
	bw_table_print(table, out, color);
	fprintf(out, "* recommended (lowest expected cost). Amounts in USD over the whole term; "
		     "each band at its own best commitment.\n\n");

	if (plan->recommended < 0) {
		fprintf(out, "Recommendation: no commitment. Pay as you go: every band costs more in "
			     "expectation than list prices.\n");
	} else {
		const bw_plan_band *best = &plan->bands[plan->recommended];
		bw_format_usd(a, sizeof(a), best->best.commit_usd);
		bw_format_usd(b, sizeof(b), best->best.commit_usd / years);
		fprintf(out, "Recommendation: commit %s over %d months (%s a year) in the %s band.\n", a,
			plan->term_months, b, best->band.name);
		bw_format_usd(a, sizeof(a), best->best.expected_cost_usd);
		bw_format_usd(b, sizeof(b), payg - best->best.expected_cost_usd);
		bw_format_percent(c, sizeof(c), best->best.esr, 1);
		fprintf(out, "Expected cost %s: %s (%s) below pay-as-you-go.\n", a, b, c);
		bw_format_usd(a, sizeof(a), best->best.expected_unused_usd);
		bw_format_percent(b, sizeof(b), best->best.shortfall_probability, 0);
		bw_format_usd(c, sizeof(c), best->best.p90_cost_usd);
		fprintf(out, "Risk: %s of paths leave some commitment unused (%s expected); "
			     "1 path in 10 costs more than %s.\n", b, a, c);
		if ((size_t)plan->recommended + 1 < plan->band_count) {
			const bw_plan_band *next = &plan->bands[plan->recommended + 1];
			bw_format_usd(a, sizeof(a), next->best.expected_cost_usd - best->best.expected_cost_usd);
			bw_format_usd(b, sizeof(b), next->best.commit_usd);
			fprintf(out, "Next band: %s at %s costs %s more in expectation at these terms; "
				     "it needs a deeper discount to pay off.\n",
				next->band.name, b, a);
		}
	}
	print_illustrative_note(out, ctx);
done:
	bw_table_free(table);
	return error;
}

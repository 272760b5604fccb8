/*
 * track.c: `bandwise track` output: the deal to date and each period's
 * projected landing, with warnings in words.
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

/* 1 when period p of 'track' passes a user's alert threshold. */
static int period_alert(const bw_track_period *p, double shortfall_usd, double overage_usd)
{
	if (p->months_actual == p->months)
		return 0; /* over: nothing left to act on */
	if (shortfall_usd >= 0 && -p->position_p50_usd > shortfall_usd)
		return 1;
	return overage_usd >= 0 && p->position_p50_usd > overage_usd;
}

static int count_alerts(const bw_track_result *t, double shortfall_usd, double overage_usd)
{
	int alerts = 0;
	for (int i = 0; i < t->period_count; i++)
		alerts += period_alert(&t->periods[i], shortfall_usd, overage_usd);
	return alerts;
}

int bw_report_track_json(FILE *out, const bw_deal_file *deal, const bw_track_result *t,
                         double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                         const bw_report_context *ctx)
{
	json_t *root = json_object(), *periods = json_array();
	char label[16];

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "deal", json_string(deal->name));
	json_object_set_new(root, "deal_file", json_string(deal->origin));
	json_object_set_new(root, "start_month", json_string(deal->start_month));
	json_object_set_new(root, "term_months", json_integer(t->term_months));
	json_object_set_new(root, "months_elapsed", json_integer(t->months_elapsed));
	json_object_set_new(root, "commit_usd", bwx_json_usd(t->commit_usd));
	json_object_set_new(root, "price_lock",
	                    json_string(bw_price_lock_name(deal->terms.price_lock)));
	json_object_set_new(root, "threshold_measure",
	                    json_string(bw_threshold_measure_name(deal->terms.threshold_measure)));
	json_object_set_new(root, "threshold_value_usd",
	                    bwx_json_usd(bw_band_threshold_value(&deal->terms, t->commit_usd)));
	json_object_set_new(root, "consumed_usd", bwx_json_usd(t->consumed_usd));
	json_object_set_new(root, "pace",
	                    isfinite(t->pace) ? bwx_json_fraction(t->pace) : json_null());
	json_object_set_new(root, "seed",
	                    t->has_fit ? json_integer((json_int_t)ctx->seed) : json_null());
	json_object_set_new(root, "realized_discount",
	                    bw_report__realized_discount_json(&t->realized, deal->terms.discount));
	json_object_set_new(root, "catalog_version", bwx_json_string_or_null(ctx->catalog_version));
	/* The forecast of the months to come: its model, price basis and the
	 * changes it found, dated (docs/json.md). */
	json_object_set_new(root, "forecast_model",
	                    t->has_fit ? json_string(bw_forecast_model_name(t->fit.model))
	                               : json_null());
	bw_report__basis_json(root, ctx->history, ctx->price_basis);
	json_object_set_new(root, "changes", bw_report__changes_json(t->has_fit ? &t->fit : NULL));
	for (int i = 0; i < t->period_count; i++) {
		const bw_track_period *p = &t->periods[i];
		json_t *row = json_object();
		json_object_set_new(row, "period", json_integer(p->index));
		bwx_format_month(label, sizeof(label), deal->start_month, p->first_month);
		json_object_set_new(row, "first_month", json_string(label));
		bwx_format_month(label, sizeof(label), deal->start_month,
		                 p->first_month + p->months - 1);
		json_object_set_new(row, "last_month", json_string(label));
		json_object_set_new(row, "months", json_integer(p->months));
		json_object_set_new(row, "months_actual", json_integer(p->months_actual));
		json_object_set_new(row, "commit_usd", bwx_json_usd(p->commit_usd));
		json_object_set_new(row, "consumed_usd", bwx_json_usd(p->consumed_usd));
		json_object_set_new(row, "position_p10_usd", bwx_json_usd(p->position_p10_usd));
		json_object_set_new(row, "position_p50_usd", bwx_json_usd(p->position_p50_usd));
		json_object_set_new(row, "position_p90_usd", bwx_json_usd(p->position_p90_usd));
		json_object_set_new(row, "shortfall_probability",
		                    bwx_json_fraction(p->shortfall_probability));
		json_object_set_new(row, "overage_probability",
		                    bwx_json_fraction(p->overage_probability));
		json_object_set_new(row, "expected_unused_usd",
		                    bwx_json_usd(p->expected_unused_usd));
		json_object_set_new(row, "expected_overage_usd",
		                    bwx_json_usd(p->expected_overage_usd));
		json_object_set_new(row, "expected_excess_usd",
		                    bwx_json_usd(p->expected_excess_usd));
		json_object_set_new(row, "expansion_commit_usd",
		                    p->expansion_commit_usd > 0
		                        ? bwx_json_usd(p->expansion_commit_usd)
		                        : json_null());
		json_object_set_new(row, "expansion_break_even_discount",
		                    isfinite(p->expansion_break_even_discount)
		                        ? bwx_json_fraction(p->expansion_break_even_discount)
		                        : json_null());
		json_object_set_new(
		    row, "alert",
		    json_boolean(period_alert(p, alert_shortfall_usd, alert_overage_usd)));
		json_array_append_new(periods, row);
	}
	json_object_set_new(root, "periods", periods);
	if (alerts)
		*alerts = count_alerts(t, alert_shortfall_usd, alert_overage_usd);
	json_object_set_new(root, "alerts",
	                    json_integer(count_alerts(t, alert_shortfall_usd, alert_overage_usd)));
	return bwx_json_print(out, root);
}

/* A period projected past its commitment: what the overage costs under
 * this deal's terms, and whether moving up (a larger commitment) pays. */
static void overage_advice(FILE *out, const bw_deal_file *deal, const bw_track_period *p,
                           const char *first, const char *last)
{
	char a[64], b[64], c[64];
	bwx_format_usd(a, sizeof(a), p->position_p50_usd);
	bwx_format_usd(b, sizeof(b), p->expected_overage_usd);
	fprintf(out,
	        "WARNING: period %d (%s..%s) is projected to run %s past the commitment at P50",
	        p->index, first, last, a);
	if (deal->terms.overage == BW_OVERAGE_COMMITTED) {
		fprintf(out,
		        "; this deal already bills overage at the committed rate: %s expected. At "
		        "that rate a larger commitment alone cannot lower it (you pay the larger "
		        "of commitment and consumption)",
		        b);
	} else {
		bwx_format_usd(c, sizeof(c), p->expected_overage_usd - p->expected_excess_usd);
		if (deal->terms.overage == BW_OVERAGE_CUSTOM) {
			char r[32];
			bwx_format_percent(r, sizeof(r), deal->terms.overage_discount, 1);
			fprintf(out, ", billed at list less %s under this deal", r);
		} else {
			fprintf(out, ", billed at list under this deal");
		}
		fprintf(out,
		        ": %s expected, %s more than at the committed rate: negotiate overage at "
		        "the committed rate before %s",
		        b, c, last);
	}
	bwx_format_usd(a, sizeof(a), p->expansion_commit_usd);
	if (isfinite(p->expansion_break_even_discount) &&
	    p->expansion_break_even_discount <= deal->terms.discount + 1e-9) {
		fprintf(out,
		        ". Moving up to %s for the period pays already at the signed discount.\n",
		        a);
	} else if (isfinite(p->expansion_break_even_discount)) {
		bwx_format_percent(c, sizeof(c), p->expansion_break_even_discount, 1);
		fprintf(out, ". Moving up to %s for the period pays only at %s off or more.\n", a,
		        c);
	} else {
		fprintf(out, ". Moving up: no discount below 99%% makes a %s commitment pay.\n", a);
	}
	if (deal->terms.threshold_measure == BW_THRESHOLD_LIST) {
		/* A list-measured deal: the larger commitment meets band thresholds
		 * at its list value, which is what moving up a band compares. */
		char counts[160];
		fprintf(out, "  With %s for the period, %s.\n", a,
		        bw_report__threshold_count(counts, sizeof(counts), &deal->terms,
		                                   p->expansion_commit_usd, p->months));
	}
}

int bw_report_track_text(FILE *out, const bw_deal_file *deal, const bw_track_result *t,
                         double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                         const bw_report_context *ctx, int color)
{
	bwx_table *table = bwx_table_new(8);
	char a[64], b[64], c[64], first[16], last[16];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_format_usd(a, sizeof(a), t->commit_usd);
	fprintf(out, "Deal \"%s\": %s over %d months from %s; %d of %d months done.\n",
	        BWX_VISIBLE(deal->name), a, t->term_months, BWX_VISIBLE(deal->start_month),
	        t->months_elapsed, t->term_months);
	{
		char counts[160];
		fprintf(out, "This deal: %s.\n",
		        bw_report__threshold_count(counts, sizeof(counts), &deal->terms,
		                                   t->commit_usd, t->term_months));
	}
	bwx_format_usd(a, sizeof(a), t->consumed_usd);
	if (isfinite(t->pace)) {
		bwx_format_percent(b, sizeof(b), t->pace, 0);
		fprintf(out,
		        "Consumed so far (at the committed rate): %s; pace in the current period: "
		        "%s of "
		        "the commitment's share for the months elapsed.\n\n",
		        a, b);
	} else {
		fprintf(out, "Consumed so far (at the committed rate): %s.\n\n", a);
	}
	bw_report__realized_discount_text(out, &t->realized, deal->terms.discount);
	if (t->has_fit) {
		fprintf(out, "The months to come are forecast on %s,\nwith the %s model (%s).\n",
		        ctx->history == NULL || !ctx->history->repriced ? "the history"
		        : ctx->price_basis == BW_PRICE_BASIS_TODAY
		            ? "the same work at today's list (the months done count as billed)"
		            : "the history as billed",
		        bw_forecast_model_name(t->fit.model), t->fit.reason);
		bw_report__changes_text(out, &t->fit, ctx->history);
		fputc('\n', out);
	}
	const char *headers[] = {"period",  "months",  "commitment", "consumed",
	                         "end P10", "end P50", "end P90",    "P(unused)"};
	for (int i = 0; i < 8; i++)
		bwx_table_header(table, i, headers[i], i == 0 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	for (int i = 0; i < t->period_count; i++) {
		const bw_track_period *p = &t->periods[i];
		if ((error = bwx_table_row(
		         table, period_alert(p, alert_shortfall_usd, alert_overage_usd))) < 0)
			goto done;
		bwx_format_month(first, sizeof(first), deal->start_month, p->first_month);
		bwx_format_month(last, sizeof(last), deal->start_month,
		                 p->first_month + p->months - 1);
		bwx_table_cell(table, 0, "%d: %s..%s", p->index, first, last);
		bwx_table_cell(table, 1, "%d/%d", p->months_actual, p->months);
		const double v[5] = {p->commit_usd, p->consumed_usd, p->position_p10_usd,
		                     p->position_p50_usd, p->position_p90_usd};
		for (int k = 0; k < 5; k++) {
			bwx_format_usd(a, sizeof(a), v[k]);
			bwx_table_cell(table, 2 + k, "%s", a);
		}
		bw_report__format_share(a, sizeof(a), p->shortfall_probability);
		bwx_table_cell(table, 7, "%s", a);
	}
	bwx_table_print(table, out, color);
	fprintf(out,
	        "end = consumption minus commitment (with carried credit) at the period's end: "
	        "negative is commitment left unused, positive is overage.\n\n");
	for (int i = 0; i < t->period_count; i++) {
		const bw_track_period *p = &t->periods[i];
		bwx_format_month(first, sizeof(first), deal->start_month, p->first_month);
		bwx_format_month(last, sizeof(last), deal->start_month,
		                 p->first_month + p->months - 1);
		if (p->months_actual == p->months) {
			fprintf(out, "Period %d (%s..%s) is over: ", p->index, first, last);
			bwx_format_usd(a, sizeof(a), fabs(p->position_p50_usd));
			fprintf(out, "%s %s.\n", a,
			        p->position_p50_usd < 0 ? "left unused" : "past the commitment");
			continue;
		}
		bwx_format_usd(a, sizeof(a), -p->position_p50_usd);
		bw_report__format_share(b, sizeof(b), p->shortfall_probability);
		bwx_format_usd(c, sizeof(c), p->position_p50_usd);
		if (p->position_p50_usd < 0)
			fprintf(
			    out,
			    "WARNING: period %d (%s..%s) is projected to leave %s unused at P50 "
			    "(some unused on %s of paths): move workloads onto this contract or "
			    "renegotiate before %s.\n",
			    p->index, first, last, a, b, last);
		else if (p->overage_probability > 0.5)
			overage_advice(out, deal, p, first, last);
		else
			fprintf(out,
			        "Period %d (%s..%s) is on track (P50 %s past the commitment).\n",
			        p->index, first, last, c);
	}
	if (alerts) {
		*alerts = count_alerts(t, alert_shortfall_usd, alert_overage_usd);
		if (*alerts)
			fprintf(out, "ALERT: %d period(s) pass the thresholds you set.\n", *alerts);
	}
done:
	bwx_table_free(table);
	return error;
}

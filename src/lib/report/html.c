/*
 * html.c: `bandwise report -o FILE.html`, the single-file HTML report:
 * inline CSS and SVG, no external requests, readable on a laptop and a
 * phone, clean in print.
 * Every string that comes from the user's data goes through
 * bwx_html_escape.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "basis.h"
#include "changes.h"
#include "charts.h"
#include "labels.h"
#include "svg.h"
#include "table.h"

#include <math.h>
#include <string.h>

static const char css[] =
    "body{font-family:system-ui,-apple-system,Segoe "
    "UI,Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff}"
    "main{max-width:980px;margin:0 auto;padding:16px}"
    "h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.2rem;margin:1.6rem 0 "
    ".3rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}"
    ".takeaway{font-weight:600;margin:.3rem 0 .6rem}.note{color:#555;font-size:.9rem}"
    ".chart{width:100%;height:auto;display:block}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}"
    "th,td{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}"
    "th:first-child,td:first-child{text-align:left}tr.chosen td{font-weight:700;background:#eef6fc}"
    /* Headers and hashes wrap, so that a wide table fits the laptop's
     * column too. */
    "th,td:first-child{white-space:normal}td code{white-space:normal;overflow-wrap:anywhere}"
    "td[colspan]{text-align:left}td.words{white-space:normal}"
    ".warn{background:#fff4e0;border-left:4px solid #E69F00;padding:.4rem .6rem}"
    "@media print{main{max-width:none}section{break-inside:avoid}}"
    /* Each chart comes in two layouts (charts.h): on a phone the narrow
     * one, drawn near 1:1 so that its labels stay 11 px or more. */
    "svg.chart[data-layout=narrow]{display:none}"
    "@media (max-width:600px){svg.chart[data-layout=wide]{display:none}"
    "svg.chart[data-layout=narrow]{display:block}"
    /* Wide tables wrap each row into a grid of three: the name on a line
     * of its own, then the figures in the same places as the header's
     * labels, so no dollar is off-screen and nothing scrolls sideways. */
    ".scroll table:not(.pairs),.scroll table:not(.pairs)>*{display:block;width:100%}"
    ".scroll table:not(.pairs) tr{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));"
    "border-bottom:1px solid #ddd;padding:.15rem 0}"
    ".scroll table:not(.pairs) :is(th,td){border:0;text-align:left;padding:.1rem .3rem}"
    ".scroll table:not(.pairs) tr>:first-child,.scroll [colspan]{grid-column:1/-1}"
    ".scroll thead{color:#555;font-size:.8rem}"
    ".scroll table:not(.pairs) :is(th,td),code{white-space:normal;overflow-wrap:anywhere}"
    ".scroll tr.chosen{background:#eef6fc}.pairs :is(th,td){padding:.2rem .3rem}"
    ".pairs th,.pairs td:first-child{white-space:normal}}";

/* A chart in both layouts: the CSS shows the wide one on a laptop and the
 * narrow one, drawn near 1:1, on a phone (charts.h). */
static void charts(FILE *out, const bw_report_bundle *b,
                   void (*draw)(FILE *, const bw_report_bundle *, double))
{
	draw(out, b, BW_REPORT__CHART_WIDE);
	draw(out, b, BW_REPORT__CHART_NARROW);
}

static void curves_chart(FILE *out, const bw_report_bundle *b, double width)
{
	bw_report__chart_curves(out, b, width, -1);
}

static void text(FILE *out, const char *s)
{
	bwx_html_escape(out, s);
}

static void section_start(FILE *out, const char *id, const char *title, const char *takeaway)
{
	fprintf(out, "<section id=\"%s\"><h2>", id);
	text(out, title);
	fputs("</h2><p class=\"takeaway\">", out);
	text(out, takeaway);
	fputs("</p>\n", out);
}

/* Where you stand: next year's optimized list spend against the bands. */
static void section_stand(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_plan_result *plan = b->plan;
	double q[3], mean, probs[3] = {0.1, 0.5, 0.9}, annual[3];
	int months = b->paths->months < 12 ? b->paths->months : 12;
	char takeaway[512], a[64], c[64];

	bw_paths_total_quantiles(b->paths, months, probs, 3, q, &mean);
	for (int i = 0; i < 3; i++)
		annual[i] = q[i] * 12.0 / months;
	const char *band = "below every band";
	for (size_t i = 0; i < plan->band_count; i++)
		if (annual[1] >= plan->bands[i].band.min_commit_usd)
			band = plan->bands[i].band.name;
	bwx_format_usd(a, sizeof(a), annual[1]);
	bwx_format_usd(c, sizeof(c), annual[0]);
	/* The forecast is at today's list by default: said, as the bill may
	 * differ. */
	int today = b->fit != NULL && ctx->history != NULL && ctx->history->repriced &&
	            ctx->price_basis == BW_PRICE_BASIS_TODAY;
	snprintf(takeaway, sizeof(takeaway),
	         "The next 12 months come to %s of list spend%s at the median (P10 %s): at the "
	         "median that is the %s band%s.",
	         a, today ? " (at today's list)" : "", c, band,
	         strcmp(band, "below every band") == 0 ? "" : "'s range");
	section_start(out, "stand", "Where you stand", takeaway);
	charts(out, b, bw_report__chart_stand);
	fputs("</section>\n", out);
}

/* A table of list spend by name (the largest 12), escaped. */
static void totals_table(FILE *out, const char *what, const char *empty_name,
                         const bw_spend_total *items, size_t count, double total_usd)
{
	char a[64];
	fprintf(out,
	        "<div class=\"scroll\"><table><thead><tr><th>%s</th><th>list "
	        "spend</th><th>share</th></tr></thead><tbody>\n",
	        what);
	for (size_t i = 0; i < count && i < 12; i++) {
		fputs("<tr><td>", out);
		text(out, items[i].name[0] ? items[i].name : empty_name);
		bwx_format_usd(a, sizeof(a), items[i].total_usd);
		fprintf(out, "</td><td>%s</td><td>%.1f%%</td></tr>\n", a,
		        bw_report__percent_of(items[i].total_usd, total_usd));
	}
	fputs("</tbody></table></div>\n", out);
}

/* Which prices the history and the forecast are at, and that the chart
 * draws both series (issue 10: "billed at list" and "the same work at
 * today's list"). Nothing when the history was not repriced. */
static void section_basis(FILE *out, const bw_spend *spend, const bw_report_context *ctx)
{
	if (ctx->history == NULL || !spend->repriced)
		return;
	fputs("<p class=\"basis\">", out);
	if (ctx->price_basis == BW_PRICE_BASIS_HISTORY) {
		fputs("The forecast is fitted on the history as billed (the list in force each "
		      "day): the price changes in it are changes of the bill. ",
		      out);
	} else {
		fputs("The forecast is fitted on the same work at today's list (the prices in "
		      "force on ",
		      out);
		text(out, spend->today_day);
		fputs(", each model's work priced as the model that does it now): a price change "
		      "is a level change, not growth, and the forecast is at today's list. ",
		      out);
	}
	fputs("The chart draws both: the history billed at list (solid) and the same work at "
	      "today's list (dotted).</p>\n",
	      out);
}

/* History and the forecast fan. */
static void section_forecast(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_spend *spend = b->spend;
	char takeaway[512], a[64];

	if (b->fit != NULL) {
		bwx_format_percent(a, sizeof(a), b->fit->monthly_growth, 1);
		const char *basis = ctx->history == NULL ? "the history"
		                    : ctx->price_basis == BW_PRICE_BASIS_TODAY
		                        ? "the same work at today's list"
		                        : "the history as billed";
		if (ctx->segments != NULL)
			snprintf(takeaway, sizeof(takeaway),
			         "The company's total grows %s a month now on the %s model fitted "
			         "to %s; the forecast is the sum of %zu segments' own, and the "
			         "shaded fan holds 80%% of its %zu paths.",
			         a, bw_forecast_model_name(b->fit->model), basis,
			         ctx->segments->count, b->paths->path_count);
		else
			snprintf(
			    takeaway, sizeof(takeaway),
			    "List spend grows %s a month now on the %s model fitted to %s; the "
			    "shaded fan holds 80%% of the %zu forecast paths.",
			    a, bw_forecast_model_name(b->fit->model), basis, b->paths->path_count);
	} else {
		snprintf(takeaway, sizeof(takeaway), "The shaded fan holds 80%% of your %zu paths.",
		         b->paths->path_count);
	}
	section_start(out, "forecast", "Usage history and forecast", takeaway);
	charts(out, b, bw_report__chart_forecast);
	if (b->fit != NULL) {
		fputs(ctx->segments != NULL ? "<p>Forecast model of the company's total: <b>"
		                            : "<p>Forecast model: <b>",
		      out);
		text(out, bw_forecast_model_name(b->fit->model));
		fputs("</b> (", out);
		text(out, b->fit->reason);
		fputs(ctx->segments != NULL ? "); the paths are the segments' sum, below.</p>\n"
		                            : ").</p>\n",
		      out);
	}
	section_basis(out, spend, ctx);
	/* One list of both kinds of change, in month order. */
	bw_report__change change;
	size_t ci = 0, cj = 0;
	for (int head = 1; bw_report__changes_next(b->fit, spend, &ci, &cj, &change); head = 0) {
		if (head)
			fprintf(
			    out,
			    "<p>Changes in the history: detected level and growth changes, price "
			    "cuts and migrations (marked on the chart%s):</p>\n<ul "
			    "class=\"changes\">\n",
			    bw_report__changes_weighed(b->fit)
			        ? "; the forecast weighs the latest regime"
			        : "");
		fputs("<li>", out);
		text(out, change.text);
		fputs("</li>\n", out);
	}
	if (ci + cj > 0)
		fputs("</ul>\n", out);
	/* Why by segment or on the total (--segments auto), as the JSON's
	 * segments_note. */
	if (b->fit != NULL && ctx->segments_note != NULL && ctx->segments_note[0]) {
		fputs("<p class=\"segments-note\">", out);
		text(out, ctx->segments_note);
		fputs("</p>\n", out);
	}
	if (ctx->segments != NULL) {
		const bw_segments *g = ctx->segments;
		fprintf(
		    out,
		    "<p>Forecast by segment: %zu segments (workspace x model family, small ones "
		    "pooled as other), each with the model its own backtest chose, added up with a "
		    "correlation of %.0f%% (of their backtest errors).</p>\n<ul "
		    "class=\"segments\">",
		    g->count, g->correlation * 100);
		for (size_t i = 0; i < g->count; i++) {
			char summary[256];
			fputs("<li>", out);
			text(out, g->segments[i].name);
			fputs(": ", out);
			text(out,
			     bw_report__segment_summary(summary, sizeof(summary), &g->segments[i]));
			fputs("</li>", out);
		}
		fputs("</ul>\n", out);
		size_t events = 0;
		for (size_t i = 0; i < g->count; i++)
			events += g->segments[i].event[0] != '\0';
		if (events > 0) {
			fputs("<ul class=\"note\">", out);
			for (size_t i = 0; i < g->count; i++)
				if (g->segments[i].event[0]) {
					fputs("<li>", out);
					text(out, g->segments[i].event);
					fputs("</li>", out);
				}
			fputs("</ul>\n", out);
		}
	}
	/* Where the money goes: workspaces, and tags when request logs had them. */
	totals_table(out, "workspace", "(default)", spend->workspaces, spend->workspace_count,
	             spend->total_list_usd);
	if (spend->tag_count > 0)
		totals_table(out, "tag", "(untagged)", spend->tags, spend->tag_count,
		             spend->total_list_usd);
	for (size_t i = 0; i < spend->unpriced_count; i++) {
		fputs("<p class=\"warn\">Not priced and not in the totals: model <code>", out);
		text(out, spend->unpriced[i].model);
		fprintf(out, "</code>, %lld tokens.</p>\n",
		        (long long)spend->unpriced[i].total_tokens);
	}
	fputs("</section>\n", out);
}

static void section_waterfall(FILE *out, const bw_report_bundle *b)
{
	const bw_waterfall *w = b->waterfall;
	char takeaway[512], a[64];

	bwx_format_usd(a, sizeof(a), w->usd[0] - w->usd[3]);
	snprintf(takeaway, sizeof(takeaway),
	         "The optimization policy saves %s (%.1f%% of list) on the same usage.", a,
	         100 * bw_report__saving_share(w->usd));
	section_start(out, "waterfall", "Savings waterfall", takeaway);
	charts(out, b, bw_report__chart_waterfall);
	fputs("<ul class=\"note\">", out);
	for (size_t i = 0; i < b->policy->count; i++) {
		fprintf(out, "<li>%s: ", bw_lever_name(b->policy->rules[i].lever));
		text(out, b->policy->rules[i].reason);
		fputs("</li>", out);
	}
	fputs("</ul></section>\n", out);
}

/* Expected cost against commitment, a curve per band; the commitment
 * asked for (--commit) marked. */
static void section_curves(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_plan_result *plan = b->plan;
	char takeaway[512], a[64];

	if (plan->recommended >= 0) {
		const bw_plan_band *r = &plan->bands[plan->recommended];
		bw_report__format_commit(a, sizeof(a), r->optimum.commit_usd, r->commit_max_usd);
		snprintf(takeaway, sizeof(takeaway),
		         "The lowest expected cost is a %s commitment in the %s band; past each "
		         "band's optimum, more commitment only costs more.",
		         a, r->band.name);
	} else {
		snprintf(takeaway, sizeof(takeaway),
		         "No band beats pay-as-you-go in expectation on these paths.");
	}
	section_start(out, "curves", "Expected cost against commitment", takeaway);
	if (ctx->evaluated != NULL) {
		bw_report__chart_curves(out, b, BW_REPORT__CHART_WIDE, ctx->evaluated->commit_usd);
		bw_report__chart_curves(out, b, BW_REPORT__CHART_NARROW,
		                        ctx->evaluated->commit_usd);
		bwx_format_usd(a, sizeof(a), ctx->evaluated->commit_usd);
		fprintf(out,
		        "<p class=\"note\">The black line is the commitment asked for, %s.</p>\n",
		        a);
	} else {
		charts(out, b, curves_chart);
	}
	fputs("</section>\n", out);
}

static void section_risk(FILE *out, const bw_report_bundle *b)
{
	const bw_plan_result *plan = b->plan;
	char a[64];
	section_start(out, "risk", "Risk of every band's deal",
	              "Each band at its own best commitment: what it costs on average and in a bad "
	              "year, and how often commitment goes unused.");
	fputs("<div class=\"scroll\"><table><thead><tr><th>option</th><th>commit "
	      "(term)</th><th>expected cost</th><th>P90</th>"
	      "<th>CVaR</th><th>expected "
	      "unused</th><th>P(unused)</th><th>ESR</th></tr></thead><tbody>\n",
	      out);
	bwx_format_usd(a, sizeof(a), plan->payg_expected_cost_usd);
	fprintf(out, "<tr%s><td>pay-as-you-go</td><td>-</td><td>%s</td>",
	        plan->recommended < 0 ? " class=\"chosen\"" : "", a);
	bwx_format_usd(a, sizeof(a), plan->payg_p90_cost_usd);
	fprintf(out, "<td>%s</td>", a);
	bwx_format_usd(a, sizeof(a), plan->payg_cvar_usd);
	fprintf(out, "<td>%s</td><td>$0</td><td>0%%</td><td>0.0%%</td></tr>\n", a);
	for (size_t i = 0; i < plan->band_count; i++) {
		const bw_plan_outcome *o = &plan->bands[i].optimum;
		fprintf(out, "<tr%s><td>", plan->recommended == (int)i ? " class=\"chosen\"" : "");
		text(out, plan->bands[i].band.name);
		const double v[5] = {o->commit_usd, o->expected_cost_usd, o->p90_cost_usd,
		                     o->cvar_usd, o->expected_unused_usd};
		fputs("</td>", out);
		for (int k = 0; k < 5; k++) {
			if (k == 0)
				bw_report__format_commit(a, sizeof(a), v[k],
				                         plan->bands[i].commit_max_usd);
			else
				bwx_format_usd(a, sizeof(a), v[k]);
			fprintf(out, "<td>%s</td>", a);
		}
		bw_report__format_share(a, sizeof(a), o->shortfall_probability);
		fprintf(out, "<td>%s</td><td>%.1f%%</td></tr>\n", a, o->esr * 100);
	}
	fputs("</tbody></table></div>\n<p>", out);
	text(out, bw_report__threshold_measure_sentence(plan->threshold_measure));
	fputs("</p>\n", out);
	{
		char explain[512];
		fputs("<p>", out);
		text(out,
		     bw_report__objective_explanation(&plan->objective, explain, sizeof(explain)));
		fputs("</p>\n", out);
	}
	fputs("</section>\n", out);
}

static void section_leverage(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_plan_result *plan = b->plan;
	const bw_plan_stretch *s = &plan->stretch;
	char takeaway[512], a[64], c[64];

	if (s->available && isfinite(s->break_even_discount)) {
		bwx_format_percent(a, sizeof(a), s->break_even_discount, 1);
		snprintf(takeaway, sizeof(takeaway),
		         "Reaching the %s band pays only at %s off or more; below that, stay with "
		         "the recommendation.",
		         plan->bands[s->band].band.name, a);
	} else if (s->available &&
	           s->commit_usd >= (plan->recommended >= 0
	                                 ? plan->bands[plan->recommended].optimum.expected_cost_usd
	                                 : plan->payg_expected_cost_usd)) {
		snprintf(
		    takeaway, sizeof(takeaway),
		    "The %s band's threshold alone exceeds the recommendation's expected cost: "
		    "no discount can make it pay.",
		    plan->bands[s->band].band.name);
	} else if (s->available) {
		snprintf(takeaway, sizeof(takeaway),
		         "The %s band's threshold would not be filled: no discount below 99%% "
		         "makes it pay.",
		         plan->bands[s->band].band.name);
	} else {
		snprintf(takeaway, sizeof(takeaway),
		         "The recommendation is already in the top band.");
	}
	section_start(out, "leverage", "Leverage for the negotiation", takeaway);
	if (plan->protections_available) {
		fputs("<div class=\"scroll\"><table><thead><tr><th>protection</th><th>worth "
		      "(expected, term)</th><th>discount points</th></tr></thead><tbody>\n",
		      out);
		int one_period = plan->term_months <= 12, any_in_band = 0;
		for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
			/* Rollover and a ramp act between yearly true-ups only. */
			if (one_period && (p == BW_PROTECTION_ROLLOVER || p == BW_PROTECTION_RAMP))
				continue;
			any_in_band |= plan->protections[p].in_band;
			char points[64];
			bwx_format_usd(a, sizeof(a), plan->protections[p].value_usd);
			bw_report__points(points, sizeof(points),
			                  plan->protections[p].discount_points,
			                  plan->protections[p].value_usd);
			fprintf(out, "<tr><td>%s%s</td><td>%s</td><td>%s</td></tr>\n",
			        bw_report__protection_label(plan->protections[p].protection),
			        plan->protections[p].in_band ? " (in band)" : "", a, points);
		}
		fputs("</tbody></table></div>\n", out);
		if (one_period)
			fprintf(out,
			        "<p>Rollover and a ramp are left out: a %d-month term has one "
			        "true-up period, so nothing carries over and nothing ramps.</p>\n",
			        plan->term_months);
		if (any_in_band)
			fputs("<p>(in band): the recommended band has it already; its value is "
			      "what giving it up would cost.</p>\n",
			      out);
	}
	if (ctx->trapped != NULL && ctx->trapped->sized_band >= 0) {
		bwx_format_usd(a, sizeof(a), ctx->trapped->expected_unused_usd);
		bwx_format_usd(c, sizeof(c), ctx->trapped->extra_cost_usd);
		if (ctx->trapped->extra_cost_usd < 0.5)
			fputs("<p>Committing before optimizing would pick the same deal: nothing "
			      "extra is trapped.</p>\n",
			      out);
		else
			fprintf(out,
			        "<p>Committing before optimizing leaves %s unused on average and "
			        "costs %s more than the deal sized on optimized usage: the savings "
			        "trapped.</p>\n",
			        a, c);
	}
	const bw_plan_lever *l = &plan->lever;
	if (l->available) {
		const bw_band *up = &plan->bands[l->band].band;
		bwx_format_usd(a, sizeof(a), l->threshold_usd);
		bwx_format_usd(c, sizeof(c), l->discount_value_usd);
		fputs("<p>Lever: usage sits within reach of the ", out);
		text(out, up->name);
		if (up->threshold_measure == BW_THRESHOLD_LIST) {
			/* The vendor compares list value: say the threshold as it does. */
			bwx_format_usd(a, sizeof(a), l->threshold_value_usd);
			fprintf(
			    out,
			    " threshold (%s at list value, %.0f%% below it at list). Asking for "
			    "its %.1f%% discount at the commitment you will fill is worth %s in "
			    "expectation",
			    a, l->gap * 100, up->discount * 100, c);
		} else {
			fprintf(out,
			        " threshold (%s, %.0f%% below it at its discount). Asking for its "
			        "%.1f%% discount at the commitment you will fill is worth %s in "
			        "expectation",
			        a, l->gap * 100, up->discount * 100, c);
		}
		if (l->best_protection >= 0) {
			bwx_format_usd(c, sizeof(c), l->protection_value_usd[l->best_protection]);
			fprintf(out, "; committing the threshold with %s: %s",
			        bw_report__protection_request(l->best_protection), c);
		}
		fputs(".</p>\n", out);
	}
	if (plan->tie.near_tie) {
		bwx_format_usd(a, sizeof(a), plan->tie.margin_usd);
		fprintf(out, "<p>Near tie: the recommendation wins by only %s against ", a);
		text(out, plan->tie.runner_up >= 0 ? plan->bands[plan->tie.runner_up].band.name
		                                   : "pay-as-you-go");
		fputs(". The robust choice is ", out);
		text(out, plan->tie.robust >= 0 ? plan->bands[plan->tie.robust].band.name
		                                : "pay-as-you-go");
		fputs(" (less commitment left unused).</p>\n", out);
	}
	fputs("</section>\n", out);
}

static void section_offers(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	char takeaway[512], a[64], objective[48];
	size_t best = 0;

	/* The best offer and its verdict by the plan's objective, as `offer`. */
	for (size_t i = 1; i < b->offer_count; i++)
		if (b->offer_evaluations[i].objective_usd <
		    b->offer_evaluations[best].objective_usd)
			best = i;
	const bw_offer_evaluation *e = &b->offer_evaluations[best];
	bw_objective_describe(&e->objective, objective, sizeof(objective));
	bwx_format_usd(a, sizeof(a), e->objective_usd);
	int no_worse_payg = e->beats_payg || e->matches_payg;
	int no_worse_recommended = e->beats_recommended || e->matches_recommended;
	snprintf(
	    takeaway, sizeof(takeaway), "The best offer, \"%s\", comes to %s by %s, %s.",
	    b->offers[best]->name, a, objective,
	    no_worse_payg && no_worse_recommended ? "no more than the recommended deal: take it"
	    : no_worse_payg ? "better than pay-as-you-go but not than the recommended deal: counter"
	                    : "more than paying as you go: decline as written");
	section_start(out, "offers", "Offers against the recommendation", takeaway);
	if (b->peers != NULL && b->peers->synthetic)
		fputs("<p class=\"warn\">The peer data below is SYNTHETIC, for illustration: not "
		      "real deals.</p>\n",
		      out);
	fputs("<div "
	      "class=\"scroll\"><table><thead><tr><th>offer</th><th>commit</th><th>term</"
	      "th><th>discount</th>"
	      "<th>expected cost</th><th>pay-as-you-go</th><th>recommended deal</th><th>discount "
	      "it needs</th><th>discount to beat pay-as-you-go</th>",
	      out);
	if (b->peers_fit)
		fputs("<th>beats peers</th>", out);
	fputs("</tr></thead><tbody>\n", out);
	for (size_t i = 0; i < b->offer_count; i++) {
		const bw_deal_file *o = b->offers[i];
		const bw_offer_evaluation *v = &b->offer_evaluations[i];
		fputs("<tr><td>", out);
		text(out, o->name);
		bwx_format_usd(a, sizeof(a), o->commit_usd);
		fprintf(out, "</td><td>%s</td><td>%d months</td><td>%.1f%%</td>", a, o->term_months,
		        o->terms.discount * 100);
		const double v3[3] = {v->outcome.expected_cost_usd, v->payg_expected_cost_usd,
		                      v->recommended_expected_cost_usd};
		for (int k = 0; k < 3; k++) {
			bwx_format_usd(a, sizeof(a), v3[k]);
			fprintf(out, "<td>%s</td>", a);
		}
		if (isfinite(v->target_discount))
			fprintf(out, "<td>%.1f%%</td>", v->target_discount * 100);
		else
			fputs("<td class=\"words\">none below 99%</td>", out);
		if (isfinite(v->target_discount_payg))
			fprintf(out, "<td>%.1f%%</td>", v->target_discount_payg * 100);
		else
			fputs("<td class=\"words\">none below 99%</td>", out);
		if (b->peers_fit) {
			bw_peers_placement place;
			bw_peers_place(b->peers, b->peers_fit, o->commit_usd, o->term_months,
			               o->terms.discount, &place);
			fprintf(out, "<td>%.0f%%</td>", place.percentile * 100);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
	if (bw_report__bands_illustrative(ctx))
		fputs("<p>The discount it needs is against the recommended deal on the "
		      "illustrative band assumptions; the discount to beat pay-as-you-go needs "
		      "no band table.</p>\n",
		      out);
	fputs("</section>\n", out);
}

/* The band table used, term by term: the quotes the figures rest on. */
static void band_terms(FILE *out, const bw_bands *bands)
{
	char a[64], d[64], r[64];
	fputs("<div class=\"scroll\"><table class=\"terms\"><thead><tr><th>band</th><th>min "
	      "commit / yr</th><th>discount</th><th>overage</th><th>rollover</th><th>true-up</th>"
	      "<th>price lock</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < bands->count; i++) {
		const bw_band *band = &bands->bands[i];
		bwx_format_usd(a, sizeof(a), band->min_commit_usd);
		bwx_format_percent(d, sizeof(d), band->discount, 1);
		bwx_format_percent(r, sizeof(r), band->rollover, 0);
		fputs("<tr><td>", out);
		text(out, band->name);
		fprintf(out, "</td><td>%s</td><td>%s</td><td>", a, d);
		if (band->overage == BW_OVERAGE_CUSTOM) {
			bwx_format_percent(d, sizeof(d), band->overage_discount, 1);
			fprintf(out, "%s off", d);
		} else {
			fputs(bw_overage_name(band->overage), out);
		}
		fprintf(out, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", r,
		        bw_true_up_name(band->true_up), bw_price_lock_name(band->price_lock));
	}
	fputs("</tbody></table></div>", out);
}

static void section_assumptions(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	section_start(out, "assumptions", "Assumptions and inputs",
	              bw_report__assumptions_takeaway(ctx));
	fputs("<ul>", out);
	fputs("<li>Prices: ", out);
	text(out, ctx->catalog_version ? ctx->catalog_version : "(your paths, no prices)");
	fputs("</li><li>Bands: ", out);
	text(out, ctx->bands ? ctx->bands->origin : "?");
	if (b->bands_sha256) {
		fputs(" (sha256 <code>", out);
		text(out, b->bands_sha256);
		fputs("</code>)", out);
	}
	if (ctx->bands && ctx->bands->note) {
		fputs(": ", out);
		text(out, ctx->bands->note);
	}
	if (ctx->bands)
		band_terms(out, ctx->bands);
	fprintf(out, "</li><li>Forecast: %zu paths, seed %llu, %d months from ",
	        b->paths->path_count, ctx->seed, b->paths->months);
	text(out, b->first_month ? b->first_month : "month 1");
	fputs("</li>", out);
	if (b->policy) {
		fputs("<li>Policy: ", out);
		text(out, b->policy->origin);
		if (b->policy_sha256) {
			fputs(" (sha256 <code>", out);
			text(out, b->policy_sha256);
			fputs("</code>)", out);
		}
		fputs("</li>", out);
	}
	for (size_t i = 0; i < b->offer_count; i++) {
		fputs("<li>Offer: ", out);
		text(out, b->offers[i]->origin);
		fputs("</li>", out);
	}
	if (b->peers) {
		fputs("<li>Peers: ", out);
		text(out, b->peers->origin);
		fputs(b->peers->synthetic ? " (SYNTHETIC)" : "", out);
		fputs("</li>", out);
	}
	fputs("</ul><div class=\"scroll\"><table><thead><tr><th>ingested "
	      "file</th><th>sha256</th><th>rows</th><th>ingested</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < b->source_count; i++) {
		const bw_store_source *s = &b->sources[i];
		fputs("<tr><td>", out);
		text(out, s->name);
		fputs("</td><td><code>", out);
		text(out, s->sha256_hex);
		fprintf(out, "</code></td><td>%lld</td><td>",
		        (long long)(s->usage_rows + s->cost_rows));
		text(out, s->ingested_at);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div></section>\n", out);
}

/* One outcome's figures as table cells: commit, expected cost, P90,
 * P(unused), coverage. */
static void answer_cells(FILE *out, const bw_plan_outcome *o)
{
	char a[64];
	const double usd[3] = {o->commit_usd, o->expected_cost_usd, o->p90_cost_usd};
	for (int k = 0; k < 3; k++) {
		bwx_format_usd(a, sizeof(a), usd[k]);
		fprintf(out, "<td>%s</td>", a);
	}
	bwx_format_percent(a, sizeof(a), o->shortfall_probability, 0);
	fprintf(out, "<td>%s</td>", a);
	bwx_format_percent(a, sizeof(a), o->coverage, 1);
	fprintf(out, "<td>%s</td>", a);
}

/* Every band's floor, optimum and risk-capped answers, in the plan's
 * order of risk (bw_report__answers_by_risk), as `bandwise plan` and the
 * page list them. */
static void section_answers(FILE *out, const bw_report_bundle *b)
{
	const bw_plan_result *plan = b->plan;
	char takeaway[512], fl[64], mx[64];

	bwx_format_percent(fl, sizeof(fl), plan->floor_use_probability, 0);
	bwx_format_percent(mx, sizeof(mx), plan->max_shortfall_probability, 0);
	snprintf(takeaway, sizeof(takeaway),
	         "Three answers per band, safest first: the floor is used in full on %s of "
	         "paths, the risk-capped answer leaves some commitment unused on at most %s, "
	         "the optimum is best for the objective.",
	         fl, mx);
	section_start(out, "answers", "Floor, risk-capped and optimum per band", takeaway);
	fputs("<div class=\"scroll\"><table><thead><tr><th>band / answer</th><th>commit "
	      "(term)</th><th>expected cost</th><th>P90</th><th>P(unused)</th>"
	      "<th>coverage</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < plan->band_count; i++) {
		bw_report__answer rows[3];
		bw_report__answers_by_risk(&plan->bands[i], rows);
		fputs("<tr class=\"group\"><th colspan=\"6\">", out);
		text(out, plan->bands[i].band.name);
		fputs(plan->recommended == (int)i ? " (recommended)" : "", out);
		fputs("</th></tr>\n", out);
		for (int r = 0; r < 3; r++) {
			int chosen =
			    plan->recommended == (int)i && rows[r].o == &plan->bands[i].optimum;
			fprintf(out, "<tr%s><td>%s</td>", chosen ? " class=\"chosen\"" : "",
			        rows[r].name);
			if (rows[r].o->available)
				answer_cells(out, rows[r].o);
			else
				fputs("<td colspan=\"5\">none in band</td>", out);
			fputs("</tr>\n", out);
		}
	}
	fputs("</tbody></table></div></section>\n", out);
}

/* A what-if row: a label, then the commitment asked for's value (when
 * 'asked'), the recommendation's and pay-as-you-go's (USD, or a percentage
 * when 'percent'). */
static void whatif_row(FILE *out, const char *label, const bw_plan_outcome *asked,
                       double asked_value, const bw_plan_outcome *rec, double rec_value,
                       double payg_value, int percent)
{
	char a[64];
	fprintf(out, "<tr><td>%s</td>", label);
	if (asked != NULL) {
		if (percent)
			bwx_format_percent(a, sizeof(a), asked_value, 1);
		else
			bwx_format_usd(a, sizeof(a), asked_value);
		fprintf(out, "<td>%s</td>", a);
	}
	if (rec != NULL) {
		if (percent)
			bwx_format_percent(a, sizeof(a), rec_value, 1);
		else
			bwx_format_usd(a, sizeof(a), rec_value);
		fprintf(out, "<td>%s</td>", a);
	}
	/* NAN: not a figure pay-as-you-go has. */
	if (!isfinite(payg_value))
		snprintf(a, sizeof(a), "-");
	else if (percent)
		bwx_format_percent(a, sizeof(a), payg_value, 1);
	else
		bwx_format_usd(a, sizeof(a), payg_value);
	fprintf(out, "<td>%s</td></tr>\n", a);
}

/* The page's what-if figures at the recommendation, beside pay-as-you-go,
 * and the stretch to the next band: the discount it would have to offer. */
static void section_whatif(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_plan_result *plan = b->plan;
	const bw_plan_outcome *rec =
	    plan->recommended >= 0 ? &plan->bands[plan->recommended].optimum : NULL;
	const bw_plan_stretch *s = &plan->stretch;
	char takeaway[512], a[64], c[64];

	if (rec != NULL) {
		bwx_format_usd(a, sizeof(a), plan->payg_expected_cost_usd - rec->expected_cost_usd);
		bwx_format_percent(c, sizeof(c), rec->shortfall_probability, 0);
		snprintf(takeaway, sizeof(takeaway),
		         "The recommended deal saves %s in expectation against pay-as-you-go; %s "
		         "of paths leave some commitment unused.",
		         a, c);
	} else {
		snprintf(takeaway, sizeof(takeaway),
		         "Pay-as-you-go is the recommendation: no commitment to leave unused.");
	}
	section_start(out, "whatif",
	              ctx->evaluated ? "At the commitment asked and at the recommendation"
	                             : "At the recommendation",
	              takeaway);
	fputs("<div class=\"scroll\"><table class=\"pairs\"><thead><tr><th></th>", out);
	const bw_plan_outcome *asked = ctx->evaluated;
	if (asked != NULL) {
		fputs("<th>asked: ", out);
		text(out, ctx->evaluated_band ? ctx->evaluated_band : "");
		fputs(" band</th>", out);
	}
	if (rec != NULL) {
		fputs("<th>", out);
		text(out, plan->bands[plan->recommended].band.name);
		fputs(" band</th>", out);
	}
	fputs("<th>pay-as-you-go</th></tr></thead><tbody>\n", out);
	const bw_plan_outcome none = {0};
	const bw_plan_outcome *r = rec != NULL ? rec : &none;
	const bw_plan_outcome *q = asked != NULL ? asked : &none;
	whatif_row(out, "commitment (term)", asked, q->commit_usd, rec, r->commit_usd, NAN, 0);
	whatif_row(out, "expected cost", asked, q->expected_cost_usd, rec, r->expected_cost_usd,
	           plan->payg_expected_cost_usd, 0);
	whatif_row(out, "P90 cost", asked, q->p90_cost_usd, rec, r->p90_cost_usd,
	           plan->payg_p90_cost_usd, 0);
	whatif_row(out, "CVaR", asked, q->cvar_usd, rec, r->cvar_usd, plan->payg_cvar_usd, 0);
	whatif_row(out, "expected unused", asked, q->expected_unused_usd, rec,
	           r->expected_unused_usd, 0, 0);
	whatif_row(out, "P(unused)", asked, q->shortfall_probability, rec, r->shortfall_probability,
	           0, 1);
	whatif_row(out, "expected overage", asked, q->expected_overage_usd, rec,
	           r->expected_overage_usd, NAN, 0);
	whatif_row(out, "effective savings rate", asked, q->esr, rec, r->esr, 0, 1);
	fputs("</tbody></table></div>\n", out);
	if (s->available) {
		bwx_format_usd(a, sizeof(a), s->commit_usd);
		bwx_format_percent(c, sizeof(c), s->discount, 1);
		fputs("<p>Stretch: committing ", out);
		fprintf(out, "%s to reach the ", a);
		text(out, plan->bands[s->band].band.name);
		fprintf(out, " band (%s off now) ", c);
		if (isfinite(s->break_even_discount)) {
			bwx_format_percent(a, sizeof(a), s->break_even_discount, 1);
			fprintf(out,
			        "costs no more than the recommendation from a break-even discount "
			        "of %s.</p>\n",
			        a);
		} else {
			fputs("costs more than the recommendation at any discount below 99%.</p>\n",
			      out);
		}
	}
	fputs("</section>\n", out);
}

/* How the forecast did on the history's last months: MAPE, bias and the
 * fan's coverage, as `bandwise backtest`. Bias is the mean signed error
 * of the median over the actual, (P50 - actual) / actual: above 0 the
 * method over-forecasts. */
static void section_backtest(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_backtest *t = b->backtest;
	char takeaway[512], m[64], bias[64], cov[64], a[64], label[32];
	double sum = 0;
	size_t counted = 0;

	for (size_t h = 0; h < t->holdout_months; h++)
		if (t->months[h].actual_usd > 0) {
			sum += (t->months[h].p50_usd - t->months[h].actual_usd) /
			       t->months[h].actual_usd;
			counted++;
		}
	bwx_format_percent(m, sizeof(m), t->mape, 1);
	bwx_format_percent(bias, sizeof(bias), counted ? sum / (double)counted : 0, 1);
	bwx_format_percent(cov, sizeof(cov), t->coverage, 0);
	snprintf(takeaway, sizeof(takeaway),
	         "Fitted on %zu months and forecasting the last %zu: the median was off by %s on "
	         "average (MAPE), bias %s; the actual fell inside P10-P90 in %s of months (80%% "
	         "if the fan is calibrated).",
	         t->train_months, t->holdout_months, m, bias, cov);
	section_start(out, "backtest", "How the forecast did on your history", takeaway);
	if (ctx->history != NULL && ctx->history->repriced &&
	    ctx->price_basis == BW_PRICE_BASIS_TODAY) {
		fputs("<p class=\"note\">Actuals and forecasts are the same work at today's list "
		      "(prices in force on ",
		      out);
		text(out, ctx->history->today_day);
		fputs("), not the bill.</p>\n", out);
	}
	fputs("<div class=\"scroll\"><table><thead><tr><th>month</th><th>actual</th><th>P10</"
	      "th><th>P50</th><th>P90</th><th>error of P50</th><th>in "
	      "P10-P90</th></tr></thead><tbody>\n",
	      out);
	for (size_t h = 0; h < t->holdout_months; h++) {
		const bw_backtest_month *row = &t->months[h];
		bwx_format_month(label, sizeof(label), b->backtest_first_month, (int)h);
		fputs("<tr><td>", out);
		text(out, label);
		fputs("</td>", out);
		const double v[4] = {row->actual_usd, row->p10_usd, row->p50_usd, row->p90_usd};
		for (int k = 0; k < 4; k++) {
			bwx_format_usd(a, sizeof(a), v[k]);
			fprintf(out, "<td>%s</td>", a);
		}
		bwx_format_percent(a, sizeof(a), row->ape, 1);
		fprintf(out, "<td>%s</td><td>%s</td></tr>\n", a, row->inside ? "yes" : "NO");
	}
	fputs("</tbody></table></div>\n<p class=\"note\">MAPE: the mean of |P50 - actual| / "
	      "actual; bias: the mean of (P50 - actual) / actual, above 0 when the forecast runs "
	      "high.</p></section>\n",
	      out);
}

int bw_report_html(FILE *out, const bw_report_bundle *b, const bw_report_context *ctx)
{
	const bw_plan_result *plan = b->plan;
	char a[64], headline[512];

	fprintf(
	    out,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>bandwise: committed-spend report</title><style>%s</style></head><body><main>\n",
	    css);
	if (plan->recommended >= 0) {
		const bw_plan_band *r = &plan->bands[plan->recommended];
		bw_report__format_commit(a, sizeof(a), r->optimum.commit_usd, r->commit_max_usd);
		snprintf(headline, sizeof(headline), "Commit %s over %d months in the %s band", a,
		         plan->term_months, r->band.name);
	} else {
		snprintf(headline, sizeof(headline),
		         "Pay as you go: no band pays off over %d months", plan->term_months);
	}
	fputs("<h1>", out);
	text(out, headline);
	fputs("</h1><p class=\"note\">bandwise report", out);
	if (b->generated_at) {
		fputs(", ", out);
		text(out, b->generated_at);
	}
	fputs(". Optimize first, commit second; never commit to what you will not fill.</p>\n",
	      out);
	if (bw_report__bands_illustrative(ctx))
		fprintf(out, "<p class=\"warn\">%s</p>\n", bw_report__bands_warning_html);
	section_stand(out, b, ctx);
	section_forecast(out, b, ctx);
	if (b->backtest)
		section_backtest(out, b, ctx);
	if (b->waterfall && b->policy)
		section_waterfall(out, b);
	section_curves(out, b, ctx);
	section_risk(out, b);
	section_answers(out, b);
	section_whatif(out, b, ctx);
	section_leverage(out, b, ctx);
	if (b->offer_count > 0)
		section_offers(out, b, ctx);
	section_assumptions(out, b, ctx);
	fputs("</main></body></html>\n", out);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the HTML report") : 0;
}

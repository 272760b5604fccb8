/*
 * labels.c: words that several renderers share (labels.h).
 */
#include "labels.h"
#include "jsonout.h"
#include "visible.h"

#include "table.h"

#include <math.h>
#include <string.h>
#include <stdio.h>

static const char *const stage_names[BW_POLICY_STAGES] = {"list", "after routing", "after caching",
                                                          "after batch"};

const char *bw_report__stage_name(int s)
{
	return s >= 0 && s < BW_POLICY_STAGES ? stage_names[s] : "?";
}

double bw_report__saving_share(const double usd[BW_POLICY_STAGES])
{
	return usd[0] > 0 ? 1 - usd[BW_POLICY_STAGES - 1] / usd[0] : 0;
}

double bw_report__percent_of(double part, double total)
{
	return total > 0 ? 100 * part / total : 0;
}

const char *bw_report__protection_label(bw_protection protection)
{
	static const char *const labels[BW_PROTECTION_COUNT] = {"overage at the committed rate",
	                                                        "rollover of unused commitment",
	                                                        "term-level true-up",
	                                                        "price lock (fixed both ways)",
	                                                        "ramp (a commitment per year)",
	                                                        "price cap (only cuts reach you)"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? labels[protection] : "?";
}

const char *bw_report__protection_request(bw_protection protection)
{
	/* The offer module values rollover at 50% of the unused commitment. */
	static const char *const labels[BW_PROTECTION_COUNT] = {
	    "overage at the committed rate",
	    "rollover of 50% of unused commitment",
	    "term-level true-up",
	    "a price lock",
	    "a ramp",
	    "a price cap (cuts still reach you)"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? labels[protection] : "?";
}

void bw_report__format_share(char *buf, size_t size, double share)
{
	/* Decide on the printed value, so the words and the rounding agree. */
	bwx_format_percent(buf, size, share, 0);
	if (share > 0 && strcmp(buf, "0%") == 0)
		snprintf(buf, size, "under 1%%");
	else if (share < 1 && strcmp(buf, "100%") == 0)
		snprintf(buf, size, "over 99%%");
}

void bw_report__format_commit(char *buf, size_t size, double commit_usd, double commit_max_usd)
{
	/* Amounts of $1,000 or more print in whole dollars, rounded. */
	if (isfinite(commit_max_usd) && commit_usd < commit_max_usd &&
	    commit_usd > commit_max_usd - 1)
		commit_usd = ceil(commit_max_usd) - 1;
	bwx_format_usd(buf, size, commit_usd);
}

const char *bw_report__threshold_measure_sentence(bw_threshold_measure measure)
{
	return measure == BW_THRESHOLD_LIST
	           ? "Band thresholds count a commitment at its LIST value (commitment / "
	             "(1 - "
	             "discount)), as the band table says."
	           : "Band thresholds count a commitment at its net value (the dollars you "
	             "pay).";
}

const char *bw_report__threshold_count(char *buf, size_t size, const bw_band *terms,
                                       double commit_usd, int term_months)
{
	char usd[64], discount[32];
	double years = term_months > 0 ? term_months / 12.0 : 1;
	bwx_format_usd(usd, sizeof(usd), bw_band_threshold_value(terms, commit_usd) / years);
	bwx_format_percent(discount, sizeof(discount), terms->discount, 1);
	if (terms->threshold_measure == BW_THRESHOLD_LIST)
		snprintf(buf, size,
		         "its commitment counts toward band thresholds as %s a year (its "
		         "list value "
		         "at %s off)",
		         usd, discount);
	else
		snprintf(buf, size,
		         "its commitment counts toward band thresholds as %s a year (its "
		         "net value)",
		         usd);
	return buf;
}

const char *bw_report__points(char *buf, size_t size, double points, double value_usd)
{
	if (isfinite(points))
		snprintf(buf, size, "%.2f discount points", points);
	else if (value_usd >= 0)
		snprintf(buf, size, "more than any discount below 99%%");
	else
		snprintf(buf, size, "more than the whole discount is worth");
	return buf;
}

const char *bw_report__objective_explanation(const bw_objective *objective, char *buf, size_t size)
{
	switch (objective->kind) {
	case BW_OBJECTIVE_CVAR:
		snprintf(buf, size,
		         "Objective: CVaR %g%%, the mean cost of the worst %g%% of paths: it "
		         "guards against the expensive futures (high usage billed as overage), "
		         "so it tends to commit more than the expected-cost optimum.",
		         objective->parameter * 100, (1 - objective->parameter) * 100);
		break;
	case BW_OBJECTIVE_MEAN_STD:
		snprintf(buf, size,
		         "Objective: mean + %g sd, the expected cost plus %g times the standard "
		         "deviation of cost: it penalises the spread of cost, and a bigger "
		         "commitment flattens cost (prepaid, then unused rather than overage), "
		         "so "
		         "it tends to commit more than the expected-cost optimum and to leave "
		         "commitment unused on more paths.",
		         objective->parameter, objective->parameter);
		break;
	default:
		snprintf(buf, size,
		         "Objective: expected cost, the mean over the paths: the cheapest deal "
		         "on average, whatever the spread.");
	}
	return buf;
}

int bw_report__bands_illustrative(const bw_report_context *ctx)
{
	return ctx->bands != NULL && ctx->bands->illustrative;
}

void bw_report__bands_note_text(FILE *out, const bw_report_context *ctx)
{
	const bw_bands *bands = ctx->bands;
	if (bands != NULL && bands->illustrative)
		fprintf(out,
		        "\nNote: the band discounts and protections are ILLUSTRATIVE "
		        "ASSUMPTIONS "
		        "from %s,\n"
		        "not Anthropic terms (no public rate card exists). Use the quotes you "
		        "hold: --bands FILE.\n",
		        BWX_VISIBLE(bands->origin));
	else if (bands != NULL)
		fprintf(out, "\nBands from %s.\n", BWX_VISIBLE(bands->origin));
}

void bw_report__bands_note_offers(FILE *out, const bw_report_context *ctx)
{
	if (bw_report__bands_illustrative(ctx))
		fprintf(out,
		        "The recommended deals use ILLUSTRATIVE band assumptions (%s), not "
		        "Anthropic terms.\n",
		        BWX_VISIBLE(ctx->bands->origin));
}

const char bw_report__bands_warning_html[] =
    "The band discounts and protections used here are illustrative assumptions, "
    "not Anthropic terms (no public rate card exists).";

const char *bw_report__assumptions_takeaway(const bw_report_context *ctx)
{
	return bw_report__bands_illustrative(ctx)
	           ? "The band discounts and protections are ILLUSTRATIVE ASSUMPTIONS, not "
	             "Anthropic terms: "
	             "replace them with the quotes you hold."
	           : "Every number above comes from the inputs below.";
}

void bw_report__realized_discount_text(FILE *out, const bw_cost_list_totals *t,
                                       double deal_discount)
{
	char a[64], b[64], c[64], d[64];
	if (t->rows == 0 || t->list_amount_microcents <= 0)
		return;
	double list = (double)t->list_amount_microcents / 1e8,
	       amount = (double)t->amount_microcents / 1e8;
	double realized = 1 - amount / list;
	bwx_format_usd(a, sizeof(a), amount);
	bwx_format_usd(b, sizeof(b), list);
	bwx_format_percent(c, sizeof(c), realized, 1);
	fprintf(out, "Realized discount (Analytics API cost rows, %lld): %s, %s paid on %s at list",
	        (long long)t->rows, c, a, b);
	if (isfinite(deal_discount)) {
		bwx_format_percent(d, sizeof(d), deal_discount, 1);
		fprintf(out, "; the deal's discount is %s (%s)", d,
		        realized + 0.0005 < deal_discount   ? "less than agreed"
		        : realized - 0.0005 > deal_discount ? "more than agreed"
		                                            : "as agreed");
	}
	fputs(".\n", out);
}

json_t *bw_report__realized_discount_json(const bw_cost_list_totals *t, double deal_discount)
{
	if (t->rows == 0 || t->list_amount_microcents <= 0)
		return json_null();
	json_t *o = json_object();
	double list = (double)t->list_amount_microcents / 1e8,
	       amount = (double)t->amount_microcents / 1e8;
	json_object_set_new(o, "cost_rows", json_integer((json_int_t)t->rows));
	json_object_set_new(o, "amount_usd", bwx_json_usd(amount));
	json_object_set_new(o, "list_amount_usd", bwx_json_usd(list));
	json_object_set_new(o, "discount", bwx_json_fraction(1 - amount / list));
	json_object_set_new(o, "deal_discount",
	                    isfinite(deal_discount) ? bwx_json_fraction(deal_discount)
	                                            : json_null());
	return o;
}

void bw_report__answers_by_risk(const bw_plan_band *band, bw_report__answer rows[3])
{
	rows[0] = (bw_report__answer){"risk-capped", &band->risk_capped};
	rows[1] = (bw_report__answer){"floor", &band->floor};
	rows[2] = (bw_report__answer){"optimum", &band->optimum};
	/* A stable insertion sort of three rows. */
	for (int i = 1; i < 3; i++)
		for (int j = i; j > 0; j--) {
			const bw_plan_outcome *x = rows[j - 1].o, *y = rows[j].o;
			int swap = !x->available && y->available;
			if (x->available && y->available)
				swap = y->shortfall_probability < x->shortfall_probability ||
				       (y->shortfall_probability == x->shortfall_probability &&
				        y->commit_usd < x->commit_usd);
			if (!swap)
				break;
			bw_report__answer t = rows[j - 1];
			rows[j - 1] = rows[j];
			rows[j] = t;
		}
}

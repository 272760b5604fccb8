/*
 * labels.h (private): words that several renderers share.
 *
 * A label that appears in more than one output (the terminal text, the
 * JSON, the HTML report, the workbook) is defined once here, so that the
 * outputs cannot drift apart when its wording changes. The illustrative
 * bands note has several forms (a closing note, a warning box, a
 * takeaway); they live side by side here for the same reason.
 */
#ifndef BANDWISE_REPORT_LABELS_H
#define BANDWISE_REPORT_LABELS_H

#include "bandwise/report.h"
#include "bandwise/store.h"

#include <jansson.h>

#include <stdio.h>

/* The savings waterfall's stage 's' (0..BW_POLICY_STAGES-1) in words:
 * "list", "after routing", "after caching", "after batch"; "?" outside. */
const char *bw_report__stage_name(int s);

/* The share of list spend a waterfall saves (list minus after batch, over
 * list), 0 when list is 0. 'usd' holds the BW_POLICY_STAGES stages. */
double bw_report__saving_share(const double usd[BW_POLICY_STAGES]);

/* 'part' as a percentage of 'total' (100 part / total, in that order),
 * 0 when total is not positive. */
double bw_report__percent_of(double part, double total);

/* A protection as a thing a deal has: "overage at the committed rate",
 * "rollover of unused commitment", ... (the plan's leverage, the HTML
 * report). "?" outside the enum. */
const char *bw_report__protection_label(bw_protection protection);

/* A protection as a thing to ask for in a counter-offer ("with %s"):
 * "a price lock", "rollover of 50% of unused commitment", ... */
const char *bw_report__protection_request(bw_protection protection);

/* A share of paths in words, whole percent, without rounding a
 * non-zero share to "0%" or a share short of all to "100%": "under 1%",
 * "over 99%", otherwise "37%". */
void bw_report__format_share(char *buf, size_t size, double share);

/* A commitment for display: a band's optimum that sits just below the
 * next band's exclusive threshold ('commit_max_usd', INFINITY for none)
 * would round up to that threshold; it is shown as the last whole dollar
 * below it ("$999,999"), so that a band never appears to commit the next
 * band's threshold. */
void bw_report__format_commit(char *buf, size_t size, double commit_usd, double commit_max_usd);
/* The sentence every plan output carries about how a commitment meets a
 * band's threshold: at its net value or at its list value. */
const char *bw_report__threshold_measure_sentence(bw_threshold_measure measure);

/* How a deal's commitment over 'term_months' meets band thresholds (which
 * are per year), into buf: "its commitment counts toward band thresholds
 * as $1,000,000 a year (its net value)" or "... as $1,250,000 a year (its
 * list value at 20.0% off)". Returns buf. */
const char *bw_report__threshold_count(char *buf, size_t size, const bw_band *terms,
                                       double commit_usd, int term_months);

/* A protection's equal-savings discount points in words into buf:
 * "2.50 discount points", or, when no discount matches (NAN), "more than
 * any discount below 99%" for a positive value and "more than the whole
 * discount is worth" for a cost. Returns buf. */
const char *bw_report__points(char *buf, size_t size, double points, double value_usd);

/* What the plan's objective means and why it commits what it does, one
 * or two sentences into buf (the text and HTML outputs). Returns buf. */
const char *bw_report__objective_explanation(const bw_objective *objective, char *buf, size_t size);

/* A band's three answers (floor, optimum, risk-capped) by name, in order
 * of risk: the fewest paths leaving commitment unused first, then the
 * smaller commitment; an answer the band has none of goes last. The text
 * plan and the HTML report list them in this order. */
typedef struct {
	const char *name; /* "floor", "optimum", "risk-capped" */
	const bw_plan_outcome *o;
} bw_report__answer;

void bw_report__answers_by_risk(const bw_plan_band *band, bw_report__answer rows[3]);

/* 1 when the report's band table is the illustrative one (ctx->bands
 * set and marked illustrative). */
int bw_report__bands_illustrative(const bw_report_context *ctx);

/* The closing line of `bandwise plan` about the band table: the
 * illustrative warning with its origin and what to do, or where the bands
 * came from; nothing without ctx->bands. */
void bw_report__bands_note_text(FILE *out, const bw_report_context *ctx);

/* The line of `bandwise offer` that says the recommended deals rest on
 * illustrative bands; nothing otherwise. */
void bw_report__bands_note_offers(FILE *out, const bw_report_context *ctx);

/* The HTML report's warning box and its assumptions section's takeaway
 * (plain text, escaped by the caller). */
extern const char bw_report__bands_warning_html[];
const char *bw_report__assumptions_takeaway(const bw_report_context *ctx);

/* The realized discount of cost rows that carry a list amount (1 -
 * amount / list_amount), beside the deal's ('deal_discount', NAN when
 * there is no deal): a line of text, and its JSON object (null when no
 * row has a list amount). */
void bw_report__realized_discount_text(FILE *out, const bw_cost_list_totals *t,
                                       double deal_discount);
json_t *bw_report__realized_discount_json(const bw_cost_list_totals *t, double deal_discount);

#endif

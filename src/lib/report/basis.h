/*
 * basis.h (private): the price basis of the history and the price changes
 * in it, said the same way by every renderer (usage, forecast, plan, the
 * HTML report).
 */
#ifndef BANDWISE_REPORT_BASIS_H
#define BANDWISE_REPORT_BASIS_H

#include "bandwise/report.h"

#include <jansson.h>
#include <stdio.h>

/* "today" or "history". */
const char *bw_report__basis_name(bw_price_basis basis);

/* One sentence on which prices the history is at, ending in a newline
 * (the price changes themselves are listed with the detected ones,
 * changes.h). Nothing when 'spend' is NULL or was not repriced. */
void bw_report__basis_text(FILE *out, const bw_spend *spend, bw_price_basis basis);

/* The last complete month of 'spend' (the forecast history's last month),
 * or NULL when there is none or 'spend' is NULL. */
const bw_spend_month *bw_report__basis_last_complete(const bw_spend *spend);

/*
 * The basis of the forecast's "last month" figure, in words, into 'buf':
 * "at list" when the basis is not known (no repriced 'spend'), "billed at
 * list" on the history basis, and on today's basis "at today's list, $Z
 * billed" with the last complete month's bill where it differs from the
 * same work at today's list (by half a dollar or more), else "at today's
 * list, as billed". Returns 'buf'.
 */
const char *bw_report__basis_last_month(char *buf, size_t size, const bw_spend *spend,
                                        bw_price_basis basis);

/* The price basis in one line, for a table's notes (xlsx, CSV): "the
 * same work at today's list: ..." or "billed: ...". NULL when 'spend' is
 * NULL or was not repriced (the basis is then not said). */
const char *bw_report__basis_line(char *buf, size_t size, const bw_spend *spend,
                                  bw_price_basis basis);

/* The price changes as a JSON array of objects (docs/json.md). */
json_t *bw_report__price_changes_json(const bw_spend *spend);

/* The keys "price_basis", "price_basis_day" and "price_changes" added to
 * 'root' (docs/json.md); nothing when 'spend' is NULL. */
void bw_report__basis_json(json_t *root, const bw_spend *spend, bw_price_basis basis);

/* The segment forecast in words: how many segments, the copula's
 * correlation, each segment's model and growth (or that it stopped), then
 * each segment's start or stop. Nothing when NULL. */
/* One segment's forecast in words, without its name: "theta, 3.1% a
 * month" with "(young: ...)" or "(growth since YYYY-MM)" when they apply,
 * or "stopped, forecast as zero". The text, the report and the page say it
 * alike. Returns buf. */
const char *bw_report__segment_summary(char *buf, size_t size, const bw_segment_fit *f);

void bw_report__segments_text(FILE *out, const bw_segments *segments, const char *note);

/* The key "segments" added to 'root' (docs/json.md): null without. */
void bw_report__segments_json(json_t *root, const bw_segments *segments,
                              bw_segments_setting setting, const char *note);

/* Per month, billed at list against the same work at today's list, as a
 * text table, then the price changes. Nothing when not repriced. */
int bw_report__basis_months_text(FILE *out, const bw_spend *spend, int color);

#endif

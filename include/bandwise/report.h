/*
 * bandwise/report.h: rendering results as terminal text or JSON.
 *
 * The report module only renders what the other modules computed; it
 * never computes a number of its own beyond sums and shares of what it is
 * given. Every function writes to 'out' and returns 0 or BW_EIO. Text
 * output uses colour only when 'color' is non-zero (the CLI sets it for a
 * TTY without NO_COLOR). JSON keys are stable and documented in
 * docs/json.md.
 */
#ifndef BANDWISE_REPORT_H
#define BANDWISE_REPORT_H

#include "bandwise/bands.h"
#include "bandwise/cachesim.h"
#include "bandwise/forecast.h"
#include "bandwise/ingest.h"
#include "bandwise/offer.h"
#include "bandwise/peers.h"
#include "bandwise/plan.h"
#include "bandwise/policy.h"
#include "bandwise/reconcile.h"
#include "bandwise/segments.h"
#include "bandwise/spend.h"
#include "bandwise/track.h"

#include <stdio.h>

/* What a report says about where its inputs came from. Any field may be
 * NULL / 0 when it does not apply. */
typedef struct {
	const char *catalog_version; /* bw_catalog_version() */
	const bw_bands *bands;       /* the band table used: its origin and whether illustrative */
	const char *paths_source;    /* "forecast" or the --paths file */
	unsigned long long seed;     /* Monte Carlo seed (when the paths were forecast) */
	const char *first_month;     /* "YYYY-MM" of forecast month 1, or NULL */
	const bw_plan_outcome *evaluated; /* plan --commit: the named commitment, or NULL */
	const char *evaluated_band;       /* the band it was evaluated in */
	const char *evaluated_asked_band; /* the band asked for when the commitment reached a
	                                     higher band's threshold and was priced there, or
	                                     NULL */
	const bw_plan_trapped *trapped; /* plan --savings: committing before optimizing, or NULL */
	double savings;                 /* the optimization's share of list spend */
	int savings_ramp_months;
	const bw_forecast_fit *fit;  /* the forecast's model and detected changes (plan), or NULL */
	const bw_spend *history;     /* the priced history: its price basis and price changes are
	                                said (forecast, plan); NULL = not said */
	bw_price_basis price_basis;  /* the basis the forecast was fitted on */
	const bw_segments *segments; /* the segment forecast's fits, or NULL */
	bw_segments_setting segments_setting; /* --segments (with a fit) */
	const char *segments_note; /* why by segment or not (--segments auto), or NULL / "" */
} bw_report_context;

/* `bandwise sources` (and what `bandwise forget` removed): a table of the
 * stored sources (text), or {"KEY": [source...]} (JSON; docs/json.md). */
int bw_report_sources_text(FILE *out, const bw_store_source_info *sources, size_t count, int color);
int bw_report_sources_json(FILE *out, const char *key, const bw_store_source_info *sources,
                           size_t count);

/* `bandwise ingest`: one line (text) or one object (JSON) per file. */
int bw_report_ingest_text(FILE *out, const char *path, const bw_ingest_result *result);
/* Adds one object to the JSON array 'files' (a json_t*, passed as void*
 * to keep jansson out of the public headers). */
int bw_report_ingest_json_add(void *files, const char *path, const bw_ingest_result *result);
/* Print and release the array made by bw_report_ingest_json_new. */
void *bw_report_ingest_json_new(void);
int bw_report_ingest_json_print(FILE *out, void *files);

/* `bandwise usage`: monthly list spend by token type and by model, and
 * every unpriced model with its token volume. */
int bw_report_usage_text(FILE *out, const bw_spend *spend, const bw_report_context *ctx, int color);
int bw_report_usage_json(FILE *out, const bw_spend *spend, const bw_report_context *ctx);

/* `bandwise forecast`: the fit and P10/P50/P90 per month. ctx->first_month
 * labels month 1 of the paths; without it months are numbered. 'fit' is
 * NULL for the user's own paths. */
int bw_report_forecast_text(FILE *out, const bw_forecast_fit *fit, const bw_paths *paths,
                            const bw_report_context *ctx, int color);
int bw_report_forecast_json(FILE *out, const bw_forecast_fit *fit, const bw_paths *paths,
                            const bw_report_context *ctx);

/* `bandwise backtest`: the held-out months against the forecast fan.
 * ctx->first_month labels the first held-out month. */
int bw_report_backtest_text(FILE *out, const bw_backtest *backtest, const bw_report_context *ctx,
                            int color);
int bw_report_backtest_json(FILE *out, const bw_backtest *backtest, const bw_report_context *ctx);

/* `bandwise offer`: each offer against pay-as-you-go and the recommended
 * deal, a verdict in words, counter-offer targets, and (when 'peers' and
 * 'fit' are not NULL) its place among comparable deals. */
int bw_report_offers_text(FILE *out, const bw_deal_file *const *offers,
                          const bw_offer_evaluation *evaluations, size_t count,
                          const bw_peers *peers, const bw_peers_fit *fit,
                          const bw_report_context *ctx, int color);
int bw_report_offers_json(FILE *out, const bw_deal_file *const *offers,
                          const bw_offer_evaluation *evaluations, size_t count,
                          const bw_peers *peers, const bw_peers_fit *fit,
                          const bw_report_context *ctx);

/* `bandwise track`: the deal to date, each period's projected landing and
 * warnings in words. 'alerts' (when not NULL) receives the number of
 * unfinished periods whose P50 projected unused commitment exceeds
 * 'alert_shortfall_usd' or whose P50 overage exceeds 'alert_overage_usd'
 * (a negative threshold is off). */
int bw_report_track_text(FILE *out, const bw_deal_file *deal, const bw_track_result *track,
                         double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                         const bw_report_context *ctx, int color);
int bw_report_track_json(FILE *out, const bw_deal_file *deal, const bw_track_result *track,
                         double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                         const bw_report_context *ctx);

/* `bandwise optimize --trace`: the cache simulation per TTL. 'labels'
 * name the TTLs ("5m", "1h", "inf"). */
typedef struct {
	const char *trace; /* the trace file */
	const char *model; /* the model priced */
	int64_t block_tokens;
	int64_t min_tokens;
	const char *prices_date; /* the day whose list prices were used */
} bw_report_cache_context;

int bw_report_cache_text(FILE *out, const bw_cachesim_result *results, const char *const *labels,
                         size_t count, const bw_report_cache_context *ctx, int color);
int bw_report_cache_json(FILE *out, const bw_cachesim_result *results, const char *const *labels,
                         size_t count, const bw_report_cache_context *ctx);

/* `bandwise optimize --policy`: the savings waterfall (list, after
 * routing, after caching, after batch) overall, by model and by workspace,
 * and the rules with their reasons. 'scope' says which usage it covers. */
int bw_report_waterfall_text(FILE *out, const bw_waterfall *w, const bw_policy *policy,
                             const char *scope, int color);
int bw_report_waterfall_json(FILE *out, const bw_waterfall *w, const bw_policy *policy,
                             const char *scope);

/* Everything the single-file report shows; optional parts may be NULL. */
typedef struct {
	const bw_spend *spend;      /* usage history, priced */
	const bw_forecast_fit *fit; /* NULL for --paths */
	const bw_paths *paths;      /* the paths the plan was sized on */
	const char *first_month;    /* "YYYY-MM" of forecast month 1 */
	const bw_plan_result *plan;
	const bw_waterfall *waterfall; /* with a policy */
	const bw_policy *policy;
	const double *curve_commit_usd; /* band_count x curve_points */
	const double *curve_cost_usd;
	int curve_points;
	const bw_store_source *sources; /* ingested files, with sha256 */
	size_t source_count;
	const char *bands_sha256;          /* of the band table file, or NULL when built in */
	const char *policy_sha256;         /* of the policy file, or NULL */
	const char *generated_at;          /* a date string, shown as is */
	const bw_deal_file *const *offers; /* vendor offers, with their evaluations */
	const bw_offer_evaluation *offer_evaluations;
	size_t offer_count;
	const bw_peers *peers; /* comparable deals, or NULL */
	const bw_peers_fit *peers_fit;
	const bw_backtest *backtest;      /* the forecast tried on the history's last months, or
	                                     NULL */
	const char *backtest_first_month; /* "YYYY-MM" of its first held-out month */
} bw_report_bundle;

/* `bandwise report -o FILE.html`: one self-contained HTML file with
 * inline SVG charts; every user-supplied string is escaped. */
int bw_report_html(FILE *out, const bw_report_bundle *bundle, const bw_report_context *ctx);

/* One chart of the HTML report, alone: "stand", "forecast", "curves" or
 * "waterfall" (with a policy), as an <svg> 'width' units wide (280 to 1600;
 * under 500 is a phone's layout, drawn near 1:1). With 'marker_usd' >= 0
 * the curves chart marks that commitment. bandwise serve's page draws its
 * charts with this function, so page and report share one chart module.
 * BW_EUSAGE names the charts for an unknown name. */
int bw_report_chart_svg(FILE *out, const bw_report_bundle *bundle, const char *name, double width,
                        double marker_usd);
/* The same as a JSON document {"chart", "width", "svg"} (/api/chart, docs/json.md). */
int bw_report_chart_json(FILE *out, const bw_report_bundle *bundle, const char *name, double width,
                         double marker_usd);

/* `bandwise report --format csv -o DIR`: one CSV per table in DIR
 * (monthly-usage.csv, forecast.csv, bands.csv, waterfall.csv, assumptions.csv). */
int bw_report_csv_dir(const char *dir, const bw_report_bundle *bundle,
                      const bw_report_context *ctx);

/* `bandwise report --format xlsx -o FILE.xlsx`: sheets for monthly usage,
 * forecast percentiles, the band table, savings (with a policy) and
 * assumptions; numbers as numbers with currency and percentage formats,
 * frozen header rows. */
int bw_report_xlsx(const char *path, const bw_report_bundle *bundle, const bw_report_context *ctx);

/* `bandwise catalog import`: where another catalog disagrees with ours. */
int bw_report_catalog_comparison_text(FILE *out, const bw_catalog_comparison *c, const char *file,
                                      const char *day, const char *catalog_version, int color);
int bw_report_catalog_comparison_json(FILE *out, const bw_catalog_comparison *c, const char *file,
                                      const char *day, const char *catalog_version);

/*
 * `bandwise export --focus`: the stored usage priced at list as FOCUS
 * 1.2-style cost and usage rows (CSV): one row per day, model, workspace,
 * tier, context window and billable unit. Costs are list-price estimates
 * (BilledCost = EffectiveCost = ListCost; x_CostBasis says "list"), since
 * the negotiated rate is not in the usage data. Unpriceable usage is left
 * out and counted in *unpriced_rows. Returns 0 or BW_EIO.
 */
int bw_report_focus_csv(FILE *out, const bw_usage_rows *daily, const bw_catalog *catalog,
                        size_t *unpriced_rows);

/* `bandwise reconcile`: priced usage against the cost report. */
int bw_report_reconcile_text(FILE *out, const bw_reconcile *r, double tolerance, int color);
int bw_report_reconcile_json(FILE *out, const bw_reconcile *r, double tolerance);

/*
 * 'text' as every text output shows it: each control character (C0, DEL,
 * C1, bytes that are not UTF-8) written as "\xHH", so that nothing from
 * outside (a file name, a value typed on the command line) reaches a
 * terminal raw. Into buf[size] (size > 0), cut at a character when it does
 * not fit; returns buf. For front ends; the renderers and the library's
 * error messages do this themselves.
 */
const char *bw_report_visible(char *buf, size_t size, const char *text);

/* Write a finished report atomically (a temporary file renamed into
 * place), so a reader never sees half a report. Returns 0 or BW_EIO. */
int bw_report_write_file(const char *path, const char *data, size_t len);

/* `bandwise plan`: every band side by side, PAYG, and the recommendation. */
int bw_report_plan_text(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx,
                        int color);
int bw_report_plan_json(FILE *out, const bw_plan_result *plan, const bw_report_context *ctx);

/* Every band's expected cost against commitment (the HTML report's cost
 * curves) as a document: 'commit_usd' and 'cost_usd' hold 'points' pairs per
 * band, band after band (bandwise serve's /api/curves, docs/json.md). */
int bw_report_curves_json(FILE *out, const bw_bands *bands, int term_months, size_t paths,
                          double payg_expected_cost_usd, const double *commit_usd,
                          const double *cost_usd, size_t points);

/* One commitment evaluated in 'band' alone: the "evaluated" object of
 * bw_report_plan_json, the same keys and rounding, as a document of its
 * own (bandwise serve's what-if). 'asked_band' is the band asked for when
 * the commitment reached another one, or NULL. With 'bands' (the table
 * the band is from) the document adds "illustrative", as the plan's. */
int bw_report_evaluation_json(FILE *out, const char *band, const char *asked_band,
                              const bw_plan_outcome *evaluated, double payg_expected_cost_usd,
                              const bw_bands *bands);

#endif

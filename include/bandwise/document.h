/*
 * bandwise/document.h: the documents a front end shows, each made by one
 * call: the options (bandwise/analysis.h) go through the analysis layer and
 * the result is rendered to the caller's stream, as terminal text or as the
 * JSON of docs/json.md. The CLI's `bandwise plan --json` and `bandwise
 * serve`'s GET /api/plan are the same call with the same options, so their
 * documents are the same bytes.
 *
 * Every function here runs the analysis itself and sets *analysis to it,
 * always (NULL only when out of memory at the start), on success and on
 * failure alike, like bw_analysis_run: the caller shows its warnings (usage
 * the catalog cannot price) and frees it with bw_analysis_free. Returns 0
 * or an error code with its message set; nothing is printed but the
 * document, and only when the analysis succeeded. Functions of several
 * threads may run at once (each with its own stream and options; a shared
 * bw_analysis_paths_cache is safe).
 */
#ifndef BANDWISE_DOCUMENT_H
#define BANDWISE_DOCUMENT_H

#include <stdio.h>

#include "bandwise/analysis.h"

typedef enum {
	BW_DOCUMENT_JSON = 0,   /* docs/json.md */
	BW_DOCUMENT_TEXT,       /* the terminal's tables, without colour */
	BW_DOCUMENT_TEXT_COLOR, /* the same with colour */
} bw_document_format;

/* A commitment to evaluate beside the plan (plan --commit X[,X2,...]). */
typedef struct {
	double commit_usd;          /* < 0: none */
	const double *schedule_usd; /* with schedule_count > 1: one amount per true-up period */
	int schedule_count;
	const char *band; /* the band to evaluate it in; NULL = the one whose range holds it */
} bw_document_commit;

#define BW_DOCUMENT_COMMIT_NONE                                                                    \
	{                                                                                          \
		-1, NULL, 0, NULL                                                                  \
	}

/*
 * `bandwise plan`: every band's optimum and the recommendation
 * (BW_ANALYSIS_PLAN is asked for whatever options->stages says), with
 * 'commit' evaluated as "evaluated" when its commit_usd >= 0. The savings
 * said are options->savings, or with a policy its levers' total and
 * longest ramp.
 */
int bw_document_plan(FILE *out, bw_document_format format, const bw_analysis_options *options,
                     const bw_document_commit *commit, bw_analysis **analysis);

/*
 * The what-if of `bandwise serve` (/api/evaluate, JSON only): 'commit'
 * evaluated on the forecast's paths without sizing every band, as plan's
 * "evaluated" object, with pay-as-you-go's expected cost (docs/json.md).
 * The band table is options->bands_path's (NULL = the built-in one).
 */
int bw_document_evaluate(FILE *out, const bw_analysis_options *options,
                         const bw_document_commit *commit, bw_analysis **analysis);

/* The cost curves of `bandwise serve` (/api/curves, JSON only): every
 * band's expected cost against commitment (BW_ANALYSIS_CURVES). */
int bw_document_curves(FILE *out, const bw_analysis_options *options, bw_analysis **analysis);

/* `bandwise forecast`: the fit and P10/P50/P90 per month of the paths the
 * deal would be sized on (after options->policy_path's levers when given). */
int bw_document_forecast(FILE *out, bw_document_format format, const bw_analysis_options *options,
                         bw_analysis **analysis);

/* `bandwise offer`: options->offers against pay-as-you-go and the
 * recommendation, placed among options->peers_path's deals when given. */
int bw_document_offer(FILE *out, bw_document_format format, const bw_analysis_options *options,
                      bw_analysis **analysis);

/* `bandwise track`: options->track_deal against the history, its projected
 * landing; *alerts gets how many open periods pass 'alert_shortfall_usd' or
 * 'alert_overage_usd' (< 0: no alert). */
int bw_document_track(FILE *out, bw_document_format format, const bw_analysis_options *options,
                      double alert_shortfall_usd, double alert_overage_usd, int *alerts,
                      bw_analysis **analysis);

/*
 * The inputs on a front end's screen as one JSON body (bandwise serve's
 * POST /api/report, docs/json.md "report inputs"): an object whose keys
 * name the files `bandwise report` reads,
 *     {"bands": B, "policy": P, "offers": [D, ...], "peers": "CSV text"}
 * each optional (absent or null: not given). A band file, a policy or a
 * deal file is either a string holding the file's text (kept byte for
 * byte: the report's sha256 and every line:column are the file's own) or
 * the file's JSON object itself (written out 2-space indented, keys in
 * order). The peers CSV is its text. Up to BW_DOCUMENT_MAX_OFFERS offers.
 */
#define BW_DOCUMENT_MAX_OFFERS 16

typedef struct {
	char *text; /* malloc'd, NUL-terminated; NULL: not given */
	size_t length;
} bw_document_file;

typedef struct {
	bw_document_file bands, policy, peers;
	bw_document_file offers[BW_DOCUMENT_MAX_OFFERS];
	size_t offer_count;
} bw_document_inputs;

/* Read 'text' (named 'origin' in messages) into *inputs (zeroed first;
 * free with bw_document_inputs_free, also on failure). Returns 0, or
 * BW_EPARSE with a message naming the line:column and what was expected. */
int bw_document_inputs_read(bw_document_inputs *inputs, const char *text, size_t length,
                            const char *origin);
void bw_document_inputs_free(bw_document_inputs *inputs);

#endif

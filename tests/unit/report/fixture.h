/*
 * fixture.h: small hand-built inputs for the renderer tests, and a memory
 * FILE* to render into. Everything is static storage or on the caller's
 * stack: nothing to free but the captured text.
 */
#ifndef BANDWISE_TEST_REPORT_FIXTURE_H
#define BANDWISE_TEST_REPORT_FIXTURE_H

#include "test_util.h"

#include "bandwise/report.h"

#include <jansson.h>

/* A memory stream; capture_end closes it and returns the text (free it). */
typedef struct {
	FILE *out;
	char *text;
	size_t size;
} capture;

static inline void capture_begin(capture *c)
{
	c->text = NULL;
	c->size = 0;
	c->out = open_memstream(&c->text, &c->size);
	assert_non_null(c->out);
}

static inline char *capture_end(capture *c)
{
	assert_int_equal(fclose(c->out), 0);
	assert_non_null(c->text);
	return c->text;
}

/* Parse rendered JSON; fails the test when it is not an object. */
static inline json_t *parse_json(const char *text)
{
	json_error_t error;
	json_t *root = json_loads(text, 0, &error);
	if (root == NULL)
		fail_msg("not JSON: %s (line %d): %.200s", error.text, error.line, text);
	assert_true(json_is_object(root));
	return root;
}

/* The line of 'text' that contains 'needle' (a static copy), or fails; a
 * needle starting with '\n' matches at the start of a line. */
static inline const char *line_with(const char *text, const char *needle)
{
	static char line[1024];
	const char *hit = strstr(text, needle);
	if (hit == NULL)
		fail_msg("no line with '%s' in:\n%s", needle, text);
	if (needle[0] == '\n')
		hit++;
	const char *start = hit;
	while (start > text && start[-1] != '\n')
		start--;
	const char *end = strchr(hit, '\n');
	size_t len = end ? (size_t)(end - start) : strlen(start);
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	memcpy(line, start, len);
	line[len] = '\0';
	return line;
}

/* The column (0-based, in bytes) where 'cell' ends on the line with 'needle'. */
static inline long column_end(const char *text, const char *needle, const char *cell)
{
	const char *line = line_with(text, needle);
	const char *hit = strstr(line, cell);
	if (hit == NULL)
		fail_msg("no '%s' on the line '%s'", cell, line);
	return (long)(hit - line) + (long)strlen(cell);
}

/* A band with term true-up and list overage. */
static inline bw_band fixture_band(const char *name, double min_commit_usd, double discount)
{
	bw_band band;
	memset(&band, 0, sizeof(band));
	snprintf(band.name, sizeof(band.name), "%s", name);
	band.min_commit_usd = min_commit_usd;
	band.discount = discount;
	band.overage = BW_OVERAGE_LIST;
	band.true_up = BW_TRUE_UP_TERM;
	return band;
}

static inline bw_plan_outcome fixture_outcome(double commit_usd, double expected_cost_usd)
{
	bw_plan_outcome o;
	memset(&o, 0, sizeof(o));
	o.available = 1;
	o.commit_usd = commit_usd;
	o.objective_usd = expected_cost_usd;
	o.expected_cost_usd = expected_cost_usd;
	o.p50_cost_usd = expected_cost_usd;
	o.p90_cost_usd = expected_cost_usd * 1.1;
	o.cvar_usd = expected_cost_usd * 1.2;
	o.expected_unused_usd = 1000;
	o.shortfall_probability = 0.25;
	o.esr = 0.08;
	o.utilization = 0.99;
	o.coverage = 0.9;
	o.break_even_month = 10;
	return o;
}

/* A 12-month plan over 100 paths, PAYG expected 200,000, two bands:
 * 'small_name' from 100K at 10% off with list overage, recommended at a
 * 180,000 commitment (expected 184,000); "large" from 1M at 20% off with
 * committed-rate overage and 25% rollover. 'bands' must hold two elements
 * and outlive the result. */
static inline bw_plan_result fixture_plan(bw_plan_band bands[2], const char *small_name)
{
	bw_plan_result plan;
	memset(&plan, 0, sizeof(plan));
	memset(bands, 0, 2 * sizeof(*bands));
	plan.term_months = 12;
	plan.path_count = 100;
	plan.objective.kind = BW_OBJECTIVE_EXPECTED;
	plan.cvar_level = 0.9;
	plan.floor_use_probability = 0.9;
	plan.max_shortfall_probability = 0.05;
	plan.payg_expected_cost_usd = 200000;
	plan.payg_p50_cost_usd = 198000;
	plan.payg_p90_cost_usd = 230000;
	plan.payg_cvar_usd = 240000;
	plan.payg_objective_usd = 200000;
	bands[0].band = fixture_band(small_name, 100000, 0.10);
	bands[0].commit_min_usd = 100000;
	bands[0].commit_max_usd = 1000000;
	bands[0].optimum = fixture_outcome(180000, 184000);
	bands[0].floor = fixture_outcome(150000, 186000);
	bands[0].risk_capped = fixture_outcome(120000, 190000);
	bands[0].exact = 1;
	bands[1].band = fixture_band("large", 1000000, 0.20);
	bands[1].band.overage = BW_OVERAGE_COMMITTED;
	bands[1].band.rollover = 0.25;
	bands[1].commit_min_usd = 1000000;
	bands[1].commit_max_usd = INFINITY;
	bands[1].optimum = fixture_outcome(1000000, 1000000);
	bands[1].exact = 1;
	plan.bands = bands;
	plan.band_count = 2;
	plan.recommended = 0;
	plan.stretch.available = 1;
	plan.stretch.band = 1;
	plan.stretch.commit_usd = 1000000;
	plan.stretch.discount = 0.20;
	plan.stretch.break_even_discount = 0.816;
	plan.stretch.expected_cost_usd = 1000000;
	plan.protections_available = 1;
	for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
		plan.protections[p].protection = (bw_protection)p;
		plan.protections[p].value_usd = 1000.0 * (p + 1);
		plan.protections[p].discount_points = 0.5 * (p + 1);
	}
	plan.protections[BW_PROTECTION_ROLLOVER].reference = 0.5;
	return plan;
}

/* A band table, illustrative or not, read from 'origin'. */
static inline bw_bands fixture_bands(int illustrative, char *origin)
{
	bw_bands bands;
	memset(&bands, 0, sizeof(bands));
	bands.illustrative = illustrative;
	bands.origin = origin;
	return bands;
}

static inline bw_report_context fixture_context(const bw_bands *bands)
{
	bw_report_context ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.catalog_version = "anthropic 2026-11-24";
	ctx.bands = bands;
	ctx.paths_source = "forecast";
	ctx.seed = 42;
	ctx.first_month = "2026-12";
	return ctx;
}

#define BUNDLE_MONTHS 12
#define BUNDLE_PATHS  4
#define BUNDLE_POINTS 3

typedef struct {
	bw_plan_band bands[2];
	bw_plan_result plan;
	bw_spend_month months[2];
	bw_spend_total workspaces[1];
	bw_spend spend;
	double list_usd[BUNDLE_PATHS * BUNDLE_MONTHS];
	bw_paths paths;
	double curve_commit_usd[2 * BUNDLE_POINTS], curve_cost_usd[2 * BUNDLE_POINTS];
	bw_store_source sources[1];
	bw_report_bundle bundle;
} bundle_fixture;

/* Everything `bandwise report` renders: two months of history, 4 paths
 * of 12 months, the two-band plan with its cost curves, one ingested file.
 * The user-supplied strings (band, workspace, file names) all carry
 * markup and CSV metacharacters. */
static inline void bundle_fixture_init(bundle_fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->plan = fixture_plan(f->bands, "<b>&\"small\", ok");
	snprintf(f->months[0].month, sizeof(f->months[0].month), "2026-10");
	f->months[0].total_usd = 15000;
	f->months[0].complete = 1;
	snprintf(f->months[1].month, sizeof(f->months[1].month), "2026-11");
	f->months[1].total_usd = 16000;
	f->months[1].complete = 1;
	snprintf(f->workspaces[0].name, sizeof(f->workspaces[0].name), "wrk_<script>");
	f->workspaces[0].total_usd = 31000;
	f->spend.months = f->months;
	f->spend.month_count = 2;
	f->spend.workspaces = f->workspaces;
	f->spend.workspace_count = 1;
	f->spend.total_list_usd = 31000;
	for (int i = 0; i < BUNDLE_PATHS * BUNDLE_MONTHS; i++)
		f->list_usd[i] = 16000 + 100 * (i % BUNDLE_MONTHS) + 500 * (i / BUNDLE_MONTHS);
	f->paths.path_count = BUNDLE_PATHS;
	f->paths.months = BUNDLE_MONTHS;
	f->paths.list_usd = f->list_usd;
	for (int b = 0; b < 2; b++)
		for (int k = 0; k < BUNDLE_POINTS; k++) {
			f->curve_commit_usd[b * BUNDLE_POINTS + k] =
			    f->bands[b].commit_min_usd + 50000.0 * k;
			f->curve_cost_usd[b * BUNDLE_POINTS + k] = 190000 + 1000.0 * k;
		}
	snprintf(f->sources[0].name, sizeof(f->sources[0].name), "usage <1>.json");
	snprintf(f->sources[0].sha256_hex, sizeof(f->sources[0].sha256_hex), "%064d", 7);
	snprintf(f->sources[0].ingested_at, sizeof(f->sources[0].ingested_at),
	         "2026-12-01T00:00:00Z");
	f->bundle.spend = &f->spend;
	f->bundle.paths = &f->paths;
	f->bundle.first_month = "2026-12";
	f->bundle.plan = &f->plan;
	f->bundle.curve_commit_usd = f->curve_commit_usd;
	f->bundle.curve_cost_usd = f->curve_cost_usd;
	f->bundle.curve_points = BUNDLE_POINTS;
	f->bundle.sources = f->sources;
	f->bundle.source_count = 1;
	f->bundle.generated_at = "2026-12-02 <today>";
}

#endif

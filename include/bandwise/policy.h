/*
 * bandwise/policy.h: the optimization what-if (DOMAIN.md §2.3): routing,
 * prompt caching and batch, applied to the usage cube and priced at list,
 * stage by stage, so every dollar of saving has a named source.
 *
 * A policy file (JSON, docs/policy.md) holds rules. Each rule matches on
 * model, workspace, api key and tag (an empty or missing field matches any) and
 * says why in free text that the report repeats:
 * - routing: move a share (0..1) of the matched traffic to another model
 *   (the same tokens, priced as that model: quality is the user's call);
 * - caching: TTL "5m", "1h" or "off", with the share of uncached input that
 *   is cacheable and the hit rate on it (a parametric estimate: exact
 *   simulation needs request traces, see cachesim.h);
 * - batch: the share of standard-tier traffic that tolerates 24 hours.
 * And per lever, the months until it reaches full effect (linear ramp).
 */
#ifndef BANDWISE_POLICY_H
#define BANDWISE_POLICY_H

#include "bandwise/catalog.h"
#include "bandwise/usage.h"

#include <stddef.h>

typedef enum { BW_LEVER_ROUTING = 0, BW_LEVER_CACHING, BW_LEVER_BATCH, BW_LEVER_COUNT } bw_lever;

const char *bw_lever_name(bw_lever lever); /* "routing", "caching", "batch" */

typedef struct {
	bw_lever lever;
	char model[BW_USAGE_DIM_MAX];     /* match: "" = any (an id or alias) */
	char workspace[BW_USAGE_DIM_MAX]; /* match: "" = any; "default" = the default workspace */
	char api_key[BW_USAGE_DIM_MAX];   /* match: "" = any */
	char
	    tag[BW_USAGE_DIM_MAX]; /* match: "" = any (tags come from request logs: ingest --tag) */
	double share;              /* routing and batch: share moved */
	char target_model[BW_USAGE_DIM_MAX]; /* routing */
	int ttl_hours;                       /* caching: 0 = off, -5 = 5 minutes, 1 = 1 hour */
	double cacheable_share;              /* caching */
	double hit_rate;                     /* caching */
	char reason[256];
} bw_policy_rule;

typedef struct {
	bw_policy_rule *rules;
	size_t count;
	int ramp_months[BW_LEVER_COUNT];
	char *origin;
} bw_policy;

/* Load a policy file. Errors: BW_EPARSE "FILE: rules[i].field: expected
 * ...". On success *out owns it (bw_policy_free). */
int bw_policy_load_file(bw_policy **out, const char *path);
int bw_policy_load_buffer(bw_policy **out, const char *json, size_t len, const char *origin);
void bw_policy_free(bw_policy *policy);

/* List spend at each stage: list, after routing, after caching, after batch. */
#define BW_POLICY_STAGES 4

typedef struct {
	char key[BW_USAGE_DIM_MAX]; /* the original model, or workspace ("" = default) */
	double usd[BW_POLICY_STAGES];
} bw_waterfall_row;

typedef struct {
	double usd[BW_POLICY_STAGES]; /* overall */
	bw_waterfall_row *by_model;   /* by the model the usage came from */
	size_t model_count;
	bw_waterfall_row *by_workspace;
	size_t workspace_count;
	bw_waterfall_row *by_tag; /* "" = untagged; empty when no usage is tagged */
	size_t tag_count;
	double unpriced_tokens;  /* usage the catalog cannot price, left out */
	size_t *unmatched_rules; /* indices into the policy's rules that match no usage row
	                            (a warning: a typo in a model, workspace, key or tag) */
	size_t unmatched_count;
} bw_waterfall;

/*
 * Apply 'policy' to 'daily' (rows as bw_store_daily_usage returns them)
 * and price every stage with 'catalog'. Rules apply in file order within
 * each lever; levers in the order routing, caching, batch. On success
 * *out owns the result (bw_waterfall_free). Returns 0, BW_ENOTFOUND (a
 * routing target the catalog does not know) or BW_ERROR.
 */
int bw_policy_waterfall(bw_waterfall **out, const bw_policy *policy, const bw_usage_rows *daily,
                        const bw_catalog *catalog);
void bw_waterfall_free(bw_waterfall *waterfall);

/* Each lever's saving as a share of list spend (from a waterfall): the
 * marginal step of that stage. */
void bw_waterfall_lever_shares(const bw_waterfall *waterfall, double shares[BW_LEVER_COUNT]);

#endif

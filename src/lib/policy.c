/*
 * policy.c: the optimization policy and its savings waterfall.
 *
 * Every stage is priced with the catalog's unit prices for the row's own
 * day, model, tier and context, so moving traffic between models or tiers
 * is priced exactly as the vendor would bill it; token counts become
 * fractional once shares apply, so stage costs are kept in double.
 */
#include "bandwise/policy.h"

#include "bandwise/error.h"
#include "fileio.h"
#include "jsonread.h"
#include "vec.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bw_lever_name(bw_lever lever)
{
	static const char *const names[BW_LEVER_COUNT] = {"routing", "caching", "batch"};
	return (unsigned)lever < BW_LEVER_COUNT ? names[lever] : "?";
}

/* --- the file -------------------------------------------------------------------- */

static int copy_string(json_t *value, char *out, size_t size)
{
	if (value == NULL || json_is_null(value)) {
		out[0] = '\0';
		return 0;
	}
	if (!json_is_string(value) || json_string_length(value) >= size)
		return -1;
	memcpy(out, json_string_value(value), json_string_length(value) + 1);
	return 0;
}

/* One rule; the reader's path is at LEVER[i]. */
static int read_rule(bwx_jsonread *r, bw_lever lever, json_t *obj, bw_policy_rule *rule)
{
	json_t *match = json_object_get(obj, "match");

	memset(rule, 0, sizeof(*rule));
	rule->lever = lever;
	if (!json_is_object(obj))
		return bwx_jsonread_error(r, "", "an object");
	if (match != NULL && !json_is_object(match))
		return bwx_jsonread_error(r, "match",
		                          "an object with model, workspace, api_key or tag");
	if (copy_string(json_object_get(match, "model"), rule->model, sizeof(rule->model)) < 0 ||
	    copy_string(json_object_get(match, "workspace"), rule->workspace,
	                sizeof(rule->workspace)) < 0 ||
	    copy_string(json_object_get(match, "api_key"), rule->api_key, sizeof(rule->api_key)) <
	        0 ||
	    copy_string(json_object_get(match, "tag"), rule->tag, sizeof(rule->tag)) < 0)
		return bwx_jsonread_error(r, "match",
		                          "strings for model, workspace, api_key and tag");
	if (copy_string(json_object_get(obj, "reason"), rule->reason, sizeof(rule->reason)) < 0 ||
	    rule->reason[0] == '\0')
		return bwx_jsonread_error(r, "reason", "a reason in words (the report repeats it)");
	if (lever == BW_LEVER_ROUTING || lever == BW_LEVER_BATCH) {
		json_t *share = json_object_get(obj, "share");
		if (!json_is_number(share) ||
		    !(json_number_value(share) >= 0 && json_number_value(share) <= 1))
			return bwx_jsonread_error(r, "share",
			                          "the share of matched traffic moved, 0 to 1");
		rule->share = json_number_value(share);
	}
	if (lever == BW_LEVER_ROUTING &&
	    (copy_string(json_object_get(obj, "to"), rule->target_model,
	                 sizeof(rule->target_model)) < 0 ||
	     rule->target_model[0] == '\0'))
		return bwx_jsonread_error(r, "to", "the model to route to");
	if (lever == BW_LEVER_CACHING) {
		json_t *ttl = json_object_get(obj, "ttl"),
		       *c = json_object_get(obj, "cacheable_share");
		json_t *h = json_object_get(obj, "hit_rate");
		const char *t = json_is_string(ttl) ? json_string_value(ttl) : "";
		rule->ttl_hours = strcmp(t, "5m") == 0 ? -5 : strcmp(t, "1h") == 0 ? 1 : 0;
		if (strcmp(t, "5m") != 0 && strcmp(t, "1h") != 0 && strcmp(t, "off") != 0)
			return bwx_jsonread_error(r, "ttl", "\"5m\", \"1h\" or \"off\"");
		if (rule->ttl_hours != 0) {
			if (!json_is_number(c) ||
			    !(json_number_value(c) >= 0 && json_number_value(c) <= 1))
				return bwx_jsonread_error(
				    r, "cacheable_share",
				    "the share of uncached input that could be cached, 0 to 1");
			if (!json_is_number(h) ||
			    !(json_number_value(h) >= 0 && json_number_value(h) <= 1))
				return bwx_jsonread_error(
				    r, "hit_rate",
				    "the share of cacheable input read from the cache, 0 to 1");
			rule->cacheable_share = json_number_value(c);
			rule->hit_rate = json_number_value(h);
		}
	}
	return 0;
}

int bw_policy_load_buffer(bw_policy **out, const char *json, size_t len, const char *origin)
{
	json_error_t jerr;
	json_t *root;
	bw_policy *policy = NULL;
	bwx_jsonread r;
	int error = 0;

	*out = NULL;
	bwx_jsonread_init(&r, origin, json, len);
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if ((policy = calloc(1, sizeof(*policy))) == NULL ||
	    (policy->origin = strdup(origin)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if (!json_is_object(root)) {
		error = bwx_jsonread_error(
		    &r, NULL, "an object with routing, caching, batch and ramp_months");
		goto done;
	}
	size_t total = 0;
	for (int l = 0; l < BW_LEVER_COUNT; l++) {
		json_t *list = json_object_get(root, bw_lever_name((bw_lever)l));
		if (list != NULL && !json_is_array(list)) {
			error =
			    bwx_jsonread_error(&r, bw_lever_name((bw_lever)l), "an array of rules");
			goto done;
		}
		total += json_array_size(list);
	}
	if ((policy->rules = calloc(total ? total : 1, sizeof(*policy->rules))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (int l = 0; l < BW_LEVER_COUNT; l++) {
		json_t *list = json_object_get(root, bw_lever_name((bw_lever)l));
		bwx_jsonread_key(&r, bw_lever_name((bw_lever)l));
		for (size_t i = 0; i < json_array_size(list); i++) {
			bwx_jsonread_index(&r, i);
			if ((error = read_rule(&r, (bw_lever)l, json_array_get(list, i),
			                       &policy->rules[policy->count])) < 0)
				goto done;
			bwx_jsonread_pop(&r);
			policy->count++;
		}
		bwx_jsonread_pop(&r);
	}
	json_t *ramp = json_object_get(root, "ramp_months");
	if (ramp != NULL && !json_is_object(ramp)) {
		error = bwx_jsonread_error(&r, "ramp_months", "an object such as {\"routing\": 3}");
		goto done;
	}
	bwx_jsonread_key(&r, "ramp_months");
	for (int l = 0; l < BW_LEVER_COUNT; l++) {
		json_t *v = json_object_get(ramp, bw_lever_name((bw_lever)l));
		if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < 0 ||
		                  json_integer_value(v) > 120)) {
			error = bwx_jsonread_error(&r, bw_lever_name((bw_lever)l),
			                           "whole months from 0 to 120");
			goto done;
		}
		policy->ramp_months[l] = v ? (int)json_integer_value(v) : 0;
	}
	*out = policy;
	policy = NULL;
done:
	bw_policy_free(policy);
	json_decref(root);
	return error;
}

int bw_policy_load_file(bw_policy **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read_config(path, &data, &len)) < 0)
		return error;
	error = bw_policy_load_buffer(out, data, len, path);
	free(data);
	return error;
}

void bw_policy_free(bw_policy *policy)
{
	if (policy == NULL)
		return;
	free(policy->rules);
	free(policy->origin);
	free(policy);
}

/* --- the waterfall ---------------------------------------------------------------- */

/* A slice of a row: fractional tokens by type, at some model and tier. */
typedef struct {
	bw_usage_row at; /* model, tier etc. (its token counts unused) */
	double tokens[BW_TOKEN_TYPE_COUNT];
	double web_searches;
} slice;

static int unit_prices(const bw_catalog *catalog, const bw_usage_row *at,
                       double per_token[BW_TOKEN_TYPE_COUNT], double *per_search)
{
	bw_usage_row probe = *at;
	bw_price_breakdown price;
	int error;

	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		probe.tokens[t] = 1000000;
	probe.web_search_requests = 1000000;
	if ((error = bw_catalog_price_row(catalog, &probe, &price)) < 0)
		return error;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		per_token[t] = price.usd[t] / 1e6;
	*per_search = price.web_search_usd / 1e6;
	return 0;
}

static int slice_cost(const bw_catalog *catalog, const slice *s, double *out)
{
	double per[BW_TOKEN_TYPE_COUNT], search;
	int error = unit_prices(catalog, &s->at, per, &search);
	*out = 0;
	if (error < 0)
		return error;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		*out += s->tokens[t] * per[t];
	*out += s->web_searches * search;
	return 0;
}

static int matches(const bw_catalog *catalog, const bw_policy_rule *rule, const bw_usage_row *row)
{
	if (rule->model[0]) {
		const char *a = bw_catalog_resolve(catalog, rule->model),
		           *b = bw_catalog_resolve(catalog, row->model);
		if (a == NULL ? strcmp(rule->model, row->model) != 0
		              : (b == NULL || strcmp(a, b) != 0))
			return 0;
	}
	if (rule->workspace[0]) {
		const char *ws = strcmp(rule->workspace, "default") == 0 ? "" : rule->workspace;
		if (strcmp(ws, row->workspace_id) != 0)
			return 0;
	}
	if (rule->tag[0] && strcmp(rule->tag, row->tag) != 0)
		return 0;
	return rule->api_key[0] == '\0' || strcmp(rule->api_key, row->api_key_id) == 0;
}

static const bw_policy_rule *first_rule(const bw_policy *policy, const bw_catalog *catalog,
                                        bw_lever lever, const bw_usage_row *row)
{
	for (size_t i = 0; i < policy->count; i++)
		if (policy->rules[i].lever == lever && matches(catalog, &policy->rules[i], row))
			return &policy->rules[i];
	return NULL;
}

static bw_waterfall_row *row_for(bw_waterfall_row **rows, size_t *count, const char *key)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*rows)[i].key, key) == 0)
			return &(*rows)[i];
	/* The waterfall keeps no capacity: a few rows, grown from the count. */
	size_t capacity = *count;
	if (bwx_vec_grow((void **)rows, &capacity, *count, sizeof(**rows)) < 0)
		return NULL;
	bw_waterfall_row *r = &(*rows)[(*count)++];
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	return r;
}

int bw_policy_waterfall(bw_waterfall **out, const bw_policy *policy, const bw_usage_rows *daily,
                        const bw_catalog *catalog)
{
	bw_waterfall *w = calloc(1, sizeof(*w));
	int error = 0, tagged = 0;

	*out = NULL;
	if (w == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < policy->count; i++)
		if (policy->rules[i].lever == BW_LEVER_ROUTING &&
		    bw_catalog_resolve(catalog, policy->rules[i].target_model) == NULL) {
			error = bw_error_set(BW_ENOTFOUND,
			                     "%s: routing target '%s' is not in the price catalog",
			                     policy->origin, policy->rules[i].target_model);
			goto done;
		}
	for (size_t r = 0; r < daily->count; r++) {
		const bw_usage_row *row = &daily->items[r];
		slice stage[4][4]; /* up to 4 slices after routing and batch splits */
		int count = 1;
		double usd[BW_POLICY_STAGES] = {0};
		const bw_policy_rule *rule;

		memset(stage, 0, sizeof(stage));
		stage[0][0].at = *row;
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
			stage[0][0].tokens[t] = (double)row->tokens[t];
		stage[0][0].web_searches = (double)row->web_search_requests;
		if (bw_catalog_resolve(catalog, row->model) == NULL) {
			for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
				w->unpriced_tokens += (double)row->tokens[t];
			continue;
		}
		/* Routing: a share of the row moves to another model. */
		memcpy(stage[1], stage[0], sizeof(stage[0]));
		if ((rule = first_rule(policy, catalog, BW_LEVER_ROUTING, row)) != NULL &&
		    rule->share > 0) {
			stage[1][1] = stage[1][0];
			snprintf(stage[1][1].at.model, sizeof(stage[1][1].at.model), "%s",
			         rule->target_model);
			for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
				stage[1][1].tokens[t] *= rule->share;
				stage[1][0].tokens[t] *= 1 - rule->share;
			}
			stage[1][1].web_searches *= rule->share;
			stage[1][0].web_searches *= 1 - rule->share;
			count = 2;
		}
		/* Caching: cacheable uncached input becomes reads and writes. */
		memcpy(stage[2], stage[1], sizeof(stage[1]));
		for (int s = 0; s < count; s++) {
			slice *sl = &stage[2][s];
			if ((rule = first_rule(policy, catalog, BW_LEVER_CACHING, &sl->at)) ==
			        NULL ||
			    rule->ttl_hours == 0)
				continue;
			double cacheable =
			    sl->tokens[BW_TOKEN_UNCACHED_INPUT] * rule->cacheable_share;
			sl->tokens[BW_TOKEN_UNCACHED_INPUT] -= cacheable;
			sl->tokens[BW_TOKEN_CACHE_READ] += cacheable * rule->hit_rate;
			sl->tokens[rule->ttl_hours < 0 ? BW_TOKEN_CACHE_WRITE_5M
			                               : BW_TOKEN_CACHE_WRITE_1H] +=
			    cacheable * (1 - rule->hit_rate);
		}
		/* Batch: a share of standard traffic moves to the batch tier. */
		memcpy(stage[3], stage[2], sizeof(stage[2]));
		int batched = count;
		for (int s = 0; s < count; s++) {
			slice *sl = &stage[3][s];
			if (strcmp(sl->at.service_tier, "standard") != 0 &&
			    sl->at.service_tier[0] != '\0')
				continue;
			if ((rule = first_rule(policy, catalog, BW_LEVER_BATCH, &sl->at)) == NULL ||
			    rule->share == 0)
				continue;
			slice *moved = &stage[3][batched++];
			*moved = *sl;
			snprintf(moved->at.service_tier, sizeof(moved->at.service_tier), "batch");
			for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
				moved->tokens[t] *= rule->share;
				sl->tokens[t] *= 1 - rule->share;
			}
			moved->web_searches *= rule->share;
			sl->web_searches *= 1 - rule->share;
		}
		int counts[4] = {1, count, count, batched};
		for (int st = 0; st < BW_POLICY_STAGES; st++)
			for (int s = 0; s < counts[st]; s++) {
				double c;
				if ((error = slice_cost(catalog, &stage[st][s], &c)) < 0)
					goto done;
				usd[st] += c;
			}
		const char *model = bw_catalog_resolve(catalog, row->model);
		bw_waterfall_row *by_model = row_for(&w->by_model, &w->model_count, model);
		bw_waterfall_row *by_ws =
		    row_for(&w->by_workspace, &w->workspace_count, row->workspace_id);
		bw_waterfall_row *by_tag = row_for(&w->by_tag, &w->tag_count, row->tag);
		tagged |= row->tag[0] != '\0';
		if (by_model == NULL || by_ws == NULL || by_tag == NULL) {
			error = bw_error_set(BW_ERROR, "out of memory");
			goto done;
		}
		for (int st = 0; st < BW_POLICY_STAGES; st++) {
			w->usd[st] += usd[st];
			by_model->usd[st] += usd[st];
			by_ws->usd[st] += usd[st];
			by_tag->usd[st] += usd[st];
		}
	}
	if (!tagged)
		w->tag_count = 0; /* one untagged row says nothing */
	*out = w;
	w = NULL;
done:
	bw_waterfall_free(w);
	return error;
}

void bw_waterfall_free(bw_waterfall *waterfall)
{
	if (waterfall == NULL)
		return;
	free(waterfall->by_model);
	free(waterfall->by_workspace);
	free(waterfall->by_tag);
	free(waterfall);
}

void bw_waterfall_lever_shares(const bw_waterfall *w, double shares[BW_LEVER_COUNT])
{
	for (int l = 0; l < BW_LEVER_COUNT; l++)
		shares[l] = w->usd[0] > 0 ? (w->usd[l] - w->usd[l + 1]) / w->usd[0] : 0;
}

/*
 * catalog_compare.c: this catalog against LiteLLM's and genai-prices'.
 *
 * Other tools keep catalogs too, and they disagree with the published
 * table in places (LiteLLM has no effective dates; genai-prices has its own
 * dates). A user must see each disagreement and decide; nothing here picks
 * a winner or changes the catalog.
 */
#include "bandwise/catalog.h"

#include "bandwise/error.h"
#include "fileio.h"
#include "vec.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_INPUT, F_OUTPUT, F_WRITE, F_READ, F_COUNT };
static const char *const field_names[F_COUNT] = {"input", "output", "cache_write_5m", "cache_read"};
static const bw_token_type field_types[F_COUNT] = {BW_TOKEN_UNCACHED_INPUT, BW_TOKEN_OUTPUT,
                                                   BW_TOKEN_CACHE_WRITE_5M, BW_TOKEN_CACHE_READ};

static int ours(const bw_catalog *catalog, const char *model, const char *day, double out[F_COUNT])
{
	bw_usage_row row;
	bw_price_breakdown price;
	int error;

	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%.10sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	snprintf(row.context_window, sizeof(row.context_window), "0-200k");
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		row.tokens[t] = 1000000;
	if ((error = bw_catalog_price_row(catalog, &row, &price)) < 0)
		return error;
	for (int f = 0; f < F_COUNT; f++)
		out[f] = price.usd[field_types[f]];
	return 0;
}

/* LiteLLM: USD per token under the model's own key. */
static json_t *litellm_entry(json_t *root, const char *const *names, size_t count, const char **key)
{
	for (size_t n = 0; n < count; n++) {
		json_t *e = json_object_get(root, names[n]);
		if (json_is_object(e)) {
			*key = names[n];
			return e;
		}
	}
	return NULL;
}

static void litellm_prices(json_t *e, double out[F_COUNT])
{
	static const char *const keys[F_COUNT] = {"input_cost_per_token", "output_cost_per_token",
	                                          "cache_creation_input_token_cost",
	                                          "cache_read_input_token_cost"};
	for (int f = 0; f < F_COUNT; f++) {
		json_t *v = json_object_get(e, keys[f]);
		out[f] = json_is_number(v) ? json_number_value(v) * 1e6 : -1;
	}
}

/* genai-prices match rules: equals, starts_with, contains, or, and. */
static int rule_matches(json_t *rule, const char *name)
{
	json_t *v;
	if ((v = json_object_get(rule, "equals")) && json_is_string(v))
		return strcmp(name, json_string_value(v)) == 0;
	if ((v = json_object_get(rule, "starts_with")) && json_is_string(v))
		return strncmp(name, json_string_value(v), strlen(json_string_value(v))) == 0;
	if ((v = json_object_get(rule, "contains")) && json_is_string(v))
		return strstr(name, json_string_value(v)) != NULL;
	if ((v = json_object_get(rule, "or")) && json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			if (rule_matches(json_array_get(v, i), name))
				return 1;
		return 0;
	}
	if ((v = json_object_get(rule, "and")) && json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			if (!rule_matches(json_array_get(v, i), name))
				return 0;
		return json_array_size(v) > 0;
	}
	return 0;
}

static json_t *genai_model(json_t *root, const char *const *names, size_t count, const char **key)
{
	for (size_t p = 0; p < json_array_size(root); p++) {
		json_t *provider = json_array_get(root, p);
		json_t *models = json_object_get(provider, "models");
		json_t *id = json_object_get(provider, "id");
		if (!json_is_string(id) || strcmp(json_string_value(id), "anthropic") != 0)
			continue;
		for (size_t n = 0; n < count; n++)
			for (size_t m = 0; m < json_array_size(models); m++) {
				json_t *model = json_array_get(models, m);
				if (rule_matches(json_object_get(model, "match"), names[n])) {
					*key = json_string_value(json_object_get(model, "id"));
					return model;
				}
			}
	}
	return NULL;
}

/* A price, or the base of a tiered one. */
static double genai_value(json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_object(v) && json_is_number(json_object_get(v, "base")))
		return json_number_value(json_object_get(v, "base"));
	return -1;
}

static void genai_prices(json_t *model, const char *day, double out[F_COUNT])
{
	static const char *const keys[F_COUNT] = {"input_mtok", "output_mtok", "cache_write_mtok",
	                                          "cache_read_mtok"};
	json_t *prices = json_object_get(model, "prices"), *chosen = prices;
	if (json_is_array(prices)) {
		/* Date-effective lists: the last entry that has started by 'day'. */
		chosen = NULL;
		for (size_t i = 0; i < json_array_size(prices); i++) {
			json_t *entry = json_array_get(prices, i);
			json_t *start =
			    json_object_get(json_object_get(entry, "constraint"), "start_date");
			if (!json_is_string(start) ||
			    strncmp(json_string_value(start), day, 10) <= 0)
				chosen = json_object_get(entry, "prices");
		}
	}
	for (int f = 0; f < F_COUNT; f++)
		out[f] = chosen ? genai_value(json_object_get(chosen, keys[f])) : -1;
}

static int add_difference(bw_catalog_comparison *c, size_t *capacity, const char *model,
                          const char *foreign, int field, double a, double b)
{
	int error = bwx_vec_grow((void **)&c->differences, capacity, c->difference_count,
	                         sizeof(*c->differences));
	if (error < 0)
		return error;
	bw_price_difference *d = &c->differences[c->difference_count++];
	snprintf(d->model, sizeof(d->model), "%s", model);
	snprintf(d->foreign_id, sizeof(d->foreign_id), "%s", foreign ? foreign : "");
	d->field = field_names[field];
	d->ours = a;
	d->theirs = b;
	return 0;
}

int bw_catalog_compare_buffer(bw_catalog_comparison **out, const bw_catalog *catalog,
                              const char *json, size_t len, const char *origin,
                              bw_foreign_format format, const char *day)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	bw_catalog_comparison *c = NULL;
	size_t capacity = 0;
	int error = 0;

	*out = NULL;
	if (root == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if (format == BW_FOREIGN_AUTO)
		format = json_is_array(root) ? BW_FOREIGN_GENAI_PRICES : BW_FOREIGN_LITELLM;
	if ((format == BW_FOREIGN_GENAI_PRICES && !json_is_array(root)) ||
	    (format == BW_FOREIGN_LITELLM && !json_is_object(root))) {
		error = bw_error_set(BW_EPARSE,
		                     "%s: expected a LiteLLM model-prices object or a genai-prices "
		                     "providers array",
		                     origin);
		goto done;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->missing = calloc(bw_catalog_model_count(catalog) + 1, sizeof(*c->missing))) ==
	        NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	c->format = format;
	for (size_t i = 0; i < bw_catalog_model_count(catalog); i++) {
		size_t count;
		const char *const *names = bw_catalog_model_names(catalog, i, &count);
		const char *model = bw_catalog_model_id(catalog, i), *key = NULL;
		double a[F_COUNT], b[F_COUNT];
		json_t *entry;
		if (ours(catalog, model, day, a) < 0)
			continue; /* no price of ours in force that day */
		entry = format == BW_FOREIGN_LITELLM ? litellm_entry(root, names, count, &key)
		                                     : genai_model(root, names, count, &key);
		if (entry == NULL) {
			snprintf(c->missing[c->missing_count++], BW_USAGE_DIM_MAX, "%s", model);
			continue;
		}
		if (format == BW_FOREIGN_LITELLM)
			litellm_prices(entry, b);
		else
			genai_prices(entry, day, b);
		c->compared++;
		int agree = 1;
		for (int f = 0; f < F_COUNT; f++) {
			if (fabs(a[f] - b[f]) <= 1e-9 * fabs(a[f]) + 1e-12)
				continue;
			agree = 0;
			if ((error = add_difference(c, &capacity, model, key, f, a[f], b[f])) < 0)
				goto done;
		}
		c->agreeing += agree;
	}
	*out = c;
	c = NULL;
done:
	bw_catalog_comparison_free(c);
	json_decref(root);
	return error;
}

int bw_catalog_compare_file(bw_catalog_comparison **out, const bw_catalog *catalog,
                            const char *path, bw_foreign_format format, const char *day)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read(path, &data, &len)) < 0)
		return error;
	error = bw_catalog_compare_buffer(out, catalog, data, len, path, format, day);
	free(data);
	return error;
}

void bw_catalog_comparison_free(bw_catalog_comparison *comparison)
{
	if (comparison == NULL)
		return;
	free(comparison->differences);
	free(comparison->missing);
	free(comparison);
}

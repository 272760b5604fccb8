/*
 * catalog.c: the price catalog: loading, validation, model lookup, and
 * pricing one usage row.
 *
 * Workload: a few dozen models with a few price periods each, and one
 * pricing call per stored daily row (up to a few hundred thousand). Ids and
 * aliases go into one sorted array searched with bsearch; a model's periods
 * are few, so they are scanned.
 */
#include "bandwise/catalog.h"

#include "bandwise/error.h"
#include "embedded.h"
#include "date.h"
#include "fileio.h"
#include "jsonread.h"
#include "vec.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEO_MAX 8

/* The five token prices of one kind of request, USD per million tokens. */
typedef struct {
	double per_mtok[BW_TOKEN_TYPE_COUNT];
} token_prices;

typedef struct {
	char effective_from[11]; /* "YYYY-MM-DD", inclusive */
	char effective_to[11];   /* exclusive; "" = open */
	token_prices standard;
	token_prices batch; /* every type filled in at load time */
	int has_long_context;
	token_prices long_context;
	int has_fast;
	token_prices fast; /* cache types scaled like input */
	size_t geo_count;
	char geo_names[GEO_MAX][24];
	double geo_multipliers[GEO_MAX];
} price_period;

typedef struct {
	char *id;
	price_period *periods;
	size_t period_count;
	size_t first_name, name_count; /* its id and aliases in owned_names */
} catalog_model;

typedef struct {
	const char *name; /* id or alias, owned by names[] below */
	size_t model;
} name_entry;

struct bw_catalog {
	char *version;
	char *origin;
	double web_search_usd_per_1000;
	catalog_model *models;
	size_t model_count;
	name_entry *names;
	char **owned_names;
	size_t name_count;
};

static const char *const price_keys[BW_TOKEN_TYPE_COUNT] = {
    "input", "cache_write_5m", "cache_write_1h", "cache_read", "output",
};

/* --- parsing ---------------------------------------------------------------- */

/* The reader (bwx_jsonread) carries the file's name, its text and the
 * JSON path being read, so a schema error names its line and column. */
typedef bwx_jsonread parse_ctx;

static int schema_error(parse_ctx *ctx, const char *field, const char *expected)
{
	return bwx_jsonread_error(ctx, field, expected);
}

/* A required (or, with 'optional', possibly absent) non-negative price. */
static int read_price(parse_ctx *ctx, json_t *obj, const char *key, double *out, int optional,
                      int *present)
{
	json_t *value = json_object_get(obj, key);
	if (present)
		*present = value != NULL;
	if (value == NULL) {
		if (optional)
			return 0;
		return schema_error(ctx, key, "a price in USD per million tokens (a number >= 0)");
	}
	if (!json_is_number(value) || !isfinite(json_number_value(value)) ||
	    json_number_value(value) < 0)
		return schema_error(ctx, key, "a price in USD per million tokens (a number >= 0)");
	*out = json_number_value(value);
	return 0;
}

static int read_token_prices(parse_ctx *ctx, json_t *obj, token_prices *out)
{
	int error;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		if ((error = read_price(ctx, obj, price_keys[t], &out->per_mtok[t], 0, NULL)) < 0)
			return error;
	return 0;
}

static int is_date(const char *text)
{
	int64_t days;
	return bwx_date_parse(text, &days) == 0;
}

static int read_date(parse_ctx *ctx, json_t *obj, const char *key, char out[11], int nullable)
{
	json_t *value = json_object_get(obj, key);
	out[0] = '\0';
	if (nullable && (value == NULL || json_is_null(value)))
		return 0;
	if (!json_is_string(value) || !is_date(json_string_value(value)))
		return schema_error(ctx, key,
		                    nullable ? "a date YYYY-MM-DD or null" : "a date YYYY-MM-DD");
	memcpy(out, json_string_value(value), 11);
	return 0;
}

/* Scale the cache prices of 'from' by 'factor' into 'to' (input and output
 * of 'to' already set): Anthropic's multipliers stack, so a batch or fast
 * cache price is the standard one times the same factor as input. */
static void scale_cache(const token_prices *from, double factor, token_prices *to)
{
	to->per_mtok[BW_TOKEN_CACHE_WRITE_5M] = from->per_mtok[BW_TOKEN_CACHE_WRITE_5M] * factor;
	to->per_mtok[BW_TOKEN_CACHE_WRITE_1H] = from->per_mtok[BW_TOKEN_CACHE_WRITE_1H] * factor;
	to->per_mtok[BW_TOKEN_CACHE_READ] = from->per_mtok[BW_TOKEN_CACHE_READ] * factor;
}

static int read_batch(parse_ctx *ctx, json_t *period, price_period *out)
{
	json_t *batch = json_object_get(period, "batch");
	int error, present[BW_TOKEN_TYPE_COUNT];

	if (batch == NULL || !json_is_object(batch))
		return schema_error(ctx, "batch",
		                    "an object with the batch \"input\" and \"output\" prices");
	bwx_jsonread_key(ctx, "batch");
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
		int optional = t != BW_TOKEN_UNCACHED_INPUT && t != BW_TOKEN_OUTPUT;
		if ((error = read_price(ctx, batch, price_keys[t], &out->batch.per_mtok[t],
		                        optional, &present[t])) < 0)
			return error;
	}
	bwx_jsonread_pop(ctx);
	double standard_input = out->standard.per_mtok[BW_TOKEN_UNCACHED_INPUT];
	double factor = standard_input > 0
	                    ? out->batch.per_mtok[BW_TOKEN_UNCACHED_INPUT] / standard_input
	                    : 0.5;
	token_prices derived = out->batch;
	scale_cache(&out->standard, factor, &derived);
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		if (!present[t])
			out->batch.per_mtok[t] = derived.per_mtok[t];
	return 0;
}

static int read_optional_sections(parse_ctx *ctx, json_t *period, price_period *out)
{
	json_t *section;
	int error;

	if ((section = json_object_get(period, "long_context")) != NULL) {
		if (!json_is_object(section))
			return schema_error(ctx, "long_context", "an object of prices");
		bwx_jsonread_key(ctx, "long_context");
		if ((error = read_token_prices(ctx, section, &out->long_context)) < 0)
			return error;
		bwx_jsonread_pop(ctx);
		out->has_long_context = 1;
	}
	if ((section = json_object_get(period, "fast")) != NULL) {
		if (!json_is_object(section))
			return schema_error(ctx, "fast", "an object with \"input\" and \"output\"");
		bwx_jsonread_key(ctx, "fast");
		if ((error = read_price(ctx, section, "input",
		                        &out->fast.per_mtok[BW_TOKEN_UNCACHED_INPUT], 0, NULL)) <
		        0 ||
		    (error = read_price(ctx, section, "output",
		                        &out->fast.per_mtok[BW_TOKEN_OUTPUT], 0, NULL)) < 0)
			return error;
		bwx_jsonread_pop(ctx);
		double input = out->standard.per_mtok[BW_TOKEN_UNCACHED_INPUT];
		scale_cache(&out->standard,
		            input > 0 ? out->fast.per_mtok[BW_TOKEN_UNCACHED_INPUT] / input : 1,
		            &out->fast);
		out->has_fast = 1;
	}
	if ((section = json_object_get(period, "inference_geo_multipliers")) != NULL) {
		const char *geo;
		json_t *value;
		if (!json_is_object(section))
			return schema_error(ctx, "inference_geo_multipliers",
			                    "an object such as {\"us\": 1.1}");
		json_object_foreach(section, geo, value)
		{
			if (out->geo_count == GEO_MAX || strlen(geo) >= sizeof(out->geo_names[0]))
				return schema_error(ctx, "inference_geo_multipliers",
				                    "at most 8 short geo names");
			if (!json_is_number(value) || json_number_value(value) <= 0)
				return schema_error(ctx, "inference_geo_multipliers",
				                    "a positive multiplier per geo");
			snprintf(out->geo_names[out->geo_count], sizeof(out->geo_names[0]), "%s",
			         geo);
			out->geo_multipliers[out->geo_count++] = json_number_value(value);
		}
	}
	return 0;
}

static int read_period(parse_ctx *ctx, json_t *period, price_period *out)
{
	int error;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(period))
		return schema_error(ctx, "", "an object");
	if ((error = read_date(ctx, period, "effective_from", out->effective_from, 0)) < 0 ||
	    (error = read_date(ctx, period, "effective_to", out->effective_to, 1)) < 0 ||
	    (error = read_token_prices(ctx, period, &out->standard)) < 0 ||
	    (error = read_batch(ctx, period, out)) < 0 ||
	    (error = read_optional_sections(ctx, period, out)) < 0)
		return error;
	if (out->effective_to[0] && strcmp(out->effective_to, out->effective_from) <= 0)
		return schema_error(ctx, "effective_to", "a date after effective_from");
	if (!json_is_string(json_object_get(period, "source")))
		return schema_error(ctx, "source", "the URL or document the prices come from");
	return 0;
}

static int read_model(parse_ctx *ctx, json_t *model, catalog_model *out)
{
	json_t *id = json_object_get(model, "id"), *periods = json_object_get(model, "prices");
	int error;

	if (!json_is_object(model))
		return schema_error(ctx, "", "an object");
	if (!json_is_string(id) || json_string_length(id) == 0 ||
	    json_string_length(id) >= BW_USAGE_DIM_MAX)
		return schema_error(ctx, "id", "the model id, a non-empty string");
	if ((out->id = strdup(json_string_value(id))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if (!json_is_array(periods) || json_array_size(periods) == 0)
		return schema_error(ctx, "prices", "a non-empty array of price periods");
	out->periods = calloc(json_array_size(periods), sizeof(*out->periods));
	if (out->periods == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_jsonread_key(ctx, "prices");
	for (size_t j = 0; j < json_array_size(periods); j++) {
		bwx_jsonread_index(ctx, j);
		if ((error = read_period(ctx, json_array_get(periods, j), &out->periods[j])) < 0)
			return error;
		bwx_jsonread_pop(ctx);
		out->period_count++;
	}
	bwx_jsonread_pop(ctx);
	/* Periods must not overlap: a day has one price. */
	for (size_t a = 0; a < out->period_count; a++)
		for (size_t b = a + 1; b < out->period_count; b++) {
			const price_period *x = &out->periods[a], *y = &out->periods[b];
			int x_before_y =
			    x->effective_to[0] && strcmp(x->effective_to, y->effective_from) <= 0;
			int y_before_x =
			    y->effective_to[0] && strcmp(y->effective_to, x->effective_from) <= 0;
			if (!x_before_y && !y_before_x)
				return schema_error(ctx, "prices",
				                    "periods that do not overlap in time");
		}
	return 0;
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(((const name_entry *)a)->name, ((const name_entry *)b)->name);
}

static int add_name(bw_catalog *catalog, const char *name, size_t model, size_t *capacity)
{
	/* Two arrays of the same length: each grows from the shared capacity,
	 * which only moves once both have grown (to the same room). */
	size_t names_room = *capacity, owned_room = *capacity;
	int error;
	if ((error = bwx_vec_grow((void **)&catalog->names, &names_room, catalog->name_count,
	                          sizeof(*catalog->names))) < 0 ||
	    (error = bwx_vec_grow((void **)&catalog->owned_names, &owned_room, catalog->name_count,
	                          sizeof(*catalog->owned_names))) < 0)
		return error;
	*capacity = names_room < owned_room ? names_room : owned_room;
	char *copy = strdup(name);
	if (copy == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	catalog->owned_names[catalog->name_count] = copy;
	catalog->names[catalog->name_count].name = copy;
	catalog->names[catalog->name_count].model = model;
	catalog->name_count++;
	return 0;
}

static int read_catalog(bw_catalog *catalog, json_t *root, const char *origin, const char *text,
                        size_t len)
{
	parse_ctx ctx;
	json_t *models = json_object_get(root, "models"),
	       *version = json_object_get(root, "version");
	json_t *search = json_object_get(root, "web_search");
	json_t *currency = json_object_get(root, "currency");
	size_t name_capacity = 0;
	int error;

	bwx_jsonread_init(&ctx, origin, text, len);
	if (!json_is_object(root))
		return schema_error(&ctx, "", "a JSON object with \"version\" and \"models\"");
	if (!json_is_string(version))
		return schema_error(&ctx, "version", "a version string");
	if (!json_is_string(currency) || strcmp(json_string_value(currency), "USD") != 0)
		return schema_error(&ctx, "currency",
		                    "\"USD\" (other currencies are not mixed in)");
	if ((catalog->version = strdup(json_string_value(version))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_jsonread_key(&ctx, "web_search");
	if (!json_is_object(search))
		return schema_error(&ctx, "", "an object with \"usd_per_1000\"");
	if ((error = read_price(&ctx, search, "usd_per_1000", &catalog->web_search_usd_per_1000, 0,
	                        NULL)) < 0)
		return error;
	bwx_jsonread_pop(&ctx);
	if (!json_is_array(models) || json_array_size(models) == 0)
		return schema_error(&ctx, "models", "a non-empty array of models");
	catalog->models = calloc(json_array_size(models), sizeof(*catalog->models));
	if (catalog->models == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	for (size_t i = 0; i < json_array_size(models); i++) {
		json_t *model = json_array_get(models, i), *aliases;
		bwx_jsonread_key(&ctx, "models");
		bwx_jsonread_index(&ctx, i);
		if ((error = read_model(&ctx, model, &catalog->models[i])) < 0) {
			catalog->model_count = i + 1; /* free what was read */
			return error;
		}
		catalog->model_count++;
		catalog->models[i].first_name = catalog->name_count;
		if ((error = add_name(catalog, catalog->models[i].id, i, &name_capacity)) < 0)
			return error;
		aliases = json_object_get(model, "aliases");
		if (aliases != NULL && !json_is_array(aliases))
			return schema_error(&ctx, "aliases", "an array of strings");
		for (size_t a = 0; aliases && a < json_array_size(aliases); a++) {
			json_t *alias = json_array_get(aliases, a);
			if (!json_is_string(alias) || json_string_length(alias) == 0)
				return schema_error(&ctx, "aliases",
				                    "an array of non-empty strings");
			if ((error = add_name(catalog, json_string_value(alias), i,
			                      &name_capacity)) < 0)
				return error;
		}
		catalog->models[i].name_count = catalog->name_count - catalog->models[i].first_name;
		bwx_jsonread_pop(&ctx);
		bwx_jsonread_pop(&ctx);
	}
	qsort(catalog->names, catalog->name_count, sizeof(*catalog->names), name_compare);
	for (size_t n = 1; n < catalog->name_count; n++)
		if (strcmp(catalog->names[n - 1].name, catalog->names[n].name) == 0)
			return bw_error_set(BW_EPARSE, "%s: model id or alias '%s' appears twice",
			                    origin, catalog->names[n].name);
	return 0;
}

int bw_catalog_load_buffer(bw_catalog **out, const char *json, size_t len, const char *origin)
{
	json_error_t jerr;
	json_t *root = NULL;
	bw_catalog *catalog = NULL;
	int error = 0;

	*out = NULL;
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if ((catalog = calloc(1, sizeof(*catalog))) == NULL ||
	    (catalog->origin = strdup(origin)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if ((error = read_catalog(catalog, root, origin, json, len)) < 0)
		goto done;
	*out = catalog;
	catalog = NULL; /* now owned by the caller */
done:
	bw_catalog_free(catalog);
	json_decref(root);
	return error;
}

int bw_catalog_load_file(bw_catalog **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read(path, &data, &len)) < 0)
		return error;
	error = bw_catalog_load_buffer(out, data, len, path);
	free(data);
	return error;
}

int bw_catalog_load_default(bw_catalog **out)
{
	return bw_catalog_load_buffer(out, bw_embedded__prices_json,
	                              strlen(bw_embedded__prices_json),
	                              "data/prices/anthropic.json (built in)");
}

void bw_catalog_free(bw_catalog *catalog)
{
	if (catalog == NULL)
		return;
	for (size_t i = 0; i < catalog->model_count; i++) {
		free(catalog->models[i].id);
		free(catalog->models[i].periods);
	}
	free(catalog->models);
	for (size_t n = 0; n < catalog->name_count; n++)
		free(catalog->owned_names[n]);
	free(catalog->owned_names);
	free(catalog->names);
	free(catalog->version);
	free(catalog->origin);
	free(catalog);
}

/* --- queries ---------------------------------------------------------------- */

const char *bw_catalog_version(const bw_catalog *catalog)
{
	return catalog->version;
}

const char *bw_catalog_origin(const bw_catalog *catalog)
{
	return catalog->origin;
}

size_t bw_catalog_model_count(const bw_catalog *catalog)
{
	return catalog->model_count;
}

const char *bw_catalog_model_id(const bw_catalog *catalog, size_t i)
{
	return i < catalog->model_count ? catalog->models[i].id : NULL;
}

static const catalog_model *find_model(const bw_catalog *catalog, const char *model)
{
	name_entry key = {model, 0};
	const name_entry *hit = bsearch(&key, catalog->names, catalog->name_count,
	                                sizeof(*catalog->names), name_compare);
	if (hit != NULL)
		return &catalog->models[hit->model];
	/* An unlisted dated id ("...-20991231") falls back to its base id. */
	size_t len = strlen(model);
	if (len > 9 && len < BW_USAGE_DIM_MAX && model[len - 9] == '-' &&
	    strspn(model + len - 8, "0123456789") == 8) {
		char base[BW_USAGE_DIM_MAX];
		memcpy(base, model, len - 9);
		base[len - 9] = '\0';
		key.name = base;
		hit = bsearch(&key, catalog->names, catalog->name_count, sizeof(*catalog->names),
		              name_compare);
		if (hit != NULL)
			return &catalog->models[hit->model];
	}
	return NULL;
}

const char *const *bw_catalog_model_names(const bw_catalog *catalog, size_t i, size_t *count)
{
	*count = i < catalog->model_count ? catalog->models[i].name_count : 0;
	return i < catalog->model_count
	           ? (const char *const *)catalog->owned_names + catalog->models[i].first_name
	           : NULL;
}

const char *bw_catalog_resolve(const bw_catalog *catalog, const char *model)
{
	const catalog_model *found = find_model(catalog, model);
	return found ? found->id : NULL;
}

int bw_catalog_price_row(const bw_catalog *catalog, const bw_usage_row *row,
                         bw_price_breakdown *out)
{
	const catalog_model *model;
	const price_period *period = NULL;
	char day[11];
	double factor = 1.0;

	memset(out, 0, sizeof(*out));
	if (row->model[0] == '\0')
		return bw_error_set(BW_ENOTFOUND,
		                    "usage without a model (the report was not grouped by model) "
		                    "cannot be priced: ingest a report with group_by[]=model");
	if ((model = find_model(catalog, row->model)) == NULL)
		return bw_error_set(BW_ENOTFOUND, "model '%s' is not in the price catalog %s",
		                    row->model, catalog->version);
	snprintf(day, sizeof(day), "%.10s", row->bucket_start);
	if (!is_date(day))
		return bw_error_set(BW_EPARSE, "usage row of '%s': bucket start '%s' is not a date",
		                    row->model, row->bucket_start);
	for (size_t i = 0; i < model->period_count; i++) {
		const price_period *p = &model->periods[i];
		if (strcmp(day, p->effective_from) >= 0 &&
		    (p->effective_to[0] == '\0' || strcmp(day, p->effective_to) < 0)) {
			period = p;
			break;
		}
	}
	if (period == NULL)
		return bw_error_set(BW_ENOTFOUND,
		                    "model '%s' has no list price in force on %s in %s", row->model,
		                    day, catalog->version);

	/* Base table: long context replaces the standard one for the whole
	 * request; batch and fast then scale it like they scale standard
	 * prices (the modifiers stack). */
	const token_prices *prices = &period->standard;
	int batch = strcmp(row->service_tier, "batch") == 0;
	int fast = strcmp(row->speed, "fast") == 0 && period->has_fast;
	if (strcmp(row->context_window, "200k-1M") == 0 && period->has_long_context) {
		prices = &period->long_context;
		if (batch)
			factor *= period->batch.per_mtok[BW_TOKEN_UNCACHED_INPUT] /
			          period->standard.per_mtok[BW_TOKEN_UNCACHED_INPUT];
		if (fast)
			factor *= period->fast.per_mtok[BW_TOKEN_UNCACHED_INPUT] /
			          period->standard.per_mtok[BW_TOKEN_UNCACHED_INPUT];
	} else if (batch) {
		prices = &period->batch;
		if (fast) /* not offered by Anthropic; price it consistently anyway */
			factor *= period->fast.per_mtok[BW_TOKEN_UNCACHED_INPUT] /
			          period->standard.per_mtok[BW_TOKEN_UNCACHED_INPUT];
	} else if (fast) {
		prices = &period->fast;
	}
	for (size_t g = 0; g < period->geo_count; g++)
		if (strcmp(row->inference_geo, period->geo_names[g]) == 0)
			factor *= period->geo_multipliers[g];

	out->model_id = model->id;
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
		out->usd[t] = (double)row->tokens[t] * prices->per_mtok[t] * factor / 1e6;
		out->total_usd += out->usd[t];
	}
	out->web_search_usd =
	    (double)row->web_search_requests * catalog->web_search_usd_per_1000 / 1000.0;
	out->total_usd += out->web_search_usd;
	return 0;
}

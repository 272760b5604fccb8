/*
 * bandwise/catalog.h: list prices per model, with effective dates.
 *
 * Prices come from a JSON data file (data/prices/anthropic.json, format in
 * docs/catalog.md), built into the library and replaceable at run time.
 * Table values are stored per price period, not multipliers: Haiku 3 and
 * later models break the 1.25x / 2x / 0.1x cache rules.
 */
#ifndef BANDWISE_CATALOG_H
#define BANDWISE_CATALOG_H

#include "bandwise/usage.h"

#include <stddef.h>

typedef struct bw_catalog bw_catalog;

/*
 * Load a catalog from the JSON file at 'path'. On success *out owns a new
 * catalog (free with bw_catalog_free). Returns 0, BW_ENOTFOUND (no file),
 * BW_EIO, or BW_EPARSE with "FILE:LINE:COL: ..." for malformed JSON and
 * "FILE: models[i].prices[j].field: expected ..." for a schema error.
 */
int bw_catalog_load_file(bw_catalog **out, const char *path);

/* As bw_catalog_load_file, from 'len' bytes of JSON; 'origin' names the
 * text in error messages. */
int bw_catalog_load_buffer(bw_catalog **out, const char *json, size_t len, const char *origin);

/* The catalog built into the library (data/prices/anthropic.json). */
int bw_catalog_load_default(bw_catalog **out);

void bw_catalog_free(bw_catalog *catalog);

/* The catalog's "version" string, e.g. "anthropic-list-2026-11-24".
 * Borrowed: valid until the catalog is freed. */
const char *bw_catalog_version(const bw_catalog *catalog);

/* Where the catalog was read from (a path or "... (built in)"). Borrowed. */
const char *bw_catalog_origin(const bw_catalog *catalog);

size_t bw_catalog_model_count(const bw_catalog *catalog);

/* The canonical id of the i-th model (0 <= i < count). Borrowed. */
const char *bw_catalog_model_id(const bw_catalog *catalog, size_t i);

/*
 * The canonical id for a model id or alias, or NULL when unknown. A dated
 * id the file does not list ("claude-haiku-4-5-20991231") resolves to its
 * base id when the base is known. Borrowed.
 */
const char *bw_catalog_resolve(const bw_catalog *catalog, const char *model);

/* One row priced at list, by billable unit. */
typedef struct {
	const char *model_id;            /* canonical id, borrowed from the catalog */
	double usd[BW_TOKEN_TYPE_COUNT]; /* per token type */
	double web_search_usd;
	double total_usd;
} bw_price_breakdown;

/*
 * Price one usage row at list with the price period in force on the row's
 * day (the first 10 characters of bucket_start, UTC):
 * - service_tier "batch": batch prices (batch cache prices, when the file
 *   has none, are the cache prices scaled by batch input / input);
 * - context_window "200k-1M" on a model with long-context prices: those;
 * - speed "fast" on a model with fast prices: those, cache scaled alike;
 * - inference_geo matching a multiplier of the period: times it;
 * - any other tier (standard, priority, flex, ...): standard list prices.
 * Web searches cost the catalog's price per 1,000.
 * Returns 0; BW_ENOTFOUND when the model is unknown or has no price on
 * that day (the message names both: the caller must report the row's
 * tokens, never treat them as free); BW_EPARSE for a malformed day.
 */
int bw_catalog_price_row(const bw_catalog *catalog, const bw_usage_row *row,
                         bw_price_breakdown *out);

/* Other tools' price catalogs, read to compare with this one. */
typedef enum {
	BW_FOREIGN_AUTO = 0,
	BW_FOREIGN_LITELLM,     /* LiteLLM model_prices_and_context_window.json (USD per token) */
	BW_FOREIGN_GENAI_PRICES /* pydantic genai-prices data.json (USD per MTok, match rules) */
} bw_foreign_format;

/* One price on which the two catalogs disagree (USD per million tokens;
 * a negative value means that catalog has no such price). */
typedef struct {
	char model[BW_USAGE_DIM_MAX];      /* our canonical id */
	char foreign_id[BW_USAGE_DIM_MAX]; /* their key or model id */
	const char *field;                 /* "input", "output", "cache_write_5m", "cache_read" */
	double ours;
	double theirs;
} bw_price_difference;

typedef struct {
	bw_foreign_format format;
	size_t compared; /* our models found in theirs */
	size_t agreeing; /* of which every compared price agrees */
	bw_price_difference *differences;
	size_t difference_count;
	char (*missing)[BW_USAGE_DIM_MAX]; /* our models they do not price */
	size_t missing_count;
} bw_catalog_comparison;

/*
 * Compare 'catalog' (prices in force on 'day', "YYYY-MM-DD", standard tier
 * under 200K context) with the foreign catalog at 'path'. Nothing is
 * changed: every disagreement is listed, never silently resolved. On
 * success *out owns the result (bw_catalog_comparison_free). Returns 0,
 * BW_ENOTFOUND, BW_EIO or BW_EPARSE (not a catalog of a known format).
 */
int bw_catalog_compare_file(bw_catalog_comparison **out, const bw_catalog *catalog,
                            const char *path, bw_foreign_format format, const char *day);
int bw_catalog_compare_buffer(bw_catalog_comparison **out, const bw_catalog *catalog,
                              const char *json, size_t len, const char *origin,
                              bw_foreign_format format, const char *day);
void bw_catalog_comparison_free(bw_catalog_comparison *comparison);

/* The ids and aliases of the i-th model, for matching against other
 * catalogs: *count receives how many; borrowed. */
const char *const *bw_catalog_model_names(const bw_catalog *catalog, size_t i, size_t *count);

#endif

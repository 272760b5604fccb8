/*
 * bands.c: loading and validating the band table.
 */
#include "bandwise/bands.h"

#include "bandwise/error.h"
#include "bands_terms.h"
#include "embedded.h"
#include "fileio.h"
#include "jsonread.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bw_overage_name(bw_overage overage)
{
	return overage == BW_OVERAGE_COMMITTED ? "committed"
	       : overage == BW_OVERAGE_CUSTOM  ? "custom"
	                                       : "list";
}

double bw_band_overage_discount(const bw_band *band)
{
	switch (band->overage) {
	case BW_OVERAGE_COMMITTED:
		return band->discount;
	case BW_OVERAGE_CUSTOM:
		return band->overage_discount;
	default:
		return 0;
	}
}

const char *bw_threshold_measure_name(bw_threshold_measure m)
{
	return m == BW_THRESHOLD_LIST ? "list" : "net";
}

const char *bw_price_lock_name(int price_lock)
{
	return price_lock == BW_PRICE_LOCK_CAP     ? "cap"
	       : price_lock == BW_PRICE_LOCK_FIXED ? "fixed"
	                                           : "none";
}

double bw_band_threshold_value(const bw_band *band, double commit_usd)
{
	return band->threshold_measure == BW_THRESHOLD_LIST ? commit_usd / (1 - band->discount)
	                                                    : commit_usd;
}

double bw_band_threshold_commit(const bw_band *band, double threshold_usd)
{
	return band->threshold_measure == BW_THRESHOLD_LIST ? threshold_usd * (1 - band->discount)
	                                                    : threshold_usd;
}

int bw_bands__read_price_lock(bwx_jsonread *r, json_t *obj, int *out)
{
	json_t *lock = json_object_get(obj, "price_lock");
	const char *t = json_is_string(lock) ? json_string_value(lock) : NULL;

	*out = BW_PRICE_LOCK_NONE;
	if (lock == NULL || json_is_false(lock) || (t && strcmp(t, "none") == 0))
		return 0;
	if (json_is_true(lock) || (t && strcmp(t, "fixed") == 0))
		*out = BW_PRICE_LOCK_FIXED;
	else if (t && strcmp(t, "cap") == 0)
		*out = BW_PRICE_LOCK_CAP;
	else
		return bwx_jsonread_error(r, "price_lock",
		                          "\"fixed\" (rates fixed both ways; also true), \"cap\" "
		                          "(rises do not reach you, cuts do), or false");
	return 0;
}

int bw_bands__read_threshold_measure(bwx_jsonread *r, json_t *obj, bw_threshold_measure *out)
{
	json_t *m = json_object_get(obj, "threshold_measure");
	const char *t = json_is_string(m) ? json_string_value(m) : "";

	*out = BW_THRESHOLD_NET;
	if (m == NULL || strcmp(t, "net") == 0)
		return 0;
	if (strcmp(t, "list") != 0)
		return bwx_jsonread_error(r, "threshold_measure",
		                          "\"net\" (the commitment counts at what you pay) or "
		                          "\"list\" (at commitment / (1 - discount))");
	*out = BW_THRESHOLD_LIST;
	return 0;
}

const char *bw_true_up_name(bw_true_up true_up)
{
	return true_up == BW_TRUE_UP_ANNUAL ? "annual" : "term";
}

static char *dup_optional_string(json_t *root, const char *key)
{
	json_t *value = json_object_get(root, key);
	return json_is_string(value) ? strdup(json_string_value(value)) : NULL;
}

/* One band; the reader's path is at bands[i]. */
static int read_band(bwx_jsonread *r, json_t *obj, bw_band *band)
{
	json_t *name = json_object_get(obj, "name"), *min = json_object_get(obj, "min_commit_usd");
	json_t *discount = json_object_get(obj, "discount"),
	       *overage = json_object_get(obj, "overage");
	json_t *rollover = json_object_get(obj, "rollover"),
	       *true_up = json_object_get(obj, "true_up");
	int error;

	memset(band, 0, sizeof(*band));
	if (!json_is_object(obj))
		return bwx_jsonread_error(r, "", "an object");
	if (!json_is_string(name) || json_string_length(name) == 0 ||
	    json_string_length(name) >= sizeof(band->name))
		return bwx_jsonread_error(r, "name", "a name of 1 to 31 characters");
	snprintf(band->name, sizeof(band->name), "%s", json_string_value(name));
	if (!json_is_number(min) || !(json_number_value(min) >= 0) ||
	    !isfinite(json_number_value(min)))
		return bwx_jsonread_error(r, "min_commit_usd",
		                          "a commitment threshold in USD >= 0");
	band->min_commit_usd = json_number_value(min);
	if (!json_is_number(discount) || !(json_number_value(discount) >= 0) ||
	    !(json_number_value(discount) < 1))
		return bwx_jsonread_error(r, "discount",
		                          "a fraction off list from 0 to below 1 (0.15 = 15%)");
	band->discount = json_number_value(discount);
	if (overage != NULL) {
		if (json_is_string(overage) && strcmp(json_string_value(overage), "list") == 0)
			band->overage = BW_OVERAGE_LIST;
		else if (json_is_string(overage) &&
		         strcmp(json_string_value(overage), "committed") == 0)
			band->overage = BW_OVERAGE_COMMITTED;
		else if (json_is_number(overage) && json_number_value(overage) >= 0 &&
		         json_number_value(overage) < 1) {
			band->overage = BW_OVERAGE_CUSTOM;
			band->overage_discount = json_number_value(overage);
		} else
			return bwx_jsonread_error(
			    r, "overage",
			    "\"list\", \"committed\", or a fraction off list for overage (0.1)");
	}
	if (rollover != NULL) {
		if (!json_is_number(rollover) || !(json_number_value(rollover) >= 0) ||
		    !(json_number_value(rollover) <= 1))
			return bwx_jsonread_error(r, "rollover", "a share from 0 to 1");
		band->rollover = json_number_value(rollover);
	}
	if ((error = bw_bands__read_price_lock(r, obj, &band->price_lock)) < 0)
		return error;
	if (true_up != NULL) {
		if (json_is_string(true_up) && strcmp(json_string_value(true_up), "term") == 0)
			band->true_up = BW_TRUE_UP_TERM;
		else if (json_is_string(true_up) &&
		         strcmp(json_string_value(true_up), "annual") == 0)
			band->true_up = BW_TRUE_UP_ANNUAL;
		else
			return bwx_jsonread_error(r, "true_up", "\"term\" or \"annual\"");
	}
	return 0;
}

int bw_bands_load_buffer(bw_bands **out, const char *json, size_t len, const char *origin)
{
	json_error_t jerr;
	json_t *root = NULL, *list, *illustrative, *basis;
	bw_bands *bands = NULL;
	bwx_jsonread r;
	int error = 0;

	*out = NULL;
	bwx_jsonread_init(&r, origin, json, len);
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if ((bands = calloc(1, sizeof(*bands))) == NULL ||
	    (bands->origin = strdup(origin)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	list = json_object_get(root, "bands");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		error = bwx_jsonread_error(&r, "bands", "a non-empty array of bands");
		goto done;
	}
	basis = json_object_get(root, "threshold_basis");
	if (basis != NULL &&
	    !(json_is_string(basis) && strcmp(json_string_value(basis), "annual") == 0)) {
		error = bwx_jsonread_error(&r, "threshold_basis",
		                           "\"annual\" (thresholds are per year of term)");
		goto done;
	}
	illustrative = json_object_get(root, "illustrative");
	if (illustrative != NULL && !json_is_boolean(illustrative)) {
		error = bwx_jsonread_error(&r, "illustrative", "true or false");
		goto done;
	}
	bands->illustrative = json_is_true(illustrative);
	if ((error = bw_bands__read_threshold_measure(&r, root, &bands->threshold_measure)) < 0)
		goto done;
	bands->note = dup_optional_string(root, "note");
	bands->source = dup_optional_string(root, "source");
	bands->date = dup_optional_string(root, "date");
	if ((bands->bands = calloc(json_array_size(list), sizeof(*bands->bands))) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	bwx_jsonread_key(&r, "bands");
	for (size_t i = 0; i < json_array_size(list); i++) {
		bwx_jsonread_index(&r, i);
		if ((error = read_band(&r, json_array_get(list, i), &bands->bands[i])) < 0)
			goto done;
		bands->bands[i].threshold_measure = bands->threshold_measure;
		if (i > 0 &&
		    !(bands->bands[i].min_commit_usd > bands->bands[i - 1].min_commit_usd)) {
			error = bwx_jsonread_error(&r, "min_commit_usd",
			                           "thresholds in increasing order");
			goto done;
		}
		bwx_jsonread_pop(&r);
		bands->count++;
	}
	*out = bands;
	bands = NULL;
done:
	bw_bands_free(bands);
	json_decref(root);
	return error;
}

int bw_bands_load_file(bw_bands **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read_config(path, &data, &len)) < 0)
		return error;
	error = bw_bands_load_buffer(out, data, len, path);
	free(data);
	return error;
}

int bw_bands_load_default(bw_bands **out)
{
	return bw_bands_load_buffer(out, bw_embedded__bands_json, strlen(bw_embedded__bands_json),
	                            "data/bands/default.json (built in)");
}

void bw_bands_free(bw_bands *bands)
{
	if (bands == NULL)
		return;
	free(bands->bands);
	free(bands->note);
	free(bands->source);
	free(bands->date);
	free(bands->origin);
	free(bands);
}

void bw_bands_commit_range(const bw_bands *bands, size_t i, int term_months, double *min_usd,
                           double *max_usd)
{
	const bw_band *band = &bands->bands[i];
	double years = (double)term_months / 12.0;
	/* Both edges at band i's own discount: a commitment signed on band i's
	 * terms counts toward the thresholds at its list value there. */
	*min_usd = bw_band_threshold_commit(band, band->min_commit_usd * years);
	*max_usd = i + 1 < bands->count
	               ? bw_band_threshold_commit(band, bands->bands[i + 1].min_commit_usd * years)
	               : INFINITY;
}

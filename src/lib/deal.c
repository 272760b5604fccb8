/*
 * deal.c: reading a deal file.
 */
#include "bandwise/deal.h"

#include "bandwise/error.h"
#include "bands_terms.h"
#include "contract_periods.h"
#include "date.h"
#include "fileio.h"
#include "jsonread.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_fraction(bwx_jsonread *r, json_t *root, const char *key, double max, int required,
                         double *out)
{
	json_t *v = json_object_get(root, key);
	if (v == NULL && !required)
		return 0;
	if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) < max))
		return bwx_jsonread_error(
		    r, key, max > 1 ? "a share from 0 to 1" : "a fraction from 0 to below 1");
	*out = json_number_value(v);
	return 0;
}

static int read_deal(bw_deal_file *deal, json_t *root, bwx_jsonread *r)
{
	json_t *term = json_object_get(root, "term_months"), *name = json_object_get(root, "name");
	json_t *true_up = json_object_get(root, "true_up"),
	       *overage = json_object_get(root, "overage");
	json_t *commit = json_object_get(root, "commit_usd"),
	       *schedule = json_object_get(root, "schedule_usd");
	json_t *start = json_object_get(root, "start_month"), *note = json_object_get(root, "note");
	int error;

	if (!json_is_object(root))
		return bwx_jsonread_error(r, NULL, "a JSON object describing one deal");
	if (name != NULL &&
	    (!json_is_string(name) || json_string_length(name) >= sizeof(deal->name)))
		return bwx_jsonread_error(r, "name", "a name of at most 63 characters");
	snprintf(deal->name, sizeof(deal->name), "%s", name ? json_string_value(name) : r->origin);
	snprintf(deal->terms.name, sizeof(deal->terms.name), "%.31s", deal->name);
	if (!json_is_integer(term) || json_integer_value(term) < 1 ||
	    json_integer_value(term) > 120)
		return bwx_jsonread_error(r, "term_months",
		                          "a whole number of months from 1 to 120");
	deal->term_months = (int)json_integer_value(term);
	if (true_up == NULL ||
	    (json_is_string(true_up) && strcmp(json_string_value(true_up), "term") == 0))
		deal->terms.true_up = BW_TRUE_UP_TERM;
	else if (json_is_string(true_up) && strcmp(json_string_value(true_up), "annual") == 0)
		deal->terms.true_up = BW_TRUE_UP_ANNUAL;
	else
		return bwx_jsonread_error(r, "true_up", "\"term\" or \"annual\"");
	if ((error = read_fraction(r, root, "discount", 1, 1, &deal->terms.discount)) < 0 ||
	    (error = read_fraction(r, root, "rollover", 1.0000001, 0, &deal->terms.rollover)) < 0)
		return error;
	if (overage == NULL ||
	    (json_is_string(overage) && strcmp(json_string_value(overage), "list") == 0)) {
		deal->terms.overage = BW_OVERAGE_LIST;
	} else if (json_is_string(overage) &&
	           strcmp(json_string_value(overage), "committed") == 0) {
		deal->terms.overage = BW_OVERAGE_COMMITTED;
	} else if (json_is_number(overage) && json_number_value(overage) >= 0 &&
	           json_number_value(overage) < 1) {
		deal->terms.overage = BW_OVERAGE_CUSTOM;
		deal->terms.overage_discount = json_number_value(overage);
	} else {
		return bwx_jsonread_error(
		    r, "overage", "\"list\", \"committed\", or a fraction off list for overage");
	}

	if ((error = bw_bands__read_price_lock(r, root, &deal->terms.price_lock)) < 0 ||
	    (error = bw_bands__read_threshold_measure(r, root, &deal->terms.threshold_measure)) < 0)
		return error;

	bw_deal probe = bw_deal_file_deal(deal);
	double shares[100];
	int first[100], periods = bw_contract__periods(&probe, shares, first, 100);
	if ((commit == NULL) == (schedule == NULL))
		return bwx_jsonread_error(r, "commit_usd",
		                          "either commit_usd (the total) or schedule_usd (one "
		                          "amount per true-up period), not both");
	if (commit != NULL) {
		if (!json_is_number(commit) || !(json_number_value(commit) >= 0))
			return bwx_jsonread_error(r, "commit_usd", "an amount in USD >= 0");
		deal->commit_usd = json_number_value(commit);
	} else {
		char expected[128];
		snprintf(expected, sizeof(expected),
		         "an array of %d amounts in USD >= 0 (one per %s true-up period)", periods,
		         deal->terms.true_up == BW_TRUE_UP_ANNUAL ? "annual" : "term");
		if (!json_is_array(schedule) || (int)json_array_size(schedule) != periods)
			return bwx_jsonread_error(r, "schedule_usd", expected);
		if ((deal->schedule_usd = calloc((size_t)periods, sizeof(double))) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		deal->schedule_count = periods;
		for (int p = 0; p < periods; p++) {
			json_t *v = json_array_get(schedule, (size_t)p);
			if (!json_is_number(v) || !(json_number_value(v) >= 0))
				return bwx_jsonread_error(r, "schedule_usd", expected);
			deal->schedule_usd[p] = json_number_value(v);
			deal->commit_usd += deal->schedule_usd[p];
		}
	}
	if (start != NULL) {
		const char *t = json_is_string(start) ? json_string_value(start) : "";
		int index;
		if (bwx_month_parse(t, &index) < 0)
			return bwx_jsonread_error(r, "start_month", "a month \"YYYY-MM\"");
		snprintf(deal->start_month, sizeof(deal->start_month), "%s", t);
	}
	if (json_is_string(note) && (deal->note = strdup(json_string_value(note))) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	return 0;
}

int bw_deal_file_load_buffer(bw_deal_file **out, const char *json, size_t len, const char *origin)
{
	json_error_t jerr;
	json_t *root;
	bw_deal_file *deal = NULL;
	bwx_jsonread r;
	int error;

	*out = NULL;
	bwx_jsonread_init(&r, origin, json, len);
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if ((deal = calloc(1, sizeof(*deal))) == NULL || (deal->origin = strdup(origin)) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	if ((error = read_deal(deal, root, &r)) < 0)
		goto done;
	*out = deal;
	deal = NULL;
done:
	bw_deal_file_free(deal);
	json_decref(root);
	return error;
}

int bw_deal_file_load(bw_deal_file **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read_config(path, &data, &len)) < 0)
		return error;
	error = bw_deal_file_load_buffer(out, data, len, path);
	free(data);
	return error;
}

void bw_deal_file_free(bw_deal_file *deal)
{
	if (deal == NULL)
		return;
	free(deal->schedule_usd);
	free(deal->note);
	free(deal->origin);
	free(deal);
}

bw_deal bw_deal_file_deal(const bw_deal_file *deal)
{
	bw_deal d = bw_deal_from_band(&deal->terms, deal->term_months, deal->commit_usd);
	d.schedule_usd = deal->schedule_usd;
	d.schedule_count = deal->schedule_count;
	return d;
}

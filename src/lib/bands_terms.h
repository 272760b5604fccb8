/*
 * bands_terms.h (private): the deal terms that band files and deal files
 * spell the same way (bands.c, deal.c), read by one function each so the
 * two formats cannot drift apart.
 */
#ifndef BANDWISE_BANDS_TERMS_H
#define BANDWISE_BANDS_TERMS_H

#include "bandwise/bands.h"
#include "jsonread.h"

#include <jansson.h>

/* "price_lock" of 'obj' (absent: none): false, true (= "fixed"), "fixed",
 * "cap" or "none", into *out (a bw_price_lock). 0 or BW_EPARSE. */
int bw_bands__read_price_lock(bwx_jsonread *r, json_t *obj, int *out);

/* "threshold_measure" of 'obj' (absent: net): "net" or "list". 0 or
 * BW_EPARSE. */
int bw_bands__read_threshold_measure(bwx_jsonread *r, json_t *obj, bw_threshold_measure *out);

#endif

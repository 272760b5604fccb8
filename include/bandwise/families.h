/*
 * bandwise/families.h: model families and their successor chains.
 *
 * A family is a tier of models (Opus, Sonnet, Haiku) listed oldest first:
 * each model is followed by the one released to replace it. The table
 * lives in data/models/families.json (with its source and date), built in
 * and replaceable at run time. The forecast uses it to price a history's
 * work at the model that does that work now (spend.h, bw_spend_reprice).
 */
#ifndef BANDWISE_FAMILIES_H
#define BANDWISE_FAMILIES_H

#include <stddef.h>

typedef struct bw_families bw_families;

/* One model of a family. Strings are borrowed from the table. */
typedef struct {
	const char *id;    /* the price catalog's canonical id */
	const char *label; /* a short display name, "Opus 4.1" */
	size_t family;     /* index of its family */
	size_t rank;       /* 0 = the oldest of the family */
} bw_family_model;

/*
 * Load the table from 'len' bytes of JSON; 'origin' names it in messages.
 * On success *out owns a new table (bw_families_free). Returns 0 or
 * BW_EPARSE ("ORIGIN:LINE:COL: families[i].chain[j].id: expected ...";
 * a model listed twice is an error), BW_ERROR when out of memory.
 */
int bw_families_load_buffer(bw_families **out, const char *json, size_t len, const char *origin);

/* As bw_families_load_buffer from a file: also BW_ENOTFOUND, BW_EIO. */
int bw_families_load_file(bw_families **out, const char *path);

/* The table built into the library (data/models/families.json). */
int bw_families_load_default(bw_families **out);

void bw_families_free(bw_families *families);

size_t bw_families_count(const bw_families *families);

/* The name ("opus") and label ("Opus") of family i. Borrowed. */
const char *bw_families_name(const bw_families *families, size_t i);
const char *bw_families_label(const bw_families *families, size_t i);

/* The model 'id' (a catalog canonical id), or NULL when no family lists
 * it. Borrowed. */
const bw_family_model *bw_families_find(const bw_families *families, const char *id);

/* How many models family i has, and its model at 'rank' (NULL past the
 * end). Borrowed. */
size_t bw_families_size(const bw_families *families, size_t i);
const bw_family_model *bw_families_at(const bw_families *families, size_t i, size_t rank);

#endif

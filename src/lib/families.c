/*
 * families.c: the model family table (data/models/families.json).
 *
 * A few families of a few models each: the models sit in one flat array
 * in file order (family by family, oldest first) and are found by a
 * linear scan, which is cheaper than anything cleverer at this size.
 */
#include "bandwise/families.h"

#include "bandwise/error.h"
#include "embedded.h"
#include "fileio.h"
#include "jsonread.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *name;
	char *label;
	size_t first; /* its models: models[first, first + count) */
	size_t count;
} family;

struct bw_families {
	family *families;
	size_t family_count;
	bw_family_model *models;
	char **owned; /* every string models and families point to */
	size_t model_count, owned_count;
};

/* A copy of string 'value' kept by the table, or NULL when out of memory. */
static char *keep(bw_families *f, const char *value)
{
	char *copy = strdup(value);
	if (copy != NULL)
		f->owned[f->owned_count++] = copy;
	return copy;
}

static const char *string_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* Count what to allocate: families and models (checked again when read). */
static size_t model_total(json_t *list)
{
	size_t total = 0, i;
	json_t *fam;
	json_array_foreach(list, i, fam)
	{
		json_t *chain = json_object_get(fam, "chain");
		total += json_is_array(chain) ? json_array_size(chain) : 0;
	}
	return total;
}

static int read_chain(bw_families *f, bwx_jsonread *r, json_t *chain, size_t family_index)
{
	size_t j;
	json_t *entry;

	if (!json_is_array(chain) || json_array_size(chain) == 0)
		return bwx_jsonread_error(r, "chain", "a non-empty array of models, oldest first");
	bwx_jsonread_key(r, "chain");
	json_array_foreach(chain, j, entry)
	{
		const char *id = string_at(entry, "id"), *label = string_at(entry, "label");
		bwx_jsonread_index(r, j);
		if (id == NULL)
			return bwx_jsonread_error(r, "id", "a model id of the price catalog");
		if (label == NULL)
			return bwx_jsonread_error(r, "label",
			                          "a display name such as \"Opus 4.1\"");
		if (bw_families_find(f, id) != NULL)
			return bwx_jsonread_error(r, "id", "a model no family lists already");
		bw_family_model *m = &f->models[f->model_count];
		if ((m->id = keep(f, id)) == NULL || (m->label = keep(f, label)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory for the model families");
		m->family = family_index;
		m->rank = j;
		f->model_count++;
		bwx_jsonread_pop(r);
	}
	bwx_jsonread_pop(r);
	return 0;
}

static int read_table(bw_families *f, json_t *root, bwx_jsonread *r)
{
	json_t *list = json_object_get(root, "families"), *fam;
	size_t i, models;

	if (!json_is_object(root))
		return bwx_jsonread_error(r, "", "an object with a \"families\" array");
	if (!json_is_integer(json_object_get(root, "schema_version")) ||
	    json_integer_value(json_object_get(root, "schema_version")) != 1)
		return bwx_jsonread_error(r, "schema_version", "1");
	if (string_at(root, "source") == NULL)
		return bwx_jsonread_error(r, "source", "where the table comes from (a string)");
	if (string_at(root, "source_date") == NULL)
		return bwx_jsonread_error(r, "source_date", "the date of the source (a string)");
	if (!json_is_array(list))
		return bwx_jsonread_error(r, "families", "an array of families");
	models = model_total(list);
	if ((f->families = calloc(json_array_size(list) + 1, sizeof(*f->families))) == NULL ||
	    (f->models = calloc(models + 1, sizeof(*f->models))) == NULL ||
	    (f->owned = calloc(2 * (models + json_array_size(list)) + 1, sizeof(*f->owned))) ==
	        NULL)
		return bw_error_set(BW_ERROR, "out of memory for the model families");
	bwx_jsonread_key(r, "families");
	json_array_foreach(list, i, fam)
	{
		const char *name = string_at(fam, "name"), *label = string_at(fam, "label");
		bwx_jsonread_index(r, i);
		if (name == NULL)
			return bwx_jsonread_error(r, "name", "a family name such as \"opus\"");
		if (label == NULL)
			return bwx_jsonread_error(r, "label", "a display name such as \"Opus\"");
		family *out = &f->families[f->family_count];
		if ((out->name = keep(f, name)) == NULL || (out->label = keep(f, label)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory for the model families");
		out->first = f->model_count;
		int error = read_chain(f, r, json_object_get(fam, "chain"), i);
		if (error < 0)
			return error;
		out->count = f->model_count - out->first;
		f->family_count++;
		bwx_jsonread_pop(r);
	}
	bwx_jsonread_pop(r);
	return 0;
}

int bw_families_load_buffer(bw_families **out, const char *json, size_t len, const char *origin)
{
	json_error_t jerr;
	json_t *root;
	bw_families *f;
	bwx_jsonread r;
	int error;

	*out = NULL;
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		json_decref(root);
		return bw_error_set(BW_ERROR, "out of memory for the model families");
	}
	bwx_jsonread_init(&r, origin, json, len);
	error = read_table(f, root, &r);
	json_decref(root);
	if (error < 0) {
		bw_families_free(f);
		return error;
	}
	*out = f;
	return 0;
}

int bw_families_load_file(bw_families **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	*out = NULL;
	if ((error = bwx_file_read(path, &data, &len)) < 0)
		return error;
	error = bw_families_load_buffer(out, data, len, path);
	free(data);
	return error;
}

int bw_families_load_default(bw_families **out)
{
	return bw_families_load_buffer(out, bw_embedded__families_json,
	                               strlen(bw_embedded__families_json),
	                               "data/models/families.json (built in)");
}

void bw_families_free(bw_families *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->owned_count; i++)
		free(f->owned[i]);
	free(f->owned);
	free(f->models);
	free(f->families);
	free(f);
}

size_t bw_families_count(const bw_families *f)
{
	return f->family_count;
}

const char *bw_families_name(const bw_families *f, size_t i)
{
	return i < f->family_count ? f->families[i].name : NULL;
}

const char *bw_families_label(const bw_families *f, size_t i)
{
	return i < f->family_count ? f->families[i].label : NULL;
}

const bw_family_model *bw_families_find(const bw_families *f, const char *id)
{
	for (size_t i = 0; i < f->model_count; i++)
		if (strcmp(f->models[i].id, id) == 0)
			return &f->models[i];
	return NULL;
}

size_t bw_families_size(const bw_families *f, size_t i)
{
	return i < f->family_count ? f->families[i].count : 0;
}

const bw_family_model *bw_families_at(const bw_families *f, size_t i, size_t rank)
{
	if (i >= f->family_count || rank >= f->families[i].count)
		return NULL;
	return &f->models[f->families[i].first + rank];
}

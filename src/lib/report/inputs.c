/*
 * inputs.c: the inputs on a front end's screen, sent as one JSON body,
 * split back into the files `bandwise report` reads (document.h,
 * bw_document_inputs_read). Only the shape is checked here: each file is
 * then read by its own loader, which says what is wrong inside it.
 */
#include "bandwise/document.h"

#include "bandwise/error.h"
#include "jsonread.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int out_of_memory(void)
{
	return bw_error_set(BW_ERROR, "out of memory");
}

/* A file given as its text (a string) or, when 'json_ok', as its JSON
 * value (an object), into 'file'. */
static int read_file(bwx_jsonread *r, json_t *value, int json_ok, const char *expected,
                     bw_document_file *file)
{
	if (json_is_string(value)) {
		size_t n = json_string_length(value);
		if ((file->text = malloc(n + 1)) == NULL)
			return out_of_memory();
		memcpy(file->text, json_string_value(value), n);
		file->text[n] = '\0';
		file->length = n;
		return 0;
	}
	if (json_ok && json_is_object(value)) {
		char *dumped = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                                     JSON_REAL_PRECISION(17));
		size_t n;
		if (dumped == NULL)
			return out_of_memory();
		n = strlen(dumped);
		file->text = malloc(n + 2);
		if (file->text != NULL) {
			memcpy(file->text, dumped, n);
			file->text[n] = '\n';
			file->text[n + 1] = '\0';
			file->length = n + 1;
		}
		free(dumped);
		return file->text ? 0 : out_of_memory();
	}
	return bwx_jsonread_error_got(r, NULL, expected, value);
}

int bw_document_inputs_read(bw_document_inputs *inputs, const char *text, size_t length,
                            const char *origin)
{
	json_error_t jerr;
	json_t *root, *value;
	const char *key;
	bwx_jsonread r;
	int error = 0;

	memset(inputs, 0, sizeof(*inputs));
	bwx_jsonread_init(&r, origin, text, length);
	if ((root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bw_error_set(BW_EPARSE, "%s:%d:%d: %s", origin, jerr.line, jerr.column,
		                    jerr.text);
	if (!json_is_object(root)) {
		error = bwx_jsonread_error_got(
		    &r, NULL, "an object with bands, policy, offers and peers", root);
		goto done;
	}
	json_object_foreach(root, key, value)
	{
		if (json_is_null(value))
			continue;
		bwx_jsonread_key(&r, key);
		if (strcmp(key, "bands") == 0) {
			error = read_file(&r, value, 1,
			                  "a band file (docs/bands.md): its text or its object",
			                  &inputs->bands);
		} else if (strcmp(key, "policy") == 0) {
			error = read_file(&r, value, 1,
			                  "a policy (docs/policy.md): its text or its object",
			                  &inputs->policy);
		} else if (strcmp(key, "peers") == 0) {
			error = read_file(&r, value, 0, "a peers CSV's text (docs/peers.md)",
			                  &inputs->peers);
		} else if (strcmp(key, "offers") == 0) {
			size_t i;
			json_t *offer;
			if (!json_is_array(value)) {
				error =
				    bwx_jsonread_error_got(&r, NULL, "a list of deal files", value);
			} else if (json_array_size(value) > BW_DOCUMENT_MAX_OFFERS) {
				error = bwx_jsonread_error(&r, NULL, "at most 16 offers");
			} else {
				json_array_foreach(value, i, offer)
				{
					bwx_jsonread_index(&r, i);
					error = read_file(
					    &r, offer, 1,
					    "a deal file (docs/deals.md): its text or its object",
					    &inputs->offers[i]);
					bwx_jsonread_pop(&r);
					if (error < 0)
						break;
					inputs->offer_count = i + 1;
				}
			}
		} else {
			bwx_jsonread_pop(&r);
			error = bwx_jsonread_error(
			    &r, key, "one of the report's inputs: bands, policy, offers or peers");
		}
		if (error < 0)
			goto done;
		bwx_jsonread_pop(&r);
	}
done:
	json_decref(root);
	return error;
}

static void file_free(bw_document_file *file)
{
	free(file->text);
	file->text = NULL;
	file->length = 0;
}

void bw_document_inputs_free(bw_document_inputs *inputs)
{
	file_free(&inputs->bands);
	file_free(&inputs->policy);
	file_free(&inputs->peers);
	for (size_t i = 0; i < BW_DOCUMENT_MAX_OFFERS; i++)
		file_free(&inputs->offers[i]);
	inputs->offer_count = 0;
}

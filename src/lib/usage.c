/*
 * usage.c: the usage row and its growable array.
 */
#include "bandwise/usage.h"

#include "bandwise/error.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

static const char *const api_names[BW_TOKEN_TYPE_COUNT] = {
    "uncached_input_tokens",
    "cache_creation.ephemeral_5m_input_tokens",
    "cache_creation.ephemeral_1h_input_tokens",
    "cache_read_input_tokens",
    "output_tokens",
};

static const char *const labels[BW_TOKEN_TYPE_COUNT] = {
    "input", "cache write 5m", "cache write 1h", "cache read", "output",
};

const char *bw_token_type_api_name(bw_token_type type)
{
	return (unsigned)type < BW_TOKEN_TYPE_COUNT ? api_names[type] : "?";
}

const char *bw_token_type_label(bw_token_type type)
{
	return (unsigned)type < BW_TOKEN_TYPE_COUNT ? labels[type] : "?";
}

int bw_usage_rows_push(bw_usage_rows *rows, const bw_usage_row *row)
{
	int error =
	    bwx_vec_grow((void **)&rows->items, &rows->capacity, rows->count, sizeof(*rows->items));
	if (error < 0)
		return error;
	rows->items[rows->count++] = *row;
	return 0;
}

void bw_usage_rows_dispose(bw_usage_rows *rows)
{
	if (rows == NULL)
		return;
	free(rows->items);
	rows->items = NULL;
	rows->count = rows->capacity = 0;
}

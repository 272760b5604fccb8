/*
 * vec.c: overflow-checked array growth.
 */
#include "vec.h"

#include "bandwise/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MIN_ROOM 8

int bwx_size_mul(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return 0;
	*out = a * b;
	return 1;
}

int bwx_size_add(size_t a, size_t b, size_t *out)
{
	if (b > SIZE_MAX - a)
		return 0;
	*out = a + b;
	return 1;
}

int bwx_vec_reserve(void **items, size_t *cap, size_t need, size_t elem_size)
{
	size_t room, bytes;
	void *old, *grown;

	/* 'items' is really the address of a 'T *': read and write it as
	 * bytes, so no lvalue of type void * touches a T * object. */
	memcpy(&old, items, sizeof(old));
	if (need <= *cap && old != NULL)
		return 0;
	room = *cap > SIZE_MAX / 2 ? SIZE_MAX : *cap * 2;
	if (room < need)
		room = need;
	if (room < MIN_ROOM)
		room = MIN_ROOM;
	if (!bwx_size_mul(room, elem_size, &bytes)) {
		/* Doubling overflowed; 'need' alone may still fit. */
		room = need;
		if (!bwx_size_mul(room, elem_size, &bytes))
			return bw_error_set(
			    BW_ERANGE,
			    "too many items: %zu of %zu bytes each overflow memory sizes", need,
			    elem_size);
	}
	if (bytes == 0)
		bytes = 1;
	if ((grown = realloc(old, bytes)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory (%zu bytes)", bytes);
	memcpy(items, &grown, sizeof(grown));
	*cap = room;
	return 0;
}

int bwx_vec_grow(void **items, size_t *cap, size_t count, size_t elem_size)
{
	if (count == SIZE_MAX)
		return bw_error_set(BW_ERANGE, "too many items");
	return bwx_vec_reserve(items, cap, count + 1, elem_size);
}

void *bwx_vec_calloc(size_t count, size_t elem_size, int *error)
{
	size_t bytes;
	void *p;
	if (!bwx_size_mul(count, elem_size, &bytes)) {
		*error = bw_error_set(BW_ERANGE,
		                      "too many items: %zu of %zu bytes each overflow memory sizes",
		                      count, elem_size);
		return NULL;
	}
	if ((p = calloc(count ? count : 1, elem_size ? elem_size : 1)) == NULL) {
		*error = bw_error_set(BW_ERROR, "out of memory (%zu bytes)", bytes);
		return NULL;
	}
	*error = 0;
	return p;
}

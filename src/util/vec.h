/*
 * vec.h (private): growing arrays without overflow.
 *
 * A growable array here is three plain variables the owner keeps (items,
 * count, capacity), as before; these helpers only do the growth, so that
 * "capacity * 2 * sizeof(item)" is computed once, with its overflow
 * checked, instead of by hand at every site (libgit2's array.h and
 * GIT_MULTIPLY_SIZET_OVERFLOW are the model).
 *
 *     if ((error = bwx_vec_grow((void **)&cells, &capacity, count, sizeof(*cells))) < 0)
 *             goto done;
 *     cells[count++] = cell;
 */
#ifndef BANDWISE_VEC_H
#define BANDWISE_VEC_H

#include <stddef.h>

/* 1 and *out = a * b, or 0 when the product overflows a size_t. */
int bwx_size_mul(size_t a, size_t b, size_t *out);

/* 1 and *out = a + b, or 0 when the sum overflows a size_t. */
int bwx_size_add(size_t a, size_t b, size_t *out);

/*
 * Make room for at least 'need' items of 'elem_size' bytes in *items
 * (NULL or from malloc/realloc), whose room is *cap items. Growth is
 * geometric (twice the room, at least 'need', at least 8 items) so that
 * appending one at a time is amortised O(1). On success *items and *cap
 * are updated (the old items are kept; the new room is not initialised).
 * On failure nothing changes and the array is still owned by the caller:
 * BW_ERANGE when the byte size would overflow a size_t, BW_ERROR when out
 * of memory, both with a message set.
 */
int bwx_vec_reserve(void **items, size_t *cap, size_t need, size_t elem_size);

/* Room for one more item after 'count': bwx_vec_reserve(.., count + 1, ..). */
int bwx_vec_grow(void **items, size_t *cap, size_t count, size_t elem_size);

/*
 * A fresh zeroed array of 'count' items (calloc with the product checked
 * and a message set): NULL and BW_ERANGE/BW_ERROR in *error on failure.
 * count == 0 still returns a non-NULL pointer.
 */
void *bwx_vec_calloc(size_t count, size_t elem_size, int *error);

#endif

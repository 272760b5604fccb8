/*
 * test_vec.c: overflow-checked array growth (src/util/vec.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "vec.h"

static void test_vec__grows_and_keeps_items(void **state)
{
	(void)state;
	int64_t *items = NULL;
	size_t count = 0, cap = 0;

	for (int64_t i = 0; i < 10000; i++) {
		assert_int_equal(bwx_vec_grow((void **)&items, &cap, count, sizeof(*items)), 0);
		assert_true(cap > count);
		items[count++] = i * 3;
	}
	for (size_t i = 0; i < count; i++)
		assert_int_equal(items[i], (int64_t)i * 3);
	/* Growth is geometric: far fewer than 10000 reallocations' worth. */
	assert_true(cap < 2 * count + 8);
	free(items);
}

static void test_vec__reserve(void **state)
{
	(void)state;
	char *bytes = NULL;
	size_t cap = 0;

	assert_int_equal(bwx_vec_reserve((void **)&bytes, &cap, 0, 1), 0);
	assert_non_null(bytes);
	assert_int_equal(cap, 8); /* the smallest room */
	assert_int_equal(bwx_vec_reserve((void **)&bytes, &cap, 5, 1), 0);
	assert_int_equal(cap, 8); /* enough already: unchanged */
	assert_int_equal(bwx_vec_reserve((void **)&bytes, &cap, 100, 1), 0);
	assert_int_equal(cap, 100); /* more than twice: exactly what was asked */
	assert_int_equal(bwx_vec_reserve((void **)&bytes, &cap, 101, 1), 0);
	assert_int_equal(cap, 200);
	memset(bytes, 'x', cap);
	free(bytes);
}

static void test_vec__size_overflow_refused(void **state)
{
	(void)state;
	double *items = NULL;
	size_t cap = 0, out;

	bw_error_clear();
	assert_int_equal(bwx_vec_reserve((void **)&items, &cap, SIZE_MAX / 4, sizeof(*items)),
	                 BW_ERANGE);
	assert_null(items);
	assert_int_equal(cap, 0);
	assert_non_null(strstr(bw_error_last(), "too many items"));
	assert_int_equal(bwx_vec_grow((void **)&items, &cap, SIZE_MAX, sizeof(*items)), BW_ERANGE);
	/* Doubling overflows but the exact need fits: still refused only if it cannot fit. */
	char *bytes = NULL;
	size_t bcap = 16;
	bytes = malloc(16);
	assert_int_equal(bwx_vec_reserve((void **)&bytes, &bcap, SIZE_MAX, 2), BW_ERANGE);
	assert_int_equal(bcap, 16); /* unchanged, still owned by the caller */
	free(bytes);

	assert_int_equal(bwx_size_mul(SIZE_MAX / 2, 2, &out), 1);
	assert_int_equal(bwx_size_mul(SIZE_MAX / 2 + 1, 2, &out), 0);
	assert_int_equal(bwx_size_mul(0, SIZE_MAX, &out), 1);
	assert_int_equal(out, 0);
	assert_int_equal(bwx_size_add(SIZE_MAX - 1, 1, &out), 1);
	assert_int_equal(bwx_size_add(SIZE_MAX, 1, &out), 0);
}

static void test_vec__calloc(void **state)
{
	(void)state;
	int error = 1;
	int *z = bwx_vec_calloc(100, sizeof(int), &error);
	assert_non_null(z);
	assert_int_equal(error, 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	free(z);
	z = bwx_vec_calloc(0, sizeof(int), &error);
	assert_non_null(z);
	free(z);
	assert_null(bwx_vec_calloc(SIZE_MAX / 2, 4, &error));
	assert_int_equal(error, BW_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vec__grows_and_keeps_items),
	    cmocka_unit_test(test_vec__reserve),
	    cmocka_unit_test(test_vec__size_overflow_refused),
	    cmocka_unit_test(test_vec__calloc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

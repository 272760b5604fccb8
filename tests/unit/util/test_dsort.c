/*
 * test_dsort.c: the radix sort of doubles (src/util/dsort.c) against qsort.
 */
#include "test_util.h"

#include "dsort.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A small generator of our own: the test's numbers do not depend on libc. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* 'n' numbers sorted by bwx_dsort equal the same numbers sorted by qsort. */
static void check_against_qsort(double *values, size_t n)
{
	double *want = malloc(n * sizeof(double) + 1);
	assert_non_null(want);
	memcpy(want, values, n * sizeof(double));
	qsort(want, n, sizeof(double), compare);
	assert_int_equal(bwx_dsort(values, n), 0);
	for (size_t i = 0; i < n; i++)
		assert_true(values[i] == want[i]);
	free(want);
}

static void test_dsort__mixed_signs_and_magnitudes(void **state)
{
	(void)state;
	enum { N = 10000 };
	double *v = malloc(N * sizeof(double));
	uint64_t s = 88172645463325252ULL;
	assert_non_null(v);
	for (size_t i = 0; i < N; i++) {
		double u = (double)(next(&s) >> 11) / 9007199254740992.0;
		/* Spend-like totals, a few negatives, tiny and huge values, ties. */
		v[i] = i % 7 == 0 ? -u * 1e3 : i % 11 == 0 ? u * 1e-300 : u * 5e6;
		if (i % 13 == 0)
			v[i] = 1234.5;
		if (i % 17 == 0)
			v[i] = 0;
	}
	check_against_qsort(v, N);
	for (size_t i = 1; i < N; i++)
		assert_true(v[i - 1] <= v[i]);
	free(v);
}

static void test_dsort__small_and_sorted_inputs(void **state)
{
	(void)state;
	double three[] = {3, -1, 2};
	double *up = malloc(1000 * sizeof(double)), *down = malloc(1000 * sizeof(double));
	assert_non_null(up);
	assert_non_null(down);
	assert_int_equal(bwx_dsort(NULL, 0), 0);
	check_against_qsort(three, 3);
	assert_true(three[0] == -1 && three[1] == 2 && three[2] == 3);
	for (size_t i = 0; i < 1000; i++) {
		up[i] = (double)i * 0.5;
		down[i] = -(double)i * 1e9;
	}
	check_against_qsort(up, 1000);
	check_against_qsort(down, 1000);
	/* Every value equal: every pass is skipped and nothing moves. */
	for (size_t i = 0; i < 1000; i++)
		up[i] = 42;
	check_against_qsort(up, 1000);
	free(up);
	free(down);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dsort__mixed_signs_and_magnitudes),
	    cmocka_unit_test(test_dsort__small_and_sorted_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

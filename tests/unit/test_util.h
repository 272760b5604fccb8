/*
 * test_util.h: what every unit test includes: cmocka and small helpers.
 */
#ifndef BANDWISE_TEST_UTIL_H
#define BANDWISE_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* |a - b| <= tol, with both values printed on failure. */
#define assert_near(a, b, tol)                                                                     \
	do {                                                                                       \
		double a_ = (a), b_ = (b), t_ = (tol);                                             \
		if (!(fabs(a_ - b_) <= t_))                                                        \
			fail_msg("%s = %.12g, expected %.12g (tolerance %g)", #a, a_, b_, t_);     \
	} while (0)

/* A fresh temporary directory for one test; the caller removes it with
 * test_rmdir_tree. Returns a malloc'd path. */
static inline char *test_tmpdir(void)
{
	char tmpl[] = "/tmp/bandwise-test-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	return strdup(dir);
}

static inline void test_rmdir_tree(char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* Write 'text' to dir/name; returns a malloc'd path. */
static inline char *test_write_file(const char *dir, const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(path);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* The shared data folder (../shared/data), or NULL when absent. */
static inline const char *test_shared_data(void)
{
	static const char *dir = "../shared/data";
	return access(dir, R_OK) == 0 ? dir : NULL;
}

#endif

/*
 * test_visible.c: control characters rendered visibly (src/util/visible.c).
 */
#include "test_util.h"

#include "visible.h"

static void test_visible__controls(void **state)
{
	(void)state;
	char buf[256];

	/* ESC and BEL of a title rewrite, DEL, a C1 CSI (U+009B) in UTF-8. */
	assert_string_equal(bwx_visible(buf, sizeof(buf), "a\033]0;x\007b\177c\302\233d", 0),
	                    "a\\x1b]0;x\\x07b\\x7fc\\xc2\\x9bd");
	/* A lone 8-bit CSI byte and other invalid UTF-8. */
	assert_string_equal(bwx_visible(buf, sizeof(buf), "\233[2J\xff\xc3", 0),
	                    "\\x9b[2J\\xff\\xc3");
	/* Valid UTF-8 (é, €, an emoji) and backslashes stay as they are. */
	assert_string_equal(
	    bwx_visible(buf, sizeof(buf), "caf\303\251 \342\202\254 \360\237\230\200 \\x", 0),
	    "caf\303\251 \342\202\254 \360\237\230\200 \\x");
	/* Newline and tab only where the caller says they mean something. */
	assert_string_equal(bwx_visible(buf, sizeof(buf), "a\nb\tc\r", 0), "a\\x0ab\\x09c\\x0d");
	assert_string_equal(
	    bwx_visible(buf, sizeof(buf), "a\nb\tc\r", BWX_VISIBLE_NEWLINE | BWX_VISIBLE_TAB),
	    "a\nb\tc\\x0d");
	/* Twice is once. */
	char twice[256];
	bwx_visible(buf, sizeof(buf), "x\033y", 0);
	assert_string_equal(bwx_visible(twice, sizeof(twice), buf, 0), buf);
	assert_true(bwx_visible_needed("x\033", 0));
	assert_false(bwx_visible_needed("caf\303\251", 0));
}

static void test_visible__cut_at_a_character(void **state)
{
	(void)state;
	char buf[8];

	/* "ab\x1b" needs 7 bytes with its NUL: fits; one more escape does not. */
	assert_string_equal(bwx_visible(buf, sizeof(buf), "ab\033\033", 0), "ab\\x1b");
	assert_string_equal(bwx_visible(buf, 4, "ab\303\251", 0), "ab");
	assert_string_equal(bwx_visible(buf, 1, "abc", 0), "");
}

static void test_visible__fputs(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	bwx_visible_fputs("t\033[2Jx\n", out, BWX_VISIBLE_NEWLINE);
	fclose(out);
	assert_string_equal(text, "t\\x1b[2Jx\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_visible__controls),
	    cmocka_unit_test(test_visible__cut_at_a_character),
	    cmocka_unit_test(test_visible__fputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

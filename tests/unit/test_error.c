/*
 * test_error.c: the last error message (src/lib/error.c).
 */
#include "test_util.h"

#include "bandwise/error.h"

/* A message quoting outside text (a server's words, a value from a file)
 * never carries a raw control character to the terminal that prints it. */
static void test_error__control_characters_visible(void **state)
{
	(void)state;
	assert_int_equal(
	    bw_error_set(BW_EIO, "HTTP 500: %s", "oops\033]0;pwned\007\r\nbandwise: ok"), BW_EIO);
	assert_string_equal(bw_error_last(),
	                    "HTTP 500: oops\\x1b]0;pwned\\x07\\x0d\\x0abandwise: ok");
	/* Passing a message up (set again with a prefix) escapes nothing twice. */
	char copy[1024];
	snprintf(copy, sizeof(copy), "%s", bw_error_last());
	bw_error_set(BW_EIO, "pull: %s", copy);
	assert_string_equal(bw_error_last(),
	                    "pull: HTTP 500: oops\\x1b]0;pwned\\x07\\x0d\\x0abandwise: ok");
	/* UTF-8 text stays as it is. */
	bw_error_set(BW_EPARSE, "f.csv:2: caf\303\251");
	assert_string_equal(bw_error_last(), "f.csv:2: caf\303\251");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error__control_characters_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

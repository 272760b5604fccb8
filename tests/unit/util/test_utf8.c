/*
 * test_utf8.c: UTF-8 well-formedness (utf8.c).
 */
#include "test_util.h"

#include "utf8.h"

static void test_utf8__valid_and_not(void **state)
{
	(void)state;
	size_t at = 99;
	static const char *const good[] = {
	    "", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(bwx_utf8_valid(good[i], strlen(good[i]), &at), 1);
	static const struct {
		const char *text;
		size_t at;
	} bad[] = {
	    {"ab\xff", 2},                /* never in UTF-8 */
	    {"a\x80", 1},                 /* a continuation byte first */
	    {"\xc0\xaf", 0},              /* overlong '/' */
	    {"\xe0\x80\xaf", 0},          /* overlong, three bytes */
	    {"\xed\xa0\x80", 0},          /* a surrogate */
	    {"\xf4\x90\x80\x80", 0},      /* above U+10FFFF */
	    {"ok\xc3", 2},                /* cut short */
	    {"\xe2\x82x", 0},             /* a bad third byte */
	    {"0123456789abcdef\xff", 16}, /* past the eight-byte ASCII steps */
	    {"0123456789\xc3\xa9"
	     "abcdef\x80",
	     18},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bwx_utf8_valid(bad[i].text, strlen(bad[i].text), &at), 0);
		assert_int_equal(at, bad[i].at);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8__valid_and_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

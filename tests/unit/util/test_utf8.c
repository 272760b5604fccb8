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

/* The byte-at-a-time rule (bwx_utf8_char_length from every character
 * start), which bwx_utf8_valid's wide ASCII steps must agree with. */
static int reference_valid(const unsigned char *s, size_t len, size_t *at)
{
	for (size_t i = 0; i < len;) {
		size_t n = bwx_utf8_char_length(s + i, len - i);
		if (n == 0) {
			*at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

static void expect_as_reference(const unsigned char *s, size_t len)
{
	size_t at = 0, want_at = 0;
	int want = reference_valid(s, len, &want_at);
	assert_int_equal(bwx_utf8_valid((const char *)s, len, &at), want);
	if (!want)
		assert_int_equal(at, want_at);
}

/* A character, a cut one and a stray byte at every offset of ASCII runs
 * longer than the 64-, 16- and 8-byte steps, so each lands on every step
 * boundary. */
static void test_utf8__every_offset_of_the_ascii_steps(void **state)
{
	(void)state;
	static const char *const pieces[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	                                     "\xc3",     "\xe2\x82",     "\xf0\x9f\x98",
	                                     "\x80",     "\xff",         "\xed\xa0\x80"};
	unsigned char buf[300];
	for (size_t len = 0; len <= 200; len++)
		for (size_t at = 0; at <= len; at++)
			for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
				size_t n = strlen(pieces[k]);
				memset(buf, 'a', sizeof(buf));
				memcpy(buf + at, pieces[k], n);
				expect_as_reference(buf, len + n);
			}
}

/* Random mixes of ASCII, well-formed characters and bad bytes. */
static void test_utf8__random_mixes(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a",
	                                     "{\"k\":1}",
	                                     "\xc3\xa9",
	                                     "\xe2\x82\xac",
	                                     "\xf0\x9f\x98\x80",
	                                     "\xf4\x8f\xbf\xbf",
	                                     "\xe0\xa0\x80"};
	unsigned char buf[600];
	uint64_t seed = 42;
	for (int round = 0; round < 20000; round++) {
		size_t len = 0, want = (size_t)(round % 300);
		while (len < want) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			unsigned r = (unsigned)(seed >> 33);
			if (r % 97 == 0) {
				buf[len++] =
				    (unsigned char)(0x80 + (r >> 8) % 128); /* any high byte */
			} else {
				/* Mostly ASCII, as logs are: long runs cross the steps. */
				const char *p = pieces[r % 5 < 3 ? 0 : (r >> 4) % 7];
				size_t n = strlen(p);
				memcpy(buf + len, p, n);
				len += n;
			}
		}
		expect_as_reference(buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8__valid_and_not),
	    cmocka_unit_test(test_utf8__every_offset_of_the_ascii_steps),
	    cmocka_unit_test(test_utf8__random_mixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

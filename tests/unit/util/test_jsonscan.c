/*
 * test_jsonscan.c: picking values out of JSON without a tree (src/util/jsonscan.c).
 */
#include "test_util.h"

#include "jsonscan.h"

static const char *const paths[] = {"model", "usage.output_tokens", "usage.cache.read", "id", NULL};

static void test_jsonscan__picks_paths(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(paths);
	bwx_js_value v[4];
	size_t at = 0;
	const char *text = "{\"id\": 7, \"list\": [{\"model\": \"no\"}], \"model\": \"cl\\\"aude\","
	                   " \"usage\": {\"output_tokens\": 12, \"cache\": {\"read\": \"34\"}}, "
	                   "\"model\": \"second\"}";

	assert_non_null(scan);
	assert_int_equal(bwx_jsonscan_run(scan, text, strlen(text), v, &at), 0);
	/* Arrays are not entered; the first occurrence wins. */
	assert_int_equal(v[0].type, BWX_JS_STRING);
	assert_true(v[0].escaped);
	char buf[32];
	bwx_js_string(&v[0], buf, sizeof(buf));
	assert_string_equal(buf, "cl\"aude");
	int64_t n;
	assert_int_equal(v[1].type, BWX_JS_NUMBER);
	assert_int_equal(bwx_js_count(&v[1], &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(v[2].type, BWX_JS_STRING);
	assert_int_equal(bwx_js_count(&v[2], &n), 0); /* a string of digits counts */
	assert_int_equal(n, 34);
	assert_int_equal(v[3].type, BWX_JS_NUMBER);
	bwx_jsonscan_free(scan);
}

static void test_jsonscan__absent_and_types(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(paths);
	bwx_js_value v[4];
	size_t at = 0;
	const char *text =
	    "{\"model\": null, \"usage\": {\"output_tokens\": 1.5, \"cache\": true}, \"id\": [1]}";

	assert_int_equal(bwx_jsonscan_run(scan, text, strlen(text), v, &at), 0);
	assert_int_equal(v[0].type, BWX_JS_NULL);
	int64_t n;
	assert_int_equal(bwx_js_count(&v[1], &n), -1); /* 1.5 is not whole */
	assert_int_equal(v[2].type, BWX_JS_ABSENT);    /* cache is not an object */
	assert_int_equal(v[3].type, BWX_JS_ARRAY);
	const char *small = "{\"usage\": {\"output_tokens\": 1.2e3}}";
	assert_int_equal(bwx_jsonscan_run(scan, small, strlen(small), v, &at), 0);
	assert_int_equal(v[0].type, BWX_JS_ABSENT);
	assert_int_equal(bwx_js_count(&v[1], &n), 0);
	assert_int_equal(n, 1200);
	bwx_jsonscan_free(scan);
}

static void test_jsonscan__validation_errors(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(paths);
	bwx_js_value v[4];
	size_t at = 0;
	const char *bad[] = {"{\"model\": }", "{\"a\": 1} x", "{\"a\": tru}", "", "[1,]"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		at = 999;
		if (bwx_jsonscan_run(scan, bad[i], strlen(bad[i]), v, &at) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(at <= strlen(bad[i])); /* the offset is inside the text */
	}
	/* The offset is where the text stops being JSON: the stray 'x'. */
	const char *junk = "{\"a\": 1} x";
	assert_int_equal(bwx_jsonscan_run(scan, junk, strlen(junk), v, &at), -1);
	assert_int_equal(at, 9);
	const char *unclosed = "{\"model\": \"x";
	assert_int_equal(bwx_jsonscan_run(scan, unclosed, strlen(unclosed), v, &at), -1);
	const char *ws = "  {\"model\": \"x\"}  \n";
	assert_int_equal(bwx_jsonscan_run(scan, ws, strlen(ws), v, &at), 0);
	bwx_jsonscan_free(scan);
}

/* Counts of every length around the 18 digits read without overflow
 * checks, against the general rule. */
static void test_jsonscan__counts_short_and_long(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int ok;
		int64_t n;
	} counts[] = {
	    {"0", 0, 0},
	    {"7", 0, 7},
	    {"123456789012345678", 0, INT64_C(123456789012345678)},
	    {"999999999999999999", 0, INT64_C(999999999999999999)},
	    {"1234567890123456789", 0, INT64_C(1234567890123456789)},
	    {"9223372036854775807", -1, 0}, /* the overflow rule's refusal, as before */
	    {"99999999999999999999", -1, 0},
	    {"-5", 0, -5},
	    {"12.0", 0, 12},
	    {"1e3", 0, 1000},
	    {"1.5", -1, 0},
	};
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		bwx_js_value v = {BWX_JS_NUMBER, counts[i].text, strlen(counts[i].text), 0};
		int64_t n = -99;
		assert_int_equal(bwx_js_count(&v, &n), counts[i].ok);
		if (counts[i].ok == 0)
			assert_true(n == counts[i].n);
	}
	bwx_js_value digits = {BWX_JS_STRING, "42", 2, 0};
	int64_t n;
	assert_int_equal(bwx_js_count(&digits, &n), 0);
	assert_int_equal(n, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonscan__picks_paths),
	    cmocka_unit_test(test_jsonscan__absent_and_types),
	    cmocka_unit_test(test_jsonscan__validation_errors),
	    cmocka_unit_test(test_jsonscan__counts_short_and_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_jsonread.c: schema errors with file, line and column (src/util/jsonread.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "jsonread.h"

static const char doc[] = "{\n"
                          "  \"name\": \"x\",\n"
                          "  \"bands\": [\n"
                          "    {\"discount\": 0.1},\n"
                          "    {\"discount\": \"lots\"}\n"
                          "  ]\n"
                          "}\n";

static void test_jsonread__position_path_expected(void **state)
{
	(void)state;
	bwx_jsonread r;
	bwx_jsonread_init(&r, "bands.json", doc, strlen(doc));

	assert_int_equal(bwx_jsonread_error(&r, "name", "a longer name"), BW_EPARSE);
	assert_string_equal(bw_error_last(), "bands.json:2:11: name: expected a longer name");
	bwx_jsonread_key(&r, "bands");
	bwx_jsonread_index(&r, 1);
	assert_int_equal(bwx_jsonread_error(&r, "discount", "a fraction"), BW_EPARSE);
	assert_string_equal(bw_error_last(),
	                    "bands.json:5:18: bands[1].discount: expected a fraction");
	/* The field is popped again: the path is back at bands[1]. */
	assert_int_equal(bwx_jsonread_error(&r, "", "an object"), BW_EPARSE);
	assert_string_equal(bw_error_last(), "bands.json:5:5: bands[1]: expected an object");
	bwx_jsonread_pop(&r);
	bwx_jsonread_pop(&r);
	assert_int_equal(bwx_jsonread_error(&r, NULL, "an object"), BW_EPARSE);
	assert_string_equal(bw_error_last(), "bands.json:1:1: top level: expected an object");
}

static void test_jsonread__got_and_missing(void **state)
{
	(void)state;
	bwx_jsonread r;
	json_t *s = json_string("lots"), *i = json_integer(-3), *d = json_real(1.5),
	       *o = json_object();
	bwx_jsonread_init(&r, "bands.json", doc, strlen(doc));
	bwx_jsonread_key(&r, "bands");
	bwx_jsonread_index(&r, 1);
	bwx_jsonread_error_got(&r, "discount", "a fraction", s);
	assert_string_equal(
	    bw_error_last(),
	    "bands.json:5:18: bands[1].discount: expected a fraction, got the string \"lots\"");
	/* Missing: the position is the enclosing object's. */
	bwx_jsonread_error_got(&r, "rollover", "a share", NULL);
	assert_string_equal(bw_error_last(),
	                    "bands.json:5:5: bands[1].rollover: missing; expected a share");
	char buf[96];
	assert_string_equal(bwx_jsonread_describe(i, buf, sizeof(buf)), "-3");
	assert_string_equal(bwx_jsonread_describe(d, buf, sizeof(buf)), "1.5");
	assert_string_equal(bwx_jsonread_describe(o, buf, sizeof(buf)), "an object");
	assert_string_equal(bwx_jsonread_describe(json_true(), buf, sizeof(buf)), "a boolean");
	assert_string_equal(bwx_jsonread_describe(json_null(), buf, sizeof(buf)), "null");
	json_decref(s);
	json_decref(i);
	json_decref(d);
	json_decref(o);
}

static void test_jsonread__lines_and_segments(void **state)
{
	(void)state;
	bwx_jsonread r;
	/* Line 7 of a JSONL file: lines count from there. */
	const char line[] = "{\"timestamp\": -5}";
	bwx_jsonread_init(&r, "trace.jsonl", line, strlen(line));
	r.first_line = 7;
	bwx_jsonread_error(&r, "timestamp", "milliseconds");
	assert_string_equal(bw_error_last(), "trace.jsonl:7:15: timestamp: expected milliseconds");
	/* The second of two concatenated values. */
	const char two[] = "{\"a\": 1}\n{\"a\": \"x\"}";
	bwx_jsonread_init(&r, "pages.json", two, strlen(two));
	bwx_jsonread_segment(&r, two + 9, strlen(two + 9));
	bwx_jsonread_error(&r, "a", "a number");
	assert_string_equal(bw_error_last(), "pages.json:2:7: a: expected a number");
	/* Without text: no position. */
	bwx_jsonread_init(&r, "deal.json", NULL, 0);
	bwx_jsonread_error(&r, "term_months", "a whole number");
	assert_string_equal(bw_error_last(), "deal.json: term_months: expected a whole number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonread__position_path_expected),
	    cmocka_unit_test(test_jsonread__got_and_missing),
	    cmocka_unit_test(test_jsonread__lines_and_segments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

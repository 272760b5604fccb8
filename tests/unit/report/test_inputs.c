/*
 * test_inputs.c: bw_document_inputs_read, the page's inputs as one JSON
 * body split back into the files report reads: a file's text kept byte
 * for byte, a file's object written out, the shape refused with where and
 * what was expected.
 */
#include "test_util.h"

#include "bandwise.h"

static int read_text(bw_document_inputs *in, const char *text)
{
	return bw_document_inputs_read(in, text, strlen(text), "body");
}

/* A file given as a string is its text exactly: escapes undone, nothing added. */
static void test_inputs__text_kept(void **state)
{
	(void)state;
	bw_document_inputs in;
	assert_int_equal(read_text(&in, "{\"bands\": \"{\\n  \\\"a\\\": 1 }\\n\", \"peers\": "
	                                "\"p,q\\r\\n1,2\\n\", \"offers\": [\"x\", \"y\"]}"),
	                 0);
	assert_string_equal(in.bands.text, "{\n  \"a\": 1 }\n");
	assert_int_equal(in.bands.length, strlen("{\n  \"a\": 1 }\n"));
	assert_string_equal(in.peers.text, "p,q\r\n1,2\n");
	assert_null(in.policy.text);
	assert_int_equal(in.offer_count, 2);
	assert_string_equal(in.offers[0].text, "x");
	assert_string_equal(in.offers[1].text, "y");
	bw_document_inputs_free(&in);
}

/* A file given as its object is written out 2-space indented, keys in the
 * order given, with a final newline; null is "not given". */
static void test_inputs__object_written(void **state)
{
	(void)state;
	bw_document_inputs in;
	assert_int_equal(read_text(&in, "{\"policy\": {\"z\": 0.15, \"a\": [1]}, \"bands\": null}"),
	                 0);
	assert_string_equal(in.policy.text,
	                    "{\n  \"z\": 0.14999999999999999,\n  \"a\": [\n    1\n  ]\n}\n");
	assert_null(in.bands.text);
	assert_int_equal(in.offer_count, 0);
	bw_document_inputs_free(&in);
}

/* What is not the inputs: refused with the line:column and what was expected. */
static void test_inputs__shape_refused(void **state)
{
	(void)state;
	bw_document_inputs in;
	assert_int_equal(read_text(&in, "{\"bands\": 3}"), BW_EPARSE);
	assert_string_equal(bw_error_last(),
	                    "body:1:11: bands: expected a band file (docs/bands.md): "
	                    "its text or its object, got 3");
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "{\n \"offers\": [\"a\", 7]}"), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "body:2:18: offers[1]: expected a deal file"));
	assert_null(in.bands.text);
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "{\"peers\": {}}"), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "peers: expected a peers CSV's text"));
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "{\"band\": \"x\"}"), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "band: expected one of the report's inputs"));
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "[1]"), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "top level: expected an object"));
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "{\"bands\": \"a\", \"bands\": \"b\"}"), BW_EPARSE);
	bw_document_inputs_free(&in);
	assert_int_equal(read_text(&in, "{\"bands\": "), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "body:1:"));
	bw_document_inputs_free(&in);
}

/* At most BW_DOCUMENT_MAX_OFFERS offers, as report takes. */
static void test_inputs__offer_cap(void **state)
{
	(void)state;
	bw_document_inputs in;
	char body[512] = "{\"offers\": [";
	for (int i = 0; i < BW_DOCUMENT_MAX_OFFERS; i++)
		strcat(body, i ? ", \"o\"" : "\"o\"");
	strcat(body, "]}");
	assert_int_equal(read_text(&in, body), 0);
	assert_int_equal(in.offer_count, BW_DOCUMENT_MAX_OFFERS);
	bw_document_inputs_free(&in);
	body[strlen(body) - 2] = '\0';
	strcat(body, ", \"o\"]}");
	assert_int_equal(read_text(&in, body), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "offers: expected at most 16 offers"));
	bw_document_inputs_free(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inputs__text_kept),
	    cmocka_unit_test(test_inputs__object_written),
	    cmocka_unit_test(test_inputs__shape_refused),
	    cmocka_unit_test(test_inputs__offer_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

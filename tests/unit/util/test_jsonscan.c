/*
 * test_jsonscan.c: picking values out of JSON without a tree (src/util/jsonscan.c).
 */
#include "test_util.h"

#include "jsonscan.h"

#include <jansson.h>

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
		bwx_js_value v = {
		    .type = BWX_JS_NUMBER, .start = counts[i].text, .len = strlen(counts[i].text)};
		int64_t n = -99;
		assert_int_equal(bwx_js_count(&v, &n), counts[i].ok);
		if (counts[i].ok == 0)
			assert_true(n == counts[i].n);
	}
	/* The same through the scanner, which reads plain digits as it goes. */
	static const char *const count_path[] = {"n", NULL};
	bwx_jsonscan *scan = bwx_jsonscan_new(count_path);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		char text[64];
		size_t at = 0;
		bwx_js_value found;
		int64_t n = -99;
		snprintf(text, sizeof(text), "{\"n\":%s}", counts[i].text);
		assert_int_equal(bwx_jsonscan_run(scan, text, strlen(text), &found, &at), 0);
		assert_int_equal(bwx_js_count(&found, &n), counts[i].ok);
		if (counts[i].ok == 0)
			assert_true(n == counts[i].n);
	}
	bwx_jsonscan_free(scan);
	bwx_js_value digits = {.type = BWX_JS_STRING, .start = "42", .len = 2};
	int64_t n;
	assert_int_equal(bwx_js_count(&digits, &n), 0);
	assert_int_equal(n, 42);
}

/* Names whose lookup is easy to get wrong: several of one length with
 * the same first and last bytes (one hash bucket), lengths around the
 * 63 that share a bit of the length filter, one-byte names, nesting. */
#define LONG63 "l23456789012345678901234567890123456789012345678901234567890123"
#define LONG64 LONG63 "4"
#define LONG70 LONG64 "567890"
static const char *const lookup_paths[] = {"axxb",   "ayyb",   "azzb",      "ab",       "a",
                                           "o.axxb", "o.ayyb", "o.p.q",     "o.p.axxb", LONG63,
                                           LONG64,   LONG70,   "o." LONG64, NULL};
/* Keys written in the objects: the names, near misses (same length, same
 * ends, a prefix) and keys nobody wants. */
static const char *const lookup_keys[] = {
    "axxb", "ayyb", "azzb", "awwb", "axxc", "bxxb", "axx",      "axxbb",    "ab", "a",    "b",
    "o",    "p",    "q",    LONG63, LONG64, LONG70, LONG63 "5", "l" LONG63, "id", "usage"};

static uint64_t next_random(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005u + 1442695040888963407u;
	return *seed >> 33;
}

/* A random object of distinct keys, 'depth' levels of objects at most. */
static void random_object(char *out, size_t size, size_t *at, uint64_t *seed, int depth)
{
	int used[sizeof(lookup_keys) / sizeof(lookup_keys[0])] = {0};
	int members = (int)(next_random(seed) % 8);
	*at += (size_t)snprintf(out + *at, size - *at, "{");
	for (int m = 0; m < members; m++) {
		size_t k = next_random(seed) % (sizeof(lookup_keys) / sizeof(lookup_keys[0]));
		if (used[k]++)
			continue; /* distinct keys: jansson keeps the last of duplicates */
		*at += (size_t)snprintf(out + *at, size - *at,
		                        "%s\"%s\":", *at > 1 && out[*at - 1] != '{' ? "," : "",
		                        lookup_keys[k]);
		unsigned kind = (unsigned)(next_random(seed) % 6);
		if (kind == 0 && depth > 0)
			random_object(out, size, at, seed, depth - 1);
		else if (kind == 1)
			*at += (size_t)snprintf(out + *at, size - *at, "[1,{\"axxb\":2}]");
		else if (kind == 2)
			*at += (size_t)snprintf(out + *at, size - *at, "\"s%u\"",
			                        (unsigned)next_random(seed) % 100);
		else if (kind == 3)
			*at += (size_t)snprintf(out + *at, size - *at, "null");
		else
			*at += (size_t)snprintf(out + *at, size - *at, "%u",
			                        (unsigned)next_random(seed) % 1000);
	}
	*at += (size_t)snprintf(out + *at, size - *at, "}");
}

static bwx_js_type type_of(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return BWX_JS_OBJECT;
	case JSON_ARRAY:
		return BWX_JS_ARRAY;
	case JSON_STRING:
		return BWX_JS_STRING;
	case JSON_INTEGER:
	case JSON_REAL:
		return BWX_JS_NUMBER;
	case JSON_TRUE:
		return BWX_JS_TRUE;
	case JSON_FALSE:
		return BWX_JS_FALSE;
	default:
		return BWX_JS_NULL;
	}
}

/* Every path found as a tree (jansson) finds it, on random objects. */
static void test_jsonscan__lookup_agrees_with_a_tree(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(lookup_paths);
	size_t count = sizeof(lookup_paths) / sizeof(lookup_paths[0]) - 1;
	bwx_js_value v[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	uint64_t seed = 7;
	int found = 0;
	assert_non_null(scan);
	for (int round = 0; round < 3000; round++) {
		char text[8192];
		size_t len = 0, at = 0;
		random_object(text, sizeof(text), &len, &seed, 3);
		json_error_t jerr;
		json_t *tree = json_loadb(text, len, 0, &jerr);
		assert_non_null(tree);
		assert_int_equal(bwx_jsonscan_run(scan, text, len, v, &at), 0);
		for (size_t i = 0; i < count; i++) {
			/* The tree's answer: object members by name, step by step. */
			json_t *j = tree;
			char path[256];
			snprintf(path, sizeof(path), "%s", lookup_paths[i]);
			for (char *step = strtok(path, "."); step && j; step = strtok(NULL, "."))
				j = json_is_object(j) ? json_object_get(j, step) : NULL;
			bwx_js_type want = j ? type_of(j) : BWX_JS_ABSENT;
			if (v[i].type != want)
				fail_msg("%s in %s: type %d, the tree says %d", lookup_paths[i],
				         text, v[i].type, want);
			if (want == BWX_JS_STRING) {
				char got[64];
				bwx_js_string(&v[i], got, sizeof(got));
				assert_string_equal(got, json_string_value(j));
			}
			found += want != BWX_JS_ABSENT;
		}
		json_decref(tree);
	}
	assert_true(found > 1000); /* the objects do hold the paths */
	bwx_jsonscan_free(scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonscan__picks_paths),
	    cmocka_unit_test(test_jsonscan__absent_and_types),
	    cmocka_unit_test(test_jsonscan__validation_errors),
	    cmocka_unit_test(test_jsonscan__counts_short_and_long),
	    cmocka_unit_test(test_jsonscan__lookup_agrees_with_a_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

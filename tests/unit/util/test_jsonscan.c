/*
 * test_jsonscan.c: picking values out of JSON without a tree (src/util/jsonscan.c).
 */
#include "test_util.h"

#include "jsonscan.h"

#include <jansson.h>

/* The scanner again, compiled without SSE2: the portable path of a
 * non-x86 build, here beside the 16-byte one, so the two can be compared
 * byte for byte (test_jsonscan__sse2_agrees_with_the_portable_path). Its
 * public names are renamed; jsonscan.h was included above, so its
 * declarations stay those of the library's. */
#define bwx_jsonscan_new       portable_jsonscan_new
#define bwx_jsonscan_free      portable_jsonscan_free
#define bwx_jsonscan_run       portable_jsonscan_run
#define bwx_jsonscan_run_again portable_jsonscan_run_again
#define bwx_js_string          portable_js_string
#define bwx_js_count           portable_js_count
bwx_jsonscan *portable_jsonscan_new(const char *const *paths);
void portable_jsonscan_free(bwx_jsonscan *scan);
int portable_jsonscan_run(const bwx_jsonscan *scan, const char *text, size_t len,
                          bwx_js_value *values, size_t *error_offset);
int portable_jsonscan_run_again(const bwx_jsonscan *scan, bwx_js_memo *memo, const char *text,
                                size_t len, bwx_js_value *values, uint64_t *found,
                                size_t *error_offset);
void portable_js_string(const bwx_js_value *v, char *dst, size_t size);
int portable_js_count(const bwx_js_value *v, int64_t *out);
#pragma push_macro("__SSE2__")
#undef __SSE2__
#include "jsonscan.c"
#pragma pop_macro("__SSE2__")
#undef bwx_jsonscan_new
#undef bwx_jsonscan_free
#undef bwx_jsonscan_run
#undef bwx_jsonscan_run_again
#undef bwx_js_string
#undef bwx_js_count

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

/* The text in a buffer of exactly its length, so that a read past its end
 * is caught (AddressSanitizer): the scanner's 16-byte steps must stop at
 * the end however the text falls on them. */
static char *exact_copy(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	return copy;
}

/* Strings whose escapes, multibyte characters and bad bytes fall at every
 * position of the scanner's 16-byte steps, and texts that end at every
 * position: the scanner accepts exactly what jansson accepts (jansson
 * checks UTF-8 as the scanner now does), and reads the same string. */
static void test_jsonscan__strings_at_block_edges(void **state)
{
	(void)state;
	static const char *const paths_k[] = {"k", NULL};
	static const char *const pieces[] = {
	    "plain",
	    "a\\\"b",           /* an escaped quote */
	    "\\\\",             /* an escaped backslash, then the closing quote */
	    "\\u00e9\\n",       /* escapes */
	    "\xc3\xa9",         /* é: two bytes */
	    "\xe2\x82\xac",     /* €: three */
	    "\xf0\x9d\x84\x9e", /* a four-byte character */
	    "x\xe2\x82\xacy\xc3\xa9z\xf0\x9f\x98\x80", /* several */
	    "\xc3",                                    /* cut short by the closing quote */
	    "\xe2\x82",                                /* the same, three bytes */
	    "\xe2\x82x",                               /* a continuation byte missing */
	    "\x80",                                    /* a continuation byte alone */
	    "\xc0\xaf",                                /* overlong */
	    "\xed\xa0\x80",                            /* a surrogate */
	    "\xf4\x90\x80\x80",                        /* above U+10FFFF */
	    "\xff",                                    /* never in UTF-8 */
	    "\x01",                                    /* a control byte */
	    "\\x",                                     /* no such escape */
	    "\\u12g4",                                 /* not hex */
	    "\\", /* an escape of the closing quote: unclosed */
	};
	bwx_jsonscan *scan = bwx_jsonscan_new(paths_k);
	assert_non_null(scan);
	int accepted = 0, refused = 0;
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		for (int shift = 0; shift < 40; shift++) {
			for (int tail = 0; tail < 2; tail++) {
				char text[256];
				int len = snprintf(
				    text, sizeof(text), "{\"k\":\"%.*s%s\"%s}", shift,
				    "........................................", pieces[i],
				    tail ? ",\"after\":\"0123456789abcdef0123456789\"" : "");
				char *copy = exact_copy(text, (size_t)len);
				bwx_js_value v;
				size_t at = 999;
				json_error_t jerr;
				json_t *tree = json_loadb(copy, (size_t)len, 0, &jerr);
				int got = bwx_jsonscan_run(scan, copy, (size_t)len, &v, &at);
				if ((got == 0) != (tree != NULL))
					fail_msg("piece %zu at shift %d: the scanner says %d, "
					         "jansson %s",
					         i, shift, got, tree ? "accepts" : jerr.text);
				if (got == 0) {
					char mine[256];
					assert_int_equal(v.type, BWX_JS_STRING);
					bwx_js_string(&v, mine, sizeof(mine));
					assert_string_equal(
					    mine, json_string_value(json_object_get(tree, "k")));
					accepted++;
				} else {
					assert_true(at <= (size_t)len); /* the end, when unclosed */
					refused++;
				}
				json_decref(tree);
				free(copy);
			}
		}
	}
	assert_true(accepted > 0 && refused > 0);
	bwx_jsonscan_free(scan);
}

/* Keys of every length from 1 to 40 (the register compare takes up to 32
 * bytes), near the end of the text and far from it, against near misses
 * that differ in their last byte only. */
static void test_jsonscan__keys_of_every_length(void **state)
{
	(void)state;
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	for (size_t n = 1; n <= 40; n++) {
		char name[64], miss[64];
		memcpy(name, alphabet, n);
		name[n] = '\0';
		memcpy(miss, name, n + 1);
		miss[n - 1] = '_';
		const char *const names[] = {name, NULL};
		bwx_jsonscan *scan = bwx_jsonscan_new(names);
		assert_non_null(scan);
		for (int far = 0; far < 2; far++) {
			for (int hit = 0; hit < 2; hit++) {
				char text[256];
				const char *pad =
				    far ? ",\"pad\":\"0123456789abcdef0123456789abcdef\"" : "";
				/* Near: the key is the last one, with fewer than 32 bytes after it.
				 */
				int len = far ? snprintf(text, sizeof(text), "{\"%s\":7%s}",
				                         hit ? name : miss, pad)
				              : snprintf(text, sizeof(text), "{\"x\":0,\"%s\":7}",
				                         hit ? name : miss);
				char *copy = exact_copy(text, (size_t)len);
				bwx_js_value v;
				size_t at = 0;
				assert_int_equal(bwx_jsonscan_run(scan, copy, (size_t)len, &v, &at),
				                 0);
				if (hit) {
					int64_t count = 0;
					assert_int_equal(v.type, BWX_JS_NUMBER);
					assert_int_equal(bwx_js_count(&v, &count), 0);
					assert_int_equal(count, 7);
				} else {
					assert_int_equal(v.type, BWX_JS_ABSENT);
				}
				free(copy);
			}
		}
		bwx_jsonscan_free(scan);
	}
}

/* Numbers read eight bytes at a time: every count of digits, with what
 * may follow them, at every distance from the text's end (the eight-byte
 * read is taken only with eight bytes left), against jansson's reading. */
static void test_jsonscan__numbers_at_every_length(void **state)
{
	(void)state;
	static const char *const n_path[] = {"n", NULL};
	static const char *const afters[] = {"", ".5", "e3", "E+2", "0", "x", ".", "-"};
	static const char digits[] = "98765432109876543210";
	bwx_jsonscan *scan = bwx_jsonscan_new(n_path);
	assert_non_null(scan);
	for (int lead = 0; lead < 3; lead++) {              /* 1.., 0.., -1.. */
		for (int count = 1; count <= 17; count++) { /* + a digit: jansson refuses more */
			for (size_t a = 0; a < sizeof(afters) / sizeof(afters[0]); a++) {
				for (int pad = 0; pad < 10; pad++) {
					char text[128];
					int len =
					    snprintf(text, sizeof(text), "{\"n\":%s%.*s%s%.*s}",
					             lead == 2 ? "-" : "", count,
					             lead == 1 ? "0123456789012345678901" : digits,
					             afters[a], pad, "          ");
					char *copy = exact_copy(text, (size_t)len);
					bwx_js_value v;
					size_t at = 0;
					json_error_t jerr;
					json_t *tree =
					    json_loadb(copy, (size_t)len, JSON_DECODE_ANY, &jerr);
					int got =
					    bwx_jsonscan_run(scan, copy, (size_t)len, &v, &at);
					if ((got == 0) != (tree != NULL))
						fail_msg("%s: the scanner says %d, jansson %s",
						         text, got, tree ? "accepts" : jerr.text);
					json_t *n = tree ? json_object_get(tree, "n") : NULL;
					if (got == 0 && json_is_integer(n)) {
						int64_t mine = -99;
						assert_int_equal(v.type, BWX_JS_NUMBER);
						assert_int_equal(bwx_js_count(&v, &mine), 0);
						if (mine != (int64_t)json_integer_value(n))
							fail_msg("%s: read %lld", text,
							         (long long)mine);
					}
					json_decref(tree);
					free(copy);
				}
			}
		}
	}
	bwx_jsonscan_free(scan);
}

/* Bytes that stop a string step, or do not: the pieces the strings below
 * are made of. */
static const char *const string_bytes[] = {
    "a",
    "a",
    "a",
    "a",
    "\"",
    "\\\\",
    "\\\"",
    "\\u00e9",
    "\\u12",
    "\\q",
    "\x01",
    "\x1f",
    "\x7f",
    "\xc3\xa9",
    "\xe2\x82\xac",
    "\xf0\x9f\x98\x80",
    "\x80",
    "\xc3",
    "\xff",
    "\xed\xa0\x80",
    "\n",
    " ",
};

/* The 16-byte steps (SSE2) and the portable byte steps find the same
 * values and refuse the same texts at the same byte: keys and strings of
 * every length from 0 to 70 (across the 16- and 32-byte edges), with a
 * quote, an escape, a control byte or a byte from 0x80 up at each place,
 * each text also cut at every length (a line that ends inside a step). */
static void test_jsonscan__sse2_agrees_with_the_portable_path(void **state)
{
	(void)state;
	static const char *const names[] = {"k", "key_of_twenty_bytes_", "s", NULL};
	bwx_jsonscan *fast = bwx_jsonscan_new(names);
	bwx_jsonscan *portable = portable_jsonscan_new(names);
	uint64_t seed = 11;
	long compared = 0, refused = 0;
	assert_non_null(fast);
	assert_non_null(portable);
	for (int round = 0; round < 4000; round++) {
		char text[512];
		size_t len = 0;
		int key_len = (int)(next_random(&seed) % 40),
		    value_len = (int)(next_random(&seed) % 71);
		/* Mostly plain strings with one odd piece at a random place. */
		int odd_key = (int)(next_random(&seed) % (unsigned)(key_len + 1)),
		    odd_value = (int)(next_random(&seed) % (unsigned)(value_len + 1));
		const char *key_piece =
		    string_bytes[next_random(&seed) %
		                 (sizeof(string_bytes) / sizeof(string_bytes[0]))];
		const char *value_piece =
		    string_bytes[next_random(&seed) %
		                 (sizeof(string_bytes) / sizeof(string_bytes[0]))];
		len += (size_t)snprintf(text + len, sizeof(text) - len, "{\"k\":1,\"");
		for (int i = 0; i < key_len; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s",
			                        i == odd_key && round % 3 == 0 ? key_piece : "b");
		len += (size_t)snprintf(text + len, sizeof(text) - len, "\":\"");
		for (int i = 0; i < value_len; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s",
			                        i == odd_value ? value_piece : "c");
		len += (size_t)snprintf(text + len, sizeof(text) - len, "\",\"s\":\"%.*s\"}",
		                        (int)(next_random(&seed) % 40),
		                        "0123456789abcdef0123456789abcdef01234567");
		assert_true(len < sizeof(text));
		/* The whole text, then every cut of it. */
		for (size_t cut = len + 1; cut-- > 0;) {
			char *copy = exact_copy(text, cut);
			bwx_js_value a[3], b[3];
			size_t at_a = 12345, at_b = 12345;
			int got_a = bwx_jsonscan_run(fast, copy, cut, a, &at_a);
			int got_b = portable_jsonscan_run(portable, copy, cut, b, &at_b);
			if (got_a != got_b || (got_a < 0 && at_a != at_b))
				fail_msg("%.*s: SSE2 %d at %zu, portable %d at %zu", (int)cut, copy,
				         got_a, at_a, got_b, at_b);
			for (int i = 0; i < 3 && got_a == 0; i++) {
				assert_int_equal(a[i].type, b[i].type);
				assert_int_equal(a[i].escaped, b[i].escaped);
				assert_int_equal(a[i].len, b[i].len);
				assert_int_equal(a[i].count1, b[i].count1);
				assert_true(a[i].type == BWX_JS_ABSENT || a[i].start == b[i].start);
			}
			refused += got_a < 0;
			compared++;
			free(copy);
			if (cut + 40 < len && cut > 8)
				cut = cut > 48 ? cut - 7
				               : cut; /* the cuts far from the end: a sample */
		}
	}
	assert_true(refused > 1000 && compared - refused > 1000); /* both kinds were compared */
	bwx_jsonscan_free(fast);
	portable_jsonscan_free(portable);
}

/* Sibling names that share their length, first and last bytes (the old
 * bucket hash: "time", "type", "tame", ...), and more siblings than a
 * node's 64 buckets can hold apart (they chain): each is found under its
 * own name, and a near miss under none. */
static void test_jsonscan__many_siblings(void **state)
{
	(void)state;
	enum { MANY = 200 };
	static char storage[MANY][8];
	const char *list[MANY + 1];
	static const int counts[] = {4, 60, MANY};
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		int count = counts[c];
		for (int i = 0; i < count; i++) {
			/* t?pe with ? from a.., then 5-byte names beyond 26 */
			snprintf(storage[i], sizeof(storage[i]), i < 26 ? "t%cpe" : "t%c%cpe",
			         'a' + i % 26, 'a' + i / 26);
			list[i] = storage[i];
		}
		list[count] = NULL;
		bwx_jsonscan *scan = bwx_jsonscan_new(list);
		assert_non_null(scan);
		bwx_js_value v[MANY];
		for (int i = 0; i < count; i++) {
			char text[64];
			size_t at = 0;
			int len =
			    snprintf(text, sizeof(text), "{\"tzzpe\":0,\"%s\":%d}", list[i], i + 1);
			assert_int_equal(bwx_jsonscan_run(scan, text, (size_t)len, v, &at), 0);
			for (int j = 0; j < count; j++)
				assert_int_equal(v[j].type, j == i ? BWX_JS_NUMBER : BWX_JS_ABSENT);
			assert_int_equal(v[i].count1, i + 2);
		}
		bwx_jsonscan_free(scan);
	}
}

/* Texts scanned one after another into the same values, clearing only
 * what the last filled (bwx_jsonscan_run_again), give what a scan into
 * cleared values gives, refused texts (cut short) among them; with a memo
 * too, whose guesses are mostly wrong here (the members come in a random
 * order), and right where a text repeats the one before. */
static void test_jsonscan__run_again_agrees_with_run(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(lookup_paths);
	size_t count = sizeof(lookup_paths) / sizeof(lookup_paths[0]) - 1;
	bwx_js_value fresh[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	bwx_js_value again[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	bwx_js_value guessed[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	static bwx_js_memo memo;
	uint64_t seed = 5, found = 0, found_guessed = 0;
	int refused = 0;
	assert_non_null(scan);
	memset(again, 0, sizeof(again));
	memset(guessed, 0, sizeof(guessed));
	memset(&memo, 0, sizeof(memo));
	for (int round = 0; round < 3000; round++) {
		static char text[8192];
		static size_t len;
		size_t at_fresh = 0, at_again = 0, at_guessed = 0;
		if (round % 5 != 4) { /* else the text before again, cut or not */
			len = 0;
			random_object(text, sizeof(text), &len, &seed, 3);
		}
		size_t cut =
		    round % 4 == 3 ? len * 2 / 3 : len; /* refused, with some values filled */
		int got_fresh = bwx_jsonscan_run(scan, text, cut, fresh, &at_fresh);
		int got_again =
		    bwx_jsonscan_run_again(scan, NULL, text, cut, again, &found, &at_again);
		int got_guessed = bwx_jsonscan_run_again(scan, &memo, text, cut, guessed,
		                                         &found_guessed, &at_guessed);
		assert_int_equal(got_fresh, got_again);
		assert_int_equal(got_fresh, got_guessed);
		refused += got_fresh < 0;
		if (got_fresh < 0) {
			assert_int_equal(at_fresh, at_again);
			assert_int_equal(at_fresh, at_guessed);
			continue;
		}
		assert_memory_equal(fresh, again, count * sizeof(fresh[0]));
		assert_memory_equal(fresh, guessed, count * sizeof(fresh[0]));
	}
	assert_true(refused > 100);
	bwx_jsonscan_free(scan);
}

/* One line with the same keys as the others, but one byte of it changed
 * (or the line cut short) now and then: what a log's lines look like to
 * the memo, which guesses each key from the line before. */
static const char guess_line[] =
    "{\"id\":\"m1\",\"axxb\":12,\"o\":{\"axxb\":\"x\",\"p\":{\"q\":3,\"axxb\":4},"
    "\"ayyb\":[1,{\"axxb\":2}]},\"" LONG63 "\":1,\"ab\":\"s\",\"usage\":{\"a\":{\"b\":1}},"
    "\"ayyb\":null,\"a\":7}";
static const char guess_bytes[] = {'"', '\\', ':', ' ',    ',',    '}',    '{', 'x',
                                   'b', 'a',  '1', '\x80', '\xc3', '\x01', '\0'};

/* Keys guessed from the lines before (bwx_js_memo) give what scanning
 * them gives: the same values and the same refusals at the same byte as
 * a scan with no memo, in the 16-byte and the portable builds, when the
 * guess is right, when one byte of a key (a quote, the colon, a byte
 * before or after it) differs from it, and when the line ends inside it. */
static void test_jsonscan__guesses_agree_with_scanning(void **state)
{
	(void)state;
	bwx_jsonscan *scan = bwx_jsonscan_new(lookup_paths);
	bwx_jsonscan *portable = portable_jsonscan_new(lookup_paths);
	size_t count = sizeof(lookup_paths) / sizeof(lookup_paths[0]) - 1;
	bwx_js_value plain[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	bwx_js_value guessed[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	bwx_js_value guessed_portable[sizeof(lookup_paths) / sizeof(lookup_paths[0])];
	static bwx_js_memo memo, memo_portable;
	uint64_t seed = 13, found = 0, found_portable = 0;
	long refused = 0, accepted = 0, changed_accepted = 0;
	assert_non_null(scan);
	assert_non_null(portable);
	memset(&memo, 0, sizeof(memo));
	memset(&memo_portable, 0, sizeof(memo_portable));
	memset(guessed, 0, sizeof(guessed));
	memset(guessed_portable, 0, sizeof(guessed_portable));
	for (int round = 0; round < 20000; round++) {
		char text[sizeof(guess_line)];
		size_t len = sizeof(guess_line) - 1;
		memcpy(text, guess_line, sizeof(guess_line));
		int changed = round % 3 != 0;
		if (changed)
			text[next_random(&seed) % len] =
			    guess_bytes[next_random(&seed) % sizeof(guess_bytes)];
		if (round % 7 == 0)
			len = next_random(&seed) % (len + 1); /* cut inside a key, or a value */
		char *copy = exact_copy(text, len);
		size_t at_plain = 0, at_guessed = 0, at_portable = 0;
		int got_plain = bwx_jsonscan_run(scan, copy, len, plain, &at_plain);
		int got_guessed =
		    bwx_jsonscan_run_again(scan, &memo, copy, len, guessed, &found, &at_guessed);
		int got_portable =
		    portable_jsonscan_run_again(portable, &memo_portable, copy, len,
		                                guessed_portable, &found_portable, &at_portable);
		if (got_plain != got_guessed || got_plain != got_portable ||
		    (got_plain < 0 && (at_plain != at_guessed || at_plain != at_portable)))
			fail_msg("%.*s: scanned %d at %zu, guessed %d at %zu, portable %d at %zu",
			         (int)len, copy, got_plain, at_plain, got_guessed, at_guessed,
			         got_portable, at_portable);
		if (got_plain == 0) {
			assert_memory_equal(plain, guessed, count * sizeof(plain[0]));
			for (size_t i = 0; i < count; i++) {
				assert_int_equal(plain[i].type, guessed_portable[i].type);
				assert_true(plain[i].start == guessed_portable[i].start);
				assert_int_equal(plain[i].len, guessed_portable[i].len);
			}
			accepted++;
			changed_accepted += changed;
		} else {
			refused++;
		}
		free(copy);
	}
	/* Every kind was met: accepted lines, changed lines still JSON (a key
	 * that is another key now), refused ones. */
	assert_true(accepted > 5000 && changed_accepted > 1000 && refused > 5000);
	bwx_jsonscan_free(scan);
	portable_jsonscan_free(portable);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonscan__picks_paths),
	    cmocka_unit_test(test_jsonscan__absent_and_types),
	    cmocka_unit_test(test_jsonscan__validation_errors),
	    cmocka_unit_test(test_jsonscan__counts_short_and_long),
	    cmocka_unit_test(test_jsonscan__lookup_agrees_with_a_tree),
	    cmocka_unit_test(test_jsonscan__strings_at_block_edges),
	    cmocka_unit_test(test_jsonscan__keys_of_every_length),
	    cmocka_unit_test(test_jsonscan__numbers_at_every_length),
	    cmocka_unit_test(test_jsonscan__sse2_agrees_with_the_portable_path),
	    cmocka_unit_test(test_jsonscan__many_siblings),
	    cmocka_unit_test(test_jsonscan__run_again_agrees_with_run),
	    cmocka_unit_test(test_jsonscan__guesses_agree_with_scanning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

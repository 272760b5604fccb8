/*
 * test_pull.c: what `pull` does not take on trust from a server
 * (src/lib/ingest/pull.c, pull_guard.h): retry-after read saturating or
 * as an HTTP-date, the key masked in messages and kept out of the store.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "pull_guard.h"

#include <curl/curl.h>

static void test_pull__retry_after_seconds(void **state)
{
	(void)state;
	assert_int_equal(bw_ingest__retry_after_ms(" 2\r\n", 0, 60000), 2000);
	assert_int_equal(bw_ingest__retry_after_ms("0", 0, 60000), 0);
	assert_int_equal(bw_ingest__retry_after_ms("61", 0, 60000), 60000);
	/* Saturating: no overflow, the cap. */
	assert_int_equal(bw_ingest__retry_after_ms("99999999999999999999", 0, 60000), 60000);
	assert_int_equal(
	    bw_ingest__retry_after_ms("999999999999999999999999999999999999", 0, 3600000), 3600000);
	assert_int_equal(bw_ingest__retry_after_ms("12abc", 0, 60000), -1);
	assert_int_equal(bw_ingest__retry_after_ms("-5", 0, 60000), -1);
	assert_int_equal(bw_ingest__retry_after_ms("", 0, 60000), -1);
}

static void test_pull__retry_after_http_date(void **state)
{
	(void)state;
	time_t now = curl_getdate("Sun, 06 Nov 1994 08:49:37 GMT", NULL);
	assert_true(now > 0);
	assert_int_equal(bw_ingest__retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT\r\n", now, 60000),
	                 3000);
	/* In the past: no wait; far ahead: the cap. */
	assert_int_equal(bw_ingest__retry_after_ms("Sun, 06 Nov 1994 08:49:00 GMT", now, 60000), 0);
	assert_int_equal(bw_ingest__retry_after_ms("Fri, 31 Dec 2100 23:59:59 GMT", now, 60000),
	                 60000);
	assert_int_equal(bw_ingest__retry_after_ms("soon", now, 60000), -1);
}

static void test_pull__redact(void **state)
{
	(void)state;
	const char *key = "sk-ant-admin01-TESTONLY-0123456789abcdef";
	char text[256];

	snprintf(text, sizeof(text), "bad key %s.", key);
	bw_ingest__redact(text, key);
	assert_null(strstr(text, "TESTONLY"));
	assert_string_equal(text + strlen(text) - 1, ".");
	/* Upper-cased, and cut in two by a character: each piece masked. */
	snprintf(
	    text, sizeof(text),
	    "SK-ANT-ADMIN01-TESTONLY-0123456789ABCDEF / sk-ant-admin#01-TESTONLY-0123456789abcdef");
	bw_ingest__redact(text, key);
	assert_string_equal(
	    text,
	    "**************************************** / ************#****************************");
	/* Short runs stay: "sk-ant" and "0123" are not the key. */
	snprintf(text, sizeof(text), "sk-ant 0123 HTTP 401");
	bw_ingest__redact(text, key);
	assert_string_equal(text, "sk-ant 0123 HTTP 401");
}

static void test_pull__holds_key(void **state)
{
	(void)state;
	const char *key = "sk-ant-admin01-TESTONLY-0123456789abcdef";
	const char *upper = "wrk_SK-ANT-ADMIN01-TESTONLY-0123456789ABCDEF";
	assert_true(bw_ingest__holds_key(key, strlen(key), key));
	assert_true(bw_ingest__holds_key(upper, strlen(upper), key));
	/* A run of 16 of its characters is enough; the common prefix is not. */
	assert_true(bw_ingest__holds_key("x-TESTONLY-0123456789-x", 23, key));
	assert_false(bw_ingest__holds_key("sk-ant-admin01-", 15, key));
	assert_false(bw_ingest__holds_key("wrkspc_01", 9, key));
}

static void test_pull__next_page(void **state)
{
	(void)state;
	char cursor[16];
	const char more[] = "{\"data\": [], \"has_more\": true, \"next_page\": \"MQ==\"}";
	const char done[] = "{\"data\": [], \"has_more\": false, \"next_page\": null}";
	const char nul[] = "{\"has_more\": true, \"next_page\": \"a\\u0000b\"}";
	const char big[] = "{\"has_more\": true, \"next_page\": \"0123456789abcdefXYZ\"}";

	assert_int_equal(bw_ingest__pull_next_page(more, strlen(more), "p", cursor, sizeof(cursor)),
	                 1);
	assert_string_equal(cursor, "MQ==");
	assert_int_equal(bw_ingest__pull_next_page(done, strlen(done), "p", cursor, sizeof(cursor)),
	                 0);
	assert_int_equal(bw_ingest__pull_next_page("not json", 8, "p", cursor, sizeof(cursor)), 0);
	assert_int_equal(bw_ingest__pull_next_page(nul, strlen(nul), "p", cursor, sizeof(cursor)),
	                 BW_EPARSE);
	assert_int_equal(
	    bw_ingest__pull_next_page(big, strlen(big), "page 3", cursor, sizeof(cursor)),
	    BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "page 3: a next_page cursor of 19 bytes"));
}

static void test_pull__holds_key_names_the_field(void **state)
{
	(void)state;
	const char *key = "sk-ant-admin01-TESTONLY-0123456789abcdef";
	char where[128];
	const char page[] = "{\"data\": [{\"results\": [{\"workspace_id\": "
	                    "\"sk-ant-admin01-TESTONLY-0123456789abcdef\"}]}]}";
	const char clean[] = "{\"data\": [{\"results\": [{\"workspace_id\": \"wrk\"}]}]}";
	assert_true(bw_ingest__pull_holds_key(page, strlen(page), key, where, sizeof(where)));
	assert_string_equal(where, "data[0].results[0].workspace_id");
	assert_false(bw_ingest__pull_holds_key(clean, strlen(clean), key, where, sizeof(where)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pull__retry_after_seconds),
	    cmocka_unit_test(test_pull__retry_after_http_date),
	    cmocka_unit_test(test_pull__redact),
	    cmocka_unit_test(test_pull__holds_key),
	    cmocka_unit_test(test_pull__next_page),
	    cmocka_unit_test(test_pull__holds_key_names_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

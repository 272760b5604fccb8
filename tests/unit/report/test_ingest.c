/*
 * test_ingest.c: `bandwise ingest` output (src/lib/report/ingest.c): the
 * line per file for each kind of source, and the JSON array of files.
 */
#include "fixture.h"

static bw_ingest_result report_result(void)
{
	bw_ingest_result r;
	memset(&r, 0, sizeof(r));
	snprintf(r.format, sizeof(r.format), "usage-report");
	snprintf(r.sha256_hex, sizeof(r.sha256_hex), "%s",
	         "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	r.buckets = 30;
	r.usage_rows = 1234;
	r.cost_rows = 0;
	return r;
}

static char *render_text(const char *path, const bw_ingest_result *r)
{
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_ingest_text(c.out, path, r), 0);
	return capture_end(&c);
}

static void test_ingest__text_per_kind_of_source(void **state)
{
	(void)state;
	bw_ingest_result r = report_result();
	char *text = render_text("a.json", &r);
	assert_string_equal(text, "a.json: usage-report, 30 buckets, 1,234 usage rows, 0 cost rows "
	                          "(sha256 0123456789ab)\n");
	free(text);

	r.already_ingested = 1;
	text = render_text("a.json", &r);
	assert_string_equal(text,
	                    "a.json: already ingested (sha256 0123456789ab), nothing new stored\n");
	free(text);

	/* Request logs: requests summed into rows, one of each counted in
	 * the singular, and the records left out. */
	r = report_result();
	snprintf(r.format, sizeof(r.format), "litellm");
	snprintf(r.sha256_hex, sizeof(r.sha256_hex), "xxh3-0123456789abcdef0123456789abcdef");
	r.requests = 1;
	r.usage_rows = 1;
	r.buckets = 1;
	r.skipped = 2;
	r.rejected = 1;
	snprintf(r.first_rejected, sizeof(r.first_rejected), "log.jsonl:7: bad JSON");
	text = render_text("log.jsonl", &r);
	assert_string_equal(
	    text,
	    "log.jsonl: litellm, 1 request summed into 1 usage row over 1 day "
	    "(fingerprint xxh3-0123456789ab)\n"
	    "  2 records are not Claude usage (other providers, errors, or spans "
	    "without token counts): left out\n"
	    "  1 bad record passed over under --max-errors; the first: log.jsonl:7: bad JSON\n");
	free(text);

	/* A FOCUS row is not a request. */
	snprintf(r.format, sizeof(r.format), "focus-csv");
	r.requests = 3;
	r.skipped = r.rejected = 0;
	text = render_text("focus.csv", &r);
	assert_non_null(strstr(text, "focus.csv: focus-csv, 3 FOCUS rows summed into"));
	free(text);
}

static void test_ingest__json_array(void **state)
{
	(void)state;
	bw_ingest_result report = report_result(), log = report_result();
	snprintf(log.sha256_hex, sizeof(log.sha256_hex), "xxh3-0123456789abcdef0123456789abcdef");
	void *files = bw_report_ingest_json_new();
	capture c;

	assert_non_null(files);
	assert_int_equal(bw_report_ingest_json_add(files, "a.json", &report), 0);
	assert_int_equal(bw_report_ingest_json_add(files, "log.jsonl", &log), 0);
	capture_begin(&c);
	assert_int_equal(bw_report_ingest_json_print(c.out, files), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	json_t *list = json_object_get(root, "files");
	assert_int_equal(json_array_size(list), 2);
	json_t *first = json_array_get(list, 0), *second = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(first, "file")), "a.json");
	assert_string_equal(json_string_value(json_object_get(first, "sha256")), report.sha256_hex);
	assert_int_equal(json_integer_value(json_object_get(first, "usage_rows")), 1234);
	assert_true(json_is_null(json_object_get(first, "first_rejected")));
	/* A request log's XXH3 fingerprint is not a SHA-256. */
	assert_true(json_is_null(json_object_get(second, "sha256")));
	assert_string_equal(json_string_value(json_object_get(second, "fingerprint")),
	                    log.sha256_hex);
	json_decref(root);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ingest__text_per_kind_of_source),
	    cmocka_unit_test(test_ingest__json_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_format.c: the table of formats (format.c) and detection from a
 * file's first line (detect.c).
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/ingest.h"
#include "bandwise/store.h"
#include "detect.h"
#include "format.h"

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = test_tmpdir();
	return dir == NULL;
}

static int teardown(void **state)
{
	(void)state;
	test_rmdir_tree(dir);
	return 0;
}

static const bw_ingest_format all[] = {
    BW_INGEST_AUTO, BW_INGEST_USAGE_REPORT, BW_INGEST_COST_REPORT, BW_INGEST_MESSAGES,
    BW_INGEST_OTEL, BW_INGEST_MOONCAKE,     BW_INGEST_AZURE_CSV,   BW_INGEST_LITELLM_CSV,
    BW_INGEST_CSV,  BW_INGEST_FOCUS_CSV};

/* Every format's name parses back to it; the row of f describes f. */
static void test_format__names_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const bw_ingest__format_row *row = bw_ingest__format_row_of(all[i]);
		bw_ingest_format back;
		assert_non_null(row);
		assert_int_equal(row->format, all[i]);
		assert_string_equal(bw_ingest_format_name(all[i]), row->name);
		assert_int_equal(bw_ingest_format_parse(row->name, &back), 0);
		assert_int_equal(back, all[i]);
	}
	assert_null(bw_ingest__format_row_of((bw_ingest_format)99));
	assert_string_equal(bw_ingest_format_name((bw_ingest_format)99), "?");
	bw_ingest_format f;
	assert_int_equal(bw_ingest_format_parse("jsonl", &f), BW_EUSAGE);
}

/* The request formats are the JSONL and CSV kinds; only Mooncake and the
 * Azure trace carry no model. */
static void test_format__kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const bw_ingest__format_row *row = bw_ingest__format_row_of(all[i]);
		int requests = all[i] >= BW_INGEST_MESSAGES;
		assert_int_equal(bw_ingest__format_is_requests(all[i]), requests);
		assert_int_equal(row->needs_model,
		                 all[i] == BW_INGEST_MOONCAKE || all[i] == BW_INGEST_AZURE_CSV);
	}
}

/* A needs_model format refuses a file when no --model is given. */
static void test_format__needs_model_refused(void **state)
{
	(void)state;
	char db[512];
	bw_store *store = NULL;
	bw_ingest_result result;
	static const struct {
		bw_ingest_format format;
		const char *text;
	} cases[] = {
	    {BW_INGEST_MOONCAKE,
	     "{\"timestamp\":0,\"input_length\":10,\"output_length\":2,\"hash_ids\":[1]}\n"},
	    {BW_INGEST_AZURE_CSV,
	     "TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00,10,2\n"},
	};
	snprintf(db, sizeof(db), "%s/store.db", dir);
	assert_int_equal(bw_store_open(&store, db, BW_STORE_CREATE), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = test_write_file(dir, "trace", cases[i].text);
		bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
		options.start = "2024-05-10";
		assert_int_equal(
		    bw_ingest_file_with(store, path, cases[i].format, &options, &result),
		    BW_EUSAGE);
		assert_non_null(strstr(bw_error_last(), "carries no model"));
		free(path);
	}
	bw_store_close(store);
}

/* Each format is told from its first line. */
/* Detection on a stream opened on 'path'; the stream is closed after. */
static int detect_file(const char *path, const bw_ingest_options *options, bw_ingest_format *got)
{
	bwx_stream *stream = NULL;
	int error = bwx_stream_open(&stream, path);
	if (error == 0)
		error = bw_ingest__detect(stream, path, options, got);
	bwx_stream_close(stream);
	return error;
}

static void test_format__detect_first_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bw_ingest_format expected;
	} cases[] = {
	    {"{\"model\":\"claude-x\",\"usage\":{\"input_tokens\":1}}\n", BW_INGEST_MESSAGES},
	    {"{\"response\":{\"usage\":{\"input_tokens\":1}}}\n", BW_INGEST_MESSAGES},
	    {"{\"resourceSpans\":[]}\n", BW_INGEST_OTEL},
	    {"{\"name\":\"chat\",\"attributes\":{}}\n", BW_INGEST_OTEL},
	    {"{\"timestamp\":0,\"input_length\":1,\"output_length\":1}\n", BW_INGEST_MOONCAKE},
	    {"TIMESTAMP,ContextTokens,GeneratedTokens\n", BW_INGEST_AZURE_CSV},
	    {"request_id,startTime,model,prompt_tokens,completion_tokens\n", BW_INGEST_LITELLM_CSV},
	    {"ChargePeriodStart,ConsumedQuantity,ConsumedUnit\n", BW_INGEST_FOCUS_CSV},
	    {"\n  {\"data\":[],\"has_more\":false}\n", BW_INGEST_AUTO}, /* an Admin API report */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = test_write_file(dir, "input", cases[i].text);
		bw_ingest_format got = BW_INGEST_CSV;
		assert_int_equal(detect_file(path, NULL, &got), 0);
		assert_int_equal(got, cases[i].expected);
		free(path);
	}
	/* A CSV of unknown columns: only with --columns. */
	char *path = test_write_file(dir, "input", "when,what,how_many\n");
	bw_ingest_format got;
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
	assert_int_equal(detect_file(path, NULL, &got), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), ":1: cannot tell the format"));
	options.columns = "time=when,model=what,input=how_many";
	assert_int_equal(detect_file(path, &options, &got), 0);
	assert_int_equal(got, BW_INGEST_CSV);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format__names_round_trip),
	    cmocka_unit_test(test_format__kinds),
	    cmocka_unit_test_setup_teardown(test_format__needs_model_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_format__detect_first_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

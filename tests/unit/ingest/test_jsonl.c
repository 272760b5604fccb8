/*
 * test_jsonl.c: one Messages line into the day cube (jsonl.c), and the
 * shortcut for times of a day already read: every time gives the answer
 * (the day, or the refusal and its words) that a first reading gives.
 */
#include "test_util.h"

#include "jsonl.h"

typedef struct {
	bw_ingest_options options;
	reader rd;
	sink sk;
	jsonl_context c;
	char why[400];
} line_reader;

static void reader_open(line_reader *l)
{
	memset(l, 0, sizeof(*l));
	l->options = (bw_ingest_options)BW_INGEST_OPTIONS_INIT;
	l->rd.options = &l->options;
	l->sk.options = &l->options;
	l->sk.why = l->why;
	l->sk.why_size = sizeof(l->why);
	l->c.format = BW_INGEST_MESSAGES;
	l->c.rd = &l->rd;
	l->c.sk = &l->sk;
	l->c.scan = bw_ingest__jsonl_scan_new(NULL);
	assert_non_null(l->c.scan);
}

static void reader_close(line_reader *l)
{
	bw_ingest__cube_free(&l->sk.days);
	bwx_jsonscan_free((bwx_jsonscan *)l->c.scan);
}

/* One line for 'model' at 'time'; its result, 'why' on failure. */
static int read_line(line_reader *l, const char *model, const char *time)
{
	char line[512];
	int64_t skipped = 0;
	snprintf(line, sizeof(line),
	         "{\"model\":\"%s\",\"timestamp\":\"%s\",\"usage\":{\"input_tokens\":1}}", model,
	         time);
	l->why[0] = '\0';
	return bw_ingest__jsonl_line(&l->c, line, strlen(line), l->why, sizeof(l->why), &skipped);
}

/* The day (days since 1970) of the cell of 'model'; -1 when none. */
static int64_t day_of(const line_reader *l, const char *model)
{
	for (size_t i = 0; i < l->sk.days.capacity; i++) {
		const cell *e = &l->sk.days.slots[i];
		if (e->key != NULL && e->key_len > 8 + strlen(model) &&
		    memcmp(e->key + 8, model, strlen(model)) == 0 &&
		    e->key[8 + strlen(model)] == 0x1f) {
			int64_t days;
			memcpy(&days, e->key, sizeof(days));
			return days;
		}
	}
	return -1;
}

static void test_jsonl__a_known_day_reads_as_a_first_reading(void **state)
{
	(void)state;
	static const char *const times[] = {
	    "2026-01-05T10:00:00Z",
	    "2026-01-05T00:00:00.149Z",
	    "2026-01-05T23:59:59Z",
	    "2026-01-05T23:59:60Z", /* a leap second: the next day */
	    "2026-01-05T24:00:00Z",
	    "2026-01-05T10:60:00Z",
	    "2026-01-05T10:00:61Z",
	    "2026-01-05T10:00:00.Z",
	    "2026-01-05T10:00:00,5Z",
	    "2026-01-05T10:00:00.123456789123Z",
	    "2026-01-05T10:00:00.12a4Z",
	    "2026-01-05T1a:00:00Z",
	    "2026-01-05t10:00:00Z",
	    "2026-01-05T10:00:00z",
	    "2026-01-05T10:00:00+01:00",
	    "2026-01-05T10:00:00",
	    "2026-01-05 10:00:00Z",
	    "2026-01-05T10:00:00ZZ",
	    "2026-01-06T10:00:00Z",
	    "2026-02-30T10:00:00Z",
	    "2026-01-0xT10:00:00Z",
	    "2026-01-05T10:00:00.1234567890123456789012345678901234567890Z",
	};
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		line_reader first, warm;
		reader_open(&first);
		reader_open(&warm);
		int want = read_line(&first, "m", times[i]);
		/* The same day read before, so the day is known. */
		assert_int_equal(read_line(&warm, "before", "2026-01-05T08:00:00Z"), 1);
		assert_int_equal(read_line(&warm, "before", "2026-01-05T09:00:00.5Z"), 1);
		int got = read_line(&warm, "m", times[i]);
		if (got != want)
			fail_msg("%s: %d after the day was known, %d read first (%s)", times[i],
			         got, want, warm.why);
		assert_string_equal(warm.why, first.why);
		assert_int_equal(day_of(&warm, "m"), day_of(&first, "m"));
		reader_close(&first);
		reader_close(&warm);
	}
}

/* What the shortcut must give, not only agree on. */
static void test_jsonl__times_land_on_their_day(void **state)
{
	(void)state;
	line_reader l;
	reader_open(&l);
	int64_t jan5 = 20458; /* 2026-01-05: 56 years and 14 leap days after 1970 */
	assert_int_equal(read_line(&l, "a", "2026-01-05T23:59:59Z"), 1);
	assert_int_equal(day_of(&l, "a"), jan5);
	assert_int_equal(read_line(&l, "b", "2026-01-05T23:59:60Z"), 1);
	assert_int_equal(day_of(&l, "b"), jan5 + 1);
	assert_int_equal(read_line(&l, "c", "2026-01-06T00:00:00.5Z"), 1);
	assert_int_equal(day_of(&l, "c"), jan5 + 1);
	assert_int_equal(read_line(&l, "d", "2026-01-05T24:00:00Z"), -1);
	assert_non_null(strstr(l.why, "2026-01-05T24:00:00Z"));
	assert_int_equal(read_line(&l, "e", "2026-02-30T10:00:00Z"), -1);
	assert_non_null(strstr(l.why, "2026-02-30"));
	reader_close(&l);
}

/* The line's UTF-8 is checked by the scanner, so the cube takes unescaped
 * texts as checked; a text that escapes make (a lone surrogate) is still
 * checked and refused, and a bad byte in the line is worded as UTF-8 with
 * its column, as the separate check worded it. */
static void test_jsonl__texts_checked_once(void **state)
{
	(void)state;
	line_reader l;
	reader_open(&l);
	assert_int_equal(read_line(&l, "caf\xc3\xa9", "2026-03-01T00:00:00Z"), 1);
	assert_true(day_of(&l, "caf\xc3\xa9") >= 0);
	assert_int_equal(read_line(&l, "\\u00e9t\\u00e9", "2026-03-01T00:00:00Z"), 1);
	assert_true(day_of(&l, "\xc3\xa9t\xc3\xa9") >= 0);
	assert_int_equal(read_line(&l, "half \\ud800", "2026-03-01T00:00:00Z"), -1);
	assert_non_null(strstr(l.why, "not valid UTF-8"));
	assert_int_equal(read_line(&l, "bad \xc3(", "2026-03-01T00:00:00Z"), -1);
	/* {"model":"bad  : the bad byte is the 15th */
	assert_string_equal(l.why, "column 15: not valid UTF-8");
	reader_close(&l);
}

/* Texts taken where they stand in the line (not copied and measured):
 * one a byte too long for a stored name is refused with its start, as a
 * copied text cut to its room was; the longest that fits is kept whole. */
static void test_jsonl__texts_in_place(void **state)
{
	(void)state;
	line_reader l;
	char name[300];
	reader_open(&l);
	memset(name, 'm', sizeof(name));
	name[BW_USAGE_DIM_MAX - 1] = '\0'; /* the longest a stored name may be */
	assert_int_equal(read_line(&l, name, "2026-03-01T00:00:00Z"), 1);
	assert_true(day_of(&l, name) >= 0);
	name[BW_USAGE_DIM_MAX - 1] = 'm';
	name[200] = '\0';
	assert_int_equal(read_line(&l, name, "2026-03-01T00:00:00Z"), -1);
	char want[200];
	snprintf(want, sizeof(want),
	         "the model name is longer than the %d bytes a stored name may have (\"%.40s...\")",
	         BW_USAGE_DIM_MAX - 1, name);
	assert_string_equal(l.why, want);
	/* Escaped, the same: unescaped into its room, cut, refused. */
	char escaped[320];
	snprintf(escaped, sizeof(escaped), "\\u006d%s", name + 1);
	assert_int_equal(read_line(&l, escaped, "2026-03-01T00:00:00Z"), -1);
	assert_string_equal(l.why, want);
	reader_close(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonl__a_known_day_reads_as_a_first_reading),
	    cmocka_unit_test(test_jsonl__times_land_on_their_day),
	    cmocka_unit_test(test_jsonl__texts_checked_once),
	    cmocka_unit_test(test_jsonl__texts_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

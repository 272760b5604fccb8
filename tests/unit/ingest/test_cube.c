/*
 * test_cube.c: the per-day table request readers sum into (cube.c): what
 * a record must be to join it, and sums that cannot wrap.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "cube.h"

static record good_record(void)
{
	record r;
	bw_ingest__record_reset(&r);
	r.epoch = 1772359200; /* 2026-03-01T10:00:00Z */
	snprintf(r.model, sizeof(r.model), "claude-sonnet-4-5");
	r.input = 10;
	r.output = 5;
	return r;
}

static void test_cube__record_checks(void **state)
{
	(void)state;
	cube c = {0};
	char why[400];
	record r = good_record();
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), 0);

	r.epoch = 946684800 - 1; /* 1999-12-31T23:59:59Z */
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "year 1999"));
	r.epoch = 4102444800; /* 2100-01-01: the window's end is exclusive */
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	r.epoch = INT64_MIN;
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a date"));

	r = good_record();
	r.output = BW_INGEST__TOKENS_MAX; /* the bound itself is fine */
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), 0);
	r.output = BW_INGEST__TOKENS_MAX + 1;
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "the output count 1000000000000001"));
	r = good_record();
	r.cache_read = -1;
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "negative cache read count"));

	/* 95 bytes are stored whole; 96 would be cut, so they are refused. */
	r = good_record();
	memset(r.workspace, 'w', BW_USAGE_DIM_MAX - 1);
	r.workspace[BW_USAGE_DIM_MAX - 1] = '\0';
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), 0);
	memset(r.workspace, 'w', BW_USAGE_DIM_MAX);
	r.workspace[BW_USAGE_DIM_MAX] = '\0';
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "workspace name is longer than the 95 bytes"));

	r = good_record();
	snprintf(r.tag, sizeof(r.tag), "ok\xff");
	assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "tag name is not valid UTF-8 (byte 3"));
	bw_ingest__cube_free(&c);
}

static void test_cube__sums_do_not_wrap(void **state)
{
	(void)state;
	cube c = {0};
	char why[400];
	record r = good_record();
	r.input = BW_INGEST__TOKENS_MAX;
	int i, got = 0;
	/* 9223 records of 1e15 fit in int64; the 9224th would not. */
	for (i = 0;
	     i < 10000 && (got = bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why))) == 0;
	     i++)
		;
	assert_int_equal(got, -1);
	assert_int_equal(i, 9223);
	assert_non_null(strstr(why, "would overflow"));
	/* The refused record left the sum as it was. */
	assert_int_equal(c.count, 1);
	for (size_t k = 0; k < c.capacity; k++)
		if (c.slots[k].key != NULL)
			assert_int_equal(c.slots[k].tokens[BW_TOKEN_UNCACHED_INPUT],
			                 9223 * BW_INGEST__TOKENS_MAX);
	bw_ingest__cube_free(&c);
}

/* Names of every length from 1 to 70 (the key's copies take up to 32
 * bytes in two overlapping steps) come back from the cube as they went
 * in, each a cell of its own. */
static void test_cube__names_of_every_length(void **state)
{
	(void)state;
	cube c = {0};
	char why[400];
	static const char letters[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "-_.:abcdefghij";
	for (int n = 1; n <= 70; n++) {
		record r = good_record();
		snprintf(r.model, sizeof(r.model), "%.*s", n, letters);
		snprintf(r.workspace, sizeof(r.workspace), "%.*s", 71 - n, letters + 3);
		snprintf(r.tag, sizeof(r.tag), "%.*s", n % 9, letters + 7);
		assert_int_equal(bw_ingest__cube_add_record(&c, &r, -1, why, sizeof(why)), 0);
	}
	assert_int_equal(c.count, 70);
	int seen = 0;
	for (size_t i = 0; i < c.capacity; i++) {
		if (c.slots[i].key == NULL)
			continue;
		bw_usage_row row;
		bw_ingest__cell_to_row(&c.slots[i], &row);
		size_t n = strlen(row.model);
		assert_true(n >= 1 && n <= 70);
		assert_memory_equal(row.model, letters, n);
		assert_int_equal(strlen(row.workspace_id), 71 - n);
		assert_memory_equal(row.workspace_id, letters + 3, 71 - n);
		assert_int_equal(strlen(row.tag), n % 9);
		assert_memory_equal(row.tag, letters + 7, n % 9);
		assert_string_equal(row.service_tier, "standard");
		seen++;
	}
	assert_int_equal(seen, 70);
	bw_ingest__cube_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cube__record_checks),
	    cmocka_unit_test(test_cube__sums_do_not_wrap),
	    cmocka_unit_test(test_cube__names_of_every_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

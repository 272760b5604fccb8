/*
 * test_pushdown.c: the per-row SQL of the push-down (pushdown.c) says what
 * the file readers do per record (cube.c): evaluated by SQLite over a grid
 * of rows and compared with bw_ingest__cube_add_record on the same rows.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "cube.h"
#include "pushdown.h"

#include <sqlite3.h>

/* The SQL's answer for one row: uncached input, ok, window. */
static void eval_sql(sqlite3 *db, int includes, int64_t p, int64_t r, int64_t w5, int64_t w1,
                     int64_t *uncached, int *ok, char window[16])
{
	char u[600], k[600], win[1600], sql[4000];
	assert_int_equal(
	    bw_ingest__pushdown_rules(includes, "p", "r", "w5", "w1", u, k, win, sizeof(win)), 0);
	snprintf(sql, sizeof(sql),
	         "SELECT %s, CASE WHEN %s THEN 1 ELSE 0 END, %s FROM (SELECT %lld AS p, %lld AS r, "
	         "%lld AS w5, %lld AS w1)",
	         u, k, win, (long long)p, (long long)r, (long long)w5, (long long)w1);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*uncached = sqlite3_column_int64(st, 0);
	*ok = sqlite3_column_int(st, 1);
	snprintf(window, 16, "%s", (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

static void test_pushdown__rules_are_the_readers(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	const int64_t inputs[] = {0, 500, 1200, 199000, 230000, 260000};
	const int64_t reads[] = {0, 800, 150000};
	const int64_t writes[] = {0, 100, 60000};
	int cases = 0;
	for (int includes = -1; includes <= 1; includes++)
		for (size_t a = 0; a < 6; a++)
			for (size_t b = 0; b < 3; b++)
				for (size_t c = 0; c < 3; c++)
					for (int one_hour = 0; one_hour <= 1; one_hour++) {
						int64_t p = inputs[a], r = reads[b];
						int64_t w5 = one_hour ? 0 : writes[c],
						        w1 = one_hour ? writes[c] : 0;
						record rec;
						bw_ingest__record_reset(&rec);
						rec.epoch = 1767225600; /* 2026-01-01 */
						snprintf(rec.model, sizeof(rec.model), "m");
						rec.input = p;
						rec.cache_read = r;
						rec.has_split = 1;
						rec.write_5m = w5;
						rec.write_1h = w1;
						rec.cache_write = w5 + w1;
						rec.input_includes_cache = 1;
						cube cb;
						memset(&cb, 0, sizeof(cb));
						char why[200];
						int got = bw_ingest__cube_add_record(
						    &cb, &rec, includes, why, sizeof(why));
						int64_t uncached;
						int ok;
						char window[16];
						eval_sql(db, includes, p, r, w5, w1, &uncached, &ok,
						         window);
						assert_int_equal(ok, got == 0);
						if (got == 0) {
							bw_usage_row row;
							for (size_t i = 0; i < cb.capacity; i++)
								if (cb.slots[i].key)
									bw_ingest__cell_to_row(
									    &cb.slots[i], &row);
							assert_int_equal(
							    uncached,
							    row.tokens[BW_TOKEN_UNCACHED_INPUT]);
							assert_string_equal(window,
							                    row.context_window);
						}
						bw_ingest__cube_free(&cb);
						cases++;
					}
	assert_int_equal(cases, 3 * 6 * 3 * 3 * 2);
	sqlite3_close(db);
}

static void test_pushdown__range(void **state)
{
	(void)state;
	char start[32], end[32];
	assert_int_equal(bw_ingest__pushdown_range("2026-03-01", "2026-03-02", start, end), 0);
	assert_string_equal(start, "2026-03-01T00:00:00Z");
	assert_string_equal(end, "2026-03-02T00:00:00Z");
	assert_int_equal(bw_ingest__pushdown_range(NULL, NULL, start, end), 0);
	assert_true(strcmp(start, end) < 0);
	assert_int_equal(bw_ingest__pushdown_range("2026-03-02", "2026-03-01", start, end),
	                 BW_EUSAGE);
	assert_int_equal(bw_ingest__pushdown_range("2026-03-01T00:00:00Z", NULL, start, end),
	                 BW_EUSAGE);
	assert_int_equal(bw_ingest__pushdown_range("2026-02-30", NULL, start, end), BW_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pushdown__rules_are_the_readers),
	    cmocka_unit_test(test_pushdown__range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

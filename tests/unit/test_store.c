/*
 * test_store.c: the SQLite store: migrations, upserts, batches, reads.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/store.h"
#include "store_backend.h"

#include <sqlite3.h>

static bw_usage_row hour_row(const char *start, const char *end, const char *model, int64_t out)
{
	bw_usage_row row;
	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%s", start);
	snprintf(row.bucket_end, sizeof(row.bucket_end), "%s", end);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "standard");
	row.tokens[BW_TOKEN_OUTPUT] = out;
	row.tokens[BW_TOKEN_UNCACHED_INPUT] = 2 * out;
	return row;
}

static bw_store_source source_of(const char *name, const char *sha)
{
	bw_store_source s;
	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.sha256_hex, sizeof(s.sha256_hex), "%s", sha);
	snprintf(s.format, sizeof(s.format), "usage-report");
	return s;
}

static void store_rows(bw_store *store, const char *sha, const bw_usage_row *rows, size_t n)
{
	bw_store_source s = source_of("test.json", sha);
	assert_int_equal(bw_store_batch_begin(store, &s), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(bw_store_batch_add_usage(store, &rows[i]), 0);
	assert_int_equal(bw_store_batch_commit(store, (int64_t)n, 0), 0);
}

static void test_store__creates_migrates_and_reopens(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(bw_store_open(&store, path, 0), BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "bandwise ingest"));
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	assert_int_equal(bw_store_schema_version(store), BW_STORE_SCHEMA_VERSION);
	bw_store_close(store);
	assert_int_equal(bw_store_open(&store, path, 0), 0);
	assert_int_equal(bw_store_schema_version(store), BW_STORE_SCHEMA_VERSION);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

static void test_store__refuses_a_newer_schema(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(bw_store_open(&store, path, 0), BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "newer"));
	assert_null(store);
	test_rmdir_tree(dir);
}

static void test_store__upsert_never_double_counts_and_last_wins(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	bw_store_totals totals;
	bw_usage_row rows[2] = {
	    hour_row("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m", 10),
	    hour_row("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "m", 20),
	};

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	store_rows(store, "aa", rows, 2);
	store_rows(store, "bb", rows, 2);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 2);
	assert_int_equal(totals.tokens, 90);
	assert_int_equal(totals.sources, 2);
	/* A later file with a different count for the same key replaces it. */
	rows[0].tokens[BW_TOKEN_OUTPUT] = 15;
	store_rows(store, "cc", rows, 1);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 2);
	assert_int_equal(totals.tokens, 95);
	assert_int_equal(bw_store_find_source(store, "cc", NULL), 1);
	assert_int_equal(bw_store_find_source(store, "zz", NULL), 0);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

static void test_store__rollback_leaves_nothing(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	bw_store_totals totals;
	bw_usage_row row = hour_row("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m", 10);
	bw_store_source s = source_of("bad.json", "dd");

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	assert_int_equal(bw_store_batch_begin(store, &s), 0);
	assert_int_equal(bw_store_batch_begin(store, &s), BW_EUSAGE);
	assert_int_equal(bw_store_batch_add_usage(store, &row), 0);
	bw_store_batch_rollback(store);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 0);
	assert_int_equal(totals.sources, 0);
	/* Closing with an open batch rolls back too. */
	assert_int_equal(bw_store_batch_begin(store, &s), 0);
	assert_int_equal(bw_store_batch_add_usage(store, &row), 0);
	bw_store_close(store);
	assert_int_equal(bw_store_open(&store, path, 0), 0);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 0);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

static void test_store__hours_sum_into_days_and_overlaps_are_found(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512], s[BW_USAGE_TIME_MAX], e[BW_USAGE_TIME_MAX];
	bw_store *store = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_usage_row rows[3] = {
	    hour_row("2026-03-01T22:00:00Z", "2026-03-01T23:00:00Z", "m", 1),
	    hour_row("2026-03-01T23:00:00Z", "2026-03-02T00:00:00Z", "m", 2),
	    hour_row("2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z", "m", 4),
	};

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	store_rows(store, "ee", rows, 3);
	assert_int_equal(bw_store_daily_usage(store, &daily), 0);
	assert_int_equal(daily.count, 2);
	assert_string_equal(daily.items[0].bucket_start, "2026-03-01T00:00:00Z");
	assert_string_equal(daily.items[0].bucket_end, "2026-03-02T00:00:00Z");
	assert_int_equal(daily.items[0].tokens[BW_TOKEN_OUTPUT], 3);
	assert_int_equal(daily.items[1].tokens[BW_TOKEN_OUTPUT], 4);
	assert_int_equal(bw_store_usage_span(store, s, e), 0);
	assert_string_equal(s, "2026-03-01T22:00:00Z");
	assert_string_equal(e, "2026-03-02T01:00:00Z");
	/* A daily bucket over the same hours overlaps; the same hour does not. */
	assert_int_equal(
	    bw_store_find_overlap(store, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", s, e), 1);
	assert_string_equal(s, "2026-03-01T22:00:00Z");
	assert_int_equal(
	    bw_store_find_overlap(store, "2026-03-01T22:00:00Z", "2026-03-01T23:00:00Z", s, e), 0);
	assert_int_equal(
	    bw_store_find_overlap(store, "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z", s, e), 0);
	/* The first look over a file's span: any row inside, the same hour
	 * included; spans that only touch the rows' ends have none. */
	assert_int_equal(bw_store_has_usage(store, "2026-03-01T22:00:00Z", "2026-03-01T23:00:00Z"),
	                 1);
	assert_int_equal(bw_store_has_usage(store, "2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z"),
	                 1);
	assert_int_equal(bw_store_has_usage(store, "2026-03-01T00:00:00Z", "2026-03-01T22:00:00Z"),
	                 0);
	assert_int_equal(bw_store_has_usage(store, "2026-03-02T01:00:00Z", "2026-03-03T00:00:00Z"),
	                 0);
	bw_usage_rows_dispose(&daily);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

/* Of several overlapping buckets, the one reported is the first by start
 * (then end), whatever order they were stored in and whichever index the
 * database reads: A ends first but starts later than B, and is stored
 * first; B is reported. The same for the other kind of source: the first
 * bucket, and of its sources the one stored first. */
static void test_store__the_overlap_reported_is_the_first(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512], s[BW_USAGE_TIME_MAX], e[BW_USAGE_TIME_MAX], name[512];
	bw_store *store = NULL;
	bw_usage_row a = hour_row("2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z", "m", 1);
	bw_usage_row b = hour_row("2026-03-01T02:00:00Z", "2026-03-01T20:00:00Z", "m", 2);

	snprintf(path, sizeof(path), "%s/o.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	store_rows(store, "a1", &a, 1);
	store_rows(store, "b2", &b, 1);
	assert_int_equal(
	    bw_store_find_overlap(store, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", s, e), 1);
	assert_string_equal(s, "2026-03-01T02:00:00Z");
	assert_string_equal(e, "2026-03-01T20:00:00Z");
	/* The same start twice: the shorter bucket first. */
	bw_usage_row b_short = hour_row("2026-03-01T02:00:00Z", "2026-03-01T03:00:00Z", "n", 2);
	store_rows(store, "c3", &b_short, 1);
	assert_int_equal(
	    bw_store_find_overlap(store, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", s, e), 1);
	assert_string_equal(s, "2026-03-01T02:00:00Z");
	assert_string_equal(e, "2026-03-01T03:00:00Z");

	bw_store_close(store);

	/* Report rows met by a request log, in a store of their own: the first
	 * bucket's (SQLite reads them by end here, so A's would come first),
	 * and of its sources the one stored first, not the first by name. */
	snprintf(path, sizeof(path), "%s/k.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	const char *names[] = {"z-a.json", "b.json", "a-later.json"};
	const bw_usage_row *rows[] = {&a, &b, &b};
	for (int i = 0; i < 3; i++) {
		char sha[16];
		snprintf(sha, sizeof(sha), "k%d", i);
		bw_store_source src = source_of(names[i], sha);
		bw_usage_row row = *rows[i];
		row.model[0] = (char)('p' + i); /* keys of their own */
		assert_int_equal(bw_store_batch_begin(store, &src), 0);
		assert_int_equal(bw_store_batch_add_usage(store, &row), 0);
		assert_int_equal(bw_store_batch_commit(store, 1, 0), 0);
	}
	assert_int_equal(bw_store_find_other_kind(store, "2026-03-01T00:00:00Z",
	                                          "2026-03-02T00:00:00Z", 1, s, name),
	                 1);
	assert_string_equal(s, "2026-03-01T02:00:00Z");
	assert_string_equal(name, "b.json");
	bw_store_close(store);
	test_rmdir_tree(dir);
}

/* A version-1 file (usage keyed without a stream) keeps its rows when
 * opened, and request-log rows of another file add to them. */
static void test_store__migrates_version_1_keeping_rows(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	sqlite3 *db = NULL;
	bw_store_totals totals;

	snprintf(path, sizeof(path), "%s/v1.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        "CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT "
	        "NULL UNIQUE,"
	        " format TEXT NOT NULL, usage_rows INTEGER NOT NULL DEFAULT 0, cost_rows INTEGER "
	        "NOT NULL"
	        " DEFAULT 0, ingested_at TEXT NOT NULL);"
	        "CREATE TABLE usage (bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL, model "
	        "TEXT NOT NULL,"
	        " workspace_id TEXT NOT NULL, api_key_id TEXT NOT NULL, account_id TEXT NOT NULL,"
	        " service_account_id TEXT NOT NULL, service_tier TEXT NOT NULL, context_window "
	        "TEXT NOT NULL,"
	        " inference_geo TEXT NOT NULL, speed TEXT NOT NULL, uncached_input_tokens INTEGER "
	        "NOT NULL,"
	        " cache_write_5m_tokens INTEGER NOT NULL, cache_write_1h_tokens INTEGER NOT NULL,"
	        " cache_read_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,"
	        " web_search_requests INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES "
	        "source(id),"
	        " UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,"
	        " service_account_id, service_tier, context_window, inference_geo, speed));"
	        "CREATE INDEX usage_by_end ON usage (bucket_end);"
	        "CREATE TABLE cost (bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL, "
	        "workspace_id TEXT"
	        " NOT NULL, description TEXT NOT NULL, cost_type TEXT NOT NULL, model TEXT NOT "
	        "NULL,"
	        " token_type TEXT NOT NULL, service_tier TEXT NOT NULL, context_window TEXT NOT "
	        "NULL,"
	        " inference_geo TEXT NOT NULL, currency TEXT NOT NULL, amount_microcents INTEGER "
	        "NOT NULL,"
	        " source_id INTEGER NOT NULL REFERENCES source(id), UNIQUE (bucket_start, "
	        "bucket_end,"
	        " workspace_id, description, cost_type, model, token_type, service_tier, "
	        "context_window,"
	        " inference_geo));"
	        "INSERT INTO source VALUES (1, 'old.json', 'aa', 'usage-report', 1, 0, "
	        "'2026-01-01T00:00:00Z');"
	        "INSERT INTO usage VALUES ('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'm', "
	        "'', '', '', '',"
	        " 'standard', '0-200k', '', '', 7, 0, 0, 0, 3, 0, 1);"
	        "INSERT INTO cost VALUES ('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '', 'd',"
	        " 'tokens', 'm', 'output_tokens', '', '', '', 'USD', 5000000, 1);"
	        "PRAGMA user_version = 1;",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(bw_store_open(&store, path, 0), 0);
	assert_int_equal(bw_store_schema_version(store), BW_STORE_SCHEMA_VERSION);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 1);
	assert_int_equal(totals.tokens, 10);
	/* The old cost row keeps its amount and has no list amount (schema 5). */
	bw_cost_list_totals list;
	assert_int_equal(bw_store_cost_list_totals(store, NULL, NULL, &list), 0);
	assert_int_equal(list.rows, 0);
	assert_int_equal(totals.cost_microcents, 5000000);

	/* Two request-log files with the same day and key: both count. */
	bw_usage_row row = hour_row("2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "m", 5);
	const char *shas[] = {"bb", "cc"};
	for (int i = 0; i < 2; i++) {
		bw_store_source source;
		memset(&source, 0, sizeof(source));
		snprintf(source.name, sizeof(source.name), "log%d.jsonl", i);
		snprintf(source.sha256_hex, sizeof(source.sha256_hex), "%s", shas[i]);
		snprintf(source.format, sizeof(source.format), "messages");
		source.request_level = 1;
		assert_int_equal(bw_store_batch_begin(store, &source), 0);
		assert_int_equal(bw_store_batch_add_usage(store, &row), 0);
		assert_int_equal(bw_store_batch_commit_requests(store, 1, 0, 1), 0);
	}
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 3);
	char found[BW_USAGE_TIME_MAX], source_name[512];
	assert_int_equal(bw_store_find_other_kind(store, "2026-01-01T00:00:00Z",
	                                          "2026-01-02T00:00:00Z", 1, found, source_name),
	                 1);
	assert_string_equal(source_name, "old.json");
	assert_int_equal(bw_store_find_other_kind(store, "2026-02-01T00:00:00Z",
	                                          "2026-02-02T00:00:00Z", 1, found, source_name),
	                 0);
	assert_int_equal(bw_store_find_other_kind(store, "2026-02-01T00:00:00Z",
	                                          "2026-02-02T00:00:00Z", 0, found, source_name),
	                 1);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

/* Cost rows with a list amount (the Analytics API's) round-trip; the
 * totals count only those, within the window; the daily sums carry a list
 * amount only where the rows summed had one. */
static void test_store__cost_list_amounts(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	bw_cost_row rows[3];
	snprintf(path, sizeof(path), "%s/s.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	memset(rows, 0, sizeof(rows));
	const char *days[] = {"2026-01-01", "2026-01-01", "2026-02-01"};
	for (int i = 0; i < 3; i++) {
		snprintf(rows[i].bucket_start, sizeof(rows[i].bucket_start), "%sT00:00:00Z",
		         days[i]);
		snprintf(rows[i].bucket_end, sizeof(rows[i].bucket_end), "%sT23:59:59Z", days[i]);
		snprintf(rows[i].token_type, sizeof(rows[i].token_type), "t%d", i % 2);
		snprintf(rows[i].currency, sizeof(rows[i].currency), "USD");
		rows[i].amount_microcents = 800000000;
		rows[i].list_amount_microcents = 1000000000;
		rows[i].has_list_amount = i != 1;
	}
	snprintf(rows[2].token_type, sizeof(rows[2].token_type), "t0");
	bw_store_source s = source_of("cost.json", "dd");
	assert_int_equal(bw_store_batch_begin(store, &s), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(bw_store_batch_add_cost(store, &rows[i]), 0);
	assert_int_equal(bw_store_batch_commit(store, 0, 3), 0);

	bw_cost_list_totals t;
	assert_int_equal(bw_store_cost_list_totals(store, NULL, NULL, &t), 0);
	assert_int_equal(t.rows, 2);
	assert_int_equal(t.amount_microcents, 1600000000);
	assert_int_equal(t.list_amount_microcents, 2000000000);
	assert_int_equal(bw_store_cost_list_totals(store, "2026-01-15T00:00:00Z", NULL, &t), 0);
	assert_int_equal(t.rows, 1);
	assert_int_equal(bw_store_cost_list_totals(store, NULL, "2026-01-15T00:00:00Z", &t), 0);
	assert_int_equal(t.rows, 1);

	bw_cost_row *daily = NULL;
	size_t n = 0;
	assert_int_equal(bw_store_daily_cost(store, &daily, &n), 0);
	assert_int_equal(n, 3);
	int with = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(daily[i].token_type, "t1") == 0)
			assert_false(daily[i].has_list_amount);
		else if (daily[i].has_list_amount) {
			with++;
			assert_int_equal(daily[i].list_amount_microcents, 1000000000);
		}
	}
	assert_int_equal(with, 2);
	free(daily);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

/* Two processes ingesting the same file: both looked, neither found it;
 * the second to take the write lock sees the first one's commit and is
 * told "already stored" (1), not SQLite's UNIQUE constraint. */
static void test_store__same_source_stored_meanwhile(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *a = NULL, *b = NULL;
	bw_usage_row row = hour_row("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m", 5);
	bw_store_source s = source_of("same.json", "abc123");

	snprintf(path, sizeof(path), "%s/c.db", dir);
	assert_int_equal(bw_store_open(&a, path, BW_STORE_CREATE), 0);
	assert_int_equal(bw_store_open(&b, path, 0), 0);
	assert_int_equal(bw_store_find_source(a, "abc123", NULL), 0); /* a looks first */
	store_rows(b, "abc123", &row, 1);                             /* b stores it */
	assert_int_equal(bw_store_batch_begin(a, &s), 1);
	/* No batch is left open: a can write another source. */
	store_rows(a, "def456", &row, 1);
	bw_store_totals totals;
	assert_int_equal(bw_store_totals_get(a, &totals), 0);
	assert_int_equal(totals.sources, 2);
	bw_store_close(a);
	bw_store_close(b);
	test_rmdir_tree(dir);
}

/* forget: by name or fingerprint prefix, all or nothing, in one transaction. */
static void test_store__forget(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	bw_store *store = NULL;
	bw_usage_row r1 = hour_row("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m", 5);
	bw_usage_row r2 = hour_row("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "m", 7);
	bw_store_source_info *list = NULL, *gone = NULL;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/f.db", dir);
	assert_int_equal(bw_store_open(&store, path, BW_STORE_CREATE), 0);
	store_rows(store, "aaaa1111", &r1, 1);
	store_rows(store, "bbbb2222", &r2, 1);
	assert_int_equal(bw_store_sources(store, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].rows, 1);
	assert_string_equal(list[1].first_start, "2026-01-02T00:00:00Z");
	assert_string_equal(list[1].last_end, "2026-01-03T00:00:00Z");
	free(list);

	const char *unknown[] = {"bbbb", "nope"};
	assert_int_equal(bw_store_forget(store, unknown, 2, &gone, &n), BW_ENOTFOUND);
	assert_non_null(strstr(bw_error_last(), "'nope'"));
	const char *short_prefix[] = {"bbb"};
	assert_int_equal(bw_store_forget(store, short_prefix, 1, &gone, &n), BW_ENOTFOUND);
	assert_int_equal(bw_store_sources(store, &list, &n), 0);
	assert_int_equal(n, 2); /* nothing removed */
	free(list);

	const char *by_prefix[] = {"bbbb"};
	assert_int_equal(bw_store_forget(store, by_prefix, 1, &gone, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gone[0].source.sha256_hex, "bbbb2222");
	free(gone);
	bw_store_totals totals;
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 1);
	assert_int_equal(totals.sources, 1);

	const char *by_name[] = {"test.json"};
	assert_int_equal(bw_store_forget(store, by_name, 1, NULL, NULL), 0);
	assert_int_equal(bw_store_totals_get(store, &totals), 0);
	assert_int_equal(totals.usage_rows, 0);
	assert_int_equal(totals.sources, 0);
	bw_store_close(store);
	test_rmdir_tree(dir);
}

/* The generation at the start of a state token ("g<N> ..."). */
static long long generation_of(const char *state)
{
	long long g = -1;
	assert_int_equal(sscanf(state, "g%lld ", &g), 1);
	return g;
}

/* The store's state changes with every committed write, this connection's
 * or another's (another process), and not with reads or a rollback; the
 * generation, which is all a PostgreSQL store has, counts each write. */
static void test_store__state_changes_with_every_write_only(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), path[512];
	char s0[BW_STORE_STATE_MAX], s1[BW_STORE_STATE_MAX], s2[BW_STORE_STATE_MAX];
	bw_store *a = NULL, *b = NULL, *reader = NULL;
	bw_usage_row r1 = hour_row("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m", 5);
	bw_usage_row r2 = hour_row("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "m", 7);
	bw_usage_rows daily = BW_USAGE_ROWS_INIT;
	bw_store_source_info *list = NULL;
	bw_store_totals totals;
	char found_start[BW_USAGE_TIME_MAX], found_end[BW_USAGE_TIME_MAX];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/s.db", dir);
	assert_int_equal(bw_store_open(&a, path, BW_STORE_CREATE), 0);
	assert_int_equal(bw_store_state(a, s0), 0);
	long long g0 = generation_of(s0);

	/* An ingest. */
	store_rows(a, "aaaa1111", &r1, 1);
	assert_int_equal(bw_store_state(a, s1), 0);
	assert_string_not_equal(s0, s1);
	assert_int_equal(generation_of(s1), g0 + 1);

	/* Reads, on this connection and on a read-only one, change nothing. */
	assert_int_equal(bw_store_open(&reader, path, BW_STORE_READ_ONLY), 0);
	assert_int_equal(bw_store_daily_usage(reader, &daily), 0);
	assert_int_equal(bw_store_sources(reader, &list, &n), 0);
	free(list);
	assert_int_equal(bw_store_totals_get(a, &totals), 0);
	assert_int_equal(bw_store_find_overlap(a, "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z",
	                                       found_start, found_end),
	                 1);
	assert_int_equal(bw_store_state(reader, s2), 0);
	assert_int_equal(generation_of(s2), generation_of(s1));
	assert_int_equal(bw_store_state(a, s2), 0);
	assert_string_equal(s1, s2);

	/* A batch rolled back is no write. */
	bw_store_source s = source_of("gone.json", "cccc3333");
	assert_int_equal(bw_store_batch_begin(a, &s), 0);
	assert_int_equal(bw_store_batch_add_usage(a, &r2), 0);
	bw_store_batch_rollback(a);
	assert_int_equal(bw_store_state(a, s2), 0);
	assert_string_equal(s1, s2);

	/* Another connection's ingest is seen by this one and by the reader. */
	assert_int_equal(bw_store_open(&b, path, 0), 0);
	store_rows(b, "bbbb2222", &r2, 1);
	assert_int_equal(bw_store_state(a, s2), 0);
	assert_int_equal(generation_of(s2), g0 + 2);
	assert_int_equal(bw_store_state(reader, s1), 0);
	assert_int_equal(generation_of(s1), g0 + 2);

	/* A forget, and a pull's cursor. */
	const char *which[] = {"bbbb"};
	assert_int_equal(bw_store_forget(a, which, 1, NULL, NULL), 0);
	assert_int_equal(bw_store_state(reader, s1), 0);
	assert_int_equal(generation_of(s1), g0 + 3);
	assert_int_equal(bw_store_pull_cursor_set(b, "/v1/usage", "q", "page2", 1), 0);
	assert_int_equal(bw_store_state(reader, s2), 0);
	assert_int_equal(generation_of(s2), g0 + 4);
	/* A forget that finds nothing writes nothing. */
	const char *unknown[] = {"nope"};
	assert_int_equal(bw_store_forget(a, unknown, 1, NULL, NULL), BW_ENOTFOUND);
	assert_int_equal(bw_store_state(reader, s1), 0);
	assert_string_equal(s1, s2);
	bw_store_close(reader);

	/* Stores opened afresh: the same state with nothing written between,
	 * another after a write by a program that is not bandwise (its
	 * generation is the same: the file's stat tells). */
	assert_int_equal(bw_store_open(&reader, path, BW_STORE_READ_ONLY), 0);
	assert_int_equal(bw_store_state(reader, s0), 0);
	bw_store_close(reader);
	assert_int_equal(bw_store_open(&reader, path, BW_STORE_READ_ONLY), 0);
	assert_int_equal(bw_store_state(reader, s1), 0);
	bw_store_close(reader);
	assert_string_equal(s0, s1);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM pull_state", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(bw_store_open(&reader, path, BW_STORE_READ_ONLY), 0);
	assert_int_equal(bw_store_state(reader, s2), 0);
	assert_int_equal(generation_of(s2), generation_of(s1));
	assert_string_not_equal(s1, s2);

	bw_usage_rows_dispose(&daily);
	bw_store_close(reader);
	bw_store_close(a);
	bw_store_close(b);
	test_rmdir_tree(dir);
}

static void test_store__a_url_picks_postgresql(void **state)
{
	(void)state;
	assert_true(bw_store__is_pg_url("postgresql://u@h/db"));
	assert_true(bw_store__is_pg_url("postgres://h/db"));
	assert_false(bw_store__is_pg_url("bandwise.db"));
	assert_false(bw_store__is_pg_url("postgresql:/h/db"));
	assert_false(bw_store__is_pg_url("./postgresql://x"));
	assert_false(bw_store__is_pg_url("POSTGRESQL://h/db")); /* a file of that name */
	/* libpq's key=value form: the first word a keyword and '='. */
	assert_true(bw_store__is_pg_url("host=127.0.0.1 dbname=team"));
	assert_true(bw_store__is_pg_url("  dbname = team"));
	assert_true(bw_store__is_pg_url("service=bw"));
	assert_false(bw_store__is_pg_url("./host=x.db"));
	assert_false(bw_store__is_pg_url("my store.db"));
	assert_false(bw_store__is_pg_url("=x"));
	assert_false(bw_store__is_pg_url("2x=y.db"));
	assert_ptr_equal(bw_store__backend_for("host=h dbname=d"), &bw_store__pg);
	assert_ptr_equal(bw_store__backend_for("postgres://h/db"), &bw_store__pg);
	assert_ptr_equal(bw_store__backend_for("/tmp/b.db"), &bw_store__sqlite);
}

static void test_store__a_url_is_shown_without_its_password(void **state)
{
	(void)state;
	char out[256];
	bw_store__shown("postgresql://bw:s3cret@127.0.0.1:5432/team", out, sizeof(out));
	assert_string_equal(out, "postgresql://bw@127.0.0.1:5432/team");
	/* The last '@' ends the userinfo; a ':' in the password stays hidden. */
	bw_store__shown("postgres://bw:a:b@c@host/db?sslmode=require", out, sizeof(out));
	assert_string_equal(out, "postgres://bw@host/db?sslmode=require");
	bw_store__shown("postgresql://host/db?password=pw&sslmode=disable&x=1", out, sizeof(out));
	assert_string_equal(out, "postgresql://host/db?sslmode=disable&x=1");
	bw_store__shown("postgresql://host/db?sslmode=disable&password=pw", out, sizeof(out));
	assert_string_equal(out, "postgresql://host/db?sslmode=disable");
	bw_store__shown("postgresql://bw@host/db", out, sizeof(out));
	assert_string_equal(out, "postgresql://bw@host/db");
	/* An '@' in the path is not userinfo. */
	bw_store__shown("postgresql://host/d@b", out, sizeof(out));
	assert_string_equal(out, "postgresql://host/d@b");
	bw_store__shown("./my:db@x.db", out, sizeof(out));
	assert_string_equal(out, "./my:db@x.db");
	bw_store__shown("postgresql://bw:s3cret@127.0.0.1:5432/team", out, 12);
	assert_string_equal(out, "postgresql:");
	/* key=value: every pair but the password's, as typed. */
	bw_store__shown("host=127.0.0.1 password=s3cret  dbname=team", out, sizeof(out));
	assert_string_equal(out, "host=127.0.0.1 dbname=team");
	bw_store__shown("password = 'a b\\' c' user=bw dbname='my db'", out, sizeof(out));
	assert_string_equal(out, "user=bw dbname='my db'");
	bw_store__shown("dbname=team password=", out, sizeof(out));
	assert_string_equal(out, "dbname=team");
}

static void test_store__messages_lose_the_password(void **state)
{
	(void)state;
	char message[256];
	snprintf(message, sizeof(message), "bad URI: \"postgresql://bw:pw9@[::1\" (pw9)");
	bw_store__scrub(message, sizeof(message), "postgresql://bw:pw9@[::1",
	                "postgresql://bw@[::1");
	assert_string_equal(message, "bad URI: \"postgresql://bw@[::1\" (***)");
	snprintf(message, sizeof(message), "invalid percent-encoded token: \"s%%zz\"");
	bw_store__scrub(message, sizeof(message), "postgresql://h/db?password=s%zz&a=1",
	                "postgresql://h/db?a=1");
	assert_string_equal(message, "invalid percent-encoded token: \"***\"");
	/* key=value: the password as typed and as read (quotes and escapes
	 * gone), and the whole string by its shown form. */
	const char *conninfo = "host=h password='pw\\'9 x' dbname=d";
	snprintf(message, sizeof(message), "bad \"%s\", read pw'9 x", conninfo);
	bw_store__scrub(message, sizeof(message), conninfo, "host=h dbname=d");
	assert_string_equal(message, "bad \"host=h dbname=d\", read ***");
	snprintf(message, sizeof(message), "near password=s3cret-pw: error");
	bw_store__scrub(message, sizeof(message), "password=s3cret-pw host=h", "host=h");
	assert_string_equal(message, "near password=***: error");
}

static void test_store__an_unreachable_postgresql_store(void **state)
{
	(void)state;
	bw_store *store = NULL;
	/* Port 9 (discard) on loopback: nothing listens there in a test. */
	assert_int_equal(bw_store_open(&store, "postgresql://bw:s3cret-pw@127.0.0.1:9/team", 0),
	                 BW_EIO);
	assert_null(store);
	assert_non_null(
	    strstr(bw_error_last(), "postgresql://bw@127.0.0.1:9/team: cannot connect"));
	assert_null(strstr(bw_error_last(), "s3cret-pw"));
	assert_int_equal(bw_store_open(&store, "postgresql://bw:s3cret-pw@127.0.0.1:x/team", 0),
	                 BW_EIO);
	assert_null(strstr(bw_error_last(), "s3cret-pw"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_store__creates_migrates_and_reopens),
	    cmocka_unit_test(test_store__refuses_a_newer_schema),
	    cmocka_unit_test(test_store__migrates_version_1_keeping_rows),
	    cmocka_unit_test(test_store__cost_list_amounts),
	    cmocka_unit_test(test_store__upsert_never_double_counts_and_last_wins),
	    cmocka_unit_test(test_store__rollback_leaves_nothing),
	    cmocka_unit_test(test_store__hours_sum_into_days_and_overlaps_are_found),
	    cmocka_unit_test(test_store__the_overlap_reported_is_the_first),
	    cmocka_unit_test(test_store__same_source_stored_meanwhile),
	    cmocka_unit_test(test_store__forget),
	    cmocka_unit_test(test_store__state_changes_with_every_write_only),
	    cmocka_unit_test(test_store__a_url_picks_postgresql),
	    cmocka_unit_test(test_store__a_url_is_shown_without_its_password),
	    cmocka_unit_test(test_store__messages_lose_the_password),
	    cmocka_unit_test(test_store__an_unreachable_postgresql_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

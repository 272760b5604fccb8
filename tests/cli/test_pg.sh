# `bandwise ingest --pg`: LiteLLM's SpendLogs read from a real PostgreSQL
# server, started here on 127.0.0.1 (a throwaway cluster in a temporary
# directory), with the table created and rows loaded by psql.
. tests/cli/lib.sh

. tests/cli/pg_server.sh
pg_start
case $? in
1)
	skip "ingest --pg" "no PostgreSQL server installed (make deps-test installs Debian's postgresql)"
	exit 0
	;;
2)
	fail "start a PostgreSQL server" "$(tail -5 $PG_LOG 2>/dev/null)"
	exit 0
	;;
esac
pass "start a PostgreSQL server on 127.0.0.1:$PG_PORT"
URL=$PG_URL
sql() { psql "$URL" -v ON_ERROR_STOP=1 -q -c "$1" >/dev/null; }

# The table as LiteLLM's schema.prisma declares the columns bandwise reads.
sql 'CREATE TABLE "LiteLLM_SpendLogs" (request_id text PRIMARY KEY, call_type text NOT NULL DEFAULT '"''"',
  api_key text NOT NULL DEFAULT '"''"', spend double precision NOT NULL DEFAULT 0,
  total_tokens integer NOT NULL DEFAULT 0, prompt_tokens integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0, "startTime" timestamp(3) NOT NULL, "endTime" timestamp(3) NOT NULL,
  model text NOT NULL DEFAULT '"''"', model_group text, custom_llm_provider text, metadata jsonb DEFAULT '"'{}'"',
  team_id text)'
sql "INSERT INTO \"LiteLLM_SpendLogs\" VALUES
  ('r1', 'acompletion', 'hashed_k1', 0.01, 1300, 1200, 100, '2026-03-01 10:00:00.123', '2026-03-01 10:00:01', 'claude-sonnet-4-5-20250929', 'claude-sonnet', 'anthropic', '{\"usage_object\": {\"cache_read_input_tokens\": 800, \"cache_creation_input_tokens\": 100}}', 'team_x'),
  ('r2', 'acompletion', 'hashed_k2', 0.02, 600, 500, 100, '2026-03-01 10:01:00', '2026-03-01 10:01:02', 'gpt-4o', 'gpt-4o', 'openai', '{}', 'team_x'),
  ('r3', 'anthropic_messages', 'hashed_k1', 0.01, 260, 250, 10, '2026-03-02 12:00:00', '2026-03-02 12:00:01', 'anthropic/claude-haiku-4-5', 'claude-haiku', 'anthropic', '{\"usage_object\": {\"cache_creation_input_tokens\": 50}}', NULL),
  ('r4', 'acompletion', 'hashed_k1', 0.01, 99, 90, 9, '2026-03-05 00:00:00', '2026-03-05 00:00:01', 'claude-haiku-4-5', 'claude-haiku', 'anthropic', NULL, 'team_y')"
pass "create LiteLLM_SpendLogs and load rows"

totals() {
	$BW usage --db "$1" --json | python3 -c "
import json, sys
d = json.load(sys.stdin); t = {}
for bm in [bm for m in d['months'] for bm in m['by_model']] + d['unpriced']:
    for k, v in bm['tokens'].items(): t[k] = t.get(k, 0) + v
print('in=%d read=%d write=%d out=%d' % (t.get('uncached_input_tokens', 0), t.get('cache_read_input_tokens', 0), t.get('cache_creation.ephemeral_5m_input_tokens', 0), t.get('output_tokens', 0)))"
}
DB="$TMP/pg.db"
expect_status "ingest --pg, two days" 0 $BW ingest --pg "$URL" --since 2026-03-01 --until 2026-03-03 --db "$DB"
expect_grep "ingest --pg: 2 requests, the OpenAI row left out" "$TMP/out" 'litellm-csv, 2 requests summed .* over 2 days'
got=$(totals "$DB")
# r1: 1200 - 800 - 100 = 300 uncached; r3: 250 - 50 = 200.
if [ "$got" = "in=500 read=800 write=150 out=110" ]; then pass "ingest --pg: totals by hand"; else fail "ingest --pg: totals by hand" "$got"; fi
expect_status "ingest --pg again: the same rows" 0 $BW ingest --pg "$URL" --since 2026-03-01 --until 2026-03-03 --db "$DB"
expect_grep "ingest --pg again: recognised" "$TMP/out" 'already ingested'

sql "INSERT INTO \"LiteLLM_SpendLogs\" (request_id, prompt_tokens, completion_tokens, \"startTime\", \"endTime\", model, custom_llm_provider)
  VALUES ('r5', 1000, 10, '2026-03-01 23:59:59.999', '2026-03-02 00:00:00', 'claude-sonnet-4-5-20250929', 'anthropic')"
expect_status "ingest --pg after a new row: the days are replaced" 0 $BW ingest --pg "$URL" --since 2026-03-01 --until 2026-03-03 --db "$DB"
got=$(totals "$DB")
if [ "$got" = "in=1500 read=800 write=150 out=120" ]; then pass "ingest --pg: a new row counted once, old rows not twice"; else fail "ingest --pg: a new row counted once, old rows not twice" "$got"; fi
expect_status "ingest --pg up to now" 0 $BW ingest --pg "$URL" --since 2026-03-01 --db "$DB"
got=$(totals "$DB")
if [ "$got" = "in=1590 read=800 write=150 out=129" ]; then pass "ingest --pg: overlapping ranges never double count"; else fail "ingest --pg: overlapping ranges never double count" "$got"; fi

sql "INSERT INTO \"LiteLLM_SpendLogs\" (request_id, prompt_tokens, completion_tokens, \"startTime\", \"endTime\", model, custom_llm_provider, metadata)
  VALUES ('r6-bad', 10, 1, '2026-03-06 08:00:00', '2026-03-06 08:00:01', 'claude-haiku-4-5', 'anthropic', '{\"usage_object\": {\"cache_read_input_tokens\": 500}}')"
# 10 prompt tokens can include 500 cache reads only if they are not included:
# auto reads it so; forced to "included" it is a bad row.
expect_status "ingest --pg: prompt_tokens below the cache counts, auto" 0 $BW ingest --pg "$URL" --since 2026-03-06 --db "$TMP/auto.db"
expect_status "ingest --pg: a bad row fails the pull" 2 $BW ingest --pg "$URL" --since 2026-03-06 --input-includes-cache yes --db "$DB"
expect_grep "ingest --pg: the bad row named" "$TMP/err" 'row 1 \(request_id r6-bad\): input tokens 10 are fewer than the cache reads'
expect_status "ingest --pg: no such table" 1 $BW ingest --pg "$URL" --pg-table Nope --since 2026-03-01 --db "$DB"
expect_grep "ingest --pg: the server's message" "$TMP/err" 'relation "Nope" does not exist'
expect_status "ingest --pg: nothing listening" 1 $BW ingest --pg "postgresql://bw:s3cret-pw@127.0.0.1:9/postgres" --since 2026-03-01 --db "$DB"
expect_grep "ingest --pg: says it cannot connect" "$TMP/err" 'cannot connect'
if grep -q 's3cret-pw' "$TMP/err" "$TMP/out"; then fail "ingest --pg: the password is not printed" "$(cat "$TMP/err")"; else pass "ingest --pg: the password is not printed"; fi
expect_status "ingest --pg needs whole days" 2 $BW ingest --pg "$URL" --since 2026-03-01T10:00:00Z --db "$DB"
expect_status "ingest --pg takes no FILE" 2 $BW ingest --pg "$URL" --since 2026-03-01 --db "$DB" some.jsonl

# --- push-down: --schema litellm sums in PostgreSQL, only the cube comes back ---
cube() {
	python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in c.execute("PRAGMA table_info(usage)") if r[1] not in ("source_id", "stream")]
dims = [x for x in cols if not (x.endswith("_tokens") or x.endswith("_requests"))]
sums = [x for x in cols if x not in dims]
q = "SELECT %s, %s FROM usage GROUP BY %s ORDER BY %s" % (
    ", ".join(dims), ", ".join("SUM(%s)" % s for s in sums), ", ".join(dims), ", ".join(dims))
for row in c.execute(q):
    print("\t".join(str(v) for v in row))
PY
}
# A long-context request, and cache reads under the OpenAI-style name.
sql "INSERT INTO \"LiteLLM_SpendLogs\" (request_id, api_key, prompt_tokens, completion_tokens, \"startTime\", \"endTime\", model, custom_llm_provider, metadata, team_id)
  VALUES ('r7', 'hashed_k2', 230000, 500, '2026-03-07 09:00:00', '2026-03-07 09:00:09', 'claude-sonnet-4-5-20250929', 'anthropic', '{\"usage_object\": {\"cache_read_input_tokens\": 20000}}', 'team_x'),
         ('r8', 'hashed_k2', 3000, 50, '2026-03-07 10:00:00', '2026-03-07 10:00:01', 'anthropic/claude-haiku-4-5', NULL, '{\"usage_object\": {\"prompt_tokens_details\": {\"cached_tokens\": 1000}}}', 'team_y')"
expect_status "ingest --pg --schema litellm: pushed down" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-01 --db "$TMP/push.db"
expect_grep "ingest --pg --schema litellm: requests and left-out rows" "$TMP/out" 'litellm, 7 requests summed .* over 5 days'
expect_status "ingest --pg row by row, the same days" 0 $BW ingest --pg "$URL" --since 2026-03-01 --db "$TMP/rows.db"
psql "$URL" -v ON_ERROR_STOP=1 -q -c "\\copy (SELECT request_id, \"startTime\", model, prompt_tokens, completion_tokens, metadata, api_key, team_id, custom_llm_provider FROM \"LiteLLM_SpendLogs\" ORDER BY request_id) TO '$TMP/spend.csv' CSV HEADER"
expect_status "the same rows as a SpendLogs CSV export" 0 $BW ingest --db "$TMP/file.db" "$TMP/spend.csv"
cube "$TMP/push.db" >"$TMP/push.cube"
cube "$TMP/rows.db" >"$TMP/rows.cube"
cube "$TMP/file.db" >"$TMP/file.cube"
if [ -s "$TMP/push.cube" ] && grep -q '200k-1M' "$TMP/push.cube" && cmp -s "$TMP/push.cube" "$TMP/rows.cube" && cmp -s "$TMP/push.cube" "$TMP/file.cube"; then
	pass "ingest --pg --schema litellm: the cube of the rows streamed and of the CSV file"
else
	fail "ingest --pg --schema litellm: the cube of the rows streamed and of the CSV file" "$(diff "$TMP/push.cube" "$TMP/rows.cube" | head -4; diff "$TMP/push.cube" "$TMP/file.cube" | head -4)"
fi
expect_status "ingest --pg --schema litellm again" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-01 --db "$TMP/push.db"
expect_grep "ingest --pg --schema litellm again: recognised" "$TMP/out" 'already ingested'
# The days split over several connections (one range each, one snapshot):
# the same cube and the same fingerprint whatever the split.
expect_status "push-down on 1 connection" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-01 --until 2026-03-10 --threads 1 --db "$TMP/split1.db"
expect_status "push-down on 8 connections" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-01 --until 2026-03-10 --threads 8 --db "$TMP/split8.db"
cube "$TMP/split1.db" >"$TMP/split1.cube"
cube "$TMP/split8.db" >"$TMP/split8.cube"
if [ -s "$TMP/split1.cube" ] && [ "$(cut -f1 "$TMP/split1.cube" | sort -u | wc -l)" -ge 3 ] && cmp -s "$TMP/split1.cube" "$TMP/split8.cube"; then
	pass "push-down: the cube of 8 ranges of days is the cube of one"
else
	fail "push-down: the cube of 8 ranges of days is the cube of one" "$(diff "$TMP/split1.cube" "$TMP/split8.cube" | head -4)"
fi
expect_status "push-down on 3 connections over the same days" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-01 --until 2026-03-10 --threads 3 --db "$TMP/split1.db"
expect_grep "push-down: another split is the same pull" "$TMP/out" 'already ingested'
# The two pulls of one table replace each other's days.
expect_status "ingest --pg row by row over a pushed-down store" 0 $BW ingest --pg "$URL" --since 2026-03-01 --db "$TMP/push.db"
cube "$TMP/push.db" >"$TMP/push2.cube"
if cmp -s "$TMP/push2.cube" "$TMP/rows.cube"; then pass "ingest --pg: row by row then pushed down, no row twice"; else
	fail "ingest --pg: row by row then pushed down, no row twice" "$(diff "$TMP/push2.cube" "$TMP/rows.cube" | head -4)"; fi
expect_status "ingest --pg --schema litellm, one day" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-07 --until 2026-03-08 --db "$TMP/push.db"
cube "$TMP/push.db" >"$TMP/push3.cube"
if cmp -s "$TMP/push3.cube" "$TMP/rows.cube"; then pass "ingest --pg --schema litellm: a re-pulled day replaces itself"; else
	fail "ingest --pg --schema litellm: a re-pulled day replaces itself" "$(diff "$TMP/push3.cube" "$TMP/rows.cube" | head -4)"; fi
expect_status "ingest --pg --schema litellm: input must include the cache, a bad row" 2 $BW ingest --pg "$URL" --schema litellm --since 2026-03-06 --until 2026-03-07 --input-includes-cache yes --db "$TMP/bad.db"
expect_grep "ingest --pg --schema litellm: the bad rows counted" "$TMP/err" '1 rows have input tokens fewer than the cache reads'
expect_status "ingest --pg --schema litellm: --max-errors passes over it" 0 $BW ingest --pg "$URL" --schema litellm --since 2026-03-06 --until 2026-03-07 --input-includes-cache yes --max-errors 1 --db "$TMP/bad.db"

# --schema litellm-daily: LiteLLM's own daily team table, already summed.
sql 'CREATE TABLE "LiteLLM_DailyTeamSpend" (id text PRIMARY KEY, team_id text, date text NOT NULL, api_key text NOT NULL,
  model text, model_group text, custom_llm_provider text, prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0, cache_read_input_tokens bigint NOT NULL DEFAULT 0,
  cache_creation_input_tokens bigint NOT NULL DEFAULT 0, spend double precision NOT NULL DEFAULT 0,
  api_requests bigint NOT NULL DEFAULT 0, successful_requests bigint NOT NULL DEFAULT 0, failed_requests bigint NOT NULL DEFAULT 0)'
sql "INSERT INTO \"LiteLLM_DailyTeamSpend\" VALUES
  ('d1', 'team_x', '2026-04-01', 'hashed_k1', 'claude-sonnet-4-5-20250929', 'sonnet', 'anthropic', 10000, 500, 6000, 1000, 0.1, 20, 20, 0),
  ('d2', 'team_x', '2026-04-01', 'hashed_k1', 'gpt-4o', 'gpt', 'openai', 5000, 100, 0, 0, 0.1, 5, 5, 0),
  ('d3', 'team_y', '2026-04-02', 'hashed_k2', 'anthropic/claude-haiku-4-5', 'haiku', 'anthropic', 300, 30, 0, 100, 0.01, 3, 3, 0),
  ('d4', 'team_y', '2026-04-03', 'hashed_k2', 'claude-haiku-4-5', 'haiku', 'anthropic', 999, 9, 0, 0, 0.01, 1, 1, 0)"
expect_status "ingest --pg --schema litellm-daily" 0 $BW ingest --pg "$URL" --schema litellm-daily --since 2026-04-01 --until 2026-04-03 --db "$TMP/daily.db"
expect_grep "ingest --pg --schema litellm-daily: two days, the OpenAI row left out" "$TMP/out" 'litellm-daily, 23 requests summed .* over 2 days'
got=$(totals "$TMP/daily.db")
# d1: 10000 - 6000 - 1000 = 3000 uncached; d3: 300 - 100 = 200.
if [ "$got" = "in=3200 read=6000 write=1100 out=530" ]; then pass "ingest --pg --schema litellm-daily: totals by hand"; else fail "ingest --pg --schema litellm-daily: totals by hand" "$got"; fi
expect_status "ingest --pg: a ClickHouse schema" 2 $BW ingest --pg "$URL" --schema langfuse --since 2026-03-01 --db "$TMP/e.db"
expect_status "ingest --schema without a database" 2 $BW ingest --schema litellm --db "$TMP/e.db" x.jsonl

# `bandwise ingest --pg`: LiteLLM's SpendLogs read from a real PostgreSQL
# server, started here on 127.0.0.1 (a throwaway cluster in a temporary
# directory), with the table created and rows loaded by psql.
. tests/cli/lib.sh

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || ! command -v psql >/dev/null 2>&1; then
	skip "ingest --pg" "no PostgreSQL server installed (make deps-test installs Debian's postgresql)"
	exit 0
fi
# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDIR="$TMP/pg"
mkdir -p "$PGDIR"
chmod 711 "$TMP"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$TMP"; }
trap stop_pg EXIT
if ! as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U bw -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1 ||
	! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGDIR -c fsync=off" \
		start >"$TMP/pgctl.log" 2>&1; then
	fail "start a PostgreSQL server" "$(tail -5 "$TMP/initdb.log" "$TMP/pgctl.log" "$PGDIR/server.log" 2>/dev/null)"
	exit 0
fi
pass "start a PostgreSQL server on 127.0.0.1:$PORT"
URL="postgresql://bw@127.0.0.1:$PORT/postgres"
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

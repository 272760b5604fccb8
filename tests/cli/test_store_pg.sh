# A team store: --db postgresql://... keeps the cube in a real PostgreSQL
# server (started here on 127.0.0.1, tests/cli/pg_server.sh). The same
# commands run on a SQLite store and on the PostgreSQL store, and their
# outputs must be byte-identical (the store's name aside); then two ingests
# at once, bad input, and the errors of a store that cannot be reached.
. tests/cli/lib.sh
. tests/cli/pg_server.sh

pg_start
case $? in
1)
	skip "team store" "no PostgreSQL server installed (make deps-test installs Debian's postgresql)"
	exit 0
	;;
2)
	fail "start a PostgreSQL server" "$(tail -5 $PG_LOG 2>/dev/null)"
	exit 0
	;;
esac
pass "start a PostgreSQL server on 127.0.0.1:$PG_PORT"
sql() { psql "$PG_URL" -v ON_ERROR_STOP=1 -qAt -c "$1"; }
for d in team logs race same mixed overlap; do sql "CREATE DATABASE $d" >/dev/null; done
PGDB="postgresql://bw@127.0.0.1:$PG_PORT/team"
SQ="$TMP/team.db"
DATA=tests/cli/data
DEMO="$TMP/demo"
$BW demo --write-data "$DEMO" >/dev/null

# The time a source was stored differs from run to run; everything else
# must not. Store names are shown as STORE.
normalize() {
	sed -e "s#$SQ#STORE#g" -e "s#$PGDB#STORE#g" -e "s#$TMP#TMP#g" \
		-e 's/"ingested_at": *"[^"]*"/"ingested_at": "T"/g' "$1"
}

# both NAME CMD ARGS...: `bandwise CMD --db STORE ARGS...` on either store,
# the status, stdout and stderr compared.
both() {
	local name=$1 cmd=$2
	shift 2
	$BW "$cmd" --db "$SQ" "$@" >"$TMP/sq.out" 2>"$TMP/sq.err" </dev/null
	local sq=$?
	$BW "$cmd" --db "$PGDB" "$@" >"$TMP/pg.out" 2>"$TMP/pg.err" </dev/null
	local pg=$?
	normalize "$TMP/sq.out" >"$TMP/sq.n"
	normalize "$TMP/pg.out" >"$TMP/pg.n"
	normalize "$TMP/sq.err" >>"$TMP/sq.n"
	normalize "$TMP/pg.err" >>"$TMP/pg.n"
	if [ "$sq" -ne "$pg" ]; then
		fail "$name" "exit $sq on SQLite, $pg on PostgreSQL: $(head -c 300 "$TMP/pg.err")"
	elif ! cmp -s "$TMP/sq.n" "$TMP/pg.n"; then
		fail "$name" "outputs differ: $(diff "$TMP/sq.n" "$TMP/pg.n" | head -6)"
	elif [ ! -s "$TMP/sq.n" ]; then
		fail "$name" "no output at all"
	else
		pass "$name (exit $sq, the same output)"
	fi
}

# both_files NAME FILE1 FILE2: two outputs written to files, compared.
both_files() {
	normalize "$2" >"$TMP/f1.n"
	normalize "$3" >"$TMP/f2.n"
	if [ -s "$TMP/f1.n" ] && cmp -s "$TMP/f1.n" "$TMP/f2.n"; then pass "$1"; else
		fail "$1" "$(diff "$TMP/f1.n" "$TMP/f2.n" | head -6)"; fi
}

expect_status "no store yet at the PostgreSQL database" 2 $BW usage --db "$PGDB"
expect_grep "no store yet: says to ingest first" "$TMP/err" "no store at $PGDB: add usage first"

# --- the same commands on both stores -------------------------------------------
both "ingest the demo's usage reports" ingest "$DEMO"/usage-report-2025-*.json "$DEMO"/usage-report-2026-0[1-6].json
both "ingest usage and cost pages" ingest "$DATA/usage-page1.json" "$DATA/cost-page1.json"
both "ingest them again: recognised" ingest "$DATA/usage-page1.json"
both "ingest a request log over report days: refused" ingest "$DATA/requests-messages.jsonl"
both "ingest the rest of the demo" ingest "$DEMO"/usage-report-2026-0[7-9].json "$DEMO"/usage-report-2026-1*.json
both "sources" sources
both "sources --json" sources --json
both "usage" usage
both "usage --json" usage --json
both "forecast --json" forecast --months 12 --seed 7 --samples 2000 --json
both "plan" plan --term 24 --seed 7 --samples 2000
both "plan --json" plan --term 24 --seed 7 --samples 2000 --json
both "backtest --json" backtest --holdout 3 --samples 1000 --json
both "offer --json" offer --samples 2000 --peers examples/peers-synthetic.csv --json examples/offer-1m-24.json examples/offer-ramp-24.json
both "track --json" track --deal examples/signed-deal.json --samples 1000 --json
both "reconcile" reconcile
both "reconcile --json" reconcile --json
$BW report --db "$SQ" --term 24 --samples 1000 --policy examples/policy.json -o "$TMP/sq.html" >/dev/null 2>&1
$BW report --db "$PGDB" --term 24 --samples 1000 --policy examples/policy.json -o "$TMP/pg.html" >/dev/null 2>&1
sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z//g' "$TMP/sq.html" "$TMP/pg.html"
both_files "report (HTML, times of ingest aside)" "$TMP/sq.html" "$TMP/pg.html"
$BW report --db "$SQ" --term 24 --samples 1000 --format csv -o "$TMP/sq-csv" >/dev/null 2>&1
$BW report --db "$PGDB" --term 24 --samples 1000 --format csv -o "$TMP/pg-csv" >/dev/null 2>&1
cat "$TMP"/sq-csv/* >"$TMP/sq.csv" 2>/dev/null
cat "$TMP"/pg-csv/* >"$TMP/pg.csv" 2>/dev/null
both_files "report --format csv" "$TMP/sq.csv" "$TMP/pg.csv"
$BW export --focus --db "$SQ" -o "$TMP/sq-focus.csv" >/dev/null 2>&1
$BW export --focus --db "$PGDB" -o "$TMP/pg-focus.csv" >/dev/null 2>&1
both_files "export --focus" "$TMP/sq-focus.csv" "$TMP/pg-focus.csv"
both "forget a source by name" forget "$DATA/usage-page1.json"
both "usage --json after forget" usage --json
both "forget: no such source" forget nosuchsource
both "re-ingest the forgotten source" ingest "$DATA/usage-page1.json"
both "sources after re-ingest" sources
both "usage --json after re-ingest" usage --json
both "request logs over report days: refused" ingest "$DATA/requests-otel.jsonl" "$DATA/requests-litellm.csv"
both "a bad file: refused" ingest "$DATA/usage-bad-tokens.json"
both "usage --json after the bad file: unchanged" usage --json
BANDWISE_DB="$PGDB" $BW usage --json >"$TMP/env.out" 2>&1
$BW usage --db "$PGDB" --json >"$TMP/flag.out" 2>&1
expect_same "BANDWISE_DB names the PostgreSQL store as --db does" "$TMP/env.out" "$TMP/flag.out"

# The schema: the same tables and columns, in the same order.
got=$(psql "$PGDB" -qAt -c "SELECT string_agg(table_name || '.' || column_name, ' ' ORDER BY table_name, ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'bandwise_schema'")
want=$(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = sorted(r[0] for r in c.execute(\"SELECT name FROM sqlite_master WHERE type = 'table'\"))
print(' '.join(t + '.' + r[1] for t in tables for r in c.execute('PRAGMA table_info(%s)' % t)))" "$SQ")
if [ -n "$got" ] && [ "$got" = "$want" ]; then pass "schema: the same tables and columns as SQLite's"; else fail "schema: the same tables and columns" "pg: $got; sqlite: $want"; fi
got=$(psql "$PGDB" -qAt -c "SELECT version FROM bandwise_schema")
want=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA user_version').fetchone()[0])" "$SQ")
if [ "$got" = "$want" ]; then pass "schema version $got on both"; else fail "schema version" "pg $got, sqlite $want"; fi

# --- request logs and a database source, in a store of their own ----------------
SQ="$TMP/logs.db"
PGDB="postgresql://bw@127.0.0.1:$PG_PORT/logs"
both "request logs of three formats" ingest "$DATA/requests-messages.jsonl" "$DATA/requests-otel.jsonl" "$DATA/requests-litellm.csv"
sql 'CREATE TABLE "LiteLLM_SpendLogs" (request_id text PRIMARY KEY, api_key text NOT NULL DEFAULT '"''"',
  prompt_tokens integer NOT NULL DEFAULT 0, completion_tokens integer NOT NULL DEFAULT 0,
  "startTime" timestamp(3) NOT NULL, model text NOT NULL DEFAULT '"''"', custom_llm_provider text,
  metadata jsonb DEFAULT '"'{}'"', team_id text)' >/dev/null
sql "INSERT INTO \"LiteLLM_SpendLogs\" VALUES
  ('r1', 'hashed_k1', 1200, 100, '2026-04-01 10:00:00', 'claude-sonnet-4-5-20250929', 'anthropic', '{\"usage_object\": {\"cache_read_input_tokens\": 800}}', 'team_x'),
  ('r2', 'hashed_k1', 250, 10, '2026-04-02 12:00:00', 'claude-haiku-4-5', 'anthropic', NULL, 'team_y')" >/dev/null
both "ingest --pg: LiteLLM's table as a source" ingest --pg "$PG_URL" --since 2026-04-01 --until 2026-04-03
sql "INSERT INTO \"LiteLLM_SpendLogs\" VALUES ('r3', 'hashed_k2', 500, 50, '2026-04-02 13:00:00', 'claude-haiku-4-5', 'anthropic', NULL, 'team_y')" >/dev/null
both "ingest --pg again after a new row: its days replaced" ingest --pg "$PG_URL" --since 2026-04-01 --until 2026-04-03
both "ingest --pg --schema litellm: pushed down over the same days" ingest --pg "$PG_URL" --schema litellm --since 2026-04-01 --until 2026-04-03
both "sources --json of logs and a database" sources --json
both "usage --json of logs and a database" usage --json
both "forget by fingerprint prefix" forget 4b0a5971
both "usage --json after forgetting a log" usage --json

# --- the overlap a refusal names: the first, on both -------------------------------
# The later hour (08:00) is stored before the earlier one (02:00); a daily
# report over both is refused naming the first, on either store, whatever
# order the rows were stored in (PostgreSQL reads this small table in that
# order, SQLite by its key).
report() { # FILE START END
	printf '{"data":[{"starting_at":"%s","ending_at":"%s","results":[{"workspace_id":null,"model":"claude-sonnet-4-5-20250929","service_tier":"standard","context_window":"0-200k","inference_geo":"not_available","uncached_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"cache_read_input_tokens":0,"output_tokens":100,"server_tool_use":{"web_search_requests":0}}]}],"has_more":false,"next_page":null}\n' "$2" "$3" >"$1"
}
report "$TMP/hour.json" 2026-03-01T08:00:00Z 2026-03-01T09:00:00Z
report "$TMP/early.json" 2026-03-01T02:00:00Z 2026-03-01T03:00:00Z
report "$TMP/day.json" 2026-03-01T00:00:00Z 2026-03-02T00:00:00Z
SQ="$TMP/overlap.db"
PGDB="postgresql://bw@127.0.0.1:$PG_PORT/overlap"
both "two hours of one day, the later first" ingest "$TMP/hour.json" "$TMP/early.json"
both "a day over them: refused, naming the same bucket" ingest "$TMP/day.json"
expect_grep "the bucket named is the first by start" "$TMP/pg.err" "overlaps the stored bucket 2026-03-01T02:00:00Z..2026-03-01T03:00:00Z"

# --- two users at once ------------------------------------------------------------
RACE="postgresql://bw@127.0.0.1:$PG_PORT/race"
# A fresh database: both also create the schema at the same moment.
$BW ingest --db "$RACE" "$DEMO"/usage-report-2025-*.json >"$TMP/r1.out" 2>&1 &
p1=$!
$BW ingest --db "$RACE" "$DEMO"/usage-report-2026-*.json >"$TMP/r2.out" 2>&1 &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
if [ $s1 -eq 0 ] && [ $s2 -eq 0 ]; then pass "two ingests of different files at once both succeed"; else
	fail "two ingests of different files at once both succeed" "exit $s1, $s2: $(head -c 300 "$TMP/r1.out" "$TMP/r2.out")"; fi
$BW ingest --db "$TMP/race.db" "$DEMO"/usage-report-*.json >/dev/null 2>&1
$BW usage --db "$TMP/race.db" --json >"$TMP/race-sq.json" 2>&1
$BW usage --db "$RACE" --json >"$TMP/race-pg.json" 2>&1
both_files "two ingests at once: both landed, as one after the other on SQLite" "$TMP/race-sq.json" "$TMP/race-pg.json"
got=$(psql "$RACE" -qAt -c "SELECT COUNT(*) FROM source")
if [ "$got" = 14 ]; then pass "two ingests at once: 14 sources"; else fail "two ingests at once: 14 sources" "$got"; fi

SAME="postgresql://bw@127.0.0.1:$PG_PORT/same"
pids=""
for i in 1 2 3; do
	$BW ingest --db "$SAME" "$DEMO"/usage-report-2026-0*.json >"$TMP/s$i.out" 2>&1 &
	pids="$pids $!"
done
ok=1
for p in $pids; do wait "$p" || ok=0; done
if [ $ok = 1 ]; then pass "the same files by three ingests at once: all succeed"; else fail "the same files three times at once" "$(cat "$TMP"/s*.out | head -c 400)"; fi
got=$(psql "$SAME" -qAt -c "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM source")
if [ "$got" = "9|9" ]; then pass "the same files three times at once: stored once"; else fail "the same files three times at once: stored once" "$got"; fi
$BW ingest --db "$TMP/same.db" "$DEMO"/usage-report-2026-0*.json >/dev/null 2>&1
$BW usage --db "$TMP/same.db" --json >"$TMP/same-sq.json" 2>&1
$BW usage --db "$SAME" --json >"$TMP/same-pg.json" 2>&1
both_files "the same files three times at once: counted once" "$TMP/same-sq.json" "$TMP/same-pg.json"

# --- serve reads the PostgreSQL store read-only, and sees other users' writes -------
SQ="$TMP/team.db"
PGDB="postgresql://bw@127.0.0.1:$PG_PORT/team"
if command -v curl >/dev/null; then
	$BW serve --port 0 --db "$PGDB" >"$TMP/serve.out" 2>"$TMP/serve.err" &
	SERVE=$!
	SURL=""
	for _ in $(seq 1 100); do
		SURL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.out" 2>/dev/null | head -1)
		[ -n "$SURL" ] && break
		sleep 0.1
	done
	if [ -z "$SURL" ]; then
		fail "serve on the PostgreSQL store starts" "$(head -c 300 "$TMP/serve.err")"
	else
		curl -s "${SURL}api/forecast?months=12&samples=1000" >"$TMP/f1.json"
		$BW forecast --db "$PGDB" --months 12 --samples 1000 --json >"$TMP/f1.cli" 2>&1
		expect_same "serve on PostgreSQL: /api/forecast is forecast --json" "$TMP/f1.json" "$TMP/f1.cli"
		# Another user stores a month more while serve runs.
		$BW forget --db "$PGDB" "$DEMO/usage-report-2026-10.json" >/dev/null 2>&1
		curl -s "${SURL}api/forecast?months=12&samples=1000" >"$TMP/f2.json"
		$BW forecast --db "$PGDB" --months 12 --samples 1000 --json >"$TMP/f2.cli" 2>&1
		if ! cmp -s "$TMP/f1.cli" "$TMP/f2.cli" && cmp -s "$TMP/f2.json" "$TMP/f2.cli"; then
			pass "serve on PostgreSQL: a forecast after another user's change is of the new state"
		else
			fail "serve on PostgreSQL: a forecast after another user's change is of the new state" "$(diff "$TMP/f2.json" "$TMP/f2.cli" | head -4)"
		fi
		$BW ingest --db "$PGDB" "$DEMO/usage-report-2026-10.json" >/dev/null 2>&1
	fi
	kill "$SERVE" 2>/dev/null
	wait "$SERVE" 2>/dev/null
fi

# --- what cannot be reached, and who may not write ------------------------------------
rows() { psql "$PGDB" -qAt -c "SELECT (SELECT COUNT(*) FROM source) || ' ' || (SELECT COUNT(*) FROM usage) || ' ' || (SELECT COUNT(*) FROM cost)"; }
before=$(rows)
secret_free() {
	if grep -q 's3cret-pw' "$TMP/out" "$TMP/err"; then fail "$1: the password is not printed" "$(cat "$TMP/err")"; else
		pass "$1: the password is not printed"; fi
}
expect_status "a bad URL" 1 $BW usage --db "postgresql://bw:s3cret-pw@127.0.0.1:notaport/team"
expect_grep "a bad URL: the store and what failed" "$TMP/err" "postgresql://bw@127.0.0.1:notaport/team: cannot connect to the store: .*port"
secret_free "a bad URL"
expect_status "nothing listening" 1 $BW ingest --db "postgres://bw:s3cret-pw@127.0.0.1:9/team?password=s3cret-pw&connect_timeout=5" "$DATA/usage-page2.json"
expect_grep "nothing listening: the store and what failed" "$TMP/err" "postgres://bw@127.0.0.1:9/team\?connect_timeout=5: cannot connect to the store: .*(refused|failed)"
secret_free "nothing listening"
expect_status "ingest --pg from a URL libpq cannot read" 1 $BW ingest --db "$TMP/e.db" --pg "postgresql://bw:s3cret-pw@[::1" --since 2026-01-01
secret_free "ingest --pg from a URL libpq cannot read"
# libpq's key=value form names the same store as the URL.
KV="host=127.0.0.1 port=$PG_PORT user=bw dbname=team"
$BW usage --db "$KV" --json >"$TMP/kv.out" 2>&1
$BW usage --db "$PGDB" --json >"$TMP/url.out" 2>&1
expect_same "--db host=... dbname=...: the same store as its URL" "$TMP/kv.out" "$TMP/url.out"
BANDWISE_DB="$KV" $BW usage --json >"$TMP/kv-env.out" 2>&1
expect_same "BANDWISE_DB of the key=value form" "$TMP/kv-env.out" "$TMP/url.out"
if [ -e "host=127.0.0.1 port=$PG_PORT user=bw dbname=team" ]; then fail "key=value: no SQLite file of that name" "made"; else pass "key=value: no SQLite file of that name"; fi
expect_status "key=value: nothing listening" 1 $BW ingest --db "host=127.0.0.1 port=9 user=bw password=s3cret-pw dbname=team connect_timeout=5" "$DATA/usage-page2.json"
expect_grep "key=value: nothing listening: the store without its password" "$TMP/err" "host=127.0.0.1 port=9 user=bw dbname=team connect_timeout=5: cannot connect to the store: .*(refused|failed)"
secret_free "key=value: nothing listening"
expect_status "key=value: a keyword libpq does not know" 1 $BW usage --db "host=127.0.0.1 password='s3cret-pw' dbnmae=team"
expect_grep "key=value: the keyword named" "$TMP/err" 'host=127.0.0.1 dbnmae=team: cannot connect to the store: .*invalid connection option "dbnmae"'
secret_free "key=value: a keyword libpq does not know"
expect_status "key=value: ingest --pg from an unreachable database" 1 $BW ingest --db "$TMP/e.db" --pg "host=127.0.0.1 port=9 password=s3cret-pw dbname=x connect_timeout=5" --since 2026-01-01
secret_free "key=value: ingest --pg from an unreachable database"
expect_status "no such database" 1 $BW usage --db "postgresql://bw@127.0.0.1:$PG_PORT/nosuchdb"
expect_grep "no such database: the server says so" "$TMP/err" 'database "nosuchdb" does not exist'

# A user with a password, and one without any right on the tables.
sql "CREATE ROLE pwuser LOGIN SUPERUSER PASSWORD 'right-pw'; CREATE ROLE reader LOGIN" >/dev/null
HBA="$PGDIR/data/pg_hba.conf"
{ echo "host all pwuser 127.0.0.1/32 scram-sha-256"; cat "$HBA"; } >"$TMP/hba" && cat "$TMP/hba" >"$HBA"
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" reload >/dev/null 2>&1
sleep 1
expect_status "the right password" 0 $BW sources --db "postgresql://pwuser:right-pw@127.0.0.1:$PG_PORT/team"
expect_status "a wrong password" 1 $BW usage --db "postgresql://pwuser:s3cret-pw@127.0.0.1:$PG_PORT/team"
expect_grep "a wrong password: the store and what failed" "$TMP/err" "postgresql://pwuser@127.0.0.1:$PG_PORT/team: cannot connect to the store: .*password authentication failed"
secret_free "a wrong password"
expect_status "key=value: the right password" 0 $BW sources --db "host=127.0.0.1 port=$PG_PORT user=pwuser password=right-pw dbname=team"
expect_status "key=value: a wrong password" 1 $BW usage --db "host=127.0.0.1 port=$PG_PORT user=pwuser password='s3cret-pw' dbname=team"
expect_grep "key=value: a wrong password: the store and what failed" "$TMP/err" "host=127.0.0.1 port=$PG_PORT user=pwuser dbname=team: cannot connect to the store: .*password authentication failed"
secret_free "key=value: a wrong password"
READER="postgresql://reader@127.0.0.1:$PG_PORT/team"
expect_status "no right to read" 1 $BW usage --db "$READER"
expect_grep "no right to read: the store and what failed" "$TMP/err" "$READER: cannot read the schema version: .*permission denied"
sql "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader" -d team >/dev/null 2>&1 || psql "$PGDB" -qAt -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader" >/dev/null
psql "$PGDB" -qAt -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader" >/dev/null
$BW usage --db "$READER" --json >"$TMP/reader.json" 2>&1
$BW usage --db "$PGDB" --json >"$TMP/owner.json" 2>&1
expect_same "a user who may only read: usage as the owner sees it" "$TMP/reader.json" "$TMP/owner.json"
expect_status "a user who may only read cannot ingest" 1 $BW ingest --db "$READER" "$DATA/usage-page2.json"
expect_grep "cannot ingest: the store and what failed" "$TMP/err" "$READER: .*permission denied for table"
# May record a source but not write usage: the upserts, sent without waiting
# for each answer, fail in the server, and the whole file is rolled back.
psql "$PGDB" -qAt -c "GRANT INSERT, UPDATE ON source TO reader; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reader" >/dev/null
expect_status "a user who may not write usage rows cannot ingest" 1 $BW ingest --db "$READER" "$DATA/usage-page2.json"
expect_grep "cannot write usage rows: the store and what failed" "$TMP/err" "$READER: cannot .*: .*permission denied for table usage"
expect_status "a bad file into the PostgreSQL store" 2 $BW ingest --db "$PGDB" "$DATA/usage-truncated.json"
after=$(rows)
if [ "$before" = "$after" ]; then pass "after the failures the PostgreSQL store is unchanged ($after)"; else fail "after the failures the store is unchanged" "$before -> $after"; fi

# --- migrations: a store of schema version 1 on both, upgraded alike -----------------
V1="postgresql://bw@127.0.0.1:$PG_PORT/mixed"
ROWS="INSERT INTO source VALUES (1, 'old.json', 'aa', 'usage-report', 1, 1, '2026-01-01T00:00:00Z');
INSERT INTO usage VALUES ('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'claude-sonnet-4-5', '', '', '', '',
  'standard', '0-200k', '', '', 7000, 0, 0, 0, 3000, 0, 1);
INSERT INTO cost VALUES ('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '', 'd', 'tokens', 'claude-sonnet-4-5',
  'output_tokens', 'standard', '0-200k', '', 'USD', 4500000, 1);"
psql "$V1" -v ON_ERROR_STOP=1 -q >/dev/null 2>"$TMP/v1.err" <<SQL
CREATE TABLE bandwise_schema (version INTEGER NOT NULL);
INSERT INTO bandwise_schema VALUES (1);
CREATE TABLE source (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT COLLATE "C" NOT NULL,
  sha256 TEXT COLLATE "C" NOT NULL UNIQUE, format TEXT COLLATE "C" NOT NULL, usage_rows BIGINT NOT NULL DEFAULT 0,
  cost_rows BIGINT NOT NULL DEFAULT 0, ingested_at TEXT COLLATE "C" NOT NULL);
CREATE TABLE usage (bucket_start TEXT COLLATE "C" NOT NULL, bucket_end TEXT COLLATE "C" NOT NULL,
  model TEXT COLLATE "C" NOT NULL, workspace_id TEXT COLLATE "C" NOT NULL, api_key_id TEXT COLLATE "C" NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL, service_account_id TEXT COLLATE "C" NOT NULL,
  service_tier TEXT COLLATE "C" NOT NULL, context_window TEXT COLLATE "C" NOT NULL,
  inference_geo TEXT COLLATE "C" NOT NULL, speed TEXT COLLATE "C" NOT NULL,
  uncached_input_tokens BIGINT NOT NULL, cache_write_5m_tokens BIGINT NOT NULL,
  cache_write_1h_tokens BIGINT NOT NULL, cache_read_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL, web_search_requests BIGINT NOT NULL,
  source_id BIGINT NOT NULL REFERENCES source(id),
  CONSTRAINT usage_key UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,
    service_account_id, service_tier, context_window, inference_geo, speed));
CREATE INDEX usage_by_end ON usage (bucket_end);
CREATE TABLE cost (bucket_start TEXT COLLATE "C" NOT NULL, bucket_end TEXT COLLATE "C" NOT NULL,
  workspace_id TEXT COLLATE "C" NOT NULL, description TEXT COLLATE "C" NOT NULL,
  cost_type TEXT COLLATE "C" NOT NULL, model TEXT COLLATE "C" NOT NULL, token_type TEXT COLLATE "C" NOT NULL,
  service_tier TEXT COLLATE "C" NOT NULL, context_window TEXT COLLATE "C" NOT NULL,
  inference_geo TEXT COLLATE "C" NOT NULL, currency TEXT COLLATE "C" NOT NULL,
  amount_microcents BIGINT NOT NULL, source_id BIGINT NOT NULL REFERENCES source(id),
  CONSTRAINT cost_key UNIQUE (bucket_start, bucket_end, workspace_id, description, cost_type, model,
    token_type, service_tier, context_window, inference_geo));
SELECT setval(pg_get_serial_sequence('source', 'id'), 1);
$ROWS
SQL
python3 - "$TMP/v1.db" "$ROWS" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""
CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL, usage_rows INTEGER NOT NULL DEFAULT 0, cost_rows INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL);
CREATE TABLE usage (bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL, model TEXT NOT NULL,
  workspace_id TEXT NOT NULL, api_key_id TEXT NOT NULL, account_id TEXT NOT NULL,
  service_account_id TEXT NOT NULL, service_tier TEXT NOT NULL, context_window TEXT NOT NULL,
  inference_geo TEXT NOT NULL, speed TEXT NOT NULL, uncached_input_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL, cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES source(id),
  UNIQUE (bucket_start, bucket_end, model, workspace_id, api_key_id, account_id,
    service_account_id, service_tier, context_window, inference_geo, speed));
CREATE INDEX usage_by_end ON usage (bucket_end);
CREATE TABLE cost (bucket_start TEXT NOT NULL, bucket_end TEXT NOT NULL, workspace_id TEXT NOT NULL,
  description TEXT NOT NULL, cost_type TEXT NOT NULL, model TEXT NOT NULL, token_type TEXT NOT NULL,
  service_tier TEXT NOT NULL, context_window TEXT NOT NULL, inference_geo TEXT NOT NULL,
  currency TEXT NOT NULL, amount_microcents INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES source(id),
  UNIQUE (bucket_start, bucket_end, workspace_id, description, cost_type, model, token_type,
    service_tier, context_window, inference_geo));
""" + sys.argv[2] + "PRAGMA user_version = 1;")
c.commit()
PY
SQ="$TMP/v1.db"
PGDB="$V1"
if [ -s "$TMP/v1.err" ]; then fail "a version 1 store on PostgreSQL" "$(head -c 300 "$TMP/v1.err")"; fi
both "a version 1 store: migrated on first use, its rows kept" sources --json
both "a version 1 store: usage after the migration" usage --json
both "a version 1 store: a file added after the migration" ingest "$DATA/usage-page2.json"
both "a version 1 store: reconcile of the old cost rows" reconcile --json
got=$(psql "$V1" -qAt -c "SELECT version FROM bandwise_schema")
if [ "$got" = 6 ]; then pass "a version 1 store: now version 6"; else fail "a version 1 store: now version 6" "$got"; fi
psql "$V1" -qAt -c "UPDATE bandwise_schema SET version = 99"
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()" "$TMP/v1.db"
both "a store of a newer schema: refused alike" usage

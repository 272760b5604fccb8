# `bandwise ingest --clickhouse URL --schema langfuse|helicone`: the cube
# summed by a real ClickHouse server (Debian's clickhouse-server, started
# here on 127.0.0.1) over a Distributed table of two shards, compared with
# the same requests ingested from a file.
. tests/cli/lib.sh
. tests/cli/clickhouse_server.sh

if ! command -v clickhouse-server >/dev/null 2>&1 && [ ! -x /usr/sbin/clickhouse-server ]; then
	skip "ingest --clickhouse" "no ClickHouse server installed (make deps-test installs Debian's clickhouse-server)"
	exit 0
fi
trap 'ch_stop; rm -rf "$TMP"' EXIT
if ! ch_start "$TMP/ch"; then
	skip "ingest --clickhouse" "the ClickHouse server did not start: $(tail -3 "$TMP/ch/stdout.log" "$TMP/ch/error.log" 2>/dev/null | tr '\n' ' ')"
	exit 0
fi
pass "start a ClickHouse server on 127.0.0.1 ($(chq 'SELECT version()'))"
if ch_create_tables; then pass "create two shards and Distributed tables"; else fail "create two shards and Distributed tables" "see above"; exit 0; fi

# The cube in a store: every dimension and token sum, summed over sources.
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

for schema in langfuse helicone; do
	table=observations
	[ $schema = helicone ] && table=request_response_rmt
	gen="$TMP/$schema"
	mkdir -p "$gen"
	python3 tests/cli/warehouse_rows.py $schema 7 400 "$gen"
	ch_load shard1.$table "$gen/shard1.tsv" && ch_load shard2.$table "$gen/shard2.tsv"
	n1=$(chq "SELECT count() FROM shard1.$table"); n2=$(chq "SELECT count() FROM shard2.$table")
	nd=$(chq "SELECT count() FROM default.$table")
	if [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$nd" -eq $((n1 + n2)) ]; then
		pass "$schema: rows on both shards ($n1 + $n2), read through the Distributed table"
	else
		fail "$schema: rows on both shards" "shard1 $n1, shard2 $n2, distributed $nd"
	fi
	tagfile=() tagch=()
	[ $schema = helicone ] && tagfile=(--tag metadata.feature) tagch=(--tag feature)
	expect_status "$schema: the same requests from a file" 0 $BW ingest --format messages "${tagfile[@]}" --db "$gen/file.db" "$gen/expected.jsonl"
	expect_status "$schema: pushed down" 0 $BW ingest --clickhouse "$CH_URL" --schema $schema "${tagch[@]}" --db "$gen/ch.db"
	expect_grep "$schema: pushed down: requests summed" "$TMP/out" "$(wc -l <"$gen/expected.jsonl") requests summed"
	cube "$gen/file.db" >"$gen/file.cube"
	cube "$gen/ch.db" >"$gen/ch.cube"
	if [ -s "$gen/file.cube" ] && grep -q '200k-1M' "$gen/file.cube" && cmp -s "$gen/file.cube" "$gen/ch.cube"; then
		pass "$schema: pushed down, the cube is the file's (replaced rows once, long context, other providers out)"
	else
		fail "$schema: pushed down, the cube is the file's" "$(diff "$gen/file.cube" "$gen/ch.cube" | head -5)"
	fi
	expect_status "$schema: pushed down again" 0 $BW ingest --clickhouse "$CH_URL" --schema $schema "${tagch[@]}" --db "$gen/ch.db"
	expect_grep "$schema: the same answer is recognised" "$TMP/out" 'already ingested'
done

# A window re-pulled replaces itself: a new request on March 2nd and a new
# version of one already stored, pulled for that day only.
gen="$TMP/langfuse"
printf 'obs-new\tt\tproj-a\tGENERATION\t2026-03-02 12:00:00\tclaude-haiku-4-5\t[%s]\t[1000,10]\t2026-03-02 12:00:00\t0\n' "'input','output'" >"$gen/more.tsv"
ch_load shard2.observations "$gen/more.tsv"
printf '{"timestamp": "2026-03-02T12:00:00Z", "model": "claude-haiku-4-5", "workspace_id": "proj-a", "usage": {"input_tokens": 1000, "output_tokens": 10}}\n' >"$gen/more.jsonl"
expect_status "langfuse: re-pull one day" 0 $BW ingest --clickhouse "$CH_URL" --schema langfuse --since 2026-03-02 --until 2026-03-03 --db "$gen/ch.db"
expect_grep "langfuse: re-pull one day: one day read" "$TMP/out" 'over 1 day'
$BW ingest --format messages --db "$gen/file.db" "$gen/more.jsonl" >/dev/null
cube "$gen/file.db" >"$gen/file.cube"
cube "$gen/ch.db" >"$gen/ch.cube"
if cmp -s "$gen/file.cube" "$gen/ch.cube"; then pass "langfuse: the day replaced, no row twice, other days kept"; else
	fail "langfuse: the day replaced, no row twice, other days kept" "$(diff "$gen/file.cube" "$gen/ch.cube" | head -5)"; fi

# Errors: named, no password in them.
expect_status "clickhouse: a wrong password" 1 $BW ingest --clickhouse "http://bw:wrong-pw@127.0.0.1:$CH_HTTP_PORT/" --schema langfuse --db "$TMP/e.db"
expect_grep "clickhouse: a wrong password: the server's answer" "$TMP/err" 'HTTP [0-9]+: .*(password|Authentication)'
if grep -q 'wrong-pw' "$TMP/err" "$TMP/out"; then fail "clickhouse: the password is not printed" "$(cat "$TMP/err")"; else pass "clickhouse: the password is not printed"; fi
expect_status "clickhouse: with a user and password" 0 $BW ingest --clickhouse "http://bw:s3cret-ch@127.0.0.1:$CH_HTTP_PORT/" --schema langfuse --db "$TMP/u.db"
expect_status "clickhouse: no such table" 1 $BW ingest --clickhouse "$CH_URL" --schema langfuse --table nope --db "$TMP/e.db"
expect_grep "clickhouse: no such table: the server's message" "$TMP/err" "nope doesn't exist"
expect_status "clickhouse: nothing listening" 1 $BW ingest --clickhouse "http://bw:s3cret-ch@127.0.0.1:9/" --schema helicone --db "$TMP/e.db"
if grep -q 's3cret-ch' "$TMP/err"; then fail "clickhouse: nothing listening: no password" "$(cat "$TMP/err")"; else pass "clickhouse: nothing listening: no password"; fi
# An answer the server gives up on (here: more rows than it may send) is an
# error that quotes the server, whether it came before the body or inside it.
expect_status "clickhouse: the server stops the answer" 1 $BW ingest --clickhouse "${CH_URL}?max_result_rows=1&result_overflow_mode=throw" --schema langfuse --db "$TMP/e.db"
expect_grep "clickhouse: the server stops the answer: its message" "$TMP/err" 'Code: [0-9]+'
expect_status "clickhouse needs --schema" 2 $BW ingest --clickhouse "$CH_URL" --db "$TMP/e.db"
expect_status "clickhouse takes no postgres schema" 2 $BW ingest --clickhouse "$CH_URL" --schema litellm --db "$TMP/e.db"
expect_status "clickhouse: a bad table name" 2 $BW ingest --clickhouse "$CH_URL" --schema langfuse --table 'x; DROP' --db "$TMP/e.db"
expect_status "clickhouse: whole days" 2 $BW ingest --clickhouse "$CH_URL" --schema langfuse --since 2026-03-01T10:00:00Z --db "$TMP/e.db"

# The query ran on both shards: the server's log has the initial query and
# one secondary query per shard, each summing its part.
chq "SYSTEM FLUSH LOGS" >/dev/null 2>&1
shards=$(chq "SELECT count() FROM system.query_log WHERE type = 2 AND is_initial_query = 0 AND query LIKE '%provided_model_name AS model%' AND query NOT LIKE '%system.query_log%'" 2>/dev/null)
initial=$(chq "SELECT count() FROM system.query_log WHERE type = 2 AND is_initial_query = 1 AND query LIKE '%provided_model_name AS model%' AND query NOT LIKE '%system.query_log%'" 2>/dev/null)
if [ "${shards:-0}" -ge 2 ] && [ "${initial:-0}" -ge 1 ]; then
	pass "clickhouse: the aggregation ran on both shards ($shards shard queries for $initial pulls)"
else
	fail "clickhouse: the aggregation ran on both shards" "shard queries ${shards:-?}, initial ${initial:-?}: $(chq "SELECT is_initial_query, substring(query, 1, 200) FROM system.query_log WHERE query LIKE '%provided_model_name AS model%' LIMIT 5" 2>&1)"
fi

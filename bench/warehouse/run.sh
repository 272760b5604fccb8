#!/usr/bin/env bash
# The push-down against streaming the rows: ROWS (default 10,000,000)
# generated Langfuse observations in a local ClickHouse (Debian's
# clickhouse-server, two shards behind a Distributed table, as in
# tests/cli/test_clickhouse.sh), and PG_ROWS (default 1,000,000) LiteLLM
# SpendLogs rows in a local PostgreSQL. Measures, each the median of RUNS:
#   - ClickHouse push-down: `bandwise ingest --clickhouse ... --schema
#     langfuse` end to end, and the bytes of the server's answer (the same
#     query over HTTP, as logged by the server);
#   - ClickHouse streaming: the rows the cube needs, fetched over HTTP as
#     TabSeparated (the transfer alone: summing them would come on top);
#   - PostgreSQL: `bandwise ingest --pg` row by row against `--schema litellm`.
# Writes bench/warehouse/RESULTS.part.md and that section of bench/RESULTS.md.
# ONLY=pg measures the PostgreSQL part alone and replaces only its line
# (the one starting "PostgreSQL:") in that section.
set -u
ONLY=${ONLY:-}
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
PG_ROWS=${PG_ROWS:-1000000}
RUNS=${RUNS:-3}
bin=build/release/bandwise
[ -x $bin ] || make -s release
tmp=$(mktemp -d)
. tests/cli/clickhouse_server.sh
cleanup() { ch_stop; [ -n "${PGBIN:-}" ] && as_pg "$PGBIN/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s%N; }
part=bench/warehouse/RESULTS.part.md

if [ "$ONLY" != pg ]; then
if ! ch_start "$tmp/ch"; then echo "bench/warehouse: no ClickHouse server (make deps-test installs it)"; exit 1; fi
ch_create_tables || exit 1
version=$(chq "SELECT version()")
half=$((ROWS / 2))
# Rows made by the server itself (a client would be the bottleneck): 90
# days from 2026-03-01, 20 projects, 3 models, one in 8 with a second
# version (replaced: FINAL keeps one), one in 10 long-context.
gen_sql() {
	cat <<SQL
INSERT INTO $1.observations SELECT
  toString(n) AS id, concat('t', toString(n)) AS trace_id, concat('proj-', toString(n % 20)) AS project_id,
  'GENERATION' AS type, toDateTime(1772323200 + (n * 7919) % (90 * 86400)) AS start_time,
  arrayElement(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5', 'claude-opus-4-1'], n % 3 + 1) AS provided_model_name,
  ['input', 'output', 'cache_read_input_tokens', 'input_cache_creation_5m', 'total'] AS \`usage_details.key\`,
  [if(n % 10 = 7, 210000, n % 5000), n % 700, n % 3000, n % 400, 0] AS \`usage_details.value\`,
  toDateTime(1772323200 + (n * 7919) % (90 * 86400)) AS event_ts, toUInt8(0) AS is_deleted
FROM (SELECT number + $2 AS n FROM system.numbers LIMIT $half)
SQL
}
s=$(now)
# Both shards at once (one core each).
chq "$(gen_sql shard1 0)" & g1=$!
chq "$(gen_sql shard2 $half)" || exit 1
wait $g1 || exit 1
# Replaced versions: one row in 8 again with a later event_ts.
for sh in shard1 shard2; do
	chq "INSERT INTO $sh.observations SELECT id, trace_id, project_id, type, start_time, provided_model_name,
	  \`usage_details.key\`, \`usage_details.value\`, event_ts + 60, is_deleted FROM $sh.observations WHERE toUInt64(id) % 8 = 3" || exit 1
done
chq "OPTIMIZE TABLE shard1.observations" >/dev/null 2>&1
gen_s=$(( ($(now) - s) / 1000000 ))
stored=$(chq "SELECT count() FROM default.observations")
disk=$(chq "SELECT sum(bytes) FROM system.parts WHERE active AND table = 'observations'")
echo "generated $stored rows ($ROWS + replaced versions) in ${gen_s} ms, $disk bytes on disk, ClickHouse $version"

# Push-down, end to end.
for i in $(seq $RUNS); do
	rm -f "$tmp/push.db"
	s=$(now)
	$bin ingest --clickhouse "$CH_URL" --schema langfuse --db "$tmp/push.db" >"$tmp/push.out" || exit 1
	echo $(( ($(now) - s) / 1000000 ))
done | median >"$tmp/push_ms"
cat "$tmp/push.out"
chq "SYSTEM FLUSH LOGS" >/dev/null
push_sql=$(chq "SELECT query FROM system.query_log WHERE type = 2 AND is_initial_query = 1 AND query LIKE '%provided_model_name AS model%' AND query NOT LIKE '%query_log%' ORDER BY event_time DESC LIMIT 1 FORMAT TSVRaw")
# The answer's bytes on the wire: the same query again over HTTP.
push_bytes=$(python3 - "$CH_URL" "$push_sql" <<'PY'
import sys, urllib.request
print(len(urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode())).read()))
PY
)
push_lines=$(grep -oE '[0-9,]+ usage rows? over [0-9,]+ days?' "$tmp/push.out" | head -1)

# Streaming: the rows the cube is made of, over HTTP (curl-like: read and dropped).
stream_sql="SELECT start_time, project_id, provided_model_name, usage_details.key, usage_details.value FROM default.observations FINAL WHERE type = 'GENERATION' AND is_deleted = 0 FORMAT TabSeparated"
for i in $(seq $RUNS); do
	python3 - "$CH_URL" "$stream_sql" "$tmp/stream_bytes" <<'PY'
import sys, time, urllib.request
t = time.monotonic(); n = 0
with urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode())) as r:
    while True:
        b = r.read(1 << 20)
        if not b: break
        n += len(b)
open(sys.argv[3], "w").write(str(n))
print(int((time.monotonic() - t) * 1000))
PY
done | median >"$tmp/stream_ms"
stream_bytes=$(cat "$tmp/stream_bytes")
fi

# PostgreSQL: SpendLogs row by row against the push-down.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_line="PostgreSQL: not installed, not measured"
if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
	mkdir -p "$tmp/pg"; chmod 711 "$tmp"; [ "$(id -u)" -eq 0 ] && chown postgres "$tmp/pg"
	port=$(ch_free_port)
	as_pg "$PGBIN/initdb" -D "$tmp/pg/data" -A trust -U bw --no-sync >/dev/null 2>&1 &&
		as_pg "$PGBIN/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$tmp/pg -c fsync=off" start >/dev/null 2>&1
	url="postgresql://bw@127.0.0.1:$port/postgres"
	psql "$url" -q -c 'CREATE TABLE "LiteLLM_SpendLogs" (request_id text PRIMARY KEY, api_key text, prompt_tokens integer, completion_tokens integer, "startTime" timestamp(3), model text, custom_llm_provider text, metadata jsonb, team_id text)' &&
	psql "$url" -q -c "INSERT INTO \"LiteLLM_SpendLogs\" SELECT 'r' || n, 'k' || (n % 50), 1000 + n % 5000, n % 700,
	  timestamp '2026-03-01' + ((n::bigint * 7919) % (90 * 86400)) * interval '1 second', 'claude-sonnet-4-5-20250929', 'anthropic',
	  jsonb_build_object('usage_object', jsonb_build_object('cache_read_input_tokens', n % 900)), 'team-' || (n % 20)
	  FROM generate_series(1, $PG_ROWS) n" &&
		psql "$url" -q -c 'CREATE INDEX ON "LiteLLM_SpendLogs" ("startTime")' && # as LiteLLM's schema
		psql "$url" -q -c 'ANALYZE "LiteLLM_SpendLogs"'
	for mode in rows push1 push; do
		extra=()
		[ $mode = push1 ] && extra=(--schema litellm --threads 1)
		[ $mode = push ] && extra=(--schema litellm --threads 2)
		for i in $(seq $RUNS); do
			rm -f "$tmp/pg.db"
			s=$(now)
			$bin ingest --pg "$url" "${extra[@]}" --since 2026-03-01 --db "$tmp/pg.db" >/dev/null || exit 1
			echo $(( ($(now) - s) / 1000000 ))
		done | median >"$tmp/pg_$mode"
	done
	pg_line="| PostgreSQL $(psql "$url" -Atc 'SHOW server_version') LiteLLM_SpendLogs, $PG_ROWS rows | \`ingest --pg\` (row by row) $(cat "$tmp/pg_rows") ms | \`--schema litellm\` (push-down) $(cat "$tmp/pg_push1") ms on 1 connection, $(cat "$tmp/pg_push") ms on 2 (\`--threads 2\`, the default: a range of days each) |"
fi

if [ "$ONLY" = pg ]; then
	line=$(echo "$pg_line" | sed 's/^| \(.*\) | \(.*\) | \(.*\) |$/PostgreSQL: \1: \2, \3./')
	line="$line (\`ONLY=pg PG_ROWS=$PG_ROWS RUNS=$RUNS bench/warehouse/run.sh\`, $(date -u +%Y-%m-%d), medians of $RUNS, load $(cut -d' ' -f1-3 /proc/loadavg).)"
	echo "$line"
	python3 - "$line" bench/RESULTS.md <<'PY'
import re, sys
doc = open(sys.argv[2]).read()
m = re.search(r"<!-- warehouse:.*?<!-- /warehouse -->", doc, re.S)
section = m.group(0)
new = re.sub(r"^PostgreSQL:.*$", lambda _: sys.argv[1], section, count=1, flags=re.M)
open(sys.argv[2], "w").write(doc[:m.start()] + new + doc[m.end():])
PY
	exit 0
fi

{
	echo "<!-- warehouse: written by bench/warehouse/run.sh -->"
	echo "## Push-down against streaming rows (bench/warehouse/run.sh)"
	echo
	echo "\`ROWS=$ROWS PG_ROWS=$PG_ROWS bench/warehouse/run.sh\`, $(date -u +%Y-%m-%d), $(nproc) cores, medians of $RUNS runs."
	echo "ClickHouse $version on loopback, two shards (one server) behind a Distributed table;"
	echo "$stored stored rows (Langfuse observations, Nested maps; one in 8 replaced, counted once through FINAL)."
	echo
	echo "| path | time | bytes from the server |"
	echo "| --- | --- | --- |"
	echo "| push-down: \`bandwise ingest --clickhouse --schema langfuse\`, end to end ($push_lines) | $(cat "$tmp/push_ms") ms | $push_bytes |"
	echo "| streaming: the rows the cube needs over HTTP, TabSeparated, transfer only | $(cat "$tmp/stream_ms") ms | $stream_bytes |"
	echo
	echo "$pg_line" | sed 's/^| \(.*\) | \(.*\) | \(.*\) |$/PostgreSQL: \1: \2, \3./'
	echo
	echo "Reading: the push-down's answer is the cube, so its size follows days x groups, not rows;"
	echo "streaming's figure is the transfer alone, before any summing on the client, over loopback."
	echo "Both ClickHouse paths pay FINAL. On PostgreSQL what the push-down saves is the wire (the cube"
	echo "instead of every row), which loopback does not show."
	echo "<!-- /warehouse -->"
} >"$part"
cat "$part"
# Replace the section in bench/RESULTS.md (or add it).
python3 - "$part" bench/RESULTS.md <<'PY'
import re, sys
part = open(sys.argv[1]).read().rstrip("\n")
doc = open(sys.argv[2]).read()
pat = re.compile(r"<!-- warehouse:.*?<!-- /warehouse -->", re.S)
doc = pat.sub(lambda m: part, doc) if pat.search(doc) else doc.rstrip("\n") + "\n\n" + part + "\n"
open(sys.argv[2], "w").write(doc)
PY

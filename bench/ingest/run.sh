#!/usr/bin/env bash
# The ingest speed benchmark: bandwise aggregating a JSONL request log
# (~1 GB by default) into its daily cube, against DuckDB (through node) and jq
# doing the same aggregation, with `wc -l` as the I/O floor. bandwise and
# DuckDB both run on 1 thread and on 2, in the same run, so each is compared
# with the other at an equal thread count.
# Called by bench/run.sh after the release build; runs alone too:
#
#   bench/ingest/run.sh                          # 1 GB
#   BENCH_INGEST_BYTES=20000000 bench/ingest/run.sh
#
# Environment: BENCH_INGEST_BYTES (default 1000000000), BENCH_INGEST_RUNS
# (default 5: wc, bandwise and DuckDB are run that many times, interleaved
# (one run of each tool a round, so a change in the machine's load falls on
# all of them alike), and the median wall time and median user CPU kept;
# jq, ~100 times slower, runs once), BENCH_INGEST_BANDWISE, BENCH_INGEST_JQ
# (0: jq is not run, its rows say so).
#
# Prints machine-readable lines, "RESULT <name> | <figures>" and
# "INFO <name> | <text>", which bench/run.sh turns into RESULTS.md rows.
# Exits 1 only when a check fails (the peers disagree, or the generator's
# line count is not wc's); a failing bandwise is reported as "failed".
set -eu
cd "$(dirname "$0")/../.."

bytes=${BENCH_INGEST_BYTES:-1000000000}
runs=${BENCH_INGEST_RUNS:-5}
run_jq=${BENCH_INGEST_JQ:-1}
# BENCH_INGEST_BANDWISE: another binary in bandwise's place (to test this script).
bin=${BENCH_INGEST_BANDWISE:-build/release/bandwise}
gen=build/release/bench/gen_requests

# --- what the peers need, installed only when missing ---------------------
missing=""
command -v jq >/dev/null 2>&1 || missing="$missing jq"
[ -x /usr/bin/time ] || missing="$missing time" # GNU time: the shell's `time` has no peak RSS
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "bench/ingest: installing$missing" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086 # $missing is a list of package names
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -d bench/ingest/node_modules ]; then
	# The exact DuckDB of package-lock.json; the only network use of a run.
	echo "bench/ingest: npm ci (DuckDB for node, benchmark tooling only)" >&2
	npm ci --prefix bench/ingest --no-audit --no-fund --silent
fi
# The generator is built by `make bench`; build it when run alone.
[ -x "$gen" ] || make --no-print-directory "$gen" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file=$tmp/requests.jsonl

# --- the input -------------------------------------------------------------
$gen "$file" "$bytes" >"$tmp/gen.txt"
gen_lines=$(sed -n 's/^lines=\([0-9]*\) .*/\1/p' "$tmp/gen.txt")
file_bytes=$(wc -c <"$file")
# Every tool reads the file from the page cache: it was just written, and
# this read makes sure of it, so no tool pays the disk for the others.
cat "$file" >/dev/null

# timed NAME CMD...: runs CMD once under GNU time, keeping its stdout and
# stderr in $tmp/NAME.out and .err and appending one "wall_s peak_kb user_s
# sys_s" line to $tmp/NAME.times. Returns CMD's status.
timed() {
	local name=$1 status=0
	shift
	[ -e "$tmp/$name.times" ] || : >"$tmp/$name.times"
	rm -f "$tmp/b.db" "$tmp"/b.db-* # bandwise starts from an empty store every run
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" ||
		status=$?
	[ "$status" -eq 0 ] || return "$status"
	# With -o, GNU time writes its figures as the file's last line.
	tail -n 1 "$tmp/$name.time" >>"$tmp/$name.times"
}

# The median wall time, the largest peak RSS, the median user CPU and the
# median user + system CPU of NAME's runs: "s kb s s".
figures() {
	awk '{print $1, $2, $3, $3 + $4}' "$tmp/$1.times" | awk '
		{w[NR] = $1; u[NR] = $3; t[NR] = $4; if ($2 > m) m = $2}
		function median(a, n,   i, j, x) { # insertion sort: a handful of runs
			for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
			return a[int((n + 1) / 2)] }
		END {print median(w, NR), m, median(u, NR), median(t, NR)}'
}

# "3.21 s, 311 MB/s, 3.05 s user, 3.15 s user+sys, peak 45 MB" (decimal MB,
# for bytes and RSS alike).
describe() {
	figures "$1" | awk -v b="$file_bytes" '{
		rate = $1 > 0 ? sprintf("%.0f MB/s", b / 1e6 / $1) : "n/a MB/s (under 0.01 s)"
		printf "%.2f s, %s, %.2f s user, %.2f s user+sys, peak %.0f MB", $1, rate, $3, $4, $2 * 1024 / 1e6 }'
}

# --- the runs --------------------------------------------------------------
wc_ok=1 bw_ok=1 bw1_ok=1 bw2_ok=1 duck_ok=1 duck2_ok=1 jq_ok=1
cores=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
[ -x "$bin" ] || {
	echo "$bin is missing (make release)" >"$tmp/bandwise.err"
	bw_ok=0 bw1_ok=0 bw2_ok=0
}
# DuckDB's figure includes starting node and loading DuckDB; that part is
# measured alone on an empty file, to be quoted beside it.
: >"$tmp/empty.jsonl"
timed duckdb_start node bench/ingest/duckdb_agg.mjs "$tmp/empty.jsonl" || true
# Interleaved: one run of each a round, bandwise and DuckDB on 1 thread and
# on 2 (and bandwise's default, one thread per core), so that each pair at
# an equal thread count meets the same load of the machine. A tool that
# fails once is not run again.
for _ in $(seq "$runs"); do
	[ "$wc_ok" -eq 0 ] || timed wc wc -l "$file" || wc_ok=0
	if [ -x "$bin" ]; then
		[ "$bw1_ok" -eq 0 ] || timed bandwise_1t "$bin" ingest --threads 1 --format messages --db "$tmp/b.db" "$file" || bw1_ok=0
		[ "$bw2_ok" -eq 0 ] || timed bandwise_2t "$bin" ingest --threads 2 --format messages --db "$tmp/b.db" "$file" || bw2_ok=0
		[ "$bw_ok" -eq 0 ] || timed bandwise "$bin" ingest --format messages --db "$tmp/b.db" "$file" || bw_ok=0
	fi
	[ "$duck_ok" -eq 0 ] || timed duckdb node bench/ingest/duckdb_agg.mjs "$file" || duck_ok=0
	[ "$duck2_ok" -eq 0 ] || timed duckdb_2t env BENCH_DUCKDB_THREADS=2 node bench/ingest/duckdb_agg.mjs "$file" || duck2_ok=0
done
if [ "$bw_ok" -eq 0 ]; then
	echo "bandwise ingest failed:" >&2
	cat "$tmp/bandwise.err" >&2
fi
if [ "$run_jq" = 1 ]; then
	timed jq bench/ingest/jq_agg.sh "$file" || jq_ok=0
else
	jq_ok=0
	echo "BENCH_INGEST_JQ=0: jq not run" >"$tmp/jq.err"
fi

# --- the figures -------------------------------------------------------------
result() { # NAME OK: the RESULT line of one tool
	if [ "$2" -eq 1 ]; then
		echo "RESULT ingest_$1 | $(describe "$1")"
	else
		echo "RESULT ingest_$1 | failed"
	fi
}
result wc "$wc_ok"
result bandwise_1t "$bw1_ok"
result bandwise_2t "$bw2_ok"
result bandwise "$bw_ok"
if [ "$duck_ok" -eq 1 ]; then
	start=$(figures duckdb_start | cut -d' ' -f1)
	echo "RESULT ingest_duckdb | $(describe duckdb) (of which ${start} s starting node and DuckDB)"
else
	echo "RESULT ingest_duckdb | failed"
	cat "$tmp/duckdb.err" >&2
fi
if [ "$duck2_ok" -eq 1 ]; then
	echo "RESULT ingest_duckdb_2t | $(describe duckdb_2t) (of which ${start:-?} s starting node and DuckDB)"
else
	echo "RESULT ingest_duckdb_2t | failed"
	cat "$tmp/duckdb_2t.err" >&2
fi
if [ "$run_jq" = 1 ]; then
	result jq "$jq_ok"
	[ "$jq_ok" -eq 1 ] || cat "$tmp/jq.err" >&2
else
	echo "RESULT ingest_jq | not run (BENCH_INGEST_JQ=0)"
fi

if [ "$bw_ok" -eq 1 ] && [ "$duck_ok" -eq 1 ] && [ "$jq_ok" -eq 1 ]; then
	# Ratios of median wall times (%e has 10 ms steps, hence the floor).
	bw_s=$(figures bandwise | cut -d' ' -f1)
	duck_s=$(figures duckdb | cut -d' ' -f1)
	jq_s=$(figures jq | cut -d' ' -f1)
	ratio() { # LABEL BANDWISE_SECONDS
		awk -v l="$1" -v b="$2" -v d="$duck_s" -v j="$jq_s" 'BEGIN {
			if (b < 0.01) b = 0.01
			# Two significant digits below 1x, where one decimal would say 0.1x for 0.06x.
			fd = d / b < 1 ? "%.2f" : "%.1f"; fj = j / b < 1 ? "%.2f" : "%.1f"
			printf "bandwise " l " is " fd "x DuckDB (1 thread), " fj "x jq", d / b, j / b }'
	}
	if [ "$bw1_ok" -eq 1 ]; then
		echo "RESULT ingest_ratio_1t | $(ratio "on 1 thread" "$(figures bandwise_1t | cut -d' ' -f1)")"
	fi
	echo "RESULT ingest_ratio | $(ratio "on $cores threads (its default here)" "$bw_s")"
fi
# The target's comparison: the same number of threads for both tools, in
# median wall time and median user CPU, and each tool's rate per thread
# (MB/s a core, decimal MB). Needs only bandwise and DuckDB.
equal() { # THREADS BANDWISE_NAME DUCKDB_NAME
	local b d
	b=$(figures "$2")
	d=$(figures "$3")
	awk -v t="$1" -v b="$b" -v d="$d" -v bytes="$file_bytes" 'BEGIN {
		split(b, bf, " "); split(d, df, " ")
		if (bf[1] < 0.01) bf[1] = 0.01
		if (bf[3] < 0.01) bf[3] = 0.01
		printf "on %d thread%s: bandwise %.2f s wall, %.2f s user; DuckDB %.2f s wall, %.2f s user: %.2fx its wall time, %.2fx its user CPU; per core bandwise %.0f MB/s, DuckDB %.0f MB/s",
			t, (t > 1 ? "s" : ""), bf[1], bf[3], df[1], df[3], df[1] / bf[1], df[3] / bf[3],
			bytes / 1e6 / bf[1] / t, bytes / 1e6 / df[1] / t }'
}
[ "$bw1_ok" -eq 1 ] && [ "$duck_ok" -eq 1 ] && echo "RESULT ingest_equal_1t | $(equal 1 bandwise_1t duckdb)"
[ "$bw2_ok" -eq 1 ] && [ "$duck2_ok" -eq 1 ] && echo "RESULT ingest_equal_2t | $(equal 2 bandwise_2t duckdb_2t)"
if [ "$bw_ok" -eq 0 ] || [ "$duck_ok" -eq 0 ] || [ "$jq_ok" -eq 0 ]; then
	failed=""
	[ "$bw_ok" -eq 1 ] || failed="$failed, bandwise"
	[ "$duck_ok" -eq 1 ] || failed="$failed, DuckDB"
	[ "$jq_ok" -eq 1 ] || failed="$failed, jq"
	[ "$run_jq" = 1 ] || failed="${failed/, jq/, jq (not run)}"
	echo "RESULT ingest_ratio | n/a: failed: ${failed#, }"
fi

# --- the checks --------------------------------------------------------------
checks_ok=1
duck_line=$(cat "$tmp/duckdb.out" 2>/dev/null || true)
jq_line=$(cat "$tmp/jq.out" 2>/dev/null || true)
if [ "$duck_ok" -eq 1 ] && [ "$jq_ok" -eq 1 ] && [ -n "$duck_line" ] && [ "$duck_line" = "$jq_line" ]; then
	echo "RESULT ingest_check | jq and DuckDB totals agree: $duck_line"
elif [ "$run_jq" != 1 ] && [ "$duck_ok" -eq 1 ] && [ -n "$duck_line" ]; then
	echo "RESULT ingest_check | jq not run; DuckDB's totals: $duck_line"
else
	echo "RESULT ingest_check | DISAGREE: DuckDB '${duck_line}', jq '${jq_line}'"
	checks_ok=0
fi
# bandwise's own totals, read back from the store of its last run: the
# requests it summed and every token count, on DuckDB's line format.
if [ "$bw_ok" -eq 1 ]; then
	"$bin" ingest --format messages --db "$tmp/check.db" --json "$file" >"$tmp/bw_ingest.json"
	"$bin" usage --db "$tmp/check.db" --json >"$tmp/bw_usage.json"
	bw_line=$(node -e '
const fs = require("fs");
const ing = JSON.parse(fs.readFileSync(process.argv[1])).files[0];
const use = JSON.parse(fs.readFileSync(process.argv[2]));
const t = {};
for (const m of use.months) for (const bm of m.by_model) for (const [k, v] of Object.entries(bm.tokens)) t[k] = (t[k] || 0n) + BigInt(v);
for (const bm of use.unpriced) for (const [k, v] of Object.entries(bm.tokens)) t[k] = (t[k] || 0n) + BigInt(v);
console.log(`rows=${ing.requests} groups=${ing.usage_rows} input=${t["uncached_input_tokens"]} write5m=${t["cache_creation.ephemeral_5m_input_tokens"]} write1h=${t["cache_creation.ephemeral_1h_input_tokens"]} read=${t["cache_read_input_tokens"]} output=${t["output_tokens"]} web=${t["web_search_requests"]}`);
' "$tmp/bw_ingest.json" "$tmp/bw_usage.json")
	if [ "$bw_line" = "$duck_line" ]; then
		echo "RESULT ingest_check_bandwise | bandwise's stored cube has the same totals and groups"
	else
		echo "RESULT ingest_check_bandwise | DISAGREE: bandwise '$bw_line'"
		checks_ok=0
	fi
fi
wc_lines=$(awk '{print $1}' "$tmp/wc.out" 2>/dev/null || true)
if [ -n "$gen_lines" ] && [ "$gen_lines" = "$wc_lines" ]; then
	echo "INFO ingest_lines | the generator wrote $gen_lines lines, as wc -l counts"
else
	echo "INFO ingest_lines | MISMATCH: the generator wrote '$gen_lines' lines, wc -l counts '$wc_lines'"
	checks_ok=0
fi
# Every line is a row of the cube: the peers' row count is the line count.
case "$duck_line" in
"rows=$gen_lines "*) ;;
*)
	echo "INFO ingest_rows | MISMATCH: the generator wrote $gen_lines lines, DuckDB counted '${duck_line%% *}'"
	checks_ok=0
	;;
esac

# --- how the peers were run, for RESULTS.md ----------------------------------
echo "INFO ingest_file | $file_bytes bytes, $gen_lines lines (bench/gen_requests, fixed seed)"
echo "INFO ingest_jq_version | $(jq --version)"
echo "INFO ingest_duckdb_version | $(node bench/ingest/duckdb_agg.mjs --version) on node $(node --version)"
echo "INFO ingest_runs | median of $runs interleaved runs (one of each tool a round) for wc, bandwise (1 thread, 2, and its default of $cores) and DuckDB (1 thread and 2), wall time and user CPU alike; jq once; load average before the runs $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$checks_ok" -eq 1 ]

#!/usr/bin/env bash
# `bandwise serve` under load on loopback (release build): the what-if of
# the page (GET /api/evaluate with a new commitment each request, 10,000 paths
# x 36 months) answered from the cached forecast;
# its latency alone (1 connection, a user moving the slider) and under a
# bounded load (20,000 requests, 32 connections); the whole plan document
# per commitment (every band sized again, on the cached forecast); and the
# plan with the forecast made again every time (a new seed each request
# defeats the cache). Prints RESULT lines for bench/run.sh.
# REQUESTS and CONCURRENCY override the load test's size.
set -eu
cd "$(dirname "$0")/../.."
bin=$(realpath build/release/bandwise)
load=build/release/bench/serve_load
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

mkdir -p "$tmp/demo"
$bin demo --write-data "$tmp/demo" >/dev/null
$bin ingest --db "$tmp/s.db" "$tmp/demo"/usage-report-*.json >/dev/null
$bin serve --port 0 --db "$tmp/s.db" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 100); do
	port=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$tmp/out" 2>/dev/null || true)
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "bench/serve/run.sh: the server did not start: $(cat "$tmp/err" 2>/dev/null)" >&2
	exit 1
fi
q="/api/evaluate?term=36&samples=10000"
plan="/api/plan?term=36&samples=10000"
# The first request forecasts and fills the cache.
$load "$port" 1 1 "$q" serve_first >/dev/null
$load "$port" 1000 1 "$q" serve_whatif_1
$load "$port" "${REQUESTS:-20000}" "${CONCURRENCY:-32}" "$q" serve_whatif_load
# The whole plan document for each commitment (every band sized again).
$load "$port" 200 1 "$plan" serve_plan_1
# Without the cache: every request another seed, so another forecast.
for i in $(seq 1 50); do
	s=$(date +%s%N)
	curl -s -o /dev/null "http://127.0.0.1:$port$plan&commit=2000000&seed=$((i + 100))"
	e=$(date +%s%N)
	echo $(( (e - s) / 1000 ))
done | sort -n | awk '{a[NR]=$1} END {printf "RESULT serve_uncached | p50 %.1f ms, p95 %.1f ms; %d requests, 1 connection\n", a[int(NR*0.5+0.5)]/1000, a[int(NR*0.95+0.5)]/1000, NR}'

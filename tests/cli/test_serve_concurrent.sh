#!/usr/bin/env bash
# `bandwise serve` answering many requests at once (its thread pool): 20
# requests of different endpoints and parameters fired together on a cold
# cache (several ask for the same forecast at the same time), then again
# one by one: every answer (status and bytes) is the same both ways, and
# the same as the CLI's --json for the same options. The suite runs it on
# the ASan build, so a race on shared memory shows as a failure there.
. "$(dirname "$0")/lib.sh"
BWABS=$(realpath "$BW")
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT

if ! command -v curl >/dev/null; then
	skip "serve concurrent" "curl is not installed"
	exit 0
fi

mkdir -p "$TMP/demo" "$TMP/cli" "$TMP/par" "$TMP/seq"
expect_status "serve concurrent: demo data" 0 $BW demo --write-data "$TMP/demo"
expect_status "serve concurrent: ingest" 0 $BW ingest --db "$TMP/s.db" "$TMP/demo"/usage-report-*.json
DB="$TMP/s.db"
cp examples/offer-ramp-24.json "$TMP/cli/offer.json"
cp examples/signed-deal.json "$TMP/cli/deal.json"
cp examples/policy.json "$TMP/cli/policy.json"
python3 -c 'import json, sys; json.dump({"policy": open(sys.argv[1]).read()}, sys.stdout)' "$TMP/cli/policy.json" >"$TMP/cli/optinputs.json"
sed 's/"discount": 0.15/"discount": 0.3/' data/bands/default.json >"$TMP/cli/bands.json"

"$BWABS" serve --port 0 --db "$DB" >"$TMP/serve.out" 2>"$TMP/serve.err" &
PID=$!
URL=""
for _ in $(seq 1 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.out" 2>/dev/null | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
if [ -z "$URL" ]; then
	fail "serve concurrent: starts" "no URL printed: $(head -c 300 "$TMP/serve.err")"
	exit 0
fi

# Requests are answered by a pool of threads (at least 2) beside the main one.
threads=$(ls "/proc/$PID/task" 2>/dev/null | wc -l)
if [ "$threads" -ge 3 ]; then pass "serve concurrent: the server answers on a pool of threads"; else
	fail "serve concurrent: the server answers on a pool of threads" "$threads threads"; fi

# NAME|QUERY|BODY FILE (in $TMP/cli, or -)|the CLI's arguments for the same document (or -)
S="samples=2000"
REQUESTS="plan1|plan?term=24&commit=1000000&$S|-|plan --term 24 --commit 1000000 --samples 2000
plan2|plan?term=24&commit=3000000&$S|-|plan --term 24 --commit 3000000 --samples 2000
plan3|plan?term=24&objective=cvar:0.8&$S&seed=7|-|plan --term 24 --objective cvar:0.8 --samples 2000 --seed 7
plan4|plan?term=12&commit=400000&band=250K&$S&seed=7|-|plan --term 12 --commit 400000 --band 250K --samples 2000 --seed 7
eval1|evaluate?term=24&commit=500000&$S|-|-
eval2|evaluate?term=24&commit=1500000&$S|-|-
eval3|evaluate?term=24&commit=2500000&$S&seed=7|-|-
eval4|evaluate?term=24&commit=4000000&objective=cvar&$S&seed=7|-|-
eval5|evaluate?term=24&commit=2000000&$S|bands.json|-
evalbad|evaluate?term=24&commit=100&$S|-|-
curves1|curves?term=24&$S|-|-
curves2|curves?term=24&$S&seed=7|-|-
forecast1|forecast?months=24&$S|-|forecast --months 24 --samples 2000
forecast2|forecast?months=18&$S&launch=20000@6&seed=7|-|forecast --months 18 --samples 2000 --launch 20000@6 --seed 7
usage|usage|-|usage
bands|plan?term=24&$S|bands.json|plan --term 24 --samples 2000 --bands bands.json
offer|offer?$S|offer.json|offer --samples 2000 offer.json
track|track?$S|deal.json|track --samples 2000 --deal deal.json
optplan|optimized-plan?term=24&$S|optinputs.json|plan --term 24 --samples 2000 --policy policy.json
badterm|plan?term=abc|-|-"

# fire DIR NAME QUERY BODY: one request; the body in DIR/NAME.json, the status in DIR/NAME.status.
fire() {
	local dir=$1 name=$2 query=$3 body=$4
	local args=()
	[ "$body" != "-" ] && args=(--data-binary @"$TMP/cli/$body")
	curl -s -o "$TMP/$dir/$name.json" -w '%{http_code}' "${args[@]}" "${URL}api/$query" >"$TMP/$dir/$name.status"
}

# All at once, on a cold cache: several need the seed-7 forecast together.
pids=""
while IFS='|' read -r name query body _; do
	fire par "$name" "$query" "$body" &
	pids="$pids $!"
done <<<"$REQUESTS"
# shellcheck disable=SC2086 # the curls' ids, not the server's
wait $pids
# Then one at a time.
while IFS='|' read -r name query body _; do
	fire seq "$name" "$query" "$body"
done <<<"$REQUESTS"

same=0 total=0 worst=""
while IFS='|' read -r name query body cli; do
	total=$((total + 1))
	if cmp -s "$TMP/par/$name.json" "$TMP/seq/$name.json" &&
		cmp -s "$TMP/par/$name.status" "$TMP/seq/$name.status"; then
		same=$((same + 1))
	else
		worst="$worst $name"
	fi
done <<<"$REQUESTS"
if [ "$same" -eq "$total" ]; then pass "serve concurrent: $total answers made at once equal the same made one by one"; else
	fail "serve concurrent: $total answers made at once equal the same made one by one" "differ:$worst"; fi

bad=""
while IFS='|' read -r name query body cli; do
	[ "$cli" = "-" ] && continue
	# shellcheck disable=SC2086 # the CLI's arguments are words
	(cd "$TMP/cli" && "$BWABS" $cli --db "$DB" --json) >"$TMP/$name.cli" 2>/dev/null
	cmp -s "$TMP/par/$name.json" "$TMP/$name.cli" || bad="$bad $name"
done <<<"$REQUESTS"
if [ -z "$bad" ]; then pass "serve concurrent: each answer made at once is the CLI's --json"; else
	fail "serve concurrent: each answer made at once is the CLI's --json" "differ:$bad"; fi

# The what-ifs are plan --commit's "evaluated" objects; the refusals are 400s with the CLI's words.
(cd "$TMP/cli" && "$BWABS" plan --term 24 --commit 2500000 --samples 2000 --seed 7 --db "$DB" --json) >"$TMP/eval3.cli"
if python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); p=json.load(open(sys.argv[2]))["evaluated"]; sys.exit(0 if e == p and list(e) == list(p) else 1)' "$TMP/par/eval3.json" "$TMP/eval3.cli"; then
	pass "serve concurrent: a what-if made at once is plan --commit's evaluated object"
else
	fail "serve concurrent: a what-if made at once is plan --commit's evaluated object" "$(head -c 300 "$TMP/par/eval3.json")"
fi
if [ "$(cat "$TMP/par/evalbad.status")" = 400 ] && [ "$(cat "$TMP/par/badterm.status")" = 400 ]; then
	pass "serve concurrent: the refusals made at once are 400s"
else
	fail "serve concurrent: the refusals made at once are 400s" "$(cat "$TMP/par/evalbad.status") $(cat "$TMP/par/badterm.status")"
fi
(cd "$TMP/cli" && "$BWABS" plan --term abc --db "$DB" --json) 2>"$TMP/badterm.err" >/dev/null
expect_grep "serve concurrent: with the CLI's message" "$TMP/par/badterm.json" "\"error\": \"$(head -1 "$TMP/badterm.err")\""

kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
PID=""
if grep -q 'ERROR: AddressSanitizer\|runtime error:\|ThreadSanitizer' "$TMP/serve.err"; then
	fail "serve concurrent: no sanitizer report" "$(grep -m3 'ERROR\|runtime error' "$TMP/serve.err")"
else
	pass "serve concurrent: no sanitizer report"
fi

# End-to-end tests of `bandwise pull --api analytics` against the local
# stand-in (tests/cli/admin_api_server.py on 127.0.0.1), which serves the
# Usage and Cost Analytics API: paging, 31-day windows, resuming,
# idempotence, the realized discount in reconcile and track, and the
# Analytics key kept out of every output. Nothing here reaches the internet.
. tests/cli/lib.sh

if ! command -v python3 >/dev/null 2>&1; then
	skip "pull analytics" "python3 (the local test server) is absent"
	exit 0
fi
KEY=sk-ant-api01-Xq7TESTONLY-fedcba9876543210
SERVER_PIDS=""
cleanup_servers() { for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup_servers EXIT

# serve NAME SCENARIO [KEY]: start a server; its base URL in $URL, its log in $TMP/NAME.log.
serve() {
	rm -f "$TMP/$1.port"
	python3 tests/cli/admin_api_server.py "$TMP/$1.port" "$TMP/$1.log" "$2" "${3:-$KEY}" &
	SERVER_PIDS="$SERVER_PIDS $!"
	for _ in $(seq 50); do [ -s "$TMP/$1.port" ] && break; sleep 0.1; done
	URL="http://127.0.0.1:$(cat "$TMP/$1.port")"
}
input_tokens() {
	$BW usage --db "$1" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(sum(bm['tokens']['uncached_input_tokens'] for m in d['months'] for bm in m['by_model']))"
}
no_key_in() { # NAME FILE...: the key appears in none of the files
	if grep -aq -- "$KEY" "${@:2}" 2>/dev/null; then fail "$1" "the key appears in $*"; else pass "$1"; fi
}

FULL=21000000
PULL="--api analytics --since 2026-01-01 --until 2026-01-07 --backoff-ms 100"
unset ANTHROPIC_ADMIN_KEY
export ANTHROPIC_ANALYTICS_KEY=$KEY

serve ok ok
expect_status "pull analytics" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/a.db"
expect_grep "pull analytics: 4 pages" "$TMP/out" 'pulled 4 pages: 6 usage rows, 12 cost rows'
expect_grep "pull analytics: the analytics endpoints" "$TMP/ok.log" '/v1/organizations/analytics/usage_report page=- key=ok'
if grep -q 'usage_report/messages\|organizations/cost_report' "$TMP/ok.log"; then
	fail "pull analytics: no Admin API request" "$(head -3 "$TMP/ok.log")"
else pass "pull analytics: no Admin API request"; fi
got=$(input_tokens "$TMP/a.db")
if [ "$got" = "$FULL" ]; then pass "pull analytics: every page stored once"; else fail "pull analytics: every page stored once" "$got"; fi
no_key_in "pull analytics: the key is in no output and not in the store" "$TMP/out" "$TMP/err" "$TMP/a.db" "$TMP/ok.log"

expect_status "pull analytics again: idempotent" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/a.db"
got=$(input_tokens "$TMP/a.db")
if [ "$got" = "$FULL" ]; then pass "pull analytics again: the same totals"; else fail "pull analytics again: the same totals" "$got"; fi

# Realized discount: the stand-in's amounts are 80% of list_amount.
expect_status "reconcile --deal after an analytics pull" 0 $BW reconcile --db "$TMP/a.db" --deal examples/signed-deal.json
expect_grep "reconcile: the realized discount against the deal's" "$TMP/out" 'Realized discount \(Analytics API cost rows, 12\): 20\.0%.*the deal.s discount is 10\.0% \(more than agreed\)'
expect_status "reconcile --json after an analytics pull" 0 $BW reconcile --db "$TMP/a.db" --json
python3 - "$TMP/out" <<'PY' && pass "reconcile --json: realized_discount" || fail "reconcile --json: realized_discount" "$(head -c 400 "$TMP/out")"
import json, sys
r = json.load(open(sys.argv[1]))["realized_discount"]
assert r["cost_rows"] == 12 and abs(r["discount"] - 0.2) < 1e-9 and r["deal_discount"] is None, r
PY
# track needs complete months: the demo's usage, then the pulled rows.
mkdir -p "$TMP/demo" && $BW demo --write-data "$TMP/demo" >/dev/null 2>&1
$BW ingest --db "$TMP/track.db" "$TMP"/demo/usage-report-*.json >/dev/null 2>&1
serve trk ok
$BW pull $PULL --only cost --base-url "$URL" --db "$TMP/track.db" >/dev/null 2>&1
cat >"$TMP/deal.json" <<'JSON'
{"name": "Jan", "term_months": 12, "true_up": "term", "commit_usd": 1000, "discount": 0.25,
 "overage": "list", "start_month": "2026-01"}
JSON
$BW track --db "$TMP/track.db" --deal "$TMP/deal.json" --samples 200 >"$TMP/out" 2>"$TMP/err"
if grep -q 'complete months of usage' "$TMP/err"; then
	skip "track: realized discount" "six days of usage make no complete month: $(head -c 200 "$TMP/err")"
else
	expect_grep "track: the realized discount against the deal's" "$TMP/out" 'Realized discount \(Analytics API cost rows, 12\): 20\.0%.*25\.0% \(less than agreed\)'
fi

# Resume: the usage page 2 fails every time; the next run goes on from it.
serve die die
expect_status "pull analytics: gives up on a page that keeps failing" 1 $BW pull $PULL --base-url "$URL" --db "$TMP/b.db" --max-retries 1
expect_grep "pull analytics: names the endpoint and status" "$TMP/err" 'analytics usage_report page 2 .*analytics/usage_report\): HTTP 503: try later'
serve ok2 ok
expect_status "pull analytics: resumes" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/b.db"
expect_grep "pull analytics: resumed" "$TMP/out" 'resumed after an earlier run'
if grep -q 'usage_report page=- ' "$TMP/ok2.log"; then fail "pull analytics: resume skips page 1" "$(head -3 "$TMP/ok2.log")"; else pass "pull analytics: resume skips page 1"; fi
got=$(input_tokens "$TMP/b.db")
if [ "$got" = "$FULL" ]; then pass "pull analytics resumed: every page once"; else fail "pull analytics resumed: every page once" "$got"; fi

# More than 31 days: windows the server accepts (it refuses longer ones).
serve long ok
expect_status "pull analytics over 46 days: in 31-day windows" 0 $BW pull --api analytics --since 2026-01-01 --until 2026-02-16 --base-url "$URL" --db "$TMP/c.db"
expect_grep "pull analytics: the second window" "$TMP/long.log" 'analytics/cost_report page=- key=ok .*status=200'
n=$(grep -c 'analytics/cost_report' "$TMP/long.log")
if [ "$n" = 2 ]; then pass "pull analytics: two windows"; else fail "pull analytics: two windows" "$n cost requests"; fi

# Keys: none, an Admin key (refused by the server), the key file.
expect_status "pull analytics without a key" 2 env -u ANTHROPIC_ANALYTICS_KEY $BW pull $PULL --base-url "$URL" --db "$TMP/d.db"
expect_grep "pull analytics without a key: names the variable" "$TMP/err" 'ANTHROPIC_ANALYTICS_KEY'
ADMIN=sk-ant-admin01-TESTONLY-0123456789abcdef
serve admin ok "$ADMIN"
expect_status "pull analytics with an Admin key: refused" 1 env ANTHROPIC_ANALYTICS_KEY=$ADMIN $BW pull $PULL --base-url "$URL" --db "$TMP/d.db"
expect_grep "pull analytics with an Admin key: says which key" "$TMP/err" 'HTTP 403.*Analytics API key'
if grep -aq -- "$ADMIN" "$TMP/out" "$TMP/err"; then fail "pull analytics: the Admin key is not printed" "$(cat "$TMP/err")"; else pass "pull analytics: the Admin key is not printed"; fi
printf '%s\n' "$KEY" >"$TMP/key" && chmod 600 "$TMP/key"
serve file ok
expect_status "pull analytics --key-file" 0 env -u ANTHROPIC_ANALYTICS_KEY $BW pull $PULL --key-file "$TMP/key" --base-url "$URL" --db "$TMP/e.db"
no_key_in "pull analytics --key-file: the key is not printed" "$TMP/out" "$TMP/err" "$TMP/e.db"
expect_status "pull analytics: before 2026" 2 $BW pull --api analytics --since 2025-12-01 --base-url "$URL" --db "$TMP/f.db"
expect_grep "pull analytics: before 2026 says why" "$TMP/err" 'no data before 2026-01-01'
expect_status "pull --api bogus" 2 $BW pull --api bogus --since 2026-01-01 --db "$TMP/f.db"

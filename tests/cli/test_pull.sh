# End-to-end tests of `bandwise pull` against a local stand-in for the
# Admin API (tests/cli/admin_api_server.py on 127.0.0.1): pagination, 429
# with retry-after, 500s, cut bodies, dropped connections, bad JSON,
# timeouts, resuming, idempotence, and the key kept out of every output.
# Nothing here reaches the internet.
. tests/cli/lib.sh

if ! command -v python3 >/dev/null 2>&1; then
	skip "pull" "python3 (the local test server) is absent"
	exit 0
fi
KEY=sk-ant-admin01-TESTONLY-0123456789abcdef
SERVER_PIDS=""
cleanup_servers() { for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup_servers EXIT

# serve NAME SCENARIO: start a server; its base URL in $URL, its log in $TMP/NAME.log.
serve() {
	rm -f "$TMP/$1.port"
	python3 tests/cli/admin_api_server.py "$TMP/$1.port" "$TMP/$1.log" "$2" "$KEY" &
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
	if grep -aq -- "$KEY" "${@:2}" 2>/dev/null; then fail "$1" "the admin key appears in $*"; else pass "$1"; fi
}

# The whole range is 2026-01-01..06: 21M uncached input tokens in six buckets.
FULL=21000000
PULL="--since 2026-01-01 --until 2026-01-07 --backoff-ms 100"

serve flaky flaky
export ANTHROPIC_ADMIN_KEY=$KEY
expect_status "pull through 429, 500, a cut body and a dropped connection" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/a.db"
expect_grep "pull: 4 pages" "$TMP/out" 'pulled 4 pages: 6 usage rows, 12 cost rows'
expect_grep "pull: said it retried after the 429" "$TMP/err" 'HTTP 429: slow down, retry 1 of 5 in 1.0 s \(retry-after\)'
got=$(input_tokens "$TMP/a.db")
if [ "$got" = "$FULL" ]; then pass "pull: every page stored once ($FULL input tokens)"; else fail "pull: every page stored once" "$got"; fi
gap=$(awk '/status=429/ { t = $1 } t && /status=200/ && !d { printf "%.2f", $1 - t; d = 1 }' "$TMP/flaky.log")
if awk -v g="$gap" 'BEGIN { exit !(g >= 0.95) }'; then pass "pull: waited the retry-after (${gap} s)"; else fail "pull: waited the retry-after" "gap ${gap} s"; fi
expect_grep "pull: every request carried the key and the API version" "$TMP/flaky.log" 'key=ok version=2023-06-01'
if grep -q 'key=WRONG' "$TMP/flaky.log"; then fail "pull: no request without the key" "$(grep WRONG "$TMP/flaky.log" | head -1)"; else pass "pull: no request without the key"; fi
no_key_in "pull: the key is in no output and not in the store" "$TMP/out" "$TMP/err" "$TMP/a.db" "$TMP/flaky.log"

expect_status "pull again: idempotent" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/a.db" --json
expect_grep "pull --json: pages" "$TMP/out" '"pages": 4'
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/out" && pass "pull --json is JSON" || fail "pull --json is JSON" "$(head -c 300 "$TMP/out")"
got=$(input_tokens "$TMP/a.db")
if [ "$got" = "$FULL" ]; then pass "pull again: the same totals"; else fail "pull again: the same totals" "$got"; fi
expect_status "reconcile what was pulled" 0 $BW reconcile --db "$TMP/a.db" --json
expect_grep "pulled usage and cost reconcile" "$TMP/out" '"compared": 12'

# A server that keeps failing: the pages before stay, the next run resumes.
serve die die
expect_status "pull gives up after the retries" 1 $BW pull $PULL --max-retries 2 --base-url "$URL" --db "$TMP/b.db"
expect_grep "pull: says which page failed and why" "$TMP/err" 'usage_report page 2 .*HTTP 503.*still failing after the retries'
expect_grep "pull: says the next run goes on" "$TMP/err" 'run the same pull again'
got=$(input_tokens "$TMP/b.db")
if [ "$got" = 3000000 ]; then pass "pull: the page before the failure is stored"; else fail "pull: the page before the failure is stored" "$got"; fi
serve ok ok
expect_status "pull resumes" 0 $BW pull $PULL --base-url "$URL" --db "$TMP/b.db"
first=$(head -1 "$TMP/ok.log")
case "$first" in
*"usage_report/messages page=MQ=="*) pass "pull: resumed at page 2, not page 1" ;;
*) fail "pull: resumed at page 2, not page 1" "$first" ;;
esac
got=$(input_tokens "$TMP/b.db")
if [ "$got" = "$FULL" ]; then pass "pull: resumed run completes the totals"; else fail "pull: resumed run completes the totals" "$got"; fi

serve badjson badjson
expect_status "pull: a page that is not JSON" 2 $BW pull $PULL --max-retries 1 --base-url "$URL" --db "$TMP/c.db"
expect_grep "pull: bad JSON named with its page" "$TMP/err" 'usage_report/messages\?starting_at=2026-01-01T00:00:00Z.*page=MQ.*invalid JSON'

serve slow slow
expect_status "pull: a request over --timeout" 1 $BW pull $PULL --timeout 1 --max-retries 0 --base-url "$URL" --db "$TMP/d.db"
expect_grep "pull: timeout named" "$TMP/err" '[Tt]imeout|timed out'

expect_status "pull: a wrong key" 1 env ANTHROPIC_ADMIN_KEY=sk-ant-admin01-not-the-right-one $BW pull $PULL --base-url "$URL" --db "$TMP/e.db"
expect_grep "pull: 401 with a hint" "$TMP/err" 'HTTP 401: invalid x-api-key \(is ANTHROPIC_ADMIN_KEY an Admin API key'
if grep -q 'not-the-right-one' "$TMP/err" "$TMP/out"; then fail "pull: the wrong key is not echoed" "$(cat "$TMP/err")"; else pass "pull: the wrong key is not echoed"; fi

unset ANTHROPIC_ADMIN_KEY
expect_status "pull: no key" 2 $BW pull $PULL --base-url "$URL" --db "$TMP/f.db"
expect_grep "pull: no key says where to put one" "$TMP/err" 'ANTHROPIC_ADMIN_KEY'
printf '%s\n' "$KEY" >"$TMP/key"
chmod 644 "$TMP/key"
expect_status "pull: a key file others can read is refused" 2 $BW pull $PULL --key-file "$TMP/key" --base-url "$URL" --db "$TMP/f.db"
expect_grep "pull: says chmod 600" "$TMP/err" 'chmod 600'
no_key_in "pull: the refused key file's key is not printed" "$TMP/out" "$TMP/err"
chmod 600 "$TMP/key"
expect_status "pull: a private key file" 0 $BW pull $PULL --key-file "$TMP/key" --base-url "$URL" --db "$TMP/f.db"
expect_status "pull: --since required" 2 $BW pull --base-url "$URL" --db "$TMP/f.db"
expect_status "pull: a bad --since" 2 env ANTHROPIC_ADMIN_KEY=$KEY $BW pull --since yesterday --base-url "$URL" --db "$TMP/f.db"
expect_status "pull: nothing listening" 1 env ANTHROPIC_ADMIN_KEY=$KEY $BW pull $PULL --max-retries 1 --base-url http://127.0.0.1:9 --db "$TMP/g.db"
expect_grep "pull: connection refused named" "$TMP/err" '[Cc]ould not connect|[Cc]onnection refused|Failed to connect'

# --- hostile servers (issue #12 items 5, 6, 8 and the 1 MB header) ---
export ANTHROPIC_ADMIN_KEY=$KEY
UPPER=$(printf '%s' "$KEY" | tr '[:lower:]' '[:upper:]')
# no_key_run NAME FILE...: no run of 8 or more of the key's characters, in
# any case (the first and last 12 characters, upper-cased too).
no_key_run() {
	local k=$KEY u=$UPPER
	if grep -aqiF -e "${k:0:12}" -e "${k: -12}" -e "${k:12:12}" "${@:2}" 2>/dev/null; then
		fail "$1" "a piece of the key in: $(cat "${@:2}" | head -c 300)"
	else pass "$1"; fi
}

serve same same
expect_status "pull: a next_page that repeats stops" 1 timeout 60 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/s.db"
expect_grep "pull: the repeated cursor is named" "$TMP/err" "next_page 'SAME'.*(again|before)"
requests=$(grep -c 'usage_report' "$TMP/same.log")
if [ "$requests" -le 3 ]; then pass "pull: a repeated cursor costs no more requests ($requests)"; else fail "pull: a repeated cursor costs no more requests" "$requests requests"; fi
serve cycle cycle
expect_status "pull: cursors A, B, A stop" 1 timeout 60 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/cy.db"
expect_grep "pull: the cycle is named" "$TMP/err" "next_page 'A'.*(again|before)"
serve ok2 ok
expect_status "pull: the page cap per run" 1 $BW pull $PULL --only usage --max-pages 2 --base-url "$URL" --db "$TMP/cap.db"
expect_grep "pull: the cap is named" "$TMP/err" 'stopped after 2 pages.*--max-pages'
expect_status "pull: after the cap, the next run goes on" 0 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/cap.db"
got=$(input_tokens "$TMP/cap.db")
if [ "$got" = "$FULL" ]; then pass "pull: capped then resumed, every page once"; else fail "pull: capped then resumed, every page once" "$got"; fi

serve hugeretry hugeretry
expect_status "pull: retry-after 99999999999999999999 is capped" 0 timeout 60 $BW pull $PULL --only usage --max-wait-ms 500 --base-url "$URL" --db "$TMP/r.db"
expect_grep "pull: the capped wait is said" "$TMP/err" 'HTTP 429: slow down, retry 1 of 5 in 0.5 s \(retry-after\)'
serve dateretry dateretry
expect_status "pull: retry-after as an HTTP-date" 0 timeout 60 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/rd.db"
expect_grep "pull: the HTTP-date is honoured" "$TMP/err" 'HTTP 429: slow down, retry 1 of 5 in [0-2]\.[0-9] s \(retry-after\)'

serve echo echo
expect_status "pull: an error message echoing the key" 1 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/k.db"
expect_grep "pull: the server's message is shown" "$TMP/err" 'HTTP 400: bad key'
no_key_run "pull: no piece of the key, upper-cased or cut, is printed" "$TMP/out" "$TMP/err"
serve echoid echoid
expect_status "pull: the key as a workspace_id is refused" 1 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/ki.db"
expect_grep "pull: says the page holds the key" "$TMP/err" 'holds the admin key'
no_key_run "pull: the echoed workspace is not printed" "$TMP/out" "$TMP/err"
no_key_in "pull: the echoed workspace is not stored" "$TMP/ki.db"
serve echopage echopage
expect_status "pull: the key as next_page is refused" 1 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/kp.db"
expect_grep "pull: says the page holds the key" "$TMP/err" 'holds the admin key'
no_key_in "pull: the echoed cursor is not stored" "$TMP/kp.db"
if grep -q 'page=sk-' "$TMP/echopage.log"; then fail "pull: the echoed cursor is not sent back" "$(grep -m1 page=sk "$TMP/echopage.log")"; else pass "pull: the echoed cursor is not sent back"; fi

serve bighead bighead
expect_status "pull: a 1 MB response header" 1 $BW pull $PULL --only usage --base-url "$URL" --db "$TMP/h.db"
expect_grep "pull: says the header is too large" "$TMP/err" 'response header too large'
if grep -qi 'out of memory' "$TMP/err"; then fail "pull: not 'out of memory'" "$(cat "$TMP/err")"; else pass "pull: not 'out of memory'"; fi

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

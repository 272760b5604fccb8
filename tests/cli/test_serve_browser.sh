#!/usr/bin/env bash
# The page of `bandwise serve` in a real browser: Debian's chromium driven
# by playwright-core (both installed by `make deps-test`), against a server
# on a free 127.0.0.1 port that is stopped whatever happens. The checks
# (tests/browser/check-serve.mjs) compare the page's numbers with
# `bandwise plan --commit X --json` and save screenshots under test-output/.
. "$(dirname "$0")/lib.sh"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT

if [ ! -x /usr/bin/chromium ]; then
	skip "serve page in a browser" "/usr/bin/chromium is not installed (make deps-test installs it)"
	exit 0
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	skip "serve page in a browser" "tests/browser/node_modules is missing (make deps-test runs npm install)"
	exit 0
fi
BWABS=$(realpath "$BW")
mkdir -p test-output "$TMP/demo"
expect_status "serve browser: demo data" 0 $BW demo --write-data "$TMP/demo"
expect_status "serve browser: ingest" 0 $BW ingest --db "$TMP/b.db" "$TMP/demo"/usage-report-*.json
"$BWABS" serve --port 0 --db "$TMP/b.db" >"$TMP/serve.out" 2>"$TMP/serve.err" &
PID=$!
URL=""
for _ in $(seq 1 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.out" 2>/dev/null | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
if [ -z "$URL" ]; then
	fail "serve browser: the server starts" "$(head -c 300 "$TMP/serve.err")"
	exit 0
fi
node tests/browser/check-serve.mjs "$URL" test-output "$BWABS" "$TMP/b.db" 2>&1 ||
	echo "FAIL serve browser check: node exited with an error"

# A hostile store: the names it holds are shown as text, never as markup.
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
expect_status "serve browser: ingest hostile names" 0 $BW ingest --db "$TMP/h.db" tests/cli/data/usage-hostile.json
"$BWABS" serve --port 0 --db "$TMP/h.db" >"$TMP/hserve.out" 2>"$TMP/hserve.err" &
PID=$!
URL=""
for _ in $(seq 1 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/hserve.out" 2>/dev/null | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
node tests/browser/check-serve-hostile.mjs "$URL" 2>&1 ||
	echo "FAIL serve browser hostile check: node exited with an error"

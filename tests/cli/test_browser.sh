#!/usr/bin/env bash
# The HTML report in a real browser: Debian's chromium driven by
# playwright-core (both installed by `make deps-test`, which `make test`
# runs). Checks console errors, network requests, sections and charts at
# 1280 and 390 pixels wide, and saves screenshots under test-output/.
. "$(dirname "$0")/lib.sh"

if [ ! -x /usr/bin/chromium ]; then
	skip "report in a browser" "/usr/bin/chromium is not installed (make deps-test installs it)"
	exit 0
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	skip "report in a browser" "tests/browser/node_modules is missing (make deps-test runs npm install)"
	exit 0
fi
mkdir -p test-output "$TMP/demo"
expect_status "browser: demo data" 0 $BW demo --write-data "$TMP/demo"
expect_status "browser: ingest" 0 $BW ingest --db "$TMP/b.db" "$TMP/demo"/usage-report-*.json
expect_status "browser: report" 0 $BW report --db "$TMP/b.db" --term 24 --samples 2000 --policy examples/policy.json --offer examples/offer-ramp-24.json --peers examples/peers-synthetic.csv -o test-output/report.html
node tests/browser/check-report.mjs test-output/report.html test-output 2>&1 || echo "FAIL browser check: node exited with an error"

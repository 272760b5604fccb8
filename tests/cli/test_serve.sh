#!/usr/bin/env bash
# `bandwise serve` on loopback: every endpoint against the CLI's --json
# bytes for the same options, the CLI's messages on bad parameters (400),
# the token (401, the one-time URL's cookie), the body cap (413), the
# built-in file set, the security headers, a hostile store, a clean stop.
# Servers listen on a free 127.0.0.1 port and are stopped whatever happens.
. "$(dirname "$0")/lib.sh"
BWABS=$(realpath "$BW")
ROOT=$(pwd)
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; [ -n "${KEEP:-}" ] && cp -r "$TMP" /tmp/serve-keep; rm -rf "$TMP"' EXIT

if ! command -v curl >/dev/null; then
	skip "serve" "curl is not installed"
	exit 0
fi

# start NAME ARGS...: serve in the background; sets URL and PID.
start() {
	local name=$1
	shift
	"$BWABS" serve --port 0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	PID=$!
	PIDS="$PIDS $PID"
	URL=""
	for _ in $(seq 1 100); do
		URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/$name.out" 2>/dev/null | head -1)
		[ -n "$URL" ] && return 0
		sleep 0.1
	done
	fail "serve $name starts" "no URL printed: $(head -c 300 "$TMP/$name.err")"
	return 1
}

# get NAME PATH [curl args...]: the body in $TMP/NAME.json, the status in $TMP/NAME.status.
get() {
	local name=$1 path=$2
	shift 2
	curl -s -o "$TMP/$name.json" -D "$TMP/$name.headers" -w '%{http_code}' "$@" "$URL$path" >"$TMP/$name.status"
}

expect_http() {
	local got
	got=$(cat "$TMP/$2.status")
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "HTTP $got, wanted $3: $(head -c 300 "$TMP/$2.json")"; fi
}

# The store: the demo company.
mkdir -p "$TMP/demo" "$TMP/cli"
expect_status "serve: demo data" 0 $BW demo --write-data "$TMP/demo"
expect_status "serve: ingest" 0 $BW ingest --db "$TMP/s.db" "$TMP/demo"/usage-report-*.json
DB="$TMP/s.db"
sha_before=$(sha256sum "$DB" | cut -d' ' -f1)

expect_status "serve --help" 0 $BW serve --help
expect_grep "serve --help names the token file" "$TMP/out" 'token-file'
expect_status "serve: a non-loopback bind without a token is refused" 2 $BW serve --bind 0.0.0.0 --port 0 --db "$DB"
expect_grep "serve: the refusal says what to give" "$TMP/err" 'needs a token: give --token-file'
expect_status "serve: a missing store is refused at start" 2 $BW serve --port 0 --db "$TMP/none.db"

# Its private directory in $TMP, to see that requests leave nothing there.
TMPDIR="$TMP" start main --db "$DB" || exit 0
S="samples=2000"

# cli NAME ARGS...: the CLI's document, run in $TMP/cli beside the POSTed files.
cli() {
	local name=$1
	shift
	(cd "$TMP/cli" && "$BWABS" "$@" --db "$DB" --json) >"$TMP/$name.cli" 2>"$TMP/$name.clierr"
}

get plan "api/plan?term=24&commit=2000000&$S"
cli plan plan --term 24 --commit 2000000 --samples 2000
expect_http "GET /api/plan answers 200" plan 200
expect_same "GET /api/plan is plan --json byte for byte" "$TMP/plan.json" "$TMP/plan.cli"
grep -qi '^content-type: application/json' "$TMP/plan.headers" && pass "the API answers application/json" ||
	fail "the API answers application/json" "$(cat "$TMP/plan.headers")"

get obj "api/plan?term=12&objective=cvar:0.8&ramp&$S"
cli obj plan --term 12 --objective cvar:0.8 --ramp --samples 2000
expect_same "GET /api/plan with objective and ramp is plan --json" "$TMP/obj.json" "$TMP/obj.cli"

get forecast "api/forecast?months=18&$S&launch=20000@6"
cli forecast forecast --months 18 --samples 2000 --launch 20000@6
expect_same "GET /api/forecast is forecast --json" "$TMP/forecast.json" "$TMP/forecast.cli"

get usage "api/usage"
cli usage usage
expect_same "GET /api/usage is usage --json" "$TMP/usage.json" "$TMP/usage.cli"

sed 's/"discount": 0.15/"discount": 0.3/' data/bands/default.json >"$TMP/cli/bands.json"
get bands "api/plan?term=24&$S" --data-binary @"$TMP/cli/bands.json"
cli bands plan --term 24 --samples 2000 --bands bands.json
expect_same "POST /api/plan with a band file is plan --bands" "$TMP/bands.json" "$TMP/bands.cli"
if cmp -s "$TMP/bands.json" "$TMP/plan.json"; then fail "the POSTed band table is used" "same answer"; else pass "the POSTed band table is used"; fi

cp examples/offer-ramp-24.json "$TMP/cli/offer.json"
get offer "api/offer?$S" --data-binary @"$TMP/cli/offer.json"
cli offer offer --samples 2000 offer.json
expect_same "POST /api/offer is offer --json" "$TMP/offer.json" "$TMP/offer.cli"

# Peers: POSTed once, then every offer is placed among them.
cp examples/peers-synthetic.csv "$TMP/cli/peers.csv"
get peers "api/peers" --data-binary @"$TMP/cli/peers.csv"
expect_http "POST /api/peers answers 200" peers 200
get peeroffer "api/offer?$S" --data-binary @"$TMP/cli/offer.json"
cli peeroffer offer --samples 2000 --peers peers.csv offer.json
expect_same "POST /api/offer after /api/peers is offer --peers" "$TMP/peeroffer.json" "$TMP/peeroffer.cli"
expect_grep "the offer is placed among the peers" "$TMP/peeroffer.json" '"percentile"'
get nopeers "api/peers" -X POST -d ''
get offer2 "api/offer?$S" --data-binary @"$TMP/cli/offer.json"
expect_same "an empty POST /api/peers forgets them" "$TMP/offer2.json" "$TMP/offer.cli"

cp examples/policy.json "$TMP/cli/policy.json"
# The optimized plan takes the page's inputs: the policy and the band table in use.
python3 -c 'import json, sys; json.dump({"policy": open(sys.argv[1]).read()}, sys.stdout)' "$TMP/cli/policy.json" >"$TMP/cli/optinputs.json"
get optplan "api/optimized-plan?term=24&$S" --data-binary @"$TMP/cli/optinputs.json"
cli optplan plan --term 24 --samples 2000 --policy policy.json
expect_same "POST /api/optimized-plan is plan --policy" "$TMP/optplan.json" "$TMP/optplan.cli"
python3 -c 'import json, sys; json.dump({"policy": open(sys.argv[1]).read(), "bands": open(sys.argv[2]).read()}, sys.stdout)' "$TMP/cli/policy.json" "$TMP/cli/bands.json" >"$TMP/cli/optbands.json"
get optbands "api/optimized-plan?term=24&$S" --data-binary @"$TMP/cli/optbands.json"
cli optbands plan --term 24 --samples 2000 --policy policy.json --bands bands.json
expect_same "POST /api/optimized-plan with the band table in use is plan --policy --bands" "$TMP/optbands.json" "$TMP/optbands.cli"
if cmp -s "$TMP/optbands.json" "$TMP/optplan.json"; then fail "the optimized plan uses the POSTed band table" "same answer"; else pass "the optimized plan uses the POSTed band table"; fi
get optpeers "api/optimized-plan?term=24&$S" --data-binary '{"peers": "x"}'
expect_http "the optimized plan refuses inputs plan does not take" optpeers 400
get optimize "api/optimize?months=3" --data-binary @"$TMP/cli/policy.json"
(cd "$TMP/cli" && "$BWABS" optimize --policy policy.json --months 3 --db "$DB" --json) >"$TMP/optimize.cli" 2>/dev/null
expect_http "POST /api/optimize answers 200" optimize 200
expect_same "POST /api/optimize is optimize --policy (the waterfall)" "$TMP/optimize.json" "$TMP/optimize.cli"

cp examples/signed-deal.json "$TMP/cli/deal.json"
get track "api/track?$S" --data-binary @"$TMP/cli/deal.json"
cli track track --samples 2000 --deal deal.json
expect_same "POST /api/track is track --json" "$TMP/track.json" "$TMP/track.cli"

# The slider's what-if: the "evaluated" object of plan --commit, as its own document.
get evaluate "api/evaluate?term=24&commit=2000000&$S"
expect_http "GET /api/evaluate answers 200" evaluate 200
if python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); p=json.load(open(sys.argv[2]))["evaluated"]; sys.exit(0 if e == p and list(e) == list(p) else 1)' "$TMP/evaluate.json" "$TMP/plan.cli"; then
	pass "GET /api/evaluate is plan --commit's evaluated object, key for key"
else
	fail "GET /api/evaluate is plan --commit's evaluated object, key for key" "$(head -c 300 "$TMP/evaluate.json")"
fi
get evalbands "api/evaluate?term=24&commit=2000000&$S" --data-binary @"$TMP/cli/bands.json"
(cd "$TMP/cli" && "$BWABS" plan --term 24 --commit 2000000 --samples 2000 --bands bands.json --db "$DB" --json) >"$TMP/evalbands.cli"
if python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); p=json.load(open(sys.argv[2]))["evaluated"]; sys.exit(0 if e == p else 1)' "$TMP/evalbands.json" "$TMP/evalbands.cli"; then
	pass "POST /api/evaluate with a band file is plan --bands --commit's"
else
	fail "POST /api/evaluate with a band file is plan --bands --commit's" "$(head -c 300 "$TMP/evalbands.json")"
fi
get evalbelow "api/evaluate?term=24&commit=100"
expect_http "a commitment below every band is 400" evalbelow 400
$BW plan --db "$DB" --term 24 --commit 100 >/dev/null 2>"$TMP/planbelow.err"
if grep -qF "\"error\": \"$(cat "$TMP/planbelow.err")\"" "$TMP/evalbelow.json"; then
	pass "with plan's message"
else fail "with plan's message" "$(cat "$TMP/evalbelow.json") against $(cat "$TMP/planbelow.err")"; fi

get curves "api/curves?term=24&$S"
expect_http "GET /api/curves answers 200" curves 200
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
names = [b["name"] for b in d["bands"]]
assert names == ["250K", "1M", "5M"], names
assert all(len(b["points"]) == d["curve_points"] and len(b["points"][0]) == 2 for b in d["bands"])' \
	"$TMP/curves.json" 2>"$TMP/err"; then
	pass "the curves name every band, each with its points"
else fail "the curves name every band, each with its points" "$(cat "$TMP/err")"; fi

# The report for exactly the inputs on screen, as a download: the page's
# band table, offers, peers and policy POSTed as one body (each file's
# text), the scenario and the commitment in the query; the same bytes as
# `bandwise report` run beside the same files with the same options, but
# for the minute it was generated at (HTML) and the workbook's creation
# time (docProps/core.xml).
cp examples/offer-1m-24.json "$TMP/cli/offer-1.json"
cp examples/offer-ramp-24.json "$TMP/cli/offer-2.json"
python3 -c 'import json, sys
d = sys.argv[1]
text = lambda f: open(d + "/" + f).read()
json.dump({"bands": text("bands.json"), "offers": [text("offer-1.json"), text("offer-2.json")],
           "peers": text("peers.csv"), "policy": text("policy.json")}, sys.stdout)' "$TMP/cli" >"$TMP/inputs.json"
RQ="term=24&objective=cvar&launch=20000@6&price-cut=10%25@9&commit=1500000&$S"
RARGS="--term 24 --objective cvar --launch 20000@6 --price-cut 10%@9 --commit 1500000 --samples 2000 --bands bands.json --policy policy.json --offer offer-1.json --offer offer-2.json --peers peers.csv"
get report "api/report?$RQ" --data-binary @"$TMP/inputs.json"
expect_http "POST /api/report answers 200" report 200
expect_grep "the report is an HTML download" "$TMP/report.headers" '^Content-Disposition: attachment; filename="bandwise-report.html"'
expect_grep "the report is the report" "$TMP/report.json" '^<!DOCTYPE html>'
# shellcheck disable=SC2086
(cd "$TMP/cli" && "$BWABS" report $RARGS --db "$DB" -o "$TMP/report-cli.html") >/dev/null 2>"$TMP/err"
sed 's/generated [0-9-]* [0-9:]* UTC/generated (time)/' "$TMP/report.json" >"$TMP/report.a"
sed 's/generated [0-9-]* [0-9:]* UTC/generated (time)/' "$TMP/report-cli.html" >"$TMP/report.b"
expect_same "POST /api/report (HTML) is report --bands --offer x2 --peers --policy --commit, byte for byte but the minute" "$TMP/report.a" "$TMP/report.b"
expect_grep "the report's time is the part left out" "$TMP/report.a" 'generated [(]time[)]'
expect_grep "the report names the POSTed band file as bands.json" "$TMP/report.json" 'bands.json'
expect_grep "the report shows the POSTed offers" "$TMP/report.json" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["name"])' "$TMP/cli/offer-2.json")"
expect_grep "the report shows the commitment asked for" "$TMP/report.json" 'asked: '
expect_grep "the report shows the policy's waterfall" "$TMP/report.json" 'id="waterfall"'
if grep -q 'bandwise-serve-' "$TMP/report.json"; then fail "the report does not show the private directory" "it does"; else pass "the report does not show the private directory"; fi
get xlsx "api/report?$RQ&format=xlsx" --data-binary @"$TMP/inputs.json"
expect_http "POST /api/report?format=xlsx answers 200" xlsx 200
# shellcheck disable=SC2086
(cd "$TMP/cli" && "$BWABS" report --format xlsx $RARGS --db "$DB" -o "$TMP/report-cli.xlsx") >/dev/null 2>"$TMP/err"
if python3 -c 'import re, sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
assert a.namelist() == b.namelist(), (a.namelist(), b.namelist())
assert "xl/worksheets/sheet1.xml" in a.namelist()
when = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*")
for name in a.namelist():
    x, y = a.read(name), b.read(name)
    if name == "docProps/core.xml":
        x, y = when.sub(rb"\1", x), when.sub(rb"\1", y)
    assert x == y, name' "$TMP/xlsx.json" "$TMP/report-cli.xlsx" 2>"$TMP/err"; then
	pass "POST /api/report (XLSX) is report --format xlsx with the same files, sheet for sheet, byte for byte"
else fail "POST /api/report (XLSX) is report --format xlsx with the same files, sheet for sheet, byte for byte" "$(tail -c 300 "$TMP/err")"; fi
if unzip -p "$TMP/xlsx.json" xl/sharedStrings.xml | grep -q 'bandwise-serve-'; then fail "the workbook does not show the private directory" "it does"; else pass "the workbook does not show the private directory"; fi
# The inputs as the files' JSON objects rather than their text: the report
# on the same tables (the file's bytes differ: its sha256 is not compared).
python3 -c 'import json, sys
d = sys.argv[1]
load = lambda f: json.load(open(d + "/" + f))
json.dump({"bands": load("bands.json"), "offers": [load("offer-1.json")], "peers": None}, sys.stdout)' "$TMP/cli" >"$TMP/inputs-obj.json"
get reportobj "api/report?term=24&$S" --data-binary @"$TMP/inputs-obj.json"
expect_http "POST /api/report with the files as JSON objects answers 200" reportobj 200
(cd "$TMP/cli" && "$BWABS" report --term 24 --samples 2000 --bands bands.json --offer offer-1.json --db "$DB" -o "$TMP/reportobj-cli.html") >/dev/null 2>&1
if python3 -c 'import re, sys
strip = lambda t: re.sub(r"generated [0-9-]* [0-9:]* UTC|[0-9a-f]{64}", "", t)
sys.exit(0 if strip(open(sys.argv[1]).read()) == strip(open(sys.argv[2]).read()) else 1)' "$TMP/reportobj.json" "$TMP/reportobj-cli.html"; then
	pass "the objects give the report of the files (but for their sha256)"
else fail "the objects give the report of the files (but for their sha256)" "they differ"; fi
# A bad band file: 400 with the CLI's message, as report says it beside the file.
mkdir -p "$TMP/cli/bad"
printf '{"schema_version": 1,\n "bands": [{"name": "x", "min_commit_usd": "lots", "discount": 0.1}]}\n' >"$TMP/cli/bad/bands.json"
python3 -c 'import json, sys; json.dump({"bands": open(sys.argv[1]).read()}, sys.stdout)' "$TMP/cli/bad/bands.json" >"$TMP/inputs-bad.json"
get reportbad "api/report?$S" --data-binary @"$TMP/inputs-bad.json"
expect_http "POST /api/report with a bad band file is 400" reportbad 400
(cd "$TMP/cli/bad" && "$BWABS" report --samples 2000 --bands bands.json --db "$DB" -o x.html) >/dev/null 2>"$TMP/reportbad.cli"
want=$(head -1 "$TMP/reportbad.cli")
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"])' "$TMP/reportbad.json")
if [ -n "$want" ] && [ "$got" = "$want" ]; then pass "with report's own message ($want)"; else
	fail "with report's own message" "got '$got', CLI '$want'"; fi
get reportshape "api/report?$S" --data-binary '{"bands": 3}'
expect_http "a body that is not the report's inputs is 400" reportshape 400
expect_grep "saying where and what was expected" "$TMP/reportshape.json" 'the request body:1:11: bands: expected a band file'
get reportkey "api/report?$S" --data-binary '{"offer": []}'
expect_grep "an input of another name is refused by name" "$TMP/reportkey.json" "offer: expected one of the report's inputs"
if ! ls -d "$TMP"/bandwise-serve-* >/dev/null 2>&1; then
	fail "no request leaves its files behind" "the server's directory is not in \$TMP"
elif find "$TMP" -path '*bandwise-serve-*/*' | grep -q .; then
	fail "no request leaves its files behind" "$(find "$TMP" -path '*bandwise-serve-*/*' | head -5)"
else pass "no request leaves its files behind (the reports, the bad bodies and bands)"; fi
get xlsx "api/report?term=24&$S&format=xlsx"
expect_http "GET /api/report?format=xlsx answers 200" xlsx 200
if head -c 2 "$TMP/xlsx.json" | grep -q PK; then pass "the xlsx report is a workbook (zip)"; else fail "the xlsx report is a workbook (zip)" "not a zip"; fi
get csv "api/report?format=csv"
expect_http "a report format that is a directory is 400" csv 400

# One chart module: the page's chart is the very SVG the report inlines for
# the same options (its phone layout is 360 units wide), with the band file
# POSTed and the objective passed to both.
get chart "api/chart?name=curves&width=360&term=24&objective=cvar&$S" --data-binary @"$TMP/cli/bands.json"
expect_http "POST /api/chart answers 200" chart 200
(cd "$TMP/cli" && "$BWABS" report --term 24 --objective cvar --samples 2000 --bands bands.json --db "$DB" -o "$TMP/chart-report.html") >/dev/null 2>&1
if python3 -c 'import json, sys
svg = json.load(open(sys.argv[1]))["svg"]
assert svg.startswith("<svg class=\"chart\"") and "data-layout=\"narrow\"" in svg, svg[:200]
assert svg in open(sys.argv[2]).read(), "not in the report"' "$TMP/chart.json" "$TMP/chart-report.html" 2>"$TMP/err"; then
	pass "GET /api/chart is the report's own chart, byte for byte"
else fail "GET /api/chart is the report's own chart, byte for byte" "$(tail -c 300 "$TMP/err")"; fi
get chartmark "api/chart?name=curves&width=600&commit=2000000&term=24&$S"
expect_grep "the page's chart marks the commitment" "$TMP/chartmark.json" 'id=\\"commit-marker\\"'
get chartbad "api/chart?name=pie"
expect_http "an unknown chart is 400" chartbad 400
expect_grep "naming the charts there are" "$TMP/chartbad.json" 'the charts are stand, forecast, curves and waterfall'
get chartwide "api/chart?name=curves&width=99999"
expect_http "a chart too wide is 400" chartwide 400

# Bad parameters: 400 with the CLI's own message.
get badterm "api/plan?term=abc"
expect_http "a bad term is 400" badterm 400
(cd "$TMP/cli" && "$BWABS" plan --term abc --db "$DB" --json) 2>"$TMP/badterm.cli" >/dev/null
want=$(head -1 "$TMP/badterm.cli")
got=$(sed -n 's/^  "error": "\(.*\)",$/\1/p' "$TMP/badterm.json")
if [ -n "$want" ] && [ "$got" = "$want" ]; then pass "the 400 carries the CLI's message"; else
	fail "the 400 carries the CLI's message" "got '$got', CLI '$want'"; fi
get badbands "api/plan" --data-binary '{"bands": ['
expect_http "a bad band file is 400" badbands 400
expect_grep "the message names the body's file and position" "$TMP/badbands.json" '"error": "bandwise: bands.json:1:'
get paths "api/plan?paths=/etc/passwd"
expect_http "a parameter that names a file is refused" paths 400
expect_grep "with the CLI's words for an unknown option" "$TMP/paths.json" "unknown option '--paths'"
get huge "api/plan?samples=5000000"
expect_http "more paths than the server allows is 400" huge 400
expect_grep "saying the server's limit" "$TMP/huge.json" 'samples is at most 100000 on the server'
get getoffer "api/offer"
expect_http "an offer must be POSTed" getoffer 405

# The body cap.
head -c 2000000 /dev/zero | tr '\0' ' ' >"$TMP/big"
get big "api/plan" --data-binary @"$TMP/big"
expect_http "an oversized body is 413" big 413
get bigchunked "api/plan" -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big"
expect_http "an oversized chunked body is 413" bigchunked 413

# Only the built-in files; the security headers on each.
get page ""
expect_http "the page is served" page 200
expect_grep "the page loads only its own script" "$TMP/page.json" '<script src="/app.js" defer></script>'
expect_grep "the page has a Content-Security-Policy" "$TMP/page.headers" "^Content-Security-Policy: default-src 'none'; script-src 'self'"
expect_grep "the page is not sniffed" "$TMP/page.headers" '^X-Content-Type-Options: nosniff'
get js "app.js"
expect_http "the script is served" js 200
for p in "../Makefile" "web/app.js" "%2e%2e/%2e%2e/etc/passwd" "app.js/../../Makefile" "bandwise.db"; do
	get stray "$p" --path-as-is
	expect_http "no file outside the built-in set: /$p" stray 404
done
if grep -Eq 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(' web/app.js; then
	fail "the page never renders data as HTML" "web/app.js writes HTML"
else
	pass "the page never renders data as HTML"
fi
get rebind "" -H 'Host: attacker.example:80'
expect_http "another Host is refused (DNS rebinding)" rebind 421
get put "api/plan" -X PUT
expect_http "PUT is 405" put 405

# SIGTERM stops it cleanly; nothing stored changed; the private directory is gone.
dir=$(ls -d "$TMP"/bandwise-serve-* 2>/dev/null | wc -l)
kill -TERM "$PID"
wait "$PID"
status=$?
if [ "$status" -eq 0 ]; then pass "SIGTERM stops the server with status 0"; else fail "SIGTERM stops the server with status 0" "status $status"; fi
sha_after=$(sha256sum "$DB" | cut -d' ' -f1)
if [ "$sha_before" = "$sha_after" ]; then pass "serving leaves the store unchanged"; else fail "serving leaves the store unchanged" "its sha256 changed"; fi
after=$(ls -d "$TMP"/bandwise-serve-* 2>/dev/null | wc -l)
if [ "$after" -lt "$dir" ]; then pass "the private directory is removed at exit"; else fail "the private directory is removed at exit" "$dir before, $after after"; fi

# A hostile store: names stay JSON strings, answered as JSON, never as a page.
expect_status "serve: ingest hostile names" 0 $BW ingest --db "$TMP/h.db" tests/cli/data/usage-hostile.json
start hostile --db "$TMP/h.db" || exit 0
get husage "api/usage"
(cd "$TMP/cli" && "$BWABS" usage --db "$TMP/h.db" --json) >"$TMP/husage.cli" 2>/dev/null
expect_same "hostile store: /api/usage is usage --json" "$TMP/husage.json" "$TMP/husage.cli"
expect_grep "hostile store: the name is a JSON string" "$TMP/husage.json" '"<img src=x onerror=alert\(2\)>"'
expect_grep "hostile store: answered as JSON, not sniffed" "$TMP/husage.headers" '^X-Content-Type-Options: nosniff'
kill -INT "$PID"
wait "$PID"
status=$?
if [ "$status" -eq 0 ]; then pass "SIGINT (Ctrl-C) stops the server with status 0"; else fail "SIGINT (Ctrl-C) stops the server with status 0" "status $status"; fi

# A token: made in a new file (0600); the printed URL carries a one-time code, not the token.
start token --db "$DB" --token-file "$TMP/token" || exit 0
token=$(cat "$TMP/token")
mode=$(stat -c %a "$TMP/token")
if [ "$mode" = 600 ]; then pass "the token file is private (0600)"; else fail "the token file is private (0600)" "mode $mode"; fi
code=$(sed -n 's/.*?token=\([0-9a-f]*\).*/\1/p' "$TMP/token.out")
if [ -n "$code" ] && [ "$code" != "$token" ] && ! grep -q "$token" "$TMP/token.out"; then
	pass "the printed URL carries a one-time code, not the token"
else
	fail "the printed URL carries a one-time code, not the token" "$(cat "$TMP/token.out")"
fi
get once "?token=$code"
expect_http "the one-time URL redirects" once 303
expect_grep "the one-time URL sets the token's cookie" "$TMP/once.headers" "^Set-Cookie: bandwise_token=$token; HttpOnly; SameSite=Strict; Path=/"
get twice "?token=$code"
expect_http "the one-time URL works only once" twice 401
get noauth "api/usage"
expect_http "a request without the token is 401" noauth 401
get noauthpage ""
expect_http "the page without the token is 401" noauthpage 401
get wrong "api/usage" -H "Authorization: Bearer x$token"
expect_http "a wrong token is 401" wrong 401
get bearer "api/usage" -H "Authorization: Bearer $token"
expect_http "the Bearer token is accepted" bearer 200
get withtoken "?token=$token"
expect_http "the URL with the token itself redirects" withtoken 303
expect_grep "it sets an HttpOnly SameSite=Strict cookie" "$TMP/withtoken.headers" "^Set-Cookie: bandwise_token=$token; HttpOnly; SameSite=Strict; Path=/"
get cookie "api/usage" -H "Cookie: bandwise_token=$token"
expect_http "the cookie is accepted" cookie 200
kill -TERM "$PID"
wait "$PID"
start token2 --db "$DB" --token-file "$TMP/token" || exit 0
if grep -q "$token" "$TMP/token2.out"; then fail "an existing token is not printed" "$(cat "$TMP/token2.out")"; else pass "an existing token is not printed"; fi
get again "api/usage" -H "Authorization: Bearer $token"
expect_http "the token file's token is used" again 200
kill -TERM "$PID"
wait "$PID"
echo short >"$TMP/weak"
expect_status "a short token is refused" 2 $BW serve --port 0 --db "$DB" --token-file "$TMP/weak"
cd "$ROOT" || exit 1

#!/usr/bin/env bash
# Inputs that are not plain regular files: standard input and named pipes
# (read once, the format told from a buffered start), a UTF-8 byte-order
# mark (skipped), and configuration files too large to be one (refused at
# the cap, not after reading them whole).
. "$(dirname "$0")/lib.sh"
DATA=tests/cli/data
FILE_DB="$TMP/file.db"

expect_status "inputs: a log from a file" 0 $BW ingest --db "$FILE_DB" "$DATA/requests-messages.jsonl"
expect_status "inputs: usage of the file" 0 $BW usage --db "$FILE_DB" --json
cp "$TMP/out" "$TMP/usage-file.json"

# Standard input: `cat log | bandwise ingest -` stores the same rows.
PIPE_DB="$TMP/pipe.db"
if cat "$DATA/requests-messages.jsonl" | $BW ingest --db "$PIPE_DB" - >"$TMP/out" 2>"$TMP/err"; then
	pass "inputs: ingest from standard input"
else
	fail "inputs: ingest from standard input" "$(cat "$TMP/err")"
fi
expect_grep "inputs: standard input sums every request" "$TMP/out" '4 requests summed into 4 usage rows'
expect_status "inputs: usage after standard input" 0 $BW usage --db "$PIPE_DB" --json
expect_same "inputs: standard input stores what the file stores" "$TMP/usage-file.json" "$TMP/out"
if cat "$DATA/usage-page1.json" | $BW ingest --db "$TMP/pipe-report.db" - >"$TMP/out" 2>"$TMP/err"; then
	pass "inputs: a report from standard input"
else
	fail "inputs: a report from standard input" "$(cat "$TMP/err")"
fi
expect_grep "inputs: the report from standard input has its rows" "$TMP/out" 'usage-report, 2 buckets, 2 usage rows'

# A named pipe: read once, no hang (timeout only guards the suite).
FIFO="$TMP/log.fifo"
mkfifo "$FIFO"
cat "$DATA/requests-messages.jsonl" >"$FIFO" &
writer=$!
expect_status "inputs: ingest from a named pipe" 0 timeout 60 $BW ingest --db "$TMP/fifo.db" "$FIFO"
wait "$writer" 2>/dev/null
expect_status "inputs: usage after the named pipe" 0 $BW usage --db "$TMP/fifo.db" --json
expect_same "inputs: the named pipe stores what the file stores" "$TMP/usage-file.json" "$TMP/out"

# A UTF-8 byte-order mark is skipped, in JSONL, CSV and reports.
printf '\xef\xbb\xbf' | cat - "$DATA/requests-messages.jsonl" >"$TMP/bom.jsonl"
expect_status "inputs: a JSONL log with a BOM" 0 $BW ingest --db "$TMP/bom.db" "$TMP/bom.jsonl"
expect_status "inputs: usage after the BOM log" 0 $BW usage --db "$TMP/bom.db" --json
expect_same "inputs: the BOM changes nothing" "$TMP/usage-file.json" "$TMP/out"
printf '\xef\xbb\xbf' | cat - "$DATA/requests-generic.csv" >"$TMP/bom.csv"
expect_status "inputs: a CSV with a BOM" 0 $BW ingest --db "$TMP/bom-csv.db" --format csv --columns time=ts,model=llm,input=in,output=out "$TMP/bom.csv"
printf '\xef\xbb\xbf' | cat - "$DATA/usage-page1.json" >"$TMP/bom-report.json"
expect_status "inputs: a report with a BOM" 0 $BW ingest --db "$TMP/bom-report.db" "$TMP/bom-report.json"

# Configuration files are capped (8 MB): /dev/zero is refused at once.
expect_status "inputs: --bands /dev/zero" 2 $BW plan --bands /dev/zero --paths "$DATA/paths-small.csv"
expect_grep "inputs: --bands names the cap" "$TMP/err" '/dev/zero: larger than 8 MB'
mkdir -p "$TMP/demo-data"
expect_status "inputs: demo data" 0 $BW demo --write-data "$TMP/demo-data"
expect_status "inputs: a demo store" 0 $BW ingest --db "$TMP/demo.db" "$TMP/demo-data"/usage-report-*.json
expect_status "inputs: --deal /dev/zero" 2 $BW track --db "$TMP/demo.db" --deal /dev/zero --samples 100
expect_grep "inputs: --deal names the cap" "$TMP/err" '/dev/zero: larger than 8 MB'
expect_status "inputs: --policy /dev/zero" 2 $BW optimize --db "$TMP/demo.db" --policy /dev/zero
expect_grep "inputs: --policy names the cap" "$TMP/err" '/dev/zero: larger than 8 MB'
expect_status "inputs: --peers /dev/zero" 2 $BW offer --db "$TMP/demo.db" --samples 100 --peers /dev/zero examples/offer-1m-24.json
expect_grep "inputs: --peers names the cap" "$TMP/err" '/dev/zero: larger than 8 MB'

# CSV counts are parsed as integers: the largest a record may have is stored to the digit.
printf 'ts,llm,in,out\n2026-03-01T09:00:00Z,claude-sonnet-4-5, 999999999999999 ,7\n' >"$TMP/exact.csv"
expect_status "inputs: a CSV count of 999999999999999" 0 $BW ingest --db "$TMP/exact.db" --format csv --columns time=ts,model=llm,input=in,output=out "$TMP/exact.csv"
got=$(sqlite3 "$TMP/exact.db" 'SELECT uncached_input_tokens, output_tokens FROM usage')
if [ "$got" = "999999999999999|7" ]; then pass "inputs: the count is stored exactly"; else fail "inputs: the count is stored exactly" "got $got"; fi

# No output can be turned against its reader (issue #12 items 3 and 4):
# names that carry terminal controls are shown as \xHH in text output and
# error messages; names that look like formulas are neutralised in CSV.
. tests/cli/lib.sh
DATA=tests/cli/data

ESC=$(printf '\033')
BEL=$(printf '\007')
# no_raw_controls NAME FILE...: neither ESC nor BEL appears raw.
no_raw_controls() {
	if grep -q "[$ESC$BEL]" "${@:2}"; then fail "$1" "a raw ESC or BEL in $(cat -v "${@:2}" | head -c 300)"; else pass "$1"; fi
}

# A gateway log whose workspace rewrites the terminal title and whose
# model name clears the screen.
cat >"$TMP/hostile.jsonl" <<'JSONL'
{"model":"claude-sonnet-4-5-20250929","timestamp":"2026-03-01T10:00:00Z","workspace_id":"wrk\u001b]0;pwned\u0007","usage":{"input_tokens":1000,"output_tokens":400}}
{"model":"claude-haiku-4-5\u001b[2J","timestamp":"2026-03-01T11:00:00Z","workspace_id":"wrk_b","usage":{"input_tokens":500,"output_tokens":50}}
{"model":"claude-haiku-4-5","timestamp":"2026-03-01T12:00:00Z","workspace_id":"=HYPERLINK(\"http://x\")","usage":{"input_tokens":500,"output_tokens":50}}
JSONL
expect_status "ingest names with terminal controls" 0 $BW ingest --db "$TMP/h.db" "$TMP/hostile.jsonl"
expect_status "usage with hostile names" 0 $BW usage --db "$TMP/h.db"
no_raw_controls "usage: no raw terminal controls" "$TMP/out" "$TMP/err"
expect_grep "usage: the model shown with \\x1b" "$TMP/out" 'claude-haiku-4-5\\x1b\[2J'

expect_status "export --focus with hostile names" 0 $BW export --focus --db "$TMP/h.db" -o "$TMP/focus.csv"
expect_grep "export --focus: a formula-like workspace is neutralised" "$TMP/focus.csv" ",\"'=HYPERLINK\(\"\"http://x\"\"\)\","
if grep -q ',=HYPERLINK' "$TMP/focus.csv"; then fail "export --focus: no live formula" "$(grep -m1 HYPERLINK "$TMP/focus.csv")"; else pass "export --focus: no live formula"; fi
no_raw_controls "usage stderr: no raw terminal controls" "$TMP/err"

# An error message that quotes a bad value shows its controls visibly.
printf 'path,month,list_usd\n1,1,100\n1,2,\033]0;pwned\007\n' >"$TMP/paths-hostile.csv"
expect_status "plan --paths with a hostile bad value" 2 $BW plan --paths "$TMP/paths-hostile.csv"
no_raw_controls "error message: no raw terminal controls" "$TMP/err"
expect_grep "error message: the file and line named" "$TMP/err" 'paths-hostile.csv:3'

# What the CLI itself prints from outside: a typed command or option, a
# value in a usage error, a file name in the ingest line.
expect_status "a command name with terminal controls" 2 $BW "pl$ESC]0;x${BEL}an"
no_raw_controls "unknown command: no raw terminal controls" "$TMP/err"
expect_grep "unknown command: shown with \\x1b" "$TMP/err" 'pl\\x1b\]0;x\\x07an'
expect_status "an option with terminal controls" 2 $BW plan "--te$ESC[2Jrm" 12
no_raw_controls "unknown option: no raw terminal controls" "$TMP/err"
expect_status "a bad value with terminal controls" 2 $BW plan --paths "$DATA/paths-small.csv" --term "1$ESC[2J"
no_raw_controls "usage error: no raw terminal controls" "$TMP/err"
expect_grep "usage error: shown with \\x1b" "$TMP/err" '1\\x1b\[2J'
cp "$TMP/hostile.jsonl" "$TMP/log$ESC[2J.jsonl"
expect_status "ingest a file whose name has terminal controls" 0 $BW ingest --db "$TMP/h2.db" "$TMP/log$ESC[2J.jsonl"
no_raw_controls "ingest: no raw terminal controls" "$TMP/out" "$TMP/err"
expect_grep "ingest: the file name shown with \\x1b" "$TMP/out" 'log\\x1b\[2J.jsonl'

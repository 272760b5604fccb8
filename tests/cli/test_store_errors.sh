#!/usr/bin/env bash
# The store's failures say what really happened: a full disk is a full
# disk (not "cannot rollback - no transaction is active"), and the store
# is left as it was.
. "$(dirname "$0")/lib.sh"
DATA=tests/cli/data

# A file-size limit (ulimit -f, no root needed) makes every write past it
# fail as a full disk would; SIGXFSZ ignored so the write returns an error.
# 32 KB lets SQLite create the file and fail inside the migration.
( trap '' XFSZ; ulimit -f 32; exec $BW ingest --db "$TMP/limited.db" "$DATA/usage-page1.json" ) >"$TMP/out" 2>"$TMP/err"
status=$?
if [ "$status" -eq 1 ]; then pass "full disk: exit 1"; else fail "full disk: exit 1" "exit $status: $(cat "$TMP/err")"; fi
if grep -q "cannot rollback" "$TMP/err"; then
	fail "full disk: the real error, not the rollback's" "$(cat "$TMP/err")"
else
	pass "full disk: the real error, not the rollback's"
fi
expect_grep "full disk: names the store and the failure" "$TMP/err" 'limited\.db: .*(disk I/O error|disk is full)'

# A real full file system when a small tmpfs can be mounted (root); else skipped.
SMALL="$TMP/small"
mkdir -p "$SMALL"
if mount -t tmpfs -o size=256k tmpfs "$SMALL" 2>/dev/null; then
	trap 'umount "$SMALL" 2>/dev/null; rm -rf "$TMP"' EXIT
	expect_status "full tmpfs: a first source" 0 $BW ingest --db "$SMALL/s.db" "$DATA/usage-page1.json"
	sqlite3 "$SMALL/s.db" .dump >"$TMP/before.sql"
	# 20,000 distinct workspaces: far more rows than 256 KB holds.
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2026-03-%02dT10:00:00Z\",\"workspace_id\":\"ws%d\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n", 1 + i % 28, i }' >"$TMP/big.jsonl"
	expect_status "full tmpfs: ingest fails" 1 $BW ingest --db "$SMALL/s.db" "$TMP/big.jsonl"
	expect_grep "full tmpfs: says the disk is full" "$TMP/err" 's\.db: .*database or disk is full'
	sqlite3 "$SMALL/s.db" .dump >"$TMP/after.sql"
	expect_same "full tmpfs: the store is unchanged" "$TMP/before.sql" "$TMP/after.sql"
	dd if=/dev/zero of="$SMALL/fill" bs=1k count=200 2>/dev/null
	expect_status "full tmpfs: a new store cannot be made" 1 $BW ingest --db "$SMALL/new.db" "$DATA/usage-page1.json"
	if grep -q "cannot rollback" "$TMP/err"; then fail "full tmpfs: no rollback message" "$(cat "$TMP/err")"; else pass "full tmpfs: no rollback message"; fi
else
	skip "full tmpfs" "cannot mount a tmpfs here (needs root); the ulimit case above covers the message"
fi

# The same file ingested by two processes at once: both succeed, the file
# is stored once (the second sees the first's commit under the write lock).
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2026-03-%02dT10:00:00Z\",\"workspace_id\":\"ws%d\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n", 1 + i % 28, i }' >"$TMP/same.jsonl"
$BW ingest --db "$TMP/race.db" "$DATA/usage-page1.json" >/dev/null 2>&1
$BW ingest --db "$TMP/race.db" "$TMP/same.jsonl" >"$TMP/race1.out" 2>"$TMP/race1.err" &
one=$!
$BW ingest --db "$TMP/race.db" "$TMP/same.jsonl" >"$TMP/race2.out" 2>"$TMP/race2.err"
two=$?
wait "$one"
one=$?
if [ "$one" -eq 0 ] && [ "$two" -eq 0 ]; then pass "concurrent ingest: both succeed"; else
	fail "concurrent ingest: both succeed" "exits $one and $two: $(cat "$TMP/race1.err" "$TMP/race2.err")"; fi
got=$(sqlite3 "$TMP/race.db" "SELECT COUNT(*) FROM source WHERE format = 'messages'")
if [ "$got" = 1 ]; then pass "concurrent ingest: stored once"; else fail "concurrent ingest: stored once" "$got sources"; fi

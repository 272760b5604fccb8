#!/usr/bin/env bash
# `bandwise sources` and `bandwise forget`: what is stored, and removing
# one source's rows in one transaction (the way out of a bad ingest).
. "$(dirname "$0")/lib.sh"
DATA=tests/cli/data
DB="$TMP/store.db"
ONE="$TMP/one.db"

expect_status "sources: ingest a log and a report" 0 $BW ingest --db "$DB" "$DATA/requests-messages.jsonl" "$DATA/usage-page1.json"
expect_status "sources: ingest the report alone" 0 $BW ingest --db "$ONE" "$DATA/usage-page1.json"
expect_status "sources: usage of the report alone" 0 $BW usage --db "$ONE" --json
cp "$TMP/out" "$TMP/usage-one.json"

expect_status "sources lists" 0 $BW sources --db "$DB"
expect_grep "sources names the log" "$TMP/out" 'requests-messages\.jsonl +request log +messages +[0-9a-f]{12} +4 +2026-03-01\.\.2026-03-03'
expect_grep "sources names the report" "$TMP/out" 'usage-page1\.json +Admin API report +usage-report +588777223c6f +2 +2026-01-01\.\.2026-01-02'
expect_status "sources --json" 0 $BW sources --db "$DB" --json
expect_grep "sources --json has the fingerprint" "$TMP/out" '"fingerprint": "xxh3-[0-9a-f]{32}"'
expect_grep "sources --json has the span" "$TMP/out" '"first_start": "2026-01-01T00:00:00Z"'
fingerprint=$(grep -o '"fingerprint": "xxh3-[0-9a-f]*' "$TMP/out" | head -1 | sed 's/.*xxh3-//')

sqlite3 "$DB" .dump >"$TMP/before.sql"
expect_status "forget an unknown source" 2 $BW forget --db "$DB" nope.jsonl
expect_grep "forget names the unknown source" "$TMP/err" "no stored source is named 'nope\.jsonl'"
expect_status "forget a known and an unknown source" 2 $BW forget --db "$DB" "$DATA/usage-page1.json" nope.jsonl
sqlite3 "$DB" .dump >"$TMP/after.sql"
expect_same "forget of an unknown source removes nothing" "$TMP/before.sql" "$TMP/after.sql"
expect_status "forget with a too short prefix" 2 $BW forget --db "$DB" "${fingerprint:0:3}"

# By fingerprint prefix, without its "xxh3-".
expect_status "forget the log by fingerprint" 0 $BW forget --db "$DB" "${fingerprint:0:8}"
expect_grep "forget says what it removed" "$TMP/out" '^forgot .*requests-messages\.jsonl \(4 rows\)$'
expect_status "usage after forget" 0 $BW usage --db "$DB" --json
expect_same "forget leaves exactly the other source" "$TMP/usage-one.json" "$TMP/out"
expect_status "sources after forget" 0 $BW sources --db "$DB" --json
if grep -q requests-messages "$TMP/out"; then fail "forget removes the provenance" "still listed"; else pass "forget removes the provenance"; fi

# By name, then the file can be ingested again.
expect_status "forget the report by name" 0 $BW forget --db "$DB" --json "$DATA/usage-page1.json"
expect_grep "forget --json lists it" "$TMP/out" '"forgotten": \['
expect_status "ingest again after forget" 0 $BW ingest --db "$DB" "$DATA/usage-page1.json"
if grep -q "already ingested" "$TMP/out"; then fail "forgotten file is new again" "said already ingested"; else pass "forgotten file is new again"; fi

#!/usr/bin/env bash
# The malformed-input corpus, data-driven: every row of
# tests/cli/data/malformed/cases.txt is one input that must be refused with
# its exit status and message, leaving the store's dump as it was.
. "$(dirname "$0")/lib.sh"
DIR=tests/cli/data/malformed
DB="$TMP/store.db"

# The store holds one good source before the cases run.
expect_status "malformed: a good source first" 0 $BW ingest --db "$DB" tests/cli/data/requests-messages.jsonl
dump() { sqlite3 "$DB" .dump >"$1"; }
dump "$TMP/before.sql"

while IFS= read -r row; do
	case $row in '#'* | '') continue ;; esac
	row="$row " # an empty last column still ends in " | "
	file=$(echo "$row" | awk -F' [|] ' '{print $1}')
	want=$(echo "$row" | awk -F' [|] ' '{print $2}')
	fragment=$(echo "$row" | awk -F' [|] ' '{print $3}')
	extra=$(echo "$row" | awk -F' [|] ' '{print $4}')
	# shellcheck disable=SC2086 # the extra options are words
	expect_status "malformed $file: exit $want" "$want" $BW ingest --db "$DB" $extra "$DIR/$file"
	expect_grep "malformed $file: message" "$TMP/err" "$fragment"
	dump "$TMP/after.sql"
	expect_same "malformed $file: the store is unchanged" "$TMP/before.sql" "$TMP/after.sql"
done <"$DIR/cases.txt"

#!/usr/bin/env bash
# Runs every unit-test binary given as arguments and every CLI test script
# under tests/cli, then prints one closing line: "N passed, N failed".
#
# Unit tests are cmocka binaries: their "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)" lines are summed. A binary that dies without a
# summary (a sanitizer report, a crash) counts as one failure.
# CLI tests print "PASS name" or "FAIL name" lines (tests/cli/lib.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for bin in "$@"; do
	name=$(basename "$bin")
	(cd "$here/.." && "$bin") >"$log" 2>&1
	status=$?
	cat "$log"
	# cmocka writes to stdout and stderr, so its lines can interleave:
	# match the summaries anywhere on a line.
	p=$(grep -o '\[  PASSED  \] [0-9]* test' "$log" | tail -1 | tr -dc 0-9)
	f=$(grep -o '\[  FAILED  \] [0-9]* test' "$log" | tail -1 | tr -dc 0-9)
	s=$(grep -o '\[  SKIPPED \] [0-9]* test' "$log" | tail -1 | tr -dc 0-9)
	p=${p:-0}; f=${f:-0}; s=${s:-0}
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited with status $status without a cmocka failure summary"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

for script in "$here"/cli/test_*.sh; do
	[ -e "$script" ] || continue
	(cd "$here/.." && bash "$script") >"$log" 2>&1
	status=$?
	cat "$log"
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	s=$(grep -c '^SKIP ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $(basename "$script"): exited with status $status"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

# Shared helpers for the CLI tests: source this file.
# Each check prints "PASS name" or "FAIL name: why"; tests/run.sh counts them.
set -u
BW=${BANDWISE_BIN:-build/asan/bandwise}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# expect_status NAME STATUS CMD...: the command exits with STATUS.
# Its stdout is left in $TMP/out and stderr in $TMP/err.
expect_status() {
	local name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	local got=$?
	if [ "$got" -eq "$want" ]; then pass "$name"; else
		fail "$name" "exit $got, wanted $want; stderr: $(head -c 400 "$TMP/err")"; fi
}

# expect_grep NAME FILE PATTERN: FILE matches the extended regex.
expect_grep() {
	if grep -Eq -- "$3" "$2"; then pass "$1"; else
		fail "$1" "no match for /$3/ in $2: $(head -c 400 "$2")"; fi
}

# expect_same NAME FILE1 FILE2: byte-identical files.
expect_same() {
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$2 and $3 differ"; fi
}

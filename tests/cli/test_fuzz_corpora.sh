#!/usr/bin/env bash
# Every fuzz corpus (seeds and past findings) replayed through its reader
# under the sanitizers: a crash or a sanitizer report fails the run.
. "$(dirname "$0")/lib.sh"
for bin in build/asan/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	target=$(basename "$bin"); target=${target#fuzz_}
	if ! "$bin" fuzz/corpora/"$target"/* >"$TMP/replay" 2>"$TMP/err"; then
		fail "fuzz corpus $target" "$(head -c 400 "$TMP/err")"
	else
		pass "fuzz corpus $target ($(grep -c '^PASS' "$TMP/replay") files)"
	fi
done

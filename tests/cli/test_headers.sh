#!/usr/bin/env bash
# Every public header compiles alone (it includes what it needs), and the
# library exports nothing but bw_ symbols.
. "$(dirname "$0")/lib.sh"
CC=${CC:-gcc}
for h in include/bandwise.h include/bandwise/*.h; do
	name=${h#include/}
	if printf '#include "%s"\nint main(void) { return 0; }\n' "$name" |
		$CC -std=c17 -Wall -Wextra -pedantic -Werror -Iinclude -x c - -o "$TMP/header" 2>"$TMP/err"; then
		pass "header $name compiles alone"
	else
		fail "header $name compiles alone" "$(head -c 300 "$TMP/err")"
	fi
done
lib=build/asan/libbandwise.a
if [ -f "$lib" ]; then
	others=$(nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDRB]/ {print $3}' | grep -v '^bw_' | grep -v '^__odr_asan' | sort -u | tr '\n' ' ')
	if [ -z "$others" ]; then pass "library exports only bw_ symbols"; else fail "library exports only bw_ symbols" "$others"; fi
else
	skip "library exports only bw_ symbols" "$lib is not built"
fi

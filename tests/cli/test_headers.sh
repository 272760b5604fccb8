#!/usr/bin/env bash
# The public API and the layering, checked rather than hoped for
# (docs/architecture.md):
# - every public header compiles alone, and the umbrella includes them all;
# - the library exports three kinds of names only: bw_<module>_... declared
#   in include/ (public), bw_<module>__... (internal to the library), and
#   bwx_... (src/util, helpers with no domain knowledge); a bw_ name that
#   looks public but is declared nowhere in include/ fails;
# - the include rules: util includes only system headers, its own headers
#   and bandwise/error.h; ingest never includes plan or report; nothing
#   outside src/lib/report includes a report header; the CLI sees include/
#   only (its own cli headers aside).
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

missing=""
for h in include/bandwise/*.h; do
	grep -q "#include \"bandwise/$(basename "$h")\"" include/bandwise.h || missing="$missing $(basename "$h")"
done
if [ -z "$missing" ]; then pass "bandwise.h includes every public header"; else fail "bandwise.h includes every public header" "missing:$missing"; fi

lib=build/asan/libbandwise.a
if [ -f "$lib" ]; then
	nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDRB]/ {print $3}' |
		grep -v '^__odr_asan' | sort -u >"$TMP/exported"
	others=$(grep -v '^bw_' "$TMP/exported" | grep -v '^bwx_' | tr '\n' ' ')
	if [ -z "$others" ]; then pass "library exports only bw_ and bwx_ symbols"; else fail "library exports only bw_ and bwx_ symbols" "$others"; fi
	cat include/bandwise/*.h | grep -o '\bbw_[a-z0-9_]*' | sort -u >"$TMP/declared"
	looks_public=$(grep '^bw_' "$TMP/exported" | grep -v '^bw_[a-z0-9]*__' | comm -23 - "$TMP/declared" | tr '\n' ' ')
	if [ -z "$looks_public" ]; then
		pass "every public-looking symbol is declared in include/"
	else
		fail "every public-looking symbol is declared in include/" "internal names need bw_<module>__ or bwx_: $looks_public"
	fi
	leaked=$(grep -o '\bbw[x]*_[a-z0-9]*__[a-z0-9_]*\|\bbwx_[a-z0-9_]*' include/bandwise/*.h include/bandwise.h | tr '\n' ' ')
	if [ -z "$leaked" ]; then pass "no internal name in a public header"; else fail "no internal name in a public header" "$leaked"; fi
else
	skip "library exports only bw_ and bwx_ symbols" "$lib is not built"
fi

# The include rules, file by file.
bad=$(grep -n '#include "' src/util/*.c src/util/*.h | grep -v '#include "bandwise/error.h"' |
	awk -F'"' '{print $0 "\t" $2}' | while IFS=$'\t' read -r line inc; do
		[ -f "src/util/$inc" ] || echo "$line"
	done)
if [ -z "$bad" ]; then pass "src/util includes only system headers, util and bandwise/error.h"; else fail "src/util includes only system headers, util and bandwise/error.h" "$bad"; fi

bad=$(grep -n '#include "\(bandwise/\)\?\(plan\|report\|offer\|track\|deal\|analysis\)\.h"' src/lib/ingest/* 2>/dev/null)
if [ -z "$bad" ]; then pass "ingest never includes plan or report"; else fail "ingest never includes plan or report" "$bad"; fi

bad=$(grep -rn '#include "\(bandwise/\)\?report\(/[a-z_]*\)\?\.h"\|#include "report_[a-z_]*\.h"' src/lib src/util | grep -v '^src/lib/report/')
if [ -z "$bad" ]; then pass "nothing in the library includes report"; else fail "nothing in the library includes report" "$bad"; fi

bad=$(grep -n '#include "' src/cli/*.c src/cli/*.h | grep -v '#include "bandwise\(/[a-z_]*\)\?\.h"' |
	grep -v '#include "serve\.h"' |
	awk -F'"' '{print $0 "\t" $2}' | while IFS=$'\t' read -r line inc; do
		[ -f "src/cli/$inc" ] || echo "$line"
	done)
if [ -z "$bad" ]; then pass "the CLI includes only the public headers and its own"; else fail "the CLI includes only the public headers and its own" "$bad"; fi

# src/serve is a front end like the CLI: the public headers and its own
# files only (the CLI may include its serve.h, nothing else of it).
bad=$(grep -n '#include "' src/serve/*.c src/serve/*.h | grep -v '#include "bandwise\(/[a-z_]*\)\?\.h"' |
	awk -F'"' '{print $0 "\t" $2}' | while IFS=$'\t' read -r line inc; do
		[ -f "src/serve/$inc" ] || echo "$line"
	done)
if [ -z "$bad" ]; then pass "src/serve includes only the public headers and its own"; else fail "src/serve includes only the public headers and its own" "$bad"; fi

#!/usr/bin/env bash
# jq_agg.sh FILE: the ingest benchmark's jq peer (bench/ingest/run.sh).
#
# Streams the JSONL request log through one jq process (`reduce inputs`, so
# one line is parsed at a time and the file is never slurped), builds the
# same daily cube as bandwise and DuckDB (day, model, workspace, service
# tier) and prints its grand totals on the line duckdb_agg.mjs prints:
#   rows=N groups=G input=… write5m=… write1h=… read=… output=… web=…
set -eu
if [ $# -ne 1 ]; then
	echo "usage: bench/ingest/jq_agg.sh FILE.jsonl" >&2
	exit 2
fi
# Each group holds [count, input, write5m, write1h, read, output, web].
# `dec` prints an integer digit by digit: jq would print a round total such
# as 1e16 in exponent form (its sums are exact doubles below 2^53).
exec jq -n -r '
def dec: if . < 10 then tostring else ((. / 10 | floor) | dec) + (. % 10 | tostring) end;
reduce inputs as $r ({};
	($r.usage) as $u
	| .[$r.timestamp[0:10] + "|" + $r.model + "|" + $r.workspace_id + "|" + $u.service_tier] |=
		(. // [0, 0, 0, 0, 0, 0, 0]
		 | [.[0] + 1,
		    .[1] + $u.input_tokens,
		    .[2] + $u.cache_creation.ephemeral_5m_input_tokens,
		    .[3] + $u.cache_creation.ephemeral_1h_input_tokens,
		    .[4] + $u.cache_read_input_tokens,
		    .[5] + $u.output_tokens,
		    .[6] + $u.server_tool_use.web_search_requests]))
| length as $groups
| (reduce .[] as $g ([0, 0, 0, 0, 0, 0, 0]; [range(7) as $i | .[$i] + $g[$i]])) as $t
| "rows=\($t[0] | dec) groups=\($groups | dec) input=\($t[1] | dec) write5m=\($t[2] | dec) write1h=\($t[3] | dec) read=\($t[4] | dec) output=\($t[5] | dec) web=\($t[6] | dec)"
' "$1"

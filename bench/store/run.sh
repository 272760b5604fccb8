#!/usr/bin/env bash
# The team store against the SQLite file (release build): the same files
# ingested into a new store of each kind, and a few reading commands, on a
# PostgreSQL server started on 127.0.0.1 (tests/cli/pg_server.sh). Two
# data sets: the demo company (14 monthly reports, 2,799 usage rows) and a
# generated year of daily reports with 40 workspaces (12 files, 36,135 rows).
# Prints the median of RUNS (default 5) wall times per step. BW names
# another binary (an older build, to compare); READS the reading commands
# to time (default all three, e.g. READS=sources), INGEST_RUNS the ingests
# (default RUNS) when only the reads are of interest.
set -u
cd "$(dirname "$0")/../.."
BW=${BW:-build/release/bandwise}
RUNS=${RUNS:-5}
INGEST_RUNS=${INGEST_RUNS:-$RUNS}
READS=${READS:-usage --json|sources|plan --term 24 --json}
. tests/cli/lib.sh
. tests/cli/pg_server.sh
if ! pg_start; then
	echo "bench/store: no PostgreSQL server could be started" >&2
	exit 1
fi
$BW demo --write-data "$TMP/demo" >/dev/null
python3 - "$TMP/big" <<'PY'
import json, os, sys, datetime
out = sys.argv[1]
os.makedirs(out)
models = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-1-20250805"]
day = datetime.date(2025, 1, 1)
for month in range(1, 13):
    buckets = []
    while day.month == month:
        nxt = day + datetime.timedelta(days=1)
        results = [{"account_id": None, "api_key_id": None, "service_account_id": None,
                    "workspace_id": "wrkspc_%02d" % w, "model": m, "service_tier": "standard",
                    "context_window": "0-200k", "inference_geo": "not_available",
                    "uncached_input_tokens": 1000 + w, "cache_creation": {"ephemeral_5m_input_tokens": 10, "ephemeral_1h_input_tokens": 0},
                    "cache_read_input_tokens": 5000 + w, "output_tokens": 300 + w, "server_tool_use": {"web_search_requests": 0}}
                   for w in range(40) for m in models[: 1 + (w % 3)] + (["claude-sonnet-4-20250514"] * (w % 2))]
        buckets.append({"starting_at": day.isoformat() + "T00:00:00Z", "ending_at": nxt.isoformat() + "T00:00:00Z", "results": results})
        day = nxt
    with open(os.path.join(out, "usage-2025-%02d.json" % month), "w") as f:
        json.dump({"data": buckets, "has_more": False, "next_page": None}, f)
PY

median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
n=0
# step NAME DATASET CMD...: the median over RUNS of CMD on a fresh store of each kind (ingest) or
# on the stores of the last ingest (anything else).
for set in demo big; do
	for kind in sqlite pg; do
		: >"$TMP/t"
		for r in $(seq 1 "$INGEST_RUNS"); do
			n=$((n + 1))
			if [ $kind = sqlite ]; then db="$TMP/s$n.db"; else
				psql "$PG_URL" -qc "CREATE DATABASE b$n" >/dev/null
				db="postgresql://bw@127.0.0.1:$PG_PORT/b$n"
			fi
			secs $BW ingest --db "$db" "$TMP/$set"/*.json >>"$TMP/t"
		done
		eval "db_${set}_$kind=\$db"
		echo "ingest $set $kind $(median <"$TMP/t")"
	done
done
IFS='|' read -r -a reads <<<"$READS"
for cmd in "${reads[@]}"; do
	for set in demo big; do
		for kind in sqlite pg; do
			eval "db=\$db_${set}_$kind"
			: >"$TMP/t"
			for r in $(seq 1 "$RUNS"); do secs $BW $cmd --db "$db" >>"$TMP/t"; done
			echo "$cmd | $set $kind $(median <"$TMP/t")"
		done
	done
done

# A throwaway PostgreSQL server on 127.0.0.1 for the tests: source this file
# after lib.sh, then `pg_start` (0: running with $PG_URL set, 1: the server
# binaries are missing, 2: they would not start, the logs in $PG_LOG). The
# server runs as the superuser "bw" (trust authentication, so no password)
# in $TMP/pg, on a free port, and stops when the test exits, whatever the
# outcome (the EXIT trap also removes $TMP).

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_stop() {
	[ -n "${PGDIR:-}" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$TMP"
}

# pg_start [INITDB_AUTH]: the authentication initdb sets (default trust).
pg_start() {
	local auth=${1:-trust}
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || ! command -v psql >/dev/null 2>&1; then
		return 1
	fi
	PGDIR="$TMP/pg"
	mkdir -p "$PGDIR"
	chmod 711 "$TMP"
	[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
	PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
	trap pg_stop EXIT
	PG_LOG="$TMP/initdb.log $TMP/pgctl.log $PGDIR/server.log"
	if ! as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A "$auth" -U bw -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1 ||
		! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
			-o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PGDIR -c fsync=off" \
			start >"$TMP/pgctl.log" 2>&1; then
		return 2
	fi
	PG_URL="postgresql://bw@127.0.0.1:$PG_PORT/postgres"
	return 0
}

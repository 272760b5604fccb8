# A throwaway ClickHouse server on 127.0.0.1 for the push-down tests and the
# bench: source this file, then `ch_start DIR` (0: running, 1: cannot),
# `chq SQL` (runs SQL over HTTP, prints the answer), `ch_load TABLE FILE`
# (TabSeparated rows into TABLE) and `ch_stop`. The server's cluster
# `two_shards` has two shards on the same server, the databases shard1 and
# shard2 (each replica's default database), so a Distributed table over it
# really sends the query to two shards and merges their partial sums.

ch_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

chq() {
	python3 - "$CH_URL" "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode())) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stderr.write(e.read().decode()); sys.exit(1)
PY
}

ch_load() {
	python3 - "$CH_URL" "$1" "$2" <<'PY'
import sys, urllib.request, urllib.parse
url = sys.argv[1] + "?query=" + urllib.parse.quote("INSERT INTO %s FORMAT TabSeparated" % sys.argv[2])
with open(sys.argv[3], "rb") as f:
    urllib.request.urlopen(urllib.request.Request(url, data=f)).read()
PY
}

# ch_start DIR: a server with its data, logs and config under DIR.
ch_start() {
	CH_DIR=$1
	CH_BIN=$(command -v clickhouse-server || command -v clickhouse || echo /usr/sbin/clickhouse-server)
	[ -x "$CH_BIN" ] || return 1
	CH_HTTP_PORT=$(ch_free_port)
	CH_TCP_PORT=$(ch_free_port)
	mkdir -p "$CH_DIR/data" "$CH_DIR/tmp" "$CH_DIR/user_files" "$CH_DIR/format_schemas"
	cat >"$CH_DIR/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$CH_DIR/server.log</log><errorlog>$CH_DIR/error.log</errorlog></logger>
    <http_port>$CH_HTTP_PORT</http_port>
    <tcp_port>$CH_TCP_PORT</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>$CH_DIR/data/</path>
    <tmp_path>$CH_DIR/tmp/</tmp_path>
    <user_files_path>$CH_DIR/user_files/</user_files_path>
    <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
    <users_config>$CH_DIR/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>67108864</mark_cache_size>
    <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>500</flush_interval_milliseconds></query_log>
    <remote_servers>
        <two_shards>
            <shard><replica><host>127.0.0.1</host><port>$CH_TCP_PORT</port><default_database>shard1</default_database></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>$CH_TCP_PORT</port><default_database>shard2</default_database></replica></shard>
        </two_shards>
    </remote_servers>
</yandex>
XML
	cat >"$CH_DIR/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <profiles><default><log_queries>1</log_queries></default></profiles>
    <users>
        <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
        <bw><password>s3cret-ch</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></bw>
    </users>
    <quotas><default></default></quotas>
</yandex>
XML
	"$CH_BIN" --config-file="$CH_DIR/config.xml" >"$CH_DIR/stdout.log" 2>&1 &
	CH_PID=$!
	CH_URL="http://127.0.0.1:$CH_HTTP_PORT/"
	for _ in $(seq 1 60); do
		if chq "SELECT 1" >/dev/null 2>&1; then return 0; fi
		kill -0 "$CH_PID" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

ch_stop() {
	if [ -n "${CH_PID:-}" ]; then
		kill "$CH_PID" 2>/dev/null
		wait "$CH_PID" 2>/dev/null
		CH_PID=
	fi
}

# The Langfuse and Helicone tables as Debian's ClickHouse 18.16 can hold
# them: Map columns as Nested(key, value), DateTime64(3) as DateTime (no
# milliseconds), ReplacingMergeTree(version) without is_deleted (the query
# filters is_deleted itself). The local tables live in shard1 and shard2,
# the Distributed tables of the same names in default.
ch_create_tables() {
	for s in shard1 shard2; do
		chq "CREATE DATABASE IF NOT EXISTS $s" || return 1
		chq "CREATE TABLE $s.observations (id String, trace_id String, project_id String, type String,
		  start_time DateTime, provided_model_name String,
		  usage_details Nested(key String, value UInt64), event_ts DateTime, is_deleted UInt8)
		  ENGINE = ReplacingMergeTree(event_ts) PARTITION BY toYYYYMM(start_time)
		  ORDER BY (project_id, type, toDate(start_time), id)" || return 1
		chq "CREATE TABLE $s.request_response_rmt (request_id String, request_created_at DateTime,
		  organization_id String, provider String, model String, user_id String, prompt_tokens Int64,
		  completion_tokens Nullable(Int64), properties Nested(key String, value String),
		  prompt_cache_write_tokens Int64, prompt_cache_read_tokens Int64, updated_at DateTime)
		  ENGINE = ReplacingMergeTree(updated_at) PARTITION BY toYYYYMM(request_created_at)
		  ORDER BY (organization_id, provider, model, user_id, request_created_at, request_id)" || return 1
	done
	chq "CREATE TABLE default.observations AS shard1.observations
	  ENGINE = Distributed(two_shards, '', observations, rand())" || return 1
	chq "CREATE TABLE default.request_response_rmt AS shard1.request_response_rmt
	  ENGINE = Distributed(two_shards, '', request_response_rmt, rand())"
}

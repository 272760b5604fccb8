// duckdb_agg.mjs FILE: the ingest benchmark's DuckDB peer (bench/ingest/run.sh);
// duckdb_agg.mjs --version: the DuckDB and package versions.
//
// Aggregates a JSONL request log into the same daily cube as bandwise
// (day, model, workspace, service tier) in an in-memory DuckDB limited to one
// thread (BENCH_DUCKDB_THREADS=N: N threads, for the equal-thread rows), and prints the cube's grand totals on one line:
//   rows=N groups=G input=… write5m=… write1h=… read=… output=… web=…
// jq_agg.sh prints the same line; run.sh checks that the two agree.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file || process.argv.length !== 3) {
	console.error('usage: node duckdb_agg.mjs FILE.jsonl');
	process.exit(2);
}

// --version: the DuckDB engine and the node package, for RESULTS.md.
if (file === '--version') {
	const { createRequire } = await import('node:module');
	const pkg = createRequire(import.meta.url)('@duckdb/node-api/package.json');
	const instance = await DuckDBInstance.create(':memory:');
	const conn = await instance.connect();
	const reader = await conn.runAndReadAll('SELECT version()');
	console.log(`DuckDB ${reader.getRows()[0][0]} (@duckdb/node-api ${pkg.version})`);
	process.exit(0);
}

// A SQL string literal: the path is inlined because read_json's file
// argument is bound when the query is planned.
const literal = `'${file.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
// One thread unless told: bench/ingest/run.sh runs it at 1 and 2 threads,
// as it runs bandwise, to compare the two at equal thread counts.
const threads = Number.parseInt(process.env.BENCH_DUCKDB_THREADS ?? '1', 10);
if (!(threads >= 1)) {
	console.error('BENCH_DUCKDB_THREADS: expected a whole number of threads, 1 or more');
	process.exit(2);
}
await conn.run(`SET threads=${threads}`);

// The columns are given rather than sampled, the most favourable set-up for
// DuckDB: only the fields the cube needs are typed, the rest skipped. The
// totals are cast to text: sums of BIGINT are HUGEINT, which JS numbers
// cannot hold exactly. coalesce: an empty file prints zeros, as jq does.
const sql = `
WITH cube AS (
	SELECT substr(timestamp, 1, 10) AS day, model, workspace_id, usage.service_tier AS tier,
	       sum(usage.input_tokens) AS input,
	       sum(usage.cache_creation.ephemeral_5m_input_tokens) AS write5m,
	       sum(usage.cache_creation.ephemeral_1h_input_tokens) AS write1h,
	       sum(usage.cache_read_input_tokens) AS read,
	       sum(usage.output_tokens) AS output,
	       sum(usage.server_tool_use.web_search_requests) AS web,
	       count(*) AS n
	FROM read_json(${literal}, format = 'newline_delimited', columns = {
		timestamp: 'VARCHAR', model: 'VARCHAR', workspace_id: 'VARCHAR',
		usage: 'STRUCT(input_tokens BIGINT, cache_read_input_tokens BIGINT,
		               cache_creation STRUCT(ephemeral_5m_input_tokens BIGINT, ephemeral_1h_input_tokens BIGINT),
		               output_tokens BIGINT, service_tier VARCHAR,
		               server_tool_use STRUCT(web_search_requests BIGINT))'
	})
	GROUP BY ALL
)
SELECT coalesce(sum(n), 0)::VARCHAR, count(*)::VARCHAR,
       coalesce(sum(input), 0)::VARCHAR, coalesce(sum(write5m), 0)::VARCHAR,
       coalesce(sum(write1h), 0)::VARCHAR, coalesce(sum(read), 0)::VARCHAR,
       coalesce(sum(output), 0)::VARCHAR, coalesce(sum(web), 0)::VARCHAR
FROM cube`;

const reader = await conn.runAndReadAll(sql);
const [rows, groups, input, write5m, write1h, read, output, web] = reader.getRows()[0];
console.log(`rows=${rows} groups=${groups} input=${input} write5m=${write5m} write1h=${write1h} ` +
	`read=${read} output=${output} web=${web}`);
conn.closeSync();
instance.closeSync();

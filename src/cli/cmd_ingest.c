/*
 * cmd_ingest.c: `bandwise ingest FILE...`: store saved Admin API reports
 * and request logs.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A progress line on stderr, redrawn in place: only when stderr is a
 * terminal, so logs and pipes stay clean. */
typedef struct {
	const char *path;
	struct timespec started;
	int drawn;
} progress_line;

static void on_progress(void *context, uint64_t bytes, uint64_t total, int64_t records)
{
	progress_line *p = context;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double elapsed = (double)(now.tv_sec - p->started.tv_sec) +
	                 (double)(now.tv_nsec - p->started.tv_nsec) / 1e9;
	double rate = elapsed > 0 ? (double)bytes / elapsed : 0;
	char eta[32] = "", path[1024];
	bw_report_visible(path, sizeof(path), p->path);
	if (total > bytes && rate > 0)
		snprintf(eta, sizeof(eta), ", ETA %.0f s", (double)(total - bytes) / rate);
	if (total > 0)
		fprintf(stderr, "\r%s: %.0f of %.0f MB, %lld requests, %.0f MB/s%s   ", path,
		        (double)bytes / 1e6, (double)total / 1e6, (long long)records, rate / 1e6,
		        eta);
	else
		fprintf(stderr, "\r%s: %.0f MB, %lld requests, %.0f MB/s   ", path,
		        (double)bytes / 1e6, (long long)records, rate / 1e6);
	p->drawn = 1;
}

static const char help_head[] =
    "Usage: bandwise ingest [options] FILE...\n"
    "\n"
    "Store saved Anthropic Admin API responses (usage_report/messages pages of\n"
    "any bucket width and group_by, cost_report pages) and request logs, summed\n"
    "per UTC day: Messages API responses or gateway logs (JSONL), OpenTelemetry\n"
    "GenAI spans (OTLP JSON lines), Mooncake and Azure traces, LiteLLM SpendLogs\n"
    "(CSV export), FOCUS 1.2+ cost and usage CSV, and any CSV with --columns.\n"
    "gzip and zstd files are read as they are; FILE may be - (standard input)\n"
    "or a named pipe, read once. Each file is stored in one\n"
    "transaction: a file with an error stores nothing, and files before it stay\n"
    "stored. Re-ingesting the same data never double counts.\n"
    "\n"
    "Options:\n";

static const char help_tail[] =
    "\n"
    "Examples:\n"
    "  bandwise ingest usage-report-*.json cost-report-*.json\n"
    "  bandwise ingest gateway-2026-0*.jsonl.zst\n"
    "  zstdcat archive/*.jsonl.zst | bandwise ingest -\n"
    "  bandwise ingest --format mooncake --model claude-sonnet-4-5 --start 2026-01-05 trace.jsonl\n"
    "  bandwise ingest --format csv --columns time=ts,model=model,input=in,output=out log.csv\n"
    "  bandwise ingest --pg postgresql://litellm@db.internal/litellm --since 2026-01-01\n"
    "  bandwise ingest --clickhouse http://ch.internal:8123/ --schema langfuse --since "
    "2026-01-01\n";

/* The words of bw_ingest_litellm_pg's messages for its parameters. */
static const cli_flag_name pg_names[] = {
    {"since", "--since"}, {"until", "--until"}, {"table:", "--pg-table:"}};
/* ... and of the push-down's (bw_ingest_clickhouse, bw_ingest_pg_aggregate). */
static const cli_flag_name pushdown_names[] = {
    {"since", "--since"}, {"until", "--until"}, {"table:", "--table:"}, {"tag:", "--tag:"}};

static int apply_format(const char *cmd, const cli_opt *opt, const char *value)
{
	if (bw_ingest_format_parse(value, opt->target) < 0) {
		cli_usage_error(
		    cmd,
		    "unknown --format '%s': expected auto, usage-report, cost-report, messages, "
		    "otel, mooncake, azure-csv, litellm-csv, csv or focus-csv",
		    value);
		return -1;
	}
	return 0;
}

static int apply_includes_cache(const char *cmd, const cli_opt *opt, const char *value)
{
	int *includes = opt->target;
	if (strcmp(value, "auto") == 0)
		*includes = -1;
	else if (strcmp(value, "yes") == 0)
		*includes = 1;
	else if (strcmp(value, "no") == 0)
		*includes = 0;
	else {
		cli_usage_error(cmd, "--input-includes-cache: expected auto, yes or no, got '%s'",
		                value);
		return -1;
	}
	return 0;
}

static int apply_max_errors(const char *cmd, const cli_opt *opt, const char *value)
{
	char *end;
	long count = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || count < 0) {
		cli_usage_error(cmd, "--max-errors: expected a count of 0 or more, got '%s'",
		                value);
		return -1;
	}
	*(long *)opt->target = count;
	return 0;
}

static int apply_threads(const char *cmd, const cli_opt *opt, const char *value)
{
	char *end;
	long threads = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || threads < 1 || threads > 64) {
		cli_usage_error(cmd, "--threads: expected 1 to 64, got '%s'", value);
		return -1;
	}
	*(int *)opt->target = (int)threads;
	return 0;
}

int cmd_ingest(int argc, char **argv)
{
	bw_ingest_format format = BW_INGEST_AUTO;
	bw_ingest_options choices = BW_INGEST_OPTIONS_INIT;
	progress_line progress = {NULL, {0, 0}, 0};
	const char *db_flag = NULL, *pg_url = NULL, *pg_table = NULL, *pg_since = NULL,
	           *pg_until = NULL, *ch_url = NULL, *schema_name = NULL, *table = NULL;
	int json = 0, error = 0, status = CLI_EXIT_OK;
	bw_store *store = NULL;
	void *json_files = NULL;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"format", 0, "F",
	     "  --format F          auto (default), usage-report, cost-report, messages, otel,\n"
	     "                      mooncake, azure-csv, litellm-csv, csv or focus-csv\n",
	     apply_format, &format, 0, 0},
	    {"model", 0, "ID",
	     "  --model ID          the model of traces that carry none (mooncake, azure-csv, "
	     "csv)\n",
	     cli_opt_string, &choices.model, 0, 0},
	    {"start", 0, "TIME",
	     "  --start TIME        UTC time of a Mooncake trace's offset 0 (YYYY-MM-DD or RFC "
	     "3339)\n",
	     cli_opt_string, &choices.start, 0, 0},
	    {"columns", 0, "MAP",
	     "  --columns MAP       csv: time=COL,input=COL,output=COL[,model=,cache_read=,\n"
	     "                      "
	     "cache_write=,cache_write_1h=,workspace=,api_key=,tier=,web_search=]\n",
	     cli_opt_string, &choices.columns, 0, 0},
	    {"input-includes-cache", 0, "auto|yes|no",
	     "  --input-includes-cache auto|yes|no\n"
	     "                      whether the source's input count includes cache reads and\n"
	     "                      writes (auto: OTel and LiteLLM yes, others no; "
	     "docs/ingest.md)\n",
	     apply_includes_cache, &choices.input_includes_cache, 0, 0},
	    {"tag", 0, "WHERE",
	     "  --tag WHERE         request logs: where each request's tag (feature, team) is: a\n"
	     "                      JSON path (metadata.feature), an OTel attribute, a CSV "
	     "column\n",
	     cli_opt_string, &choices.tag, 0, 0},
	    {"max-errors", 0, "N",
	     "  --max-errors N      pass over up to N bad records per file (default 0: the first\n"
	     "                      one fails the file and nothing of it is stored)\n",
	     apply_max_errors, &choices.max_errors, 0, 0},
	    {"reject-file", 0, "PATH",
	     "  --reject-file PATH  copy the bad records there, as they were\n", cli_opt_string,
	     &choices.reject_path, 0, 0},
	    {"threads", 0, "N",
	     "  --threads N         threads for a large plain JSONL file (default: one per core),\n"
	     "                      or connections for --pg --schema, each summing a range of\n"
	     "                      days (default 2, at most 8); the result is the same whatever "
	     "N\n",
	     apply_threads, &choices.threads, 0, 0},
	    {"pg", 0, "URL",
	     "  --pg URL            read LiteLLM's SpendLogs from its PostgreSQL database instead\n"
	     "                      of files (postgresql://user@host/db or a libpq string)\n",
	     cli_opt_string, &pg_url, 0, 0},
	    {"since", 0, "DAY",
	     "  --since DAY         with --pg: first UTC day (YYYY-MM-DD), required; with\n"
	     "                      --clickhouse: optional\n",
	     cli_opt_string, &pg_since, 0, 0},
	    {"until", 0, "DAY",
	     "  --until DAY         with --pg: end day, exclusive (default: now); a later pull\n"
	     "                      of the same days replaces them\n",
	     cli_opt_string, &pg_until, 0, 0},
	    {"pg-table", 0, "NAME",
	     "  --pg-table NAME     with --pg: the table (default LiteLLM_SpendLogs)\n",
	     cli_opt_string, &pg_table, 0, 0},
	    {"clickhouse", 0, "URL",
	     "  --clickhouse URL    sum Langfuse's or Helicone's ClickHouse table on the server\n"
	     "                      (its HTTP address, http://user:pw@host:8123/?database=db)\n",
	     cli_opt_string, &ch_url, 0, 0},
	    {"schema", 0, "NAME",
	     "  --schema NAME       with --clickhouse: langfuse or helicone; with --pg: litellm\n"
	     "                      or litellm-daily, summed by the server (only the cube comes\n"
	     "                      back; without it --pg reads SpendLogs row by row)\n",
	     cli_opt_string, &schema_name, 0, 0},
	    {"table", 0, "NAME",
	     "  --table NAME        with --schema: the table (default: the schema's own)\n",
	     cli_opt_string, &table, 0, 0},
	    CLI_OPT_DB_AS(
	        &db_flag,
	        "  --db STORE          the store: a SQLite file (default $BANDWISE_DB, else\n"
	        "                      ./bandwise.db) or a PostgreSQL database, as a URL\n"
	        "                      (postgresql://user@host/db) or \"host=H dbname=D\"\n"),
	    CLI_OPT_JSON_AS(&json, "  --json              print what was stored as JSON\n"),
	    CLI_OPT_HELP_AS("  --help              this text\n"),
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("ingest", options);
	int first;

	if ((error = cli_opt_parse(&opts, argc, argv, &first)) >= 0)
		return error;
	error = 0;
	bw_warehouse_schema schema = BW_WAREHOUSE_LITELLM;
	if (schema_name != NULL && bw_ingest_schema_parse(schema_name, &schema) < 0)
		return cli_usage_error("ingest",
		                       "--schema: expected langfuse, helicone (with --clickhouse), "
		                       "litellm or litellm-daily (with --pg), got '%s'",
		                       schema_name);
	if (ch_url != NULL && pg_url != NULL)
		return cli_usage_error("ingest", "--clickhouse and --pg: give one of them");
	if ((schema_name != NULL || table != NULL) && ch_url == NULL && pg_url == NULL)
		return cli_usage_error("ingest",
		                       "--schema and --table go with --clickhouse or --pg");
	if (ch_url != NULL) {
		if (first < argc)
			return cli_usage_error(
			    "ingest", "--clickhouse reads a database: give no FILE with it");
		if (schema_name == NULL ||
		    (schema != BW_WAREHOUSE_LANGFUSE && schema != BW_WAREHOUSE_HELICONE))
			return cli_usage_error("ingest",
			                       "--clickhouse needs --schema langfuse or helicone");
		if (pg_table != NULL)
			return cli_usage_error("ingest", "--pg-table goes with --pg; use --table");
	} else if (pg_url != NULL) {
		if (schema_name != NULL && schema != BW_WAREHOUSE_LITELLM &&
		    schema != BW_WAREHOUSE_LITELLM_DAILY)
			return cli_usage_error("ingest",
			                       "--pg takes --schema litellm or litellm-daily");
		if (table != NULL && pg_table != NULL)
			return cli_usage_error("ingest",
			                       "--table and --pg-table: give one of them");
		if (schema_name == NULL && table != NULL)
			return cli_usage_error("ingest",
			                       "--table goes with --schema; use --pg-table");
	}
	if (pg_url != NULL) {
		if (first < argc)
			return cli_usage_error("ingest",
			                       "--pg reads a database: give no FILE with it");
		if (pg_since == NULL)
			return cli_usage_error("ingest", "--pg needs --since YYYY-MM-DD");
	} else if (ch_url == NULL && first >= argc) {
		return cli_usage_error("ingest", "no FILE given");
	} else if (ch_url == NULL && (pg_since != NULL || pg_until != NULL || pg_table != NULL)) {
		return cli_usage_error("ingest", "--since, --until and --pg-table go with --pg");
	}
	if ((error = bw_store_open(&store, cli_db_path(db_flag), BW_STORE_CREATE)) < 0)
		return cli_fail(error);
	if (json)
		json_files = bw_report_ingest_json_new();
	if (ch_url != NULL || (pg_url != NULL && schema_name != NULL)) {
		bw_ingest_result result;
		const char *from = table ? table : pg_table;
		if ((error = ch_url ? bw_ingest_clickhouse(store, ch_url, schema, from, pg_since,
		                                           pg_until, &choices, &result)
		                    : bw_ingest_pg_aggregate(store, pg_url, schema, from, pg_since,
		                                             pg_until, &choices, &result)) < 0)
			status = cli_fail_as(error, pushdown_names,
			                     sizeof(pushdown_names) / sizeof(pushdown_names[0]));
		else if ((error = json ? bw_report_ingest_json_add(json_files, schema_name, &result)
		                       : bw_report_ingest_text(stdout, schema_name, &result)) < 0)
			status = cli_fail(error);
	} else if (pg_url != NULL) {
		bw_ingest_result result;
		const char *label = pg_table ? pg_table : "LiteLLM_SpendLogs";
		if ((error = bw_ingest_litellm_pg(store, pg_url, pg_table, pg_since, pg_until,
		                                  &choices, &result)) < 0)
			status =
			    cli_fail_as(error, pg_names, sizeof(pg_names) / sizeof(pg_names[0]));
		else if ((error = json ? bw_report_ingest_json_add(json_files, label, &result)
		                       : bw_report_ingest_text(stdout, label, &result)) < 0)
			status = cli_fail(error);
	}
	for (int i = first; i < argc; i++) {
		bw_ingest_result result;
		memset(&result, 0, sizeof(result));
		if (isatty(STDERR_FILENO) && getenv("CI") == NULL) {
			progress.path = argv[i];
			clock_gettime(CLOCK_MONOTONIC, &progress.started);
			choices.progress = on_progress;
			choices.progress_context = &progress;
		}
		error = bw_ingest_file_with(store, argv[i], format, &choices, &result);
		if (progress.drawn) {
			fputs("\r\033[K", stderr); /* clear the progress line */
			progress.drawn = 0;
		}
		if (error < 0) {
			status = cli_fail(error);
			break;
		}
		error = json ? bw_report_ingest_json_add(json_files, argv[i], &result)
		             : bw_report_ingest_text(stdout, argv[i], &result);
		if (error < 0) {
			status = cli_fail(error);
			break;
		}
	}
	if (json) {
		/* Print what was stored even when a later file failed. */
		if ((error = bw_report_ingest_json_print(stdout, json_files)) < 0 && status == 0)
			status = cli_fail(error);
	}
	bw_store_close(store);
	return status;
}

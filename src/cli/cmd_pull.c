/*
 * cmd_pull.c: `bandwise pull`: the Admin API's usage and cost reports,
 * fetched and stored.
 */
#include "cli.h"

#include "bandwise/pull.h"

#include <stdlib.h>
#include <string.h>

static const char help_head[] =
    "Usage: bandwise pull --since DATE [options]\n"
    "\n"
    "Fetch GET /v1/organizations/usage_report/messages (grouped by every\n"
    "dimension) and /v1/organizations/cost_report from the Anthropic Admin API,\n"
    "following every page, and store them as `bandwise ingest` would: page by\n"
    "page, idempotently. 429 and 5xx answers, dropped connections and cut\n"
    "bodies are retried with backoff (retry-after is honoured). Interrupted,\n"
    "it resumes from the page where it stopped when run again with the same\n"
    "--since, --until and --bucket.\n"
    "\n"
    "The admin key comes from ANTHROPIC_ADMIN_KEY or --key-file (a file only\n"
    "you can read). It is never printed, logged or stored.\n"
    "\n"
    "--api analytics pulls the Usage and Cost Analytics API instead\n"
    "(/v1/organizations/analytics/usage_report and cost_report, data from\n"
    "2026-01-01, in 31-day windows) with the key of ANTHROPIC_ANALYTICS_KEY\n"
    "or --key-file, kept as secret; its cost rows carry the list amount, so\n"
    "track and reconcile show the realized discount.\n"
    "\n"
    "Options:\n";

static const char help_tail[] =
    "\n"
    "Example:\n"
    "  ANTHROPIC_ADMIN_KEY=sk-ant-admin01-... bandwise pull --since 2025-11-01\n";

static void log_line(void *context, const char *message)
{
	(void)context;
	fprintf(stderr, "bandwise pull: %s\n", message);
}

static int parse_long(const char *flag, const char *text, long low, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || v < low)
		return cli_usage_error("pull",
		                       "%s: expected a whole number of at least %ld, got '%s'",
		                       flag, low, text);
	*out = v;
	return 0;
}

/* The library's names of bw_pull_options fields, as our flags. */
static const cli_flag_name flag_names[] = {
    {"since", "--since"},
    {"until", "--until"},
    {"bucket_width", "--bucket"},
    {"base_url", "--base-url"},
    {"key_file", "--key-file FILE"},
    {"admin_key", "--key-file"},
    {"max_pages", "--max-pages"},
    {"api", "--api"},
};

/* A whole number of at least opt->min into a long. */
static int apply_at_least(const char *cmd, const cli_opt *opt, const char *value)
{
	char flag[64];
	(void)cmd;
	snprintf(flag, sizeof(flag), "--%s", opt->name);
	return parse_long(flag, value, (long)opt->min, opt->target) == 0 ? 0 : -1;
}

/* --max-retries N: more than 100 is taken as 100. */
static int apply_retries(const char *cmd, const cli_opt *opt, const char *value)
{
	long count = 0;
	(void)cmd;
	if (parse_long("--max-retries", value, 0, &count) != 0)
		return -1;
	*(int *)opt->target = (int)(count > 100 ? 100 : count);
	return 0;
}

static int apply_only(const char *cmd, const cli_opt *opt, const char *value)
{
	bw_pull_options *choices = opt->target;
	if (strcmp(value, "usage") == 0)
		choices->usage = 1;
	else if (strcmp(value, "cost") == 0)
		choices->cost = 1;
	else {
		cli_usage_error(cmd, "--only: expected usage or cost, got '%s'", value);
		return -1;
	}
	return 0;
}

int cmd_pull(int argc, char **argv)
{
	bw_pull_options choices = BW_PULL_OPTIONS_INIT;
	const char *db_flag = NULL, *key_file = NULL;
	int error, quiet = 0, json = 0;
	char *key = NULL;
	bw_store *store = NULL;
	bw_pull_result result;

	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"since", 0, "DATE",
	     "  --since DATE          first day (YYYY-MM-DD or RFC 3339 UTC), required\n",
	     cli_opt_string, &choices.since, 0, 0},
	    {"until", 0, "DATE", "  --until DATE          end, exclusive (default: now)\n",
	     cli_opt_string, &choices.until, 0, 0},
	    {"bucket", 0, "1d|1h",
	     "  --bucket 1d|1h        usage bucket width (default 1d; the cost report is daily)\n",
	     cli_opt_string, &choices.bucket_width, 0, 0},
	    {"api", 0, "admin|analytics",
	     "  --api admin|analytics which API (default admin; analytics needs an Analytics "
	     "key)\n",
	     cli_opt_string, &choices.api, 0, 0},
	    {"only", 0, "usage|cost", "  --only usage|cost     pull one report (default both)\n",
	     apply_only, &choices, 0, 0},
	    {"key-file", 0, "PATH",
	     "  --key-file PATH       read the admin key from PATH (mode 600)\n", cli_opt_string,
	     &key_file, 0, 0},
	    {"base-url", 0, "URL",
	     "  --base-url URL        another server (default https://api.anthropic.com)\n",
	     cli_opt_string, &choices.base_url, 0, 0},
	    {"connect-timeout", 0, "S", "  --connect-timeout S   seconds to connect (default 10)\n",
	     apply_at_least, &choices.connect_timeout_s, 1, 0},
	    {"timeout", 0, "S",
	     "  --timeout S           seconds for a whole request (default 120)\n", apply_at_least,
	     &choices.timeout_s, 1, 0},
	    {"max-retries", 0, "N", "  --max-retries N       retries of one request (default 5)\n",
	     apply_retries, &choices.max_retries, 0, 0},
	    {"backoff-ms", 0, "MS",
	     "  --backoff-ms MS       first wait without retry-after, doubled each time (default "
	     "1000)\n",
	     apply_at_least, &choices.backoff_ms, 0, 0},
	    {"max-wait-ms", 0, "MS",
	     "  --max-wait-ms MS      the longest wait before a retry, retry-after included "
	     "(default 60000)\n",
	     apply_at_least, &choices.max_wait_ms, 1, 0},
	    {"max-pages", 0, "N",
	     "  --max-pages N         pages of one report in one run (default 10000); the "
	     "next run goes on\n",
	     apply_at_least, &choices.max_pages, 1, 0},
	    {"quiet", 0, NULL, "  --quiet               no progress lines on stderr\n",
	     cli_opt_flag, &quiet, 0, 0},
	    CLI_OPT_JSON_AS(&json,
	                    "  --json                what was pulled, as JSON (docs/json.md)\n"),
	    CLI_OPT_DB_AS(
	        &db_flag,
	        "  --db STORE            the store: a SQLite file (default $BANDWISE_DB, else\n"
	        "                        ./bandwise.db) or a PostgreSQL database, as a URL\n"
	        "                        (postgresql://user@host/db) or \"host=H dbname=D\"\n"),
	    CLI_OPT_HELP_AS("  --help                this text\n"),
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("pull", options);
	int optind;

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("pull", "unexpected argument '%s'", argv[optind]);
	if (choices.since == NULL)
		return cli_usage_error("pull", "--since DATE is required");
	if (!quiet)
		choices.log = log_line;
	if (choices.api != NULL && strcmp(choices.api, "admin") != 0 &&
	    strcmp(choices.api, "analytics") != 0)
		return cli_usage_error("pull", "--api: expected admin or analytics, got '%s'",
		                       choices.api);
	if ((error = bw_pull_key_load_for(choices.api, key_file, &key)) < 0)
		return cli_fail_as(error, flag_names, sizeof(flag_names) / sizeof(flag_names[0]));
	choices.admin_key = key;
	if ((error = bw_store_open(&store, cli_db_path(db_flag), BW_STORE_CREATE)) < 0) {
		bw_pull_key_free(key);
		return cli_fail(error);
	}
	error = bw_pull(store, &choices, &result);
	bw_pull_key_free(key);
	bw_store_close(store);
	if (json && (result.pages > 0 || error == 0))
		printf("{\n  \"pages\": %lld,\n  \"resumed_after_pages\": %lld,\n  \"usage_rows\": "
		       "%lld,\n"
		       "  \"cost_rows\": %lld,\n  \"retries\": %lld,\n  \"complete\": %s\n}\n",
		       (long long)result.pages, (long long)result.resumed_at,
		       (long long)result.usage_rows, (long long)result.cost_rows,
		       (long long)result.retries, error == 0 ? "true" : "false");
	else if (result.pages > 0 || error == 0)
		printf("pulled %lld page%s%s: %lld usage rows, %lld cost rows, %lld retr%s\n",
		       (long long)result.pages, result.pages == 1 ? "" : "s",
		       result.resumed_at ? " (resumed after an earlier run's pages)" : "",
		       (long long)result.usage_rows, (long long)result.cost_rows,
		       (long long)result.retries, result.retries == 1 ? "y" : "ies");
	if (error < 0) {
		if (result.pages > 0)
			fprintf(stderr, "bandwise pull: the pages above are stored; run the same "
			                "pull again to go on "
			                "from the next one\n");
		return cli_fail_as(error, flag_names, sizeof(flag_names) / sizeof(flag_names[0]));
	}
	return CLI_EXIT_OK;
}

/*
 * cmd_pull.c: `bandwise pull`: the Admin API's usage and cost reports,
 * fetched and stored.
 */
#include "cli.h"

#include "bandwise/pull.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
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
		"Options:\n"
		"  --since DATE          first day (YYYY-MM-DD or RFC 3339 UTC), required\n"
		"  --until DATE          end, exclusive (default: now)\n"
		"  --bucket 1d|1h        usage bucket width (default 1d; the cost report is daily)\n"
		"  --only usage|cost     pull one report (default both)\n"
		"  --key-file PATH       read the admin key from PATH (mode 600)\n"
		"  --base-url URL        another server (default https://api.anthropic.com)\n"
		"  --connect-timeout S   seconds to connect (default 10)\n"
		"  --timeout S           seconds for a whole request (default 120)\n"
		"  --max-retries N       retries of one request (default 5)\n"
		"  --backoff-ms MS       first wait without retry-after, doubled each time (default 1000)\n"
		"  --quiet               no progress lines on stderr\n"
		"  --json                what was pulled, as JSON (docs/json.md)\n"
		"  --db PATH             the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --help                this text\n"
		"\n"
		"Example:\n"
		"  ANTHROPIC_ADMIN_KEY=sk-ant-admin01-... bandwise pull --since 2025-11-01\n");
}

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
		return cli_usage_error("pull", "%s: expected a whole number of at least %ld, got '%s'", flag, low,
				       text);
	*out = v;
	return 0;
}

int cmd_pull(int argc, char **argv)
{
	static const struct option options[] = {
		{"since", required_argument, NULL, 's'},	   {"until", required_argument, NULL, 'u'},
		{"bucket", required_argument, NULL, 'b'},	   {"only", required_argument, NULL, 'o'},
		{"key-file", required_argument, NULL, 'k'},	   {"base-url", required_argument, NULL, 'U'},
		{"connect-timeout", required_argument, NULL, 'c'}, {"timeout", required_argument, NULL, 't'},
		{"max-retries", required_argument, NULL, 'r'},	   {"backoff-ms", required_argument, NULL, 'B'},
		{"quiet", no_argument, NULL, 'q'},		   {"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},		   {NULL, 0, NULL, 0},
	};
	bw_pull_options choices = BW_PULL_OPTIONS_INIT;
	const char *db_flag = NULL, *key_file = NULL;
	int opt, error, quiet = 0, json = 0;
	long value;
	char *key = NULL;
	bw_store *store = NULL;
	bw_pull_result result;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			choices.since = optarg;
			break;
		case 'u':
			choices.until = optarg;
			break;
		case 'b':
			choices.bucket_width = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "usage") == 0)
				choices.usage = 1;
			else if (strcmp(optarg, "cost") == 0)
				choices.cost = 1;
			else
				return cli_usage_error("pull", "--only: expected usage or cost, got '%s'", optarg);
			break;
		case 'k':
			key_file = optarg;
			break;
		case 'U':
			choices.base_url = optarg;
			break;
		case 'c':
			if (parse_long("--connect-timeout", optarg, 1, &choices.connect_timeout_s) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 't':
			if (parse_long("--timeout", optarg, 1, &choices.timeout_s) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'r':
			if (parse_long("--max-retries", optarg, 0, &value) < 0)
				return CLI_EXIT_BAD_INPUT;
			choices.max_retries = (int)(value > 100 ? 100 : value);
			break;
		case 'B':
			if (parse_long("--backoff-ms", optarg, 0, &choices.backoff_ms) < 0)
				return CLI_EXIT_BAD_INPUT;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'd':
			db_flag = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("pull", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("pull", "unexpected argument '%s'", argv[optind]);
	if (choices.since == NULL)
		return cli_usage_error("pull", "--since DATE is required");
	if (!quiet)
		choices.log = log_line;
	if ((error = bw_pull_key_load(key_file, &key)) < 0)
		return cli_fail(error);
	choices.admin_key = key;
	if ((error = bw_store_open(&store, cli_db_path(db_flag), BW_STORE_CREATE)) < 0) {
		bw_pull_key_free(key);
		return cli_fail(error);
	}
	error = bw_pull(store, &choices, &result);
	bw_pull_key_free(key);
	bw_store_close(store);
	if (json && (result.pages > 0 || error == 0))
		printf("{\n  \"pages\": %lld,\n  \"resumed_after_pages\": %lld,\n  \"usage_rows\": %lld,\n"
		       "  \"cost_rows\": %lld,\n  \"retries\": %lld,\n  \"complete\": %s\n}\n",
		       (long long)result.pages, (long long)result.resumed_at, (long long)result.usage_rows,
		       (long long)result.cost_rows, (long long)result.retries, error == 0 ? "true" : "false");
	else if (result.pages > 0 || error == 0)
		printf("pulled %lld page%s%s: %lld usage rows, %lld cost rows, %lld retr%s\n", (long long)result.pages,
		       result.pages == 1 ? "" : "s", result.resumed_at ? " (resumed after an earlier run's pages)" : "",
		       (long long)result.usage_rows, (long long)result.cost_rows, (long long)result.retries,
		       result.retries == 1 ? "y" : "ies");
	if (error < 0) {
		if (result.pages > 0)
			fprintf(stderr, "bandwise pull: the pages above are stored; run the same pull again to go on "
					"from the next one\n");
		return cli_fail(error);
	}
	return CLI_EXIT_OK;
}

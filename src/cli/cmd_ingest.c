/*
 * cmd_ingest.c: `bandwise ingest FILE...`: store saved Admin API reports.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise ingest [options] FILE...\n"
		"\n"
		"Store saved Anthropic Admin API responses: usage_report/messages pages\n"
		"(any bucket width, any group_by) and cost_report pages. A file may hold\n"
		"one response, a JSON array of responses, or one response per line.\n"
		"Each file is stored in one transaction: a file with an error stores\n"
		"nothing, and files before it stay stored. Re-ingesting the same data\n"
		"never double counts.\n"
		"\n"
		"Options:\n"
		"  --format F   auto (default), usage-report or cost-report\n"
		"  --db PATH    the store (default ./bandwise.db or $BANDWISE_DB)\n"
		"  --json       print what was stored as JSON\n"
		"  --help       this text\n"
		"\n"
		"Examples:\n"
		"  bandwise ingest usage-report-*.json cost-report-*.json\n"
		"  bandwise ingest --format cost-report --db team.db costs.json\n");
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bw_ingest_format format = BW_INGEST_AUTO;
	const char *db_flag = NULL;
	int json = 0, opt, error = 0, status = CLI_EXIT_OK;
	bw_store *store = NULL;
	void *json_files = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (bw_ingest_format_parse(optarg, &format) < 0)
				return cli_usage_error("ingest", "unknown --format '%s': expected auto, "
								 "usage-report or cost-report", optarg);
			break;
		case 'd':
			db_flag = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("ingest", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("ingest", "no FILE given");
	if ((error = bw_store_open(&store, cli_db_path(db_flag), BW_STORE_CREATE)) < 0)
		return cli_fail(error);
	if (json)
		json_files = bw_report_ingest_json_new();
	for (int i = optind; i < argc; i++) {
		bw_ingest_result result;
		memset(&result, 0, sizeof(result));
		if ((error = bw_ingest_file(store, argv[i], format, &result)) < 0) {
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

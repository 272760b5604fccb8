/*
 * cmd_catalog.c: `bandwise catalog import FILE`: compare another tool's
 * price catalog with ours, and list every disagreement.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: bandwise catalog import [options] FILE\n"
		"\n"
		"Read LiteLLM's model-prices JSON or pydantic genai-prices' data.json and\n"
		"show where its Anthropic prices (input, output, 5-minute cache write, cache\n"
		"read; standard tier, under 200K) disagree with bandwise's catalog on a\n"
		"day. Nothing is changed and no side is picked: you decide.\n"
		"\n"
		"Options:\n"
		"  --format F      auto (default), litellm or genai-prices\n"
		"  --date DAY      compare the prices in force on YYYY-MM-DD (default today, UTC)\n"
		"  --prices FILE   our catalog, if not the built-in one\n"
		"  --json          JSON output (docs/json.md)\n"
		"  --help          this text\n");
}

int cmd_catalog(int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'}, {"date", required_argument, NULL, 'D'},
		{"prices", required_argument, NULL, 'p'}, {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	bw_foreign_format format = BW_FOREIGN_AUTO;
	const char *prices_flag = NULL;
	char day[16] = "";
	int json = 0, opt, error;
	bw_catalog *catalog = NULL;
	bw_catalog_comparison *comparison = NULL;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "import") != 0)
		return cli_usage_error("catalog", "expected the subcommand 'import'");
	argc--;
	argv++;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "litellm") == 0)
				format = BW_FOREIGN_LITELLM;
			else if (strcmp(optarg, "genai-prices") == 0)
				format = BW_FOREIGN_GENAI_PRICES;
			else if (strcmp(optarg, "auto") != 0)
				return cli_usage_error("catalog", "--format expects auto, litellm or genai-prices");
			break;
		case 'D':
			if (strlen(optarg) != 10)
				return cli_usage_error("catalog", "--date expects YYYY-MM-DD, got '%s'", optarg);
			snprintf(day, sizeof(day), "%s", optarg);
			break;
		case 'p':
			prices_flag = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("catalog", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("catalog", "expected one FILE to import");
	if (day[0] == '\0') {
		time_t now = time(NULL);
		struct tm utc;
		gmtime_r(&now, &utc);
		strftime(day, sizeof(day), "%Y-%m-%d", &utc);
	}
	if ((error = cli_load_catalog(&catalog, prices_flag)) < 0 ||
	    (error = bw_catalog_compare_file(&comparison, catalog, argv[optind], format, day)) < 0)
		goto done;
	error = json ? bw_report_catalog_comparison_json(stdout, comparison, argv[optind], day, bw_catalog_version(catalog))
		     : bw_report_catalog_comparison_text(stdout, comparison, argv[optind], day,
							 bw_catalog_version(catalog), cli_color(stdout));
done:
	bw_catalog_comparison_free(comparison);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/*
 * cmd_catalog.c: `bandwise catalog import FILE`: compare another tool's
 * price catalog with ours, and list every disagreement.
 */
#include "cli.h"

#include <string.h>
#include <time.h>

static const char help_head[] =
    "Usage: bandwise catalog import [options] FILE\n"
    "\n"
    "Read LiteLLM's model-prices JSON or pydantic genai-prices' data.json and\n"
    "show where its Anthropic prices (input, output, 5-minute cache write, cache\n"
    "read; standard tier, under 200K) disagree with bandwise's catalog on a\n"
    "day. Nothing is changed and no side is picked: you decide.\n"
    "\n"
    "Options:\n";

static int apply_format(const char *cmd, const cli_opt *opt, const char *value)
{
	bw_foreign_format *format = opt->target;
	if (strcmp(value, "litellm") == 0)
		*format = BW_FOREIGN_LITELLM;
	else if (strcmp(value, "genai-prices") == 0)
		*format = BW_FOREIGN_GENAI_PRICES;
	else if (strcmp(value, "auto") != 0) {
		cli_usage_error(cmd, "--format expects auto, litellm or genai-prices");
		return -1;
	}
	return 0;
}

int cmd_catalog(int argc, char **argv)
{
	bw_foreign_format format = BW_FOREIGN_AUTO;
	const char *prices_flag = NULL;
	char day[16] = "";
	int json = 0, optind, error;
	bw_catalog *catalog = NULL;
	bw_catalog_comparison *comparison = NULL;
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"format", 0, "F", "  --format F      auto (default), litellm or genai-prices\n",
	     apply_format, &format, 0, 0},
	    {"date", 0, "DAY",
	     "  --date DAY      compare the prices in force on YYYY-MM-DD (default today, UTC)\n",
	     cli_opt_day, day, 0, 0},
	    CLI_OPT_PRICES_AS(&prices_flag,
	                      "  --prices FILE   our catalog, if not the built-in one\n"),
	    CLI_OPT_JSON(&json),
	    CLI_OPT_HELP,
	};
	const cli_opts opts = CLI_OPTS("catalog", options);

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_opt_print_help(stdout, &opts);
		return CLI_EXIT_OK;
	}
	/* Options may come before 'import' too (`bandwise --prices X catalog
	 * import F` hands --prices to the command first). */
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind == argc || strcmp(argv[optind], "import") != 0)
		return cli_usage_error("catalog", "expected the subcommand 'import'");
	optind++;
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
	error = json ? bw_report_catalog_comparison_json(stdout, comparison, argv[optind], day,
	                                                 bw_catalog_version(catalog))
	             : bw_report_catalog_comparison_text(stdout, comparison, argv[optind], day,
	                                                 bw_catalog_version(catalog),
	                                                 cli_color(stdout));
done:
	bw_catalog_comparison_free(comparison);
	bw_catalog_free(catalog);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

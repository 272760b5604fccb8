/*
 * cmd_sources.c: `bandwise sources`: what the store holds, source by
 * source, so that one can be found and forgotten.
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
    "Usage: bandwise sources [options]\n"
    "\n"
    "List every stored source (an ingested file, a pulled page, a database\n"
    "range): its name, kind, format, fingerprint, the rows it holds now and\n"
    "the days they span. Remove one with 'bandwise forget NAME-OR-FINGERPRINT'.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Example:\n"
                                "  bandwise sources --json | jq '.sources[].name'\n";

int cmd_sources(int argc, char **argv)
{
	const char *db_flag = NULL;
	int json = 0, optind, error = 0;
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head), CLI_OPT_DB(&db_flag), CLI_OPT_JSON(&json), CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("sources", options);
	bw_store *store = NULL;
	bw_store_source_info *sources = NULL;
	size_t count = 0;

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("sources", "unexpected argument '%s'", argv[optind]);
	if ((error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0 ||
	    (error = bw_store_sources(store, &sources, &count)) < 0)
		goto done;
	error = json ? bw_report_sources_json(stdout, "sources", sources, count)
	             : bw_report_sources_text(stdout, sources, count, cli_color(stdout));
done:
	free(sources);
	bw_store_close(store);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

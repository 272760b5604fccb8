/*
 * cmd_forget.c: `bandwise forget SOURCE...`: remove sources and their rows
 * from the store, all in one transaction (a poison file ingested by
 * mistake is taken out without starting the store again).
 */
#include "cli.h"

#include <stdlib.h>

static const char help_head[] =
    "Usage: bandwise forget [options] SOURCE...\n"
    "\n"
    "Remove stored sources and every row that holds their values, in one\n"
    "transaction: all of them or, when one is not found, none. A SOURCE is\n"
    "a name as 'bandwise sources' lists it (every source of that name), or\n"
    "the start of its fingerprint (at least 4 characters; it must pick one).\n"
    "A report whose rows a later report took over holds no rows to remove.\n"
    "\n"
    "Options:\n";

static const char help_tail[] = "\n"
                                "Example:\n"
                                "  bandwise sources\n"
                                "  bandwise forget logs/2026-03-02.jsonl\n";

int cmd_forget(int argc, char **argv)
{
	const char *db_flag = NULL;
	int json = 0, optind, error = 0;
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head), CLI_OPT_DB(&db_flag), CLI_OPT_JSON(&json), CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("forget", options);
	bw_store *store = NULL;
	bw_store_source_info *gone = NULL;
	size_t count = 0;

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind == argc)
		return cli_usage_error("forget", "name the sources to forget (see 'bandwise "
		                                 "sources')");
	if ((error = bw_store_open(&store, cli_db_path(db_flag), 0)) < 0)
		goto done;
	if ((error = bw_store_forget(store, (const char *const *)argv + optind,
	                             (size_t)(argc - optind), &gone, &count)) < 0) {
		error = cli_fail(error);
		if (error == CLI_EXIT_BAD_INPUT)
			fprintf(stderr,
			        "bandwise: 'bandwise sources' lists what is stored; nothing "
			        "was removed\n");
		goto done;
	}
	if (json)
		error = bw_report_sources_json(stdout, "forgotten", gone, count);
	else {
		for (size_t i = 0; i < count; i++)
			printf("forgot %s (%lld row%s)\n", gone[i].source.name,
			       (long long)gone[i].rows, gone[i].rows == 1 ? "" : "s");
		error = ferror(stdout) ? bw_error_set(BW_EIO, "cannot write to stdout") : 0;
	}
	error = error < 0 ? cli_fail(error) : CLI_EXIT_OK;
done:
	free(gone);
	bw_store_close(store);
	return error < 0 ? cli_fail(error) : error;
}

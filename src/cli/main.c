/*
 * main.c: `bandwise <command> [options]`: find the command and run it.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int cmd_help(int argc, char **argv);

static const cli_command commands[] = {
    {"demo", cmd_demo, "ingest the bundled sample company and print its recommendation"},
    {"ingest", cmd_ingest, "store saved Admin API reports, or request logs summed per day"},
    {"pull", cmd_pull, "fetch usage and cost reports from the Anthropic Admin API into the store"},
    {"usage", cmd_usage, "monthly list spend by model and token type, from the store"},
    {"forecast", cmd_forecast, "P10/P50/P90 list spend per month over the term"},
    {"plan", cmd_plan, "every discount band side by side, and the recommended deal"},
    {"backtest", cmd_backtest, "how well the forecast would have done on your own history"},
    {"optimize", cmd_optimize,
     "savings of routing, caching and batch; exact cache simulation on traces"},
    {"offer", cmd_offer, "what a vendor's offer is really worth, and the counter-offer"},
    {"track", cmd_track, "after signing: consumption against the commitment, and where it lands"},
    {"report", cmd_report, "the analysis as one self-contained HTML page (or xlsx, CSV)"},
    {"catalog", cmd_catalog,
     "compare LiteLLM's or genai-prices' catalog with ours: `catalog import FILE`"},
    {"reconcile", cmd_reconcile, "usage priced at list against the vendor's cost report"},
    {"serve", cmd_serve, "the negotiation table in a browser, live what-if (127.0.0.1:8765)"},
    {"export", cmd_export, "the stored usage priced at list as FOCUS cost and usage rows"},
    {"sources", cmd_sources, "what the store holds: every ingested source, its rows and days"},
    {"forget", cmd_forget, "remove sources and their rows from the store, in one transaction"},
    {"help", cmd_help, "this text, or `bandwise help COMMAND`"},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_overview(FILE *out)
{
	fprintf(out,
	        "bandwise %s: size a committed-spend deal with an LLM API vendor from real usage.\n"
	        "\n"
	        "Usage: bandwise <command> [options]\n"
	        "\n"
	        "Commands:\n",
	        bw_version());
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n"
	             "A session with your own data:\n"
	             "  bandwise ingest usage-report-*.json cost-report-*.json\n"
	             "  bandwise usage\n"
	             "  bandwise forecast --months 24\n"
	             "  bandwise plan --term 24\n"
	             "\n"
	             "Every command takes --help, and --json except report (which writes files).\n"
	             "The store is ./bandwise.db unless\n"
	             "--db STORE or $BANDWISE_DB says otherwise; a PostgreSQL URL there\n"
	             "(postgresql://user@host/db) or libpq's \"host=H dbname=D\" keeps a team's\n"
	             "store in PostgreSQL. NO_COLOR turns colour off.\n"
	             "Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n");
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* "bandwise[ help]: no command 'pln'; did you mean 'plan'? ..." */
static int no_command(const char *prefix, const char *name)
{
	const char *names[COMMAND_COUNT + 1], *match;
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		names[i] = commands[i].name;
	names[COMMAND_COUNT] = "version";
	char shown[512];
	bw_report_visible(shown, sizeof(shown), name);
	if ((match = cli_suggest(name, names, COMMAND_COUNT + 1)) != NULL)
		fprintf(stderr, "%s: no command '%s'; did you mean '%s'? See 'bandwise help'.\n",
		        prefix, shown, match);
	else
		fprintf(stderr, "%s: no command '%s'. See 'bandwise help'.\n", prefix, shown);
	return CLI_EXIT_BAD_INPUT;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1) {
		const cli_command *command = find_command(argv[1]);
		char help_flag[] = "--help";
		char *help_argv[] = {argv[1], help_flag, NULL};
		if (command == NULL || command->run == cmd_help)
			return no_command("bandwise help", argv[1]);
		return command->run(2, help_argv);
	}
	print_overview(stdout);
	return CLI_EXIT_OK;
}

/*
 * The options that may come before the command, as in
 * `bandwise --db X usage`: they are handed to the command as if written
 * right after its name, so the command's own spec parses and checks them.
 */
static const char *const global_options[] = {"db", "prices"};
#define GLOBAL_COUNT (sizeof(global_options) / sizeof(global_options[0]))

/* How many argv slots the global option at argv[i] takes (1 or 2), or 0
 * when argv[i] is not one; -1 after a usage message. */
static int global_option(int argc, char **argv, int i)
{
	const char *arg = argv[i], *match;
	size_t len;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return 0;
	len = strcspn(arg + 2, "=");
	for (size_t g = 0; g < GLOBAL_COUNT; g++) {
		if (strlen(global_options[g]) != len ||
		    strncmp(arg + 2, global_options[g], len) != 0)
			continue;
		if (arg[2 + len] == '=')
			return 1;
		if (i + 1 < argc)
			return 2;
		fprintf(stderr,
		        "bandwise: option '--%s' needs a value (%s)\nTry 'bandwise help'.\n",
		        global_options[g], g == 0 ? "PATH" : "FILE");
		return -1;
	}
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "--version") == 0)
		return 0;
	{
		char typed[64];
		snprintf(typed, sizeof(typed), "%.*s", (int)(len < 63 ? len : 63), arg + 2);
		match = cli_suggest(typed, global_options, GLOBAL_COUNT);
	}
	char shown[512];
	bw_report_visible(shown, sizeof(shown), arg);
	if (match != NULL)
		fprintf(stderr, "bandwise: unknown option '%s'; did you mean '--%s'?\n", shown,
		        match);
	else
		fprintf(stderr, "bandwise: unknown option '%s'\n", shown);
	fprintf(stderr, "Try 'bandwise help'.\n");
	return -1;
}

int main(int argc, char **argv)
{
	const cli_command *command;
	char **args;
	int first = 1, taken, status;

	if (argc < 2) {
		print_overview(stderr);
		return CLI_EXIT_BAD_INPUT;
	}
	while (first < argc && (taken = global_option(argc, argv, first)) != 0) {
		if (taken < 0)
			return CLI_EXIT_BAD_INPUT;
		first += taken;
	}
	if (first == argc) {
		fprintf(stderr, "bandwise: no command after the options. See 'bandwise help'.\n");
		return CLI_EXIT_BAD_INPUT;
	}
	if (strcmp(argv[first], "--version") == 0 || strcmp(argv[first], "version") == 0) {
		printf("bandwise %s\n", bw_version());
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
		print_overview(stdout);
		return CLI_EXIT_OK;
	}
	if ((command = find_command(argv[first])) == NULL)
		return no_command("bandwise", argv[first]);
	if (first == 1)
		return command->run(argc - 1, argv + 1);
	/* The command, then the global options, then the rest. */
	if ((args = malloc(sizeof(char *) * (size_t)(argc + 1))) == NULL) {
		fprintf(stderr, "bandwise: out of memory\n");
		return CLI_EXIT_FAILURE;
	}
	args[0] = argv[first];
	memcpy(args + 1, argv + 1, sizeof(char *) * (size_t)(first - 1));
	memcpy(args + first, argv + first + 1, sizeof(char *) * (size_t)(argc - first - 1));
	args[argc - 1] = NULL;
	status = command->run(argc - 1, args);
	free(args);
	return status;
}

/*
 * main.c: `bandwise <command> [options]`: find the command and run it.
 */
#include "cli.h"

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
	{"optimize", cmd_optimize, "savings of routing, caching and batch; exact cache simulation on traces"},
	{"offer", cmd_offer, "what a vendor's offer is really worth, and the counter-offer"},
	{"track", cmd_track, "after signing: consumption against the commitment, and where it lands"},
	{"report", cmd_report, "the analysis as one self-contained HTML page (or xlsx, CSV)"},
	{"catalog", cmd_catalog, "compare LiteLLM's or genai-prices' catalog with ours: `catalog import FILE`"},
	{"reconcile", cmd_reconcile, "usage priced at list against the vendor's cost report"},
	{"export", cmd_export, "the stored usage priced at list as FOCUS cost and usage rows"},
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
	fprintf(out,
		"\n"
		"A session with your own data:\n"
		"  bandwise ingest usage-report-*.json cost-report-*.json\n"
		"  bandwise usage\n"
		"  bandwise forecast --months 24\n"
		"  bandwise plan --term 24\n"
		"\n"
		"Every command takes --help, and --json except report (which writes files).\n"
		"The store is ./bandwise.db unless\n"
		"--db PATH or $BANDWISE_DB says otherwise. NO_COLOR turns colour off.\n"
		"Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n");
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1) {
		const cli_command *command = find_command(argv[1]);
		char help_flag[] = "--help";
		char *help_argv[] = {argv[1], help_flag, NULL};
		if (command == NULL || command->run == cmd_help) {
			fprintf(stderr, "bandwise help: no command '%s'. See 'bandwise help'.\n", argv[1]);
			return CLI_EXIT_BAD_INPUT;
		}
		return command->run(2, help_argv);
	}
	print_overview(stdout);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	const cli_command *command;

	if (argc < 2) {
		print_overview(stderr);
		return CLI_EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("bandwise %s\n", bw_version());
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_overview(stdout);
		return CLI_EXIT_OK;
	}
	if ((command = find_command(argv[1])) == NULL) {
		fprintf(stderr, "bandwise: no command '%s'. See 'bandwise help'.\n", argv[1]);
		return CLI_EXIT_BAD_INPUT;
	}
	return command->run(argc - 1, argv + 1);
}

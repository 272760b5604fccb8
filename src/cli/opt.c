/*
 * opt.c: one parser for every command's options, driven by its cli_opt
 * table (opt.h); the same table prints --help. Our own rather than argp:
 * see docs/dependencies.md.
 */
#include "opt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_opt_flag(const char *cmd, const cli_opt *opt, const char *value)
{
	(void)cmd;
	(void)value;
	*(int *)opt->target = 1;
	return 0;
}

int cli_opt_string(const char *cmd, const cli_opt *opt, const char *value)
{
	(void)cmd;
	*(const char **)opt->target = value;
	return 0;
}

static int parse_whole(const char *cmd, const cli_opt *opt, const char *value, long *out)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", opt->name);
	return cli_parse_long(cmd, name, value, (long)opt->min, (long)opt->max, out);
}

int cli_opt_int(const char *cmd, const cli_opt *opt, const char *value)
{
	long number;
	if (parse_whole(cmd, opt, value, &number) < 0)
		return -1;
	*(int *)opt->target = (int)number;
	return 0;
}

int cli_opt_long(const char *cmd, const cli_opt *opt, const char *value)
{
	return parse_whole(cmd, opt, value, (long *)opt->target);
}

int cli_opt_fraction(const char *cmd, const cli_opt *opt, const char *value)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", opt->name);
	return cli_parse_fraction(cmd, name, value, opt->min, opt->max, (double *)opt->target);
}

int cli_opt_paths(const char *cmd, const cli_opt *opt, const char *value)
{
	static const struct {
		const char *name;
		int code;
	} codes[] = {
	    {"samples", CLI_OPT_SAMPLES},
	    {"seed", CLI_OPT_SEED},
	    {"paths", CLI_OPT_PATHS},
	    {"db", CLI_OPT_DB},
	    {"prices", CLI_OPT_PRICES},
	    {"months", CLI_OPT_MONTHS},
	    {"term", CLI_OPT_MONTHS},
	    {"damping", CLI_OPT_DAMPING},
	    {"growth", CLI_OPT_GROWTH},
	    {"volatility", CLI_OPT_VOLATILITY},
	    {"launch", CLI_OPT_LAUNCH},
	    {"price-cut", CLI_OPT_PRICE_CUT},
	    {"model", CLI_OPT_MODEL},
	    {"fit-since", CLI_OPT_FIT_SINCE},
	    {"price-basis", CLI_OPT_PRICE_BASIS},
	    {"segments", CLI_OPT_SEGMENTS},
	    {"weekdays", CLI_OPT_WEEKDAYS},
	};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i].name, opt->name) == 0)
			return cli_paths_option(cmd, codes[i].code, value, opt->target) < 0 ? -1
			                                                                    : 0;
	cli_usage_error(cmd, "option '--%s' is not a paths option", opt->name);
	return -1;
}

/* Never called: the parser prints the help when it meets this entry. */
int cli_opt_help(const char *cmd, const cli_opt *opt, const char *value)
{
	(void)cmd;
	(void)opt;
	(void)value;
	return 0;
}

void cli_opt_print_help(FILE *out, const cli_opts *opts)
{
	for (size_t i = 0; i < opts->count; i++)
		if (opts->opts[i].help != NULL)
			fputs(opts->opts[i].help, out);
}

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two adjacent letters each count one. Names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	enum { MAX = 64 };
	size_t n = strlen(a), m = strlen(b), d[MAX + 1][MAX + 1];

	if (n > MAX || m > MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

const char *cli_suggest(const char *typed, const char *const *candidates, size_t count)
{
	/* One edit for short words, two from five letters on: a wider net
	 * suggests unrelated names ("frob" is not "grid"). */
	size_t limit = strlen(typed) <= 4 ? 1 : 2, best = (size_t)-1;
	const char *found = NULL;

	for (size_t i = 0; i < count; i++) {
		size_t distance = edit_distance(typed, candidates[i]);
		if (distance <= limit && distance < best) {
			best = distance;
			found = candidates[i];
		}
	}
	return found;
}

static int unknown_option(const cli_opts *opts, const char *arg, const char *name, size_t len)
{
	const char *names[128], *match;
	char typed[65];
	size_t count = 0;

	for (size_t i = 0; i < opts->count && count < 128; i++)
		if (opts->opts[i].name != NULL)
			names[count++] = opts->opts[i].name;
	snprintf(typed, sizeof(typed), "%.*s", (int)(len < 64 ? len : 64), name);
	if ((match = cli_suggest(typed, names, count)) != NULL)
		return cli_usage_error(opts->cmd, "unknown option '%s'; did you mean '--%s'?", arg,
		                       match);
	return cli_usage_error(opts->cmd, "unknown option '%s'", arg);
}

/* The entry of long option name[0..len): an exact name, else the one name
 * it is a prefix of. NULL with the message printed when there is none or
 * more than one; *status gets the exit status then. */
static const cli_opt *find_long(const cli_opts *opts, const char *arg, const char *name, size_t len)
{
	const cli_opt *prefix = NULL;
	int prefixes = 0;

	for (size_t i = 0; i < opts->count; i++) {
		const cli_opt *opt = &opts->opts[i];
		if (opt->name == NULL || strncmp(opt->name, name, len) != 0)
			continue;
		if (opt->name[len] == '\0')
			return opt;
		if (prefixes++ == 0)
			prefix = opt;
	}
	if (len == 0)
		prefixes = 0;
	if (prefixes == 1)
		return prefix;
	if (prefixes > 1)
		cli_usage_error(opts->cmd,
		                "option '%s' is ambiguous: it begins more than one option's name",
		                arg);
	else
		unknown_option(opts, arg, name, len);
	return NULL;
}

static const cli_opt *find_short(const cli_opts *opts, char letter)
{
	for (size_t i = 0; i < opts->count; i++)
		if (opts->opts[i].name != NULL && opts->opts[i].short_name == letter)
			return &opts->opts[i];
	return NULL;
}

#ifndef NDEBUG
/* 1 when "--name" appears in the command's help as a whole word. */
static int documented(const cli_opts *opts, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < opts->count; i++) {
		const char *help = opts->opts[i].help;
		for (const char *at = help; at != NULL && (at = strstr(at, "--")) != NULL;
		     at += 2) {
			/* at[2 + len] is read only after a match: a shorter rest of
			 * the help ends before it. */
			if (strncmp(at + 2, name, len) == 0 &&
			    !(at[2 + len] == '-' || (at[2 + len] >= 'a' && at[2 + len] <= 'z')))
				return 1;
		}
	}
	return 0;
}
#endif

int cli_opt_parse(const cli_opts *opts, int argc, char **argv, int *first)
{
#ifndef NDEBUG
	/* Checked builds (the tests') stop on an option its --help never
	 * names: accepted means documented. */
	for (size_t i = 0; i < opts->count; i++)
		assert(opts->opts[i].name == NULL || documented(opts, opts->opts[i].name));
#endif

	char **operands = malloc(sizeof(char *) * (size_t)(argc > 0 ? argc : 1));
	int operand_count = 0, status = -1;

	if (operands == NULL) {
		fprintf(cli_err(), "bandwise %s: out of memory\n", opts->cmd);
		return CLI_EXIT_FAILURE;
	}
	for (int i = 1; i < argc && status < 0; i++) {
		char *arg = argv[i], shown[80];
		const char *value = NULL;
		const cli_opt *opt;

		if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				operands[operand_count++] = argv[i];
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			operands[operand_count++] = arg;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *equals = strchr(name, '=');
			size_t len = equals != NULL ? (size_t)(equals - name) : strlen(name);
			if ((opt = find_long(opts, arg, name, len)) == NULL) {
				status = CLI_EXIT_BAD_INPUT;
				break;
			}
			if (equals != NULL)
				value = equals + 1;
		} else if ((opt = find_short(opts, arg[1])) != NULL) {
			if (arg[2] != '\0')
				value = arg + 2;
		} else {
			/* "-term": one dash too few is the likely slip. */
			status = unknown_option(opts, arg, arg + 1, strlen(arg + 1));
			break;
		}
		snprintf(shown, sizeof(shown), "--%s", opt->name);
		if (opt->arg == NULL && value != NULL) {
			status = cli_usage_error(opts->cmd, "option '%s' takes no value", shown);
			break;
		}
		if (opt->arg != NULL && value == NULL) {
			if (i + 1 >= argc) {
				status = cli_usage_error(
				    opts->cmd, "option '%s' needs a value (%s)", shown, opt->arg);
				break;
			}
			value = argv[++i];
		}
		if (opt->apply == cli_opt_help) {
			cli_opt_print_help(cli_out(), opts);
			status = CLI_EXIT_OK;
		} else if (opt->apply(opts->cmd, opt, value) < 0) {
			status = CLI_EXIT_BAD_INPUT;
		}
	}
	if (status < 0) {
		/* The options' slots are free now: their values are
		 * pointers into the strings, not into argv. */
		int next = argc - operand_count;
		for (int k = 0; k < operand_count; k++)
			argv[next + k] = operands[k];
		*first = next;
	}
	free(operands);
	return status;
}

int cli_opt_objective(const char *cmd, const cli_opt *opt, const char *value)
{
	if (bw_objective_parse(value, (bw_objective *)opt->target) < 0) {
		cli_usage_error(cmd, "%s", bw_error_last());
		return -1;
	}
	return 0;
}

int cli_opt_amount(const char *cmd, const cli_opt *opt, const char *value)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", opt->name);
	return cli_parse_amount(cmd, name, value, (double *)opt->target);
}

int cli_opt_day(const char *cmd, const cli_opt *opt, const char *value)
{
	if (strlen(value) != 10) {
		cli_usage_error(cmd, "--%s expects YYYY-MM-DD, got '%s'", opt->name, value);
		return -1;
	}
	snprintf((char *)opt->target, 16, "%s", value);
	return 0;
}

/*
 * opt.h: the command line's options, one spec per option. The same table
 * parses argv and prints --help, so an option cannot be accepted without
 * being documented, nor documented without being accepted.
 *
 * A command lists its entries in the order of its --help text. An entry
 * with a name is an option; an entry without one is only text (the prose
 * above and below the options). Help lines are kept verbatim, not laid out
 * from columns, because every command's --help must stay as it was.
 */
#ifndef BANDWISE_CLI_OPT_H
#define BANDWISE_CLI_OPT_H

#include <stdio.h>

typedef struct cli_opt cli_opt;

/* Parse 'value' for option 'opt' of command 'cmd' and store it through
 * opt->target. Returns 0, or -1 with the usage message printed. */
typedef int cli_opt_fn(const char *cmd, const cli_opt *opt, const char *value);

struct cli_opt {
	const char *name;  /* long name without "--"; NULL for a text entry */
	char short_name;   /* 'o' for -o, or 0 */
	const char *arg;   /* the value's name ("N", "FILE"); NULL for a flag */
	const char *help;  /* its --help lines, verbatim; "" when another line covers it */
	cli_opt_fn *apply; /* what to do with the value */
	void *target;      /* where apply stores it (borrowed) */
	double min, max;   /* limits for cli_opt_int, cli_opt_long, cli_opt_fraction */
};

typedef struct {
	const char *cmd; /* "plan": named in messages */
	const cli_opt *opts;
	size_t count;
} cli_opts;

/* Appliers. */
cli_opt_fn cli_opt_flag;      /* int *target = 1 */
cli_opt_fn cli_opt_string;    /* const char **target = value */
cli_opt_fn cli_opt_int;       /* int *target: a whole number in [min, max] */
cli_opt_fn cli_opt_long;      /* long *target: a whole number in [min, max] */
cli_opt_fn cli_opt_fraction;  /* double *target: a number in (min, max) */
cli_opt_fn cli_opt_paths;     /* cli_paths_request *target: the shared paths flags */
cli_opt_fn cli_opt_help;      /* prints --help; target unused */
cli_opt_fn cli_opt_objective; /* bw_objective *target: --objective O */
cli_opt_fn cli_opt_amount;    /* double *target: USD >= 0 */
cli_opt_fn cli_opt_day;       /* char target[16]: YYYY-MM-DD */

/* A text entry: help prose between option lines. */
#define CLI_OPT_TEXT(text)                                                                         \
	{                                                                                          \
		NULL, 0, NULL, (text), NULL, NULL, 0, 0                                            \
	}

/* Shared options, defined once. Each has a variant taking its help lines
 * for the few commands whose --help lays them out in wider columns. */
#define CLI_HELP_DB                                                                                \
	"  --db STORE      the store: a SQLite file (default $BANDWISE_DB, else\n"                 \
	"                  ./bandwise.db) or a PostgreSQL database, as a URL\n"                    \
	"                  (postgresql://user@host/db) or \"host=H dbname=D\"\n"
#define CLI_HELP_PRICES "  --prices FILE   a price catalog instead of the built-in one\n"
#define CLI_HELP_BANDS                                                                             \
	"  --bands FILE    your band table instead of the built-in illustrative one\n"
#define CLI_HELP_JSON "  --json          JSON output (docs/json.md)\n"
#define CLI_HELP_HELP "  --help          this text\n"

#define CLI_OPT_DB_AS(target, help)                                                                \
	{                                                                                          \
		"db", 0, "STORE", (help), cli_opt_string, (target), 0, 0                           \
	}
#define CLI_OPT_PRICES_AS(target, help)                                                            \
	{                                                                                          \
		"prices", 0, "FILE", (help), cli_opt_string, (target), 0, 0                        \
	}
#define CLI_OPT_BANDS_AS(target, help)                                                             \
	{                                                                                          \
		"bands", 0, "FILE", (help), cli_opt_string, (target), 0, 0                         \
	}
#define CLI_OPT_JSON_AS(target, help)                                                              \
	{                                                                                          \
		"json", 0, NULL, (help), cli_opt_flag, (target), 0, 0                              \
	}
#define CLI_OPT_HELP_AS(help)                                                                      \
	{                                                                                          \
		"help", 0, NULL, (help), cli_opt_help, NULL, 0, 0                                  \
	}

#define CLI_OPT_DB(target)     CLI_OPT_DB_AS(target, CLI_HELP_DB)
#define CLI_OPT_PRICES(target) CLI_OPT_PRICES_AS(target, CLI_HELP_PRICES)
#define CLI_OPT_BANDS(target)  CLI_OPT_BANDS_AS(target, CLI_HELP_BANDS)
#define CLI_OPT_JSON(target)   CLI_OPT_JSON_AS(target, CLI_HELP_JSON)
#define CLI_OPT_HELP           CLI_OPT_HELP_AS(CLI_HELP_HELP)

/* The paths options (cli_paths_request *request): where the plan's and the
 * forecast's paths come from. --db and --prices store into the request. */
#define CLI_OPT_REQ(name, arg, request, help)                                                      \
	{                                                                                          \
		(name), 0, (arg), (help), cli_opt_paths, (request), 0, 0                           \
	}
#define CLI_OPT_REQ_DB(request)        CLI_OPT_REQ("db", "PATH", request, CLI_HELP_DB)
#define CLI_OPT_REQ_PRICES(request)    CLI_OPT_REQ("prices", "FILE", request, CLI_HELP_PRICES)
#define CLI_OPT_SAMPLES(request, help) CLI_OPT_REQ("samples", "N", request, help)
#define CLI_OPT_SEED(request, help)    CLI_OPT_REQ("seed", "N", request, help)
#define CLI_OPT_PATHS(request, help)   CLI_OPT_REQ("paths", "FILE", request, help)
#define CLI_OPT_TERM(request, help)    CLI_OPT_REQ("term", "N", request, help)
#define CLI_OPT_MONTHS(request, help)  CLI_OPT_REQ("months", "N", request, help)
#define CLI_OPT_DAMPING(request, help) CLI_OPT_REQ("damping", "PHI", request, help)
#define CLI_OPT_MODEL(request)                                                                     \
	CLI_OPT_REQ(                                                                               \
	    "model", "NAME", request,                                                              \
	    "  --model NAME    auto (default: the best in backtest), drift, trend, theta,\n"       \
	    "                  damped, changepoint or combo (their combination)\n"),               \
	    CLI_OPT_REQ(                                                                           \
	        "fit-since", "YYYY-MM", request,                                                   \
	        "  --fit-since YYYY-MM  fit the forecast on the months from this one on\n")

#define CLI_OPT_PRICE_BASIS(request)                                                               \
	CLI_OPT_REQ(                                                                               \
	    "price-basis", "B", request,                                                           \
	    "  --price-basis B the history the forecast fits: 'today' (default), the same\n"       \
	    "                  work at today's list and models, or 'history', as billed\n")

#define CLI_OPT_WEEKDAYS(request)                                                                  \
	CLI_OPT_REQ(                                                                               \
	    "weekdays", "on|off", request,                                                         \
	    "  --weekdays on|off\n"                                                                \
	    "                  on: with daily rows, fit per weekday-equivalent day and\n"          \
	    "                  put each month ahead at its own weekdays (off, the\n"               \
	    "                  default: it narrows the 12-month fan, docs/methodology.md)\n")

#define CLI_OPT_SEGMENTS(request)                                                                  \
	CLI_OPT_REQ("segments", "auto|on|off", request,                                            \
	            "  --segments auto|on|off\n"                                                   \
	            "                  forecast each workspace x model family apart, each with\n"  \
	            "                  its own model choice, and add them up as correlated as\n"   \
	            "                  their backtest errors; auto (default): when two segments\n" \
	            "                  or more have 9 complete months, else the total (and the\n"  \
	            "                  total with --damping, --growth, --model, --fit-since or\n"  \
	            "                  --price-basis history, which 'on' refuses)\n")

/* The forecast-shaping options with their --help lines. */
#define CLI_OPT_FORECAST(request)                                                                  \
	CLI_OPT_MODEL(request), CLI_OPT_PRICE_BASIS(request), CLI_OPT_SEGMENTS(request),           \
	    CLI_OPT_WEEKDAYS(request),                                                             \
	    CLI_OPT_DAMPING(                                                                       \
	        request,                                                                           \
	        "  --damping PHI   damped trend: month h adds PHI^h of the monthly growth\n"       \
	        "                  (0 < PHI <= 1; default 1, no damping)\n"),                      \
	    CLI_OPT_REQ("growth", "RATE", request,                                                 \
	                "  --growth RATE   assume this monthly growth (0.05 = +5%) instead of "    \
	                "fitting it;\n"                                                            \
	                "                  needed with fewer than 3 months of history\n"),         \
	    CLI_OPT_REQ(                                                                           \
	        "volatility", "S", request,                                                        \
	        "  --volatility S  month-to-month noise (log scale) with --growth and a short\n"   \
	        "                  history (default 0.10)\n"),                                     \
	    CLI_OPT_REQ("launch", "USD@M[:P]", request,                                            \
	                "  --launch USD@M[:P]     scenario: USD more list spend a month from "     \
	                "month M, on a\n"                                                          \
	                "                  share P of paths (default 1); repeatable\n"),           \
	    CLI_OPT_REQ(                                                                           \
	        "price-cut", "PCT%@M[:P]", request,                                                \
	        "  --price-cut PCT%@M[:P] scenario: list prices PCT% lower from month M (the "     \
	        "same\n"                                                                           \
	        "                  work costs less list), on a share P of paths; repeatable\n")

#define CLI_OPTS(cmd, table)                                                                       \
	{                                                                                          \
		(cmd), (table), sizeof(table) / sizeof((table)[0])                                 \
	}

/*
 * Parse argv[1..argc) against 'opts': options may come before, between
 * and after the operands ("--" ends them); "--name=value", "--name value",
 * unambiguous prefixes of long names and "-o value" / "-ovalue" for short
 * names are accepted. argv is reordered so that the operands, in their
 * order, are argv[*first..argc).
 * Returns -1 when the command should go on, else the exit status to
 * return at once: 0 after --help, 2 after a usage error (one message,
 * with a "did you mean" when a known option is close).
 */
int cli_opt_parse(const cli_opts *opts, int argc, char **argv, int *first);

/* The command's --help text, from its entries. */
void cli_opt_print_help(FILE *out, const cli_opts *opts);

/* The candidate closest to 'typed' by edit distance (adjacent swaps count
 * as one edit), or NULL when none is close enough to be a likely typo. */
const char *cli_suggest(const char *typed, const char *const *candidates, size_t count);

#endif

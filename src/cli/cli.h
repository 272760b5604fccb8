/*
 * cli.h: what the subcommands share: exit codes, error printing, and the
 * resolution of the store, price and band files from flags and the
 * environment. The CLI sees only the public headers under include/.
 */
#ifndef BANDWISE_CLI_H
#define BANDWISE_CLI_H

#include <stdio.h>

#include "bandwise.h"
#include "opt.h"

/* Exit statuses: documented in `bandwise help` and the README. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILURE = 1,  /* a runtime failure: I/O, out of memory */
	CLI_EXIT_BAD_INPUT = 2 /* bad usage or bad input data */
};

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_command;

/* The subcommands, one file each (cmd_<name>.c). */
int cmd_demo(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_usage(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_offer(int argc, char **argv);
int cmd_track(int argc, char **argv);
int cmd_optimize(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_pull(int argc, char **argv);
int cmd_sources(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Where the commands write: the process's stdout and stderr, or, while
 * `bandwise serve` answers a request on this thread, that request's own
 * memory streams (set per thread, so requests on other threads are not
 * affected). NULL = the process's. */
extern _Thread_local FILE *cli_stdout, *cli_stderr;

static inline FILE *cli_out(void)
{
	return cli_stdout != NULL ? cli_stdout : stdout;
}

static inline FILE *cli_err(void)
{
	return cli_stderr != NULL ? cli_stderr : stderr;
}

/* Print the library's last error as "bandwise: MESSAGE" and return the
 * exit status for 'error' (2 for bad input or usage, 1 otherwise). */
int cli_fail(int error);

/* The library's messages name its parameters, never our flags: cli_fail_as
 * prints the message with each parameter named in 'names' (a whole word,
 * outside quotes) shown as its flag, "until" as "--until". */
typedef struct {
	const char *field; /* the library's word: "since", "bucket_width" */
	const char *flag;  /* ours: "--since", "--bucket" */
} cli_flag_name;

int cli_fail_as(int error, const cli_flag_name *names, size_t count);

/* Print "bandwise CMD: MESSAGE" and a pointer to --help; return 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* bw_store_open's flags for the commands that only read the store: 0, or
 * BW_STORE_READ_ONLY while `bandwise serve` runs them. */
extern int cli_store_flags;

/* The forecasts kept between runs while `bandwise serve` runs the
 * commands (bw_analysis_paths_cache); NULL otherwise. */
extern bw_analysis_paths_cache *cli_paths_cache;

/* The store path: the --db flag, else $BANDWISE_DB, else ./bandwise.db. */
const char *cli_db_path(const char *flag);

/* Load the price catalog: the --prices flag, else $BANDWISE_PRICES, else
 * the built-in data/prices/anthropic.json. Returns 0 or an error code. */
int cli_load_catalog(bw_catalog **out, const char *flag);

/* Load the band table: the --bands flag, else the built-in default. */
int cli_load_bands(bw_bands **out, const char *flag);

/* 1 when 'out' is a terminal and NO_COLOR is unset (no-color.org). */
int cli_color(FILE *out);

/* Where the plan's and the forecast's paths come from. */
typedef struct {
	const char *db_flag;     /* --db, or NULL */
	const char *prices_flag; /* --prices, or NULL */
	const char *paths_file;  /* --paths FILE.csv: the user's paths, no store */
	int months;              /* months to forecast */
	size_t samples;          /* Monte Carlo paths */
	unsigned long long seed;
	double damping;            /* --damping, 1 = none */
	double growth;             /* --growth, NAN = fit */
	double volatility;         /* --volatility with an assumed growth */
	bw_scenario scenarios[16]; /* --launch and --price-cut, in order */
	size_t scenario_count;
	bw_forecast_model model;      /* --model, AUTO by default */
	const char *fit_since;        /* --fit-since YYYY-MM, or NULL */
	bw_price_basis price_basis;   /* --price-basis today|history */
	bw_segments_setting segments; /* --segments auto|on|off */
	int weekdays;                 /* --weekdays on|off: 1 = on */
} cli_paths_request;

/* The defaults of a request: 12 months, 10,000 samples, seed 1, no
 * damping, fitted growth, no scenarios. */
void cli_paths_request_init(cli_paths_request *request);

/* Codes of the options shared by the commands that build paths (their
 * specs: CLI_OPT_REQ and friends in opt.h). */
enum {
	CLI_OPT_SAMPLES = 'n',     /* --samples N */
	CLI_OPT_SEED = 's',        /* --seed N */
	CLI_OPT_PATHS = 'p',       /* --paths FILE */
	CLI_OPT_DB = 'd',          /* --db PATH */
	CLI_OPT_PRICES = 'c',      /* --prices FILE */
	CLI_OPT_MONTHS = 'm',      /* --months N / --term N */
	CLI_OPT_DAMPING = 'D',     /* --damping PHI */
	CLI_OPT_GROWTH = 'G',      /* --growth RATE */
	CLI_OPT_VOLATILITY = 'V',  /* --volatility SIGMA */
	CLI_OPT_LAUNCH = 'L',      /* --launch USD@MONTH[:P] */
	CLI_OPT_PRICE_CUT = 'P',   /* --price-cut PCT%@MONTH[:P] */
	CLI_OPT_MODEL = 'F',       /* --model NAME */
	CLI_OPT_FIT_SINCE = 'S',   /* --fit-since YYYY-MM */
	CLI_OPT_PRICE_BASIS = 'B', /* --price-basis today|history */
	CLI_OPT_SEGMENTS = 'g',    /* --segments auto|on|off */
	CLI_OPT_WEEKDAYS = 'W'     /* --weekdays on|off */
};

/*
 * Apply option 'opt' with argument 'arg' to 'request' when it is one of
 * the shared flags above. Returns 1 when handled, 0 when 'opt' is another
 * option, -1 on a bad value (the usage message is printed).
 */
int cli_paths_option(const char *cmd, int opt, const char *arg, cli_paths_request *request);

/* The price catalog file: the --prices flag, else $BANDWISE_PRICES, else
 * NULL (the built-in one). */
const char *cli_prices_path(const char *flag);

/* The analysis a request asks for: the store, the prices, the user's
 * paths, the forecast options and scenarios, the term; 'stages' are
 * BW_ANALYSIS_... (bandwise/analysis.h). */
void cli_analysis_options(const cli_paths_request *request, unsigned stages,
                          bw_analysis_options *out);

/* bw_analysis_run, then the history's warnings (usage the catalog cannot
 * price) on stderr. *out is the caller's to free either way. */
int cli_analysis_run(bw_analysis **out, const bw_analysis_options *options);

/* The warnings of a run made with 'options' (the user's paths beyond the
 * term, policy rules that match nothing, usage the catalog cannot price)
 * on stderr; 'a' may be NULL. What cli_analysis_run adds to the run. */
void cli_analysis_warn(const bw_analysis *a, const bw_analysis_options *options);

/* The document format for --json and the terminal (colour on a TTY). */
bw_document_format cli_format(int json);

/* What the report shows of analysis 'a' (cmd_report.c): the page's charts
 * (bandwise serve's /api/chart) are drawn from the same bundle. 'offers'
 * (may be NULL with 'offer_count' 0) and 'generated' are borrowed. */
bw_report_bundle cli_report_bundle(const bw_analysis *a, const bw_deal_file *const *offers,
                                   size_t offer_count, const char *generated);

/* Parse a whole number in [min, max] for option 'name'; 0 or -1 (with a
 * usage message printed). */
int cli_parse_long(const char *cmd, const char *name, const char *text, long min, long max,
                   long *out);

/* Parse a number in the open interval (min, max) for option 'name'. */
int cli_parse_fraction(const char *cmd, const char *name, const char *text, double min, double max,
                       double *out);

/* Parse an amount of USD >= 0 ("1500000", "1.5e6"). */
int cli_parse_amount(const char *cmd, const char *name, const char *text, double *out);

/* Parse "X" or "X1,X2,..." (amounts in USD >= 0) into 'out' (room for
 * BW_PLAN_MAX_SCHEDULE); *count gets how many. 0 or -1 (message printed). */
int cli_parse_schedule(const char *cmd, const char *text, double *out, int *count);

/* Parse a 64-bit unsigned seed. */
int cli_parse_seed(const char *cmd, const char *text, unsigned long long *out);

#endif

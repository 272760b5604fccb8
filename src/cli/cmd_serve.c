/*
 * cmd_serve.c: `bandwise serve`: the negotiation table in a browser.
 *
 * The HTTP side is src/serve (serve.h); this file is the API behind it.
 * Each /api/NAME request runs the very command the CLI runs for
 * `bandwise NAME ... --json`, with the query parameters as its options
 * (only the ones listed per endpoint: none that names a file), the POSTed
 * band table, policy or deal as the file option, and the command's output
 * captured: the API's documents and its error messages are the CLI's, byte
 * for byte, because they are produced by the same code.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"

static const char help_head[] =
    "Usage: bandwise serve [options]\n"
    "\n"
    "Serve the negotiation table on http://127.0.0.1:8765/: the history and the\n"
    "forecast, cost against commitment for every band with a commitment control,\n"
    "the band table as a form, offers and the optimization levers, recomputed as\n"
    "you change them. The page and its JSON API (the documents of --json,\n"
    "docs/json.md) make no request outside this server. Ctrl-C stops it.\n"
    "\n"
    "Options:\n";

static const char help_tail[] =
    "\n"
    "Any address but loopback needs a token: --token-file F reads it from F, or\n"
    "writes a new one to F (mode 0600). Every request must then carry it; the\n"
    "URL printed at start sets it in the browser, once.\n"
    "\n"
    "Examples:\n"
    "  bandwise serve\n"
    "  bandwise serve --port 9000 --db team.db\n"
    "  bandwise serve --bind 0.0.0.0 --token-file ~/.bandwise-token\n";

/* Parameters every forecasting endpoint takes (the paths options). */
#define FORECAST_PARAMS                                                                            \
	"samples", "seed", "damping", "growth", "volatility", "launch", "price-cut", "model",      \
	    "fit-since", "price-basis", "segments", "weekdays"
#define PLAN_PARAMS                                                                                \
	"term", "commit", "band", "objective", "cvar-level", "max-shortfall", "floor-use",         \
	    "savings", "savings-ramp", "grid", FORECAST_PARAMS

/* A JSON string: quotes, backslashes and control characters escaped. */
/*
 * The page's cost curves: expected cost against commitment for every band
 * (the analysis layer's BW_ANALYSIS_CURVES, the curves of the HTML report),
 * as a command so that it parses its options and words its errors as plan
 * does. Only the API runs it (docs/json.md, "curves").
 */
static int curves_command(int argc, char **argv)
{
	cli_paths_request request;
	const char *bands_flag = NULL;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	int json = 0, optind, error;
	const cli_opt options[] = {
	    CLI_OPT_TEXT("The cost curves of the page (bandwise serve's /api/curves), with\n"
	                 "--term, --bands, --samples and --seed as plan takes them.\n"),
	    CLI_OPT_TERM(&request, ""),
	    CLI_OPT_BANDS(&bands_flag),
	    CLI_OPT_SAMPLES(&request, ""),
	    CLI_OPT_SEED(&request, ""),
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_JSON(&json),
	};
	const cli_opts opts = CLI_OPTS("plan", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	cli_analysis_options(&request, BW_ANALYSIS_CURVES, &analysis_options);
	analysis_options.bands_path = bands_flag;
	error = bw_document_curves(cli_out(), &analysis_options, &analysis);
	cli_analysis_warn(analysis, &analysis_options);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/*
 * The slider's what-if: one commitment evaluated on the cached forecast,
 * without sizing every band again. The numbers are bw_plan_evaluate's, as
 * plan --commit X reports them under "evaluated" (the same renderer); the
 * band is found as plan finds it. Only the API runs it (docs/json.md).
 */
static int evaluate_command(int argc, char **argv)
{
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	const char *bands_flag = NULL, *band_name = NULL;
	double commit_usd = -1;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	int json = 0, optind, error;
	const cli_opt options[] = {
	    CLI_OPT_TEXT("One commitment evaluated (bandwise serve's /api/evaluate), with\n"
	                 "--term, --commit, --band, --bands, --objective, --cvar-level,\n"
	                 "--samples and --seed as plan takes them.\n"),
	    CLI_OPT_TERM(&request, ""),
	    {"commit", 0, "X", "", cli_opt_amount, &commit_usd, 0, 0},
	    {"band", 0, "NAME", "", cli_opt_string, &band_name, 0, 0},
	    CLI_OPT_BANDS(&bands_flag),
	    {"objective", 0, "O", "", cli_opt_objective, &plan_options.objective, 0, 0},
	    {"cvar-level", 0, "L", "", cli_opt_fraction, &plan_options.cvar_level, 0, 1},
	    CLI_OPT_SAMPLES(&request, ""),
	    CLI_OPT_SEED(&request, ""),
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_JSON(&json),
	};
	const cli_opts opts = CLI_OPTS("plan", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (commit_usd < 0)
		return cli_usage_error("plan", "--commit X is required");
	plan_options.term_months = request.months;
	cli_analysis_options(&request, BW_ANALYSIS_PATHS, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	bw_document_commit commit = {commit_usd, NULL, 0, band_name};
	error = bw_document_evaluate(cli_out(), &analysis_options, &commit, &analysis);
	cli_analysis_warn(analysis, &analysis_options);
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

/* A chart width from the page: whole units (bw_report_chart_svg says the range). */
static int apply_width(const char *cmd, const cli_opt *opt, const char *value)
{
	long width;
	if (cli_parse_long(cmd, "--width", value, 0, 100000, &width) < 0)
		return -1;
	*(double *)opt->target = (double)width;
	return 0;
}

/*
 * One of the report's charts as the page draws it (/api/chart): the SVG of
 * bw_report_chart_svg, the very function the HTML report inlines, for the
 * page's width and with its commitment marked, on the analysis the report
 * runs for the same options. Only the API runs it (docs/json.md, "chart").
 */
static int chart_command(int argc, char **argv)
{
	cli_paths_request request;
	bw_plan_options plan_options = BW_PLAN_OPTIONS_INIT;
	const char *bands_flag = NULL, *name = "curves";
	double width = 900, commit_usd = -1;
	bw_analysis_options analysis_options;
	bw_analysis *analysis = NULL;
	int json = 0, optind, error;
	const cli_opt options[] = {
	    CLI_OPT_TEXT("One chart of the report (bandwise serve's /api/chart), with --name,\n"
	                 "--width, --commit (the marker), --term, --bands, --objective,\n"
	                 "--samples and --seed as report takes them.\n"),
	    {"name", 0, "NAME", "", cli_opt_string, &name, 0, 0},
	    {"width", 0, "W", "", apply_width, &width, 0, 0},
	    {"commit", 0, "X", "", cli_opt_amount, &commit_usd, 0, 0},
	    CLI_OPT_TERM(&request, ""),
	    CLI_OPT_BANDS(&bands_flag),
	    {"objective", 0, "O", "", cli_opt_objective, &plan_options.objective, 0, 0},
	    CLI_OPT_SAMPLES(&request, ""),
	    CLI_OPT_SEED(&request, ""),
	    CLI_OPT_REQ_DB(&request),
	    CLI_OPT_REQ_PRICES(&request),
	    CLI_OPT_FORECAST(&request),
	    CLI_OPT_JSON(&json),
	};
	const cli_opts opts = CLI_OPTS("report", options);

	cli_paths_request_init(&request);
	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	plan_options.term_months = request.months;
	cli_analysis_options(&request, BW_ANALYSIS_CURVES, &analysis_options);
	analysis_options.plan = plan_options;
	analysis_options.bands_path = bands_flag;
	if ((error = cli_analysis_run(&analysis, &analysis_options)) < 0)
		goto done;
	bw_report_bundle bundle = cli_report_bundle(analysis, NULL, 0, NULL);
	error = bw_report_chart_json(cli_out(), &bundle, name, width, commit_usd);
done:
	bw_analysis_free(analysis);
	return error < 0 ? cli_fail(error) : CLI_EXIT_OK;
}

typedef struct {
	const char *endpoint;
	const char *command;
	int (*run)(int argc, char **argv);
	const char *body_option; /* the option the body's file goes to; "" = an operand */
	const char *body_file;   /* its name in the private directory */
	int body_required;       /* 1: POST only */
	const char *params[24];  /* the options a query may set; NULL-terminated */
	const char *flags[4];    /* the options without a value ("?ramp") */
	const char *output;      /* a file the command writes (-o) and the reply sends, or NULL */
	int inputs; /* 1: the body is the page's inputs (bands, policy, offers, peers; see
	               report_inputs), not one file; 2: bands and policy only */
} api_route;

static const api_route routes[] = {
    {"plan",
     "plan",
     cmd_plan,
     "--bands",
     "bands.json",
     0,
     {PLAN_PARAMS, NULL},
     {"ramp", NULL},
     NULL,
     0},
    {"optimize",
     "optimize",
     cmd_optimize,
     "--policy",
     "policy.json",
     1,
     {"months", NULL},
     {NULL},
     NULL,
     0},
    {"optimized-plan",
     "plan",
     cmd_plan,
     "--policy",
     "inputs.json",
     1,
     {PLAN_PARAMS, NULL},
     {"ramp", NULL},
     NULL,
     2},
    {"forecast",
     "forecast",
     cmd_forecast,
     "--policy",
     "policy.json",
     0,
     {"months", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"offer",
     "offer",
     cmd_offer,
     "",
     "offer.json",
     1,
     {"objective", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"track",
     "track",
     cmd_track,
     "--deal",
     "deal.json",
     1,
     {"alert-shortfall", "alert-overage", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"usage", "usage", cmd_usage, NULL, NULL, 0, {NULL}, {NULL}, NULL, 0},
    {"evaluate",
     "plan",
     evaluate_command,
     "--bands",
     "bands.json",
     0,
     {"term", "commit", "band", "objective", "cvar-level", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"curves",
     "plan",
     curves_command,
     "--bands",
     "bands.json",
     0,
     {"term", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"chart",
     "report",
     chart_command,
     "--bands",
     "bands.json",
     0,
     {"name", "width", "commit", "term", "objective", FORECAST_PARAMS, NULL},
     {NULL},
     NULL,
     0},
    {"report",
     "report",
     cmd_report,
     "--bands",
     "bands.json",
     0,
     {"term", "format", "objective", "commit", "band", FORECAST_PARAMS, NULL},
     {NULL},
     "report",
     1},
};

typedef struct {
	const char *db;     /* absolute when a file (a report runs in its own directory) */
	const char *prices; /* likewise */
	char db_path[PATH_MAX], prices_path[PATH_MAX];
	char dir[64]; /* the private directory POSTed bodies are written to */
	const char *bind;
	const char *token;
	int token_new;  /* the token file was made now */
	char login[64]; /* the one-time code of the printed URL */
	int has_peers;  /* a peers CSV was POSTed (/api/peers) */
	/* Requests run on several threads: an offer reads the peers file
	 * (read lock) while no POST /api/peers replaces it (write lock). */
	pthread_rwlock_t peers_lock;
} serve_state;

/* What one request may ask of a shared server, beyond the CLI's own limits
 * (which suit one user's own machine): memory is paths x months, time is
 * the grid. Larger values are refused before the command runs. */
static const struct {
	const char *name;
	long max;
} request_limits[] = {
    {"samples", 100000},
    {"term", 120},
    {"months", 120},
    {"grid", 20000},
};

/* 0, or -1 with a 400 in 'reply' when 'p' is over a limit. Only whole
 * numbers are checked here; anything else goes to the CLI's parser for
 * its own message. */
static int over_limit(const serve_param *p, serve_reply *reply)
{
	for (size_t i = 0; i < sizeof(request_limits) / sizeof(request_limits[0]); i++) {
		char *end;
		long value;
		if (strcmp(p->name, request_limits[i].name) != 0)
			continue;
		value = strtol(p->value, &end, 10);
		if (end != p->value && *end == '\0' && value > request_limits[i].max) {
			char message[160];
			snprintf(
			    message, sizeof(message),
			    "bandwise serve: %s is at most %ld on the server (the CLI takes more)",
			    p->name, request_limits[i].max);
			serve_error_reply(reply, 400, message);
			return -1;
		}
	}
	return 0;
}

static int listed(const char *const *names, const char *name)
{
	for (; *names != NULL; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

static char *join_path(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *path = malloc(n);
	if (path)
		snprintf(path, n, "%s/%s", dir, file);
	return path;
}

static int write_body(const char *path, const char *body, size_t length)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t done = 0;
	if (fd < 0)
		return -1;
	while (done < length) {
		ssize_t n = write(fd, body + done, length - done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return close(fd);
}

/* The text without our private directories: "bands.json:3:5: ..." rather
 * than "/tmp/bandwise-serve-x/r-y/bands.json:3:5: ...", as the CLI says it
 * when run beside the file. Each of 'dirs' (NULL-terminated) followed by
 * '/' is dropped. With 'first_line', only the first line (a message's
 * second line is the pointer to --help). */
static char *without_dir(const char *text, size_t length, const char *const *dirs, int first_line,
                         size_t *out_length)
{
	size_t n = first_line ? strcspn(text, "\n") : length;
	char *out = malloc(n + 1), *at = out;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t skip = 0;
		for (const char *const *dir = dirs; *dir != NULL && skip == 0; dir++) {
			size_t dir_len = strlen(*dir);
			if (i + dir_len < n && strncmp(text + i, *dir, dir_len) == 0 &&
			    text[i + dir_len] == '/')
				skip = dir_len + 1;
		}
		if (skip > 0) {
			i += skip;
			continue;
		}
		*at++ = text[i++];
	}
	*at = '\0';
	if (out_length)
		*out_length = (size_t)(at - out);
	return out;
}

/* The file the command wrote (the argument after "-o") as a download. */
static void read_output(const char *const *dirs, char **argv, int argc, serve_reply *reply)
{
	const char *path = NULL;
	FILE *in;
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "-o") == 0)
			path = argv[i + 1];
	if (path == NULL || (in = fopen(path, "rb")) == NULL) {
		serve_error_reply(reply, 500, "the report was not written");
		return;
	}
	char *data = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&data, &length);
	char chunk[65536];
	size_t n;
	while (out != NULL && (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(in);
	unlink(path);
	if (out == NULL || fclose(out) != 0) {
		free(data);
		serve_error_reply(reply, 500, "out of memory");
		return;
	}
	int xlsx = strstr(path, ".xlsx") != NULL;
	reply->status = 200;
	reply->json = data;
	reply->length = length;
	if (!xlsx) {
		/* The page names its inputs: "bands.json", not our directory. */
		reply->json = without_dir(data, length, dirs, 0, &reply->length);
		free(data);
		if (reply->json == NULL) {
			serve_error_reply(reply, 500, "out of memory");
			return;
		}
	}
	reply->type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                   : "text/html; charset=utf-8";
	reply->filename = xlsx ? "bandwise-report.xlsx" : "bandwise-report.html";
}

/* Run 'route' with 'args', its output as the reply. The command writes to
 * this thread's own memory streams (cli_stdout, cli_stderr: thread-local),
 * so requests on other threads run at the same time, each with its own. */
static void run_captured(const char *const *dirs, const api_route *route, int argc, char **argv,
                         serve_reply *reply)
{
	char *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *out = open_memstream(&out_text, &out_len), *err = open_memstream(&err_text, &err_len);
	int status;

	if (out == NULL || err == NULL) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		free(out_text);
		free(err_text);
		serve_error_reply(reply, 500, "out of memory");
		return;
	}
	cli_stdout = out;
	cli_stderr = err;
	status = route->run(argc, argv);
	cli_stdout = NULL;
	cli_stderr = NULL;
	fclose(out);
	fclose(err);
	/* 3 is track's "a threshold passed": the document is still the answer. */
	if (status == CLI_EXIT_OK && route->output != NULL) {
		read_output(dirs, argv, argc, reply);
	} else if ((status == CLI_EXIT_OK || status == 3) && out_len > 0) {
		reply->status = 200;
		reply->json = without_dir(out_text, out_len, dirs, 0, &reply->length);
		if (reply->json == NULL)
			serve_error_reply(reply, 500, "out of memory");
	} else {
		const char *text = err_len ? err_text : "bandwise: no output";
		char *message = without_dir(text, strlen(text), dirs, 1, NULL);
		serve_error_reply(reply, status == CLI_EXIT_BAD_INPUT ? 400 : 500,
		                  message ? message : "out of memory");
		free(message);
	}
	free(out_text);
	free(err_text);
}

/* POST /api/peers: the comparable deals (a peers CSV, docs/peers.md) the
 * following offers are placed among, kept in the private directory until
 * replaced (an empty body forgets them). The one piece of state the API
 * holds: a CSV is not JSON, so it cannot travel in the offer's body. */
static void set_peers(serve_state *state, const serve_request *request, serve_reply *reply)
{
	char *path = join_path(state->dir, "peers.csv");
	char text[160];
	if (path == NULL || !request->post) {
		free(path);
		serve_error_reply(reply, path ? 405 : 500,
		                  path ? "/api/peers takes a POSTed CSV" : "out of memory");
		return;
	}
	pthread_rwlock_wrlock(&state->peers_lock);
	if (request->body_length == 0) {
		unlink(path);
		state->has_peers = 0;
	} else if (write_body(path, request->body, request->body_length) < 0) {
		state->has_peers = 0;
		pthread_rwlock_unlock(&state->peers_lock);
		free(path);
		serve_error_reply(reply, 500, "cannot keep the peers file");
		return;
	} else {
		state->has_peers = 1;
	}
	snprintf(text, sizeof(text), "{\n  \"peers\": %s,\n  \"bytes\": %zu\n}\n",
	         state->has_peers ? "\"peers.csv\"" : "null", request->body_length);
	pthread_rwlock_unlock(&state->peers_lock);
	free(path);
	reply->status = 200;
	reply->json = strdup(text);
	reply->length = reply->json ? strlen(reply->json) : 0;
}

/* The names of the files a report's inputs are written to, in its directory. */
static const char *const input_names[] = {"bands.json", "policy.json", "peers.csv"};

static void offer_name(char *out, size_t size, size_t i)
{
	snprintf(out, size, "offer-%zu.json", i + 1);
}

/* Remove what report_inputs wrote into 'dir'. */
static void remove_inputs(const char *dir)
{
	char name[32];
	for (size_t i = 0; i < sizeof(input_names) / sizeof(input_names[0]); i++) {
		char *path = join_path(dir, input_names[i]);
		if (path)
			unlink(path);
		free(path);
	}
	for (size_t i = 0; i < BW_DOCUMENT_MAX_OFFERS; i++) {
		offer_name(name, sizeof(name), i);
		char *path = join_path(dir, name);
		if (path)
			unlink(path);
		free(path);
	}
}

/* One input file into 'dir' and its option onto argv (the bare name: the
 * report runs in 'dir'). 0, or -1 with the reply set. */
static int put_input(const char *dir, const char *name, const bw_document_file *file,
                     const char *option, char **argv, int *argc, char **owned, int *owned_count,
                     serve_reply *reply)
{
	char *path, *arg;
	if (file->text == NULL)
		return 0;
	path = join_path(dir, name);
	arg = strdup(name);
	if (path == NULL || arg == NULL || write_body(path, file->text, file->length) < 0) {
		free(path);
		free(arg);
		serve_error_reply(reply, 500, "cannot keep the request's files");
		return -1;
	}
	free(path);
	owned[(*owned_count)++] = arg;
	argv[(*argc)++] = (char *)option;
	argv[(*argc)++] = arg;
	return 0;
}

/*
 * POST /api/report: the page's inputs (one JSON body, document.h's
 * bw_document_inputs_read) as the very files and options `bandwise report`
 * reads: --bands bands.json, --policy policy.json, --offer offer-N.json
 * (in order), --peers peers.csv. A body that is not such an object is a
 * 400 with the reader's message; what is wrong inside a file is the
 * command's own message, as the CLI says it beside the file.
 */
static int report_inputs(const api_route *route, const serve_request *request, const char *dir,
                         char **argv, int *argc, char **owned, int *owned_count, serve_reply *reply)
{
	bw_document_inputs inputs;
	char name[32];
	int error = bw_document_inputs_read(&inputs, request->body, request->body_length,
	                                    "the request body");
	if (error < 0) {
		char message[600];
		snprintf(message, sizeof(message), "bandwise: %s", bw_error_last());
		serve_error_reply(reply, error == BW_EPARSE ? 400 : 500, message);
		bw_document_inputs_free(&inputs);
		return -1;
	}
	if (route->inputs == 2 && (inputs.peers.text != NULL || inputs.offer_count > 0)) {
		char message[160];
		snprintf(message, sizeof(message),
		         "bandwise %s: /api/%s takes bands and policy, not offers or peers",
		         route->command, route->endpoint);
		serve_error_reply(reply, 400, message);
		bw_document_inputs_free(&inputs);
		return -1;
	}
	error = put_input(dir, input_names[0], &inputs.bands, "--bands", argv, argc, owned,
	                  owned_count, reply);
	if (error == 0)
		error = put_input(dir, input_names[1], &inputs.policy, "--policy", argv, argc,
		                  owned, owned_count, reply);
	if (error == 0)
		error = put_input(dir, input_names[2], &inputs.peers, "--peers", argv, argc, owned,
		                  owned_count, reply);
	for (size_t i = 0; error == 0 && i < inputs.offer_count; i++) {
		offer_name(name, sizeof(name), i);
		error = put_input(dir, name, &inputs.offers[i], "--offer", argv, argc, owned,
		                  owned_count, reply);
	}
	bw_document_inputs_free(&inputs);
	return error;
}

static void api(void *data, const serve_request *request, serve_reply *reply)
{
	serve_state *state = data;
	const api_route *route = NULL;
	char *argv[2 * 64 + 2 * (BW_DOCUMENT_MAX_OFFERS + 3) + 10], message[256];
	char *owned[64 + BW_DOCUMENT_MAX_OFFERS + 8];
	int home = -1; /* the directory to come back to after a report */
	int argc = 0, owned_count = 0, peers_locked = 0;
	/* This request's own directory for its body and its report (requests
	 * run at the same time on several threads). */
	char dir[sizeof(state->dir) + 16] = "";
	const char *body_path = NULL, *output_path = NULL;
	const char *dirs[3] = {state->dir, NULL, NULL};

	if (strcmp(request->endpoint, "peers") == 0) {
		set_peers(state, request, reply);
		return;
	}

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(routes[i].endpoint, request->endpoint) == 0)
			route = &routes[i];
	if (route == NULL) {
		snprintf(message, sizeof(message), "no API endpoint '/api/%.64s'",
		         request->endpoint);
		serve_error_reply(reply, 404, message);
		return;
	}
	if (route->body_required && !request->post) {
		snprintf(message, sizeof(message), "/api/%s takes a POSTed %s", route->endpoint,
		         route->inputs ? "object of inputs (docs/json.md)" : route->body_file);
		serve_error_reply(reply, 405, message);
		return;
	}
	if (request->post && route->body_file == NULL) {
		snprintf(message, sizeof(message), "/api/%s takes no body", route->endpoint);
		serve_error_reply(reply, 405, message);
		return;
	}
	if (request->post || route->output != NULL) {
		/* Only a body or a report needs it (making one costs a mkdir). */
		snprintf(dir, sizeof(dir), "%s/r-XXXXXX", state->dir);
		if (mkdtemp(dir) == NULL) {
			dir[0] = '\0';
			serve_error_reply(reply, 500, "cannot make the request's directory");
			goto done;
		}
		dirs[0] = dir; /* the longer prefix first */
		dirs[1] = state->dir;
	}
	argv[argc++] = (char *)route->command;
	for (size_t i = 0; i < request->param_count; i++) {
		const serve_param *p = &request->params[i];
		size_t n = strlen(p->name) + strlen(p->value) + 4;
		char *arg;
		if (listed(route->flags, p->name) &&
		    (p->value[0] == '\0' || strcmp(p->value, "1") == 0))
			n = strlen(p->name) + 3;
		else if (!listed(route->params, p->name)) {
			/* The CLI's words: its own message for an unknown option. */
			snprintf(message, sizeof(message), "bandwise %s: unknown option '--%.64s'",
			         route->command, p->name);
			serve_error_reply(reply, 400, message);
			goto done;
		}
		if (over_limit(p, reply) < 0)
			goto done;
		if ((arg = malloc(n)) == NULL) {
			serve_error_reply(reply, 500, "out of memory");
			goto done;
		}
		owned[owned_count++] = arg;
		if (listed(route->flags, p->name))
			snprintf(arg, n, "--%s", p->name);
		else
			snprintf(arg, n, "--%s=%s", p->name, p->value);
		argv[argc++] = arg;
	}
	if (request->post && route->inputs) {
		if (report_inputs(route, request, dir, argv, &argc, owned, &owned_count, reply) < 0)
			goto done;
	} else if (request->post) {
		char *path = join_path(dir, route->body_file);
		if (path == NULL || write_body(path, request->body, request->body_length) < 0) {
			if (path)
				unlink(path);
			free(path);
			serve_error_reply(reply, 500, "cannot keep the request body");
			goto done;
		}
		owned[owned_count++] = path;
		body_path = path;
		if (route->body_option[0] != '\0')
			argv[argc++] = (char *)route->body_option;
		argv[argc++] = path;
	}
	if (strcmp(route->endpoint, "offer") == 0) {
		pthread_rwlock_rdlock(&state->peers_lock);
		peers_locked = 1;
	}
	if (peers_locked && state->has_peers) {
		char *peers = join_path(state->dir, "peers.csv");
		if (peers == NULL) {
			serve_error_reply(reply, 500, "out of memory");
			goto done;
		}
		owned[owned_count++] = peers;
		argv[argc++] = "--peers";
		argv[argc++] = peers;
	}
	argv[argc++] = "--db";
	argv[argc++] = (char *)state->db;
	if (state->prices) {
		argv[argc++] = "--prices";
		argv[argc++] = (char *)state->prices;
	}
	if (route->output != NULL) {
		/* The report's format from the query: html or xlsx (csv is a directory). */
		const char *format = "html";
		for (size_t i = 0; i < request->param_count; i++)
			if (strcmp(request->params[i].name, "format") == 0)
				format = request->params[i].value;
		if (strcmp(format, "html") != 0 && strcmp(format, "xlsx") != 0) {
			serve_error_reply(reply, 400,
			                  "bandwise report: the API writes --format html or xlsx");
			goto done;
		}
		char *path = malloc(strlen(dir) + 32);
		if (path == NULL) {
			serve_error_reply(reply, 500, "out of memory");
			goto done;
		}
		sprintf(path, "%s/%s.%s", dir, route->output, format);
		owned[owned_count++] = path;
		output_path = path;
		argv[argc++] = "-o";
		argv[argc++] = path + strlen(dir) + 1;
	} else {
		argv[argc++] = "--json";
	}
	/* A command on the page's inputs runs in their directory, on this
	 * thread alone (its own working directory: unshare CLONE_FS), so that
	 * every file it names, in the HTML, the JSON and the workbook alike, is
	 * named as the CLI names it beside the files: "bands.json". */
	if (route->inputs && dir[0] &&
	    (unshare(CLONE_FS) != 0 || (home = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	     chdir(dir) != 0)) {
		serve_error_reply(reply, 500, "cannot enter the request's directory");
		goto done;
	}
	argv[argc] = NULL;
	run_captured(dirs, route, argc, argv, reply);
done:
	if (home >= 0) {
		if (fchdir(home) != 0)
			fprintf(cli_err(),
			        "bandwise serve: cannot return to the working directory\n");
		close(home);
	}
	if (route != NULL && route->inputs && dir[0])
		remove_inputs(dir);
	if (peers_locked)
		pthread_rwlock_unlock(&state->peers_lock);
	if (body_path)
		unlink(body_path);
	if (output_path)
		unlink(output_path); /* when the command failed after starting it */
	if (dir[0])
		rmdir(dir);
	while (owned_count > 0)
		free(owned[--owned_count]);
}

static void listening(void *data, unsigned port)
{
	serve_state *state = data;
	if (state->token != NULL)
		fprintf(cli_out(),
		        "bandwise serve: http://%s:%u/?token=%s (this URL works once; the token%s "
		        "is in the token file; Ctrl-C stops it)\n",
		        state->bind, port, state->login, state->token_new ? ", new," : "");
	else
		fprintf(cli_out(), "bandwise serve: http://%s:%u/ (Ctrl-C stops it)\n", state->bind,
		        port);
	fflush(cli_out());
}

/* 'bytes' random bytes as hex into 'out' (room for 2 * bytes + 1). */
static int random_hex(char *out, size_t bytes)
{
	unsigned char random[64];
	if (bytes > sizeof(random) || getrandom(random, bytes, 0) != (ssize_t)bytes)
		return bw_error_set(BW_EIO, "cannot draw a random token");
	for (size_t i = 0; i < bytes; i++)
		snprintf(out + 2 * i, 3, "%02x", random[i]);
	return 0;
}

/* A token is a long random word: safe in a cookie and a header. */
static int token_ok(const char *token)
{
	size_t n = strlen(token);
	if (n < 16 || n > 128)
		return 0;
	return strspn(token,
	              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~") == n;
}

/* Read the token from 'path', or make one and write it there (0600). */
static int load_token(const char *path, char *token, size_t size, int *made)
{
	FILE *in = fopen(path, "r");
	*made = 0;
	if (in != NULL) {
		if (fgets(token, (int)size, in) == NULL)
			token[0] = '\0';
		fclose(in);
		token[strcspn(token, "\r\n")] = '\0';
		if (!token_ok(token))
			return bw_error_set(
			    BW_EPARSE,
			    "%s: the token must be one line of 16 to 128 letters, digits "
			    "or -_.~",
			    path);
		return 0;
	}
	int error = size > 48 ? random_hex(token, 24) : bw_error_set(BW_ERROR, "no room");
	if (error < 0)
		return error;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, token, strlen(token)) != (ssize_t)strlen(token) ||
	    write(fd, "\n", 1) != 1) {
		if (fd >= 0)
			close(fd);
		return bw_error_set(BW_EIO, "%s: cannot write the token file", path);
	}
	close(fd);
	*made = 1;
	return 0;
}

static void remove_dir(const serve_state *state)
{
	/* Each request removed its own directory; the peers file is ours. */
	char *peers = join_path(state->dir, "peers.csv");
	if (peers)
		unlink(peers);
	free(peers);
	rmdir(state->dir);
}

int cmd_serve(int argc, char **argv)
{
	const char *db_flag = NULL, *prices_flag = NULL, *token_file = NULL;
	const char *bind = "127.0.0.1";
	int port = 8765, optind, error;
	char token[160] = "", why[512];
	serve_state state = {.peers_lock = PTHREAD_RWLOCK_INITIALIZER};
	const cli_opt options[] = {
	    CLI_OPT_TEXT(help_head),
	    {"port", 0, "N", "  --port N        the TCP port (default 8765; 0 = any free one)\n",
	     cli_opt_int, &port, 0, 65535},
	    {"bind", 0, "ADDR",
	     "  --bind ADDR     the IPv4 address to listen on (default 127.0.0.1)\n",
	     cli_opt_string, &bind, 0, 0},
	    {"token-file", 0, "F",
	     "  --token-file F  require the token in F (made when F does not exist)\n",
	     cli_opt_string, &token_file, 0, 0},
	    CLI_OPT_DB(&db_flag),
	    CLI_OPT_PRICES(&prices_flag),
	    CLI_OPT_HELP,
	    CLI_OPT_TEXT(help_tail),
	};
	const cli_opts opts = CLI_OPTS("serve", options);

	if ((error = cli_opt_parse(&opts, argc, argv, &optind)) >= 0)
		return error;
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!serve_is_loopback(bind) && token_file == NULL)
		return cli_usage_error(
		    "serve",
		    "serving on %s (not loopback) needs a token: give --token-file "
		    "F (it is made when F does not exist)",
		    bind);
	if (token_file != NULL &&
	    ((error = load_token(token_file, token, sizeof(token), &state.token_new)) < 0 ||
	     (error = random_hex(state.login, 24)) < 0))
		return cli_fail(error);
	state.db = cli_db_path(db_flag);
	state.prices = cli_prices_path(prices_flag);
	/* A report runs in its own directory: files are named absolutely
	 * (a PostgreSQL store's URL is no file and stays as it is). */
	if (realpath(state.db, state.db_path) != NULL)
		state.db = state.db_path;
	if (state.prices && realpath(state.prices, state.prices_path) != NULL)
		state.prices = state.prices_path;
	state.bind = bind;
	state.token = token_file ? token : NULL;
	/* The store is only read while serving: opened read-only, so that no
	 * request can change it; opened once here to fail at start, not later. */
	cli_store_flags = BW_STORE_READ_ONLY;
	{
		bw_store *store = NULL;
		if ((error = bw_store_open(&store, state.db, cli_store_flags)) < 0)
			return cli_fail(error);
		bw_store_close(store);
	}
	snprintf(state.dir, sizeof(state.dir), "%s/bandwise-serve-XXXXXX",
	         getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 32 ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(state.dir) == NULL)
		return cli_fail(
		    bw_error_set(BW_EIO, "cannot make a private directory in %s", "/tmp"));

	serve_options serve = {
	    .bind = bind,
	    .port = (unsigned)port,
	    .token = state.token,
	    .login_code = state.token ? state.login : NULL,
	    .max_body = 1 << 20,
	    .timeout_seconds = 30,
	    .api = api,
	    .api_data = &state,
	    .listening = listening,
	};
	/* A what-if (commitment, bands, objective, scenario) re-plans on the
	 * forecast of the same store state and forecast options. */
	/* Up to 4 forecasts (at most 100,000 paths x 120 months each). */
	if ((error = bw_analysis_paths_cache_new(&cli_paths_cache, 4)) < 0) {
		remove_dir(&state);
		return cli_fail(error);
	}
	error = serve_run(&serve, why, sizeof(why));
	bw_analysis_paths_cache_free(cli_paths_cache);
	cli_paths_cache = NULL;
	remove_dir(&state);
	if (error < 0)
		return cli_fail(bw_error_set(BW_EIO, "%s", why));
	return CLI_EXIT_OK;
}

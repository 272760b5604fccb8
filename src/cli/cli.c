/*
 * cli.c: helpers shared by the subcommands.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cli_fail_status(int error)
{
	switch (error) {
	case BW_EPARSE:
	case BW_EUSAGE:
	case BW_ERANGE:
	case BW_ENOTFOUND:
		return CLI_EXIT_BAD_INPUT;
	default:
		return CLI_EXIT_FAILURE;
	}
}

int cli_fail(int error)
{
	const char *message = bw_error_last();
	fprintf(cli_err(), "bandwise: %s\n", message[0] ? message : bw_error_name(error));
	return cli_fail_status(error);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

int cli_fail_as(int error, const cli_flag_name *names, size_t count)
{
	const char *message = bw_error_last(), *at = message;
	int quoted = 0;

	if (message[0] == '\0')
		return cli_fail(error);
	fputs("bandwise: ", cli_err());
	while (*at != '\0') {
		size_t i = 0, len = 0;
		if (*at == '\'')
			quoted = !quoted;
		if (!quoted && (at == message || !name_char(at[-1])))
			for (i = 0; i < count; i++) {
				len = strlen(names[i].field);
				if (strncmp(at, names[i].field, len) == 0 && !name_char(at[len]))
					break;
			}
		if (!quoted && i < count && len > 0) {
			fputs(names[i].flag, cli_err());
			at += len;
		} else {
			fputc(*at++, cli_err());
		}
	}
	fputc('\n', cli_err());
	return cli_fail_status(error);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char message[1024], shown[2048];

	/* The message may quote what was typed: shown with its controls visible. */
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(cli_err(), "bandwise %s: %s", cmd,
	        bw_report_visible(shown, sizeof(shown), message));
	fprintf(cli_err(), "\nTry 'bandwise %s --help'.\n", cmd);
	return CLI_EXIT_BAD_INPUT;
}

const char *cli_db_path(const char *flag)
{
	const char *env = getenv("BANDWISE_DB");
	if (flag != NULL)
		return flag;
	if (env != NULL && env[0] != '\0')
		return env;
	return "bandwise.db";
}

int cli_load_catalog(bw_catalog **out, const char *flag)
{
	const char *path = cli_prices_path(flag);
	return path != NULL ? bw_catalog_load_file(out, path) : bw_catalog_load_default(out);
}

int cli_load_bands(bw_bands **out, const char *flag)
{
	return flag != NULL ? bw_bands_load_file(out, flag) : bw_bands_load_default(out);
}

int cli_color(FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	if (no_color != NULL && no_color[0] != '\0')
		return 0;
	return isatty(fileno(out));
}

int cli_parse_long(const char *cmd, const char *name, const char *text, long min, long max,
                   long *out)
{
	char *end = NULL;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
		cli_usage_error(cmd, "%s expects a whole number from %ld to %ld, got '%s'", name,
		                min, max, text);
		return -1;
	}
	*out = value;
	return 0;
}

int cli_parse_seed(const char *cmd, const char *text, unsigned long long *out)
{
	char *end = NULL;
	unsigned long long value;

	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
		cli_usage_error(cmd, "--seed expects a non-negative whole number, got '%s'", text);
		return -1;
	}
	*out = value;
	return 0;
}

void cli_paths_request_init(cli_paths_request *request)
{
	memset(request, 0, sizeof(*request));
	request->months = 12;
	request->samples = 10000;
	request->seed = 1;
	request->damping = 1.0;
	request->growth = NAN;
	request->volatility = 0.10;
	request->segments = BW_SEGMENTS_AUTO;
}

int cli_paths_option(const char *cmd, int opt, const char *arg, cli_paths_request *request)
{
	long value;
	double number;

	switch (opt) {
	case CLI_OPT_DAMPING:
		if (cli_parse_fraction(cmd, "--damping", arg, 0, 1.0000001, &request->damping) < 0)
			return -1;
		return 1;
	case CLI_OPT_GROWTH:
		if (cli_parse_fraction(cmd, "--growth", arg, -1, 10, &request->growth) < 0)
			return -1;
		return 1;
	case CLI_OPT_VOLATILITY:
		if (cli_parse_fraction(cmd, "--volatility", arg, -1e-12, 5, &number) < 0)
			return -1;
		request->volatility = number;
		return 1;
	case CLI_OPT_MODEL:
		if (bw_forecast_model_parse(arg, &request->model) < 0) {
			cli_usage_error(cmd, "--model: %s", bw_error_last());
			return -1;
		}
		return 1;
	case CLI_OPT_FIT_SINCE:
		request->fit_since = arg;
		return 1;
	case CLI_OPT_LAUNCH:
	case CLI_OPT_PRICE_CUT:
		if (request->scenario_count ==
		    sizeof(request->scenarios) / sizeof(request->scenarios[0])) {
			cli_usage_error(cmd, "at most 16 scenarios");
			return -1;
		}
		if (bw_scenario_parse(opt == CLI_OPT_LAUNCH ? BW_SCENARIO_LAUNCH
		                                            : BW_SCENARIO_PRICE_CUT,
		                      arg, &request->scenarios[request->scenario_count]) < 0) {
			cli_usage_error(cmd, "%s", bw_error_last());
			return -1;
		}
		request->scenario_count++;
		return 1;
	case CLI_OPT_SAMPLES:
		if (cli_parse_long(cmd, "--samples", arg, 1, 10000000, &value) < 0)
			return -1;
		request->samples = (size_t)value;
		return 1;
	case CLI_OPT_SEED:
		return cli_parse_seed(cmd, arg, &request->seed) < 0 ? -1 : 1;
	case CLI_OPT_MONTHS: {
		/* A term has the deal files' bounds (1 to 120 months); a forecast
		 * may look further ahead. */
		int is_term = strcmp(cmd, "forecast") != 0;
		if (cli_parse_long(cmd, is_term ? "--term" : "--months", arg, 1,
		                   is_term ? 120 : 1200, &value) < 0)
			return -1;
		if (is_term && value > 60)
			fprintf(cli_err(),
			        "bandwise: caution: a %ld-month term is long: few committed-spend "
			        "deals "
			        "run past 60 months, and the forecast's fan that far out is mostly "
			        "assumption.\n",
			        value);
		request->months = (int)value;
		return 1;
	}
	case CLI_OPT_PATHS:
		request->paths_file = arg;
		return 1;
	case CLI_OPT_SEGMENTS:
		if (strcmp(arg, "auto") == 0)
			request->segments = BW_SEGMENTS_AUTO;
		else if (strcmp(arg, "on") == 0)
			request->segments = BW_SEGMENTS_ON;
		else if (strcmp(arg, "off") == 0)
			request->segments = BW_SEGMENTS_OFF;
		else {
			cli_usage_error(cmd, "--segments expects 'auto', 'on' or 'off', got '%s'",
			                arg);
			return -1;
		}
		return 1;
	case CLI_OPT_WEEKDAYS:
		if (strcmp(arg, "on") == 0 || strcmp(arg, "off") == 0) {
			request->weekdays = strcmp(arg, "on") == 0;
			return 1;
		}
		cli_usage_error(cmd, "--weekdays expects 'on' or 'off', got '%s'", arg);
		return -1;
	case CLI_OPT_PRICE_BASIS:
		if (strcmp(arg, "today") == 0)
			request->price_basis = BW_PRICE_BASIS_TODAY;
		else if (strcmp(arg, "history") == 0)
			request->price_basis = BW_PRICE_BASIS_HISTORY;
		else {
			cli_usage_error(cmd, "--price-basis expects 'today' or 'history', got '%s'",
			                arg);
			return -1;
		}
		return 1;
	case CLI_OPT_DB:
		request->db_flag = arg;
		return 1;
	case CLI_OPT_PRICES:
		request->prices_flag = arg;
		return 1;
	default:
		return 0;
	}
}

const char *cli_prices_path(const char *flag)
{
	const char *env = getenv("BANDWISE_PRICES");
	if (flag != NULL)
		return flag;
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

_Thread_local FILE *cli_stdout = NULL, *cli_stderr = NULL;

int cli_store_flags = 0;
bw_analysis_paths_cache *cli_paths_cache = NULL;

void cli_analysis_options(const cli_paths_request *request, unsigned stages,
                          bw_analysis_options *out)
{
	bw_analysis_options defaults = BW_ANALYSIS_OPTIONS_INIT;
	*out = defaults;
	out->stages = stages;
	out->db_path = cli_db_path(request->db_flag);
	out->prices_path = cli_prices_path(request->prices_flag);
	out->paths_file = request->paths_file;
	out->forecast.months = request->months;
	out->forecast.paths = request->samples;
	out->forecast.seed = request->seed;
	out->forecast.damping = request->damping;
	out->forecast.growth = request->growth;
	out->forecast.volatility = request->volatility;
	out->forecast.model = request->model;
	out->fit_since = request->fit_since;
	out->scenarios = request->scenarios;
	out->scenario_count = request->scenario_count;
	out->plan.term_months = request->months;
	out->store_flags = cli_store_flags;
	out->cache = cli_paths_cache;
	out->price_basis = request->price_basis;
	out->segments = request->segments;
	out->weekdays = request->weekdays;
}

int cli_analysis_run(bw_analysis **out, const bw_analysis_options *options)
{
	int error = bw_analysis_run(out, options);
	cli_analysis_warn(*out, options);
	return error;
}

bw_document_format cli_format(int json)
{
	if (json)
		return BW_DOCUMENT_JSON;
	return cli_color(cli_out()) ? BW_DOCUMENT_TEXT_COLOR : BW_DOCUMENT_TEXT;
}

void cli_analysis_warn(const bw_analysis *a, const bw_analysis_options *options)
{
	/* The user's paths beyond the term are not used: say so. */
	if (a != NULL && a->paths != NULL && options->paths_file != NULL &&
	    a->paths->months > options->forecast.months)
		fprintf(
		    cli_err(),
		    "bandwise: note: %s covers %d months but the term is %d: months %d to %d are "
		    "dropped.\n",
		    options->paths_file, a->paths->months, options->forecast.months,
		    options->forecast.months + 1, a->paths->months);
	for (size_t k = 0; a != NULL && a->waterfall != NULL && a->policy != NULL &&
	                   k < a->waterfall->unmatched_count;
	     k++) {
		const bw_policy_rule *r = &a->policy->rules[a->waterfall->unmatched_rules[k]];
		fprintf(
		    cli_err(),
		    "bandwise: warning: %s: the %s rule for %s%s%s%s%s matches no usage in %s\n",
		    a->policy->origin, bw_lever_name(r->lever),
		    r->model[0] ? r->model : "any model", r->workspace[0] ? " in " : "",
		    r->workspace, r->tag[0] ? " tagged " : "", r->tag, a->policy_scope);
	}
	for (size_t i = 0; a != NULL && a->has_history && i < a->spend->unpriced_count; i++)
		if (a->spend->unpriced[i].before_first_price)
			fprintf(
			    cli_err(),
			    "bandwise: warning: %lld tokens of model '%s' were used before its "
			    "first price in the catalog (%s to %s): not priced, and those months "
			    "are not complete months for the forecast\n",
			    (long long)a->spend->unpriced[i].total_tokens,
			    a->spend->unpriced[i].model, a->spend->unpriced[i].first_day,
			    a->spend->unpriced[i].last_day);
		else
			fprintf(cli_err(),
			        "bandwise: warning: %lld tokens of model '%s' are not priced and "
			        "not in the "
			        "history: %s\n",
			        (long long)a->spend->unpriced[i].total_tokens,
			        a->spend->unpriced[i].model, a->spend->unpriced[i].reason);
}

int cli_parse_fraction(const char *cmd, const char *name, const char *text, double min, double max,
                       double *out)
{
	char *end = NULL;
	double value;

	errno = 0;
	value = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(value > min && value < max)) {
		cli_usage_error(cmd, "%s expects a number between %g and %g (exclusive), got '%s'",
		                name, min, max, text);
		return -1;
	}
	*out = value;
	return 0;
}

int cli_parse_amount(const char *cmd, const char *name, const char *text, double *out)
{
	char *end = NULL;
	double value;

	errno = 0;
	value = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(value >= 0) || !isfinite(value)) {
		cli_usage_error(cmd, "%s expects an amount in USD >= 0, got '%s'", name, text);
		return -1;
	}
	*out = value;
	return 0;
}

int cli_parse_schedule(const char *cmd, const char *text, double *out, int *count)
{
	const char *p = text;
	char *end = NULL;

	*count = 0;
	for (;;) {
		errno = 0;
		double value = strtod(p, &end);
		if (errno != 0 || end == p || !(value >= 0) || !isfinite(value) ||
		    *count == BW_PLAN_MAX_SCHEDULE || (*end != ',' && *end != '\0')) {
			cli_usage_error(cmd,
			                "--commit expects an amount in USD or up to %d amounts "
			                "separated by commas (one per true-up period), got '%s'",
			                BW_PLAN_MAX_SCHEDULE, text);
			return -1;
		}
		out[(*count)++] = value;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

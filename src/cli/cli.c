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
	fprintf(stderr, "bandwise: %s\n", message[0] ? message : bw_error_name(error));
	return cli_fail_status(error);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int cli_fail_as(int error, const cli_flag_name *names, size_t count)
{
	const char *message = bw_error_last(), *at = message;
	int quoted = 0;

	if (message[0] == '\0')
		return cli_fail(error);
	fputs("bandwise: ", stderr);
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
			fputs(names[i].flag, stderr);
			at += len;
		} else {
			fputc(*at++, stderr);
		}
	}
	fputc('\n', stderr);
	return cli_fail_status(error);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bandwise %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bandwise %s --help'.\n", cmd);
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
	const char *env = getenv("BANDWISE_PRICES");
	if (flag != NULL)
		return bw_catalog_load_file(out, flag);
	if (env != NULL && env[0] != '\0')
		return bw_catalog_load_file(out, env);
	return bw_catalog_load_default(out);
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
		cli_usage_error(cmd, "%s expects a whole number from %ld to %ld, got '%s'", name, min,
				max, text);
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
	case CLI_OPT_LAUNCH:
	case CLI_OPT_PRICE_CUT:
		if (request->scenario_count == sizeof(request->scenarios) / sizeof(request->scenarios[0])) {
			cli_usage_error(cmd, "at most 16 scenarios");
			return -1;
		}
		if (bw_scenario_parse(opt == CLI_OPT_LAUNCH ? BW_SCENARIO_LAUNCH : BW_SCENARIO_PRICE_CUT, arg,
				      &request->scenarios[request->scenario_count]) < 0) {
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
	case CLI_OPT_MONTHS:
		if (cli_parse_long(cmd, strcmp(cmd, "forecast") == 0 ? "--months" : "--term", arg, 1,
				   1200, &value) < 0)
			return -1;
		request->months = (int)value;
		return 1;
	case CLI_OPT_PATHS:
		request->paths_file = arg;
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

void cli_month_add(const char *month, int months, char out[8])
{
	int year = 0, m = 0;
	if (sscanf(month, "%4d-%2d", &year, &m) != 2 || m < 1 || m > 12) {
		out[0] = '\0';
		return;
	}
	int index = year * 12 + (m - 1) + months;
	snprintf(out, 8, "%04u-%02u", (unsigned)(index / 12) % 10000u, (unsigned)(index % 12) + 1u);
}

int cli_load_history(const cli_paths_request *request, cli_history *out)
{
	bw_store *store = NULL;
	bw_spend *spend = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = cli_load_catalog(&out->catalog, request->prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(request->db_flag), 0)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, out->catalog)) < 0 ||
	    (error = bw_spend_history(spend, &out->usd, &out->count, out->first_month)) < 0)
		goto done;
	if (spend->month_count == 0) {
		error = bw_error_set(BW_EUSAGE, "the store %s holds no priced usage: add some with "
						"'bandwise ingest FILE...'",
				     cli_db_path(request->db_flag));
		goto done;
	}
	for (size_t i = 0; i < spend->unpriced_count; i++)
		fprintf(stderr,
			"bandwise: warning: %lld tokens of model '%s' are not priced and not in the "
			"history: %s\n",
			(long long)spend->unpriced[i].total_tokens, spend->unpriced[i].model,
			spend->unpriced[i].reason);
done:
	bw_spend_free(spend);
	bw_store_close(store);
	return error;
}

void cli_history_dispose(cli_history *history)
{
	free(history->usd);
	bw_catalog_free(history->catalog);
	memset(history, 0, sizeof(*history));
}

bw_forecast_options cli_forecast_options(const cli_paths_request *request)
{
	bw_forecast_options options = BW_FORECAST_OPTIONS_INIT;
	options.months = request->months;
	options.paths = request->samples;
	options.seed = request->seed;
	options.damping = request->damping;
	options.growth = request->growth;
	options.volatility = request->volatility;
	return options;
}

int cli_build_paths(const cli_paths_request *request, cli_paths_result *out)
{
	cli_history history;
	int error;

	memset(out, 0, sizeof(*out));
	if (request->paths_file != NULL) {
		if ((error = bw_paths_read_csv(&out->paths, request->paths_file)) < 0)
			return error;
		return bw_paths_apply_scenarios(out->paths, request->scenarios, request->scenario_count,
						request->seed);
	}
	bw_forecast_options options = cli_forecast_options(request);
	if ((error = cli_load_history(request, &history)) < 0)
		goto done;
	if ((error = bw_forecast_run(&out->paths, &out->fit, history.usd, history.count, &options)) < 0 ||
	    (error = bw_paths_apply_scenarios(out->paths, request->scenarios, request->scenario_count,
					      request->seed)) < 0)
		goto done;
	out->has_fit = 1;
	/* Month 1 of the forecast follows the last complete month. */
	cli_month_add(history.first_month, (int)history.count, out->first_month);
	out->catalog = history.catalog;
	history.catalog = NULL; /* now owned by the result */
done:
	cli_history_dispose(&history);
	return error;
}

void cli_paths_result_dispose(cli_paths_result *result)
{
	bw_paths_free(result->paths);
	bw_catalog_free(result->catalog);
	memset(result, 0, sizeof(*result));
}

int cli_parse_fraction(const char *cmd, const char *name, const char *text, double min, double max,
		       double *out)
{
	char *end = NULL;
	double value;

	errno = 0;
	value = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(value > min && value < max)) {
		cli_usage_error(cmd, "%s expects a number between %g and %g (exclusive), got '%s'", name,
				min, max, text);
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

int cli_find_band(const bw_bands *bands, const char *name, double commit_usd, int term_months)
{
	for (size_t i = 0; i < bands->count; i++) {
		double lo, hi;
		if (name != NULL) {
			if (strcmp(bands->bands[i].name, name) == 0)
				return (int)i;
			continue;
		}
		bw_bands_commit_range(bands, i, term_months, &lo, &hi);
		if (commit_usd >= lo && commit_usd < hi)
			return (int)i;
	}
	if (name != NULL)
		bw_error_set(BW_EUSAGE, "no band named '%s' in %s", name, bands->origin);
	else
		bw_error_set(BW_EUSAGE,
			     "a commitment of %.2f USD over %d months is below every band's threshold "
			     "in %s: name one with --band",
			     commit_usd, term_months, bands->origin);
	return -1;
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
			cli_usage_error(cmd, "--commit expects an amount in USD or up to %d amounts "
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

int cli_policy_waterfall(const cli_paths_request *request, const bw_policy *policy, int months,
			 bw_waterfall **out, char *scope, size_t scope_size)
{
	bw_catalog *catalog = NULL;
	bw_store *store = NULL;
	bw_spend *spend = NULL;
	bw_usage_rows daily = BW_USAGE_ROWS_INIT, kept = BW_USAGE_ROWS_INIT;
	double *history = NULL;
	size_t count = 0;
	char first[8], from[8] = "", to[8] = "";
	int error;

	*out = NULL;
	if ((error = cli_load_catalog(&catalog, request->prices_flag)) < 0 ||
	    (error = bw_store_open(&store, cli_db_path(request->db_flag), 0)) < 0 ||
	    (error = bw_store_daily_usage(store, &daily)) < 0 ||
	    (error = bw_spend_from_store(&spend, store, catalog)) < 0 ||
	    (error = bw_spend_history(spend, &history, &count, first)) < 0)
		goto done;
	if (months > 0) {
		if (count == 0) {
			error = bw_error_set(BW_EUSAGE, "the store holds no complete month to apply the policy to");
			goto done;
		}
		int n = (size_t)months < count ? months : (int)count;
		cli_month_add(first, (int)count - n, from);
		cli_month_add(first, (int)count - 1, to);
		for (size_t i = 0; i < daily.count; i++) {
			char month[8];
			snprintf(month, sizeof(month), "%.7s", daily.items[i].bucket_start);
			if (strcmp(month, from) >= 0 && strcmp(month, to) <= 0 &&
			    (error = bw_usage_rows_push(&kept, &daily.items[i])) < 0)
				goto done;
		}
		snprintf(scope, scope_size, "the %d complete months %s..%s", n, from, to);
	} else {
		snprintf(scope, scope_size, "all stored usage (%s to %s)", spend->first_day, spend->last_day);
	}
	error = bw_policy_waterfall(out, policy, months > 0 ? &kept : &daily, catalog);
done:
	free(history);
	bw_usage_rows_dispose(&daily);
	bw_usage_rows_dispose(&kept);
	bw_spend_free(spend);
	bw_store_close(store);
	bw_catalog_free(catalog);
	return error;
}

int cli_optimize_paths(const cli_paths_request *request, const char *policy_file,
		       const bw_paths *paths, cli_optimized *out)
{
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = bw_policy_load_file(&out->policy, policy_file)) < 0 ||
	    (error = cli_policy_waterfall(request, out->policy, 3, &out->waterfall, out->scope,
					  sizeof(out->scope))) < 0 ||
	    (error = bw_paths_new(&out->paths, paths->path_count, paths->months)) < 0)
		return error;
	bw_waterfall_lever_shares(out->waterfall, out->shares);
	return bw_paths_apply_levers(paths, out->shares, out->policy->ramp_months, BW_LEVER_COUNT,
				     out->paths);
}

void cli_optimized_dispose(cli_optimized *optimized)
{
	bw_policy_free(optimized->policy);
	bw_waterfall_free(optimized->waterfall);
	bw_paths_free(optimized->paths);
	memset(optimized, 0, sizeof(*optimized));
}

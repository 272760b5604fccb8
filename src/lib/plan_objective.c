/*
 * plan_objective.c: what the planner minimises: the expected cost, the
 * CVaR at a level, or the mean plus lambda standard deviations.
 */
#include "plan_eval.h"

#include "bandwise/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bw_objective_parse(const char *text, bw_objective *out)
{
	const char *colon = strchr(text, ':');
	size_t name_len = colon ? (size_t)(colon - text) : strlen(text);
	char *end = NULL;
	double value = 0;

	if (colon != NULL) {
		value = strtod(colon + 1, &end);
		if (end == colon + 1 || *end != '\0' || !isfinite(value))
			goto bad;
	}
	if (name_len == 8 && strncmp(text, "expected", 8) == 0 && colon == NULL) {
		out->kind = BW_OBJECTIVE_EXPECTED;
		out->parameter = 0;
		return 0;
	}
	if (name_len == 4 && strncmp(text, "cvar", 4) == 0) {
		out->kind = BW_OBJECTIVE_CVAR;
		out->parameter = colon ? value : 0.9;
		if (!(out->parameter > 0 && out->parameter < 1))
			goto bad;
		return 0;
	}
	if (name_len == 7 && strncmp(text, "meanstd", 7) == 0) {
		out->kind = BW_OBJECTIVE_MEAN_STD;
		out->parameter = colon ? value : 1.0;
		if (!(out->parameter >= 0))
			goto bad;
		return 0;
	}
bad:
	return bw_error_set(BW_EUSAGE,
	                    "unknown objective '%s': expected 'expected', 'cvar[:LEVEL]' with 0 < "
	                    "LEVEL < 1, or 'meanstd[:LAMBDA]' with LAMBDA >= 0",
	                    text);
}

void bw_objective_describe(const bw_objective *objective, char *buf, size_t size)
{
	switch (objective->kind) {
	case BW_OBJECTIVE_CVAR:
		snprintf(buf, size, "CVaR %g%%", objective->parameter * 100);
		break;
	case BW_OBJECTIVE_MEAN_STD:
		snprintf(buf, size, "mean + %g sd", objective->parameter);
		break;
	default:
		snprintf(buf, size, "expected cost");
	}
}

double bw_plan__objective_value(const bw_objective *objective, double mean, double sd, double cvar)
{
	switch (objective->kind) {
	case BW_OBJECTIVE_CVAR:
		return cvar;
	case BW_OBJECTIVE_MEAN_STD:
		return mean + objective->parameter * sd;
	default:
		return mean;
	}
}

double bw_plan__objective_level(const bw_plan_options *options)
{
	return options->objective.kind == BW_OBJECTIVE_CVAR ? options->objective.parameter
	                                                    : options->cvar_level;
}

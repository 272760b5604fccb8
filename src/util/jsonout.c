/*
 * jsonout.c: rounding and printing for the --json outputs.
 */
#include "jsonout.h"

#include "bandwise/error.h"

#include <math.h>

json_t *bwx_json_real(double value, int decimals)
{
	if (!isfinite(value))
		return json_null();
	double scale = pow(10.0, decimals);
	double rounded = round(value * scale) / scale;
	/* -0.0 prints as "-0.0": normalise it. */
	return json_real(rounded == 0.0 ? 0.0 : rounded);
}

json_t *bwx_json_usd(double usd)
{
	return bwx_json_real(usd, 2);
}

json_t *bwx_json_fraction(double value)
{
	return bwx_json_real(value, 6);
}

json_t *bwx_json_string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

int bwx_json_print(FILE *out, json_t *root)
{
	int error = 0;
	/* 15 significant digits print a cent-rounded amount below 1e13 exactly
	 * as its shortest decimal form. */
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) !=
	        0 ||
	    fputc('\n', out) == EOF)
		error = bw_error_set(BW_EIO, "cannot write the JSON output");
	json_decref(root);
	return error;
}

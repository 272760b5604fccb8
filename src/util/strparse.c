/*
 * strparse.c: strict integers and decimals.
 *
 * The text's shape is checked by hand first; strtoll/strtod then only do
 * the conversion, on text they can no longer read more liberally.
 */
#include "strparse.h"

#include "bandwise/error.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static int refuse(int code, const char **reason, const char *why)
{
	if (reason)
		*reason = why;
	return code;
}

int bwx_parse_int64(const char *text, int64_t *out, const char **reason)
{
	const char *p = text;
	char *end;

	if (text == NULL || *text == '\0')
		return refuse(BW_EPARSE, reason, "empty");
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return refuse(BW_EPARSE, reason, "not a whole number");
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return refuse(BW_EPARSE, reason,
			              (*p == 'x' || *p == 'X') ? "hexadecimal is not accepted"
			              : (*p == '.' || *p == 'e' || *p == 'E') ? "not a whole number"
			                                                      : "not a number");
	}
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno == ERANGE)
		return refuse(BW_ERANGE, reason, "too large");
	if (*end != '\0')
		return refuse(BW_EPARSE, reason, "not a number");
	*out = (int64_t)v;
	return 0;
}

int bwx_parse_int64_range(const char *text, int64_t min, int64_t max, int64_t *out,
                          const char **reason)
{
	int64_t v;
	int error = bwx_parse_int64(text, &v, reason);
	if (error < 0)
		return error;
	if (v < min || v > max)
		return refuse(BW_ERANGE, reason, "out of range");
	*out = v;
	return 0;
}

int bwx_parse_double(const char *text, double *out, const char **reason)
{
	const char *p = text;
	int mantissa_digits = 0, exponent_digits = 0;
	char *end;

	if (text == NULL || *text == '\0')
		return refuse(BW_EPARSE, reason, "empty");
	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		mantissa_digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			mantissa_digits++;
	if (mantissa_digits == 0)
		return refuse(BW_EPARSE, reason, "not a number");
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		for (; *p >= '0' && *p <= '9'; p++)
			exponent_digits++;
		if (exponent_digits == 0)
			return refuse(BW_EPARSE, reason, "an exponent without digits");
	}
	if (*p != '\0')
		return refuse(BW_EPARSE, reason,
		              (*p == 'x' || *p == 'X') ? "hexadecimal is not accepted"
		                                       : "not a number");
	errno = 0;
	double v = strtod(text, &end);
	if (*end != '\0')
		return refuse(BW_EPARSE, reason, "not a number");
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1))
		return refuse(BW_ERANGE, reason, "too large");
	/* An underflow to (near) zero is a value, not an error. */
	*out = v;
	return 0;
}

/*
 * strparse.h (private): strict numbers from text.
 *
 * strtol and strtod accept more than a data file should mean: leading
 * spaces, "0x10", "1e3" for a count, "inf" and "nan", a number followed by
 * junk. These accept only plain decimal text, all of it, and say why they
 * refused: *reason (when not NULL) is set to a static English phrase such
 * as "not a whole number" that a caller can put after "got 'x':". No
 * message is set with bw_error_set; the caller names the file and field.
 */
#ifndef BANDWISE_STRPARSE_H
#define BANDWISE_STRPARSE_H

#include <stdint.h>

/*
 * A whole number: an optional '+' or '-', then decimal digits, nothing
 * else (no spaces, no "0x", no exponent, no point). Leading zeros are
 * fine ("007" is 7). Returns 0, BW_EPARSE (not such a number) or
 * BW_ERANGE (outside int64_t); *out is untouched on failure.
 */
int bwx_parse_int64(const char *text, int64_t *out, const char **reason);

/*
 * As bwx_parse_int64, within [min, max] (BW_ERANGE outside it, reason
 * "out of range").
 */
int bwx_parse_int64_range(const char *text, int64_t min, int64_t max, int64_t *out,
                          const char **reason);

/*
 * A finite decimal: optional sign, digits with at most one '.', at least
 * one digit, an optional exponent ("1e3", "2.5E-4"), nothing else. Hex
 * floats, "inf", "nan", spaces and trailing junk are refused. Returns 0,
 * BW_EPARSE, or BW_ERANGE when the value overflows a double.
 */
int bwx_parse_double(const char *text, double *out, const char **reason);

#endif

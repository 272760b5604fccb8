/*
 * jsonout.h (private): building the --json outputs with jansson.
 *
 * Numbers are rounded where they are made, so the printed JSON is stable
 * and readable: money to the cent, fractions to 1e-6. Keys keep insertion
 * order, which docs/json.md documents.
 */
#ifndef BANDWISE_JSONOUT_H
#define BANDWISE_JSONOUT_H

#include <jansson.h>
#include <stdio.h>

/* USD rounded to the cent. */
json_t *bwx_json_usd(double usd);

/* A fraction or rate rounded to 6 decimals. */
json_t *bwx_json_fraction(double value);

/* A real rounded to 'decimals' decimals; null when not finite. */
json_t *bwx_json_real(double value, int decimals);

/* A string, or null for NULL. */
json_t *bwx_json_string_or_null(const char *text);

/* Print 'root' indented with a final newline, then release it.
 * Returns 0 or BW_EIO. */
int bwx_json_print(FILE *out, json_t *root);

#endif

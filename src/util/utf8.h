/*
 * utf8.h (private): is a run of bytes well-formed UTF-8?
 *
 * Text from logs ends up in the store, in JSON and in the report: a byte
 * sequence that is not UTF-8 there breaks every consumer after us, so the
 * readers refuse it where it comes in, with its byte position.
 */
#ifndef BANDWISE_UTF8_H
#define BANDWISE_UTF8_H

#include <stddef.h>

/*
 * 1 when text[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), else 0 with the 0-based offset
 * of the first bad byte in *bad_at (when not NULL).
 */
int bwx_utf8_valid(const char *text, size_t len, size_t *bad_at);

/*
 * The length (1..4) of the well-formed UTF-8 character at s, of the 'left'
 * bytes there (left >= 1), or 0 when they do not start one.
 */
size_t bwx_utf8_char_length(const unsigned char *s, size_t left);

#endif

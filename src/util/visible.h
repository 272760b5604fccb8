/*
 * visible.h (private): text from outside (a tag, a workspace, a band or
 * deal name, a server's error message) made safe for a terminal.
 *
 * Why: an ESC or BEL byte in a name that reaches a terminal raw can
 * rewrite its title, clear the screen or forge output. Every text output
 * and every error message renders control characters visibly instead:
 * C0 (0x00-0x1f), DEL (0x7f), C1 (U+0080-U+009F, bytes C2 80..C2 9F) and
 * bytes that are not valid UTF-8 (an 8-bit terminal may read 0x9b as CSI)
 * are written as "\xHH", one per byte. Valid UTF-8 and every other
 * printable byte, the backslash included, are written as they are, so
 * rendering twice changes nothing more.
 */
#ifndef BANDWISE_VISIBLE_H
#define BANDWISE_VISIBLE_H

#include <stddef.h>
#include <stdio.h>

/* Flags: the two control characters that may be meaningful in a text. */
enum {
	BWX_VISIBLE_NEWLINE = 1, /* keep '\n' as it is */
	BWX_VISIBLE_TAB = 2      /* keep '\t' as it is */
};

/*
 * 'in' rendered into buf (size > 0), always NUL-terminated; cut at a
 * character (never inside an escape or a UTF-8 sequence) when it does not
 * fit. Returns buf, so that it can be an argument of printf.
 */
const char *bwx_visible(char *buf, size_t size, const char *in, int flags);

/* bwx_visible into a buffer of the enclosing block, for a printf argument:
 * fprintf(out, "Offer \"%s\"", BWX_VISIBLE(name)). Long text is cut. */
#define BWX_VISIBLE(in) bwx_visible((char[1024]){0}, 1024, (in), 0)

/* 'in' rendered onto 'out', whatever its length. */
void bwx_visible_fputs(const char *in, FILE *out, int flags);

/* 1 when bwx_visible would change 'in'. */
int bwx_visible_needed(const char *in, int flags);

#endif

/*
 * visible.c: control characters written as \xHH (see visible.h).
 */
#include "visible.h"

#include "utf8.h"

#include <string.h>

/*
 * How the character at p (of the 'left' bytes before the terminator) is
 * written: either *n bytes of p as they are (returns 0), or the *n bytes of
 * p each as "\xHH" (returns 1).
 */
static int next(const unsigned char *p, size_t left, int flags, size_t *n)
{
	if (p[0] < 0x20 || p[0] == 0x7f) {
		*n = 1;
		return !((p[0] == '\n' && (flags & BWX_VISIBLE_NEWLINE)) ||
		         (p[0] == '\t' && (flags & BWX_VISIBLE_TAB)));
	}
	size_t len = bwx_utf8_char_length(p, left);
	if (len == 0) {
		*n = 1;
		return 1;
	}
	*n = len;
	return len == 2 && p[0] == 0xc2 && p[1] <= 0x9f; /* C1 controls */
}

static const char hexdigits[] = "0123456789abcdef";

const char *bwx_visible(char *buf, size_t size, const char *in, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n, left = strlen(in);

	while (*p) {
		int escape = next(p, left, flags, &n);
		size_t need = escape ? 4 * n : n;
		if (o + need + 1 > size)
			break;
		for (size_t i = 0; i < n; i++) {
			if (escape) {
				buf[o++] = '\\';
				buf[o++] = 'x';
				buf[o++] = hexdigits[p[i] >> 4];
				buf[o++] = hexdigits[p[i] & 15];
			} else {
				buf[o++] = (char)p[i];
			}
		}
		p += n;
		left -= n;
	}
	buf[o] = '\0';
	return buf;
}

void bwx_visible_fputs(const char *in, FILE *out, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n, left = strlen(in);

	while (*p) {
		if (next(p, left, flags, &n))
			for (size_t i = 0; i < n; i++)
				fprintf(out, "\\x%c%c", hexdigits[p[i] >> 4], hexdigits[p[i] & 15]);
		else
			fwrite(p, 1, n, out);
		p += n;
		left -= n;
	}
}

int bwx_visible_needed(const char *in, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n, left = strlen(in);

	for (; *p; p += n, left -= n)
		if (next(p, left, flags, &n))
			return 1;
	return 0;
}

/*
 * visible.c: control characters written as \xHH (see visible.h).
 */
#include "visible.h"

#include <string.h>

/* The length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes
 * at p are not one (overlong forms and surrogates included). */
static size_t utf8_length(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * How the character at p is written: either *n bytes of p as they are
 * (returns 0), or the *n bytes of p each as "\xHH" (returns 1).
 */
static int next(const unsigned char *p, int flags, size_t *n)
{
	if (p[0] < 0x20 || p[0] == 0x7f) {
		*n = 1;
		return !((p[0] == '\n' && (flags & BWX_VISIBLE_NEWLINE)) ||
		         (p[0] == '\t' && (flags & BWX_VISIBLE_TAB)));
	}
	size_t len = utf8_length(p);
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
	size_t o = 0, n;

	while (*p) {
		int escape = next(p, flags, &n);
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
	}
	buf[o] = '\0';
	return buf;
}

void bwx_visible_fputs(const char *in, FILE *out, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n;

	while (*p) {
		if (next(p, flags, &n))
			for (size_t i = 0; i < n; i++)
				fprintf(out, "\\x%c%c", hexdigits[p[i] >> 4], hexdigits[p[i] & 15]);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
}

int bwx_visible_needed(const char *in, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n;

	for (; *p; p += n)
		if (next(p, flags, &n))
			return 1;
	return 0;
}

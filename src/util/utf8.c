/*
 * utf8.c: UTF-8 well-formedness (RFC 3629, table 3-7 of the Unicode
 * standard), written from the byte ranges of the standard.
 */
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <string.h>

size_t bwx_utf8_char_length(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf; /* the allowed range of the 2nd byte */

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0; /* overlong below U+0800 */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates U+D800..U+DFFF */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90; /* overlong below U+10000 */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0; /* a continuation byte first, 0xc0, 0xc1 or 0xf5.. */
	}
	if (left <= need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return need + 1;
}

/* How many bytes from s on are ASCII: all 'len', or up to the first byte
 * with its high bit set. Logs are nearly all ASCII, and every JSON line is
 * checked, so this runs over every byte of a log: 64 bytes a step with
 * SSE2 (cachegrind: a third of the instructions of eight-byte steps), then
 * 16, then 8, then one. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	while (len - i >= 64) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
		        b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16)),
		        c = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 32)),
		        d = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 48));
		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0)
			break; /* the 16-byte steps find which byte */
		i += 64;
	}
	while (len - i >= 16) {
		int high =
		    _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (high != 0)
			return i + (size_t)__builtin_ctz((unsigned)high);
		i += 16;
	}
#endif
	while (len - i >= 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

int bwx_utf8_valid(const char *text, size_t len, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		i += ascii_prefix(s + i, len - i);
		if (i == len)
			break;
		size_t n = bwx_utf8_char_length(s + i, len - i);
		if (n == 0) {
			if (bad_at)
				*bad_at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * error.c: the thread-local last error message.
 */
#include "bandwise/error.h"

#include "visible.h"

#include <stdio.h>

/* One message per thread, so concurrent library users never see each
 * other's failures. 1 KiB holds a path, a position and an explanation. */
static _Thread_local char last_message[1024];

int bw_error_setv(int code, const char *fmt, va_list ap)
{
	/* Messages quote outside text (a server's words, a value read from a
	 * file): every control character in one is shown as \xHH, so that
	 * whoever prints the message sends nothing raw to a terminal. */
	char raw[sizeof(last_message)];
	vsnprintf(raw, sizeof(raw), fmt, ap);
	bwx_visible(last_message, sizeof(last_message), raw, 0);
	return code;
}

int bw_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bw_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

const char *bw_error_last(void)
{
	return last_message;
}

void bw_error_clear(void)
{
	last_message[0] = '\0';
}

const char *bw_error_name(int code)
{
	switch (code) {
	case BW_OK:
		return "ok";
	case BW_ENOTFOUND:
		return "not found";
	case BW_EPARSE:
		return "parse error";
	case BW_EIO:
		return "I/O error";
	case BW_ERANGE:
		return "out of range";
	case BW_EUSAGE:
		return "usage error";
	default:
		return "error";
	}
}

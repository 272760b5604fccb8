/*
 * bandwise/error.h: how every library function reports failure.
 *
 * Errors are values (libgit2's convention): a function returns 0 on
 * success or one of the negative codes below. The message is set once,
 * at the failure site, with bw_error_set(); callers pass the code up
 * unchanged and the CLI prints bw_error_last() in one place.
 */
#ifndef BANDWISE_ERROR_H
#define BANDWISE_ERROR_H

#include <stdarg.h>

typedef enum {
	BW_OK = 0,
	BW_ERROR = -1,     /* anything unexpected: out of memory, a bug */
	BW_ENOTFOUND = -2, /* a file, model, band or row that does not exist */
	BW_EPARSE = -3,    /* malformed input: the message names file and position */
	BW_EIO = -4,       /* reading or writing a file or the store failed */
	BW_ERANGE = -5,    /* a value outside what is accepted */
	BW_EUSAGE = -6     /* the caller asked for something inconsistent */
} bw_error_code;

/*
 * Set the message of the last error of this thread (printf-style).
 * Returns 'code' so a failure site can write
 *     return bw_error_set(BW_EPARSE, "%s:%d: expected ...", path, line);
 */
int bw_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* As bw_error_set, with a va_list. */
int bw_error_setv(int code, const char *fmt, va_list ap);

/*
 * The last message set on this thread, or "" when there is none.
 * Borrowed: valid until the next bw_error_set on this thread.
 */
const char *bw_error_last(void);

/* Forget the last message. */
void bw_error_clear(void);

/* A short name for a code: "parse error", "not found", ... */
const char *bw_error_name(int code);

#endif

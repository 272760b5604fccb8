/*
 * pull_guard.h (private): what `pull` does not take on trust from a
 * server: its retry-after and any text that could carry the admin key back.
 */
#ifndef BANDWISE_INGEST_PULL_GUARD_H
#define BANDWISE_INGEST_PULL_GUARD_H

#include <stddef.h>
#include <time.h>

/* The shortest run of the key's characters that is masked in a message. */
#define BW_PULL_REDACT_RUN 8
/* The shortest run of the key's characters that keeps a value out of the
 * store (longer than the "sk-ant-admin01-" every admin key starts with). */
#define BW_PULL_HOLD_RUN 16

/*
 * A retry-after header's value (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date) as milliseconds to wait from 'now', at most cap_ms (>= 0):
 * seconds are read saturating (99999999999999999999 is cap_ms, never an
 * overflow), a date in the past is 0. Leading blanks and a trailing line
 * ending are allowed. Returns -1 when the value is neither form.
 */
long bw_ingest__retry_after_ms(const char *value, time_t now, long cap_ms);

/*
 * Mask with '*', in place, every run of at least BW_PULL_REDACT_RUN
 * characters of 'text' that is a piece of 'key' in any case: the key
 * echoed whole, upper-cased, or cut in two by another character. A key
 * shorter than the run is masked where it appears whole.
 */
void bw_ingest__redact(char *text, const char *key);

/* 1 when 'text' (len bytes) holds a run of at least BW_PULL_HOLD_RUN of the
 * key's characters in any case, or the whole key when it is shorter. */
int bw_ingest__holds_key(const char *text, size_t len, const char *key);

/*
 * 1 when the answer data[0, len) holds the key (bw_ingest__holds_key) in a
 * string or a name of its JSON, or anywhere when it is not JSON; the JSON
 * path of the value in where[size] ("data[0].results[0].workspace_id",
 * empty when not JSON).
 */
int bw_ingest__pull_holds_key(const char *data, size_t len, const char *key, char *where,
                              size_t size);

/*
 * The cursor of the page after the answer data[0, len): 1 with it in
 * cursor[size] when has_more is true and next_page a non-empty string, 0
 * when the report is complete (or the answer says nothing of more pages),
 * BW_EPARSE with "WHAT: ..." set when the cursor does not fit or holds a
 * NUL byte.
 */
int bw_ingest__pull_next_page(const char *data, size_t len, const char *what, char *cursor,
                              size_t size);

#endif

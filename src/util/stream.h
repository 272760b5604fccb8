/*
 * stream.h (private): reading a file in chunks or lines, decompressing
 * gzip and zstd on the way (recognised by their magic bytes), in bounded
 * memory. The readers of large request logs use it; so does bwx_file_read.
 */
#ifndef BANDWISE_STREAM_H
#define BANDWISE_STREAM_H

#include <stddef.h>
#include <stdint.h>

typedef struct bwx_stream bwx_stream;

/* The longest line bwx_stream_line accepts. */
#define BWX_STREAM_LINE_MAX ((size_t)64 << 20)

/*
 * Open 'path' ("-" is standard input). Returns 0, BW_ENOTFOUND, BW_EIO or
 * BW_ERROR (out of memory); errors name the file.
 */
int bwx_stream_open(bwx_stream **out, const char *path);

/*
 * Bytes [offset, offset + length) of a plain (uncompressed) file, for
 * reading one file in parallel ranges: no decompression, no fingerprint;
 * line numbers count from the range's start.
 */
int bwx_stream_open_range(bwx_stream **out, const char *path, uint64_t offset, uint64_t length);

/*
 * Up to 'cap' decompressed bytes into 'buf'. Returns the count (0 at the
 * end), or BW_EIO / BW_EPARSE (corrupt or truncated compressed data, with
 * its byte offset). After bwx_stream_peek_line (or lines), the bytes not
 * yet returned as lines come first: a pipe is read once, whatever looked
 * at its start.
 */
long bwx_stream_read(bwx_stream *s, char *buf, size_t cap);

/*
 * The next line, without its "\n" (or "\r\n"), NUL-terminated in place:
 * *line stays valid until the next call. A last line without a newline is
 * still a line; a UTF-8 byte-order mark before the first line is left out.
 * Returns 1 with a line, 0 at the end, or BW_EIO, BW_EPARSE,
 * BW_ERANGE (a line longer than BWX_STREAM_LINE_MAX).
 */
int bwx_stream_line(bwx_stream *s, char **line, size_t *len);

/*
 * The first line ahead that is not blank, without consuming anything (a
 * byte-order mark at the start of the file skipped): *line points into the
 * stream's buffer, is not NUL-terminated and stays valid until the next
 * read. For telling a format from its start on a pipe, which cannot be
 * opened twice. Returns 1, 0 (nothing but blanks to the end) or an error.
 */
int bwx_stream_peek_line(bwx_stream *s, const char **line, size_t *len);

/* Refuse more than 'max_bytes' decompressed bytes: past it, reads fail
 * with BW_ERANGE naming the cap in MB (configuration files, whose size a
 * user may get wrong: `--bands /dev/zero`). */
void bwx_stream_limit_size(bwx_stream *s, uint64_t max_bytes);

/* The 1-based number of the line last returned. */
int64_t bwx_stream_line_number(const bwx_stream *s);

/* Compressed bytes read so far and the file's size (0 when unknown, as for
 * a pipe): for progress. */
uint64_t bwx_stream_raw_offset(const bwx_stream *s);
uint64_t bwx_stream_raw_size(const bwx_stream *s);

/* 1 when the file is neither gzip nor zstd (looks at its first bytes). */
int bwx_stream_is_plain(bwx_stream *s);

/* The fingerprint of the decompressed bytes read so far, the whole file's
 * once the end is reached: "xxh3-" and the XXH3-128 hash in 32 hex digits. */
void bwx_stream_fingerprint(bwx_stream *s, char out[65]);

void bwx_stream_close(bwx_stream *s);

/* The same fingerprint of bytes given in pieces, in order (a file mapped
 * in memory rather than streamed). NULL when out of memory. */
typedef struct bwx_fingerprint bwx_fingerprint;
bwx_fingerprint *bwx_fingerprint_new(void);
void bwx_fingerprint_add(bwx_fingerprint *f, const void *data, size_t len);
/* "xxh3-" and 32 hex digits, as bwx_stream_fingerprint; frees 'f'. */
void bwx_fingerprint_end(bwx_fingerprint *f, char out[65]);

#endif

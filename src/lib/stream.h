/*
 * stream.h (private): reading a file in chunks or lines, decompressing
 * gzip and zstd on the way (recognised by their magic bytes), in bounded
 * memory. The readers of large request logs use it; so does bw_file_read.
 */
#ifndef BANDWISE_STREAM_H
#define BANDWISE_STREAM_H

#include <stddef.h>
#include <stdint.h>

typedef struct bw_stream bw_stream;

/* The longest line bw_stream_line accepts. */
#define BW_STREAM_LINE_MAX ((size_t)64 << 20)

/*
 * Open 'path' ("-" is standard input). Returns 0, BW_ENOTFOUND, BW_EIO or
 * BW_ERROR (out of memory); errors name the file.
 */
int bw_stream_open(bw_stream **out, const char *path);

/*
 * Bytes [offset, offset + length) of a plain (uncompressed) file, for
 * reading one file in parallel ranges: no decompression, no fingerprint;
 * line numbers count from the range's start.
 */
int bw_stream_open_range(bw_stream **out, const char *path, uint64_t offset, uint64_t length);

/*
 * Up to 'cap' decompressed bytes into 'buf'. Returns the count (0 at the
 * end), or BW_EIO / BW_EPARSE (corrupt or truncated compressed data, with
 * its byte offset). Do not mix with bw_stream_line.
 */
long bw_stream_read(bw_stream *s, char *buf, size_t cap);

/*
 * The next line, without its "\n" (or "\r\n"), NUL-terminated in place:
 * *line stays valid until the next call. A last line without a newline is
 * still a line. Returns 1 with a line, 0 at the end, or BW_EIO, BW_EPARSE,
 * BW_ERANGE (a line longer than BW_STREAM_LINE_MAX).
 */
int bw_stream_line(bw_stream *s, char **line, size_t *len);

/* The 1-based number of the line last returned. */
int64_t bw_stream_line_number(const bw_stream *s);

/* Compressed bytes read so far and the file's size (0 when unknown, as for
 * a pipe): for progress. */
uint64_t bw_stream_raw_offset(const bw_stream *s);
uint64_t bw_stream_raw_size(const bw_stream *s);

/* 1 when the file is neither gzip nor zstd (looks at its first bytes). */
int bw_stream_is_plain(bw_stream *s);

/* "gzip", "zstd" or "" (plain). */
const char *bw_stream_compression(const bw_stream *s);

/* The fingerprint of the decompressed bytes read so far, the whole file's
 * once the end is reached: "xxh3-" and the XXH3-128 hash in 32 hex digits. */
void bw_stream_fingerprint(bw_stream *s, char out[65]);

void bw_stream_close(bw_stream *s);

#endif

/*
 * fileio.h (private): reading whole files, with errors that name the file.
 */
#ifndef BANDWISE_FILEIO_H
#define BANDWISE_FILEIO_H

#include "stream.h"

#include <stddef.h>

/* Refuse files larger than this when reading them whole: the readers that
 * need more stream instead. */
#define BWX_FILE_MAX_BYTES ((size_t)1 << 31)

/*
 * Read the whole of 'path' into a new NUL-terminated buffer; a gzip or
 * zstd file (recognised by its magic bytes) is decompressed on the way.
 * On success *out_data is owned by the caller (free()) and *out_len is the
 * byte count without the terminator. Returns 0, BW_ENOTFOUND (no such
 * file), BW_EIO or BW_ERANGE (larger than BWX_FILE_MAX_BYTES).
 */
int bwx_file_read(const char *path, char **out_data, size_t *out_len);

/* A configuration file (bands, deals, policies, peers) is small: one past
 * this is a mistake (`--bands /dev/zero`), refused as soon as the cap is
 * passed instead of after reading gigabytes. */
#define BWX_CONFIG_MAX_BYTES ((uint64_t)8 << 20)

/* As bwx_file_read, refusing more than BWX_CONFIG_MAX_BYTES decompressed
 * bytes (BW_ERANGE, naming the cap). */
int bwx_file_read_config(const char *path, char **out_data, size_t *out_len);

/*
 * The rest of an open stream read whole, as bwx_file_read does ('path'
 * names it in messages); the stream stays the caller's. A UTF-8
 * byte-order mark at the start is dropped (so is bwx_file_read's).
 */
int bwx_stream_read_all(bwx_stream *stream, const char *path, char **out_data, size_t *out_len);

/*
 * Write 'len' bytes to 'path' atomically: a temporary file beside it is
 * written, flushed and renamed over 'path', so a reader never sees half a
 * file. Returns 0 or BW_EIO.
 */
int bwx_file_write_atomic(const char *path, const char *data, size_t len);

#endif

/*
 * fileio.h (private): reading whole files, with errors that name the file.
 */
#ifndef BANDWISE_FILEIO_H
#define BANDWISE_FILEIO_H

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

/*
 * Write 'len' bytes to 'path' atomically: a temporary file beside it is
 * written, flushed and renamed over 'path', so a reader never sees half a
 * file. Returns 0 or BW_EIO.
 */
int bwx_file_write_atomic(const char *path, const char *data, size_t len);

#endif

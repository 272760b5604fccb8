/*
 * fileio.c: whole-file reads and atomic writes.
 */
#include "fileio.h"

#include "bandwise/error.h"

#include <errno.h>
#include <zlib.h>
#include <zstd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Replace *data with the gzip stream it holds, decompressed. */
static int gunzip(const char *path, char **data, size_t *len)
{
	z_stream z;
	size_t cap = *len * 4 + 65536, used = 0;
	char *out = malloc(cap);
	int rc;

	if (out == NULL)
		return bw_error_set(BW_ERROR, "%s: out of memory", path);
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK) { /* +32: detect gzip or zlib headers */
		free(out);
		return bw_error_set(BW_ERROR, "%s: cannot start gzip decompression", path);
	}
	z.next_in = (Bytef *)*data;
	z.avail_in = (uInt)*len;
	do {
		if (cap - used < 65536 + 1) {
			char *grown;
			if (cap * 2 > BW_FILE_MAX_BYTES + 1 || (grown = realloc(out, cap * 2)) == NULL) {
				inflateEnd(&z);
				free(out);
				return bw_error_set(BW_ERANGE, "%s: decompresses to more than %zu bytes", path,
						    (size_t)BW_FILE_MAX_BYTES);
			}
			out = grown;
			cap *= 2;
		}
		z.next_out = (Bytef *)out + used;
		z.avail_out = (uInt)(cap - used - 1);
		rc = inflate(&z, Z_NO_FLUSH);
		used = (size_t)((char *)z.next_out - out);
		if (rc == Z_STREAM_END && z.avail_in > 0) {
			/* Concatenated members (gzip -c a b): keep going. */
			inflateReset(&z);
			rc = Z_OK;
		}
	} while (rc == Z_OK);
	size_t consumed = z.total_in;
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return bw_error_set(BW_EPARSE, "%s: byte %zu: corrupt or truncated gzip data", path, consumed);
	}
	out[used] = '\0';
	free(*data);
	*data = out;
	*len = used;
	return 0;
}

/* Replace *data with the zstd stream it holds, decompressed. */
static int unzstd(const char *path, char **data, size_t *len)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	size_t cap = *len * 4 + 65536, used = 0, rc = 1;
	char *out = malloc(cap);
	ZSTD_inBuffer in = {*data, *len, 0};

	if (z == NULL || out == NULL) {
		ZSTD_freeDStream(z);
		free(out);
		return bw_error_set(BW_ERROR, "%s: out of memory", path);
	}
	while (in.pos < in.size || rc != 0) {
		if (cap - used < 65536 + 1) {
			char *grown;
			if (cap * 2 > BW_FILE_MAX_BYTES + 1 || (grown = realloc(out, cap * 2)) == NULL) {
				ZSTD_freeDStream(z);
				free(out);
				return bw_error_set(BW_ERANGE, "%s: decompresses to more than %zu bytes", path,
						    (size_t)BW_FILE_MAX_BYTES);
			}
			out = grown;
			cap *= 2;
		}
		ZSTD_outBuffer o = {out + used, cap - used - 1, 0};
		rc = ZSTD_decompressStream(z, &o, &in);
		used += o.pos;
		if (ZSTD_isError(rc) || (in.pos == in.size && rc != 0 && o.pos == 0)) {
			ZSTD_freeDStream(z);
			free(out);
			return bw_error_set(BW_EPARSE, "%s: byte %zu: corrupt or truncated zstd data", path, in.pos);
		}
	}
	ZSTD_freeDStream(z);
	out[used] = '\0';
	free(*data);
	*data = out;
	*len = used;
	return 0;
}

int bw_file_read(const char *path, char **out_data, size_t *out_len)
{
	int error = bw_file_read_raw(path, out_data, out_len);
	const unsigned char *m = (const unsigned char *)*out_data;

	if (error < 0)
		return error;
	/* Compressed inputs are read transparently, by their magic bytes. */
	if (*out_len >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		error = gunzip(path, out_data, out_len);
	else if (*out_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
		error = unzstd(path, out_data, out_len);
	if (error < 0) {
		free(*out_data);
		*out_data = NULL;
		*out_len = 0;
	}
	return error;
}

int bw_file_read_raw(const char *path, char **out_data, size_t *out_len)
{
	FILE *f = NULL;
	char *data = NULL;
	size_t len = 0, cap = 0;
	int error = 0;

	*out_data = NULL;
	*out_len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		int code = errno == ENOENT ? BW_ENOTFOUND : BW_EIO;
		return bw_error_set(code, "%s: cannot open: %s", path, strerror(errno));
	}
	/* Grow geometrically instead of trusting ftell: 'path' may be a pipe. */
	for (;;) {
		if (cap - len < 65536 + 1) {
			size_t next = cap ? cap * 2 : 131072;
			char *grown;
			if (next > BW_FILE_MAX_BYTES + 1) {
				error = bw_error_set(BW_ERANGE, "%s: larger than %zu bytes",
						     path, (size_t)BW_FILE_MAX_BYTES);
				goto done;
			}
			if ((grown = realloc(data, next)) == NULL) {
				error = bw_error_set(BW_ERROR, "%s: out of memory", path);
				goto done;
			}
			data = grown;
			cap = next;
		}
		size_t got = fread(data + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		error = bw_error_set(BW_EIO, "%s: read failed: %s", path, strerror(errno));
		goto done;
	}
	data[len] = '\0';
	*out_data = data;
	*out_len = len;
	data = NULL; /* now owned by the caller */
done:
	free(data);
	fclose(f);
	return error;
}

int bw_file_write_atomic(const char *path, const char *data, size_t len)
{
	size_t tmp_len = strlen(path) + 32;
	char *tmp = malloc(tmp_len);
	FILE *f = NULL;
	int error = 0;

	if (tmp == NULL)
		return bw_error_set(BW_ERROR, "%s: out of memory", path);
	snprintf(tmp, tmp_len, "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "wb")) == NULL) {
		error = bw_error_set(BW_EIO, "%s: cannot create: %s", tmp, strerror(errno));
		goto done;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		error = bw_error_set(BW_EIO, "%s: write failed: %s", tmp, strerror(errno));
		goto done;
	}
	if (fclose(f) != 0) {
		f = NULL;
		error = bw_error_set(BW_EIO, "%s: close failed: %s", tmp, strerror(errno));
		goto done;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		error = bw_error_set(BW_EIO, "%s: cannot rename into place: %s", path,
				     strerror(errno));
done:
	if (f != NULL)
		fclose(f);
	if (error != 0)
		unlink(tmp);
	free(tmp);
	return error;
}

/*
 * fileio.c: whole-file reads and atomic writes.
 */
#include "fileio.h"
#include "stream.h"
#include "vec.h"

#include "bandwise/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bwx_stream_read_all(bwx_stream *stream, const char *path, char **out_data, size_t *out_len)
{
	char *data = NULL;
	size_t len = 0, cap = 0;
	long n;
	int error;

	*out_data = NULL;
	*out_len = 0;
	/* Compressed inputs are read transparently, by their magic bytes. */
	do {
		if (cap - len < 65536 + 1) {
			size_t next = cap ? cap * 2 : 65536 * 4;
			if (next > BWX_FILE_MAX_BYTES + 65536 * 4) {
				error = bw_error_set(BW_ERANGE, "%s: larger than %zu bytes", path,
				                     (size_t)BWX_FILE_MAX_BYTES);
				goto fail;
			}
			if ((error = bwx_vec_reserve((void **)&data, &cap, next, 1)) < 0)
				goto fail;
		}
		n = bwx_stream_read(stream, data + len, cap - len - 1);
		if (n < 0) {
			error = (int)n;
			goto fail;
		}
		len += (size_t)n;
	} while (n > 0);
	if (len > BWX_FILE_MAX_BYTES) {
		error = bw_error_set(BW_ERANGE, "%s: larger than %zu bytes", path,
		                     (size_t)BWX_FILE_MAX_BYTES);
		goto fail;
	}
	/* A UTF-8 byte-order mark (Windows editors write one) is not content:
	 * JSON parsers refuse it without naming it. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		memmove(data, data + 3, len - 3);
		len -= 3;
	}
	data[len] = '\0';
	*out_data = data;
	*out_len = len;
	return 0;
fail:
	free(data);
	return error;
}

/* Open 'path' (with a size cap when max > 0) and read it whole. */
static int read_whole(const char *path, uint64_t max, char **out_data, size_t *out_len)
{
	bwx_stream *stream = NULL;
	int error;

	*out_data = NULL;
	*out_len = 0;
	if ((error = bwx_stream_open(&stream, path)) < 0)
		return error;
	if (max > 0)
		bwx_stream_limit_size(stream, max);
	error = bwx_stream_read_all(stream, path, out_data, out_len);
	bwx_stream_close(stream);
	return error;
}

int bwx_file_read(const char *path, char **out_data, size_t *out_len)
{
	return read_whole(path, 0, out_data, out_len);
}

int bwx_file_read_config(const char *path, char **out_data, size_t *out_len)
{
	return read_whole(path, BWX_CONFIG_MAX_BYTES, out_data, out_len);
}

int bwx_file_write_atomic(const char *path, const char *data, size_t len)
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
		error =
		    bw_error_set(BW_EIO, "%s: cannot rename into place: %s", path, strerror(errno));
done:
	if (f != NULL)
		fclose(f);
	if (error != 0)
		unlink(tmp);
	free(tmp);
	return error;
}

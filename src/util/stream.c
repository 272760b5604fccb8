/*
 * stream.c: chunked, decompressing, hashing file reads.
 *
 * Compressed input is recognised by its magic bytes, never by the file
 * name, so a renamed file still reads. The fingerprint is taken over the
 * decompressed bytes: the same data gzipped or not is the same data. It is
 * XXH3-128, not SHA-256: on a gigabyte of logs SHA-256 took a quarter of
 * the ingest (bench/RESULTS.md), and the fingerprint only has to tell
 * files apart, not resist an attacker who crafts a colliding log.
 */
#include "stream.h"
#include "vec.h"

#include "bandwise/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
/* libxxhash's runtime choice of SSE2, AVX2 or AVX-512 for the fingerprint
 * (the same hash, wider steps: 5% of a gigabyte's ingest on SSE2 alone);
 * it replaces the XXH3_128bits_update calls below. x86 builds only. */
#if defined(__x86_64__) || defined(__i386__)
#include <xxh_x86dispatch.h>
#endif
#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK  ((size_t)1 << 20)
#define LINE_CHUNK ((size_t)4 << 20)

typedef enum { PLAIN, GZIP, ZSTD } compression;

struct bwx_stream {
	char *path;
	int fd;
	compression kind;
	int detected;
	int no_hash;        /* a range of a file: its reader does not fingerprint */
	uint64_t limit;     /* a range: bytes left to read (UINT64_MAX: to the end) */
	unsigned char *raw; /* compressed bytes not yet consumed: raw[raw_pos..raw_len) */
	size_t raw_pos, raw_len;
	int raw_eof;
	uint64_t raw_offset, raw_size;
	z_stream z;
	int z_open, z_ended;
	ZSTD_DStream *zs;
	size_t zs_hint; /* 0: the last zstd frame is complete */
	XXH3_state_t *hash;
	/* Lines: buf[start..end) holds decompressed bytes not yet returned. */
	char *buf;
	size_t cap, start, end;
	int eof;
	int64_t line_number;
	uint64_t out_total, out_max; /* decompressed bytes read, and the cap (0: none) */
};

int bwx_stream_open(bwx_stream **out, const char *path)
{
	bwx_stream *s = calloc(1, sizeof(*s));
	struct stat st;

	*out = NULL;
	if (s == NULL || (s->path = strdup(path)) == NULL || (s->raw = malloc(RAW_CHUNK)) == NULL ||
	    (s->hash = XXH3_createState()) == NULL) {
		if (s != NULL) {
			free(s->path);
			free(s->raw);
		}
		free(s);
		return bw_error_set(BW_ERROR, "%s: out of memory", path);
	}
	s->fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		int code = errno == ENOENT ? BW_ENOTFOUND : BW_EIO;
		int error = bw_error_set(code, "%s: %s", path, strerror(errno));
		XXH3_freeState(s->hash);
		free(s->raw);
		free(s->path);
		free(s);
		return error;
	}
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode))
		s->raw_size = (uint64_t)st.st_size;
	else if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		int error = bw_error_set(BW_EIO, "%s: is a directory, expected a file", path);
		bwx_stream_close(s);
		return error;
	}
	XXH3_128bits_reset(s->hash);
	s->limit = UINT64_MAX;
	*out = s;
	return 0;
}

/* Refill raw[] from the file, keeping unconsumed bytes. */
static int fill_raw(bwx_stream *s)
{
	if (s->raw_pos > 0) {
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
	}
	while (!s->raw_eof && s->raw_len < RAW_CHUNK) {
		ssize_t n = read(s->fd, s->raw + s->raw_len, RAW_CHUNK - s->raw_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return bw_error_set(BW_EIO, "%s: %s", s->path, strerror(errno));
		}
		if (n == 0)
			s->raw_eof = 1;
		s->raw_len += (size_t)n;
		s->raw_offset += (uint64_t)n;
		if (n > 0)
			break;
	}
	return 0;
}

static int detect(bwx_stream *s)
{
	int error;
	/* Four bytes tell; a short read is retried until EOF. */
	while (!s->raw_eof && s->raw_len < 4)
		if ((error = fill_raw(s)) < 0)
			return error;
	const unsigned char *m = s->raw;
	if (s->raw_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		s->kind = GZIP;
		if (inflateInit2(&s->z, 15 + 32) != Z_OK) /* +32: gzip or zlib header */
			return bw_error_set(BW_ERROR, "%s: cannot start gzip decompression",
			                    s->path);
		s->z_open = 1;
	} else if (s->raw_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
	           m[3] == 0xfd) {
		s->kind = ZSTD;
		if ((s->zs = ZSTD_createDStream()) == NULL)
			return bw_error_set(BW_ERROR, "%s: out of memory", s->path);
		s->zs_hint = 1;
	}
	return 0;
}

static long corrupt(bwx_stream *s, const char *what)
{
	uint64_t at = s->raw_offset - (s->raw_len - s->raw_pos);
	return bw_error_set(BW_EPARSE, "%s: byte %llu: corrupt or truncated %s data", s->path,
	                    (unsigned long long)at, what);
}

static long read_gzip(bwx_stream *s, char *buf, size_t cap)
{
	for (;;) {
		int error;
		if (s->raw_pos == s->raw_len && !s->raw_eof && (error = fill_raw(s)) < 0)
			return error;
		if (s->raw_pos == s->raw_len && s->raw_eof)
			return s->z_ended ? 0 : corrupt(s, "gzip");
		if (s->z_ended) {
			/* Concatenated members (gzip -c a b > c): start the next one. */
			inflateReset(&s->z);
			s->z_ended = 0;
		}
		s->z.next_in = s->raw + s->raw_pos;
		s->z.avail_in = (uInt)(s->raw_len - s->raw_pos);
		s->z.next_out = (Bytef *)buf;
		s->z.avail_out = (uInt)cap;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		s->raw_pos = s->raw_len - s->z.avail_in;
		size_t got = cap - s->z.avail_out;
		if (rc == Z_STREAM_END)
			s->z_ended = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return corrupt(s, "gzip");
		if (got > 0)
			return (long)got;
	}
}

static long read_zstd(bwx_stream *s, char *buf, size_t cap)
{
	for (;;) {
		int error;
		if (s->raw_pos == s->raw_len && !s->raw_eof && (error = fill_raw(s)) < 0)
			return error;
		ZSTD_inBuffer in = {s->raw, s->raw_len, s->raw_pos};
		ZSTD_outBuffer o = {buf, cap, 0};
		size_t rc = ZSTD_decompressStream(s->zs, &o, &in);
		int progress = in.pos > s->raw_pos || o.pos > 0;
		s->raw_pos = in.pos;
		if (ZSTD_isError(rc))
			return corrupt(s, "zstd");
		/* 0 when a frame has just ended; a call with nothing to do would
		 * report the next frame's header size instead. */
		if (progress)
			s->zs_hint = rc;
		if (o.pos > 0)
			return (long)o.pos;
		if (s->raw_pos == s->raw_len && s->raw_eof)
			return s->zs_hint == 0 ? 0 : corrupt(s, "zstd");
	}
}

static long read_plain(bwx_stream *s, char *buf, size_t cap)
{
	int error;
	if (cap > s->limit)
		cap = (size_t)s->limit;
	if (cap == 0)
		return 0;
	if (s->raw_pos == s->raw_len && !s->raw_eof) {
		/* Nothing buffered: read straight into the caller's buffer, one
		 * copy less per byte of a large log. */
		for (;;) {
			ssize_t n = read(s->fd, buf, cap);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return bw_error_set(BW_EIO, "%s: %s", s->path, strerror(errno));
			if (n == 0)
				s->raw_eof = 1;
			s->raw_offset += (uint64_t)n;
			if (s->limit != UINT64_MAX)
				s->limit -= (uint64_t)n;
			return (long)n;
		}
	}
	if (s->raw_pos == s->raw_len && !s->raw_eof && (error = fill_raw(s)) < 0)
		return error;
	size_t n = s->raw_len - s->raw_pos;
	if (n > cap)
		n = cap;
	memcpy(buf, s->raw + s->raw_pos, n);
	s->raw_pos += n;
	return (long)n;
}

/* Decompressed bytes from the file (not from the line buffer), hashed. */
static long read_more(bwx_stream *s, char *buf, size_t cap)
{
	long n;
	int error;

	if (!s->detected) {
		s->detected = 1;
		if ((error = detect(s)) < 0)
			return error;
	}
	if (cap > (size_t)1 << 30)
		cap = (size_t)1 << 30;
	/* One byte past the cap is enough to know it is passed. */
	if (s->out_max > 0 && cap > s->out_max - s->out_total + 1)
		cap = (size_t)(s->out_max - s->out_total + 1);
	n = s->kind == GZIP   ? read_gzip(s, buf, cap)
	    : s->kind == ZSTD ? read_zstd(s, buf, cap)
	                      : read_plain(s, buf, cap);
	if (n > 0 && !s->no_hash)
		XXH3_128bits_update(s->hash, buf, (size_t)n);
	if (n > 0 && s->out_max > 0 && (s->out_total += (uint64_t)n) > s->out_max)
		return bw_error_set(BW_ERANGE,
		                    "%s: larger than %llu MB, too large for this kind of file",
		                    s->path, (unsigned long long)(s->out_max >> 20));
	return n;
}

void bwx_stream_limit_size(bwx_stream *s, uint64_t max_bytes)
{
	s->out_max = max_bytes;
}

long bwx_stream_read(bwx_stream *s, char *buf, size_t cap)
{
	/* Bytes a line read or a peek buffered come first: they were hashed
	 * when they were read. */
	if (s->end > s->start) {
		size_t n = s->end - s->start;
		if (n > cap)
			n = cap;
		memcpy(buf, s->buf + s->start, n);
		s->start += n;
		return (long)n;
	}
	if (s->eof)
		return 0;
	return read_more(s, buf, cap);
}

/* Make the line buffer hold more bytes after 'start' (keeping them).
 * Returns 1 with more, 0 at the end, or an error code. */
static int buffer_more(bwx_stream *s)
{
	if (s->eof)
		return 0;
	if (s->start > 0) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (s->cap - s->end < LINE_CHUNK / 2 + 1) {
		size_t next = s->cap ? s->cap * 2 : LINE_CHUNK;
		if (next > BWX_STREAM_LINE_MAX + LINE_CHUNK)
			return bw_error_set(BW_ERANGE, "%s:%lld: a line longer than %zu MB",
			                    s->path, (long long)s->line_number + 1,
			                    BWX_STREAM_LINE_MAX >> 20);
		int error = bwx_vec_reserve((void **)&s->buf, &s->cap, next, 1);
		if (error < 0)
			return error;
	}
	long n = read_more(s, s->buf + s->end, s->cap - s->end - 1);
	if (n < 0)
		return (int)n;
	if (n == 0)
		s->eof = 1;
	s->end += (size_t)n;
	return n > 0;
}

int bwx_stream_peek_line(bwx_stream *s, const char **line, size_t *len)
{
	for (;;) {
		size_t i = s->start;
		/* A UTF-8 byte-order mark at the start is no content (line 1 skips it). */
		if (s->line_number == 0 && s->end - i >= 3 &&
		    memcmp(s->buf + i, "\xef\xbb\xbf", 3) == 0)
			i += 3;
		while (i < s->end && (s->buf[i] == ' ' || s->buf[i] == '\t' || s->buf[i] == '\r' ||
		                      s->buf[i] == '\n'))
			i++;
		char *nl = i < s->end ? memchr(s->buf + i, '\n', s->end - i) : NULL;
		if (nl != NULL || (s->eof && i < s->end)) {
			size_t n = nl ? (size_t)(nl - (s->buf + i)) : s->end - i;
			if (n > 0 && s->buf[i + n - 1] == '\r')
				n--;
			*line = s->buf + i;
			*len = n;
			return 1;
		}
		int got = buffer_more(s);
		if (got < 0)
			return got;
		if (got == 0 && i >= s->end)
			return 0;
	}
}

int bwx_stream_line(bwx_stream *s, char **line, size_t *len)
{
	for (;;) {
		char *nl =
		    s->end > s->start ? memchr(s->buf + s->start, '\n', s->end - s->start) : NULL;
		if (nl != NULL || (s->eof && s->end > s->start)) {
			char *begin = s->buf + s->start;
			size_t n = nl ? (size_t)(nl - begin) : s->end - s->start;
			s->start += nl ? n + 1 : n;
			if (n > 0 && begin[n - 1] == '\r')
				n--;
			begin[n] = '\0';
			/* A UTF-8 byte-order mark (Windows tools write one) is not
			 * part of the first line's text. */
			if (s->line_number == 0 && n >= 3 &&
			    memcmp(begin, "\xef\xbb\xbf", 3) == 0) {
				begin += 3;
				n -= 3;
			}
			*line = begin;
			*len = n;
			s->line_number++;
			return 1;
		}
		int got = buffer_more(s);
		if (got < 0 || (got == 0 && s->end == s->start))
			return got; /* an error, or the end with no last line left over */
	}
}

int bwx_stream_open_range(bwx_stream **out, const char *path, uint64_t offset, uint64_t length)
{
	int error = bwx_stream_open(out, path);
	if (error < 0)
		return error;
	bwx_stream *s = *out;
	if (lseek(s->fd, (off_t)offset, SEEK_SET) < 0) {
		error = bw_error_set(BW_EIO, "%s: cannot seek to byte %llu: %s", path,
		                     (unsigned long long)offset, strerror(errno));
		bwx_stream_close(s);
		*out = NULL;
		return error;
	}
	s->detected = 1; /* plain: the caller checked */
	s->no_hash = 1;
	s->limit = length;
	s->raw_offset = offset;
	return 0;
}

int64_t bwx_stream_line_number(const bwx_stream *s)
{
	return s->line_number;
}

uint64_t bwx_stream_raw_offset(const bwx_stream *s)
{
	return s->raw_offset - (s->raw_len - s->raw_pos);
}

uint64_t bwx_stream_raw_size(const bwx_stream *s)
{
	return s->raw_size;
}

int bwx_stream_is_plain(bwx_stream *s)
{
	if (!s->detected) {
		s->detected = 1;
		if (detect(s) < 0)
			return 0;
	}
	return s->kind == PLAIN;
}

static void fingerprint_text(XXH3_state_t *hash, char out[65])
{
	XXH128_hash_t h = XXH3_128bits_digest(hash);
	snprintf(out, 65, "xxh3-%016llx%016llx", (unsigned long long)h.high64,
	         (unsigned long long)h.low64);
}

void bwx_stream_fingerprint(bwx_stream *s, char out[65])
{
	fingerprint_text(s->hash, out);
}

struct bwx_fingerprint {
	XXH3_state_t *hash;
};

bwx_fingerprint *bwx_fingerprint_new(void)
{
	bwx_fingerprint *f = malloc(sizeof(*f));
	if (f == NULL)
		return NULL;
	if ((f->hash = XXH3_createState()) == NULL) {
		free(f);
		return NULL;
	}
	XXH3_128bits_reset(f->hash);
	return f;
}

void bwx_fingerprint_add(bwx_fingerprint *f, const void *data, size_t len)
{
	XXH3_128bits_update(f->hash, data, len);
}

void bwx_fingerprint_end(bwx_fingerprint *f, char out[65])
{
	fingerprint_text(f->hash, out);
	XXH3_freeState(f->hash);
	free(f);
}

void bwx_stream_close(bwx_stream *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0 && s->fd != STDIN_FILENO)
		close(s->fd);
	if (s->z_open)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	XXH3_freeState(s->hash);
	free(s->raw);
	free(s->buf);
	free(s->path);
	free(s);
}

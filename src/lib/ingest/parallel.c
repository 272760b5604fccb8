/*
 * parallel.c: one plain JSONL file read in ranges by several threads, each
 * into its own sink, merged in file order.
 */
#include "parallel.h"

#include "bandwise/error.h"
#include "jsonl.h"
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define THREADS_MAX BW_INGEST__THREADS_MAX

typedef struct {
	/* in */
	const char *path;
	uint64_t offset, length;
	bw_ingest_format format;
	const reader *rd;
	const bwx_jsonscan *scan;
	const bw_ingest_options *options;
	const char *map; /* the whole file mapped; NULL: the range is streamed */
	int fd;          /* the mapped file, for the size check (check_size) */
	uint64_t size;   /* the file's size when it was mapped */
	/* One thread alone: the range is the whole file, fingerprinted here as
	 * it is read, and progress is told here (NULL: the caller does both). */
	bwx_fingerprint *fp;
	_Atomic uint64_t *bytes_done;
	_Atomic int64_t *requests_done; /* for the progress line */
	_Atomic int *finished;
	/* out */
	sink sk;
	int64_t lines, skipped, errors;
	int64_t first_bad_line; /* within the range */
	char first_bad[400];
	/* The bad line that took the range past the error limit, and why:
	 * one thread names it, as the stream does (several name the first). */
	int64_t crossing_line;
	char crossing[400];
	int fatal; /* an error code: I/O, memory */
	char fatal_message[512];
	char why[400];
} range_job;

/* What a range has told the progress counters so far. */
typedef struct {
	uint64_t bytes;
	int64_t requests;
} range_progress;

/*
 * One line of a range, read from a stream or the mapped file alike:
 * progress told every PROGRESS_EVERY bytes ('at' is the offset in the
 * range after the line), the line added, its error counted. Returns
 * non-zero when the range must stop: out of memory, or past the error
 * limit on this range alone (the whole file fails anyway).
 */
static int take_line(range_job *job, jsonl_context *c, const char *line, size_t len,
                     int64_t line_number, uint64_t at, range_progress *progress)
{
	if (at - progress->bytes >= PROGRESS_EVERY) {
		atomic_fetch_add(job->bytes_done, at - progress->bytes);
		atomic_fetch_add(job->requests_done, job->sk.requests - progress->requests);
		progress->bytes = at;
		progress->requests = job->sk.requests;
		if (job->fp != NULL && job->options->progress) /* no other thread to tell it */
			job->options->progress(job->options->progress_context, job->offset + at,
			                       job->size, job->sk.requests);
	}
	if (len == 0)
		return 0;
	int got = bw_ingest__jsonl_line(c, line, len, job->why, sizeof(job->why), &job->skipped);
	if (got == -2) {
		job->fatal = BW_ERROR;
		snprintf(job->fatal_message, sizeof(job->fatal_message), "out of memory");
		return 1;
	}
	if (got == -1 && job->errors++ == 0) {
		job->first_bad_line = line_number;
		snprintf(job->first_bad, sizeof(job->first_bad), "%s", job->why);
	}
	if (got == -1 && job->errors > job->options->max_errors) {
		job->crossing_line = line_number;
		snprintf(job->crossing, sizeof(job->crossing), "%s", job->why);
		return 1;
	}
	return 0;
}

static void *read_range(void *arg)
{
	range_job *job = arg;
	bwx_stream *stream = NULL;
	char *line;
	size_t len;
	int got;
	jsonl_context c;

	memset(&c, 0, sizeof(c));
	c.format = job->format;
	c.rd = job->rd;
	c.sk = &job->sk;
	c.scan = job->scan;
	if ((got = bwx_stream_open_range(&stream, job->path, job->offset, job->length)) < 0) {
		job->fatal = got;
		snprintf(job->fatal_message, sizeof(job->fatal_message), "%s", bw_error_last());
		atomic_fetch_add(job->finished, 1);
		return NULL;
	}
	range_progress progress = {0, 0};
	int more;
	while ((more = bwx_stream_line(stream, &line, &len)) == 1) {
		if (take_line(job, &c, line, len, bwx_stream_line_number(stream),
		              bwx_stream_raw_offset(stream) - job->offset, &progress) != 0)
			break;
	}
	if (more < 0 && job->fatal == 0) { /* the stream's own failure: I/O, an overlong line */
		job->fatal = more;
		snprintf(job->fatal_message, sizeof(job->fatal_message), "%s", bw_error_last());
	}
	job->lines = bwx_stream_line_number(stream);
	atomic_fetch_add(job->bytes_done, job->length - progress.bytes);
	bwx_stream_close(stream);
	atomic_fetch_add(job->finished, 1);
	return NULL;
}

/* Bytes of the mapped file fingerprinted at a time. */
#define FINGERPRINT_STEP ((uint64_t)1 << 20)

/* On one thread, bytes fingerprinted at a time, just after their lines
 * were read: they are still in the core's cache (256 KB fits in L2), so
 * the fingerprint is no second pass over memory. */
#define FUSED_STEP ((size_t)256 << 10)

/* Bytes read between two checks of the mapped file's size. */
#define CHECK_EVERY ((uint64_t)1 << 20)

/* Bytes of the mapping let go at a time, behind the reader. */
#define RELEASE_STEP ((uint64_t)8 << 20)

/*
 * The pages of [*released, up_to) of the mapping let go (rounded in to
 * whole pages; *released moves to the last page boundary reached). The
 * file's pages stay in the page cache, but while they are mapped they
 * count as the process's resident memory: a 1 GB log read mapped peaked at
 * 1 GB resident without this (GNU time), against the ingest's target of
 * 200 MB. A page touched again (a neighbouring range's last line, the
 * fingerprint behind) is mapped again from the page cache.
 */
static void release_behind(const char *base, uint64_t *released, uint64_t up_to)
{
	static long page;
	if (page == 0)
		page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
	uint64_t from = (*released + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page,
	         to = up_to / (uint64_t)page * (uint64_t)page;
	if (to > from)
		(void)madvise((void *)(base + from), (size_t)(to - from), MADV_DONTNEED);
	if (to > *released)
		*released = to;
}

/*
 * A mapped file that shrinks (truncated by another process while it is
 * read) raises SIGBUS on the first access past its new end; the library
 * installs no signal handler. Its size is checked again before each
 * CHECK_EVERY bytes instead, and a file found shorter is refused with an
 * error: that leaves only a truncation in the instant between a check and
 * the reads after it to kill the process (docs/ingest.md). Returns 0, or
 * -1 with the job's fatal error set.
 */
static int check_size(range_job *job)
{
	struct stat st;
	if (fstat(job->fd, &st) == 0 && (uint64_t)st.st_size >= job->size)
		return 0;
	job->fatal = BW_EIO;
	snprintf(job->fatal_message, sizeof(job->fatal_message),
	         "%s: the file shrank while it was read (from %llu bytes to %lld): was it "
	         "truncated or rewritten? Nothing was stored; ingest it again once it is whole",
	         job->path, (unsigned long long)job->size, (long long)st.st_size);
	return -1;
}

/*
 * The range's lines read from the mapped file, as bwx_stream_line gives
 * them (no "\n", no "\r" before it, a last line without one, no
 * byte-order mark on the first): no copy of each range through read(2),
 * nor a third through it for the fingerprint.
 */
static void *read_mapped(void *arg)
{
	range_job *job = arg;
	jsonl_context c;
	const char *base = job->map, *p = base + job->offset, *end = p + job->length;
	const char *hashed = p; /* one thread alone: fingerprinted up to here */
	uint64_t next_check = 0, released = job->offset;
	range_progress progress = {0, 0};
	int64_t line_number = 0;

	memset(&c, 0, sizeof(c));
	c.format = job->format;
	c.rd = job->rd;
	c.sk = &job->sk;
	c.scan = job->scan;
	while (p < end) {
		if ((uint64_t)(p - base) >= next_check) {
			if (check_size(job) < 0)
				break;
			next_check = (uint64_t)(p - base) + CHECK_EVERY;
		}
		if (job->fp != NULL && (size_t)(p - hashed) >= FUSED_STEP) {
			bwx_fingerprint_add(job->fp, hashed, (size_t)(p - hashed));
			hashed = p;
		}
		/* Behind the lines read and (one thread) the bytes fingerprinted. */
		uint64_t behind = (uint64_t)((job->fp != NULL ? hashed : p) - base);
		if (behind >= released + RELEASE_STEP)
			release_behind(base, &released, behind);
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end, *line = p;
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len > BWX_STREAM_LINE_MAX) {
			job->fatal = BW_ERANGE;
			snprintf(job->fatal_message, sizeof(job->fatal_message),
			         "%s:%lld: a line longer than %zu MB", job->path,
			         (long long)line_number + 1, BWX_STREAM_LINE_MAX >> 20);
			break;
		}
		line_number++;
		p = next;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (line_number == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			len -= 3;
		}
		if (take_line(job, &c, line, len, line_number, (uint64_t)(p - base) - job->offset,
		              &progress) != 0)
			break;
	}
	/* The rest of the fingerprint, when the range was read to its end
	 * (else the file fails, and its fingerprint is not used). */
	if (job->fp != NULL && p >= end)
		bwx_fingerprint_add(job->fp, hashed, (size_t)(end - hashed));
	job->lines = line_number;
	atomic_fetch_add(job->bytes_done, job->length - progress.bytes);
	atomic_fetch_add(job->finished, 1);
	return NULL;
}

/* Split [0, size) into 'count' ranges that start at line starts. */
static int split_ranges(const char *path, uint64_t size, int count, uint64_t *starts)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		return bw_error_set(BW_EIO, "%s: %s", path, strerror(errno));
	starts[0] = 0;
	for (int i = 1; i < count; i++) {
		uint64_t at = size * (uint64_t)i / (uint64_t)count;
		if (at < starts[i - 1])
			at = starts[i - 1];
		if (fseeko(in, (off_t)at, SEEK_SET) != 0) {
			fclose(in);
			return bw_error_set(BW_EIO, "%s: cannot seek: %s", path, strerror(errno));
		}
		int ch;
		/* The range starts after the newline that ends the line holding 'at'. */
		if (at > 0) {
			if (fseeko(in, (off_t)(at - 1), SEEK_SET) != 0) {
				fclose(in);
				return bw_error_set(BW_EIO, "%s: cannot seek: %s", path,
				                    strerror(errno));
			}
			at--;
			while ((ch = getc(in)) != EOF && ch != '\n')
				at++;
			at++;
		}
		starts[i] = at > size ? size : at;
	}
	starts[count] = size;
	fclose(in);
	return 0;
}

/* The thread count for a file: the option, else the machine's cores. */
int bw_ingest__thread_count(const bw_ingest_options *options)
{
	long n = options->threads > 0 ? options->threads : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (int)n;
}

/*
 * A plain JSONL file of 'size' bytes read in 'count' ranges at once, into
 * 'merged'; the fingerprint is taken here, over the whole file in order, so
 * it is the one a single thread would take. Bad lines: the same limit as
 * one thread (options->max_errors over the whole file); the message names
 * the first bad line of the file.
 */
int bw_ingest__parallel_read(const char *path, uint64_t size, int count, bw_ingest_format format,
                             const reader *rd, const bwx_jsonscan *scan,
                             const bw_ingest_options *options, sink *merged, bw_ingest_result *out)
{
	uint64_t starts[THREADS_MAX + 1];
	range_job *jobs = calloc((size_t)count, sizeof(*jobs));
	pthread_t threads[THREADS_MAX];
	_Atomic uint64_t bytes_done = 0;
	_Atomic int64_t requests_done = 0;
	_Atomic int finished = 0;
	int started = 0, error = 0;
	bwx_stream *whole = NULL;
	char *buf = NULL;
	bwx_fingerprint *alone_fp = NULL;

	if (jobs == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	/* The file mapped once, for every range and the fingerprint; when it
	 * cannot be (or its size is not the one it was opened with), the
	 * ranges are streamed, and one thread leaves the file to the caller's
	 * stream. The descriptor stays open for the size checks (check_size). */
	const char *map = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		struct stat st;
		if (size > 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (uint64_t)st.st_size == size) {
			void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (m != MAP_FAILED) {
				map = m;
				(void)madvise(m, (size_t)size, MADV_SEQUENTIAL);
			}
		}
	}
	if (count == 1 && map == NULL) {
		error = 1; /* the caller streams it */
		goto done;
	}
	if (count == 1) {
		/* One thread: the whole file read here, with no other thread,
		 * fingerprinted as it goes (read_mapped). */
		if ((alone_fp = bwx_fingerprint_new()) == NULL) {
			error = bw_error_set(BW_ERROR, "out of memory");
			goto done;
		}
		starts[0] = 0;
		starts[1] = size;
	} else if ((error = split_ranges(path, size, count, starts)) < 0) {
		goto done;
	}
	for (int i = 0; i < count; i++) {
		range_job *j = &jobs[i];
		j->path = path;
		j->offset = starts[i];
		j->length = starts[i + 1] - starts[i];
		j->format = format;
		j->rd = rd;
		j->scan = scan;
		j->options = options;
		j->bytes_done = &bytes_done;
		j->requests_done = &requests_done;
		j->finished = &finished;
		j->sk.options = options;
		j->sk.why = j->why;
		j->sk.why_size = sizeof(j->why);
		j->map = map;
		j->fd = fd;
		j->size = size;
		if (count == 1) {
			j->fp = alone_fp;
			read_mapped(j); /* no thread started: none to join */
			break;
		}
		if (pthread_create(&threads[i], NULL, map ? read_mapped : read_range, j) != 0) {
			error = bw_error_set(BW_ERROR, "%s: cannot start a thread", path);
			break;
		}
		started++;
	}
	/* Meanwhile, this thread fingerprints the file. */
	if (alone_fp != NULL) {
		char sha[65];
		bwx_fingerprint_end(alone_fp, sha);
		alone_fp = NULL;
		/* Only a file read to its end has a fingerprint (else it fails below). */
		if (jobs[0].fatal == 0 && jobs[0].errors <= options->max_errors)
			memcpy(out->sha256_hex, sha, sizeof(sha));
	} else if (error == 0 && map != NULL) {
		bwx_fingerprint *fp = bwx_fingerprint_new();
		if (fp == NULL) {
			error = bw_error_set(BW_ERROR, "out of memory");
		} else {
			uint64_t released = 0;
			for (uint64_t at = 0; at < size; at += FINGERPRINT_STEP) {
				bwx_fingerprint_add(fp, map + at,
				                    (size_t)(size - at < FINGERPRINT_STEP
				                                 ? size - at
				                                 : FINGERPRINT_STEP));
				if (at >= released + RELEASE_STEP)
					release_behind(map, &released, at);
			}
			bwx_fingerprint_end(fp, out->sha256_hex);
		}
	} else if (error == 0 && (error = bwx_stream_open(&whole, path)) == 0) {
		size_t cap = (size_t)1 << 20;
		long n;
		if ((buf = malloc(cap)) == NULL)
			error = bw_error_set(BW_ERROR, "out of memory");
		while (error == 0 && (n = bwx_stream_read(whole, buf, cap)) > 0)
			;
		if (error == 0 && n < 0)
			error = (int)n;
		if (error == 0)
			bwx_stream_fingerprint(whole, out->sha256_hex);
	}
	/* Report while the ranges are read: poll the byte counter. */
	while (options->progress && atomic_load(&finished) < started) {
		struct timespec wait = {0, 200 * 1000000L};
		options->progress(options->progress_context, atomic_load(&bytes_done), size,
		                  atomic_load(&requests_done));
		nanosleep(&wait, NULL);
	}
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (error < 0)
		goto done;
	/* In file order: the first failure, the first bad line, the sums. */
	int64_t line_base = 0, errors = 0;
	for (int i = 0; i < count && error == 0; i++) {
		range_job *j = &jobs[i];
		if (j->fatal < 0) {
			error = bw_error_set(j->fatal, "%s", j->fatal_message);
			break;
		}
		if (j->errors > 0 && errors == 0)
			snprintf(out->first_rejected, sizeof(out->first_rejected), "%s:%lld: %s",
			         path, (long long)(line_base + j->first_bad_line), j->first_bad);
		errors += j->errors;
		out->skipped += j->skipped;
		merged->requests += j->sk.requests;
		for (size_t k = 0; k < j->sk.days.capacity && error == 0; k++) {
			const cell *e = &j->sk.days.slots[k];
			if (e->key != NULL)
				error = bw_ingest__cube_add(&merged->days, e->key, e->key_len,
				                            e->tokens, e->web_search_requests);
		}
		if (error == BW_ERANGE) /* each range's sums fit, the file's do not */
			error = bw_error_set(BW_ERANGE,
			                     "%s: a day's token sum would overflow (more than "
			                     "9.2e18 tokens of one kind in a day)",
			                     path);
		line_base += j->lines;
	}
	out->rejected = errors;
	if (error == 0 && errors > options->max_errors && count == 1)
		error = bw_error_set(
		    BW_EPARSE, "%s:%lld: %s%s", path, (long long)jobs[0].crossing_line,
		    jobs[0].crossing,
		    options->max_errors > 0 ? " (more bad records than --max-errors)" : "");
	else if (error == 0 && errors > options->max_errors)
		error = bw_error_set(
		    BW_EPARSE, "%s%s", out->first_rejected,
		    options->max_errors > 0 ? " (more bad records than --max-errors)" : "");
	if (options->progress)
		options->progress(options->progress_context, size, size, merged->requests);
done:
	for (int i = 0; i < count; i++)
		bw_ingest__cube_free(&jobs[i].sk.days);
	free(jobs);
	if (map != NULL)
		munmap((void *)map, (size_t)size);
	if (fd >= 0)
		close(fd);
	free(buf);
	bwx_stream_close(whole);
	return error;
}

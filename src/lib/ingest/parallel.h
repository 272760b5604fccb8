/*
 * parallel.h (private): one plain JSONL file read by several threads.
 */
#ifndef BANDWISE_INGEST_PARALLEL_H
#define BANDWISE_INGEST_PARALLEL_H

#include "jsonscan.h"
#include "reader.h"
#include "sink.h"

/* Below this a file is streamed by one thread: starting threads (or
 * mapping it) would cost more. */
#define BW_INGEST__PARALLEL_MIN_BYTES ((uint64_t)32 << 20)
#define BW_INGEST__THREADS_MAX        16

/* The thread count for a file: the option, else the machine's cores. */
int bw_ingest__thread_count(const bw_ingest_options *options);

/*
 * A plain JSONL file of 'size' bytes read in 'count' ranges at once, into
 * 'merged'; the fingerprint is taken here, over the whole file in order, so
 * it is the one a single thread would take. Bad lines: the same limit as
 * one thread (options->max_errors over the whole file); the message names
 * the first bad line of the file. The file is mapped in memory (streamed
 * when it cannot be). 'count' 1: the file is read on the calling thread,
 * fingerprinted as it is read, and 1 is returned, with nothing read, when
 * it cannot be mapped (the caller streams it). A file that shrinks while
 * it is read fails with BW_EIO (checked every megabyte; a truncation
 * between two checks still raises SIGBUS: docs/ingest.md).
 */
int bw_ingest__parallel_read(const char *path, uint64_t size, int count, bw_ingest_format format,
                             const reader *rd, const bwx_jsonscan *scan,
                             const bw_ingest_options *options, sink *merged, bw_ingest_result *out);

#endif

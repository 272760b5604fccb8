/*
 * requests.c: request logs (one record per API request) summed per
 * UTC day into the usage cube.
 *
 * A file is streamed line by line (gzip and zstd on the way); each record
 * becomes a usage row for its day and is added into an in-memory table
 * keyed by every cube dimension, so memory grows with the distinct keys,
 * not with the file. Nothing is written until the whole file has been read
 * and fingerprinted; then one transaction stores the day rows. A killed
 * ingest therefore leaves the store as it was, and the same bytes ingested
 * again are recognised and not counted twice.
 *
 * "Input tokens" differ by source (research: llm-ecosystem.md §8): the
 * Messages API's input_tokens excludes cache reads and writes; OTel's
 * gen_ai.usage.input_tokens and LiteLLM's prompt_tokens include them.
 * Every reader turns its source's counts into the cube's uncached input.
 *
 * This file is the driver: it opens the file, picks one thread or several
 * (parallel.c), reads CSV records through bwx_csv, hands each record to
 * its reader (jsonl.c, csvlog.c) and the rows to the sink (sink.c).
 */
#include "requests.h"

#include "bandwise/error.h"
#include "csv.h"
#include "csvlog.h"
#include "format.h"
#include "jsonl.h"
#include "parallel.h"
#include "sink.h"
#include "stream.h"
#include "timestamp.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bw_ingest__requests_ingest(bw_store *store, const char *path, bwx_stream *stream,
                               bw_ingest_format format, const bw_ingest_options *options,
                               bw_ingest_result *out)
{
	static const bw_ingest_options defaults = BW_INGEST_OPTIONS_INIT;
	bwx_csv *records = NULL;
	FILE *reject = NULL;
	char why[400] = "";
	reader rd;
	sink sk;
	char *line;
	size_t len, bad_at = 0;
	int64_t errors = 0, record_line = 0;
	bwx_jsonscan *scan = NULL;
	uint64_t next_progress = PROGRESS_EVERY;
	int error = 0, got;

	if (options == NULL)
		options = &defaults;
	memset(&rd, 0, sizeof(rd));
	memset(&sk, 0, sizeof(sk));
	rd.options = options;
	sk.options = options;
	sk.why = why;
	sk.why_size = sizeof(why);
	snprintf(out->format, sizeof(out->format), "%s", bw_ingest_format_name(format));
	if (bw_ingest__format_row_of(format)->needs_model && options->model == NULL)
		return bw_error_set(BW_EUSAGE,
		                    "%s: the %s format carries no model: say which with --model",
		                    path, bw_ingest_format_name(format));
	if (format == BW_INGEST_MOONCAKE) {
		if (options->start == NULL ||
		    bw_ingest__time_parse(options->start, &rd.start_epoch) < 0)
			return bw_error_set(
			    BW_EUSAGE,
			    "%s: Mooncake timestamps are offsets: give --start with the UTC "
			    "time of offset 0 (YYYY-MM-DD or RFC 3339)",
			    path);
	}
	if (format == BW_INGEST_MESSAGES) {
		if ((scan = bw_ingest__jsonl_scan_new(options->tag)) == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
	}
	jsonl_context lines = {.format = format, .rd = &rd, .sk = &sk, .scan = scan};
	if (options->reject_path != NULL && (reject = fopen(options->reject_path, "w")) == NULL) {
		error = bw_error_set(BW_EIO, "%s: cannot write: %s", options->reject_path,
		                     strerror(errno));
		goto done;
	}
	int csv = bw_ingest__format_row_of(format)->kind == BW_INGEST__KIND_CSV;
	int header_done = !csv;
	/* A large plain JSONL file is mapped and read in ranges by several
	 * threads (lines are independent; CSV records may span lines,
	 * compressed files do not seek); on one thread it is mapped too, the
	 * kernel's copy through read(2) saved (bench/ingest/PROFILE.md). The
	 * reject file wants lines in order: one thread and the stream then, as
	 * when the file cannot be mapped. */
	int threads = bw_ingest__thread_count(options);
	if (!csv && reject == NULL &&
	    bwx_stream_raw_size(stream) >= BW_INGEST__PARALLEL_MIN_BYTES &&
	    bwx_stream_is_plain(stream)) {
		if ((error = bw_ingest__parallel_read(path, bwx_stream_raw_size(stream), threads,
		                                      format, &rd, scan, options, &sk, out)) < 0)
			goto done;
		if (error == 0) {
			errors = out->rejected;
			goto stored;
		}
		error = 0; /* one thread, not mapped: the stream below */
	}
	/* CSV records may span lines (a quoted field holding a line break):
	 * bwx_csv gathers them; a '#' line is a comment, never joined. */
	if (csv && (error = bwx_csv_open(&records, stream, path, BWX_CSV_COMMENTS)) < 0)
		goto done;
	while ((got = csv ? bwx_csv_record(records, &line, &len)
	                  : bwx_stream_line(stream, &line, &len)) == 1) {
		record r; /* CSV's (a JSON line fills one of its own) */
		why[0] = '\0';
		record_line = csv ? bwx_csv_line_number(records) : bwx_stream_line_number(stream);
		if (options->progress && bwx_stream_raw_offset(stream) >= next_progress) {
			options->progress(options->progress_context, bwx_stream_raw_offset(stream),
			                  bwx_stream_raw_size(stream), sk.requests);
			next_progress = bwx_stream_raw_offset(stream) + PROGRESS_EVERY;
		}
		if (len == 0 || (line[0] == '#' && csv))
			continue;
		if (!header_done) {
			if (bw_ingest__csv_read_header(&rd, format, line, why, sizeof(why)) < 0) {
				error = bw_error_set(BW_EPARSE, "%s:%lld: %s", path,
				                     (long long)record_line, why);
				goto done;
			}
			header_done = 1;
			if (reject)
				fprintf(reject, "%s\n", line);
			continue;
		}
		if (csv && !bwx_utf8_valid(line, len, &bad_at)) {
			snprintf(why, sizeof(why), "byte %zu of the record: not valid UTF-8",
			         bad_at + 1);
			got = -1;
			if (reject)
				fprintf(reject, "%s\n", line);
		} else if (csv) {
			char *fields[CSV_MAX_FIELDS];
			bw_ingest__record_reset(&r);
			int n = bw_ingest__csv_split(line, fields, CSV_MAX_FIELDS);
			/* bw_ingest__csv_split cut the line; the reject file wants it whole. */
			got = n < 0 ? -1
			            : bw_ingest__csv_read_record(&rd, format, fields, n, &r, why,
			                                         sizeof(why));
			if (n < 0)
				snprintf(why, sizeof(why), "an unclosed quote");
			if (got < 0 && reject) {
				/* Rebuild the record from its fields. */
				for (int i = 0; i < n; i++) {
					fputc('"', reject);
					for (const char *p = fields[i]; *p; p++) {
						if (*p == '"')
							fputc('"', reject);
						fputc(*p, reject);
					}
					fputs(i + 1 < n ? "\"," : "\"\n", reject);
				}
			}
			if (got == 1)
				got = bw_ingest__sink_add(&sk, &r);
			else if (got == 0)
				out->skipped++;
		} else {
			got = bw_ingest__jsonl_line(&lines, line, len, why, sizeof(why),
			                            &out->skipped);
			if (got == -1 && reject)
				fprintf(reject, "%s\n", line);
		}
		if (got == -2) {
			error = BW_ERROR;
			goto done;
		}
		if (got == -1) {
			errors++;
			if (errors == 1)
				snprintf(out->first_rejected, sizeof(out->first_rejected),
				         "%s:%lld: %s", path, (long long)record_line, why);
			if (errors > options->max_errors) {
				error = bw_error_set(BW_EPARSE, "%s:%lld: %s%s", path,
				                     (long long)record_line, why,
				                     options->max_errors > 0
				                         ? " (more bad records than --max-errors)"
				                         : "");
				goto done;
			}
		}
	}
	if (got < 0) {
		error = got;
		goto done;
	}
	if (!header_done) {
		error = bw_error_set(BW_EPARSE,
		                     "%s:1: expected a CSV header line, found an empty file", path);
		goto done;
	}
	if (options->progress)
		options->progress(options->progress_context, bwx_stream_raw_offset(stream),
		                  bwx_stream_raw_size(stream), sk.requests);
	bwx_stream_fingerprint(stream, out->sha256_hex);
stored:
	out->rejected = errors;
	error = bw_ingest__sink_store(store, path, &sk, NULL, NULL, NULL, out);
done:
	if (reject && fclose(reject) != 0 && error == 0)
		error = bw_error_set(BW_EIO, "%s: cannot write: %s", options->reject_path,
		                     strerror(errno));
	bwx_csv_close(records);
	free(rd.header_copy);
	bw_ingest__cube_free(&sk.days);
	bwx_jsonscan_free(scan);
	return error;
}

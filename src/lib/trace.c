/*
 * trace.c: request traces and the Mooncake JSONL reader.
 */
#include "bandwise/trace.h"

#include "bandwise/error.h"
#include "fileio.h"
#include "vec.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bw_trace *bw_trace_new(void)
{
	return calloc(1, sizeof(bw_trace));
}

void bw_trace_free(bw_trace *trace)
{
	if (trace == NULL)
		return;
	free(trace->requests);
	free(trace->hashes);
	free(trace);
}

int bw_trace_add(bw_trace *trace, int64_t time_ms, int64_t input_tokens, int64_t output_tokens,
                 const uint64_t *hashes, uint32_t hash_count)
{
	size_t hash_need;
	int error;
	if ((error = bwx_vec_grow((void **)&trace->requests, &trace->request_capacity, trace->count,
	                          sizeof(*trace->requests))) < 0)
		return error;
	if (!bwx_size_add(trace->hash_count, hash_count, &hash_need))
		return bw_error_set(BW_ERANGE, "too many block hashes for the trace");
	if ((error = bwx_vec_reserve((void **)&trace->hashes, &trace->hash_capacity, hash_need,
	                             sizeof(*trace->hashes))) < 0)
		return error;
	bw_trace_request *r = &trace->requests[trace->count++];
	r->time_ms = time_ms;
	r->input_tokens = input_tokens;
	r->output_tokens = output_tokens;
	r->hash_offset = trace->hash_count;
	r->hash_count = hash_count;
	if (hash_count)
		memcpy(trace->hashes + trace->hash_count, hashes, hash_count * sizeof(*hashes));
	trace->hash_count += hash_count;
	return 0;
}

static int field_error(const char *path, int line, const char *field, const char *expected)
{
	return bw_error_set(BW_EPARSE, "%s:%d:1: %s: expected %s", path, line, field, expected);
}

int bw_trace_read_mooncake(bw_trace **out, const char *path)
{
	char *text = NULL, *line, *next;
	size_t len;
	bw_trace *trace = NULL;
	uint64_t *hashes = NULL;
	size_t hash_room = 0;
	int error, line_no = 0;
	int64_t last_time = INT64_MIN;

	*out = NULL;
	if ((error = bwx_file_read(path, &text, &len)) < 0)
		return error;
	if ((trace = bw_trace_new()) == NULL) {
		error = bw_error_set(BW_ERROR, "out of memory");
		goto done;
	}
	for (line = text; line && *line; line = next) {
		json_error_t jerr;
		json_t *row;
		next = strchr(line, '\n');
		size_t n = next ? (size_t)(next - line) : strlen(line);
		if (next)
			next++;
		line_no++;
		if (strspn(line, " \t\r") >= n)
			continue;
		if ((row = json_loadb(line, n, 0, &jerr)) == NULL) {
			error = bw_error_set(BW_EPARSE, "%s:%d:%d: invalid JSON: %s", path, line_no,
			                     jerr.column, jerr.text);
			goto done;
		}
		json_t *t = json_object_get(row, "timestamp"),
		       *in = json_object_get(row, "input_length");
		json_t *outl = json_object_get(row, "output_length"),
		       *ids = json_object_get(row, "hash_ids");
		if (!json_is_integer(t) || json_integer_value(t) < 0)
			error = field_error(path, line_no, "timestamp",
			                    "milliseconds, a whole number >= 0");
		else if (json_integer_value(t) < last_time)
			error = field_error(path, line_no, "timestamp",
			                    "times in order (a trace is replayed as written)");
		else if (!json_is_integer(in) || json_integer_value(in) < 0)
			error = field_error(path, line_no, "input_length",
			                    "a whole number of tokens >= 0");
		else if (outl != NULL && (!json_is_integer(outl) || json_integer_value(outl) < 0))
			error = field_error(path, line_no, "output_length",
			                    "a whole number of tokens >= 0");
		else if (!json_is_array(ids))
			error = field_error(path, line_no, "hash_ids",
			                    "an array of block hashes (whole numbers)");
		if (error == 0)
			error = bwx_vec_reserve((void **)&hashes, &hash_room, json_array_size(ids),
			                        sizeof(*hashes));
		for (size_t i = 0; error == 0 && i < json_array_size(ids); i++) {
			json_t *h = json_array_get(ids, i);
			if (!json_is_integer(h) || json_integer_value(h) < 0)
				error =
				    field_error(path, line_no, "hash_ids", "whole numbers >= 0");
			else
				hashes[i] = (uint64_t)json_integer_value(h);
		}
		if (error == 0) {
			last_time = json_integer_value(t);
			error = bw_trace_add(trace, last_time, json_integer_value(in),
			                     outl ? json_integer_value(outl) : 0, hashes,
			                     (uint32_t)json_array_size(ids));
		}
		json_decref(row);
		if (error < 0)
			goto done;
	}
	*out = trace;
	trace = NULL;
done:
	free(hashes);
	free(text);
	bw_trace_free(trace);
	return error;
}

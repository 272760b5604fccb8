/*
 * detect.c: which format a file holds, told from its first line.
 */
#include "detect.h"

#include "bandwise/error.h"
#include "jsonget.h"
#include "stream.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

int bw_ingest__detect(const char *path, const bw_ingest_options *options, bw_ingest_format *out)
{
	bwx_stream *stream = NULL;
	char *line;
	size_t len;
	int got, error;

	*out = BW_INGEST_AUTO;
	if ((error = bwx_stream_open(&stream, path)) < 0)
		return error;
	while ((got = bwx_stream_line(stream, &line, &len)) == 1) {
		while (len > 0 && isspace((unsigned char)*line)) {
			line++;
			len--;
		}
		if (len > 0)
			break;
	}
	if (got < 0 || got == 0) {
		bwx_stream_close(stream);
		/* Empty or unreadable: the report reader says what it expected. */
		return got < 0 ? got : 0;
	}
	if (line[0] == '{') {
		json_t *obj = json_loadb(line, len, 0, NULL);
		if (obj != NULL) {
			if (json_object_get(obj, "resourceSpans") ||
			    json_object_get(obj, "attributes"))
				*out = BW_INGEST_OTEL;
			else if (json_object_get(obj, "hash_ids") ||
			         json_object_get(obj, "input_length"))
				*out = BW_INGEST_MOONCAKE;
			else if (json_object_get(obj, "usage") ||
			         bw_ingest__jpath(obj, "response.usage"))
				*out = BW_INGEST_MESSAGES;
		}
		json_decref(obj); /* anything else: an Admin API report */
	} else if (line[0] != '[') {
		if (strstr(line, "ContextTokens") && strstr(line, "GeneratedTokens"))
			*out = BW_INGEST_AZURE_CSV;
		else if (strstr(line, "prompt_tokens") && strstr(line, "startTime"))
			*out = BW_INGEST_LITELLM_CSV;
		else if (strstr(line, "ChargePeriodStart") && strstr(line, "ConsumedQuantity"))
			*out = BW_INGEST_FOCUS_CSV;
		else if (options != NULL && options->columns != NULL)
			*out = BW_INGEST_CSV;
		else {
			bwx_stream_close(stream);
			return bw_error_set(
			    BW_EPARSE,
			    "%s:1: cannot tell the format: expected JSON (an Admin API report or "
			    "request logs) or a CSV header (Azure trace, LiteLLM SpendLogs); for "
			    "another CSV give --format csv --columns ...",
			    path);
		}
	}
	bwx_stream_close(stream);
	return 0;
}

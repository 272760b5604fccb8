/*
 * detect.c: which format a file holds, told from its first line.
 */
#include "detect.h"

#include "bandwise/error.h"
#include "jsonget.h"
#include "stream.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int bw_ingest__detect(bwx_stream *stream, const char *path, const bw_ingest_options *options,
                      bw_ingest_format *out)
{
	const char *line;
	size_t len;
	int got;

	*out = BW_INGEST_AUTO;
	if ((got = bwx_stream_peek_line(stream, &line, &len)) <= 0)
		return got; /* empty or unreadable: the report reader says what it expected */
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
		return 0;
	}
	if (line[0] == '[')
		return 0;
	/* A CSV header: the peeked line is not NUL-terminated. */
	char *header = strndup(line, len);
	if (header == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	if (strstr(header, "ContextTokens") && strstr(header, "GeneratedTokens"))
		*out = BW_INGEST_AZURE_CSV;
	else if (strstr(header, "prompt_tokens") && strstr(header, "startTime"))
		*out = BW_INGEST_LITELLM_CSV;
	else if (strstr(header, "ChargePeriodStart") && strstr(header, "ConsumedQuantity"))
		*out = BW_INGEST_FOCUS_CSV;
	else if (options != NULL && options->columns != NULL)
		*out = BW_INGEST_CSV;
	free(header);
	if (*out == BW_INGEST_AUTO)
		return bw_error_set(
		    BW_EPARSE,
		    "%s:1: cannot tell the format: expected JSON (an Admin API report or "
		    "request logs) or a CSV header (Azure trace, LiteLLM SpendLogs); for "
		    "another CSV give --format csv --columns ...",
		    path);
	return 0;
}

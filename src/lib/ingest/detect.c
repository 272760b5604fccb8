/*
 * detect.c: which format a file holds, told from its first line.
 */
#include "detect.h"

#include "bandwise/error.h"
#include "jsonscan.h"
#include "stream.h"

#include <ctype.h>
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
		/* Only the keys are looked at: the scanner reads them without
		 * building a tree, and a one-line Admin API report of many
		 * megabytes is then not parsed twice (jansson took a tenth of
		 * the demo's time here). Text that is not JSON is left to the
		 * report reader, which says where it stops being JSON. */
		static const char *const keys[] = {
		    "resourceSpans", "attributes",     "hash_ids", "input_length",
		    "usage",         "response.usage", NULL};
		bwx_js_value values[6];
		size_t error_offset = 0;
		bwx_jsonscan *scan = bwx_jsonscan_new(keys);
		if (scan == NULL)
			return bw_error_set(BW_ERROR, "out of memory");
		memset(values, 0, sizeof(values));
		if (bwx_jsonscan_run(scan, line, len, values, &error_offset) == 0) {
			if (values[0].type != BWX_JS_ABSENT || values[1].type != BWX_JS_ABSENT)
				*out = BW_INGEST_OTEL;
			else if (values[2].type != BWX_JS_ABSENT || values[3].type != BWX_JS_ABSENT)
				*out = BW_INGEST_MOONCAKE;
			else if (values[4].type != BWX_JS_ABSENT || values[5].type != BWX_JS_ABSENT)
				*out = BW_INGEST_MESSAGES;
		}
		bwx_jsonscan_free(scan); /* anything else: an Admin API report */
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

/*
 * fuzz_requests.c: the request-log readers (Messages JSONL, OTel spans,
 * Mooncake, Azure, LiteLLM, generic and FOCUS CSV) through the whole
 * streaming ingest path into an in-memory store. The readers stream from
 * files, so the input is written to a temporary file first.
 * The first byte picks the format (and, in its high bits, --max-errors).
 */
#include "bandwise.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const bw_ingest_format formats[] = {
	    BW_INGEST_MESSAGES,    BW_INGEST_OTEL, BW_INGEST_MOONCAKE,  BW_INGEST_AZURE_CSV,
	    BW_INGEST_LITELLM_CSV, BW_INGEST_CSV,  BW_INGEST_FOCUS_CSV, BW_INGEST_AUTO};
	static char path[64];
	bw_store *store = NULL;
	bw_ingest_result result;
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;

	if (size < 1)
		return 0;
	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/bandwise-fuzz-XXXXXX");
		int fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	FILE *out = fopen(path, "wb");
	if (out == NULL)
		abort();
	fwrite(data + 1, 1, size - 1, out);
	fclose(out);
	options.model = "claude-haiku-4-5";
	options.start = "2026-01-01";
	options.columns = "time=t,input=i,output=o,model=m,cache_read=r,cache_write_1h=h";
	options.max_errors = (data[0] >> 3) % 3;
	/* A fresh store each time: the same rows must not pile up across inputs. */
	if (bw_store_open(&store, ":memory:", BW_STORE_CREATE) < 0)
		return 0;
	bw_ingest_file_with(store, path, formats[data[0] % 8], &options, &result);
	bw_store_close(store);
	return 0;
}

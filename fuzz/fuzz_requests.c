/*
 * fuzz_requests.c: the request-log readers (Messages JSONL, OTel spans,
 * Mooncake, Azure, LiteLLM, generic and FOCUS CSV) through the whole
 * streaming ingest path into an in-memory store. The readers stream from
 * files, so the input is written to a temporary file first.
 * The first byte picks the format (and, in its high bits, --max-errors).
 *
 * Fast on purpose (issue #12: 80 executions a second found nothing): the
 * store and the temporary file are set up once per process, not once per
 * input. The store is opened afresh every FUZZ_STORE_INPUTS inputs, so
 * that rows do not pile up without bound; between two reopenings an input
 * seen before is "already ingested", which is a path worth running too.
 */
#include "fuzz_common.h"

#include "bandwise.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define FUZZ_STORE_INPUTS 256

static bw_store *store;
static unsigned inputs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const bw_ingest_format formats[] = {
	    BW_INGEST_MESSAGES,    BW_INGEST_OTEL, BW_INGEST_MOONCAKE,  BW_INGEST_AZURE_CSV,
	    BW_INGEST_LITELLM_CSV, BW_INGEST_CSV,  BW_INGEST_FOCUS_CSV, BW_INGEST_AUTO};
	bw_ingest_result result;
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;

	if (size < 1)
		return 0;
	if (store == NULL || inputs++ % FUZZ_STORE_INPUTS == 0) {
		bw_store_close(store);
		store = NULL;
		if (bw_store_open(&store, ":memory:", BW_STORE_CREATE) < 0)
			abort();
	}
	const char *path = fuzz_file(data + 1, size - 1);
	options.model = "claude-haiku-4-5";
	options.start = "2026-01-01";
	options.columns = "time=t,input=i,output=o,model=m,cache_read=r,cache_write_1h=h";
	options.max_errors = (data[0] >> 3) % 3;
	bw_ingest_file_with(store, path, formats[data[0] % 8], &options, &result);
	return 0;
}

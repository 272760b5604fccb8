/*
 * fuzz_ingest.c: the Admin API readers (usage and cost reports, pages in
 * any shape) through the whole ingest path into an in-memory store.
 * The first byte picks the format: auto, usage-report or cost-report.
 */
#include "bandwise.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bw_store *store;
	bw_ingest_result result;

	if (size < 1)
		return 0;
	if (store == NULL && bw_store_open(&store, ":memory:", BW_STORE_CREATE) < 0)
		return 0;
	bw_ingest_buffer(store, "fuzz.json", (const char *)data + 1, size - 1,
	                 (bw_ingest_format)(data[0] % 3), &result);
	return 0;
}

/*
 * fuzz_csv.c: the CSV readers: util's record reader and splitter (quotes,
 * records over several lines, comments), then the request-log CSV readers
 * (Azure, LiteLLM, generic with a column map, FOCUS) on the same bytes
 * into an in-memory store. The first byte picks the reader.
 * Set-up once per process (fuzz_common.h); the store is reopened every
 * FUZZ_STORE_INPUTS inputs so rows do not pile up.
 */
#include "fuzz_common.h"

#include "bandwise.h"
#include "csv.h"

#define FUZZ_STORE_INPUTS 256

static bw_store *store;
static unsigned inputs;

/* Every record of the file through bwx_csv_record and bwx_csv_split. */
static void records(const char *path, int flags)
{
	bwx_stream *stream = NULL;
	bwx_csv *csv = NULL;
	bwx_csv_fields fields = BWX_CSV_FIELDS_INIT;
	char *text;
	size_t len;

	if (bwx_stream_open(&stream, path) < 0)
		return;
	if (bwx_csv_open(&csv, stream, path, flags) == 0)
		while (bwx_csv_record(csv, &text, &len) == 1)
			(void)bwx_csv_split(text, &fields);
	bwx_csv_fields_clear(&fields);
	bwx_csv_close(csv);
	bwx_stream_close(stream);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const bw_ingest_format formats[] = {BW_INGEST_AZURE_CSV, BW_INGEST_LITELLM_CSV,
	                                           BW_INGEST_CSV, BW_INGEST_FOCUS_CSV};
	bw_ingest_options options = BW_INGEST_OPTIONS_INIT;
	bw_ingest_result result;

	if (size < 1)
		return 0;
	if (store == NULL || inputs++ % FUZZ_STORE_INPUTS == 0) {
		bw_store_close(store);
		store = NULL;
		if (bw_store_open(&store, ":memory:", BW_STORE_CREATE) < 0)
			abort();
	}
	const char *path = fuzz_file(data + 1, size - 1);
	records(path, (data[0] >> 2) & 1 ? BWX_CSV_COMMENTS : 0);
	options.model = "claude-haiku-4-5";
	options.columns = "time=t,input=i,output=o,model=m,cache_read=r,cache_write_1h=h";
	options.max_errors = (data[0] >> 3) % 3;
	bw_ingest_file_with(store, path, formats[data[0] % 4], &options, &result);
	return 0;
}

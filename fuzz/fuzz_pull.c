/*
 * fuzz_pull.c: what `pull` reads from a server's answer, without the
 * network: the next_page cursor, the check that the answer does not hold
 * the admin key, the key's masking in a message quoting it, the
 * retry-after header, and the page itself into an in-memory store.
 * The first byte picks the report (usage or cost).
 */
#include "bandwise.h"
#include "pull_guard.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_STORE_INPUTS 256
static const char key[] = "sk-ant-admin01-FUZZONLY-0123456789abcdef";
static bw_store *store;
static unsigned inputs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char cursor[1024], where[256], message[512];
	bw_ingest_result result;

	if (size < 1)
		return 0;
	if (store == NULL || inputs++ % FUZZ_STORE_INPUTS == 0) {
		bw_store_close(store);
		store = NULL;
		if (bw_store_open(&store, ":memory:", BW_STORE_CREATE) < 0)
			abort();
	}
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	bw_ingest__pull_next_page(body, len, "fuzz page", cursor, sizeof(cursor));
	bw_ingest__pull_holds_key(body, len, key, where, sizeof(where));
	/* The answer as text: a message quoting it, a header's value. */
	size_t n = len < sizeof(message) - 1 ? len : sizeof(message) - 1;
	memcpy(message, body, n);
	message[n] = '\0';
	bw_ingest__redact(message, key);
	bw_ingest__retry_after_ms(message, (time_t)1764000000, 60000);
	bw_ingest_buffer(store, "fuzz-page.json", body, len,
	                 data[0] & 1 ? BW_INGEST_COST_REPORT : BW_INGEST_USAGE_REPORT, &result);
	return 0;
}

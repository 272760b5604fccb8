/*
 * fuzz_catalog.c: the price catalog reader, and pricing a row with any
 * catalog it accepts.
 */
#include "bandwise.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bw_catalog *catalog = NULL;
	if (bw_catalog_load_buffer(&catalog, (const char *)data, size, "fuzz.json") == 0) {
		bw_usage_row row;
		bw_price_breakdown price;
		memset(&row, 0, sizeof(row));
		strcpy(row.bucket_start, "2026-01-01T00:00:00Z");
		for (size_t i = 0; i < bw_catalog_model_count(catalog); i++) {
			snprintf(row.model, sizeof(row.model), "%s",
			         bw_catalog_model_id(catalog, i));
			row.tokens[BW_TOKEN_OUTPUT] = 1000;
			bw_catalog_price_row(catalog, &row, &price);
		}
	}
	bw_catalog_free(catalog);
	return 0;
}

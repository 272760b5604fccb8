/*
 * fuzz_config.c: the user's configuration files: band tables, deal files
 * and optimization policies. The first byte picks the reader.
 */
#include "bandwise.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0: {
		bw_bands *bands = NULL;
		bw_bands_load_buffer(&bands, text, size - 1, "fuzz.json");
		bw_bands_free(bands);
		break;
	}
	case 1: {
		bw_deal_file *deal = NULL;
		bw_deal_file_load_buffer(&deal, text, size - 1, "fuzz.json");
		bw_deal_file_free(deal);
		break;
	}
	default: {
		bw_policy *policy = NULL;
		bw_policy_load_buffer(&policy, text, size - 1, "fuzz.json");
		bw_policy_free(policy);
	}
	}
	return 0;
}

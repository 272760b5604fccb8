/*
 * fuzz_peers.c: the peers CSV (docs/peers.md) read, fitted and an offer
 * placed among the peers.
 */
#include "fuzz_common.h"

#include "bandwise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bw_peers *peers = NULL;
	bw_peers_fit fit;
	bw_peers_placement place;

	if (bw_peers_read_csv(&peers, fuzz_file(data, size)) == 0) {
		if (bw_peers_fit_model(peers, &fit) == 0)
			bw_peers_place(peers, &fit, 1e6, 24, 0.15, &place);
		bw_peers_free(peers);
	}
	return 0;
}

/*
 * fuzz_paths.c: the user's paths CSV (path,month,list_usd) read, and the
 * quantiles every report takes from it.
 */
#include "fuzz_common.h"

#include "bandwise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double probs[3] = {0.1, 0.5, 0.9};
	bw_paths *paths = NULL;
	double q[3];

	if (bw_paths_read_csv(&paths, fuzz_file(data, size)) == 0) {
		for (int m = 0; m < paths->months; m++) {
			bw_paths_month_quantiles(paths, m, probs, 3, q);
			(void)bw_paths_month_mean(paths, m);
		}
		bw_paths_total_quantiles(paths, paths->months, probs, 3, q, NULL);
		bw_paths_free(paths);
	}
	return 0;
}

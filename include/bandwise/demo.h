/*
 * bandwise/demo.h: the bundled sample company.
 *
 * A deterministic generator of a realistic Admin API usage report: three
 * workspaces (a support assistant, a coding agent, a batch data pipeline),
 * Opus, Sonnet and Haiku models, prompt caching with both TTLs, batch
 * traffic, some long-context requests and web searches, weekday seasonality,
 * month-level shocks and steady growth. The default options land the next
 * year's list spend a little below the 1M band, so the stretch question is
 * real. Token volumes are calibrated with the catalog (prices stay in the
 * data file), so the same generator stays realistic if prices change.
 */
#ifndef BANDWISE_DEMO_H
#define BANDWISE_DEMO_H

#include "bandwise/catalog.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int months;                  /* whole months of history */
	char first_month[8];         /* "YYYY-MM" */
	double first_month_list_usd; /* list spend of the first month */
	double monthly_growth;       /* 0.06 = +6% a month */
	uint64_t seed;
} bw_demo_options;

#define BW_DEMO_OPTIONS_INIT                                                                       \
	{                                                                                          \
		14, "2025-09", 25800.0, 0.06, 20261124u                                            \
	}

/* The file names bw_demo_write creates, for the caller to free. */
typedef struct {
	char **paths;
	size_t count;
} bw_demo_files;

#define BW_DEMO_FILES_INIT                                                                         \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/*
 * Write the usage report into the existing directory 'dir' as one
 * response page per month, "usage-report-YYYY-MM.json" (daily buckets,
 * grouped by workspace_id, model, service_tier, context_window and
 * inference_geo, paged with has_more/next_page as the API does).
 * 'catalog' prices a request of each stream for calibration.
 * On success 'files' lists the paths written (free with
 * bw_demo_files_dispose). Returns 0, BW_EIO or BW_ERROR.
 */
int bw_demo_write(const char *dir, const bw_demo_options *options, const bw_catalog *catalog,
                  bw_demo_files *files);

void bw_demo_files_dispose(bw_demo_files *files);

#endif

/*
 * traces.h (private): replay traces (Mooncake JSONL) as request records.
 */
#ifndef BANDWISE_INGEST_TRACES_H
#define BANDWISE_INGEST_TRACES_H

#include "cube.h"
#include "reader.h"

#include <jansson.h>

/* One Mooncake line: the time is rd->start_epoch plus its offset, the
 * model options->model. Returns 1, or -1 ('why' says why). */
int bw_ingest__mooncake_read(json_t *obj, const reader *rd, record *r, char *why, size_t why_size);

#endif

/*
 * otel.h (private): OTel spans with gen_ai.* attributes as request records.
 */
#ifndef BANDWISE_INGEST_OTEL_H
#define BANDWISE_INGEST_OTEL_H

#include "cube.h"

#include <jansson.h>

/* An OTLP export line holds many spans; the callback gets each. */
typedef int (*span_fn)(void *context, record *r);

/* One line (an OTLP export or a flat span): each Claude inference span to
 * 'each'; spans of other kinds or vendors count in *skipped. Returns 1, 0
 * (a flat span that is not one), -1 ('why' says why), or each's error. */
int bw_ingest__otel_read(json_t *obj, const char *tag, span_fn each, void *context, char *why,
                         size_t why_size, int64_t *skipped);

#endif

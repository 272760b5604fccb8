/*
 * traces.c: replay traces as request records. Mooncake lines carry an
 * offset in milliseconds and token lengths, no model and no date: the
 * reader takes both from the options (the Azure trace is a CSV: csvlog.c).
 */
#include "traces.h"

#include "jsonget.h"
#include "timestamp.h"

#include <stdio.h>

int bw_ingest__mooncake_read(json_t *obj, const reader *rd, record *r, char *why, size_t why_size)
{
	json_t *ts = json_object_get(obj, "timestamp");
	int64_t in = 0, out = 0;
	if (!json_is_number(ts) ||
	    bw_ingest__jcount(json_object_get(obj, "input_length"), &in) < 0 ||
	    bw_ingest__jcount(json_object_get(obj, "output_length"), &out) < 0) {
		snprintf(why, why_size,
		         "expected \"timestamp\" (milliseconds), \"input_length\" and "
		         "\"output_length\" numbers");
		return -1;
	}
	/* An offset no trace can have (1e20 ms, INT64_MAX) is no time: the
	 * window in the cube refuses it, and the sum below cannot overflow. */
	double offset_s = json_number_value(ts) / 1000.0;
	r->epoch = offset_s > -1e13 && offset_s < 1e13 ? rd->start_epoch + (int64_t)offset_s
	                                               : BW_INGEST__TIME_NONE;
	r->input = in;
	r->output = out;
	snprintf(r->model, sizeof(r->model), "%s", rd->options->model);
	if (rd->options->tag != NULL)
		bw_ingest__jstring_into(bw_ingest__jpath(obj, rd->options->tag), r->tag,
		                        sizeof(r->tag));
	return 1;
}

/*
 * format.c: the table of input formats, and their names.
 *
 * A leaf: the readers and the driver look formats up here, so no reader
 * needs to call back into ingest.c.
 */
#include "format.h"

#include "bandwise/error.h"

#include <string.h>

/* In enum order: the row of format f is rows[f]. */
static const bw_ingest__format_row rows[] = {
    {BW_INGEST_AUTO, "auto", BW_INGEST__KIND_DETECT, 0},
    {BW_INGEST_USAGE_REPORT, "usage-report", BW_INGEST__KIND_REPORT, 0},
    {BW_INGEST_COST_REPORT, "cost-report", BW_INGEST__KIND_REPORT, 0},
    {BW_INGEST_MESSAGES, "messages", BW_INGEST__KIND_JSONL, 0},
    {BW_INGEST_OTEL, "otel", BW_INGEST__KIND_JSONL, 0},
    {BW_INGEST_MOONCAKE, "mooncake", BW_INGEST__KIND_JSONL, 1},
    {BW_INGEST_AZURE_CSV, "azure-csv", BW_INGEST__KIND_CSV, 1},
    {BW_INGEST_LITELLM_CSV, "litellm-csv", BW_INGEST__KIND_CSV, 0},
    {BW_INGEST_CSV, "csv", BW_INGEST__KIND_CSV, 0},
    {BW_INGEST_FOCUS_CSV, "focus-csv", BW_INGEST__KIND_CSV, 0},
};

#define ROW_COUNT (sizeof(rows) / sizeof(rows[0]))

const bw_ingest__format_row *bw_ingest__format_row_of(bw_ingest_format format)
{
	return (unsigned)format < ROW_COUNT ? &rows[format] : NULL;
}

int bw_ingest__format_is_requests(bw_ingest_format format)
{
	const bw_ingest__format_row *row = bw_ingest__format_row_of(format);
	return row != NULL &&
	       (row->kind == BW_INGEST__KIND_JSONL || row->kind == BW_INGEST__KIND_CSV);
}

int bw_ingest_format_parse(const char *name, bw_ingest_format *out)
{
	for (size_t i = 0; i < ROW_COUNT; i++) {
		if (strcmp(name, rows[i].name) == 0) {
			*out = rows[i].format;
			return 0;
		}
	}
	return bw_error_set(
	    BW_EUSAGE,
	    "unknown format '%s': expected auto, usage-report, cost-report, messages, otel, "
	    "mooncake, azure-csv, litellm-csv, csv or focus-csv",
	    name);
}

const char *bw_ingest_format_name(bw_ingest_format format)
{
	const bw_ingest__format_row *row = bw_ingest__format_row_of(format);
	return row != NULL ? row->name : "?";
}

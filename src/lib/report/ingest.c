/*
 * ingest.c: `bandwise ingest` output: one line (text) or one object
 * (JSON) per file read.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"
#include "visible.h"

#include <string.h>

int bw_report_ingest_text(FILE *out, const char *path, const bw_ingest_result *result)
{
	char usage_rows[32], cost_rows[32];

	bwx_format_number(usage_rows, sizeof(usage_rows), (double)result->usage_rows, 0);
	bwx_format_number(cost_rows, sizeof(cost_rows), (double)result->cost_rows, 0);
	if (result->already_ingested)
		fprintf(out, "%s: already ingested (sha256 %.12s), nothing new stored\n",
		        BWX_VISIBLE(path), result->sha256_hex);
	else if (result->requests > 0 || result->rejected > 0 || result->skipped > 0) {
		char requests[32];
		bwx_format_number(requests, sizeof(requests), (double)result->requests, 0);
		/* A FOCUS row is one token type of a model and day, not a request. */
		const char *unit =
		    strcmp(result->format, "focus-csv") == 0 ? "FOCUS row" : "request";
		fprintf(out,
		        "%s: %s, %s %s%s summed into %s usage row%s over %lld day%s (fingerprint "
		        "%.17s)\n",
		        BWX_VISIBLE(path), result->format, requests, unit,
		        result->requests == 1 ? "" : "s", usage_rows,
		        result->usage_rows == 1 ? "" : "s", (long long)result->buckets,
		        result->buckets == 1 ? "" : "s", result->sha256_hex);
		if (result->skipped > 0)
			fprintf(out,
			        "  %lld record%s not Claude usage (other providers, errors, or "
			        "spans without "
			        "token counts): left out\n",
			        (long long)result->skipped, result->skipped == 1 ? " is" : "s are");
		if (result->rejected > 0)
			fprintf(
			    out,
			    "  %lld bad record%s passed over under --max-errors; the first: %s\n",
			    (long long)result->rejected, result->rejected == 1 ? "" : "s",
			    BWX_VISIBLE(result->first_rejected));
	} else
		fprintf(out, "%s: %s, %lld buckets, %s usage rows, %s cost rows (sha256 %.12s)\n",
		        BWX_VISIBLE(path), result->format, (long long)result->buckets, usage_rows,
		        cost_rows, result->sha256_hex);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}

void *bw_report_ingest_json_new(void)
{
	return json_array();
}

int bw_report_ingest_json_add(void *files, const char *path, const bw_ingest_result *result)
{
	json_t *file = json_object();
	json_object_set_new(file, "file", json_string(path));
	json_object_set_new(file, "format", json_string(result->format));
	/* Request logs are fingerprinted with XXH3-128 ("xxh3-..."), reports with SHA-256. */
	int xxh3 = strncmp(result->sha256_hex, "xxh3-", 5) == 0;
	json_object_set_new(file, "sha256", xxh3 ? json_null() : json_string(result->sha256_hex));
	json_object_set_new(file, "fingerprint", json_string(result->sha256_hex));
	json_object_set_new(file, "buckets", json_integer(result->buckets));
	json_object_set_new(file, "usage_rows", json_integer(result->usage_rows));
	json_object_set_new(file, "cost_rows", json_integer(result->cost_rows));
	json_object_set_new(file, "already_ingested", json_boolean(result->already_ingested));
	json_object_set_new(file, "requests", json_integer(result->requests));
	json_object_set_new(file, "skipped", json_integer(result->skipped));
	json_object_set_new(file, "rejected", json_integer(result->rejected));
	json_object_set_new(file, "first_rejected",
	                    result->first_rejected[0] ? json_string(result->first_rejected)
	                                              : json_null());
	return json_array_append_new((json_t *)files, file) == 0
	           ? 0
	           : bw_error_set(BW_ERROR, "out of memory");
}

int bw_report_ingest_json_print(FILE *out, void *files)
{
	json_t *root = json_object();
	json_object_set_new(root, "files", (json_t *)files);
	return bwx_json_print(out, root);
}

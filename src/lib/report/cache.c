/*
 * cache.c: `bandwise optimize --trace` output: the prompt-cache
 * simulation per TTL.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"
#include "visible.h"

int bw_report_cache_json(FILE *out, const bw_cachesim_result *results, const char *const *labels,
                         size_t count, const bw_report_cache_context *ctx)
{
	json_t *root = json_object(), *cache = json_array();

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "trace", json_string(ctx->trace));
	json_object_set_new(root, "model", json_string(ctx->model));
	json_object_set_new(root, "prices_date", json_string(ctx->prices_date));
	json_object_set_new(root, "block_tokens", json_integer(ctx->block_tokens));
	json_object_set_new(root, "min_cacheable_tokens", json_integer(ctx->min_tokens));
	for (size_t i = 0; i < count; i++) {
		const bw_cachesim_result *r = &results[i];
		json_t *row = json_object();
		json_object_set_new(row, "ttl", json_string(labels[i]));
		json_object_set_new(row, "requests", json_integer(r->requests));
		json_object_set_new(row, "cached_requests", json_integer(r->cached_requests));
		json_object_set_new(row, "input_tokens", json_integer(r->input_tokens));
		json_object_set_new(row, "read_tokens", json_integer(r->read_tokens));
		json_object_set_new(row, "write_tokens", json_integer(r->write_tokens));
		json_object_set_new(row, "uncached_tokens", json_integer(r->uncached_tokens));
		json_object_set_new(row, "oracle_write_tokens",
		                    json_integer(r->write_tokens - r->wasted_write_tokens));
		json_object_set_new(row, "hit_ratio", bwx_json_fraction(r->hit_ratio));
		json_object_set_new(row, "input_cost_before_usd",
		                    bwx_json_usd(r->input_cost_before_usd));
		json_object_set_new(row, "input_cost_after_usd",
		                    bwx_json_usd(r->input_cost_after_usd));
		json_object_set_new(row, "oracle_input_cost_after_usd",
		                    bwx_json_usd(r->oracle_input_cost_after_usd));
		json_object_set_new(row, "net_saving_usd", bwx_json_usd(r->net_saving_usd));
		json_object_set_new(row, "saving_per_request_usd",
		                    bwx_json_real(r->saving_per_request_usd, 6));
		json_object_set_new(row, "break_even_reuse", json_integer(r->break_even_reuse));
		json_object_set_new(row, "peak_cached_blocks",
		                    json_integer((json_int_t)r->peak_entries));
		json_array_append_new(cache, row);
	}
	json_object_set_new(root, "cache", cache);
	return bwx_json_print(out, root);
}

int bw_report_cache_text(FILE *out, const bw_cachesim_result *results, const char *const *labels,
                         size_t count, const bw_report_cache_context *ctx, int color)
{
	bwx_table *table = bwx_table_new(10);
	char a[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fprintf(
	    out,
	    "Prompt-cache simulation of %s priced as %s (list prices of %s), %lld-token blocks, "
	    "prompts under %lld tokens not cached.\n\n",
	    BWX_VISIBLE(ctx->trace), BWX_VISIBLE(ctx->model), BWX_VISIBLE(ctx->prices_date),
	    (long long)ctx->block_tokens, (long long)ctx->min_tokens);
	const char *headers[] = {
	    "TTL",       "requests",          "input", "read",           "written",
	    "hit ratio", "input cost before", "after", "after (oracle)", "saving/request"};
	for (int i = 0; i < 10; i++)
		bwx_table_header(table, i, headers[i], i == 0 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
	for (size_t i = 0; i < count; i++) {
		const bw_cachesim_result *r = &results[i];
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s", labels[i]);
		bwx_format_number(a, sizeof(a), (double)r->requests, 0);
		bwx_table_cell(table, 1, "%s", a);
		const double tokens[3] = {(double)r->input_tokens, (double)r->read_tokens,
		                          (double)r->write_tokens};
		for (int k = 0; k < 3; k++) {
			bwx_format_tokens(a, sizeof(a), tokens[k]);
			bwx_table_cell(table, 2 + k, "%s", a);
		}
		bwx_format_percent(a, sizeof(a), r->hit_ratio, 1);
		bwx_table_cell(table, 5, "%s", a);
		const double usd[3] = {r->input_cost_before_usd, r->input_cost_after_usd,
		                       r->oracle_input_cost_after_usd};
		for (int k = 0; k < 3; k++) {
			bwx_format_usd(a, sizeof(a), usd[k]);
			bwx_table_cell(table, 6 + k, "%s", a);
		}
		bwx_table_cell(table, 9, "%s$%.5f", r->saving_per_request_usd < 0 ? "-" : "",
		               r->saving_per_request_usd < 0 ? -r->saving_per_request_usd
		                                             : r->saving_per_request_usd);
	}
	bwx_table_print(table, out, color);
	fprintf(
	    out,
	    "\n\"after\" caches every prompt whole; \"oracle\" writes only the blocks read again "
	    "while alive: better cache breakpoints land between the two.\n");
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s: a written token pays back its write premium after %d read%s.\n",
		        BWX_VISIBLE(labels[i]), results[i].break_even_reuse,
		        results[i].break_even_reuse == 1 ? "" : "s");
done:
	bwx_table_free(table);
	return error;
}

/*
 * catalog_comparison.c: `bandwise catalog import` output: where another
 * catalog (LiteLLM, genai-prices) disagrees with ours.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "table.h"
#include "visible.h"

static const char *format_name(bw_foreign_format f)
{
	return f == BW_FOREIGN_GENAI_PRICES ? "genai-prices" : "litellm";
}

int bw_report_catalog_comparison_json(FILE *out, const bw_catalog_comparison *c, const char *file,
                                      const char *day, const char *catalog_version)
{
	json_t *root = json_object(), *diffs = json_array(), *missing = json_array();
	json_object_set_new(root, "file", json_string(file));
	json_object_set_new(root, "format", json_string(format_name(c->format)));
	json_object_set_new(root, "date", json_string(day));
	json_object_set_new(root, "catalog_version", json_string(catalog_version));
	json_object_set_new(root, "compared_models", json_integer((json_int_t)c->compared));
	json_object_set_new(root, "agreeing_models", json_integer((json_int_t)c->agreeing));
	for (size_t i = 0; i < c->difference_count; i++) {
		const bw_price_difference *d = &c->differences[i];
		json_t *row = json_object();
		json_object_set_new(row, "model", json_string(d->model));
		json_object_set_new(row, "their_id", json_string(d->foreign_id));
		json_object_set_new(row, "price", json_string(d->field));
		json_object_set_new(row, "ours_usd_per_mtok",
		                    d->ours >= 0 ? bwx_json_real(d->ours, 6) : json_null());
		json_object_set_new(row, "theirs_usd_per_mtok",
		                    d->theirs >= 0 ? bwx_json_real(d->theirs, 6) : json_null());
		json_array_append_new(diffs, row);
	}
	json_object_set_new(root, "differences", diffs);
	for (size_t i = 0; i < c->missing_count; i++)
		json_array_append_new(missing, json_string(c->missing[i]));
	json_object_set_new(root, "missing_there", missing);
	return bwx_json_print(out, root);
}

int bw_report_catalog_comparison_text(FILE *out, const bw_catalog_comparison *c, const char *file,
                                      const char *day, const char *catalog_version, int color)
{
	bwx_table *table = bwx_table_new(5);
	char a[32], b[32];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	fprintf(out, "%s (%s) against %s, prices in force on %s:\n", BWX_VISIBLE(file),
	        format_name(c->format), BWX_VISIBLE(catalog_version), BWX_VISIBLE(day));
	fprintf(out,
	        "%zu of our models found there; %zu agree on every price; %zu prices differ; %zu "
	        "of our "
	        "models are not there.\n\n",
	        c->compared, c->agreeing, c->difference_count, c->missing_count);
	if (c->difference_count > 0) {
		const char *headers[] = {"model", "their id", "price", "ours (USD/MTok)",
		                         "theirs (USD/MTok)"};
		for (int i = 0; i < 5; i++)
			bwx_table_header(table, i, headers[i],
			                 i < 3 ? BWX_ALIGN_LEFT : BWX_ALIGN_RIGHT);
		for (size_t i = 0; i < c->difference_count; i++) {
			const bw_price_difference *d = &c->differences[i];
			if ((error = bwx_table_row(table, 0)) < 0)
				goto done;
			bwx_table_cell(table, 0, "%s", d->model);
			bwx_table_cell(table, 1, "%s", d->foreign_id);
			bwx_table_cell(table, 2, "%s", d->field);
			snprintf(a, sizeof(a), d->ours >= 0 ? "%.4g" : "none", d->ours);
			snprintf(b, sizeof(b), d->theirs >= 0 ? "%.4g" : "none", d->theirs);
			bwx_table_cell(table, 3, "%s", a);
			bwx_table_cell(table, 4, "%s", b);
		}
		bwx_table_print(table, out, color);
		fprintf(
		    out,
		    "\nNothing was changed: check each against Anthropic's pricing page and edit "
		    "data/prices/anthropic.json (or pass --prices) if ours is wrong.\n");
	}
	if (c->missing_count > 0) {
		fprintf(out, "\nNot in %s:", BWX_VISIBLE(file));
		for (size_t i = 0; i < c->missing_count; i++)
			fprintf(out, " %s", BWX_VISIBLE(c->missing[i]));
		fputc('\n', out);
	}
done:
	bwx_table_free(table);
	return error;
}

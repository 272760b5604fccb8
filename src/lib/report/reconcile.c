/*
 * reconcile.c: `bandwise reconcile` output: priced usage against the
 * cost report, line by line.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "labels.h"
#include "table.h"

int bw_report_reconcile_json(FILE *out, const bw_reconcile *r, double tolerance)
{
	json_t *root = json_object(), *lines = json_array();
	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "tolerance", bwx_json_fraction(tolerance));
	json_object_set_new(root, "compared", json_integer((json_int_t)r->compared));
	json_object_set_new(root, "matching", json_integer((json_int_t)r->matching));
	json_object_set_new(root, "usage_list_usd", bwx_json_usd(r->usage_list_usd));
	json_object_set_new(root, "cost_usd", bwx_json_usd(r->cost_usd));
	json_object_set_new(root, "no_cost_report", json_boolean(r->no_cost_report));
	json_object_set_new(root, "realized_discount",
	                    bw_report__realized_discount_json(&r->realized, r->deal_discount));
	for (size_t i = 0; i < r->line_count; i++) {
		const bw_reconcile_line *l = &r->lines[i];
		json_t *row = json_object();
		json_object_set_new(row, "day", json_string(l->day));
		json_object_set_new(row, "model", json_string(l->model));
		json_object_set_new(row, "token_type", json_string(l->token_type));
		json_object_set_new(row, "service_tier", json_string(l->service_tier));
		json_object_set_new(row, "context_window", json_string(l->context_window));
		json_object_set_new(row, "usage_list_usd",
		                    l->usage_list_usd >= 0 ? bwx_json_usd(l->usage_list_usd)
		                                           : json_null());
		json_object_set_new(row, "cost_usd",
		                    l->cost_usd >= 0 ? bwx_json_usd(l->cost_usd) : json_null());
		json_object_set_new(row, "cause", json_string(l->cause));
		json_array_append_new(lines, row);
	}
	json_object_set_new(root, "differences", lines);
	return bwx_json_print(out, root);
}

int bw_report_reconcile_text(FILE *out, const bw_reconcile *r, double tolerance, int color)
{
	bwx_table *table = bwx_table_new(6);
	char a[64], b[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_format_usd(a, sizeof(a), r->usage_list_usd);
	bwx_format_usd(b, sizeof(b), r->cost_usd);
	if (r->no_cost_report) {
		fprintf(out,
		        "Usage priced at list %s. No cost report is stored, so there is nothing to "
		        "set it against: ingest the Admin API's cost report for the same days to "
		        "reconcile.%s\n",
		        a,
		        r->line_count > 0 ? " Usage the catalog could not price, meanwhile:" : "");
	} else
		fprintf(out,
		        "Usage priced at list %s against the cost report's %s. %zu of %zu day, "
		        "model and "
		        "token-type "
		        "pairs agree within %.1f%%; %zu %s or %s on one side only.\n",
		        a, b, r->matching, r->compared, tolerance * 100, r->line_count,
		        r->line_count == 1 ? "line differs" : "lines differ",
		        r->line_count == 1 ? "appears" : "appear");
	bw_report__realized_discount_text(out, &r->realized, r->deal_discount);
	if (r->line_count == 0)
		goto done;
	fputc('\n', out);
	const char *headers[] = {"day",           "model",       "token type",
	                         "usage at list", "cost report", "likely cause"};
	for (int i = 0; i < 6; i++)
		bwx_table_header(table, i, headers[i],
		                 i >= 3 && i <= 4 ? BWX_ALIGN_RIGHT : BWX_ALIGN_LEFT);
	for (size_t i = 0; i < r->line_count && i < 60; i++) {
		const bw_reconcile_line *l = &r->lines[i];
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s", l->day);
		bwx_table_cell(table, 1, "%s%s%s", l->model, l->service_tier[0] ? " " : "",
		               l->service_tier);
		bwx_table_cell(table, 2, "%s", l->token_type);
		if (l->usage_list_usd >= 0)
			bwx_format_usd(a, sizeof(a), l->usage_list_usd);
		else
			snprintf(a, sizeof(a), "-");
		if (l->cost_usd >= 0)
			bwx_format_usd(b, sizeof(b), l->cost_usd);
		else
			snprintf(b, sizeof(b), "-");
		bwx_table_cell(table, 3, "%s", a);
		bwx_table_cell(table, 4, "%s", b);
		bwx_table_cell(table, 5, "%s", l->cause);
	}
	bwx_table_print(table, out, color);
	if (r->line_count > 60)
		fprintf(out, "... and %zu more (the JSON output lists them all).\n",
		        r->line_count - 60);
done:
	bwx_table_free(table);
	return error;
}

/*
 * waterfall.c: `bandwise optimize --policy` output: the savings
 * waterfall (list, after routing, after caching, after batch) overall, by
 * model, workspace and tag, and the policy's rules with their reasons.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "labels.h"
#include "table.h"
#include "visible.h"

static json_t *stages_json(const double usd[BW_POLICY_STAGES])
{
	json_t *obj = json_object();
	json_object_set_new(obj, "list_usd", bwx_json_usd(usd[0]));
	json_object_set_new(obj, "after_routing_usd", bwx_json_usd(usd[1]));
	json_object_set_new(obj, "after_caching_usd", bwx_json_usd(usd[2]));
	json_object_set_new(obj, "after_batch_usd", bwx_json_usd(usd[3]));
	json_object_set_new(obj, "saving_usd", bwx_json_usd(usd[0] - usd[3]));
	json_object_set_new(obj, "saving_share", bwx_json_fraction(bw_report__saving_share(usd)));
	return obj;
}

static json_t *rows_json(const bw_waterfall_row *rows, size_t count, const char *key_name)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *row = stages_json(rows[i].usd);
		json_object_set_new(row, key_name, json_string(rows[i].key));
		json_array_append_new(list, row);
	}
	return list;
}

int bw_report_waterfall_json(FILE *out, const bw_waterfall *w, const bw_policy *policy,
                             const char *scope)
{
	json_t *root = json_object(), *rules = json_array(), *ramps = json_object();
	double shares[BW_LEVER_COUNT];

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "policy", json_string(policy->origin));
	json_object_set_new(root, "scope", json_string(scope));
	json_object_set_new(root, "total", stages_json(w->usd));
	bw_waterfall_lever_shares(w, shares);
	json_t *levers = json_object();
	for (int l = 0; l < BW_LEVER_COUNT; l++)
		json_object_set_new(levers, bw_lever_name((bw_lever)l),
		                    bwx_json_fraction(shares[l]));
	json_object_set_new(root, "lever_saving_shares", levers);
	for (int l = 0; l < BW_LEVER_COUNT; l++)
		json_object_set_new(ramps, bw_lever_name((bw_lever)l),
		                    json_integer(policy->ramp_months[l]));
	json_object_set_new(root, "ramp_months", ramps);
	json_object_set_new(root, "by_model", rows_json(w->by_model, w->model_count, "model"));
	json_object_set_new(root, "by_workspace",
	                    rows_json(w->by_workspace, w->workspace_count, "workspace_id"));
	json_object_set_new(root, "by_tag", rows_json(w->by_tag, w->tag_count, "tag"));
	for (size_t i = 0; i < policy->count; i++) {
		const bw_policy_rule *r = &policy->rules[i];
		json_t *rule = json_object();
		json_object_set_new(rule, "lever", json_string(bw_lever_name(r->lever)));
		json_object_set_new(rule, "model", json_string(r->model));
		json_object_set_new(rule, "workspace", json_string(r->workspace));
		json_object_set_new(rule, "api_key", json_string(r->api_key));
		json_object_set_new(rule, "tag", json_string(r->tag));
		json_object_set_new(rule, "reason", json_string(r->reason));
		json_array_append_new(rules, rule);
	}
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "unpriced_tokens", json_integer((json_int_t)w->unpriced_tokens));
	return bwx_json_print(out, root);
}

static int print_rows(FILE *out, const char *title, const bw_waterfall_row *rows, size_t count,
                      int color)
{
	bwx_table *table = bwx_table_new(6);
	char a[64];
	int error = 0;

	if (table == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	bwx_table_header(table, 0, title, BWX_ALIGN_LEFT);
	for (int s = 0; s < BW_POLICY_STAGES; s++)
		bwx_table_header(table, 1 + s, bw_report__stage_name(s), BWX_ALIGN_RIGHT);
	bwx_table_header(table, 5, "saving", BWX_ALIGN_RIGHT);
	for (size_t i = 0; i < count; i++) {
		if ((error = bwx_table_row(table, 0)) < 0)
			goto done;
		bwx_table_cell(table, 0, "%s", rows[i].key[0] ? rows[i].key : "(default)");
		for (int s = 0; s < BW_POLICY_STAGES; s++) {
			bwx_format_usd(a, sizeof(a), rows[i].usd[s]);
			bwx_table_cell(table, 1 + s, "%s", a);
		}
		bwx_format_percent(a, sizeof(a), bw_report__saving_share(rows[i].usd), 1);
		bwx_table_cell(table, 5, "%s", a);
	}
	bwx_table_print(table, out, color);
done:
	bwx_table_free(table);
	return error;
}

int bw_report_waterfall_text(FILE *out, const bw_waterfall *w, const bw_policy *policy,
                             const char *scope, int color)
{
	char a[64], b[64];
	int error;

	fprintf(out, "Savings waterfall of %s over %s:\n\n", BWX_VISIBLE(policy->origin),
	        BWX_VISIBLE(scope));
	for (int s = 0; s < BW_POLICY_STAGES; s++) {
		bwx_format_usd(a, sizeof(a), w->usd[s]);
		if (s == 0) {
			fprintf(out, "  %-14s %14s\n", bw_report__stage_name(s), a);
		} else {
			bwx_format_usd(b, sizeof(b), w->usd[s - 1] - w->usd[s]);
			fprintf(out, "  %-14s %14s   (-%s, %s ramp %d months)\n",
			        bw_report__stage_name(s), a, b, bw_lever_name((bw_lever)(s - 1)),
			        policy->ramp_months[s - 1]);
		}
	}
	bwx_format_usd(a, sizeof(a), w->usd[0] - w->usd[3]);
	bwx_format_percent(b, sizeof(b), bw_report__saving_share(w->usd), 1);
	fprintf(out, "  saving         %14s   (%s of list)\n\n", a, b);
	if ((error = print_rows(out, "by model", w->by_model, w->model_count, color)) < 0)
		return error;
	fputc('\n', out);
	if ((error = print_rows(out, "by workspace", w->by_workspace, w->workspace_count, color)) <
	    0)
		return error;
	if (w->tag_count > 0) {
		fputc('\n', out);
		if ((error = print_rows(out, "by tag", w->by_tag, w->tag_count, color)) < 0)
			return error;
	}
	fprintf(out, "\nRules (routing moves the same tokens to another model: judging quality is "
	             "yours):\n");
	for (size_t i = 0; i < policy->count; i++) {
		const bw_policy_rule *r = &policy->rules[i];
		fprintf(out, "  %-8s %s%s%s%s%s%s%s: %s\n", bw_lever_name(r->lever),
		        BWX_VISIBLE(r->model[0] ? r->model : "any model"),
		        r->workspace[0] ? " in " : "", BWX_VISIBLE(r->workspace),
		        r->api_key[0] ? " key " : "", BWX_VISIBLE(r->api_key),
		        r->tag[0] ? " tagged " : "", BWX_VISIBLE(r->tag), BWX_VISIBLE(r->reason));
	}
	if (w->unpriced_tokens > 0)
		fprintf(out,
		        "warning: %.0f tokens of models the catalog cannot price are left out.\n",
		        w->unpriced_tokens);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}

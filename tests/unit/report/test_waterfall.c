/*
 * test_waterfall.c: `bandwise optimize --policy` output
 * (src/lib/report/waterfall.c): the stages and what each lever saves,
 * the tables by model and workspace, the rules, the JSON keys.
 */
#include "fixture.h"

typedef struct {
	bw_waterfall_row models[2], workspaces[1];
	bw_waterfall w;
	bw_policy_rule rules[1];
	bw_policy policy;
} waterfall_fixture;

/* List 1M down to 600K after routing (-200K), caching (-100K), batch (-100K). */
static void waterfall_fixture_init(waterfall_fixture *f)
{
	memset(f, 0, sizeof(*f));
	const double usd[BW_POLICY_STAGES] = {1000000, 800000, 700000, 600000};
	memcpy(f->w.usd, usd, sizeof(usd));
	snprintf(f->models[0].key, sizeof(f->models[0].key), "claude-opus");
	const double opus[BW_POLICY_STAGES] = {900000, 700000, 620000, 540000};
	memcpy(f->models[0].usd, opus, sizeof(opus));
	snprintf(f->models[1].key, sizeof(f->models[1].key), "claude-haiku");
	const double haiku[BW_POLICY_STAGES] = {100000, 100000, 80000, 60000};
	memcpy(f->models[1].usd, haiku, sizeof(haiku));
	memcpy(f->workspaces[0].usd, usd, sizeof(usd)); /* the default workspace: key "" */
	f->w.by_model = f->models;
	f->w.model_count = 2;
	f->w.by_workspace = f->workspaces;
	f->w.workspace_count = 1;
	f->rules[0].lever = BW_LEVER_ROUTING;
	snprintf(f->rules[0].model, sizeof(f->rules[0].model), "claude-opus");
	snprintf(f->rules[0].reason, sizeof(f->rules[0].reason),
	         "easy prompts go to a smaller model");
	f->policy.rules = f->rules;
	f->policy.count = 1;
	f->policy.ramp_months[BW_LEVER_ROUTING] = 3;
	f->policy.ramp_months[BW_LEVER_CACHING] = 1;
	f->policy.ramp_months[BW_LEVER_BATCH] = 2;
	f->policy.origin = "policy.json";
}

static void test_waterfall__text(void **state)
{
	(void)state;
	waterfall_fixture f;
	waterfall_fixture_init(&f);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_waterfall_text(c.out, &f.w, &f.policy, "all usage", 0), 0);
	char *text = capture_end(&c);
	assert_non_null(strstr(text, "Savings waterfall of policy.json over all usage:\n"));
	assert_non_null(
	    strstr(text, "  after routing        $800,000   (-$200,000, routing ramp 3 months)\n"));
	assert_non_null(
	    strstr(text, "  after batch          $600,000   (-$100,000, batch ramp 2 months)\n"));
	assert_non_null(strstr(text, "(40.0% of list)"));
	/* Stage headers over right-aligned amounts; the default workspace named. */
	assert_int_equal(column_end(text, "by model", "after caching"),
	                 column_end(text, "claude-opus", "$620,000"));
	assert_non_null(strstr(line_with(text, "claude-haiku"), "40.0%"));
	assert_non_null(strstr(text, "(default)"));
	assert_non_null(
	    strstr(text, "  routing  claude-opus: easy prompts go to a smaller model\n"));
	free(text);
}

static void test_waterfall__json_keys(void **state)
{
	(void)state;
	waterfall_fixture f;
	waterfall_fixture_init(&f);
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_waterfall_json(c.out, &f.w, &f.policy, "all usage"), 0);
	char *text = capture_end(&c);
	json_t *root = parse_json(text);
	json_t *total = json_object_get(root, "total");
	assert_near(json_number_value(json_object_get(total, "after_routing_usd")), 800000, 1e-9);
	assert_near(json_number_value(json_object_get(total, "saving_usd")), 400000, 1e-9);
	assert_near(json_number_value(json_object_get(total, "saving_share")), 0.4, 1e-12);
	json_t *levers = json_object_get(root, "lever_saving_shares");
	assert_near(json_number_value(json_object_get(levers, "routing")), 0.2, 1e-12);
	assert_near(json_number_value(json_object_get(levers, "batch")), 0.1, 1e-12);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(root, "ramp_months"), "caching")),
	    1);
	json_t *models = json_object_get(root, "by_model");
	assert_string_equal(json_string_value(json_object_get(json_array_get(models, 1), "model")),
	                    "claude-haiku");
	assert_int_equal(json_array_size(json_object_get(root, "by_tag")), 0);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(root, "rules"), 0), "lever")),
	                    "routing");
	json_decref(root);
	free(text);
}

/* A policy reason, a model or a workspace with terminal controls: rendered
 * visibly in the stages, the tables and the rules. */
static void test_waterfall__text_control_characters_visible(void **state)
{
	(void)state;
	waterfall_fixture f;
	waterfall_fixture_init(&f);
	snprintf(f.rules[0].reason, sizeof(f.rules[0].reason), "cheap\033]0;x\007");
	snprintf(f.rules[0].model, sizeof(f.rules[0].model), "op\033[2Jus");
	snprintf(f.models[0].key, sizeof(f.models[0].key), "claude\033[2J");
	snprintf(f.workspaces[0].key, sizeof(f.workspaces[0].key), "w\233s");
	f.policy.origin = "p\007.json";
	capture c;

	capture_begin(&c);
	assert_int_equal(bw_report_waterfall_text(c.out, &f.w, &f.policy, "all usage", 0), 0);
	char *text = capture_end(&c);
	assert_null(strchr(text, '\033'));
	assert_null(strchr(text, '\007'));
	assert_null(strchr(text, '\233'));
	assert_non_null(strstr(text, "cheap\\x1b]0;x\\x07"));
	assert_non_null(strstr(text, "claude\\x1b[2J"));
	assert_non_null(strstr(text, "w\\x9bs"));
	assert_non_null(strstr(text, "Savings waterfall of p\\x07.json"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_waterfall__text),
	    cmocka_unit_test(test_waterfall__json_keys),
	    cmocka_unit_test(test_waterfall__text_control_characters_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

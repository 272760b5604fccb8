/*
 * test_document.c: the documents of bandwise/document.h: one call from the
 * options to the rendered document, the same bytes as the analysis and the
 * renderer called by hand, and the what-if as plan's "evaluated" object.
 */
#include "test_util.h"

#include <jansson.h>

#include "bandwise.h"

typedef struct {
	char *dir;
	char db[4200];
} fixture;

/* A store holding the demo company's months. */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bw_catalog *catalog = NULL;
	bw_demo_options demo = BW_DEMO_OPTIONS_INIT;
	bw_demo_files files = BW_DEMO_FILES_INIT;
	bw_store *store = NULL;

	f->dir = test_tmpdir();
	snprintf(f->db, sizeof(f->db), "%s/store.db", f->dir);
	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	assert_int_equal(bw_demo_write(f->dir, &demo, catalog, &files), 0);
	assert_int_equal(bw_store_open(&store, f->db, BW_STORE_CREATE), 0);
	for (size_t i = 0; i < files.count; i++) {
		bw_ingest_result ingested;
		assert_int_equal(bw_ingest_file(store, files.paths[i], BW_INGEST_AUTO, &ingested),
		                 0);
	}
	bw_store_close(store);
	bw_demo_files_dispose(&files);
	bw_catalog_free(catalog);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	test_rmdir_tree(f->dir);
	free(f);
	return 0;
}

static bw_analysis_options small_options(const fixture *f)
{
	bw_analysis_options o = BW_ANALYSIS_OPTIONS_INIT;
	o.db_path = f->db;
	o.forecast.paths = 500;
	o.forecast.months = o.plan.term_months = 24;
	return o;
}

/* The plan document is bw_analysis_run and bw_report_plan_json, byte for byte. */
static void test_document__plan_is_the_analysis_rendered(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f);
	bw_analysis *a = NULL, *b = NULL;
	char *doc = NULL, *by_hand = NULL;
	size_t doc_len = 0, by_hand_len = 0;
	FILE *out = open_memstream(&doc, &doc_len);
	bw_document_commit none = BW_DOCUMENT_COMMIT_NONE;

	assert_int_equal(bw_document_plan(out, BW_DOCUMENT_JSON, &o, &none, &a), 0);
	fclose(out);
	assert_non_null(a->plan);

	assert_int_equal(bw_analysis_run(&b, &o), 0);
	bw_report_context ctx = {
	    .catalog_version = bw_catalog_version(b->catalog),
	    .bands = b->bands,
	    .paths_source = "forecast",
	    .seed = o.forecast.seed,
	    .savings = -1,
	    .savings_ramp_months = o.savings_ramp_months,
	    .fit = &b->fit,
	    .history = b->spend,
	    .price_basis = b->price_basis,
	    .segments = b->segments,
	    .segments_setting = b->segments_setting,
	    .segments_note = b->segments_note,
	};
	out = open_memstream(&by_hand, &by_hand_len);
	assert_int_equal(bw_report_plan_json(out, b->plan, &ctx), 0);
	fclose(out);
	assert_int_equal(doc_len, by_hand_len);
	assert_memory_equal(doc, by_hand, doc_len);
	free(doc);
	free(by_hand);
	bw_analysis_free(a);
	bw_analysis_free(b);
}

/* The what-if is the "evaluated" object of the plan with the same commitment. */
static void test_document__evaluate_is_plans_evaluated(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f);
	bw_analysis *a = NULL, *b = NULL;
	char *plan = NULL, *evaluate = NULL;
	size_t plan_len = 0, evaluate_len = 0;
	bw_document_commit commit = {2000000, NULL, 0, NULL};
	FILE *out = open_memstream(&plan, &plan_len);

	assert_int_equal(bw_document_plan(out, BW_DOCUMENT_JSON, &o, &commit, &a), 0);
	fclose(out);
	out = open_memstream(&evaluate, &evaluate_len);
	assert_int_equal(bw_document_evaluate(out, &o, &commit, &b), 0);
	fclose(out);

	json_t *p = json_loads(plan, 0, NULL), *e = json_loads(evaluate, 0, NULL);
	assert_non_null(p);
	assert_non_null(e);
	assert_true(json_equal(json_object_get(p, "evaluated"), e));
	json_decref(p);
	json_decref(e);
	free(plan);
	free(evaluate);
	bw_analysis_free(a);
	bw_analysis_free(b);
}

/* A commitment below every band: the error and its message, no document. */
static void test_document__evaluate_below_every_band(void **state)
{
	fixture *f = *state;
	bw_analysis_options o = small_options(f);
	bw_analysis *a = NULL;
	char *doc = NULL;
	size_t len = 0;
	bw_document_commit commit = {100, NULL, 0, NULL};
	FILE *out = open_memstream(&doc, &len);

	assert_int_equal(bw_document_evaluate(out, &o, &commit, &a), BW_EUSAGE);
	fclose(out);
	assert_int_equal(len, 0);
	assert_non_null(strstr(bw_error_last(), "below every band's threshold"));
	assert_non_null(a); /* what was computed, for the front end's warnings */
	free(doc);
	bw_analysis_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_document__plan_is_the_analysis_rendered, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_document__evaluate_is_plans_evaluated, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_document__evaluate_below_every_band, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

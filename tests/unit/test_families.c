/*
 * test_families.c: the model family table and its successor chains.
 */
#include "test_util.h"

#include "bandwise/catalog.h"
#include "bandwise/error.h"
#include "bandwise/families.h"

static void test_families__built_in_chains_follow_the_catalog(void **state)
{
	(void)state;
	bw_families *f = NULL;
	bw_catalog *catalog = NULL;

	assert_int_equal(bw_families_load_default(&f), 0);
	assert_int_equal(bw_catalog_load_default(&catalog), 0);
	/* Every listed model is a canonical id of the built-in catalog. */
	for (size_t i = 0; i < bw_families_count(f); i++)
		for (size_t r = 0; r < bw_families_size(f, i); r++) {
			const bw_family_model *m = bw_families_at(f, i, r);
			const char *id = bw_catalog_resolve(catalog, m->id);
			if (id == NULL || strcmp(id, m->id) != 0)
				fail_msg("%s is not a canonical catalog id", m->id);
			assert_int_equal(m->family, i);
			assert_int_equal(m->rank, r);
		}
	const bw_family_model *opus41 = bw_families_find(f, "claude-opus-4-1");
	assert_non_null(opus41);
	assert_string_equal(bw_families_name(f, opus41->family), "opus");
	assert_string_equal(opus41->label, "Opus 4.1");
	assert_string_equal(bw_families_at(f, opus41->family, opus41->rank + 1)->id,
	                    "claude-opus-4-5");
	const bw_family_model *haiku35 = bw_families_find(f, "claude-3-5-haiku");
	assert_non_null(haiku35);
	assert_string_equal(bw_families_at(f, haiku35->family, haiku35->rank + 1)->id,
	                    "claude-haiku-4-5");
	assert_null(bw_families_find(f, "claude-imaginary-9"));
	assert_null(bw_families_at(f, 0, 1000));
	bw_catalog_free(catalog);
	bw_families_free(f);
}

static void test_families__a_model_listed_twice_is_an_error(void **state)
{
	(void)state;
	static const char json[] =
	    "{\"schema_version\": 1, \"source\": \"s\", \"source_date\": \"2026-01-01\",\n"
	    " \"families\": [\n"
	    "  {\"name\": \"a\", \"label\": \"A\", \"chain\": [{\"id\": \"m1\", \"label\": "
	    "\"M1\"}]},\n"
	    "  {\"name\": \"b\", \"label\": \"B\", \"chain\": [{\"id\": \"m1\", \"label\": "
	    "\"M1\"}]}\n"
	    "]}\n";
	bw_families *f = NULL;

	assert_int_equal(bw_families_load_buffer(&f, json, strlen(json), "t.json"), BW_EPARSE);
	assert_null(f);
	assert_non_null(strstr(bw_error_last(), "t.json:4:"));
	assert_non_null(strstr(bw_error_last(), "families[1].chain[0].id"));
}

static void test_families__missing_source_is_an_error(void **state)
{
	(void)state;
	static const char json[] = "{\"schema_version\": 1, \"families\": []}";
	bw_families *f = NULL;

	assert_int_equal(bw_families_load_buffer(&f, json, strlen(json), "t.json"), BW_EPARSE);
	assert_non_null(strstr(bw_error_last(), "source"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_families__built_in_chains_follow_the_catalog),
	    cmocka_unit_test(test_families__a_model_listed_twice_is_an_error),
	    cmocka_unit_test(test_families__missing_source_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

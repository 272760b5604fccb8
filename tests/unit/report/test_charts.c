/*
 * test_charts.c: the one chart module (src/lib/report/charts.c) that the
 * HTML report inlines and bandwise serve's page asks for: the same SVG in
 * both, a phone layout with readable labels, round tick labels, the page's
 * commitment marker with its own scale, and errors for what it cannot draw.
 */
#include "fixture.h"

#include "bandwise/error.h"
#include "charts.h"

static char *chart(const bundle_fixture *f, const char *name, double width, double marker,
                   int *error)
{
	capture c;
	capture_begin(&c);
	*error = bw_report_chart_svg(c.out, &f->bundle, name, width, marker);
	return capture_end(&c);
}

static void test_charts__the_report_inlines_the_charts_the_page_gets(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	bw_report_context ctx = fixture_context(NULL);
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_html(c.out, &f.bundle, &ctx), 0);
	char *html = capture_end(&c);
	const char *names[] = {"stand", "forecast", "curves"};
	for (size_t i = 0; i < 3; i++)
		for (int narrow = 0; narrow < 2; narrow++) {
			int error;
			char *svg = chart(&f, names[i],
			                  narrow ? BW_REPORT__CHART_NARROW : BW_REPORT__CHART_WIDE,
			                  -1, &error);
			assert_int_equal(error, 0);
			if (strstr(html, svg) == NULL)
				fail_msg("the report lacks the %s chart's %s layout", names[i],
				         narrow ? "narrow" : "wide");
			free(svg);
		}
	free(html);
}

static void test_charts__narrow_layout_has_larger_labels_and_no_axis_titles(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	int error;
	char *wide = chart(&f, "curves", 900, -1, &error);
	assert_int_equal(error, 0);
	char *narrow = chart(&f, "curves", 360, -1, &error);
	assert_int_equal(error, 0);
	assert_non_null(strstr(wide, "data-layout=\"wide\""));
	assert_non_null(strstr(narrow, "data-layout=\"narrow\""));
	assert_non_null(strstr(narrow, "viewBox=\"0 0 360 280\""));
	/* Drawn near 1:1 on a phone: 12-unit labels are 12 px or so. */
	assert_non_null(strstr(narrow, "<g class=\"axes\" font-size=\"12\""));
	assert_null(strstr(narrow, "font-size=\"11\""));
	assert_non_null(strstr(wide, "commitment over the term (USD)"));
	assert_null(strstr(narrow, "commitment over the term (USD)"));
	/* A chart parses as an SVG document of its own (the page's DOMParser). */
	assert_non_null(strstr(narrow, "xmlns=\"http://www.w3.org/2000/svg\""));
	free(wide);
	free(narrow);
}

static void test_charts__marker_carries_the_x_scale(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	int error;
	char *none = chart(&f, "curves", 600, -1, &error);
	assert_null(strstr(none, "commit-marker"));
	char *svg = chart(&f, "curves", 600, 150000, &error);
	assert_int_equal(error, 0);
	const char *m = strstr(svg, "<line id=\"commit-marker\" class=\"commit-marker\"");
	assert_non_null(m);
	double x1, px0, per_usd;
	assert_int_equal(
	    sscanf(m, "<line id=\"commit-marker\" class=\"commit-marker\" x1=\"%lf\"", &x1), 1);
	const char *p = strstr(m, "data-px0=\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "data-px0=\"%lf\" data-px-per-usd=\"%lf\"", &px0, &per_usd), 2);
	/* The page moves the line to px0 + usd * per_usd: where the chart drew it. */
	assert_true(fabs(px0 + 150000 * per_usd - x1) < 0.06);
	assert_true(per_usd > 0);
	free(none);
	free(svg);
}

static void test_charts__tick_labels_are_round_and_short(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	int error;
	char *svg = chart(&f, "forecast", 900, -1, &error);
	assert_int_equal(error, 0);
	/* Never "$1.0M" or "$20.0K": the fewest digits. */
	assert_null(strstr(svg, ".0M<"));
	assert_null(strstr(svg, ".0K<"));
	assert_non_null(strstr(svg, ">$5K<"));
	assert_non_null(strstr(svg, ">$15K<"));
	/* Month ticks sit on quarters or years of the calendar. */
	assert_non_null(strstr(svg, ">2027-01<"));
	assert_null(strstr(svg, ">2026-11<"));
	free(svg);
}

static void test_charts__errors_name_what_is_drawn(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	int error;
	char *svg = chart(&f, "pie", 900, -1, &error);
	assert_int_equal(error, BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "stand, forecast, curves and waterfall"));
	free(svg);
	svg = chart(&f, "waterfall", 900, -1, &error);
	assert_int_equal(error, BW_EUSAGE);
	assert_non_null(strstr(bw_error_last(), "needs a policy"));
	free(svg);
	svg = chart(&f, "curves", 100, -1, &error);
	assert_int_equal(error, BW_ERANGE);
	free(svg);
}

static void test_charts__json_holds_the_same_svg(void **state)
{
	(void)state;
	bundle_fixture f;
	bundle_fixture_init(&f);
	int error;
	char *svg = chart(&f, "stand", 400, -1, &error);
	capture c;
	capture_begin(&c);
	assert_int_equal(bw_report_chart_json(c.out, &f.bundle, "stand", 400, -1), 0);
	char *text = capture_end(&c);
	json_t *doc = parse_json(text);
	assert_string_equal(json_string_value(json_object_get(doc, "chart")), "stand");
	assert_int_equal(json_integer_value(json_object_get(doc, "width")), 400);
	assert_string_equal(json_string_value(json_object_get(doc, "svg")), svg);
	json_decref(doc);
	free(text);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_charts__the_report_inlines_the_charts_the_page_gets),
	    cmocka_unit_test(test_charts__narrow_layout_has_larger_labels_and_no_axis_titles),
	    cmocka_unit_test(test_charts__marker_carries_the_x_scale),
	    cmocka_unit_test(test_charts__tick_labels_are_round_and_short),
	    cmocka_unit_test(test_charts__errors_name_what_is_drawn),
	    cmocka_unit_test(test_charts__json_holds_the_same_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_svg.c: the charts' round ticks.
 */
#include "test_util.h"

#include "svg.h"

static void test_nice_step_is_1_2_or_5_times_a_power_of_ten(void **state)
{
	(void)state;
	/* The report's old ticks split $4.7M in five: $945K apart. */
	assert_true(bwx_svg_nice_step(4.725e6, 5) == 1e6);
	assert_true(bwx_svg_nice_step(3e6, 5) == 1e6);
	assert_true(bwx_svg_nice_step(2.4e6, 5) == 5e5);
	assert_true(bwx_svg_nice_step(1.1e5, 4) == 5e4);
	assert_true(bwx_svg_nice_step(25, 6) == 5);
	assert_true(bwx_svg_nice_step(3, 3) == 1);
	assert_true(bwx_svg_nice_step(0.3, 3) == 0.1);
	assert_true(bwx_svg_nice_step(0, 4) == 1); /* an empty range still steps */
}

static void test_axes_put_ticks_on_round_values(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bwx_svg svg;
	bwx_svg_begin(&svg, out, 900, 300, 0, 4.725e6, 0, 1, "t", "d");
	bwx_svg_axes(&svg, 5, 4, NULL, NULL, NULL, NULL, "x", "y");
	bwx_svg_end(&svg);
	fclose(out);
	/* x ticks at 0, 1e6 .. 4e6; none at the range's end 4.725e6. */
	assert_non_null(strstr(text, ">4e+06<"));
	assert_null(strstr(text, ">4.725e+06<"));
	assert_null(strstr(text, ">945000<"));
	assert_non_null(strstr(text, ">0.5<")); /* 0..1 in about 4: steps of 0.5 */
	free(text);
}

static void test_month_step_is_a_quarter_or_year(void **state)
{
	(void)state;
	/* 37 months in about 6 steps: yearly, not every 7th month. */
	assert_true(bwx_svg_month_step(37, 6) == 12);
	assert_true(bwx_svg_month_step(13, 6) == 3);
	assert_true(bwx_svg_month_step(5, 6) == 1);
	assert_true(bwx_svg_month_step(100, 3) == 36);
	assert_true(bwx_svg_month_step(0, 3) == 1);
}

static char *draw(double width, void (*marks)(bwx_svg *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bwx_svg svg;
	bwx_svg_begin(&svg, out, width, 200, 0, 10, 0, 1, "t", "d");
	marks(&svg);
	bwx_svg_end(&svg);
	fclose(out);
	return text;
}

static void right_edge_label(bwx_svg *svg)
{
	bwx_svg_vline_label(svg, 10, "#000", "a long label", "tip <b>", 0);
	bwx_svg_vline_label(svg, 0, "#000", NULL, "no label", -1);
}

static void test_vline_label_stays_inside(void **state)
{
	(void)state;
	char *text = draw(360, right_edge_label);
	/* At the right edge the label turns left of its line. */
	assert_non_null(strstr(text, "text-anchor=\"end\">a long label<"));
	assert_non_null(strstr(text, "<title>tip &lt;b&gt;</title>"));
	/* A NULL label: the line and its tooltip only. */
	assert_non_null(strstr(text, "<title>no label</title>"));
	assert_null(strstr(text, ">no label</text>"));
	free(text);
}

static void axes_only(bwx_svg *svg)
{
	bwx_svg_axes(svg, 10, 10, NULL, NULL, NULL, NULL, "x title", "y title");
}

static void test_narrow_axes_have_fewer_ticks_and_no_titles(void **state)
{
	(void)state;
	char *wide = draw(900, axes_only), *narrow = draw(360, axes_only);
	assert_non_null(strstr(wide, ">x title<"));
	assert_null(strstr(narrow, ">x title<"));
	/* About three x ticks on a phone: 0, 5, 10 on 0..10. */
	assert_non_null(strstr(narrow, ">5<"));
	/* (">2<", not ">1<": the y axis, 0 to 1, is labelled "1" at its top.) */
	assert_null(strstr(narrow, ">2<"));
	assert_non_null(strstr(wide, ">2<"));
	assert_non_null(strstr(narrow, "font-size=\"12\""));
	free(wide);
	free(narrow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nice_step_is_1_2_or_5_times_a_power_of_ten),
	    cmocka_unit_test(test_axes_put_ticks_on_round_values),
	    cmocka_unit_test(test_month_step_is_a_quarter_or_year),
	    cmocka_unit_test(test_vline_label_stays_inside),
	    cmocka_unit_test(test_narrow_axes_have_fewer_ticks_and_no_titles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

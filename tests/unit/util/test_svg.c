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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nice_step_is_1_2_or_5_times_a_power_of_ten),
	    cmocka_unit_test(test_axes_put_ticks_on_round_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

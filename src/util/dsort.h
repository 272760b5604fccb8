/*
 * dsort.h (private): sorting doubles ascending, fast.
 *
 * The planner sorts 10,000 path totals several times per evaluation (the
 * what-if of `bandwise serve` does it for every slider move); qsort with a
 * comparison callback spent most of that time. A least-significant-digit
 * radix sort on the doubles' bits orders them as the comparison does
 * (ascending; equal values are equal bits, except -0 before +0), in a few
 * linear passes.
 */
#ifndef BANDWISE_DSORT_H
#define BANDWISE_DSORT_H

#include <stddef.h>

/*
 * Sort 'values' (n of them, no NaN) ascending. Returns 0, or BW_ERROR when
 * out of memory for its scratch copy (the values are then sorted by qsort
 * instead, so the result is the same either way).
 */
int bwx_dsort(double *values, size_t n);

#endif

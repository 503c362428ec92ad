/* exact_sort.h - Sorting doubles exactly: the fast path the month's quantiles
 * and Gini use (non-negative values, and values of any sign), an exact median
 * without a full sort, and a plain reference they must equal byte for byte
 * (tests/test_exact_sort.c). */
#pragma once

/* Sorts x[0..n-1] ascending. Every x must be >= 0 and finite; -0.0 comes out
 * as +0.0. scratch must hold n doubles (caller-owned; its contents afterwards
 * are unspecified). n >= 0. Allocates nothing (its count tables are static,
 * one set per thread); linear time.
 *
 * How: for x >= 0 the IEEE-754 bit patterns order like the values, so counting
 * passes on the bit patterns group the keys (zeros first, then 2^21 or 2^23
 * equal groups of bit patterns from the smallest positive value to the
 * largest), an insertion sort orders each group, and if the groups turn out
 * crowded each group (in the wide grouping, each bucket of the high digit) is
 * ordered on its own: by this sort over the group's own span when long, by
 * insertion when short. */
void exact_sort_nonnegative(double *x, double *scratch, int n);

/* Sorts finite x[0..n-1] of any sign ascending, with the same bytes as
 * exact_sort_reference: the negatives (rare: incomes below a debtor's payment,
 * money withdrawn) are sorted as magnitudes and turned back; without
 * negatives it is exact_sort_nonnegative. scratch as there. */
void exact_sort_finite(double *x, double *scratch, int n);

/* The median of x[0..n-1] (every x >= 0 and finite; x unchanged): R type 7,
 * the middle order statistic, or for even n the two middle ones combined as
 * metrics_quantile_sorted combines them, so it equals the quantile 0.5 of the
 * sorted values; NaN when n = 0. work and scratch hold n doubles each
 * (contents afterwards unspecified). Linear time: from 8192 values on a
 * sample brackets the middle and only the values inside the bracket are
 * sorted (Floyd & Rivest 1975); below, all of them. */
double exact_median_nonnegative(const double *x, double *work, double *scratch, int n);

/* Sorts x[0..n-1] (every x finite, n >= 0) ascending the plain way:
 * -0.0 becomes +0.0, then GSL's gsl_sort (a heapsort comparing the values).
 * Gives the same bytes as exact_sort_nonnegative, in O(n log n) time (about
 * 0.3 s for 1e6 values): for checking, not for every month. */
void exact_sort_reference(double *x, int n);

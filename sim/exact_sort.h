/* exact_sort.h - Sorting doubles exactly: the fast path the month's quantiles
 * and Gini use (non-negative values, and values of any sign), an exact median
 * without a full sort, and a plain reference they must equal byte for byte
 * (tests/test_exact_sort.c). */
#pragma once

/* The weight of the i-th smallest of n values (0-based i) in the Gini
 * numerator sum_i (2i - n - 1) x_(i), i = 1..n (MODEL.md 6). */
static inline double exact_gini_weight(int i, int n) { return 2.0 * (i + 1) - n - 1; }

enum { EXACT_STATS_RANKS = 6 };

/* What the month's statistics need of sorted values x_(0) <= ... <= x_(n-1),
 * taken while they are sorted (exact_sort_stats_*), each sum added in
 * ascending order as a plain loop over the sorted values adds it, so its bits
 * are that loop's. The caller fills the wants. */
typedef struct SortedStats {
    int rank[EXACT_STATS_RANKS]; /* want: 0-based ranks whose values are wanted, in [0, n) */
    int n_ranks;                 /* want: entries of rank used, <= EXACT_STATS_RANKS */
    int head;                    /* want: the head smallest are summed, in [0, n] */
    double at[EXACT_STATS_RANKS]; /* x_(rank[j]) */
    double head_sum;             /* x_(0) + ... + x_(head-1) */
    double total;                /* x_(0) + ... + x_(n-1) */
    double weighted;             /* sum_i exact_gini_weight(i, n) x_(i) */
} SortedStats;

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
 * insertion when short. Called outside an OpenMP parallel region with more
 * than one thread, from 2^16 values on, it spreads over them as
 * exact_sort_stats_nonnegative does; the bytes are the same. */
void exact_sort_nonnegative(double *x, double *scratch, int n);

/* Sorts finite x[0..n-1] of any sign ascending, with the same bytes as
 * exact_sort_reference: the negatives (rare: incomes below a debtor's payment,
 * money withdrawn) are sorted as magnitudes and turned back; without
 * negatives it is exact_sort_nonnegative. scratch as there. */
void exact_sort_finite(double *x, double *scratch, int n);

/* Fills the statistics *s asks for (see SortedStats) of x[0..n-1], every x >= 0
 * and finite (-0.0 counts as +0.0), n >= 0, with the same bits as sorting x
 * with exact_sort_nonnegative and summing the sorted values in order. The sums
 * are taken as the sort's last pass leaves each bucket of keys in cache, so the
 * sorted array is never written back: x and scratch (n doubles) hold
 * unspecified values afterwards. Allocates nothing. Called outside an OpenMP
 * parallel region with more than one thread, from 2^16 values on, it sorts on
 * all of them (a most-significant-digit radix sort: one chunk of the array
 * per thread bounds, counts and moves its keys, then the buckets are shared
 * out; exec_for runs each phase) and sums on one; the bits are the same
 * either way. */
void exact_sort_stats_nonnegative(double *x, double *scratch, int n, SortedStats *s);

/* exact_sort_stats_nonnegative for finite x of any sign (same bits as
 * exact_sort_finite and summing in order): the negatives (rare: the caller
 * knows when there are none and calls the other) are moved to the front,
 * sorted and summed, then the rest are sorted and summed as there. */
void exact_sort_stats_finite(double *x, double *scratch, int n, SortedStats *s);

/* The median of x[0..n-1] (every x >= 0 and finite), which it reorders:
 * R type 7, the middle order statistic, or for even n the two middle ones
 * combined as metrics_quantile_sorted combines them, so it equals the quantile
 * 0.5 of the sorted values; NaN when n = 0. scratch holds n doubles (contents
 * afterwards unspecified). Linear time: from 8192 values on a sample brackets
 * the middle, the values inside the bracket are moved to the front and only
 * they are sorted (Floyd & Rivest 1975); below, all of them. */
double exact_median_nonnegative(double *x, double *scratch, int n);

/* Sorts x[0..n-1] (every x finite, n >= 0) ascending the plain way:
 * -0.0 becomes +0.0, then GSL's gsl_sort (a heapsort comparing the values).
 * Gives the same bytes as exact_sort_nonnegative, in O(n log n) time (about
 * 0.3 s for 1e6 values): for checking, not for every month. */
void exact_sort_reference(double *x, int n);

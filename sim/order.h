/* order.h - The order of agents by a value: ranks for the initial wage and
 * ownership draws (MODEL.md section 2). */
#pragma once
#include <stdbool.h>

/* Writes to order[0..n-1] the indices 0..n-1 sorted by v ascending, equal
 * values (-0.0 equals +0.0) by index: what qsort with a value-then-index
 * comparison gives, in linear time (a stable LSD radix sort on the
 * order-preserving 64-bit image of each double). v: n finite values; order: n
 * ints. Returns false (order untouched) if out of memory. */
bool order_by_value(const double *v, int n, int *order);

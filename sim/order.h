/* order.h - The order of agents by a value: ranks for the initial wage and
 * ownership draws (MODEL.md section 2), and the counting-sort pieces the
 * metrics' sort shares. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Turns count[0..size-1] (keys per digit value) into the position of each
 * value's first key, values in order from `first` on: the step between a
 * counting sort's histogram and its scatter. Returns first + the total count. */
static inline uint32_t order_counts_to_starts(uint32_t *count, int size, uint32_t first)
{
    uint32_t pos = first;
    for (int v = 0; v < size; v++) {
        const uint32_t c = count[v];
        count[v] = pos;
        pos += c;
    }
    return pos;
}

/* A stable LSD radix sort of n 64-bit keys, 11 bits a pass, skipping passes
 * whose digit is the same for every key. index (NULL, or n entries) moves with
 * its key. key_scratch and index_scratch (NULL when index is) hold n entries.
 * Returns true if the sorted keys (and indices) ended in the scratch arrays,
 * false if in key and index. */
bool order_radix_sort(uint64_t *key, uint64_t *key_scratch, uint32_t *index,
                      uint32_t *index_scratch, int n);

/* The order-preserving 64-bit image of a double: x < y exactly when
 * order_key(x) < order_key(y), for finite x, y; -0.0 maps to +0.0's key. Flips
 * every bit of negatives, only the sign bit of the rest. */
static inline uint64_t order_key(double x)
{
    uint64_t u;
    if (x == 0)
        x = 0.0; /* -0.0 sorts with +0.0, then by index */
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | 1ULL << 63;
}

/* Writes to order[0..n-1] the indices 0..n-1 sorted by key ascending, equal
 * keys by index (a stable LSD radix sort), in storage the caller brings, so a
 * caller short of memory can lend arrays it has not filled yet: key (n keys,
 * e.g. order_key of the values) and key_scratch (n) are both overwritten,
 * index_scratch (n) is overwritten and free again on return. Allocates
 * nothing; 20 bytes a key in all with order. */
void order_by_key(uint64_t *key, uint64_t *key_scratch, int *order, uint32_t *index_scratch,
                  int n);

/* Writes to order[0..n-1] the indices 0..n-1 sorted by v ascending, equal
 * values (-0.0 equals +0.0) by index: what qsort with a value-then-index
 * comparison gives, in linear time (a stable LSD radix sort on the
 * order-preserving 64-bit image of each double). v: n finite values; order: n
 * ints. Allocates 20 bytes a value while it runs (order_by_key in its own
 * storage). Returns false (order untouched) if out of memory. */
bool order_by_value(const double *v, int n, int *order);

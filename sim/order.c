/* order.c - Ranks by value with a stable radix sort (see order.h). */
#include "order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { BITS = 11, RADIX = 1 << BITS, DIGITS = 6 }; /* 6 x 11 >= 64 bits */

/* An unsigned key that orders like the double: flip every bit of negatives,
 * only the sign bit of the rest. */
static uint64_t key_of(double x)
{
    uint64_t u;
    if (x == 0)
        x = 0.0; /* -0.0 sorts with +0.0, then by index */
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | 1ULL << 63;
}

bool order_radix_sort(uint64_t *key, uint64_t *key_scratch, uint32_t *index,
                      uint32_t *index_scratch, int n)
{
    static _Thread_local uint32_t count[DIGITS][RADIX];
    memset(count, 0, sizeof count);
    for (int i = 0; i < n; i++)
        for (int d = 0; d < DIGITS; d++)
            count[d][(key[i] >> (BITS * d)) & (RADIX - 1)]++;
    uint64_t *k = key, *k2 = key_scratch;
    uint32_t *ix = index, *ix2 = index_scratch;
    for (int d = 0; n > 0 && d < DIGITS; d++) {
        uint32_t *c = count[d];
        const int shift = BITS * d;
        if (c[(k[0] >> shift) & (RADIX - 1)] == (uint32_t)n)
            continue; /* the same digit everywhere */
        order_counts_to_starts(c, RADIX, 0);
        for (int i = 0; i < n; i++) { /* stable: equal keys keep their order */
            const uint32_t to = c[(k[i] >> shift) & (RADIX - 1)]++;
            k2[to] = k[i];
            if (ix != NULL)
                ix2[to] = ix[i];
        }
        uint64_t *tk = k;
        k = k2;
        k2 = tk;
        uint32_t *ti = ix;
        ix = ix2;
        ix2 = ti;
    }
    return k != key;
}

bool order_by_value(const double *v, int n, int *order)
{
    uint64_t *key = malloc(2 * (size_t)n * sizeof *key + 1);
    uint32_t *index = malloc(2 * (size_t)n * sizeof *index + 1);
    if (!key || !index) {
        free(key);
        free(index);
        return false;
    }
    for (int i = 0; i < n; i++) {
        key[i] = key_of(v[i]);
        index[i] = (uint32_t)i;
    }
    const uint32_t *sorted = order_radix_sort(key, key + n, index, index + n, n) ? index + n : index;
    for (int i = 0; i < n; i++)
        order[i] = (int)sorted[i];
    free(key);
    free(index);
    return true;
}

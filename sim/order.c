/* order.c - Ranks by value with a stable radix sort (see order.h). */
#include "order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { BITS = 11, RADIX = 1 << BITS, DIGITS = 6 }; /* 6 x 11 >= 64 bits */

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

void order_by_key(uint64_t *key, uint64_t *key_scratch, int *order, uint32_t *index_scratch,
                  int n)
{
    /* order doubles as the first index array: unsigned access to an int is
     * allowed, and the indices are below 2^31 */
    uint32_t *index = (uint32_t *)order;
    for (int i = 0; i < n; i++)
        index[i] = (uint32_t)i;
    if (order_radix_sort(key, key_scratch, index, index_scratch, n))
        memcpy(order, index_scratch, (size_t)n * sizeof *index_scratch);
}

bool order_by_value(const double *v, int n, int *order)
{
    uint64_t *key = malloc(2 * (size_t)n * sizeof *key + 1);
    uint32_t *index = malloc((size_t)n * sizeof *index + 1);
    if (!key || !index) {
        free(key);
        free(index);
        return false;
    }
    for (int i = 0; i < n; i++)
        key[i] = order_key(v[i]);
    order_by_key(key, key + n, order, index, n);
    free(key);
    free(index);
    return true;
}

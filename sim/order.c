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

bool order_by_value(const double *v, int n, int *order)
{
    uint64_t *key = malloc(2 * (size_t)n * sizeof *key + 1);
    uint32_t *index = malloc(2 * (size_t)n * sizeof *index + 1);
    uint32_t(*count)[RADIX] = calloc(DIGITS, sizeof *count);
    if (!key || !index || !count) {
        free(key);
        free(index);
        free(count);
        return false;
    }
    uint64_t *k = key, *k2 = key + n;
    uint32_t *ix = index, *ix2 = index + n;
    for (int i = 0; i < n; i++) {
        k[i] = key_of(v[i]);
        ix[i] = (uint32_t)i;
        for (int d = 0; d < DIGITS; d++)
            count[d][(k[i] >> (BITS * d)) & (RADIX - 1)]++;
    }
    for (int d = 0; n > 0 && d < DIGITS; d++) {
        uint32_t *c = count[d];
        const int shift = BITS * d;
        if (c[(k[0] >> shift) & (RADIX - 1)] == (uint32_t)n)
            continue; /* the same digit everywhere */
        uint32_t pos = 0;
        for (int x = 0; x < RADIX; x++) {
            const uint32_t m = c[x];
            c[x] = pos;
            pos += m;
        }
        for (int i = 0; i < n; i++) { /* stable: equal keys keep index order */
            const uint32_t to = c[(k[i] >> shift) & (RADIX - 1)]++;
            k2[to] = k[i];
            ix2[to] = ix[i];
        }
        uint64_t *tk = k;
        k = k2;
        k2 = tk;
        uint32_t *ti = ix;
        ix = ix2;
        ix2 = ti;
    }
    for (int i = 0; i < n; i++)
        order[i] = (int)ix[i];
    free(key);
    free(index);
    free(count);
    return true;
}

/* test_order.c - Ranks by value: the radix order equals qsort's value-then-index
 * order, ties and signed zeros included. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "order.h"
#include "test.h"

typedef struct Keyed {
    double v;
    int i;
} Keyed;

static int by_value_then_index(const void *pa, const void *pb)
{
    const Keyed *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static int order_should_match_qsort_by_value_then_index(void)
{
    enum { N = 20001 };
    double *v = malloc(N * sizeof *v);
    int *order = malloc(N * sizeof *order);
    Keyed *ref = malloc(N * sizeof *ref);
    CHECK(v && order && ref);
    unsigned s = 777u;
    uint64_t *key = malloc(2 * N * sizeof *key);
    uint32_t *index_scratch = malloc(N * sizeof *index_scratch);
    int *by_key = malloc(N * sizeof *by_key);
    CHECK(key && index_scratch && by_key);
    for (int variant = 0; variant < 5; variant++) {
        for (int i = 0; i < N; i++) {
            s = s * 1103515245u + 12345u;
            const double u = (s >> 8) / 16777216.0;
            switch (variant) {
            case 0: v[i] = exp(30 * u - 15); break;              /* positive, many magnitudes */
            case 1: v[i] = 6 * u - 3; break;                     /* both signs */
            case 2: v[i] = floor(5 * u) - 2; break;              /* ties, both signs */
            case 3: v[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : u - 0.5; break; /* zeros */
            /* only the lowest 11-bit digit differs: one radix pass, so the
             * sorted indices end in the scratch and come back to order */
            default: v[i] = 1.0 + ldexp((double)((s >> 8) % 2000), -52); break;
            }
            ref[i] = (Keyed){v[i], i};
        }
        qsort(ref, N, sizeof *ref, by_value_then_index);
        CHECK(order_by_value(v, N, order));
        for (int r = 0; r < N; r++)
            CHECK(order[r] == ref[r].i);
        /* the same order from keys in lent storage, whatever the scratch held */
        for (int i = 0; i < N; i++) {
            key[i] = order_key(v[i]);
            key[N + i] = ~0ULL;
            index_scratch[i] = 0xdeadbeefu;
        }
        order_by_key(key, key + N, by_key, index_scratch, N);
        for (int r = 0; r < N; r++)
            CHECK(by_key[r] == ref[r].i);
    }
    free(key);
    free(index_scratch);
    free(by_key);
    CHECK(order_by_value(v, 0, order)); /* empty is fine */
    free(v);
    free(order);
    free(ref);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(order_should_match_qsort_by_value_then_index, failures);
    return failures != 0;
}

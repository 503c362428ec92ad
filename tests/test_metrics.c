/* test_metrics.c - Sorting, quantiles and Gini against hand-computed values. */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "test.h"

/* G = sum_i (2i - n - 1) x_(i) / (n sum x) for {1,2,3,4}:
 * (-3*1 - 1*2 + 1*3 + 3*4) / (4 * 10) = 10 / 40 = 0.25 */
static int gini_should_match_hand_computed_value(void)
{
    const double x[] = {1, 2, 3, 4};
    CHECK_REL(metrics_gini_sorted(x, 4), 0.25, 1e-15);
    const double equal[] = {2.385, 2.385, 2.385};
    CHECK_ABS(metrics_gini_sorted(equal, 3), 0.0, 1e-15);
    /* one holds everything: G = (n-1)/n = 0.8 for n = 5 */
    const double one[] = {0, 0, 0, 0, 7.5};
    CHECK_REL(metrics_gini_sorted(one, 5), 0.8, 1e-15);
    const double zeros[] = {0, 0};
    CHECK(metrics_gini_sorted(zeros, 2) == 0.0);
    return 0;
}

/* R type 7: position (n-1) f; {1,2,3,4} -> 1.75, 2.5, 3.25 (shared/TOOLCHAIN.md 5) */
static int quantiles_should_interpolate_linearly(void)
{
    const double x[] = {1, 2, 3, 4};
    CHECK_REL(metrics_quantile_sorted(x, 4, 0.25), 1.75, 1e-15);
    CHECK_REL(metrics_quantile_sorted(x, 4, 0.5), 2.5, 1e-15);
    CHECK_REL(metrics_quantile_sorted(x, 4, 0.75), 3.25, 1e-15);
    /* p10 of 0..10: position 1.0 -> exactly 1 */
    double y[11];
    for (int i = 0; i <= 10; i++)
        y[i] = i;
    CHECK_REL(metrics_quantile_sorted(y, 11, 0.1), 1.0, 1e-15);
    return 0;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The radix sort must equal qsort exactly on spread, crowded (within the exact
 * span; or insertion budget exceeded: the full radix fallback), tied, equal,
 * zero and tiny inputs, below and above the size where it groups most
 * significant digit first (2^19). */
static int sort_should_match_qsort(void)
{
    enum { N = 600000 };
    double *x = malloc(N * sizeof *x), *ref = malloc(N * sizeof *ref), *tmp = malloc(N * sizeof *tmp);
    CHECK(x && ref && tmp);
    unsigned s = 12345u;
    for (int run = 0; run < 22; run++) {
        const int variant = run % 11;
        /* every remainder of the four-lane bounds pass, at both sizes */
        const int n = (run < 11 ? 50000 : N) - variant % 4;
        for (int i = 0; i < n; i++) {
            s = s * 1103515245u + 12345u;
            double u = (s >> 8) / 16777216.0;
            switch (variant) {
            case 0: x[i] = exp(20 * u); break;                 /* many magnitudes */
            case 1: x[i] = 1000.0 + u * 1e-9; break;           /* crowded: all share the top bits */
            case 2: x[i] = (i % 7 == 0) ? 0.0 : floor(u * 4); break; /* ties and zeros */
            case 3: x[i] = (i % 3 == 0) ? -0.0 : u; break;     /* negative zero */
            case 4: /* a crowd and two outliers: insertion budget exceeded, full radix */
                x[i] = i == 0 ? 1e-300 : i == 1 ? 1e300 : 1000.0 + u * 1e-3;
                break;
            case 5: x[i] = 7.0; break;                         /* all equal */
            case 6: x[i] = i; break;                           /* extremes in the last lanes */
            case 7: x[i] = i + 1 < n ? (i % 2 ? -0.0 : 5.0) : 2.5; break; /* -0.0, smallest last */
            case 8: x[i] = (i % 2) ? -0.0 : 0.0; break;        /* all zero */
            case 9: x[i] = exp(2 * (u + (s >> 28) % 3)); break; /* crowded binades, like balances */
            default: x[i] = 1.0 + (s >> 10) * 0x1p-52; break;  /* a span under 2^23 bit patterns */
            }
        }
        memcpy(ref, x, n * sizeof *x);
        qsort(ref, n, sizeof *ref, by_double);
        metrics_sort_nonnegative(x, tmp, n);
        for (int i = 0; i < n; i++)
            CHECK(x[i] == ref[i] && !signbit(x[i]));
    }
    double one = 3.5;
    metrics_sort_nonnegative(&one, tmp, 1);
    CHECK(one == 3.5);
    free(x);
    free(ref);
    free(tmp);
    return 0;
}

static int series_table_should_name_every_series_once(void)
{
    for (int s = 0; s < SERIES_COUNT; s++) {
        CHECK(metrics_series_name(s)[0] != '\0');
        CHECK(metrics_series_unit(s)[0] != '\0');
        for (int t = 0; t < s; t++)
            CHECK(strcmp(metrics_series_name(s), metrics_series_name(t)) != 0);
    }
    CHECK(strcmp(metrics_series_name(SERIES_price_level), "price_level") == 0);
    CHECK(metrics_series_nullable(SERIES_uhi_displaced));
    CHECK(!metrics_series_nullable(SERIES_uhi_p10));
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(gini_should_match_hand_computed_value, failures);
    RUN(quantiles_should_interpolate_linearly, failures);
    RUN(sort_should_match_qsort, failures);
    RUN(series_table_should_name_every_series_once, failures);
    return failures != 0;
}

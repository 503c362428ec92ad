/* metrics.c - Quantiles, Gini and group means of one month (MODEL.md 6).
 *
 * Exact quantiles and Gini every month need sorted values. GSL's gsl_sort is a
 * heapsort (312 ms for 1e6 doubles here, shared/TOOLCHAIN.md 5), which would
 * dominate a run; an LSD radix sort on the bit patterns of non-negative doubles
 * is exact and linear. */
#include "metrics.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "parallel.h"

static const char *const SERIES_NAME[] = {
#define X(name, unit, nullable, help) #name,
    SERIES_LIST(X)
#undef X
};
static const char *const SERIES_UNIT[] = {
#define X(name, unit, nullable, help) unit,
    SERIES_LIST(X)
#undef X
};
static const bool SERIES_NULLABLE[] = {
#define X(name, unit, nullable, help) nullable,
    SERIES_LIST(X)
#undef X
};
static const char *const SERIES_HELP[] = {
#define X(name, unit, nullable, help) help,
    SERIES_LIST(X)
#undef X
};

const char *metrics_series_name(int s) { return SERIES_NAME[s]; }
const char *metrics_series_unit(int s) { return SERIES_UNIT[s]; }
bool metrics_series_nullable(int s) { return SERIES_NULLABLE[s]; }
const char *metrics_series_help(int s) { return SERIES_HELP[s]; }

void metrics_sort_nonnegative(double *x, double *tmp, int n)
{
    /* 8 passes of 8 bits; a pass whose digit is the same for every value is
     * skipped (the top bytes of similar magnitudes usually are) */
    size_t count[8][256];
    memset(count, 0, sizeof count);
    uint64_t *a = (uint64_t *)(void *)x, *b = (uint64_t *)(void *)tmp;
    for (int i = 0; i < n; i++) {
        uint64_t key;
        if (x[i] == 0.0)
            x[i] = 0.0; /* -0.0 has the sign bit set: make it +0.0 */
        memcpy(&key, &x[i], sizeof key);
        for (int d = 0; d < 8; d++)
            count[d][(key >> (8 * d)) & 0xff]++;
    }
    for (int d = 0; d < 8; d++) {
        size_t *c = count[d];
        int trivial = 0;
        for (int v = 0; v < 256; v++)
            if (c[v] == (size_t)n)
                trivial = 1;
        if (trivial)
            continue;
        size_t pos = 0;
        for (int v = 0; v < 256; v++) {
            size_t k = c[v];
            c[v] = pos;
            pos += k;
        }
        for (int i = 0; i < n; i++) {
            uint64_t key;
            memcpy(&key, &a[i], sizeof key);
            b[c[(key >> (8 * d)) & 0xff]++] = key;
        }
        uint64_t *t = a;
        a = b;
        b = t;
    }
    if ((void *)a != (void *)x)
        memcpy(x, a, (size_t)n * sizeof *x);
}

double metrics_gini_sorted(const double *x, int n)
{
    double weighted = 0.0, total = 0.0;
    for (int i = 0; i < n; i++) {
        weighted += (2.0 * (i + 1) - n - 1) * x[i];
        total += x[i];
    }
    return total > 0 ? weighted / ((double)n * total) : 0.0;
}

double metrics_quantile_sorted(const double *x, int n, double f)
{
    return gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, f);
}

void metrics_distribution(Agents *ag, double *balance, double *work, double *block_sums,
                          double price_level, double velocity, int month, Distribution *out)
{
    const int n = ag->n, blocks = block_count(n);
    const double real_c = velocity / price_level; /* m -> real consumption a year */
    long long displaced = 0;
#pragma omp parallel for schedule(static) default(none) shared(ag, balance, block_sums, blocks, n, real_c, month) reduction(+ : displaced)
    for (int b = 0; b < blocks; b++) {
        double c_now = 0, c_then = 0, income = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            if (month == 0)
                ag->c0[i] = balance[i] * real_c;
            income += ag->income[i];
            if (!(ag->status[i] & AGENT_EMPLOYED)) {
                c_now += balance[i] * real_c;
                c_then += ag->c0[i];
                displaced++;
            }
        }
        block_sums[3 * b] = c_now;
        block_sums[3 * b + 1] = c_then;
        block_sums[3 * b + 2] = income;
    }
    double c_now = 0, c_then = 0, income = 0;
    for (int b = 0; b < blocks; b++) {
        c_now += block_sums[3 * b];
        c_then += block_sums[3 * b + 1];
        income += block_sums[3 * b + 2];
    }
    out->consumption_displaced = displaced > 0 ? c_now / (double)displaced : NAN;
    out->uhi_displaced = displaced > 0 && c_then > 0 ? c_now / c_then : NAN;

    const double real_y = 12.0 / price_level; /* nominal income a month -> real a year */
    out->income_mean = income / n * real_y;
    metrics_sort_nonnegative(ag->income, work, n);
    out->income_median = metrics_quantile_sorted(ag->income, n, 0.5) * real_y;
    out->income_p10 = metrics_quantile_sorted(ag->income, n, 0.1) * real_y;
    out->income_p90 = metrics_quantile_sorted(ag->income, n, 0.9) * real_y;
    out->gini_income = metrics_gini_sorted(ag->income, n);

    metrics_sort_nonnegative(balance, work, n);
    out->median_balance = metrics_quantile_sorted(balance, n, 0.5);
    out->consumption_median = out->median_balance * real_c;
    out->consumption_p10 = metrics_quantile_sorted(balance, n, 0.1) * real_c;
    out->gini_money = metrics_gini_sorted(balance, n);
}

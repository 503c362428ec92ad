/* metrics.c - Quantiles, Gini and group means of one month (MODEL.md 6).
 * The values are sorted exactly by exact_sort.c. */
#include "metrics.h"

#include <math.h>

#include "distributed.h"
#include "exact_sort.h"
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

/* The rules of MODEL.md 6 on sorted values x_(1) <= ... <= x_(n) (ties in any
 * order give the same results). Gini:
 *   G = sum_i (2i - n - 1) x_(i) / (n sum_i x_(i)),  i = 1..n;  0 if sum x = 0.
 * With a 0-based index i the weight 2i - n - 1 is 2 (i + 1) - n - 1. */
static inline double gini_weight(int i, int n) { return 2.0 * (i + 1) - n - 1; }

static inline double gini_of(double weighted, double total, int n)
{
    return total > 0 ? weighted / ((double)n * total) : 0.0;
}

double metrics_gini_sorted(const double *x, int n)
{
    double weighted = 0.0, total = 0.0;
    for (int i = 0; i < n; i++) {
        weighted += gini_weight(i, n) * x[i];
        total += x[i];
    }
    return gini_of(weighted, total, n);
}

/* metrics_gini_sorted of x and of y in one loop: each sum keeps its own order
 * of additions (and bits), and the four chains of dependent additions overlap. */
static void gini_sorted_pair(const double *x, const double *y, int n, double *gini_x,
                             double *gini_y)
{
    double wx = 0.0, tx = 0.0, wy = 0.0, ty = 0.0;
    for (int i = 0; i < n; i++) {
        const double w = gini_weight(i, n);
        wx += w * x[i];
        tx += x[i];
        wy += w * y[i];
        ty += y[i];
    }
    *gini_x = gini_of(wx, tx, n);
    *gini_y = gini_of(wy, ty, n);
}

/* Quantile f (R type 7, GSL's gsl_stats_quantile_from_sorted_data, with the
 * same operations so the same bits): at position h = (n - 1) f between order
 * statistics x[j] and x[j+1], j = floor(h),
 *   Q(f) = (1 - d) x[j] + d x[j+1],  d = h - j;  x[n-1] at the top; 0 if n = 0. */
double metrics_quantile_sorted(const double *x, int n, double f)
{
    if (n == 0)
        return 0.0;
    const double h = f * (n - 1);
    const int j = (int)h;
    const double d = h - j;
    return j == n - 1 ? x[j] : (1 - d) * x[j] + d * x[j + 1];
}

void metrics_distribution(Agents *ag, double *balance, double *work, double *block_sums,
                          double price_level, double velocity, int month, Distribution *out)
{
    const int n = ag->n, blocks = block_count(n), lo = ag->block_lo, hi = ag->block_hi;
    const double real_c = velocity / price_level; /* m -> real consumption a year */
    const uint8_t *restrict status = ag->status;
    const double *restrict income_of = ag->income, *restrict bal = balance;
    double *restrict c0 = ag->c0;
    long long displaced = 0;
#pragma omp parallel for schedule(static) default(none) shared(status, income_of, bal, c0, block_sums, lo, hi, n, real_c, month) reduction(+ : displaced)
    for (int b = lo; b < hi; b++) {
        double c_now = 0, c_then = 0, income = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            if (month == 0)
                c0[i] = bal[i] * real_c;
            income += income_of[i];
            /* branch-free, as displacement is random across agents: x 1 and x 0
             * (values >= 0), and adding +0.0 leaves the sums' bits as skipping
             * the employed would */
            const int d = !(status[i] & AGENT_EMPLOYED);
            c_now += bal[i] * real_c * (double)d;
            c_then += c0[i] * (double)d;
            displaced += d;
        }
        block_sums[3 * b] = c_now;
        block_sums[3 * b + 1] = c_then;
        block_sums[3 * b + 2] = income;
    }
    dist_share_block_sums(block_sums, 3, blocks);
    displaced = dist_sum_count(displaced);
    double c_now = 0, c_then = 0, income = 0;
    for (int b = 0; b < blocks; b++) {
        c_now += block_sums[3 * b];
        c_then += block_sums[3 * b + 1];
        income += block_sums[3 * b + 2];
    }
    out->consumption_displaced = displaced > 0 ? c_now / (double)displaced : NAN;
    out->uhi_displaced = displaced > 0 && c_then > 0 ? c_now / c_then : NAN;

    /* quantiles and Gini need every agent's value, whichever rank stepped it */
    dist_share_agents(ag->income, n);
    dist_share_agents(balance, n);
    const double real_y = 12.0 / price_level; /* nominal income a month -> real a year */
    out->income_mean = income / n * real_y;
    exact_sort_nonnegative(ag->income, work, n);
    out->income_median = metrics_quantile_sorted(ag->income, n, 0.5) * real_y;
    out->income_p10 = metrics_quantile_sorted(ag->income, n, 0.1) * real_y;
    out->income_p90 = metrics_quantile_sorted(ag->income, n, 0.9) * real_y;

    exact_sort_nonnegative(balance, work, n);
    out->median_balance = metrics_quantile_sorted(balance, n, 0.5);
    out->consumption_median = out->median_balance * real_c;
    out->consumption_p10 = metrics_quantile_sorted(balance, n, 0.1) * real_c;
    gini_sorted_pair(ag->income, balance, n, &out->gini_income, &out->gini_money);
}

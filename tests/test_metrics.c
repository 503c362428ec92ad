/* test_metrics.c - Quantiles and Gini against hand-computed values and GSL
 * (the sort behind them: test_exact_sort.c). */
#include <string.h>

#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include "exec.h"
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

/* metrics_quantile_sorted writes out GSL's formula: it must give GSL's bits for
 * every fraction, including both ends, on sorted data with ties and zeros. */
static int quantiles_should_equal_gsl_bits(void)
{
    enum { N = 1000 };
    double x[N];
    unsigned s = 12345u;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = i % 9 == 0 ? 0.0 : exp(10 * ((s >> 8) / 16777216.0));
    }
    gsl_sort(x, 1, N);
    for (int n = 1; n <= N; n += n < 20 ? 1 : 97)
        for (int k = 0; k <= 1000; k++) {
            const double f = k / 1000.0;
            const double ours = metrics_quantile_sorted(x, n, f);
            const double gsl = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, f);
            CHECK(memcmp(&ours, &gsl, sizeof ours) == 0);
        }
    CHECK(metrics_quantile_sorted(x, 0, 0.5) == 0.0);
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

/* The displaced medians (MODEL.md 6) on hand-made agents over two blocks:
 * agents i = 0, 5, 10, ... are displaced; month 0 records c0 = balance v / P
 * = balance (v = P = 1); in month 1 every balance doubles except agent 0's,
 * which is multiplied by 1000 (a rich outlier a ratio of sums would report).
 * The displaced's ratios are then {1000, 2, 2, ..., 2}: median 2; their
 * consumption now is 2 balance, balance_i = 1 + i. */
static int displaced_medians_should_ignore_a_rich_outlier(void)
{
    enum { N = EXEC_BLOCK_SIZE + 11 };
    static uint8_t status[N];
    static int32_t lost[N];
    static double m[N], bal[N], income[N], c0[N], list_c[N], list_r[N], work[N];
    long long count[4];
    Agents ag = {.n = N, .status = status, .lost_month = lost, .c0 = c0};
    const BlockPlan plan = exec_plan_local(N);
    Exec *ex = exec_create(&plan);
    CHECK(ex != NULL && plan.blocks == 2);
    double displaced_c[N];
    int d = 0;
    for (int i = 0; i < N; i++) {
        status[i] = i % 5 == 0 ? 0 : AGENT_EMPLOYED;
        lost[i] = i % 5 == 0 ? 0 : -1;
        bal[i] = m[i] = 1.0 + i;
        income[i] = 1.0;
    }
    for (int month = 0; month < 2; month++) {
        if (month == 1)
            for (int i = 0; i < N; i++)
                bal[i] = (i == 0 ? 1000.0 : 2.0) * (1.0 + i);
        MetricsPass pass;
        metrics_prepare(&pass, &ag, bal, income, 1.0, 1.0, month, list_c, list_r, count, 2);
        const Kernel k = metrics_kernel(&pass);
        BlockResult total;
        exec_pass(ex, &k, 1, &total);
        Distribution dist;
        double occ = 0;
        ag.n_occ = 0;
        double b2[N], i2[N];
        memcpy(b2, bal, sizeof b2);
        memcpy(i2, income, sizeof i2);
        metrics_distribution(ex, &total, &pass, &ag, b2, i2, work, 1.0, 1.0, &occ, &dist);
        if (month == 1) {
            d = 0;
            for (int i = 0; i < N; i += 5)
                displaced_c[d++] = bal[i];
            CHECK(total.count[0] == d && count[0] + count[2] == d && count[1] + count[3] == d);
            CHECK(dist.uhi_displaced == 2.0);
            CHECK(dist.consumption_displaced == gsl_stats_median(displaced_c, 1, (size_t)d));
        }
    }
    exec_destroy(ex);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(gini_should_match_hand_computed_value, failures);
    RUN(quantiles_should_interpolate_linearly, failures);
    RUN(quantiles_should_equal_gsl_bits, failures);
    RUN(series_table_should_name_every_series_once, failures);
    RUN(displaced_medians_should_ignore_a_rich_outlier, failures);
    return failures != 0;
}

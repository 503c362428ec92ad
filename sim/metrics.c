/* metrics.c - Quantiles, Gini and group means of one month (MODEL.md 6).
 *
 * Exact quantiles and Gini every month need sorted values. GSL's gsl_sort is a
 * heapsort (312 ms for 1e6 doubles here, shared/TOOLCHAIN.md 5), which would
 * dominate a run; a radix sort on the bit patterns of non-negative doubles is
 * exact and linear. */
#include "metrics.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "distributed.h"
#include "order.h"

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

enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS };

/* The group of key k: 0 for +0.0, else 1 + (k - lo) >> shift. Without a
 * branch: zeros (incomes of the displaced without capital) are scattered at
 * random, and a branch on them would be mispredicted. */
static inline uint32_t group_of(uint64_t k, uint64_t lo, int shift)
{
    const uint64_t positive = 0 - (uint64_t)(k != 0); /* all ones, or 0 for k = 0 */
    return (uint32_t)(((k - lo) >> shift) + 1) & (uint32_t)positive;
}

/* Normalises -0.0 to +0.0 in a[0..n-1] (bit patterns of doubles >= 0) and
 * returns the smallest positive key in *lo (UINT64_MAX if none) and the
 * largest key in *hi (0 if all are zero). */
static void key_bounds_scalar(uint64_t *a, int n, uint64_t *lo, uint64_t *hi)
{
    const uint64_t sign = 1ULL << 63;
    uint64_t l = UINT64_MAX, h = 0;
    for (int i = 0; i < n; i++) {
        uint64_t k = a[i];
        if (k == sign) /* rare, so the store is a branch */
            a[i] = k = 0;
        l = k != 0 && k < l ? k : l;
        h = k > h ? k : h;
    }
    *lo = l;
    *hi = h;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* key_bounds_scalar four values at a time: on doubles >= 0, min and max of the
 * values are min and max of the keys. */
__attribute__((target("avx2"))) static void key_bounds_avx2(uint64_t *a, int n, uint64_t *lo,
                                                             uint64_t *hi)
{
    const double *x = (const double *)(const void *)a;
    const __m256d zero = _mm256_setzero_pd(), inf = _mm256_set1_pd(HUGE_VAL);
    const __m256i sign = _mm256_set1_epi64x((long long)(1ULL << 63));
    __m256d l = inf, h = zero;
    __m256i negative_zero = _mm256_setzero_si256();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256d v = _mm256_loadu_pd(x + i);
        l = _mm256_min_pd(l, _mm256_blendv_pd(inf, v, _mm256_cmp_pd(v, zero, _CMP_GT_OQ)));
        h = _mm256_max_pd(h, v);
        negative_zero =
            _mm256_or_si256(negative_zero, _mm256_cmpeq_epi64(_mm256_castpd_si256(v), sign));
    }
    double ls[4], hs[4];
    _mm256_storeu_pd(ls, l);
    _mm256_storeu_pd(hs, h);
    uint64_t tail_lo, tail_hi;
    key_bounds_scalar(a + i, n - i, &tail_lo, &tail_hi);
    if (!_mm256_testz_si256(negative_zero, negative_zero)) {
        uint64_t unused_lo, unused_hi; /* only to turn -0.0 into +0.0 */
        key_bounds_scalar(a, i, &unused_lo, &unused_hi);
    }
    uint64_t lk = tail_lo, hk = tail_hi;
    for (int j = 0; j < 4; j++) {
        uint64_t lj, hj;
        memcpy(&lj, &ls[j], sizeof lj);
        memcpy(&hj, &hs[j], sizeof hj);
        if (ls[j] < HUGE_VAL && lj < lk)
            lk = lj;
        if (hs[j] > 0 && hj > hk)
            hk = hj;
    }
    *lo = lk;
    *hi = hk;
}
#endif

static void key_bounds(uint64_t *a, int n, uint64_t *lo, uint64_t *hi)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) {
        key_bounds_avx2(a, n, lo, hi);
        return;
    }
#endif
    key_bounds_scalar(a, n, lo, hi);
}

/* Turns per-half counts into write positions: bucket v starts with the first
 * half's keys (first[v] of them), then the second half's. */
static void prefix_two_halves(uint32_t *first, uint32_t *second)
{
    uint32_t pos = 0;
    for (int v = 0; v < RADIX; v++) {
        const uint32_t k0 = first[v], k1 = second[v];
        first[v] = pos;
        second[v] = pos + k0;
        pos += k0 + k1;
    }
}

/* Orders keys a[0..n-1] (no -0.0) by group, 2^21 groups of bit patterns above
 * zero's (shift as chosen by the caller), with two least-significant-digit
 * counting passes of 11 bits; b is scratch. Returns where the keys now are (a
 * or b).
 *
 * Neighbours often share a digit, and a table entry bumped twice in a row makes
 * the second bump wait for the first. So each pass takes its input as two
 * halves stepped side by side, each with its own counts and write positions:
 * bucket v holds the first half's keys, then the second half's, so the pass
 * stays stable. The high digit's counts per half of the middle array are taken
 * while the low pass writes it. */
static uint64_t *group_by_two_passes(uint64_t *a, uint64_t *b, int n, uint64_t lo, int shift)
{
    static _Thread_local uint32_t low[2][RADIX], high[2][RADIX]; /* [half][value] */
    memset(low, 0, sizeof low);
    memset(high, 0, sizeof high);
    const int half = n / 2; /* odd n: the last key joins the second half */
    for (int i = 0; i < half; i++) {
        low[0][group_of(a[i], lo, shift) & (RADIX - 1)]++;
        low[1][group_of(a[half + i], lo, shift) & (RADIX - 1)]++;
    }
    if (n % 2)
        low[1][group_of(a[n - 1], lo, shift) & (RADIX - 1)]++;
    const uint32_t first_low = group_of(a[0], lo, shift) & (RADIX - 1);
    if (low[0][first_low] + low[1][first_low] == (uint32_t)n) {
        /* the same low digit everywhere: no low pass; the high counts directly */
        for (int i = 0; i < n; i++)
            high[i >= half][group_of(a[i], lo, shift) >> RADIX_BITS]++;
    } else {
        prefix_two_halves(low[0], low[1]);
        for (int i = 0; i < half; i++) {
            const uint64_t k = a[i], l = a[half + i];
            const uint32_t g = group_of(k, lo, shift), h = group_of(l, lo, shift);
            const uint32_t p = low[0][g & (RADIX - 1)]++, q = low[1][h & (RADIX - 1)]++;
            b[p] = k;
            b[q] = l;
            high[p >= (uint32_t)half][g >> RADIX_BITS]++;
            high[q >= (uint32_t)half][h >> RADIX_BITS]++;
        }
        if (n % 2) {
            const uint64_t l = a[n - 1];
            const uint32_t h = group_of(l, lo, shift), q = low[1][h & (RADIX - 1)]++;
            b[q] = l;
            high[q >= (uint32_t)half][h >> RADIX_BITS]++;
        }
        uint64_t *t = a;
        a = b;
        b = t;
    }
    const uint32_t first_high = group_of(a[0], lo, shift) >> RADIX_BITS;
    if (high[0][first_high] + high[1][first_high] == (uint32_t)n)
        return a;
    prefix_two_halves(high[0], high[1]);
    for (int i = 0; i < half; i++) {
        const uint64_t k = a[i], l = a[half + i];
        b[high[0][group_of(k, lo, shift) >> RADIX_BITS]++] = k;
        b[high[1][group_of(l, lo, shift) >> RADIX_BITS]++] = l;
    }
    if (n % 2) {
        const uint64_t l = a[n - 1];
        b[high[1][group_of(l, lo, shift) >> RADIX_BITS]++] = l;
    }
    return b;
}

enum { WIDE_HIGH_BITS = 13, WIDE_MIN_N = 1 << 19 };

/* As group_by_two_passes, for arrays too large for the caches: 2^23 groups,
 * ordered most significant digit first. The high digit (13 bits) moves each key
 * once to its bucket; values crowd into a few binades, so few buckets are
 * written at a time. Each bucket then fits in cache and is ordered by its low 11
 * bits (fewer for small buckets, whose few keys need fewer groups). a ends up
 * holding the keys; b is scratch. */
static void group_most_significant_first(uint64_t *a, uint64_t *b, int n, uint64_t lo, int shift)
{
    static _Thread_local uint32_t high[1 << WIDE_HIGH_BITS], low[RADIX];
    memset(high, 0, sizeof high);
    for (int i = 0; i < n; i++)
        high[group_of(a[i], lo, shift) >> RADIX_BITS]++;
    order_counts_to_starts(high, 1 << WIDE_HIGH_BITS, 0);
    for (int i = 0; i < n; i++) {
        const uint64_t k = a[i];
        b[high[group_of(k, lo, shift) >> RADIX_BITS]++] = k;
    }
    uint32_t start = 0; /* high[v] is now the end of bucket v */
    for (int v = 0; v < 1 << WIDE_HIGH_BITS; v++) {
        const uint32_t end = high[v], m = end - start;
        if (m <= 16) { /* the insertion finish orders it */
            memcpy(a + start, b + start, m * sizeof *a);
            start = end;
            continue;
        }
        const int bits = m > RADIX ? RADIX_BITS : 32 - __builtin_clz(m - 1);
        const int drop = RADIX_BITS - bits;
        memset(low, 0, sizeof *low << bits);
        for (uint32_t i = start; i < end; i++)
            low[(group_of(b[i], lo, shift) & (RADIX - 1)) >> drop]++;
        order_counts_to_starts(low, 1 << bits, start);
        for (uint32_t i = start; i < end; i++) {
            const uint64_t k = b[i];
            a[low[(group_of(k, lo, shift) & (RADIX - 1)) >> drop]++] = k;
        }
        start = end;
    }
}

void metrics_sort_nonnegative(double *x, double *tmp, int n)
{
    /* For x >= 0 the IEEE-754 bit patterns order like the values. Counting
     * passes order the keys by group: zeros first, then the span from the
     * smallest positive key lo to the largest cut into equal groups of bit
     * patterns: 2^21 (about 1e-5 relative width for values spanning 40 binades;
     * exact when the span is under 2^21), or 2^23 from WIDE_MIN_N values on, where
     * the arrays leave the caches and finer groups save more insertion work than
     * they cost. An insertion sort then orders each group. If groups are crowded,
     * it gives up after 8 n moves and a full 64-bit radix sort finishes, so the
     * cost stays linear. */
    if (n < 2)
        return;
    uint64_t *a = (uint64_t *)(void *)x, *b = (uint64_t *)(void *)tmp;
    uint64_t lo, hi;
    key_bounds(a, n, &lo, &hi);
    if (hi == 0)
        return; /* all zero */
    const uint64_t span = hi - lo;
    const int bits = span == 0 ? 0 : 64 - __builtin_clzll(span);
    const int group_bits = n < WIDE_MIN_N ? 2 * RADIX_BITS - 1 : WIDE_HIGH_BITS + RADIX_BITS - 1;
    const int shift = bits > group_bits ? bits - group_bits : 0;
    if (n < WIDE_MIN_N)
        a = group_by_two_passes(a, b, n, lo, shift);
    else
        group_most_significant_first(a, b, n, lo, shift);
    if (shift > 0 || n >= WIDE_MIN_N) { /* small buckets of the wide grouping use coarser groups */
        long long budget = 8LL * n;
        int i = 1;
        for (; i < n && budget > 0; i++) {
            uint64_t key = a[i];
            if (a[i - 1] <= key)
                continue;
            int j = i - 1;
            do {
                a[j + 1] = a[j];
                j--;
            } while (j >= 0 && a[j] > key);
            budget -= i - 1 - j;
            a[j + 1] = key;
        }
        if (i < n) { /* crowded */
            uint64_t *other = a == (uint64_t *)(void *)x ? (uint64_t *)(void *)tmp
                                                         : (uint64_t *)(void *)x;
            if (order_radix_sort(a, other, NULL, NULL, n))
                a = other;
        }
    }
    if ((void *)a != (void *)x)
        memcpy(x, a, (size_t)n * sizeof *x);
}

/* One sorted value's terms of the Gini coefficient: sum (2 rank - n - 1) x and
 * sum x, rank = i + 1 (ties in any order give the same sum). */
static inline void gini_add(double *weighted, double *total, double x, int i, int n)
{
    *weighted += (2.0 * (i + 1) - n - 1) * x;
    *total += x;
}

static inline double gini_of(double weighted, double total, int n)
{
    return total > 0 ? weighted / ((double)n * total) : 0.0;
}

double metrics_gini_sorted(const double *x, int n)
{
    double weighted = 0.0, total = 0.0;
    for (int i = 0; i < n; i++)
        gini_add(&weighted, &total, x[i], i, n);
    return gini_of(weighted, total, n);
}

double metrics_quantile_sorted(const double *x, int n, double f)
{
    return gsl_stats_quantile_from_sorted_data(x, 1, (size_t)n, f);
}

void metrics_prepare(MetricsPass *pass, Agents *ag, const double *balance, const double *income,
                     double price_level, double velocity, int month)
{
    *pass = (MetricsPass){.status = ag->status, .balance = balance, .income = income, .c0 = ag->c0,
                          .real_c = velocity / price_level, .month = month};
}

static void metrics_block(const void *ctx, Block blk, BlockResult *out)
{
    const MetricsPass *p = ctx;
    const uint8_t *restrict status = p->status;
    const double *restrict income_of = p->income, *restrict bal = p->balance;
    double *restrict c0 = p->c0;
    const double real_c = p->real_c;
    double c_now = 0, c_then = 0, income = 0;
    long long displaced = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        if (p->month == 0)
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
    out->sum[0] = c_now;
    out->sum[1] = c_then;
    out->sum[2] = income;
    out->count[0] = displaced;
}

Kernel metrics_kernel(const MetricsPass *pass) { return (Kernel){metrics_block, pass}; }

void metrics_distribution(const BlockResult *totals, int n, double *balance, double *income_of,
                          double *work, double price_level, double velocity, Distribution *out)
{
    const double real_c = velocity / price_level; /* m -> real consumption a year */
    const double c_now = totals->sum[0], c_then = totals->sum[1], income = totals->sum[2];
    const long long displaced = totals->count[0];
    out->consumption_displaced = displaced > 0 ? c_now / (double)displaced : NAN;
    out->uhi_displaced = displaced > 0 && c_then > 0 ? c_now / c_then : NAN;

    /* quantiles and Gini need every agent's value, whichever rank stepped it */
    dist_share_agents(income_of, n);
    dist_share_agents(balance, n);
    const double real_y = 12.0 / price_level; /* nominal income a month -> real a year */
    out->income_mean = income / n * real_y;
    metrics_sort_nonnegative(income_of, work, n);
    out->income_median = metrics_quantile_sorted(income_of, n, 0.5) * real_y;
    out->income_p10 = metrics_quantile_sorted(income_of, n, 0.1) * real_y;
    out->income_p90 = metrics_quantile_sorted(income_of, n, 0.9) * real_y;

    metrics_sort_nonnegative(balance, work, n);
    out->median_balance = metrics_quantile_sorted(balance, n, 0.5);
    out->consumption_median = out->median_balance * real_c;
    out->consumption_p10 = metrics_quantile_sorted(balance, n, 0.1) * real_c;
    /* both Gini sums in one loop: each keeps its own order (and bits), and the
     * four chains of dependent additions overlap */
    double w_income = 0.0, t_income = 0.0, w_money = 0.0, t_money = 0.0;
    for (int i = 0; i < n; i++) {
        gini_add(&w_income, &t_income, income_of[i], i, n);
        gini_add(&w_money, &t_money, balance[i], i, n);
    }
    out->gini_income = gini_of(w_income, t_income, n);
    out->gini_money = gini_of(w_money, t_money, n);
}

void metrics_occupation_prepare(OccupationPass *pass)
{
    memset(pass->counts, 0, (size_t)pass->ag->n_occ * 2 * sizeof *pass->counts);
}

static void occupation_block(const void *ctx, Block blk, BlockResult *out)
{
    (void)out;
    const OccupationPass *p = ctx;
    const Agents *ag = p->ag;
    const int first = ag->occ[blk.begin], last = ag->occ[blk.end - 1];
    long long *edge = &p->edge[4 * (size_t)blk.index];
    edge[2] = edge[3] = 0;
    for (int o = first; o <= last; o++) {
        const int lo = ag->occ_begin[o] > blk.begin ? ag->occ_begin[o] : blk.begin;
        const int hi = ag->occ_begin[o + 1] < blk.end ? ag->occ_begin[o + 1] : blk.end;
        long long e = 0, a = 0;
        for (int i = lo; i < hi; i++) {
            e += ag->status[i] & AGENT_EMPLOYED;
            a += ag->slot[i] != TECH_HUMAN;
        }
        /* the block's first and last occupation may run on into other blocks */
        long long *to = o == first ? edge : o == last ? edge + 2 : &p->counts[2 * o];
        to[0] = e;
        to[1] = a;
    }
}

Kernel metrics_occupation_kernel(const OccupationPass *pass)
{
    return (Kernel){occupation_block, pass};
}

void metrics_occupations(const OccupationPass *pass, const Exec *ex, const OccupationTable *t,
                         double scale, int month, int months, double *employed, double *automated,
                         long long automated_class[2])
{
    const Agents *ag = pass->ag;
    const BlockPlan *plan = exec_block_plan(ex);
    long long *counts = pass->counts;
    for (int b = plan->lo; b < plan->hi; b++) {
        const long long *edge = &pass->edge[4 * (size_t)b];
        const int first = ag->occ[exec_block_begin(b)];
        const int last = ag->occ[exec_block_end(b, ag->n) - 1];
        counts[2 * first] += edge[0];
        counts[2 * first + 1] += edge[1];
        if (last != first) {
            counts[2 * last] += edge[2];
            counts[2 * last + 1] += edge[3];
        }
    }
    exec_sum_counts(ex, counts, 2 * ag->n_occ);
    automated_class[CLASS_WHITE] = automated_class[CLASS_BLUE] = 0;
    for (int o = 0; o < ag->n_occ; o++) {
        const long long e = counts[2 * o], a = counts[2 * o + 1];
        employed[(size_t)o * months + month] = (double)e * scale;
        automated[(size_t)o * months + month] = (double)a * scale;
        automated_class[t->rows[o].job_class] += a;
    }
}

void metrics_row(const MonthRecord *r, double *row)
{
    const Agents *ag = r->ag;
    const Technology *tech = r->tech;
    const Production *prod = r->prod;
    const Distribution *dist = r->dist;
    const int n = ag->n;
    const double scale = ag->scale;
    const double spending = r->spending->spending, price = r->spending->price;
    const double capital_income = r->incomes->capital_income;
    const long long employed = prod->employed[CLASS_WHITE] + prod->employed[CLASS_BLUE];
    const long long displaced = n - employed;
    const double M = r->money_stock;
    const double L = scale * n;
    const double nw = (double)ag->n_class[CLASS_WHITE], nb = (double)ag->n_class[CLASS_BLUE];
    row[SERIES_month] = r->month;
    row[SERIES_year] = r->start_year + tech->years;
    row[SERIES_money_stock] = M;
    row[SERIES_velocity] = 12.0 * spending / M;
    row[SERIES_price_level] = price;
    row[SERIES_output] = 12.0 * prod->output;
    row[SERIES_nominal_gdp] = 12.0 * spending;
    row[SERIES_inflation] = r->spending->inflation;
    row[SERIES_expected_inflation] = r->spending->expected_inflation;
    row[SERIES_ai_capability] = tech->ai;
    row[SERIES_robot_capability] = tech->robot;
    row[SERIES_robot_fleet] = tech->fleet;
    row[SERIES_robot_slots] = (double)r->robot_slots * scale;
    row[SERIES_energy_gw] = tech->energy_gw;
    row[SERIES_machine_output_cap] = 12.0 * tech->machine_cap;
    row[SERIES_cap_binding] = prod->cap_binding;
    row[SERIES_human_output] = 12.0 * prod->human;
    row[SERIES_machine_output] = 12.0 * prod->machine;
    row[SERIES_employment_rate] = (double)employed / n;
    row[SERIES_employment_rate_white] = nw > 0 ? (double)prod->employed[CLASS_WHITE] / nw : 0.0;
    row[SERIES_employment_rate_blue] = nb > 0 ? (double)prod->employed[CLASS_BLUE] / nb : 0.0;
    row[SERIES_automated_share_white] = nw > 0 ? (double)r->automated_class[CLASS_WHITE] / nw : 0.0;
    row[SERIES_automated_share_blue] = nb > 0 ? (double)r->automated_class[CLASS_BLUE] / nb : 0.0;
    row[SERIES_displaced] = (double)displaced * scale;
    row[SERIES_reemployed] = (double)r->reemployed * scale;
    row[SERIES_real_income_mean] = dist->income_mean;
    row[SERIES_real_income_median] = dist->income_median;
    row[SERIES_real_income_p10] = dist->income_p10;
    row[SERIES_real_income_p90] = dist->income_p90;
    row[SERIES_real_consumption_mean] = 12.0 * spending / price / L;
    row[SERIES_real_consumption_median] = dist->consumption_median;
    row[SERIES_real_consumption_p10] = dist->consumption_p10;
    row[SERIES_real_consumption_displaced] = dist->consumption_displaced;
    row[SERIES_real_wage_employed] =
        employed > 0 ? 12.0 * ag->labour_share * prod->human / (scale * (double)employed) : NAN;
    row[SERIES_capital_share] = capital_income / spending;
    row[SERIES_ubi_per_worker] = 12.0 * r->incomes->tax_rate * capital_income / L;
    row[SERIES_money_created] = r->money_created;
    row[SERIES_gini_income] = dist->gini_income;
    row[SERIES_gini_money] = dist->gini_money;
    row[SERIES_real_median_balance] = dist->median_balance / price;
    row[SERIES_uhi_p10] = r->p10_c0 > 0 ? dist->consumption_p10 / r->p10_c0 : 0.0;
    row[SERIES_uhi_median] = r->median_c0 > 0 ? dist->consumption_median / r->median_c0 : 0.0;
    row[SERIES_uhi_displaced] = dist->uhi_displaced;
    row[SERIES_identity_mv_pq] =
        fabs(M * r->velocity - 12.0 * price * prod->output) / (12.0 * price * prod->output);
    row[SERIES_identity_money] = fabs(scale * r->sum_m - M) / M;
}

/* exact_sort.c - The exact sort of non-negative doubles behind the month's
 * quantiles and Gini, its form for values of any sign, the exact median of
 * the displaced (see exact_sort.h), and the reference they must equal.
 *
 * Exact quantiles and Gini every month need sorted values. GSL's gsl_sort is a
 * heapsort (312 ms for 1e6 doubles here, shared/TOOLCHAIN.md 5), which would
 * dominate a run; a radix sort on the bit patterns of non-negative doubles is
 * exact and linear. The reference at the end is what the fast path must equal. */
#include "exact_sort.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>

#include "exec.h"
#include "order.h"

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

/* Finishes keys a[0..n-1], already ordered by group, with an insertion sort.
 * Gives up after 2 n moves (crowded groups) and returns false, leaving a a
 * permutation of its keys still ordered by group, so the cost stays linear. */
static bool insertion_finish(uint64_t *a, int n)
{
    long long budget = 2LL * n;
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
    return i == n;
}

void exact_sort_nonnegative(double *x, double *scratch, int n);

/* Orders keys a[lo..hi) by insertion, without a budget (a short run). */
static void insertion_run(uint64_t *a, int lo, int hi)
{
    for (int i = lo + 1; i < hi; i++) {
        const uint64_t key = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

/* The crowded case (the insertion finish gave up): keys a[0..n-1], ordered by
 * run (the group, or in the wide grouping its high digit, whose buckets' low
 * groups may be coarser), are finished run by run, a short one by insertion, a
 * long one by sorting it on its own over its own, narrower span. Long runs are
 * crowds of values clustered in a few bit patterns, such as balances
 * converging on one steady state under sticky wages. b is scratch. */
static void finish_runs(uint64_t *a, uint64_t *b, int n, uint64_t lo, int shift, bool wide)
{
    const int run_shift = wide ? RADIX_BITS : 0;
    int start = 0;
    while (start < n) {
        const uint32_t run = group_of(a[start], lo, shift) >> run_shift;
        int end = start + 1;
        while (end < n && group_of(a[end], lo, shift) >> run_shift == run)
            end++;
        if (end - start >= 256) {
            /* the run's own span is at most one group's width, 2^shift bit
             * patterns: regrouped over it, its groups are 2^21 times finer, so
             * this recurses at most three times */
            exact_sort_nonnegative((double *)(void *)(a + start), (double *)(void *)(b + start),
                                   end - start);
        } else {
            insertion_run(a, start, end);
        }
        start = end;
    }
}

/* Orders the m keys in[0..m-1] of one bucket of the wide grouping's high
 * digit into out[0..m-1]: by the bucket's low bits (fewer for small buckets,
 * whose few keys need fewer groups), then by insertion, or, when the bucket
 * is crowded (values clustered in a few bit patterns, such as balances
 * converging on one steady state under sticky wages), sorted on its own over
 * its own span. in is scratch afterwards. */
static void finish_bucket(uint64_t *in, uint64_t *out, uint32_t m, uint64_t lo, int shift)
{
    static _Thread_local uint32_t low[RADIX];
    if (m <= 16) {
        memcpy(out, in, m * sizeof *out);
        insertion_run(out, 0, (int)m);
        return;
    }
    const int bits = m > RADIX ? RADIX_BITS : 32 - __builtin_clz(m - 1);
    const int drop = RADIX_BITS - bits;
    memset(low, 0, sizeof *low << bits);
    for (uint32_t i = 0; i < m; i++)
        low[(group_of(in[i], lo, shift) & (RADIX - 1)) >> drop]++;
    order_counts_to_starts(low, 1 << bits, 0);
    for (uint32_t i = 0; i < m; i++) {
        const uint64_t k = in[i];
        out[low[(group_of(k, lo, shift) & (RADIX - 1)) >> drop]++] = k;
    }
    if (!insertion_finish(out, (int)m))
        finish_runs(out, in, (int)m, lo, shift, true);
}

typedef struct StatsRun StatsRun;
static void stats_take(StatsRun *r, const uint64_t *keys, int m);

enum { BUCKET_CACHE_KEYS = 8192 }; /* 64 KiB: a bucket finished here stays in the L2 cache */

/* Orders keys a[0..n-1] (no -0.0) in the wide grouping, for arrays too large
 * for the caches: 2^23 groups, most significant digit first. The high digit
 * (13 bits) moves each key once to its bucket in b; values crowd into a few
 * binades, so few buckets are written at a time. Each bucket, then in cache,
 * is finished (finish_bucket) into its place in a, or, with r, into a buffer
 * that stays in cache and added to r's sums there (buckets larger than the
 * buffer go to their place in a), so that the sorted array is never written
 * back: a then holds only those. */
static void wide_sort(uint64_t *a, uint64_t *b, int n, uint64_t lo, int shift, StatsRun *r)
{
    static _Thread_local uint64_t cache[BUCKET_CACHE_KEYS];
    /* on the stack: a crowded bucket's own sort may come back here */
    uint32_t high[1 << WIDE_HIGH_BITS];
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
        if (m == 0)
            continue;
        uint64_t *const out = r != NULL && m <= BUCKET_CACHE_KEYS ? cache : a + start;
        finish_bucket(b + start, out, m, lo, shift);
        if (r != NULL)
            stats_take(r, out, (int)m);
        start = end;
    }
}

enum { MEDIAN_SAMPLE = 4096, MEDIAN_MARGIN = 128 }; /* 4 sd of a sample rank */

double exact_median_nonnegative(double *x, double *scratch, int n)
{
    if (n <= 0)
        return NAN;
    const int j = (n - 1) / 2;      /* the order statistics j and, for even n, j + 1 */
    const int last = j + (n % 2 == 0);
    int below = 0; /* values moved out of the front, all smaller than x[0..] */
    int sorted = n; /* x[0..sorted) is what gets sorted */
    if (n > 2 * MEDIAN_SAMPLE) {
        /* Floyd and Rivest's selection: a sample, taken at fixed strides (the
         * same values whatever the order of computation), brackets rank j with
         * two of its values; one pass counts what lies below the bracket and
         * swaps what lies in it to the front, and only that (about a tenth) is
         * sorted. The result is exact whatever the sample: a bracket that
         * misses sorts everything (the swaps keep every value). */
        double *sample = scratch, *sample_scratch = scratch + MEDIAN_SAMPLE;
        for (int i = 0; i < MEDIAN_SAMPLE; i++)
            sample[i] = x[(long long)i * n / MEDIAN_SAMPLE];
        exact_sort_nonnegative(sample, sample_scratch, MEDIAN_SAMPLE);
        const long long at = (long long)j * MEDIAN_SAMPLE / n;
        const double lo = sample[at > MEDIAN_MARGIN ? at - MEDIAN_MARGIN : 0];
        const double hi = sample[at + MEDIAN_MARGIN < MEDIAN_SAMPLE ? at + MEDIAN_MARGIN
                                                                   : MEDIAN_SAMPLE - 1];
        int under = 0, inside = 0;
        for (int i = 0; i < n; i++) {
            const double v = x[i];
            under += v < lo;
            if (v >= lo && v <= hi) { /* about a tenth: the branch is well predicted */
                x[i] = x[inside];
                x[inside++] = v;
            }
        }
        if (under <= j && last < under + inside) {
            below = under;
            sorted = inside;
        }
    }
    exact_sort_nonnegative(x, scratch, sorted);
    const double lower = x[j - below], upper = x[last - below];
    /* R type 7 at f = 0.5, the operations of metrics_quantile_sorted */
    return n % 2 ? lower : (1 - 0.5) * lower + 0.5 * upper;
}

/* The running sums of exact_sort_stats_*: sorted keys arrive run by run, in
 * ascending order. */
struct StatsRun {
    SortedStats *s;
    int n;   /* values in all */
    int pos; /* rank of the next run's first value */
    double head_sum, total, weighted;
};

static void stats_begin(StatsRun *r, SortedStats *s, int n)
{
    *r = (StatsRun){.s = s, .n = n};
    for (int j = 0; j < s->n_ranks; j++)
        s->at[j] = 0.0;
}

/* Adds the next m sorted keys (bit patterns of doubles >= 0, or after
 * exact_sort_finite of any sign) to the sums. */
static void stats_take(StatsRun *r, const uint64_t *keys, int m)
{
    const double *x = (const double *)(const void *)keys;
    SortedStats *s = r->s;
    const int pos = r->pos, n = r->n;
    for (int j = 0; j < s->n_ranks; j++) {
        const int q = s->rank[j] - pos;
        if (q >= 0 && q < m)
            s->at[j] = x[q];
    }
    double head_sum = r->head_sum, total = r->total, weighted = r->weighted;
    /* the weights are whole numbers below 2^53, so stepping by 2 gives each
     * one's exact value, as exact_gini_weight does */
    double w = exact_gini_weight(pos, n);
    const int in_head = s->head - pos < m ? s->head - pos : m;
    int i = 0;
    for (; i < in_head; i++, w += 2.0) {
        head_sum += x[i];
        weighted += w * x[i];
        total += x[i];
    }
    for (; i < m; i++, w += 2.0) {
        weighted += w * x[i];
        total += x[i];
    }
    r->head_sum = head_sum;
    r->total = total;
    r->weighted = weighted;
    r->pos = pos + m;
}

static void stats_end(const StatsRun *r)
{
    r->s->head_sum = r->head_sum;
    r->s->total = r->total;
    r->s->weighted = r->weighted;
}

enum { PARALLEL_MIN_N = 1 << 16, SORT_CHUNKS_MAX = 64, BUCKETS = 1 << WIDE_HIGH_BITS };

/* The many-threaded sort's state, shared by its phases. One such sort runs at
 * a time (exec_tasks runs sorts at once only when each has one thread), so
 * its per-chunk counts can be static: 64 chunks x 32 KiB, in memory only once
 * a sort with that many chunks has run. */
static uint32_t chunk_counts[SORT_CHUNKS_MAX][BUCKETS];
typedef struct ParallelSort {
    uint64_t *a, *b;
    int n, chunks;
    uint64_t lo, hi; /* smallest positive and largest key */
    int shift;
    uint64_t chunk_lo[SORT_CHUNKS_MAX], chunk_hi[SORT_CHUNKS_MAX];
    uint32_t ends[BUCKETS]; /* end of each bucket in b */
} ParallelSort;

static int chunk_begin(const ParallelSort *ps, int c)
{
    return (int)((long long)ps->n * c / ps->chunks);
}

/* Phase 1, per chunk: bounds (and -0.0 made +0.0). */
static void chunk_bounds(void *ctx, int c)
{
    ParallelSort *ps = ctx;
    const int begin = chunk_begin(ps, c), end = chunk_begin(ps, c + 1);
    key_bounds(ps->a + begin, end - begin, &ps->chunk_lo[c], &ps->chunk_hi[c]);
}

/* Phase 2, per chunk: counts per bucket of the high digit. */
static void chunk_count(void *ctx, int c)
{
    ParallelSort *ps = ctx;
    uint32_t *counts = chunk_counts[c];
    memset(counts, 0, sizeof chunk_counts[c]);
    for (int i = chunk_begin(ps, c); i < chunk_begin(ps, c + 1); i++)
        counts[group_of(ps->a[i], ps->lo, ps->shift) >> RADIX_BITS]++;
}

/* Phase 3, per chunk: moves its keys to their buckets in b, at the write
 * positions the prefix gave this chunk (chunk order within each bucket, so
 * the move is stable). */
static void chunk_move(void *ctx, int c)
{
    ParallelSort *ps = ctx;
    uint32_t *pos = chunk_counts[c];
    for (int i = chunk_begin(ps, c); i < chunk_begin(ps, c + 1); i++) {
        const uint64_t k = ps->a[i];
        ps->b[pos[group_of(k, ps->lo, ps->shift) >> RADIX_BITS]++] = k;
    }
}

/* Phase 4, per bucket: finished into its place in a (finish_bucket). */
static void bucket_finish(void *ctx, int v)
{
    ParallelSort *ps = ctx;
    const uint32_t first = v > 0 ? ps->ends[v - 1] : 0;
    finish_bucket(ps->b + first, ps->a + first, ps->ends[v] - first, ps->lo, ps->shift);
}

/* Orders keys a[0..n-1] (bit patterns of doubles >= 0, -0.0 allowed) with the
 * wide grouping's digits over `chunks` chunks (2 .. SORT_CHUNKS_MAX), each
 * phase spread over the threads by exec_for: every chunk bounds, counts and
 * moves its own keys, then the buckets are finished, each into its place in
 * a. b is scratch. The sorted sequence is unique, so the bytes depend neither
 * on the chunks nor on the threads. */
static void parallel_sort(uint64_t *a, uint64_t *b, int n, int chunks)
{
    static ParallelSort ps; /* 32 KiB of bucket ends: one such sort at a time, as above */
    ps.a = a;
    ps.b = b;
    ps.n = n;
    ps.chunks = chunks;
    exec_for(chunks, chunk_bounds, &ps);
    ps.lo = UINT64_MAX;
    ps.hi = 0;
    for (int c = 0; c < chunks; c++) {
        ps.lo = ps.chunk_lo[c] < ps.lo ? ps.chunk_lo[c] : ps.lo;
        ps.hi = ps.chunk_hi[c] > ps.hi ? ps.chunk_hi[c] : ps.hi;
    }
    if (ps.hi == 0)
        return; /* all zero */
    const uint64_t span = ps.hi - ps.lo;
    const int bits = span == 0 ? 0 : 64 - __builtin_clzll(span);
    const int group_bits = WIDE_HIGH_BITS + RADIX_BITS - 1;
    ps.shift = bits > group_bits ? bits - group_bits : 0;
    exec_for(chunks, chunk_count, &ps);
    uint32_t pos = 0;
    for (int v = 0; v < BUCKETS; v++) {
        for (int c = 0; c < chunks; c++) {
            const uint32_t k = chunk_counts[c][v];
            chunk_counts[c][v] = pos;
            pos += k;
        }
        ps.ends[v] = pos;
    }
    exec_for(chunks, chunk_move, &ps);
    exec_for(BUCKETS, bucket_finish, &ps);
}

/* The chunks a sort of n values is cut into: one per thread it may use
 * (exec_threads: none extra inside exec_tasks' concurrent tasks), 1 for small
 * inputs. */
static int sort_chunks(int n)
{
    const int t = exec_threads();
    if (n < PARALLEL_MIN_N || t < 2)
        return 1;
    return t < SORT_CHUNKS_MAX ? t : SORT_CHUNKS_MAX;
}

/* Sorts x[0..n-1] (every x >= 0 and finite; -0.0 comes out as +0.0). With
 * r, the sorted values are added to r's sums after those it holds and x and
 * scratch are left unspecified (from 2^19 values on, the sums are taken as
 * each bucket leaves the sort, never written back); without, x ends sorted.
 *
 * Counting passes order the keys by group: zeros first, then the span from
 * the smallest positive key lo to the largest cut into equal groups of bit
 * patterns: 2^21 (about 1e-5 relative width for values spanning 40 binades;
 * exact when the span is under 2^21), or 2^23 from WIDE_MIN_N values on, where
 * the arrays leave the caches and finer groups save more insertion work than
 * they cost. An insertion sort then orders each group, or, where groups are
 * crowded, finish_runs does it group by group. With threads to spare, from
 * 2^16 values on, parallel_sort spreads the wide grouping over them. */
static void sort_nonnegative(double *x, double *scratch, int n, StatsRun *r)
{
    uint64_t *const x_keys = (uint64_t *)(void *)x;
    uint64_t *const scratch_keys = (uint64_t *)(void *)scratch;
    const int chunks = sort_chunks(n);
    if (chunks > 1) {
        /* sorted by every thread, then summed by one: the sums' order of
         * additions is fixed */
        parallel_sort(x_keys, scratch_keys, n, chunks);
        if (r != NULL)
            stats_take(r, x_keys, n);
        return;
    }
    if (n < 2) {
        if (n == 1 && x[0] == 0)
            x[0] = 0.0; /* -0.0 too comes out as +0.0 */
        if (r != NULL)
            stats_take(r, x_keys, n);
        return;
    }
    uint64_t *a = x_keys, lo, hi;
    key_bounds(a, n, &lo, &hi);
    const uint64_t span = hi - lo;
    const int bits = hi == 0 || span == 0 ? 0 : 64 - __builtin_clzll(span);
    const int group_bits = n < WIDE_MIN_N ? 2 * RADIX_BITS - 1 : WIDE_HIGH_BITS + RADIX_BITS - 1;
    const int shift = bits > group_bits ? bits - group_bits : 0;
    if (hi != 0 && n >= WIDE_MIN_N) {
        wide_sort(a, scratch_keys, n, lo, shift, r); /* finished bucket by bucket */
        return;
    }
    if (hi != 0) { /* else all zero */
        a = group_by_two_passes(a, scratch_keys, n, lo, shift);
        /* groups are exact (one bit pattern each) when shift is 0 */
        if (shift > 0 && !insertion_finish(a, n)) /* crowded */
            finish_runs(a, a == x_keys ? scratch_keys : x_keys, n, lo, shift, false);
    }
    if (r != NULL)
        stats_take(r, a, n);
    else if (a != x_keys)
        memcpy(x, a, (size_t)n * sizeof *x);
}

void exact_sort_nonnegative(double *x, double *scratch, int n)
{
    sort_nonnegative(x, scratch, n, NULL);
}

void exact_sort_stats_nonnegative(double *x, double *scratch, int n, SortedStats *s)
{
    StatsRun r;
    stats_begin(&r, s, n);
    sort_nonnegative(x, scratch, n, &r);
    stats_end(&r);
}

/* Moves the negatives of x[0..n-1] to its front (in no particular order);
 * returns their number. They are rare: a debtor's payment above its income,
 * money withdrawn. */
static int negatives_first(double *x, int n)
{
    int neg = 0;
    for (int i = 0; i < n; i++)
        if (x[i] < 0) {
            const double t = x[neg];
            x[neg++] = x[i];
            x[i] = t;
        }
    return neg;
}

/* Sorts negatives x[0..neg-1] ascending: sorted as magnitudes, then turned
 * back (reversed and negated). */
static void sort_negatives(double *x, double *scratch, int neg)
{
    for (int i = 0; i < neg; i++)
        x[i] = -x[i];
    exact_sort_nonnegative(x, scratch, neg);
    for (int i = 0, j = neg - 1; i < j; i++, j--) {
        const double t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
    for (int i = 0; i < neg; i++)
        x[i] = -x[i];
}

void exact_sort_stats_finite(double *x, double *scratch, int n, SortedStats *s)
{
    /* the negatives first, sorted and summed; then the rest as in
     * exact_sort_stats_nonnegative, its sums going on from theirs */
    const int neg = negatives_first(x, n);
    StatsRun r;
    stats_begin(&r, s, n);
    sort_negatives(x, scratch, neg);
    stats_take(&r, (const uint64_t *)(const void *)x, neg);
    sort_nonnegative(x + neg, scratch, n - neg, &r);
    stats_end(&r);
}

void exact_sort_reference(double *x, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] == 0)
            x[i] = 0.0; /* -0.0 compares equal to +0.0 but has other bytes */
    gsl_sort(x, 1, (size_t)n);
}

void exact_sort_finite(double *x, double *scratch, int n)
{
    const int neg = negatives_first(x, n);
    sort_negatives(x, scratch, neg);
    exact_sort_nonnegative(x + neg, scratch, n - neg);
}

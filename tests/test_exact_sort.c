/* test_exact_sort.c - The fast exact sort gives the reference's bytes, and so
 * the same quantiles and Gini, on the simulator's own month data and on inputs
 * made to cross every switch of the fast path.
 *
 * The switches (exact_sort.c): n < 2; all zero; the four-lane bounds pass and
 * its scalar tail (n mod 4, -0.0 in either part); exact groups (span under 2^21
 * bit patterns: no insertion finish) or not; each two-pass digit skipped when
 * it is the same for every key, odd or even n; the most-significant-first
 * grouping from 2^19 values on, with buckets of at most 16 keys, up to 2^11 and
 * more; the insertion finish's budget running out (the 64-bit radix fallback,
 * its result in either array). */
#include "exact_sort.h"

#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "params.h"
#include "sim.h"
#include "test.h"

enum { WIDE_MIN_N = 1 << 19 }; /* where the fast path groups most significant digit first */

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Sorts in[0..n-1] with the fast path and with the reference and checks the
 * bytes, p10, median, p90 and Gini; `what` names the input in a failure. */
static int check_same_sort(const double *in, int n, const char *what)
{
    const size_t size = (size_t)(n > 0 ? n : 1) * sizeof(double);
    double *fast = malloc(size), *ref = malloc(size), *scratch = malloc(size);
    CHECK(fast && ref && scratch);
    memcpy(fast, in, (size_t)n * sizeof *in);
    memcpy(ref, in, (size_t)n * sizeof *in);
    exact_sort_finite(fast, scratch, n);
    exact_sort_reference(ref, n);
    int failed = 0;
    for (int i = 0; i < n && !failed; i++) {
        if (!same_bits(fast[i], ref[i])) {
            fprintf(stderr, "%s, n = %d: x[%d] is %.17g, the reference has %.17g\n", what, n, i,
                    fast[i], ref[i]);
            failed = 1;
        }
        /* and the reference is what it claims: ascending, no -0.0 */
        if ((i > 0 && !(ref[i - 1] <= ref[i])) || (ref[i] == 0 && signbit(ref[i]))) {
            fprintf(stderr, "%s, n = %d: the reference is not sorted at %d\n", what, n, i);
            failed = 1;
        }
    }
    if (n > 0 && !failed) {
        const double f[] = {0.1, 0.5, 0.9};
        for (int k = 0; k < 3; k++)
            failed |= !same_bits(metrics_quantile_sorted(fast, n, f[k]),
                                 metrics_quantile_sorted(ref, n, f[k]));
        failed |= !same_bits(metrics_gini_sorted(fast, n), metrics_gini_sorted(ref, n));
        if (failed)
            fprintf(stderr, "%s, n = %d: quantiles or Gini differ\n", what, n);
    }
    /* the sums taken while sorting equal plain loops over the sorted values */
    if (!failed) {
        SortedStats st = {.rank = {0, n / 10, n / 2, n > 0 ? n - 1 : 0, n / 3},
                          .n_ranks = n > 0 ? 5 : 0, .head = (n + 9) / 10};
        memcpy(fast, in, (size_t)n * sizeof *in);
        bool negative = false;
        for (int i = 0; i < n; i++)
            negative |= in[i] < 0;
        if (negative)
            exact_sort_stats_finite(fast, scratch, n, &st);
        else
            exact_sort_stats_nonnegative(fast, scratch, n, &st);
        double head = 0, total = 0, weighted = 0;
        for (int i = 0; i < n; i++) {
            head += i < st.head ? ref[i] : 0.0;
            weighted += exact_gini_weight(i, n) * ref[i];
            total += ref[i];
        }
        failed |= !same_bits(st.head_sum, head) || !same_bits(st.total, total) ||
                  !same_bits(st.weighted, weighted);
        for (int j = 0; j < st.n_ranks; j++)
            failed |= !same_bits(st.at[j], ref[st.rank[j]]);
        if (failed)
            fprintf(stderr, "%s, n = %d: the sums taken while sorting differ\n", what, n);
    }
    free(fast);
    free(ref);
    free(scratch);
    return failed;
}

static uint32_t lcg_state = 12345u;
static double uniform(void) /* in [0, 1), 24 bits */
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return (lcg_state >> 8) / 16777216.0;
}

/* Inputs by kind; each is run at sizes around the switches below. */
typedef enum Kind {
    KIND_MAGNITUDES,   /* 20 binades: groups not exact, insertion finish */
    KIND_BINADES,      /* crowded binades like balances: big MSD buckets */
    KIND_TIES_ZEROS,   /* four values and many zeros */
    KIND_NEGATIVE_ZERO, /* -0.0 among positives, spread over the lanes */
    KIND_NEGATIVE_ZERO_TAIL, /* -0.0 only in the scalar tail (the last n mod 4) */
    KIND_MOSTLY_ZERO,  /* 99 % zeros, one in a hundred positive */
    KIND_ALL_ZERO,     /* +0.0 and -0.0 only */
    KIND_EQUAL,        /* one positive value: span 0 */
    KIND_ASCENDING,    /* 0, 1, 2, ...: the largest in the last lanes */
    KIND_DESCENDING,   /* the smallest positive last */
    KIND_EXACT_SPAN,   /* 1 + k ulp, k < 2^21 - 1: exact groups, no insertion */
    KIND_WIDE_SPAN,    /* 1 + k ulp, k < 2^23: exact at 2^19 values and more only */
    KIND_SAME_LOW,     /* keys 2^11 apart: every low digit the same, no low pass */
    KIND_SAME_HIGH,    /* keys within 2^11 - 2 of each other: no high pass */
    KIND_CROWD,        /* a crowd between two outliers: the insertion budget runs out */
    KIND_CROWD_ZEROS,  /* the same with zeros */
    /* crowds whose grouping ends in the scratch array (one pass: every low digit
     * the same) or in x, and whose 64-bit fallback makes an odd number of passes
     * (ends in the other array) or an even one */
    KIND_CROWD_ONE_PASS_ODD,  /* 1 + r ulp, r < 2^20, and 1 + 2^40 ulp: digits 0, 1, 3 vary */
    KIND_CROWD_ONE_PASS_EVEN, /* 1 + r ulp, r < 2^11, and 1 + 2^40 ulp: digits 0, 3 */
    KIND_CROWD_TWO_PASSES_ODD, /* 1024 (1 + r ulp), r < 2^11, and 2^1000: digits 0, 4, 5 */
    /* balances converging on one steady state (long crowded runs) beside
     * values spread over 40 binades and small crowds (short runs): the
     * crowded finish's both branches */
    KIND_STEADY_STATE,
    KIND_COUNT
} Kind;

static const char *const KIND_NAME[KIND_COUNT] = {
    "magnitudes", "binades", "ties and zeros", "-0.0", "-0.0 in the tail", "mostly zero",
    "all zero", "equal", "ascending", "descending", "exact span", "wide span", "same low digit",
    "same high digit", "crowd", "crowd and zeros", "crowd, one pass, odd",
    "crowd, one pass, even", "crowd, two passes, odd", "steady state"};

static void fill(double *x, int n, Kind kind)
{
    const int vector_end = n - n % 4; /* where the bounds pass's scalar tail starts */
    for (int i = 0; i < n; i++) {
        const double u = uniform();
        const uint32_t r = lcg_state;
        switch (kind) {
        case KIND_MAGNITUDES: x[i] = exp(20 * u); break;
        case KIND_BINADES: x[i] = exp(2 * (u + r % 3)); break;
        case KIND_TIES_ZEROS: x[i] = i % 7 == 0 ? 0.0 : floor(u * 4); break;
        case KIND_NEGATIVE_ZERO: x[i] = i % 3 == 0 ? -0.0 : u; break;
        case KIND_NEGATIVE_ZERO_TAIL: x[i] = i >= vector_end ? -0.0 : 1.0 + u; break;
        case KIND_MOSTLY_ZERO: x[i] = r % 100 == 0 ? 1e3 * u : 0.0; break;
        case KIND_ALL_ZERO: x[i] = i % 2 ? -0.0 : 0.0; break;
        case KIND_EQUAL: x[i] = 7.0; break;
        case KIND_ASCENDING: x[i] = i; break;
        case KIND_DESCENDING: x[i] = n - i; break;
        case KIND_EXACT_SPAN: x[i] = 1.0 + (r % ((1u << 21) - 1)) * 0x1p-52; break;
        case KIND_WIDE_SPAN: x[i] = 1.0 + (r >> 9) * 0x1p-52; break;
        case KIND_SAME_LOW: x[i] = 1.0 + (r % 1024) * 2048 * 0x1p-52; break;
        case KIND_SAME_HIGH: x[i] = 1.0 + (r % 2046) * 0x1p-52; break;
        case KIND_CROWD: x[i] = i == 0 ? 1e-300 : i == 1 ? 1e300 : 1000.0 + u * 1e-3; break;
        case KIND_CROWD_ZEROS: x[i] = i % 5 == 0 ? 0.0 : i == 1 ? 1e300 : 1000.0 + u * 1e-3; break;
        case KIND_CROWD_ONE_PASS_ODD:
            x[i] = 1.0 + (i == 0 ? 0 : i == 1 ? 0x1p40 : r % (1u << 20)) * 0x1p-52;
            break;
        case KIND_CROWD_ONE_PASS_EVEN:
            x[i] = 1.0 + (i == 0 ? 0 : i == 1 ? 0x1p40 : r % (1u << 11)) * 0x1p-52;
            break;
        case KIND_STEADY_STATE:
            x[i] = i % 3 == 0   ? 10.9 * (1.0 + u * 1e-9)
                   : i % 3 == 1 ? exp(40 * u - 10)
                                : (1 + r % 5000) * (1.0 + (r % 7) * 0x1p-52);
            break;
        default: x[i] = i == 1 ? 0x1p1000 : 1024.0 * (1.0 + (r % (1u << 11)) * 0x1p-52); break;
        }
    }
}

/* Every kind at sizes on both sides of each size switch: the bounds pass's
 * lanes (n < 4 and every n mod 4), the MSD grouping (2^19) and, for small n,
 * the insertion finish and the two halves (odd and even n). */
static int sort_should_match_reference_on_every_kind_and_size(void)
{
    const int sizes[] = {2, 3, 4, 5, 6, 7, 8, 9, 17, 100, 1001, 4096, 50000, 50003,
                         WIDE_MIN_N - 2, WIDE_MIN_N - 1, WIDE_MIN_N, WIDE_MIN_N + 1,
                         WIDE_MIN_N + 3};
    const int n_sizes = (int)(sizeof sizes / sizeof *sizes);
    double *x = malloc((size_t)(WIDE_MIN_N + 3) * sizeof *x);
    CHECK(x);
    int failures = 0;
    for (int s = 0; s < n_sizes; s++)
        for (int kind = 0; kind < KIND_COUNT; kind++) {
            fill(x, sizes[s], kind);
            failures += check_same_sort(x, sizes[s], KIND_NAME[kind]);
        }
    free(x);
    CHECK(failures == 0);
    return 0;
}

/* The sort on many threads (each moving its own chunk) gives the reference's
 * bytes and sums for every kind, whatever the thread count: 2, 3 (chunks of
 * unequal length) and 7, at sizes on both sides of 2^16 and 2^19. */
static int parallel_sort_should_match_reference_for_any_thread_count(void)
{
    const int sizes[] = {65536, 65537, 100003, WIDE_MIN_N + 1};
    const int teams[] = {2, 3, 7};
    double *x = malloc((size_t)(WIDE_MIN_N + 1) * sizeof *x);
    CHECK(x);
    const int threads = omp_get_max_threads();
    int failures = 0;
    for (int t = 0; t < 3; t++) {
        omp_set_num_threads(teams[t]);
        for (int s = 0; s < 4; s++)
            for (int kind = 0; kind < KIND_COUNT; kind++) {
                fill(x, sizes[s], kind);
                failures += check_same_sort(x, sizes[s], KIND_NAME[kind]);
            }
    }
    omp_set_num_threads(threads);
    free(x);
    CHECK(failures == 0);
    return 0;
}

/* The median without a sort equals the quantile 0.5 of the reference-sorted
 * values, bit for bit, for every kind at odd and even sizes (1 and 2 too), and
 * leaves its input a permutation of what it was. */
static int median_should_equal_the_sorted_quantile(void)
{
    const int sizes[] = {1, 2, 3, 32, 33, 34, 100, 1001, 4096, 50000, 50003};
    enum { MAX = 50003 };
    double *x = malloc(MAX * sizeof *x), *ref = malloc(MAX * sizeof *ref),
           *scratch = malloc(MAX * sizeof *scratch);
    CHECK(x && ref && scratch);
    int failures = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int kind = 0; kind < KIND_COUNT; kind++) {
            const int n = sizes[s];
            fill(x, n, kind);
            memcpy(ref, x, (size_t)n * sizeof *x);
            exact_sort_reference(ref, n);
            const double want = metrics_quantile_sorted(ref, n, 0.5);
            const double got = exact_median_nonnegative(x, scratch, n);
            exact_sort_reference(x, n);
            if (!same_bits(got, want) || memcmp(x, ref, (size_t)n * sizeof *x) != 0) {
                fprintf(stderr, "%s, n = %d: median %.17g, sorted quantile %.17g\n",
                        KIND_NAME[kind], n, got, want);
                failures++;
            }
        }
    CHECK(isnan(exact_median_nonnegative(x, scratch, 0)));
    free(x);
    free(ref);
    free(scratch);
    CHECK(failures == 0);
    return 0;
}

/* n = 0, one value, two values (in and out of order, tied, with -0.0). */
static int sort_should_handle_tiny_inputs(void)
{
    double scratch[2];
    exact_sort_nonnegative(NULL, scratch, 0); /* touches nothing */
    exact_sort_reference(NULL, 0);
    const double one = 3.5, negative_zero = -0.0;
    CHECK(check_same_sort(&one, 1, "one value") == 0);
    const double pairs[][2] = {{1, 2}, {2, 1}, {2, 2}, {-0.0, 1}, {1, -0.0}, {-0.0, 0.0}};
    for (int k = 0; k < 6; k++)
        CHECK(check_same_sort(pairs[k], 2, "two values") == 0);
    double two[2] = {5.0, -0.0};
    exact_sort_nonnegative(two, scratch, 2);
    CHECK(two[0] == 0.0 && !signbit(two[0]) && two[1] == 5.0);
    /* a lone -0.0 comes out as +0.0 too */
    CHECK(check_same_sort(&negative_zero, 1, "one -0.0") == 0);
    return 0;
}

/* Incomes may be negative (a debtor paying more than this month's income, money
 * withdrawn): the finite sort must equal the reference on mixed signs, -0.0,
 * ties and values of both signs with equal magnitude. */
static int finite_sort_should_match_reference_with_negatives(void)
{
    enum { M = 9000 };
    static double x[M];
    for (int i = 0; i < M; i++) {
        const double v = (double)((i * 7919) % 1013) * 12.5 + 1e-3 * (i % 7);
        x[i] = i % 5 == 0 ? -v : v;
    }
    x[3] = -0.0;
    x[4] = 0.0;
    x[6] = -x[7];
    CHECK(check_same_sort(x, M, "mixed signs") == 0);
    /* a few negatives among enough values for the wide grouping and the sort
     * on many threads, whose sums go on from the negatives' */
    const int wide = WIDE_MIN_N + 5;
    double *many = malloc((size_t)wide * sizeof *many);
    CHECK(many);
    for (int i = 0; i < wide; i++)
        many[i] = (i % 997 == 0 ? -1.0 : 1.0) * ((double)((i * 7919LL) % 100003) + 0.25 * (i % 3));
    const int failed = check_same_sort(many, wide, "mixed signs, wide");
    free(many);
    CHECK(failed == 0);
    double three[3] = {2.0, -1.0, -3.0}, scratch[3];
    exact_sort_finite(three, scratch, 3);
    CHECK(three[0] == -3.0 && three[1] == -1.0 && three[2] == 2.0);
    return 0;
}

/* The simulator's own arrays: both sorts are linked wrapped (-Wl,--wrap,
 * tests/CMakeLists.txt), so each call metrics makes in sim_step comes here
 * first and its input is kept for the test. */
void __real_exact_sort_stats_finite(double *x, double *scratch, int n, SortedStats *s);
void __wrap_exact_sort_stats_finite(double *x, double *scratch, int n, SortedStats *s);
void __real_exact_sort_stats_nonnegative(double *x, double *scratch, int n, SortedStats *s);
void __wrap_exact_sort_stats_nonnegative(double *x, double *scratch, int n, SortedStats *s);

static struct {
    int capturing;
    int calls;            /* this month's calls so far */
    double *input[2];     /* this month's incomes, then balances */
    int n[2];
} month;

static void capture(const double *x, int n)
{
    if (month.capturing && month.calls < 2) {
        month.input[month.calls] = malloc((size_t)n * sizeof *x + 1);
        if (month.input[month.calls])
            memcpy(month.input[month.calls], x, (size_t)n * sizeof *x);
        month.n[month.calls] = n;
    }
    month.calls += month.capturing;
}

void __wrap_exact_sort_stats_finite(double *x, double *scratch, int n, SortedStats *s)
{
    capture(x, n);
    __real_exact_sort_stats_finite(x, scratch, n, s);
}

void __wrap_exact_sort_stats_nonnegative(double *x, double *scratch, int n, SortedStats *s)
{
    capture(x, n);
    __real_exact_sort_stats_nonnegative(x, scratch, n, s);
}

/* Runs configs/baseline.cfg with `agents` agents for `months` months and checks
 * every month's incomes and balances (as metrics sorts them) against the
 * reference, and the recorded Gini series against the reference's Gini. */
static int check_real_months(const char *agents, const char *months)
{
    Params p;
    SimError err = {0};
    params_set_defaults(&p);
    char set_agents[64], set_months[64];
    snprintf(set_agents, sizeof set_agents, "run.agents=%s", agents);
    snprintf(set_months, sizeof set_months, "run.months=%s", months);
    CHECK(params_load_file(&p, UHISIM_SOURCE_DIR "/configs/baseline.cfg", &err) == SIM_OK);
    CHECK(params_apply_override(&p, set_agents, &err) == SIM_OK);
    CHECK(params_apply_override(&p, set_months, &err) == SIM_OK);
    CHECK(params_validate(&p, &err) == SIM_OK);
    Sim *sim = sim_create(&p, &err);
    CHECK(sim != NULL);
    /* one thread, so the sorts come in the order incomes, balances (with more,
     * metrics runs them at once; check_determinism compares the bytes) */
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    int failures = 0, zeros = 0, ties = 0;
    for (int m = 0; m < (int)p.run.months; m++) {
        month.capturing = 1;
        month.calls = 0;
        const SimStatus st = sim_step(sim, &err);
        month.capturing = 0;
        CHECK(st == SIM_OK);
        CHECK(month.calls == 2 && month.input[0] && month.input[1]);
        const Results *r = sim_results(sim);
        const int series[2] = {SERIES_gini_income, SERIES_gini_money};
        for (int k = 0; k < 2; k++) {
            const int n = month.n[k];
            double *x = month.input[k];
            failures += check_same_sort(x, n, k == 0 ? "incomes" : "balances");
            exact_sort_reference(x, n);
            failures += !same_bits(r->series[series[k]][m], metrics_gini_sorted(x, n));
            for (int i = 0; i < n; i++) {
                zeros += x[i] == 0;
                ties += i > 0 && x[i] == x[i - 1];
            }
            free(x);
            month.input[k] = NULL;
        }
    }
    omp_set_num_threads(threads);
    printf("     %s agents x %s months: %d zeros, %d ties\n", agents, months, zeros, ties);
    sim_destroy(sim);
    params_free(&p);
    CHECK(failures == 0);
    return 0;
}

/* Both sides of the 2^19 switch, odd n (the two halves of unequal length). */
static int sort_should_match_reference_on_real_months(void)
{
    CHECK(check_real_months("20001", "24") == 0);
    CHECK(check_real_months("600001", "3") == 0);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(sort_should_handle_tiny_inputs, failures);
    RUN(sort_should_match_reference_on_every_kind_and_size, failures);
    RUN(finite_sort_should_match_reference_with_negatives, failures);
    RUN(parallel_sort_should_match_reference_for_any_thread_count, failures);
    RUN(median_should_equal_the_sorted_quantile, failures);
    RUN(sort_should_match_reference_on_real_months, failures);
    return failures != 0;
}

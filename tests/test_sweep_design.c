/* test_sweep_design.c - The sampled designs: a Latin hypercube has one point
 * per stratum in every key; the Sobol design is GSL's sequence in Saltelli's
 * A/B/AB layout from its origin under a random digital shift, with no A
 * coordinate equal to B's; Morris trajectories move one key a step of 2/3 at a
 * time on the four levels; the draws depend on the seed alone; bad sizes are
 * refused. */
#include "sweep_design.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

#include "test.h"

static int lhs_should_put_one_point_in_each_stratum_of_every_key(void)
{
    enum { N = 97, K = 5 };
    static double u[N * K];
    SimError err = {0};
    CHECK(sweep_sample(SWEEP_DESIGN_LHS, N, K, 7, u, &err) == SIM_OK);
    for (int j = 0; j < K; j++) {
        int seen[N] = {0};
        for (int i = 0; i < N; i++) {
            const double v = u[i * K + j];
            CHECK(v >= 0 && v < 1);
            seen[(int)(v * N)]++;
        }
        for (int s = 0; s < N; s++)
            CHECK(seen[s] == 1);
    }
    return 0;
}

static int every_design_should_depend_on_the_seed_alone(void)
{
    enum { N = 20, K = 4 };
    static double a[N * (K + 2) * K], b[N * (K + 2) * K], c[N * (K + 2) * K];
    SimError err = {0};
    for (int d = 0; d < 3; d++) {
        const SweepDesign design = (SweepDesign)d;
        const size_t size = (size_t)sweep_design_points(design, N, K) * K * sizeof(double);
        CHECK(sweep_sample(design, N, K, 11, a, &err) == SIM_OK);
        CHECK(sweep_sample(design, N, K, 11, b, &err) == SIM_OK);
        CHECK(sweep_sample(design, N, K, 12, c, &err) == SIM_OK);
        CHECK(memcmp(a, b, size) == 0);
        CHECK(memcmp(a, c, size) != 0);
    }
    return 0;
}

/* Sample s is point s of the 2k-dimensional Sobol sequence counted from the
 * origin (GSL gives points 1, 2, ...: 1/2 everywhere, then (3/4, 1/4, ...) in
 * the first two dimensions, Bratley & Fox 1988), every coordinate's 30 bits
 * XOR one word per dimension: design XOR sequence is the same word for every
 * sample. A_s is its first k coordinates, B_s its last k, AB_s^(i) A_s with
 * coordinate i from B_s. */
static int sobol_should_lay_shifted_points_out_as_a_b_and_ab(void)
{
    enum { N = 9, K = 3 };
    static double u[N * (K + 2) * K];
    SimError err = {0};
    CHECK(sweep_design_points(SWEEP_DESIGN_SOBOL, N, K) == N * (K + 2));
    CHECK(sweep_sample(SWEEP_DESIGN_SOBOL, N, K, 5, u, &err) == SIM_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * K);
    CHECK(q != NULL);
    double x[2 * K] = {0}; /* the origin */
    uint32_t shift[2 * K] = {0};
    for (int s = 0; s < N; s++) {
        if (s > 0)
            gsl_qrng_get(q, x);
        if (s == 1)
            CHECK(x[0] == 0.5 && x[2 * K - 1] == 0.5);
        if (s == 2)
            CHECK(x[0] == 0.75 && x[1] == 0.25);
        const double *p = u + s * (K + 2) * K;
        for (int d = 0; d < 2 * K; d++) {
            const double v = p[d]; /* A_s then B_s */
            const double scaled = v * 0x1p30;
            CHECK(v >= 0 && v < 1 && scaled == (double)(uint32_t)scaled); /* 30 bits */
            const uint32_t w = (uint32_t)scaled ^ (uint32_t)(x[d] * 0x1p30);
            if (s == 0)
                shift[d] = w;
            CHECK(w == shift[d]);
        }
        for (int j = 0; j < K; j++)
            for (int i = 0; i < K; i++) /* AB_i: A, with column i of B */
                CHECK(p[(2 + i) * K + j] == (j == i ? p[K + j] : p[j]));
    }
    CHECK(shift[0] != 0 && shift[0] != shift[K]);
    gsl_qrng_free(q);
    return 0;
}

/* Unshifted, GSL's sequence in 2 x 9 dimensions has 94 of 2304 A coordinates
 * equal to B's at N = 256 (30 for one key), and A = B at the origin and at
 * 1/2: each such AB^(i) equals A and its run adds nothing. Shifted, none. */
static int sobol_a_and_b_should_not_coincide(void)
{
    enum { N = 256, K = 9 };
    static double u[N * (K + 2) * K];
    SimError err = {0};
    for (uint64_t seed = 1; seed <= 5; seed++) {
        CHECK(sweep_sample(SWEEP_DESIGN_SOBOL, N, K, seed, u, &err) == SIM_OK);
        int same = 0;
        for (int s = 0; s < N; s++)
            for (int i = 0; i < K; i++)
                same += u[(size_t)s * (K + 2) * K + i] == u[(size_t)s * (K + 2) * K + K + i];
        CHECK(same == 0);
    }
    return 0;
}

static int morris_should_step_one_key_by_two_thirds_at_a_time(void)
{
    enum { N = 30, K = 6 };
    static double u[N * (K + 1) * K];
    SimError err = {0};
    CHECK(sweep_design_points(SWEEP_DESIGN_MORRIS, N, K) == N * (K + 1));
    CHECK_ABS(SWEEP_MORRIS_DELTA, 2.0 / 3.0, 1e-15);
    CHECK(sweep_sample(SWEEP_DESIGN_MORRIS, N, K, 3, u, &err) == SIM_OK);
    int ups = 0;
    for (int s = 0; s < N; s++) {
        const double *t = u + s * (K + 1) * K;
        int moved[K] = {0};
        for (int m = 0; m <= K; m++)
            for (int j = 0; j < K; j++) {
                const double lv = t[m * K + j] * 3;
                CHECK(lv == 0 || lv == 1 || lv == 2 || lv == 3); /* the levels 0, 1/3, 2/3, 1 */
            }
        for (int m = 1; m <= K; m++) {
            int changed = 0;
            for (int j = 0; j < K; j++) {
                const double d = t[m * K + j] - t[(m - 1) * K + j];
                if (d != 0) {
                    CHECK_ABS(fabs(d), 2.0 / 3.0, 1e-15);
                    changed++;
                    moved[j]++;
                    ups += d > 0;
                }
            }
            CHECK(changed == 1);
        }
        for (int j = 0; j < K; j++)
            CHECK(moved[j] == 1);
    }
    /* directions are fair coins: 180 steps, up about half (5 sd: 90 +- 34) */
    CHECK(ups > 56 && ups < 124);
    return 0;
}

static int bad_sizes_should_be_refused(void)
{
    static double u[64 * 64];
    SimError err = {0};
    CHECK(sweep_sample(SWEEP_DESIGN_SOBOL, 1, 2, 0, u, &err) == SIM_ERR_USAGE);
    CHECK(strstr(err.message, "2 to 100000 samples") != NULL);
    err = (SimError){0};
    CHECK(sweep_sample(SWEEP_DESIGN_SOBOL, 2, 21, 0, u, &err) == SIM_ERR_USAGE);
    CHECK(strstr(err.message, "1 to 20 keys") != NULL);
    CHECK(sweep_sample(SWEEP_DESIGN_LHS, 0, 2, 0, u, &err) == SIM_ERR_USAGE);
    SweepDesign d;
    CHECK(sweep_design_parse("morris", &d) && d == SWEEP_DESIGN_MORRIS);
    CHECK(!sweep_design_parse("Sobol", &d));
    CHECK(strcmp(sweep_design_name(SWEEP_DESIGN_LHS), "lhs") == 0);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(lhs_should_put_one_point_in_each_stratum_of_every_key, failures);
    RUN(every_design_should_depend_on_the_seed_alone, failures);
    RUN(sobol_should_lay_shifted_points_out_as_a_b_and_ab, failures);
    RUN(sobol_a_and_b_should_not_coincide, failures);
    RUN(morris_should_step_one_key_by_two_thirds_at_a_time, failures);
    RUN(bad_sizes_should_be_refused, failures);
    return failures != 0;
}

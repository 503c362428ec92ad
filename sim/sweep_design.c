/* sweep_design.c - Latin hypercube, Saltelli-Sobol and Morris points. */
#include "sweep_design.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "rng.h"

static const char *const NAMES[] = {"lhs", "sobol", "morris"};

bool sweep_design_parse(const char *name, SweepDesign *d)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, NAMES[i]) == 0) {
            *d = (SweepDesign)i;
            return true;
        }
    return false;
}

const char *sweep_design_name(SweepDesign d) { return NAMES[d]; }

long sweep_design_points(SweepDesign d, int samples, int k)
{
    switch (d) {
    case SWEEP_DESIGN_SOBOL: return (long)samples * (k + 2);
    case SWEEP_DESIGN_MORRIS: return (long)samples * (k + 1);
    default: return samples;
    }
}

static SimStatus sample_lhs(int n, int k, uint64_t seed, double *u, SimError *err)
{
    gsl_rng *r = rng_create();
    size_t *stratum = malloc((size_t)n * sizeof *stratum);
    if (r == NULL || stratum == NULL) {
        gsl_rng_free(r);
        free(stratum);
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for a Latin hypercube of %d points", n);
    }
    for (int j = 0; j < k; j++) {
        rng_seek(r, seed, RNG_STREAM_DESIGN, (uint32_t)j, 0);
        for (int i = 0; i < n; i++)
            stratum[i] = (size_t)i;
        gsl_ran_shuffle(r, stratum, (size_t)n, sizeof *stratum);
        for (int i = 0; i < n; i++)
            u[(size_t)i * k + j] = ((double)stratum[i] + gsl_rng_uniform(r)) / n;
    }
    gsl_rng_free(r);
    free(stratum);
    return SIM_OK;
}

/* GSL's Sobol coordinates are multiples of 2^-30 (SOBOL_BIT_COUNT). */
#define SOBOL_BITS 30

static SimStatus sample_sobol(int n, int k, uint64_t seed, double *u, SimError *err)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    gsl_rng *r = rng_create();
    double x[2 * SWEEP_SOBOL_MAX_KEYS] = {0}; /* sample 0: the origin, which GSL omits */
    uint32_t shift[2 * SWEEP_SOBOL_MAX_KEYS];
    if (q == NULL || r == NULL) {
        gsl_qrng_free(q);
        gsl_rng_free(r);
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for a Sobol sequence of %d dimensions", 2 * k);
    }
    /* A random digital shift: unshifted, the origin and GSL's first point
     * (1/2 everywhere) have A = B, and a few later coordinates of A and B
     * coincide (2 % of them for k = 10, 12 % of one key's for k = 9 at
     * N = 256), each an AB^(i) that equals A and wastes its run. */
    for (int d = 0; d < 2 * k; d++) {
        rng_seek(r, seed, RNG_STREAM_DESIGN, (uint32_t)d, 2);
        shift[d] = (uint32_t)gsl_rng_get(r) >> (32 - SOBOL_BITS);
    }
    for (int s = 0; s < n; s++) {
        if (s > 0)
            gsl_qrng_get(q, x);
        double y[2 * SWEEP_SOBOL_MAX_KEYS];
        for (int d = 0; d < 2 * k; d++)
            y[d] = (double)((uint32_t)(x[d] * (1u << SOBOL_BITS)) ^ shift[d]) / (1u << SOBOL_BITS);
        double *a = u + (size_t)s * (k + 2) * k;
        memcpy(a, y, (size_t)k * sizeof *y);         /* A_s */
        memcpy(a + k, y + k, (size_t)k * sizeof *y); /* B_s */
        for (int i = 0; i < k; i++) {                /* AB_s^(i) */
            double *ab = a + (size_t)(2 + i) * k;
            memcpy(ab, y, (size_t)k * sizeof *y);
            ab[i] = y[k + i];
        }
    }
    gsl_qrng_free(q);
    gsl_rng_free(r);
    return SIM_OK;
}

static SimStatus sample_morris(int n, int k, uint64_t seed, double *u, SimError *err)
{
    const int step = SWEEP_MORRIS_LEVELS / 2; /* Delta in levels: 2 of 0..3 */
    gsl_rng *r = rng_create();
    int *level = malloc((size_t)k * sizeof *level), *dir = malloc((size_t)k * sizeof *dir);
    int *order = malloc((size_t)k * sizeof *order);
    SimStatus st = SIM_OK;
    if (r == NULL || level == NULL || dir == NULL || order == NULL)
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory for Morris trajectories");
    for (int s = 0; st == SIM_OK && s < n; s++) {
        rng_seek(r, seed, RNG_STREAM_DESIGN, (uint32_t)s, 1);
        for (int j = 0; j < k; j++) {
            dir[j] = gsl_rng_uniform(r) < 0.5 ? 1 : -1;
            /* up from 0 or 1/3, down from 2/3 or 1 */
            level[j] = (int)gsl_rng_uniform_int(r, 2) + (dir[j] > 0 ? 0 : step);
            order[j] = j;
        }
        gsl_ran_shuffle(r, order, (size_t)k, sizeof *order);
        double *t = u + (size_t)s * (k + 1) * k;
        for (int m = 0; m <= k; m++) {
            if (m > 0)
                level[order[m - 1]] += dir[order[m - 1]] * step;
            for (int j = 0; j < k; j++)
                t[(size_t)m * k + j] = level[j] / (double)(SWEEP_MORRIS_LEVELS - 1);
        }
    }
    gsl_rng_free(r);
    free(level);
    free(dir);
    free(order);
    return st;
}

SimStatus sweep_sample(SweepDesign d, int samples, int k, uint64_t seed, double *u, SimError *err)
{
    const int min_samples = d == SWEEP_DESIGN_SOBOL ? 2 : 1;
    if (samples < min_samples || samples > SWEEP_DESIGN_MAX_SAMPLES)
        return sim_fail(err, SIM_ERR_USAGE, "--samples %d: a %s design takes %d to %d samples",
                        samples, NAMES[d], min_samples, SWEEP_DESIGN_MAX_SAMPLES);
    if (k < 1 || (d == SWEEP_DESIGN_SOBOL && k > SWEEP_SOBOL_MAX_KEYS))
        return sim_fail(err, SIM_ERR_USAGE, "a %s design takes 1 to %d keys, not %d", NAMES[d],
                        d == SWEEP_DESIGN_SOBOL ? SWEEP_SOBOL_MAX_KEYS : 1 << 20, k);
    switch (d) {
    case SWEEP_DESIGN_SOBOL: return sample_sobol(samples, k, seed, u, err);
    case SWEEP_DESIGN_MORRIS: return sample_morris(samples, k, seed, u, err);
    default: return sample_lhs(samples, k, seed, u, err);
    }
}

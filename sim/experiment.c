/* experiment.c - Replicates, bands, verdicts (see experiment.h). */
#include "experiment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "distributed.h"
#include "rng.h"

uint64_t experiment_replicate_seed(uint64_t seed, int r)
{
    /* two rounds, so that (seed, r) and (seed + 1, r - 1) do not collide */
    return rng_hash64(rng_hash64(seed) ^ (uint64_t)(r + 1) * 0xd1b54a32d192ed03ULL) >> 1;
}

/* Quantile f of sorted x[0..k-1], R type 7 like GSL's, written x_j + d (x_j+1 -
 * x_j): exact where neighbours tie and never outside them, where GSL's (1 - d)
 * x_j + d x_j+1 gives 28.000000000000004 between two 28s, so a band of whole
 * months came out with p05 above p50. */
static double band_quantile(const double *x, int k, double f)
{
    const double h = f * (k - 1);
    const int j = (int)h;
    return j >= k - 1 ? x[k - 1] : x[j] + (h - j) * (x[j + 1] - x[j]);
}

Band experiment_band(const double *x, int n, double *work)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]))
            work[k++] = x[i];
    Band b = {.count = k, .mean = NAN, .sd = NAN, .p05 = NAN, .p50 = NAN, .p95 = NAN};
    if (k == 0)
        return b;
    gsl_sort(work, 1, (size_t)k);
    b.mean = gsl_stats_mean(work, 1, (size_t)k);
    b.sd = k > 1 ? gsl_stats_sd_m(work, 1, (size_t)k, b.mean) : 0.0;
    b.p05 = band_quantile(work, k, 0.05);
    b.p50 = band_quantile(work, k, 0.50);
    b.p95 = band_quantile(work, k, 0.95);
    return b;
}

SimStatus experiment_run_one(const Params *p, double **series, double *verdicts, SimError *err)
{
    *series = NULL;
    Sim *sim = sim_create(p, err);
    if (sim == NULL)
        return err->status;
    SimStatus st = SIM_OK;
    const int months = (int)p->run.months;
    for (int m = 0; m < months && st == SIM_OK; m++)
        st = sim_step(sim, err);
    if (st == SIM_OK) {
        const Results *r = sim_results(sim);
        double *copy = malloc((size_t)SERIES_COUNT * (size_t)months * sizeof *copy);
        if (copy == NULL) {
            st = sim_fail(err, SIM_ERR_MEMORY, "out of memory keeping a replicate's series");
        } else {
            for (int s = 0; s < SERIES_COUNT; s++)
                memcpy(copy + (size_t)s * months, r->series[s], (size_t)months * sizeof *copy);
            verdicts_compute(r, verdicts);
            *series = copy;
        }
    }
    sim_destroy(sim);
    return st;
}

SimStatus experiment_load_params(Params *p, const char *config, const char *const *sets,
                                 int n_sets, const char *seed, SimError *err)
{
    SimStatus st = params_load_file(p, config, err);
    for (int i = 0; st == SIM_OK && i < n_sets; i++)
        st = params_apply_override(p, sets[i], err);
    if (st == SIM_OK && seed != NULL) {
        char set[128];
        snprintf(set, sizeof set, "run.seed=%s", seed);
        st = params_apply_override(p, set, err);
    }
    if (st == SIM_OK)
        st = params_validate(p, err);
    return st;
}

void experiment_free_runs(int n, int R, double ***series, double **verdicts)
{
    for (int i = 0; i < n; i++) {
        if (series && series[i]) {
            for (int r = 0; r < R; r++)
                free(series[i][r]);
            free(series[i]);
            series[i] = NULL;
        }
        if (verdicts) {
            free(verdicts[i]);
            verdicts[i] = NULL;
        }
    }
}

SimStatus experiment_run_scenarios(const Params *ps, int n, int R, uint64_t seed, uint64_t *seeds,
                                   double ***series, double **verdicts,
                                   ExperimentProgress progress, void *ctx, SimError *err)
{
    for (int i = 0; i < n; i++) {
        series[i] = calloc((size_t)R, sizeof *series[i]);
        verdicts[i] = malloc((size_t)R * VERDICT_COUNT * sizeof *verdicts[i]);
        if (series[i] == NULL || verdicts[i] == NULL)
            return sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d replicates", R);
    }
    for (int r = 0; r < R; r++)
        seeds[r] = experiment_replicate_seed(seed, r);
    /* replicate-major, so an early look at the first replicates sees every scenario.
     * Under MPI task t runs on rank t mod size and rank 0 gathers the results in
     * task order; the other ranks keep nothing. */
    const int months = (int)ps[0].run.months, rank = dist_rank();
    const int len = SERIES_COUNT * months + VERDICT_COUNT;
    for (int t = 0; t < R * n; t++) {
        const int r = t / n, i = t % n;
        double *v = verdicts[i] + (size_t)r * VERDICT_COUNT;
        SimStatus st = SIM_OK;
        if (dist_owner(t) == rank) {
            Params p = ps[i]; /* shallow copy: the occupation table stays borrowed */
            p.run.seed = seeds[r];
            st = experiment_run_one(&p, &series[i][r], v, err);
            if (rank != 0) {
                double *buf = st == SIM_OK ? realloc(series[i][r], (size_t)len * sizeof *buf) : NULL;
                if (buf != NULL)
                    memcpy(buf + (size_t)SERIES_COUNT * months, v, VERDICT_COUNT * sizeof *v);
                else if (st == SIM_OK)
                    st = sim_fail(err, SIM_ERR_MEMORY, "out of memory sending a result");
                dist_deliver(t, st, err, buf, len);
                free(buf ? buf : series[i][r]);
                series[i][r] = NULL;
            }
        } else if (rank == 0) {
            double *buf = malloc((size_t)len * sizeof *buf);
            if (buf == NULL)
                return sim_fail(err, SIM_ERR_MEMORY, "out of memory receiving a result");
            st = dist_collect(t, buf, len, err);
            memcpy(v, buf + (size_t)SERIES_COUNT * months, VERDICT_COUNT * sizeof *v);
            series[i][r] = buf; /* the series come first; the tail is ignored */
        }
        if (st != SIM_OK)
            return st;
        if (progress && rank == 0)
            progress(t + 1, R * n, ctx);
    }
    return SIM_OK;
}

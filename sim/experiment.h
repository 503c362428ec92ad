/* experiment.h - Replicates, ensemble bands, verdicts and paired comparisons:
 * what `uhisim run --replicates`, `uhisim compare` and `uhisim sweep` compute on
 * top of single runs. No I/O here. */
#pragma once
#include <stdint.h>

#include "params.h"
#include "sim.h"
#include "status.h"
#include "verdicts.h"

/* Returns the seed of replicate r (0-based) of an experiment seeded with seed:
 * a splitmix64 hash of (seed, r), below 2^63 (the range of run.seed). Replicate
 * r's seed does not depend on the number of replicates. */
uint64_t experiment_replicate_seed(uint64_t seed, int r);

/* Summary of values x[0..n-1] across replicates, NaN entries ignored (count
 * says how many were not NaN; every field is NaN when count is 0). Quantiles
 * interpolate linearly (GSL, R type 7); sd is the sample sd (0 for one value). */
typedef struct Band {
    int count;
    double mean, sd, p05, p50, p95;
} Band;

/* Computes the Band of x[0..n-1]; work must hold n doubles. */
Band experiment_band(const double *x, int n, double *work);

/* Loads one config with --set overrides (and an optional --seed text) and
 * validates it: what `uhisim run` does before running. p must come from
 * params_set_defaults(). */
SimStatus experiment_load_params(Params *p, const char *config, const char *const *sets,
                                 int n_sets, const char *seed, SimError *err);

/* Called after each finished run of an experiment: done of total runs. */
typedef void (*ExperimentProgress)(int done, int total, void *ctx);

/* Runs n scenarios (validated params ps[0..n-1]) for R replicates each, with the
 * same replicate seeds in every scenario (common random numbers: identical
 * agents, wages, thresholds and draws wherever the scenarios do not differ).
 * seeds[0..R-1] receives experiment_replicate_seed(seed, r). For each scenario
 * i, series[i][r] and verdicts[i] (R * VERDICT_COUNT) are allocated; free with
 * experiment_free_runs(). */
SimStatus experiment_run_scenarios(const Params *ps, int n, int R, uint64_t seed, uint64_t *seeds,
                                   double ***series, double **verdicts,
                                   ExperimentProgress progress, void *ctx, SimError *err);

/* Frees what experiment_run_scenarios() allocated (NULL entries allowed). */
void experiment_free_runs(int n, int R, double ***series, double **verdicts);

/* Runs one simulation of p (validated) to the end; on success *out holds a copy
 * of its series (out[s * months + m], SERIES_COUNT * run.months doubles,
 * allocated; free() it) and verdicts[0..VERDICT_COUNT-1]. */
SimStatus experiment_run_one(const Params *p, double **series, double *verdicts, SimError *err);

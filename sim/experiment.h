/* experiment.h - Replicates, ensemble bands, verdicts and paired comparisons:
 * what `uhisim run --replicates`, `uhisim compare` and `uhisim sweep` compute on
 * top of single runs. No I/O here. */
#pragma once
#include <stdint.h>

#include "params.h"
#include "sim.h"
#include "status.h"

/* The verdict metrics answering the argument's claims for one run. */
// clang-format off
#define VERDICT_LIST(X) \
    X(months_until_uhi_p10,   "months", "first month from which uhi_p10 >= 1 for good (null: never)") \
    X(peak_unemployment,      "-",      "highest share of all workers without a human job") \
    X(peak_unemployment_month,"month",  "month of that peak") \
    X(peak_unemployment_white,"-",      "highest unemployment share of white-collar workers") \
    X(peak_unemployment_white_month, "month", "month of the white-collar peak") \
    X(peak_unemployment_blue, "-",      "highest unemployment share of blue-collar workers") \
    X(peak_unemployment_blue_month, "month", "month of the blue-collar peak") \
    X(final_price_level,      "-",      "price level P in the last month") \
    X(final_output,           "base-year $/year", "real output Q in the last month") \
    X(money_created_total,    "nominal $", "sum of new money over the run") \
    X(uhi_p10,                "-",      "p10 real consumption / month 0, last month") \
    X(uhi_median,             "-",      "median real consumption / month 0, last month") \
    X(uhi_displaced,          "-",      "displaced workers' real consumption / their month 0, last month (null: none)") \
    X(gini_income,            "-",      "Gini of real income, last month") \
    X(gini_money,             "-",      "Gini of money balances, last month")
// clang-format on

typedef enum Verdict {
#define X(name, unit, help) VERDICT_##name,
    VERDICT_LIST(X)
#undef X
        VERDICT_COUNT
} Verdict;

const char *experiment_verdict_name(int v);
const char *experiment_verdict_unit(int v);
const char *experiment_verdict_help(int v);

/* Returns the seed of replicate r (0-based) of an experiment seeded with seed:
 * a splitmix64 hash of (seed, r), below 2^63 (the range of run.seed). Replicate
 * r's seed does not depend on the number of replicates. */
uint64_t experiment_replicate_seed(uint64_t seed, int r);

/* Fills v[0..VERDICT_COUNT-1] from a finished run; NaN stands for null (never
 * reached, or no displaced worker). */
void experiment_verdicts(const Results *r, double *v);

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

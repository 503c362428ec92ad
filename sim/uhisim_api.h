/* uhisim_api.h - The library's calls for other languages (python/uhisim, through
 * cffi's ABI mode): load a scenario as `uhisim run` does, run it once, for R
 * replicates or beside other scenarios on common random numbers as `uhisim run
 * --replicates` and `uhisim compare` do, and run the points of a sweep as
 * `uhisim sweep` does, with results in plain arrays the caller owns.
 *
 * Every call that can fail returns 0 or the exit status the program would give
 * (2: bad usage, config or --set value; 1: a run whose numbers became NaN or
 * infinite, or out of memory) and writes the program's message (the text after
 * "uhisim: error: ") into error[0..error_size-1]. Nothing is printed. A series
 * array holds SERIES_COUNT rows of `months` values, series[s * months + m], in
 * the order and units of the run CSV (uhisim_api_series_name; docs/output.md);
 * NaN stands for null. Verdicts are VERDICT_COUNT values (NaN: null). */
#pragma once
#include <stdint.h>

typedef struct UhisimScenario UhisimScenario; /* one loaded, validated config */
typedef struct UhisimSweep UhisimSweep;       /* the points of a sweep */

/* The program's version ("0.1.0"). */
const char *uhisim_api_version(void);

/* The number of series, and series s's name (0 <= s < that number). */
int uhisim_api_series_count(void);
const char *uhisim_api_series_name(int s);

/* The number of verdicts, and verdict v's name and unit (docs/output.md). */
int uhisim_api_verdict_count(void);
const char *uhisim_api_verdict_name(int v);
const char *uhisim_api_verdict_unit(int v);

/* Loads config (a path; `extends` and @include relative to it) with the
 * "KEY=VALUE" overrides sets[0..n_sets-1] applied in order and, when seed is
 * not NULL, run.seed = seed (decimal text), and validates it: what `uhisim run
 * CONFIG --set ... --seed N` does before running. *out: the scenario (free with
 * uhisim_api_free) or NULL on error. */
int uhisim_api_load(const char *config, const char *const *sets, int n_sets, const char *seed,
                    UhisimScenario **out, char *error, int error_size);

/* Frees a scenario (NULL is ignored). */
void uhisim_api_free(UhisimScenario *s);

/* The scenario's run.months and run.seed. */
int uhisim_api_months(const UhisimScenario *s);
uint64_t uhisim_api_seed(const UhisimScenario *s);

/* Runs the scenario once on its own run.seed (`uhisim run`): series holds
 * SERIES_COUNT * months doubles, verdicts VERDICT_COUNT. */
int uhisim_api_run(const UhisimScenario *s, double *series, double *verdicts, char *error,
                   int error_size);

/* Runs scenarios s[0..n-1] (the same run.months) for R replicates each, with
 * replicate r on seed experiment_replicate_seed(seed, r) in every scenario
 * (`uhisim run --replicates R`, n = 1, and `uhisim compare`, where seed is the
 * first scenario's run.seed). seeds: R values; series: n * R * SERIES_COUNT *
 * months doubles, scenario i's replicate r at (i * R + r) * SERIES_COUNT *
 * months; verdicts: n * R * VERDICT_COUNT, at (i * R + r) * VERDICT_COUNT. */
int uhisim_api_run_replicates(const UhisimScenario *const *s, int n, int R, uint64_t seed,
                              uint64_t *seeds, double *series, double *verdicts, char *error,
                              int error_size);

/* Builds the points of `uhisim sweep config` with vary[0..n_vary-1]
 * ("KEY=FROM:TO:COUNT", or "KEY=LO:HI" with design "lhs", "sobol" or "morris"
 * and samples), or design a CSV table (vary empty), or with neither an
 * experiment file; sets apply to every point; replicates: 1 to 100000, or 0
 * for the experiment file's (else 1); seed NULL: the experiment file's, else
 * the first point's run.seed. Every point is loaded
 * and validated (sweep_check) before anything runs. *out: free with
 * uhisim_api_sweep_free. */
int uhisim_api_sweep_create(const char *config, const char *const *vary, int n_vary,
                            const char *design, int samples, const char *const *sets, int n_sets,
                            int replicates, const char *seed, UhisimSweep **out, char *error,
                            int error_size);

/* Frees a sweep (NULL is ignored). */
void uhisim_api_sweep_free(UhisimSweep *sw);

/* The sweep's points, keys, replicates and experiment seed. */
int uhisim_api_sweep_points(const UhisimSweep *sw);
int uhisim_api_sweep_keys(const UhisimSweep *sw);
int uhisim_api_sweep_replicates(const UhisimSweep *sw);
uint64_t uhisim_api_sweep_seed(const UhisimSweep *sw);

/* Key k's name; point i's config and the text of its value of key k, as the
 * summary's columns hold them. */
const char *uhisim_api_sweep_key(const UhisimSweep *sw, int k);
const char *uhisim_api_sweep_config(const UhisimSweep *sw, int i);
const char *uhisim_api_sweep_value(const UhisimSweep *sw, int i, int k);

/* Runs point i, replicate r (its seed: experiment_replicate_seed(sweep seed,
 * r)) as `uhisim sweep` does, writing its seed and verdicts[0..VERDICT_COUNT-1]. */
int uhisim_api_sweep_run(const UhisimSweep *sw, int i, int r, uint64_t *seed, double *verdicts,
                         char *error, int error_size);

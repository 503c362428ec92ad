/* sweep.h - Parameter sweeps: a full grid of --vary ranges, the rows of a
 * design table, or a list of scenario configs, each run for R replicates, one
 * summary row (the verdict metrics) per point and replicate. Rows are written
 * as they finish, so an interrupted sweep resumes where it stopped and reaches
 * the same bytes as an uninterrupted one. */
#pragma once
#include <stdint.h>

#include "experiment.h"
#include "params.h"
#include "status.h"
#include "sweep_design.h"

enum { SWEEP_MAX_KEYS = 16, SWEEP_MAX_RUNS = 10000000 /* points x replicates */ };

/* One point: a config file and the overrides that make it. */
typedef struct SweepPoint {
    char config[PARAM_PATH_MAX];
    int n_sets;
    char sets[SWEEP_MAX_KEYS][320]; /* "KEY=VALUE", in key order */
} SweepPoint;

typedef struct Sweep {
    char base_config[PARAM_PATH_MAX]; /* "" when points are scenario configs */
    char design[PARAM_PATH_MAX];      /* the design table read, or "" */
    char experiment_file[PARAM_PATH_MAX]; /* the experiment file read, or "" */
    int n_keys;
    char keys[SWEEP_MAX_KEYS][128];   /* swept keys, in column order */
    SweepPoint *points;               /* owned; free with sweep_free() */
    int n_points;
    int replicates;
    uint64_t seed;
    bool seed_given;                  /* else the base config's run.seed */
    const char *const *extra_sets;    /* --set applied to every point (borrowed) */
    int n_extra;
    /* A sampled design (--design lhs|sobol|morris): key k over [lo[k], hi[k]] */
    bool sampled;
    SweepDesign sampling;
    int samples;
    double lo[SWEEP_MAX_KEYS], hi[SWEEP_MAX_KEYS];
    uint64_t sampling_seed;           /* the seed its shuffles were drawn with */
} Sweep;

/* Checks how a sweep's points are given, as `uhisim sweep` and the Python
 * package take them: design NULL, "lhs", "sobol", "morris" or a CSV path;
 * samples 0 (none given) or N; n_vary the number of --vary texts. Returns
 * SIM_ERR_USAGE for a misspelt design (with a suggestion), --samples without a
 * sampled design, --vary beside a design table, or a sampled design without
 * --samples or --vary; SIM_OK otherwise (a grid, a table, a sampled design or,
 * with none of them, an experiment file). */
SimStatus sweep_check_source(const char *design, int samples, int n_vary, SimError *err);

/* Builds the grid of `vary` specs "KEY=FROM:TO:COUNT" (COUNT values evenly
 * spaced from FROM to TO; the last key varies fastest) on `config`. Returns
 * SIM_ERR_USAGE naming the spec for a malformed one. */
SimStatus sweep_from_vary(Sweep *sw, const char *config, const char *const *vary, int n_vary,
                          SimError *err);

/* Builds the points of a sampled design (sweep_design.h) with `samples`
 * samples over the `vary` ranges "KEY=LO:HI" on `config`: point i sets key k
 * to LO + (HI - LO) u[i k + k'], written with 6 significant digits (the text is
 * the value run, and what the summary and analysis/sensitivity.py read). The
 * design's draws use sw->seed when sw->seed_given, else the run.seed of
 * `config` with sw's extra sets, recorded in sw->sampling_seed. Returns
 * SIM_ERR_USAGE naming a malformed range, a design over too many keys or too
 * many points (1e6), SIM_ERR_CONFIG if `config` does not load. */
SimStatus sweep_from_sampling(Sweep *sw, const char *config, SweepDesign design, int samples,
                              const char *const *vary, int n_vary, SimError *err);

/* Builds the points from a design CSV: a header of parameter keys, one row per
 * point (values in libconfig syntax or bare words for strings). Returns
 * SIM_ERR_CONFIG with file and line for a malformed table. */
SimStatus sweep_from_design(Sweep *sw, const char *config, const char *design_csv, SimError *err);

/* Writes grid value j (0-based) of count values from `from` to `to` into buf
 * as the --set text: the endpoints exactly as given, the points between as the
 * shortest decimal within 8 ulps (of the larger of |from|, |to|, |to - from|)
 * of from + (to - from) j / (count - 1): 0.005:0.035:7 gives 0.03, not
 * 0.030000000000000006. */
void sweep_grid_value(double from, double to, long j, long count, char *buf, int size);

/* Reads an experiment file: a top-level group
 *   experiment = { config = "baseline.cfg"; vary = ["KEY=FROM:TO:COUNT", ...];
 *                  design = "design.csv"; scenarios = ["a.cfg", "b.cfg"];
 *                  replicates = 10; seed = 1; };
 * (paths relative to the file; give vary, design or scenarios). Returns
 * SIM_ERR_CONFIG naming the file, line and key on error (a syntax error with
 * its line), SIM_ERR_USAGE if the file has no `experiment` group. */
SimStatus sweep_from_experiment_file(Sweep *sw, const char *path, SimError *err);

/* True if the config file at path holds a top-level `experiment` group. */
bool sweep_is_experiment_file(const char *path);

/* Checks the size (points x replicates at most SWEEP_MAX_RUNS, else SIM_ERR_USAGE
 * naming the number of runs), then loads and validates a sampled design's
 * range ends (each --vary KEY at LO and at HI, the others as configured;
 * SIM_ERR_CONFIG naming the range and the end) and every point's params,
 * so a bad key or value is reported (SIM_ERR_CONFIG, naming the point) before
 * anything runs, and refuses (SIM_ERR_USAGE, outfile_check_inputs) any of the
 * output files outputs[0..n_outputs-1] that the sweep reads: a point's config,
 * extends or @include file or table, the design table or the experiment file. */
SimStatus sweep_check(const Sweep *sw, const char *const *outputs, int n_outputs, SimError *err);

/* Loads point i's params into p (defaults first, then the point's config, the
 * sweep's --set and the point's own assignments) and validates them. Returns
 * SIM_ERR_CONFIG naming the point; free p with params_free() either way. */
SimStatus sweep_point_params(const Sweep *sw, int i, Params *p, SimError *err);

/* Frees the points. */
void sweep_free(Sweep *sw);

/* The order in which points are visited: order[0..n-1] is a permutation of
 * 0..n-1 by bit-reversed index (van der Corput), spreading early points. */
void sweep_interleave(int n, int *order);

/* cli.h - Command-line parsing for the uhisim program. */
#pragma once
#include <stdbool.h>

#include "status.h"

enum { CLI_MAX_SETS = 256, CLI_MAX_CONFIGS = 64, CLI_MAX_VARY = 16 };

typedef enum CliCommand {
    CLI_RUN,
    CLI_VALIDATE,
    CLI_COMPARE,
    CLI_SWEEP,
    CLI_BENCH,
    CLI_HELP,
    CLI_VERSION
} CliCommand;

typedef struct CliOptions {
    CliCommand command;
    const char *config;              /* the first (for run, validate, sweep: the only) config */
    const char *configs[CLI_MAX_CONFIGS]; /* compare: every config, in order; borrowed */
    int n_configs;
    int replicates;                  /* --replicates R, 0 = a single run */
    const char *vary[CLI_MAX_VARY];  /* sweep: --vary KEY=FROM:TO:COUNT; borrowed */
    int n_vary;
    const char *design;              /* sweep: --design FILE.csv or lhs|sobol|morris, or NULL */
    int samples;                     /* sweep: --samples N, 0 = not given */
    const char *bench_agents;        /* bench: --agents 1e4,1e5,1e6 */
    int bench_repeats;               /* bench: --repeats N (3) */
    int bench_months;                /* bench: --months N (180) */
    int bench_max_threads;           /* bench: --max-threads N (OpenMP's processor count) */
    const char *output;              /* -o FILE, or NULL (standard output) */
    const char *csv;                 /* --csv FILE, or NULL */
    const char *sets[CLI_MAX_SETS];  /* --set KEY=VALUE, in order; borrowed from argv */
    int n_sets;
    const char *seed;                /* --seed N, or NULL */
    int threads;                     /* --threads N, 0 = OpenMP's default */
    bool quiet;                      /* --quiet: no progress, no summary table */
} CliOptions;

/* Parses argv into opt. Returns SIM_ERR_USAGE with a message naming the bad
 * argument and what was expected. */
SimStatus cli_parse(int argc, char **argv, CliOptions *opt, SimError *err);

/* The --help text. */
extern const char CLI_USAGE[];

/* bench.h - `uhisim bench`: wall time, throughput, peak memory, time per phase
 * and the memory-bandwidth bound of the model, at several agent counts. */
#pragma once

/* Options of the benchmark. */
typedef struct BenchOptions {
    const char *config;     /* scenario to time (configs/baseline.cfg) */
    const long *agents;     /* agent counts [n_agents] */
    int n_agents;
    int months;             /* months per run (180) */
    int repeats;            /* timed runs per size and thread count (>= 1) */
    int max_threads;        /* thread counts 1..max_threads */
    const char *output;     /* results JSON path, or NULL */
} BenchOptions;

/* Runs the benchmark, printing a table on standard output and writing the JSON
 * results to opt->output. Each timed run happens in a child process so its
 * peak resident memory can be read (wait4). Returns the exit status (0, or 1/2
 * with a message on standard error). */
int bench_run(const BenchOptions *opt);

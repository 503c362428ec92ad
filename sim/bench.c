/* bench.c - The benchmark behind `uhisim bench` (see bench.h).
 *
 * Memory-bandwidth bound: a month of the baseline moves about
 * BYTES_PER_AGENT_STEP bytes of agent state per agent (count of the arrays
 * each pass reads and writes, from the code, with 80 % of agents automation
 * candidates and 45 % job seekers as in the baseline's later years; a pass runs
 * its kernels on a block while it is in cache, so an array two kernels of one
 * pass touch counts once):
 * automation 37 (status, class and both thresholds, a code per agent, the
 * candidate list, each candidate's draw and decision), labour 7 (no layoff
 * scan: the seed's wages are flexible, g = 1), production 10 (in the pass of
 * automation's apply kernel and labour, which leave status in cache: class and
 * a; the occupation counts add the slot; no UI, so no lost_month), money 0 (no
 * new money: the incomes sum is reused), the incomes pass 77 (incomes 49: m read
 * and written, status, a, k, the balance and income written; the metrics' sums
 * then add c0 and lost_month, and the displaced lists 16, written at their
 * ends by every agent), the occupations' mean incomes 8 (the income
 * array once more), two exact sorts of 8-byte keys at 40 each (from 2^19
 * agents on: bounds, histogram, the move to the high digit's buckets, read and
 * written, and each bucket read once more as it is finished in a buffer that
 * stays in cache, where the quantiles, bottom-decile sum and Gini sums are
 * taken: the sorted arrays are never written back; 56 before issue 12, plus
 * 16 for the Gini pass the count left out): 219 (the displaced medians read
 * only the few displaced agents' values). With
 * every version-2 mechanism on (us_institutions) add the layoff scan (status,
 * viability: 9), lost_month in production and incomes (8) and the debt passes
 * (payments: pay; receipts: m, k and income again: 32). The bound is that
 * traffic divided by the STREAM triad bandwidth measured in the same process. */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <omp.h>

#include "clock.h"
#include "experiment.h"
#include "json_writer.h"
#include "outfile.h"
#include "output.h"
#include "sim.h"
#include "version.h"

enum { BYTES_PER_AGENT_STEP = 219 };

static const char *const PHASE_NAME[PHASE_COUNT + 1] = {
    "init", "automation", "production", "policy", "spending", "incomes", "metrics", "output"};

/* STREAM triad a = b + s c over three arrays of n doubles; best of `reps`
 * [bytes/s], counting 24 bytes an element (McCalpin's convention). */
static double triad_bandwidth(size_t n, int reps)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    double best = 0;
    if (a && b && c) {
        for (size_t i = 0; i < n; i++) {
            a[i] = 0;
            b[i] = 1.0 + (double)(i % 7);
            c[i] = 2.0;
        }
        for (int r = 0; r < reps; r++) {
            double t0 = clock_seconds();
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] + 3.0 * c[i];
            double t = clock_seconds() - t0;
            if (t > 0 && 24.0 * (double)n / t > best)
                best = 24.0 * (double)n / t;
        }
        if (a[n / 2] != b[n / 2] + 6.0) /* keeps the loop from being optimised away */
            best = 0;
    }
    free(a);
    free(b);
    free(c);
    return best;
}

/* The thread counts a bench steps through: 1, 2, 4, 8, ... and max itself
 * (a scaling table, not every count up to a many-core machine's). */
static int next_thread_count(int threads, int max)
{
    return threads < max && 2 * threads > max ? max : 2 * threads;
}

/* What a child reports back through its pipe. */
typedef struct Measurement {
    int ok;
    double wall;                          /* [s], init to output written */
    double phase[PHASE_COUNT + 1];        /* [s] */
    long max_rss_kb;                      /* filled by the parent */
    char message[300];
} Measurement;

/* One row of the results: one size at one thread count. */
typedef struct BenchRow {
    long agents;
    int threads;
    double wall_median, wall_min, wall_max;  /* [s] */
    double steps_per_s, ns_per_step;
    long peak_rss_kb;
    double bytes_per_agent;                  /* peak RSS above the tiny run's, per agent [B] */
    double bound;                            /* bandwidth bound [s] */
    double phase_median[PHASE_COUNT + 1];    /* [s] */
} BenchRow;

/* The document bench -o writes. */
typedef struct BenchDoc {
    const BenchOptions *opt; /* borrowed */
    double bandwidth;        /* STREAM triad [bytes/s] */
    long overhead_rss_kb;    /* peak RSS of the tiny run */
    BenchRow *rows;          /* owned */
    int n_rows;
} BenchDoc;

static void write_row(JsonWriter *w, const BenchRow *r)
{
    json_object(w, JSON_LINES);
    json_key(w, "agents");
    json_int(w, r->agents);
    json_key(w, "threads");
    json_int(w, r->threads);
    const struct {
        const char *key;
        double value;
    } fields[] = {{"wall_median_s", r->wall_median},     {"wall_min_s", r->wall_min},
                  {"wall_max_s", r->wall_max},           {"agent_steps_per_s", r->steps_per_s},
                  {"ns_per_agent_step", r->ns_per_step}, {"peak_rss_kb", (double)r->peak_rss_kb},
                  {"bytes_per_agent", r->bytes_per_agent}, {"bandwidth_bound_s", r->bound},
                  {"fraction_of_bound", r->bound / r->wall_median}};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        json_key(w, fields[k].key);
        json_number(w, fields[k].value);
    }
    json_key(w, "phase_median_s");
    json_object(w, JSON_INLINE);
    for (int k = 0; k <= PHASE_COUNT; k++) {
        json_key(w, PHASE_NAME[k]);
        json_number(w, r->phase_median[k]);
    }
    json_end(w);
    json_end(w);
}

static SimStatus write_bench(FILE *f, void *ctx, SimError *err)
{
    const BenchDoc *doc = ctx;
    JsonWriter w;
    json_init(&w, f, err);
    json_object(&w, JSON_LINES);
    json_key(&w, "schema");
    json_string(&w, "uhisim.bench");
    json_key(&w, "version");
    json_string(&w, UHISIM_VERSION);
    json_key(&w, "config");
    json_string(&w, doc->opt->config);
    json_key(&w, "months");
    json_int(&w, doc->opt->months);
    json_key(&w, "repeats");
    json_int(&w, doc->opt->repeats);
    json_key(&w, "triad_bytes_per_second");
    json_number(&w, doc->bandwidth);
    json_key(&w, "bytes_per_agent_step_model");
    json_int(&w, BYTES_PER_AGENT_STEP);
    json_key(&w, "overhead_rss_kb");
    json_int(&w, doc->overhead_rss_kb);
    json_key(&w, "results");
    json_array(&w, JSON_LINES);
    for (int i = 0; i < doc->n_rows; i++)
        write_row(&w, &doc->rows[i]);
    json_end(&w);
    json_end(&w);
    return json_finish(&w);
}

/* Runs one timed simulation in this (child) process. */
static void measure(const BenchOptions *opt, long agents, int threads, Measurement *m)
{
    SimError err = {0};
    Params p;
    params_set_defaults(&p);
    char set_agents[64], set_months[64];
    snprintf(set_agents, sizeof set_agents, "run.agents=%ld", agents);
    snprintf(set_months, sizeof set_months, "run.months=%d", opt->months);
    const char *sets[2] = {set_agents, set_months};
    omp_set_num_threads(threads);
    Sim *sim = NULL;
    if (experiment_load_params(&p, opt->config, sets, 2, NULL, &err) == SIM_OK) {
        double t0 = clock_seconds();
        sim = sim_create(&p, &err);
        for (int k = 0; sim && k < opt->months && err.status == SIM_OK; k++)
            sim_step(sim, &err);
        if (err.status == SIM_OK) {
            double t1 = clock_seconds();
            /* the output phase: the whole document, written where it costs no disk */
            RunInfo info = {.threads = threads};
            FILE *f = fopen("/dev/null", "w");
            if (f != NULL) {
                output_write_json(f, &p, sim_results(sim), &info, &err);
                fclose(f);
            }
            m->wall = clock_seconds() - t0;
            memcpy(m->phase, sim_phase_seconds(sim), PHASE_COUNT * sizeof(double));
            m->phase[PHASE_COUNT] = clock_seconds() - t1;
        }
    }
    m->ok = err.status == SIM_OK;
    snprintf(m->message, sizeof m->message, "%.255s", err.message);
    sim_destroy(sim);
    params_free(&p);
}

/* Forks a child for one measurement; the parent reads its result and peak RSS. */
static int measure_in_child(const BenchOptions *opt, long agents, int threads, Measurement *m)
{
    int fd[2];
    memset(m, 0, sizeof *m);
    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fd[0]);
        Measurement mine = {0};
        measure(opt, agents, threads, &mine);
        ssize_t w = write(fd[1], &mine, sizeof mine);
        _exit(w == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fd[1]);
    ssize_t r = read(fd[0], m, sizeof *m);
    close(fd[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || r != (ssize_t)sizeof *m)
        return -1;
    m->max_rss_kb = ru.ru_maxrss;
    return 0;
}

static double median_of(double *x, int n)
{
    gsl_sort(x, 1, (size_t)n);
    return gsl_stats_median_from_sorted_data(x, 1, (size_t)n);
}

int bench_run(const BenchOptions *opt)
{
    printf("uhisim %s benchmark: %s, %d months, %d repeat(s)\n", UHISIM_VERSION, opt->config,
           opt->months, opt->repeats);
    const double bandwidth = triad_bandwidth((size_t)1 << 23, 10); /* 3 x 64 MiB */
    printf("STREAM triad (3 x 64 MiB, best of 10): %.1f GB/s\n", bandwidth / 1e9);

    /* memory of a tiny run: the fixed overhead to subtract for bytes per agent */
    Measurement tiny;
    if (measure_in_child(opt, 1000, 1, &tiny) != 0 || !tiny.ok) {
        fprintf(stderr, "uhisim: error: benchmark run failed: %s\n", tiny.message);
        return 1;
    }
    BenchDoc doc = {.opt = opt, .bandwidth = bandwidth, .overhead_rss_kb = tiny.max_rss_kb};
    doc.rows = calloc((size_t)opt->n_agents * (size_t)opt->max_threads, sizeof *doc.rows);
    if (doc.rows == NULL) {
        fprintf(stderr, "uhisim: error: out of memory for the results\n");
        return 1;
    }
    printf("%9s %3s %9s %9s %11s %8s %9s %8s %7s  %s\n", "agents", "thr", "median s", "spread s",
           "agent-st/s", "ns/a-st", "peak MB", "B/agent", "bound%", "phases (median s)");
    int code = 0;
    for (int a = 0; a < opt->n_agents && code == 0; a++)
        for (int threads = 1; threads <= opt->max_threads && code == 0;
             threads = next_thread_count(threads, opt->max_threads)) {
            double *wall = calloc((size_t)opt->repeats, sizeof *wall);
            double *phase = calloc((size_t)opt->repeats * (PHASE_COUNT + 1), sizeof *phase);
            long rss = 0;
            for (int r = 0; r < opt->repeats; r++) {
                Measurement m;
                if (measure_in_child(opt, opt->agents[a], threads, &m) != 0 || !m.ok) {
                    fprintf(stderr, "uhisim: error: benchmark run failed: %s\n", m.message);
                    code = 1;
                    break;
                }
                wall[r] = m.wall;
                for (int k = 0; k <= PHASE_COUNT; k++)
                    phase[(size_t)k * opt->repeats + r] = m.phase[k];
                if (m.max_rss_kb > rss)
                    rss = m.max_rss_kb;
            }
            if (code != 0) {
                free(wall);
                free(phase);
                break;
            }
            double lo = wall[0], hi = wall[0];
            for (int r = 1; r < opt->repeats; r++) {
                lo = fmin(lo, wall[r]);
                hi = fmax(hi, wall[r]);
            }
            const double med = median_of(wall, opt->repeats);
            const double steps = (double)opt->agents[a] * opt->months;
            const double bytes_per_agent = 1024.0 * (double)(rss - tiny.max_rss_kb) / (double)opt->agents[a];
            const double bound = steps * BYTES_PER_AGENT_STEP / bandwidth; /* [s] */
            BenchRow *row = &doc.rows[doc.n_rows++];
            *row = (BenchRow){.agents = opt->agents[a], .threads = threads, .wall_median = med,
                              .wall_min = lo, .wall_max = hi, .steps_per_s = steps / med,
                              .ns_per_step = 1e9 * med / steps, .peak_rss_kb = rss,
                              .bytes_per_agent = bytes_per_agent, .bound = bound};
            char phases[256] = "";
            for (int k = 0; k <= PHASE_COUNT; k++) {
                double pm = median_of(phase + (size_t)k * opt->repeats, opt->repeats);
                row->phase_median[k] = pm;
                size_t len = strlen(phases);
                snprintf(phases + len, sizeof phases - len, "%s%s %.3f", k ? ", " : "", PHASE_NAME[k], pm);
            }
            printf("%9ld %3d %9.3f %9.3f %11.3g %8.1f %9.1f %8.1f %7.1f %s\n", opt->agents[a],
                   threads, med, hi - lo, steps / med, 1e9 * med / steps, rss / 1024.0,
                   bytes_per_agent, 100 * bound / med, phases);
            fflush(stdout);
            free(wall);
            free(phase);
        }
    if (code == 0 && opt->output) {
        SimError err = {0};
        if (outfile_write(opt->output, write_bench, &doc, &err) != SIM_OK) {
            fprintf(stderr, "uhisim: error: %s\n", err.message);
            code = 1;
        } else {
            printf("uhisim: results written to %s\n", opt->output);
        }
    }
    free(doc.rows);
    return code;
}

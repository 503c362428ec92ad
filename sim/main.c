/* main.c - The uhisim program: the only code that prints to the user and exits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <omp.h>

#include "bench.h"
#include "cli.h"
#include "clock.h"
#include "distributed.h"
#include "experiment.h"
#include "outfile.h"
#include "output.h"
#include "params.h"
#include "sim.h"
#include "status.h"
#include "sweep.h"
#include "sweep_folder.h"
#include "verdicts.h"
#include "version.h"

/* Prints the error (rank 0 only: every rank fails alike, or rank 0 learns of
 * it from the rank that failed) and returns the exit status. */
static int fail(const SimError *err)
{
    if (dist_rank() == 0)
        fprintf(stderr, "uhisim: error: %s\n", err->message);
    return status_exit_code(err->status);
}

/* A task of an experiment failed: rank 0 reports it and stops every rank,
 * since the others may still be running or waiting on the failed one. */
static int fail_experiment(const SimError *err)
{
    int code = fail(err);
    fflush(stderr);
    if (dist_rank() == 0)
        dist_abort(code);
    return code;
}

static SimStatus load_params(const CliOptions *opt, Params *p, SimError *err)
{
    return experiment_load_params(p, opt->config, opt->sets, opt->n_sets, opt->seed, err);
}

static void print_validated(const Params *p)
{
    printf("# every parameter, its value and where it came from\n");
    for (int i = 0; i < params_count(); i++) {
        char value[1200], line[1300];
        params_format_value(p, i, value, sizeof value);
        snprintf(line, sizeof line, "%s = %s;", params_key(i), value);
        printf("%-52s # %s [%s]\n", line, p->origin[i], params_unit(i));
    }
    double total = 0, blue = 0;
    for (int o = 0; o < p->occupations.count; o++) {
        total += p->occupations.rows[o].employment;
        if (p->occupations.rows[o].job_class == CLASS_BLUE)
            blue += p->occupations.rows[o].employment;
    }
    printf("# occupations: %d rows, %.0f workers (%.1f %% blue-collar) # %s\n",
           p->occupations.count, total, 100.0 * blue / total, p->occupations_origin);
    if (p->robots.fleet_max == 0)
        printf("# robots.fleet_max = 0 means blue-collar employment: %.0f job-equivalents\n", blue);
}

typedef struct JsonJob {
    const Params *p;
    const Results *r;
    const RunInfo *info;
} JsonJob;

static SimStatus write_json(FILE *f, void *ctx, SimError *err)
{
    JsonJob *job = ctx;
    return output_write_json(f, job->p, job->r, job->info, err);
}

static SimStatus write_csv(FILE *f, void *ctx, SimError *err)
{
    return output_write_csv(f, ctx, err);
}

/* Whether the JSON (json) or the CSV (csv, or NULL) goes to standard output,
 * which then carries no summary table. */
static bool writes_stdout(const char *json, const char *csv)
{
    return outfile_is_stdout(json) || (csv != NULL && outfile_is_stdout(csv));
}

/* Where the JSON goes without -o: standard output when it is a pipe or a file,
 * but out/STEM.json when it is a terminal (STEM the config's name, or
 * "compare"): a document of a few hundred kilobytes is no use on a screen, and
 * the summary table goes there instead. buf holds the path. */
static const char *default_output(const char *config, char *buf, size_t size)
{
    if (!isatty(STDOUT_FILENO))
        return "-";
    const char *base = strrchr(config, '/');
    base = base ? base + 1 : config;
    const char *dot = strrchr(base, '.');
    const int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    mkdir("out", 0777); /* an error shows when the file cannot be written */
    snprintf(buf, size, "out/%.*s.json", len, base);
    return buf;
}

/* The yearly table of a run, and one line on when energy limited automation. */
static void print_table(FILE *f, const Results *r)
{
    fprintf(f, "%7s %8s %9s %8s %9s %9s %7s %6s %11s %7s %8s\n", "year", "P", "Q $tn/yr",
            "M $tn", "emp white", "emp blue", "unemp", "gap", "p10 inc $k", "uhi_p10",
            "uhi_bot10");
    for (int m = 0; m < r->months_done; m++) {
        if (m % 12 != 0 && m != r->months_done - 1)
            continue;
        double *const *s = r->series;
        /* %g where version 2's scenarios reach 1e-7 prices and 1e8 tn $ output */
        fprintf(f, "%7.2f %8.4g %9.4g %8.2f %8.1f%% %8.1f%% %6.1f%% %6.4g %11.1f %7.3g %8.3g\n",
                s[SERIES_year][m], s[SERIES_price_level][m], s[SERIES_output][m] / 1e12,
                s[SERIES_money_stock][m] / 1e12, 100 * s[SERIES_employment_rate_white][m],
                100 * s[SERIES_employment_rate_blue][m], 100 * s[SERIES_unemployment_rate][m],
                s[SERIES_wage_gap][m], s[SERIES_real_income_p10][m] / 1e3, s[SERIES_uhi_p10][m],
                s[SERIES_uhi_bottom10][m]);
    }
    double v[VERDICT_COUNT];
    verdicts_compute(r, v);
    if (isnan(v[VERDICT_first_energy_limited_month]))
        fprintf(f, "energy: never limited automation (cap and gate slack every month)\n");
    else
        fprintf(f,
                "energy: limited automation in %.0f of %d months, from %.2f (month %.0f): the "
                "machines running or wanted needed more than the capacity\n",
                v[VERDICT_energy_limited_months], r->months_done,
                r->series[SERIES_year][(int)v[VERDICT_first_energy_limited_month]],
                v[VERDICT_first_energy_limited_month]);
}

/* Warns (the run goes on, exit status unchanged) when the occupation table's
 * wages had to be scaled by more than 2x or less than 0.5x to meet
 * economy.labor_share: the table's dollars then do not fit money.stock, and
 * per-worker incomes stop resembling any real economy. The rule is the factor
 * alone, whatever the table: the real US table (configs/baseline.cfg) needs
 * about 1.6 (OEWS wages cover 0.37 of M2 x velocity against omega = 0.6), so
 * [0.5, 2] leaves room for a real table and catches a table in other units.
 * The factor is proportional to money.stock (the wages do not depend on it),
 * so money.stock / factor makes it 1. */
static void warn_wage_factor(const Params *p, const Results *r)
{
    const double f = r->wage_factor;
    if (f >= 0.5 && f <= 2.0)
        return;
    char factor[32]; /* 3.1x, 0.012x, 2480x: no exponent for a factor */
    snprintf(factor, sizeof factor, f < 1000 ? "%.3g" : "%.0f", f);
    fprintf(stderr,
            "uhisim: warning: the occupation table's wages were scaled by %sx to meet "
            "economy.labor_share = %g at money.stock = %g; per-worker incomes then look like no "
            "real economy: set money.stock to about %.3g (or economy.labor_share = 0 to keep the "
            "table's wages)\n",
            factor, p->economy.labor_share, p->money.stock, p->money.stock / f);
}

static int run(const CliOptions *opt)
{
    SimError err = {0};
    Params p;
    params_set_defaults(&p);
    Sim *sim = NULL;
    int code = 0;
    char default_out[PATH_MAX];
    const char *out = opt->output ? opt->output
                                  : default_output(opt->config, default_out, sizeof default_out);
    const char *paths[2] = {out, opt->csv};
    /* a bad output name is refused before the run, not after it */
    if (outfile_check(paths, opt->csv ? 2 : 1, &err) != SIM_OK)
        goto done;
    if (load_params(opt, &p, &err) != SIM_OK)
        goto done;
    if (outfile_check_inputs(paths, opt->csv ? 2 : 1, p.inputs, p.n_inputs, &err) != SIM_OK)
        goto done;
    /* under mpirun the agent blocks of this one run are split over the ranks */
    dist_set_split(true);
    const bool lead = dist_rank() == 0;
    const bool progress = lead && !opt->quiet && isatty(STDERR_FILENO);
    const double t0 = clock_seconds();
    if ((sim = sim_create(&p, &err)) == NULL)
        goto done;
    if (lead)
        warn_wage_factor(&p, sim_results(sim));
    const int months = (int)p.run.months;
    for (int m = 0; m < months; m++) {
        if (sim_step(sim, &err) != SIM_OK)
            goto done;
        if (progress && (m % 12 == 11 || m == months - 1))
            fprintf(stderr, "\ruhisim: month %d of %d (%.0f%%)", m + 1, months,
                    100.0 * (m + 1) / months);
    }
    if (progress)
        fputc('\n', stderr);
    const Results *r = sim_results(sim);
    const char *files[1] = {opt->config};
    RunInfo info = {.config_files = files,
                    .n_config_files = 1,
                    .overrides = opt->sets,
                    .n_overrides = opt->n_sets,
                    .threads = omp_get_max_threads(),
                    .wall_seconds = clock_seconds() - t0};
    JsonJob job = {&p, r, &info};
    if (!lead)
        goto done;
    /* the JSON and the CSV are one set: both are written, or neither changes */
    const Outfile outputs[2] = {{out, write_json, &job}, {opt->csv, write_csv, (void *)r}};
    if (outfile_write_set(outputs, opt->csv ? 2 : 1, &err) != SIM_OK)
        goto done;
    if (!writes_stdout(out, opt->csv) && !opt->quiet) {
        print_table(stdout, r);
        printf("uhisim: %lld agents x %d months in %.2f s; JSON written to %s\n",
               (long long)p.run.agents, r->months_done, info.wall_seconds, out);
        if (opt->csv)
            printf("uhisim: CSV written to %s\n", opt->csv);
    }
done:
    if (err.status != SIM_OK)
        code = fail(&err);
    sim_destroy(sim);
    params_free(&p);
    return code;
}

static int validate(const CliOptions *opt)
{
    SimError err = {0};
    Params p;
    params_set_defaults(&p);
    int code = 0;
    if (load_params(opt, &p, &err) != SIM_OK)
        code = fail(&err);
    else
        print_validated(&p);
    params_free(&p);
    return code;
}

/* Progress of an experiment on standard error: runs done, total, elapsed, ETA. */
typedef struct Progress {
    bool show;
    double t0;
    const char *what;
} Progress;

static void show_progress(int done, int total, void *ctx)
{
    Progress *pr = ctx;
    if (!pr->show)
        return;
    double elapsed = clock_seconds() - pr->t0;
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    fprintf(stderr, "\ruhisim: %s %d of %d, %.0f s elapsed, about %.0f s left   ", pr->what, done,
            total, elapsed, eta);
    if (done == total)
        fputc('\n', stderr);
}

/* The scenario's name: the config's file name without folder and ".cfg". */
static void scenario_name(const char *config, char *buf, size_t size)
{
    const char *base = strrchr(config, '/');
    snprintf(buf, size, "%s", base ? base + 1 : config);
    char *dot = strrchr(buf, '.');
    if (dot && strcmp(dot, ".cfg") == 0)
        *dot = '\0';
}

typedef struct ExperimentJob {
    const char *schema;
    const ScenarioRuns *sc;
    int n;
    int replicates;
    const uint64_t *seeds;
    const RunInfo *info;
} ExperimentJob;

static SimStatus write_experiment(FILE *f, void *ctx, SimError *err)
{
    const ExperimentJob *j = ctx;
    return output_write_experiment_json(f, j->schema, j->sc, j->n, j->replicates, j->seeds, j->info,
                                        err);
}

static SimStatus write_experiment_csv(FILE *f, void *ctx, SimError *err)
{
    const ExperimentJob *j = ctx;
    return output_write_experiment_csv(f, j->sc, j->n, j->replicates, j->seeds, err);
}

/* Side-by-side verdicts: mean (and the 5-95 % range across replicates), then
 * the paired difference against the first scenario. A difference within
 * rounding of the two values (1e-12 of them) is shown as 0; a verdict without
 * a value is "never" for a month and "n/a" otherwise (defaulted_share without
 * debt). */
static void print_verdict_table(FILE *f, const ScenarioRuns *sc, int n, int R)
{
    double *x = malloc((size_t)R * sizeof *x), *work = malloc((size_t)R * sizeof *work);
    if (x == NULL || work == NULL) {
        free(x);
        free(work);
        return;
    }
    for (int pass = 0; pass < (n > 1 ? 2 : 1); pass++) {
        fprintf(f, "%-32s", pass ? "difference vs first" : R > 1 ? "verdict (mean [p05, p95])" : "verdict");
        for (int i = 0; i < n; i++)
            fprintf(f, " %30.30s", sc[i].name);
        fputc('\n', f);
        for (int v = 0; v < VERDICT_COUNT; v++) {
            fprintf(f, "%-32s", verdict_name(v));
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < R; r++) {
                    const double a = sc[i].verdicts[r * VERDICT_COUNT + v];
                    const double b = pass ? sc[0].verdicts[r * VERDICT_COUNT + v] : 0.0;
                    x[r] = a - b;
                    if (pass && fabs(x[r]) <= 1e-12 * fmax(fabs(a), fabs(b)))
                        x[r] = 0.0;
                }
                Band b = experiment_band(x, R, work);
                char cell[64];
                if (b.count == 0)
                    snprintf(cell, sizeof cell, "%s",
                             strncmp(verdict_unit(v), "month", 5) == 0 ? "never" : "n/a");
                else if (R > 1)
                    snprintf(cell, sizeof cell, "%.4g [%.3g, %.3g]", b.mean, b.p05, b.p95);
                else
                    snprintf(cell, sizeof cell, "%.6g", b.mean);
                fprintf(f, " %30s", cell);
            }
            fputc('\n', f);
        }
    }
    free(x);
    free(work);
}

/* Warns when scenario b does not model the same population as a: paired
 * differences then compare unlike things (they stay allowed: a study of the
 * table itself compares two tables). */
static void warn_population(const Params *a, const char *fa, const Params *b, const char *fb)
{
    if (a->run.agents != b->run.agents)
        fprintf(stderr,
                "uhisim: warning: %s has %lld agents and %s %lld: the paired differences compare "
                "unlike populations\n",
                fa, (long long)a->run.agents, fb, (long long)b->run.agents);
    const OccupationTable *x = &a->occupations, *y = &b->occupations;
    bool same = x->count == y->count;
    for (int o = 0; same && o < x->count; o++) {
        const Occupation *p = &x->rows[o], *q = &y->rows[o];
        same = strcmp(p->code, q->code) == 0 && p->job_class == q->job_class &&
               p->employment == q->employment && p->mean_wage == q->mean_wage &&
               p->ai_exposure == q->ai_exposure && p->robot_exposure == q->robot_exposure;
    }
    if (!same)
        fprintf(stderr,
                "uhisim: warning: %s and %s have different occupation tables (%d and %d rows): "
                "the paired differences compare unlike populations\n",
                fa, fb, x->count, y->count);
}

/* run --replicates and compare: n configs, R replicates each, one document. */
static int experiment(const CliOptions *opt, const char *const *configs, int n, int R,
                      const char *schema)
{
    SimError err = {0};
    Params *ps = calloc((size_t)n, sizeof *ps);
    ScenarioRuns *sc = calloc((size_t)n, sizeof *sc);
    double ***series = calloc((size_t)n, sizeof *series);
    double **verdicts = calloc((size_t)n, sizeof *verdicts);
    uint64_t *seeds = calloc((size_t)R, sizeof *seeds);
    char(*names)[128] = calloc((size_t)n, sizeof *names);
    int loaded = 0, code = 0;
    char default_out[PATH_MAX];
    const char *out =
        opt->output ? opt->output : default_output("compare", default_out, sizeof default_out);
    const char *paths[2] = {out, opt->csv};
    const int n_paths = opt->csv ? 2 : 1;
    if (!ps || !sc || !series || !verdicts || !seeds || !names) {
        sim_fail(&err, SIM_ERR_MEMORY, "out of memory");
        goto done;
    }
    /* a bad output name is refused before the runs, not after them */
    if (outfile_check(paths, n_paths, &err) != SIM_OK)
        goto done;
    for (; loaded < n; loaded++) {
        params_set_defaults(&ps[loaded]);
        if (experiment_load_params(&ps[loaded], configs[loaded], opt->sets, opt->n_sets, opt->seed,
                                   &err) != SIM_OK) {
            loaded++;
            goto done;
        }
        if (ps[loaded].run.months != ps[0].run.months) {
            sim_fail(&err, SIM_ERR_CONFIG,
                     "%s runs %lld months and %s %lld: compared scenarios must run as long",
                     configs[loaded], (long long)ps[loaded].run.months, configs[0],
                     (long long)ps[0].run.months);
            loaded++;
            goto done;
        }
        if (outfile_check_inputs(paths, n_paths, ps[loaded].inputs, ps[loaded].n_inputs, &err) !=
            SIM_OK) {
            loaded++;
            goto done;
        }
    }
    for (int i = 0; i < n; i++) {
        scenario_name(configs[i], names[i], sizeof names[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                sim_fail(&err, SIM_ERR_USAGE,
                         "%s and %s are both scenario '%s': compared scenarios need different "
                         "names (copy one config under another file name)",
                         configs[j], configs[i], names[i]);
                goto done;
            }
    }
    if (dist_rank() == 0)
        for (int i = 1; i < n; i++)
            warn_population(&ps[0], configs[0], &ps[i], configs[i]);
    Progress pr = {dist_rank() == 0 && !opt->quiet && isatty(STDERR_FILENO), clock_seconds(), "run"};
    /* every scenario uses the first scenario's seed: common random numbers */
    if (experiment_run_scenarios(ps, n, R, ps[0].run.seed, seeds, series, verdicts, show_progress,
                                 &pr, &err) != SIM_OK) {
        code = fail_experiment(&err);
        err.status = SIM_OK; /* reported */
        goto done;
    }
    for (int i = 0; i < n; i++) {
        double L = 0; /* workers of the table: scale = L / N, as in agents_create() */
        for (int o = 0; o < ps[i].occupations.count; o++)
            L += ps[i].occupations.rows[o].employment;
        sc[i] = (ScenarioRuns){.name = names[i],
                               .config_file = configs[i],
                               .params = &ps[i],
                               .series = series[i],
                               .verdicts = verdicts[i],
                               .scale = L / (double)ps[i].run.agents};
    }
    RunInfo info = {.config_files = configs,
                    .n_config_files = n,
                    .overrides = opt->sets,
                    .n_overrides = opt->n_sets,
                    .threads = omp_get_max_threads(),
                    .wall_seconds = clock_seconds() - pr.t0};
    ExperimentJob job = {schema, sc, n, R, seeds, &info};
    if (dist_rank() != 0)
        goto done;
    /* the JSON and the CSV are one set, as for a single run */
    const Outfile outputs[2] = {{out, write_experiment, &job},
                                {opt->csv, write_experiment_csv, &job}};
    if (outfile_write_set(outputs, n_paths, &err) != SIM_OK)
        goto done;
    if (!writes_stdout(out, opt->csv) && !opt->quiet) {
        print_verdict_table(stdout, sc, n, R);
        printf("uhisim: %d scenario(s) x %d replicate(s) in %.2f s; JSON written to %s\n", n, R,
               info.wall_seconds, out);
        if (opt->csv)
            printf("uhisim: CSV written to %s\n", opt->csv);
    }
done:
    if (err.status != SIM_OK)
        code = fail(&err);
    if (series && verdicts)
        experiment_free_runs(n, R, series, verdicts);
    for (int i = 0; ps && i < loaded; i++)
        params_free(&ps[i]);
    free(ps);
    free(sc);
    free(series);
    free(verdicts);
    free(seeds);
    free(names);
    return code;
}

/* The sweep's --csv must be a name outfile can write, and none of the files
 * the sweep itself writes into DIR (row files aside: nobody picks their names). */
static SimStatus check_sweep_csv(const char *csv, const char *dir, SimError *err)
{
    char summary_csv[PARAM_PATH_MAX + 32], summary_json[PARAM_PATH_MAX + 32];
    char manifest[PARAM_PATH_MAX + 32];
    snprintf(summary_csv, sizeof summary_csv, "%s/summary.csv", dir);
    snprintf(summary_json, sizeof summary_json, "%s/summary.json", dir);
    snprintf(manifest, sizeof manifest, "%s/manifest.json", dir);
    const char *paths[4] = {csv, summary_csv, summary_json, manifest};
    return outfile_check(paths, 4, err);
}

static int sweep(const CliOptions *opt)
{
    SimError err = {0};
    Sweep sw = {.extra_sets = opt->sets, .n_extra = opt->n_sets, .replicates = 1};
    SimStatus st;
    SweepDesign design;
    if (opt->seed) { /* before the points: a sampled design draws with it */
        sw.seed = strtoull(opt->seed, NULL, 10);
        sw.seed_given = true;
    }
    if ((opt->n_vary || opt->design) && sweep_is_experiment_file(opt->config)) {
        st = sim_fail(&err, SIM_ERR_USAGE,
                      "%s is an experiment file: it names its own vary/design/scenarios",
                      opt->config);
    } else if (opt->design && sweep_design_parse(opt->design, &design)) {
        st = sweep_from_sampling(&sw, opt->config, design, opt->samples, opt->vary, opt->n_vary, &err);
    } else if (opt->design) {
        st = sweep_from_design(&sw, opt->config, opt->design, &err);
    } else if (opt->n_vary) {
        st = sweep_from_vary(&sw, opt->config, opt->vary, opt->n_vary, &err);
    } else {
        /* reads it as an experiment file, so a syntax error in one is reported
         * with its file and line */
        st = sweep_from_experiment_file(&sw, opt->config, &err);
    }
    if (st == SIM_OK && opt->replicates > 0)
        sw.replicates = opt->replicates;
    if (st == SIM_OK && opt->csv)
        st = check_sweep_csv(opt->csv, opt->output, &err);
    if (st == SIM_OK)
        st = sweep_check(&sw, &opt->csv, opt->csv ? 1 : 0, &err);
    if (st == SIM_OK) {
        Progress pr = {dist_rank() == 0 && !opt->quiet && isatty(STDERR_FILENO), clock_seconds(),
                       "sweep: point"};
        int found = 0;
        st = sweep_run(&sw, opt->output, opt->csv, show_progress, &pr, &found, &err);
        if (st != SIM_OK) {
            sweep_free(&sw);
            return fail_experiment(&err);
        }
        if (!opt->quiet && dist_rank() == 0 && !(opt->csv && outfile_is_stdout(opt->csv))) {
            char resumed[96] = "";
            if (found > 0) /* a resumed sweep says what it did not run again */
                snprintf(resumed, sizeof resumed, " (%d of the %lld runs were in the folder and kept)",
                         found, (long long)sw.n_points * sw.replicates);
            printf("uhisim: %d points x %d replicate(s) in %.2f s%s; summary in %s/summary.csv and "
                   "summary.json\n",
                   sw.n_points, sw.replicates, clock_seconds() - pr.t0, resumed, opt->output);
            if (opt->csv)
                printf("uhisim: CSV written to %s\n", opt->csv);
        }
    }
    sweep_free(&sw);
    return st == SIM_OK ? 0 : fail(&err);
}

static int bench(const CliOptions *opt)
{
    long agents[16];
    int n = 0;
    const char *list = opt->bench_agents ? opt->bench_agents : "1e4,1e5,1e6";
    for (const char *q = list; *q && n < 16;) {
        char *end;
        double v = strtod(q, &end);
        if (end == q || v < 1 || v > 2147483647 || v != floor(v) || (*end != ',' && *end != '\0')) {
            fprintf(stderr, "uhisim: error: --agents %s: expected whole numbers separated by commas, "
                            "e.g. 1e4,1e5,1e6\n", list);
            return 2;
        }
        agents[n++] = (long)v;
        q = *end == ',' ? end + 1 : end;
    }
    BenchOptions b = {.config = opt->config,
                      .agents = agents,
                      .n_agents = n,
                      .months = opt->bench_months ? opt->bench_months : 180,
                      .repeats = opt->bench_repeats ? opt->bench_repeats : 3,
                      .max_threads = opt->bench_max_threads ? opt->bench_max_threads : omp_get_num_procs(),
                      .output = opt->output};
    return bench_run(&b);
}

/* Threads: --threads, else OMP_NUM_THREADS, else 1. The month's loops are short
 * and memory-bound, so extra threads gain little, and on a busy machine
 * OpenMP's spinning threads can make a run several times slower. */
static void set_threads(const CliOptions *opt)
{
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    else if (getenv("OMP_NUM_THREADS") == NULL)
        omp_set_num_threads(1);
}

static int dispatch(const CliOptions *opt)
{
    set_threads(opt);
    switch (opt->command) {
    case CLI_HELP:
        if (dist_rank() == 0)
            fputs(CLI_USAGE, stdout);
        return 0;
    case CLI_VERSION:
        if (dist_rank() == 0)
            printf("uhisim %s (OpenMP%s)\n"
                   "Licence: GNU GPL version 3 or later (LICENSE); it links GSL, also GPL-3.0-or-later.\n"
                   "There is NO WARRANTY, to the extent permitted by law.\n",
                   UHISIM_VERSION, dist_built_with_mpi() ? ", MPI" : "");
        return 0;
    case CLI_VALIDATE:
        return validate(opt);
    case CLI_RUN:
        if (opt->replicates > 0)
            return experiment(opt, &opt->config, 1, opt->replicates, "uhisim.ensemble");
        return run(opt);
    case CLI_COMPARE:
        return experiment(opt, opt->configs, opt->n_configs, opt->replicates > 0 ? opt->replicates : 1,
                          "uhisim.compare");
    case CLI_SWEEP:
        return sweep(opt);
    case CLI_BENCH:
        return bench(opt);
    }
    return 2;
}

int main(int argc, char **argv)
{
    dist_init(&argc, &argv);
    status_install_gsl_handler();
    outfile_install_signal_cleanup();
    CliOptions opt;
    SimError err = {0};
    int code;
    if (cli_parse(argc, argv, &opt, &err) != SIM_OK) {
        if (dist_rank() == 0)
            fprintf(stderr, "uhisim: error: %s\n%s", err.message,
                    "usage: uhisim run|compare|sweep|validate|bench CONFIG... [options]; see 'uhisim --help'\n");
        code = status_exit_code(err.status);
    } else {
        code = dispatch(&opt);
    }
    dist_finalize();
    return code;
}

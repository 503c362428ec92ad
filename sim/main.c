/* main.c - The uhisim program: the only code that prints to the user and exits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <omp.h>

#include "cli.h"
#include "output.h"
#include "params.h"
#include "sim.h"
#include "status.h"
#include "version.h"

static int fail(const SimError *err)
{
    fprintf(stderr, "uhisim: error: %s\n", err->message);
    return status_exit_code(err->status);
}

static SimStatus load_params(const CliOptions *opt, Params *p, SimError *err)
{
    SimStatus st = params_load_file(p, opt->config, err);
    for (int i = 0; st == SIM_OK && i < opt->n_sets; i++)
        st = params_apply_override(p, opt->sets[i], err);
    if (st == SIM_OK && opt->seed) {
        char set[128];
        snprintf(set, sizeof set, "run.seed=%s", opt->seed);
        st = params_apply_override(p, set, err);
    }
    if (st == SIM_OK)
        st = params_validate(p, err);
    return st;
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

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
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

static void print_table(FILE *f, const Results *r)
{
    fprintf(f, "%7s %7s %9s %8s %5s %9s %9s %11s %11s %7s\n", "year", "P", "Q $tn/yr",
            "M $tn", "V", "emp white", "emp blue", "p10 inc $k", "med inc $k", "uhi_p10");
    for (int m = 0; m < r->months_done; m++) {
        if (m % 12 != 0 && m != r->months_done - 1)
            continue;
        double *const *s = r->series;
        fprintf(f, "%7.2f %7.4f %9.2f %8.2f %5.2f %8.1f%% %8.1f%% %11.1f %11.1f %7.3f\n",
                s[SERIES_year][m], s[SERIES_price_level][m], s[SERIES_output][m] / 1e12,
                s[SERIES_money_stock][m] / 1e12, s[SERIES_velocity][m],
                100 * s[SERIES_employment_rate_white][m], 100 * s[SERIES_employment_rate_blue][m],
                s[SERIES_real_income_p10][m] / 1e3, s[SERIES_real_income_median][m] / 1e3,
                s[SERIES_uhi_p10][m]);
    }
}

static int run(const CliOptions *opt)
{
    SimError err = {0};
    Params p;
    params_set_defaults(&p);
    Sim *sim = NULL;
    int code = 0;
    if (load_params(opt, &p, &err) != SIM_OK)
        goto done;
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    const bool progress = !opt->quiet && isatty(STDERR_FILENO);
    const double t0 = now_seconds();
    if ((sim = sim_create(&p, &err)) == NULL)
        goto done;
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
                    .wall_seconds = now_seconds() - t0};
    JsonJob job = {&p, r, &info};
    const char *out = opt->output ? opt->output : "-";
    if (output_write_file(out, write_json, &job, &err) != SIM_OK)
        goto done;
    if (opt->csv && output_write_file(opt->csv, write_csv, (void *)r, &err) != SIM_OK) {
        /* a failed run leaves no output behind, not a JSON without its CSV */
        if (strcmp(out, "-") != 0)
            remove(out);
        goto done;
    }
    if (strcmp(out, "-") != 0 && !opt->quiet) {
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

int main(int argc, char **argv)
{
    status_install_gsl_handler();
    output_install_signal_cleanup();
    CliOptions opt;
    SimError err = {0};
    if (cli_parse(argc, argv, &opt, &err) != SIM_OK) {
        fprintf(stderr, "uhisim: error: %s\n%s", err.message,
                "usage: uhisim run|validate CONFIG [options]; see 'uhisim --help'\n");
        return status_exit_code(err.status);
    }
    switch (opt.command) {
    case CLI_HELP:
        fputs(CLI_USAGE, stdout);
        return 0;
    case CLI_VERSION:
        printf("uhisim %s\n", UHISIM_VERSION);
        return 0;
    case CLI_VALIDATE:
        return validate(&opt);
    case CLI_RUN:
        return run(&opt);
    }
    return 2;
}

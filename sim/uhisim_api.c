/* uhisim_api.c - Plain-array calls over experiment.c and sweep.c for python/uhisim. */
#include "uhisim_api.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "metrics.h"
#include "params.h"
#include "status.h"
#include "sweep.h"
#include "verdicts.h"
#include "version.h"

struct UhisimScenario {
    Params p;
};

struct UhisimSweep {
    Sweep sw;
    uint64_t seed;      /* the experiment seed: given, or point 0's run.seed */
    char **sets;        /* copies of the --set texts sw.extra_sets points to */
    int n_sets;
};

/* What main() does before any command: GSL errors recorded, not aborting; one
 * thread unless OMP_NUM_THREADS says otherwise (the results do not depend on
 * it, MODEL.md 5). */
static void api_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    status_install_gsl_handler();
    if (getenv("OMP_NUM_THREADS") == NULL)
        omp_set_num_threads(1);
}

static int api_status(const SimError *err, char *error, int error_size)
{
    if (err->status == SIM_OK)
        return 0;
    if (error != NULL && error_size > 0)
        snprintf(error, (size_t)error_size, "%s", err->message);
    return status_exit_code(err->status);
}

const char *uhisim_api_version(void) { return UHISIM_VERSION; }
int uhisim_api_series_count(void) { return SERIES_COUNT; }
const char *uhisim_api_series_name(int s) { return metrics_series_name(s); }
int uhisim_api_verdict_count(void) { return VERDICT_COUNT; }
const char *uhisim_api_verdict_name(int v) { return verdict_name(v); }
const char *uhisim_api_verdict_unit(int v) { return verdict_unit(v); }

int uhisim_api_load(const char *config, const char *const *sets, int n_sets, const char *seed,
                    UhisimScenario **out, char *error, int error_size)
{
    api_init();
    SimError err = {0};
    UhisimScenario *s = malloc(sizeof *s);
    *out = NULL;
    if (s == NULL) {
        sim_fail(&err, SIM_ERR_MEMORY, "out of memory");
        return api_status(&err, error, error_size);
    }
    params_set_defaults(&s->p);
    if (experiment_load_params(&s->p, config, sets, n_sets, seed, &err) != SIM_OK) {
        uhisim_api_free(s);
        return api_status(&err, error, error_size);
    }
    *out = s;
    return 0;
}

void uhisim_api_free(UhisimScenario *s)
{
    if (s == NULL)
        return;
    params_free(&s->p);
    free(s);
}

int uhisim_api_months(const UhisimScenario *s) { return (int)s->p.run.months; }
uint64_t uhisim_api_seed(const UhisimScenario *s) { return s->p.run.seed; }

int uhisim_api_run(const UhisimScenario *s, double *series, double *verdicts, char *error,
                   int error_size)
{
    api_init();
    SimError err = {0};
    double *x = NULL;
    if (experiment_run_one(&s->p, &x, verdicts, &err) == SIM_OK)
        memcpy(series, x, (size_t)SERIES_COUNT * (size_t)s->p.run.months * sizeof *x);
    free(x);
    return api_status(&err, error, error_size);
}

int uhisim_api_run_replicates(const UhisimScenario *const *s, int n, int R, uint64_t seed,
                              uint64_t *seeds, double *series, double *verdicts, char *error,
                              int error_size)
{
    api_init();
    SimError err = {0};
    Params *ps = malloc((size_t)n * sizeof *ps);
    double ***runs = calloc((size_t)n, sizeof *runs);
    double **v = calloc((size_t)n, sizeof *v);
    if (ps == NULL || runs == NULL || v == NULL) {
        sim_fail(&err, SIM_ERR_MEMORY, "out of memory");
    } else {
        for (int i = 0; i < n; i++)
            ps[i] = s[i]->p; /* a shallow copy: experiment_run_scenarios only reads it */
        if (experiment_run_scenarios(ps, n, R, seed, seeds, runs, v, NULL, NULL, &err) == SIM_OK) {
            const size_t len = (size_t)SERIES_COUNT * (size_t)ps[0].run.months;
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < R; r++)
                    memcpy(series + ((size_t)i * R + r) * len, runs[i][r], len * sizeof(double));
                memcpy(verdicts + (size_t)i * R * VERDICT_COUNT, v[i],
                       (size_t)R * VERDICT_COUNT * sizeof(double));
            }
        }
        experiment_free_runs(n, R, runs, v); /* what they point to; the arrays below */
    }
    free(ps);
    free(runs);
    free(v);
    return api_status(&err, error, error_size);
}

int uhisim_api_sweep_create(const char *config, const char *const *vary, int n_vary,
                            const char *design, int samples, const char *const *sets, int n_sets,
                            int replicates, const char *seed, UhisimSweep **out, char *error,
                            int error_size)
{
    api_init();
    SimError err = {0};
    UhisimSweep *h = calloc(1, sizeof *h);
    *out = NULL;
    if (h == NULL || (n_sets > 0 && (h->sets = calloc((size_t)n_sets, sizeof *h->sets)) == NULL)) {
        free(h);
        sim_fail(&err, SIM_ERR_MEMORY, "out of memory");
        return api_status(&err, error, error_size);
    }
    for (int k = 0; k < n_sets && err.status == SIM_OK; k++, h->n_sets++)
        if ((h->sets[k] = strdup(sets[k])) == NULL)
            sim_fail(&err, SIM_ERR_MEMORY, "out of memory");
    Sweep *sw = &h->sw;
    sw->extra_sets = (const char *const *)h->sets;
    sw->n_extra = h->n_sets;
    sw->replicates = 1;
    if (seed != NULL) {
        sw->seed = strtoull(seed, NULL, 10);
        sw->seed_given = true;
    }
    SweepDesign d;
    if (err.status != SIM_OK)
        ;
    else if (replicates < 0 || replicates > 100000)
        sim_fail(&err, SIM_ERR_USAGE, "--replicates %d: expected a whole number in [1, 100000]", replicates);
    else if (sweep_check_source(design, samples, n_vary, &err) != SIM_OK)
        ;
    else if (design != NULL && sweep_design_parse(design, &d))
        sweep_from_sampling(sw, config, d, samples, vary, n_vary, &err);
    else if (design != NULL)
        sweep_from_design(sw, config, design, &err);
    else if (n_vary > 0)
        sweep_from_vary(sw, config, vary, n_vary, &err);
    else
        sweep_from_experiment_file(sw, config, &err);
    if (err.status == SIM_OK && replicates > 0)
        sw->replicates = replicates;
    if (err.status == SIM_OK)
        sweep_check(sw, NULL, 0, &err);
    h->seed = sw->seed;
    if (err.status == SIM_OK && !sw->seed_given) {
        Params p;
        if (sweep_point_params(sw, 0, &p, &err) == SIM_OK)
            h->seed = p.run.seed;
        params_free(&p);
    }
    if (err.status != SIM_OK) {
        uhisim_api_sweep_free(h);
        return api_status(&err, error, error_size);
    }
    *out = h;
    return 0;
}

void uhisim_api_sweep_free(UhisimSweep *h)
{
    if (h == NULL)
        return;
    sweep_free(&h->sw);
    for (int k = 0; k < h->n_sets; k++)
        free(h->sets[k]);
    free(h->sets);
    free(h);
}

int uhisim_api_sweep_points(const UhisimSweep *h) { return h->sw.n_points; }
int uhisim_api_sweep_keys(const UhisimSweep *h) { return h->sw.n_keys; }
int uhisim_api_sweep_replicates(const UhisimSweep *h) { return h->sw.replicates; }
uint64_t uhisim_api_sweep_seed(const UhisimSweep *h) { return h->seed; }
const char *uhisim_api_sweep_key(const UhisimSweep *h, int k) { return h->sw.keys[k]; }
const char *uhisim_api_sweep_config(const UhisimSweep *h, int i) { return h->sw.points[i].config; }

const char *uhisim_api_sweep_value(const UhisimSweep *h, int i, int k)
{
    const char *set = h->sw.points[i].sets[k];
    const char *eq = strchr(set, '=');
    return eq ? eq + 1 : set;
}

int uhisim_api_sweep_run(const UhisimSweep *h, int i, int r, uint64_t *seed, double *verdicts,
                         char *error, int error_size)
{
    api_init();
    SimError err = {0};
    Params p;
    double *x = NULL;
    if (sweep_point_params(&h->sw, i, &p, &err) == SIM_OK) {
        p.run.seed = *seed = experiment_replicate_seed(h->seed, r);
        experiment_run_one(&p, &x, verdicts, &err);
    }
    free(x);
    params_free(&p);
    return api_status(&err, error, error_size);
}

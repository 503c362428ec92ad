/* test_uhisim_api.c - libuhisim.so's calls (uhisim_api.h) in C, so that the
 * sanitizer build and valgrind see them (check_python_package.py, which checks
 * their numbers against the program, cannot load an instrumented library):
 * a run's shape and verdicts, replicate seeds, a sweep's points and seeds, and
 * the errors, with every handle freed. */
#include "uhisim_api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "sweep_design.h"
#include "test.h"

#define CONFIG UHISIM_SOURCE_DIR "/configs/baseline.cfg"

static const char *const SMALL[] = {"run.agents=300", "run.months=6"};

static int a_run_should_fill_every_series_and_verdict(void)
{
    char error[512] = "";
    UhisimScenario *s = NULL;
    CHECK(uhisim_api_load(CONFIG, SMALL, 2, "9", &s, error, sizeof error) == 0 && s != NULL);
    CHECK(uhisim_api_months(s) == 6 && uhisim_api_seed(s) == 9);
    const int n = uhisim_api_series_count(), months = 6;
    CHECK(strcmp(uhisim_api_series_name(0), "month") == 0);
    double *series = malloc((size_t)n * months * sizeof *series);
    double verdicts[64];
    CHECK(series != NULL && uhisim_api_verdict_count() <= 64);
    CHECK(uhisim_api_run(s, series, verdicts, error, sizeof error) == 0);
    for (int m = 0; m < months; m++)
        CHECK(series[m] == m); /* series 0 is the month */
    int p = 0;
    while (p < n && strcmp(uhisim_api_series_name(p), "price_level") != 0)
        p++;
    CHECK(p < n && fabs(series[p * months] - 1) < 1e-9); /* P = 1 in month 0 */
    for (int v = 0; v < uhisim_api_verdict_count(); v++)
        if (strcmp(uhisim_api_verdict_name(v), "final_price_level") == 0)
            CHECK(verdicts[v] == series[p * months + months - 1]);
    free(series);
    uhisim_api_free(s);
    return 0;
}

static int replicates_should_run_on_the_experiment_seeds(void)
{
    char error[512] = "";
    UhisimScenario *a = NULL, *b = NULL;
    const char *const b_sets[] = {"run.agents=300", "run.months=6", "ai.growth_per_year=3"};
    CHECK(uhisim_api_load(CONFIG, SMALL, 2, NULL, &a, error, sizeof error) == 0);
    CHECK(uhisim_api_load(CONFIG, b_sets, 3, NULL, &b, error, sizeof error) == 0);
    const UhisimScenario *both[2] = {a, b};
    const int n = uhisim_api_series_count(), V = uhisim_api_verdict_count(), R = 2;
    double *series = malloc((size_t)2 * R * n * 6 * sizeof *series);
    double *verdicts = malloc((size_t)2 * R * V * sizeof *verdicts);
    uint64_t seeds[2];
    CHECK(series && verdicts);
    CHECK(uhisim_api_run_replicates(both, 2, R, 5, seeds, series, verdicts, error, sizeof error) == 0);
    CHECK(seeds[0] == experiment_replicate_seed(5, 0) && seeds[1] == experiment_replicate_seed(5, 1));
    /* common random numbers: month 0 is the same world in A and B */
    for (int s = 0; s < n; s++)
        if (strcmp(uhisim_api_series_name(s), "ai_capability") != 0)
            CHECK(series[(size_t)s * 6] == series[((size_t)2 * n + s) * 6] || isnan(series[(size_t)s * 6]));
    free(series);
    free(verdicts);
    uhisim_api_free(a);
    uhisim_api_free(b);
    return 0;
}

static int a_sweep_should_give_its_points_and_replicate_seeds(void)
{
    char error[512] = "";
    UhisimSweep *sw = NULL;
    const char *const vary[] = {"ai.growth_per_year=2:20"};
    CHECK(uhisim_api_sweep_create(CONFIG, vary, 1, "sobol", 2, SMALL, 2, 2, "4", &sw, error, sizeof error) == 0);
    CHECK(uhisim_api_sweep_points(sw) == 2 * 3 && uhisim_api_sweep_keys(sw) == 1);
    CHECK(uhisim_api_sweep_replicates(sw) == 2 && uhisim_api_sweep_seed(sw) == 4);
    CHECK(strcmp(uhisim_api_sweep_key(sw, 0), "ai.growth_per_year") == 0);
    /* the points are the design's, scaled to [2, 20]; with one key AB^(1) is B */
    double u[6];
    SimError err = {0};
    char want[32];
    CHECK(sweep_sample(SWEEP_DESIGN_SOBOL, 2, 1, 4, u, &err) == SIM_OK);
    for (int i = 0; i < 6; i++) {
        snprintf(want, sizeof want, "%.6g", 2 + 18 * u[i]);
        CHECK(strcmp(uhisim_api_sweep_value(sw, i, 0), want) == 0);
    }
    CHECK(strcmp(uhisim_api_sweep_value(sw, 2, 0), uhisim_api_sweep_value(sw, 1, 0)) == 0);
    CHECK(strcmp(uhisim_api_sweep_value(sw, 0, 0), uhisim_api_sweep_value(sw, 1, 0)) != 0);
    CHECK(strcmp(uhisim_api_sweep_config(sw, 5), CONFIG) == 0);
    double v[64];
    uint64_t seed = 0;
    CHECK(uhisim_api_sweep_run(sw, 5, 1, &seed, v, error, sizeof error) == 0);
    CHECK(seed == experiment_replicate_seed(4, 1));
    uhisim_api_sweep_free(sw);
    return 0;
}

static int errors_should_carry_the_programs_message(void)
{
    char error[512] = "";
    UhisimScenario *s = NULL;
    const char *const bad[] = {"ai.growht=2"};
    CHECK(uhisim_api_load(CONFIG, bad, 1, NULL, &s, error, sizeof error) == 2 && s == NULL);
    CHECK(strstr(error, "unknown key 'ai.growht'") != NULL);
    CHECK(uhisim_api_load("/nonexistent/x.cfg", NULL, 0, NULL, &s, error, sizeof error) == 2);
    CHECK(strstr(error, "/nonexistent/x.cfg") != NULL);
    UhisimSweep *sw = NULL;
    const char *const vary[] = {"ai.growth_per_year=2:20:3"};
    CHECK(uhisim_api_sweep_create(CONFIG, vary, 1, "lhs", 4, NULL, 0, 1, NULL, &sw, error, sizeof error) == 2);
    CHECK(sw == NULL && strstr(error, "expected KEY=LO:HI") != NULL);
    CHECK(uhisim_api_sweep_create(CONFIG, vary, 1, NULL, 3, NULL, 0, 1, NULL, &sw, error, sizeof error) == 2);
    CHECK(strstr(error, "--samples goes with --design") != NULL);
    uhisim_api_free(NULL);
    uhisim_api_sweep_free(NULL);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(a_run_should_fill_every_series_and_verdict, failures);
    RUN(replicates_should_run_on_the_experiment_seeds, failures);
    RUN(a_sweep_should_give_its_points_and_replicate_seeds, failures);
    RUN(errors_should_carry_the_programs_message, failures);
    return failures != 0;
}

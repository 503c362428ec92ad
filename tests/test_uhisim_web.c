/* test_uhisim_web.c - The browser page's calls into the core, natively: the
 * configuration file it exports loads back to every parameter and occupation
 * row of every shipped config, and runs to the same series; a run returns the
 * output document; a bad setting returns `uhisim run`'s message and exit
 * status; the parameter table lists every row. It reads configs/ and examples/. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "params.h"
#include "test.h"
#include "uhisim_web.h"

/* Parses a result of uhisim_web_*, which must be JSON; frees the text. */
static cJSON *parse(char *text)
{
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    if (doc == NULL)
        fprintf(stderr, "not JSON: %.300s\n", text ? text : "(NULL)");
    uhisim_web_free(text);
    return doc;
}

static const char *string_of(const cJSON *doc, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, key);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

static int same_params(const Params *a, const Params *b, const char *what)
{
    for (int i = 0; i < params_count(); i++) {
        char va[1200], vb[1200];
        params_format_value(a, i, va, sizeof va);
        params_format_value(b, i, vb, sizeof vb);
        if (strcmp(params_key(i), "data.occupations_csv") == 0)
            continue; /* the export writes the rows inline instead */
        if (strcmp(va, vb) != 0) {
            fprintf(stderr, "%s: %s is %s in the export, %s in the config\n", what,
                    params_key(i), vb, va);
            return 1;
        }
    }
    CHECK(a->occupations.count == b->occupations.count);
    for (int o = 0; o < a->occupations.count; o++) {
        const Occupation *x = &a->occupations.rows[o], *y = &b->occupations.rows[o];
        CHECK(strcmp(x->code, y->code) == 0 && strcmp(x->name, y->name) == 0);
        CHECK(x->job_class == y->job_class && x->employment == y->employment);
        CHECK(x->mean_wage == y->mean_wage && x->ai_exposure == y->ai_exposure);
        CHECK(x->robot_exposure == y->robot_exposure);
    }
    return 0;
}

/* The export of config with sets, loaded back on the defaults, into *q; the
 * config itself with the same sets into *p. */
static int export_and_reload(const char *config, const char *sets, Params *p, Params *q,
                             char **text)
{
    cJSON *doc = parse(uhisim_web_config(config, sets));
    CHECK(doc != NULL);
    const char *cfg = string_of(doc, "config");
    if (cfg == NULL)
        fprintf(stderr, "%s: %s\n", config, string_of(doc, "error"));
    CHECK(cfg != NULL);
    *text = strdup(cfg);
    cJSON_Delete(doc);
    SimError err = {0};
    params_set_defaults(q);
    SimStatus st = params_load_text(q, "export.cfg", *text, &err);
    if (st == SIM_OK)
        st = params_validate(q, &err);
    if (st != SIM_OK)
        fprintf(stderr, "%s: the export does not load: %s\n", config, err.message);
    CHECK(st == SIM_OK);
    params_set_defaults(p);
    CHECK(params_load_file(p, config, &err) == SIM_OK);
    char copy[256];
    snprintf(copy, sizeof copy, "%s", sets);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
        CHECK(params_apply_override(p, line, &err) == SIM_OK);
    CHECK(params_validate(p, &err) == SIM_OK);
    return 0;
}

static int export_should_load_back_to_every_shipped_config(void)
{
    glob_t g;
    CHECK(glob("configs/*.cfg", 0, NULL, &g) == 0);
    CHECK(glob("examples/*/*.cfg", GLOB_APPEND, NULL, &g) == 0);
    CHECK(g.gl_pathc >= 40);
    int failures = 0;
    for (size_t k = 0; k < g.gl_pathc; k++) {
        Params p, q;
        char *text = NULL;
        const char *sets = "run.agents=3000\nai.growth_per_year=4.5\n\npolicy.money.rule=growth";
        failures += export_and_reload(g.gl_pathv[k], sets, &p, &q, &text);
        failures += same_params(&p, &q, g.gl_pathv[k]);
        free(text);
        params_free(&p);
        params_free(&q);
    }
    globfree(&g);
    return failures;
}

/* The "series" member of a run's document as compact JSON text. */
static char *series_of(char *result)
{
    cJSON *doc = parse(result);
    if (doc == NULL)
        return NULL;
    if (string_of(doc, "error"))
        fprintf(stderr, "run failed: %s\n", string_of(doc, "error"));
    char *s = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "series"));
    cJSON_Delete(doc);
    return s;
}

static int export_should_run_to_the_same_series(void)
{
    const char *config = "configs/us_institutions.cfg";
    const char *sets = "run.agents=2000\nrun.months=14\npolicy.fiscal.machine_tax=0.2";
    Params p, q;
    char *text = NULL;
    CHECK(export_and_reload(config, sets, &p, &q, &text) == 0);
    params_free(&p);
    params_free(&q);
    char path[] = "/tmp/uhisim_export_XXXXXX.cfg";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    CHECK(f != NULL && fputs(text, f) >= 0 && fclose(f) == 0);
    free(text);
    char *a = series_of(uhisim_web_run(config, sets));
    char *b = series_of(uhisim_web_run(path, ""));
    unlink(path);
    CHECK(a != NULL && b != NULL);
    CHECK(strlen(a) > 1000); /* 14 months of some 70 series */
    CHECK(strcmp(a, b) == 0);
    free(a);
    free(b);
    return 0;
}

static int run_should_return_the_output_document(void)
{
    cJSON *doc = parse(uhisim_web_run("configs/baseline.cfg", "run.agents=1000\nrun.months=3"));
    CHECK(doc != NULL);
    CHECK(string_of(doc, "error") == NULL);
    CHECK(string_of(doc, "schema") && strcmp(string_of(doc, "schema"), "uhisim.run") == 0);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "config_files");
    CHECK(cJSON_GetArraySize(files) == 1);
    CHECK(strcmp(cJSON_GetArrayItem(files, 0)->valuestring, "configs/baseline.cfg") == 0);
    const cJSON *over = cJSON_GetObjectItemCaseSensitive(doc, "overrides");
    CHECK(cJSON_GetArraySize(over) == 2);
    CHECK(strcmp(cJSON_GetArrayItem(over, 1)->valuestring, "run.months=3") == 0);
    const cJSON *series = cJSON_GetObjectItemCaseSensitive(doc, "series");
    const cJSON *price = cJSON_GetObjectItemCaseSensitive(series, "price_level");
    CHECK(cJSON_GetArraySize(price) == 3);
    for (int m = 0; m < 3; m++) { /* the equation of exchange, M V = P Q, every month */
        double at[4];
        const char *names[4] = {"money_stock", "velocity", "price_level", "output"};
        for (int k = 0; k < 4; k++)
            at[k] = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(series, names[k]), m)
                        ->valuedouble;
        CHECK(at[2] > 0.99 && at[2] < 1.01);
        CHECK_REL(at[0] * at[1], at[2] * at[3], 1e-12);
    }
    cJSON_Delete(doc);
    return 0;
}

static int bad_setting_should_give_the_programs_message_and_status(void)
{
    cJSON *doc = parse(uhisim_web_run("configs/baseline.cfg", "ai.growth_per_yeer=3"));
    CHECK(doc != NULL);
    const char *msg = string_of(doc, "error");
    CHECK(msg != NULL && strstr(msg, "ai.growth_per_yeer") && strstr(msg, "ai.growth_per_year"));
    CHECK(cJSON_GetObjectItemCaseSensitive(doc, "exit_status")->valueint == 2);
    cJSON_Delete(doc);
    doc = parse(uhisim_web_config("configs/no_such.cfg", ""));
    CHECK(doc != NULL && string_of(doc, "error") && strstr(string_of(doc, "error"), "no_such.cfg"));
    CHECK(cJSON_GetObjectItemCaseSensitive(doc, "exit_status")->valueint == 2);
    cJSON_Delete(doc);
    doc = parse(uhisim_web_run("configs/baseline.cfg", "run.agents=0"));
    CHECK(doc != NULL && string_of(doc, "error") && strstr(string_of(doc, "error"), "run.agents"));
    cJSON_Delete(doc);
    return 0;
}

static int params_should_list_every_row_with_unit_and_default(void)
{
    cJSON *doc = parse(uhisim_web_params());
    CHECK(doc != NULL);
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, "params");
    CHECK(cJSON_GetArraySize(rows) == params_count());
    const cJSON *first = cJSON_GetArrayItem(rows, 0);
    CHECK(strcmp(string_of(first, "key"), "run.agents") == 0);
    CHECK(strcmp(string_of(first, "unit"), "agents") == 0);
    CHECK(cJSON_GetObjectItemCaseSensitive(first, "default")->valuedouble == 100000);
    bool rule = false;
    for (const cJSON *r = rows->child; r; r = r->next)
        if (strcmp(string_of(r, "key"), "policy.money.rule") == 0) {
            rule = true;
            CHECK(strcmp(string_of(r, "names"), "fixed|growth|price_target|ngdp_target") == 0);
            CHECK(strcmp(string_of(r, "default"), "fixed") == 0);
        }
    CHECK(rule);
    cJSON_Delete(doc);
    return 0;
}

int main(void)
{
    if (chdir(UHISIM_SOURCE_DIR) != 0) {
        perror(UHISIM_SOURCE_DIR);
        return 1;
    }
    int failures = 0;
    RUN(export_should_load_back_to_every_shipped_config, failures);
    RUN(export_should_run_to_the_same_series, failures);
    RUN(run_should_return_the_output_document, failures);
    RUN(bad_setting_should_give_the_programs_message_and_status, failures);
    RUN(params_should_list_every_row_with_unit_and_default, failures);
    return failures != 0;
}

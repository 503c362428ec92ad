/* uhisim_web.c - The browser page's calls into the core (see uhisim_web.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream, strtok_r */
#include "uhisim_web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "experiment.h"
#include "json_writer.h"
#include "output.h"
#include "params.h"
#include "sim.h"

enum { WEB_SETS_MAX = 256 };

/* The sets text split into lines, in place in a copy: sets[0..n-1]. */
typedef struct SetLines {
    char *text;
    const char *lines[WEB_SETS_MAX];
    int n;
} SetLines;

static SimStatus split_sets(const char *sets, SetLines *s, SimError *err)
{
    s->n = 0;
    s->text = strdup(sets ? sets : "");
    if (s->text == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory reading the page's settings");
    char *rest = NULL;
    for (char *line = strtok_r(s->text, "\n", &rest); line; line = strtok_r(NULL, "\n", &rest)) {
        if (line[strspn(line, " \t\r")] == '\0')
            continue;
        if (s->n == WEB_SETS_MAX)
            return sim_fail(err, SIM_ERR_USAGE, "more than %d settings", WEB_SETS_MAX);
        s->lines[s->n++] = line;
    }
    return SIM_OK;
}

/* A text written through a FILE*, or the error JSON when writing failed. */
typedef struct Text {
    char *buf;
    size_t size;
    FILE *f;
} Text;

static bool text_open(Text *t)
{
    t->buf = NULL;
    t->size = 0;
    t->f = open_memstream(&t->buf, &t->size);
    return t->f != NULL;
}

static char *error_json(const SimError *err)
{
    Text t;
    if (!text_open(&t))
        return NULL;
    JsonWriter w;
    json_init(&w, t.f, NULL);
    json_object(&w, JSON_INLINE);
    json_key(&w, "error");
    json_string(&w, err->message);
    json_key(&w, "exit_status");
    json_int(&w, status_exit_code(err->status));
    json_end(&w);
    const SimStatus st = json_finish(&w);
    if (fclose(t.f) != 0 || st != SIM_OK) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

/* Closes t and returns its text; NULL, with *st and err set when closing
 * failed, after freeing the text when *st is not SIM_OK. */
static char *text_close(Text *t, SimStatus *st, SimError *err)
{
    if (fclose(t->f) != 0 && *st == SIM_OK)
        *st = sim_fail(err, SIM_ERR_IO, "cannot write the page's result");
    if (*st == SIM_OK)
        return t->buf;
    free(t->buf);
    return NULL;
}

static SimStatus load(const char *config, const SetLines *s, Params *p, SimError *err)
{
    return experiment_load_params(p, config, s->lines, s->n, NULL, err);
}

char *uhisim_web_run(const char *config, const char *sets)
{
    SimError err = {0};
    SetLines s = {0};
    Params p;
    params_set_defaults(&p);
    Sim *sim = NULL;
    Text t = {0};
    char *out = NULL;
    const double t0 = clock_seconds();
    SimStatus st = split_sets(sets, &s, &err);
    if (st == SIM_OK)
        st = load(config, &s, &p, &err);
    if (st == SIM_OK && (sim = sim_create(&p, &err)) == NULL)
        st = err.status;
    for (int m = 0; st == SIM_OK && m < (int)p.run.months; m++)
        st = sim_step(sim, &err);
    if (st == SIM_OK && !text_open(&t))
        st = sim_fail(&err, SIM_ERR_MEMORY, "out of memory writing the output document");
    if (st == SIM_OK) {
        const char *files[1] = {config};
        const RunInfo info = {.config_files = files,
                              .n_config_files = 1,
                              .overrides = s.lines,
                              .n_overrides = s.n,
                              .threads = 1,
                              .wall_seconds = clock_seconds() - t0};
        st = output_write_json(t.f, &p, sim_results(sim), &info, &err);
        out = text_close(&t, &st, &err);
    }
    if (st != SIM_OK)
        out = error_json(&err);
    sim_destroy(sim);
    params_free(&p);
    free(s.text);
    return out;
}

/* Writes {"key": text} as a JSON text, or NULL (with *st and err set). */
static char *wrap_text(const char *key, const char *text, SimStatus *st, SimError *err)
{
    Text t;
    if (!text_open(&t)) {
        *st = sim_fail(err, SIM_ERR_MEMORY, "out of memory writing the page's result");
        return NULL;
    }
    JsonWriter w;
    json_init(&w, t.f, err);
    json_object(&w, JSON_LINES);
    json_key(&w, key);
    json_string(&w, text);
    json_end(&w);
    *st = json_finish(&w);
    return text_close(&t, st, err);
}

char *uhisim_web_config(const char *config, const char *sets)
{
    SimError err = {0};
    SetLines s = {0};
    Params p;
    params_set_defaults(&p);
    Text cfg = {0};
    char *text = NULL, *out = NULL;
    SimStatus st = split_sets(sets, &s, &err);
    if (st == SIM_OK)
        st = load(config, &s, &p, &err);
    if (st == SIM_OK && !text_open(&cfg))
        st = sim_fail(&err, SIM_ERR_MEMORY, "out of memory writing the configuration");
    if (st == SIM_OK) {
        st = params_write_config(&p, cfg.f, &err);
        text = text_close(&cfg, &st, &err);
    }
    if (st == SIM_OK)
        out = wrap_text("config", text, &st, &err);
    if (st != SIM_OK)
        out = error_json(&err);
    free(text);
    params_free(&p);
    free(s.text);
    return out;
}

char *uhisim_web_params(void)
{
    SimError err = {0};
    Text t;
    if (!text_open(&t))
        return NULL;
    JsonWriter w;
    json_init(&w, t.f, &err);
    json_object(&w, JSON_LINES);
    json_key(&w, "params");
    params_write_table_json(&w);
    json_end(&w);
    SimStatus st = json_finish(&w);
    char *out = text_close(&t, &st, &err);
    return st == SIM_OK ? out : error_json(&err);
}

void uhisim_web_free(char *text) { free(text); }

/* sweep.c - Grid, design-table and scenario sweeps with resumable row files. */
#include "sweep.h"

#include <errno.h>
#include <float.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "distributed.h"
#include "csv_table.h"
#include "files.h"
#include "json_writer.h"
#include "literals.h"
#include "outfile.h"
#include "output.h"
#include "source.h"
#include "suggest.h"

void sweep_free(Sweep *sw)
{
    free(sw->points);
    sw->points = NULL;
    sw->n_points = 0;
}

static SimStatus add_points(Sweep *sw, int n, SimError *err)
{
    SweepPoint *p = realloc(sw->points, (size_t)(sw->n_points + n) * sizeof *p);
    if (p == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d sweep points", sw->n_points + n);
    memset(p + sw->n_points, 0, (size_t)n * sizeof *p);
    sw->points = p;
    sw->n_points += n;
    return SIM_OK;
}

void sweep_grid_value(double from, double to, long j, long count, char *buf, int size)
{
    if (j == 0 || count == 1) {
        output_format_number(from, buf, size);
        return;
    }
    if (j == count - 1) {
        output_format_number(to, buf, size);
        return;
    }
    /* from + (to - from) * j / (count - 1) is a few ulps off the decimal value
     * meant (0.015000000000000003); write the shortest decimal within the
     * rounding error of that formula, which is the grid point the user has in
     * mind and is what the --set text then holds exactly */
    const double v = from + (to - from) * (double)j / (double)(count - 1);
    const double tol = 8 * DBL_EPSILON * fmax(fabs(to - from), fmax(fabs(from), fabs(to)));
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, (size_t)size, "%.*g", digits, v);
        if (fabs(strtod(buf, NULL) - v) <= tol)
            break;
    }
    char exact[40]; /* the same value, in the project's spelling (1e+20, not 1e20) */
    output_format_number(strtod(buf, NULL), exact, sizeof exact);
    snprintf(buf, (size_t)size, "%s", exact);
}

/* Reads the KEY of --vary spec k into sw->keys[k]; returns the text after '='
 * or NULL (err set; `expected` is the form wanted) for a missing or repeated key. */
static const char *vary_key(Sweep *sw, int k, const char *spec, const char *expected, SimError *err)
{
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof sw->keys[k]) {
        sim_fail(err, SIM_ERR_USAGE, "--vary %s: expected %s", spec, expected);
        return NULL;
    }
    snprintf(sw->keys[k], sizeof sw->keys[k], "%.*s", (int)(eq - spec), spec);
    for (int j = 0; j < k; j++)
        if (strcmp(sw->keys[j], sw->keys[k]) == 0) {
            sim_fail(err, SIM_ERR_USAGE, "--vary %s: key varied twice", spec);
            return NULL;
        }
    return eq;
}

SimStatus sweep_check_source(const char *design, int samples, int n_vary, SimError *err)
{
    static const char *const DESIGNS[] = {"lhs", "sobol", "morris"};
    SweepDesign d;
    const bool sampled = design != NULL && sweep_design_parse(design, &d);
    char hint[64];
    if (design != NULL && !sampled && strpbrk(design, "./") == NULL &&
        suggest_closest(design, DESIGNS, 3) >= 0)
        return sim_fail(err, SIM_ERR_USAGE,
                        "--design %s: unknown design%s; --design takes lhs, sobol, morris or a CSV "
                        "file",
                        design, suggest_hint(design, DESIGNS, 3, "", hint, sizeof hint));
    if (n_vary > 0 && design != NULL && !sampled)
        return sim_fail(err, SIM_ERR_USAGE,
                        "give --vary or --design FILE.csv, not both (--vary goes with --design "
                        "lhs, sobol or morris)");
    if (sampled && (samples == 0 || n_vary == 0))
        return sim_fail(err, SIM_ERR_USAGE,
                        "--design %s needs --samples N and --vary KEY=LO:HI (one per key), e.g. "
                        "--design %s --samples 64 --vary ai.growth_per_year=2:20",
                        design, design);
    if (samples != 0 && !sampled)
        return sim_fail(err, SIM_ERR_USAGE, "--samples goes with --design lhs, sobol or morris");
    return SIM_OK;
}

SimStatus sweep_from_vary(Sweep *sw, const char *config, const char *const *vary, int n_vary,
                          SimError *err)
{
    double from[SWEEP_MAX_KEYS], to[SWEEP_MAX_KEYS];
    long count[SWEEP_MAX_KEYS];
    if (n_vary < 1 || n_vary > SWEEP_MAX_KEYS)
        return sim_fail(err, SIM_ERR_USAGE, "give 1 to %d --vary options", SWEEP_MAX_KEYS);
    snprintf(sw->base_config, sizeof sw->base_config, "%s", config);
    long total = 1;
    for (int k = 0; k < n_vary; k++) {
        const char *eq = vary_key(sw, k, vary[k], "KEY=FROM:TO:COUNT, e.g. ai.growth_per_year=2:20:5", err);
        char *end;
        if (eq == NULL)
            return err->status;
        errno = 0;
        from[k] = strtod(eq + 1, &end);
        bool ok = end != eq + 1 && *end == ':';
        const char *q = end + 1;
        if (ok) {
            to[k] = strtod(q, &end);
            ok = end != q && *end == ':';
            q = end + 1;
        }
        if (ok) {
            count[k] = strtol(q, &end, 10);
            ok = end != q && *end == '\0' && count[k] >= 1 && count[k] <= 100000;
        }
        if (!ok || errno || !isfinite(from[k]) || !isfinite(to[k]))
            return sim_fail(err, SIM_ERR_USAGE,
                            "--vary %s: expected KEY=FROM:TO:COUNT with numbers FROM, TO and a "
                            "whole COUNT in [1, 100000], e.g. ai.growth_per_year=2:20:5%s",
                            vary[k], strchr(eq + 1, ':') == strrchr(eq + 1, ':')
                                         ? " (a range LO:HI is for --design lhs|sobol|morris)" : "");
        total *= count[k];
        if (total > 1000000)
            return sim_fail(err, SIM_ERR_USAGE, "--vary: the grid has more than 1e6 points");
    }
    sw->n_keys = n_vary;
    SimStatus st = add_points(sw, (int)total, err);
    if (st != SIM_OK)
        return st;
    for (long i = 0; i < total; i++) {
        SweepPoint *pt = &sw->points[i];
        snprintf(pt->config, sizeof pt->config, "%s", config);
        pt->n_sets = n_vary;
        long rest = i;
        for (int k = n_vary - 1; k >= 0; k--) { /* last key fastest */
            long j = rest % count[k];
            rest /= count[k];
            char num[40];
            sweep_grid_value(from[k], to[k], j, count[k], num, sizeof num);
            snprintf(pt->sets[k], sizeof pt->sets[k], "%s=%s", sw->keys[k], num);
        }
    }
    return SIM_OK;
}

SimStatus sweep_from_sampling(Sweep *sw, const char *config, SweepDesign design, int samples,
                              const char *const *vary, int n_vary, SimError *err)
{
    if (n_vary < 1 || n_vary > SWEEP_MAX_KEYS)
        return sim_fail(err, SIM_ERR_USAGE, "--design %s: give 1 to %d --vary KEY=LO:HI options",
                        sweep_design_name(design), SWEEP_MAX_KEYS);
    snprintf(sw->base_config, sizeof sw->base_config, "%s", config);
    for (int k = 0; k < n_vary; k++) {
        const char *eq = vary_key(sw, k, vary[k], "KEY=LO:HI, e.g. ai.growth_per_year=2:20", err);
        char *end, *end2;
        if (eq == NULL)
            return err->status;
        errno = 0;
        sw->lo[k] = strtod(eq + 1, &end);
        bool ok = end != eq + 1 && *end == ':';
        if (ok) {
            sw->hi[k] = strtod(end + 1, &end2);
            ok = end2 != end + 1 && *end2 == '\0';
        }
        if (!ok || errno || !isfinite(sw->lo[k]) || !isfinite(sw->hi[k]) || !(sw->lo[k] < sw->hi[k]))
            return sim_fail(err, SIM_ERR_USAGE,
                            "--vary %s: under --design %s expected KEY=LO:HI with numbers LO < HI, "
                            "e.g. ai.growth_per_year=2:20",
                            vary[k], sweep_design_name(design));
    }
    sw->n_keys = n_vary;
    sw->sampled = true;
    sw->sampling = design;
    sw->samples = samples;
    sw->sampling_seed = sw->seed;
    SimStatus st = SIM_OK;
    if (!sw->seed_given) {
        Params p;
        params_set_defaults(&p);
        st = experiment_load_params(&p, config, sw->extra_sets, sw->n_extra, NULL, err);
        sw->sampling_seed = p.run.seed;
        params_free(&p);
        if (st != SIM_OK)
            return st;
    }
    const long n = sweep_design_points(design, samples, n_vary);
    if (n > 1000000)
        return sim_fail(err, SIM_ERR_USAGE, "--design %s: %d samples over %d keys make %ld points; at most 1e6",
                        sweep_design_name(design), samples, n_vary, n);
    double *u = malloc((size_t)n * (size_t)n_vary * sizeof *u);
    if (u == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for %ld design points", n);
    st = sweep_sample(design, samples, n_vary, sw->sampling_seed, u, err);
    if (st == SIM_OK)
        st = add_points(sw, (int)n, err);
    for (long i = 0; st == SIM_OK && i < n; i++) {
        SweepPoint *pt = &sw->points[i];
        snprintf(pt->config, sizeof pt->config, "%s", config);
        pt->n_sets = n_vary;
        for (int k = 0; k < n_vary; k++) {
            /* 6 digits: a summary a person can read; the text is what runs */
            char num[40];
            snprintf(num, sizeof num, "%.6g", sw->lo[k] + (sw->hi[k] - sw->lo[k]) * u[i * n_vary + k]);
            output_format_number(strtod(num, NULL), num, sizeof num);
            snprintf(pt->sets[k], sizeof pt->sets[k], "%s=%s", sw->keys[k], num);
        }
    }
    free(u);
    return st;
}

typedef struct DesignReader {
    Sweep *sw;
    const char *path;
    const char *config;
    bool header_read;
} DesignReader;

/* One field of the design: a header key (line 1) or the value of one. */
static SimStatus design_field(DesignReader *rd, int f, const char *text, long line, SimError *err)
{
    Sweep *sw = rd->sw;
    if (strlen(text) >= 256)
        return sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: field too long", rd->path, line);
    if (!rd->header_read) {
        if (f >= SWEEP_MAX_KEYS || text[0] == '\0')
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s:%ld: the header must name 1 to %d parameter keys", rd->path, line,
                            SWEEP_MAX_KEYS);
        snprintf(sw->keys[f], sizeof sw->keys[f], "%.127s", text);
        sw->n_keys = f + 1;
        return SIM_OK;
    }
    if (text[0] == '\0')
        return sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: empty value for %s", rd->path, line,
                        sw->keys[f]);
    SweepPoint *pt = &sw->points[sw->n_points - 1];
    snprintf(pt->config, sizeof pt->config, "%s", rd->config);
    snprintf(pt->sets[f], sizeof pt->sets[f], "%s=%s", sw->keys[f], text);
    pt->n_sets = f + 1;
    return SIM_OK;
}

/* One record of the design (csv_table_read's callback): the header, then one
 * point per row. */
static SimStatus design_row(const char *const *fields, int n, long line, void *ctx,
                            SimError *err)
{
    DesignReader *rd = ctx;
    Sweep *sw = rd->sw;
    bool header = !rd->header_read;
    if (header)
        sw->n_keys = 0;
    if (!header && n != sw->n_keys)
        return sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: %d fields, the header has %d", rd->path,
                        line, n, sw->n_keys);
    SimStatus st;
    if (!header && (st = add_points(sw, 1, err)) != SIM_OK)
        return st;
    for (int f = 0; f < n; f++)
        if ((st = design_field(rd, f, fields[f], line, err)) != SIM_OK)
            return st;
    rd->header_read = true;
    return SIM_OK;
}

SimStatus sweep_from_design(Sweep *sw, const char *config, const char *design_csv, SimError *err)
{
    snprintf(sw->base_config, sizeof sw->base_config, "%s", config);
    snprintf(sw->design, sizeof sw->design, "%s", design_csv);
    DesignReader rd = {.sw = sw, .path = design_csv, .config = config};
    long records = 0;
    SimStatus st = csv_table_read(design_csv, "", "--design", design_row, &rd, &records, err);
    if (st == SIM_OK && sw->n_points == 0)
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: the design has no rows", design_csv);
    return st;
}

/* Reads the config at `path` as every config is read (source.h: once, with
 * @include expanded and checked; then literals.h), and parses it into cfg
 * (config_init'ed by the caller). *src holds the text; free it with source_free,
 * also after an error. */
static SimStatus read_config(const char *path, config_t *cfg, SourceText *src, SimError *err)
{
    SimStatus st = source_read(path, src, err);
    if (st != SIM_OK)
        return st;
    if (config_read_string(cfg, src->text) != CONFIG_TRUE) {
        char loc[PARAM_ORIGIN_MAX];
        source_where(src, (unsigned)config_error_line(cfg), loc, sizeof loc);
        return sim_fail(err, SIM_ERR_CONFIG, "%s: %s", loc, config_error_text(cfg));
    }
    return literals_check(src->text, src, err);
}

bool sweep_is_experiment_file(const char *path)
{
    config_t cfg;
    config_init(&cfg);
    SourceText src;
    SimError err = {0};
    /* a file that cannot be read is not one: loading it as a config says why */
    bool yes = read_config(path, &cfg, &src, &err) == SIM_OK &&
               config_setting_get_member(config_root_setting(&cfg), "experiment") != NULL;
    config_destroy(&cfg);
    source_free(&src);
    return yes;
}

/* path relative to the folder of `file` (an experiment file). */
static void relative_to(char *out, size_t size, const char *file, const char *path)
{
    char copy[PARAM_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", file);
    files_join(out, size, dirname(copy), path);
}

/* Writes "FILE:LINE" of setting s (in the file or one it includes) into loc. */
static const char *where(const SourceText *src, const config_setting_t *s, char *loc, size_t size)
{
    source_where(src, config_setting_source_line(s), loc, size);
    return loc;
}

/* Finds the `experiment` group of an experiment file's root and checks that it
 * holds only known keys; SIM_ERR_USAGE if there is none (a plain config). */
static SimStatus experiment_group(const config_setting_t *root, const char *path,
                                  const SourceText *src, const config_setting_t **group,
                                  SimError *err)
{
    static const char *const KEYS[] = {"config", "vary", "design", "samples", "scenarios", "replicates", "seed"};
    const int n_keys = (int)(sizeof KEYS / sizeof KEYS[0]);
    char loc[PARAM_ORIGIN_MAX];
    const config_setting_t *x = *group = config_setting_get_member(root, "experiment");
    if (x == NULL)
        return sim_fail(err, SIM_ERR_USAGE,
                        "sweep needs --vary KEY=FROM:TO:COUNT, --design FILE.csv or an experiment "
                        "file (%s has no `experiment = { ... };`)",
                        path);
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        if (strcmp(config_setting_name(s), "experiment") != 0)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: unknown key '%s' in an experiment file (it holds only "
                            "`experiment = { ... };`)",
                            where(src, s, loc, sizeof loc), config_setting_name(s));
    }
    if (!config_setting_is_group(x))
        return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment must be a group { ... }", path);
    for (int i = 0; i < config_setting_length(x); i++) {
        const config_setting_t *s = config_setting_get_elem(x, (unsigned)i);
        const char *name = config_setting_name(s);
        int k = 0;
        while (k < n_keys && strcmp(KEYS[k], name) != 0)
            k++;
        if (k == n_keys) {
            char hint[96];
            suggest_hint(name, KEYS, n_keys, "", hint, sizeof hint);
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: unknown key 'experiment.%s'%s; known: config, vary, design, "
                            "samples, scenarios, replicates, seed",
                            where(src, s, loc, sizeof loc), name, hint);
        }
    }
    return SIM_OK;
}

/* Reads experiment.replicates and experiment.seed into sw, where given. */
static SimStatus experiment_counts(Sweep *sw, const config_setting_t *x, const SourceText *src,
                                   SimError *err)
{
    char loc[PARAM_ORIGIN_MAX];
    const config_setting_t *s;
    sw->replicates = 1;
    if ((s = config_setting_get_member(x, "replicates")) != NULL) {
        if (config_setting_type(s) != CONFIG_TYPE_INT || config_setting_get_int(s) < 1 ||
            config_setting_get_int(s) > 100000)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: experiment.replicates must be a whole number in [1, 100000]",
                            where(src, s, loc, sizeof loc));
        sw->replicates = config_setting_get_int(s);
    }
    if ((s = config_setting_get_member(x, "seed")) != NULL) {
        int t = config_setting_type(s);
        long long v = t == CONFIG_TYPE_INT64 ? config_setting_get_int64(s) : config_setting_get_int(s);
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || v < 0)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: experiment.seed must be a whole number in [0, 2^63-1]",
                            where(src, s, loc, sizeof loc));
        if (!sw->seed_given) { /* a --seed on the command line wins */
            sw->seed = (uint64_t)v;
            sw->seed_given = true;
        }
    }
    return SIM_OK;
}

/* Builds the grid of experiment.vary, a list of "KEY=FROM:TO:COUNT" strings,
 * or with `design` (not NULL) the sampled design over its "KEY=LO:HI" ranges. */
static SimStatus experiment_vary(Sweep *sw, const char *base, const config_setting_t *vary,
                                 const SweepDesign *design, int samples, const SourceText *src,
                                 SimError *err)
{
    char loc[PARAM_ORIGIN_MAX];
    int n = config_setting_length(vary);
    const char *specs[SWEEP_MAX_KEYS];
    if (!config_setting_is_aggregate(vary) || n < 1 || n > SWEEP_MAX_KEYS)
        return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.vary must be a list of 1 to %d strings",
                        where(src, vary, loc, sizeof loc), SWEEP_MAX_KEYS);
    for (int i = 0; i < n; i++)
        if ((specs[i] = config_setting_get_string_elem(vary, (unsigned)i)) == NULL)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.vary holds a non-string",
                            where(src, vary, loc, sizeof loc));
    SimStatus st = design ? sweep_from_sampling(sw, base, *design, samples, specs, n, err)
                          : sweep_from_vary(sw, base, specs, n, err);
    if (st == SIM_ERR_USAGE)
        err->status = st = SIM_ERR_CONFIG;
    return st;
}

/* One point per config of experiment.scenarios (paths relative to the file). */
static SimStatus experiment_scenarios(Sweep *sw, const char *path, const config_setting_t *scen,
                                      const SourceText *src, SimError *err)
{
    char loc[PARAM_ORIGIN_MAX];
    int n = config_setting_length(scen);
    if (!config_setting_is_aggregate(scen) || n < 1)
        return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.scenarios must list configs",
                        where(src, scen, loc, sizeof loc));
    SimStatus st = add_points(sw, n, err);
    if (st != SIM_OK)
        return st;
    for (int i = 0; i < n; i++) {
        const char *c = config_setting_get_string_elem(scen, (unsigned)i);
        if (c == NULL)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.scenarios holds a non-string",
                            where(src, scen, loc, sizeof loc));
        relative_to(sw->points[i].config, sizeof sw->points[i].config, path, c);
    }
    return SIM_OK;
}

/* Fills sw from the `experiment` group x of the file at path. */
static SimStatus experiment_apply(Sweep *sw, const char *path, const config_setting_t *x,
                                  const SourceText *src, SimError *err)
{
    char base[PARAM_PATH_MAX] = "";
    const char *text;
    if (config_setting_lookup_string(x, "config", &text))
        relative_to(base, sizeof base, path, text);
    SimStatus st = experiment_counts(sw, x, src, err);
    if (st != SIM_OK)
        return st;
    const config_setting_t *vary = config_setting_get_member(x, "vary");
    const config_setting_t *scen = config_setting_get_member(x, "scenarios");
    const config_setting_t *samples = config_setting_get_member(x, "samples");
    bool has_design = config_setting_lookup_string(x, "design", &text);
    SweepDesign design;
    if (has_design && sweep_design_parse(text, &design)) { /* design = "sobol": a sampled design */
        char loc[PARAM_ORIGIN_MAX];
        if (vary == NULL || samples == NULL || config_setting_type(samples) != CONFIG_TYPE_INT)
            return sim_fail(err, SIM_ERR_CONFIG,
                            "%s: experiment.design = \"%s\" needs experiment.vary (\"KEY=LO:HI\" "
                            "ranges) and experiment.samples (a whole number)",
                            path, text);
        if (scen != NULL)
            return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.scenarios cannot go with a design",
                            where(src, scen, loc, sizeof loc));
        if (base[0] == '\0')
            return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.config (the base scenario) is missing",
                            path);
        return experiment_vary(sw, base, vary, &design, config_setting_get_int(samples), src, err);
    }
    if (samples != NULL) {
        char loc[PARAM_ORIGIN_MAX], hint[64] = "";
        static const char *const DESIGNS[] = {"lhs", "sobol", "morris"};
        if (has_design) /* samples = N says a sampled design was meant: a misspelt name */
            suggest_hint(text, DESIGNS, 3, "", hint, sizeof hint);
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: experiment.samples goes with design = \"lhs\", \"sobol\" or "
                        "\"morris\"%s%s%s%s",
                        where(src, samples, loc, sizeof loc), has_design ? ", not \"" : "",
                        has_design ? text : "", has_design ? "\"" : "", hint);
    }
    if ((vary != NULL) + (scen != NULL) + has_design != 1)
        return sim_fail(err, SIM_ERR_CONFIG,
                        "%s: give exactly one of experiment.vary, experiment.design and "
                        "experiment.scenarios",
                        path);
    if ((vary || has_design) && base[0] == '\0')
        return sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.config (the base scenario) is missing",
                        path);
    if (has_design) {
        char design[PARAM_PATH_MAX];
        relative_to(design, sizeof design, path, text);
        return sweep_from_design(sw, base, design, err);
    }
    if (vary)
        return experiment_vary(sw, base, vary, NULL, 0, src, err);
    return experiment_scenarios(sw, path, scen, src, err);
}

SimStatus sweep_from_experiment_file(Sweep *sw, const char *path, SimError *err)
{
    config_t cfg;
    config_init(&cfg);
    SourceText src;
    const config_setting_t *x = NULL;
    snprintf(sw->experiment_file, sizeof sw->experiment_file, "%s", path);
    SimStatus st = read_config(path, &cfg, &src, err);
    if (st == SIM_OK)
        st = experiment_group(config_root_setting(&cfg), path, &src, &x, err);
    if (st == SIM_OK)
        st = experiment_apply(sw, path, x, &src, err);
    config_destroy(&cfg);
    source_free(&src);
    return st;
}

/* Loads config with the sweep's own --set texts, then sets[0..n_sets-1] (at
 * most SWEEP_MAX_KEYS: a point's keys, or one range end), into *p. */
static SimStatus load_with_sets(const Sweep *sw, const char *config, const char *const *sets,
                                int n_sets, Params *p, SimError *err)
{
    const char *all[SWEEP_MAX_KEYS + 256 + SWEEP_MAX_KEYS];
    int n = 0;
    for (int k = 0; k < sw->n_extra && n < SWEEP_MAX_KEYS + 256; k++)
        all[n++] = sw->extra_sets[k];
    for (int k = 0; k < n_sets && k < SWEEP_MAX_KEYS; k++)
        all[n++] = sets[k];
    params_set_defaults(p);
    return experiment_load_params(p, config, all, n, NULL, err);
}

SimStatus sweep_point_params(const Sweep *sw, int i, Params *p, SimError *err)
{
    const SweepPoint *pt = &sw->points[i];
    const char *sets[SWEEP_MAX_KEYS];
    for (int k = 0; k < pt->n_sets; k++)
        sets[k] = pt->sets[k];
    SimStatus st = load_with_sets(sw, pt->config, sets, pt->n_sets, p, err);
    if (st != SIM_OK) {
        char msg[SIM_ERROR_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        snprintf(err->message, sizeof err->message, "sweep point %d (%.200s%s%.200s): %.500s", i, pt->config,
                 pt->n_sets ? ", " : "", pt->n_sets ? pt->sets[0] : "", msg);
    }
    return st;
}

SimStatus sweep_check(const Sweep *sw, const char *const *outputs, int n_outputs, SimError *err)
{
    /* in 64 bits: 42950 points x 100000 replicates overflows an int */
    const long long runs = (long long)sw->n_points * sw->replicates;
    if (runs > SWEEP_MAX_RUNS)
        return sim_fail(err, SIM_ERR_USAGE,
                        "the sweep has %lld runs (%d points x %d replicates); at most %d runs fit "
                        "one sweep: use fewer points or replicates, or split it",
                        runs, sw->n_points, sw->replicates, SWEEP_MAX_RUNS);
    FileId own[2];
    int n_own = 0;
    if (sw->design[0] != '\0' && files_id(sw->design, &own[n_own]))
        n_own++;
    if (sw->experiment_file[0] != '\0' && files_id(sw->experiment_file, &own[n_own]))
        n_own++;
    SimStatus st = outfile_check_inputs(outputs, n_outputs, own, n_own, err);
    if (st != SIM_OK)
        return st;
    /* a sampled range must be valid at both ends, not only where the samples
     * fell: its LO and HI are what the manifest promises (and Morris's levels 0
     * and 1 land on them) */
    for (int k = 0; sw->sampled && k < sw->n_keys; k++)
        for (int end = 0; end < 2; end++) {
            char set[200], num[40];
            output_format_number(end ? sw->hi[k] : sw->lo[k], num, sizeof num);
            snprintf(set, sizeof set, "%s=%s", sw->keys[k], num);
            const char *sets[1] = {set};
            Params p;
            st = load_with_sets(sw, sw->base_config, sets, 1, &p, err);
            params_free(&p);
            if (st != SIM_OK) {
                char msg[SIM_ERROR_MAX];
                snprintf(msg, sizeof msg, "%s", err->message);
                snprintf(err->message, sizeof err->message, "--vary %.128s=%g:%g: its %s end: %.700s",
                         sw->keys[k], sw->lo[k], sw->hi[k], end ? "HI" : "LO", msg);
                return st;
            }
        }
    for (int i = 0; i < sw->n_points; i++) {
        Params p;
        st = sweep_point_params(sw, i, &p, err);
        if (st == SIM_OK)
            st = outfile_check_inputs(outputs, n_outputs, p.inputs, p.n_inputs, err);
        params_free(&p);
        if (st != SIM_OK)
            return st;
    }
    return SIM_OK;
}

void sweep_interleave(int n, int *order)
{
    int bits = 0;
    while ((1L << bits) < n)
        bits++;
    int k = 0;
    for (long i = 0; i < (1L << bits); i++) {
        long rev = 0;
        for (int b = 0; b < bits; b++)
            if (i & (1L << b))
                rev |= 1L << (bits - 1 - b);
        if (rev < n)
            order[k++] = (int)rev;
    }
}


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

#include <cjson/cJSON.h>
#include <csv.h>
#include <dirent.h>
#include <libconfig.h>
#include <unistd.h>

#include "distributed.h"
#include "files.h"
#include "json_writer.h"
#include "output.h"
#include "suggest.h"
#include "version.h"

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
        const char *eq = strchr(vary[k], '=');
        char *end;
        if (eq == NULL || eq == vary[k] || (size_t)(eq - vary[k]) >= sizeof sw->keys[k])
            return sim_fail(err, SIM_ERR_USAGE,
                            "--vary %s: expected KEY=FROM:TO:COUNT, e.g. ai.growth_per_year=2:20:5",
                            vary[k]);
        snprintf(sw->keys[k], sizeof sw->keys[k], "%.*s", (int)(eq - vary[k]), vary[k]);
        for (int j = 0; j < k; j++)
            if (strcmp(sw->keys[j], sw->keys[k]) == 0)
                return sim_fail(err, SIM_ERR_USAGE, "--vary %s: key varied twice", vary[k]);
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
                            "whole COUNT in [1, 100000], e.g. ai.growth_per_year=2:20:5",
                            vary[k]);
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

typedef struct DesignReader {
    Sweep *sw;
    const char *path;
    const char *config;
    long line;
    int field;
    SimStatus status;
    SimError *err;
} DesignReader;

static void design_field(void *data, size_t len, void *ctx)
{
    DesignReader *rd = ctx;
    if (rd->status != SIM_OK)
        return;
    char text[256];
    if (len >= sizeof text) {
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: field too long", rd->path, rd->line);
        return;
    }
    memcpy(text, data ? data : "", len);
    text[len] = '\0';
    Sweep *sw = rd->sw;
    int f = rd->field++;
    if (rd->line == 1) {
        if (f >= SWEEP_MAX_KEYS || text[0] == '\0') {
            rd->status = sim_fail(rd->err, SIM_ERR_CONFIG,
                                  "%s:1: the header must name 1 to %d parameter keys", rd->path,
                                  SWEEP_MAX_KEYS);
            return;
        }
        snprintf(sw->keys[f], sizeof sw->keys[f], "%.127s", text);
        sw->n_keys = f + 1;
        return;
    }
    if (f == 0 && (rd->status = add_points(sw, 1, rd->err)) != SIM_OK)
        return;
    if (f >= sw->n_keys) {
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: more fields than the header's %d",
                              rd->path, rd->line, sw->n_keys);
        return;
    }
    if (text[0] == '\0') {
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: empty value for %s", rd->path,
                              rd->line, sw->keys[f]);
        return;
    }
    SweepPoint *pt = &sw->points[sw->n_points - 1];
    snprintf(pt->config, sizeof pt->config, "%s", rd->config);
    snprintf(pt->sets[f], sizeof pt->sets[f], "%s=%s", sw->keys[f], text);
    pt->n_sets = f + 1;
}

static void design_row(int term, void *ctx)
{
    (void)term;
    DesignReader *rd = ctx;
    if (rd->status == SIM_OK && rd->line > 1 && rd->field != rd->sw->n_keys)
        rd->status = sim_fail(rd->err, SIM_ERR_CONFIG, "%s:%ld: %d fields, the header has %d",
                              rd->path, rd->line, rd->field, rd->sw->n_keys);
    rd->line++;
    rd->field = 0;
}

SimStatus sweep_from_design(Sweep *sw, const char *config, const char *design_csv, SimError *err)
{
    FILE *f = fopen(design_csv, "rb");
    if (f == NULL)
        return sim_fail(err, SIM_ERR_CONFIG, "--design %s: cannot open: %s", design_csv,
                        strerror(errno));
    snprintf(sw->base_config, sizeof sw->base_config, "%s", config);
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fclose(f);
        return sim_fail(err, SIM_ERR_MEMORY, "cannot start the CSV parser");
    }
    DesignReader rd = {.sw = sw, .path = design_csv, .config = config, .line = 1, .err = err};
    char buf[8192];
    size_t n;
    while (rd.status == SIM_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&parser, buf, n, design_field, design_row, &rd) != n && rd.status == SIM_OK)
            rd.status = sim_fail(err, SIM_ERR_CONFIG, "%s:%ld: malformed CSV (%s)", design_csv,
                                 rd.line, csv_strerror(csv_error(&parser)));
    if (rd.status == SIM_OK)
        csv_fini(&parser, design_field, design_row, &rd);
    csv_free(&parser);
    fclose(f);
    if (rd.status == SIM_OK && sw->n_points == 0)
        rd.status = sim_fail(err, SIM_ERR_CONFIG, "%s: the design has no rows", design_csv);
    return rd.status;
}

bool sweep_is_experiment_file(const char *path)
{
    config_t cfg;
    config_init(&cfg);
    char copy[PARAM_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    config_set_include_dir(&cfg, dirname(copy));
    bool yes = config_read_file(&cfg, path) == CONFIG_TRUE &&
               config_setting_get_member(config_root_setting(&cfg), "experiment") != NULL;
    config_destroy(&cfg);
    return yes;
}

/* path relative to the folder of `file` (an experiment file). */
static void relative_to(char *out, size_t size, const char *file, const char *path)
{
    char copy[PARAM_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", file);
    files_join(out, size, dirname(copy), path);
}

SimStatus sweep_from_experiment_file(Sweep *sw, const char *path, SimError *err)
{
    static const char *const KEYS[] = {"config", "vary", "design", "scenarios", "replicates", "seed"};
    config_t cfg;
    config_init(&cfg);
    char folder[PARAM_PATH_MAX];
    snprintf(folder, sizeof folder, "%s", path);
    config_set_include_dir(&cfg, dirname(folder));
    SimStatus st = SIM_OK;
    if (config_read_file(&cfg, path) != CONFIG_TRUE && config_error_type(&cfg) == CONFIG_ERR_FILE_IO) {
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: cannot read the file: %s", path, strerror(errno));
        goto done;
    }
    if (config_error_type(&cfg) != CONFIG_ERR_NONE) {
        st = sim_fail(err, SIM_ERR_CONFIG, "%s:%d: %s",
                      config_error_file(&cfg) ? config_error_file(&cfg) : path,
                      config_error_line(&cfg), config_error_text(&cfg));
        goto done;
    }
    const config_setting_t *root = config_root_setting(&cfg);
    if (config_setting_get_member(root, "experiment") == NULL) {
        st = sim_fail(err, SIM_ERR_USAGE,
                      "sweep needs --vary KEY=FROM:TO:COUNT, --design FILE.csv or an experiment "
                      "file (%s has no `experiment = { ... };`)",
                      path);
        goto done;
    }
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        if (strcmp(config_setting_name(s), "experiment") != 0) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: unknown key '%s' in an experiment file (it holds only "
                          "`experiment = { ... };`)",
                          path, config_setting_source_line(s), config_setting_name(s));
            goto done;
        }
    }
    const config_setting_t *x = config_setting_get_member(root, "experiment");
    if (!config_setting_is_group(x)) {
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: experiment must be a group { ... }", path);
        goto done;
    }
    for (int i = 0; i < config_setting_length(x); i++) {
        const config_setting_t *s = config_setting_get_elem(x, (unsigned)i);
        const char *name = config_setting_name(s);
        const int n_keys = (int)(sizeof KEYS / sizeof KEYS[0]);
        int k = 0;
        while (k < n_keys && strcmp(KEYS[k], name) != 0)
            k++;
        if (k == n_keys) {
            char hint[96];
            suggest_hint(name, KEYS, n_keys, "", hint, sizeof hint);
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: unknown key 'experiment.%s'%s; known: config, vary, design, "
                          "scenarios, replicates, seed",
                          path, config_setting_source_line(s), name, hint);
            goto done;
        }
    }
    const config_setting_t *s;
    char base[PARAM_PATH_MAX] = "";
    const char *text;
    if (config_setting_lookup_string(x, "config", &text))
        relative_to(base, sizeof base, path, text);
    sw->replicates = 1;
    if ((s = config_setting_get_member(x, "replicates")) != NULL) {
        if (config_setting_type(s) != CONFIG_TYPE_INT || config_setting_get_int(s) < 1 ||
            config_setting_get_int(s) > 100000) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: experiment.replicates must be a whole number in [1, 100000]", path,
                          config_setting_source_line(s));
            goto done;
        }
        sw->replicates = config_setting_get_int(s);
    }
    if ((s = config_setting_get_member(x, "seed")) != NULL) {
        int t = config_setting_type(s);
        long long v = t == CONFIG_TYPE_INT64 ? config_setting_get_int64(s) : config_setting_get_int(s);
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || v < 0) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: experiment.seed must be a whole number in [0, 2^63-1]", path,
                          config_setting_source_line(s));
            goto done;
        }
        sw->seed = (uint64_t)v;
        sw->seed_given = true;
    }
    const config_setting_t *vary = config_setting_get_member(x, "vary");
    const config_setting_t *scen = config_setting_get_member(x, "scenarios");
    const bool has_design = config_setting_lookup_string(x, "design", &text);
    if ((vary != NULL) + (scen != NULL) + has_design != 1) {
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s: give exactly one of experiment.vary, experiment.design and "
                      "experiment.scenarios",
                      path);
        goto done;
    }
    if ((vary || has_design) && base[0] == '\0') {
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: experiment.config (the base scenario) is missing",
                      path);
        goto done;
    }
    if (has_design) {
        char design[PARAM_PATH_MAX];
        relative_to(design, sizeof design, path, text);
        st = sweep_from_design(sw, base, design, err);
    } else if (vary) {
        int n = config_setting_length(vary);
        const char *specs[SWEEP_MAX_KEYS];
        if (!config_setting_is_aggregate(vary) || n < 1 || n > SWEEP_MAX_KEYS) {
            st = sim_fail(err, SIM_ERR_CONFIG,
                          "%s:%u: experiment.vary must be a list of 1 to %d strings", path,
                          config_setting_source_line(vary), SWEEP_MAX_KEYS);
            goto done;
        }
        for (int i = 0; i < n; i++)
            if ((specs[i] = config_setting_get_string_elem(vary, (unsigned)i)) == NULL) {
                st = sim_fail(err, SIM_ERR_CONFIG, "%s:%u: experiment.vary holds a non-string",
                              path, config_setting_source_line(vary));
                goto done;
            }
        st = sweep_from_vary(sw, base, specs, n, err);
        if (st == SIM_ERR_USAGE)
            err->status = st = SIM_ERR_CONFIG;
    } else {
        int n = config_setting_length(scen);
        if (!config_setting_is_aggregate(scen) || n < 1) {
            st = sim_fail(err, SIM_ERR_CONFIG, "%s:%u: experiment.scenarios must list configs", path,
                          config_setting_source_line(scen));
            goto done;
        }
        if ((st = add_points(sw, n, err)) != SIM_OK)
            goto done;
        for (int i = 0; i < n; i++) {
            const char *c = config_setting_get_string_elem(scen, (unsigned)i);
            if (c == NULL) {
                st = sim_fail(err, SIM_ERR_CONFIG, "%s:%u: experiment.scenarios holds a non-string",
                              path, config_setting_source_line(scen));
                goto done;
            }
            relative_to(sw->points[i].config, sizeof sw->points[i].config, path, c);
        }
    }
done:
    config_destroy(&cfg);
    return st;
}

/* Loads point i's params into p (defaults first). */
static SimStatus point_params(const Sweep *sw, int i, Params *p, SimError *err)
{
    const SweepPoint *pt = &sw->points[i];
    const char *sets[SWEEP_MAX_KEYS + 256];
    int n = 0;
    for (int k = 0; k < sw->n_extra && n < SWEEP_MAX_KEYS + 256; k++)
        sets[n++] = sw->extra_sets[k];
    for (int k = 0; k < pt->n_sets; k++)
        sets[n++] = pt->sets[k];
    params_set_defaults(p);
    SimStatus st = experiment_load_params(p, pt->config, sets, n, NULL, err);
    if (st != SIM_OK) {
        char msg[SIM_ERROR_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        snprintf(err->message, sizeof err->message, "sweep point %d (%.200s%s%.200s): %.500s", i, pt->config,
                 pt->n_sets ? ", " : "", pt->n_sets ? pt->sets[0] : "", msg);
    }
    return st;
}

SimStatus sweep_check(const Sweep *sw, SimError *err)
{
    /* in 64 bits: 42950 points x 100000 replicates overflows an int */
    const long long runs = (long long)sw->n_points * sw->replicates;
    if (runs > SWEEP_MAX_RUNS)
        return sim_fail(err, SIM_ERR_USAGE,
                        "the sweep has %lld runs (%d points x %d replicates); at most %d runs fit "
                        "one sweep: use fewer points or replicates, or split it",
                        runs, sw->n_points, sw->replicates, SWEEP_MAX_RUNS);
    for (int i = 0; i < sw->n_points; i++) {
        Params p;
        SimStatus st = point_params(sw, i, &p, err);
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

/* The manifest: what the sweep is, byte for byte (compared on resume). */
static void put_manifest(JsonWriter *w, const Sweep *sw, uint64_t seed)
{
    json_object(w, JSON_LINES);
    json_key(w, "schema");
    json_string(w, "uhisim.sweep.manifest");
    json_key(w, "schema_version");
    json_int(w, OUTPUT_SCHEMA_VERSION);
    json_key(w, "base_config");
    json_string(w, sw->base_config);
    json_key(w, "replicates");
    json_int(w, sw->replicates);
    json_key(w, "seed");
    json_uint_string(w, seed);
    json_key(w, "set");
    json_array(w, JSON_INLINE);
    for (int k = 0; k < sw->n_extra; k++)
        json_string(w, sw->extra_sets[k]);
    json_end(w);
    json_key(w, "keys");
    json_array(w, JSON_INLINE);
    for (int k = 0; k < sw->n_keys; k++)
        json_string(w, sw->keys[k]);
    json_end(w);
    json_key(w, "replicate_seeds");
    json_array(w, JSON_INLINE);
    for (int r = 0; r < sw->replicates; r++)
        json_uint_string(w, experiment_replicate_seed(seed, r));
    json_end(w);
    json_key(w, "points");
    json_array(w, JSON_LINES);
    for (int i = 0; i < sw->n_points; i++) {
        const SweepPoint *pt = &sw->points[i];
        json_object(w, JSON_INLINE);
        json_key(w, "point");
        json_int(w, i);
        json_key(w, "config");
        json_string(w, pt->config);
        json_key(w, "set");
        json_array(w, JSON_INLINE);
        for (int k = 0; k < pt->n_sets; k++)
            json_string(w, pt->sets[k]);
        json_end(w);
        json_end(w);
    }
    json_end(w);
    json_end(w);
}

/* What a row file claims to be; a row that says otherwise is run again. */
typedef struct RowJob {
    int point, replicate;
    uint64_t seed;
    uint64_t digest;          /* of the point's resolved config */
    const double *verdicts;
} RowJob;

static SimStatus write_row(FILE *f, void *ctx, SimError *err)
{
    const RowJob *job = ctx;
    JsonWriter w;
    json_init(&w, f, err);
    json_object(&w, JSON_INLINE);
    json_key(&w, "point");
    json_int(&w, job->point);
    json_key(&w, "replicate");
    json_int(&w, job->replicate);
    json_key(&w, "seed");
    json_uint_string(&w, job->seed);
    json_key(&w, "program");
    json_string(&w, UHISIM_VERSION);
    json_key(&w, "config_digest");
    json_uint_string(&w, job->digest);
    json_key(&w, "verdicts");
    json_object(&w, JSON_INLINE);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        json_key(&w, verdict_name(v));
        json_number(&w, job->verdicts[v]); /* null: NaN, never reached */
    }
    json_end(&w);
    json_end(&w);
    return json_finish(&w);
}

static void row_path(char *out, size_t size, const char *dir, int point, int replicate)
{
    snprintf(out, size, "%s/rows/p%06d_r%04d.json", dir, point, replicate);
}

static bool string_is(const cJSON *x, const char *want)
{
    return cJSON_IsString(x) && strcmp(x->valuestring, want) == 0;
}

/* Reads the row file of job's point and replicate into v[0..VERDICT_COUNT-1]
 * (NaN for null). False if it is missing, cut short, not JSON, or claims to be
 * another point, replicate, seed, config or program version. */
static bool read_row(const char *dir, const RowJob *job, double *v)
{
    char path[PARAM_PATH_MAX + 64], text[32];
    row_path(path, sizeof path, dir, job->point, job->replicate);
    char *file = files_read(path);
    cJSON *row = file ? cJSON_ParseWithOpts(file, NULL, 1) : NULL;
    free(file);
    const cJSON *point = cJSON_GetObjectItemCaseSensitive(row, "point");
    const cJSON *rep = cJSON_GetObjectItemCaseSensitive(row, "replicate");
    const cJSON *verdicts = cJSON_GetObjectItemCaseSensitive(row, "verdicts");
    bool ok = cJSON_IsNumber(point) && point->valuedouble == job->point && cJSON_IsNumber(rep) &&
              rep->valuedouble == job->replicate && cJSON_IsObject(verdicts) &&
              string_is(cJSON_GetObjectItemCaseSensitive(row, "program"), UHISIM_VERSION);
    snprintf(text, sizeof text, "%llu", (unsigned long long)job->seed);
    ok = ok && string_is(cJSON_GetObjectItemCaseSensitive(row, "seed"), text);
    snprintf(text, sizeof text, "%llu", (unsigned long long)job->digest);
    ok = ok && string_is(cJSON_GetObjectItemCaseSensitive(row, "config_digest"), text);
    for (int k = 0; ok && k < VERDICT_COUNT; k++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(verdicts, verdict_name(k));
        ok = cJSON_IsNumber(x) || cJSON_IsNull(x);
        v[k] = cJSON_IsNumber(x) ? x->valuedouble : NAN;
    }
    cJSON_Delete(row);
    return ok;
}

/* One CSV field per RFC 4180: quoted, with "" for ", when it holds a comma, a
 * quote or a line break. */
static void put_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

typedef struct Summary {
    const Sweep *sw;
    const char *dir;
    uint64_t seed;
    const uint64_t *digests; /* per point */
} Summary;

/* Calls each(ctx, job, verdicts) for every row in (point, replicate) order. */
static SimStatus each_row(const Summary *sm, SimError *err,
                          void (*each)(void *ctx, const RowJob *job, const double *v), void *ctx)
{
    for (int i = 0; i < sm->sw->n_points; i++)
        for (int r = 0; r < sm->sw->replicates; r++) {
            double v[VERDICT_COUNT];
            RowJob job = {i, r, experiment_replicate_seed(sm->seed, r), sm->digests[i], v};
            if (!read_row(sm->dir, &job, v)) {
                char path[PARAM_PATH_MAX + 64];
                row_path(path, sizeof path, sm->dir, i, r);
                return sim_fail(err, SIM_ERR_IO, "%s: missing or damaged row file", path);
            }
            each(ctx, &job, v);
        }
    return SIM_OK;
}

typedef struct CsvRows {
    FILE *f;
    const Sweep *sw;
} CsvRows;

static void csv_row(void *ctx, const RowJob *job, const double *v)
{
    const CsvRows *c = ctx;
    const SweepPoint *pt = &c->sw->points[job->point];
    fprintf(c->f, "%d,%d,%llu,", job->point, job->replicate, (unsigned long long)job->seed);
    put_csv_field(c->f, pt->config);
    for (int k = 0; k < pt->n_sets; k++) {
        fputc(',', c->f);
        put_csv_field(c->f, strchr(pt->sets[k], '=') + 1);
    }
    for (int k = 0; k < VERDICT_COUNT; k++) {
        char num[40] = "";
        if (isfinite(v[k]))
            output_format_number(v[k], num, sizeof num);
        fprintf(c->f, ",%s", num);
    }
    fputc('\n', c->f);
}

static SimStatus write_summary_csv(FILE *f, void *ctx, SimError *err)
{
    const Summary *sm = ctx;
    fputs("point,replicate,seed,config", f);
    for (int k = 0; k < sm->sw->n_keys; k++) {
        fputc(',', f);
        put_csv_field(f, sm->sw->keys[k]);
    }
    for (int v = 0; v < VERDICT_COUNT; v++)
        fprintf(f, ",%s", verdict_name(v));
    fputc('\n', f);
    CsvRows c = {f, sm->sw};
    SimStatus st = each_row(sm, err, csv_row, &c);
    if (st == SIM_OK && ferror(f))
        st = sim_fail(err, SIM_ERR_IO, "writing summary.csv failed: %s", strerror(errno));
    return st;
}

typedef struct JsonRows {
    JsonWriter *w;
    const Sweep *sw;
} JsonRows;

static void json_row(void *ctx, const RowJob *job, const double *v)
{
    const JsonRows *c = ctx;
    JsonWriter *w = c->w;
    const SweepPoint *pt = &c->sw->points[job->point];
    json_object(w, JSON_INLINE);
    json_key(w, "point");
    json_int(w, job->point);
    json_key(w, "replicate");
    json_int(w, job->replicate);
    json_key(w, "seed");
    json_uint_string(w, job->seed);
    json_key(w, "config");
    json_string(w, pt->config);
    json_key(w, "set");
    json_object(w, JSON_INLINE);
    for (int k = 0; k < pt->n_sets; k++) {
        json_key(w, c->sw->keys[k]);
        json_string(w, strchr(pt->sets[k], '=') + 1);
    }
    json_end(w);
    json_key(w, "verdicts");
    json_object(w, JSON_INLINE);
    for (int k = 0; k < VERDICT_COUNT; k++) {
        json_key(w, verdict_name(k));
        json_number(w, v[k]);
    }
    json_end(w);
    json_end(w);
}

static SimStatus write_summary_json(FILE *f, void *ctx, SimError *err)
{
    const Summary *sm = ctx;
    JsonWriter w;
    json_init(&w, f, err);
    json_object(&w, JSON_LINES);
    json_key(&w, "schema");
    json_string(&w, "uhisim.sweep");
    json_key(&w, "schema_version");
    json_int(&w, OUTPUT_SCHEMA_VERSION);
    json_key(&w, "manifest");
    put_manifest(&w, sm->sw, sm->seed);
    output_put_verdict_units(&w);
    json_key(&w, "rows");
    json_array(&w, JSON_LINES);
    JsonRows c = {&w, sm->sw};
    SimStatus st = each_row(sm, err, json_row, &c);
    if (st != SIM_OK)
        return st;
    json_end(&w);
    json_end(&w);
    return json_finish(&w);
}

static SimStatus write_manifest(FILE *f, void *ctx, SimError *err)
{
    const Summary *sm = ctx;
    JsonWriter w;
    json_init(&w, f, err);
    put_manifest(&w, sm->sw, sm->seed);
    return json_finish(&w);
}

/* 64-bit FNV-1a of the point's resolved config as compact JSON: a row made
 * with other parameters (an edited config file) does not match. */
static SimStatus point_digest(const Sweep *sw, int i, uint64_t *digest, uint64_t *seed,
                              SimError *err)
{
    Params p;
    SimStatus st = point_params(sw, i, &p, err);
    char *text = NULL;
    size_t size = 0;
    FILE *mf = st == SIM_OK ? open_memstream(&text, &size) : NULL;
    if (st == SIM_OK && mf == NULL)
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    if (mf != NULL) {
        JsonWriter w;
        json_init(&w, mf, err);
        params_write_json(&p, &w, JSON_TIGHT);
        st = json_finish(&w);
        fclose(mf);
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t k = 0; k < size; k++)
            h = (h ^ (unsigned char)text[k]) * 0x100000001b3ULL;
        *digest = h;
    }
    if (seed != NULL && st == SIM_OK)
        *seed = p.run.seed;
    free(text);
    params_free(&p);
    return st;
}

/* Removes the temporary files that a killed sweep left in folder (names
 * "<file>.tmp.XXXXXX" from output_write_file). */
static void remove_stale_temporaries(const char *folder)
{
    DIR *d = opendir(folder);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp.");
        if (t == NULL || strlen(t) != 11 ||
            (strncmp(e->d_name, "p", 1) != 0 && strncmp(e->d_name, "manifest.", 9) != 0 &&
             strncmp(e->d_name, "summary.", 8) != 0))
            continue;
        char path[PARAM_PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        unlink(path);
    }
    closedir(d);
}

SimStatus sweep_run(const Sweep *sw, const char *dir, ExperimentProgress progress, void *ctx,
                    SimError *err)
{
    char path[PARAM_PATH_MAX + 64];
    const int rank = dist_rank();
    snprintf(path, sizeof path, "%s/rows", dir);
    if (rank == 0 &&
        ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(path, 0777) != 0 && errno != EEXIST)))
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create the sweep folder: %s", dir,
                        strerror(errno));
    if (rank == 0) {
        remove_stale_temporaries(dir);
        remove_stale_temporaries(path);
    }
    /* the seed: given, or the first point's run.seed; a digest per point */
    uint64_t *digests = malloc((size_t)sw->n_points * sizeof *digests), seed = 0;
    if (digests == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d sweep points", sw->n_points);
    SimStatus st = SIM_OK;
    for (int i = 0; i < sw->n_points && st == SIM_OK; i++)
        st = point_digest(sw, i, &digests[i], i == 0 ? &seed : NULL, err);
    if (sw->seed_given)
        seed = sw->seed;
    Summary sm = {sw, dir, seed, digests};

    char *manifest = NULL;
    size_t size = 0;
    FILE *mf = st == SIM_OK ? open_memstream(&manifest, &size) : NULL;
    if (st == SIM_OK && mf == NULL)
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    if (mf != NULL) {
        st = write_manifest(mf, &sm, err);
        fclose(mf);
    }
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *old = st == SIM_OK ? files_read(path) : NULL;
    if (old != NULL && strcmp(old, manifest) != 0)
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s holds the results of another experiment (its manifest.json differs); "
                      "give a new -o folder, or delete that one",
                      dir);
    free(old);
    free(manifest);

    /* the tasks still to run, in the interleaved order; every rank lists them
     * before rank 0 writes anything. A row that is missing, damaged or made by
     * something else is run (again). */
    const int total = (int)((long long)sw->n_points * sw->replicates); /* sweep_check bounds it */
    int *order = malloc((size_t)sw->n_points * sizeof *order);
    int *pending = malloc((size_t)total * sizeof *pending);
    if (st == SIM_OK && (order == NULL || pending == NULL))
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d sweep runs", total);
    int n_pending = 0;
    if (st == SIM_OK) {
        sweep_interleave(sw->n_points, order);
        for (int r = 0; r < sw->replicates; r++)
            for (int j = 0; j < sw->n_points; j++) {
                double v[VERDICT_COUNT];
                RowJob job = {order[j], r, experiment_replicate_seed(seed, r), digests[order[j]], v};
                if (!read_row(dir, &job, v))
                    pending[n_pending++] = r * sw->n_points + order[j];
            }
    }
    dist_barrier();
    if (st == SIM_OK && rank == 0) {
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        st = output_write_file(path, write_manifest, &sm, err);
    }
    int done = total - n_pending;
    for (int k = 0; k < n_pending && st == SIM_OK; k++) {
        const int i = pending[k] % sw->n_points, r = pending[k] / sw->n_points;
        double verdicts[VERDICT_COUNT];
        if (dist_owner(k) == rank) {
            Params p;
            if ((st = point_params(sw, i, &p, err)) != SIM_OK)
                break;
            p.run.seed = experiment_replicate_seed(seed, r);
            double *series = NULL;
            st = experiment_run_one(&p, &series, verdicts, err);
            free(series);
            params_free(&p);
            if (st != SIM_OK) {
                char msg[SIM_ERROR_MAX];
                snprintf(msg, sizeof msg, "%s", err->message);
                snprintf(err->message, sizeof err->message, "sweep point %d replicate %d: %.900s", i,
                         r, msg);
            }
            dist_deliver(k, st, err, verdicts, VERDICT_COUNT);
        } else if (rank == 0) {
            st = dist_collect(k, verdicts, VERDICT_COUNT, err);
        }
        if (st != SIM_OK || rank != 0)
            continue;
        RowJob job = {i, r, experiment_replicate_seed(seed, r), digests[i], verdicts};
        row_path(path, sizeof path, dir, i, r);
        st = output_write_file(path, write_row, &job, err);
        if (progress)
            progress(++done, total, ctx);
    }
    free(order);
    free(pending);
    if (st == SIM_OK && rank == 0) {
        snprintf(path, sizeof path, "%s/summary.csv", dir);
        st = output_write_file(path, write_summary_csv, &sm, err);
    }
    if (st == SIM_OK && rank == 0) {
        snprintf(path, sizeof path, "%s/summary.json", dir);
        st = output_write_file(path, write_summary_json, &sm, err);
    }
    free(digests);
    return st;
}

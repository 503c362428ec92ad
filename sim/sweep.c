/* sweep.c - Grid, design-table and scenario sweeps with resumable row files. */
#include "sweep.h"

#include <errno.h>
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
#include "output.h"
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
            double v = count[k] == 1 ? from[k] : from[k] + (to[k] - from[k]) * (double)j / (double)(count[k] - 1);
            char num[40];
            output_format_number(v, num, sizeof num);
            snprintf(pt->sets[k], sizeof pt->sets[k], "%s=%s", sw->keys[k], num);
        }
    }
    return SIM_OK;
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
    DesignReader rd = {.sw = sw, .path = design_csv, .config = config};
    long records = 0;
    SimStatus st = csv_table_read(design_csv, "", "--design", design_row, &rd, &records, err);
    if (st == SIM_OK && sw->n_points == 0)
        st = sim_fail(err, SIM_ERR_CONFIG, "%s: the design has no rows", design_csv);
    return st;
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
    SimStatus st = SIM_OK;
    if (config_read_file(&cfg, path) != CONFIG_TRUE) {
        st = sim_fail(err, SIM_ERR_CONFIG, "%s:%d: %s",
                      config_error_file(&cfg) ? config_error_file(&cfg) : path,
                      config_error_line(&cfg), config_error_text(&cfg));
        goto done;
    }
    const config_setting_t *root = config_root_setting(&cfg);
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
static void put_manifest(FILE *f, const Sweep *sw, uint64_t seed)
{
    fprintf(f, "{\"schema\": \"uhisim.sweep.manifest\", \"schema_version\": %d,\n",
            OUTPUT_SCHEMA_VERSION);
    fprintf(f, " \"base_config\": \"%s\", \"replicates\": %d, \"seed\": \"%llu\",\n",
            sw->base_config, sw->replicates, (unsigned long long)seed);
    fputs(" \"set\": [", f);
    for (int k = 0; k < sw->n_extra; k++)
        fprintf(f, "%s\"%s\"", k ? ", " : "", sw->extra_sets[k]);
    fputs("],\n \"keys\": [", f);
    for (int k = 0; k < sw->n_keys; k++)
        fprintf(f, "%s\"%s\"", k ? ", " : "", sw->keys[k]);
    fputs("],\n \"replicate_seeds\": [", f);
    for (int r = 0; r < sw->replicates; r++)
        fprintf(f, "%s\"%llu\"", r ? ", " : "", (unsigned long long)experiment_replicate_seed(seed, r));
    fputs("],\n \"points\": [\n", f);
    for (int i = 0; i < sw->n_points; i++) {
        const SweepPoint *pt = &sw->points[i];
        fprintf(f, "  {\"point\": %d, \"config\": \"%s\", \"set\": [", i, pt->config);
        for (int k = 0; k < pt->n_sets; k++)
            fprintf(f, "%s\"%s\"", k ? ", " : "", pt->sets[k]);
        fprintf(f, "]}%s\n", i + 1 < sw->n_points ? "," : "");
    }
    fputs(" ]}\n", f);
}

typedef struct RowJob {
    int point, replicate;
    uint64_t seed;
    const double *verdicts;
} RowJob;

static SimStatus write_row(FILE *f, void *ctx, SimError *err)
{
    const RowJob *job = ctx;
    (void)err;
    fprintf(f, "{\"point\": %d, \"replicate\": %d, \"seed\": \"%llu\", \"verdicts\": {", job->point,
            job->replicate, (unsigned long long)job->seed);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        char num[40];
        if (isnan(job->verdicts[v]))
            snprintf(num, sizeof num, "null");
        else
            output_format_number(job->verdicts[v], num, sizeof num);
        fprintf(f, "%s\"%s\": %s", v ? ", " : "", experiment_verdict_name(v), num);
    }
    fputs("}}\n", f);
    return SIM_OK;
}

static SimStatus write_text(FILE *f, void *ctx, SimError *err)
{
    (void)err;
    fputs(ctx, f);
    return SIM_OK;
}

static void row_path(char *out, size_t size, const char *dir, int point, int replicate)
{
    snprintf(out, size, "%s/rows/p%06d_r%04d.json", dir, point, replicate);
}

/* summary.csv and summary.json from the row files, in (point, replicate) order. */
static SimStatus assemble(const Sweep *sw, const char *dir, const char *manifest, SimError *err)
{
    size_t cap = 1 << 16, n_csv = 0, n_json = 0, cap_json = 1 << 16;
    char *csv = malloc(cap), *json = malloc(cap_json);
    SimStatus st = SIM_OK;
#define APPEND(buf, len, capacity, ...)                                                             \
    do {                                                                                           \
        int need_ = snprintf(NULL, 0, __VA_ARGS__);                                                \
        if (buf && len + (size_t)need_ + 1 > capacity) {                                           \
            while (len + (size_t)need_ + 1 > capacity)                                             \
                capacity *= 2;                                                                     \
            char *b_ = realloc(buf, capacity);                                                     \
            if (b_ == NULL)                                                                        \
                free(buf);                                                                         \
            buf = b_;                                                                              \
        }                                                                                          \
        if (buf)                                                                                   \
            len += (size_t)snprintf(buf + len, capacity - len, __VA_ARGS__);                       \
    } while (0)
    APPEND(csv, n_csv, cap, "point,replicate,seed,config");
    for (int k = 0; k < sw->n_keys; k++)
        APPEND(csv, n_csv, cap, ",%s", sw->keys[k]);
    for (int v = 0; v < VERDICT_COUNT; v++)
        APPEND(csv, n_csv, cap, ",%s", experiment_verdict_name(v));
    APPEND(csv, n_csv, cap, "\n");
    APPEND(json, n_json, cap_json, "{\"schema\": \"uhisim.sweep\", \"schema_version\": %d,\n\"manifest\": %s,",
           OUTPUT_SCHEMA_VERSION, manifest);
    APPEND(json, n_json, cap_json, "\"verdict_units\": {");
    for (int v = 0; v < VERDICT_COUNT; v++)
        APPEND(json, n_json, cap_json, "%s\"%s\": \"%s\"", v ? ", " : "", experiment_verdict_name(v),
               experiment_verdict_unit(v));
    APPEND(json, n_json, cap_json, "},\n\"rows\": [\n");
    for (int i = 0; i < sw->n_points && st == SIM_OK; i++)
        for (int r = 0; r < sw->replicates && st == SIM_OK; r++) {
            char path[PARAM_PATH_MAX + 64];
            row_path(path, sizeof path, dir, i, r);
            char *text = files_read(path);
            cJSON *row = text ? cJSON_ParseWithOpts(text, NULL, 1) : NULL;
            const cJSON *verdicts = cJSON_GetObjectItemCaseSensitive(row, "verdicts");
            const cJSON *seed = cJSON_GetObjectItemCaseSensitive(row, "seed");
            if (!cJSON_IsObject(verdicts) || !cJSON_IsString(seed)) {
                st = sim_fail(err, SIM_ERR_IO, "%s: missing or unreadable row file", path);
            } else {
                const SweepPoint *pt = &sw->points[i];
                APPEND(csv, n_csv, cap, "%d,%d,%s,%s", i, r, seed->valuestring, pt->config);
                APPEND(json, n_json, cap_json, "%s{\"point\": %d, \"replicate\": %d, \"seed\": \"%s\", \"config\": \"%s\", \"set\": {",
                       i || r ? ",\n" : "", i, r, seed->valuestring, pt->config);
                for (int k = 0; k < pt->n_sets; k++) {
                    const char *value = strchr(pt->sets[k], '=') + 1;
                    APPEND(csv, n_csv, cap, ",%s", value);
                    APPEND(json, n_json, cap_json, "%s\"%s\": \"%s\"", k ? ", " : "", sw->keys[k], value);
                }
                APPEND(json, n_json, cap_json, "}, \"verdicts\": {");
                for (int v = 0; v < VERDICT_COUNT; v++) {
                    const cJSON *x = cJSON_GetObjectItemCaseSensitive(verdicts, experiment_verdict_name(v));
                    char num[40] = "null";
                    if (cJSON_IsNumber(x))
                        output_format_number(x->valuedouble, num, sizeof num);
                    APPEND(csv, n_csv, cap, ",%s", strcmp(num, "null") ? num : "");
                    APPEND(json, n_json, cap_json, "%s\"%s\": %s", v ? ", " : "", experiment_verdict_name(v), num);
                }
                APPEND(csv, n_csv, cap, "\n");
                APPEND(json, n_json, cap_json, "}}");
            }
            cJSON_Delete(row);
            free(text);
        }
    APPEND(json, n_json, cap_json, "\n]}\n");
#undef APPEND
    if (st == SIM_OK && (csv == NULL || json == NULL))
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory assembling the sweep summary");
    char path[PARAM_PATH_MAX + 32];
    if (st == SIM_OK) {
        snprintf(path, sizeof path, "%s/summary.csv", dir);
        st = output_write_file(path, write_text, csv, err);
    }
    if (st == SIM_OK) {
        snprintf(path, sizeof path, "%s/summary.json", dir);
        st = output_write_file(path, write_text, json, err);
    }
    free(csv);
    free(json);
    return st;
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
    /* the seed: given, or the first point's run.seed */
    Params p;
    SimStatus st = point_params(sw, 0, &p, err);
    uint64_t seed = sw->seed_given ? sw->seed : p.run.seed;
    params_free(&p);
    if (st != SIM_OK)
        return st;

    char *manifest = NULL;
    size_t size = 0;
    FILE *mf = open_memstream(&manifest, &size);
    if (mf == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    put_manifest(mf, sw, seed);
    fclose(mf);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *old = files_read(path);
    if (old != NULL && strcmp(old, manifest) != 0)
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s holds the results of another experiment (its manifest.json differs); "
                      "give a new -o folder, or delete that one",
                      dir);
    free(old);

    /* the tasks still to run, in the interleaved order; every rank lists them
     * before rank 0 writes anything */
    const int total = sw->n_points * sw->replicates;
    int *order = malloc((size_t)sw->n_points * sizeof *order);
    int *pending = malloc((size_t)total * sizeof *pending);
    if (st == SIM_OK && (order == NULL || pending == NULL))
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    int n_pending = 0;
    if (st == SIM_OK) {
        sweep_interleave(sw->n_points, order);
        for (int r = 0; r < sw->replicates; r++)
            for (int j = 0; j < sw->n_points; j++) {
                struct stat sb;
                row_path(path, sizeof path, dir, order[j], r);
                if (stat(path, &sb) != 0) /* else resumed: finished before */
                    pending[n_pending++] = r * sw->n_points + order[j];
            }
    }
    dist_barrier();
    if (st == SIM_OK && rank == 0) {
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        st = output_write_file(path, write_text, manifest, err);
    }
    int done = total - n_pending;
    for (int k = 0; k < n_pending && st == SIM_OK; k++) {
        const int i = pending[k] % sw->n_points, r = pending[k] / sw->n_points;
        double verdicts[VERDICT_COUNT];
        if (dist_owner(k) == rank) {
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
        RowJob job = {i, r, experiment_replicate_seed(seed, r), verdicts};
        row_path(path, sizeof path, dir, i, r);
        st = output_write_file(path, write_row, &job, err);
        if (progress)
            progress(++done, total, ctx);
    }
    free(order);
    free(pending);
    if (st == SIM_OK && rank == 0)
        st = assemble(sw, dir, manifest, err);
    free(manifest);
    return st;
}

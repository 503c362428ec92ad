/* sweep_folder.c - The files of a sweep folder (see sweep_folder.h). */
#include "sweep_folder.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "distributed.h"
#include "experiment.h"
#include "files.h"
#include "json_writer.h"
#include "outfile.h"
#include "output.h"
#include "version.h"

/* The manifest: what the sweep is, byte for byte (compared on resume). */
/* The manifest's "sampling": what analysis/sensitivity.py needs to read the
 * points back as a design (docs/output.md). */
static void put_sampling(JsonWriter *w, const Sweep *sw)
{
    json_key(w, "sampling");
    json_object(w, JSON_INLINE);
    json_key(w, "design");
    json_string(w, sweep_design_name(sw->sampling));
    json_key(w, "samples");
    json_int(w, sw->samples);
    json_key(w, "seed");
    json_uint_string(w, sw->sampling_seed);
    if (sw->sampling == SWEEP_DESIGN_SOBOL) {
        json_key(w, "scheme");
        json_string(w, "saltelli2010"); /* per sample: A, B, AB_1..AB_k */
        json_key(w, "scramble");
        json_string(w, "digital_shift"); /* sweep_design.h: from the origin, shifted by seed */
    } else if (sw->sampling == SWEEP_DESIGN_MORRIS) {
        json_key(w, "levels");
        json_int(w, SWEEP_MORRIS_LEVELS);
        json_key(w, "delta");
        json_number(w, SWEEP_MORRIS_DELTA);
    }
    json_key(w, "ranges");
    json_array(w, JSON_INLINE);
    for (int k = 0; k < sw->n_keys; k++) {
        json_object(w, JSON_INLINE);
        json_key(w, "key");
        json_string(w, sw->keys[k]);
        json_key(w, "lo");
        json_number(w, sw->lo[k]);
        json_key(w, "hi");
        json_number(w, sw->hi[k]);
        json_end(w);
    }
    json_end(w);
    json_end(w);
}

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
    if (sw->sampled)
        put_sampling(w, sw);
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

static SimStatus write_row(FILE *f, void *ctx, SimError *err)
{
    const SweepRow *job = ctx;
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

bool sweep_read_row(const char *dir, const SweepRow *job, double *v)
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

typedef struct Summary {
    const Sweep *sw;
    const char *dir;
    uint64_t seed;
    const uint64_t *digests; /* per point */
} Summary;

/* Calls each(ctx, job, verdicts) for every row in (point, replicate) order. */
static SimStatus each_row(const Summary *sm, SimError *err,
                          void (*each)(void *ctx, const SweepRow *job, const double *v), void *ctx)
{
    for (int i = 0; i < sm->sw->n_points; i++)
        for (int r = 0; r < sm->sw->replicates; r++) {
            double v[VERDICT_COUNT];
            SweepRow job = {i, r, experiment_replicate_seed(sm->seed, r), sm->digests[i], v};
            if (!sweep_read_row(sm->dir, &job, v)) {
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

static void csv_row(void *ctx, const SweepRow *job, const double *v)
{
    const CsvRows *c = ctx;
    const SweepPoint *pt = &c->sw->points[job->point];
    fprintf(c->f, "%d,%d,%llu,", job->point, job->replicate, (unsigned long long)job->seed);
    output_put_csv_field(c->f, pt->config);
    for (int k = 0; k < pt->n_sets; k++) {
        fputc(',', c->f);
        output_put_csv_field(c->f, strchr(pt->sets[k], '=') + 1);
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
        output_put_csv_field(f, sm->sw->keys[k]);
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

static void json_row(void *ctx, const SweepRow *job, const double *v)
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

/* Removes the temporary files that a killed sweep left in folder (names
 * "<file>.tmp.XXXXXX" from outfile_write). */
static void remove_temporaries_in(const char *folder)
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

void sweep_remove_stale_temporaries(const char *dir)
{
    char rows[PARAM_PATH_MAX + 16];
    snprintf(rows, sizeof rows, "%s/rows", dir);
    remove_temporaries_in(dir);
    remove_temporaries_in(rows);
}

SimStatus sweep_manifest_text(const Sweep *sw, uint64_t seed, char **text, SimError *err)
{
    size_t size = 0;
    *text = NULL;
    FILE *mf = open_memstream(text, &size);
    if (mf == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory");
    Summary sm = {sw, NULL, seed, NULL};
    SimStatus st = write_manifest(mf, &sm, err);
    fclose(mf);
    return st;
}

SimStatus sweep_write_manifest(const Sweep *sw, uint64_t seed, const char *dir, SimError *err)
{
    char path[PARAM_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    Summary sm = {sw, dir, seed, NULL};
    return outfile_write(path, write_manifest, &sm, err);
}

SimStatus sweep_write_row(const char *dir, const SweepRow *row, SimError *err)
{
    char path[PARAM_PATH_MAX + 64];
    row_path(path, sizeof path, dir, row->point, row->replicate);
    return outfile_write(path, write_row, (void *)row, err);
}

/* The long CSV of every run's monthly series (sweep_run's csv). */
typedef struct SeriesCsv {
    const Sweep *sw;
    uint64_t seed;
    double *const *series; /* series[i * replicates + r], laid out [s * months[i] + m]; borrowed */
    const int *months;     /* per point */
} SeriesCsv;

static SimStatus write_series_csv(FILE *f, void *ctx, SimError *err)
{
    const SeriesCsv *c = ctx;
    const Sweep *sw = c->sw;
    const char *ids[4 + SWEEP_MAX_KEYS] = {"point", "replicate", "seed", "config"};
    for (int k = 0; k < sw->n_keys; k++)
        ids[4 + k] = sw->keys[k];
    output_put_csv_header(f, ids, 4 + sw->n_keys);
    for (int i = 0; i < sw->n_points; i++) {
        const SweepPoint *pt = &sw->points[i];
        char point[16], replicate[16], seed[24];
        snprintf(point, sizeof point, "%d", i);
        ids[0] = point;
        ids[1] = replicate;
        ids[2] = seed;
        ids[3] = pt->config;
        for (int k = 0; k < pt->n_sets; k++)
            ids[4 + k] = strchr(pt->sets[k], '=') + 1; /* as in summary.csv */
        for (int r = 0; r < sw->replicates; r++) {
            snprintf(replicate, sizeof replicate, "%d", r);
            snprintf(seed, sizeof seed, "%llu",
                     (unsigned long long)experiment_replicate_seed(c->seed, r));
            const double *x = c->series[(size_t)i * sw->replicates + r];
            const double *cols[SERIES_COUNT];
            for (int s = 0; s < SERIES_COUNT; s++)
                cols[s] = x + (size_t)s * c->months[i];
            output_put_csv_rows(f, ids, 4 + pt->n_sets, cols, c->months[i]);
        }
    }
    if (ferror(f))
        return sim_fail(err, SIM_ERR_IO, "writing the CSV failed: %s", strerror(errno));
    return SIM_OK;
}

/* summary.csv, summary.json and (csv not NULL) the long CSV, as one set: all
 * are written or none changes. */
static SimStatus write_outputs(const Summary *sm, const char *csv, const SeriesCsv *series,
                               SimError *err)
{
    char csv_path[PARAM_PATH_MAX + 32], json_path[PARAM_PATH_MAX + 32];
    snprintf(csv_path, sizeof csv_path, "%s/summary.csv", sm->dir);
    snprintf(json_path, sizeof json_path, "%s/summary.json", sm->dir);
    const Outfile files[3] = {{csv_path, write_summary_csv, (void *)sm},
                              {json_path, write_summary_json, (void *)sm},
                              {csv, write_series_csv, (void *)series}};
    return outfile_write_set(files, csv ? 3 : 2, err);
}

SimStatus sweep_write_summaries(const Sweep *sw, uint64_t seed, const uint64_t *digests,
                                const char *dir, SimError *err)
{
    Summary sm = {sw, dir, seed, digests};
    return write_outputs(&sm, NULL, NULL, err);
}

/* 64-bit FNV-1a of the point's resolved config as compact JSON: a row made
 * with other parameters (an edited config file) does not match. Also gives
 * the point's run.seed (seed not NULL) and run.months. */
static SimStatus point_digest(const Sweep *sw, int i, uint64_t *digest, uint64_t *seed,
                              int *months, SimError *err)
{
    Params p;
    SimStatus st = sweep_point_params(sw, i, &p, err);
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
    if (st == SIM_OK)
        *months = (int)p.run.months;
    free(text);
    params_free(&p);
    return st;
}

/* Runs task k of the sweep, (point i, replicate r), on the rank that owns it;
 * rank 0 gets its verdicts and, when *series is wanted (keep), its series
 * followed by the verdicts, len doubles (allocated; free() it). */
static SimStatus run_task(const Sweep *sw, int k, int i, int r, uint64_t seed, bool keep, int len,
                          double *verdicts, double **series, SimError *err)
{
    const int rank = dist_rank();
    SimStatus st = SIM_OK;
    *series = NULL;
    if (dist_owner(k) == rank) {
        Params p;
        if ((st = sweep_point_params(sw, i, &p, err)) != SIM_OK) {
            params_free(&p);
            return st;
        }
        p.run.seed = experiment_replicate_seed(seed, r);
        double *x = NULL;
        st = experiment_run_one(&p, &x, verdicts, err);
        params_free(&p);
        if (st == SIM_OK && keep) {
            double *y = realloc(x, (size_t)len * sizeof *y);
            if (y == NULL) {
                st = sim_fail(err, SIM_ERR_MEMORY, "out of memory keeping a run's series");
            } else {
                x = y;
                memcpy(x + len - VERDICT_COUNT, verdicts, VERDICT_COUNT * sizeof *verdicts);
            }
        }
        if (st != SIM_OK) {
            char msg[SIM_ERROR_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            snprintf(err->message, sizeof err->message, "sweep point %d replicate %d: %.900s", i,
                     r, msg);
        }
        dist_deliver(k, st, err, keep ? x : verdicts, keep ? len : VERDICT_COUNT);
        if (st == SIM_OK && keep && rank == 0)
            *series = x;
        else
            free(x);
    } else if (rank == 0) {
        double *x = keep ? malloc((size_t)len * sizeof *x) : NULL;
        if (keep && x == NULL)
            return sim_fail(err, SIM_ERR_MEMORY, "out of memory receiving a run's series");
        st = dist_collect(k, keep ? x : verdicts, keep ? len : VERDICT_COUNT, err);
        if (st == SIM_OK && keep) {
            memcpy(verdicts, x + len - VERDICT_COUNT, VERDICT_COUNT * sizeof *verdicts);
            *series = x;
        } else {
            free(x);
        }
    }
    return st;
}

SimStatus sweep_run(const Sweep *sw, const char *dir, const char *csv, ExperimentProgress progress,
                    void *ctx, int *found_rows, SimError *err)
{
    char path[PARAM_PATH_MAX + 64];
    const int rank = dist_rank();
    snprintf(path, sizeof path, "%s/rows", dir);
    if (rank == 0 &&
        ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(path, 0777) != 0 && errno != EEXIST)))
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create the sweep folder: %s", dir,
                        strerror(errno));
    if (rank == 0)
        sweep_remove_stale_temporaries(dir);
    const int total = (int)((long long)sw->n_points * sw->replicates); /* sweep_check bounds it */
    /* the seed: given, or the first point's run.seed; a digest and a length per point */
    uint64_t *digests = malloc((size_t)sw->n_points * sizeof *digests), seed = 0;
    int *months = malloc((size_t)sw->n_points * sizeof *months);
    int *order = malloc((size_t)sw->n_points * sizeof *order);
    int *tasks = malloc((size_t)total * sizeof *tasks);
    bool *fresh = malloc((size_t)total * sizeof *fresh);
    /* the row files keep only verdicts: the long CSV holds every run's series
     * in memory (rank 0), to write them in (point, replicate) order */
    double **kept = csv && rank == 0 ? calloc((size_t)total, sizeof *kept) : NULL;
    SimStatus st = SIM_OK;
    if (!digests || !months || !order || !tasks || !fresh || (csv && rank == 0 && !kept))
        st = sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d sweep runs", total);
    for (int i = 0; i < sw->n_points && st == SIM_OK; i++)
        st = point_digest(sw, i, &digests[i], i == 0 ? &seed : NULL, &months[i], err);
    if (sw->seed_given)
        seed = sw->seed;
    char *manifest = NULL;
    if (st == SIM_OK)
        st = sweep_manifest_text(sw, seed, &manifest, err);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *old = st == SIM_OK ? files_read(path) : NULL;
    if (old != NULL && strcmp(old, manifest) != 0)
        st = sim_fail(err, SIM_ERR_CONFIG,
                      "%s holds the results of another experiment (its manifest.json differs); "
                      "give a new -o folder, or delete that one",
                      dir);
    free(old);
    free(manifest);

    /* the tasks, in the interleaved order; every rank lists them before rank 0
     * writes anything. A row that is missing, damaged or made by something
     * else is run (again) and written (fresh); with the long CSV a row found
     * in the folder is run too, for its series, and kept as it is. */
    int n_tasks = 0, n_found = 0;
    if (st == SIM_OK) {
        sweep_interleave(sw->n_points, order);
        for (int r = 0; r < sw->replicates; r++)
            for (int j = 0; j < sw->n_points; j++) {
                double v[VERDICT_COUNT];
                SweepRow row = {order[j], r, experiment_replicate_seed(seed, r), digests[order[j]], v};
                const bool found = sweep_read_row(dir, &row, v);
                n_found += found;
                if (!found || csv) {
                    fresh[n_tasks] = !found;
                    tasks[n_tasks++] = r * sw->n_points + order[j];
                }
            }
    }
    dist_barrier();
    if (st == SIM_OK && rank == 0)
        st = sweep_write_manifest(sw, seed, dir, err);
    int done = total - n_tasks;
    for (int k = 0; k < n_tasks && st == SIM_OK; k++) {
        const int i = tasks[k] % sw->n_points, r = tasks[k] / sw->n_points;
        const int len = SERIES_COUNT * months[i] + VERDICT_COUNT;
        double verdicts[VERDICT_COUNT], *series = NULL;
        st = run_task(sw, k, i, r, seed, csv != NULL, len, verdicts, &series, err);
        if (st != SIM_OK || rank != 0)
            continue;
        if (kept)
            kept[(size_t)i * sw->replicates + r] = series;
        SweepRow row = {i, r, experiment_replicate_seed(seed, r), digests[i], verdicts};
        if (fresh[k])
            st = sweep_write_row(dir, &row, err);
        if (progress)
            progress(++done, total, ctx);
    }
    if (st == SIM_OK && rank == 0) {
        Summary sm = {sw, dir, seed, digests};
        SeriesCsv sc = {sw, seed, kept, months};
        st = write_outputs(&sm, csv, &sc, err);
    }
    for (int k = 0; kept && k < total; k++)
        free(kept[k]);
    free(kept);
    free(fresh);
    free(tasks);
    free(order);
    free(months);
    free(digests);
    if (found_rows)
        *found_rows = n_found;
    return st;
}

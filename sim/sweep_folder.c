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

SimStatus sweep_write_summaries(const Sweep *sw, uint64_t seed, const uint64_t *digests,
                                const char *dir, SimError *err)
{
    char path[PARAM_PATH_MAX + 32];
    Summary sm = {sw, dir, seed, digests};
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    SimStatus st = outfile_write(path, write_summary_csv, &sm, err);
    if (st == SIM_OK) {
        snprintf(path, sizeof path, "%s/summary.json", dir);
        st = outfile_write(path, write_summary_json, &sm, err);
    }
    return st;
}

/* 64-bit FNV-1a of the point's resolved config as compact JSON: a row made
 * with other parameters (an edited config file) does not match. */
static SimStatus point_digest(const Sweep *sw, int i, uint64_t *digest, uint64_t *seed,
                              SimError *err)
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
    free(text);
    params_free(&p);
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
    if (rank == 0)
        sweep_remove_stale_temporaries(dir);
    /* the seed: given, or the first point's run.seed; a digest per point */
    uint64_t *digests = malloc((size_t)sw->n_points * sizeof *digests), seed = 0;
    if (digests == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory for %d sweep points", sw->n_points);
    SimStatus st = SIM_OK;
    for (int i = 0; i < sw->n_points && st == SIM_OK; i++)
        st = point_digest(sw, i, &digests[i], i == 0 ? &seed : NULL, err);
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
                SweepRow row = {order[j], r, experiment_replicate_seed(seed, r), digests[order[j]], v};
                if (!sweep_read_row(dir, &row, v))
                    pending[n_pending++] = r * sw->n_points + order[j];
            }
    }
    dist_barrier();
    if (st == SIM_OK && rank == 0)
        st = sweep_write_manifest(sw, seed, dir, err);
    int done = total - n_pending;
    for (int k = 0; k < n_pending && st == SIM_OK; k++) {
        const int i = pending[k] % sw->n_points, r = pending[k] / sw->n_points;
        double verdicts[VERDICT_COUNT];
        if (dist_owner(k) == rank) {
            Params p;
            if ((st = sweep_point_params(sw, i, &p, err)) != SIM_OK) {
                params_free(&p);
                break;
            }
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
        SweepRow row = {i, r, experiment_replicate_seed(seed, r), digests[i], verdicts};
        st = sweep_write_row(dir, &row, err);
        if (progress)
            progress(++done, total, ctx);
    }
    free(order);
    free(pending);
    if (st == SIM_OK && rank == 0)
        st = sweep_write_summaries(sw, seed, digests, dir, err);
    free(digests);
    return st;
}

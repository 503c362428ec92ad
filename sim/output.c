/* output.c - The run and experiment documents and the monthly CSVs (written
 * into a FILE; outfile.c makes the file whole or not at all).
 *
 * Everything goes through the streaming writer of json_writer.h rather than a
 * cJSON tree: cJSON prints %.15g, which does not round-trip (shared/TOOLCHAIN.md
 * 4), and a tree costs about 100 bytes a number. */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "json_writer.h"
#include "number.h"
#include "exec.h"
#include "version.h"

void output_format_number(double x, char *buf, int size)
{
    number_format(x == 0 ? 0.0 : x, buf, (size_t)size); /* -0 is written 0 */
}

static void put_number(FILE *f, double x)
{
    char buf[40];
    output_format_number(x, buf, sizeof buf);
    fputs(buf, f);
}

static void put_strings(JsonWriter *w, const char *const *s, int n)
{
    json_array(w, JSON_INLINE);
    for (int i = 0; i < n; i++)
        json_string(w, s[i]);
    json_end(w);
}

static void put_program(JsonWriter *w, const char *schema)
{
    json_key(w, "schema");
    json_string(w, schema);
    json_key(w, "schema_version");
    json_int(w, OUTPUT_SCHEMA_VERSION);
    json_key(w, "program");
    json_object(w, JSON_INLINE);
    json_key(w, "name");
    json_string(w, "uhisim");
    json_key(w, "version");
    json_string(w, UHISIM_VERSION);
    json_end(w);
}

static void put_timing(JsonWriter *w, const RunInfo *info)
{
    /* timing fields last, on one line: they are what differs between two runs */
    json_key(w, "timing");
    json_object(w, JSON_INLINE);
    json_key(w, "threads");
    json_int(w, info->threads);
    json_key(w, "wall_seconds");
    json_number(w, info->wall_seconds);
    json_end(w);
}

static void put_peak(JsonWriter *w, const char *name, double rate, double month)
{
    json_key(w, name);
    json_object(w, JSON_INLINE);
    json_key(w, "rate");
    json_number(w, rate);
    json_key(w, "month");
    json_int(w, (long long)month);
    json_end(w);
}

/* The run's summary: the last month of every series and the verdicts a single
 * run reports (v: verdicts_compute), then
 * the accounting checks. */
static void put_summary(JsonWriter *w, const Results *r, const double *v)
{
    const int n = r->months_done, last = n - 1;
    json_key(w, "summary");
    json_object(w, JSON_LINES);
    json_key(w, "final");
    json_object(w, JSON_LINES);
    for (int s = 0; s < SERIES_COUNT; s++) {
        json_key(w, metrics_series_name(s));
        json_number(w, r->series[s][last]);
    }
    json_end(w);
    json_key(w, "peak_unemployment");
    json_object(w, JSON_LINES);
    put_peak(w, "all", v[VERDICT_peak_unemployment], v[VERDICT_peak_unemployment_month]);
    put_peak(w, "white", v[VERDICT_peak_unemployment_white],
             v[VERDICT_peak_unemployment_white_month]);
    put_peak(w, "blue", v[VERDICT_peak_unemployment_blue], v[VERDICT_peak_unemployment_blue_month]);
    json_end(w);
    static const int counts[] = {VERDICT_months_until_uhi_p10, VERDICT_months_until_uhi_bottom10,
                                 VERDICT_months_unemployment_above_10pct,
                                 VERDICT_energy_limited_months, VERDICT_first_energy_limited_month};
    for (size_t j = 0; j < sizeof counts / sizeof counts[0]; j++) {
        json_key(w, verdict_name(counts[j]));
        if (isnan(v[counts[j]]))
            json_null(w);
        else
            json_int(w, (long long)v[counts[j]]);
    }
    json_key(w, "total_defaults");
    json_number(w, v[VERDICT_total_defaults]);
    json_key(w, "peak_wage_gap");
    json_number(w, v[VERDICT_peak_wage_gap]);
    double identity_mv = 0, identity_m = 0, identity_g = 0;
    for (int m = 0; m < n; m++) {
        identity_mv = fmax(identity_mv, r->series[SERIES_identity_mv_pq][m]);
        identity_m = fmax(identity_m, r->series[SERIES_identity_money][m]);
        identity_g = fmax(identity_g, r->series[SERIES_identity_government][m]);
    }
    json_key(w, "money_created_total");
    json_number(w, v[VERDICT_money_created_total]);
    json_key(w, "identity_mv_pq_max");
    json_number(w, identity_mv);
    json_key(w, "identity_money_max");
    json_number(w, identity_m);
    json_key(w, "identity_government_max");
    json_number(w, identity_g);
    json_end(w);
}

/* The run's verdicts by name (null where a verdict has no value), the same
 * values as an experiment's per-replicate verdicts, so that readers take names,
 * values and units from the document. */
static void put_run_verdicts(JsonWriter *w, const double *v)
{
    json_key(w, "verdicts");
    json_object(w, JSON_LINES);
    for (int k = 0; k < VERDICT_COUNT; k++) {
        json_key(w, verdict_name(k));
        json_number(w, v[k]);
    }
    json_end(w);
    output_put_verdict_units(w);
}

static void put_units(JsonWriter *w, JsonLayout layout)
{
    json_key(w, "units");
    json_object(w, layout);
    for (int s = 0; s < SERIES_COUNT; s++) {
        json_key(w, metrics_series_name(s));
        json_string(w, metrics_series_unit(s));
    }
    json_end(w);
}

/* Per occupation, the months of one of its series (stride r->months). */
static void put_occupation_rows(JsonWriter *w, const char *key, const Results *r, const double *x)
{
    json_key(w, key);
    json_array(w, JSON_LINES);
    for (int o = 0; o < r->n_occ; o++)
        json_numbers(w, JSON_TIGHT, x + (size_t)o * r->months, r->months_done);
    json_end(w);
}

SimStatus output_write_json(FILE *f, const Params *p, const Results *r, const RunInfo *info,
                            SimError *err)
{
    const int n = r->months_done;
    JsonWriter w;
    json_init(&w, f, err);
    json_object(&w, JSON_LINES);
    put_program(&w, OUTPUT_SCHEMA);
    json_key(&w, "config_files");
    put_strings(&w, info->config_files, info->n_config_files);
    json_key(&w, "overrides");
    put_strings(&w, info->overrides, info->n_overrides);
    json_key(&w, "config");
    params_write_json(p, &w, JSON_TABS);
    json_key(&w, "run");
    json_object(&w, JSON_INLINE);
    json_key(&w, "seed");
    json_uint_string(&w, p->run.seed);
    json_key(&w, "agents");
    json_int(&w, (long long)p->run.agents);
    json_key(&w, "months");
    json_int(&w, n);
    json_key(&w, "workers");
    json_number(&w, r->scale * (double)p->run.agents);
    json_key(&w, "scale");
    json_number(&w, r->scale);
    json_key(&w, "labor_share");
    json_number(&w, r->labor_share);
    json_key(&w, "agents_white");
    json_int(&w, r->agents_per_class[CLASS_WHITE]);
    json_key(&w, "agents_blue");
    json_int(&w, r->agents_per_class[CLASS_BLUE]);
    json_key(&w, "block_size");
    json_int(&w, EXEC_BLOCK_SIZE);
    json_end(&w);
    double verdicts[VERDICT_COUNT]; /* both the summary and the verdicts show them */
    verdicts_compute(r, verdicts);
    put_summary(&w, r, verdicts);
    put_run_verdicts(&w, verdicts);
    put_units(&w, JSON_LINES);
    json_key(&w, "series");
    json_object(&w, JSON_LINES);
    for (int s = 0; s < SERIES_COUNT; s++) {
        json_key(&w, metrics_series_name(s));
        json_numbers(&w, JSON_TIGHT, r->series[s], n);
    }
    json_end(&w);
    json_key(&w, "occupations");
    json_object(&w, JSON_LINES);
    json_key(&w, "code");
    json_array(&w, JSON_INLINE);
    for (int o = 0; o < r->n_occ; o++)
        json_string(&w, p->occupations.rows[o].code);
    json_end(&w);
    put_occupation_rows(&w, "employed", r, r->occ_employed);
    put_occupation_rows(&w, "automated", r, r->occ_automated);
    put_occupation_rows(&w, "real_income_mean", r, r->occ_income);
    json_end(&w);
    put_timing(&w, info);
    json_end(&w);
    return json_finish(&w);
}

void output_put_csv_field(FILE *f, const char *s)
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

void output_put_csv_header(FILE *f, const char *const *ids, int n_ids)
{
    for (int k = 0; k < n_ids; k++) {
        output_put_csv_field(f, ids[k]);
        fputc(',', f);
    }
    for (int s = 0; s < SERIES_COUNT; s++)
        fprintf(f, "%s%s", s ? "," : "", metrics_series_name(s));
    fputc('\n', f);
}

void output_put_csv_rows(FILE *f, const char *const *ids, int n_ids, const double *const *series,
                         int months)
{
    for (int m = 0; m < months; m++) {
        for (int k = 0; k < n_ids; k++) {
            output_put_csv_field(f, ids[k]);
            fputc(',', f);
        }
        for (int s = 0; s < SERIES_COUNT; s++) {
            if (s)
                fputc(',', f);
            if (isfinite(series[s][m]))
                put_number(f, series[s][m]);
        }
        fputc('\n', f);
    }
}

static SimStatus csv_status(FILE *f, SimError *err)
{
    if (ferror(f))
        return sim_fail(err, SIM_ERR_IO, "writing the CSV failed: %s", strerror(errno));
    return SIM_OK;
}

SimStatus output_write_csv(FILE *f, const Results *r, SimError *err)
{
    output_put_csv_header(f, NULL, 0);
    output_put_csv_rows(f, NULL, 0, (const double *const *)r->series, r->months_done);
    return csv_status(f, err);
}

SimStatus output_write_experiment_csv(FILE *f, const ScenarioRuns *sc, int n_scenarios, int R,
                                      const uint64_t *seeds, SimError *err)
{
    static const char *const header[3] = {"scenario", "replicate", "seed"};
    output_put_csv_header(f, header, 3);
    for (int i = 0; i < n_scenarios; i++) {
        const int months = (int)sc[i].params->run.months;
        for (int r = 0; r < R; r++) {
            char replicate[16], seed[24];
            snprintf(replicate, sizeof replicate, "%d", r);
            snprintf(seed, sizeof seed, "%llu", (unsigned long long)seeds[r]);
            const char *ids[3] = {sc[i].name, replicate, seed};
            const double *cols[SERIES_COUNT]; /* series[r] is laid out [s * months + m] */
            for (int s = 0; s < SERIES_COUNT; s++)
                cols[s] = sc[i].series[r] + (size_t)s * months;
            output_put_csv_rows(f, ids, 3, cols, months);
        }
    }
    return csv_status(f, err);
}

static void put_band_fields(JsonWriter *w, const Band *b)
{
    json_key(w, "count");
    json_int(w, b->count);
    const double x[5] = {b->mean, b->sd, b->p05, b->p50, b->p95};
    static const char *const names[5] = {"mean", "sd", "p05", "p50", "p95"};
    for (int k = 0; k < 5; k++) {
        json_key(w, names[k]);
        json_number(w, x[k]);
    }
}

/* One scenario's series: plain arrays for one replicate, bands for more. */
static void put_series(JsonWriter *w, const ScenarioRuns *sc, int R, int months, double *x,
                       double *work)
{
    json_key(w, "series");
    json_object(w, JSON_LINES);
    for (int s = 0; s < SERIES_COUNT; s++) {
        json_key(w, metrics_series_name(s));
        if (R == 1) {
            json_numbers(w, JSON_TIGHT, sc->series[0] + (size_t)s * months, months);
            continue;
        }
        double *col[5];
        for (int k = 0; k < 5; k++)
            col[k] = work + (size_t)(R + k * months);
        for (int m = 0; m < months; m++) {
            for (int r = 0; r < R; r++)
                x[r] = sc->series[r][(size_t)s * months + m];
            Band b = experiment_band(x, R, work);
            col[0][m] = b.mean;
            col[1][m] = b.sd;
            col[2][m] = b.p05;
            col[3][m] = b.p50;
            col[4][m] = b.p95;
        }
        static const char *const names[5] = {"mean", "sd", "p05", "p50", "p95"};
        json_object(w, JSON_INLINE);
        for (int k = 0; k < 5; k++) {
            json_key(w, names[k]);
            json_numbers(w, JSON_TIGHT, col[k], months);
        }
        json_end(w);
    }
    json_end(w);
}

static void put_verdicts(JsonWriter *w, const ScenarioRuns *sc, const ScenarioRuns *first, int R,
                         double *x, double *work)
{
    json_key(w, "verdicts");
    json_object(w, JSON_LINES);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        for (int r = 0; r < R; r++)
            x[r] = sc->verdicts[r * VERDICT_COUNT + v];
        json_key(w, verdict_name(v));
        json_object(w, JSON_INLINE);
        json_key(w, "values");
        json_numbers(w, JSON_TIGHT, x, R);
        Band b = experiment_band(x, R, work);
        put_band_fields(w, &b);
        if (first != NULL) {
            /* paired: the same replicate seed in both scenarios (common random numbers) */
            for (int r = 0; r < R; r++)
                x[r] = sc->verdicts[r * VERDICT_COUNT + v] - first->verdicts[r * VERDICT_COUNT + v];
            json_key(w, "difference");
            json_object(w, JSON_INLINE);
            json_key(w, "values");
            json_numbers(w, JSON_TIGHT, x, R);
            Band d = experiment_band(x, R, work);
            put_band_fields(w, &d);
            json_end(w);
        }
        json_end(w);
    }
    json_end(w);
}

void output_put_verdict_units(JsonWriter *w)
{
    json_key(w, "verdict_units");
    json_object(w, JSON_INLINE);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        json_key(w, verdict_name(v));
        json_string(w, verdict_unit(v));
    }
    json_end(w);
}

SimStatus output_write_experiment_json(FILE *f, const char *schema, const ScenarioRuns *sc,
                                       int n_scenarios, int R, const uint64_t *seeds,
                                       const RunInfo *info, SimError *err)
{
    const int months = (int)sc[0].params->run.months;
    double *x = malloc((size_t)R * sizeof *x);
    double *work = malloc(((size_t)R + 5 * (size_t)months) * sizeof *work);
    if (x == NULL || work == NULL) {
        free(x);
        free(work);
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory writing the experiment");
    }
    JsonWriter w;
    json_init(&w, f, err);
    json_object(&w, JSON_LINES);
    put_program(&w, schema);
    json_key(&w, "overrides");
    put_strings(&w, info->overrides, info->n_overrides);
    json_key(&w, "replicates");
    json_object(&w, JSON_INLINE);
    json_key(&w, "count");
    json_int(&w, R);
    json_key(&w, "seed");
    json_uint_string(&w, sc[0].params->run.seed);
    json_key(&w, "seeds");
    json_array(&w, JSON_INLINE);
    for (int r = 0; r < R; r++)
        json_uint_string(&w, seeds[r]);
    json_end(&w);
    json_end(&w);
    output_put_verdict_units(&w);
    put_units(&w, JSON_INLINE);
    json_key(&w, "scenarios");
    json_array(&w, JSON_LINES);
    for (int i = 0; i < n_scenarios; i++) {
        const Params *p = sc[i].params;
        json_object(&w, JSON_LINES);
        json_key(&w, "name");
        json_string(&w, sc[i].name);
        json_key(&w, "config_file");
        json_string(&w, sc[i].config_file);
        json_key(&w, "config");
        params_write_json(p, &w, JSON_TIGHT);
        json_key(&w, "run");
        json_object(&w, JSON_INLINE);
        json_key(&w, "agents");
        json_int(&w, (long long)p->run.agents);
        json_key(&w, "months");
        json_int(&w, months);
        json_key(&w, "workers");
        json_number(&w, sc[i].scale * (double)p->run.agents);
        json_key(&w, "scale");
        json_number(&w, sc[i].scale);
        json_end(&w);
        put_verdicts(&w, &sc[i], n_scenarios > 1 && i > 0 ? &sc[0] : NULL, R, x, work);
        put_series(&w, &sc[i], R, months, x, work);
        json_end(&w);
    }
    json_end(&w);
    put_timing(&w, info);
    json_end(&w);
    free(x);
    free(work);
    return json_finish(&w);
}

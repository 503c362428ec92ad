/* output.c - JSON and CSV writers, with atomic replacement of the target file.
 *
 * The series are streamed with our own number formatting instead of a cJSON
 * tree: cJSON prints %.15g, which does not round-trip (shared/TOOLCHAIN.md 4),
 * and a tree costs about 100 bytes a number. cJSON builds the small objects
 * (the resolved config). */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "experiment.h"
#include "number.h"
#include "parallel.h"
#include "version.h"

void output_format_number(double x, char *buf, int size)
{
    number_format(x == 0 ? 0.0 : x, buf, (size_t)size); /* -0 is written 0 */
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void put_number(FILE *f, double x)
{
    char buf[40];
    if (!isfinite(x)) {
        fputs("null", f); /* only nullable series reach here with NaN */
        return;
    }
    output_format_number(x, buf, sizeof buf);
    fputs(buf, f);
}

static void put_array(FILE *f, const double *x, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        put_number(f, x[i]);
    }
    fputc(']', f);
}

int output_months_until_uhi(const Results *r)
{
    const double *u = r->series[SERIES_uhi_p10];
    int first = -1;
    for (int m = r->months_done - 1; m >= 0 && u[m] >= 1.0; m--)
        first = m;
    return first;
}

/* Peak of 1 - rate over the months, and its first month. */
static void put_peak(FILE *f, const char *name, const double *rate, int n, const char *sep)
{
    int at = 0;
    for (int m = 1; m < n; m++)
        if (1.0 - rate[m] > 1.0 - rate[at])
            at = m;
    fprintf(f, "      \"%s\": {\"rate\": ", name);
    put_number(f, 1.0 - rate[at]);
    fprintf(f, ", \"month\": %d}%s\n", at, sep);
}

static void put_summary(FILE *f, const Results *r)
{
    const int n = r->months_done, last = n - 1;
    fputs("  \"summary\": {\n    \"final\": {\n", f);
    for (int s = 0; s < SERIES_COUNT; s++) {
        fprintf(f, "      \"%s\": ", metrics_series_name(s));
        put_number(f, r->series[s][last]);
        fputs(s + 1 < SERIES_COUNT ? ",\n" : "\n", f);
    }
    fputs("    },\n    \"peak_unemployment\": {\n", f);
    put_peak(f, "all", r->series[SERIES_employment_rate], n, ",");
    put_peak(f, "white", r->series[SERIES_employment_rate_white], n, ",");
    put_peak(f, "blue", r->series[SERIES_employment_rate_blue], n, "");
    fputs("    },\n", f);
    int until = output_months_until_uhi(r);
    if (until >= 0)
        fprintf(f, "    \"months_until_uhi_p10\": %d,\n", until);
    else
        fputs("    \"months_until_uhi_p10\": null,\n", f);
    double created = 0, identity_mv = 0, identity_m = 0;
    for (int m = 0; m < n; m++) {
        created += r->series[SERIES_money_created][m];
        identity_mv = fmax(identity_mv, r->series[SERIES_identity_mv_pq][m]);
        identity_m = fmax(identity_m, r->series[SERIES_identity_money][m]);
    }
    fputs("    \"money_created_total\": ", f);
    put_number(f, created);
    fputs(",\n    \"identity_mv_pq_max\": ", f);
    put_number(f, identity_mv);
    fputs(",\n    \"identity_money_max\": ", f);
    put_number(f, identity_m);
    fputs("\n  },\n", f);
}

SimStatus output_write_json(FILE *f, const Params *p, const Results *r, const RunInfo *info,
                            SimError *err)
{
    cJSON *config = params_to_json(p);
    char *config_text = config ? cJSON_Print(config) : NULL;
    cJSON_Delete(config);
    if (config_text == NULL)
        return sim_fail(err, SIM_ERR_MEMORY, "out of memory printing the config");
    const int n = r->months_done;

    fprintf(f, "{\n  \"schema\": \"%s\",\n  \"schema_version\": %d,\n", OUTPUT_SCHEMA,
            OUTPUT_SCHEMA_VERSION);
    fprintf(f, "  \"program\": {\"name\": \"uhisim\", \"version\": \"%s\"},\n", UHISIM_VERSION);
    fputs("  \"config_files\": [", f);
    for (int i = 0; i < info->n_config_files; i++) {
        if (i)
            fputs(", ", f);
        put_string(f, info->config_files[i]);
    }
    fputs("],\n  \"overrides\": [", f);
    for (int i = 0; i < info->n_overrides; i++) {
        if (i)
            fputs(", ", f);
        put_string(f, info->overrides[i]);
    }
    fputs("],\n  \"config\": ", f);
    /* cJSON indents with tabs from column 0; shift it under "config" */
    for (const char *c = config_text; *c; c++) {
        fputc(*c, f);
        if (*c == '\n')
            fputs("  ", f);
    }
    cJSON_free(config_text);
    fprintf(f, ",\n  \"run\": {\"seed\": \"%llu\", \"agents\": %lld, \"months\": %d, ",
            (unsigned long long)p->run.seed, (long long)p->run.agents, n);
    fputs("\"workers\": ", f);
    put_number(f, r->scale * (double)p->run.agents);
    fputs(", \"scale\": ", f);
    put_number(f, r->scale);
    fputs(", \"labor_share\": ", f);
    put_number(f, r->labor_share);
    fprintf(f, ", \"agents_white\": %lld, \"agents_blue\": %lld, \"block_size\": %d},\n",
            r->agents_per_class[CLASS_WHITE], r->agents_per_class[CLASS_BLUE], SIM_BLOCK_SIZE);
    put_summary(f, r);

    fputs("  \"units\": {\n", f);
    for (int s = 0; s < SERIES_COUNT; s++) {
        fprintf(f, "    \"%s\": ", metrics_series_name(s));
        put_string(f, metrics_series_unit(s));
        fputs(s + 1 < SERIES_COUNT ? ",\n" : "\n", f);
    }
    fputs("  },\n  \"series\": {\n", f);
    for (int s = 0; s < SERIES_COUNT; s++) {
        fprintf(f, "    \"%s\": ", metrics_series_name(s));
        put_array(f, r->series[s], n);
        fputs(s + 1 < SERIES_COUNT ? ",\n" : "\n", f);
    }
    fputs("  },\n  \"occupations\": {\n    \"code\": [", f);
    for (int o = 0; o < r->n_occ; o++) {
        if (o)
            fputs(", ", f);
        put_string(f, p->occupations.rows[o].code);
    }
    fputs("],\n    \"employed\": [\n", f);
    for (int o = 0; o < r->n_occ; o++) {
        fputs("      ", f);
        put_array(f, r->occ_employed + (size_t)o * r->months, n);
        fputs(o + 1 < r->n_occ ? ",\n" : "\n", f);
    }
    fputs("    ],\n    \"automated\": [\n", f);
    for (int o = 0; o < r->n_occ; o++) {
        fputs("      ", f);
        put_array(f, r->occ_automated + (size_t)o * r->months, n);
        fputs(o + 1 < r->n_occ ? ",\n" : "\n", f);
    }
    fputs("    ]\n  },\n", f);
    /* timing fields last, on one line: they are what differs between two runs */
    fprintf(f, "  \"timing\": {\"threads\": %d, \"wall_seconds\": ", info->threads);
    put_number(f, info->wall_seconds);
    fputs("}\n}\n", f);
    if (ferror(f))
        return sim_fail(err, SIM_ERR_IO, "writing the JSON failed: %s", strerror(errno));
    return SIM_OK;
}

SimStatus output_write_csv(FILE *f, const Results *r, SimError *err)
{
    for (int s = 0; s < SERIES_COUNT; s++)
        fprintf(f, "%s%s", s ? "," : "", metrics_series_name(s));
    fputc('\n', f);
    for (int m = 0; m < r->months_done; m++) {
        for (int s = 0; s < SERIES_COUNT; s++) {
            if (s)
                fputc(',', f);
            if (isfinite(r->series[s][m]))
                put_number(f, r->series[s][m]);
        }
        fputc('\n', f);
    }
    if (ferror(f))
        return sim_fail(err, SIM_ERR_IO, "writing the CSV failed: %s", strerror(errno));
    return SIM_OK;
}

static void put_band_fields(FILE *f, const Band *b)
{
    fprintf(f, "\"count\": %d, \"mean\": ", b->count);
    put_number(f, b->mean);
    fputs(", \"sd\": ", f);
    put_number(f, b->sd);
    fputs(", \"p05\": ", f);
    put_number(f, b->p05);
    fputs(", \"p50\": ", f);
    put_number(f, b->p50);
    fputs(", \"p95\": ", f);
    put_number(f, b->p95);
}

/* One scenario's series: plain arrays for one replicate, bands for more. */
static void put_series(FILE *f, const ScenarioRuns *sc, int R, int months, double *x, double *work)
{
    fputs("      \"series\": {\n", f);
    for (int s = 0; s < SERIES_COUNT; s++) {
        fprintf(f, "        \"%s\": ", metrics_series_name(s));
        if (R == 1) {
            put_array(f, sc->series[0] + (size_t)s * months, months);
        } else {
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
            fputs("{", f);
            for (int k = 0; k < 5; k++) {
                fprintf(f, "%s\"%s\": ", k ? ", " : "", names[k]);
                put_array(f, col[k], months);
            }
            fputs("}", f);
        }
        fputs(s + 1 < SERIES_COUNT ? ",\n" : "\n", f);
    }
    fputs("      }", f);
}

static void put_verdicts(FILE *f, const ScenarioRuns *sc, const ScenarioRuns *first, int R, double *x,
                         double *work)
{
    fputs("      \"verdicts\": {\n", f);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        for (int r = 0; r < R; r++)
            x[r] = sc->verdicts[r * VERDICT_COUNT + v];
        fprintf(f, "        \"%s\": {\"values\": ", experiment_verdict_name(v));
        put_array(f, x, R);
        fputs(", ", f);
        Band b = experiment_band(x, R, work);
        put_band_fields(f, &b);
        if (first != NULL) {
            /* paired: the same replicate seed in both scenarios (common random numbers) */
            for (int r = 0; r < R; r++)
                x[r] = sc->verdicts[r * VERDICT_COUNT + v] - first->verdicts[r * VERDICT_COUNT + v];
            fputs(", \"difference\": {\"values\": ", f);
            put_array(f, x, R);
            fputs(", ", f);
            Band d = experiment_band(x, R, work);
            put_band_fields(f, &d);
            fputs("}", f);
        }
        fputs(v + 1 < VERDICT_COUNT ? "},\n" : "}\n", f);
    }
    fputs("      }", f);
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
    fprintf(f, "{\n  \"schema\": \"%s\",\n  \"schema_version\": %d,\n", schema,
            OUTPUT_SCHEMA_VERSION);
    fprintf(f, "  \"program\": {\"name\": \"uhisim\", \"version\": \"%s\"},\n", UHISIM_VERSION);
    fputs("  \"overrides\": [", f);
    for (int i = 0; i < info->n_overrides; i++) {
        if (i)
            fputs(", ", f);
        put_string(f, info->overrides[i]);
    }
    fprintf(f, "],\n  \"replicates\": {\"count\": %d, \"seed\": \"%llu\", \"seeds\": [", R,
            (unsigned long long)sc[0].params->run.seed);
    for (int r = 0; r < R; r++)
        fprintf(f, "%s\"%llu\"", r ? ", " : "", (unsigned long long)seeds[r]);
    fputs("]},\n  \"verdict_units\": {", f);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        fprintf(f, "%s\"%s\": ", v ? ", " : "", experiment_verdict_name(v));
        put_string(f, experiment_verdict_unit(v));
    }
    fputs("},\n  \"units\": {", f);
    for (int s = 0; s < SERIES_COUNT; s++) {
        fprintf(f, "%s\"%s\": ", s ? ", " : "", metrics_series_name(s));
        put_string(f, metrics_series_unit(s));
    }
    fputs("},\n  \"scenarios\": [\n", f);
    SimStatus st = SIM_OK;
    for (int i = 0; i < n_scenarios && st == SIM_OK; i++) {
        const Params *p = sc[i].params;
        cJSON *config = params_to_json(p);
        char *config_text = config ? cJSON_PrintUnformatted(config) : NULL;
        cJSON_Delete(config);
        if (config_text == NULL) {
            st = sim_fail(err, SIM_ERR_MEMORY, "out of memory printing a config");
            break;
        }
        fputs("    {\n      \"name\": ", f);
        put_string(f, sc[i].name);
        fputs(",\n      \"config_file\": ", f);
        put_string(f, sc[i].config_file);
        fprintf(f, ",\n      \"config\": %s,\n", config_text);
        cJSON_free(config_text);
        fprintf(f, "      \"run\": {\"agents\": %lld, \"months\": %d, \"workers\": ",
                (long long)p->run.agents, months);
        put_number(f, sc[i].scale * (double)p->run.agents);
        fputs(", \"scale\": ", f);
        put_number(f, sc[i].scale);
        fputs("},\n", f);
        put_verdicts(f, &sc[i], n_scenarios > 1 && i > 0 ? &sc[0] : NULL, R, x, work);
        fputs(",\n", f);
        put_series(f, &sc[i], R, months, x, work);
        fputs(i + 1 < n_scenarios ? "\n    },\n" : "\n    }\n", f);
    }
    free(x);
    free(work);
    if (st != SIM_OK)
        return st;
    fprintf(f, "  ],\n  \"timing\": {\"threads\": %d, \"wall_seconds\": ", info->threads);
    put_number(f, info->wall_seconds);
    fputs("}\n}\n", f);
    if (ferror(f))
        return sim_fail(err, SIM_ERR_IO, "writing the JSON failed: %s", strerror(errno));
    return SIM_OK;
}

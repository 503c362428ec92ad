/* output.h - The run's JSON document (MODEL.md section 6; documented field by
 * field in docs/output.md, schema docs/output.schema.json), the experiment
 * documents and the monthly CSVs, each written into a FILE; outfile.h writes the
 * files whole (a temporary beside the target, then a rename), so a crash or
 * Ctrl-C never leaves a half-written one. */
#pragma once
#include <stdio.h>

#include "json_writer.h"
#include "params.h"
#include "sim.h"
#include "status.h"
#include "verdicts.h"

#define OUTPUT_SCHEMA "uhisim.run"
enum { OUTPUT_SCHEMA_VERSION = 2 }; /* 2: model version 2 (MODEL.md 6) */

/* Facts about the run that are not model parameters. */
typedef struct RunInfo {
    const char *const *config_files; /* borrowed; config_files[0..n_config_files-1] */
    int n_config_files;
    const char *const *overrides;    /* borrowed; the --set assignments in order */
    int n_overrides;
    int threads;                     /* OpenMP threads (timing field: varies between runs) */
    double wall_seconds;             /* timing field */
} RunInfo;

/* Writes the JSON document to `out`. Numbers are written in the shortest form
 * that reads back to the same double; null only where a series is nullable.
 * Returns SIM_ERR_IO if a write fails. */
SimStatus output_write_json(FILE *out, const Params *p, const Results *r, const RunInfo *info,
                            SimError *err);

/* One scenario of an experiment: its config and, per replicate, its series and
 * verdicts (all borrowed). */
typedef struct ScenarioRuns {
    const char *name;         /* e.g. the config's file name without .cfg */
    const char *config_file;
    const Params *params;     /* the scenario's params (run.seed = the experiment seed) */
    double **series;          /* series[r][s * months + m], r < replicates */
    double *verdicts;         /* verdicts[r * VERDICT_COUNT + v] (verdicts.h) */
    double scale;             /* workers per agent */
} ScenarioRuns;

/* Writes an experiment document: schema "uhisim.ensemble" (one scenario) or
 * "uhisim.compare" (several), with the replicate seeds and, per scenario, its
 * config, its series (plain arrays with one replicate, bands mean/sd/p05/p50/p95
 * with more) and its verdicts (values per replicate, band, and for compare the
 * paired difference against the first scenario with its 90 % interval).
 * Returns SIM_ERR_IO or SIM_ERR_MEMORY on failure. */
SimStatus output_write_experiment_json(FILE *out, const char *schema, const ScenarioRuns *sc,
                                       int n_scenarios, int replicates, const uint64_t *seeds,
                                       const RunInfo *info, SimError *err);

/* Writes the monthly series as CSV: a header of series names, one row a month,
 * empty cells for null. Returns SIM_ERR_IO if a write fails. */
SimStatus output_write_csv(FILE *out, const Results *r, SimError *err);

/* The CSV row code that every monthly CSV shares: a "long" table is the run's
 * table with identifying columns in front (scenario, replicate, seed, ...).
 * output_put_csv_header writes the header: the names ids[0..n_ids-1], then
 * every series name in SERIES_LIST order. output_put_csv_rows writes months
 * rows, month 0 first: the fields ids[0..n_ids-1], then series[s][m] of every
 * series s in the run CSV's number format (an empty field for null). series
 * holds SERIES_COUNT column pointers (borrowed). Id fields are quoted as in
 * RFC 4180 where needed. Write errors show in ferror(out). */
void output_put_csv_header(FILE *out, const char *const *ids, int n_ids);
void output_put_csv_rows(FILE *out, const char *const *ids, int n_ids, const double *const *series,
                         int months);

/* Writes s as one CSV field per RFC 4180: quoted, with "" for ", when it holds
 * a comma, a quote or a line break; as it is otherwise. */
void output_put_csv_field(FILE *out, const char *s);

/* Writes an experiment's monthly series as one long CSV: columns
 * scenario,replicate,seed, then the run CSV's columns; one row per scenario,
 * replicate and month, in that order (sc[i].series[r], seeds[r] the replicate
 * seeds). Returns SIM_ERR_IO if a write fails. */
SimStatus output_write_experiment_csv(FILE *out, const ScenarioRuns *sc, int n_scenarios,
                                      int replicates, const uint64_t *seeds, SimError *err);


/* Writes x in the shortest of %.15g, %.16g, %.17g that reads back exactly. */
void output_format_number(double x, char *buf, int size);

/* Writes "verdict_units": {name: unit, ...} (every verdict, in order) as the next
 * member of the open object. */
void output_put_verdict_units(JsonWriter *w);

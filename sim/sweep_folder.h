/* sweep_folder.h - The files of a sweep folder DIR: DIR/manifest.json (what the
 * sweep is), DIR/rows/pPPPPPP_rRRRR.json (one finished point and replicate)
 * and DIR/summary.csv and DIR/summary.json (every row, in (point, replicate)
 * order). Layouts in docs/output.md; every file is written whole (temporary
 * file and rename). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "experiment.h"
#include "status.h"
#include "sweep.h"

/* A row: what it claims to be (a row that claims otherwise is run again) and
 * its verdicts[0..VERDICT_COUNT-1] (NaN for null). */
typedef struct SweepRow {
    int point, replicate;
    uint64_t seed;            /* the replicate's run.seed */
    uint64_t digest;          /* of the point's resolved config */
    const double *verdicts;
} SweepRow;

/* The manifest of sw run with experiment seed `seed`, as the text written to
 * manifest.json (*text allocated; free it). Returns SIM_ERR_MEMORY, or
 * SIM_ERR_CONFIG for text that is not UTF-8. */
SimStatus sweep_manifest_text(const Sweep *sw, uint64_t seed, char **text, SimError *err);

/* Writes DIR/manifest.json. Returns SIM_ERR_IO naming the file on failure. */
SimStatus sweep_write_manifest(const Sweep *sw, uint64_t seed, const char *dir, SimError *err);

/* Writes the row file of row->point and row->replicate, with the program
 * version. Returns SIM_ERR_IO naming the file on failure. */
SimStatus sweep_write_row(const char *dir, const SweepRow *row, SimError *err);

/* Reads the row file of want->point and want->replicate into verdicts (NaN for
 * null). False if it is missing, cut short, not JSON, lacks a verdict, or
 * claims another point, replicate, seed, config digest or program version. */
bool sweep_read_row(const char *dir, const SweepRow *want, double *verdicts);

/* Writes DIR/summary.csv and DIR/summary.json from the row files (digests[i]:
 * point i's config digest), as one set (both or neither). Returns SIM_ERR_IO
 * naming a row that does not read back, or a file that cannot be written. */
SimStatus sweep_write_summaries(const Sweep *sw, uint64_t seed, const uint64_t *digests,
                                const char *dir, SimError *err);

/* Removes DIR's and DIR/rows' temporary files (NAME.tmp.XXXXXX) left by a
 * sweep that was killed while writing. */
void sweep_remove_stale_temporaries(const char *dir);

/* Runs the sweep into folder dir (created): manifest.json, rows/ (one file per
 * finished point and replicate), then summary.csv and summary.json in (point,
 * replicate) order. Points run replicate by replicate, in bit-reversed order,
 * so a partial sweep is an even sample. Rows already in dir that read back as
 * what they claim to be are kept (resume); the others are run again, and stale
 * temporary files are removed. A dir holding another experiment's manifest is
 * refused (SIM_ERR_CONFIG). csv: NULL, or the file for the long CSV of every
 * run's monthly series (columns point, replicate, seed, config, the swept keys,
 * then the run CSV's; rows in (point, replicate, month) order), written with
 * the summaries as one set. The row files keep only verdicts, so with csv every
 * run is made, rows found in dir too (they are kept as they are), and rank 0
 * holds every run's series until the end (8 bytes a value: SERIES_COUNT x
 * run.months x points x replicates). *found_rows (NULL allowed): how many of
 * the points x replicates rows were found in dir and kept, 0 for a new sweep. */
SimStatus sweep_run(const Sweep *sw, const char *dir, const char *csv, ExperimentProgress progress,
                    void *ctx, int *found_rows, SimError *err);


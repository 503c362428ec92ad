/* csv_table.h - The one CSV reader (libcsv, RFC 4180 quoting) for the tables
 * users give: the occupation table and the sweep design.
 *
 * The file is read once, whole, through files_read_all (regular files only, at
 * most FILES_TABLE_MAX bytes), so a folder, a FIFO or /dev/zero is refused by
 * name instead of read forever. Every message names the physical line of the
 * file (blank lines and newlines inside quotes count), not the record number. */
#pragma once
#include "status.h"

/* Called once per record, the header first. fields[0..n_fields-1] are the
 * record's fields, NUL-terminated, valid UTF-8, with quotes removed (an empty
 * field is ""); they are borrowed until the callback returns. `line` is the
 * 1-based line where the record starts. Return SIM_OK to go on; any other
 * status (with err filled) stops the reading and is returned. */
typedef SimStatus (*CsvRowFn)(const char *const *fields, int n_fields, long line, void *ctx,
                              SimError *err);

/* Reads the CSV file at `path` and hands each record to row(). A UTF-8
 * byte-order mark at the start is skipped; blank lines are skipped. `what`
 * and `where` name the file in open errors as in files_read_all ("--design",
 * ""). Returns the number of records passed to row() in *records (0 for an
 * empty file). Errors (SIM_ERR_CONFIG, "PATH:LINE: ..."): a byte that is not
 * UTF-8 or a NUL byte, a stray quote (libcsv's strict mode), a quoted field
 * that is never closed (named by the line it opens on), or row()'s error. */
SimStatus csv_table_read(const char *path, const char *where, const char *what, CsvRowFn row,
                         void *ctx, long *records, SimError *err);

/* outfile.h - An output file written whole, or not at all: a temporary file
 * beside the target, renamed over it, so a crash or Ctrl-C never leaves a
 * half-written file. */
#pragma once
#include <stdio.h>

#include "status.h"

/* Writes one file's content to `out`, with ctx the caller's data. Returns
 * SIM_OK, or a failure with err set. */
typedef SimStatus (*OutfileWriter)(FILE *out, void *ctx, SimError *err);

/* Writes through `writer` into path atomically: a temporary file in the same
 * folder, flushed and renamed over path; removed on failure. "-" writes to
 * stdout. Returns SIM_ERR_IO naming the path on failure. */
SimStatus outfile_write(const char *path, OutfileWriter writer, void *ctx, SimError *err);

/* Installs SIGINT/SIGTERM/SIGHUP handlers that remove a temporary file being
 * written, then exit with 128 + signal. */
void outfile_install_signal_cleanup(void);

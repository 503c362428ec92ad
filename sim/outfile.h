/* outfile.h - An output file written whole, or not at all.
 *
 * A regular file (or a name not taken yet) is written to a temporary file
 * beside it and renamed over it, so a failed write, a crash or Ctrl-C leaves
 * the earlier file as it was, never a half-written one. A set of files (a
 * run's JSON and its CSV) is all or nothing: every temporary is written before
 * the first is renamed, so on a failure or a signal no target changes. A
 * character device or a FIFO (/dev/null, a terminal, a pipe, /dev/stdout)
 * cannot be replaced: it is written straight through, after the temporaries
 * and before the renames. "-" is standard output. Anything else (a folder, a
 * block device, a socket) is refused. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "files.h"
#include "status.h"

/* Writes one file's content to `out`, with ctx the caller's data. Returns
 * SIM_OK, or a failure with err set. */
typedef SimStatus (*OutfileWriter)(FILE *out, void *ctx, SimError *err);

/* One file of a set. */
typedef struct Outfile {
    const char   *path;   /* borrowed; "-" is standard output */
    OutfileWriter writer;
    void         *ctx;    /* borrowed; passed to writer */
} Outfile;

/* The most files one set holds: a run writes two. */
enum { OUTFILE_SET_MAX = 4 };

/* Writes files[0..n-1] (1 <= n <= OUTFILE_SET_MAX), all or nothing: a regular
 * file through a temporary file "PATH.tmp.XXXXXX" beside it (beside the file a
 * symbolic link points to, so the link is kept), flushed to disk and renamed
 * over it with the permissions 0666 less the umask; a character device, a FIFO
 * (opening it waits for a reader) or "-" straight through. Until the renames every temporary is removed on
 * failure and by the signal handler of outfile_install_signal_cleanup(); a
 * signal that arrives during the renames waits for them to finish.
 * Returns SIM_ERR_USAGE, naming the path, for an empty path, a folder, a block
 * device or a socket, and for two paths that name the same file (also through
 * other spellings or links: compared by device and inode where the file
 * exists, else by the real path of its folder); SIM_ERR_IO naming the path when
 * a temporary cannot be made, a write fails or a rename fails (a rename that
 * fails after another succeeded, which takes the folder changing under us,
 * leaves the earlier one renamed); or the writer's failure. Writes one set at
 * a time (not thread-safe). For tests: when the environment variable
 * UHISIM_TEST_OUTFILE_SIGNAL equals one of the paths, SIGTERM is raised as
 * soon as that file's temporary exists, as a Ctrl-C at that moment would be. */
SimStatus outfile_write_set(const Outfile *files, int n, SimError *err);

/* Checks, without writing anything, what outfile_write_set() checks first:
 * paths[0..n-1] may be written as one set. Lets a caller refuse bad names
 * before a long computation. Returns SIM_OK or SIM_ERR_USAGE as above. */
SimStatus outfile_check(const char *const *paths, int n, SimError *err);

/* Refuses (SIM_ERR_USAGE, naming the output) any of paths[0..n-1] that is one of
 * the files inputs[0..n_inputs-1] the run reads (its config, an extends or
 * @include file, its CSV table): writing it would destroy the input. */
SimStatus outfile_check_inputs(const char *const *paths, int n, const FileId *inputs, int n_inputs,
                               SimError *err);

/* Returns true when path is "-" or names the file, device or pipe that
 * standard output goes to (/dev/stdout, /proc/self/fd/1, its tty). */
bool outfile_is_stdout(const char *path);

/* Writes one file, as a set of one: outfile_write_set(&(Outfile){path,
 * writer, ctx}, 1, err). */
SimStatus outfile_write(const char *path, OutfileWriter writer, void *ctx, SimError *err);

/* Installs SIGINT, SIGTERM and SIGHUP handlers that remove every temporary
 * file of the set being written, then end the program by the same signal
 * (exit status 128 + signal). Call once, at the start of main. */
void outfile_install_signal_cleanup(void);

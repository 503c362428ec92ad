/* outfile.c - An output file written whole, or not at all (see outfile.h).
 *
 * A set is written in three phases: every temporary file (a failure removes
 * them all), then every straight-through target (a device, a FIFO, standard
 * output: these cannot be taken back, so they wait until the temporaries are
 * complete), then every rename.
 *
 * The signal handler may run on any thread (OpenMP's workers do not block
 * signals), so the list of temporaries and the phase are C11 atomics, which
 * are lock-free and therefore safe in a handler. The handler and the renames
 * claim the phase by compare-and-swap: either the handler wins, removes every
 * temporary and ends the program, or the renames win and the handler only
 * notes the signal, which ends the program once every file is in place. So a
 * signal never leaves one file of a set renamed and another not. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomic ints");

/* ".tmp.XXXXXX" and the terminating NUL, with room to spare */
enum { TMP_SUFFIX_MAX = 16 };

/* The temporaries of the set being written, for the signal handler: slots
 * [0, n_pending) hold names ("" for a slot whose mkstemp failed). A slot is
 * filled before n_pending counts it. */
static char       pending[OUTFILE_SET_MAX][PATH_MAX + TMP_SUFFIX_MAX];
static atomic_int n_pending;

enum { PHASE_OPEN, PHASE_RENAMING, PHASE_ENDING };
static atomic_int phase;           /* PHASE_OPEN except while renaming or ending */
static atomic_int deferred_signal; /* a signal that arrived while renaming, or 0 */

static void on_signal(int sig)
{
    int expected = PHASE_OPEN;
    if (!atomic_compare_exchange_strong(&phase, &expected, PHASE_ENDING)) {
        if (expected == PHASE_RENAMING)
            atomic_store(&deferred_signal, sig);
        return; /* PHASE_ENDING: another thread's handler is ending the program */
    }
    for (int k = 0, n = atomic_load(&n_pending); k < n; k++)
        unlink(pending[k]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void outfile_install_signal_cleanup(void)
{
    /* SIGPIPE: a reader of standard output or of a FIFO that goes away ends
     * the program, which must not leave the other files' temporaries behind */
    const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t k = 0; k < sizeof signals / sizeof signals[0]; k++) {
        struct sigaction old;
        /* a signal ignored on entry stays ignored (nohup ignores SIGHUP) */
        if (sigaction(signals[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        signal(signals[k], on_signal);
    }
}

/* How a target is written. */
typedef enum Kind {
    KIND_REPLACE, /* a regular file or a new name: temporary file and rename */
    KIND_STREAM,  /* a character device or a FIFO: opened and written to */
    KIND_STDOUT   /* "-" */
} Kind;

typedef struct Target {
    Kind  kind;
    char  place[PATH_MAX]; /* the file written: the path, or the file its link points to */
    bool  exists;          /* dev and ino identify the file */
    dev_t dev;
    ino_t ino;
    char  canon[PATH_MAX]; /* a new file: the real path of its folder and its name */
    char *tmp;             /* KIND_REPLACE: its slot in pending[] once made, else NULL */
} Target;

/* The name a file not made yet will have: the real path of its folder and
 * the last part of path; path itself when the folder cannot be resolved (the
 * write then fails, naming the cause). */
static void canonical_new(const char *path, char *canon)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char dir[PATH_MAX], real[PATH_MAX];
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int len = -1;
    if (realpath(dir, real) != NULL)
        len = snprintf(canon, PATH_MAX, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
    if (len < 0 || len >= PATH_MAX)
        snprintf(canon, PATH_MAX, "%s", path);
}

static SimStatus classify(const char *path, Target *t, SimError *err)
{
    struct stat sb;
    t->tmp = NULL;
    t->exists = false;
    t->canon[0] = '\0';
    if (path[0] == '\0')
        return sim_fail(err, SIM_ERR_USAGE,
                        "an output file name is empty: expected a file name, or - for standard "
                        "output");
    if (strcmp(path, "-") == 0) {
        t->kind = KIND_STDOUT;
        snprintf(t->canon, sizeof t->canon, "-");
        if (fstat(STDOUT_FILENO, &sb) == 0) {
            t->exists = true;
            t->dev = sb.st_dev;
            t->ino = sb.st_ino;
        }
        return SIM_OK;
    }
    if (strlen(path) >= PATH_MAX)
        return sim_fail(err, SIM_ERR_USAGE, "%.200s...: the output path is too long (%d bytes or more)",
                        path, PATH_MAX);
    snprintf(t->place, sizeof t->place, "%s", path);
    if (stat(path, &sb) != 0) {
        /* a new file, or one we may not look at: making the temporary says why */
        t->kind = KIND_REPLACE;
        canonical_new(path, t->canon);
        return SIM_OK;
    }
    t->exists = true;
    t->dev = sb.st_dev;
    t->ino = sb.st_ino;
    if (S_ISREG(sb.st_mode)) {
        t->kind = KIND_REPLACE;
        /* through a link: replace the file it points to and keep the link */
        char real[PATH_MAX];
        if (realpath(path, real) != NULL)
            snprintf(t->place, sizeof t->place, "%s", real);
        return SIM_OK;
    }
    if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) {
        t->kind = KIND_STREAM;
        return SIM_OK;
    }
    const char *what = S_ISDIR(sb.st_mode)    ? "a folder"
                       : S_ISBLK(sb.st_mode)  ? "a block device"
                       : S_ISSOCK(sb.st_mode) ? "a socket"
                                              : "neither a file nor a device";
    return sim_fail(err, SIM_ERR_USAGE,
                    "%s is %s: expected a file name (a regular file is replaced, a character "
                    "device or a FIFO is written to)",
                    path, what);
}

static bool same_file(const Target *a, const Target *b)
{
    if (a->exists && b->exists)
        return a->dev == b->dev && a->ino == b->ino;
    if (a->exists || b->exists)
        return false;
    return strcmp(a->canon, b->canon) == 0;
}

static SimStatus check_targets(const Outfile *files, Target *t, int n, SimError *err)
{
    if (n < 1 || n > OUTFILE_SET_MAX)
        return sim_fail(err, SIM_ERR_USAGE, "%d output files in one set (expected 1 to %d)", n,
                        OUTFILE_SET_MAX);
    for (int i = 0; i < n; i++) {
        SimStatus st = classify(files[i].path, &t[i], err);
        if (st != SIM_OK)
            return st;
        for (int j = 0; j < i; j++)
            if (same_file(&t[i], &t[j]))
                return sim_fail(err, SIM_ERR_USAGE,
                                "%s and %s are the same file: each output needs a file of its own",
                                files[j].path, files[i].path);
    }
    return SIM_OK;
}

SimStatus outfile_check(const char *const *paths, int n, SimError *err)
{
    Outfile files[OUTFILE_SET_MAX];
    Target  t[OUTFILE_SET_MAX];
    for (int i = 0; i < n && i < OUTFILE_SET_MAX; i++)
        files[i] = (Outfile){.path = paths[i]};
    return check_targets(files, t, n, err);
}

bool outfile_is_stdout(const char *path)
{
    struct stat a, b;
    if (strcmp(path, "-") == 0)
        return true;
    return path[0] != '\0' && stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* One buffer for every file: they are written one after another. */
static char buffer[1 << 16];

/* Runs the writer into fd, which it closes. sync: also flush to disk. */
static SimStatus write_fd(int fd, const char *path, const Outfile *f, bool sync, SimError *err)
{
    FILE *fp = fdopen(fd, "w");
    if (fp == NULL) {
        close(fd);
        return sim_fail(err, SIM_ERR_IO, "%s: %s", path, strerror(errno));
    }
    setvbuf(fp, buffer, _IOFBF, sizeof buffer);
    SimStatus st = f->writer(fp, f->ctx, err);
    if (st == SIM_OK && (fflush(fp) != 0 || (sync && fsync(fileno(fp)) != 0)))
        st = sim_fail(err, SIM_ERR_IO, "%s: %s", path, strerror(errno));
    if (fclose(fp) != 0 && st == SIM_OK)
        st = sim_fail(err, SIM_ERR_IO, "%s: %s", path, strerror(errno));
    return st;
}

static SimStatus write_temporary(Target *t, const Outfile *f, SimError *err)
{
    const int k = atomic_load(&n_pending);
    char     *tmp = pending[k];
    snprintf(tmp, sizeof pending[k], "%s.tmp.XXXXXX", t->place);
    /* counted before it exists, so that no signal can come between */
    atomic_store(&n_pending, k + 1);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        tmp[0] = '\0';
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create a temporary file beside it: %s",
                        f->path, strerror(e));
    }
    t->tmp = tmp;
    /* Test hook (tests/check_output_files.py): a signal in the middle of
     * writing this file, as a Ctrl-C at that moment would be */
    const char *hook = getenv("UHISIM_TEST_OUTFILE_SIGNAL");
    if (hook != NULL && strcmp(hook, f->path) == 0)
        raise(SIGTERM);
    SimStatus st = write_fd(fd, f->path, f, true, err);
    if (st == SIM_OK) {
        /* mkstemp makes the file 0600; an output file is an ordinary document */
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp, 0666 & ~mask);
    }
    return st;
}

static SimStatus write_through(const Target *t, const Outfile *f, SimError *err)
{
    if (t->kind == KIND_STDOUT) {
        SimStatus st = f->writer(stdout, f->ctx, err);
        if (st == SIM_OK && fflush(stdout) != 0)
            st = sim_fail(err, SIM_ERR_IO, "writing to standard output failed: %s", strerror(errno));
        return st;
    }
    int fd = open(t->place, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot open it for writing: %s", f->path,
                        strerror(errno));
    /* without O_TRUNC a regular file put there since would be half overwritten */
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
        close(fd);
        return sim_fail(err, SIM_ERR_IO, "%s: changed while the outputs were written", f->path);
    }
    return write_fd(fd, f->path, f, false, err);
}

SimStatus outfile_write_set(const Outfile *files, int n, SimError *err)
{
    Target    t[OUTFILE_SET_MAX];
    SimStatus st = check_targets(files, t, n, err);
    if (st != SIM_OK)
        return st;
    for (int i = 0; i < n && st == SIM_OK; i++)
        if (t[i].kind == KIND_REPLACE)
            st = write_temporary(&t[i], &files[i], err);
    for (int i = 0; i < n && st == SIM_OK; i++)
        if (t[i].kind != KIND_REPLACE)
            st = write_through(&t[i], &files[i], err);
    int expected = PHASE_OPEN;
    if (st == SIM_OK && !atomic_compare_exchange_strong(&phase, &expected, PHASE_RENAMING))
        /* a handler is removing the temporaries and ending the program */
        return sim_fail(err, SIM_ERR_IO, "%s: interrupted", files[0].path);
    /* after a failure: remove every temporary instead */
    for (int i = 0; i < n; i++) {
        if (t[i].tmp == NULL || (st == SIM_OK && rename(t[i].tmp, t[i].place) == 0))
            continue;
        if (st == SIM_OK)
            st = sim_fail(err, SIM_ERR_IO, "%s: cannot rename the temporary file into place: %s",
                          files[i].path, strerror(errno));
        unlink(t[i].tmp);
    }
    atomic_store(&n_pending, 0);
    expected = PHASE_RENAMING;
    atomic_compare_exchange_strong(&phase, &expected, PHASE_OPEN);
    int sig = atomic_exchange(&deferred_signal, 0);
    if (sig != 0)
        on_signal(sig); /* every file is in place: end as the signal asked */
    return st;
}

SimStatus outfile_write(const char *path, OutfileWriter writer, void *ctx, SimError *err)
{
    const Outfile f = {.path = path, .writer = writer, .ctx = ctx};
    return outfile_write_set(&f, 1, err);
}

SimStatus outfile_check_inputs(const char *const *paths, int n, const FileId *inputs, int n_inputs,
                               SimError *err)
{
    for (int i = 0; i < n; i++) {
        FileId id;
        if (paths[i] == NULL || strcmp(paths[i], "-") == 0 || !files_id(paths[i], &id))
            continue;
        for (int k = 0; k < n_inputs; k++)
            if (inputs[k].dev == id.dev && inputs[k].ino == id.ino)
                return sim_fail(err, SIM_ERR_USAGE,
                                "%s is a file this run reads (its config, an extends or @include "
                                "file, or its table): writing it would destroy it; choose another "
                                "output name",
                                paths[i]);
    }
    return SIM_OK;
}

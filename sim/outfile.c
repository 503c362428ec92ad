/* outfile.c - An output file written whole, or not at all (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file being written, for the signal handler to remove. */
static char pending_tmp[PATH_MAX + 32];
static volatile sig_atomic_t pending_active;

static void on_signal(int sig)
{
    if (pending_active)
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

void outfile_install_signal_cleanup(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
}

SimStatus outfile_write(const char *path, OutfileWriter writer, void *ctx, SimError *err)
{
    if (strcmp(path, "-") == 0) {
        SimStatus st = writer(stdout, ctx, err);
        if (st == SIM_OK && fflush(stdout) != 0)
            st = sim_fail(err, SIM_ERR_IO, "writing to standard output failed: %s", strerror(errno));
        return st;
    }
    if (strlen(path) >= PATH_MAX)
        return sim_fail(err, SIM_ERR_IO, "%s: path too long", path);
    char tmp[sizeof pending_tmp];
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create a temporary file beside it: %s", path,
                        strerror(errno));
    memcpy(pending_tmp, tmp, sizeof tmp);
    pending_active = 1;
    FILE *f = fdopen(fd, "w");
    SimStatus st = SIM_OK;
    if (f == NULL) {
        close(fd);
        st = sim_fail(err, SIM_ERR_IO, "%s: %s", tmp, strerror(errno));
    } else {
        static char buffer[1 << 16];
        setvbuf(f, buffer, _IOFBF, sizeof buffer);
        st = writer(f, ctx, err);
        if (st == SIM_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
            st = sim_fail(err, SIM_ERR_IO, "%s: %s", path, strerror(errno));
        if (fclose(f) != 0 && st == SIM_OK)
            st = sim_fail(err, SIM_ERR_IO, "%s: %s", path, strerror(errno));
        /* mkstemp makes the file 0600; an output file is an ordinary document */
        if (st == SIM_OK) {
            mode_t mask = umask(0);
            umask(mask);
            chmod(tmp, 0666 & ~mask);
        }
        if (st == SIM_OK && rename(tmp, path) != 0)
            st = sim_fail(err, SIM_ERR_IO, "%s: cannot rename the temporary file into place: %s",
                          path, strerror(errno));
    }
    if (st != SIM_OK)
        unlink(tmp);
    pending_active = 0;
    return st;
}

/* status.c - Status codes, error messages and the GSL error handler. */
#include "status.h"

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

SimStatus sim_fail(SimError *err, SimStatus status, const char *fmt, ...)
{
    if (err != NULL && err->status == SIM_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

int status_exit_code(SimStatus status)
{
    switch (status) {
#define X(code, exit_status, name)                                                                 \
    case code:                                                                                     \
        return exit_status;
        SIM_STATUS_LIST(X)
#undef X
    }
    return 1;
}

const char *status_name(SimStatus status)
{
    switch (status) {
#define X(code, exit_status, name)                                                                 \
    case code:                                                                                     \
        return name;
        SIM_STATUS_LIST(X)
#undef X
    }
    return "unknown";
}

/* GSL reports errors through one process-wide handler, so the record is
 * process-wide too. Only the first error is kept: later ones are usually
 * consequences of it. */
static struct {
    int pending;
    int gsl_errno;
    int line;
    char reason[200];
    char file[120];
} gsl_record;

static void record_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
#pragma omp critical(uhisim_gsl_error)
    {
        if (!gsl_record.pending) {
            gsl_record.pending = 1;
            gsl_record.gsl_errno = gsl_errno;
            gsl_record.line = line;
            snprintf(gsl_record.reason, sizeof gsl_record.reason, "%s", reason ? reason : "?");
            snprintf(gsl_record.file, sizeof gsl_record.file, "%s", file ? file : "?");
        }
    }
}

void status_install_gsl_handler(void) { gsl_set_error_handler(record_gsl_error); }

SimStatus status_take_gsl_error(SimError *err)
{
    if (!gsl_record.pending)
        return SIM_OK;
    gsl_record.pending = 0;
    return sim_fail(err, SIM_ERR_NUMERIC, "GSL error %d (%s) at %s:%d: %s", gsl_record.gsl_errno,
                    gsl_strerror(gsl_record.gsl_errno), gsl_record.file, gsl_record.line,
                    gsl_record.reason);
}

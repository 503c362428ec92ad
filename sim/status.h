/* status.h - Status codes and error messages shared by every module. */
#pragma once
#include <stdarg.h>

/* X-macro list: code, exit status of the program, short name. */
#define SIM_STATUS_LIST(X)                                                                         \
    X(SIM_OK, 0, "ok")                                                                             \
    X(SIM_ERR_USAGE, 2, "usage")      /* bad command line */                                       \
    X(SIM_ERR_CONFIG, 2, "config")    /* bad config file, table or --set value */                  \
    X(SIM_ERR_NUMERIC, 1, "numeric")  /* a quantity became NaN or infinite during a run */         \
    X(SIM_ERR_IO, 1, "io")            /* a file could not be written */                            \
    X(SIM_ERR_MEMORY, 1, "memory")    /* an allocation failed */

typedef enum SimStatus {
#define X(code, exit_status, name) code,
    SIM_STATUS_LIST(X)
#undef X
} SimStatus;

enum { SIM_ERROR_MAX = 1024 };

/* Error state, kept on the caller's stack: `SimError err = {0};`. */
typedef struct SimError {
    SimStatus status;
    char message[SIM_ERROR_MAX]; /* lower case, no final period; starts with the location or key */
} SimError;

/* Fills err (if not NULL) with status and the printf-style message; returns status.
 * A second failure does not overwrite the first message. */
SimStatus sim_fail(SimError *err, SimStatus status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Returns the program exit status for `status` (0, 1 or 2). */
int status_exit_code(SimStatus status);

/* Returns the short name of `status` ("config", "numeric", ...). */
const char *status_name(SimStatus status);

/* Installs a GSL error handler that records the first error instead of aborting
 * (GSL's default handler calls abort()). Call once, before any thread starts. */
void status_install_gsl_handler(void);

/* Returns SIM_OK if no GSL error was recorded since the last call; otherwise
 * fills err with GSL's reason, file and line, clears the record and returns
 * SIM_ERR_NUMERIC. */
SimStatus status_take_gsl_error(SimError *err);

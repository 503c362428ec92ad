"""_lib.py - libuhisim.so through cffi's ABI mode: the declarations of
sim/uhisim_api.h and where the library is found."""
import os

import cffi

CDEF = """
typedef struct UhisimScenario UhisimScenario;
typedef struct UhisimSweep UhisimSweep;
const char *uhisim_api_version(void);
int uhisim_api_series_count(void);
const char *uhisim_api_series_name(int s);
int uhisim_api_verdict_count(void);
const char *uhisim_api_verdict_name(int v);
const char *uhisim_api_verdict_unit(int v);
int uhisim_api_load(const char *config, const char *const *sets, int n_sets, const char *seed,
                    UhisimScenario **out, char *error, int error_size);
void uhisim_api_free(UhisimScenario *s);
int uhisim_api_months(const UhisimScenario *s);
uint64_t uhisim_api_seed(const UhisimScenario *s);
int uhisim_api_run(const UhisimScenario *s, double *series, double *verdicts, char *error,
                   int error_size);
int uhisim_api_run_replicates(const UhisimScenario *const *s, int n, int R, uint64_t seed,
                              uint64_t *seeds, double *series, double *verdicts, char *error,
                              int error_size);
int uhisim_api_sweep_create(const char *config, const char *const *vary, int n_vary,
                            const char *design, int samples, const char *const *sets, int n_sets,
                            int replicates, const char *seed, UhisimSweep **out, char *error,
                            int error_size);
void uhisim_api_sweep_free(UhisimSweep *sw);
int uhisim_api_sweep_points(const UhisimSweep *sw);
int uhisim_api_sweep_keys(const UhisimSweep *sw);
int uhisim_api_sweep_replicates(const UhisimSweep *sw);
uint64_t uhisim_api_sweep_seed(const UhisimSweep *sw);
const char *uhisim_api_sweep_key(const UhisimSweep *sw, int k);
const char *uhisim_api_sweep_config(const UhisimSweep *sw, int i);
const char *uhisim_api_sweep_value(const UhisimSweep *sw, int i, int k);
int uhisim_api_sweep_run(const UhisimSweep *sw, int i, int r, uint64_t *seed, double *verdicts,
                         char *error, int error_size);
"""

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ffi = cffi.FFI()
ffi.cdef(CDEF)


def _open():
    """The library: $UHISIM_LIB, else build/sim/libuhisim.so of this checkout."""
    path = os.environ.get("UHISIM_LIB") or os.path.join(ROOT, "build", "sim", "libuhisim.so")
    if not os.path.exists(path):
        raise ImportError(f"uhisim: no C library at {path}: build it with "
                          f"`bash scripts/baseline.sh` (or cmake --build build), or set UHISIM_LIB")
    return ffi.dlopen(path)


lib = _open()

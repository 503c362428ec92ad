"""uhisim - the simulator's C library from Python: runs, ensembles, comparisons
and sweeps as pandas DataFrames and xarray Datasets, with the numbers the
command-line program gives for the same config and seed (bit for bit).

    >>> import uhisim
    >>> df = uhisim.run("configs/baseline.cfg", set={"run.agents": 2000}, seed=7)
    >>> df[["price_level", "output", "uhi_bottom10"]].tail()

The calls go through cffi's ABI mode to build/sim/libuhisim.so (sim/uhisim_api.h;
$UHISIM_LIB names another copy): no subprocess, no file in between. Bad input
raises UhisimError with the program's message. Series, units and verdicts:
docs/output.md. Runs use one thread unless OMP_NUM_THREADS says otherwise; the
numbers do not depend on it."""
import math
import os
import sys
import time

import numpy as np
import pandas as pd

from ._lib import ffi, lib

__all__ = ["run", "ensemble", "compare", "sweep", "UhisimError", "SERIES", "VERDICTS", "__version__"]

__version__ = ffi.string(lib.uhisim_api_version()).decode()
SERIES = [ffi.string(lib.uhisim_api_series_name(s)).decode() for s in range(lib.uhisim_api_series_count())]
VERDICTS = [ffi.string(lib.uhisim_api_verdict_name(v)).decode() for v in range(lib.uhisim_api_verdict_count())]
VERDICT_UNITS = {v: ffi.string(lib.uhisim_api_verdict_unit(i)).decode() for i, v in enumerate(VERDICTS)}
_ERROR_SIZE = 2048


class UhisimError(ValueError):
    """Input the program refuses (exit_status 2) or a run that failed (1); the
    message is the program's, as `uhisim` prints it after "uhisim: error: "."""

    def __init__(self, message, exit_status):
        super().__init__(message)
        self.exit_status = exit_status


def _check(status, error):
    if status != 0:
        raise UhisimError(ffi.string(error).decode("utf-8", "replace"), status)


def _value_text(v):
    """A Python value as --set text: true/false, numbers that read back exactly
    (repr), lists as [a, b], strings as they are."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value_text(x) for x in v) + "]"
    return str(v)


def _sets(set):
    """--set texts from a dict {key: value} or a list of "KEY=VALUE"."""
    if set is None:
        return []
    if isinstance(set, dict):
        return [f"{k}={_value_text(v)}" for k, v in set.items()]
    if isinstance(set, str):
        return [set]
    return [str(s) for s in set]


def _texts(items):
    """A C array of strings (and what keeps them alive)."""
    keep = [ffi.new("char[]", s.encode()) for s in items]
    return ffi.new("const char *[]", keep) if keep else ffi.NULL, keep


def _seed_text(seed):
    return None if seed is None else str(int(seed))


class _Scenario:
    """A loaded, validated config (freed with the object)."""

    def __init__(self, config, set=None, seed=None):
        self.config = os.fspath(config)
        self.sets = _sets(set)
        arr, self._keep = _texts(self.sets)
        out = ffi.new("UhisimScenario **")
        error = ffi.new("char[]", _ERROR_SIZE)
        seed_text = _seed_text(seed)
        _check(lib.uhisim_api_load(self.config.encode(), arr, len(self.sets),
                                   seed_text.encode() if seed_text else ffi.NULL, out, error, _ERROR_SIZE), error)
        self.ptr = ffi.gc(out[0], lib.uhisim_api_free)
        self.months = lib.uhisim_api_months(self.ptr)
        self.seed = int(lib.uhisim_api_seed(self.ptr))


def _frame(series, months):
    """series (SERIES_COUNT, months) -> DataFrame indexed by month."""
    df = pd.DataFrame({name: series[s] for s, name in enumerate(SERIES)})
    df.index = pd.Index(df.pop("month").astype(np.int64), name="month")
    return df


def _verdict_dict(v):
    return {name: (None if math.isnan(x) else float(x)) for name, x in zip(VERDICTS, v)}


def run(config, set=None, seed=None):
    """Runs config once, as `uhisim run CONFIG --set KEY=VALUE... --seed N`.

    config: path of a config file. set: {key: value} or ["KEY=VALUE", ...],
    applied in order. seed: run.seed (default: the config's).
    Returns a DataFrame indexed by month (0 .. run.months-1) with one column per
    series of the run CSV (units: docs/output.md; NaN where the CSV is empty),
    and attrs config, set, seed, version, verdicts {name: value or None} and
    verdict_units. Raises UhisimError with the program's message."""
    sc = _Scenario(config, set, seed)
    series = np.empty((len(SERIES), sc.months))
    verdicts = np.empty(len(VERDICTS))
    error = ffi.new("char[]", _ERROR_SIZE)
    _check(lib.uhisim_api_run(sc.ptr, ffi.from_buffer("double[]", series), ffi.from_buffer("double[]", verdicts),
                              error, _ERROR_SIZE), error)
    df = _frame(series, sc.months)
    df.attrs = {"config": sc.config, "set": sc.sets, "seed": sc.seed, "version": __version__,
                "verdicts": _verdict_dict(verdicts), "verdict_units": dict(VERDICT_UNITS)}
    return df


def _progress(what, done, total, t0):
    """The CLI's progress line on standard error: runs done, elapsed, time left."""
    elapsed = time.monotonic() - t0
    left = elapsed * (total - done) / done if done else 0
    sys.stderr.write(f"\ruhisim: {what} {done} of {total}, {elapsed:.0f} s elapsed, about {left:.0f} s left   "
                     + ("\n" if done == total else ""))
    sys.stderr.flush()


def _scenario_name(config):
    base = os.path.basename(os.fspath(config))
    return base[:-4] if base.endswith(".cfg") else base


def compare(configs, replicates=1, seed=None, set=None):
    """Runs configs on common random numbers, as `uhisim compare A.cfg B.cfg ...
    --replicates R --seed N --set ...`: replicate r of every scenario runs on
    the same seed, derived from (the first config's run.seed, or seed; r).

    Returns an xarray Dataset with dimensions (scenario, replicate, month):
    every series of the run CSV as a variable over (scenario, replicate, month),
    each verdict as a variable `verdict_NAME` over (scenario, replicate) (NaN:
    null); coordinates scenario (the config's file name without .cfg), replicate
    (0 .. R-1) with its seed, and month. attrs: configs, set, seed, version."""
    import xarray as xr

    configs = [os.fspath(c) for c in ([configs] if isinstance(configs, (str, os.PathLike)) else configs)]
    names = [_scenario_name(c) for c in configs]
    for i, n in enumerate(names):
        if n in names[:i]:
            raise UhisimError(f"{configs[names.index(n)]} and {configs[i]} are both scenario '{n}': compared "
                              "scenarios need different names (copy one config under another file name)", 2)
    scs = [_Scenario(c, set, seed) for c in configs]
    months = scs[0].months
    for c, sc in zip(configs, scs):
        if sc.months != months:
            raise UhisimError(f"{c} runs {sc.months} months and {configs[0]} {months}: compared scenarios "
                              "must run as long", 2)
    R = int(replicates)
    if R < 1 or R > 100000:
        raise UhisimError(f"--replicates {replicates}: expected a whole number in [1, 100000]", 2)
    n = len(scs)
    series = np.empty((n, R, len(SERIES), months))
    verdicts = np.empty((n, R, len(VERDICTS)))
    seeds = ffi.new("uint64_t[]", R)
    ptrs = ffi.new("const UhisimScenario *[]", [sc.ptr for sc in scs])
    error = ffi.new("char[]", _ERROR_SIZE)
    _check(lib.uhisim_api_run_replicates(ptrs, n, R, scs[0].seed, seeds, ffi.from_buffer("double[]", series),
                                         ffi.from_buffer("double[]", verdicts), error, _ERROR_SIZE), error)
    month_index = SERIES.index("month")
    data = {name: (("scenario", "replicate", "month"), series[:, :, s, :])
            for s, name in enumerate(SERIES) if s != month_index}
    data.update({"verdict_" + name: (("scenario", "replicate"), verdicts[:, :, v], {"units": VERDICT_UNITS[name]})
                 for v, name in enumerate(VERDICTS)})
    coords = {"scenario": names, "replicate": np.arange(R),
              "seed": ("replicate", np.array([seeds[r] for r in range(R)], dtype=np.uint64)),
              "month": series[0, 0, month_index, :].astype(np.int64)}
    return xr.Dataset(data, coords=coords,
                      attrs={"configs": configs, "set": scs[0].sets, "seed": scs[0].seed, "version": __version__})


def ensemble(config, replicates, seed=None, set=None):
    """Runs config for R replicates, as `uhisim run CONFIG --replicates R`:
    compare() of the one config (scenario dimension of length 1)."""
    return compare([config], replicates=replicates, seed=seed, set=set)


def sweep(config, vary=None, design=None, samples=None, replicates=None, seed=None, set=None, quiet=False):
    """Runs a sweep in this process, as `uhisim sweep CONFIG --vary ... -o DIR`
    does (the same points, replicate seeds and verdicts), without its folder.

    vary: ["KEY=FROM:TO:COUNT", ...] for a grid, or ["KEY=LO:HI", ...] with
    design "lhs", "sobol" or "morris" and samples N; design may instead be a
    CSV table of points; with neither, config is an experiment file.
    replicates: per point (default 1, or the experiment file's). seed: the
    experiment seed (default: the first point's run.seed). quiet: no progress
    line on standard error (shown, as the CLI's, only where it is a terminal).
    Returns a DataFrame with the columns of summary.csv (docs/output.md):
    point, replicate, seed, config, the swept keys (numbers where the value
    text is one), then every verdict (NaN: null); attrs keys, seed, replicates,
    version."""
    vary = [vary] if isinstance(vary, str) else list(vary or [])
    sets = _sets(set)
    varr, keep1 = _texts(vary)
    sarr, keep2 = _texts(sets)
    out = ffi.new("UhisimSweep **")
    error = ffi.new("char[]", _ERROR_SIZE)
    seed_text = _seed_text(seed)
    _check(lib.uhisim_api_sweep_create(os.fspath(config).encode(), varr, len(vary),
                                       os.fspath(design).encode() if design is not None else ffi.NULL,
                                       int(samples or 0), sarr, len(sets), int(replicates or 0),
                                       seed_text.encode() if seed_text else ffi.NULL, out, error, _ERROR_SIZE),
           error)
    sw = ffi.gc(out[0], lib.uhisim_api_sweep_free)
    n_points, n_keys, R = (lib.uhisim_api_sweep_points(sw), lib.uhisim_api_sweep_keys(sw),
                           lib.uhisim_api_sweep_replicates(sw))
    keys = [ffi.string(lib.uhisim_api_sweep_key(sw, k)).decode() for k in range(n_keys)]
    rows, v = [], np.empty(len(VERDICTS))
    rseed = ffi.new("uint64_t *")
    show = not quiet and sys.stderr.isatty()
    t0 = time.monotonic()
    for i in range(n_points):
        cfg = ffi.string(lib.uhisim_api_sweep_config(sw, i)).decode()
        values = [ffi.string(lib.uhisim_api_sweep_value(sw, i, k)).decode() for k in range(n_keys)]
        for r in range(R):
            _check(lib.uhisim_api_sweep_run(sw, i, r, rseed, ffi.from_buffer("double[]", v), error, _ERROR_SIZE),
                   error)
            rows.append([i, r, int(rseed[0]), cfg, *values, *v])
        if show:
            _progress("sweep", (i + 1) * R, n_points * R, t0)
    df = pd.DataFrame(rows, columns=["point", "replicate", "seed", "config", *keys, *VERDICTS])
    df["seed"] = df["seed"].astype(np.uint64)
    for k in keys:
        try:
            df[k] = pd.to_numeric(df[k])
        except (ValueError, TypeError):
            pass
    df.attrs = {"keys": keys, "seed": int(lib.uhisim_api_sweep_seed(sw)), "replicates": R, "version": __version__}
    return df

#!/usr/bin/python3
"""check_python_package.py - The Python package (python/uhisim, issue 14) gives
the command-line program's numbers: every series of uhisim.run equals the run
JSON's bit for bit, with the same verdicts and seed; ensemble and compare the
CLI's replicate seeds, series (its CSV) and verdicts; sweep (a grid, Sobol,
LHS and Morris) the CLI's summary.csv; errors raise UhisimError with the
CLI's message and exit status; the library exports only the uhisim_api_ calls; a sweep shows progress
on a terminal only.
Skipped (77) without cffi, pandas or xarray, without libuhisim.so, or in the
sanitizer build (Python would have to preload the sanitizer runtime)."""
import csv
import json
import math
import os
import sys

from uhisim_test import CONFIGS, SANITIZED, SKIP, SOURCE, WORK, check, finish, fresh_workdir, run

if SANITIZED:
    print("skipped: the sanitizer build's libuhisim.so cannot be loaded into an uninstrumented Python")
    sys.exit(SKIP)
try:
    import cffi  # noqa: F401
    import numpy as np
    import pandas  # noqa: F401
    import xarray  # noqa: F401
except ImportError as e:
    print(f"skipped: {e} (Debian: python3-cffi python3-pandas python3-xarray; scripts/install-deps.sh installs them)")
    sys.exit(SKIP)
if not os.path.exists(os.environ.get("UHISIM_LIB", "")):
    print("skipped: UHISIM_LIB does not name a built libuhisim.so")
    sys.exit(SKIP)
sys.path.insert(0, os.path.join(SOURCE, "python"))
import uhisim  # noqa: E402

fresh_workdir()
small = {"run.agents": 2000, "run.months": 24}
small_args = ["--set", "run.agents=2000", "--set", "run.months=24"]


def same(a, b):
    """Bit for bit, NaN (null) equal to NaN."""
    a, b = float(a), float(b)
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def value(x):
    return float("nan") if x is None or x == "" else float(x)


# run: every series and verdict as the run JSON has them
for name, extra in (("baseline", {"ai.growth_per_year": 4.5}), ("us_institutions", {"debt.enabled": True})):
    config = os.path.join(CONFIGS, name + ".cfg")
    sets = dict(small, **extra)
    df = uhisim.run(config, set=sets, seed=7)
    out = os.path.join(WORK, name + ".json")
    args = [a for k, v in sets.items() for a in ("--set", f"{k}={uhisim._value_text(v)}")]
    run("run", config, *args, "--seed", 7, "-o", out, "--quiet", check=True)
    with open(out) as f:
        doc = json.load(f)
    series = doc["series"]
    check(list(df.columns) == [k for k in series if k != "month"] and df.index.name == "month",
          f"{name}: the DataFrame's columns are the run's series ({len(df.columns)} of {len(series) - 1})")
    check(list(df.index) == series["month"], f"{name}: indexed by month")
    bad = [(k, m) for k in df.columns for m in range(len(df)) if not same(df[k].iloc[m], value(series[k][m]))]
    check(not bad, f"{name}: {len(bad)} values differ from the CLI's, first {bad[:3]}")
    check(df.attrs["seed"] == 7 and df.attrs["version"] == doc["program"]["version"], f"{name}: attrs {df.attrs.get('seed')}")
    vbad = [k for k, v in doc["verdicts"].items() if not same(value(df.attrs["verdicts"][k]), value(v))]
    check(not vbad and set(df.attrs["verdicts"]) == set(doc["verdicts"]), f"{name}: verdicts differ: {vbad}")

# ensemble: replicate seeds, each replicate's series (CLI CSV) and verdicts
config = os.path.join(CONFIGS, "baseline.cfg")
ds = uhisim.ensemble(config, replicates=3, set=small)
out, out_csv = os.path.join(WORK, "ens.json"), os.path.join(WORK, "ens.csv")
run("run", config, "--replicates", 3, *small_args, "-o", out, "--csv", out_csv, "--quiet", check=True)
with open(out) as f:
    doc = json.load(f)
check([int(s) for s in ds["seed"].values] == [int(s) for s in doc["replicates"]["seeds"]],
      f"ensemble seeds {list(ds['seed'].values)} vs {doc['replicates']['seeds']}")
check(dict(ds.sizes) == {"scenario": 1, "replicate": 3, "month": 24}, f"ensemble dims {dict(ds.sizes)}")
with open(out_csv) as f:
    rows = list(csv.DictReader(f))
bad = 0
for row in rows:
    r, m = int(row["replicate"]), int(row["month"])
    for k, v in row.items():
        if k in ("scenario", "replicate", "seed", "month"):
            continue
        bad += not same(ds[k].values[0, r, m], value(v))
check(bad == 0 and len(rows) == 72, f"ensemble: {bad} CSV values differ ({len(rows)} rows)")
vbad = [k for k, v in doc["scenarios"][0]["verdicts"].items()
        if not all(same(ds["verdict_" + k].values[0, r], value(v["values"][r])) for r in range(3))]
check(not vbad, f"ensemble verdicts differ: {vbad}")

# compare: common random numbers, the CLI's verdicts for every scenario
configs = [os.path.join(CONFIGS, c + ".cfg") for c in ("us_institutions", "us_price_target")]
ds = uhisim.compare(configs, replicates=2, set=small, seed=3)
out = os.path.join(WORK, "cmp.json")
run("compare", *configs, "--replicates", 2, *small_args, "--seed", 3, "-o", out, "--quiet", check=True)
with open(out) as f:
    doc = json.load(f)
check(list(ds["scenario"].values) == [s["name"] for s in doc["scenarios"]], f"compare scenarios {list(ds['scenario'].values)}")
vbad = [(s["name"], k) for i, s in enumerate(doc["scenarios"]) for k, v in s["verdicts"].items()
        if not all(same(ds["verdict_" + k].values[i, r], value(v["values"][r])) for r in range(2))]
check(not vbad, f"compare verdicts differ: {vbad[:4]}")
check(ds["verdict_peak_unemployment"].attrs.get("units") == doc["verdict_units"]["peak_unemployment"], "verdict units")

# sweep: the CLI's summary.csv, a grid and each sampled design
ranges = ["ai.growth_per_year=2:20", "energy.growth_per_year=0.05:0.4"]
for label, args in (("grid", dict(vary=["ai.growth_per_year=2:8:3", "policy.fiscal.capital_tax=0:0.5:2"], replicates=2)),
                    ("sobol", dict(vary=ranges, design="sobol", samples=3)),
                    ("lhs", dict(vary=ranges, design="lhs", samples=5, seed=11)),
                    ("morris", dict(vary=ranges, design="morris", samples=2, seed=11))):
    sets = {"run.agents": 1000, "run.months": 12}
    df = uhisim.sweep(config, set=sets, **args)
    folder = os.path.join(WORK, "sweep_" + label)
    cli = ["sweep", config, *[a for v in args["vary"] for a in ("--vary", v)], "--set", "run.agents=1000",
           "--set", "run.months=12", "-o", folder, "--quiet"]
    if "design" in args:
        cli += ["--design", args["design"], "--samples", args["samples"]]
    if "replicates" in args:
        cli += ["--replicates", args["replicates"]]
    if "seed" in args:
        cli += ["--seed", args["seed"]]
    run(*cli, check=True)
    with open(os.path.join(folder, "summary.csv")) as f:
        rows = list(csv.DictReader(f))
    check(list(df.columns) == list(rows[0].keys()) and len(df) == len(rows),
          f"sweep {label}: columns/rows {list(df.columns)[:6]} {len(df)} vs {list(rows[0].keys())[:6]} {len(rows)}")
    bad = [(i, k) for i, row in enumerate(rows) for k, v in row.items()
           if (k == "config" and df[k].iloc[i] != v)
           or (k != "config" and not same(float(df[k].iloc[i]), value(v)))]
    check(not bad, f"sweep {label}: {len(bad)} cells differ from summary.csv, first {bad[:3]}")

# errors: the CLI's message and exit status
cases = [
    (lambda: uhisim.run(config, set={"ai.growht": 2}), ["run", config, "--set", "ai.growht=2"]),
    (lambda: uhisim.run(os.path.join(WORK, "missing.cfg")), ["run", os.path.join(WORK, "missing.cfg")]),
    (lambda: uhisim.run(config, set={"ai.growth_per_year": -1}), ["run", config, "--set", "ai.growth_per_year=-1"]),
    (lambda: uhisim.sweep(config, vary=["ai.growth_per_year=2:20"], design="sobol", samples=1),
     ["sweep", config, "--vary", "ai.growth_per_year=2:20", "--design", "sobol", "--samples", "1"]),
    (lambda: uhisim.sweep(config, vary=["ai.growth_per_year=2:20"], design="sobal", samples=4),
     ["sweep", config, "--vary", "ai.growth_per_year=2:20", "--design", "sobal", "--samples", "4"]),
    (lambda: uhisim.sweep(config, vary=["ai.growth_per_year=2:20"], design="lhs"),
     ["sweep", config, "--vary", "ai.growth_per_year=2:20", "--design", "lhs"]),
]
for call, cli in cases:
    p = run(*cli, "-o", os.path.join(WORK, "err.json"))
    cli_msg = p.stderr.split("uhisim: error: ", 1)[-1].split("\n")[0]
    try:
        call()
        check(False, f"{cli}: no exception")
    except uhisim.UhisimError as e:
        check(str(e) == cli_msg and e.exit_status == p.returncode == 2,
              f"{cli}: Python says {str(e)!r} ({e.exit_status}), the CLI {cli_msg!r} ({p.returncode})")

# progress: the CLI's line on a terminal's standard error, none with quiet=True
# or where standard error is not a terminal
import pty  # noqa: E402
import subprocess  # noqa: E402
script = ("import sys, uhisim; uhisim.sweep(sys.argv[1], vary=['ai.growth_per_year=2:20'], design='lhs', "
          "samples=3, set={'run.agents': 500, 'run.months': 6}, quiet=sys.argv[2] == 'quiet')")
env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE, "python"))
for mode in ("show", "quiet"):
    leader, follower = pty.openpty()
    p = subprocess.run([sys.executable, "-c", script, config, mode], stderr=follower, env=env)
    os.close(follower)
    text = b""
    try:
        while chunk := os.read(leader, 4096):
            text += chunk
    except OSError:  # EIO: the terminal's other end is closed and read out
        pass
    text = text.decode()
    os.close(leader)
    want = "uhisim: sweep 3 of 3, " if mode == "show" else ""
    check(p.returncode == 0 and (want in text if want else text == ""), f"progress ({mode}) on a terminal: {text!r}")
p = subprocess.run([sys.executable, "-c", script, config, "show"], capture_output=True, text=True, env=env)
check(p.returncode == 0 and p.stderr == "", f"progress where standard error is a pipe: {p.stderr!r}")

# the library exports the calls of uhisim_api.h and none of the core's names
# (libuhisim.map), so another library's params_free cannot be bound to ours
import ctypes  # noqa: E402
so = ctypes.CDLL(os.environ["UHISIM_LIB"])
check(hasattr(so, "uhisim_api_run"), "libuhisim.so exports uhisim_api_run")
leaked = [n for n in ("params_free", "sweep_free", "sim_fail", "experiment_load_params") if hasattr(so, n)]
check(not leaked, f"libuhisim.so exports core names {leaked}")

finish()

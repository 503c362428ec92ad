#!/usr/bin/python3
"""sensitivity.py - Sensitivity indices of a uhisim sweep made with --design sobol|morris|lhs.

    /usr/bin/python3 analysis/sensitivity.py SWEEP_DIR [-o OUT_PREFIX] [--verdicts a,b,c]

Reads SWEEP_DIR/manifest.json (its "sampling" object: design, samples N, ranges)
and SWEEP_DIR/summary.csv (replicates averaged per point) and computes, for each
verdict and swept key:

  sobol   first-order S1 (Saltelli et al. 2010) and total ST (Jansen 1999);
  morris  mu, mu* and sigma of the elementary effects (Morris 1991; mu*:
          Campolongo et al. 2007), in unit-cube terms;
  lhs     standardised rank regression coefficients (SRRC) and their R^2
          (a screening measure, not a variance decomposition);

each with a 95 % percentile bootstrap interval (1000 resamples of the samples,
trajectories or points with replacement, fixed seed). Writes OUT.json, OUT.csv,
OUT.png and OUT.svg (default OUT = SWEEP_DIR/sensitivity), each atomically.
Exit status: 0 done, 2 a folder or input that cannot be used (the message says why).

The estimators are plain numpy functions on arrays (morris, sobol_indices,
sobol_split, srrc, bootstrap, morris_with_ci, sobol_with_ci, srrc_with_ci), usable on the output
of the Python package as well; see docs/sensitivity.md for the formulas."""
import argparse
import csv
import difflib
import io
import json
import math
import os
import sys
import tempfile
import textwrap
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import uhisim_json as uj  # noqa: E402

N_BOOT = 1000
BOOT_SEED = 20100259      # fixed: the same sweep gives the same intervals
LEVEL = 0.95
DESIGNS = ("sobol", "morris", "lhs")
# what each design's indices are called, in table order
INDEX_NAMES = {"sobol": ("S1", "ST"), "morris": ("mu", "mu_star", "sigma"),
               "lhs": ("SRRC",)}
# unit-cube coordinates closer than this are the same level (the values come back
# from their shortest round-trip text, so only the (x - lo) / (hi - lo) rounding differs)
TOL = 1e-9


class SensitivityError(Exception):
    """Input that the estimators cannot use; the message says why."""


# ---------------------------------------------------------------- estimators

def sobol_indices(yA, yB, yAB):
    """First-order and total Sobol indices from the Saltelli (2010) layout.

    yA, yB: arrays (N,) of the output at the rows of the two independent sample
    matrices A and B; yAB: array (N, k), column i the output at A with its column i
    taken from B. The mean m and variance V are those of the 2N values of yA and yB.
      S1_i = mean((yB - m) (yAB_i - yA)) / V    Saltelli et al. (2010),
             Comput. Phys. Commun. 181:259, table 2 (b), on the centred output
             (as SALib does): the same in expectation, since E[yAB_i - yA] = 0,
             without the sampling error of m mean(yAB_i - yA), which grows with
             m^2 / V and swamps a verdict whose mean is large beside its spread
             (a Gini near 0.5 that moves by 0.001)
      ST_i = mean((yA - yAB_i)^2) / (2 V)       Jansen (1999),
             Comput. Phys. Commun. 117:35 (table 2 (f) of Saltelli et al. 2010)
    Returns {"S1": array (k,), "ST": array (k,), "V": float}. Raises
    SensitivityError for mismatched shapes, fewer than 2 samples, non-finite values
    or V = 0 (a constant output has no variance to share out)."""
    yA = np.asarray(yA, dtype=float)
    yB = np.asarray(yB, dtype=float)
    yAB = np.asarray(yAB, dtype=float)
    if yA.ndim != 1 or yB.shape != yA.shape or yAB.ndim != 2 or yAB.shape[0] != yA.shape[0]:
        raise SensitivityError(f"sobol_indices: yA {yA.shape}, yB {yB.shape}, yAB {yAB.shape}; "
                               "expected (N,), (N,) and (N, k)")
    if yA.shape[0] < 2:
        raise SensitivityError("sobol_indices: fewer than 2 samples")
    if not (np.isfinite(yA).all() and np.isfinite(yB).all() and np.isfinite(yAB).all()):
        raise SensitivityError("sobol_indices: a value is not finite")
    both = np.concatenate([yA, yB])
    V = float(np.var(both))
    if not V > 0:
        raise SensitivityError("the output is the same in every sample (variance 0)")
    S1 = np.mean((yB - both.mean())[:, None] * (yAB - yA[:, None]), axis=0) / V
    ST = np.mean((yA[:, None] - yAB) ** 2, axis=0) / (2 * V)
    return {"S1": S1, "ST": ST, "V": V}


def sobol_split(y, N, k):
    """yA (N,), yB (N,) and yAB (N, k) from outputs y (N*(k+2),) in the point order of
    `uhisim sweep --design sobol` (per sample j: A_j, B_j, AB_j^(1), ..., AB_j^(k)),
    for sobol_indices. Raises SensitivityError if y has another length."""
    y = np.asarray(y, dtype=float)
    if y.shape != (N * (k + 2),):
        raise SensitivityError(f"sobol_split: {y.shape} outputs; N = {N} samples of k = {k} "
                               f"keys have {N * (k + 2)} points")
    Y = y.reshape(N, k + 2)
    return Y[:, 0], Y[:, 1], Y[:, 2:]


def _morris_steps(points_unit, k):
    """(trajectories (N, k+1, k), which factor each step moves (N, k), step sizes)."""
    X = np.asarray(points_unit, dtype=float)
    if X.ndim != 2 or X.shape[1] != k or X.shape[0] % (k + 1) or X.shape[0] == 0:
        raise SensitivityError(f"morris: points of shape {X.shape}; expected (N*(k+1), k) "
                               f"with k = {k}")
    T = X.reshape(-1, k + 1, k)
    D = np.diff(T, axis=1)                       # (N, k, k): step l, factor i
    moved = np.abs(D) > TOL
    bad = np.argwhere(moved.sum(axis=2) != 1)
    if len(bad):
        t, step = bad[0]
        raise SensitivityError(f"morris: trajectory {t}: points {t * (k + 1) + step} and "
                               f"{t * (k + 1) + step + 1} differ in {int(moved[t, step].sum())} "
                               "keys, not exactly one")
    which = np.argmax(moved, axis=2)             # (N, k)
    if not (np.sort(which, axis=1) == np.arange(k)).all():
        t = int(np.argmax((np.sort(which, axis=1) != np.arange(k)).any(axis=1)))
        raise SensitivityError(f"morris: trajectory {t} does not move every key once")
    step = np.take_along_axis(D, which[:, :, None], axis=2)[:, :, 0]
    return T, which, step


def _morris_effects(points_unit, y, k):
    """Elementary effects (N, k), factor order of points: EE[t, i]."""
    y = np.asarray(y, dtype=float)
    _, which, step = _morris_steps(points_unit, k)
    if y.shape != (which.shape[0] * (k + 1),):
        raise SensitivityError(f"morris: {y.shape[0] if y.ndim == 1 else y.shape} outputs "
                               f"for {which.shape[0] * (k + 1)} points")
    if not np.isfinite(y).all():
        raise SensitivityError("morris: an output is not finite")
    Y = y.reshape(-1, k + 1)
    ee_steps = np.diff(Y, axis=1) / step         # (N, k), in step order
    EE = np.empty_like(ee_steps)
    np.put_along_axis(EE, which, ee_steps, axis=1)
    return EE


def _morris_stats(EE):
    N = EE.shape[0]
    sigma = EE.std(axis=0, ddof=1) if N >= 2 else np.full(EE.shape[1], np.nan)
    return {"mu": EE.mean(axis=0), "mu_star": np.abs(EE).mean(axis=0), "sigma": sigma}


def morris(points_unit, y, k):
    """Morris (1991) screening measures from N one-at-a-time trajectories.

    points_unit: array (N*(k+1), k) of the points in the unit cube, trajectory t
    being rows t*(k+1) ... t*(k+1)+k, consecutive rows differing in exactly one
    factor (the layout of `uhisim sweep --design morris`); y: array (N*(k+1),) of
    the outputs. The elementary effect of the factor that moves between rows l and
    l+1 is EE = (y_{l+1} - y_l) / (x_{l+1} - x_l) (x in unit-cube terms, so the
    step is +-delta). Returns {"mu": mean EE, "mu_star": mean |EE| (Campolongo et
    al. 2007, Environ. Model. Softw. 22:1509), "sigma": standard deviation of EE
    (ddof 1; NaN for N = 1)}, each an array (k,) in factor order. Raises
    SensitivityError for a wrong layout or non-finite outputs."""
    return _morris_stats(_morris_effects(points_unit, y, k))


def srrc(X, y):
    """Standardised rank regression coefficients (Saltelli et al. 2004, "Sensitivity
    analysis in practice", ch. 1.2.5): the least-squares coefficients of the ranks of
    y on the ranks of the columns of X, all scaled to unit standard deviation; tied
    values take the mean of their ranks.
    X: array (n, k); y: array (n,). Returns {"SRRC": array (k,), "R2": float}
    (R2: the share of the rank variance the linear model explains; a low R2 says
    the coefficients miss most of the output's variation). Raises
    SensitivityError for fewer than k+2 points or a constant column or output."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = X.shape
    if y.shape != (n,) or n < k + 2:
        raise SensitivityError(f"srrc: {n} points for {k} keys (need at least {k + 2})")

    def ranks(v):
        # tied values share the mean of their ranks (midranks), so a constant or
        # stepped output is ranked by its values, not by the order of the points
        order = np.argsort(v, kind="stable")
        _, first, counts = np.unique(v[order], return_index=True, return_counts=True)
        r = np.empty(len(v))
        r[order] = np.repeat(first + (counts - 1) / 2.0, counts)
        return r

    R = np.column_stack([ranks(X[:, i]) for i in range(k)])
    ry = ranks(y)
    sx, sy = R.std(axis=0), ry.std()
    if not sy > 0:
        raise SensitivityError("the output is the same in every point (variance 0)")
    if not (sx > 0).all():
        raise SensitivityError("srrc: a key has the same value in every point")
    Z = (R - R.mean(axis=0)) / sx
    zy = (ry - ry.mean()) / sy
    beta, *_ = np.linalg.lstsq(Z, zy, rcond=None)
    resid = zy - Z @ beta
    return {"SRRC": beta, "R2": float(1 - resid.var() / zy.var())}


def bootstrap(statistic, n, n_boot=N_BOOT, seed=BOOT_SEED, level=LEVEL):
    """Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13).

    statistic(idx) -> {name: array or float} computed on the resampled units idx
    (an int array of length n drawn with replacement from 0..n-1: samples j for
    Sobol, trajectories for Morris, points for SRRC); n_boot resamples with a
    numpy Generator seeded by `seed`. Returns {name: (low, high)} arrays, the
    (1-level)/2 and (1+level)/2 quantiles of the resampled values; a resample for
    which statistic raises SensitivityError (e.g. all outputs equal) is skipped,
    and fewer than half usable resamples raise SensitivityError."""
    rng = np.random.default_rng(seed)
    draws = {}
    used = 0
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        try:
            s = statistic(idx)
        except SensitivityError:
            continue
        used += 1
        for name, v in s.items():
            draws.setdefault(name, []).append(np.asarray(v, dtype=float))
    if used < n_boot / 2:
        raise SensitivityError(f"bootstrap: only {used} of {n_boot} resamples usable")
    q = [(1 - level) / 2, (1 + level) / 2]
    out = {}
    for name, vals in draws.items():
        with warnings.catch_warnings():
            # an index undefined in every resample (sigma of one trajectory) stays NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            lo, hi = np.nanquantile(np.array(vals), q, axis=0)
        out[name] = (lo, hi)
    return out


def sobol_with_ci(yA, yB, yAB, n_boot=N_BOOT, seed=BOOT_SEED, level=LEVEL):
    """sobol_indices plus bootstrap intervals over the N samples j (each resample
    keeps A_j, B_j and AB_j together). Returns {"S1": (value, low, high), "ST": ...,
    "V": V}, value/low/high arrays (k,)."""
    est = sobol_indices(yA, yB, yAB)
    yA, yB, yAB = (np.asarray(a, dtype=float) for a in (yA, yB, yAB))

    def stat(idx):
        s = sobol_indices(yA[idx], yB[idx], yAB[idx])
        return {"S1": s["S1"], "ST": s["ST"]}

    ci = bootstrap(stat, len(yA), n_boot, seed, level)
    return {"S1": (est["S1"], *ci["S1"]), "ST": (est["ST"], *ci["ST"]), "V": est["V"]}


def morris_with_ci(points_unit, y, k, n_boot=N_BOOT, seed=BOOT_SEED, level=LEVEL):
    """morris plus bootstrap intervals over the N trajectories. Returns
    {"mu": (value, low, high), "mu_star": ..., "sigma": ...}, arrays (k,)."""
    EE = _morris_effects(points_unit, y, k)
    est = _morris_stats(EE)

    def stat(idx):
        return _morris_stats(EE[idx])

    ci = bootstrap(stat, EE.shape[0], n_boot, seed, level)
    return {name: (est[name], *ci[name]) for name in est}


def srrc_with_ci(X, y, n_boot=N_BOOT, seed=BOOT_SEED, level=LEVEL):
    """srrc plus bootstrap intervals over the points. Returns {"SRRC": (value, low,
    high), "R2": float}."""
    est = srrc(X, y)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    ci = bootstrap(lambda idx: {"SRRC": srrc(X[idx], y[idx])["SRRC"]}, len(y), n_boot, seed,
                   level)
    return {"SRRC": (est["SRRC"], *ci["SRRC"]), "R2": est["R2"]}


# ---------------------------------------------------------------- sweep folder

def _read_manifest(d):
    path = os.path.join(d, "manifest.json")
    if not os.path.isdir(d):
        raise SensitivityError(f"{d}: no such folder (expected a uhisim sweep folder)")
    if not os.path.exists(path):
        raise SensitivityError(f"{d}: no manifest.json (not a uhisim sweep folder; make one "
                               "with `uhisim sweep CFG --design sobol|morris|lhs ... -o DIR`)")
    try:
        m = uj._read_json(path)
    except uj.FormatError as e:
        raise SensitivityError(str(e))
    if not isinstance(m, dict) or m.get("schema") != "uhisim.sweep.manifest":
        raise SensitivityError(f"{path}: not a uhisim sweep manifest (schema "
                               f"{json.dumps(m.get('schema') if isinstance(m, dict) else None)}, "
                               "expected \"uhisim.sweep.manifest\")")
    s = m.get("sampling")
    if not isinstance(s, dict):
        raise SensitivityError(f"{path}: no \"sampling\" object: a grid, design-table or "
                               "scenario sweep has no sensitivity indices; make the sweep with "
                               "--design sobol or --design morris")
    where = f"{path}: sampling"
    design = s.get("design")
    if design not in DESIGNS:
        raise SensitivityError(f"{where}.design is {json.dumps(design)}, expected one of "
                               + ", ".join(f'"{x}"' for x in DESIGNS))
    scheme = s.get("scheme", "saltelli2010")
    if design == "sobol" and scheme != "saltelli2010":
        raise SensitivityError(f"{where}.scheme is {json.dumps(scheme)}; this script reads "
                               "\"saltelli2010\" (points A_j, B_j, AB_j^(1) ... AB_j^(k))")
    N = s.get("samples")
    if not isinstance(N, int) or isinstance(N, bool) or N < 1:
        raise SensitivityError(f"{where}.samples is {json.dumps(N)}, expected a positive integer")
    ranges = s.get("ranges")
    if not isinstance(ranges, list) or not ranges:
        raise SensitivityError(f"{where}.ranges: missing or empty, expected "
                               "[{\"key\": K, \"lo\": LO, \"hi\": HI}, ...]")
    keys, lo, hi = [], [], []
    for i, r in enumerate(ranges):
        ok = isinstance(r, dict) and isinstance(r.get("key"), str) and all(
            isinstance(r.get(f), (int, float)) and not isinstance(r.get(f), bool)
            for f in ("lo", "hi"))
        if not ok or not r["hi"] > r["lo"]:
            raise SensitivityError(f"{where}.ranges[{i}] is {json.dumps(r)}, expected "
                                   "{\"key\": K, \"lo\": LO, \"hi\": HI} with HI > LO")
        keys.append(r["key"])
        lo.append(float(r["lo"]))
        hi.append(float(r["hi"]))
    return m, {"design": design, "samples": N, "keys": keys, "lo": np.array(lo),
               "hi": np.array(hi), "raw": s}


def n_points(design, N, k):
    """The number of points of a design (docs/output.md, sweep designs)."""
    return {"sobol": N * (k + 2), "morris": N * (k + 1), "lhs": N}[design]


def _number(text, where):
    if text == "":
        return None
    try:
        v = float(text)
    except ValueError:
        raise SensitivityError(f"{where}: '{text}' is not a number")
    if not math.isfinite(v):
        raise SensitivityError(f"{where}: '{text}' is not a finite number")
    return v


def read_sweep(d):
    """Reads a sweep folder. Returns a dict: manifest, sampling (design, samples,
    keys, lo, hi), X (n_points, k) key values, U (the same in the unit cube),
    verdicts [names], Y {verdict: array (n_points,) mean over replicates, NaN where a
    replicate is null}, nulls {verdict: number of points with a null}, replicates R,
    program (version string or None). Raises SensitivityError."""
    m, s = _read_manifest(d)
    keys, k = s["keys"], len(s["keys"])
    P = n_points(s["design"], s["samples"], k)
    mk = m.get("keys")
    if mk is not None and list(mk) != keys:
        raise SensitivityError(f"{d}/manifest.json: keys {mk} differ from the sampling ranges' "
                               f"keys {keys}")
    points = m.get("points")
    if isinstance(points, list) and len(points) != P:
        raise SensitivityError(f"{d}/manifest.json: {len(points)} points; a {s['design']} design "
                               f"with {s['samples']} samples and {k} keys has {P}")
    R = m.get("replicates", 1)
    if not isinstance(R, int) or R < 1:
        raise SensitivityError(f"{d}/manifest.json: replicates is {json.dumps(R)}")
    path = os.path.join(d, "summary.csv")
    if not os.path.exists(path):
        raise SensitivityError(f"{path}: missing (the sweep has not finished; run it again into "
                               f"{d} to resume)")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise SensitivityError(f"{path}: empty")
    head = rows[0]
    fixed = ["point", "replicate", "seed", "config"]
    if head[:4] != fixed or head[4:4 + k] != keys:
        raise SensitivityError(f"{path}: header starts {','.join(head[:4 + k])}; expected "
                               f"{','.join(fixed + keys)}")
    verdicts = head[4 + k:]
    if not verdicts:
        raise SensitivityError(f"{path}: no verdict columns")
    X = np.full((P, k), np.nan)
    sums = np.zeros((P, len(verdicts)))
    nulls = np.zeros((P, len(verdicts)), dtype=bool)
    seen = np.zeros((P, R), dtype=bool)
    for line, row in enumerate(rows[1:], start=2):
        where = f"{path}:{line}"
        if len(row) != len(head):
            raise SensitivityError(f"{where}: {len(row)} fields, expected {len(head)} (the file "
                                   "is cut short or not a uhisim summary.csv)")
        try:
            p, r = int(row[0]), int(row[1])
        except ValueError:
            raise SensitivityError(f"{where}: point '{row[0]}' and replicate '{row[1]}' must be "
                                   "integers")
        if not (0 <= p < P and 0 <= r < R):
            raise SensitivityError(f"{where}: point {p} replicate {r} outside the design's {P} "
                                   f"points and {R} replicates")
        if seen[p, r]:
            raise SensitivityError(f"{where}: point {p} replicate {r} appears twice")
        seen[p, r] = True
        x = [_number(t, f"{where}: {keys[i]}") for i, t in enumerate(row[4:4 + k])]
        if any(v is None for v in x):
            raise SensitivityError(f"{where}: a swept key has no value")
        if np.isnan(X[p]).all():
            X[p] = x
        elif not np.array_equal(X[p], x):
            raise SensitivityError(f"{where}: point {p}'s key values differ between replicates")
        for j, t in enumerate(row[4 + k:]):
            v = _number(t, f"{where}: {verdicts[j]}")
            if v is None:
                nulls[p, j] = True
            else:
                sums[p, j] += v
    if not seen.all():
        miss = np.argwhere(~seen)
        first = ", ".join(f"point {p} replicate {r}" for p, r in miss[:3])
        raise SensitivityError(f"{path}: incomplete: {len(miss)} of {P * R} runs missing "
                               f"({first}{', ...' if len(miss) > 3 else ''}); run the sweep again "
                               f"into {d} to finish it")
    span = s["hi"] - s["lo"]
    U = (X - s["lo"]) / span
    out = np.argwhere((U < -TOL) | (U > 1 + TOL))
    if len(out):
        p, i = out[0]
        raise SensitivityError(f"{path}: point {p}: {keys[i]} = {X[p, i]!r} outside its range "
                               f"[{s['lo'][i]!r}, {s['hi'][i]!r}]")
    Y, nnull = {}, {}
    for j, v in enumerate(verdicts):
        y = sums[:, j] / R
        y[nulls[:, j]] = np.nan
        Y[v] = y
        nnull[v] = int(nulls[:, j].sum())
    return {"manifest": m, "sampling": s, "X": X, "U": np.clip(U, 0, 1), "verdicts": verdicts,
            "Y": Y, "nulls": nnull, "replicates": R, "program": _program(d, m), "path": d}


def _program(d, m):
    """The version of the program that ran the sweep: the manifest's "program", else
    the rows' (one version, or the versions joined by ", "), else None."""
    for key in ("program", "program_version"):
        if isinstance(m.get(key), str):
            return m[key]
    rows = os.path.join(d, "rows")
    found = set()
    if os.path.isdir(rows):
        for n in sorted(os.listdir(rows)):
            if n.endswith(".json"):
                try:
                    with open(os.path.join(rows, n), encoding="utf-8") as f:
                        v = json.load(f).get("program")
                except (OSError, ValueError, AttributeError):
                    continue
                if isinstance(v, str):
                    found.add(v)
    return ", ".join(sorted(found)) if found else None


def _sobol_split(U, y, N, k, path):
    """yA, yB, yAB from the design's point order; checks the AB layout."""
    T = U.reshape(N, k + 2, k)
    A, B, AB = T[:, 0], T[:, 1], T[:, 2:]
    for i in range(k):
        want = A.copy()
        want[:, i] = B[:, i]
        bad = np.argwhere(np.abs(AB[:, i] - want) > 1e-9)
        if len(bad):
            j = bad[0][0]
            raise SensitivityError(f"{path}: point {j * (k + 2) + 2 + i} is not sample {j}'s A "
                                   f"with key {i + 1} from B (points must be A_j, B_j, AB_j^(1) "
                                   "... AB_j^(k) per sample j)")
    return sobol_split(y, N, k)


def analyse(sw, verdicts=None, n_boot=N_BOOT, seed=BOOT_SEED):
    """The indices of each verdict of a read sweep (read_sweep). Returns
    {verdict: {"computable": bool, "reason": text (not computable), ...}}; a
    computable verdict has "indices": {key: {index: {"value", "low", "high"}}}
    (None where undefined, e.g. sigma with one trajectory) and, for sobol, "variance",
    for lhs "R2"."""
    s = sw["sampling"]
    design, N, keys, k = s["design"], s["samples"], s["keys"], len(s["keys"])
    # the layout is the same for every verdict: a wrong one is an error of the folder
    if design == "sobol":
        _sobol_split(sw["U"], np.zeros(len(sw["U"])), N, k, sw["path"])
    elif design == "morris":
        try:
            _morris_steps(sw["U"], k)
        except SensitivityError as e:
            raise SensitivityError(f"{sw['path']}/summary.csv: {e}")
    res = {}
    for v in verdicts or sw["verdicts"]:
        y = sw["Y"][v]
        if sw["nulls"][v]:
            res[v] = {"computable": False,
                      "reason": f"null (undefined) in {sw['nulls'][v]} of {len(y)} points "
                                "(a point with a null replicate counts as null)"}
            continue
        try:
            if design == "sobol":
                r = sobol_with_ci(*_sobol_split(sw["U"], y, N, k, sw["path"]), n_boot, seed)
                extra = {"variance": r.pop("V")}
            elif design == "morris":
                r = morris_with_ci(sw["U"], y, k, n_boot, seed)
                extra = {}
            else:
                r = srrc_with_ci(sw["U"], y, n_boot, seed)
                extra = {"R2": r.pop("R2")}
        except SensitivityError as e:
            res[v] = {"computable": False, "reason": str(e)}
            continue
        ind = {}
        for i, key in enumerate(keys):
            ind[key] = {name: {f: _num(r[name][n][i]) for n, f in enumerate(("value", "low",
                                                                              "high"))}
                        for name in INDEX_NAMES[design]}
        res[v] = {"computable": True, **{a: _num(b) for a, b in extra.items()}, "indices": ind}
    return res


def _num(x):
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- writing

def atomic_write(path, write):
    """Calls write(f) on a temporary file beside path, then renames it to path, so a
    reader never sees half a file; on failure the temporary is removed."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp.", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def document(sw, res, n_boot=N_BOOT, seed=BOOT_SEED):
    s = sw["sampling"]
    est = {"sobol": {"S1": "Saltelli et al. (2010), Comput. Phys. Commun. 181:259",
                     "ST": "Jansen (1999), Comput. Phys. Commun. 117:35"},
           "morris": {"mu": "Morris (1991), Technometrics 33:161",
                      "mu_star": "Campolongo et al. (2007), Environ. Model. Softw. 22:1509",
                      "sigma": "Morris (1991), Technometrics 33:161"},
           "lhs": {"SRRC": "standardised rank regression coefficients (Saltelli et al. 2004)"}}
    unit = {"sobol": "samples", "morris": "trajectories", "lhs": "points"}[s["design"]]
    return {
        "schema": "uhisim.sensitivity", "schema_version": 1,
        "sweep": sw["path"], "program": sw["program"],
        "design": s["design"], "samples": s["samples"], "replicates": sw["replicates"],
        "keys": s["keys"],
        "ranges": [{"key": key, "lo": float(a), "hi": float(b)}
                   for key, a, b in zip(s["keys"], s["lo"], s["hi"])],
        "estimators": est[s["design"]],
        "bootstrap": {"resamples": n_boot, "seed": seed, "level": LEVEL,
                      "method": "percentile", "resampled": unit},
        "verdicts": res,
    }


def csv_text(doc):
    names = INDEX_NAMES[doc["design"]]
    head = ["verdict", "key"] + [f"{n}{suf}" for n in names for suf in ("", "_low", "_high")] \
        + ["note"]
    lines = [head]
    for v, r in doc["verdicts"].items():
        if not r["computable"]:
            lines.append([v, ""] + [""] * (3 * len(names)) + [r["reason"]])
            continue
        for key in doc["keys"]:
            cells = []
            for n in names:
                for f in ("value", "low", "high"):
                    x = r["indices"][key][n][f]
                    cells.append("" if x is None else repr(x))
            lines.append([v, key] + cells + [""])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    return buf.getvalue()


BAR_COLOURS = {"ST": "#08519c", "S1": "#6baed6", "mu_star": "#a63603", "sigma": "#fdae6b",
               "SRRC": "#31a354"}
BAR_WORDS = {"ST": "total ST (Jansen)", "S1": "first-order S1 (Saltelli)",
             "mu_star": "\u03bc* (mean |elementary effect|)",
             "sigma": "\u03c3 (std of elementary effects)", "SRRC": "SRRC (rank regression)"}


def figure(doc):
    """One panel per verdict: horizontal bars with bootstrap intervals, keys sorted by
    the total index (ST, mu*, |SRRC|), the largest at the top."""
    up, plt = uj.plotting()
    design = doc["design"]
    bars = {"sobol": ("ST", "S1"), "morris": ("mu_star", "sigma"), "lhs": ("SRRC",)}[design]
    verdicts = list(doc["verdicts"])
    k = len(doc["keys"])
    ncols = min(3, len(verdicts))
    nrows = math.ceil(len(verdicts) / ncols)
    height = (1.5 + 0.55 * k * len(bars)) * nrows + 1.8     # inches: panels, title, legend
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, figsize=(6.5 * ncols, height))
    for ax in axes.flat[len(verdicts):]:
        ax.set_visible(False)
    h = 0.8 / len(bars)
    for ax, v in zip(axes.flat, verdicts):
        r = doc["verdicts"][v]
        ax.set_title(_wrap(uj.verdict_words(v), 48), fontsize=12)
        if not r["computable"]:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.text(0.5, 0.5, "not computable:\n" + _wrap(r["reason"], 40), ha="center",
                    va="center", transform=ax.transAxes, fontsize=11, color="0.3")
            continue
        ind = r["indices"]

        def total(key):
            x = ind[key][bars[0]]["value"]
            return -math.inf if x is None else abs(x)
        order = sorted(doc["keys"], key=total)        # the largest drawn at the top
        ys = np.arange(len(order))
        for b, name in enumerate(bars):
            vals = [ind[key][name]["value"] for key in order]
            lo = [ind[key][name]["low"] for key in order]
            hi = [ind[key][name]["high"] for key in order]
            val = np.array([np.nan if x is None else x for x in vals])
            err = np.array([[0 if (x is None or a is None) else max(x - a, 0) for x, a in
                             zip(vals, lo)],
                            [0 if (x is None or c is None) else max(c - x, 0) for x, c in
                             zip(vals, hi)]])
            ax.barh(ys + (len(bars) - 1) * h / 2 - b * h, np.nan_to_num(val), height=h,
                    xerr=err, color=BAR_COLOURS[name], capsize=3, label=BAR_WORDS[name],
                    error_kw={"elinewidth": 1.2, "ecolor": "0.15"})
        ax.set_yticks(ys, order, fontsize=10)
        ax.axvline(0, color="black", lw=0.8)
        if design == "sobol":
            ax.set_xlabel("share of the output's variance")
        elif design == "morris":
            ax.set_xlabel("elementary effect (verdict units per unit range)")
        else:
            ax.set_xlabel(f"SRRC (R\u00b2 = {uj.fmt(r['R2'], 2)})")
    handles, labels = next((a.get_legend_handles_labels() for a in axes.flat
                            if a.get_legend_handles_labels()[0]), ([], []))
    base = os.path.basename(str(doc["sweep"]).rstrip("/"))
    fig.suptitle(f"Sensitivity of the verdicts: {design} design, {doc['samples']} "
                 f"{ {'sobol': 'samples', 'morris': 'trajectories', 'lhs': 'points'}[design] }, "
                 f"{doc['replicates']} replicate{'s' if doc['replicates'] != 1 else ''} per "
                 f"point ({base})\nbars: estimate; whiskers: 95 % bootstrap interval")
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=len(handles), frameon=False)
    fig.tight_layout(rect=(0, 0.6 / height, 1, 1 - 1.0 / height))
    return fig, plt


def _wrap(text, width):
    return "\n".join(textwrap.wrap(text, width))


def write_outputs(doc, prefix):
    """Writes PREFIX.json, PREFIX.csv, PREFIX.png, PREFIX.svg; returns the paths."""
    text = json.dumps(doc, indent=2, allow_nan=False) + "\n"
    paths = []
    atomic_write(prefix + ".json", lambda f: f.write(text.encode()))
    paths.append(prefix + ".json")
    ctext = csv_text(doc)
    atomic_write(prefix + ".csv", lambda f: f.write(ctext.encode()))
    paths.append(prefix + ".csv")
    fig, plt = figure(doc)
    for ext in ("png", "svg"):
        atomic_write(f"{prefix}.{ext}", lambda f: fig.savefig(
            f, format=ext, dpi=110, metadata={"Date": None} if ext == "svg" else None))
        paths.append(f"{prefix}.{ext}")
    plt.close(fig)
    return paths


# Below these sizes a design's indices are mostly noise: a note says so.
FEW_SAMPLES = {
    "sobol": (64, "samples", "Saltelli et al. 2010 use N of 500 and more; N = 256 is a common minimum"),
    "morris": (10, "trajectories", "Campolongo et al. 2007 suggest 10 to 50"),
    "lhs": (30, "points", "rank regression wants several points per key and at least 30 or so"),
}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sensitivity.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sweep", help="sweep folder made with --design sobol|morris|lhs")
    ap.add_argument("-o", "--out", help="output prefix (default SWEEP_DIR/sensitivity)")
    ap.add_argument("--verdicts", default="",
                    help="comma-separated verdicts (default: every verdict in summary.csv)")
    args = ap.parse_args(argv)
    try:
        sw = read_sweep(args.sweep)
        chosen = [v for v in args.verdicts.split(",") if v]
        for v in chosen:
            if v not in sw["verdicts"]:
                near = difflib.get_close_matches(v, sw["verdicts"], n=1)
                hint = f"; did you mean '{near[0]}'?" if near else \
                    f" (known: {', '.join(sw['verdicts'])})"
                raise SensitivityError(f"--verdicts: no verdict '{v}' in "
                                       f"{os.path.join(args.sweep, 'summary.csv')}{hint}")
        res = analyse(sw, chosen or None)
        doc = document(sw, res)
        prefix = args.out or os.path.join(args.sweep, "sensitivity")
        written = write_outputs(doc, prefix)
    except SensitivityError as e:
        print(f"sensitivity.py: {e}", file=sys.stderr)
        return 2
    few = FEW_SAMPLES.get(doc["design"])
    if few and doc["samples"] < few[0]:
        print(f"sensitivity.py: note: {doc['samples']} {few[1]}; indices from so few are rough "
              f"(errors shrink as 1/sqrt(N); the intervals show how rough): {few[2]}",
              file=sys.stderr)
    bad = [v for v, r in res.items() if not r["computable"]]
    print(f"sensitivity.py: {doc['design']} indices of {len(res) - len(bad)} of {len(res)} "
          f"verdict{'s' if len(res) != 1 else ''}"
          + (f" (not computable: {', '.join(bad)})" if bad else "")
          + ": " + ", ".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

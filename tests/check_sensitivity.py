"""check_sensitivity.py - The sensitivity estimators (analysis/sensitivity.py) on
functions with known indices, and its command line on sweep folders written here.

Sobol: the Ishigami function (Ishigami & Homma 1990; a = 7, b = 0.1) on the
Saltelli (2010) A/B/AB layout built here from a Halton base (6 dimensions: A the
first 3, B the last 3): S1 within 0.03 of the analytic 0.3139, 0.4424, 0 and ST of
0.5576, 0.4424, 0.2437, every 95 % bootstrap interval containing the truth, and
the intervals narrower at N = 4096 than at N = 1024, and the same indices for
Ishigami + 1000 (S1 on the centred output). Morris: trajectories built
here with the contract's levels (p = 4, delta = 2/3); y = 3 x1 + 0.5 x2 + 0 x3 gives
mu = mu* = 3, 0.5, 0 and sigma = 0 (to rounding); y = 2 x1 + x2 x3 gives sigma 0 for
the additive x1 and sigma > 0 for the interacting x2 and x3. SRRC: y = x1 + 0.1 x2
on a random design ranks x1 first with R^2 near 1.

The command line: a Sobol, a Morris and an LHS sweep folder (manifest.json with
"sampling" and summary.csv in the layout of docs/output.md, 2 replicates, values
on scaled ranges) give OUT.json with the documented fields (strict JSON, no NaN),
the same indices as the array functions, a verdict with null points reported as
not computable, OUT.csv, OUT.png (not blank) and OUT.svg, and no temporary file
left. Wrong input exits 2 with a message and no traceback: a missing folder, a
folder without manifest.json, a manifest without "sampling", an incomplete
summary.csv, a misspelt --verdicts (with a suggestion), a Morris layout whose
consecutive points differ in two keys."""
import csv
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import (CONFIGS, SKIP, SOURCE, UHISIM, WORK, check, finish,  # noqa: E402
                         fresh_workdir, run)

PY = "/usr/bin/python3"
SCRIPT = os.path.join(SOURCE, "analysis", "sensitivity.py")

try:
    import numpy as np
    import matplotlib.image as mpimg
except ImportError as e:
    print(f"skipped: numpy/matplotlib not available to {sys.executable} ({e})")
    sys.exit(SKIP)

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
import sensitivity as sa  # noqa: E402

S1_TRUE = np.array([0.3139, 0.4424, 0.0])
ST_TRUE = np.array([0.5576, 0.4424, 0.2437])
# the closed forms (docs/sensitivity.md) give the rounded values above
_a, _b, _pi = 7.0, 0.1, math.pi
_V = _a ** 2 / 8 + _b * _pi ** 4 / 5 + _b ** 2 * _pi ** 8 / 18 + 0.5
_S1 = np.array([(1 + _b * _pi ** 4 / 5) ** 2 / 2, _a ** 2 / 8, 0]) / _V
_ST = _S1 + 8 * _b ** 2 * _pi ** 8 / 225 * np.array([1, 0, 1]) / _V
check(np.allclose(_S1, S1_TRUE, atol=5e-5) and np.allclose(_ST, ST_TRUE, atol=5e-5),
      f"Ishigami closed forms {_S1}, {_ST} differ from the table")


def halton(n, dims, skip=1):
    """The Halton sequence in the first `dims` prime bases, points skip ... skip+n-1."""
    primes = [2, 3, 5, 7, 11, 13, 17, 19][:dims]
    out = np.empty((n, dims))
    for d, p in enumerate(primes):
        i = np.arange(skip, n + skip)
        f, r = np.ones(n), np.zeros(n)
        while (i > 0).any():
            f /= p
            r += f * (i % p)
            i //= p
        out[:, d] = r
    return out


def ishigami(U, a=7.0, b=0.1):
    """Ishigami & Homma (1990) on the unit cube mapped to [-pi, pi]^3."""
    x = -math.pi + 2 * math.pi * np.asarray(U)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def saltelli_points(N, k):
    """Points in the contract's order: per sample j, A_j, B_j, AB_j^(1..k)."""
    M = halton(N, 2 * k)
    A, B = M[:, :k], M[:, k:]
    rows = []
    for j in range(N):
        rows.append(A[j])
        rows.append(B[j])
        for i in range(k):
            ab = A[j].copy()
            ab[i] = B[j, i]
            rows.append(ab)
    return np.array(rows)


def morris_points(N, k, seed):
    """N Morris trajectories (levels 0, 1/3, 2/3, 1; delta 2/3): a random base level
    per factor, the factors moved once each in a random order, up when x + delta <= 1."""
    rng = np.random.default_rng(seed)
    levels = np.array([0, 1, 2, 3]) / 3
    rows = []
    for _ in range(N):
        x = levels[rng.integers(0, 4, size=k)]
        rows.append(x.copy())
        for i in rng.permutation(k):
            x[i] = x[i] + 2 / 3 if x[i] + 2 / 3 <= 1 + 1e-12 else x[i] - 2 / 3
            rows.append(x.copy())
    return np.array(rows)


# ------------------------------------------------------------------ Sobol / Ishigami
fresh_workdir()
widths = {}
for N in (1024, 4096):
    U = saltelli_points(N, 3)
    r = sa.sobol_with_ci(*sa.sobol_split(ishigami(U), N, 3))
    for name, truth in (("S1", S1_TRUE), ("ST", ST_TRUE)):
        val, lo, hi = r[name]
        if N == 4096:
            check(np.all(np.abs(val - truth) <= 0.03),
                  f"Ishigami N={N}: {name} = {np.round(val, 4)}, expected {truth} +- 0.03")
        check(np.all((lo <= truth) & (truth <= hi)),
              f"Ishigami N={N}: {name} intervals [{np.round(lo, 4)}, {np.round(hi, 4)}] "
              f"miss {truth}")
        widths[(name, N)] = hi - lo
for name in ("S1", "ST"):
    check(np.all(widths[(name, 4096)] < 0.75 * widths[(name, 1024)]),
          f"{name} intervals do not shrink with N: {widths[(name, 1024)]} -> "
          f"{widths[(name, 4096)]}")
# S1 is taken on the centred output: adding 1000 to a verdict (a mean far beside
# its spread, as a Gini's) leaves every index and interval as it was, to rounding;
# the uncentred mean(yB (yAB - yA)) / V misses the truth by several units here
U = saltelli_points(1024, 3)
plain = sa.sobol_with_ci(*sa.sobol_split(ishigami(U), 1024, 3))
shifted = sa.sobol_with_ci(*sa.sobol_split(ishigami(U) + 1000.0, 1024, 3))
for name in ("S1", "ST"):
    check(all(np.allclose(plain[name][i], shifted[name][i], rtol=0, atol=1e-9) for i in range(3)),
          f"Ishigami + 1000: {name} {np.round(shifted[name][0], 4)} differs from {np.round(plain[name][0], 4)}")
# the bootstrap is seeded: the same input gives the same intervals
U = saltelli_points(256, 3)
a1 = sa.sobol_with_ci(*sa.sobol_split(ishigami(U), 256, 3))
a2 = sa.sobol_with_ci(*sa.sobol_split(ishigami(U), 256, 3))
check(all(np.array_equal(a1["S1"][i], a2["S1"][i]) for i in range(3)),
      "two bootstraps of the same samples differ")
# a constant output has no variance to share out
try:
    sa.sobol_indices(np.ones(8), np.ones(8), np.ones((8, 2)))
    check(False, "sobol_indices accepted a constant output")
except sa.SensitivityError as e:
    check("variance 0" in str(e), f"constant output: message '{e}'")

# ------------------------------------------------------------------ Morris
P = morris_points(50, 3, seed=3)
m = sa.morris(P, 3 * P[:, 0] + 0.5 * P[:, 1] + 0 * P[:, 2], 3)
for name, want in (("mu", [3, 0.5, 0]), ("mu_star", [3, 0.5, 0]), ("sigma", [0, 0, 0])):
    check(np.allclose(m[name], want, rtol=0, atol=1e-12),
          f"Morris linear: {name} = {m[name]}, expected {want}")
m = sa.morris(P, 2 * P[:, 0] + P[:, 1] * P[:, 2], 3)
check(abs(m["sigma"][0]) < 1e-12 and m["sigma"][1] > 0.1 and m["sigma"][2] > 0.1,
      f"Morris 2 x1 + x2 x3: sigma = {m['sigma']}, expected 0 for x1 and > 0.1 for x2, x3")
check(abs(m["mu_star"][0] - 2) < 1e-12, f"Morris 2 x1 + x2 x3: mu*(x1) = {m['mu_star'][0]}")
# EE of x2 is x3 at the trajectory: mu*(x2) is the mean of x3 over the steps of x2
ci = sa.morris_with_ci(P, 2 * P[:, 0] + P[:, 1] * P[:, 2], 3)
check(all(ci[n][1][i] <= ci[n][0][i] + 1e-12 and ci[n][0][i] <= ci[n][2][i] + 1e-12
          for n in ("mu", "mu_star", "sigma") for i in range(3)),
      f"Morris intervals do not hold the estimates: {ci}")
bad = P.copy()
bad[1] = [0.123, 0.456, 0.789]
try:
    sa.morris(bad, np.zeros(len(bad)), 3)
    check(False, "morris accepted a trajectory whose points differ in several keys")
except sa.SensitivityError as e:
    check("not exactly one" in str(e), f"bad Morris layout: message '{e}'")

# by hand, k = 1, y = x^2: trajectories 0 -> 2/3 and 1/3 -> 1 give EE 2/3 and 4/3,
# mu = mu* = 1, sigma = sqrt(((1/3)^2 + (1/3)^2) / (2 - 1)) = sqrt(2)/3
PH = np.array([[0], [2 / 3], [1 / 3], [1]])
mh = sa.morris(PH, PH[:, 0] ** 2, 1)
check(np.allclose([mh["mu"][0], mh["mu_star"][0], mh["sigma"][0]], [1, 1, math.sqrt(2) / 3],
                  rtol=0, atol=1e-12), f"Morris by hand: {mh}, expected 1, 1, sqrt(2)/3")
# a step down counts with its sign: 2/3 -> 0 on y = x is EE 1, not -1
md = sa.morris(np.array([[2 / 3], [0]]), np.array([2 / 3, 0]), 1)
check(abs(md["mu"][0] - 1) < 1e-12, f"Morris step down: mu = {md['mu']}")
# one trajectory: sigma undefined (None in the JSON), no warning
P1 = morris_points(1, 2, seed=4)
m1 = sa.morris_with_ci(P1, P1[:, 0] - P1[:, 1], 2)
check(np.allclose(m1["mu"][0], [1, -1]) and np.isnan(m1["sigma"][0]).all(),
      f"Morris with one trajectory: {m1}")

# ------------------------------------------------------------------ SRRC
rng = np.random.default_rng(5)
X = rng.random((200, 3))
s = sa.srrc(X, X[:, 0] + 0.1 * X[:, 1])
check(s["SRRC"][0] > 0.9 and 0.02 < s["SRRC"][1] < 0.3 and abs(s["SRRC"][2]) < 0.05
      and s["R2"] > 0.95, f"SRRC of x1 + 0.1 x2: {s}")
# ties take their mean rank: a step at the median of n points is Spearman's rho
# of a split, (sqrt(3)/2) n / sqrt(n^2 - 1); a constant output is refused
n = 1000
x = np.arange(n) / n
s = sa.srrc(x[::-1, None], (x[::-1] >= 0.5).astype(float))
rho = math.sqrt(3) / 2 * n / math.sqrt(n * n - 1)
check(abs(s["SRRC"][0] - rho) < 1e-12, f"SRRC of a step: {s['SRRC'][0]!r}, expected {rho!r}")
try:
    sa.srrc(np.arange(8.0)[:, None], np.ones(8))
    check(False, "SRRC of a constant output should be refused")
except sa.SensitivityError as e:
    check("the same in every point" in str(e), f"SRRC of a constant output: {e}")

# ------------------------------------------------------------------ sweep folders
RANGES = [("a.x", -math.pi, math.pi), ("b.y", -math.pi, math.pi), ("c.z", -math.pi, math.pi)]
VERDICTS = ["ishigami", "linear", "sometimes_null", "constant"]


def write_sweep(name, design, N, U, values, ranges=RANGES, sampling=True, drop_last=False,
                replicates=2):
    """A sweep folder as `uhisim sweep --design` writes it; values(U) -> {verdict: y}."""
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    keys = [r[0] for r in ranges]
    lo = np.array([r[1] for r in ranges])
    hi = np.array([r[2] for r in ranges])
    X = lo + (hi - lo) * U
    man = {"schema": "uhisim.sweep.manifest", "schema_version": 2, "base_config": "base.cfg",
           "replicates": replicates, "seed": "1", "set": [], "keys": keys,
           "replicate_seeds": [str(11 + r) for r in range(replicates)],
           "points": [{"point": p, "config": "base.cfg",
                       "set": [f"{k}={repr(float(v))}" for k, v in zip(keys, X[p])]}
                      for p in range(len(U))]}
    if sampling:
        man["sampling"] = {"design": design, "samples": N,
                           "ranges": [{"key": k, "lo": a, "hi": b} for k, a, b in ranges]}
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
    ys = values(U)
    with open(os.path.join(d, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["point", "replicate", "seed", "config"] + keys + list(ys))
        rows = [(p, r) for p in range(len(U)) for r in range(replicates)]
        if drop_last:
            rows = rows[:-1]
        for p, r in rows:
            # replicates +-0.25: the mean over replicates is the function's value
            cells = ["" if not math.isfinite(y[p]) else repr(float(y[p] + (0.25 if r else -0.25)))
                     for y in ys.values()]
            w.writerow([p, r, 11 + r, "base.cfg"] + [repr(float(v)) for v in X[p]] + cells)
    return d


def fake_values(U):
    y = ishigami(U)
    lin = 3 * U[:, 0] + 0.5 * U[:, 1]
    some = np.where(np.arange(len(U)) % 7 == 3, np.nan, lin)
    return {"ishigami": y, "linear": lin, "sometimes_null": some, "constant": 0 * lin + 2}


def cli(*args):
    p = subprocess.run([PY, SCRIPT, *map(str, args)], capture_output=True, text=True)
    check("Traceback" not in p.stderr, f"sensitivity.py {args}: a traceback\n{p.stderr}")
    return p


def strict_json(path):
    def no_constant(c):
        raise ValueError(f"{path}: {c} in JSON")
    with open(path) as f:
        return json.load(f, parse_constant=no_constant)


def png_ok(path):
    img = mpimg.imread(path)
    rgb = img[..., :3]
    return rgb.std() > 0.02 and (rgb < 0.9).mean() > 0.005


def outputs_ok(prefix, what):
    for ext in ("json", "csv", "png", "svg"):
        check(os.path.getsize(f"{prefix}.{ext}") > 100, f"{what}: {prefix}.{ext} missing or empty")
    check(png_ok(prefix + ".png"), f"{what}: {prefix}.png is blank")
    left = [n for n in os.listdir(os.path.dirname(prefix)) if ".tmp." in n]
    check(not left, f"{what}: temporary files left: {left}")


N = 512
U = saltelli_points(N, 3)
d = write_sweep("sobol", "sobol", N, U, fake_values)
out = os.path.join(WORK, "out", "sob")
p = cli(d, "-o", out)
check(p.returncode == 0, f"sobol sweep: exit {p.returncode}\n{p.stderr}")
if p.returncode == 0:
    outputs_ok(out, "sobol sweep")
    doc = strict_json(out + ".json")
    for f in ("schema", "design", "samples", "replicates", "keys", "ranges", "estimators",
              "bootstrap", "verdicts", "program"):
        check(f in doc, f"sobol JSON: no field '{f}'")
    check(doc.get("design") == "sobol" and doc.get("samples") == N and doc.get("replicates") == 2,
          f"sobol JSON: design/samples/replicates {doc.get('design')}, {doc.get('samples')}, "
          f"{doc.get('replicates')}")
    check(doc.get("program") is None, f"sobol JSON: program {doc.get('program')} without rows")
    check(doc["bootstrap"].get("resamples") == 1000, f"bootstrap: {doc['bootstrap']}")
    v = doc["verdicts"]
    check(list(v) == VERDICTS, f"sobol JSON verdicts {list(v)}")
    ref = sa.sobol_with_ci(*sa.sobol_split(ishigami(U), N, 3))
    for i, key in enumerate(["a.x", "b.y", "c.z"]):
        got = v["ishigami"]["indices"][key]
        for name in ("S1", "ST"):
            want = ref[name]
            check(abs(got[name]["value"] - want[0][i]) < 1e-9
                  and abs(got[name]["low"] - want[1][i]) < 1e-9
                  and abs(got[name]["high"] - want[2][i]) < 1e-9,
                  f"sobol CLI {key} {name} {got[name]} != arrays {[w[i] for w in want]}")
    check(v["sometimes_null"] == {"computable": False, "reason": v["sometimes_null"].get("reason")}
          and "null" in v["sometimes_null"]["reason"],
          f"a verdict with null points: {v['sometimes_null']}")
    check(not v["constant"]["computable"] and "variance 0" in v["constant"]["reason"],
          f"a constant verdict: {v['constant']}")
    # x3 has no effect on `linear`: its ST is 0 to rounding
    check(abs(v["linear"]["indices"]["c.z"]["ST"]["value"]) < 1e-12,
          f"linear: ST of an unused key {v['linear']['indices']['c.z']['ST']}")
    with open(out + ".csv") as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 2 * 3 + 2 and rows[0].get("S1_low") is not None,
          f"sobol CSV: {len(rows)} rows, columns {list(rows[0]) if rows else None}")
    with open(out + ".svg") as f:
        svg = f.read()
    check("Ishigami" not in svg and "a.x" in svg and "not computable" in svg,
          "sobol SVG lacks key names or the not-computable note")

# default prefix, --verdicts, and a program version read from the rows
os.makedirs(os.path.join(d, "rows"))
with open(os.path.join(d, "rows", "p000000_r0000.json"), "w") as f:
    json.dump({"point": 0, "replicate": 0, "program": "9.8.7", "verdicts": {}}, f)
p = cli(d, "--verdicts", "linear")
check(p.returncode == 0, f"--verdicts linear: exit {p.returncode}\n{p.stderr}")
if p.returncode == 0:
    doc = strict_json(os.path.join(d, "sensitivity.json"))
    check(list(doc["verdicts"]) == ["linear"] and doc["program"] == "9.8.7",
          f"--verdicts linear: verdicts {list(doc['verdicts'])}, program {doc['program']}")
    outputs_ok(os.path.join(d, "sensitivity"), "default prefix")

NM = 40
PM = morris_points(NM, 3, seed=9)
dm = write_sweep("morris", "morris", NM, PM, fake_values,
                 ranges=[("a.x", 0.0, 2.0), ("b.y", 10.0, 20.0), ("c.z", -1.0, 1.0)])
out = os.path.join(WORK, "out", "mor")
p = cli(dm, "-o", out)
check(p.returncode == 0, f"morris sweep: exit {p.returncode}\n{p.stderr}")
if p.returncode == 0:
    outputs_ok(out, "morris sweep")
    doc = strict_json(out + ".json")
    ind = doc["verdicts"]["linear"]["indices"]
    for key, want in (("a.x", 3), ("b.y", 0.5), ("c.z", 0)):
        check(abs(ind[key]["mu_star"]["value"] - want) < 1e-9
              and abs(ind[key]["sigma"]["value"]) < 1e-9
              and ind[key]["mu_star"]["low"] <= ind[key]["mu_star"]["value"] + 1e-9,
              f"morris CLI linear {key}: {ind[key]}, expected mu* {want}, sigma 0")
    check(doc["design"] == "morris" and doc["bootstrap"]["resampled"] == "trajectories",
          f"morris JSON: {doc['design']}, {doc['bootstrap']}")

rng = np.random.default_rng(2)
UL = rng.random((60, 3))
dl = write_sweep("lhs", "lhs", 60, UL, fake_values)
out = os.path.join(WORK, "out", "lhs")
p = cli(dl, "-o", out, "--verdicts", "linear")
check(p.returncode == 0, f"lhs sweep: exit {p.returncode}\n{p.stderr}")
if p.returncode == 0:
    outputs_ok(out, "lhs sweep")
    doc = strict_json(out + ".json")
    r = doc["verdicts"]["linear"]
    check(r["indices"]["a.x"]["SRRC"]["value"] > 0.9 and r["R2"] > 0.9,
          f"lhs SRRC: {r}")

# ------------------------------------------------------------------ wrong input
def refused(args, words, what):
    p = cli(*args)
    check(p.returncode == 2, f"{what}: exit {p.returncode}, expected 2\n{p.stderr}")
    for w in words:
        check(w in p.stderr, f"{what}: message lacks '{w}':\n{p.stderr}")


refused([os.path.join(WORK, "nowhere")], ["no such folder"], "missing folder")
os.makedirs(os.path.join(WORK, "empty"))
refused([os.path.join(WORK, "empty")], ["no manifest.json", "--design"], "no manifest")
dg = write_sweep("grid", "sobol", 4, saltelli_points(4, 3), fake_values, sampling=False)
refused([dg], ["no \"sampling\"", "--design sobol"], "no sampling")
di = write_sweep("incomplete", "sobol", 8, saltelli_points(8, 3), fake_values, drop_last=True)
refused([di], ["incomplete", "1 of 80 runs missing", "point 39 replicate 1", "again"],
        "incomplete summary")
refused([d, "--verdicts", "lineer"], ["no verdict 'lineer'", "did you mean 'linear'"],
        "misspelt verdict")
PB = PM.copy()
PB[1] = [0.1, 0.2, 0.3]
db = write_sweep("badmorris", "morris", NM, PB, fake_values)
refused([db], ["differ in", "not exactly one"], "bad Morris layout")

# ------------------------------------------------------------------ the real program
# a grid sweep has no sampling; a design sweep goes through
SMALL = ["--set", "run.agents=2000", "--set", "run.months=24", "--quiet"]
if UHISIM:
    base = os.path.join(CONFIGS, "baseline.cfg")
    grid = os.path.join(WORK, "real_grid")
    run("sweep", base, "--vary", "money.velocity=1:3:2", *SMALL, "-o", grid, check=True)
    refused([grid], ["no \"sampling\""], "a real grid sweep")
    for design, n in (("sobol", 6), ("morris", 4)):
        folder = os.path.join(WORK, f"real_{design}")
        p = run("sweep", base, "--design", design, "--samples", n, "--vary",
                "money.velocity=1:3", "--vary", "policy.fiscal.capital_tax=0:0.5", *SMALL,
                "-o", folder)
        check(p.returncode == 0, f"uhisim sweep --design {design}: exit {p.returncode}\n{p.stderr}")
        q = cli(folder, "--verdicts", "final_price_level,months_until_uhi_p10")
        check(q.returncode == 0, f"real {design} sweep: exit {q.returncode}\n{q.stderr}")
        check(f"note: {n} {'samples' if design == 'sobol' else 'trajectories'}; indices from so few are rough"
              in q.stderr, f"real {design} sweep at N = {n}: no note on the small N: {q.stderr!r}")
        if q.returncode == 0:
            doc = strict_json(os.path.join(folder, "sensitivity.json"))
            check(doc["design"] == design and doc["samples"] == n
                  and doc["keys"] == ["money.velocity", "policy.fiscal.capital_tax"]
                  and isinstance(doc["program"], str)
                  and doc["verdicts"]["final_price_level"]["computable"],
                  f"real {design} sweep: {json.dumps(doc)[:600]}")
    # the shipped study (examples/sensitivity/study.sh) at a toy size: both
    # worlds' sweeps and indices come out where its README says
    study_out = os.path.join(WORK, "study")
    env = dict(os.environ, UHISIM=UHISIM, OUT=study_out, SAMPLES="2", AGENTS="300")
    p = subprocess.run(["bash", os.path.join(SOURCE, "examples", "sensitivity", "study.sh")],
                       capture_output=True, text=True, env=env)
    check(p.returncode == 0, f"study.sh at 2 samples: exit {p.returncode}\n{p.stderr}")
    for world in ("baseline", "us_institutions"):
        path = os.path.join(study_out, f"{world}_indices.json")
        doc = strict_json(path) if os.path.exists(path) else {}
        check(doc.get("design") == "sobol" and len(doc.get("keys", [])) == 10
              and sorted(doc.get("verdicts", {})) == ["months_unemployment_above_10pct", "peak_unemployment", "uhi_bottom10"],
              f"study.sh {world}: {json.dumps(doc)[:300]}")
    # and the README's tables (tables.py): a ranking per world, the bins along
    # the wage-rigidity key, the wages-fixed line
    path = os.path.join(study_out, "tables.md")
    text = open(path).read() if os.path.exists(path) else ""
    check(all(f"(`{w}`)" in text for w in ("baseline", "us_institutions", "us_institutions_wages_fixed"))
          and "| ownership.non_owner_share |" in text and "| 0.75–1 |" in text
          and "us_institutions_wages_fixed: uhi_bottom10 < 1 in" in text and "nan" not in text,
          f"study.sh's tables.md: {text[:600]!r}")
else:
    print("note: UHISIM not set; the sweeps of the real program are not checked")

finish()

#!/usr/bin/python3
"""check_sweep_design.py - Sampled sweep designs (issue 14): --design
lhs|sobol|morris --samples N over --vary KEY=LO:HI ranges give the right number
of points, values inside the ranges in the layout the manifest's "sampling"
names, the same design for the same seed and another for another seed; a sweep
resumes to the same bytes; experiment files take the design too; bad usage is
an exit-2 error with a clear message."""
import csv
import json
import os

from uhisim_test import CONFIGS, WORK, check, finish, folder_files, fresh_workdir, run, write

fresh_workdir()
base = os.path.join(CONFIGS, "baseline.cfg")
small = ["--set", "run.agents=1000", "--set", "run.months=12", "--quiet"]
ranges = {"ai.growth_per_year": (2.0, 20.0), "energy.growth_per_year": (0.05, 0.4),
          "labor.new_task_headroom": (1.0, 6.0)}
vary = [a for k, (lo, hi) in ranges.items() for a in ("--vary", f"{k}={lo:g}:{hi:g}")]
keys = list(ranges)
K = len(keys)


def sweep(name, *args):
    out = os.path.join(WORK, name)
    p = run("sweep", base, *args, *small, "-o", out)
    check(p.returncode == 0, f"sweep {name} failed: {p.stderr}")
    with open(os.path.join(out, "manifest.json")) as f:
        manifest = json.load(f)
    with open(os.path.join(out, "summary.csv")) as f:
        rows = list(csv.DictReader(f))
    return out, manifest, rows


def unit(rows):
    """The points in [0, 1]^K, as the summary's value text reads."""
    return [[(float(r[k]) - ranges[k][0]) / (ranges[k][1] - ranges[k][0]) for k in keys] for r in rows]


# Latin hypercube: one point per stratum of every key
out, man, rows = sweep("lhs", "--design", "lhs", "--samples", 8, *vary, "--seed", 5)
check(len(rows) == 8, f"lhs: 8 points expected, got {len(rows)}")
s = man.get("sampling", {})
check(s.get("design") == "lhs" and s.get("samples") == 8 and s.get("seed") == "5", f"lhs sampling: {s}")
check([r["key"] for r in s.get("ranges", [])] == keys and s["ranges"][0]["lo"] == 2 and s["ranges"][0]["hi"] == 20,
      f"lhs ranges: {s.get('ranges')}")
for j in range(K):
    strata = sorted(int(u[j] * 8) for u in unit(rows))
    check(strata == list(range(8)), f"lhs key {keys[j]}: strata {strata}")
_, _, rows_again = sweep("lhs_again", "--design", "lhs", "--samples", 8, *vary, "--seed", 5)
_, _, rows_other = sweep("lhs_other", "--design", "lhs", "--samples", 8, *vary, "--seed", 6)
check([r[keys[0]] for r in rows_again] == [r[keys[0]] for r in rows], "lhs: the same seed gives the same design")
check([r[keys[0]] for r in rows_other] != [r[keys[0]] for r in rows], "lhs: another seed gives another design")
check(all(len(r[keys[0]].replace(".", "").replace("-", "").lstrip("0")) <= 6 for r in rows),
      f"lhs values have at most 6 significant digits: {[r[keys[0]] for r in rows]}")

# Sobol (Saltelli): per sample A, B, AB_1..AB_K; AB_i is A with key i from B
out, man, rows = sweep("sobol", "--design", "sobol", "--samples", 4, *vary)
check(len(rows) == 4 * (K + 2), f"sobol: {4 * (K + 2)} points expected, got {len(rows)}")
s = man["sampling"]
check(s["design"] == "sobol" and s["scheme"] == "saltelli2010" and s["scramble"] == "digital_shift",
      f"sobol sampling: {s}")
u = unit(rows)
check(all(rows[g * (K + 2)][k] != rows[g * (K + 2) + 1][k] for g in range(4) for k in keys),
      "sobol: a coordinate of A equals B's (the origin and 1/2 unshifted have A = B)")
_, _, rows_other = sweep("sobol_other", "--design", "sobol", "--samples", 4, *vary, "--seed", 6)
check([r[keys[0]] for r in rows_other] != [r[keys[0]] for r in rows], "sobol: another seed gives another shift")
for g in range(4):
    A, B = rows[g * (K + 2)], rows[g * (K + 2) + 1]
    for i in range(K):
        AB = rows[g * (K + 2) + 2 + i]
        want = [B[k] if j == i else A[k] for j, k in enumerate(keys)]
        check([AB[k] for k in keys] == want, f"sobol sample {g}: AB_{i} is not A with {keys[i]} from B")
check(all(0 < x < 1 for p in u for x in p), "sobol points inside the ranges")
reference = folder_files(out)
os.remove(os.path.join(out, "summary.csv"))
rows_dir = os.path.join(out, "rows")
for n in sorted(os.listdir(rows_dir))[::2]:
    os.remove(os.path.join(rows_dir, n))
run("sweep", base, "--design", "sobol", "--samples", 4, *vary, *small, "-o", out)
check(folder_files(out) == reference, "a resumed sobol sweep differs from the uninterrupted one")

# Morris: trajectories of K + 1 points, one key moving 2/3 of its range a step
out, man, rows = sweep("morris", "--design", "morris", "--samples", 3, *vary)
check(len(rows) == 3 * (K + 1), f"morris: {3 * (K + 1)} points expected, got {len(rows)}")
s = man["sampling"]
check(s["design"] == "morris" and s["levels"] == 4 and abs(s["delta"] - 2 / 3) < 1e-15, f"morris sampling: {s}")
u = unit(rows)
for t in range(3):
    for m in range(1, K + 1):
        a, b = u[t * (K + 1) + m - 1], u[t * (K + 1) + m]
        moved = [j for j in range(K) if a[j] != b[j]]
        check(len(moved) == 1 and abs(abs(b[moved[0]] - a[moved[0]]) - 2 / 3) < 1e-5,
              f"morris trajectory {t} step {m}: {a} -> {b}")

# an experiment file takes the design
write("exp/sobol.cfg", f'experiment = {{ config = "{base}"; design = "sobol"; samples = 2;\n'
      '  vary = ["ai.growth_per_year=2:20", "energy.growth_per_year=0.05:0.4"]; seed = 3; };\n')
exp_out = os.path.join(WORK, "exp_out")
p = run("sweep", os.path.join(WORK, "exp/sobol.cfg"), "--set", "run.agents=1000", "--set", "run.months=12",
        "--quiet", "-o", exp_out)
check(p.returncode == 0, f"experiment-file sobol sweep failed: {p.stderr}")
with open(os.path.join(exp_out, "manifest.json")) as f:
    s = json.load(f).get("sampling", {})
check(s.get("design") == "sobol" and s.get("samples") == 2 and len(s.get("ranges", [])) == 2, f"experiment sampling: {s}")
write("exp/nosamples.cfg", f'experiment = {{ config = "{base}"; design = "lhs";\n  vary = ["ai.growth_per_year=2:20"]; }};\n')
p = run("sweep", os.path.join(WORK, "exp/nosamples.cfg"), "-o", os.path.join(WORK, "x1"))
check(p.returncode == 2 and "experiment.samples" in p.stderr, f"an experiment design without samples: {p.returncode} {p.stderr}")
write("exp/misspelt.cfg", f'experiment = {{ config = "{base}"; design = "sobl"; samples = 4;\n'
      '  vary = ["ai.growth_per_year=2:20"]; };\n')
p = run("sweep", os.path.join(WORK, "exp/misspelt.cfg"), "-o", os.path.join(WORK, "x2"))
check(p.returncode == 2 and "misspelt.cfg:1:" in p.stderr and "not \"sobl\" (did you mean 'sobol'?)" in p.stderr,
      f"a misspelt experiment design: {p.returncode} {p.stderr}")

# usage errors: exit 2 and a message that says what to give
bad = [
    (["--design", "sobl", "--samples", 4, "--vary", "ai.growth_per_year=2:20"], "did you mean 'sobol'?"),
    (["--design", "sobol", "--vary", "ai.growth_per_year=2:20"], "needs --samples N"),
    (["--design", "sobol", "--samples", 4, "--vary", "ai.growth_per_year=2:20:3"], "expected KEY=LO:HI"),
    (["--design", "lhs", "--samples", 4, "--vary", "ai.growth_per_year=20:2"], "LO < HI"),
    (["--vary", "ai.growth_per_year=2:20"], "a range LO:HI is for --design lhs|sobol|morris"),
    (["--samples", 4, "--vary", "ai.growth_per_year=2:20:2"], "--samples goes with --design"),
    (["--design", "sobol", "--samples", 1, "--vary", "ai.growth_per_year=2:20"], "2 to 100000 samples"),
    (["--design", "lhs", "--samples", 4, "--vary", "run.agents=1000:2000"], "must be a whole number"),
    (["--design", "lhs", "--samples", 4, "--vary", "ai.growht=2:20"], "unknown key"),
    # a range's ends are checked, not only the samples (an LHS sample is never
    # exactly LO, so 0 would pass unnoticed where the key's range is (0, 100])
    (["--design", "lhs", "--samples", 4, "--vary", "wages.labor_demand_elasticity=0:1"],
     "--vary wages.labor_demand_elasticity=0:1: its LO end: --set: wages.labor_demand_elasticity = 0 is outside its range (0, 100]\n"),
    (["--design", "sobol", "--samples", 2, "--vary", "ai.growth_per_year=2:20",
      "--vary", "ownership.non_owner_share=0.2:0.9"], "ownership.non_owner_share=0.2:0.9: its HI end:"),
]
for args, want in bad:
    p = run("sweep", base, *args, "-o", os.path.join(WORK, "bad"))
    check(p.returncode == 2 and want in p.stderr, f"sweep {args}: exit {p.returncode}, wanted 2 and '{want}': {p.stderr}")

finish()

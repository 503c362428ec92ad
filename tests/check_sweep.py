#!/usr/bin/python3
"""check_sweep.py - Sweeps (issue 3): a full grid of --vary ranges, a design
table and an experiment file give one summary row per point and replicate;
re-running resumes and reaches the same bytes as an uninterrupted run, also
after an interruption; bad --vary specs and design files are exit-2 errors."""
import csv
import json
import os
import shutil
import signal
import subprocess
import time

from uhisim_test import CONFIGS, UHISIM, WORK, check, finish, fresh_workdir, run, write, folder_files

fresh_workdir()
base = os.path.join(CONFIGS, "baseline.cfg")
small = ["--set", "run.agents=2000", "--set", "run.months=36"]


grid = os.path.join(WORK, "grid")
args = ["sweep", base, "--vary", "ai.growth_per_year=2:8:3", "--vary", "policy.fiscal.capital_tax=0:0.5:2",
        "--replicates", 2, *small]
p = run(*args, "-o", grid)
check(p.returncode == 0, f"sweep failed: {p.stderr}")
with open(os.path.join(grid, "summary.csv")) as f:
    rows = list(csv.DictReader(f))
check(len(rows) == 12, f"3 x 2 grid x 2 replicates should give 12 rows, got {len(rows)}")
check([r["ai.growth_per_year"] for r in rows[::2]] == ["2", "2", "5", "5", "8", "8"], "grid values/order")
check([r["policy.fiscal.capital_tax"] for r in rows[:4:2]] == ["0", "0.5"], "last key should vary fastest")
check(len({r["seed"] for r in rows}) == 2, "two replicate seeds expected")
check(all(r["final_price_level"] not in ("", None) for r in rows), "verdicts missing")
with open(os.path.join(grid, "summary.json")) as f:
    doc = json.load(f)
check(doc["schema"] == "uhisim.sweep" and len(doc["rows"]) == 12, "summary.json rows")
check(doc["manifest"]["keys"] == ["ai.growth_per_year", "policy.fiscal.capital_tax"], "manifest keys")
reference = folder_files(grid)

# resume after deleting rows and the summary: the same bytes
for name in ("summary.csv", "summary.json"):
    os.remove(os.path.join(grid, name))
rows_dir = os.path.join(grid, "rows")
for n in sorted(os.listdir(rows_dir))[::3]:
    os.remove(os.path.join(rows_dir, n))
p = run(*args, "-o", grid, check=True)
check(folder_files(grid) == reference, "resumed sweep differs from the uninterrupted one")
check("(8 of the 12 runs were in the folder and kept)" in p.stdout,
      f"a resumed sweep should say how many runs it kept: {p.stdout!r}")

# an interrupted sweep resumes to the same bytes
inter = os.path.join(WORK, "interrupted")
proc = subprocess.Popen([UHISIM, *map(str, args), "-o", inter], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
time.sleep(0.4)
proc.send_signal(signal.SIGINT)
proc.communicate(timeout=60)
check(not any(".tmp." in n for n in os.listdir(os.path.join(inter, "rows"))) if os.path.isdir(os.path.join(inter, "rows")) else True,
      "temporary files left after an interrupt")
run(*args, "-o", inter, check=True)
check(folder_files(inter) == reference, "interrupted then resumed sweep differs")

# another experiment in the same folder is refused
p = run("sweep", base, "--vary", "ai.growth_per_year=2:8:2", *small, "-o", grid)
check(p.returncode == 2 and "another experiment" in p.stderr, f"foreign folder: {p.returncode} {p.stderr}")

# a design table
design = write("design.csv", "ai.growth_per_year,policy.money.rule\n3,fixed\n6.5,growth\n9,price_target\n")
d = os.path.join(WORK, "design")
run("sweep", base, "--design", design, *small, "-o", d, check=True)
with open(os.path.join(d, "summary.csv")) as f:
    rows = list(csv.DictReader(f))
check([r["policy.money.rule"] for r in rows] == ["fixed", "growth", "price_target"], "design rows")

# an experiment file, versioned beside the scenarios (paths relative to it)
exp = write("exp/sweep.cfg", f'experiment = {{ config = "{base}"; vary = ["labor.reemployment_per_year=0:1:2"];\n'
                             '  replicates = 2; seed = 5; };\n')
e = os.path.join(WORK, "expout")
run("sweep", exp, *small, "-o", e, check=True)
with open(os.path.join(e, "summary.json")) as f:
    doc = json.load(f)
check(len(doc["rows"]) == 4 and doc["manifest"]["seed"] == "5", "experiment file sweep")
scen = write("exp/scen.cfg", 'experiment = { scenarios = ["' + base + '", "' + os.path.join(CONFIGS, "capital_tax.cfg")
             + '"]; replicates = 1; };\n')
run("sweep", scen, *small, "-o", os.path.join(WORK, "scen"), check=True)
with open(os.path.join(WORK, "scen", "summary.csv")) as f:
    rows = list(csv.DictReader(f))
check(len(rows) == 2 and rows[1]["config"].endswith("capital_tax.cfg"), "scenario sweep rows")

# bad --vary and design files: exit 2, clear words, nothing run
bad = [
    (["--vary", "ai.growth_per_year=2:20"], "KEY=FROM:TO:COUNT"),
    (["--vary", "ai.growth_per_year=2:20:0"], "COUNT"),
    (["--vary", "ai.growht_per_year=2:20:3"], "ai.growth_per_year"),
    (["--vary", "ai.growth_per_year=-1:2:3"], "outside its range"),
    (["--vary", "run.agents=10.5:20:2"], "whole number"),
    (["--design", os.path.join(WORK, "nope.csv")], "cannot open"),
    (["--design", write("ragged.csv", "ai.growth_per_year,labor.skill_loss\n3\n")], "ragged.csv:2"),
    (["--design", write("unknown.csv", "ai.speed\n3\n")], "unknown key"),
    (["--design", write("empty.csv", "ai.growth_per_year\n")], "no rows"),
    ([], "--vary"),
]
for extra, words in bad:
    out = os.path.join(WORK, "bad")
    shutil.rmtree(out, ignore_errors=True)
    p = run("sweep", base, *extra, *small, "-o", out)
    check(p.returncode == 2, f"sweep {extra}: exit {p.returncode}, expected 2 ({p.stderr})")
    check(words in p.stderr, f"sweep {extra}: expected '{words}' in: {p.stderr!r}")
    check(not os.path.exists(os.path.join(out, "summary.csv")), f"sweep {extra}: wrote a summary")
finish()

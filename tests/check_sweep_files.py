#!/usr/bin/python3
"""check_sweep_files.py - The files a sweep writes and reads back (issue 10,
defects 1, 4, 11, 16, 17): manifest.json and summary.json stay valid JSON with
quotes and backslashes in --set values and paths, summary.csv stays
rectangular with commas in them, grid values print as typed, damaged or foreign
row files are run again on resume and stale temporaries are removed, an
experiment file's syntax error names its file and line, an experiment file is
checked as every config is (`@include ""`, unclosed comments), and a sweep of more
runs than fit is refused naming the count."""
import csv
import json
import os
import shutil

from uhisim_test import CONFIGS, WORK, check, finish, fresh_workdir, run, write, folder_files

fresh_workdir()
base = os.path.join(CONFIGS, "baseline.cfg")
tiny = ["--set", "run.agents=500", "--set", "run.months=6"]


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    return json.loads(raw.decode("utf-8"))


# defect 4: a quoted --set value and a config path with " \ and , in it
odd_dir = os.path.join(WORK, 'odd "dir" \\ a,b')
os.makedirs(odd_dir)
odd_cfg = os.path.join(odd_dir, "base.cfg")
shutil.copy(base, odd_cfg)
with open(odd_cfg) as f:
    text = f.read()
for name in os.listdir(CONFIGS):  # the baseline may extend or include its neighbours
    src = os.path.join(CONFIGS, name)
    dst = os.path.join(odd_dir, name)
    if not os.path.exists(dst):
        os.symlink(src, dst)
out = os.path.join(WORK, "odd")
p = run("sweep", odd_cfg, "--vary", "ai.growth_per_year=2:4:2", "--set", 'policy.money.rule="growth"',
        *tiny, "-o", out)
check(p.returncode == 0, f"sweep with an odd path failed: {p.stderr}")
for name in ("manifest.json", "summary.json"):
    try:
        doc = load(os.path.join(out, name))
        ok = True
    except (OSError, ValueError) as e:
        ok, doc = False, {}
        check(False, f"{name} is not valid JSON: {e}")
    if ok:
        m = doc.get("manifest", doc)
        check(m["base_config"] == odd_cfg, f"{name}: base_config {m['base_config']!r}")
        check(m["set"][0] == 'policy.money.rule="growth"', f"{name}: set {m['set']!r}")
if os.path.exists(os.path.join(out, "summary.csv")):
    with open(os.path.join(out, "summary.csv"), newline="") as f:
        rows = list(csv.reader(f))
    check(len({len(r) for r in rows}) == 1, f"summary.csv is ragged: {[len(r) for r in rows]}")
    check(rows[1][3] == odd_cfg, f"summary.csv config field {rows[1][3]!r}")
    head = rows[0]
    check(head[4] == "ai.growth_per_year" and rows[2][4] == "4", f"summary.csv grid column {rows[2]}")
try:
    check("uhi_p10" in load(os.path.join(out, "summary.json")).get("verdict_units", {}),
          "summary.json carries the verdict units")
except (OSError, ValueError):
    pass

# defect 17: grid values as typed
g = os.path.join(WORK, "grid")
run("sweep", base, "--vary", "economy.productivity_growth_per_year=0.005:0.035:7", *tiny, "-o", g,
    check=True)
with open(os.path.join(g, "summary.csv")) as f:
    values = [r["economy.productivity_growth_per_year"] for r in csv.DictReader(f)]
check(values == ["0.005", "0.01", "0.015", "0.02", "0.025", "0.03", "0.035"], f"grid values {values}")
run("sweep", base, "--vary", "economy.productivity_growth_per_year=0:0.03:7", *tiny, "-o",
    os.path.join(WORK, "grid0"), check=True)
with open(os.path.join(WORK, "grid0", "summary.csv")) as f:
    values = [r["economy.productivity_growth_per_year"] for r in csv.DictReader(f)]
check(values == ["0", "0.005", "0.01", "0.015", "0.02", "0.025", "0.03"], f"grid values {values}")

# defect 16: damaged rows are run again on resume, stale temporaries removed
reference = folder_files(g)
rows_dir = os.path.join(g, "rows")
names = sorted(os.listdir(rows_dir))
with open(os.path.join(rows_dir, names[0]), "r+b") as f:
    f.truncate(20)                                   # cut short
open(os.path.join(rows_dir, names[1]), "wb").close()  # empty
with open(os.path.join(rows_dir, names[2]), "wb") as f:
    f.write(b"\x00garbage\xff")
doc = load(os.path.join(rows_dir, names[3]))          # valid JSON, another point's row
doc["point"] += 1
with open(os.path.join(rows_dir, names[3]), "w") as f:
    json.dump(doc, f)
doc = load(os.path.join(rows_dir, names[4]))          # another program version
doc["program"] = "0.0.1"
with open(os.path.join(rows_dir, names[4]), "w") as f:
    json.dump(doc, f)
doc = load(os.path.join(rows_dir, names[5]))          # made from another config
doc["config_digest"] = "1"
with open(os.path.join(rows_dir, names[5]), "w") as f:
    json.dump(doc, f)
stale = [os.path.join(rows_dir, names[6] + ".tmp.AbC123"), os.path.join(g, "summary.csv.tmp.xYz789")]
for s in stale:
    with open(s, "w") as f:
        f.write("{")
os.remove(os.path.join(g, "summary.json"))
p = run("sweep", base, "--vary", "economy.productivity_growth_per_year=0.005:0.035:7", *tiny, "-o", g)
check(p.returncode == 0, f"resume over damaged rows failed: {p.stderr}")
check(not any(os.path.exists(s) for s in stale), "stale temporary files were not removed")
check(folder_files(g) == reference, "resume over damaged rows differs from the clean sweep")

# defect 11: a syntax error in an experiment file names its file and line
exp = write("exp.cfg", f'experiment = {{\n  config = "{base}";\n  vary = ["ai.growth_per_year=2:4:2"];\n'
                       '  replicates = = 2;\n};\n')
p = run("sweep", exp, *tiny, "-o", os.path.join(WORK, "exp"))
check(p.returncode == 2, f"experiment syntax error: exit {p.returncode}")
check(f"{exp}:4" in p.stderr and "syntax error" in p.stderr,
      f"experiment syntax error should name {exp}:4: {p.stderr!r}")
# an experiment file is read as every config is (source.h): `@include ""` is
# refused with its file and line (libconfig's scanner would call exit() itself),
# and so is a comment never closed, which libconfig reads as the end of the file
inc = write("exp_include.cfg", f'experiment = {{\n  config = "{base}";\n'
                               '  vary = ["ai.growth_per_year=2:4:2"];\n};\n@include ""\n')
p = run("sweep", inc, *tiny, "-o", os.path.join(WORK, "exp_include"))
check(p.returncode == 2, f'experiment with @include "": exit {p.returncode}, expected 2')
check(f"{inc}:5" in p.stderr and "include" in p.stderr,
      f'experiment with @include "" should name {inc}:5: {p.stderr!r}')
p = run("sweep", inc, "--vary", "ai.growth_per_year=2:4:2", *tiny, "-o", os.path.join(WORK, "inc2"))
check(p.returncode == 2 and f"{inc}:5" in p.stderr,
      f'sweep --vary on a file with @include "" should name {inc}:5: {p.stderr!r}')
unclosed = write("exp_comment.cfg", f'experiment = {{\n  config = "{base}";\n'
                                    '  vary = ["ai.growth_per_year=2:4:2"];\n};\n/* not closed\n')
p = run("sweep", unclosed, *tiny, "-o", os.path.join(WORK, "exp_comment"))
check(p.returncode == 2 and f"{unclosed}:5" in p.stderr,
      f"experiment with an unclosed comment should name {unclosed}:5: {p.stderr!r}")
p = run("sweep", base, *tiny, "-o", os.path.join(WORK, "none"))
check(p.returncode == 2 and "--vary" in p.stderr, f"a plain config without --vary: {p.stderr!r}")

# defect 1: points x replicates past 2^31 is refused, naming the number of runs
p = run("sweep", base, "--vary", "ai.growth_per_year=2:20:42950", "--replicates", 100000, *tiny,
        "-o", os.path.join(WORK, "huge"))
check(p.returncode == 2, f"huge sweep: exit {p.returncode}, expected 2")
check("4295000000 runs" in p.stderr, f"huge sweep should name 4295000000 runs: {p.stderr!r}")
finish()

#!/usr/bin/python3
"""check_csv.py - The long ("tidy") CSV of ensembles, comparisons and sweeps.

`run --replicates R`, `compare` and `sweep` take --csv FILE: the run CSV's
columns with identifying columns in front (scenario, replicate, seed; for a
sweep point, replicate, seed, config and the swept keys, as in summary.csv),
one row per scenario (point), replicate and month. Checked here: row counts and
order, the header against the single run's, every replicate's series columns
byte for byte against the single run of that replicate's seed (so nulls are
empty fields exactly where the run CSV has them), the values against the JSON
(the run's series, the ensemble's mean band), the same bytes for any thread
count, a resumed sweep, the refusals of bad names (exit 2, nothing written,
nothing run) and --csv - (standard output, with no summary table in it)."""
import csv
import io
import json
import os
import shutil

from uhisim_test import CONFIGS, WORK, check, finish, folder_files, fresh_workdir, run, write

fresh_workdir()
at = lambda name: os.path.join(WORK, name)
base = os.path.join(CONFIGS, "baseline.cfg")
ubi = os.path.join(CONFIGS, "capital_tax.cfg")
MONTHS = 12
small = ["--set", "run.agents=2000", "--set", f"run.months={MONTHS}"]


def lines(path):
    with open(path, newline="") as f:
        text = f.read()
    check(text.endswith("\n"), f"{path}: does not end with a line break")
    return text.split("\n")[:-1]


def single(config, seed, *extra, name):
    """The single run of config with run.seed = seed: (CSV lines, JSON series)."""
    out = at(name + ".json")
    run("run", config, *small, *extra, "--seed", seed, "-o", out, "--csv", out + ".csv", "--quiet",
        check=True)
    with open(out) as f:
        return lines(out + ".csv"), json.load(f)["series"]


def split_ids(line, n):
    """The first n fields (no commas in them here) and the rest of the line."""
    parts = line.split(",", n)
    return parts[:n], parts[n]


# the single run's CSV: its header is the tail of every long CSV's header
ref_lines, _ = single(base, 1, name="ref")
RUN_HEADER = ref_lines[0]
check(RUN_HEADER.startswith("month,year,") and len(ref_lines) == 1 + MONTHS,
      f"run CSV: header {RUN_HEADER[:40]!r}..., {len(ref_lines)} lines")

# --- run --replicates R: one row per replicate and month ---
R = 3
ens = at("ens.json")
p = run("run", base, *small, "--replicates", R, "-o", ens, "--csv", at("ens.csv"), "--quiet")
check(p.returncode == 0, f"run --replicates --csv: exit {p.returncode} ({p.stderr.strip()})")
with open(ens) as f:
    doc = json.load(f)
seeds = doc["replicates"]["seeds"]
ens_lines = lines(at("ens.csv"))
check(len(ens_lines) == 1 + R * MONTHS, f"ensemble CSV: {len(ens_lines)} lines, expected {1 + R * MONTHS}")
check(ens_lines[0] == "scenario,replicate,seed," + RUN_HEADER, f"ensemble CSV header: {ens_lines[0][:60]!r}")
names = RUN_HEADER.split(",")
for r in range(R):
    mine = ens_lines[1 + r * MONTHS:1 + (r + 1) * MONTHS]
    ids = [split_ids(l, 3)[0] for l in mine]
    check(all(i == ["baseline", str(r), seeds[r]] for i in ids),
          f"ensemble replicate {r}: id columns {ids[0]}..., expected baseline,{r},{seeds[r]}")
    run_lines, series = single(base, seeds[r], name=f"ens_r{r}")
    check([split_ids(l, 3)[1] for l in mine] == run_lines[1:],
          f"ensemble replicate {r}: series columns differ from the run CSV of seed {seeds[r]}")
    # and the values are the JSON's: an empty cell exactly where it has null
    for m, line in enumerate(mine):
        cells = next(csv.reader([split_ids(line, 3)[1]]))
        for name, cell in zip(names, cells):
            want = series[name][m]
            if not check((cell == "") == (want is None) and (want is None or float(cell) == want),
                         f"ensemble replicate {r} month {m} {name}: CSV {cell!r}, JSON {want!r}"):
                break
# the JSON's mean band is the mean of the CSV's replicates, month by month
table = list(csv.DictReader(io.StringIO("\n".join(ens_lines) + "\n")))
for name in ("price_level", "real_income_p10", "employment_rate"):
    band = doc["scenarios"][0]["series"][name]["mean"]
    for m in range(MONTHS):
        x = [float(row[name]) for row in table if int(row["month"]) == m]
        mean = sum(x) / len(x)
        if not check(len(x) == R and abs(mean - band[m]) <= 1e-12 * abs(band[m]),
                     f"ensemble {name} month {m}: CSV mean {mean!r}, JSON mean {band[m]!r}"):
            break
print(f"ensemble: {R} x {MONTHS} rows, each replicate equal to its single run")

# --- compare: one row per scenario, replicate and month ---
R = 2
cmp_json = at("cmp.json")
p = run("compare", base, ubi, *small, "--replicates", R, "-o", cmp_json, "--csv", at("cmp.csv"),
        "--quiet")
check(p.returncode == 0, f"compare --csv: exit {p.returncode} ({p.stderr.strip()})")
with open(cmp_json) as f:
    seeds = json.load(f)["replicates"]["seeds"]
cmp_lines = lines(at("cmp.csv"))
check(len(cmp_lines) == 1 + 2 * R * MONTHS, f"compare CSV: {len(cmp_lines)} lines, expected {1 + 2 * R * MONTHS}")
check(cmp_lines[0] == ens_lines[0], "compare CSV: header differs from the ensemble's")
want = [[s, str(r), seeds[r], str(m)] for s in ("baseline", "capital_tax") for r in range(R) for m in range(MONTHS)]
got = [split_ids(l, 4)[0] for l in cmp_lines[1:]]
check(got == want, f"compare CSV: rows not in (scenario, replicate, month) order: {got[:2]} ... {got[-1:]}")
for config, s, r in ((base, 0, 0), (ubi, 1, 1)):
    rows = cmp_lines[1 + (s * R + r) * MONTHS:1 + (s * R + r + 1) * MONTHS]
    run_lines, _ = single(config, seeds[r], name=f"cmp_{s}_{r}")
    check([split_ids(l, 3)[1] for l in rows] == run_lines[1:],
          f"compare scenario {s} replicate {r}: series columns differ from its single run")
# one replicate (compare's default) is one block of rows per scenario
p = run("compare", base, ubi, *small, "-o", at("cmp1.json"), "--csv", at("cmp1.csv"), "--quiet")
check(p.returncode == 0 and len(lines(at("cmp1.csv"))) == 1 + 2 * MONTHS,
      f"compare --csv without --replicates: exit {p.returncode} ({p.stderr.strip()})")
print(f"compare: 2 scenarios x {R} x {MONTHS} rows with their labels")

# --- sweep: one row per point, replicate and month; the swept keys as columns ---
R = 2
vary = ["--vary", "ai.growth_per_year=2:8:3", "--vary", "labor.skill_loss=0:0.4:2"]
sweep = ["sweep", base, *vary, "--replicates", R, *small, "--quiet"]
p = run(*sweep, "-o", at("sw"), "--csv", at("sw.csv"))
check(p.returncode == 0, f"sweep --csv: exit {p.returncode} ({p.stderr.strip()})")
with open(at("sw/manifest.json")) as f:
    manifest = json.load(f)
points = manifest["points"]
seeds = manifest["replicate_seeds"]
sw_lines = lines(at("sw.csv"))
check(len(points) == 6 and len(sw_lines) == 1 + 6 * R * MONTHS,
      f"sweep CSV: {len(sw_lines)} lines for {len(points)} points, expected {1 + 6 * R * MONTHS}")
check(sw_lines[0] == "point,replicate,seed,config,ai.growth_per_year,labor.skill_loss," + RUN_HEADER,
      f"sweep CSV header: {sw_lines[0][:80]!r}")
want = [[str(i), str(r), seeds[r], base, *(s.split("=", 1)[1] for s in pt["set"]), str(m)]
        for i, pt in enumerate(points) for r in range(R) for m in range(MONTHS)]
got = [split_ids(l, 7)[0] for l in sw_lines[1:]]
check(got == want, f"sweep CSV: id columns {got[:1]} ..., expected {want[:1]} ...")
check({tuple(g[4:6]) for g in got} == {("2", "0"), ("2", "0.4"), ("5", "0"), ("5", "0.4"), ("8", "0"), ("8", "0.4")},
      "sweep CSV: the varied keys' values are not the grid's")
i, r = 3, 1  # ai.growth_per_year=5, labor.skill_loss=0.4
rows = sw_lines[1 + (i * R + r) * MONTHS:1 + (i * R + r + 1) * MONTHS]
run_lines, _ = single(base, seeds[r], *(x for s in points[i]["set"] for x in ("--set", s)), name="sw_point")
check([split_ids(l, 6)[1] for l in rows] == run_lines[1:],
      f"sweep point {i} replicate {r}: series columns differ from the single run of {points[i]['set']}")
# the CSV changes nothing in the folder
p = run(*sweep, "-o", at("sw_plain"))
check(p.returncode == 0 and folder_files(at("sw_plain")) == folder_files(at("sw")),
      "the sweep folder with --csv differs from the one without")
# resume: a finished sweep run again with --csv writes the same CSV and keeps its rows as they are
rows_dir = at("sw_plain/rows")
before = {n: os.stat(os.path.join(rows_dir, n)).st_ino for n in os.listdir(rows_dir)}
p = run(*sweep, "-o", at("sw_plain"), "--csv", at("sw_resumed.csv"))
check(p.returncode == 0, f"resumed sweep --csv: exit {p.returncode} ({p.stderr.strip()})")
check(lines(at("sw_resumed.csv")) == sw_lines, "the CSV of a resumed sweep differs from a fresh sweep's")
after = {n: os.stat(os.path.join(rows_dir, n)).st_ino for n in os.listdir(rows_dir)}
check(before == after and len(before) == 6 * R, "a resumed sweep with --csv rewrote rows it found")
check(folder_files(at("sw_plain")) == folder_files(at("sw")), "a resumed sweep with --csv changed the folder")
# a sweep of scenario configs has no key columns; the config names the point
exp = write("exp.cfg", f'experiment = {{ scenarios = ["{base}", "{ubi}"]; replicates = 1; }};\n')
p = run("sweep", exp, *small, "-o", at("sw_exp"), "--csv", at("sw_exp.csv"), "--quiet")
exp_lines = lines(at("sw_exp.csv")) if p.returncode == 0 else []
check(p.returncode == 0 and len(exp_lines) == 1 + 2 * MONTHS
      and exp_lines[0] == "point,replicate,seed,config," + RUN_HEADER
      and [split_ids(l, 4)[0][3] for l in exp_lines[1:]] == [base] * MONTHS + [ubi] * MONTHS,
      f"scenario sweep --csv: exit {p.returncode}, {len(exp_lines)} lines ({p.stderr.strip()})")
print(f"sweep: 6 points x {R} x {MONTHS} rows with the varied keys; resumed sweep gives the same CSV")

# --- the same bytes for any thread count (10001 agents: three blocks) ---
big = ["--set", "run.agents=10001", "--set", f"run.months={MONTHS}", "--quiet"]
commands = {"ensemble": ["run", base, "--replicates", 2, *big],
            "compare": ["compare", base, ubi, "--replicates", 2, *big],
            "sweep": ["sweep", base, "--vary", "ai.growth_per_year=2:8:2", "--replicates", 2, *big]}
for what, args in commands.items():
    outputs = []
    for threads in (1, 3):
        out = at(f"threads_{what}_{threads}")
        p = run(*args, "-o", out if what == "sweep" else out + ".json", "--csv", out + ".csv",
                "--threads", threads)
        check(p.returncode == 0, f"{what} --csv with {threads} threads: exit {p.returncode} ({p.stderr.strip()})")
        with open(out + ".csv", "rb") as f:
            outputs.append(f.read())
    check(outputs[0] == outputs[1], f"{what}: the CSV with 3 threads differs from 1 thread")
print("ensemble, compare and sweep CSVs: identical bytes for 1 and 3 threads")

# --- bad names: exit 2 before anything runs, nothing written ---
victim = write("victim.cfg", f'extends = "{base}";\n')
design = write("design.csv", "ai.growth_per_year\n3\n6\n")
exp_victim = write("exp_victim.cfg", f'experiment = {{ config = "{base}"; vary = ["ai.growth_per_year=2:8:2"]; }};\n')
inputs = (victim, design, exp_victim)
BAD = [("ensemble --csv onto a folder", ["run", base, "--replicates", 2, "-o", at("bad.json"), "--csv", WORK], "is a folder"),
       ("ensemble --csv onto its config", ["run", victim, "--replicates", 2, "-o", at("bad.json"), "--csv", victim],
        "a file this run reads"),
       ("compare --csv onto the second config", ["compare", base, victim, "-o", at("bad.json"), "--csv", victim],
        "a file this run reads"),
       ("compare --csv onto -o", ["compare", base, ubi, "-o", at("bad.json"), "--csv", at("bad.json")], "same file"),
       ("compare --csv - without -o", ["compare", base, ubi, "--csv", "-"], "same file"),
       ("sweep --csv onto a folder", ["sweep", base, *vary, "-o", at("bad_sw"), "--csv", WORK], "is a folder"),
       ("sweep --csv onto its config", ["sweep", victim, *vary, "-o", at("bad_sw"), "--csv", victim],
        "a file this run reads"),
       ("sweep --csv onto its design", ["sweep", base, "--design", design, "-o", at("bad_sw"), "--csv", design],
        "a file this run reads"),
       ("sweep --csv onto its experiment file", ["sweep", exp_victim, "-o", at("bad_sw"), "--csv", exp_victim],
        "a file this run reads"),
       ("sweep --csv onto summary.csv", ["sweep", base, *vary, "-o", at("bad_sw"), "--csv", at("bad_sw/summary.csv")],
        "same file"),
       ("validate --csv", ["validate", base, "--csv", at("bad.csv")], "option of run, compare and sweep"),
       ("bench --csv", ["bench", base, "--csv", at("bad.csv")], "option of run, compare and sweep")]
for what, args, message in BAD:
    before = {f: open(f, "rb").read() for f in inputs}
    p = run(*args, *small, "--quiet")
    check(p.returncode == 2 and message in p.stderr,
          f"{what}: exit {p.returncode}, expected 2 with {message!r} ({p.stderr.strip()})")
    check(p.stdout == "", f"{what}: wrote to standard output")
    check(not os.path.exists(at("bad.json")) and not os.path.exists(at("bad_sw")) and not os.path.exists(at("bad.csv")),
          f"{what}: wrote an output (or made the sweep folder)")
    check(all(open(f, "rb").read() == t for f, t in before.items()), f"{what}: an input file was changed")
# a CSV that cannot be written (its folder is missing) fails the set: exit 1, no JSON either
p = run("compare", base, ubi, *small, "-o", at("bad.json"), "--csv", at("no-such-folder/c.csv"), "--quiet")
check(p.returncode == 1 and "no-such-folder/c.csv" in p.stderr and not os.path.exists(at("bad.json")),
      f"compare --csv into a missing folder: exit {p.returncode}, expected 1 and no JSON ({p.stderr.strip()})")

# --- --csv -: the CSV is standard output, with no summary table in it ---
for what, args, file_version in (
        ("run", ["run", base, "-o", at("so_run.json")], at("ref.json.csv")),
        ("ensemble", ["run", base, "--replicates", 3, "-o", at("so_ens.json")], at("ens.csv")),
        ("sweep", ["sweep", base, *vary, "--replicates", 2, "-o", at("so_sw")], at("sw.csv"))):
    extra = ["--seed", 1] if what == "run" else []
    p = run(*args, *small, *extra, "--csv", "-")
    with open(file_version, newline="") as f:
        want = f.read()
    check(p.returncode == 0 and p.stdout == want,
          f"{what} --csv -: exit {p.returncode}, standard output is not the CSV alone "
          f"({len(p.stdout)} bytes, expected {len(want)}; {p.stderr.strip()})")
shutil.rmtree(at("so_sw"), ignore_errors=True)
finish()

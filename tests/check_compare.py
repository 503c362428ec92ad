#!/usr/bin/python3
"""check_compare.py - Paired scenario comparison and ensembles (issue 3).

Common random numbers: two identical configs give zero difference in every
replicate; money does not feed back into automation here, so scenarios that
differ only in money policy have identical employment and automation paths in
every replicate, and identical month 0 when the rule creates no money at month
0 (growth). Replicate seeds are distinct and stable (replicate r is the same
whatever R), the paired differences are the per-replicate differences, and the
bands are the GSL statistics of the replicate values."""
import json
import os
import statistics

from uhisim_test import CONFIGS, WORK, check, finish, fresh_workdir, run, write

fresh_workdir()
cfg = lambda name: os.path.join(CONFIGS, name)
small = ["--set", "run.agents=4000", "--set", "run.months=48"]


def compare(*configs, replicates, name, extra=()):
    out = os.path.join(WORK, name + ".json")
    p = run("compare", *configs, "--replicates", replicates, "-o", out, *small, *extra)
    check(p.returncode == 0, f"compare {name} exited {p.returncode}: {p.stderr}")
    with open(out) as f:
        return json.load(f), p


# identical configs (under two names): zero paired difference everywhere
twin = write("twin.cfg", f'extends = "{cfg("baseline.cfg")}";\n')
doc, p = compare(cfg("baseline.cfg"), twin, replicates=3, name="same")
check(doc["schema"] == "uhisim.compare", "schema should be uhisim.compare")
a, b = doc["scenarios"]
for name, v in b["verdicts"].items():
    diffs = v["difference"]["values"]
    check(all(d is None or d == 0 for d in diffs), f"identical configs: {name} differs: {diffs}")
check(a["series"] == b["series"], "identical configs: series differ")
check("baseline" in p.stdout and "uhi_p10" in p.stdout, "compare should print a side-by-side table")
check("warning" not in p.stderr, f"same population, yet a warning: {p.stderr!r}")

# defect 18: two scenarios of the same name are refused; different populations warn
p = run("compare", cfg("baseline.cfg"), cfg("baseline.cfg"), "-o", os.path.join(WORK, "dup.json"), *small)
check(p.returncode == 2 and "baseline" in p.stderr and "names" in p.stderr,
      f"same scenario name twice: exit {p.returncode}: {p.stderr!r}")
check(not os.path.exists(os.path.join(WORK, "dup.json")), "same scenario name twice: wrote a document")
fewer = write("fewer.cfg", f'extends = "{cfg("baseline.cfg")}";\nrun = {{ agents = 3000; }};\n')
p = run("compare", cfg("baseline.cfg"), fewer, "-o", os.path.join(WORK, "pop.json"), "--set",
        "run.months=6", "--quiet")
check(p.returncode == 0 and "warning" in p.stderr and "agents" in p.stderr,
      f"different agent counts should warn: {p.returncode} {p.stderr!r}")
table = write("table.cfg", f'extends = "{cfg("baseline.cfg")}";\n'
              'occupations = ( { code = "a"; name = "A"; class = "blue"; employment = 1e6;\n'
              '  mean_wage = 5e4; ai_exposure = 0.5; robot_exposure = 0.2; } );\n')
p = run("compare", cfg("baseline.cfg"), table, "-o", os.path.join(WORK, "table.json"), "--set",
        "run.months=6", "--set", "run.agents=500", "--quiet")
check(p.returncode == 0 and "warning" in p.stderr and "occupation" in p.stderr,
      f"different occupation tables should warn: {p.returncode} {p.stderr!r}")

# policy-only differences: identical automation paths per replicate (CRN)
doc, _ = compare(cfg("baseline.cfg"), cfg("money_growth.cfg"), cfg("price_target_dividend.cfg"),
                 replicates=1, name="policy")
base = doc["scenarios"][0]["series"]
for sc in doc["scenarios"][1:]:
    for key in ("employment_rate", "automated_share_white", "automated_share_blue", "displaced", "output"):
        check(sc["series"][key] == base[key], f"{sc['name']}: {key} differs from baseline under CRN")
growth = doc["scenarios"][1]["series"]
for key, values in base.items():
    if key not in ("identity_mv_pq", "identity_money"):
        check(values[0] == growth[key][0], f"money_growth month 0 (no money created yet): {key} differs")
check(growth["price_level"][12] != base["price_level"][12], "money growth should change prices by month 12")

# replicate seeds: distinct, recorded, and replicate r the same whatever R
d3, _ = compare(cfg("baseline.cfg"), cfg("capital_tax.cfg"), replicates=3, name="r3")
d5, _ = compare(cfg("baseline.cfg"), cfg("capital_tax.cfg"), replicates=5, name="r5")
s3, s5 = d3["replicates"]["seeds"], d5["replicates"]["seeds"]
check(len(set(s5)) == 5, f"replicate seeds not distinct: {s5}")
check(s5[:3] == s3, "replicate seeds changed with R")
for i in range(2):
    for name, v in d3["scenarios"][i]["verdicts"].items():
        check(v["values"] == d5["scenarios"][i]["verdicts"][name]["values"][:3],
              f"replicate values of {name} changed with R")
check(len(set(d5["scenarios"][0]["verdicts"]["final_price_level"]["values"])) == 5,
      "replicates should differ from each other")
# paired differences and bands
for name, v in d5["scenarios"][1]["verdicts"].items():
    first = d5["scenarios"][0]["verdicts"][name]["values"]
    for x, y, d in zip(v["values"], first, v["difference"]["values"]):
        if x is not None and y is not None:
            check(d == x - y, f"{name}: difference {d} != {x} - {y}")
    vals = [x for x in v["values"] if x is not None]
    if len(vals) > 1:
        check(abs(v["mean"] - statistics.fmean(vals)) <= 1e-12 * max(1, abs(v["mean"])), f"{name}: mean")
        check(abs(v["sd"] - statistics.stdev(vals)) <= 1e-9 * max(1, abs(v["sd"])), f"{name}: sd")
        check(v["p05"] <= v["p50"] <= v["p95"], f"{name}: band out of order")
band = d5["scenarios"][0]["series"]["price_level"]
check(set(band) == {"mean", "sd", "p05", "p50", "p95"}, "series bands should hold mean, sd, p05, p50, p95")
check(all(lo <= mid <= hi for lo, mid, hi in zip(band["p05"], band["p50"], band["p95"])), "bands out of order")

# run --replicates: an ensemble of one scenario, same numbers as compare's first scenario
out = os.path.join(WORK, "ensemble.json")
p = run("run", cfg("baseline.cfg"), "--replicates", 3, "-o", out, "--quiet", *small)
check(p.returncode == 0, f"run --replicates failed: {p.stderr}")
with open(out) as f:
    ens = json.load(f)
check(ens["schema"] == "uhisim.ensemble" and len(ens["scenarios"]) == 1, "ensemble schema")
check(ens["replicates"]["seeds"] == s3, "ensemble seeds differ from compare's for the same seed")
check(ens["scenarios"][0]["series"] == d3["scenarios"][0]["series"], "ensemble bands differ from compare's")
# --seed changes the replicate seeds
out2 = os.path.join(WORK, "ensemble7.json")
run("run", cfg("baseline.cfg"), "--replicates", 2, "--seed", 7, "-o", out2, "--quiet", *small, check=True)
with open(out2) as f:
    check(json.load(f)["replicates"]["seeds"][0] != s3[0], "--seed did not change the replicate seeds")
# compare output is the same for any thread count (timing aside)
o1, o2 = os.path.join(WORK, "t1.json"), os.path.join(WORK, "t2.json")
for o, t in ((o1, 1), (o2, 2)):
    run("compare", cfg("baseline.cfg"), cfg("hoarding.cfg"), "--replicates", 2, "-o", o, "--threads", t,
        *small, check=True)
strip = lambda path: [l for l in open(path).read().split("\n") if not l.lstrip().startswith('"timing"')]
check(strip(o1) == strip(o2), "compare output differs between 1 and 2 threads")
finish()

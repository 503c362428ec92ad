#!/usr/bin/python3
"""check_determinism.py - Same config and seed give byte-identical JSON (the
timing line aside) for OMP_NUM_THREADS = 1, 2, 3 and for two runs in a row; the
recorded thread count proves the thread count really changed; another seed
gives different results. The exact sorts are run at sizes where they spread
over threads and take their sums in cache. Also runs a scenario with new money and robots, and one with every
mechanism of version 2 (sticky wages with layoffs, debt with defaults, UI and
taxes, the energy gate cutting a month's adopters and robots deploying), so
every parallel loop, block sum and global step is exercised."""
import json
import os

from uhisim_test import CONFIGS, V2_ALL, WORK, check, finish, fresh_workdir, run

fresh_workdir()


def bytes_without_timing(path):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    timing = [l for l in lines if l.lstrip().startswith(b'"timing"')]
    check(len(timing) == 1, f"{path}: expected one timing line")
    return b"\n".join(l for l in lines if not l.lstrip().startswith(b'"timing"'))


# sizes where the exact sorts spread over threads (from 2^16 values) and where
# they also take the month's sums bucket by bucket in cache (from 2^19), with
# negative incomes among them (us_institutions' debtors)
SORTS = {"sorts_threads": ["--set", "run.agents=70001", "--set", "run.months=36"],
         "sorts_wide": [os.path.join(CONFIGS, "us_institutions.cfg"), "--set", "run.agents=530001",
                        "--set", "run.months=6"]}
for cfg in ("baseline.cfg", "price_target_displaced_robots", "v2_all", "sorts_threads", "sorts_wide"):
    args = [os.path.join(CONFIGS, "baseline.cfg")]
    if cfg == "v2_all":
        args += V2_ALL
    elif cfg == "sorts_wide":
        args = SORTS[cfg]
    elif cfg in SORTS:
        args += SORTS[cfg]
    elif cfg != "baseline.cfg":
        args = [os.path.join(CONFIGS, "price_target_dividend.cfg"), "--set", "policy.money.channel=displaced",
                "--set", "robots.start_year=2026.5", "--set", "run.agents=30001"]
    outputs = []
    for threads, tag in ((1, "a"), (2, "b"), (3, "c"), (3, "d")):
        out = os.path.join(WORK, f"{cfg}_{threads}{tag}.json")
        p = run("run", *args, "-o", out, "--quiet", "--csv", out + ".csv",
                env={"OMP_NUM_THREADS": str(threads)})
        check(p.returncode == 0, f"{cfg} with {threads} threads failed: {p.stderr}")
        with open(out) as f:
            doc = json.load(f)
        check(doc["timing"]["threads"] == threads, f"{cfg}: recorded {doc['timing']['threads']} threads, ran {threads}")
        outputs.append((threads, out))
    ref = bytes_without_timing(outputs[0][1])
    for threads, out in outputs[1:]:
        check(bytes_without_timing(out) == ref, f"{cfg}: JSON with {threads} threads differs from 1 thread")
        with open(outputs[0][1] + ".csv", "rb") as a, open(out + ".csv", "rb") as b:
            check(a.read() == b.read(), f"{cfg}: CSV with {threads} threads differs")
    if cfg == "v2_all":
        with open(outputs[0][1]) as f:
            s = json.load(f)["series"]
        exercised = {"layoffs": sum(s["laid_off"]), "defaults": sum(s["defaults"]),
                     "UI": sum(s["ui_paid"]), "robots": max(s["robot_slots"]),
                     "energy cut with some kept": sum(1 for h, a in zip(s["automation_held_back"], s["automated"])
                                                      if h > 0 and a > 0)}
        check(all(v > 0 for v in exercised.values()), f"v2_all does not exercise everything: {exercised}")
    print(f"{cfg}: identical bytes for 1, 2, 3 threads and a repeated run")

# --threads sets the count as OMP_NUM_THREADS does
out = os.path.join(WORK, "threads_flag.json")
run("run", os.path.join(CONFIGS, "baseline.cfg"), "-o", out, "--quiet", "--threads", "2", check=True)
check(bytes_without_timing(out) == bytes_without_timing(os.path.join(WORK, "baseline.cfg_1a.json")),
      "--threads 2 output differs from the 1-thread run")
with open(out) as f:
    check(json.load(f)["timing"]["threads"] == 2, "--threads 2 not recorded")

# a different seed must change the draws
a = os.path.join(WORK, "seed1.json")
b = os.path.join(WORK, "seed2.json")
run("run", os.path.join(CONFIGS, "baseline.cfg"), "-o", a, "--quiet", "--set", "run.agents=20000", check=True)
run("run", os.path.join(CONFIGS, "baseline.cfg"), "-o", b, "--quiet", "--set", "run.agents=20000",
    "--seed", "2", check=True)
with open(a) as fa, open(b) as fb:
    sa, sb = json.load(fa)["series"], json.load(fb)["series"]
check(sa["automated_share_white"] != sb["automated_share_white"], "seed 2 gave the same automation path as seed 1")
finish()

#!/usr/bin/python3
"""check_bench.py - `uhisim bench` runs and reports what it promises (no timing
is asserted: speed is measured, not tested): per size and thread count the
median and spread of wall time, throughput, ns per agent-step, peak memory,
bytes per agent, the bandwidth bound and the time per phase, plus the STREAM
triad bandwidth; the phases add up to no more than the wall time."""
import json
import os

from uhisim_test import CONFIGS, WORK, check, finish, fresh_workdir, run

fresh_workdir()
out = os.path.join(WORK, "bench.json")
p = run("bench", os.path.join(CONFIGS, "baseline.cfg"), "--agents", "2000,5000", "--months", 12,
        "--repeats", 2, "--max-threads", 5, "-o", out)
check(p.returncode == 0, f"bench failed: {p.stderr}")
check("STREAM triad" in p.stdout and "ns/a-st" in p.stdout, "bench should print its table")
with open(out) as f:
    doc = json.load(f)
check(doc["schema"] == "uhisim.bench" and doc["triad_bytes_per_second"] > 0, "bench header")
rows = doc["results"]
# thread counts double up to the maximum, which is included
check([(r["agents"], r["threads"]) for r in rows] ==
      [(a, t) for a in (2000, 5000) for t in (1, 2, 4, 5)],
      "one row per size and thread count (1, 2, 4, then the maximum)")
for r in rows:
    check(r["wall_min_s"] <= r["wall_median_s"] <= r["wall_max_s"], f"wall order {r}")
    steps = r["agents"] * 12
    check(abs(r["agent_steps_per_s"] * r["wall_median_s"] - steps) <= 1e-6 * steps, "throughput")
    check(r["peak_rss_kb"] > 0 and r["fraction_of_bound"] > 0, "memory and bound")
    phases = r["phase_median_s"]
    check(set(phases) == {"init", "automation", "production", "policy", "spending",
                          "incomes", "metrics", "output"}, f"phases {sorted(phases)}")
    check(sum(phases.values()) <= r["wall_max_s"] * 1.05 + 1e-3, "phases exceed the wall time")
p = run("bench", "--agents", "12.5")
check(p.returncode == 2 and "--agents" in p.stderr, f"bad --agents: {p.returncode} {p.stderr}")
finish()

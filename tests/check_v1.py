#!/usr/bin/python3
"""check_v1.py - configs/v1.cfg reproduces version 1's rules: values of the
version-1 simulator (commit 4ce719e, `uhisim run configs/baseline.cfg --set
run.agents=20000 --set run.months=60`) pinned here, within 1e-9 relative (the
energy cap's arithmetic changed order: f Q* instead of Qcap). Expected
inflation alone differs by design (row 7 of MODEL.md's changes: the log rate),
so it is checked against its own rule instead."""
import math
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

# series -> (month 30, month 59) of version 1
PINNED = {
    "price_level": (0.7657696846952576, 0.3882383289505866),
    "output": (38183804588237.484, 75314562781671.0),
    "employment_rate_white": (0.5830656673804425, 0.5588865096359743),
    "employment_rate_blue": (0.8987716105550501, 0.5953139217470428),
    "uhi_p10": (0.8951098396493002, 0.4559994531674442),
    "uhi_median": (1.1131751106973167, 1.6773056624873395),
    "gini_income": (0.7491263923830372, 0.8177763622198706),
    "real_income_p10": (13497.415570319434, 0.0),
    "machine_output": (18182552800610.758, 60351449906979.445),
    "automated_share_blue": (0.11533212010919017, 0.7206551410373067),
}

fresh_workdir()
doc, _ = run_json(os.path.join(CONFIGS, "v1.cfg"), "--set", "run.agents=20000",
                  "--set", "run.months=60")
s = doc["series"]
for key, values in PINNED.items():
    for m, want in zip((30, 59), values):
        got = s[key][m]
        check(abs(got - want) <= 1e-9 * max(abs(want), 1e-300) or got == want,
              f"v1.cfg: {key}[{m}] = {got!r}, version 1 gave {want!r}")
# version 1's rules: flexible wages, no government, no debt
check(all(g == 1.0 for g in s["wage_gap"]), "v1.cfg: the real-wage gap left 1")
check(sum(s["laid_off"]) == 0 and sum(s["failed_hires"]) == 0, "v1.cfg: layoffs or failed hires")
check(all(x == 0 for x in s["tax_revenue"]) and all(x == 0 for x in s["debt_outstanding"]),
      "v1.cfg: taxes or debt")
check(all(x == 0 for x in s["automation_held_back"]), "v1.cfg: the energy gate held jobs back")
# expected inflation follows the log rule of version 2 from P
beta = doc["config"]["money"]["expectation_speed"]
pe, prev = 0.0, 1.0
for m in range(len(s["month"])):
    pe += beta / 12 * (12 * math.log(s["price_level"][m] / prev) - pe)
    prev = s["price_level"][m]
    check(abs(s["expected_inflation"][m] - pe) <= 1e-12 + 1e-9 * abs(pe),
          f"v1.cfg: expected_inflation[{m}] = {s['expected_inflation'][m]}, the log rule gives {pe}")
print("v1.cfg reproduces the pinned version-1 values")
finish()

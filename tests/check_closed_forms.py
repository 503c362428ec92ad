#!/usr/bin/python3
"""check_closed_forms.py - The quantity theory with automation off (MODEL.md 3, 7):
V fixed and the growth rule at g give P(m) = ((1+g)/(1+q))^(m/12) exactly; with
M fixed, P(m) = (1+q)^(-m/12). Output grows at q: Q(m) = Q(0)(1+q)^(m/12)."""
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

fresh_workdir()
base = os.path.join(CONFIGS, "no_automation.cfg")
cases = [("growth", 0.07, 0.03), ("growth", 0.0, 0.015), ("growth", -0.02, 0.04), ("fixed", 0.0, 0.03)]
for rule, g, q in cases:
    doc, _ = run_json(base, "--set", f"policy.money.rule={rule}",
                      "--set", f"policy.money.growth_per_year={g}",
                      "--set", f"economy.productivity_growth_per_year={q}",
                      "--set", "run.agents=20000", name=f"qt_{rule}_{g}_{q}")
    s = doc["series"]
    for m, P in enumerate(s["price_level"]):
        expected = ((1 + g) / (1 + q)) ** (m / 12) if rule == "growth" else (1 + q) ** (-m / 12)
        check(abs(P - expected) <= 1e-9 * expected,
              f"{rule} g={g} q={q}: P({m}) = {P!r}, closed form {expected!r}")
        check(abs(s["output"][m] - s["output"][0] * (1 + q) ** (m / 12)) <= 1e-9 * s["output"][m],
              f"{rule} q={q}: Q({m}) does not grow at q")
        check(s["velocity"][m] == 1.36 or abs(s["velocity"][m] - 1.36) < 1e-12, f"V moved at {m}")
    # a year after month 0, annual inflation is (1+g)/(1+q) - 1
    if rule == "growth":
        infl = s["price_level"][12] / s["price_level"][0] - 1
        check(abs(infl - ((1 + g) / (1 + q) - 1)) < 1e-9, f"yearly inflation {infl} off the closed form")
    print(f"{rule} g={g} q={q}: P follows the quantity theory over {len(s['price_level'])} months")
finish()

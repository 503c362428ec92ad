#!/usr/bin/python3
"""check_closed_forms.py - Closed forms of whole runs (MODEL.md 3, 4d, 7).

The quantity theory with automation off: V fixed and the growth rule at g give
P(m) = ((1+g)/(1+q))^(m/12) exactly; with M fixed, P(m) = (1+q)^(-m/12). Output
grows at q: Q(m) = Q(0)(1+q)^(m/12).

Wage rigidity (version 2): W(m) = max(P(m), (1 - d_m)^(1/12) W(m-1)) exactly,
d_m = min(1, d0 + d1 u(m-1)); with automation and re-employment off, M fixed,
d1 = 0 and (1-d0)(1+q) > 1 the gap grows and employment(m) is the viable share
S(g(m-1)) of MODEL.md 4d within sampling error; with d0 = 1 nobody is laid off
and no hire fails; with automation off, d1 = 0 and (1-d0)(1+q) <= 1, g = 1."""
import math
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


def check_wage_rule(s, d0, d1, label):
    """W(m) = max(P(m), (1 - min(1, d0 + d1 u(m-1)))^(1/12) W(m-1)) to 1e-12 every
    month, W = 1 and u = 0 before month 0; g = W / P >= 1."""
    W, P, gap, u = s["wage_index"], s["price_level"], s["wage_gap"], s["unemployment_rate"]
    prev_w, prev_u = 1.0, 0.0
    for m in range(len(W)):
        d = min(1.0, d0 + d1 * prev_u)
        want = max(P[m], (1 - d) ** (1 / 12) * prev_w if d < 1 else 0.0)
        check(abs(W[m] - want) <= 1e-12 * want, f"{label}: W({m}) = {W[m]!r}, the rule gives {want!r}")
        check(abs(gap[m] - W[m] / P[m]) <= 1e-12 * gap[m] and gap[m] >= 1.0,
              f"{label}: g({m}) = {gap[m]!r}, W/P = {W[m] / P[m]!r}")
        prev_w, prev_u = W[m], u[m]


def viable_share(g, omega, eps):
    """S(g) of MODEL.md 4d: ((1 - omega g)/(1 - omega))^b, b = eps (1 - omega)/omega."""
    if g <= 1:
        return 1.0
    if omega * g >= 1:
        return 0.0
    return ((1 - omega * g) / (1 - omega)) ** (eps * (1 - omega) / omega)


# (a) Prices fall faster than wages may: q = 0.015, d0 = 0.01, (1-d0)(1+q) =
# 1.00485 > 1. No automation, no re-employment, fixed money: only layoffs move
# employment, every month's layoffs are the agents whose viab fell below last
# month's gap, so employment(m) = the share of viab >= g(m-1) (the gap only
# grows, so the earlier gaps are below it). The viab are N independent draws:
# that share is binomial about S(g(m-1)) with sd sqrt(S (1 - S)/N), 4.4e-4 at
# S = 0.98 and N = 1e5 (the run takes about a second); 4 sd plus one agent.
AGENTS = 100000
rigid = ["--set", "run.agents=%d" % AGENTS, "--set", "wages.max_cut_per_year=0.01",
         "--set", "wages.max_cut_per_unemployment=0", "--set", "economy.productivity_growth_per_year=0.015",
         "--set", "labor.reemployment_per_year=0", "--set", "policy.money.rule=fixed"]
doc, _ = run_json(base, *rigid, name="rigid_wages")
s = doc["series"]
check_wage_rule(s, 0.01, 0.0, "rigid wages")
omega, eps = doc["run"]["labor_share"], doc["config"]["wages"]["labor_demand_elasticity"]
workers = doc["run"]["workers"]
gap, emp = s["wage_gap"], s["employment_rate"]
months = len(gap)
check(all(gap[m] >= gap[m - 1] for m in range(1, months)), "rigid wages: the gap fell in some month")
check(gap[-1] > 1.04, f"rigid wages: the gap reached only {gap[-1]!r} after {months} months")
check(emp[-1] < 0.985, f"rigid wages: employment {emp[-1]!r} at the end, no layoffs to speak of")
worst = 0.0
for m in range(months):
    S = viable_share(gap[m - 1] if m > 0 else 1.0, omega, eps)
    sd = math.sqrt(S * (1 - S) / AGENTS)
    ratio = emp[m] / emp[0]
    worst = max(worst, abs(ratio - S) / max(sd, 1e-300))
    check(abs(ratio - S) <= 4 * sd + 1.0 / AGENTS,
          f"rigid wages: employment({m})/employment(0) = {ratio!r}, S(g({m - 1})) = {S!r} (sd {sd:.2g})")
    check(s["failed_hires"][m] == 0 and s["reemployed"][m] == 0, f"rigid wages: hires in month {m}")
    # employment falls by exactly the month's layoffs
    before = emp[m - 1] if m > 0 else 1.0
    check(abs((before - emp[m]) * workers - s["laid_off"][m]) <= 1e-6 * workers,
          f"rigid wages: employment fell by {(before - emp[m]) * workers!r} workers in month {m}, "
          f"laid off {s['laid_off'][m]!r}")
print(f"rigid wages: g {gap[0]:.6f} -> {gap[-1]:.6f}, employment {emp[-1]:.5f} vs S {viable_share(gap[-2], omega, eps):.5f}; "
      f"worst month {worst:.2f} sd")

# the same with d1 = 0.4: the allowed cut rises with last month's unemployment
doc, _ = run_json(base, *rigid, "--set", "wages.max_cut_per_unemployment=0.4", name="rigid_wages_d1")
check_wage_rule(doc["series"], 0.01, 0.4, "rigid wages, d1 = 0.4")

# the rule holds with automation on too: US-institutions values d0 0.04, d1 0.4
doc, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), "--set", "run.agents=20000",
                  "--set", "wages.max_cut_per_year=0.04", "--set", "wages.max_cut_per_unemployment=0.4",
                  name="rigid_wages_automation")
check_wage_rule(doc["series"], 0.04, 0.4, "automation, d0 0.04, d1 0.4")

# (b) d0 = 1: wages as flexible as prices, W = P, g = 1, nobody laid off and no
# hire fails, with automation on (displacement and re-employment under way),
# with or without d1
for d1 in (0.0, 0.4):
    doc, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), "--set", "run.agents=20000",
                      "--set", "wages.max_cut_per_year=1", "--set", f"wages.max_cut_per_unemployment={d1}",
                      name=f"flexible_wages_{d1}")
    s = doc["series"]
    check(min(s["employment_rate"]) < 0.95 and sum(s["reemployed"]) > 0,
          f"flexible wages d1={d1}: automation displaced nobody, the check is vacuous")
    for m in range(len(s["wage_gap"])):
        check(s["laid_off"][m] == 0 and s["failed_hires"][m] == 0,
              f"flexible wages d1={d1}: month {m} laid off {s['laid_off'][m]}, failed hires {s['failed_hires'][m]}")
        check(s["wage_gap"][m] == 1 and s["wage_index"][m] == s["price_level"][m],
              f"flexible wages d1={d1}: month {m} g = {s['wage_gap'][m]!r}")
    print(f"flexible wages d1={d1}: g = 1, no layoffs, no failed hires in {len(s['wage_gap'])} months")

# (c) wages may fall faster than prices do: d0 = 0.02, (1-d0)(1+q) = 0.9947 <= 1,
# automation off, d1 = 0: W = P, g = 1 every month and nobody is laid off
doc, _ = run_json(base, "--set", "run.agents=20000", "--set", "wages.max_cut_per_year=0.02",
                  "--set", "wages.max_cut_per_unemployment=0", "--set", "economy.productivity_growth_per_year=0.015",
                  "--set", "policy.money.rule=fixed", name="wages_fall_faster")
s = doc["series"]
check_wage_rule(s, 0.02, 0.0, "wages fall faster")
check(all(g == 1 for g in s["wage_gap"]), f"wages fall faster: g = {max(s['wage_gap'])!r} in some month")
check(all(x == 0 for x in s["laid_off"]), "wages fall faster: somebody was laid off at g = 1")
print(f"wages fall faster than prices: g = 1 in all {len(s['wage_gap'])} months")
finish()

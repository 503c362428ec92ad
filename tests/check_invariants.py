#!/usr/bin/python3
"""check_invariants.py - MODEL.md section 7 invariants, every month of every
config in configs/ and examples/ (at 20 000 agents): the equation of exchange
M V = P Q, money conservation and the balanced government budget (relative
error < 1e-9); the wage index rule W(m) = max(P(m), (1 - d_m)^(1/12) W(m-1))
exactly, g = W / P >= 1, and no layoff or failed hire with d0 = 1; the energy
gate (a month whose machines want more than the capacity automates nothing);
bits before atoms (software alone never automates a blue-collar job); debt
without defaults following the annuity formula; no null outside the nullable
series; shares in [0, 1]; robots within their fleet; the month-0 anchors."""
import glob
import math
import os

from uhisim_test import CONFIGS, SOURCE, check, finish, fresh_workdir, run_json

NULLABLE = {"real_consumption_displaced", "real_wage_employed", "uhi_displaced",
            "months_displaced_mean", "defaulted_share"}
SHARES = ["employment_rate", "unemployment_rate", "employment_rate_white", "employment_rate_blue",
          "automated_share_white", "automated_share_blue", "capital_share", "gini_money",
          "cap_binding", "energy_gate_binding", "output_scale", "ui_scale",
          "long_term_displaced_share"]
AGENTS = 20000


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def annuity_factor(rate, j):
    if rate == 0:
        return j
    r = rate / 12
    return -math.expm1(-j * math.log1p(r)) / r


fresh_workdir()
configs = sorted(glob.glob(os.path.join(CONFIGS, "*.cfg")) +
                 glob.glob(os.path.join(SOURCE, "examples", "*", "*.cfg")))
check(len(configs) >= 30, f"expected at least 30 configs in configs/ and examples/, found {len(configs)}")
for cfg in configs:
    name = os.path.relpath(cfg, SOURCE)
    doc, _ = run_json(cfg, "--set", f"run.agents={AGENTS}", name=name.replace("/", "_")[:-4])
    s, c = doc["series"], doc["config"]
    months = doc["run"]["months"]
    check(months == c["run"]["months"], f"{name}: months run != run.months")
    for key, values in s.items():
        check(len(values) == months, f"{name}: {key} has {len(values)} values, expected {months}")
        for m, v in enumerate(values):
            if v is None:
                check(key in NULLABLE, f"{name}: {key}[{m}] is null")
            else:
                check(math.isfinite(v), f"{name}: {key}[{m}] = {v}")
    d0, d1 = c["wages"]["max_cut_per_year"], c["wages"]["max_cut_per_unemployment"]
    gated = c["energy"]["gates_adoption"]
    W_prev, u_prev = 1.0, 0.0
    for m in range(months):
        M, V, P, Q = s["money_stock"][m], s["velocity"][m], s["price_level"][m], s["output"][m]
        # V is realised (12 S / M) and Q annualised, so M V = P Q in $/year
        check(abs(M * V - P * Q) / (P * Q) < 1e-9, f"{name}: M V != P Q at month {m}")
        for key in ("identity_mv_pq", "identity_money", "identity_government"):
            check(s[key][m] < 1e-9, f"{name}: {key}[{m}] = {s[key][m]}")
        check(abs(s["nominal_gdp"][m] - P * Q) <= 1e-9 * P * Q, f"{name}: nominal_gdp != P Q at {m}")
        check(abs(Q - s["human_output"][m] - s["machine_output"][m]) <= 1e-9 * Q,
              f"{name}: Q != Q_h + Q_m at month {m}")
        used = s["energy_wanted_gw"][m] * s["output_scale"][m]
        check(used <= s["energy_gw"][m] * (1 + 1e-12), f"{name}: machines use {used} GW > E at {m}")
        if gated and s["cap_binding"][m]:
            check(s["automated"][m] == 0, f"{name}: month {m} automated {s['automated'][m]} jobs "
                  "although the running machines already wanted more than the energy")
        check(s["robot_slots"][m] <= s["robot_fleet"][m] + 1e-6,
              f"{name}: robot slots {s['robot_slots'][m]} > fleet {s['robot_fleet'][m]} at {m}")
        for key in SHARES:
            check(-1e-12 <= s[key][m] <= 1 + 1e-12, f"{name}: {key}[{m}] = {s[key][m]} outside [0, 1]")
        check(s["real_income_p10"][m] <= s["real_income_median"][m] <= s["real_income_p90"][m],
              f"{name}: income quantiles out of order at month {m}")
        check(s["real_income_bottom10"][m] <= s["real_income_p10"][m] * (1 + 1e-12) + 1e-9 and
              s["real_consumption_bottom10"][m] <= s["real_consumption_p10"][m] * (1 + 1e-12) + 1e-9,
              f"{name}: a bottom-decile mean above its p10 at month {m}")
        # the wage index: W = max(P, (1 - d)^(1/12) W_prev), d = min(1, d0 + d1 u_prev)
        d = min(1.0, d0 + d1 * u_prev)
        want = max(P, 0.0 if d >= 1 else (1 - d) ** (1 / 12) * W_prev)
        check(rel(s["wage_index"][m], want) < 1e-12, f"{name}: W[{m}] = {s['wage_index'][m]}, rule {want}")
        check(s["wage_gap"][m] >= 1 - 1e-15 and rel(s["wage_gap"][m], s["wage_index"][m] / P) < 1e-12,
              f"{name}: gap[{m}] = {s['wage_gap'][m]}")
        W_prev, u_prev = s["wage_index"][m], s["unemployment_rate"][m]
    if d0 >= 1:
        check(sum(s["laid_off"]) == 0 and sum(s["failed_hires"]) == 0 and max(s["wage_gap"]) == 1,
              f"{name}: flexible wages (d0 = 1) but layoffs, failed hires or a gap")
    # bits before atoms: without robots, blue-collar jobs stay human
    if not c["ai"]["automates_blue_collar"] and not c["robots"]["enabled"]:
        check(max(s["automated_share_blue"]) == 0, f"{name}: AI automated blue-collar jobs")
    # debt without defaults follows the annuity: D0 A(n - m - 1) / A(n)
    if c["debt"]["enabled"]:
        rate, n = c["debt"]["rate"], round(12 * c["debt"]["term_years"])
        D0 = c["debt"]["to_gdp"] * c["money"]["stock"] * c["money"]["velocity"]
        for m in range(months):
            if s["defaulted_share"][m] != 0:
                break
            want = D0 * annuity_factor(rate, n - m - 1) / annuity_factor(rate, n) if m < n - 1 else 0.0
            check(abs(s["debt_outstanding"][m] - want) <= 1e-9 * D0,
                  f"{name}: debt outstanding {s['debt_outstanding'][m]} at {m}, annuity {want}")
    # money changes only by Delta M
    for m in range(1, months):
        dm = s["money_stock"][m] - s["money_stock"][m - 1]
        check(abs(dm - s["money_created"][m]) <= 1e-9 * s["money_stock"][m],
              f"{name}: M moved by {dm} but money_created = {s['money_created'][m]} at {m}")
    check(s["uhi_p10"][0] == 1.0 and s["uhi_median"][0] == 1.0 and s["uhi_bottom10"][0] == 1.0,
          f"{name}: uhi ratios not 1 at month 0")
    check(abs(s["price_level"][0] - 1) < 0.01, f"{name}: P(0) = {s['price_level'][0]} far from 1")
    print(f"{name}: {months} months checked")
finish()

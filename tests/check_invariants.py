#!/usr/bin/python3
"""check_invariants.py - MODEL.md section 7 invariants, every month of every
scenario config in configs/: the equation of exchange M V = P Q and money
conservation (relative error < 1e-9), no null outside the nullable series,
shares in [0, 1], robots within their fleet, and the month-0 anchors
(P(0) close to 1, uhi ratios 1 at month 0)."""
import glob
import math
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

NULLABLE = {"real_consumption_displaced", "real_wage_employed", "uhi_displaced"}
SHARES = ["employment_rate", "employment_rate_white", "employment_rate_blue",
          "automated_share_white", "automated_share_blue", "capital_share", "gini_income",
          "gini_money", "cap_binding"]

fresh_workdir()
configs = sorted(glob.glob(os.path.join(CONFIGS, "*.cfg")))
check(len(configs) >= 13, f"expected at least 13 scenario configs, found {len(configs)}")
for cfg in configs:
    name = os.path.basename(cfg)
    doc, _ = run_json(cfg)
    s = doc["series"]
    months = doc["run"]["months"]
    check(months == doc["config"]["run"]["months"], f"{name}: months run != run.months")
    for key, values in s.items():
        check(len(values) == months, f"{name}: {key} has {len(values)} values, expected {months}")
        for m, v in enumerate(values):
            if v is None:
                check(key in NULLABLE, f"{name}: {key}[{m}] is null")
            else:
                check(math.isfinite(v), f"{name}: {key}[{m}] = {v}")
    for m in range(months):
        M, V, P, Q = s["money_stock"][m], s["velocity"][m], s["price_level"][m], s["output"][m]
        # V is realised (12 S / M) and Q annualised, so M V = P Q in $/year
        check(abs(M * V - P * Q) / (P * Q) < 1e-9, f"{name}: M V != P Q at month {m}")
        check(s["identity_mv_pq"][m] < 1e-9, f"{name}: identity_mv_pq[{m}] = {s['identity_mv_pq'][m]}")
        check(s["identity_money"][m] < 1e-9, f"{name}: identity_money[{m}] = {s['identity_money'][m]}")
        check(abs(s["nominal_gdp"][m] - P * Q) <= 1e-9 * P * Q, f"{name}: nominal_gdp != P Q at {m}")
        check(abs(s["output"][m] - s["human_output"][m] - s["machine_output"][m]) <= 1e-9 * Q,
              f"{name}: Q != Q_h + Q_m at month {m}")
        check(s["machine_output"][m] <= s["machine_output_cap"][m] * (1 + 1e-12),
              f"{name}: machine output above its cap at month {m}")
        check(s["robot_slots"][m] <= s["robot_fleet"][m] + 1e-6,
              f"{name}: robot slots {s['robot_slots'][m]} > fleet {s['robot_fleet'][m]} at {m}")
        for key in SHARES:
            check(-1e-12 <= s[key][m] <= 1 + 1e-12, f"{name}: {key}[{m}] = {s[key][m]} outside [0, 1]")
        check(s["real_income_p10"][m] <= s["real_income_median"][m] <= s["real_income_p90"][m],
              f"{name}: income quantiles out of order at month {m}")
    # money changes only by Delta M
    for m in range(1, months):
        dm = s["money_stock"][m] - s["money_stock"][m - 1]
        check(abs(dm - s["money_created"][m]) <= 1e-9 * s["money_stock"][m],
              f"{name}: M moved by {dm} but money_created = {s['money_created'][m]} at {m}")
    check(s["uhi_p10"][0] == 1.0 and s["uhi_median"][0] == 1.0, f"{name}: uhi ratios not 1 at month 0")
    check(abs(s["price_level"][0] - 1) < 0.01, f"{name}: P(0) = {s['price_level'][0]} far from 1")
    print(f"{name}: {months} months checked")
finish()

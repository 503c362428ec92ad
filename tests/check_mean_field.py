#!/usr/bin/python3
"""check_mean_field.py - With N large, the automation path matches the
closed-form mean-field hazard within sampling error (MODEL.md section 7).

AI only (robots off), no re-employment, energy not gating adoption (the gate
would stop automation when the machines want all the power). AI takes only
white-collar jobs (version 2's bits before atoms), so the blue-collar share
stays 0 exactly; with ai.automates_blue_collar = true (a second run) both
classes follow the hazard. An agent of occupation o is feasible
from the first month m with (m/12) ln g >= ln thr + span (1 - x_o) + sigma z,
z ~ N(0,1), so P(feasible by m) = Phi(((m/12) ln g - ln thr - span (1 - x_o)) / sigma).
While feasible it is automated each month with p = 1 - exp(-adoption/12). So

  share_o(m) = sum_{j <= m} [F_o(j) - F_o(j-1)] (1 - (1-p)^(m-j+1)).

The class share is the agent-weighted mean over occupations; its sampling sd is
sqrt(sum_o n_o s_o (1 - s_o)) / n_class (independent Bernoulli agents), floored
at one agent (1 / n_class) because counts are whole; the test allows 5 sd."""
import math
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

fresh_workdir()
g, thr, span, sigma, adoption = 3.0, 1.0, 6.9, 1.0, 2.0
ARGS = ["--set", "robots.enabled=false", "--set", "labor.reemployment_per_year=0",
        "--set", f"ai.growth_per_year={g}", "--set", f"labor.adoption_per_year={adoption}",
        "--set", "run.months=96", "--set", "energy.gates_adoption=false"]
bits, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), *ARGS, name="bits_before_atoms")
check(max(bits["series"]["automated_share_blue"]) == 0,
      "software alone automated blue-collar jobs (ai.automates_blue_collar = false)")
doc, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), *ARGS, "--set", "ai.automates_blue_collar=true",
                  name="mean_field")
s, occ, cfg = doc["series"], doc["occupations"], doc["config"]
scale = doc["run"]["scale"]
check(bits["series"]["automated_share_white"] == s["automated_share_white"],
      "the white-collar path should not depend on whether AI may take blue-collar jobs")
p = 1 - math.exp(-adoption / 12)
Phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))


def share(x, m):
    F = lambda j: Phi(((j / 12) * math.log(g) - math.log(thr) - span * (1 - x)) / sigma) if j >= 0 else 0.0
    return sum((F(j) - F(j - 1)) * (1 - (1 - p) ** (m - j + 1)) for j in range(m + 1))


rows = {r["code"]: r for r in cfg["occupations"]}
worst = 0.0
for m in (6, 12, 24, 36, 48, 72, 95):
    for cls, key in (("white", "automated_share_white"), ("blue", "automated_share_blue")):
        n_cls, expected, var = 0, 0.0, 0.0
        for o, code in enumerate(occ["code"]):
            row = rows[code]
            if row["class"] != cls:
                continue
            n = round((occ["employed"][o][m] + occ["automated"][o][m]) / scale)
            e = share(row["ai_exposure"], m)
            n_cls += n
            expected += n * e
            var += n * e * (1 - e)
        expected /= n_cls
        sd = math.sqrt(max(var, 1.0)) / n_cls  # at least one agent's worth: counts are whole
        got = s[key][m]
        z = (got - expected) / sd if sd > 0 else 0.0
        worst = max(worst, abs(z))
        check(abs(got - expected) <= 5 * sd + 1e-12,
              f"month {m} {cls}: automated share {got:.5f}, mean field {expected:.5f} (sd {sd:.5f}, z {z:.1f})")
print(f"largest |z| = {worst:.2f}")
finish()

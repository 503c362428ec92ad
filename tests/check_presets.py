#!/usr/bin/python3
"""check_presets.py - The scenario presets of configs/: every one validates and
opens with a comment block that names its question; each preset differs from
the preset it extends in exactly the keys and values listed here (a "one
mechanism" preset in the keys of its mechanism alone, us_institutions.cfg in
the union of sticky_wages, debt_deflation and unemployment_insurance); v1.cfg
sets version 1's values itself (its file is their origin, so a change of a
default cannot move it); the abundant-energy presets never bind (no month with
the adoption gate or the energy cap binding); and sceptic.cfg reproduces the
figures of Acemoglu (2024) it is calibrated to, against its no-automation twin
on the same seed."""
import glob
import os
import re
import subprocess

from uhisim_test import CONFIGS, UHISIM, check, finish, fresh_workdir, leading_comment, run_json

LINE = re.compile(r"^(?P<key>[a-z0-9_.]+) = (?P<value>.*);\s+# (?P<origin>.*) \[(?P<unit>[^\]]*)\]$")

STICKY = {"wages.max_cut_per_year": "0.04", "wages.max_cut_per_unemployment": "0.4"}
DEBT = {"debt.enabled": "true"}
UI = {"policy.fiscal.ui_replacement": "0.4", "policy.fiscal.wage_tax": "0.01"}
MACHINE_TAX = {"policy.fiscal.machine_tax": "0.5"}
ABUNDANT = {"energy.capacity_gw": "1000000000.0", "energy.growth_per_year": "1.5"}
US = {**STICKY, **DEBT, **UI}
V1 = {"energy.gates_adoption": "false", "ai.efficiency_gain_per_year": "0.3",
      "robots.kwh_per_dollar": "0.05", "robots.efficiency_gain_per_year": "0.3",
      "ai.automates_blue_collar": "true", "robots.ai_fallback": "false",
      "ownership.distribution": "\"pareto\"", "economy.labor_share": "0.0"}
SCEPTIC = {"ai.growth_per_year": "1.0", "ai.threshold": "0.17", "ai.output_elasticity": "0.43",
           "robots.enabled": "false", "labor.reemployment_per_year": "0.0"}

# preset -> (the preset it extends, {key: value} where the two differ)
PRESETS = {
    "baseline": (None, {}),
    "sticky_wages": ("baseline", STICKY),
    "debt_deflation": ("baseline", DEBT),
    "unemployment_insurance": ("baseline", UI),
    "automation_tax": ("baseline", MACHINE_TAX),
    "capital_tax": ("baseline", {"policy.fiscal.capital_tax": "0.5"}),
    "us_institutions": ("baseline", US),
    "us_price_target": ("us_institutions", {"policy.money.rule": "\"price_target\""}),
    "us_automation_tax": ("us_institutions", MACHINE_TAX),
    "abundant_energy": ("baseline", ABUNDANT),
    "us_abundant_energy": ("us_institutions", ABUNDANT),
    "v1": ("baseline", V1),
    "energy_bottleneck": ("baseline", {"energy.growth_per_year": "0.02",
                                       "ai.efficiency_gain_per_year": "0.05"}),
    "space_solar": ("energy_bottleneck", {"energy.added_gw_per_year": "100.0"}),
    "equal_ownership": ("baseline", {"ownership.distribution": "\"equal\""}),
    "hoarding": ("baseline", {"money.velocity_mode": "\"hoarding\""}),
    "money_growth": ("baseline", {"policy.money.rule": "\"growth\""}),
    "ngdp_target": ("baseline", {"policy.money.rule": "\"ngdp_target\""}),
    "price_target_dividend": ("baseline", {"policy.money.rule": "\"price_target\""}),
    "price_target_owners": ("baseline", {"policy.money.rule": "\"price_target\"",
                                         "policy.money.channel": "\"owners\""}),
    "no_automation": ("baseline", {"ai.enabled": "false", "robots.enabled": "false"}),
    "no_reinstatement": ("baseline", {"labor.reemployment_per_year": "0.0"}),
    "sceptic": ("baseline", SCEPTIC),
}
# v1.cfg: rows 1-6 and 8 of MODEL.md's "Changes from version 1" off, each set
# in the file itself (some equal today's defaults)
V1_SET = {**V1, "wages.max_cut_per_year": "1.0", "policy.fiscal.wage_tax": "0.0",
          "policy.fiscal.capital_tax": "0.0", "policy.fiscal.machine_tax": "0.0",
          "policy.fiscal.ui_replacement": "0.0", "debt.enabled": "false", "ai.kwh_per_dollar": "0.05"}

# sceptic.cfg against Acemoglu (2024): share of all jobs (employment-weighted)
# whose starting job AI runs at month 119, and real output over the twin's (AI
# off, the same seed), each the mean of five paired runs (seeds 1-5). One run's
# share is a binomial proportion among the white-collar agents, standard error
# about 0.0015 of all jobs at 2e4 agents, 0.0007 for the mean: 0.004 is over 5
# of them. One run's output gain varies by about 0.07 points from seed to seed
# (a few high-output AI slots weigh a lot), about 0.03 for the mean, which lies
# near the middle of the paper's GDP range (0.93 % to 1.16 %), the tolerance.
SCEPTIC_AGENTS, SCEPTIC_MONTH, SCEPTIC_SEEDS = 20000, 119, (1, 2, 3, 4, 5)
SHARE_AUTOMATED, SHARE_TOL = 0.046, 0.004
GAIN_LO, GAIN_HI = 0.0093, 0.0116


def validate(config):
    """{key: (value text, origin)} of `uhisim validate CONFIG`, and the table line."""
    p = subprocess.run([UHISIM, "validate", config], capture_output=True, text=True)
    check(p.returncode == 0, f"{os.path.basename(config)}: validate exited {p.returncode}: {p.stderr}")
    params = {m["key"]: (m["value"], m["origin"]) for m in map(LINE.match, p.stdout.splitlines()) if m}
    table = [line.split(" # ")[0] for line in p.stdout.splitlines() if line.startswith("# occupations:")]
    return params, table


def values_differ(a, b):
    try:
        return float(a) != float(b)
    except ValueError:
        return a != b


fresh_workdir()
paths = {os.path.basename(p)[:-4]: p for p in sorted(glob.glob(os.path.join(CONFIGS, "*.cfg")))}
check(set(paths) == set(PRESETS), "presets on disk and in PRESETS differ: "
      f"unlisted {sorted(set(paths) - set(PRESETS))}, missing {sorted(set(PRESETS) - set(paths))}")
listing = {}
for name, path in paths.items():
    listing[name] = validate(path)
    head = leading_comment(path)
    check(len(head) >= 2 and head[0].startswith(f"# {name}.cfg - "),
          f"{name}.cfg: does not open with '# {name}.cfg - ' and a comment block")
    check(any("Question:" in line for line in head), f"{name}.cfg: no 'Question:' in its leading comment")

for name, (parent, want) in PRESETS.items():
    if name not in listing or (parent and parent not in listing):
        continue
    mine, table = listing[name]
    if parent is None:
        check(all(origin == "default" for _, origin in mine.values()),
              f"{name}.cfg sets a parameter: {[k for k, (_, o) in mine.items() if o != 'default']}")
        continue
    theirs, parent_table = listing[parent]
    check(table == parent_table, f"{name}.cfg: occupation table differs from {parent}.cfg's")
    diff = {k: v for k, (v, _) in mine.items() if values_differ(v, theirs[k][0])}
    for key in sorted(set(diff) | set(want)):
        check(key in want and key in diff and not values_differ(diff[key], want[key]),
              f"{name}.cfg against {parent}.cfg: {key} is {diff.get(key, theirs[key][0])}, "
              f"expected {want.get(key, theirs[key][0] + ' (unchanged)')}")

# us_institutions is exactly its three critiques together
check(US == {**PRESETS["sticky_wages"][1], **PRESETS["debt_deflation"][1],
             **PRESETS["unemployment_insurance"][1]}, "us_institutions is not the union of its critiques")

# v1.cfg sets version 1's values itself
v1 = listing.get("v1", ({}, []))[0]
for key, value in V1_SET.items():
    got, origin = v1.get(key, ("missing", ""))
    check(not values_differ(got, value) and origin.rsplit(":", 1)[0].endswith("v1.cfg"),
          f"v1.cfg: {key} = {got} from {origin}, expected {value} set in v1.cfg")

# abundant energy: neither the adoption gate nor the cap binds, whole run
for name in ("abundant_energy", "us_abundant_energy"):
    s = run_json(paths[name], "--set", "run.agents=2000", name=name)[0]["series"]
    for key in ("cap_binding", "energy_gate_binding", "automation_held_back"):
        bound = [m for m, v in enumerate(s[key]) if v != 0]
        check(not bound, f"{name}.cfg: {key} nonzero in months {bound[:5]}")
    check(max(w / e for w, e in zip(s["energy_wanted_gw"], s["energy_gw"])) < 0.01,
          f"{name}.cfg: machines want over 1 % of the energy capacity")

# each one-mechanism preset's mechanism acts, at small size
small = ["--set", "run.agents=2000", "--set", "run.months=60"]
s = run_json(paths["sticky_wages"], *small, name="sticky")[0]["series"]
check(max(s["wage_gap"]) > 1 and sum(s["laid_off"]) > 0, "sticky_wages.cfg: no wage gap or no layoff")
s = run_json(paths["debt_deflation"], *small, name="debt")[0]["series"]
check(s["debt_outstanding"][0] > 0, "debt_deflation.cfg: no debt")
s = run_json(paths["unemployment_insurance"], *small, name="ui")[0]["series"]
check(s["tax_revenue"][0] > 0 and max(s["ui_paid"]) > 0, "unemployment_insurance.cfg: no tax or no UI")
s = run_json(paths["automation_tax"], *small, name="machine_tax")[0]["series"]
check(max(s["tax_revenue"]) > 0 and max(s["basic_income"]) > 0, "automation_tax.cfg: no revenue")

# sceptic.cfg: Acemoglu's share of tasks automated and output gain at ten years
m = SCEPTIC_MONTH
args = ["--set", f"run.agents={SCEPTIC_AGENTS}", "--set", f"run.months={m + 1}"]
shares, gains = [], []
for seed in SCEPTIC_SEEDS:
    doc = run_json(paths["sceptic"], *args, "--seed", seed, name=f"sceptic_{seed}")[0]
    twin = run_json(paths["sceptic"], *args, "--seed", seed, "--set", "ai.enabled=false",
                    name=f"sceptic_twin_{seed}")[0]
    s, t, r = doc["series"], twin["series"], doc["run"]
    shares.append((s["automated_share_white"][m] * r["agents_white"] +
                   s["automated_share_blue"][m] * r["agents_blue"]) / r["agents"])
    gains.append(s["output"][m] / t["output"][m] - 1)
    check(max(s["automated_share_blue"]) == 0, f"sceptic.cfg, seed {seed}: a blue-collar job automated")
    check(sum(s["reemployed"]) == 0, f"sceptic.cfg, seed {seed}: a displaced worker re-employed")
share, gain = sum(shares) / len(shares), sum(gains) / len(gains)
check(abs(share - SHARE_AUTOMATED) <= SHARE_TOL,
      f"sceptic.cfg: {share:.4f} of jobs automated at month {m} (mean of seeds), "
      f"Acemoglu's is {SHARE_AUTOMATED}")
check(GAIN_LO <= gain <= GAIN_HI,
      f"sceptic.cfg: output {gain:+.4%} over the twin at month {m} (mean of seeds), "
      f"Acemoglu's is {GAIN_LO:+.2%} to {GAIN_HI:+.2%}")
# the twin is no_automation.cfg: the sceptic's other keys do nothing without AI
twin_file = run_json(paths["no_automation"], *args, "--seed", SCEPTIC_SEEDS[-1], name="no_automation")[0]
check(twin_file["series"]["output"] == t["output"], "sceptic.cfg's twin is not no_automation.cfg")
print(f"sceptic: {share:.4f} of jobs automated, output {gain:+.4%} at month {m} "
      f"(seeds {SCEPTIC_SEEDS}: shares {[round(x, 4) for x in shares]}, gains {[round(x, 5) for x in gains]})")
finish()

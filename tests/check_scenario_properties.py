#!/usr/bin/python3
"""check_scenario_properties.py - Properties of particular scenarios:
hoarding (under deflation V falls below V0 and stays in its clamp; the spiral
case alpha beta > 1 hits the clamp); energy (a tiny capacity binds and machine
output equals the cap); robots (none before robots.start_year, never more slots
than the fleet); and, on the real US table, white-collar automation leads
blue-collar automation in the baseline."""
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

fresh_workdir()
cfg = lambda name: os.path.join(CONFIGS, name)

# Hoarding: deflation -> pi_e < 0 -> V = V0 exp(alpha pi_e) < V0, within [0.3, 5]
s = run_json(cfg("hoarding.cfg"), name="hoarding")[0]["series"]
V0 = 1.36
deflating = [m for m in range(len(s["month"])) if s["expected_inflation"][m] < -0.01]
check(len(deflating) > 100, "hoarding: expected a long deflation")
for m in deflating:
    check(s["velocity"][m] < V0, f"hoarding: V({m}) = {s['velocity'][m]} not below V0 under deflation")
check(all(0.3 - 1e-12 <= v <= 5.0 + 1e-12 for v in s["velocity"]), "hoarding: V left [0.3, 5]")
check(min(s["velocity"]) < 0.9 * V0, "hoarding: velocity barely moved")
spiral = run_json(cfg("hoarding.cfg"), "--set", "money.hoarding=4", "--set", "money.expectation_speed=2",
                  name="spiral")[0]["series"]
check(abs(min(spiral["velocity"]) - 0.3) < 1e-12, "spiral (alpha beta = 8 > 1): V should hit its floor 0.3")

# Energy with the gate off (version 1's rule): a tiny capacity caps machine
# output, and the machines then use exactly the capacity
tiny = ["--set", "energy.capacity_gw=0.001", "--set", "energy.growth_per_year=0",
        "--set", "ai.efficiency_gain_per_year=0", "--set", "robots.efficiency_gain_per_year=0"]
s = run_json(cfg("baseline.cfg"), *tiny, "--set", "energy.gates_adoption=false",
             name="tiny_energy_ungated")[0]["series"]
binding = [m for m in range(len(s["month"])) if s["cap_binding"][m] == 1]
check(len(binding) > 150, f"tiny energy, gate off: the cap bound in only {len(binding)} months")
for m in binding:
    used = s["energy_wanted_gw"][m] * s["output_scale"][m]
    check(abs(used - 0.001) <= 1e-9 * 0.001, f"tiny energy, gate off: machines use {used} GW at {m}")
    check(s["output_scale"][m] < 1, f"tiny energy, gate off: f = {s['output_scale'][m]} at {m}")
# With the gate on (version 2) new machines only fill free energy, the
# machines never use more than the capacity (their wants grow with capability,
# then the cap scales them), and the gate holds jobs back
s = run_json(cfg("baseline.cfg"), *tiny, name="tiny_energy")[0]["series"]
for m in range(len(s["month"])):
    used = s["energy_wanted_gw"][m] * s["output_scale"][m]
    check(used <= 0.001 * (1 + 1e-12), f"tiny energy, gated: machines use {used} GW at {m}")
    check(s["machine_output"][m] == s["machine_output_ai"][m] + s["machine_output_robot"][m] or
          abs(s["machine_output"][m] - s["machine_output_ai"][m] - s["machine_output_robot"][m]) <=
          1e-12 * s["machine_output"][m], f"tiny energy: Q_m != Q_ai + Q_robot at {m}")
held = sum(s["automation_held_back"])
check(held > 0 and sum(s["energy_gate_binding"]) > 150,
      f"tiny energy, gated: the gate bound in {sum(s['energy_gate_binding'])} months, held back {held}")

# Robots: nothing before the start year; never more slots than the fleet
# (energy that never binds: with the seed's figures the gate stops automation
# in 2027, before robots could deploy)
ABUNDANT = ["--set", "energy.capacity_gw=1e9"]
s = run_json(cfg("baseline.cfg"), "--set", "robots.start_year=2030.5", *ABUNDANT,
             name="late_robots")[0]["series"]
for m in range(len(s["month"])):
    if s["year"][m] < 2030.5 - 1e-9:
        check(s["robot_fleet"][m] == 0 and s["robot_slots"][m] == 0 and s["robot_capability"][m] == 0,
              f"robots before their start year at month {m}")
    check(s["robot_slots"][m] <= s["robot_fleet"][m], f"robot slots above the fleet at month {m}")
first = next(m for m in range(len(s["month"])) if s["robot_fleet"][m] > 0)
check(abs(s["year"][first] - 2030.5) < 1e-9 and s["robot_fleet"][first] == 1e4,
      f"fleet should start at 1e4 in 2030.5, got {s['robot_fleet'][first]} in {s['year'][first]}")
check(max(s["robot_slots"]) > 0, "robots never ran a slot")

# White collar first: on the real US table, with energy to spare, the
# white-collar automated share leads
doc = run_json(cfg("baseline.cfg"), *ABUNDANT, name="baseline")[0]
s = doc["series"]
check(len(doc["occupations"]["code"]) == 22, "baseline should use the 22 SOC major groups")
w, b = s["automated_share_white"], s["automated_share_blue"]
check(w[12] > b[12] + 0.02 and w[24] > b[24], f"white {w[24]:.3f} should lead blue {b[24]:.3f} at month 24")
first_half = lambda xs: next((m for m, x in enumerate(xs) if x >= 0.25), None)
fw, fb = first_half(w), first_half(b)
check(fw is not None and (fb is None or fw < fb), f"white reaches 25 % automated at {fw}, blue at {fb}")
print(f"white reaches 25 % automated at month {fw}, blue at month {fb}")
finish()

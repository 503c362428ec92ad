#!/usr/bin/python3
"""check_failed_run.py - A run whose state would become NaN or Inf stops with
exit status 1, names the month and the quantity, and leaves no JSON (nor CSV,
nor temporary file) behind. An interrupted run (SIGINT) leaves nothing either."""
import os
import signal
import subprocess
import time

from uhisim_test import CONFIGS, UHISIM, WORK, check, finish, fresh_workdir, run

fresh_workdir()
base = os.path.join(CONFIGS, "baseline.cfg")


def leftovers():
    return [f for f in os.listdir(WORK) if f.startswith("out")]


# Money growing 1000 % a year overflows M after about 295 years (11^295 > 1e308 / 2e13)
p = run("run", base, "-o", os.path.join(WORK, "out.json"), "--csv", os.path.join(WORK, "out.csv"),
        "--set", "policy.money.rule=growth", "--set", "policy.money.growth_per_year=10",
        "--set", "run.months=4000", "--set", "run.agents=200", "--set", "ai.enabled=false",
        "--set", "robots.enabled=false")
check(p.returncode == 1, f"overflowing money: exit {p.returncode}, expected 1 ({p.stderr})")
check("month 33" in p.stderr and ("money stock M" in p.stderr or "price level P" in p.stderr)
      and "became inf" in p.stderr, f"message should name the month and the quantity: {p.stderr!r}")
check(leftovers() == [], f"files left behind: {leftovers()}")

# Machine output wanted overflows: capability 1e6^(3 years) passes 1e308 in about 17 years
p = run("run", base, "-o", os.path.join(WORK, "out.json"), "--set", "ai.growth_per_year=1e6",
        "--set", "ai.output_elasticity=3", "--set", "run.months=400", "--set", "run.agents=500")
check(p.returncode == 1, f"overflowing machine output: exit {p.returncode}, expected 1")
check("month" in p.stderr and "machine output" in p.stderr, f"message: {p.stderr!r}")
check(leftovers() == [], f"files left behind: {leftovers()}")

# Output falls to zero: no energy for machines and no re-employment -> Q = 0
# (with the energy gate nothing would be automated without energy: it is off)
p = run("run", base, "-o", os.path.join(WORK, "out.json"), "--set", "energy.capacity_gw=0",
        "--set", "energy.gates_adoption=false",
        "--set", "labor.reemployment_per_year=0", "--set", "labor.adoption_per_year=1200",
        "--set", "run.agents=300", "--set", "run.months=600", "--set", "ai.threshold_sigma=0",
        "--set", "robots.threshold_sigma=0")
check(p.returncode == 1 and "output Q" in p.stderr and "month" in p.stderr,
      f"zero output: exit {p.returncode}, {p.stderr!r}")
check(leftovers() == [], f"files left behind: {leftovers()}")

# Ctrl-C during a long run: exit by the signal, nothing written
proc = subprocess.Popen([UHISIM, "run", base, "-o", os.path.join(WORK, "out.json"), "--quiet",
                         "--set", "run.agents=2000000", "--set", "run.months=2000"],
                        stderr=subprocess.PIPE, stdout=subprocess.PIPE)
time.sleep(1.5)
proc.send_signal(signal.SIGINT)
proc.communicate(timeout=120)
check(proc.returncode != 0, f"interrupted run exited {proc.returncode}")
check(leftovers() == [], f"files left behind after SIGINT: {leftovers()}")
finish()

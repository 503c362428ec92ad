#!/usr/bin/python3
"""check_wage_warning.py - An occupation table whose wages had to be scaled by
more than 2x (or less than 0.5x) to meet economy.labor_share gets one warning
line on stderr, naming the factor and the money.stock that would make it 1; the
run still succeeds (exit 0). The real US table (configs/baseline.cfg, factor
about 1.6) gets none, nor does a table kept unscaled (economy.labor_share = 0)."""
import os
import re

from uhisim_test import CONFIGS, WORK, check, finish, fresh_workdir, run, write

fresh_workdir()
SMALL = ["--set", "run.agents=2000", "--set", "run.months=3"]

# a US-sized workforce with wages written in thousands of dollars: the wage bill
# is 1e-3 of a real one, so meeting omega = 0.6 needs a factor of about 2400
thousands = write("thousands.cfg", """
occupations = (
  { code = "A"; name = "office"; class = "white"; employment = 7.0e7; mean_wage = 70.0;
    ai_exposure = 0.5; robot_exposure = 0.2; },
  { code = "B"; name = "hands"; class = "blue"; employment = 5.0e7; mean_wage = 45.0;
    ai_exposure = 0.1; robot_exposure = 0.6; }
);
""")


def warnings(stderr):
    return [line for line in stderr.splitlines() if "warning" in line]


p = run("run", thousands, "-o", os.path.join(WORK, "thousands.json"), "--quiet", *SMALL)
lines = warnings(p.stderr)
check(p.returncode == 0, f"a warning is not an error: exit {p.returncode} ({p.stderr!r})")
check(len(lines) == 1, f"expected one warning line, got {lines}")
text = lines[0] if lines else ""
m = re.search(r"scaled by ([0-9.e+]+)x to meet economy\.labor_share = 0\.6 at money\.stock = "
              r"2\.15e\+13;.*set money\.stock to about ([0-9.e+]+) \(or economy\.labor_share = 0",
              text)
check(m is not None, f"the warning should name the factor, the keys and a money.stock: {text!r}")
if m:
    factor, stock = float(m.group(1)), float(m.group(2))
    # scale sum W = 7e7 x 70 + 5e7 x 45 = 7.15e9 $/year (mean-preserving draws) against
    # 0.6 x 21.5e12 x 1.36 = 1.7544e13: factor 1.7544e13 / 7.15e9 = 2454
    check(2000 < factor < 3000, f"factor {factor}, expected about 2454")
    check(abs(stock / (21.5e12 / factor) - 1) < 0.01, f"money.stock {stock} should be M0 / factor")
    # the suggested money stock makes the factor 1: no warning
    q = run("run", thousands, "-o", os.path.join(WORK, "fixed.json"), "--quiet", *SMALL,
            "--set", f"money.stock={stock}")
    check(q.returncode == 0 and warnings(q.stderr) == [],
          f"at the suggested money.stock: exit {q.returncode}, {q.stderr!r}")

# the table's own wages (labour share derived, version 1): nothing scaled, no warning
q = run("run", thousands, "-o", os.path.join(WORK, "unscaled.json"), "--quiet", *SMALL,
        "--set", "economy.labor_share=0")
check(q.returncode == 0 and warnings(q.stderr) == [],
      f"economy.labor_share = 0: exit {q.returncode}, {q.stderr!r}")

# the real US table: factor about 1.6, inside [0.5, 2]
q = run("run", os.path.join(CONFIGS, "baseline.cfg"), "-o", os.path.join(WORK, "baseline.json"),
        "--quiet", *SMALL)
check(q.returncode == 0 and warnings(q.stderr) == [],
      f"baseline: exit {q.returncode}, {q.stderr!r}")
finish()

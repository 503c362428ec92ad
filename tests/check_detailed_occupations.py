#!/usr/bin/python3
"""check_detailed_occupations.py - The 830 detailed OEWS occupations through
data.occupations_csv (derived at test time by analysis/derive_occupations.py
from ../shared/data, which is read in place, never copied). Skips (77) when
../shared/data is absent."""
import os
import subprocess
import sys

from uhisim_test import CONFIGS, SHARED_DATA, SKIP, SOURCE, WORK, check, finish, fresh_workdir, run_json, write

if not os.path.isfile(os.path.join(SHARED_DATA, "occupation_exposure_detailed.csv")):
    print(f"skipped: {SHARED_DATA}/occupation_exposure_detailed.csv is absent")
    sys.exit(SKIP)
fresh_workdir()
csv_path = os.path.join(WORK, "detailed.csv")
subprocess.run([sys.executable, os.path.join(SOURCE, "analysis", "derive_occupations.py"), SHARED_DATA,
                "-o", csv_path], check=True)
cfg = write("detailed.cfg", f'extends = "{os.path.join(CONFIGS, "baseline.cfg")}";\n'
                            'data = { occupations_csv = "detailed.csv"; };\n')
doc, _ = run_json(cfg)
occ = doc["occupations"]
check(len(occ["code"]) == 830, f"expected 830 occupations, got {len(occ['code'])}")
# OEWS May 2025 detailed occupations: TOT_EMP sums to 155,481,840 (SOURCES.md)
check(abs(doc["run"]["workers"] - 155481840) < 1, f"workers {doc['run']['workers']} != 155481840")
s = doc["series"]
months = doc["run"]["months"]
for m in range(months):
    check(s["identity_mv_pq"][m] < 1e-9 and s["identity_money"][m] < 1e-9, f"identity broken at month {m}")
    total = sum(e[m] for e in occ["employed"])
    check(abs(total - s["employment_rate"][m] * doc["run"]["workers"]) <= 1e-6 * doc["run"]["workers"],
          f"per-occupation employment does not add up at month {m}")
w, b = s["automated_share_white"], s["automated_share_blue"]
check(w[24] > b[24], f"detailed table: white {w[24]:.3f} should lead blue {b[24]:.3f} at month 24")
print(f"830 occupations: white automated {w[24]:.3f}, blue {b[24]:.3f} at month 24")
finish()

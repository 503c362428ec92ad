#!/usr/bin/python3
"""derive_occupations.py - Builds uhisim's occupation CSV (for data.occupations_csv)
from the detailed OEWS table in ../shared/data (830 occupations, May 2025).

    /usr/bin/python3 analysis/derive_occupations.py [SHARED_DATA_DIR] -o occupations.csv

Columns written: code,name,class,employment,mean_wage,ai_exposure,robot_exposure.
  employment     = TOT_EMP_2025 (BLS OEWS, May 2025)
  mean_wage      = A_MEAN_2025; where OEWS publishes no mean ('*', 5 rows) the
                   occupation's major-group mean A_MEAN_2025 is used
  ai_exposure    = eloundou_dv_rating_beta (Eloundou et al. 2024); where blank
                   (47 rows, mostly "All Other" residuals) the major group's value
  robot_exposure = webb_pct_robot / 100 (Webb 2020); where blank (48 rows) the
                   major group's value
  class          = white for SOC major groups 11-29, 41, 43; blue for 31-39, 45-53
The fill-ins are imputations of this script, not of the sources; it prints how
many rows needed each. The data files stay in ../shared/data: this script reads
them where they are."""
import argparse
import csv
import os
import sys


def occupation_class(code):
    group = int(code[:2])
    return "white" if 11 <= group <= 29 or group in (41, 43) else "blue"


def derive(data_dir):
    with open(os.path.join(data_dir, "occupation_exposure_major.csv"), newline="") as f:
        major = {r["OCC_CODE"]: r for r in csv.DictReader(f)}
    rows, filled = [], {"mean_wage": 0, "ai_exposure": 0, "robot_exposure": 0}
    with open(os.path.join(data_dir, "occupation_exposure_detailed.csv"), newline="") as f:
        for r in csv.DictReader(f):
            group = major[r["MAJOR_GROUP"]]
            wage = r["A_MEAN_2025"]
            if not wage.replace(".", "", 1).isdigit():
                wage, filled["mean_wage"] = group["A_MEAN_2025"], filled["mean_wage"] + 1
            ai = r["eloundou_dv_rating_beta"]
            if ai == "":
                ai, filled["ai_exposure"] = group["eloundou_dv_rating_beta"], filled["ai_exposure"] + 1
            robot = r["webb_pct_robot"]
            if robot == "":
                robot, filled["robot_exposure"] = group["webb_pct_robot"], filled["robot_exposure"] + 1
            rows.append({"code": r["OCC_CODE"], "name": r["OCC_TITLE"], "class": occupation_class(r["OCC_CODE"]),
                         "employment": r["TOT_EMP_2025"], "mean_wage": wage, "ai_exposure": ai,
                         "robot_exposure": repr(float(robot) / 100.0)})
    return rows, filled


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("data_dir", nargs="?", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.data_dir, "occupation_exposure_detailed.csv")):
        sys.exit(f"derive_occupations: no occupation_exposure_detailed.csv in {a.data_dir}")
    rows, filled = derive(a.data_dir)
    with open(a.output, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} occupations written to {a.output}; filled from the major group: "
          + ", ".join(f"{k} {v}" for k, v in filled.items()))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""check_lessons.py - The lesson pack in examples/ (issue 4).

(a) every lesson config validates (`uhisim validate`) and names the question it
    answers in its lesson: a "Question:" in its leading comment block (the
    comment lines before its first setting), as every preset of configs/ does;
(b) analysis/render_lessons.py regenerates every lesson's figures into the scratch
    folder at 2 000 agents and 2 replicates, and each expected PNG exists and is not
    blank; each lesson README gives exactly the commands the render script runs;
(c) lesson 1: answer.py's simulated P after 15 years equals the closed form
    (1.07/1.03)^15 to 1e-9 relative (the model is exact up to rounding, ~1e-14);
(d) lesson 9: history.py draws the US FRED figure, says so and skips the
    Jorda-Schularick-Taylor panels when their file is absent, and prints the pace
    of the model's price level from the lesson's run (checked against the run's
    own P path); where the file is present (../shared/data), it prints US
    1873-1896 growth factors near the episode's textbook numbers: money 2.6x +- 0.1,
    real GDP 2.2x +- 0.1, consumer prices -30 % +- 3 percentage points (the data
    give 2.606, 2.200, -29.9 %; the tolerances allow for a later release of the
    database, not for a wrong column: the deflator's -19.5 % or a velocity of 0.68
    would fail), and the two deflations' pace: the deflator -0.94 % a year in the
    US 1873-1896 and -0.92 % in Japan 1995-2012 (+- 0.05), consumer prices -1.53 %
    a year in the US (+- 0.1), each equal to its printed factor's yearly rate;
(e) lesson 10: answer.py agrees with the sticky-wage run (the wage rule exact,
    employment = S(g) of last month's gap), and its hand prediction of the final
    gap is this test's own iteration of g(m) = ((1-d0)(1+q))^(m/12) S(g(m-1)); in
    the comparison, flexible wages and the price target keep the gap at 1 with no
    job lost, and the sticky wages under fixed money reach that predicted gap;
    with debt, the month-0 debt service ratio is the annuity's payments over
    nominal spending, 0.62 x 12 r_m / (1 - (1 + r_m)^-n) = 9.42 %, and under fixed
    money it stays there until the first default; under the price target it falls
    as nominal GDP grows;
(f) lesson 11: the UI scale of the wage-tax scenario at its lowest month is the
    README's back-of-envelope min(1, tau_w e / (r d6)) within 15 % (d6 the workers
    laid off or automated in the last 6 months), the automation tax pays every
    claim in full every month, and the seed's world with a 1 % wage tax cuts the
    claims below half in the wave of 2027.
Nothing is written into the source tree: JSON and figures go to the scratch
folder, and Python writes no bytecode."""
import glob
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
from uhisim_test import (SHARED_DATA, SKIP, SOURCE, UHISIM, WORK, check, finish,  # noqa: E402
                         fresh_workdir, leading_comment, run)

PYTHON = "/usr/bin/python3"
try:
    import matplotlib.image as mpimg
    import numpy as np
except ImportError:
    print("skipped: Debian's python3-matplotlib and python3-numpy are needed to draw and read figures")
    sys.exit(SKIP)

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
import render_lessons  # noqa: E402

fresh_workdir()
env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLCONFIGDIR=os.path.join(WORK, "mpl"),
           UHISIM=UHISIM)


def script(*argv):
    return subprocess.run([PYTHON, *argv], cwd=SOURCE, capture_output=True, text=True, env=env)


# (a) every lesson config validates and names its question
configs = sorted(glob.glob(os.path.join(SOURCE, "examples", "*", "*.cfg")))
expected_configs = sum(len(lesson.configs) for lesson in render_lessons.LESSONS)
check(len(configs) == expected_configs, f"expected {expected_configs} lesson configs, found {len(configs)}")
for cfg in configs:
    rel = os.path.relpath(cfg, SOURCE)
    p = run("validate", cfg)
    check(p.returncode == 0, f"uhisim validate {rel} exited {p.returncode}:\n{p.stderr}")
    check(any("Question:" in line for line in leading_comment(cfg)),
          f"{rel}: no 'Question:' in its leading comment block (the comment lines before its "
          f"first setting); add '# Question: ...' with the question it answers in "
          f"{os.path.dirname(rel)}/README.md")
for lesson in render_lessons.LESSONS:
    folder = os.path.join(SOURCE, "examples", lesson.folder)
    check(os.path.isfile(os.path.join(folder, "README.md")), f"{lesson.folder}: no README.md")
    for cfg in lesson.configs:
        check(os.path.isfile(os.path.join(folder, cfg)), f"{lesson.folder}: missing {cfg}")

# every README gives exactly the commands the render script runs
for lesson in render_lessons.LESSONS:
    with open(os.path.join(SOURCE, "examples", lesson.folder, "README.md")) as f:
        readme = f.read()
    for _, argv, _ in lesson.commands():
        cmd = render_lessons.show(argv)
        check(cmd in readme, f"{lesson.folder}/README.md does not give the command: {cmd}")

# (b) render every lesson small into the scratch folder
json_dir, fig_dir = os.path.join(WORK, "json"), os.path.join(WORK, "figures")
p = script(os.path.join(SOURCE, "analysis", "render_lessons.py"), "--agents", "2000",
           "--replicates", "2", "--out", json_dir, "--figures", fig_dir)
check(p.returncode == 0, f"render_lessons.py exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
jst_present = os.path.isfile(os.path.join(SHARED_DATA, "jst_qtm_usa_jpn.csv"))


def blank(path):
    """True if the image is (nearly) one colour: fewer than 1 % of its pixels differ
    from the colour of its top-left corner (the background)."""
    img = mpimg.imread(path)
    rgb = img[:, :, :3] if img.ndim == 3 else img[:, :, None]
    differs = np.any(np.abs(rgb - rgb[0, 0]) > 1.5 / 255, axis=-1)
    return differs.mean() < 0.01


count = 0
for lesson in render_lessons.LESSONS:
    for name in lesson.figure_files(optional=jst_present):
        path = os.path.join(fig_dir, lesson.folder, name)
        if check(os.path.isfile(path), f"{lesson.folder}: figure {name} was not drawn"):
            check(not blank(path), f"{lesson.folder}: figure {name} is blank")
            count += 1
print(f"render: {count} lesson figures drawn and not blank")

# (c) lesson 1: the simulated P after 15 years is the closed form
out1 = os.path.join(WORK, "lesson01.json")
run("run", os.path.join(SOURCE, "examples", "01_quantity_theory", "quantity_theory.cfg"),
    "--set", "run.agents=2000", "-o", out1, "--quiet", check=True)
p = script(os.path.join(SOURCE, "examples", "01_quantity_theory", "answer.py"), out1)
check(p.returncode == 0, f"answer.py exited {p.returncode}:\n{p.stdout}{p.stderr}")
closed = (1.07 / 1.03) ** 15
m_sim = re.search(r"^simulated P = (\S+)$", p.stdout, re.M)
m_closed = re.search(r"^closed form .* = (\S+)$", p.stdout, re.M)
check("last month m = 180, t = 15.0 years" in p.stdout, f"lesson 1 should end at t = 15 years:\n{p.stdout}")
if check(m_sim and m_closed, f"answer.py output not understood:\n{p.stdout}"):
    simulated = float(m_sim.group(1))
    check(abs(simulated - closed) <= 1e-9 * closed,
          f"lesson 1: simulated P {simulated!r} differs from (1.07/1.03)^15 = {closed!r}")
    check(float(m_closed.group(1)) == closed, f"answer.py's closed form {m_closed.group(1)} != {closed!r}")
    print(f"lesson 1: P(15 years) = {simulated!r}, closed form {closed!r}")

# (d) lesson 9: the FRED figure always; the JST panels skipped cleanly without their file
history = os.path.join(SOURCE, "examples", "09_history", "history.py")
nojst = os.path.join(WORK, "history_nojst")
model_run = os.path.join(json_dir, "lesson09.json")
p = script(history, "-o", nojst, "--jst", os.path.join(WORK, "absent", "jst_qtm_usa_jpn.csv"),
           "--run", model_run)
check(p.returncode == 0, f"history.py without JST exited {p.returncode}:\n{p.stderr}")
check("JST data not found" in p.stdout and "skipping" in p.stdout,
      f"history.py should say it skips the JST panels:\n{p.stdout}")
check(os.path.isfile(os.path.join(nojst, "us_fred_quantity_theory.png")), "history.py drew no FRED figure")
check(not os.path.exists(os.path.join(nojst, "jst_deflations.png")), "history.py drew JST panels without data")
check(re.search(r"^US 1959-2024 \(FRED\) factors: money=71\.9\d\d", p.stdout, re.M) is not None,
      f"US 1959-2024 M2 factor should be 71.9:\n{p.stdout}")
m = re.search(r"^model pace \(% a year over (\S+) years\): price_level=(\S+);", p.stdout, re.M)
if check(m is not None, f"history.py printed no model pace:\n{p.stdout}"):
    with open(model_run) as f:
        prices = json.load(f)["series"]["price_level"]
    years = (len(prices) - 1) / 12
    expected = 100 * ((prices[-1] / prices[0]) ** (1 / years) - 1)
    check(abs(float(m.group(1)) - years) < 0.01 and abs(float(m.group(2)) - expected) < 0.01,
          f"model pace {m.group(2)} % a year over {m.group(1)} years; the run gives "
          f"{expected:.2f} over {years:.2f}")
    print(f"lesson 9: the model's price level {expected:+.2f} % a year over {years:.2f} years")

if not jst_present:
    print(f"lesson 9: {SHARED_DATA}/jst_qtm_usa_jpn.csv absent: the 1873-1896 factors are not checked")
else:
    p = script(history, "-o", os.path.join(WORK, "history"))
    check(p.returncode == 0, f"history.py exited {p.returncode}:\n{p.stderr}")
    m = re.search(r"^US 1873-1896 factors: money=(\S+) velocity=(\S+) real_gdp=(\S+) deflator=(\S+) cpi=(\S+)$",
                  p.stdout, re.M)
    if check(m is not None, f"history.py printed no US 1873-1896 factors:\n{p.stdout}"):
        money, velocity, real_gdp, deflator, cpi = map(float, m.groups())
        check(abs(money - 2.6) <= 0.1, f"US 1873-1896 money factor {money}, expected 2.6 +- 0.1")
        check(abs(real_gdp - 2.2) <= 0.1, f"US 1873-1896 real GDP factor {real_gdp}, expected 2.2 +- 0.1")
        check(abs((cpi - 1) - (-0.30)) <= 0.03, f"US 1873-1896 prices {100 * (cpi - 1):+.1f} %, expected -30 % +- 3")
        # the identity in growth terms, with the deflator (3 printed decimals)
        check(abs(money * velocity - deflator * real_gdp) <= 0.01,
              f"US 1873-1896: M*V = {money * velocity:.3f} but P*Q = {deflator * real_gdp:.3f}")
        print(f"lesson 9: US 1873-1896 money x{money}, real GDP x{real_gdp}, consumer prices {100 * (cpi - 1):+.1f} %")
    check(re.search(r"^Japan 1995-2012 factors: ", p.stdout, re.M) is not None, "no Japan 1995-2012 factors")
    check(os.path.isfile(os.path.join(WORK, "history", "jst_deflations.png")), "no JST figure drawn")
    # the pace: each printed yearly rate is its printed factor's, and near the episode's
    for label, years, deflator_pace, cpi_pace in (("US 1873-1896", 23, -0.94, -1.53),
                                                  ("Japan 1995-2012", 17, -0.92, None)):
        f = re.search(rf"^{label} factors: .* deflator=(\S+) cpi=(\S+)$", p.stdout, re.M)
        r = re.search(rf"^{label} pace \(% a year over (\d+) years\): deflator=(\S+) cpi=(\S+)$",
                      p.stdout, re.M)
        if not check(f is not None and r is not None, f"history.py printed no {label} pace:\n{p.stdout}"):
            continue
        d_factor, c_factor = float(f.group(1)), float(f.group(2))
        n, d_pace, c_pace = int(r.group(1)), float(r.group(2)), float(r.group(3))
        check(n == years, f"{label}: pace over {n} years, expected {years}")
        check(abs(d_pace - 100 * (d_factor ** (1 / years) - 1)) < 0.01
              and abs(c_pace - 100 * (c_factor ** (1 / years) - 1)) < 0.01,
              f"{label}: pace {d_pace}, {c_pace} is not the yearly rate of the factors "
              f"{d_factor}, {c_factor}")
        check(abs(d_pace - deflator_pace) <= 0.05,
              f"{label}: deflator {d_pace} % a year, expected {deflator_pace} +- 0.05")
        if cpi_pace is not None:
            check(abs(c_pace - cpi_pace) <= 0.1, f"{label}: consumer prices {c_pace} % a year, "
                  f"expected {cpi_pace} +- 0.1")
        print(f"lesson 9: {label} deflator {d_pace:+.2f} % a year, consumer prices {c_pace:+.2f} %")

# (e) lesson 10: sticky wages against MODEL.md 4d and 7
folder10 = os.path.join(SOURCE, "examples", "10_when_deflation_hurts")
p = script(os.path.join(folder10, "answer.py"), os.path.join(json_dir, "lesson10_sticky.json"))
check(p.returncode == 0, f"lesson 10 answer.py exited {p.returncode}:\n{p.stdout}{p.stderr}")
with open(os.path.join(json_dir, "lesson10_sticky.json")) as f:
    doc = json.load(f)
cfg, months = doc["config"], doc["run"]["months"]
d0, q = cfg["wages"]["max_cut_per_year"], cfg["economy"]["productivity_growth_per_year"]
omega, eps = doc["run"]["labor_share"], cfg["wages"]["labor_demand_elasticity"]
b = eps * (1 - omega) / omega


def viable(g):
    return 1.0 if g <= 1 else 0.0 if g >= 1 / omega else ((1 - omega * g) / (1 - omega)) ** b


g_hat = 1.0
for month in range(months):
    g_hat = ((1 - d0) * (1 + q)) ** (month / 12) * viable(g_hat)
m = re.search(r"^last month m = (\d+): simulated gap = (\S+), predicted = (\S+)$", p.stdout, re.M)
if check(m is not None, f"lesson 10 answer.py output not understood:\n{p.stdout}"):
    check(int(m.group(1)) == months - 1 and abs(float(m.group(3)) - g_hat) < 1e-6,
          f"lesson 10: answer.py predicts the gap {m.group(3)}, this test {g_hat:.6f}")
    print(f"lesson 10: predicted gap {g_hat:.6f} (employment x{viable(g_hat):.4f}), "
          f"simulated {m.group(2)} at 2 000 agents")
check(d0 == 0 and q == 0.015 and abs(g_hat - 1.1607) < 5e-4,
      f"lesson 10's README quotes the gap 1.1607 of d0 = 0, q = 0.015; the config gives "
      f"d0 = {d0}, q = {q}, gap {g_hat:.4f}")
with open(os.path.join(json_dir, "lesson10_wages.json")) as f:
    wages = {sc["name"]: sc["verdicts"] for sc in json.load(f)["scenarios"]}
for name in ("flexible_fixed", "sticky_price_target"):
    v = wages.get(name, {})
    check(abs(v.get("peak_wage_gap", {}).get("mean", 0) - 1) < 1e-9
          and v.get("peak_unemployment", {}).get("mean") == 0,
          f"lesson 10, {name}: the gap should stay 1 with no job lost: {v.get('peak_wage_gap')}, "
          f"{v.get('peak_unemployment')}")
gap = wages.get("sticky_fixed", {}).get("peak_wage_gap", {}).get("mean", 0)
# at 2 000 agents S(g) is a binomial share, sd about 0.006: the gap within 0.03
check(abs(gap - g_hat) < 0.03, f"lesson 10, sticky_fixed: peak gap {gap}, predicted {g_hat:.4f}")


def scenario_series(path):
    """{scenario name: {series: mean path}} of a compare document."""
    with open(path) as f:
        doc = json.load(f)
    return {sc["name"]: {k: v["mean"] for k, v in sc["series"].items()} for sc in doc["scenarios"]}, doc


debt, doc = scenario_series(os.path.join(json_dir, "lesson10_debt.json"))
dcfg = doc["scenarios"][0]["config"]["debt"]
r_m, n = dcfg["rate"] / 12, round(12 * dcfg["term_years"])
closed = dcfg["to_gdp"] * 12 * r_m / (1 - (1 + r_m) ** -n)
fixed, target = debt.get("debt_fixed", {}), debt.get("debt_price_target", {})
if check(fixed and target, f"lesson 10: debt scenarios missing: {sorted(debt)}"):
    ratio = fixed["debt_service_ratio"]
    check(abs(ratio[0] - closed) <= 1e-9 * closed and abs(closed - 0.0942) < 5e-4,
          f"lesson 10: month-0 debt service ratio {ratio[0]!r}, closed form {closed!r} (README: 9.42 %)")
    first = next((m for m, s in enumerate(fixed["defaulted_share"]) if s), n)
    check(first > 0 and all(abs(ratio[m] - closed) <= 1e-9 * closed for m in range(first)),
          f"lesson 10: under fixed money the ratio should stay {closed:.6f} until the first default "
          f"(month {first}): {ratio[:first]}")
    t_ratio, gdp = target["debt_service_ratio"], target["nominal_gdp"]
    m = n - 1
    expected = t_ratio[0] * gdp[0] / gdp[m] * (1 - target["defaulted_share"][m])
    check(abs(t_ratio[m] - expected) <= 0.02 * expected,
          f"lesson 10: price target, month {m}: ratio {t_ratio[m]:.5f}, nominal GDP gives {expected:.5f}")
    check(fixed["defaulted_share"][-1] > 10 * target["defaulted_share"][-1],
          "lesson 10: fixed money should push many more debtors into default than the price target")
    print(f"lesson 10: debt service ratio {100 * closed:.2f} % at month 0, {100 * t_ratio[m]:.2f} % at "
          f"month {m} under the price target (nominal GDP: {100 * expected:.2f} %)")

# (f) lesson 11: the UI scale against the README's back-of-envelope
ui, doc = scenario_series(os.path.join(json_dir, "lesson11.json"))
wage_tax, auto_tax, flexible = (ui.get(k, {}) for k in ("ui_wage_tax", "ui_automation_tax",
                                                         "ui_flexible"))
if check(wage_tax and auto_tax and flexible, f"lesson 11: scenarios missing: {sorted(ui)}"):
    fiscal = next(sc["config"]["policy"]["fiscal"] for sc in doc["scenarios"]
                  if sc["name"] == "ui_wage_tax")
    workers = doc["scenarios"][0]["run"]["workers"]
    scale = wage_tax["ui_scale"]
    m = min(range(len(scale)), key=lambda i: scale[i])
    d6 = sum(wage_tax["automated"][j] + wage_tax["laid_off"][j]
             for j in range(max(0, m - fiscal["ui_months"] + 1), m + 1)) / workers
    estimate = min(1.0, fiscal["wage_tax"] * wage_tax["employment_rate"][m]
                   / (fiscal["ui_replacement"] * d6))
    check(abs(estimate - scale[m]) <= 0.15 * scale[m],
          f"lesson 11: lowest UI scale {scale[m]:.3f} (month {m}), the back-of-envelope gives {estimate:.3f}")
    check(all(abs(x - 1) < 1e-12 for x in auto_tax["ui_scale"]),
          f"lesson 11: the automation tax should pay every claim: lowest scale {min(auto_tax['ui_scale'])}")
    check(min(flexible["ui_scale"]) < 0.5,
          f"lesson 11: a 1 % wage tax should cut the claims of 2027 below half: {min(flexible['ui_scale'])}")
    print(f"lesson 11: lowest UI scale {scale[m]:.3f} in month {m}, back-of-envelope {estimate:.3f}")
finish()

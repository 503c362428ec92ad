#!/usr/bin/python3
"""check_lessons.py - The lesson pack in examples/ (issue 4).

(a) every lesson config validates (`uhisim validate`);
(b) analysis/render_lessons.py regenerates every lesson's figures into the scratch
    folder at 2 000 agents and 2 replicates, and each expected PNG exists and is not
    blank; each lesson README gives exactly the commands the render script runs;
(c) lesson 1: answer.py's simulated P after 15 years equals the closed form
    (1.07/1.03)^15 to 1e-9 relative (the model is exact up to rounding, ~1e-14);
(d) lesson 9: history.py draws the US FRED figure, says so and skips the
    Jorda-Schularick-Taylor panels when their file is absent, and, where the file
    is present (../shared/data), prints US 1873-1896 growth factors near the
    episode's textbook numbers: money 2.6x +- 0.1, real GDP 2.2x +- 0.1, consumer
    prices -30 % +- 3 percentage points (the data give 2.606, 2.200, -29.9 %; the
    tolerances allow for a later release of the database, not for a wrong column:
    the deflator's -19.5 % or a velocity of 0.68 would fail).
Nothing is written into the source tree: JSON and figures go to the scratch
folder, and Python writes no bytecode."""
import glob
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
from uhisim_test import (SHARED_DATA, SKIP, SOURCE, UHISIM, WORK, check, finish,  # noqa: E402
                         fresh_workdir, run)

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


# (a) every lesson config validates
configs = sorted(glob.glob(os.path.join(SOURCE, "examples", "*", "*.cfg")))
expected_configs = sum(len(lesson.configs) for lesson in render_lessons.LESSONS)
check(len(configs) == expected_configs, f"expected {expected_configs} lesson configs, found {len(configs)}")
for cfg in configs:
    p = run("validate", cfg)
    check(p.returncode == 0, f"uhisim validate {os.path.relpath(cfg, SOURCE)} exited {p.returncode}:\n{p.stderr}")
for lesson in render_lessons.LESSONS:
    folder = os.path.join(SOURCE, "examples", lesson.folder)
    check(os.path.isfile(os.path.join(folder, "README.md")), f"{lesson.folder}: no README.md")
    for cfg in lesson.configs:
        check(os.path.isfile(os.path.join(folder, cfg)), f"{lesson.folder}: missing {cfg}")

# every README gives exactly the commands the render script runs
for lesson in render_lessons.LESSONS:
    with open(os.path.join(SOURCE, "examples", lesson.folder, "README.md")) as f:
        readme = f.read()
    for _, argv in lesson.commands():
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
    expected = lesson.figures + (lesson.optional_figures if jst_present else [])
    for name in expected:
        path = os.path.join(fig_dir, lesson.folder, name + ".png")
        if check(os.path.isfile(path), f"{lesson.folder}: figure {name}.png was not drawn"):
            check(not blank(path), f"{lesson.folder}: figure {name}.png is blank")
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
p = script(history, "-o", nojst, "--jst", os.path.join(WORK, "absent", "jst_qtm_usa_jpn.csv"))
check(p.returncode == 0, f"history.py without JST exited {p.returncode}:\n{p.stderr}")
check("JST data not found" in p.stdout and "skipping" in p.stdout,
      f"history.py should say it skips the JST panels:\n{p.stdout}")
check(os.path.isfile(os.path.join(nojst, "us_fred_quantity_theory.png")), "history.py drew no FRED figure")
check(not os.path.exists(os.path.join(nojst, "jst_deflations.png")), "history.py drew JST panels without data")
check(re.search(r"^US 1959-2024 \(FRED\) factors: money=71\.9\d\d", p.stdout, re.M) is not None,
      f"US 1959-2024 M2 factor should be 71.9:\n{p.stdout}")

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
finish()

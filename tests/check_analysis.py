"""check_analysis.py - The analysis scripts (analysis/*.py) on small real runs.

Makes a single run, an ensemble (3 replicates), a compare of three configs (2
replicates) and a 3x2 sweep, all with 3000 agents and 48 months; reads each with the
shared loader (analysis/uhisim_json.py) and checks it against the raw JSON; runs
plot.py, compare.py (on a compare file and on separate run files), sweep.py and
report.py; checks that every expected PNG and SVG exists, that every PNG is neither
blank nor all white, and that a wrong input (a file with another schema, a file that
is not JSON, a missing file) gives a clear message and a non-zero exit, without a
Python traceback."""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import CONFIGS, SKIP, SOURCE, WORK, check, finish, fresh_workdir  # noqa: E402

PY = "/usr/bin/python3"
ANALYSIS = os.path.join(SOURCE, "analysis")
SMALL = ["--set", "run.agents=3000", "--set", "run.months=48", "--quiet"]
FIGURES = ["exchange", "automation", "who_gains", "distribution", "technology"]

try:
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
except ImportError as e:
    print(f"skipped: numpy/matplotlib not available to {sys.executable} ({e})")
    sys.exit(SKIP)

sys.path.insert(0, ANALYSIS)
import uhisim_json as uj  # noqa: E402


def start(script, *args):
    """Starts an analysis script; returns the Popen (the scripts run in parallel)."""
    return subprocess.Popen([PY, os.path.join(ANALYSIS, script), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait(p, what):
    out, err = p.communicate(timeout=600)
    check(p.returncode == 0, f"{what}: exit {p.returncode}\n{err}")
    check("Traceback" not in err, f"{what}: a traceback\n{err}")
    return out, err


def png_ok(path):
    img = mpimg.imread(path)
    rgb = img[..., :3] if img.ndim == 3 else img
    return float(np.var(rgb)) > 0 and bool((rgb < 0.9).any()), img.shape


def check_figures(folder, names, what):
    for name in names:
        png = os.path.join(folder, name + ".png")
        svg = os.path.join(folder, name + ".svg")
        if not check(os.path.exists(png), f"{what}: {png} missing"):
            continue
        ok, shape = png_ok(png)
        check(ok, f"{what}: {png} is blank or all white")
        check(shape[0] >= 300 and shape[1] >= 500, f"{what}: {png} is too small: {shape}")
        if check(os.path.exists(svg), f"{what}: {svg} missing"):
            try:
                root = ET.parse(svg).getroot()
                check(root.tag.endswith("svg"), f"{what}: {svg} is not an SVG ({root.tag})")
                check(len(list(root.iter())) > 50, f"{what}: {svg} looks empty")
            except ET.ParseError as e:
                check(False, f"{what}: {svg} is not XML: {e}")


def main():
    fresh_workdir()
    cfg = {n: os.path.join(CONFIGS, n + ".cfg") for n in ("baseline", "hoarding", "capital_tax")}
    W = lambda *p: os.path.join(WORK, *p)  # noqa: E731
    # the four kinds of document, run side by side
    jobs = [
        [("run", cfg["baseline"], "-o", W("run.json"), *SMALL)],
        [("run", cfg["capital_tax"], "-o", W("run_ubi.json"), *SMALL)],
        [("run", cfg["baseline"], "--replicates", 3, "-o", W("ensemble.json"), *SMALL)],
        [("compare", cfg["baseline"], cfg["hoarding"], cfg["capital_tax"], "--replicates", 2,
          "-o", W("compare.json"), *SMALL)],
        [("sweep", cfg["baseline"], "--vary", "policy.fiscal.capital_tax=0:0.5:3",
          "--vary", "money.velocity=1.36:2:2", "-o", W("sweep"), *SMALL)],
    ]
    procs = [subprocess.Popen([os.environ["UHISIM"], *map(str, j[0])], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for j in jobs]
    for j, p in zip(jobs, procs):
        _, err = p.communicate(timeout=600)
        if not check(p.returncode == 0, f"uhisim {j[0][0]} exited {p.returncode}: {err}"):
            finish()

    # the loader against the raw JSON
    raw = json.load(open(W("run.json")))
    d = uj.load(W("run.json"))
    check(d.kind == "run" and len(d.scenarios) == 1, "run: kind/scenarios")
    sc = d.scenarios[0]
    b = sc.band("price_level")
    check(b.lo is None and list(b.line) == raw["series"]["price_level"], "run: price_level")
    check(sc.verdict_means()["uhi_p10"] == raw["summary"]["final"]["uhi_p10"], "run: verdict")
    check(sc.robot_start_year() == raw["config"]["robots"]["start_year"], "run: robot start")
    cb = raw["series"]["cap_binding"]
    first = next((raw["series"]["year"][m] for m, v in enumerate(cb) if v), None)
    check(sc.first_cap_binding_year() == first, "run: first cap-binding month")
    raw = json.load(open(W("ensemble.json")))
    d = uj.load(W("ensemble.json"))
    check(d.kind == "ensemble" and d.replicates == 3, "ensemble: kind/replicates")
    b = d.scenarios[0].band("uhi_p10")
    s = raw["scenarios"][0]["series"]["uhi_p10"]
    check(list(b.line) == s["mean"] and list(b.lo) == s["p05"] and list(b.hi) == s["p95"]
          and list(b.p50) == s["p50"], "ensemble: uhi_p10 band")
    raw = json.load(open(W("compare.json")))
    d = uj.load(W("compare.json"))
    check(d.kind == "compare" and [s.name for s in d.scenarios] ==
          ["baseline", "hoarding", "capital_tax"], "compare: scenarios")
    v = d.scenarios[1].verdict_stats()["final_price_level"]
    rv = raw["scenarios"][1]["verdicts"]["final_price_level"]
    check(v["mean"] == rv["mean"] and v["difference"]["mean"] == rv["difference"]["mean"],
          "compare: verdict and difference")
    d = uj.load(W("sweep"))
    check(d.kind == "sweep" and len(d.rows) == 6 and
          d.manifest["keys"] == ["policy.fiscal.capital_tax", "money.velocity"], "sweep: rows/keys")

    # the scripts, in parallel
    runs = {
        "plot run": (start("plot.py", W("run.json"), "-o", W("fig_run")), W("fig_run"),
                     FIGURES),
        "plot ensemble": (start("plot.py", W("ensemble.json"), "-o", W("fig_ens")),
                          W("fig_ens"), FIGURES),
        "compare": (start("compare.py", W("compare.json"), "-o", W("fig_cmp")), W("fig_cmp"),
                    FIGURES + ["verdicts"]),
        "compare runs": (start("compare.py", W("run.json"), W("run_ubi.json"), "-o",
                               W("fig_runs")), W("fig_runs"), FIGURES + ["verdicts"]),
        "sweep": (start("sweep.py", W("sweep"), "-o", W("fig_sweep"), "--metric", "uhi_p10",
                        "--metric", "final_price_level,months_until_uhi_p10"), W("fig_sweep"),
                  ["sweep_uhi_p10", "sweep_final_price_level", "sweep_months_until_uhi_p10"]),
        "sweep default": (start("sweep.py", os.path.join(W("sweep"), "summary.json"), "-o",
                                W("fig_sweep_default")), W("fig_sweep_default"),
                          ["sweep_uhi_p10"]),
        "report run": (start("report.py", W("run.json"), "-o", W("report_run.html")), None,
                       None),
        "report sweep": (start("report.py", W("sweep"), "-o", W("report_sweep.html")), None,
                         None),
    }
    for what, (p, folder, names) in runs.items():
        out, _ = wait(p, what)
        if folder:
            check_figures(folder, names, what)
            got = sorted(os.listdir(folder))
            want = sorted(n + e for n in names for e in (".png", ".svg"))
            check(got == want, f"{what}: files {got}, expected {want}")
    for name, n_fig in (("report_run.html", 5), ("report_sweep.html", 2)):
        path = W(name)
        if not check(os.path.exists(path), f"{name} missing"):
            continue
        text = open(path, encoding="utf-8").read()
        srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', text)
        check(len(srcs) == n_fig, f"{name}: {len(srcs)} images, expected {n_fig}")
        check(all(s.startswith("data:image/png;base64,") for s in srcs),
              f"{name}: an image is not an embedded PNG")
        check(not re.search(r'(src|href)="(https?:)?//', text), f"{name}: an external resource")
        check(f'<meta name="uhisim-figures" content="{n_fig}">' in text,
              f"{name}: figure count meta")

    # wrong inputs: a clear message, exit 2, no traceback
    wrong = W("wrong_schema.json")
    with open(wrong, "w") as f:
        json.dump({"schema": "something.else", "schema_version": 1, "series": {}}, f)
    notjson = W("not_json.json")
    with open(notjson, "w") as f:
        f.write("month,price_level\n0,1\n")
    cases = [("plot.py", wrong, "schema"), ("compare.py", wrong, "schema"),
             ("sweep.py", wrong, "schema"), ("report.py", wrong, "schema"),
             ("plot.py", notjson, "not valid JSON"), ("plot.py", W("missing.json"),
                                                     "no such file"),
             ("sweep.py", W("run.json"), "not a sweep"), ("plot.py", W("sweep"), "sweep"),
             ("compare.py", W("run.json"), "schema")]
    procs = [(s, f, m, start(s, f, *(["-o", W("out_wrong.html")] if s == "report.py" else
                                      ["-o", W("fig_wrong")])))
             for s, f, m in cases[:-1]]
    # compare.py with one good and one wrong file
    procs.append(("compare.py", wrong, "schema",
                  start("compare.py", W("run.json"), wrong, "-o", W("fig_wrong"))))
    for script, path, must, p in procs:
        _, err = p.communicate(timeout=600)
        check(p.returncode == 2, f"{script} {path}: exit {p.returncode}, expected 2")
        check("Traceback" not in err, f"{script} {path}: a traceback:\n{err}")
        check(script in err and must in err and os.path.basename(path) in err,
              f"{script} {path}: unclear message: {err!r}")
        print(f"{script} {os.path.basename(path)}: {err.strip()}")
    check(not os.path.exists(W("out_wrong.html")), "report.py wrote a file for a wrong input")
    finish()


if __name__ == "__main__":
    if not os.environ.get("UHISIM"):
        print("UHISIM is not set (run through ctest)")
        sys.exit(SKIP)
    main()

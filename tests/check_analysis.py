"""check_analysis.py - The analysis scripts (analysis/*.py) on small real runs.

Makes a single run, a run with every version-2 mechanism on (wage rigidity, UI and
a wage tax, debt), one with all of them off, an ensemble (3 replicates), a compare
of three configs (2 replicates) and a 3x2 sweep, all with 3000 agents and 48
months; reads each with the shared loader (analysis/uhisim_json.py) and checks it
against the raw JSON; runs plot.py, compare.py (on a compare file and on separate
run files), sweep.py and report.py; checks that every expected PNG and SVG exists,
that every PNG is neither blank nor all white, and that a wrong input (a file
with another schema, a schema-1 file, a file that is not JSON, a missing file)
gives a clear message and a non-zero exit, without a Python traceback.

The standard figures (analysis/uhisim_plots.py): every one renders for the run
with everything on and the one with everything off; a panel whose mechanism is
off says so ("off in this run") and one that has data does not; the colour of a
meaning is one colour: the module's COLOURS gives each meaning its own, and every
line in every SVG (each carries an id naming its meaning and series) has its
meaning's colour, so e.g. the displaced are the same colour in who_gains and
labour; no two lines of one panel look the same. Words, not field names: every
series and verdict of a run has words (uhisim_json.SERIES_WORDS, VERDICT_WORDS),
the figures' text and the report's text use them and name no series or verdict
by its field name."""
import html
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
FIGURES = ["exchange", "automation", "labour", "who_gains", "distribution", "technology",
           "government", "debt"]
# every version-2 mechanism on (MODEL.md: wages 4d, government 4e, debt 4f, energy gate)
ON = ["--set", "wages.max_cut_per_year=0.04", "--set", "wages.max_cut_per_unemployment=0.4",
      "--set", "debt.enabled=true", "--set", "policy.fiscal.ui_replacement=0.4",
      "--set", "policy.fiscal.wage_tax=0.01", "--set", "energy.gates_adoption=true"]
# and all of them off (version 1's rules)
OFF = ["--set", "wages.max_cut_per_year=1", "--set", "wages.max_cut_per_unemployment=0",
       "--set", "debt.enabled=false", "--set", "policy.fiscal.ui_replacement=0",
       "--set", "policy.fiscal.wage_tax=0", "--set", "policy.fiscal.capital_tax=0",
       "--set", "policy.fiscal.machine_tax=0", "--set", "energy.gates_adoption=false"]
SVG_NS = "{http://www.w3.org/2000/svg}"

try:
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.colors
    import matplotlib.image as mpimg
except ImportError as e:
    print(f"skipped: numpy/matplotlib not available to {sys.executable} ({e})")
    sys.exit(SKIP)

sys.path.insert(0, ANALYSIS)
import uhisim_json as uj  # noqa: E402
import uhisim_plots as up  # noqa: E402


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


def svg_style(el):
    return dict(kv.split(":", 1) for kv in (el.get("style") or "").replace(" ", "").split(";")
                if ":" in kv)


def svg_lines(path):
    """[(meaning, series, axis, scenario, stroke, dashes)] of the lines the figure
    drew, read from their ids (line--MEANING--SERIES--aAXIS--sSCENARIO) and the
    style of the path inside. Lines with nothing to draw (all null) have no path."""
    out = []
    for g in ET.parse(path).getroot().iter(SVG_NS + "g"):
        m = re.fullmatch(r"line--(.+)--(.+)--a(\d+)--s(\d+)", g.get("id") or "")
        if not m:
            continue
        paths = [e for e in g.iter(SVG_NS + "path")]
        if not paths:
            continue
        st = svg_style(paths[0])
        meaning = next((k for k in up.COLOURS if k.replace(" ", "-") == m.group(1)), m.group(1))
        out.append((meaning, m.group(2), int(m.group(3)), int(m.group(4)),
                    st.get("stroke", "").lower(), st.get("stroke-dasharray", "solid")))
    return out


def svg_text(path):
    """Every piece of text of an SVG figure (matplotlib writes text as <text>)."""
    root = ET.parse(path).getroot()
    return "\n".join("".join(t.itertext()) for t in root.iter(SVG_NS + "text"))


def visible_text(page):
    """The text a reader sees in an HTML page: no tags, attributes, scripts or
    styles, and without the config dumps (<pre>: parameter keys, not series)."""
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def field_names_in(text, names):
    return [n for n in names if re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", text)]


def check_colours(folder, what, n_scenarios=1):
    """Every line of every standard figure in folder has its meaning's colour (one
    scenario) or its scenario's colour (several); within a panel no two lines of
    one scenario look the same. Returns {meaning: {(figure, axis)}}."""
    where = {}
    colours = [matplotlib.colors.to_hex(c) for c in up.scenario_colours(n_scenarios)]
    for name in FIGURES:
        path = os.path.join(folder, name + ".svg")
        if not os.path.exists(path):
            continue
        lines = svg_lines(path)
        check(lines, f"{what}: {name}.svg has no line with an id")
        looks = {}
        for meaning, series, axis, si, stroke, dashes in lines:
            where.setdefault(meaning, set()).add((name, axis))
            check(meaning in up.COLOURS, f"{what}: {name}: meaning {meaning!r} not in COLOURS")
            if "*" not in series:   # M*V and P*Q are products drawn in exchange
                check(up.MEANINGS.get(series) == meaning,
                      f"{what}: {name}: {series} drawn as {meaning!r}, MEANINGS says "
                      f"{up.MEANINGS.get(series)!r}")
            want = up.COLOURS.get(meaning, "?") if n_scenarios == 1 else colours[si]
            check(stroke == want, f"{what}: {name} axis {axis}: {series} ({meaning}) is "
                  f"{stroke}, expected {want}")
            key = (axis, si, stroke, dashes)
            check(key not in looks, f"{what}: {name} axis {axis}: {series} looks like "
                  f"{looks.get(key)} ({stroke}, {dashes})")
            looks[key] = series
    return where


def main():
    fresh_workdir()
    cfg = {n: os.path.join(CONFIGS, n + ".cfg") for n in ("baseline", "hoarding", "capital_tax")}
    W = lambda *p: os.path.join(WORK, *p)  # noqa: E731
    # the four kinds of document, run side by side
    jobs = [
        [("run", cfg["baseline"], "-o", W("run.json"), *SMALL)],
        [("run", cfg["capital_tax"], "-o", W("run_ubi.json"), *SMALL)],
        [("run", cfg["baseline"], "-o", W("run_on.json"), *SMALL, *ON)],
        [("run", cfg["baseline"], "-o", W("run_off.json"), *SMALL, *OFF)],
        [("run", cfg["baseline"], "--replicates", 3, "-o", W("ensemble.json"), *SMALL)],
        [("compare", cfg["baseline"], cfg["hoarding"], cfg["capital_tax"], "--replicates", 2,
          "-o", W("compare.json"), *SMALL, *ON)],
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

    # the on and off runs: the loader's view of their mechanisms
    raw_on = json.load(open(W("run_on.json")))
    on, off = uj.load(W("run_on.json")).scenarios[0], uj.load(W("run_off.json")).scenarios[0]
    check(raw_on["schema_version"] == uj.SCHEMA_VERSION == 2, "schema version 2")
    check(on.setting("policy.fiscal.ui_replacement") == 0.4 and on.setting("debt.enabled") is True
          and off.setting("debt.enabled") is False and on.setting("no.such.key", 7) == 7,
          "Scenario.setting reads the resolved config")
    check(not on.all_zero("laid_off") and not on.all_zero("tax_revenue") and
          not on.all_zero("ui_paid"), "the on run has layoffs, revenue and UI paid")
    check(off.all_zero("laid_off") and off.all_zero("failed_hires") and
          off.all_zero("tax_revenue") and off.all_zero("basic_income") and
          off.all_zero("debt_outstanding") and not off.all_zero("reemployed"),
          "the off run has no layoffs, government or debt, but re-employment")
    gate = raw_on["series"]["energy_gate_binding"]
    first = next((raw_on["series"]["year"][m] for m, v in enumerate(gate) if v), None)
    check(on.first_gate_binding_year() == first, "run: first gate-binding month")

    # words for every name the program writes: one table, and no two names alike
    series, verdicts = list(raw_on["units"]), list(raw_on["verdict_units"])
    check(not [n for n in series if n not in uj.SERIES_WORDS],
          f"series without words: {[n for n in series if n not in uj.SERIES_WORDS]}")
    check(not [n for n in verdicts if n not in uj.VERDICT_WORDS],
          f"verdicts without words: {[n for n in verdicts if n not in uj.VERDICT_WORDS]}")
    ws = [uj.words(n) for n in series]
    check(len(set(ws)) == len(ws), f"two series with the same words: "
          f"{sorted(w for w in ws if ws.count(w) > 1)}")
    vs = [uj.verdict_words(n) for n in verdicts]
    check(len(set(vs)) == len(vs), "two verdicts with the same words")
    check(uj.words("real_consumption_bottom10") == "real consumption, bottom decile (mean)" and
          uj.words("wage_gap") == "real-wage gap W/P" and uj.words("no_such_series") ==
          "no such series", "words() joins the parts; an unknown name reads as its words")
    # field names to look for in the figures and the report: those with an underscore
    # (single words such as "velocity" or "defaults" are words too)
    fields = sorted({n for n in series + verdicts if "_" in n})

    # one colour for one meaning: the mapping itself
    hexes = list(up.COLOURS.values())
    check(len(set(hexes)) == len(hexes), "two meanings share a colour in COLOURS: "
          f"{sorted(h for h in hexes if hexes.count(h) > 1)}")
    check(all(re.fullmatch(r"#[0-9a-f]{6}", h) for h in hexes), "COLOURS: not all #rrggbb")
    check(set(up.MEANINGS.values()) <= set(up.COLOURS),
          f"meanings without a colour: {set(up.MEANINGS.values()) - set(up.COLOURS)}")
    check(up.FIGURES == FIGURES, f"standard figures {up.FIGURES}, expected {FIGURES}")
    check(up.series_colour("months_displaced_mean") == up.series_colour(
        "real_consumption_displaced") == up.COLOURS["displaced"] and
        up.series_colour("ui_scale") == up.series_colour("ui_paid") and
        up.series_colour("uhi_bottom10") != up.series_colour("uhi_p10"),
        "series of one meaning share its colour")

    # a schema-1 file (model version 1) is refused with what to do
    old = dict(json.load(open(W("run.json"))), schema_version=1)
    with open(W("schema1.json"), "w") as f:
        json.dump(old, f)

    # the scripts, in parallel
    runs = {
        "plot run": (start("plot.py", W("run.json"), "-o", W("fig_run")), W("fig_run"),
                     FIGURES),
        "plot on": (start("plot.py", W("run_on.json"), "-o", W("fig_on")), W("fig_on"),
                    FIGURES),
        "plot off": (start("plot.py", W("run_off.json"), "-o", W("fig_off")), W("fig_off"),
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
        "report run": (start("report.py", W("run_on.json"), "-o", W("report_run.html")), None,
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
    for name, n_fig in (("report_run.html", len(FIGURES)), ("report_sweep.html", 2)):
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

    # the report names series and verdicts in words
    page = visible_text(open(W("report_run.html"), encoding="utf-8").read())
    found = field_names_in(page, fields)
    check(not found, f"report_run.html names series or verdicts by field name: {found}")
    for n in ("unemployment_rate", "wage_gap", "real_consumption_bottom10", "uhi_bottom10",
              "ui_scale", "debt_service_ratio", "identity_government"):
        check(uj.words(n) in page, f"report_run.html: no words for {n} ({uj.words(n)!r})")
    for n in ("uhi_bottom10", "months_unemployment_above_10pct", "peak_wage_gap",
              "total_defaults", "lowest_ui_scale", "energy_limited_months"):
        check(uj.verdict_words(n) in page,
              f"report_run.html: no words for verdict {n} ({uj.verdict_words(n)!r})")
    page = visible_text(open(W("report_sweep.html"), encoding="utf-8").read())
    found = field_names_in(page, fields)
    check(not found, f"report_sweep.html names verdicts by field name: {found}")

    # the standard figures: colours by meaning, words, and what is off
    where = {}
    for folder in ("fig_run", "fig_on", "fig_off", "fig_ens"):
        for meaning, places in check_colours(W(folder), folder).items():
            where.setdefault(meaning, set()).update(places)
    for meaning, figs in (("displaced", {"who_gains", "labour"}),
                          ("all workers", {"automation", "labour"}),
                          ("UI", {"government"}), ("wage gap", {"labour"}),
                          ("bottom decile", {"who_gains"}), ("energy wanted", {"technology"})):
        got = {f for f, _ in where.get(meaning, ())}
        check(figs <= got, f"{meaning}: drawn in {sorted(got)}, expected {sorted(figs)}")
    for meaning, n in (("AI", 2), ("robots", 3), ("p10", 2), ("bottom decile", 2), ("UI", 2)):
        check(len(where.get(meaning, ())) >= n,
              f"{meaning}: in {len(where.get(meaning, ()))} panels, expected {n} or more")
    # with several scenarios the colour is the scenario's
    check_colours(W("fig_cmp"), "compare", 3)
    check_colours(W("fig_runs"), "compare runs", 2)

    texts = {(f, n): svg_text(W(f, n + ".svg")) for f in ("fig_on", "fig_off") for n in FIGURES
             if os.path.exists(W(f, n + ".svg"))}
    for (f, n), t in texts.items():
        found = field_names_in(t, fields)
        check(not found, f"{f}/{n}.svg names series by field name: {found}")
    for n, needed in (("labour", ["laid off", "failed hires", "re-employed", "real-wage gap W/P",
                                  "jobs taken over by machines",
                                  "displaced 12 months or more"]),
                      ("who_gains", ["10th percentile", "bottom decile (mean)", "median"]),
                      ("government", ["revenue", "unemployment insurance paid",
                                      "UI scale: paid / claimed", "basic income per worker"]),
                      ("debt", ["debt service ratio", "defaults a month"]),
                      ("technology", ["energy the machines want", "machine output scale f",
                                      "jobs kept human for want of energy"])):
        for w in needed:
            check(w in texts.get(("fig_on", n), ""), f"fig_on/{n}.svg: no {w!r}")
    # off: the panels say so and why; on: no panel of a mechanism that is on says "off"
    for n, count, key in (("government", 3, "policy.fiscal"), ("debt", 4, "debt.enabled"),
                          ("labour", 2, "wages.max_cut_per_year"),
                          ("technology", 1, "energy.gates_adoption")):
        t = texts.get(("fig_off", n), "")
        check(t.count("off in this run") == count and key in t,
              f"fig_off/{n}.svg: {t.count('off in this run')} 'off in this run' notes, "
              f"expected {count} naming {key}")
        t = texts.get(("fig_on", n), "")
        check("off in this run" not in t, f"fig_on/{n}.svg says 'off in this run'")
    check("all zero in this run" not in texts.get(("fig_on", "government"), "") and
          "all zero in this run" not in texts.get(("fig_on", "labour"), ""),
          "fig_on: government or labour panels all zero")

    # debt with a history drawn by hand (whatever the model's debt does at this size):
    # every panel draws its line in its meaning's colour and none says it is empty
    raw = json.load(open(W("run_on.json")))
    ser, n = raw["series"], len(raw["series"]["month"])
    ser["debt_outstanding"] = [18e12 * (1 - m / n) for m in range(n)]
    ser["debt_outstanding_real"] = [v / p for v, p in zip(ser["debt_outstanding"],
                                                         ser["price_level"])]
    ser["debt_service_ratio"] = [0.09 + 0.001 * m for m in range(n)]
    ser["defaults"] = [1000.0 * (m % 7) for m in range(n)]
    ser["defaulted_share"] = [0.002 * m for m in range(n)]
    with open(W("run_debt.json"), "w") as f:
        json.dump(raw, f)
    up.save(up.fig_debt(uj.load(W("run_debt.json")).scenarios), W("fig_debt"), "debt")
    lines = svg_lines(W("fig_debt", "debt.svg"))
    check(sorted(s for _, s, _, _, _, _ in lines) == sorted(
        ["debt_outstanding", "debt_outstanding_real", "debt_service_ratio", "defaults",
         "defaulted_share"]), f"debt figure: lines {[s for _, s, _, _, _, _ in lines]}")
    check(all(c == up.COLOURS[m] for m, _, _, _, c, _ in lines), "debt figure: a colour")
    t = svg_text(W("fig_debt", "debt.svg"))
    check("in this run" not in t, "debt figure with debt: a panel says it is empty or off")
    check("trillion" in t, "debt figure: $18 tn not labelled in trillions")

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
             ("plot.py", W("schema1.json"), "schema_version 1, written by an older uhisim"),
             ("report.py", W("schema1.json"), "run the scenario again"),
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

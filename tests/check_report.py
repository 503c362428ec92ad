"""check_report.py - analysis/report.py's HTML in a real browser (headless Chromium).

Builds a report from a small compare file (two configs with every version-2
mechanism on, 2 replicates, 3000 agents, 36 months). Its text, as a reader sees
it (tags, attributes, scripts, styles and the config dumps removed), names the
series and verdicts in words: the words of uhisim_json.SERIES_WORDS and
VERDICT_WORDS for the version-2 series of the yearly table and the new verdicts
are there, and no field name of a series or verdict (e.g. failed_hires, wage_gap,
uhi_bottom10) is. Then with /usr/bin/chromium (skipped when absent):
  * --screenshot at 1280x2000: the PNG must be neither blank nor all white;
  * --dump-dom: the title the page's own script writes after load must say every
    figure decoded ("uhisim report: N figures OK"), N must equal the number of <img>
    and the figure count the report declares (8, the standard figures);
  * with --enable-logging=stderr --v=0: no "Uncaught" and no console line. Chromium
    logs every console level as INFO:CONSOLE, so levels cannot be told apart; the
    report writes nothing to the console, so any CONSOLE line fails the test.
A control copy with one image corrupted and a failing script must read "7 of 8
figures OK" and log an "Uncaught" error, so the checks can fail."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import (CONFIGS, SKIP, SOURCE, WORK, check, failures, finish,  # noqa: E402
                         fresh_workdir, run)

CHROMIUM = "/usr/bin/chromium"
PY = "/usr/bin/python3"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio"]
N_FIGURES = 8
ON = ["--set", "wages.max_cut_per_year=0.04", "--set", "wages.max_cut_per_unemployment=0.4",
      "--set", "debt.enabled=true", "--set", "policy.fiscal.ui_replacement=0.4",
      "--set", "policy.fiscal.wage_tax=0.01"]
# the version-2 series of the yearly table and the new verdicts, and their words
NEW_SERIES = ["unemployment_rate", "wage_gap", "real_consumption_bottom10", "uhi_bottom10",
              "ui_scale", "debt_service_ratio"]
NEW_VERDICTS = ["uhi_bottom10", "months_until_uhi_bottom10", "months_unemployment_above_10pct",
                "peak_wage_gap", "total_defaults", "defaulted_share", "lowest_ui_scale",
                "energy_limited_months", "first_energy_limited_month"]


def chromium(*args):
    """Runs headless Chromium with a fresh profile; returns (stdout, stderr)."""
    profile = tempfile.mkdtemp(prefix="chromium-", dir=WORK)
    env = dict(os.environ, HOME=profile)
    try:
        p = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                           capture_output=True, text=True, timeout=180, env=env)
    except subprocess.TimeoutExpired:
        check(False, f"chromium {' '.join(args)}: timed out")
        return "", ""
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    check(p.returncode == 0, f"chromium {' '.join(args)}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return p.stdout, p.stderr


def console_problems(stderr):
    return [line for line in stderr.splitlines() if "Uncaught" in line or ":CONSOLE" in line]


def dump(url):
    # the virtual-time budget lets the load handler run before the DOM is dumped
    out, err = chromium("--dump-dom", "--virtual-time-budget=5000", "--enable-logging=stderr",
                        "--v=0", url)
    m = re.search(r"<title>(.*?)</title>", out, re.S)
    return (m.group(1).strip() if m else None), len(re.findall(r"<img\b", out)), err


def visible_text(page):
    """The text a reader sees: no tags, attributes, scripts, styles or <pre> config
    dumps (parameter keys, not series)."""
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def check_words(text, doc):
    """The report's words for series and verdicts, and no field names."""
    sys.path.insert(0, os.path.join(SOURCE, "analysis"))
    import uhisim_json as uj
    page = visible_text(text)
    names = sorted({n for n in list(doc["units"]) + list(doc["verdict_units"]) if "_" in n})
    found = [n for n in names if re.search(r"(?<![\w.])" + re.escape(n) + r"(?!\w)", page)]
    check(not found, f"report: field names in the text: {found}")
    for n in NEW_SERIES:
        check(uj.words(n) in page, f"report: no words for series {n} ({uj.words(n)!r})")
    for n in NEW_VERDICTS:
        check(uj.verdict_words(n) in page,
              f"report: no words for verdict {n} ({uj.verdict_words(n)!r})")
    print(f"words: {len(NEW_SERIES)} series and {len(NEW_VERDICTS)} verdicts in words, "
          f"none of {len(names)} field names")


def main():
    try:
        import numpy as np
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.image as mpimg
    except ImportError as e:
        print(f"skipped: numpy/matplotlib not available to {sys.executable} ({e})")
        sys.exit(SKIP)
    fresh_workdir()
    cmp_json = os.path.join(WORK, "compare.json")
    run("compare", os.path.join(CONFIGS, "baseline.cfg"), os.path.join(CONFIGS, "capital_tax.cfg"),
        "--replicates", 2, "--set", "run.agents=3000", "--set", "run.months=36", "--quiet",
        *ON, "-o", cmp_json, check=True)
    report = os.path.join(WORK, "report.html")
    p = subprocess.run([PY, os.path.join(SOURCE, "analysis", "report.py"), cmp_json,
                        "-o", report], capture_output=True, text=True)
    if not check(p.returncode == 0, f"report.py exited {p.returncode}:\n{p.stderr}"):
        finish()
    text = open(report, encoding="utf-8").read()
    check(f'<meta name="uhisim-figures" content="{N_FIGURES}">' in text,
          f"report: does not declare {N_FIGURES} figures")
    check(not re.search(r'(src|href)="(https?:)?//', text), "report: an external resource")
    with open(cmp_json, encoding="utf-8") as f:
        check_words(text, json.load(f))
    if not os.path.exists(CHROMIUM):
        print(f"skipped the browser checks: {CHROMIUM} is not installed (Debian package "
              "chromium; scripts/install-deps.sh installs it)")
        if failures():
            finish()
        sys.exit(SKIP)
    url = "file://" + os.path.abspath(report)

    # screenshot: not blank, not all white
    shot = os.path.join(WORK, "screenshot.png")
    chromium(f"--screenshot={shot}", "--window-size=1280,2000", url)
    if check(os.path.exists(shot), "no screenshot written"):
        img = mpimg.imread(shot)
        rgb = img[..., :3]
        check(rgb.shape[0] >= 1000 and rgb.shape[1] >= 1000, f"screenshot size {rgb.shape}")
        check(float(np.var(rgb)) > 0, "screenshot is blank")
        check(bool((rgb < 0.5).mean() > 0.002), "screenshot is (almost) all white")

    # the page's own check of its images, and the console
    title, n_img, err = dump(url)
    print(f"title: {title!r}, {n_img} <img>")
    check(title == f"uhisim report: {N_FIGURES} figures OK", f"title {title!r}")
    check(n_img == N_FIGURES, f"{n_img} <img> elements, expected {N_FIGURES}")
    bad = console_problems(err)
    check(not bad, "console output:\n" + "\n".join(bad))

    # control: one image corrupted, one script error
    broken = os.path.join(WORK, "broken.html")
    i = text.index("data:image/png;base64,") + len("data:image/png;base64,")
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text[:i] + "AAAA" + text[i + 4:].replace(
            "</body>", "<script>noSuchFunction();</script></body>"))
    title, n_img, err = dump("file://" + os.path.abspath(broken))
    print(f"control title: {title!r}")
    check(title == f"uhisim report: {N_FIGURES - 1} of {N_FIGURES} figures OK",
          f"control: a corrupted image not detected: title {title!r}")
    check(any("Uncaught" in line for line in console_problems(err)),
          "control: the script error was not seen in the log")
    finish()


if __name__ == "__main__":
    if not os.environ.get("UHISIM"):
        print("UHISIM is not set (run through ctest)")
        sys.exit(SKIP)
    main()

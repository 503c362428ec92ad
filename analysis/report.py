#!/usr/bin/python3
"""report.py - One self-contained HTML report of a uhisim document, for a classroom.

    /usr/bin/python3 analysis/report.py FILE.json -o report.html

FILE.json is a run, ensemble or compare document (or a sweep folder / its
summary.json; several run files are put side by side as compare.py does). The page
has no external resources: the figures (the plot.py set; the sweep.py heat maps or
lines for a sweep) are PNG data URIs, the styles and a tiny script are inline. It
shows what was run (files, overrides, seeds), the verdicts, a yearly table per
scenario, the figures, and the full config (collapsible). Series and verdicts are
named in words (uhisim_json.words, verdict_words), never by field name (that is
only in a tooltip). Large fonts for a projector. After loading, the script
counts the images that decoded (naturalWidth > 0) and sets the page title to
"uhisim report: N figures OK"
(or "uhisim report: K of N figures OK").
Exit status: 0 done, 2 unreadable or wrong input."""
import argparse
import base64
import html
import io
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uhisim_json as uj  # noqa: E402


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 22px; line-height: 1.4;
       max-width: 1500px; margin: 0 auto; padding: 1em 1.5em; color: #111; background: #fff; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.4em; border-bottom: 3px solid #36c; margin-top: 1.6em; }
h3 { font-size: 1.15em; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #999; padding: 0.25em 0.6em; text-align: right; }
th { background: #dde6f0; }
td.name, th.name { text-align: left; }
td.diff { color: #444; font-size: 0.85em; }
.unit { font-weight: normal; font-size: 0.8em; color: #333; }
.scroll { overflow-x: auto; }
figure { margin: 1em 0 2em 0; }
figure img { width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: 0.9em; color: #333; }
details { margin: 0.4em 0; }
summary { cursor: pointer; font-weight: bold; }
pre { font-size: 0.7em; background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
.meta td { text-align: left; }
.note { color: #444; font-size: 0.9em; }
"""

SCRIPT = """
window.addEventListener("load", function () {
  var imgs = document.getElementsByTagName("img"), ok = 0;
  for (var i = 0; i < imgs.length; i++)
    if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;
  document.title = "uhisim report: " +
    (ok === imgs.length ? ok + " figures OK" : ok + " of " + imgs.length + " figures OK");
});
"""

CAPTIONS = {
    "exchange": "Left: money stock M, velocity V, price level P and real output Q, each "
                "divided by its month-0 value (log axis). Right: M\u00b7V and P\u00b7Q in "
                "nominal dollars per year; the equation of exchange makes them equal.",
    "automation": "Share of each class's workers whose starting job is run by a machine, "
                  "and the share employed in human jobs. Dashed: robots start; dotted: the "
                  "energy cap on machine output first binds.",
    "labour": "The unemployment rate and the share displaced a year or more; each month "
              "the jobs machines take over, the workers laid off, the job finds that failed "
              "and the workers re-employed; "
              "how long the displaced have been out of work; and the real-wage gap: the "
              "nominal wage index over the price level, 1 when wages fall as fast as prices. "
              "Above 1, jobs whose output no longer pays the wage are lost.",
    "who_gains": "Real consumption (base-year dollars per worker per year) of the 10th "
                 "percentile, the bottom decile (the mean of the poorest tenth), the median "
                 "and the displaced; right, the same relative to month 0: above 1 is a gain.",
    "distribution": "Inequality across agents (Gini of income and of money balances) and "
                    "the share of spending that goes to capital income.",
    "technology": "AI and robot capability; the robot fleet and the jobs it runs; the energy "
                  "capacity for machines against the energy the machines want; the scale f "
                  "every machine's output is cut by when they want more than there is; output "
                  "of human jobs, AI and robots; jobs kept human because no energy was free. "
                  "Shaded: months the energy cap binds (or the energy gate holds back new "
                  "machines).",
    "government": "Revenue of the flat taxes and the unemployment insurance paid (nominal "
                  "dollars per year), the basic income the rest of revenue pays every worker, "
                  "and the UI scale: the share of the insurance claimed that revenue can pay.",
    "debt": "Household debt still owed, in nominal and in base-year dollars; payments due "
            "over disposable income; debtors who default each month and the share of the "
            "month-0 debtors who have defaulted so far.",
}

YEARLY = [  # (series, unit shown, scale, digits); the header is the series in words
    ("price_level", "", 1, 4),
    ("output", "$ tn / year", 1e12, 4),
    ("money_stock", "$ tn", 1e12, 4),
    ("velocity", "/ year", 1, 3),
    ("unemployment_rate", "%", 0.01, 3),
    ("wage_gap", "", 1, 3),
    ("real_consumption_p10", "$ k / year", 1e3, 3),
    ("real_consumption_bottom10", "$ k / year", 1e3, 3),
    ("real_consumption_median", "$ k / year", 1e3, 3),
    ("uhi_p10", "", 1, 3),
    ("uhi_bottom10", "", 1, 3),
    ("uhi_median", "", 1, 3),
    ("gini_income", "", 1, 3),
    ("ui_scale", "", 1, 3),
    ("debt_service_ratio", "%", 0.01, 3),
]

# run-summary checks: summary field, the series it is the largest of
IDENTITIES = [("identity_mv_pq_max", "identity_mv_pq"), ("identity_money_max", "identity_money"),
              ("identity_government_max", "identity_government")]


def esc(x):
    return html.escape(str(x), quote=True)


def num(x, digits=4):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "\u2013"
    return f"{x:.{digits}g}" if isinstance(x, float) and x != int(x) else uj.fmt(x, digits)


def png_uri(fig, dpi=100):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    uj.plotting()[1].close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figure_html(name, title, fig, caption):
    return (f'<figure id="fig-{esc(name)}"><img src="{png_uri(fig)}" alt="{esc(title)}">'
            f"<figcaption><b>{esc(title)}.</b> {esc(caption)}</figcaption></figure>")


def yearly_table(sc):
    years = sc.years()
    n = len(years)
    months = list(range(0, n, 12))
    if months[-1] != n - 1:
        months.append(n - 1)
    cols = [(name, unit, scale, d) for name, unit, scale, d in YEARLY if sc.has(name)]
    lines = [sc.line(name) for name, _, _, _ in cols]
    out = ['<div class="scroll"><table><tr><th>year</th>']
    out += [f'<th title="{esc(name)}">{esc(uj.words(name))}'
            + (f'<br><span class="unit">{esc(unit)}</span>' if unit else "") + "</th>"
            for name, unit, _, _ in cols]
    out.append("</tr>")
    for m in months:
        out.append(f"<tr><td>{years[m]:.2f}</td>")
        for (name, _, scale, d), a in zip(cols, lines):
            v = a[m]
            out.append(f"<td>{'&ndash;' if not math.isfinite(v) else f'{v / scale:.{d}g}'}</td>")
        out.append("</tr>")
    out.append("</table></div>")
    note = " (means over replicates)" if sc.has_bands else ""
    return "".join(out), note


def verdict_table(doc):
    up, _ = uj.plotting()
    rows = up.verdict_rows(doc)
    R = doc.replicates
    out = ['<div class="scroll"><table><tr><th class="name">verdict</th><th>unit</th>']
    out += [f"<th>{esc(s.name)}</th>" for s in doc.scenarios]
    out.append("</tr>")
    for v, unit, cells in rows:
        out.append(f'<tr><td class="name" title="{esc(v)}">{esc(uj.verdict_words(v))}</td>'
                   f'<td>{esc(unit)}</td>')
        for i, (mean, lo, hi, diff) in enumerate(cells):
            t = esc(uj.fmt(mean))
            if R > 1 and mean is not None:
                t += f"<br><span class=\"diff\">[{esc(uj.fmt(lo))}, {esc(uj.fmt(hi))}]</span>"
            if i > 0:
                sign = "+" if diff is not None and diff > 0 else ""
                t += f"<br><span class=\"diff\">&Delta; {sign}{esc(uj.fmt(diff))}</span>"
            out.append(f"<td>{t}</td>")
        out.append("</tr>")
    out.append("</table></div>")
    what = (f"Mean over {R} replicates, [5 %, 95 %] across replicates" if R > 1
            else "One run" + (" each" if len(doc.scenarios) > 1 else ""))
    diff = ""
    if len(doc.scenarios) > 1:
        paired = ", paired on the same seeds" if doc.raw.get("schema") == "uhisim.compare" \
            else ""
        diff = f"; &Delta; = difference from {esc(doc.scenarios[0].name)}{paired}"
    return (f'<p class="note">{what}{diff}; &ndash; = undefined (for the months until '
            "real consumption stays at or above month 0: below it at the end). Values at the last "
            "month unless the words say otherwise.</p>" + "".join(out))


def run_summary(doc):
    """A run's verdicts (as the verdict table) and its largest identity errors."""
    s = doc.scenarios[0].summary or {}
    rows = "".join(f'<tr><td class="name" title="{esc(field)}">largest '
                   f"{esc(uj.words(series))}</td><td>{esc(num(s.get(field), 2))}</td></tr>"
                   for field, series in IDENTITIES if field in s)
    checks = ('<p class="note">Checks of the accounting identities over the run (rounding '
              f"only, about 1e-15):</p><table>{rows}</table>") if rows else ""
    return verdict_table(doc) + checks


def config_html(sc, open_=False):
    cfg = dict(sc.config)
    occ = cfg.pop("occupations", None)
    parts = [f"<details{' open' if open_ else ''}><summary>Config: {esc(sc.name)}"
             f"{' (' + esc(sc.config_file) + ')' if sc.config_file else ''}</summary>",
             f"<pre>{esc(json.dumps(cfg, indent=2))}</pre>"]
    if occ:
        head = ["code", "name", "class", "employment", "mean_wage", "ai_exposure",
                "robot_exposure"]
        rows = "".join("<tr>" + "".join(
            f'<td class="name">{esc(o.get(h, ""))}</td>' if h in ("code", "name", "class")
            else f"<td>{esc(uj.fmt(o.get(h)))}</td>" for h in head) + "</tr>" for o in occ)
        parts.append(f"<details><summary>Occupation table ({len(occ)} rows)</summary>"
                     f'<div class="scroll"><table><tr>'
                     + "".join(f"<th>{h}</th>" for h in head) + f"</tr>{rows}</table></div>"
                     "</details>")
    parts.append("</details>")
    return "".join(parts)


def meta_html(doc):
    raw = doc.raw
    rows = [("file", doc.path), ("kind", f"{doc.kind} ({raw.get('schema', '')})")]
    prog = raw.get("program")
    if prog:
        rows.append(("program", f"{prog.get('name')} {prog.get('version')}"))
    if doc.kind == "run":
        rows.append(("config", ", ".join(raw.get("config_files") or [])))
        rows.append(("seed", raw.get("run", {}).get("seed", "")))
    elif doc.kind == "sweep":
        m = doc.manifest
        rows += [("base config", m.get("base_config", "")),
                 ("swept keys", ", ".join(m.get("keys", []))),
                 ("points", len(m.get("points", []))), ("replicates", m.get("replicates", "")),
                 ("seed", m.get("seed", "")), ("settings", ", ".join(m.get("set", [])))]
    else:
        rows.append(("scenarios", ", ".join(f"{s.name} ({s.config_file})" if s.config_file
                                            else s.name for s in doc.scenarios)))
        rep = raw.get("replicates")
        if rep:
            rows.append(("replicates", f"{rep.get('count')} (seed {rep.get('seed')})"))
    if raw.get("overrides"):
        rows.append(("overrides (--set)", ", ".join(raw["overrides"])))
    if doc.scenarios:
        sc = doc.scenarios[0]
        rows.append(("agents \u00d7 months", f"{sc.run.get('agents')} \u00d7 {sc.months} "
                     f"(from {sc.years()[0]:g})"))
    return "<table class=\"meta\">" + "".join(
        f"<tr><th class=\"name\">{esc(a)}</th><td>{esc(b)}</td></tr>" for a, b in rows) + \
        "</table>"


def sweep_body(doc):
    import sweep as sw
    parts, figs = [], []
    keys = doc.manifest.get("keys", [])
    metrics = ["uhi_p10", "final_price_level"]
    for metric in metrics:
        k, data = sw.table(doc, metric)
        unit = doc.verdict_units.get(metric, "")
        if len(k) == 1:
            fig = sw.fig_line(doc, metric, k[0], data, unit)
        elif len(k) == 2:
            fig = sw.fig_heat(doc, metric, k, data, unit)
        else:
            continue
        words = uj.verdict_words(metric)
        figs.append(figure_html(f"sweep_{metric}", f"Sweep: {words}", fig,
                                f"{words} against {', '.join(keys)} (mean over replicates)."))
    names = list(doc.rows[0].get("verdicts", {})) if doc.rows else []
    head = ["point", "replicate"] + keys + [uj.verdict_words(m) for m in names]
    rows = []
    for r in doc.rows:
        v = r.get("verdicts", {})
        rows.append("<tr>" + f"<td>{r.get('point')}</td><td>{r.get('replicate')}</td>"
                    + "".join(f"<td>{esc(r.get('set', {}).get(k, ''))}</td>" for k in keys)
                    + "".join(f"<td>{esc(uj.fmt(v.get(m)))}</td>" for m in names)
                    + "</tr>")
    table = ('<details><summary>All rows (' + str(len(doc.rows)) + ')</summary>'
             '<div class="scroll"><table><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
             + "</tr>" + "".join(rows) + "</table></div></details>")
    parts.append("<h2>Figures</h2>" + "".join(figs))
    parts.append("<h2>Rows</h2>" + table)
    return parts, len(figs)


def build(doc):
    names = ", ".join(s.name for s in doc.scenarios) if doc.scenarios else \
        ", ".join(doc.manifest.get("keys", []))
    title = f"uhisim {doc.kind}: {names}"
    body = [f"<h1>{esc(title)}</h1>", meta_html(doc)]
    n_fig = 0
    if doc.kind == "sweep":
        parts, n_fig = sweep_body(doc)
        body += parts
    else:
        body.append("<h2>Summary</h2>")
        if doc.kind == "run":
            body.append(run_summary(doc))
        else:
            body.append("<h3>Verdicts</h3>" + verdict_table(doc))
        body.append("<h2>Figures</h2>")
        up, _ = uj.plotting()
        for name, fig in up.figures(doc.scenarios):
            body.append(figure_html(name, up.TITLES[name], fig, CAPTIONS[name]))
            n_fig += 1
        body.append("<h2>Year by year</h2>")
        for i, sc in enumerate(doc.scenarios):
            table, note = yearly_table(sc)
            if len(doc.scenarios) == 1:
                body.append(f"<p class=\"note\">Month 0, then every 12 months, and the last "
                            f"month{esc(note)}.</p>{table}")
            else:
                body.append(f"<details{' open' if i == 0 else ''}><summary>Year by year: "
                            f"{esc(sc.name)}{esc(note)}</summary>{table}</details>")
        body.append("<h2>Configuration</h2>")
        body += [config_html(sc, open_=False) for sc in doc.scenarios]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta name=\"uhisim-figures\" content=\"{n_fig}\">"
            f"<title>uhisim report: {esc(names)}</title><style>{CSS}</style>"
            f"<script>{SCRIPT}</script></head>\n<body>\n" + "\n".join(body)
            + "\n</body></html>\n"), n_fig


def main(argv=None):
    ap = argparse.ArgumentParser(prog="report.py", description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", help="uhisim run/ensemble/compare JSON, or a sweep")
    ap.add_argument("-o", "--out", required=True, help="the HTML file to write")
    args = ap.parse_args(argv)
    try:
        doc = uj.load_many(args.files)
        text, n_fig = build(doc)
    except uj.FormatError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return 2
    d = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(d, exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"report.py: {args.out} ({n_fig} figures, {len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

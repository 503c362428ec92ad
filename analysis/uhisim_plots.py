"""uhisim_plots.py - The standard figure set for uhisim documents (matplotlib, Agg).

Used by plot.py, compare.py and report.py. Every figure takes a list of
uhisim_json.Scenario objects: with one scenario, colours tell the series apart;
with several, colours are scenarios and line styles are series. With replicates
a line is the ensemble mean, the shading the 5-95 % range across replicates
(and, for one scenario, a thin dotted line the median).

Figures (name: content):
    exchange      M, V, P, Q as indices (month 0 = 1), and M*V beside P*Q
    automation    automated share and employment rate by class; robot start and
                  first energy-cap-binding month marked
    who_gains     real consumption p10 / median / displaced; uhi ratios against 1
    distribution  Gini of income and of money; capital share
    technology    AI and robot capability, robot fleet and slots, energy capacity,
                  machine output against its energy cap
    verdicts      (compare only) a table of verdict means and differences vs the first
"""
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter  # noqa: E402

import uhisim_json as uj  # noqa: E402

FIGURES = ["exchange", "automation", "who_gains", "distribution", "technology"]

plt.rcParams.update({
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "figure.titlesize": 16,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.fonttype": "none",
    "svg.hashsalt": "uhisim",
})

STYLES = ["-", "--", ":", "-."]
SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def scenario_colours(n):
    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(i % cmap.N) for i in range(n)]


def _finite_positive(arrays):
    vals = np.concatenate([a[np.isfinite(a)] for a in arrays if a is not None] or [np.array([])])
    return vals[vals > 0], vals


def _plain(v, _pos=None):
    """Tick label: 0.5, 20, 1000; powers of ten from 10^5 up (and below 0.001) as 10^n."""
    if v <= 0:
        return ""
    n = math.log10(v)
    if (v >= 1e5 or v < 1e-3) and abs(n - round(n)) < 1e-9:
        return f"$10^{{{int(round(n))}}}$"
    if v >= 1e5 or v < 1e-3:
        return f"{v:.0e}"
    return f"{v:,.10g}"


def set_log(ax, arrays=None):
    """Log y axis with plain tick labels (0.5, 1, 2, 1e+06); labels on 2 and 5
    too when the range is under two decades. With nothing positive to show (AI
    and robots disabled, say) the axis stays linear and says so: matplotlib
    cannot draw a log axis of zeros."""
    if arrays is not None and len(_finite_positive(arrays)[0]) == 0:
        ax.text(0.5, 0.5, "all zero in this run", transform=ax.transAxes, ha="center",
                va="center", fontsize=12, color="0.4")
        return
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
    ax.yaxis.set_major_formatter(FuncFormatter(_plain))
    narrow = False
    if arrays:
        pos, _ = _finite_positive(arrays)
        narrow = len(pos) > 0 and pos.max() / pos.min() < 100
    if narrow:
        ax.yaxis.set_minor_locator(LogLocator(base=10, subs=(2, 5), numticks=12))
        ax.yaxis.set_minor_formatter(FuncFormatter(_plain))
    else:
        ax.yaxis.set_minor_formatter(NullFormatter())


def auto_log(ax, arrays, decades=1.5):
    """Log y scale when the (all positive) values span more than `decades` decades."""
    pos, vals = _finite_positive(arrays)
    if len(vals) and len(pos) == len(vals) and pos.min() > 0 and \
            math.log10(pos.max() / pos.min()) > decades:
        set_log(ax, arrays)
        return True
    return False


def set_years(ax, scenarios):
    """Calendar-year x axis over the whole run, whatever was drawn."""
    lo = min(float(s.years()[0]) for s in scenarios)
    hi = max(float(s.years()[-1]) for s in scenarios)
    ax.set_xlim(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")


class Panel:
    """Draws series of several scenarios on one axis; remembers what it drew."""

    def __init__(self, ax, scenarios, specs, scale=1.0, index=False, positive=False):
        """specs: [(series name, label)]; scale divides values; index divides by the
        month-0 value (the line's); positive hides values <= 0 (for a log axis)."""
        self.ax = ax
        self.arrays = []
        multi = len(scenarios) > 1
        colours = scenario_colours(len(scenarios))
        for si, sc in enumerate(scenarios):
            x = sc.years()
            for k, spec in enumerate(specs):
                name, label = spec[0], spec[1]
                if not sc.has(name):
                    continue
                b = sc.band(name)
                div = scale
                if index:
                    first = b.line[0]
                    div = first if first and math.isfinite(first) else math.nan
                parts = [None if a is None else a / div for a in (b.line, b.lo, b.hi, b.p50)]
                if positive:
                    parts = [None if a is None else np.where(a > 0, a, np.nan) for a in parts]
                line, lo, hi, p50 = parts
                colour = colours[si] if multi else SERIES_COLOURS[k % len(SERIES_COLOURS)]
                style = STYLES[k % len(STYLES)] if multi else (spec[2] if len(spec) > 2 else "-")
                lab = None if multi else label
                # earlier scenarios drawn wider, so a later one on top of it leaves it visible
                lw = 2 + 2.0 * (len(scenarios) - 1 - si) / (len(scenarios) - 1) if multi else 2
                ax.plot(x, line, style, color=colour, lw=lw, label=lab)
                if lo is not None:
                    ax.fill_between(x, lo, hi, color=colour, alpha=0.18, lw=0)
                    if not multi:
                        ax.plot(x, p50, ":", color=colour, lw=1.2)
                self.arrays += [a for a in (line, lo, hi) if a is not None]
        if multi and len(specs) > 1:
            handles = [Line2D([], [], color="black", ls=STYLES[k % len(STYLES)], lw=2, label=lab)
                       for k, (_, lab, *_) in enumerate(specs)]
            ax.legend(handles=handles, loc="best")
        elif not multi:
            ax.legend(loc="best")
        set_years(ax, scenarios)

    def log_if_wide(self, decades=1.5):
        return auto_log(self.ax, self.arrays, decades)

    def log(self):
        set_log(self.ax, self.arrays)


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(year):
    """2027.75 -> 'Oct 2027' (the calendar month a month index starts in)."""
    y = int(math.floor(year + 1e-9))
    m = int(round((year - y) * 12))
    if m >= 12:
        y, m = y + 1, 0
    return f"{MONTHS[m]} {y}"


def mark_events(axes, scenarios, robots=True, cap=True):
    """Vertical lines: robot start (config robots.start_year) and the first month the
    energy cap binds, in each scenario's colour (black where one scenario, or where
    every scenario has the same year). Returns legend handles."""
    multi = len(scenarios) > 1
    colours = scenario_colours(len(scenarios))
    kinds = []
    if robots:
        kinds.append(("robots start", (0, (6, 3)), 1.3, [s.robot_start_year() for s in scenarios]))
    if cap:
        kinds.append(("energy cap first binds", (0, (1, 2)), 1.8,
                      [s.first_cap_binding_year() for s in scenarios]))
    handles = []
    for label, ls, lw, years in kinds:
        present = [y for y in years if y is not None]
        if not present:
            continue
        same = len(set(present)) == 1
        drawn = set()
        for i, y in enumerate(years):
            if y is None or (same and y in drawn):
                continue
            drawn.add(y)
            c = "black" if same or not multi else colours[i]
            for ax in axes:
                ax.axvline(y, color=c, ls=ls, lw=lw, alpha=0.85)
        if same:
            text = f"{label} ({month_label(present[0])})"
            missing = [s.name for s, y in zip(scenarios, years) if y is None]
            if multi and missing:
                text += " \u2013 not in " + ", ".join(missing[:3]) + \
                    (" \u2026" if len(missing) > 3 else "")
        else:
            text = f"{label} (scenario colours)"
        handles.append(Line2D([], [], color="black" if same else "grey", ls=ls, lw=lw,
                              label=text))
    return handles


def _figure(scenarios, title, nrows=1, ncols=2, size=(15, 6)):
    fig, axes = plt.subplots(nrows, ncols, figsize=size, squeeze=False)
    sub = _subtitle(scenarios)
    fig.suptitle(title + ("\n" + sub if sub else ""))
    return fig, list(axes.flat)


def _subtitle(scenarios):
    R = max(s.replicates for s in scenarios)
    parts = []
    if len(scenarios) == 1:
        sc = scenarios[0]
        parts.append(f"scenario {sc.name}")
    parts.append(f"{scenarios[0].run.get('agents', '?')} agents")
    if R > 1:
        parts.append(f"{R} replicates: line = mean, shading = 5\u201395 % range"
                     + (", dotted = median" if len(scenarios) == 1 else ""))
    return ", ".join(parts)


def _finish(fig, scenarios, extra_handles=(), bottom_legend=True):
    handles = list(extra_handles)
    if len(scenarios) > 1:
        cols = scenario_colours(len(scenarios))
        handles = [Line2D([], [], color=cols[i], lw=3, label=s.name)
                   for i, s in enumerate(scenarios)] + handles
    if handles and bottom_legend:
        ncol = min(len(handles), 5)
        rows = math.ceil(len(handles) / ncol)
        fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False)
        fig.tight_layout(rect=(0, 0.045 * rows + 0.02, 1, 1))
    else:
        fig.tight_layout()
    return fig


def fig_exchange(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Equation of exchange: M\u00b7V = P\u00b7Q")
    p = Panel(a1, scenarios, [("money_stock", "M money stock"), ("velocity", "V velocity"),
                              ("price_level", "P price level"), ("output", "Q real output")],
              index=True, positive=True)
    p.log()
    a1.axhline(1, color="grey", lw=0.8)
    a1.set_title("M, V, P, Q as indices")
    a1.set_ylabel("index (month 0 = 1), log scale")
    multi = len(scenarios) > 1
    colours = scenario_colours(len(scenarios))
    arrays = []
    for si, sc in enumerate(scenarios):
        x = sc.years()
        mv = sc.line("money_stock") * sc.line("velocity") / 1e12
        pq = sc.line("price_level") * sc.line("output") / 1e12
        arrays += [mv, pq]
        c1 = colours[si] if multi else SERIES_COLOURS[0]
        c2 = colours[si] if multi else SERIES_COLOURS[1]
        a2.plot(x, mv, "-", color=c1, lw=3, alpha=0.6, label=None if multi else "M\u00b7V")
        a2.plot(x, pq, "--", color=c2, lw=1.8, label=None if multi else "P\u00b7Q")
    if multi:
        a2.legend(handles=[Line2D([], [], color="black", lw=3, alpha=0.6, label="M\u00b7V"),
                           Line2D([], [], color="black", ls="--", lw=1.8, label="P\u00b7Q")],
                   loc="lower right")
    else:
        a2.legend(loc="lower right")
    if not auto_log(a2, arrays, 1.0):
        a2.set_ylim(0, 1.15 * np.nanmax(np.concatenate(arrays)))
        a2.ticklabel_format(axis="y", style="plain", useOffset=False)
    set_years(a2, scenarios)
    a2.set_ylabel("nominal $ trillion / year")
    means = " (products of ensemble means)" if any(s.has_bands for s in scenarios) else ""
    a2.set_title("M\u00b7V beside P\u00b7Q" + means)
    worst = [np.nanmax(sc.band("identity_mv_pq").line) for sc in scenarios
             if sc.has("identity_mv_pq")]
    if worst:
        a2.text(0.02, 0.02, f"largest |M\u00b7V \u2212 P\u00b7Q| / P\u00b7Q in the run: "
                f"{max(worst):.1e}", transform=a2.transAxes, fontsize=11,
                bbox=dict(facecolor="white", alpha=0.8, edgecolor="none"))
    return _finish(fig, scenarios)


def fig_automation(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Automation: jobs run by machines, and employment")
    Panel(a1, scenarios, [("automated_share_white", "white-collar"),
                          ("automated_share_blue", "blue-collar")], scale=0.01)
    a1.set_title("Automated share of each class's starting jobs")
    a1.set_ylabel("share of the class's workers (%)")
    a1.set_ylim(-2, 102)
    Panel(a2, scenarios, [("employment_rate", "all workers"),
                          ("employment_rate_white", "white-collar"),
                          ("employment_rate_blue", "blue-collar")], scale=0.01)
    a2.set_title("Employment rate (share in human jobs)")
    a2.set_ylabel("employed share of workers (%)")
    a2.set_ylim(-2, 102)
    handles = mark_events([a1, a2], scenarios)
    return _finish(fig, scenarios, handles)


def fig_who_gains(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Who gains: real consumption, and the UHI ratios")
    p = Panel(a1, scenarios, [("real_consumption_p10", "10th percentile"),
                              ("real_consumption_median", "median"),
                              ("real_consumption_displaced", "displaced workers (mean)")],
              scale=1e3, positive=True)
    log = p.log_if_wide(1.0)
    if not log:
        a1.set_ylim(bottom=0)
    a1.set_title("Real consumption per worker")
    a1.set_ylabel("base-year $ thousand / year" + (", log scale" if log else ""))
    p = Panel(a2, scenarios, [("uhi_p10", "uhi_p10 (10th percentile)"),
                              ("uhi_median", "uhi_median"),
                              ("uhi_displaced", "uhi_displaced (displaced now)")],
              positive=True)
    a2.axhline(1, color="black", lw=1.5, zorder=0)
    log = p.log_if_wide(1.0)
    a2.set_title("Real consumption relative to month 0 (1 = no gain)")
    a2.set_ylabel("ratio to month 0 (-)" + (", log scale" if log else ""))
    handles = mark_events([a1, a2], scenarios, cap=False)
    return _finish(fig, scenarios, handles)


def fig_distribution(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Distribution: inequality and the capital share")
    Panel(a1, scenarios, [("gini_income", "Gini of income"),
                          ("gini_money", "Gini of money balances")])
    a1.set_title("Gini coefficients across agents")
    a1.set_ylabel("Gini (0 = equal, 1 = one holds all)")
    a1.set_ylim(0, 1)
    Panel(a2, scenarios, [("capital_share", "capital share \u03a0 / S")], scale=0.01)
    a2.set_title("Capital income share of spending")
    a2.set_ylabel("capital share (%)")
    a2.set_ylim(0, 100)
    handles = mark_events([a1, a2], scenarios, cap=False)
    return _finish(fig, scenarios, handles)


def fig_technology(scenarios):
    fig, axes = _figure(scenarios, "Technology: capabilities, robots, energy, machine output",
                        2, 2, (15, 10.5))
    a1, a2, a3, a4 = axes
    p = Panel(a1, scenarios, [("ai_capability", "AI capability A"),
                          ("robot_capability", "robot capability R")], positive=True)
    p.log()
    a1.set_title("Capabilities (zero not shown on the log axis)")
    a1.set_ylabel("capability (-), log scale")
    p = Panel(a2, scenarios, [("robot_fleet", "robot fleet (job-equivalents)"),
                              ("robot_slots", "jobs run by robots (workers)")],
              scale=1e6, positive=True)
    if not p.log_if_wide(1.5):
        a2.set_ylim(bottom=0)
    a2.set_title("Robot fleet and the jobs it runs")
    a2.set_ylabel("millions (job-equivalents / workers)")
    p = Panel(a3, scenarios, [("energy_gw", "energy capacity for machines")])
    if not p.log_if_wide(1.5):
        a3.set_ylim(bottom=0)
    a3.set_title("Energy capacity for machines")
    a3.set_ylabel("GW")
    p = Panel(a4, scenarios, [("machine_output", "machine output Q_m"),
                              ("machine_output_cap", "energy cap Qcap", "--"),
                              ("human_output", "human output Q_h")], scale=1e12, positive=True)
    p.log()
    a4.set_title("Machine output against its energy cap")
    a4.set_ylabel("base-year $ trillion / year, log scale")
    if len(scenarios) == 1 and scenarios[0].has("cap_binding"):
        sc = scenarios[0]
        b = np.nan_to_num(sc.line("cap_binding")) > 0
        if b.any():
            a4.fill_between(sc.years(), 0, 1, where=b, transform=a4.get_xaxis_transform(),
                            color="orange", alpha=0.15, lw=0, step="mid")
    handles = mark_events(axes, scenarios)
    if len(scenarios) == 1 and any(np.nan_to_num(scenarios[0].line("cap_binding")) > 0):
        from matplotlib.patches import Patch
        handles.append(Patch(color="orange", alpha=0.3, label="cap binding (any replicate)"
                             if scenarios[0].has_bands else "cap binding"))
    return _finish(fig, scenarios, handles)


FIGURE_FUNCS = {"exchange": fig_exchange, "automation": fig_automation,
                "who_gains": fig_who_gains, "distribution": fig_distribution,
                "technology": fig_technology}

TITLES = {"exchange": "Equation of exchange", "automation": "Automation and employment",
          "who_gains": "Who gains", "distribution": "Distribution",
          "technology": "Technology", "verdicts": "Verdicts"}


def verdict_rows(doc):
    """[(verdict, unit, [(mean, p05, p95, diff mean or None)] per scenario)]."""
    stats = [s.verdict_stats() for s in doc.scenarios]
    names = []
    for v in [v for st in stats for v in st]:   # the documents' own order
        if v not in names:
            names.append(v)
    rows = []
    for v in names:
        cells = []
        first = stats[0].get(v, {}).get("mean")
        for i, st in enumerate(stats):
            s = st.get(v, {})
            d = s.get("difference")
            if i == 0:
                diff = None
            elif d is not None:
                diff = d.get("mean")
            elif s.get("mean") is not None and first is not None:
                diff = s["mean"] - first          # separate runs: difference of values
            else:
                diff = None
            cells.append((s.get("mean"), s.get("p05"), s.get("p95"), diff))
        rows.append((v, doc.verdict_units.get(v, ""), cells))
    return rows


def fig_verdicts(doc):
    """The verdict table as a figure: rows verdicts, columns scenarios."""
    scenarios = doc.scenarios
    rows = verdict_rows(doc)
    R = doc.replicates
    header = ["verdict (unit)"] + [s.name for s in scenarios]
    text = []
    for v, unit, cells in rows:
        line = [f"{v}\n({unit})" if unit else v]
        for i, (mean, _, _, diff) in enumerate(cells):
            t = uj.fmt(mean)
            if i > 0:
                t += "\n\u0394 " + (("+" if diff is not None and diff > 0 else "")
                                    + uj.fmt(diff))
            line.append(t)
        text.append(line)
    widths = [max(len(x) for c in col for x in c.split("\n")) for col in zip(header, *text)]
    col_in = [0.13 * max(w, 6) + 0.3 for w in widths]
    fig_w = max(8.0, sum(col_in) + 0.6)
    fig_h = 1.5 + 0.62 * (len(rows) + 1)
    fig = plt.figure(figsize=(fig_w, fig_h))
    ax = fig.add_axes((0.3 / fig_w, 0.2 / fig_h, 1 - 0.6 / fig_w, 1 - 1.5 / fig_h))
    ax.axis("off")
    table = ax.table(cellText=text, colLabels=header, cellLoc="center", bbox=(0, 0, 1, 1),
                     colWidths=[c / sum(col_in) for c in col_in])
    table.auto_set_font_size(False)
    table.set_fontsize(12)
    for (r, c), cell in table.get_celld().items():
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#dde6f0")
        elif c == 0:
            cell.set_text_props(ha="left")
            cell.set_facecolor("#f4f4f4")
    what = f"means over {R} replicates" if R > 1 else "one run each"
    paired = " (paired, same seeds)" if doc.raw.get("schema") == "uhisim.compare" and R > 1 \
        else ""
    fig.text(0.5, 1 - 0.15 / fig_h, f"Verdicts at the end of the run: {what}",
             ha="center", va="top", fontsize=15)
    fig.text(0.5, 1 - 0.55 / fig_h,
             f"\u0394 = difference from {scenarios[0].name}{paired};  "
             "\u2013 = undefined (e.g. UHI never reached)", ha="center", va="top", fontsize=12)
    return fig


def save(fig, outdir, name, formats=("png", "svg"), dpi=110):
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for ext in formats:
        path = os.path.join(outdir, f"{name}.{ext}")
        fig.savefig(path, dpi=dpi, metadata={"Date": None} if ext == "svg" else None)
        paths.append(path)
    plt.close(fig)
    return paths


def figures(scenarios):
    """Yields (name, figure) for the standard set; the caller closes or saves each."""
    for name in FIGURES:
        yield name, FIGURE_FUNCS[name](scenarios)

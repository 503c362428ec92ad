"""uhisim_plots.py - The standard figure set for uhisim documents (matplotlib, Agg).

Used by plot.py, compare.py and report.py. Every figure takes a list of
uhisim_json.Scenario objects (schema version 2).

Colours and line styles (one rule for every figure):
  * One scenario: colour = meaning. COLOURS maps each meaning (a group of people
    such as "p10", "bottom decile", "median", "displaced", "white-collar",
    "blue-collar", "all workers"; a technology such as "AI", "robots",
    "human", "energy"; a quantity such as "wage gap", "UI", "debt") to one
    colour, and MEANINGS maps each series to its meaning, so the displaced are
    the same brown in the who-gains and the labour figures, AI the same cyan
    in every technology panel. Two series of one meaning in one panel (the
    robot fleet and the jobs it runs; debt in nominal and in real terms) differ
    by line style. Shading of the months the energy cap or the energy gate
    binds has a colour of its own in COLOURS too; event lines (robots start,
    the cap or the gate first binds) are black with a dash pattern of their own.
  * Several scenarios: colour = scenario (tab10), line style = series (solid,
    dashed, dotted, dash-dot in the panel's order); the legend inside a panel
    names the styles, the one below the figure the scenarios.
  * With replicates a line is the ensemble mean, the shading the 5-95 % range
    across replicates (and, for one scenario, a thin dotted line the median).
Each line carries an SVG id "line--MEANING--SERIES--aAXIS--sSCENARIO" (MEANING
with spaces as dashes), so a test can read a meaning's colour from the SVG.

Labels are words, not field names: uhisim_json.SERIES_WORDS, through words().

Mechanisms that are off: every figure is always drawn, with all its panels, so
that a run, a compare and the report always have the same figures. A panel
whose mechanism is off in every scenario (no taxes, no debt, wages as flexible
as prices, no energy gate; read from the config) says "off in this run" and why
(the key); a panel whose series are zero throughout, although the mechanism is
on, says "all zero in this run". Its lines are still drawn.

Figures (name: content):
    exchange      M, V, P, Q as indices (month 0 = 1), and M*V beside P*Q
    automation    automated share and employment rate by class; robot start and
                  the first months the energy cap and the energy gate bind marked
    labour        unemployment and the long-term displaced; jobs taken over by
                  machines, layoffs, failed hires and re-employment a month;
                  months displaced; the real-wage gap W/P on its own axis
    who_gains     real consumption of the 10th percentile, the bottom decile, the
                  median and the displaced; the same relative to month 0
    distribution  Gini of income and of money; capital share
    technology    capabilities; robot fleet and the jobs it runs; energy capacity
                  against the energy the machines want; the output scale f;
                  output of human jobs, AI and robots; jobs the energy gate kept
                  human (cap-binding and gate-binding months shaded)
    government    revenue and UI paid; basic income per worker; the UI scale
    debt          household debt outstanding (nominal, real); debt service
                  ratio; defaults a month; share of debtors defaulted
    verdicts      (compare only) a table of verdict means and differences vs the first
"""
import math
import os
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter  # noqa: E402

import uhisim_json as uj  # noqa: E402

FIGURES = ["exchange", "automation", "labour", "who_gains", "distribution", "technology",
           "government", "debt"]

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

# One colour per meaning, in every figure (see the module docstring). No two
# meanings share a colour; meanings drawn in one panel are far apart.
COLOURS = {
    # groups of workers
    "all workers": "#555555",
    "white-collar": "#1f77b4",
    "blue-collar": "#ff7f0e",
    "median": "#2ca02c",
    "p10": "#d62728",
    "bottom decile": "#9467bd",
    "displaced": "#8c564b",
    "long-term displaced": "#c49c94",
    # labour flows and wages
    "automated": "#4393c3",
    "layoffs": "#b2182b",
    "failed hires": "#f4a582",
    "re-employed": "#1b7837",
    "wage gap": "#5e3c99",
    # money and exchange
    "money stock": "#08306b",
    "velocity": "#6baed6",
    "price level": "#e7298a",
    "output": "#00a087",
    "nominal spending": "#d95f02",
    # technology and energy
    "AI": "#17becf",
    "robots": "#bcbd22",
    "human": "#f781bf",
    "machines": "#7f7f7f",
    "energy": "#e6ab02",
    "energy wanted": "#a6761d",
    "output scale": "#4d9221",
    "held back": "#762a83",
    "energy cap binding": "#fdbf6f",
    "energy gate binding": "#cab2d6",
    # distribution
    "income": "#3182bd",
    "money balances": "#a1d99b",
    "capital": "#a65628",
    # government
    "revenue": "#b35806",
    "UI": "#2166ac",
    "basic income": "#fdae61",
    # debt
    "debt": "#40004b",
    "debt service": "#d6604d",
    "defaults": "#c51b7d",
    # a verdict with no meaning of its own above (sweep.py)
    "verdict": "#3f007d",
}

# The meaning of every series a standard figure draws (keys of COLOURS).
MEANINGS = {
    "money_stock": "money stock", "velocity": "velocity", "price_level": "price level",
    "output": "output", "nominal_gdp": "nominal spending",
    "automated_share_white": "white-collar", "automated_share_blue": "blue-collar",
    "employment_rate": "all workers", "employment_rate_white": "white-collar",
    "employment_rate_blue": "blue-collar", "unemployment_rate": "all workers",
    "long_term_displaced_share": "long-term displaced", "laid_off": "layoffs",
    "failed_hires": "failed hires", "reemployed": "re-employed", "automated": "automated",
    "months_displaced_mean": "displaced", "wage_gap": "wage gap",
    "real_consumption_p10": "p10", "real_consumption_bottom10": "bottom decile",
    "real_consumption_median": "median", "real_consumption_displaced": "displaced",
    "uhi_p10": "p10", "uhi_bottom10": "bottom decile", "uhi_median": "median",
    "uhi_displaced": "displaced",
    "gini_income": "income", "gini_money": "money balances", "capital_share": "capital",
    "ai_capability": "AI", "robot_capability": "robots", "robot_fleet": "robots",
    "robot_slots": "robots", "energy_gw": "energy", "energy_wanted_gw": "energy wanted",
    "output_scale": "output scale", "human_output": "human", "machine_output": "machines",
    "machine_output_ai": "AI", "machine_output_robot": "robots",
    "automation_held_back": "held back",
    "tax_revenue": "revenue", "ui_paid": "UI", "ui_scale": "UI", "basic_income": "basic income",
    "debt_outstanding": "debt", "debt_outstanding_real": "debt",
    "debt_service_ratio": "debt service", "defaults": "defaults", "defaulted_share": "defaults",
}


def colour(meaning):
    """The colour of a meaning (a key of COLOURS)."""
    return COLOURS[meaning]


def series_colour(name):
    """The colour of series `name` when one scenario is drawn."""
    return COLOURS[MEANINGS[name]]


def verdict_colour(name):
    """The colour of verdict `name` in sweep figures: its series' meaning where it
    has the name of a series (uhi_p10, gini_income, ...), else "verdict"."""
    return COLOURS[MEANINGS.get(name, "verdict")]


def line_id(meaning, series, axis, scenario):
    """The SVG id of a drawn line (see the module docstring)."""
    return f"line--{meaning.replace(' ', '-')}--{series}--a{axis}--s{scenario}"


def scenario_colours(n):
    cmap = plt.get_cmap("tab10" if n <= 10 else "tab20")
    return [cmap(i % cmap.N) for i in range(n)]


# Why a panel's mechanism is off in a scenario, from its config: (words, the key
# that switches it off), or None where it is on.
def wages_flexible(sc):
    if sc.setting("wages.max_cut_per_year", 1) >= 1:
        return ("wages fall as fast as prices", "wages.max_cut_per_year = 1")
    return None


def no_taxes(sc):
    if all(not sc.setting(f"policy.fiscal.{k}", 0) for k in
           ("wage_tax", "capital_tax", "machine_tax")):
        return ("no taxes", "policy.fiscal.wage_tax, capital_tax, machine_tax = 0")
    return None


def no_ui(sc):
    if not sc.setting("policy.fiscal.ui_replacement", 0):
        return ("no unemployment insurance", "policy.fiscal.ui_replacement = 0")
    return no_taxes(sc)


def no_debt(sc):
    if not sc.setting("debt.enabled", False):
        return ("no household debt", "debt.enabled = false")
    return None


def no_gate(sc):
    if not sc.setting("energy.gates_adoption", False):
        return ("no energy gate", "energy.gates_adoption = false")
    return None


def off_reason(scenarios, why):
    """(words, key) as `why` gives them if the mechanism is off in every scenario,
    else None."""
    reasons = [why(s) for s in scenarios]
    return reasons[0] if all(reasons) else None


def note(ax, text):
    """Writes a note in the middle of a panel that has nothing to show."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=12,
            color="0.25", zorder=10,
            bbox=dict(facecolor="white", alpha=0.85, edgecolor="0.7", boxstyle="round"))


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


def set_log(ax, arrays=None, panel=None):
    """Log y axis with plain tick labels (0.5, 1, 2, 1e+06); labels on 2 and 5
    too when the range is under two decades. With nothing positive to show (AI
    and robots disabled, say) the axis stays linear and says so: matplotlib
    cannot draw a log axis of zeros."""
    if arrays is not None and len(_finite_positive(arrays)[0]) == 0:
        if panel is not None:
            panel.note("all zero in this run")
        else:
            note(ax, "all zero in this run")
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


def auto_log(ax, arrays, decades=1.5, panel=None):
    """Log y scale when the (all positive) values span more than `decades` decades."""
    pos, vals = _finite_positive(arrays)
    if len(vals) and len(pos) == len(vals) and pos.min() > 0 and \
            math.log10(pos.max() / pos.min()) > decades:
        set_log(ax, arrays, panel)
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

    def __init__(self, ax, scenarios, specs, scale=1.0, index=False, positive=False, off=None):
        """specs: [series name or (series name, line style)]; the legend labels are
        the series' words (uhisim_json.SERIES_WORDS): only the part after the
        comma where every series of the panel shares the part before it (the
        panel's title says that part). scale divides values; index
        divides by the month-0 value (the line's); positive hides values <= 0
        (for a log axis); off(scenario) -> why the panel's mechanism is off in
        that scenario, or None (see the module docstring)."""
        self.ax = ax
        self.arrays = []
        self.noted = False
        specs = [(s, "-") if isinstance(s, str) else tuple(s) for s in specs]
        names = [name for name, _ in specs]
        parts = [uj.words_parts(n) for n in names]
        whats = {w for w, _ in parts}
        if len(whats) == 1 and all(who is not None for _, who in parts):
            labels = [who for _, who in parts]
        else:
            labels = [uj.words(n) for n in names]
        multi = len(scenarios) > 1
        colours = scenario_colours(len(scenarios))
        axis = ax.figure.axes.index(ax)
        for si, sc in enumerate(scenarios):
            x = sc.years()
            for k, (name, spec_style) in enumerate(specs):
                if not sc.has(name):
                    continue
                b = sc.band(name)
                div = scale
                if index:
                    first = b.line[0]
                    div = first if first and math.isfinite(first) else math.nan
                parts_ = [None if a is None else a / div for a in (b.line, b.lo, b.hi, b.p50)]
                if positive:
                    parts_ = [None if a is None else np.where(a > 0, a, np.nan) for a in parts_]
                line, lo, hi, p50 = parts_
                meaning = MEANINGS[name]
                c = colours[si] if multi else COLOURS[meaning]
                style = STYLES[k % len(STYLES)] if multi else spec_style
                lab = None if multi else labels[k]
                # earlier scenarios drawn wider, so a later one on top of it leaves it visible
                lw = 2 + 2.0 * (len(scenarios) - 1 - si) / (len(scenarios) - 1) if multi else 2
                ax.plot(x, line, style, color=c, lw=lw, label=lab,
                        gid=line_id(meaning, name, axis, si))
                if lo is not None:
                    ax.fill_between(x, lo, hi, color=c, alpha=0.18, lw=0)
                    if not multi:
                        ax.plot(x, p50, ":", color=c, lw=1.2)
                self.arrays += [a for a in (line, lo, hi) if a is not None]
        if multi and len(specs) > 1:
            handles = [Line2D([], [], color="black", ls=STYLES[k % len(STYLES)], lw=2,
                              label=labels[k]) for k in range(len(specs))]
            ax.legend(handles=handles, loc="best")
        elif not multi:
            ax.legend(loc="best")
        set_years(ax, scenarios)
        reason = off_reason(scenarios, off) if off else None
        if reason:
            self.note(f"off in this run: {reason[0]}\n({reason[1]})")
        elif all(sc.all_zero(n) for sc in scenarios for n in names):
            self.note("all zero in this run")

    def note(self, text):
        if not self.noted:
            self.noted = True
            note(self.ax, text)

    def log_if_wide(self, decades=1.5):
        return auto_log(self.ax, self.arrays, decades, self)

    def log(self):
        set_log(self.ax, self.arrays, self)


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(year):
    """2027.75 -> 'Oct 2027' (the calendar month a month index starts in)."""
    y = int(math.floor(year + 1e-9))
    m = int(round((year - y) * 12))
    if m >= 12:
        y, m = y + 1, 0
    return f"{MONTHS[m]} {y}"


def mark_events(axes, scenarios, robots=True, cap=True, gate=True):
    """Vertical lines: robot start (config robots.start_year), the first month the
    energy cap binds and the first month the energy gate holds back new machines,
    in each scenario's colour (black where one scenario, or where every scenario
    has the same year). Returns legend handles."""
    multi = len(scenarios) > 1
    colours = scenario_colours(len(scenarios))
    kinds = []
    if robots:
        kinds.append(("robots start", (0, (6, 3)), 1.3, [s.robot_start_year() for s in scenarios]))
    if cap:
        kinds.append(("energy cap first binds", (0, (1, 2)), 1.8,
                      [s.first_cap_binding_year() for s in scenarios]))
    if gate:
        kinds.append(("energy gate first holds back machines", (0, (4, 1.5, 1, 1.5)), 1.5,
                      [s.first_gate_binding_year() for s in scenarios]))
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
        # as many columns as fit across the figure (about 0.09 in a character at
        # the legend's 11 pt, and 0.9 in for the key and the gap)
        w, h = fig.get_size_inches()
        widest = max(0.09 * len(hd.get_label()) + 0.9 for hd in handles)
        ncol = max(1, min(len(handles), 5, int((w - 0.5) // widest)))
        rows = math.ceil(len(handles) / ncol)
        fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False)
        fig.tight_layout(rect=(0, (0.3 * rows + 0.15) / h, 1, 1))
    else:
        fig.tight_layout()
    return fig




MAGNITUDES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")]


def magnitude(scenarios, names):
    """(divisor, word) that puts the largest value of the series in names between 1
    and 1000: (1e9, "billion"); (1, "") below a thousand or with nothing to show."""
    top = 0.0
    for sc in scenarios:
        for n in names:
            if sc.has(n):
                b = sc.band(n)
                for a in (b.line, b.hi):
                    if a is not None and np.isfinite(a).any():
                        top = max(top, float(np.nanmax(np.abs(a))))
    for scale, word in MAGNITUDES:
        if top >= scale:
            return scale, word
    return 1.0, ""


def _with(word, rest):
    return f"{word} {rest}" if word else rest


def shade(axes, scenarios, series, meaning):
    """Shades the months the 0/1 series is 1 (one scenario only: with several the
    first such month is marked by mark_events instead). Returns a legend patch or
    None."""
    if len(scenarios) != 1 or not scenarios[0].months_when(series).any():
        return None
    sc = scenarios[0]
    when = sc.months_when(series)
    for ax in axes:
        ax.fill_between(sc.years(), 0, 1, where=when, transform=ax.get_xaxis_transform(),
                        color=COLOURS[meaning], alpha=0.35, lw=0, step="mid", zorder=0)
    label = {"energy cap binding": "months the energy cap binds",
             "energy gate binding": "months the energy gate holds back machines"}[meaning]
    return Patch(color=COLOURS[meaning], alpha=0.6,
                 label=label + (" (any replicate)" if sc.has_bands else ""))


def fig_exchange(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Equation of exchange: M\u00b7V = P\u00b7Q")
    p = Panel(a1, scenarios, ["money_stock", "velocity", "price_level", "output"],
              index=True, positive=True)
    p.log()
    a1.axhline(1, color="grey", lw=0.8)
    a1.set_title("M, V, P, Q as indices")
    a1.set_ylabel("index (month 0 = 1), log scale")
    multi = len(scenarios) > 1
    colours = scenario_colours(len(scenarios))
    arrays = []
    c_spend = COLOURS["nominal spending"]
    axis = fig.axes.index(a2)
    for si, sc in enumerate(scenarios):
        x = sc.years()
        mv = sc.line("money_stock") * sc.line("velocity") / 1e12
        pq = sc.line("price_level") * sc.line("output") / 1e12
        arrays += [mv, pq]
        c = colours[si] if multi else c_spend
        a2.plot(x, mv, "-", color=c, lw=4, alpha=0.45, label=None if multi else "M\u00b7V",
                gid=line_id("nominal spending", "money_stock*velocity", axis, si))
        a2.plot(x, pq, "--", color=c, lw=1.8, label=None if multi else "P\u00b7Q",
                gid=line_id("nominal spending", "price_level*output", axis, si))
    if multi:
        a2.legend(handles=[Line2D([], [], color="black", lw=4, alpha=0.45, label="M\u00b7V"),
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
    a2.set_title("Nominal spending: M\u00b7V beside P\u00b7Q" + means)
    worst = [np.nanmax(sc.band("identity_mv_pq").line) for sc in scenarios
             if sc.has("identity_mv_pq")]
    if worst:
        a2.text(0.02, 0.02, f"largest |M\u00b7V \u2212 P\u00b7Q| / P\u00b7Q in the run: "
                f"{max(worst):.1e}", transform=a2.transAxes, fontsize=11,
                bbox=dict(facecolor="white", alpha=0.8, edgecolor="none"))
    return _finish(fig, scenarios)


def fig_automation(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Automation: jobs run by machines, and employment")
    Panel(a1, scenarios, ["automated_share_white", "automated_share_blue"], scale=0.01)
    a1.set_title("Automated share of each class's starting jobs")
    a1.set_ylabel("share of the class's workers (%)")
    a1.set_ylim(-2, 102)
    Panel(a2, scenarios, ["employment_rate", "employment_rate_white", "employment_rate_blue"],
          scale=0.01)
    a2.set_title("Employment rate (share in human jobs)")
    a2.set_ylabel("employed share of workers (%)")
    a2.set_ylim(-2, 102)
    handles = mark_events([a1, a2], scenarios)
    return _finish(fig, scenarios, handles)


def fig_labour(scenarios):
    fig, axes = _figure(scenarios, "Labour: unemployment, layoffs and failed hires, the "
                        "real-wage gap", 2, 2, (15, 10.5))
    a1, a2, a3, a4 = axes
    Panel(a1, scenarios, ["unemployment_rate", "long_term_displaced_share"], scale=0.01)
    a1.set_title("Unemployment, and the long-term displaced")
    a1.set_ylabel("share of all workers (%)")
    a1.set_ylim(bottom=0)
    flows = ["automated", "laid_off", "failed_hires", "reemployed"]
    scale, word = magnitude(scenarios, flows)
    Panel(a2, scenarios, flows, scale=scale)
    title = "Flows: out of work and back into it"
    why = off_reason(scenarios, wages_flexible)
    if why:
        title += f"\n(laid off, failed hires: off in this run, {why[1]})"
    a2.set_title(title)
    a2.set_ylabel(_with(word, "workers / month"))
    a2.set_ylim(bottom=0)
    Panel(a3, scenarios, ["months_displaced_mean"])
    a3.set_title("Time out of work: mean over the displaced")
    a3.set_ylabel("months since the job was lost")
    a3.set_ylim(bottom=0)
    Panel(a4, scenarios, ["wage_gap"], off=wages_flexible)
    a4.axhline(1, color="black", lw=1.2, zorder=0)
    a4.set_title("Real-wage gap W/P (1 = wages as flexible as prices)")
    a4.set_ylabel("nominal wage index / price level (-)")
    lo, hi = a4.get_ylim()
    a4.set_ylim(min(lo, 0.95), max(hi, 1.05))
    handles = mark_events(axes, scenarios)
    return _finish(fig, scenarios, handles)


def fig_who_gains(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Who gains: real consumption, and relative to month 0")
    p = Panel(a1, scenarios, ["real_consumption_p10", "real_consumption_bottom10",
                              "real_consumption_median", "real_consumption_displaced"],
              scale=1e3, positive=True)
    log = p.log_if_wide(1.0)
    if not log:
        a1.set_ylim(bottom=0)
    a1.set_title("Real consumption per worker")
    a1.set_ylabel("base-year $ thousand / year" + (", log scale" if log else ""))
    p = Panel(a2, scenarios, ["uhi_p10", "uhi_bottom10", "uhi_median", "uhi_displaced"],
              positive=True)
    a2.axhline(1, color="black", lw=1.5, zorder=0)
    log = p.log_if_wide(1.0)
    a2.set_title("Real consumption relative to month 0 (1 = no gain)")
    a2.set_ylabel("ratio to month 0 (-)" + (", log scale" if log else ""))
    handles = mark_events([a1, a2], scenarios, cap=False, gate=False)
    return _finish(fig, scenarios, handles)


def fig_distribution(scenarios):
    fig, (a1, a2) = _figure(scenarios, "Distribution: inequality and the capital share")
    Panel(a1, scenarios, ["gini_income", "gini_money"])
    a1.set_title("Gini coefficients across agents")
    a1.set_ylabel("Gini (0 = equal, 1 = one holds all)")
    a1.set_ylim(0, 1)
    Panel(a2, scenarios, ["capital_share"], scale=0.01)
    a2.set_title("Capital income share of spending")
    a2.set_ylabel("capital share (%)")
    a2.set_ylim(0, 100)
    handles = mark_events([a1, a2], scenarios, cap=False, gate=False)
    return _finish(fig, scenarios, handles)


def fig_technology(scenarios):
    fig, axes = _figure(scenarios, "Technology: capabilities, robots, energy, machine output",
                        3, 2, (15, 15))
    a1, a2, a3, a4, a5, a6 = axes
    p = Panel(a1, scenarios, ["ai_capability", "robot_capability"], positive=True)
    p.log()
    a1.set_title("Capabilities (zero not shown on the log axis)")
    a1.set_ylabel("capability (-), log scale")
    p = Panel(a2, scenarios, [("robot_fleet", "-"), ("robot_slots", "--")], scale=1e6,
              positive=True)
    if not p.log_if_wide(1.5):
        a2.set_ylim(bottom=0)
    a2.set_title("Robot fleet and the jobs it runs")
    a2.set_ylabel("millions (job-equivalents / workers)")
    p = Panel(a3, scenarios, ["energy_gw", ("energy_wanted_gw", "--")], positive=True)
    log = p.log_if_wide(1.0)
    if not log:
        a3.set_ylim(bottom=0)
    a3.set_title("Energy capacity against the energy the machines want")
    a3.set_ylabel("GW (average power)" + (", log scale" if log else ""))
    p = Panel(a4, scenarios, ["output_scale"], positive=True)
    log = p.log_if_wide(1.0)
    if not log:
        a4.set_ylim(0, 1.05)
    a4.set_title("Machine output scale f (1 = the cap does not bind)")
    a4.set_ylabel("f (-)" + (", log scale" if log else ""))
    p = Panel(a5, scenarios, ["human_output", "machine_output_ai", "machine_output_robot",
                              ("machine_output", "--")], scale=1e12, positive=True)
    p.log()
    a5.set_title("Output by who produces it")
    a5.set_ylabel("base-year $ trillion / year, log scale")
    scale, word = magnitude(scenarios, ["automation_held_back"])
    p = Panel(a6, scenarios, ["automation_held_back"], scale=scale, off=no_gate)
    a6.set_ylim(bottom=0)
    a6.set_title("Jobs kept human for want of energy")
    a6.set_ylabel(_with(word, "workers / month"))
    handles = mark_events(axes, scenarios)
    # the gate's months only where its jobs are: both shadings on one panel mix
    for patch in (shade([a3, a4, a5], scenarios, "cap_binding", "energy cap binding"),
                  shade([a6], scenarios, "energy_gate_binding", "energy gate binding")):
        if patch is not None:
            handles.append(patch)
    return _finish(fig, scenarios, handles)


def fig_government(scenarios):
    fig, axes = _figure(scenarios, "Government: revenue, unemployment insurance, basic income",
                        1, 3, (19, 6.5))
    a1, a2, a3 = axes
    flows = ["tax_revenue", "ui_paid"]
    scale, word = magnitude(scenarios, flows)
    Panel(a1, scenarios, [("tax_revenue", "-"), ("ui_paid", "--")], scale=scale, off=no_taxes)
    a1.set_ylim(bottom=0)
    a1.set_title("Revenue and UI paid")
    a1.set_ylabel(_with("nominal $ " + word if word else "nominal $", "/ year"))
    scale, word = magnitude(scenarios, ["basic_income"])
    Panel(a2, scenarios, ["basic_income"], scale=scale, off=no_taxes)
    a2.set_ylim(bottom=0)
    a2.set_title("Basic income: revenue left after UI")
    a2.set_ylabel(("nominal $ " + word if word else "nominal $") + " / year per worker")
    Panel(a3, scenarios, ["ui_scale"], off=no_ui)
    a3.axhline(1, color="black", lw=1.2, zorder=0)
    a3.set_ylim(0, 1.05)
    a3.set_title("UI scale: paid / claimed (1 = paid in full)")
    a3.set_ylabel("UI scale (-)")
    worst = [np.nanmax(sc.band("identity_government").line) for sc in scenarios
             if sc.has("identity_government")]
    if worst and not all(no_taxes(s) for s in scenarios):
        a1.set_title(f"Revenue and UI paid\n(largest budget error in the run: {max(worst):.1e})")
    handles = mark_events(axes, scenarios, cap=False, gate=False)
    return _finish(fig, scenarios, handles)


def fig_debt(scenarios):
    fig, axes = _figure(scenarios, "Household debt: outstanding, debt service, defaults",
                        2, 2, (15, 10.5))
    a1, a2, a3, a4 = axes
    names = ["debt_outstanding", "debt_outstanding_real"]
    scale, word = magnitude(scenarios, names)
    Panel(a1, scenarios, [("debt_outstanding", "-"), ("debt_outstanding_real", "--")],
          scale=scale, off=no_debt)
    a1.set_ylim(bottom=0)
    a1.set_title("Household debt outstanding")
    # "\\$": two dollar signs in one label would start matplotlib's mathtext
    a1.set_ylabel(_with("\\$ " + word if word else "\\$", "(nominal \\$; real: base-year \\$)"))
    Panel(a2, scenarios, ["debt_service_ratio"], scale=0.01, off=no_debt)
    a2.set_ylim(bottom=0)
    a2.set_title("Debt service ratio: payments due / disposable income")
    a2.set_ylabel("debt service ratio (%)")
    scale, word = magnitude(scenarios, ["defaults"])
    Panel(a3, scenarios, ["defaults"], scale=scale, off=no_debt)
    a3.set_ylim(bottom=0)
    a3.set_title("Defaults")
    a3.set_ylabel(_with(word, "debtors / month"))
    Panel(a4, scenarios, ["defaulted_share"], scale=0.01, off=no_debt)
    a4.set_ylim(bottom=0)
    a4.set_title("Share of month-0 debtors who have defaulted")
    a4.set_ylabel("share of debtors (%)")
    handles = mark_events(axes, scenarios, cap=False, gate=False)
    return _finish(fig, scenarios, handles)


FIGURE_FUNCS = {"exchange": fig_exchange, "automation": fig_automation, "labour": fig_labour,
                "who_gains": fig_who_gains, "distribution": fig_distribution,
                "technology": fig_technology, "government": fig_government, "debt": fig_debt}

TITLES = {"exchange": "Equation of exchange", "automation": "Automation and employment",
          "labour": "Labour", "who_gains": "Who gains", "distribution": "Distribution",
          "technology": "Technology", "government": "Government", "debt": "Household debt",
          "verdicts": "Verdicts"}


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
        name = uj.verdict_words(v)
        if unit and unit != "-" and not (unit.startswith("month") and name.startswith("month")):
            name += f" ({unit})"
        line = ["\n".join(textwrap.wrap(name, 40, break_on_hyphens=False))]
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
    # a row as high as its most wrapped cell
    lines = [max(c.count("\n") + 1 for c in row) for row in [header] + text]
    row_in = [0.24 * n + 0.2 for n in lines]
    fig_h = 1.5 + sum(row_in)
    fig = plt.figure(figsize=(fig_w, fig_h))
    ax = fig.add_axes((0.3 / fig_w, 0.2 / fig_h, 1 - 0.6 / fig_w, 1 - 1.5 / fig_h))
    ax.axis("off")
    table = ax.table(cellText=text, colLabels=header, cellLoc="center", bbox=(0, 0, 1, 1),
                     colWidths=[c / sum(col_in) for c in col_in])
    table.auto_set_font_size(False)
    table.set_fontsize(12)
    for (r, c), cell in table.get_celld().items():
        cell.set_height(row_in[r] / sum(row_in))
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
             "\u2013 = undefined (e.g. never above month 0)", ha="center", va="top", fontsize=12)
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

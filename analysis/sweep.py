#!/usr/bin/python3
"""sweep.py - Draws a uhisim sweep: one verdict against the swept keys.

    /usr/bin/python3 analysis/sweep.py SWEEP_DIR -o DIR [--metric NAME]...

SWEEP_DIR is the folder of `uhisim sweep CFG --vary KEY=FROM:TO:COUNT ... -o SWEEP_DIR`
(or its summary.json). One swept key: a line of the metric's mean over replicates
against the key (with the replicates as dots and their 5-95 % range shaded); two
keys: a heat map of the mean, one cell per grid point, values written in the cells.
--metric may be repeated (or comma-separated); the default is uhi_p10, or
final_price_level where uhi_p10 is undefined everywhere. Writes DIR/sweep_METRIC.png
and DIR/sweep_METRIC.svg per metric. Exit status: 0 done, 2 unreadable or wrong input."""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import uhisim_json as uj  # noqa: E402


DEFAULT_METRICS = ["uhi_p10", "final_price_level"]
# what a null verdict means, where it has a plain meaning
NULL_MEANS = {"months_until_uhi_p10": "never", "months_until_uhi_bottom10": "never",
              "first_energy_limited_month": "never"}
NEVER = {"months_until_uhi_p10": "the 10th percentile below month 0 at the end",
         "months_until_uhi_bottom10": "the bottom decile below month 0 at the end",
         "first_energy_limited_month": "energy never limited"}


def label(metric, unit):
    """An axis label: the verdict in words, with its unit."""
    w = uj.verdict_words(metric)
    return f"{w} ({unit})" if unit and unit != "-" else w


def _value(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def _sort_key(v):
    return (0, v, "") if isinstance(v, float) else (1, 0.0, str(v))


def table(doc, metric):
    """{(key values...): [metric per replicate]} (None for null) and the keys."""
    keys = list(doc.manifest.get("keys", []))
    out = {}
    for i, row in enumerate(doc.rows):
        where = f"{doc.path}: rows[{i}]"
        sets = uj._need(row, "set", where)
        verdicts = uj._need(row, "verdicts", where)
        if metric not in verdicts:
            known = ", ".join(verdicts)
            raise uj.FormatError(f"{doc.path}: no metric '{metric}' (known: {known})")
        point = tuple(_value(sets.get(k)) for k in keys)
        out.setdefault(point, []).append(verdicts[metric])
    return keys, out


def stats(values):
    vals = np.array([v for v in values if v is not None], dtype=float)
    if len(vals) == 0:
        return math.nan, math.nan, math.nan, 0
    return float(vals.mean()), float(np.percentile(vals, 5)), float(np.percentile(vals, 95)), \
        len(vals)


def subtitle(doc, n_values):
    m = doc.manifest
    R = m.get("replicates", 1)
    base = os.path.basename(str(m.get("base_config", "")))
    extra = m.get("set") or []
    s = f"{base}, {R} replicate{'s' if R != 1 else ''} per point"
    if R > 1:
        s += " (mean)"
    if extra:
        s += "; " + ", ".join(extra)
    return s


def fig_line(doc, metric, key, data, unit):
    up, plt = uj.plotting()
    fig, ax = plt.subplots(figsize=(11, 6.5))
    xs = sorted(data, key=lambda p: _sort_key(p[0]))
    numeric = all(isinstance(p[0], float) for p in xs)
    pos = [p[0] for p in xs] if numeric else list(range(len(xs)))
    st = [stats(data[p]) for p in xs]
    mean = np.array([s[0] for s in st])
    c = up.verdict_colour(metric)
    ax.plot(pos, mean, "o-", lw=2.5, ms=8, color=c, label="mean over replicates"
            if doc.manifest.get("replicates", 1) > 1 else uj.verdict_words(metric))
    if doc.manifest.get("replicates", 1) > 1:
        ax.fill_between(pos, [s[1] for s in st], [s[2] for s in st], alpha=0.2,
                        color=c, lw=0, label="5\u201395 % of replicates")
        for x, p in zip(pos, xs):
            vals = [v for v in data[p] if v is not None]
            ax.plot([x] * len(vals), vals, ".", color="grey", ms=7)
    undefined = [x for x, s in zip(pos, st) if s[3] == 0]
    for x in undefined:
        ax.axvline(x, color="grey", ls=":", lw=1)
    if undefined:
        ax.plot([], [], ":", color="grey", label=NULL_MEANS.get(metric, "undefined")
                + " in every replicate")
    if metric.startswith("uhi_"):
        ax.axhline(1, color="black", lw=1.2, label="1 = month-0 level")
    if not numeric:
        ax.set_xticks(pos, [str(p[0]) for p in xs])
    ax.set_xlabel(key)
    ax.set_ylabel(label(metric, unit))
    fin = mean[np.isfinite(mean)]
    if len(fin) and fin.min() > 0 and fin.max() / fin.min() > 30:
        up.set_log(ax, [mean])
    ax.legend(loc="best")
    fig.suptitle(f"Sweep: {uj.verdict_words(metric)} against {key}\n{subtitle(doc, len(xs))}")
    fig.tight_layout()
    return fig


def fig_heat(doc, metric, keys, data, unit):
    up, plt = uj.plotting()
    kx, ky = keys
    xv = sorted({p[0] for p in data}, key=_sort_key)
    yv = sorted({p[1] for p in data}, key=_sort_key)
    grid = np.full((len(yv), len(xv)), np.nan)
    counts = np.zeros_like(grid, dtype=int)
    present = np.zeros_like(grid, dtype=bool)
    for p, vals in data.items():
        i, j = yv.index(p[1]), xv.index(p[0])
        m, _, _, n = stats(vals)
        grid[i, j] = m
        counts[i, j] = n
        present[i, j] = True
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(xv) + 4), max(5.5, 0.9 * len(yv) + 3)))
    fin = grid[np.isfinite(grid)]
    norm = None
    if len(fin) and fin.min() > 0 and fin.max() / fin.min() > 30:
        from matplotlib.colors import LogNorm
        norm = LogNorm(fin.min(), fin.max())
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("#dddddd")
    im = ax.imshow(np.ma.masked_invalid(grid), origin="lower", aspect="auto", cmap=cmap,
                   norm=norm)
    cb = fig.colorbar(im, ax=ax)
    cb.set_label(label(metric, unit))
    R = doc.manifest.get("replicates", 1)
    lo = np.nanmin(grid) if len(fin) else 0
    hi = np.nanmax(grid) if len(fin) else 1
    if len(xv) * len(yv) <= 200:
        for i in range(len(yv)):
            for j in range(len(xv)):
                v = grid[i, j]
                if not present[i, j]:
                    t = ""
                elif not math.isfinite(v):
                    t = NULL_MEANS.get(metric, "undefined")
                else:
                    t = uj.fmt(v, 3) + (f"\n({counts[i, j]} of {R})" if counts[i, j] < R else "")
                frac = 0.5 if not math.isfinite(v) or hi == lo else (v - lo) / (hi - lo)
                ax.text(j, i, t, ha="center", va="center", fontsize=11,
                        color="white" if frac < 0.5 else "black")
    ax.set_xticks(range(len(xv)), [uj.fmt(v) if isinstance(v, float) else v for v in xv])
    ax.set_yticks(range(len(yv)), [uj.fmt(v) if isinstance(v, float) else v for v in yv])
    ax.set_xlabel(kx)
    ax.set_ylabel(ky)
    ax.grid(False)
    note = ""
    if (~np.isfinite(grid)).any():
        note = "grey: undefined (null) in every replicate" if present.all() else \
            "grey: undefined (null) in every replicate, or no such point"
        if metric in NEVER:
            note = f"grey: never ({NEVER[metric]}) in every replicate"
    fig.suptitle(f"Sweep: {uj.verdict_words(metric)}\n{subtitle(doc, len(data))}"
                 + (f"\n{note}" if note else ""))
    fig.tight_layout()
    return fig


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sweep.py", description=__doc__.split("\n")[0])
    ap.add_argument("sweep", help="sweep folder (or its summary.json)")
    ap.add_argument("-o", "--out", required=True, help="output folder for PNG and SVG figures")
    ap.add_argument("--metric", action="append", default=[],
                    help="verdict to draw (repeatable or comma-separated); default uhi_p10")
    args = ap.parse_args(argv)
    try:
        doc = uj.load(args.sweep)
        if doc.kind != "sweep":
            raise uj.FormatError(f"{args.sweep}: a {doc.kind} document, not a sweep; "
                                 "draw it with analysis/plot.py or analysis/compare.py")
        if not doc.rows:
            raise uj.FormatError(f"{args.sweep}: the sweep has no rows")
        metrics = [m for arg in args.metric for m in arg.split(",") if m]
        if not metrics:
            keys, data = table(doc, DEFAULT_METRICS[0])
            defined = any(v is not None for vals in data.values() for v in vals)
            metrics = [DEFAULT_METRICS[0] if defined else DEFAULT_METRICS[1]]
        units = doc.verdict_units
        written = []
        for metric in metrics:
            keys, data = table(doc, metric)
            unit = units.get(metric, "")
            if len(keys) == 1:
                fig = fig_line(doc, metric, keys[0], data, unit)
            elif len(keys) == 2:
                fig = fig_heat(doc, metric, keys, data, unit)
            else:
                raise uj.FormatError(f"{args.sweep}: {len(keys)} swept keys "
                                     f"({', '.join(keys) or 'none'}); sweep.py draws one (a line) "
                                     "or two (a heat map); see summary.csv for the rest")
            written += uj.plotting()[0].save(fig, args.out, f"sweep_{metric}")
    except uj.FormatError as e:
        print(f"sweep.py: {e}", file=sys.stderr)
        return 2
    print(f"sweep.py: {len(written)} files in {args.out}: "
          + ", ".join(os.path.basename(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

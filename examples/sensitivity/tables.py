#!/usr/bin/python3
"""tables.py - The tables of examples/sensitivity/README.md from what study.sh
wrote: the ranking (Sobol ST and S1 with 95 % bootstrap intervals) of each
world, and what the verdicts do along the wage-rigidity key over the design's
A and B points. Prints Markdown.

    /usr/bin/python3 examples/sensitivity/tables.py [OUT]   # OUT: out/sensitivity

A key is left out of a world's table when its ST is below 0.02 in every verdict
(the non-owner share, version 1's knife-edge, is always kept); a verdict
sensitivity.py found not computable in a world shows "—"."""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
import sensitivity as sa  # noqa: E402

WORLDS = [("baseline", "The seed's world"), ("us_institutions", "US institutions"),
          ("us_institutions_wages_fixed", "US institutions with their sticky wages held")]
VERDICTS = [("uhi_bottom10", "uhi_bottom10"), ("peak_unemployment", "peak unemployment"),
            ("months_unemployment_above_10pct", "months > 10 %")]
KEEP = "ownership.non_owner_share"
RIGIDITY = "wages.max_cut_per_year"
BINS = [0.02, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0]


def num(x):
    return f"{x:.2f}".replace("-", "−") if round(x, 2) != 0 else "0.00"


def cell(row, name, bold=False):
    v, lo, hi = (float(row[name]), float(row[name + "_low"]), float(row[name + "_high"]))
    text = num(v)
    if bold:
        text = f"**{text}**"
    return f"{text} [{num(lo)}, {num(hi)}]"


def ranking(out, world):
    with open(os.path.join(out, world + "_indices.csv")) as f:
        # a verdict that is not computable has one row, without key or indices
        rows = {(r["verdict"], r["key"]): r for r in csv.DictReader(f) if r["ST"]}
    keys = list(dict.fromkeys(k for _, k in rows))
    st = {k: max(float(rows[(v, k)]["ST"]) for v, _ in VERDICTS if (v, k) in rows) for k in keys}
    keys = sorted((k for k in keys if st[k] >= 0.02 or k == KEEP), key=lambda k: -st[k])
    head = "| key | " + " | ".join(f"{label} ST | S1" for _, label in VERDICTS) + " |"
    lines = [head, "|---|" + "---|---|" * len(VERDICTS)]
    for k in keys:
        cells = []
        for v, _ in VERDICTS:
            r = rows.get((v, k))
            if r is None:  # sensitivity.py found the verdict not computable
                cells += ["—", "—"]
            elif float(r["ST_high"]) < 0.005:
                cells += ["0.00", "0.00"]
            else:
                cells += [cell(r, "ST", float(r["ST"]) >= 0.5), cell(r, "S1")]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return lines


def ab_points(out, world):
    """The A and B points of a world's Sobol design (their key values are drawn
    independently; the AB points repeat them), read by sensitivity.py's own
    reader: {name: array} for the two verdicts and, where it was varied, the
    rigidity key, keeping the points where all of them are numbers."""
    sw = sa.read_sweep(os.path.join(out, world))
    keys = sw["sampling"]["keys"]
    cols = {v: sw["Y"][v] for v in ("uhi_bottom10", "peak_unemployment")}
    if RIGIDITY in keys:
        cols[RIGIDITY] = sw["X"][:, keys.index(RIGIDITY)]
    cols = {c: np.concatenate(sa.sobol_split(y, sw["sampling"]["samples"], len(keys))[:2])
            for c, y in cols.items()}
    keep = np.logical_and.reduce([np.isfinite(y) for y in cols.values()])
    return {c: y[keep] for c, y in cols.items()}


def along_rigidity(out):
    worlds = [w for w, _ in WORLDS[:2]]
    pts = {w: ab_points(out, w) for w in worlds}
    lines = [f"| `{RIGIDITY}` | " + " | ".join(f"{w}: uhi_bottom10 < 1 | median peak unemployment"
                                               for w in worlds) + " |",
             "|---|" + "---|---|" * len(worlds)]
    for lo, hi in zip(BINS[:-1], BINS[1:]):
        cells = []
        for w in worlds:
            d = pts[w][RIGIDITY]
            sel = (lo <= d) & ((d < hi) | ((hi == BINS[-1]) & (d == hi)))
            if not sel.any():
                cells += ["no point", "—"]
                continue
            poorer = np.mean(pts[w]["uhi_bottom10"][sel] < 1)
            cells += [f"{100 * poorer:.0f} % of {int(sel.sum())}",
                      f"{100 * np.median(pts[w]['peak_unemployment'][sel]):.0f} %"]
        lines.append(f"| {lo:g}–{hi:g} | " + " | ".join(cells) + " |")
    fixed = ab_points(out, WORLDS[2][0])  # the rigidity key is not varied there
    u = fixed["uhi_bottom10"]
    lines += ["", f"{WORLDS[2][0]}: uhi_bottom10 < 1 in {int((u < 1).sum())} of {len(u)} A and B points, "
              f"median uhi_bottom10 {np.median(u):.3g}, median peak unemployment "
              f"{100 * np.median(fixed['peak_unemployment']):.0f} %"]
    return lines


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/sensitivity"
    try:
        for world, title in WORLDS:
            print(f"**{title}** (`{world}`)\n")
            print("\n".join(ranking(out, world)) + "\n")
        print("\n".join(along_rigidity(out)))
    except (OSError, KeyError, ValueError, sa.SensitivityError) as e:
        print(f"tables.py: {e}; run examples/sensitivity/study.sh first", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""history.py - Lesson 9: does the quantity theory hold in the data?

    examples/09_history/history.py [-o DIR] [--fred CSV] [--jst CSV]

Draws, into DIR (default: the lesson's figures/ folder):

  us_fred_quantity_theory.png/.svg  US 1959-2024 (FRED, public domain, shipped with
      the lesson as us_qtm_annual.csv): the GDP deflator against the price level
      the quantity theory predicts with velocity held at its 1959 value,
      P_hat = M2 * V_1959 / real GDP (x 100, the deflator's 2017 = 100 units), and
      the implied velocity V = nominal GDP / M2.
  jst_deflations.png/.svg  two deflations from the Jorda-Schularick-Taylor
      Macrohistory Database (CC BY-NC-SA 4.0, NOT shipped with uhisim; read at run
      time from ../shared/data/jst_qtm_usa_jpn.csv): the US 1873-1896 and Japan
      1995-2012, money, velocity, real GDP and prices as indices.

and prints the growth factors of each episode (money M, velocity V, real GDP Q,
prices P) so that M V = P Q can be checked in growth terms, and each deflation's
pace: the yearly rate (P1/P0)^(1/years) - 1 of the GDP deflator and of consumer
prices. With --run RUN.json (a uhisim run, e.g. the lesson's baseline) it prints
the model's pace beside them: the same yearly rate of its price level over the
run, and its slowest and fastest calendar year. Without the JST file the two
deflation panels and their pace are skipped with a message; the US FRED part is
always drawn. Exit status: 0 done, 2 the FRED table or the run is missing or
unreadable."""
import argparse
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FRED_CSV = os.path.join(HERE, "us_qtm_annual.csv")
JST_CSV = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "jst_qtm_usa_jpn.csv"))

# The two deflation episodes: (label, JST iso code, first year, last year)
EPISODES = [("US 1873-1896", "USA", 1873, 1896), ("Japan 1995-2012", "JPN", 1995, 2012)]


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(row, key):
    value = row.get(key, "")
    return float(value) if value not in ("", None) else None


def fred_table(path):
    """The 66 annual US rows: year, nominal GDP, real GDP, deflator, M2, V."""
    rows = read_csv(path)
    keys = ["nominal_GDP", "real_GDP_GDPC1", "P_implicit_deflator", "M2_avg", "V_M2"]
    out = {k: [] for k in ["year"] + keys}
    for r in rows:
        out["year"].append(int(r["year"]))
        for k in keys:
            out[k].append(float(r[k]))
    return out


def factor(series, i, j):
    return series[j] / series[i]


def print_fred(t):
    y0, y1 = t["year"][0], t["year"][-1]
    m = factor(t["M2_avg"], 0, -1)
    v = factor(t["V_M2"], 0, -1)
    q = factor(t["real_GDP_GDPC1"], 0, -1)
    p = factor(t["P_implicit_deflator"], 0, -1)
    print(f"US {y0}-{y1} (FRED) factors: money={m:.3f} velocity={v:.3f} real_gdp={q:.3f} "
          f"deflator={p:.3f}")
    print(f"  M*V = {m * v:.3f}   P*Q = {p * q:.3f}")
    v1959 = t["V_M2"][0]
    p_hat = [100 * mm * v1959 / yy for mm, yy in zip(t["M2_avg"], t["real_GDP_GDPC1"])]
    print(f"  with V held at its {y0} value {v1959:.4f}: predicted {y1} price level "
          f"{p_hat[-1]:.1f}, actual deflator {t['P_implicit_deflator'][-1]:.1f} (2017 = 100)")
    i08 = t["year"].index(2008) if 2008 in t["year"] else None
    if i08 is not None:
        print(f"  velocity: {v1959:.3f} in {y0}, {t['V_M2'][i08]:.3f} in 2008, "
              f"{min(t['V_M2']):.3f} at its lowest, {t['V_M2'][-1]:.3f} in {y1}")
    return p_hat


def episode(rows, iso, y0, y1):
    """Growth factors y0 -> y1 of one country's JST rows."""
    by_year = {int(r["year"]): r for r in rows if r["iso"] == iso}
    a, b = by_year[y0], by_year[y1]
    f = lambda key: number(b, key) / number(a, key)
    return {"money": f("broad_money"), "velocity": f("velocity_broad"),
            "real_gdp": f("real_gdp_index_2005eq100"), "deflator": f("implicit_deflator_2005eq100"),
            "cpi": f("cpi_1990eq100"), "nominal_gdp": f("gdp_nominal"), "years": y1 - y0}, by_year


def pace(factor, years):
    """The constant yearly rate that compounds to factor over years."""
    return factor ** (1 / years) - 1


def print_episode(label, g):
    print(f"{label} factors: money={g['money']:.3f} velocity={g['velocity']:.3f} "
          f"real_gdp={g['real_gdp']:.3f} deflator={g['deflator']:.3f} cpi={g['cpi']:.3f}")
    print(f"  prices: consumer prices {100 * (g['cpi'] - 1):+.1f} %, GDP deflator "
          f"{100 * (g['deflator'] - 1):+.1f} %")
    print(f"  M*V = {g['money'] * g['velocity']:.3f}   P*Q (deflator) = "
          f"{g['deflator'] * g['real_gdp']:.3f}   nominal GDP = {g['nominal_gdp']:.3f}")
    print(f"{label} pace (% a year over {g['years']} years): "
          f"deflator={100 * pace(g['deflator'], g['years']):.2f} "
          f"cpi={100 * pace(g['cpi'], g['years']):.2f}")


def print_model(path):
    """The price path of a uhisim run as a pace: its yearly rate over the run and
    in its slowest and fastest calendar year (12 months from each January)."""
    with open(path) as f:
        doc = json.load(f)
    prices = doc["series"]["price_level"]
    if isinstance(prices, dict):  # an ensemble: the mean path
        prices = prices["mean"]
    years = (len(prices) - 1) / 12
    # P before month 0 is 1 (MODEL.md 4c), so month 0 already carries a month of change
    yearly = [prices[m + 12] / prices[m] - 1 for m in range(0, len(prices) - 12, 12)]
    start = doc["config"]["run"]["start_year"]
    slow = max(range(len(yearly)), key=lambda i: yearly[i])
    fast = min(range(len(yearly)), key=lambda i: yearly[i])
    print(f"model ({os.path.basename(path)}) price level: {prices[0]:.4f} -> {prices[-1]:.4g} "
          f"in {years:.2f} years")
    print(f"model pace (% a year over {years:.2f} years): "
          f"price_level={100 * pace(prices[-1] / prices[0], years):.2f}; slowest year "
          f"{start + slow:.0f} {100 * yearly[slow]:+.1f} %, fastest {start + fast:.0f} "
          f"{100 * yearly[fast]:+.1f} %")


def draw_fred(plt, t, p_hat, out):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 5))
    years = t["year"]
    a1.plot(years, t["P_implicit_deflator"], color="tab:blue", lw=2, label="actual GDP deflator")
    a1.plot(years, p_hat, color="tab:red", lw=2, ls="--",
            label=f"quantity theory, V fixed at {t['V_M2'][0]:.2f} (1959)")
    a1.set_yscale("log")
    log_ticks(a1, [15, 20, 30, 50, 70, 100, 150])
    a1.set_title("US price level: actual and predicted by M2 V$_{1959}$ / real GDP")
    a1.set_ylabel("price level (2017 = 100), log scale")
    a1.set_xlabel("year")
    a1.grid(alpha=0.3, which="both")
    a1.legend(loc="upper left")
    a2.plot(years, t["V_M2"], color="tab:green", lw=2, label="V = nominal GDP / M2")
    a2.axvline(2008, color="k", ls=":", lw=1)
    a2.annotate("2008", (2008, max(t["V_M2"])), xytext=(4, -4), textcoords="offset points",
                va="top")
    a2.axvline(2020, color="k", ls=":", lw=1)
    a2.annotate("2020", (2020, max(t["V_M2"])), xytext=(4, -4), textcoords="offset points",
                va="top")
    a2.set_title("Velocity of M2 implied by M V = P Q")
    a2.set_ylabel("V (1/year)")
    a2.set_xlabel("year")
    a2.set_ylim(0, max(t["V_M2"]) * 1.1)
    a2.grid(alpha=0.3)
    a2.legend(loc="lower left")
    fig.suptitle("Does the quantity theory hold? US 1959-2024 (FRED: M2SL, GDP, GDPC1, GDPDEF)")
    fig.tight_layout()
    return save(fig, out, "us_fred_quantity_theory")


def draw_jst(plt, panels, out):
    fig, axes = plt.subplots(1, len(panels), figsize=(13, 5))
    series = [("broad_money", "money M (broad)", "tab:purple", "-"),
              ("velocity_broad", "velocity V", "tab:green", "-"),
              ("real_gdp_index_2005eq100", "real GDP Q", "tab:orange", "-"),
              ("implicit_deflator_2005eq100", "prices P (GDP deflator)", "tab:blue", "-"),
              ("cpi_1990eq100", "consumer prices (CPI)", "tab:blue", ":")]
    for ax, (label, by_year, y0, y1) in zip(axes, panels):
        years = list(range(y0, y1 + 1))
        for key, name, color, ls in series:
            base = number(by_year[y0], key)
            vals = [number(by_year[y], key) for y in years]
            ax.plot(years, [v / base if v is not None else float("nan") for v in vals],
                    color=color, ls=ls, lw=2, label=name)
        ax.axhline(1, color="k", lw=0.8)
        ax.set_yscale("log")
        log_ticks(ax, [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 2, 2.5, 3])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(f"{label} (index, {y0} = 1)")
        ax.set_xlabel("year")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper left", fontsize=9)
    axes[0].set_ylabel("index, log scale")
    fig.suptitle("Two deflations: Jorda-Schularick-Taylor Macrohistory Database R6 "
                 "(CC BY-NC-SA 4.0)")
    fig.tight_layout()
    return save(fig, out, "jst_deflations")


def log_ticks(ax, ticks):
    """Plain-number ticks on a log axis (only those inside the data range)."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator, StrMethodFormatter
    lo, hi = ax.get_ylim()
    ax.yaxis.set_major_locator(FixedLocator([t for t in ticks if lo <= t <= hi]))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_formatter(NullFormatter())


def save(fig, out, name):
    os.makedirs(out, exist_ok=True)
    paths = []
    for ext in ("png", "svg"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, dpi=110 if ext == "png" else None)
        paths.append(path)
    return paths


def main(argv=None):
    ap = argparse.ArgumentParser(prog="history.py", description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--out", default=os.path.join(HERE, "figures"), help="figure folder")
    ap.add_argument("--fred", default=FRED_CSV, help="the lesson's FRED table (us_qtm_annual.csv)")
    ap.add_argument("--jst", default=JST_CSV, help="the JST table jst_qtm_usa_jpn.csv (not shipped)")
    ap.add_argument("--run", help="a uhisim run whose price path's pace is printed beside history's")
    args = ap.parse_args(argv)
    try:
        t = fred_table(args.fred)
    except (OSError, KeyError, ValueError) as e:
        print(f"history.py: cannot read the FRED table {args.fred}: {e}", file=sys.stderr)
        return 2

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p_hat = print_fred(t)
    written = draw_fred(plt, t, p_hat, args.out)

    if not os.path.isfile(args.jst):
        print(f"JST data not found at {args.jst}: skipping the US 1873-1896 and Japan 1995-2012 "
              "panels. The Jorda-Schularick-Taylor Macrohistory Database is licensed CC BY-NC-SA "
              "4.0 and is not shipped with uhisim; put jst_qtm_usa_jpn.csv there (see "
              "../shared/data/SOURCES.md) or pass --jst FILE.")
    else:
        rows = read_csv(args.jst)
        panels = []
        for label, iso, y0, y1 in EPISODES:
            g, by_year = episode(rows, iso, y0, y1)
            print_episode(label, g)
            panels.append((label, by_year, y0, y1))
        written += draw_jst(plt, panels, args.out)
    if args.run:
        try:
            print_model(args.run)
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"history.py: {args.run}: not a uhisim run document ({e})", file=sys.stderr)
            return 2
    print(f"history.py: {len(written)} files in {args.out}: "
          + ", ".join(os.path.basename(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

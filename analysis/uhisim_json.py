"""uhisim_json.py - Reads uhisim's output documents for the analysis scripts.

One loader for the four kinds of document the program writes (see docs/output.md
and the --help of `uhisim run/compare/sweep`):

    uhisim.run       `uhisim run CFG -o F`                  one scenario, plain series
    uhisim.ensemble  `uhisim run CFG --replicates R -o F`   one scenario, bands if R > 1
    uhisim.compare   `uhisim compare A.cfg B.cfg ... -o F`  several scenarios, bands if R > 1
    uhisim.sweep     `uhisim sweep ... -o DIR`              DIR/summary.json: verdict rows

    doc = load("out/run.json")           # or a sweep folder, or several run files:
    doc = load_many(["a.json", "b.json"])
    for sc in doc.scenarios:
        y = sc.years()                   # calendar years, one per month
        b = sc.band("price_level")       # Band(line, lo, hi, mean, p50); lo/hi None for a plain run
        v = sc.verdict_means()           # {verdict: mean} (a run document: its one value)
        words("wage_gap")                # 'real-wage gap W/P': what a reader is shown

It reads schema version 2 (model version 2, MODEL.md section 6; the series are
sim/metrics.h SERIES_LIST) and refuses version 1 with a message that says what to
do. It only reads what the program wrote: no model quantity is recomputed here.
Nulls (undefined statistics) become NaN in the arrays.

Names in words: the documents carry each series' unit ("units") but no
description, and SERIES_LIST's help text is a definition (a formula), too long
for a legend. So SERIES_WORDS and VERDICT_WORDS below are the one table of words
for names: every figure label and the HTML report take them from here (words()
and verdict_words()), and tests/check_analysis.py fails when a series or verdict
of a run has none.
Python: Debian's /usr/bin/python3 with numpy."""
import json
import math
import os
from collections import namedtuple

import numpy as np

KINDS = {"uhisim.run": "run", "uhisim.ensemble": "ensemble", "uhisim.compare": "compare",
         "uhisim.sweep": "sweep"}
SCHEMA_VERSION = 2
# what changed in the series since each older version, for the refusal message
OLDER_SCHEMAS = {1: "model version 1: machine_output_cap and ubi_per_worker, no unemployment, "
                    "wage gap, government or debt series"}

# line: the value to draw (the plain series, or the ensemble mean);
# lo, hi: p05 and p95 across replicates (None for one replicate);
# mean, p50: the ensemble mean and median (equal to line for one replicate).
Band = namedtuple("Band", "line lo hi mean p50")

# Series in words: name -> (what, of whom or which part; None if the name is
# whole). words() joins them ("real consumption, bottom decile"); a panel whose
# lines share the `what` shows only the second part in its legend and the
# `what` in its title. Field terms (MODEL.md): money stock, velocity, price
# level, output, displacement, real-wage gap, debt service, quantile.
SERIES_WORDS = {
    "month": ("month index", None),
    "year": ("calendar year", None),
    "money_stock": ("money stock M", None),
    "velocity": ("velocity V", None),
    "price_level": ("price level P", None),
    "output": ("real output Q", None),
    "nominal_gdp": ("nominal spending P\u00b7Q", None),
    "inflation": ("inflation", None),
    "expected_inflation": ("expected inflation", None),
    "ai_capability": ("capability", "AI (A)"),
    "robot_capability": ("capability", "robots (R)"),
    "robot_fleet": ("robot fleet F", None),
    "robot_slots": ("jobs run by robots", None),
    "energy_gw": ("energy capacity for machines", None),
    "energy_wanted_gw": ("energy the machines want", None),
    "output_scale": ("machine output scale f", None),
    "cap_binding": ("energy cap binding", None),
    "energy_gate_binding": ("energy gate holding back new machines", None),
    "automation_held_back": ("jobs kept human for want of energy", None),
    "human_output": ("output", "human jobs"),
    "machine_output": ("output", "all machines"),
    "machine_output_ai": ("output", "AI"),
    "machine_output_robot": ("output", "robots"),
    "employment_rate": ("employment rate", "all workers"),
    "unemployment_rate": ("unemployment rate", "all workers"),
    "employment_rate_white": ("employment rate", "white-collar"),
    "employment_rate_blue": ("employment rate", "blue-collar"),
    "automated_share_white": ("automated share", "white-collar"),
    "automated_share_blue": ("automated share", "blue-collar"),
    "displaced": ("displaced workers", None),
    "reemployed": ("workers a month", "re-employed"),
    "automated": ("workers a month", "jobs taken over by machines"),
    "laid_off": ("workers a month", "laid off"),
    "failed_hires": ("workers a month", "failed hires"),
    "months_displaced_mean": ("months displaced (mean over the displaced)", None),
    "long_term_displaced_share": ("share of workers", "displaced 12 months or more"),
    "wage_index": ("nominal wage index W", None),
    "wage_gap": ("real-wage gap W/P", None),
    "real_income_mean": ("real income", "mean"),
    "real_income_median": ("real income", "median"),
    "real_income_p10": ("real income", "10th percentile"),
    "real_income_p90": ("real income", "90th percentile"),
    "real_income_bottom10": ("real income", "bottom decile (mean)"),
    "real_consumption_mean": ("real consumption", "mean"),
    "real_consumption_median": ("real consumption", "median"),
    "real_consumption_p10": ("real consumption", "10th percentile"),
    "real_consumption_bottom10": ("real consumption", "bottom decile (mean)"),
    "real_consumption_displaced": ("real consumption", "displaced (median)"),
    "real_wage_employed": ("real wage of the employed", None),
    "capital_share": ("capital share of spending", None),
    "tax_revenue": ("government budget", "revenue"),
    "ui_paid": ("government budget", "unemployment insurance paid"),
    "ui_scale": ("UI scale: paid / claimed", None),
    "basic_income": ("basic income per worker", None),
    "money_created": ("new money \u0394M", None),
    "debt_outstanding": ("household debt outstanding", "nominal"),
    "debt_outstanding_real": ("household debt outstanding", "real (base-year $)"),
    "debt_service_ratio": ("debt service ratio", None),
    "defaults": ("defaults a month", None),
    "defaulted_share": ("share of month-0 debtors defaulted", None),
    "gini_income": ("Gini", "income"),
    "gini_money": ("Gini", "money balances"),
    "real_median_balance": ("median money balance, real", None),
    "uhi_p10": ("real consumption / month 0", "10th percentile"),
    "uhi_median": ("real consumption / month 0", "median"),
    "uhi_bottom10": ("real consumption / month 0", "bottom decile (mean)"),
    "uhi_displaced": ("real consumption / month 0", "displaced now"),
    "identity_mv_pq": ("identity error |M\u00b7V \u2212 P\u00b7Q| / P\u00b7Q", None),
    "identity_money": ("money conservation error", None),
    "identity_government": ("budget error |revenue \u2212 UI \u2212 basic income| / revenue",
                            None),
}

# Verdicts (sim/verdicts.h VERDICT_LIST) in words: the value at the end of the run
# unless the words say otherwise.
VERDICT_WORDS = {
    "months_until_uhi_p10": "months until the 10th percentile's real consumption stays at or "
                            "above month 0",
    "peak_unemployment": "peak unemployment rate",
    "peak_unemployment_month": "month of peak unemployment",
    "peak_unemployment_white": "peak unemployment rate, white-collar",
    "peak_unemployment_white_month": "month of peak unemployment, white-collar",
    "peak_unemployment_blue": "peak unemployment rate, blue-collar",
    "peak_unemployment_blue_month": "month of peak unemployment, blue-collar",
    "final_price_level": "price level P at the end",
    "final_output": "real output Q at the end",
    "money_created_total": "new money over the run",
    "uhi_p10": "real consumption / month 0, 10th percentile",
    "uhi_median": "real consumption / month 0, median",
    "uhi_displaced": "real consumption / month 0, displaced",
    "gini_income": "Gini of income at the end",
    "gini_money": "Gini of money balances at the end",
    "uhi_bottom10": "real consumption / month 0, bottom decile",
    "months_until_uhi_bottom10": "months until the bottom decile's real consumption stays at "
                                 "or above month 0",
    "months_unemployment_above_10pct": "months with unemployment above 10 %",
    "peak_wage_gap": "peak real-wage gap W/P",
    "total_defaults": "debtors who defaulted over the run",
    "defaulted_share": "share of month-0 debtors who defaulted",
    "lowest_ui_scale": "lowest UI scale (paid / claimed)",
    "energy_limited_months": "months limited by energy (cap or gate)",
    "first_energy_limited_month": "first month limited by energy",
}


def _unknown(name):
    return name.replace("_", " ")


def words(name):
    """The series `name` in words ("real consumption, bottom decile (mean)"); a
    name not in SERIES_WORDS (a series newer than this table) with its
    underscores as spaces."""
    what, who = SERIES_WORDS.get(name, (_unknown(name), None))
    return what if who is None else f"{what}, {who}"


def words_parts(name):
    """(what, who or None) of the series `name` (see SERIES_WORDS)."""
    return SERIES_WORDS.get(name, (_unknown(name), None))


def verdict_words(name):
    """The verdict `name` in words (VERDICT_WORDS)."""
    return VERDICT_WORDS.get(name, _unknown(name))



def plotting():
    """Returns (uhisim_plots, matplotlib.pyplot), imported on first use: matplotlib
    is slow to import, so scripts load it only once their input is known good."""
    import uhisim_plots
    import matplotlib.pyplot
    return uhisim_plots, matplotlib.pyplot

class FormatError(Exception):
    """The file is not a uhisim document this module can read."""


def _array(values):
    return np.array([math.nan if v is None else float(v) for v in values], dtype=float)


def _need(obj, key, where):
    if not isinstance(obj, dict) or key not in obj:
        raise FormatError(f"{where}: missing field '{key}'")
    return obj[key]


class Scenario:
    """One scenario: its config, its monthly series (plain or bands) and verdicts."""

    def __init__(self, name, config, run, series, units, replicates, verdicts=None,
                 summary=None, run_verdicts=None, config_file="", source=""):
        self.name = name
        self.config = config or {}
        self.run = run or {}
        self._series = series
        self.units = units or {}
        self.replicates = replicates
        self.verdicts = verdicts          # {verdict: {values, count, mean, ...}} or None
        self.summary = summary            # run documents only
        self.run_verdicts = run_verdicts  # run documents only: {verdict: value or None}
        self.config_file = config_file
        self.source = source
        self.months = int(self.run.get("months") or len(self.band("month").line))

    # -- series -----------------------------------------------------------------
    @property
    def has_bands(self):
        return self.replicates > 1

    def series_names(self):
        return list(self._series.keys())

    def has(self, name):
        return name in self._series

    def band(self, name):
        """The series `name` as a Band of numpy arrays (NaN where null)."""
        if name not in self._series:
            raise FormatError(f"{self.source}: scenario '{self.name}' has no series '{name}'")
        s = self._series[name]
        if isinstance(s, dict):
            for k in ("mean", "p05", "p50", "p95"):
                if k not in s:
                    raise FormatError(f"{self.source}: series '{name}' of scenario "
                                      f"'{self.name}' has no '{k}'")
            mean, p50 = _array(s["mean"]), _array(s["p50"])
            if self.replicates > 1:
                return Band(mean, _array(s["p05"]), _array(s["p95"]), mean, p50)
            return Band(mean, None, None, mean, p50)
        if not isinstance(s, list):
            raise FormatError(f"{self.source}: series '{name}' is neither an array nor a band")
        a = _array(s)
        return Band(a, None, None, a, a)

    def line(self, name):
        """The series to draw as one line: the plain series or the ensemble mean."""
        return self.band(name).line

    def years(self):
        """Calendar years of the months: the 'year' series."""
        return self.line("year")

    def start_year(self):
        return float(self.config.get("run", {}).get("start_year", self.years()[0]))

    def unit(self, name):
        return self.units.get(name, "")

    # -- events -----------------------------------------------------------------
    def robot_start_year(self):
        """Calendar year robots start (config robots.start_year), or None if disabled
        or outside the simulated months."""
        robots = self.config.get("robots", {})
        if not robots.get("enabled", True) or "start_year" not in robots:
            return None
        y = float(robots["start_year"])
        ys = self.years()
        if len(ys) == 0 or y < ys[0] or y > ys[-1] + 1 / 12:
            return None
        return y

    def months_when(self, name):
        """Boolean array: months where the 0/1 series `name` is 1 (with replicates:
        in at least one, the ensemble mean being above 0); all False without it."""
        if not self.has(name):
            return np.zeros(len(self.years()), dtype=bool)
        return np.nan_to_num(self.line(name)) > 0

    def first_year_when(self, name):
        """Year of the first month the 0/1 series `name` is 1, or None."""
        idx = np.nonzero(self.months_when(name))[0]
        return float(self.years()[idx[0]]) if len(idx) else None

    def first_cap_binding_year(self):
        """Year of the first month the energy cap binds (cap_binding = 1; with
        replicates, the first month it binds in at least one), or None."""
        return self.first_year_when("cap_binding")

    def first_gate_binding_year(self):
        """Year of the first month the energy gate holds back new machine slots
        (energy_gate_binding = 1, in at least one replicate), or None."""
        return self.first_year_when("energy_gate_binding")

    def all_zero(self, name):
        """True if the series is absent, or 0 or null in every month (and, with
        replicates, in every band): nothing of it happened in this run."""
        if not self.has(name):
            return True
        b = self.band(name)
        return all(a is None or not np.any(np.nan_to_num(a) != 0) for a in (b.line, b.lo, b.hi))

    def setting(self, key, default=None):
        """The resolved config value of `key` ("policy.fiscal.wage_tax"), or default."""
        node = self.config
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    # -- verdicts ---------------------------------------------------------------
    def verdict_stats(self):
        """{verdict: {"mean", "p05", "p95", "count", "difference": {...} or None}}."""
        out = {}
        if self.verdicts is not None:
            for k, v in self.verdicts.items():
                d = v.get("difference")
                out[k] = {"mean": v.get("mean"), "p05": v.get("p05"), "p95": v.get("p95"),
                          "count": v.get("count"), "values": v.get("values"),
                          "difference": None if d is None else
                          {"mean": d.get("mean"), "p05": d.get("p05"), "p95": d.get("p95"),
                           "count": d.get("count")}}
            return out
        if self.run_verdicts is None:
            return out
        # a run document: one value per verdict, as the program computed it
        for k, v in self.run_verdicts.items():
            out[k] = {"mean": v, "p05": v, "p95": v, "count": 0 if v is None else 1,
                      "values": [v], "difference": None}
        return out

    def verdict_means(self):
        return {k: v["mean"] for k, v in self.verdict_stats().items()}


class Document:
    """A loaded file: kind, the raw JSON, scenarios (not for a sweep), sweep rows."""

    def __init__(self, kind, path, raw, scenarios=(), verdict_units=None):
        self.kind = kind
        self.path = path
        self.raw = raw
        self.scenarios = list(scenarios)
        # names and units as the program wrote them (every document carries
        # verdict_units)
        self.verdict_units = dict(verdict_units or {})

    @property
    def replicates(self):
        return max((s.replicates for s in self.scenarios), default=1)

    # sweep documents
    @property
    def manifest(self):
        return self.raw.get("manifest", {}) if self.kind == "sweep" else {}

    @property
    def rows(self):
        return self.raw.get("rows", []) if self.kind == "sweep" else []


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file")
    except IsADirectoryError:
        raise FormatError(f"{path}: is a folder (a sweep folder holds summary.json)")
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FormatError(f"{path}: not valid JSON ({e})")


def _scenario_name(path, config_files):
    if config_files:
        return os.path.splitext(os.path.basename(str(config_files[0])))[0]
    return os.path.splitext(os.path.basename(path))[0]


def load(path):
    """Loads one uhisim document (a run, ensemble or compare JSON file, or a sweep
    folder or its summary.json). Raises FormatError with a clear message."""
    if os.path.isdir(path):
        summary = os.path.join(path, "summary.json")
        if not os.path.exists(summary):
            raise FormatError(f"{path}: a folder without summary.json (not a finished "
                              "uhisim sweep)")
        path = summary
    raw = _read_json(path)
    if not isinstance(raw, dict):
        raise FormatError(f"{path}: not a uhisim document (a JSON {type(raw).__name__}, "
                          "expected an object with a 'schema' field)")
    schema = raw.get("schema")
    if schema not in KINDS:
        expected = ", ".join(KINDS)
        raise FormatError(f"{path}: not a uhisim document: schema is {json.dumps(schema)}, "
                          f"expected one of {expected}")
    version = raw.get("schema_version")
    if version in OLDER_SCHEMAS:
        raise FormatError(f"{path}: {schema} schema_version {version}, written by an older "
                          f"uhisim ({OLDER_SCHEMAS[version]}); these scripts read version "
                          f"{SCHEMA_VERSION}: run the scenario again with this uhisim, or draw "
                          "the file with analysis/ from the checkout that wrote it")
    if version != SCHEMA_VERSION:
        raise FormatError(f"{path}: {schema} schema_version {json.dumps(version)}; these scripts "
                          f"read version {SCHEMA_VERSION}")
    kind = KINDS[schema]
    if kind == "sweep":
        _need(raw, "manifest", path)
        rows = _need(raw, "rows", path)
        if not isinstance(rows, list):
            raise FormatError(f"{path}: 'rows' is not an array")
        return Document(kind, path, raw, verdict_units=_need(raw, "verdict_units", path))
    units = _need(raw, "units", path)
    if kind == "run":
        sc = Scenario(_scenario_name(path, raw.get("config_files")), _need(raw, "config", path),
                      _need(raw, "run", path), _need(raw, "series", path), units, 1,
                      summary=raw.get("summary"), run_verdicts=_need(raw, "verdicts", path),
                      config_file=(raw.get("config_files") or [""])[0], source=path)
        return Document(kind, path, raw, [sc], _need(raw, "verdict_units", path))
    R = int(_need(_need(raw, "replicates", path), "count", path))
    scenarios = []
    for i, s in enumerate(_need(raw, "scenarios", path)):
        where = f"{path}: scenarios[{i}]"
        scenarios.append(Scenario(_need(s, "name", where), _need(s, "config", where),
                                  _need(s, "run", where), _need(s, "series", where), units, R,
                                  verdicts=_need(s, "verdicts", where),
                                  config_file=s.get("config_file", ""), source=path))
    if not scenarios:
        raise FormatError(f"{path}: no scenarios")
    return Document(kind, path, raw, scenarios, _need(raw, "verdict_units", path))


def load_many(paths):
    """One document from one file, or a pseudo-compare of several run/ensemble/compare
    files (their scenarios side by side, in argument order)."""
    if len(paths) == 1:
        return load(paths[0])
    docs = [load(p) for p in paths]
    for d in docs:
        if d.kind == "sweep":
            raise FormatError(f"{d.path}: a sweep cannot be combined with other files")
    scenarios, seen = [], {}
    for d in docs:
        for s in d.scenarios:
            n = seen.get(s.name, 0)
            seen[s.name] = n + 1
            if n:
                s.name = f"{s.name} ({os.path.basename(d.path)})"
            scenarios.append(s)
    vu = next((d.verdict_units for d in docs if d.verdict_units), {})
    return Document("compare", ", ".join(paths), {"schema": "(several files)"}, scenarios, vu)


def fmt(x, digits=4):
    """A number for a table: None/NaN as an en dash; trillions, billions and millions
    with a suffix; never an exponent between 1e-3 and 1e18."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "\u2013"
    x = float(x)
    a = abs(x)
    for scale, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " mn")):
        if a >= scale:
            v = x / scale
            if abs(v) >= 10 ** digits:
                return f"{v:,.0f}{suffix}"
            t = f"{v:.{digits - 1}g}"
            return (f"{v:,.0f}" if "e" in t else t) + suffix
    if a == int(a):
        return f"{int(x)}"
    if a >= 1e-3:
        t = f"{x:.{digits}g}"
        return f"{x:,.0f}" if "e" in t else t
    return f"{x:.{digits - 1}g}"

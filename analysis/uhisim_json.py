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

It only reads what the program wrote: no model quantity is recomputed here. Nulls
(undefined statistics) become NaN in the arrays.
Python: Debian's /usr/bin/python3 with numpy."""
import json
import math
import os
from collections import namedtuple

import numpy as np

KINDS = {"uhisim.run": "run", "uhisim.ensemble": "ensemble", "uhisim.compare": "compare",
         "uhisim.sweep": "sweep"}
SCHEMA_VERSION = 1

# line: the value to draw (the plain series, or the ensemble mean);
# lo, hi: p05 and p95 across replicates (None for one replicate);
# mean, p50: the ensemble mean and median (equal to line for one replicate).
Band = namedtuple("Band", "line lo hi mean p50")



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

    def first_cap_binding_year(self):
        """Year of the first month the energy cap binds (cap_binding = 1; with
        replicates, the first month it binds in at least one), or None."""
        if not self.has("cap_binding"):
            return None
        b = self.line("cap_binding")
        idx = np.nonzero(np.nan_to_num(b) > 0)[0]
        return float(self.years()[idx[0]]) if len(idx) else None

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
    if version != SCHEMA_VERSION:
        raise FormatError(f"{path}: {schema} schema_version {json.dumps(version)}; this script "
                          f"reads version {SCHEMA_VERSION}")
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

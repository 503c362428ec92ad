#!/usr/bin/python3
"""check_schema.py - The output document matches docs/output.schema.json and
docs/output.md. A small baseline run and one with sticky wages, debt and UI on
must validate (Draft 2020-12); documents
with a series removed, a string where a number belongs, a null in a series that
is not nullable, a renamed series, a renamed config key or an extra top-level
key must not (so a renamed field fails); every series array has run.months
entries; docs/output.md names every series (the keys of `units`) and every
top-level key, and docs/model.md every parameter key of `config`; the --csv
file has the series names as its header and one row a month."""
import copy
import csv
import json
import os
import sys

from uhisim_test import CONFIGS, SKIP, SOURCE, WORK, check, finish, fresh_workdir, run_json

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: skipped", file=sys.stderr)
    sys.exit(SKIP)
if not hasattr(jsonschema, "Draft202012Validator"):
    print("python3-jsonschema is older than 4.0 (no Draft 2020-12): skipped", file=sys.stderr)
    sys.exit(SKIP)

DOCS = os.path.join(SOURCE, "docs")
TOP_LEVEL = ["schema", "schema_version", "program", "config_files", "overrides", "config", "run",
             "summary", "verdicts", "verdict_units", "units", "series", "occupations", "timing"]

fresh_workdir()
with open(os.path.join(DOCS, "output.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def errors(doc):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:160]}"
            for e in validator.iter_errors(doc)]


csv_path = os.path.join(WORK, "baseline.csv")
doc, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), "--set", "run.agents=5000",
                  "--set", "run.months=36", "--csv", csv_path, name="baseline")

# 1. the real document validates
found = errors(doc)
check(not found, "the baseline document does not match docs/output.schema.json:\n  "
      + "\n  ".join(found[:20]))
check(list(doc) == TOP_LEVEL, f"top-level keys {list(doc)}, expected {TOP_LEVEL} in this order")

# 1b. a document with every version-2 mechanism on validates too: negative real
# incomes, defaults (defaulted_share not null), layoffs, UI cut to the revenue
institutions, _ = run_json(os.path.join(CONFIGS, "baseline.cfg"), "--set", "run.agents=3000",
                           "--set", "run.months=120", "--set", "debt.enabled=true",
                           "--set", "wages.max_cut_per_year=0.04",
                           "--set", "wages.max_cut_per_unemployment=0.4",
                           "--set", "policy.fiscal.ui_replacement=0.4",
                           "--set", "policy.fiscal.wage_tax=0.01", name="institutions")
found = errors(institutions)
check(not found, "a document with wages, debt and UI on does not match the schema:\n  "
      + "\n  ".join(found[:20]))
si = institutions["series"]
check(min(si["real_income_bottom10"]) < 0 and max(si["defaults"]) > 0
      and max(si["laid_off"]) > 0 and min(si["ui_scale"]) < 1
      and all(v is not None for v in si["defaulted_share"]),
      "the institutions run should have negative incomes, defaults, layoffs and UI cut "
      "(it exercises the schema's bounds)")

# 2. lengths the schema cannot express
months = doc["run"]["months"]
check(months == 36, f"run.months = {months}, expected 36")
for name, values in doc["series"].items():
    check(len(values) == months, f"series {name} has {len(values)} values, run.months = {months}")
occ = doc["occupations"]
check(len(occ["code"]) == len(doc["config"]["occupations"]),
      "occupations.code and config.occupations differ in length")
check([r["code"] for r in doc["config"]["occupations"]] == occ["code"],
      "occupations.code is not in the order of config.occupations")
for field in ("employed", "automated", "real_income_mean"):
    check(len(occ[field]) == len(occ["code"]), f"occupations.{field} has a row count unlike code")
    check(all(len(row) == months for row in occ[field]),
          f"a row of occupations.{field} does not have run.months entries")
check(list(doc["verdicts"]) == list(doc["verdict_units"])
      == schema["properties"]["verdicts"]["required"] and len(doc["verdicts"]) == 24,
      f"verdicts and verdict_units name different verdicts: {sorted(doc['verdicts'])}")
# the verdicts repeat the summary's values under their own names
s_, v_ = doc["summary"], doc["verdicts"]
check(v_["months_until_uhi_p10"] == s_["months_until_uhi_p10"]
      and v_["peak_unemployment"] == s_["peak_unemployment"]["all"]["rate"]
      and v_["final_price_level"] == s_["final"]["price_level"]
      and v_["money_created_total"] == s_["money_created_total"]
      and v_["gini_money"] == s_["final"]["gini_money"],
      "the verdicts differ from the summary's values")
check(set(doc["units"]) == set(doc["series"]) == set(doc["summary"]["final"]),
      "units, series and summary.final name different series")
nullable = {name for name in doc["series"]
            if "null" in json.dumps(schema["$defs"]["value_" + name].get("type", ""))}
check(nullable == {"months_displaced_mean", "real_consumption_displaced", "real_wage_employed",
                   "defaulted_share", "uhi_displaced"},
      f"the schema's nullable series are {sorted(nullable)}")
check(any(v is None for v in doc["series"]["uhi_displaced"]),
      "expected null in uhi_displaced before anyone is displaced (exercises the nullable type)")

# 3. broken documents must fail: the schema can catch a renamed or mistyped field
def must_fail(what, mutate):
    bad = copy.deepcopy(doc)
    mutate(bad)
    check(bool(errors(bad)), f"the schema accepted a document with {what}")


def rename(obj, old, new):
    obj[new] = obj.pop(old)


must_fail("a series removed", lambda d: d["series"].pop("price_level"))
must_fail("a series renamed", lambda d: rename(d["series"], "uhi_p10", "uhi_p1O"))
must_fail("a string where a number belongs",
          lambda d: d["series"]["output"].__setitem__(3, "29240000000000"))
must_fail("a null in a series that is not nullable",
          lambda d: d["series"]["price_level"].__setitem__(0, None))
must_fail("an extra top-level key", lambda d: d.__setitem__("comment", "x"))
must_fail("a top-level key removed", lambda d: d.pop("timing"))
must_fail("a config key renamed", lambda d: rename(d["config"]["money"], "velocity", "velocty"))
must_fail("a unit changed", lambda d: d["units"].__setitem__("output", "base-year $/month"))
must_fail("a summary field removed", lambda d: d["summary"].pop("months_until_uhi_p10"))
must_fail("a verdict removed", lambda d: d["verdicts"].pop("uhi_p10"))
must_fail("a run field as a number", lambda d: d["run"].__setitem__("seed", 1))

# 4. the prose documents every field
with open(os.path.join(DOCS, "output.md")) as f:
    output_md = f.read()
for name in doc["units"]:
    check(f"`{name}`" in output_md, f"docs/output.md does not mention series `{name}`")
for key in doc:
    check(f"`{key}`" in output_md, f"docs/output.md does not mention top-level key `{key}`")
for key in (list(doc["run"]) + list(doc["summary"]) + list(doc["timing"]) + list(occ)
            + list(doc["verdicts"])):
    check(f"`{key}`" in output_md or f"`{key}." in output_md,
          f"docs/output.md does not mention field `{key}`")


def parameter_keys(group, prefix=""):
    for k, v in group.items():
        if isinstance(v, dict):
            yield from parameter_keys(v, prefix + k + ".")
        elif prefix or k != "occupations":
            yield prefix + k


with open(os.path.join(DOCS, "model.md")) as f:
    model_md = f.read()
keys = list(parameter_keys(doc["config"]))
check(len(keys) >= 50, f"only {len(keys)} parameter keys in config")
for key in keys:
    check(f"`{key}`" in model_md, f"docs/model.md does not list parameter `{key}`")

# 5. the CSV carries the same series
with open(csv_path, newline="") as f:
    rows = list(csv.reader(f))
check(rows and rows[0] == list(doc["series"]), "the CSV header is not the series names in order")
check(len(rows) == months + 1, f"the CSV has {len(rows) - 1} data rows, run.months = {months}")
if len(rows) == months + 1:
    m = 7
    for j, name in enumerate(rows[0]):
        v = doc["series"][name][m]
        cell = rows[m + 1][j]
        check((cell == "" and v is None) or (cell != "" and float(cell) == v),
              f"CSV {name} month {m}: '{cell}', JSON {v!r}")

finish()

#!/usr/bin/python3
"""check_config.py - The config loader's positive rules: an integer literal is
accepted for a real (`velocity = 1;` is 1.0), a 64-bit seed with `L` is read
exactly, `extends` layers (the later file wins and is named as the origin),
@include and data.occupations_csv are relative to the file that names them
whatever the working folder, --set overrides (origin `--set`, a bare word for a
string), `validate` lists every key with its origin, a `share` table with
data.employment_total works, and every shipped config validates."""
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import CONFIGS, UHISIM, WORK, check, finish, fresh_workdir, run, run_json, write  # noqa: E402

BASELINE = os.path.join(CONFIGS, "baseline.cfg")
SMALL = ["--set", "run.agents=1000", "--set", "run.months=3"]
LINE = re.compile(r"^(?P<key>[a-z0-9_.]+) = (?P<value>.*);\s+# (?P<origin>.*) \[(?P<unit>[^\]]*)\]$")
HEADER = "code,name,class,{size},mean_wage,ai_exposure,robot_exposure\n"
CSV_ROWS = [("A-1", "Alpha, Inc. work", "white", 0.25, 60000.0, 0.7, 0.1),
            ("B-2", "Beta", "blue", 0.75, 40000.0, 0.2, 0.8)]


def validate(config, *args, cwd=None):
    """Runs `uhisim validate`; returns ({key: (value, origin)}, CompletedProcess)."""
    p = subprocess.run([UHISIM, "validate", config, *args], capture_output=True, text=True, cwd=cwd)
    params = {}
    for line in p.stdout.splitlines():
        m = LINE.match(line)
        if m:
            params[m["key"]] = (m["value"], m["origin"])
    return params, p


def same_origin(origin, path, line):
    """True if origin is path:line, whatever way the path is spelt."""
    where, _, n = origin.rpartition(":")
    return n == str(line) and os.path.exists(where) and os.path.samefile(where, path)


def line_of(path, text):
    """1-based number of the line of `path` that contains `text`."""
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError(f"{text!r} not in {path}")


def leaves(obj, prefix=""):
    """Dotted paths of the JSON config's parameters (an array is one value)."""
    out = []
    for k, v in obj.items():
        path = prefix + k
        if isinstance(v, dict):
            out += leaves(v, path + ".")
        else:
            out.append(path)
    return out


def csv_text(size_column, sizes):
    rows = [HEADER.format(size=size_column)]
    for (code, name, cls, _, wage, ai, rb), size in zip(CSV_ROWS, sizes):
        rows.append(f'{code},"{name}",{cls},{size},{wage},{ai},{rb}\n')
    return "".join(rows)


fresh_workdir()

# 1. An integer literal for a real parameter is accepted as that real.
cfg = write("int_for_real.cfg", f'extends = "{BASELINE}";\nmoney = {{ velocity = 1; }};\n'
            "robots = { growth_per_year = [3, 2]; };\nrun = { agents = 2e3; };\n")
params, p = validate(cfg)
check(p.returncode == 0, f"velocity = 1: validate exited {p.returncode}: {p.stderr}")
check(params.get("money.velocity") == ("1.0", f"{cfg}:2"),
      f"velocity = 1: validate shows {params.get('money.velocity')}")
check(params.get("robots.growth_per_year", ("",))[0] == "[3.0, 2.0]",
      f"integer array for reals: validate shows {params.get('robots.growth_per_year')}")
check(params.get("run.agents", ("",))[0] == "2000", f"agents = 2e3: validate shows {params.get('run.agents')}")
doc, _ = run_json(cfg, *SMALL, name="int_for_real")
check(doc["config"]["money"]["velocity"] == 1.0 and isinstance(doc["config"]["money"]["velocity"], (int, float)),
      f"velocity = 1: JSON config has {doc['config']['money']['velocity']!r}")
check(doc["config"]["robots"]["growth_per_year"] == [3.0, 2.0],
      f"integer array: JSON config has {doc['config']['robots']['growth_per_year']}")
params, p = validate(BASELINE, "--set", "money.velocity=2")
check(params.get("money.velocity") == ("2.0", "--set"), f"--set velocity=2: {params.get('money.velocity')}")

# 2. A 64-bit seed is read exactly, from a file (with L) and from the command line.
for seed in ("12345678901234", "9223372036854775807"):
    cfg = write(f"seed_{seed}.cfg", f'extends = "{BASELINE}";\nrun = {{ seed = {seed}L; }};\n')
    params, p = validate(cfg)
    check(params.get("run.seed") == (seed, f"{cfg}:2"), f"seed {seed}L: validate shows {params.get('run.seed')}")
    doc, _ = run_json(cfg, *SMALL, name=f"seed_{seed}")
    check(doc["config"]["run"]["seed"] == seed, f"seed {seed}L: JSON config.run.seed = {doc['config']['run']['seed']!r}")
    params, p = validate(BASELINE, "--seed", seed)
    check(params.get("run.seed") == (seed, "--set"), f"--seed {seed}: validate shows {params.get('run.seed')} {p.stderr}")

# 3. extends layers: the later file wins and is the origin; untouched keys keep theirs.
base = write("layers/base.cfg", f'# a base scenario\nextends = "{BASELINE}";\n'
             "money = { velocity = 1.5; stock = 2e13; };\n")
scen = write("layers/sub/scenario.cfg", 'extends = "../base.cfg";\n\n'
             'money = { velocity = 2.5; };\npolicy = { money = { rule = "growth"; }; };\n')
params, p = validate(scen)
check(p.returncode == 0, f"extends: validate exited {p.returncode}: {p.stderr}")
check(params.get("money.velocity") == ("2.5", f"{scen}:3"), f"extends: velocity {params.get('money.velocity')}")
stock, origin = params.get("money.stock", ("nan", ""))
check(float(stock) == 2e13 and same_origin(origin, base, 3), f"extends: stock {stock} from {origin}")
check(params.get("policy.money.rule") == ('"growth"', f"{scen}:4"), f"extends: rule {params.get('policy.money.rule')}")
check(params.get("run.agents") == ("100000", "default"), f"extends: agents {params.get('run.agents')}")
table = os.path.join(CONFIGS, "tables", "us_occupations.cfg")
m = re.search(r"^# occupations: 22 rows.* # (\S+)$", p.stdout, re.M)
check(m and same_origin(m[1], table, line_of(table, "occupations = (")),
      f"validate does not name the included table as the occupations' origin: {m and m[0]}")

# 4. @include is relative to the including file, from any working folder.
write("inc/parts/money_part.cfg", "money = { velocity = 1.75; };\n")
inc = write("inc/main.cfg", f'extends = "{BASELINE}";\n@include "parts/money_part.cfg"\n')
elsewhere = os.path.join(WORK, "elsewhere")
os.makedirs(elsewhere)
for config, cwd in ((inc, elsewhere), ("../inc/main.cfg", elsewhere), (inc, "/")):
    params, p = validate(config, cwd=cwd)
    check(p.returncode == 0, f"@include from {cwd} ({config}): exited {p.returncode}: {p.stderr}")
    value, origin = params.get("money.velocity", ("", ""))
    part = os.path.join(WORK, "inc", "parts", "money_part.cfg")
    check(value == "1.75" and same_origin(origin if origin.startswith("/") else os.path.join(cwd, origin), part, 1),
          f"@include from {cwd} ({config}): velocity {value} from {origin}")
params, p = validate(BASELINE, cwd="/")
check(p.returncode == 0 and "# occupations: 22 rows" in p.stdout,
      f"baseline from /: exited {p.returncode}: {p.stderr}")

# 5. --set overrides a file and shows origin --set; a bare word is a string.
params, p = validate(scen, "--set", "money.velocity=3.25", "--set", "policy.money.rule=ngdp_target")
check(params.get("money.velocity") == ("3.25", "--set"), f"--set: velocity {params.get('money.velocity')}")
check(params.get("policy.money.rule") == ('"ngdp_target"', "--set"), f"--set: rule {params.get('policy.money.rule')}")
for value in ("growth", '"growth"'):
    params, p = validate(BASELINE, "--set", f"policy.money.rule={value}")
    check(params.get("policy.money.rule") == ('"growth"', "--set"),
          f"--set policy.money.rule={value}: {params.get('policy.money.rule')} {p.stderr}")
doc, _ = run_json(BASELINE, *SMALL, "--set", "policy.money.rule=growth", name="set_rule")
check(doc["config"]["policy"]["money"]["rule"] == "growth", f"--set rule: JSON has {doc['config']['policy']['money']['rule']}")
check(doc["config"]["run"]["agents"] == 1000 and doc["config"]["run"]["months"] == 3, "--set run.*: JSON config differs")

# 6. validate lists every parameter, each with an origin: default, file:line or --set.
params, p = validate(scen, "--set", "ai.enabled=false")
doc, _ = run_json(scen, *SMALL, "--set", "ai.enabled=false", name="scenario")
config = dict(doc["config"])
config.pop("occupations", None)
keys = leaves(config)
check(len(params) == len(keys), f"validate lists {len(params)} keys, the JSON config has {len(keys)}")
check(set(params) == set(keys), f"validate and JSON keys differ: {sorted(set(params) ^ set(keys))}")
origins = {o for _, o in params.values()}
for o in origins:
    check(o in ("default", "--set") or re.fullmatch(r".+\.cfg:\d+", o), f"validate: odd origin {o!r}")
check({"default", "--set"} <= origins and any(same_origin(o, scen, 3) for o in origins)
      and any(same_origin(o, base, 3) for o in origins), f"validate: origins lack a kind: {origins}")
check(params.get("ai.enabled") == ("false", "--set"), f"validate: ai.enabled {params.get('ai.enabled')}")
nonblank = [line for line in p.stdout.splitlines() if line and not line.startswith("#")]
check(len(nonblank) == len(params), f"validate printed lines it does not parse: {nonblank[:3]}")

# 7. data.occupations_csv is relative to the config that names it; a share table
#    with data.employment_total is scaled to workers.
write("tables/shares.csv", csv_text("share", [r[3] for r in CSV_ROWS]))
write("tables/workers.csv", csv_text("employment", [1.0e6, 3.0e6]))
for name, extra in (("shares", "employment_total = 4e6; "), ("workers", "")):
    cfg = write(f"cfgs/csv_{name}.cfg", f'extends = "{BASELINE}";\n'
                f'data = {{ occupations_csv = "../tables/{name}.csv"; {extra}}};\n')
    params, p = validate(cfg, cwd=elsewhere)
    check(p.returncode == 0, f"CSV {name}: validate exited {p.returncode}: {p.stderr}")
    check("# occupations: 2 rows, 4000000 workers" in p.stdout, f"CSV {name}: validate says {p.stdout[-300:]}")
    doc, _ = run_json(cfg, *SMALL, name=f"csv_{name}")
    rows = doc["config"]["occupations"]
    check([r["code"] for r in rows] == ["A-1", "B-2"] and rows[0]["name"] == "Alpha, Inc. work",
          f"CSV {name}: JSON occupations {rows}")
    check([r["employment"] for r in rows] == [1.0e6, 3.0e6], f"CSV {name}: employment {[r['employment'] for r in rows]}")
    check(os.path.samefile(doc["config"]["data"]["occupations_csv"], os.path.join(WORK, "tables", f"{name}.csv")),
          f"CSV {name}: path {doc['config']['data']['occupations_csv']}")
rows = ", ".join(f'{{ code = "{c}"; name = "{n}"; class = "{k}"; share = {s}; mean_wage = {w}; '
                 f"ai_exposure = {a}; robot_exposure = {r}; }}" for c, n, k, s, w, a, r in CSV_ROWS)
cfg = write("shares_list.cfg", f'extends = "{BASELINE}";\noccupations = ( {rows} );\n'
            "data = { employment_total = 4e6; };\n")
doc, _ = run_json(cfg, *SMALL, name="shares_list")
check([r["employment"] for r in doc["config"]["occupations"]] == [1.0e6, 3.0e6],
      f"share list: employment {[r['employment'] for r in doc['config']['occupations']]}")

# 8. A UTF-8 byte-order mark is accepted in a config and in a CSV table; a config
#    read from a pipe (its paths absolute) is read once and gives the file's values.
with open(os.path.join(WORK, "bom.cfg"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + f'extends = "{BASELINE}";\nmoney = {{ velocity = 1.25; }};\n'.encode())
params, p = validate(os.path.join(WORK, "bom.cfg"))
check(p.returncode == 0 and params.get("money.velocity", ("",))[0] == "1.25",
      f"config with a byte-order mark: exited {p.returncode}, velocity {params.get('money.velocity')}: {p.stderr}")
with open(os.path.join(WORK, "tables", "bom.csv"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + csv_text("employment", [1.0e6, 3.0e6]).encode())
cfg = write("cfgs/csv_bom.cfg", f'extends = "{BASELINE}";\ndata = {{ occupations_csv = "../tables/bom.csv"; }};\n')
params, p = validate(cfg)
check(p.returncode == 0 and "# occupations: 2 rows, 4000000 workers" in p.stdout,
      f"CSV with a byte-order mark: exited {p.returncode}: {p.stderr}")
piped = subprocess.run(["bash", "-c", f'"{UHISIM}" validate <(cat {base})'], capture_output=True, text=True)
check(piped.returncode == 0, f"config from a pipe: exited {piped.returncode}: {piped.stderr}")
from_pipe = {m["key"]: m["value"] for m in map(LINE.match, piped.stdout.splitlines()) if m}
from_file = {k: v for k, (v, _) in validate(base)[0].items()}
check(from_pipe == from_file and from_pipe.get("money.velocity") == "1.5",
      f"config from a pipe gives other values: {sorted(set(from_pipe.items()) ^ set(from_file.items()))[:4]}")

# 9. A nested @include is relative to the file that names it; text after the
#    path on the @include line is read after the included file.
write("nest/a/b/inner.cfg", "money = { velocity = 1.125; };\n")
write("nest/a/middle.cfg", '@include "b/inner.cfg"\n')
cfg = write("nest/top.cfg", f'extends = "{BASELINE}";\n@include "a/middle.cfg" economy = {{ labor_share = 0.625; }};\n')
params, p = validate(cfg, cwd="/")
check(p.returncode == 0, f"nested @include: exited {p.returncode}: {p.stderr}")
value, origin = params.get("money.velocity", ("", ""))
check(value == "1.125" and same_origin(origin, os.path.join(WORK, "nest", "a", "b", "inner.cfg"), 1),
      f"nested @include: velocity {value} from {origin}")
value, origin = params.get("economy.labor_share", ("", ""))
check(value == "0.625" and same_origin(origin, cfg, 2), f"text after @include: labor_share {value} from {origin}")

# 10. Every shipped config validates.
shipped = sorted(glob.glob(os.path.join(CONFIGS, "*.cfg")))
check(len(shipped) >= 2, f"found only {shipped} in {CONFIGS}")
for cfg in shipped:
    params, p = validate(cfg)
    check(p.returncode == 0 and len(params) == len(keys),
          f"{os.path.basename(cfg)}: validate exited {p.returncode}, {len(params)} keys: {p.stderr}")

finish()

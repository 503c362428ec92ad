#!/usr/bin/python3
"""make_mock.py - Build a stand-in for the WebAssembly core from native runs.

The page (web/page.js, web/worker.js) talks to the core only through three
functions, uhisim_web_run, uhisim_web_config and uhisim_web_params, reached with
Module.cwrap. Until the emscripten build exists, this script runs the native
program for a fixed list of (config, sets) pairs and writes one JavaScript file
that defines createUhisim() like the real single-file core, but answers from
those stored documents. Build a development page from it with

    build/sim/uhisim ...           (the native build, see PREAMBLE)
    /usr/bin/python3 web/dev/make_mock.py --uhisim build/sim/uhisim --out build/web/mock_uhisim.js
    /usr/bin/python3 web/build_page.py --core build/web/mock_uhisim.js --out build/web/uhisim_mock.html

The runs stored: every preset (configs/*.cfg) and every lesson config
(examples/*/*.cfg) as the page first runs them, plus DEV_RUNS below (the runs
tests/check_web.mjs makes). A request for anything else is answered with the
stored run of the same config (marked "mock_fallback": true), so the page can
be explored, with wrong numbers; the browser test only uses exact hits.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE_AGENTS = 20000  # the page's default run.agents (web/page.js DEFAULT_AGENTS)

# (config relative to the repository, sets) whose numbers tests/check_web.mjs
# compares with native runs (besides the first baseline run and lesson 2).
DEV_RUNS = [
    ("configs/baseline.cfg", ["ai.growth_per_year=5", "run.agents=20000"]),
    ("configs/sceptic.cfg", ["run.agents=20000", "run.seed=1"]),
]

ROW_RE = re.compile(
    r'ROW\("([^"]+)", PARAM_(\w+), [\w.]+, ([^,]+), ([^,]+), ([^,]+), (\d), (NULL|"[^"]*"), '
    r'"((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)')


def unescape(s):
    return s.replace('\\"', '"').replace("\\\\", "\\")


def params_doc(defaults):
    """The parameter table of sim/params_table.c as uhisim_web_params returns it.
    Defaults are taken from a run's resolved config (the C table's enum defaults
    are symbolic)."""
    text = open(os.path.join(ROOT, "sim", "params_table.c"), encoding="utf-8").read()
    rows = []
    for m in ROW_RE.finditer(text):
        key, typ, _d, lo, hi, _open, names, unit, helptext = m.groups()
        node = defaults
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        rows.append({
            "key": key, "type": typ.lower(), "default": node,
            "min": float(lo), "max": float(hi), "unit": unescape(unit), "help": unescape(helptext),
            "names": None if names == "NULL" else names.strip('"'),
        })
    if len(rows) < 60:
        sys.exit("make_mock.py: could not read the parameter table (%d rows)" % len(rows))
    return {"params": rows}


def key_of(path, sets):
    return path + "\n" + "\n".join(sorted(s for s in sets if s))


def run_one(uhisim, rel, sets):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run.json")
        cmd = [uhisim, "run", rel, "-o", out, "--quiet", "--threads", "1"]
        for s in sets:
            cmd += ["--set", s]
        res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            return {"error": res.stderr.strip() or "exit %d" % res.returncode,
                    "exit_status": res.returncode}
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
    doc.pop("occupations", None)  # the page does not use them; keeps the mock small
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--uhisim", required=True, help="the native uhisim binary")
    ap.add_argument("--out", required=True, help="the JavaScript file to write")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    uhisim = os.path.abspath(args.uhisim)

    todo = []
    for cfg in sorted(glob.glob(os.path.join(ROOT, "configs", "*.cfg"))):
        todo.append((os.path.relpath(cfg, ROOT), ["run.agents=%d" % PAGE_AGENTS]))
    for cfg in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "*.cfg"))):
        todo.append((os.path.relpath(cfg, ROOT), []))
    todo += DEV_RUNS

    runs, by_path = {}, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        docs = list(pool.map(lambda t: run_one(uhisim, t[0], t[1]), todo))
    for (rel, sets), doc in zip(todo, docs):
        path = "/uhisim/" + rel
        k = key_of(path, sets)
        runs[k] = doc
        by_path.setdefault(path, k)
    base = runs[key_of("/uhisim/configs/baseline.cfg", ["run.agents=%d" % PAGE_AGENTS])]
    data = {"runs": runs, "by_path": by_path, "params": params_doc(base["config"])}

    template = open(os.path.join(ROOT, "web", "dev", "mock_uhisim.js"), encoding="utf-8").read()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("var UHISIM_MOCK_DATA = ")
        json.dump(data, f, separators=(",", ":"))
        f.write(";\n")
        f.write(template)
    print("%s: %d stored runs" % (args.out, len(runs)))


if __name__ == "__main__":
    main()

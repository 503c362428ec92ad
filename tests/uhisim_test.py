"""uhisim_test.py - Shared helpers for the Python system tests (check_*.py).

Each test runs the real program (UHISIM) on configs in a scratch folder
(UHISIM_WORK_DIR) and asserts on its JSON, exit status and messages."""
import json
import os
import shutil
import subprocess
import sys

UHISIM = os.environ.get("UHISIM", "")
SOURCE = os.environ.get("UHISIM_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.environ.get("UHISIM_WORK_DIR", "/tmp/uhisim-test")
CONFIGS = os.path.join(SOURCE, "configs")
SHARED_DATA = os.path.normpath(os.path.join(SOURCE, "..", "shared", "data"))
SANITIZED = os.environ.get("UHISIM_SANITIZE", "OFF") in ("ON", "1", "TRUE")
SKIP = 77

# every version-2 mechanism at once (sticky wages with layoffs, debt with
# defaults, UI and taxes, the energy gate cutting some adopters, robots), for
# check_determinism.py and check_mpi.py
V2_ALL = ["--set", "run.agents=30001", "--set", "run.months=96", "--set", "wages.max_cut_per_year=0.04",
          "--set", "wages.max_cut_per_unemployment=0.4", "--set", "debt.enabled=true",
          "--set", "policy.fiscal.ui_replacement=0.4", "--set", "policy.fiscal.wage_tax=0.01",
          "--set", "policy.fiscal.machine_tax=0.3", "--set", "policy.fiscal.capital_tax=0.1",
          "--set", "energy.growth_per_year=0.6", "--set", "robots.start_year=2026.0"]

_failures = []


def fresh_workdir():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    return WORK


def run(*args, env=None, check=False):
    """Runs uhisim with args; returns CompletedProcess (text stdout/stderr)."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([UHISIM, *map(str, args)], capture_output=True, text=True, env=e)
    if check and p.returncode != 0:
        raise AssertionError(f"uhisim {' '.join(map(str, args))} exited {p.returncode}:\n{p.stderr}")
    return p


def run_json(config, *args, name=None, env=None):
    """Runs a config and returns (document, path)."""
    name = name or os.path.splitext(os.path.basename(str(config)))[0]
    out = os.path.join(WORK, name + ".json")
    run("run", config, "-o", out, "--quiet", *args, env=env, check=True)
    with open(out) as f:
        return json.load(f), out


def write(name, text):
    path = os.path.join(WORK, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def leading_comment(path):
    """The comment lines of a config before the first line that is not a comment."""
    out = []
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            out.append(line)
    return out


def folder_files(d):
    """{path relative to d: bytes} of every file below folder d (a sweep folder, say)."""
    out = {}
    for root, _, names in os.walk(d):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                out[os.path.relpath(os.path.join(root, n), d)] = f.read()
    return out


def check(cond, message):
    """Records a failure (and prints it) without stopping the test."""
    if not cond:
        _failures.append(message)
        print("FAIL", message, file=sys.stderr)
    return cond


def failures():
    """How many checks have failed so far."""
    return len(_failures)


def finish():
    """Exits 1 if any check failed, else 0; prints a closing line."""
    if _failures:
        print(f"{len(_failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)

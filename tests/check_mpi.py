#!/usr/bin/python3
"""check_mpi.py - Distributed runs are byte-identical to one process (issue 3):
`mpirun -n 2` (and 3, oversubscribed) of run (agent blocks split over ranks, each rank holding
its own blocks' agents; issue 12), including a rank 0 without blocks and a failure at
initialisation,
compare and sweep (runs farmed out, rank 0 writes), their --csv files too.
Skips (77) when the program was built without MPI or mpirun is absent. Runs as root need Open MPI's
OMPI_ALLOW_RUN_AS_ROOT variables; --bind-to none keeps OpenMP threads free."""
import filecmp
import os
import shutil
import subprocess
import sys

from uhisim_test import CONFIGS, SKIP, UHISIM, V2_ALL, WORK, check, finish, fresh_workdir, run

version = run("--version").stdout
mpirun = shutil.which("mpirun")
if "MPI" not in version or mpirun is None:
    print(f"skipped: no MPI build or no mpirun ({version.strip()}, mpirun={mpirun})")
    sys.exit(SKIP)
fresh_workdir()
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
# Open MPI's own allocations show up as leaks under LeakSanitizer (shared/TOOLCHAIN.md 7)
env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"


def mpi(n, *args):
    cmd = [mpirun, "-n", str(n), "--oversubscribe", "--bind-to", "none", "-x", "ASAN_OPTIONS",
           "-x", "UBSAN_OPTIONS", UHISIM, *map(str, args)]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    check(p.returncode == 0, f"mpirun -n {n} {' '.join(map(str, args))}: exit {p.returncode}\n{p.stderr}")
    return p


def same_without_timing(a, b):
    strip = lambda path: [l for l in open(path).read().split("\n") if not l.lstrip().startswith('"timing"')]
    return strip(a) == strip(b)


def split_same_as_one(name, ranks, config, args, what):
    """Runs config with args in one process and over `ranks` ranks, and checks the bytes agree."""
    a, b = os.path.join(WORK, f"{name}_1.json"), os.path.join(WORK, f"{name}_{ranks}.json")
    run("run", config, "-o", a, "--quiet", *args, check=True)
    mpi(ranks, "run", config, "-o", b, "--quiet", *args)
    check(os.path.exists(b) and same_without_timing(a, b), f"{what}: {ranks} ranks differ from 1 process")


base = os.path.join(CONFIGS, "baseline.cfg")
small = ["--set", "run.agents=20001", "--set", "run.months=60"]

# one run, its agent blocks split over ranks (5 blocks: uneven shares)
one = os.path.join(WORK, "run1.json")
run("run", base, "-o", one, "--quiet", *small, check=True)
for n in (2, 3):
    out = os.path.join(WORK, f"run{n}.json")
    mpi(n, "run", base, "-o", out, "--quiet", *small)
    check(os.path.exists(out) and same_without_timing(one, out), f"run with {n} ranks differs from 1 process")
# a scenario where robots are rationed and new money goes to the displaced
pt = os.path.join(CONFIGS, "price_target_dividend.cfg")
extra = [*small, "--set", "policy.money.channel=displaced", "--set", "robots.start_year=2026.0",
         "--set", "robots.fleet_initial=1e7", "--set", "labor.adoption_per_year=30"]
split_same_as_one("pt", 2, pt, extra, "rationed robots / displaced channel")

# every version-2 mechanism (as check_determinism.py's v2_all), split over 3 ranks
split_same_as_one("v2", 3, base, V2_ALL, "every version-2 mechanism")

# each rank holds only its blocks' agents, rank 0 computing what needs all of them: 2 ranks with
# debt, taxes and UI (the root's totals at initialisation), and 3 ranks over 2 blocks, where
# rank 0 steps no block at all and still gathers, ranks and writes; and 2 ranks over 1 block
# (rank 1 holds every agent, yet rank 0 computes the totals)
split_same_as_one("v2s", 2, base, [*V2_ALL, "--set", "run.agents=20001", "--set", "run.months=48"],
                  "every version-2 mechanism")
split_same_as_one("root_empty", 3, base, [*V2_ALL, "--set", "run.agents=5000", "--set", "run.months=36"],
                  "over 2 blocks")
split_same_as_one("one_block", 2, base, [*V2_ALL, "--set", "run.agents=1000", "--set", "run.months=36"],
                  "over 1 block")
# the root's failure at initialisation stops every rank alike, with its message and status
bad = ["--set", "run.agents=9000", "--set", "debt.enabled=true", "--set", "debt.to_gdp=5"]
one_p = run("run", base, "-o", os.path.join(WORK, "bad1.json"), "--quiet", *bad)
cmd = [mpirun, "-n", "3", "--oversubscribe", "--bind-to", "none", "-x", "ASAN_OPTIONS", "-x",
       "UBSAN_OPTIONS", UHISIM, "run", base, "-o", os.path.join(WORK, "bad3.json"), "--quiet", *bad]
three = subprocess.run(cmd, capture_output=True, text=True, env=env)
message = [l for l in one_p.stderr.splitlines() if l.startswith("uhisim: error:")]
check(one_p.returncode == 2 and len(message) == 1, f"debt beyond income: exit {one_p.returncode}")
check(three.returncode == 2 and three.stderr.count(message[0] if message else "?") == 1,
      f"debt beyond income under 3 ranks: exit {three.returncode}\n{three.stderr}")
check(not os.path.exists(os.path.join(WORK, "bad3.json")), "a failed split run wrote its output")

# compare: runs farmed out over ranks, rank 0 writes
cmp_args = ["compare", base, os.path.join(CONFIGS, "capital_tax.cfg"), os.path.join(CONFIGS, "hoarding.cfg"),
            "--replicates", 3, "--quiet", "--set", "run.agents=3000", "--set", "run.months=36"]
c1, c2 = os.path.join(WORK, "cmp1.json"), os.path.join(WORK, "cmp2.json")
run(*cmp_args, "-o", c1, "--csv", c1 + ".csv", check=True)
mpi(2, *cmp_args, "-o", c2, "--csv", c2 + ".csv")
check(os.path.exists(c2) and same_without_timing(c1, c2), "compare with 2 ranks differs from 1 process")
check(os.path.exists(c2 + ".csv") and filecmp.cmp(c1 + ".csv", c2 + ".csv", shallow=False),
      "compare's CSV with 2 ranks differs from 1 process")

# sweep: every file identical
sw_args = ["sweep", base, "--vary", "ai.growth_per_year=2:8:3", "--vary", "labor.skill_loss=0:0.4:2",
           "--replicates", 2, "--quiet", "--set", "run.agents=2000", "--set", "run.months=36"]
s1, s3 = os.path.join(WORK, "sweep1"), os.path.join(WORK, "sweep3")
run(*sw_args, "-o", s1, "--csv", s1 + ".csv", check=True)
mpi(3, *sw_args, "-o", s3, "--csv", s3 + ".csv")
# rank 0 gathers every run's series for the CSV; only it writes
check(os.path.exists(s3 + ".csv") and filecmp.cmp(s1 + ".csv", s3 + ".csv", shallow=False),
      "sweep's CSV with 3 ranks differs from 1 process")
d = filecmp.dircmp(s1, s3)
check(not d.diff_files and not d.left_only and not d.right_only, f"sweep with 3 ranks differs: {d.diff_files}")
for name in ("summary.csv", "summary.json", "manifest.json"):
    check(filecmp.cmp(os.path.join(s1, name), os.path.join(s3, name), shallow=False), f"sweep {name} differs")
finish()

#!/usr/bin/python3
"""render_lessons.py - Run every lesson of examples/ and draw its figures.

    analysis/render_lessons.py [--agents N] [--replicates R] [--only NN]...
                               [--out DIR] [--figures DIR] [--jobs J] [--print-commands]

For each lesson folder examples/NN_name/ it runs the lesson's command (one
`uhisim run`, or one `uhisim compare` of the lesson's configs) into DIR/lessonNN.json
(default out/) and draws the figures with analysis/plot.py (a run) or
analysis/compare.py (a comparison) into examples/NN_name/figures/, or into
FIGURES/NN_name/ with --figures. Lesson 1 also runs its answer.py; lesson 9 runs
its history.py. The commands are exactly those in the lessons' README files
(--print-commands prints them), except that --agents N adds
`--set run.agents=N` and --replicates R replaces the comparisons' replicate count.

The program is $UHISIM, or build/sim/uhisim. Exit status: 0 every lesson drew all
its figures, 1 a command failed or a figure is missing, 2 bad usage."""
import argparse
import concurrent.futures
import os
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
PYTHON = "/usr/bin/python3"

STANDARD = ["exchange", "automation", "labour", "who_gains", "distribution", "technology",
            "government", "debt"]  # uhisim_plots.FIGURES (not imported: no matplotlib here)
REPLICATES = 3  # replicates of every comparison lesson


class Lesson:
    """One lesson: its folder, how it runs ("run", "compare" or "script") and the
    configs it runs, and the PNG figures it must produce."""

    def __init__(self, folder, kind, configs=(), figures=None, optional_figures=()):
        self.folder = folder
        self.number = folder[:2]
        self.kind = kind
        self.configs = list(configs)
        if figures is None:
            figures = STANDARD + (["verdicts"] if kind == "compare" else [])
        self.figures = list(figures)
        self.optional_figures = list(optional_figures)  # drawn only when their data exist

    def json(self, out="out"):
        return os.path.join(out, f"lesson{self.number}.json")

    def figure_dir(self, figures=None):
        if figures is None:
            return os.path.join("examples", self.folder, "figures")
        return os.path.join(figures, self.folder)

    def commands(self, uhisim="build/sim/uhisim", out="out", figures=None, agents=None,
                 replicates=REPLICATES):
        """The lesson's commands as argument lists: (label, argv) in order."""
        cfgs = [os.path.join("examples", self.folder, c) for c in self.configs]
        extra = ["--set", f"run.agents={agents}"] if agents else []
        fig = self.figure_dir(figures)
        if self.kind == "run":
            cmds = [("run", [uhisim, "run", cfgs[0], "-o", self.json(out), *extra])]
            if self.number == "01":
                cmds.append(("check", [f"examples/{self.folder}/answer.py", self.json(out)]))
            cmds.append(("draw", ["analysis/plot.py", self.json(out), "-o", fig]))
        elif self.kind == "compare":
            cmds = [("run", [uhisim, "compare", *cfgs, "--replicates", str(replicates),
                             "-o", self.json(out), *extra]),
                    ("draw", ["analysis/compare.py", self.json(out), "-o", fig])]
        else:
            cmds = [("draw", [f"examples/{self.folder}/history.py", "-o", fig])]
        return cmds


LESSONS = [
    Lesson("01_quantity_theory", "run", ["quantity_theory.cfg"]),
    Lesson("02_white_then_blue", "run", ["white_then_blue.cfg"]),
    Lesson("03_deflation_who_gains", "compare", ["few_owners.cfg", "equal_owners.cfg"]),
    Lesson("04_printing_to_hold_prices", "compare", ["dividend.cfg", "asset_purchases.cfg"]),
    Lesson("05_ubi_vs_uhi", "compare", ["uhi_deflation.cfg", "ubi_tax.cfg"]),
    Lesson("06_hoarding_spiral", "compare", ["fixed_velocity.cfg", "stable.cfg", "spiral.cfg"]),
    Lesson("07_watts_as_currency", "compare",
           ["baseline_energy.cfg", "energy_bottleneck.cfg", "space_solar.cfg"]),
    Lesson("08_optimist_vs_sceptic", "compare", ["optimist.cfg", "sceptic.cfg"]),
    Lesson("09_history", "script", figures=["us_fred_quantity_theory"],
           optional_figures=["jst_deflations"]),
]


def show(argv):
    """A command as the README writes it, from the repository root."""
    text = " ".join(shlex.quote(a) for a in argv)
    if argv[0].endswith("uhisim") and "-o" in argv:
        out_dir = os.path.dirname(argv[argv.index("-o") + 1])
        if out_dir:
            text = f"mkdir -p {out_dir} && {text}"
    return text


def render(lesson, args):
    """Runs one lesson's commands; returns (ok, log text)."""
    log = [f"== {lesson.folder}"]
    ok = True
    t0 = time.time()
    uhisim = args.uhisim
    for label, argv in lesson.commands(uhisim, args.out, args.figures, args.agents,
                                       args.replicates):
        if argv[0] == uhisim:
            os.makedirs(os.path.join(ROOT, args.out), exist_ok=True)
            argv = argv + ["--quiet"]
        elif argv[0].endswith(".py"):
            argv = [PYTHON] + argv
        p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        if label == "check" or lesson.kind == "script" or p.returncode != 0:
            log.append(p.stdout.rstrip())
        if p.returncode != 0:
            log.append(f"FAILED ({p.returncode}): {' '.join(argv)}\n{p.stderr.rstrip()}")
            ok = False
            break
    fig_dir = lesson.figure_dir(args.figures)
    fig_dir = fig_dir if os.path.isabs(fig_dir) else os.path.join(ROOT, fig_dir)
    if ok:
        missing = [f for f in lesson.figures if not os.path.isfile(os.path.join(fig_dir, f + ".png"))]
        if missing:
            log.append(f"MISSING figures in {fig_dir}: {', '.join(missing)}")
            ok = False
    drawn = sorted(f for f in os.listdir(fig_dir) if f.endswith(".png")) if os.path.isdir(fig_dir) else []
    log.append(f"-> {len(drawn)} PNG in {fig_dir} ({time.time() - t0:.1f} s)" if ok else "-> FAILED")
    return ok, "\n".join(line for line in log if line)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="render_lessons.py", description=__doc__.split("\n")[0])
    ap.add_argument("--agents", type=int, help="override run.agents in every lesson (e.g. 2000 for a quick look)")
    ap.add_argument("--replicates", type=int, default=REPLICATES,
                    help=f"replicates of each comparison (default {REPLICATES})")
    ap.add_argument("--only", action="append", default=[], metavar="NN",
                    help="render only lesson NN (a number or folder name); repeatable")
    ap.add_argument("--out", default="out", help="folder for the lessons' JSON (default out)")
    ap.add_argument("--figures", help="draw into FIGURES/NN_name/ instead of examples/NN_name/figures/")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lessons rendered at once")
    ap.add_argument("--print-commands", action="store_true",
                    help="print each lesson's commands as its README gives them, and stop")
    args = ap.parse_args(argv)
    if args.agents is not None and args.agents < 1:
        ap.error("--agents must be at least 1")
    if args.replicates < 1:
        ap.error("--replicates must be at least 1")
    args.uhisim = os.environ.get("UHISIM") or "build/sim/uhisim"
    if os.environ.get("UHISIM"):
        args.uhisim = os.path.abspath(args.uhisim)
    # folders named on the command line are relative to where it was typed; the
    # defaults (out/, the lesson folders) to the repository root
    if args.out != "out":
        args.out = os.path.abspath(args.out)
    if args.figures:
        args.figures = os.path.abspath(args.figures)

    lessons = LESSONS
    if args.only:
        lessons = [l for l in LESSONS if any(l.number == o.zfill(2) or l.folder == o.rstrip("/")
                                             for o in args.only)]
        if not lessons:
            ap.error(f"no lesson matches {args.only}")

    if args.print_commands:
        for l in lessons:
            print(f"# {l.folder}")
            for label, cmd in l.commands():
                print(show(cmd))
        return 0

    uhisim = args.uhisim if os.path.isabs(args.uhisim) else os.path.join(ROOT, args.uhisim)
    if not os.access(uhisim, os.X_OK):
        print(f"render_lessons.py: no program at {args.uhisim}: build it first "
              "(cmake -S . -B build -G Ninja && ninja -C build) or set UHISIM", file=sys.stderr)
        return 2

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(l, pool.submit(render, l, args)) for l in lessons]
        for l, fut in futures:
            ok, text = fut.result()
            print(text, flush=True)
            if not ok:
                failed.append(l.folder)
    if failed:
        print(f"render_lessons.py: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"render_lessons.py: {len(lessons)} lesson(s) rendered")
    return 0


if __name__ == "__main__":
    sys.exit(main())

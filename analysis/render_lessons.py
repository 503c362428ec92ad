#!/usr/bin/python3
"""render_lessons.py - Run every lesson of examples/ and draw its figures.

    analysis/render_lessons.py [--agents N] [--replicates R] [--only NN]...
                               [--out DIR] [--figures DIR] [--jobs J] [--print-commands]

For each lesson folder examples/NN_name/ it runs the lesson's parts in order. A
part is one command and its figures: a `uhisim run`, a `uhisim compare` of the
part's configs or a `uhisim sweep` into DIR/lessonNN[_part].json (a folder for a
sweep; default out/), drawn by analysis/plot.py, analysis/compare.py or
analysis/sweep.py into examples/NN_name/figures/[SUBDIR/] (FIGURES/NN_name/[SUBDIR/]
with --figures); or one of the lesson's own scripts (lesson 9's history.py). A
part may also run a check on its JSON (the answer.py of lessons 1 and 10).
The commands are exactly those in the lessons' README files (--print-commands
prints them), except that --agents N adds `--set run.agents=N` and
--replicates R replaces the replicate count of comparisons and sweeps.

The program is $UHISIM, or build/sim/uhisim. Exit status: 0 every lesson drew all
its figures, 1 a command failed or a figure is missing, 2 bad usage."""
import argparse
import concurrent.futures
import os
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
PYTHON = "/usr/bin/python3"

STANDARD = ["exchange", "automation", "labour", "who_gains", "distribution", "technology",
            "government", "debt"]  # uhisim_plots.FIGURES (not imported: no matplotlib here)
REPLICATES = 3  # replicates of every comparison lesson


class Part:
    """One figure set of a lesson: how it runs ("run", "compare", "sweep" or
    "script"), the configs it runs, the JSON (or sweep folder) it writes, the
    figures it must draw and where, and an optional check script that reads the
    JSON (a lesson's answer.py)."""

    def __init__(self, kind, configs=(), name=None, figures=None, optional_figures=(),
                 subdir=None, check=None, vary=(), metrics=(), script=None, script_args=()):
        self.kind = kind
        self.configs = list(configs)
        self.name = name          # suffix of the JSON: lessonNN_name.json (None: lessonNN.json)
        if figures is None:
            figures = {"run": STANDARD, "compare": STANDARD + ["verdicts"],
                       "sweep": [f"sweep_{m}" for m in metrics]}.get(kind, [])
        self.figures = list(figures)
        self.optional_figures = list(optional_figures)  # drawn only when their data exist
        self.subdir = subdir      # figures/SUBDIR/ (None: figures/)
        self.check = check        # a script of the lesson's folder run on the JSON
        self.vary = list(vary)    # sweep: KEY=FROM:TO:COUNT
        self.metrics = list(metrics)  # sweep: the verdicts drawn
        self.script = script      # script: the lesson's own drawing script
        self.script_args = list(script_args)  # script: extra arguments, {out} = the JSON folder


class Lesson:
    """One lesson: its folder and its parts (each a command or two and a figure
    set). Lesson(folder, kind, configs, ...) is a lesson of one part."""

    def __init__(self, folder, kind=None, configs=(), parts=None, **part):
        self.folder = folder
        self.number = folder[:2]
        self.parts = parts if parts is not None else [Part(kind, configs, **part)]

    @property
    def configs(self):
        """Every config the lesson runs, each once, in order."""
        seen = []
        for part in self.parts:
            seen += [c for c in part.configs if c not in seen]
        return seen

    def json(self, part, out="out"):
        suffix = f"_{part.name}" if part.name else ""
        return os.path.join(out, f"lesson{self.number}{suffix}.json" if part.kind != "sweep"
                            else f"lesson{self.number}{suffix}")

    def figure_root(self, figures=None):
        """The lesson's figure folder: examples/NN_name/figures, or FIGURES/NN_name."""
        if figures is None:
            return os.path.join("examples", self.folder, "figures")
        return os.path.join(figures, self.folder)

    def figure_dir(self, part, figures=None):
        base = self.figure_root(figures)
        return os.path.join(base, part.subdir) if part.subdir else base

    def figure_files(self, optional=False):
        """The PNGs the lesson must draw, as paths below its figure folder."""
        files = []
        for part in self.parts:
            names = part.figures + (part.optional_figures if optional else [])
            files += [os.path.join(part.subdir or "", n + ".png") for n in names]
        return files

    def commands(self, uhisim="build/sim/uhisim", out="out", figures=None, agents=None,
                 replicates=REPLICATES):
        """The lesson's commands as argument lists: (label, argv, part) in order."""
        extra = ["--set", f"run.agents={agents}"] if agents else []
        cmds = []
        for part in self.parts:
            cfgs = [os.path.join("examples", self.folder, c) for c in part.configs]
            fig, js = self.figure_dir(part, figures), self.json(part, out)
            if part.kind == "run":
                cmds.append(("run", [uhisim, "run", cfgs[0], "-o", js, *extra], part))
            elif part.kind == "compare":
                cmds.append(("run", [uhisim, "compare", *cfgs, "--replicates", str(replicates),
                                     "-o", js, *extra], part))
            elif part.kind == "sweep":
                vary = [a for v in part.vary for a in ("--vary", v)]
                cmds.append(("run", [uhisim, "sweep", cfgs[0], *vary, "--replicates",
                                     str(replicates), "-o", js, *extra], part))
            if part.check:
                cmds.append(("check", [f"examples/{self.folder}/{part.check}", js], part))
            if part.kind == "run" and part.figures:
                cmds.append(("draw", ["analysis/plot.py", js, "-o", fig], part))
            elif part.kind == "compare":
                cmds.append(("draw", ["analysis/compare.py", js, "-o", fig], part))
            elif part.kind == "sweep":
                metrics = [a for m in part.metrics for a in ("--metric", m)]
                cmds.append(("draw", ["analysis/sweep.py", js, "-o", fig, *metrics], part))
            elif part.kind == "script":
                args = [a.format(out=out) for a in part.script_args]
                cmds.append(("draw", [f"examples/{self.folder}/{part.script}", "-o", fig, *args],
                             part))
        return cmds


LESSONS = [
    Lesson("01_quantity_theory", "run", ["quantity_theory.cfg"], check="answer.py"),
    Lesson("02_white_then_blue", "run", ["white_then_blue.cfg"]),
    Lesson("03_deflation_who_gains", "compare", ["few_owners.cfg", "equal_owners.cfg"]),
    Lesson("04_printing_to_hold_prices", "compare", ["dividend.cfg", "owners.cfg"]),
    Lesson("05_ubi_vs_uhi", "compare",
           ["uhi_deflation.cfg", "automation_tax.cfg", "capital_tax.cfg"]),
    Lesson("06_hoarding_spiral", "compare", ["fixed_velocity.cfg", "stable.cfg", "spiral.cfg"]),
    Lesson("07_watts_as_currency", "compare",
           ["abundant_energy.cfg", "baseline_energy.cfg", "energy_bottleneck.cfg",
            "space_solar.cfg"]),
    Lesson("08_optimist_vs_sceptic", parts=[
        Part("compare", ["optimist.cfg", "optimist_us.cfg", "sceptic.cfg"]),
        Part("sweep", ["optimist.cfg"], name="ownership",
             vary=["ownership.non_owner_share=0.05:0.45:9"],
             metrics=["uhi_p10", "uhi_bottom10"])]),
    Lesson("09_history", parts=[
        Part("run", ["model_baseline.cfg"], figures=[]),
        Part("script", script="history.py", script_args=["--run", "{out}/lesson09.json"],
             figures=["us_fred_quantity_theory"], optional_figures=["jst_deflations"])]),
    Lesson("10_when_deflation_hurts", parts=[
        Part("run", ["sticky_fixed.cfg"], name="sticky", figures=[], check="answer.py"),
        Part("compare", ["flexible_fixed.cfg", "sticky_fixed.cfg", "sticky_price_target.cfg"],
             name="wages", subdir="wages"),
        Part("compare", ["debt_fixed.cfg", "debt_price_target.cfg"], name="debt", subdir="debt")]),
    Lesson("11_who_pays", "compare",
           ["ui_flexible.cfg", "ui_wage_tax.cfg", "ui_automation_tax.cfg"]),
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
    for label, argv, part in lesson.commands(uhisim, args.out, args.figures, args.agents,
                                             args.replicates):
        if argv[0] == uhisim:
            os.makedirs(os.path.join(ROOT, args.out), exist_ok=True)
            if part.kind == "sweep":
                # a sweep resumes into its folder and refuses one of other settings
                shutil.rmtree(os.path.join(ROOT, argv[argv.index("-o") + 1]), ignore_errors=True)
            argv = argv + ["--quiet"]
        elif argv[0].endswith(".py"):
            argv = [PYTHON] + argv
        p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        if label == "check" or part.kind == "script" or p.returncode != 0:
            log.append(p.stdout.rstrip())
        if p.returncode != 0:
            log.append(f"FAILED ({p.returncode}): {' '.join(argv)}\n{p.stderr.rstrip()}")
            ok = False
            break
    base = lesson.figure_root(args.figures)
    base = base if os.path.isabs(base) else os.path.join(ROOT, base)
    if ok:
        missing = [f for f in lesson.figure_files() if not os.path.isfile(os.path.join(base, f))]
        if missing:
            log.append(f"MISSING figures in {base}: {', '.join(missing)}")
            ok = False
    drawn = sorted(os.path.relpath(os.path.join(d, f), base) for d, _, files in os.walk(base)
                   for f in files if f.endswith(".png")) if os.path.isdir(base) else []
    log.append(f"-> {len(drawn)} PNG in {base} ({time.time() - t0:.1f} s)" if ok else "-> FAILED")
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
            for _, cmd, _ in l.commands():
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

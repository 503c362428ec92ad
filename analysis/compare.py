#!/usr/bin/python3
"""compare.py - Scenarios side by side: the standard figures, one line per scenario,
and a table of verdicts.

    /usr/bin/python3 analysis/compare.py COMPARE.json -o DIR
    /usr/bin/python3 analysis/compare.py A.json B.json ... -o DIR

COMPARE.json is the output of `uhisim compare A.cfg B.cfg ... [--replicates R] -o F`
(with R > 1: mean lines and 5-95 % bands, verdict means and paired differences);
several run or ensemble files are put side by side in argument order (differences
are then plain differences of the values, not paired).
Writes DIR/NAME.png and DIR/NAME.svg for NAME in exchange, automation, labour,
who_gains, distribution, technology, government, debt (as plot.py; colour =
scenario, line style = series) and verdicts (the table, in words; difference vs
the first scenario). Exit status: 0 done, 2 unreadable or wrong input."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uhisim_json as uj  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(prog="compare.py", description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", help="a uhisim compare JSON, or several run JSONs")
    ap.add_argument("-o", "--out", required=True, help="output folder for PNG and SVG figures")
    args = ap.parse_args(argv)
    try:
        doc = uj.load_many(args.files)
        if doc.kind == "sweep":
            raise uj.FormatError(f"{args.files[0]}: a sweep summary; draw it with "
                                 "analysis/sweep.py")
        import uhisim_plots as up  # matplotlib only once the input is known to be good
        written = []
        for name, fig in up.figures(doc.scenarios):
            written += up.save(fig, args.out, name)
        written += up.save(up.fig_verdicts(doc), args.out, "verdicts")
    except uj.FormatError as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2
    print(f"compare.py: {len(doc.scenarios)} scenarios, {len(written)} files in {args.out}: "
          + ", ".join(os.path.basename(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

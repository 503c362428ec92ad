#!/usr/bin/python3
"""plot.py - The standard figure set of one uhisim run (or ensemble).

    /usr/bin/python3 analysis/plot.py RUN.json -o DIR

RUN.json is the output of `uhisim run CFG -o RUN.json` (plain lines) or of
`uhisim run CFG --replicates R -o RUN.json` (mean line, 5-95 % band, median).
Writes DIR/NAME.png and DIR/NAME.svg for NAME in
    exchange      M, V, P, Q as indices (month 0 = 1, log axis); M*V beside P*Q
    automation    automated share and employment by class; robot start and the
                  first months the energy cap and the energy gate bind marked
    labour        unemployment, layoffs, failed hires, re-employment, months
                  displaced; the real-wage gap W/P
    who_gains     real consumption p10 / bottom decile / median / displaced; the
                  same relative to month 0, against 1
    distribution  Gini of income and of money; capital share
    technology    capabilities, robot fleet, energy capacity against the energy
                  wanted, output scale f, output by technology, jobs held back
    government    revenue, UI paid, basic income, UI scale
    debt          debt outstanding (nominal, real), debt service ratio, defaults
(uhisim_plots.py's docstring: colours, words, panels of mechanisms that are off.)
A compare file is drawn too (one line per scenario); compare.py adds the verdict table.
Exit status: 0 done, 2 unreadable or wrong input."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uhisim_json as uj  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(prog="plot.py", description=__doc__.split("\n")[0])
    ap.add_argument("file", help="uhisim run or ensemble JSON")
    ap.add_argument("-o", "--out", required=True, help="output folder for PNG and SVG figures")
    args = ap.parse_args(argv)
    try:
        doc = uj.load(args.file)
        if doc.kind == "sweep":
            raise uj.FormatError(f"{args.file}: a sweep summary; draw it with analysis/sweep.py")
        import uhisim_plots as up  # matplotlib only once the input is known to be good
        written = []
        for name, fig in up.figures(doc.scenarios):
            written += up.save(fig, args.out, name)
    except uj.FormatError as e:
        print(f"plot.py: {e}", file=sys.stderr)
        return 2
    print(f"plot.py: {len(written)} files in {args.out}: "
          + ", ".join(os.path.basename(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

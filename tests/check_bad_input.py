"""check_bad_input.py - Bad configs and command lines: each is refused with exit
status 2, a message naming the file, line and setting (with what was expected
and, for a misspelt key, the closest known one), and no output file left behind.

One table row per case: description, config text (None: no config is written),
the command line, and the words stderr must contain. In the command line
{cfg} is the row's config, {out} and {csv} are the -o and --csv paths in the
scratch folder, {small} is a valid config for a short run and {name} the config's
file name (for the expected words)."""
import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import CONFIGS, UHISIM, WORK, check, finish, fresh_workdir, run, write  # noqa: E402

BASELINE = os.path.join(CONFIGS, "baseline.cfg")
RUN = ["run", "{cfg}", "-o", "{out}", "--csv", "{csv}", "--quiet"]
ROW_KEYS = '{ code = "%s"; name = "%s"; class = "%s"; %s = %s; mean_wage = 50000.0; ai_exposure = 0.5; robot_exposure = 0.2; }'
HEADER = "code,name,class,employment,mean_wage,ai_exposure,robot_exposure\n"


def layered(line):
    """A config that extends the short-run config, with `line` on line 2."""
    return 'extends = "{small}";\n' + line + "\n"


SHARE_ROWS = ", ".join([ROW_KEYS % ("A", "a", "white", "share", "0.5"),
                        ROW_KEYS % ("B", "b", "blue", "share", "0.4")])

# (description, config text, command line, words expected in stderr)
CASES = [
    ("typo'd key", layered("money = { velocty = 1.5; };"), RUN,
     ["{name}:2", "unknown key 'money.velocty'", "did you mean 'money.velocity'"]),
    ("typo'd key at top level", layered("velocty = 1.5;"), RUN,
     ["{name}:2", "'velocty'", "did you mean 'money.velocity'"]),
    ("key in the wrong group", layered("money = { machine_tax = 0.1; };"), RUN,
     ["{name}:2", "'money.machine_tax'", "did you mean 'policy.fiscal.machine_tax'"]),
    ("unknown group", layered("monee = { velocity = 1.5; };"), RUN,
     ["{name}:2", "unknown group 'monee'", "did you mean 'money'"]),
    ("unknown nested group", layered("policy = { mony = { rule = \"growth\"; }; };"), RUN,
     ["{name}:2", "'policy.mony'", "did you mean 'policy.money'"]),
    ("string for a number", layered('money = { velocity = "fast"; };'), RUN,
     ["{name}:2", "money.velocity", "must be a number", "(0, 12]", "got a string"]),
    ("number for a boolean", layered("ai = { enabled = 1; };"), RUN,
     ["{name}:2", "ai.enabled", "true or false", "got an integer"]),
    ("number for a group", layered("money = 3;"), RUN,
     ["{name}:2", "money", "must be a group"]),
    ("out of range, above", layered("money = { velocity = 99.0; };"), RUN,
     ["{name}:2", "money.velocity = 99", "outside its range", "(0, 12] 1/year"]),
    ("out of range, below", layered("labor = { skill_loss = -0.1; };"), RUN,
     ["{name}:2", "labor.skill_loss = -0.1", "outside its range", "[0, 0.99]"]),
    ("fraction for an integer", layered("run = { agents = 1000.5; };"), RUN,
     ["{name}:2", "run.agents = 1000.5", "whole number", "[1, 2147483647]", "not truncated"]),
    ("seed past 64 bits without L", layered("run = { seed = 18446744073709551615; };"), RUN,
     ["{name}:2", "run.seed", "does not fit in a 64-bit integer", "9223372036854775807"]),
    ("real for the 64-bit seed", layered("run = { seed = 1e3; };"), RUN,
     ["{name}:2", "run.seed", "integer"]),
    ("missing config file", None, ["run", "{dir}/no_such.cfg", "-o", "{out}", "--csv", "{csv}"],
     ["no_such.cfg", "cannot open config file", "No such file"]),
    ("config is a folder", None, ["run", "{dir}", "-o", "{out}"],
     ["cannot open config file", "folder"]),
    ("missing @include file", layered('@include "tables/missing.cfg"'), RUN,
     ["{name}:2", "cannot open include file", "tables/missing.cfg"]),
    ("missing extends file", 'extends = "no_base.cfg";\n', RUN,
     ["{name}:1", "extends", "no_base.cfg", "No such file"]),
    ("overflow to inf (NaN-producing)", layered("money = { stock = 1e400; };"), RUN,
     ["{name}:2", "money.stock", "not a finite number", "(0, 1e+18]"]),
    ("zero agents", layered("run = { agents = 0; };"), RUN,
     ["{name}:2", "run.agents = 0", "outside its range", "[1, 2147483647]"]),
    ("agents > 2^31 without L (libconfig wraps)", layered("run = { agents = 3000000000; };"), RUN,
     ["{name}:2", "run.agents = 3000000000", "32-bit", "3000000000L"]),
    ("agents > 2^31 with L", layered("run = { agents = 3000000000L; };"), RUN,
     ["{name}:2", "run.agents = 3000000000", "outside its range", "2147483647"]),
    ("wrapping literal on the line after its name", layered("money = { stock =\n  5000000000; };"), RUN,
     ["{name}:3", "money.stock = 5000000000", "32-bit"]),
    ("wrapping literal in an array", layered("robots = { growth_per_year = [4294967298, 2]; };"), RUN,
     ["{name}:2", "robots.growth_per_year", "4294967298", "32-bit"]),
    ("wrapping literal in an occupation row",
     layered("occupations = ( " + ROW_KEYS % ("A", "a", "blue", "employment", "5000000000") + " );"), RUN,
     ["{name}:2", "occupations.[0].employment", "5000000000", "32-bit"]),
    ("seed beyond 64 bits", layered("run = { seed = 99999999999999999999L; };"), RUN,
     ["{name}:2", "run.seed", "64-bit"]),
    ("duplicate key", layered("money = { velocity = 1.5; velocity = 2.0; };"), RUN,
     ["{name}:2", "duplicate setting name", "velocity", "extends"]),
    ("dotted key in a file", layered("money.velocity = 1.5;"), RUN,
     ["{name}:2", "syntax error", "money.velocity", "money = { velocity"]),
    ("syntax error", layered("money = { velocity = 1.5 ;; ] };"), RUN,
     ["{name}:2", "syntax error"]),
    ("empty occupation table", layered("occupations = ();"), RUN,
     ["{name}:2", "occupation table is empty"]),
    ("occupation shares not summing to 1",
     layered("occupations = ( " + SHARE_ROWS + " ); data = { employment_total = 1e8; };"), RUN,
     ["{name}:2", "shares sum to 0.9", "expected 1"]),
    ("shares without data.employment_total",
     layered("occupations = ( " + ROW_KEYS % ("A", "a", "white", "share", "1.0") + " );"), RUN,
     ["{name}:2", "data.employment_total"]),
    ("unknown occupation column",
     layered("occupations = ( { code = \"A\"; name = \"a\"; class = \"white\"; employment = 1e6; "
             "mean_wage = 5e4; ai_exposre = 0.5; robot_exposure = 0.2; } );"), RUN,
     ["{name}:2", "ai_exposre", "did you mean 'ai_exposure'"]),
    ("bad occupation class",
     layered("occupations = ( " + ROW_KEYS % ("A", "a", "green", "employment", "1e6") + " );"), RUN,
     ["{name}:2", "class", "green", "white", "blue"]),
    ("CSV with a missing column", layered('data = { occupations_csv = "t_missing_col.csv"; };'), RUN,
     ["t_missing_col.csv:1", "missing column 'robot_exposure'"]),
    ("CSV with a bad number", layered('data = { occupations_csv = "t_bad_number.csv"; };'), RUN,
     ["t_bad_number.csv:3", "employment", "'1x0'", "not a number"]),
    ("CSV with an empty cell", layered('data = { occupations_csv = "t_empty_cell.csv"; };'), RUN,
     ["t_empty_cell.csv:2", "mean_wage", "not a number"]),
    ("CSV file missing", layered('data = { occupations_csv = "no_such.csv"; };'), RUN,
     ["{name}:2", "data.occupations_csv", "no_such.csv", "No such file"]),
    ("CSV path is a folder", layered('data = { occupations_csv = "a_folder"; };'), RUN,
     ["{name}:2", "data.occupations_csv", "a_folder", "is a folder"]),
    ("CSV path is /dev/zero", layered('data = { occupations_csv = "/dev/zero"; };'), RUN,
     ["{name}:2", "data.occupations_csv", "/dev/zero", "not a regular file"]),
    ("CSV path is a FIFO with no writer", layered('data = { occupations_csv = "a_fifo"; };'), RUN,
     ["{name}:2", "data.occupations_csv", "a_fifo", "not a regular file"]),
    ("CSV bad row after blank lines and a quoted newline",
     layered('data = { occupations_csv = "t_lines.csv"; };'), RUN,
     ["t_lines.csv:6:", "employment", "'1x0'"]),
    ("CSV row with too few fields after a quoted newline",
     layered('data = { occupations_csv = "t_short.csv"; };'), RUN,
     ["t_short.csv:4:", "6 fields, the header has 7"]),
    ("CSV unterminated quote", layered('data = { occupations_csv = "t_open_quote.csv"; };'), RUN,
     ["t_open_quote.csv:3:", "never closed"]),
    ("CSV stray quote", layered('data = { occupations_csv = "t_stray_quote.csv"; };'), RUN,
     ["t_stray_quote.csv:2:", "malformed CSV", "quote"]),
    ("CSV not UTF-8", layered('data = { occupations_csv = "t_latin1.csv"; };'), RUN,
     ["t_latin1.csv:3:", "0xE9", "not UTF-8"]),
    ("CSV duplicate code", layered('data = { occupations_csv = "t_dup.csv"; };'), RUN,
     ["t_dup.csv:5:", "code 'B' appears twice (rows 1 and 3, lines 3 and 5)"]),
    ("duplicate code in a config table",
     layered("occupations = (\n  " + ROW_KEYS % ("A", "a", "white", "employment", "1e6") + ",\n  "
             + ROW_KEYS % ("A", "b", "blue", "employment", "1e6") + "\n);"), RUN,
     ["{name}:4: occupation code 'A' appears twice (rows 0 and 1, at ", "{name}:3 and ", "{name}:4)"]),
    ("unterminated /* comment", layered("/* a note\nmoney = { velocity = 99.0; };"), RUN,
     ["{name}:2", "/* comment", "never closed"]),
    ("@include of an empty path", layered('@include ""'), RUN,
     ["{name}:2", "empty include path"]),
    ("@include of a folder", layered('@include "a_folder"'), RUN,
     ["{name}:2", "a_folder", "is a folder"]),
    ("@include of itself", layered('@include "{name}"'), RUN,
     ["{name}:2", "include cycle: ", "{name} -> ", "{name}"]),
    ("two-file include cycle", layered('@include "cycle_b.cfg"'), RUN,
     ["cycle_b.cfg:1", "include cycle: ", "{name} -> ", "cycle_b.cfg -> ", "{name}"]),
    ("@include without quotes", layered('@include tables/us_occupations.cfg'), RUN,
     ["{name}:2", "@include needs a path in double quotes"]),
    ("duplicate key named with both lines",
     layered("money = { velocity = 1.5; };\nmoney = { velocity = 2.0; };"), RUN,
     ["{name}:3", "duplicate setting name", "money is set twice, at ", "{name}:2 and at ", "{name}:3"]),
    ("dotted key after its group", layered("money = { velocity = 1.5; };\nmoney.stock = 5e12;"), RUN,
     ["{name}:3", "`money.stock` repeats the group `money` set at ", "{name}:2", "--set syntax"]),
    ("NUL byte in a config", layered("money = { velocity = 1.5; };\0money = { velocity = 99.0; };"), RUN,
     ["{name}:2", "NUL byte"]),
    ("--set KEY VALUE without =", layered(""), RUN + ["--set", "ai.growth_per_year", "2"],
     ["--set ai.growth_per_year", "KEY=VALUE in one argument"]),
    ("misspelt option", layered(""), RUN + ["--replicate", "3"],
     ["unknown option '--replicate'", "did you mean '--replicates'"]),
    ("byte-order mark inside a config", layered("run = { months = 6; };\n\ufeffmoney = { velocity = 2.0; };"), RUN,
     ["{name}:3", "byte-order mark", "inside the file"]),
    ("misspelt command", layered(""), ["runn", "{cfg}", "-o", "{out}", "--quiet"],
     ["unknown command 'runn'", "did you mean 'run'", "bench"]),
    ("CSV shares not summing to 1",
     layered('data = { occupations_csv = "t_shares.csv"; employment_total = 1e8; };'), RUN,
     ["t_shares.csv", "{name}:2", "shares sum to 0.9"]),
    ("unknown enum value", layered('policy = { money = { rule = "helicopter"; }; };'), RUN,
     ["{name}:2", "policy.money.rule", "helicopter", "fixed|growth|price_target|ngdp_target"]),
    ("misspelt enum value", layered('policy = { money = { rule = "grwoth"; }; };'), RUN,
     ["{name}:2", "policy.money.rule", 'did you mean "growth"']),
    ("velocity_min > velocity_max",
     layered("money = { velocity_min = 3.0; velocity_max = 2.0; };"), RUN,
     ["money.velocity_min = 3", "money.velocity_max = 2", "{name}:2"]),
    ("--set unknown key", layered(""), RUN + ["--set", "money.velocty=2"],
     ["--set", "money.velocty", "did you mean 'money.velocity'"]),
    ("--set unknown group", layered(""), RUN + ["--set", "money=2"],
     ["--set", "'money' is a group"]),
    ("--set bad value", layered(""), RUN + ["--set", "money.velocity=abc"],
     ["--set money.velocity", "'abc'", "(0, 12]"]),
    ("--set out of range", layered(""), RUN + ["--set", "money.velocity=0"],
     ["--set", "money.velocity = 0", "outside its range", "(0, 12]"]),
    ("--set fraction for an integer", layered(""), RUN + ["--set", "run.months=6.5"],
     ["--set", "run.months = 6.5", "whole number"]),
    ("--set agents > 2^31", layered(""), RUN + ["--set", "run.agents=3000000000"],
     ["--set", "run.agents = 3000000000", "outside its range"]),
    ("--set unknown enum value", layered(""), RUN + ["--set", "policy.money.rule=helicopter"],
     ["--set", "policy.money.rule", "helicopter"]),
    ("--set bad boolean", layered(""), RUN + ["--set", "ai.enabled=yes"],
     ["--set ai.enabled", "'yes'", "true or false"]),
    ("--set with two values", layered(""), RUN + ["--set", "money.velocity=1.5; stock = 3e12"],
     ["--set money.velocity", "more than one value"]),
    ("--set without =", layered(""), RUN + ["--set", "money.velocity"],
     ["--set money.velocity", "KEY=VALUE"]),
    ("--set of extends", layered(""), RUN + ["--set", "extends=baseline.cfg"],
     ["--set extends", "config file"]),
    ("--set without a value", layered(""), RUN + ["--set"],
     ["--set", "needs a value"]),
    ("--seed not a number", layered(""), RUN + ["--seed", "abc"],
     ["--seed abc", "whole number"]),
    ("--seed negative", layered(""), RUN + ["--seed", "-5"],
     ["--seed -5", "whole number"]),
    ("--threads 0", layered(""), RUN + ["--threads", "0"],
     ["--threads 0", "[1, 1024]"]),
    ("--threads not a number", layered(""), RUN + ["--threads", "x"],
     ["--threads x", "[1, 1024]"]),
    ("unknown option", layered(""), RUN + ["--bogus"],
     ["unknown option '--bogus'"]),
    ("two configs", layered(""), RUN + ["{small}"],
     ["more than one config", "extends"]),
    ("unknown command", layered(""), ["frobnicate", "{cfg}", "-o", "{out}", "--csv", "{csv}"],
     ["unknown command 'frobnicate'", "validate or bench"]),
    ("no command", None, [], ["no command"]),
    ("run without a config", None, ["run", "-o", "{out}", "--csv", "{csv}"],
     ["needs a CONFIG"]),
    ("-o given to validate", layered(""), ["validate", "{cfg}", "-o", "{out}"],
     ["-o", "option of run, compare and sweep"]),
    # version 2's keys (MODEL.md 4d-4f, 2): each out of its range, named with it
    ("wage cut above 1 a year", layered("wages = { max_cut_per_year = 1.5; };"), RUN,
     ["{name}:2", "wages.max_cut_per_year = 1.5", "outside its range", "[0, 1] 1/year"]),
    ("negative cut per unemployment", layered("wages = { max_cut_per_unemployment = -0.1; };"), RUN,
     ["{name}:2", "wages.max_cut_per_unemployment = -0.1", "outside its range", "[0, 1] 1/year"]),
    ("zero labour demand elasticity", layered("wages = { labor_demand_elasticity = 0.0; };"), RUN,
     ["{name}:2", "wages.labor_demand_elasticity = 0", "outside its range", "(0, 100]"]),
    ("wage tax above 1", layered("policy = { fiscal = { wage_tax = 1.2; }; };"), RUN,
     ["{name}:2", "policy.fiscal.wage_tax = 1.2", "outside its range", "[0, 1]"]),
    ("capital tax above 1", layered("policy = { fiscal = { capital_tax = 1.2; }; };"), RUN,
     ["{name}:2", "policy.fiscal.capital_tax = 1.2", "outside its range", "[0, 1]"]),
    ("machine tax above 1", layered("policy = { fiscal = { machine_tax = 1.2; }; };"), RUN,
     ["{name}:2", "policy.fiscal.machine_tax = 1.2", "outside its range", "[0, 1]"]),
    ("UI replacement above 1", layered("policy = { fiscal = { ui_replacement = 1.2; }; };"), RUN,
     ["{name}:2", "policy.fiscal.ui_replacement = 1.2", "outside its range", "[0, 1]"]),
    ("negative UI months", layered("policy = { fiscal = { ui_months = -1; }; };"), RUN,
     ["{name}:2", "policy.fiscal.ui_months = -1", "outside its range", "[0, 12000] months"]),
    ("debt term of 0 years", layered("debt = { term_years = 0.0; };"), RUN,
     ["{name}:2", "debt.term_years = 0", "outside its range", "(0, 100] years"]),
    ("share with debt above 1", layered("debt = { share_with_debt = 2.0; };"), RUN,
     ["{name}:2", "debt.share_with_debt = 2", "outside its range", "[0, 1]"]),
    ("negative debt rate", layered("debt = { rate = -0.01; };"), RUN,
     ["{name}:2", "debt.rate = -0.01", "outside its range", "[0, 1] 1/year"]),
    ("negative debt to GDP", layered("debt = { to_gdp = -1.0; };"), RUN,
     ["{name}:2", "debt.to_gdp = -1", "outside its range", "[0, 100] years of GDP"]),
    ("ownership shares summing above 1",
     layered("ownership = { share_bottom50 = 0.2; share_50_90 = 0.3; share_top1 = 0.6; };"), RUN,
     ["ownership.share_bottom50 + share_50_90 + share_top1", "= 1.1", "above 1", "{name}:2"]),
    ("ownership shares breaking the Lorenz curve's convexity",
     layered("ownership = { share_bottom50 = 0.3; share_50_90 = 0.01; };"), RUN,
     ["convexity", "ranks 50-90 %", "the bottom 50 %", "ownership.share_bottom50 = 0.3 (", "{name}:2), share_50_90",
      "share_50_90 = 0.01 (", "top_alpha = 1.5 (default)"]),
    ("a labour share of 1 with sticky wages",
     layered("economy = { labor_share = 1.0; }; wages = { max_cut_per_year = 0.04; };"), RUN,
     ["economy.labor_share = 1 (", "{name}:2) with sticky wages", "wages.max_cut_per_year = 0.04", "viability is exactly 1"]),
    ("dfa with half the agents owning nothing",
     layered('ownership = { distribution = "dfa"; non_owner_share = 0.5; };'), RUN,
     ["{name}:2", "ownership.non_owner_share = 0.5", "below 0.5", '"dfa"', '"pareto"']),
    ("number for a version-2 boolean", layered("energy = { gates_adoption = 2; };"), RUN,
     ["{name}:2", "energy.gates_adoption", "true or false", "got an integer"]),
    ("misspelt version-2 key", layered("wages = { max_cut_per_yr = 0.1; };"), RUN,
     ["{name}:2", "unknown key 'wages.max_cut_per_yr'", "did you mean 'wages.max_cut_per_year'"]),
    ("version-1 UBI tax", layered("policy = { ubi = { tax_rate = 0.1; }; };"), RUN,
     ["{name}:2", "policy.ubi", "policy.fiscal.capital_tax", "configs/v1.cfg"]),
    ("version-1 energy intensity", layered("energy = { kwh_per_dollar = 0.1; };"), RUN,
     ["{name}:2", "'energy.kwh_per_dollar'", "ai.kwh_per_dollar and robots.kwh_per_dollar", "configs/v1.cfg"]),
    ("--set of a version-1 key", layered(""), RUN + ["--set", "energy.kwh_per_dollar=0.1"],
     ["--set", "energy.kwh_per_dollar", "ai.kwh_per_dollar"]),
    ("--set wage cut out of range", layered(""), RUN + ["--set", "wages.max_cut_per_year=1.5"],
     ["--set", "wages.max_cut_per_year = 1.5", "outside its range", "[0, 1]"]),
]


def fill(text, row):
    """Replaces {key} placeholders; str.format would trip on libconfig's braces."""
    for k, v in row.items():
        text = text.replace("{" + k + "}", v)
    return text


def refused(label, argv, words, shell=False):
    """Runs uhisim (argv, or a bash line with $U) and checks exit 2 and the words."""
    cmd = ["bash", "-c", argv] if shell else [UHISIM, *argv]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, U=UHISIM))
    except subprocess.TimeoutExpired:
        check(False, f"{label} did not finish in 120 s (blocked reading?)")
        return
    check(p.returncode == 2, f"{label} exit status {p.returncode}, expected 2; stderr: {p.stderr!r}")
    for w in words:
        check(w in p.stderr, f"{label} stderr lacks {w!r}: {p.stderr!r}")


def extra_cases(small):
    """Inputs the table cannot hold: raw bytes, pipes, FIFOs and the sweep's --design."""
    latin1 = os.path.join(WORK, "latin1.cfg")
    with open(latin1, "wb") as f:
        f.write(('extends = "%s";\noccupations = ( ' % small).encode()
                + (ROW_KEYS % ("A", "caf\xe9", "white", "employment", "1e6")).encode("latin-1") + b" );\n")
    refused("[latin-1 occupation name in a config]", ["validate", latin1],
            ["latin1.cfg:2:", "0xE9", "not UTF-8"])
    # defect 7: a config from a pipe is read once, and still checked for wrapping integers
    big = write("big_agents.cfg", 'extends = "%s";\nrun = { agents = 4294967796; };\n' % small)
    refused("[wrapping integer in a config from a pipe]", f'"$U" validate <(cat {big})',
            ["/dev/fd/", ":2:", "run.agents = 4294967796", "32-bit"], shell=True)
    fifo = os.path.join(WORK, "a_fifo")
    refused("[config is a FIFO with no writer]", ["validate", fifo], ["a_fifo", "gave no text"])
    refused("[config is /dev/zero]", ["validate", "/dev/zero"], ["/dev/zero", "more than"])
    out = os.path.join(WORK, "sweep_out")
    for what, path, words in (("a folder", os.path.join(WORK, "a_folder"), ["is a folder"]),
                              ("/dev/zero", "/dev/zero", ["not a regular file"]),
                              ("a FIFO with no writer", fifo, ["not a regular file"])):
        refused(f"[--design is {what}]", ["sweep", small, "--design", path, "-o", out],
                ["--design", path] + words)
    design = write("design_lines.csv", "ai.growth_per_year,ai.threshold\n\n2,\"1\n\"\n3\n")
    refused("[--design short row after a quoted newline]", ["sweep", small, "--design", design, "-o", out],
            ["design_lines.csv:5:", "1 fields, the header has 2"])
    design = write("design_quote.csv", "ai.growth_per_year\n\"2\n")
    refused("[--design unterminated quote]", ["sweep", small, "--design", design, "-o", out],
            ["design_quote.csv:2:", "never closed"])
    check(not os.path.exists(out), "a refused sweep left its output folder")


def leftovers(out, csv):
    return [p for stem in (out, csv) for p in glob.glob(glob.escape(stem) + "*")]


def main():
    fresh_workdir()
    small = write("small.cfg", 'extends = "%s";\nrun = { agents = 500; months = 6; };\n' % BASELINE)
    write("t_missing_col.csv", "code,name,class,employment,mean_wage,ai_exposure\nA,a,white,100,50000,0.5\n")
    write("t_bad_number.csv", HEADER + "A,a,white,100,50000,0.5,0.2\nB,b,blue,1x0,50000,0.5,0.2\n")
    write("t_empty_cell.csv", HEADER + "A,a,white,100,,0.5,0.2\n")
    write("t_shares.csv", HEADER.replace("employment", "share")
          + "A,a,white,0.5,50000,0.5,0.2\nB,b,blue,0.4,50000,0.5,0.2\n")

    write("t_lines.csv", HEADER + "\nA,\"two\nlines\",white,100,50000,0.5,0.2\n\nB,b,blue,1x0,50000,0.5,0.2\n")
    write("t_short.csv", HEADER + "A,\"two\nlines\",white,100,50000,0.5,0.2\nB,b,blue,100,50000,0.5\n")
    write("t_open_quote.csv", HEADER + "A,a,white,100,50000,0.5,0.2\nB,\"b,blue,100,50000,0.5,0.2\n")
    write("t_stray_quote.csv", HEADER + "A,a\"b,white,100,50000,0.5,0.2\n")
    write("t_dup.csv", HEADER + "A,a,white,100,50000,0.5,0.2\nB,b,blue,100,50000,0.5,0.2\n"
          "C,c,blue,100,50000,0.5,0.2\nB,b2,blue,100,50000,0.5,0.2\n")
    with open(os.path.join(WORK, "t_latin1.csv"), "wb") as f:
        f.write((HEADER + "A,a,white,100,50000,0.5,0.2\n").encode() + b"B,caf\xe9,blue,100,50000,0.5,0.2\n")
    write("cycle_b.cfg", '@include "bad_%02d.cfg"\n' % [c[0] for c in CASES].index("two-file include cycle"))
    os.makedirs(os.path.join(WORK, "a_folder"))
    os.mkfifo(os.path.join(WORK, "a_fifo"))

    check(len(CASES) >= 20, f"the table has only {len(CASES)} rows")

    # Control: the same command line on a good config succeeds and writes both
    # files, so the "no output left" checks below are not vacuous.
    out, csv = os.path.join(WORK, "control.json"), os.path.join(WORK, "control.csv")
    p = run("run", small, "-o", out, "--csv", csv, "--quiet")
    check(p.returncode == 0, f"control run exited {p.returncode}: {p.stderr}")
    check(os.path.exists(out) and os.path.exists(csv), "control run wrote no JSON or no CSV")

    for i, (what, text, argv, words) in enumerate(CASES):
        name = f"bad_{i:02d}.cfg"
        row = {"small": small, "name": name, "dir": WORK,
               "out": os.path.join(WORK, f"out_{i:02d}.json"),
               "csv": os.path.join(WORK, f"out_{i:02d}.csv")}
        row["cfg"] = os.path.join(WORK, name)
        if text is not None:
            write(name, fill(text, row))
        args = [fill(a, row) for a in argv]
        p = run(*args)
        label = f"[{i:02d} {what}]"
        check(p.returncode == 2, f"{label} exit status {p.returncode}, expected 2; stderr: {p.stderr!r}")
        check(p.stderr.startswith("uhisim: error: "), f"{label} stderr does not start with 'uhisim: error: ': {p.stderr!r}")
        check("(null)" not in p.stderr, f"{label} stderr shows (null): {p.stderr!r}")
        for w in words:
            w = fill(w, row)
            check(w in p.stderr, f"{label} stderr lacks {w!r}: {p.stderr!r}")
        left = leftovers(row["out"], row["csv"])
        check(not left, f"{label} left output behind: {left}")
        # `validate` refuses a bad config the same way and prints no parameters
        if text is not None and argv is RUN:
            v = run("validate", row["cfg"])
            check(v.returncode == 2 and v.stdout == "",
                  f"{label} validate exited {v.returncode} with stdout {v.stdout[:200]!r}")
            check(v.stderr == p.stderr, f"{label} validate says {v.stderr!r}, run says {p.stderr!r}")
    extra_cases(small)
    finish()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""check_json_text.py - Bytes that are not UTF-8 never reach a JSON file
(issue 10, defect 5, the writer's side): an occupation name in Latin-1 makes
`run` and `compare` exit 2 naming the text, and leave no document behind. The
config readers may reject such bytes earlier, with file and line; the writer is
the backstop, so either message is accepted here."""
import os

from uhisim_test import CONFIGS, WORK, check, finish, fresh_workdir, run

fresh_workdir()
base = os.path.join(CONFIGS, "baseline.cfg")
cfg = os.path.join(WORK, "latin1.cfg")
with open(cfg, "wb") as f:
    f.write(f'extends = "{base}";\nrun = {{ agents = 500; months = 3; }};\n'.encode())
    f.write(b'occupations = ( { code = "x1"; name = "Caf\xe9 workers"; class = "blue";\n'
            b'  employment = 1e6; mean_wage = 4e4; ai_exposure = 0.3; robot_exposure = 0.5; } );\n')

for args in (["run", cfg], ["compare", base, cfg, "--set", "run.agents=500", "--set", "run.months=3"]):
    out = os.path.join(WORK, args[0] + ".json")
    p = run(*args, "-o", out, "--quiet")
    check(p.returncode == 2, f"{args[0]}: exit {p.returncode}, expected 2 ({p.stderr!r})")
    check("UTF-8" in p.stderr, f"{args[0]}: the message should say UTF-8: {p.stderr!r}")
    check(not os.path.exists(out), f"{args[0]}: a document was written")
    check(not any(".tmp." in n for n in os.listdir(WORK)), f"{args[0]}: a temporary file was left")
finish()

#!/usr/bin/env python3
"""check_licence.py - The program names its licence, and the licence is GSL-compatible.

uhisim links GSL (GPL-3.0-or-later), so the project is GPL-3.0-or-later: LICENSE holds
the GPL version 3 text, `uhisim --version` names it, and README says so."""
import os

from uhisim_test import SOURCE, check, finish, run

p = run("--version")
check(p.returncode == 0, f"--version exited {p.returncode}")
check("GPL version 3 or later" in p.stdout and "LICENSE" in p.stdout,
      f"--version does not name the licence: {p.stdout!r}")
with open(os.path.join(SOURCE, "LICENSE"), encoding="utf-8") as f:
    text = f.read()
check("GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text,
      "LICENSE is not the GPL version 3 text")
with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
    readme = f.read()
check("## Licence" in readme and "GPL" in readme, "README has no Licence section naming the GPL")
finish()

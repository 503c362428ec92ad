#!/usr/bin/python3
"""check_web.py - The classroom page (docs/web.md) in headless Chromium.

Runs tests/check_web.mjs (node, playwright-core against Debian's chromium) on
the page scripts/web.sh built: no request but the file itself, nothing logged,
a slider's run, an overlaid second scenario and a lesson equal to the native
program's runs (within 1e-9, and bit for bit with glibc's non-FMA libm), the
link, the exports, screenshots; and three deliberately broken pages rejected.
Skipped (77) when the page, its core, node, playwright-core or chromium is
absent: scripts/test.sh builds and installs them all.
"""
import os
import shutil
import subprocess
import sys

SOURCE = os.environ["UHISIM_SOURCE_DIR"]
WORK = os.environ["UHISIM_WORK_DIR"]
page = os.environ.get("UHISIM_WEB_PAGE") or os.path.join(SOURCE, "build-web", "web", "uhisim.html")
core = os.path.join(os.path.dirname(page), "uhisim_web.js")
node = shutil.which("node")
if not os.path.exists(page) or not os.path.exists(core):
    print(f"SKIP: the page {page} is not built (bash scripts/web.sh, or scripts/test.sh)")
    sys.exit(77)
if node is None:
    print("SKIP: no node (Debian: nodejs)")
    sys.exit(77)
os.makedirs(WORK, exist_ok=True)
r = subprocess.run([node, os.path.join(SOURCE, "tests", "check_web.mjs"), "--page", page, "--core", core,
                    "--uhisim", os.environ["UHISIM"], "--shots", WORK])
sys.exit(r.returncode)

#!/usr/bin/python3
"""check_includes.py - No include cycles among the modules of sim/ (issue 10,
part 4). Module X (X.c and X.h) depends on Y when either includes "Y.h"; a
cycle X -> ... -> X means neither can be read or tested without the other.
experiment <-> output was one (experiment.c took output_months_until_uhi).

KNOWN lists cycles left on purpose (none now); a cycle not listed fails, and so
does a listed one that is gone (so the list is kept honest)."""
import os
import re
import sys

SOURCE = os.environ.get("UHISIM_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIM = os.path.join(SOURCE, "sim")
KNOWN = set()

deps = {}
for name in os.listdir(SIM):
    stem, ext = os.path.splitext(name)
    if ext not in (".c", ".h"):
        continue
    with open(os.path.join(SIM, name), encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*#\s*include\s+"([A-Za-z0-9_]+)\.h"', line)
            if m and m.group(1) != stem:
                deps.setdefault(stem, set()).add(m.group(1))
        deps.setdefault(stem, set())


def cycles():
    """The groups of modules that reach each other (strongly connected, more than
    one module), each with one path through it."""
    reach = {}
    for start in deps:
        seen, todo = {start: [start]}, [start]
        while todo:
            x = todo.pop()
            for y in deps.get(x, ()):
                if y not in seen:
                    seen[y] = seen[x] + [y]
                    todo.append(y)
        reach[start] = seen
    found = {}
    for a in sorted(deps):
        group = frozenset(b for b in reach[a] if a in reach.get(b, {}))
        if len(group) > 1 and group not in found:
            b = sorted(group - {a})[0]
            found[group] = reach[a][b] + reach[b][a][1:]
    return found


found = cycles()
bad = {k: v for k, v in found.items() if k not in KNOWN}
gone = KNOWN - set(found)
for k, path in sorted(bad.items(), key=lambda kv: sorted(kv[0])):
    print("FAIL include cycle: " + " -> ".join(path), file=sys.stderr)
for k in sorted(gone, key=sorted):
    print(f"FAIL {sorted(k)} is no longer a cycle: update KNOWN", file=sys.stderr)
if bad or gone:
    sys.exit(1)
print(f"no include cycles among {len(deps)} modules but the known {[sorted(k) for k in KNOWN]}")

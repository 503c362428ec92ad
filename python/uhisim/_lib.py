"""_lib.py - libuhisim.so through cffi's ABI mode: its declarations, read from
sim/uhisim_api.h itself (so the two cannot drift apart), and where it is found."""
import os
import re

import cffi

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(ROOT, "sim", "uhisim_api.h")


def _declarations(text):
    """The header without comments and preprocessor lines, which cffi's cdef
    does not read (uint64_t it knows)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


ffi = cffi.FFI()
with open(HEADER) as f:
    ffi.cdef(_declarations(f.read()))


def _open():
    """The library: $UHISIM_LIB, else build/sim/libuhisim.so of this checkout."""
    path = os.environ.get("UHISIM_LIB") or os.path.join(ROOT, "build", "sim", "libuhisim.so")
    if not os.path.exists(path):
        raise ImportError(f"uhisim: no C library at {path}: build it with "
                          f"`bash scripts/baseline.sh` (or cmake --build build), or set UHISIM_LIB")
    return ffi.dlopen(path)


lib = _open()

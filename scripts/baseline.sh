#!/usr/bin/env bash
# baseline.sh - The main job: install what is missing, build, and run the
# baseline scenario on the real US occupation and money data. Prints a yearly
# summary table and where the JSON went.
#   BUILD_DIR (default build) - build folder; OUT_DIR (default out) - output folder
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
out=${OUT_DIR:-out}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target uhisim uhisim_shared >/dev/null  # the program, and libuhisim.so for python/uhisim
mkdir -p "$out"
"$build/sim/uhisim" run configs/baseline.cfg -o "$out/baseline.json" --csv "$out/baseline.csv"

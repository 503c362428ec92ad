#!/usr/bin/env bash
# test.sh - Install what is missing, build everything and run the whole test
# suite with ctest.
#   BUILD_DIR (default build); extra arguments go to cmake's configure step,
#   e.g. scripts/test.sh -DUHISIM_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} -DUHISIM_WERROR=ON "$@" >/dev/null
cmake --build "$build"
cd "$build"
ctest --output-on-failure -j 2

#!/usr/bin/env bash
# test.sh - Install what is missing, build everything (the program, and the
# classroom page with scripts/web.sh) and run the whole test suite with ctest.
#   BUILD_DIR (default build); extra arguments go to cmake's configure step,
#   e.g. scripts/test.sh -DUHISIM_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} -DUHISIM_WERROR=ON "$@" >/dev/null
cmake --build "$build"
# the classroom page and its browser test's node modules (tests/check_web.py)
bash scripts/web.sh >/dev/null
lock=tests/web/package-lock.json
if ! cmp -s "$lock" tests/web/node_modules/.uhisim-lock; then
  (cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  cp "$lock" tests/web/node_modules/.uhisim-lock
fi
cd "$build"
ctest --output-on-failure -j 2

#!/usr/bin/env bash
# install-deps.sh - Installs the Debian/Ubuntu packages uhisim needs, if missing.
# Uses apt-get as root, or sudo otherwise. Prints nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config      # compiler and build
  libgsl-dev libconfig-dev libcjson-dev             # GSL, libconfig, cJSON
  librandom123-dev libcsv-dev                       # Philox streams, CSV tables
  libopenmpi-dev openmpi-bin                        # distributed sweeps, comparisons and runs
  python3 python3-numpy python3-matplotlib python3-jsonschema  # tests and analysis
  python3-cffi python3-pandas python3-xarray        # python/uhisim, the Python package
  chromium                                          # the HTML report and the page's tests
  emscripten dpkg-dev python3-markdown              # scripts/web.sh: the page (core, lesson text)
)
# the page's browser test runs playwright-core (npm) under node; a node from
# elsewhere (NodeSource's bundles npm) is kept, Debian's is installed otherwise
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "uhisim: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "uhisim: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

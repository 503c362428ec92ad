#!/usr/bin/env bash
# web.sh - Builds the classroom page: one offline HTML file that runs the
# simulator's own C core, compiled to WebAssembly with Debian's emscripten.
#   WEB_BUILD_DIR (default build-web). Prints where the page went.
#
# GSL, libconfig, cJSON and libcsv are built for WebAssembly from Debian's own
# source packages, at the versions of the -dev packages the native build uses,
# so the page and `uhisim run` share every line of library code; Random123 is
# headers only and comes from librandom123-dev. The sources are fetched with a
# private apt list of deb-src entries under the build folder: the machine's own
# apt sources are not touched. A second run rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=$(mkdir -p "${WEB_BUILD_DIR:-build-web}" && cd "${WEB_BUILD_DIR:-build-web}" && pwd)
deps=$build/deps
prefix=$deps/prefix
# Debian's emcc runs its JavaScript optimiser with node and finds acorn in
# /usr/share/nodejs, which only Debian's own node searches by itself
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

fetch_sources() { # the source packages of the installed -dev packages, unpacked in $deps
  local apt=$deps/apt wanted=()
  for dev in libgsl-dev libconfig-dev libcjson-dev libcsv-dev; do
    wanted+=("$(dpkg-query -W -f='${source:Package}=${source:Version}' "$dev")")
  done
  [ -f "$deps/sources.stamp" ] && [ "$(cat "$deps/sources.stamp")" = "${wanted[*]}" ] && return
  rm -rf "$deps" && mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/cache/archives/partial" "$prefix"
  cat >"$apt/parts/uhisim-sources.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/parts"
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  echo "uhisim: fetching the Debian sources of ${wanted[*]}" >&2
  apt-get "${opts[@]}" -qq update
  (cd "$deps" && apt-get "${opts[@]}" -qq source "${wanted[@]}" >/dev/null)
  echo "${wanted[*]}" >"$deps/sources.stamp"
}

archive() { # archive NAME OBJECTS...: $prefix/lib/libNAME.a
  mkdir -p "$prefix/lib"
  rm -f "$prefix/lib/lib$1.a"
  emar rcs "$prefix/lib/lib$1.a" "${@:2}"
}

build_libs() {
  [ -f "$deps/libs.stamp" ] && return
  local src
  echo "uhisim: building GSL, libconfig, cJSON and libcsv for WebAssembly" >&2
  # GSL: configured as a cross build (emcc's test programs do not run under
  # configure) without x87 extended registers, which wasm does not have; then
  # only the parts the core calls: errors, RNG, Gaussian draws, sorting,
  # statistics, CDFs
  src=$(echo "$deps"/gsl-*/)
  (cd "$src" && emconfigure ./configure -q --host=x86_64-pc-linux-gnu --disable-shared \
      ac_cv_c_extended_fp=no CFLAGS="-O2 -ffp-contract=off" >/dev/null 2>&1 \
    && emmake make -s -C gsl >/dev/null 2>&1)
  local parts=(err sys rng randist sort statistics cdf)
  for d in "${parts[@]}"; do emmake make -s -j2 -C "$src/$d" >/dev/null 2>&1; done
  archive gsl $(for d in "${parts[@]}"; do ls "$src/$d"/*.o; done)
  mkdir -p "$prefix/include/gsl" && cp -L "$src"/gsl/*.h "$prefix/include/gsl/"
  # libconfig, cJSON, libcsv: a few C files each
  local o=$deps/obj && mkdir -p "$o"
  src=$(echo "$deps"/libconfig-*/lib)
  for f in libconfig grammar scanctx scanner strbuf; do # its numbers read in the C locale, as natively
    emcc -O2 -DHAVE_NEWLOCALE -DHAVE_USELOCALE -DHAVE_FREELOCALE -c "$src/$f.c" -o "$o/$f.o"
  done
  archive config "$o"/{libconfig,grammar,scanctx,scanner,strbuf}.o
  cp "$src/libconfig.h" "$prefix/include/"
  src=$(echo "$deps"/cjson-*)
  emcc -O2 -c "$src/cJSON.c" -o "$o/cJSON.o" && archive cjson "$o/cJSON.o"
  mkdir -p "$prefix/include/cjson" && cp "$src/cJSON.h" "$prefix/include/cjson/"
  src=$(echo "$deps"/libcsv-*)
  emcc -O2 -c "$src/libcsv.c" -o "$o/libcsv.o" && archive csv "$o/libcsv.o"
  cp "$src/csv.h" "$prefix/include/"
  # Random123 stops on a platform it was not tested on; wasm32 has the 32 x 32
  # -> 64-bit products its portable Philox4x32 needs, and the page's series
  # equal the native program's (tests/check_web.py), which checks it
  cp -r /usr/include/Random123 "$prefix/include/"
  sed -i 's/!defined(__riscv)/!defined(__riscv) \&\& !defined(__wasm__)/' \
    "$prefix/include/Random123/features/gccfeatures.h"
  touch "$deps/libs.stamp"
}

fetch_sources
build_libs
# emcmake names the command it runs: shown only when configuring fails
if ! log=$(emcmake cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
             -DUHISIM_WEB_DEPS="$prefix" -DUHISIM_WERROR=ON 2>&1); then
  echo "$log" >&2
  exit 1
fi
cmake --build "$build" --target page
echo "uhisim: the page is $build/web/uhisim.html: open it in a browser (offline, no server needed)"

#!/bin/sh
# vendor.sh - Refresh web/vendor/uplot/ from npm at the version package-lock.json pins.
#
# The page build (web/build_page.py) never touches the network: it inlines the
# committed copies under web/vendor/. Run this script only to change the pinned
# version (edit package.json, then `npm install --package-lock-only` in web/,
# then this script) and commit the result. Needs npm and the registry.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$here/package.json" "$here/package-lock.json" "$tmp/"
(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
src="$tmp/node_modules/uplot"
dst="$here/vendor/uplot"
mkdir -p "$dst"
cp "$src/dist/uPlot.iife.min.js" "$src/dist/uPlot.min.css" "$src/LICENSE" "$dst/"
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n 1)
printf '%s\n' "$version" > "$dst/VERSION"
echo "web/vendor/uplot: uPlot $version"

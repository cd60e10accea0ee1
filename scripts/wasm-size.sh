#!/usr/bin/env bash
# Prints the size of the app's wasm in a build folder, raw and gzipped (what a server sends).
#   scripts/wasm-size.sh [dist]
set -euo pipefail
dir="${1:-dist}"
shopt -s nullglob
files=("$dir"/*.wasm)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no .wasm in $dir" >&2
  exit 1
fi
for f in "${files[@]}" "$dir"/*.js; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %9s bytes raw %9s bytes gzip -9\n' "$(basename "$f")" "$raw" "$gz"
done

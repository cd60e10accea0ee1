#!/usr/bin/env bash
# Installs what the project needs, into a tools folder this script owns.
# Idempotent: every step is skipped when its tool is already present (a re-run takes seconds).
#
#   scripts/setup.sh build   wasm target, Trunk, wasm-bindgen-cli, npm binaryen (wasm-opt)
#   scripts/setup.sh test    everything above + Chromium, chromedriver, playwright-core,
#                            and a Python virtualenv with numpy/pandas/scikit-learn (reference check)
#
# The tools folder defaults to ~/.cache/c360-tools (override with C360_TOOLS); it is outside the
# repository so a fresh clone on the same machine reuses it.
set -euo pipefail

mode="${1:-build}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="${C360_TOOLS:-$HOME/.cache/c360-tools}"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
PLAYWRIGHT_VERSION="1.65"

log() { printf '[setup] %s\n' "$*" >&2; }

# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock,
# falling back to the pin in Cargo.toml.
wasm_bindgen_version() {
  local v=""
  if [ -f "$here/Cargo.lock" ]; then
    v=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$here/Cargo.lock")
  fi
  if [ -z "$v" ]; then
    v=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml" | head -1)
  fi
  printf '%s' "$v"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION (takes ~7 min on 2 cores, once)"
    cargo install trunk --version "=$TRUNK_VERSION" --locked --root "$tools"
  fi
}

ensure_wasm_bindgen() {
  local v; v=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $v\$"; then
    log "installing wasm-bindgen-cli $v (takes ~3.5 min, once)"
    # Not --locked: its lockfile wants a webpki-roots release the registry here lacks.
    cargo install wasm-bindgen-cli --version "=$v" --root "$tools"
  fi
}

ensure_npm_tools() {
  local want=("binaryen@$BINARYEN_VERSION")
  [ "$mode" = test ] && want+=("playwright-core@$PLAYWRIGHT_VERSION")
  local missing=()
  [ -x "$tools/node_modules/.bin/wasm-opt" ] || missing+=("binaryen@$BINARYEN_VERSION")
  if [ "$mode" = test ] && [ ! -d "$tools/node_modules/playwright-core" ]; then
    missing+=("playwright-core@$PLAYWRIGHT_VERSION")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "npm install ${missing[*]}"
    npm install --silent --no-audit --no-fund --prefix "$tools" "${want[@]}"
  fi
  # Trunk looks for wasm-opt on PATH; expose the npm one under the tools bin.
  ln -sf "$tools/node_modules/.bin/wasm-opt" "$tools/bin/wasm-opt"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver (apt)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  fi
}

ensure_python_venv() {
  local venv="$tools/venv"
  if ! "$venv/bin/python" -c 'import numpy, pandas, sklearn' 2>/dev/null; then
    log "creating python virtualenv with numpy, pandas, scikit-learn"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check numpy pandas scikit-learn
  fi
}

ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_npm_tools
if [ "$mode" = test ]; then
  ensure_chromium
  ensure_python_venv
fi
log "tools ready in $tools"

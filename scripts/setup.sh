#!/usr/bin/env bash
# Installs what the project needs, into a tools folder this script owns.
# Idempotent: every step is skipped when its tool is already present (a re-run takes seconds).
#
#   scripts/setup.sh build   wasm target, Trunk, wasm-bindgen-cli, npm binaryen (wasm-opt)
#   scripts/setup.sh test    everything above + Chromium, chromedriver, playwright-core and
#                            @playwright/test (the end-to-end runner, same version, no browser
#                            download: it drives the system Chromium), and a Python virtualenv
#                            with numpy/pandas/scikit-learn (reference check) and duckdb/sqlglot/
#                            pyspark plus a Java runtime (the SQL export's check), axe-core (the
#                            end-to-end accessibility checks)
#   scripts/setup.sh lighthouse  everything for `test` + lighthouse (make lighthouse; not in make test)
#
# The tools folder defaults to ~/.cache/c360-tools (override with C360_TOOLS); it is outside the
# repository so a fresh clone on the same machine reuses it.
set -euo pipefail

mode="${1:-build}"
with_lighthouse=""
if [ "$mode" = lighthouse ]; then mode=test; with_lighthouse=1; fi
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="${C360_TOOLS:-$HOME/.cache/c360-tools}"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
PLAYWRIGHT_VERSION="1.65"
AXE_VERSION="4.10.2"
LIGHTHOUSE_VERSION="12.2.3"
DUCKDB_VERSION="2.0.1"
SQLGLOT_VERSION="30.31.0"
PYSPARK_VERSION="4.3.0"

log() { printf '[setup] %s\n' "$*" >&2; }

# One set-up at a time per tools folder: a teammate's `make test` and a CI clone on the same machine
# would otherwise run two `cargo install`s or `npm install`s into the same place.
if command -v flock >/dev/null; then
  exec 9>"$tools/.setup.lock"
  if ! flock -n 9; then
    log "another set-up is running on $tools; waiting for it"
    flock 9
  fi
fi

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

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

ensure_rust() {
  if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
    log "cargo and rustup are required (https://rustup.rs); they are not on PATH"
    exit 1
  fi
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "installing nodejs and npm (apt)"
    apt_install nodejs npm
  fi
}

ensure_wasm_target() {
  # (No `grep -q` after a pipe in these checks: with pipefail, grep exiting early can fail it.)
  if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
    log "installing trunk $TRUNK_VERSION (takes ~7 min on 2 cores, once)"
    cargo install trunk --version "=$TRUNK_VERSION" --locked --root "$tools"
  fi
}

ensure_wasm_bindgen() {
  local v; v=$(wasm_bindgen_version)
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $v" ]]; then
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
  if [ "$mode" = test ]; then
    local have
    have=$(npm_version playwright-core)
    case "$have" in
      "$PLAYWRIGHT_VERSION".*) ;;
      *) missing+=("playwright-core@$PLAYWRIGHT_VERSION") ;;
    esac
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "npm install ${missing[*]}"
    npm install --silent --no-audit --no-fund --prefix "$tools" "${want[@]}"
  fi
  # Trunk looks for wasm-opt on PATH; expose the npm one under the tools bin.
  ln -sf "$tools/node_modules/.bin/wasm-opt" "$tools/bin/wasm-opt"
  [ "$mode" = test ] && ensure_playwright_test
  if [ "$mode" = test ]; then ensure_npm_exact axe-core "$AXE_VERSION"; fi
  return 0
}

# One npm package at exactly `version` in the tools folder.
ensure_npm_exact() {
  if [ "$(npm_version "$1")" != "$2" ]; then
    log "npm install $1@$2"
    npm install --silent --no-audit --no-fund --save-exact --prefix "$tools" "$1@$2"
  fi
}

# The installed version of an npm package in the tools folder, or nothing.
npm_version() {
  node -p "require('$tools/node_modules/$1/package.json').version" 2>/dev/null || true
}

# @playwright/test pinned to exactly the playwright-core above: its `playwright` package requires
# that exact playwright-core, so npm shares the one copy, and the runner drives the same Chromium
# (the system one, found by tests/e2e/lib/playwright.cjs; npm downloads no browser).
ensure_playwright_test() {
  local core runner
  core=$(npm_version playwright-core)
  runner=$(npm_version @playwright/test)
  if [ -z "$core" ]; then
    log "playwright-core is missing from $tools/node_modules"
    exit 1
  fi
  if [ "$runner" != "$core" ] || [ "$(npm_version playwright)" != "$core" ] \
    || [ ! -e "$tools/node_modules/.bin/playwright" ]; then
    log "npm install @playwright/test@$core (same version as playwright-core)"
    npm install --silent --no-audit --no-fund --save-exact --prefix "$tools" "@playwright/test@$core"
  fi
  if [ -d "$tools/node_modules/playwright/node_modules/playwright-core" ]; then
    log "@playwright/test $core brought a second playwright-core; expected it to share $core"
    exit 1
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver (apt)"
    apt_install chromium chromium-driver
  fi
}

ensure_python_venv() {
  local venv="$tools/venv"
  if ! "$venv/bin/python" -c 'import numpy, pandas, sklearn' 2>/dev/null; then
    log "creating python virtualenv with numpy, pandas, scikit-learn"
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
      log "installing python3-venv (apt)"
      apt_install python3-venv
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check numpy pandas scikit-learn
  fi
  # The SQL export's check (make test-sql): DuckDB and Apache Spark (local mode, on a Java
  # runtime) run the query, sqlglot parses every dialect.
  if ! "$venv/bin/python" -c 'import duckdb, sqlglot, pyspark' 2>/dev/null; then
    log "installing duckdb $DUCKDB_VERSION, sqlglot $SQLGLOT_VERSION and pyspark $PYSPARK_VERSION into the virtualenv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION" \
      "sqlglot==$SQLGLOT_VERSION" "pyspark==$PYSPARK_VERSION"
  fi
  if ! command -v java >/dev/null 2>&1; then
    log "installing a Java runtime for Spark (apt)"
    apt_install openjdk-17-jre-headless
  fi
}

ensure_rust
ensure_node
ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_npm_tools
if [ "$mode" = test ]; then
  ensure_chromium
  ensure_python_venv
fi
if [ -n "$with_lighthouse" ]; then ensure_npm_exact lighthouse "$LIGHTHOUSE_VERSION"; fi
log "tools ready in $tools"

# Customer 360 & Cross-Sell — build, serve, test, benchmark.
#
#   make serve          release build served at http://127.0.0.1:8080 (rebuilds on change)
#   make dist           release build into dist/ (a folder of static files, works from any sub-path)
#   make test           every test tier: native, browser (wasm-bindgen-test), end-to-end, reference,
#                       the SQL export on DuckDB and Spark
#   make bench          criterion benchmarks of the pipeline (native)
#   make bench-browser  analysis time in headless Chromium, e.g. CUSTOMERS=3000,30000 RUNS=3
#   make bench-sql      the exported SQL on DuckDB over 10,000,000 customers (SQL_CUSTOMERS=)
#   make fuzz           fuzz the importer + analysis for FUZZ_TIME seconds (cargo-fuzz, nightly)
#   make lighthouse     Lighthouse scores of dist/ served like a production host (not in make test)
#   make lint           rustfmt check + clippy (native and wasm) with warnings as errors
#   make clean          remove build output (the tools folder is kept)
#
# Tools (Trunk, wasm-bindgen-cli, wasm-opt, @playwright/test, a Python venv) are installed by
# scripts/setup.sh into $(TOOLS), outside the repository; every target runs it first, and it takes
# about a second when everything is present.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TOOLS ?= $(HOME)/.cache/c360-tools
export C360_TOOLS := $(TOOLS)
export PATH := $(TOOLS)/bin:$(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Trunk's update check calls an API that is not reachable here.
export TRUNK_SKIP_VERSION_CHECK := true
# Browser tests compile and run in a cold Chromium: be generous on slow machines.
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

VENV_PYTHON := $(TOOLS)/venv/bin/python
E2E_PREFIX ?= /c360/
CUSTOMERS ?= 3000,30000
RUNS ?= 3
VISITS ?= 2
BENCH_ARGS := --customers $(CUSTOMERS) --runs $(RUNS) --visits $(VISITS) \
  $(if $(SEED),--seed $(SEED)) $(if $(PROFILE),--profile $(PROFILE)) $(if $(K),--k $(K)) \
  $(if $(WORKERS),--workers $(WORKERS))

.PHONY: help setup-build setup-test serve dist test test-native test-wasm test-e2e e2e \
  test-reference test-sql bench-sql bench-cli bench-large bench bench-browser fuzz lighthouse lint clean dist-single

help: ## list the targets
	@grep -E '^[a-z0-9 -]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9 -]+):.*## /  make \1\t/' | expand -t 26

# SKIP_SETUP=1 (set by `make test` for its sub-steps) skips the already-done set-up.
setup-build: ## install the build tools (idempotent)
	@[ -n "$(SKIP_SETUP)" ] || scripts/setup.sh build

setup-test: ## install the build and test tools (idempotent)
	@[ -n "$(SKIP_SETUP)" ] || scripts/setup.sh test

# `serve` builds into its own folder: its index.html carries Trunk's live-reload script, which
# must never reach dist/ (the end-to-end tests and deployments use dist/).
serve: setup-build ## release build served at http://127.0.0.1:8080, rebuilt on change
	trunk serve --release --dist target/trunk-serve

# dist/ is rebuilt only when an input changed (wasm-opt alone takes ~30 s): the stamp records the
# last release build; a missing dist/index.html forces one.
DIST_INPUTS := $(shell find src style public -type f 2>/dev/null) index.html Trunk.toml Cargo.toml Cargo.lock .cargo/config.toml
DIST_STAMP := target/.dist-release.stamp
ifeq ($(wildcard dist/index.html),)
.PHONY: $(DIST_STAMP)
endif

dist: $(DIST_STAMP) ## release build into dist/ (skipped when nothing changed)

$(DIST_STAMP): $(DIST_INPUTS) | setup-build
	trunk build --release
	@scripts/wasm-size.sh dist
	@mkdir -p $(@D) && touch $@

TIERS := test-native test-wasm e2e test-reference test-sql

# Runs every tier even when one fails (CI sees all results), then a summary; fails if any failed.
test: setup-test ## all tiers: native, browser, end-to-end on the release build, reference check
	@summary=""; failed=0; \
	for tier in $(TIERS); do \
	  t0=$$(date +%s); \
	  if $(MAKE) --no-print-directory SKIP_SETUP=1 $$tier; then r=ok; else r=FAILED; failed=$$((failed + 1)); fi; \
	  summary+=$$(printf '  %-16s %-7s %5s s' "$$tier" "$$r" "$$(( $$(date +%s) - t0 ))")$$'\n'; \
	done; \
	printf '== make test summary\n%s' "$$summary"; \
	echo "  disk: $$(du -sh target 2>/dev/null | cut -f1) in target/, $$(df -h . | awk 'NR==2 {print $$4}') free"; \
	if [ "$$failed" -ne 0 ]; then echo "make test: $$failed tier(s) failed"; exit 1; fi; \
	echo "make test: all tiers passed"

test-native: ## tier 1: cargo test (lib, integration tests, doctests)
	@echo "== tier 1: native tests"
	cargo test

test-wasm: ## tier 2: wasm-bindgen-test in headless Chromium (tests/web.rs)
	@echo "== tier 2: browser tests (wasm-bindgen-test, headless Chromium)"
	cargo test --target wasm32-unknown-unknown --test web

e2e test-e2e: dist ## tier 3: Playwright suite on dist/ served from $(E2E_PREFIX)
	@echo "== tier 3: end-to-end (release build served from $(E2E_PREFIX))"
	@[ -n "$(SKIP_SETUP)" ] || scripts/setup.sh test
	cargo build --release --bin c360
	node scripts/dist-single.cjs dist dist-single/customer-360.html
	C360_DIST=dist C360_PREFIX=$(E2E_PREFIX) C360_BIN=target/release/c360 C360_SINGLE=dist-single/customer-360.html \
	  playwright test --config tests/e2e/playwright.config.cjs

test-reference: ## scikit-learn reference check: c360 analyze vs KMeans + silhouette_score
	@echo "== reference check (scikit-learn)"
	cargo build --release --bin c360
	$(VENV_PYTHON) tests/reference_check.py --c360 target/release/c360
	@echo "== K-Means at 1,00,000 customers (restarts on a sample, refined on all) against KMeans(n_init=10) on all"
	$(VENV_PYTHON) tests/kmeans_quality.py --c360 target/release/c360 --customers 100000 --seeds 1 --profiles seed --max-ratio 1.005 --mean-slack 0.005

test-sql: ## the SQL export run by DuckDB and Apache Spark against c360 score (near-ties planted); every dialect parsed by sqlglot
	@echo "== SQL export check (DuckDB, Spark, sqlglot)"
	@[ -n "$(SKIP_SETUP)" ] || scripts/setup.sh test
	cargo build --release --bin c360
	$(VENV_PYTHON) tests/sql_check.py --c360 target/release/c360 --spark

SQL_CUSTOMERS ?= 10000000
bench-sql: setup-test ## the exported SQL on DuckDB over SQL_CUSTOMERS generated customers (default 10,000,000)
	cargo build --release --bin c360
	$(VENV_PYTHON) scripts/bench_sql.py --c360 target/release/c360 --customers $(SQL_CUSTOMERS)

BENCH_SIZES ?= 3000,100000,1000000
bench-cli: setup-test ## c360 analyze against the same analysis in pandas + scikit-learn, side by side (BENCH_SIZES=3000,100000,1000000)
	cargo build --release --bin c360
	$(VENV_PYTHON) scripts/bench_cli.py --c360 target/release/c360 --sizes $(BENCH_SIZES)

LARGE_CUSTOMERS ?= 1000000
bench-large: setup-test dist ## a 10,00,000-customer analysis in headless Chromium: time, long tasks, peak memory, a filter and a lookup (LARGE_CUSTOMERS=)
	node tests/e2e/bench-large.cjs --dist dist --customers $(LARGE_CUSTOMERS)

BENCHES ?= pipeline
bench: setup-build ## criterion benchmarks (BENCHES="pipeline numeric campaign", BENCH_FILTER=regex)
	cargo bench $(foreach b,$(BENCHES),--bench $(b)) $(if $(BENCH_FILTER),-- $(BENCH_FILTER))

bench-browser: setup-test dist ## analysis time in headless Chromium, first and repeat visits (CUSTOMERS=3000,30000 RUNS=3 VISITS=2 SEED= PROFILE= K= WORKERS=)
	node tests/e2e/bench.cjs --dist dist $(BENCH_ARGS)

FUZZ_TIME ?= 300
fuzz: ## fuzz the importer + analysis for FUZZ_TIME seconds; keeps the minimised corpus in fuzz/corpus (replayed by make test)
	scripts/fuzz.sh $(FUZZ_TIME)

# Not part of `make test`: it takes about a minute and scores depend on the machine's load.
LH_RUNS ?= 1
lighthouse: dist ## Lighthouse mobile + desktop on dist/ served like a static host; fails below target (perf 95, others 100; LH_RUNS=3 for a median)
	@[ -n "$(SKIP_SETUP)" ] || scripts/setup.sh lighthouse
	node scripts/lighthouse.cjs --dist dist --runs $(LH_RUNS) --check

lint: setup-build ## cargo fmt --check, clippy -D warnings (native all targets, and wasm)
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

clean: ## remove target/, dist/ and test artifacts (keeps the tools folder)
	cargo clean
	rm -rf dist dist-single tests/e2e/artifacts

dist-single: dist ## one self-contained HTML file for demos (opens from disk): dist-single/customer-360.html
	node scripts/dist-single.cjs dist dist-single/customer-360.html

#!/usr/bin/env bash
# Runs the importer + analysis fuzzer (fuzz/fuzz_targets/import_analyze.rs) for N seconds with
# libFuzzer, through cargo-fuzz on the nightly toolchain; then minimises the kept corpus
# (fuzz/corpus/import_analyze, committed) so that `make test` replays it quickly on stable
# (tests/fuzz_corpus.rs). Crashes land in fuzz/artifacts/import_analyze.
#
#   scripts/fuzz.sh [SECONDS]     (make fuzz FUZZ_TIME=SECONDS)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
target=import_analyze
corpus=fuzz/corpus/$target

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "make fuzz needs a nightly Rust toolchain (rustup toolchain list shows none);" \
       "the kept corpus is still replayed by make test" >&2
  exit 1
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Seed the corpus from the good extract and the bad-file corpus: selector byte = table index.
if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
  mkdir -p "$corpus"
  python3 scripts/fuzz_seeds.py "$corpus"
fi

before=$(ls "$corpus" | wc -l)
cargo +nightly fuzz run --sanitizer none "$target" "$corpus" -- -max_total_time="$secs" -max_len=65536 \
  -print_final_stats=1 2>&1 | tee target/fuzz-last.log | grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+== ERROR|SUMMARY|Done)' || true
# Keep only the inputs that add coverage.
cargo +nightly fuzz cmin --sanitizer none "$target" "$corpus" >/dev/null 2>&1
after=$(ls "$corpus" | wc -l)
crashes=$(ls fuzz/artifacts/$target 2>/dev/null | wc -l)
echo "fuzz: ${secs} s, corpus ${before} -> ${after} inputs (minimised), ${crashes} crash file(s) in fuzz/artifacts/$target"
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' target/fuzz-last.log || true

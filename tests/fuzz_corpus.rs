//! Replays every input the fuzzer kept (fuzz/corpus/import_analyze, and any crash it found in
//! fuzz/artifacts/import_analyze once fixed) through the same harness, on stable, in `make test`.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let name = e.path().display().to_string();
        // A panic names the input that caused it.
        let r = std::panic::catch_unwind(|| harness::run(&bytes));
        assert!(r.is_ok(), "fuzz input {name} panicked");
        n += 1;
    }
    n
}

#[test]
fn every_kept_fuzz_input_imports_and_analyses_without_a_broken_promise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = replay(&root.join("corpus/import_analyze"));
    let found = replay(&root.join("artifacts/import_analyze"));
    assert!(corpus > 0, "the fuzz corpus is empty: run `make fuzz`");
    println!("replayed {corpus} kept inputs and {found} past findings");
}

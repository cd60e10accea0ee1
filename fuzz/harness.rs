//! One fuzz case: bytes → up to six CSV files → import (strict) → analysis. Shared by the
//! libFuzzer target (fuzz/fuzz_targets/import_analyze.rs) and the stable replay of the kept
//! inputs (tests/fuzz_corpus.rs), so both run exactly the same code.
//!
//! The first byte chooses what the rest is: its low seven bits 0–5 replace that table of the small
//! good extract (tests/data/good) with the rest, so the fuzzer explores one file while the other
//! five are valid; 6 and above split the rest on the record separator 0x1E into files named after
//! the six tables (then "extra.csv"), missing ones absent. Its high bit imports with the rows in
//! error skipped. Whatever the bytes, nothing may panic; every problem names its file (all but a
//! missing table) and a 1-based row; an analysis that succeeds has finite outputs and no empty
//! segment.

use c360::core::import::{ErrorKind, ImportError, ImportOptions, InputFile, import_files_with};
use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;

const NAMES: [&str; 7] = [
    "customers.csv",
    "accounts.csv",
    "credit_cards.csv",
    "loans.csv",
    "investments.csv",
    "transactions.csv",
    "extra.csv",
];

const GOOD: [&[u8]; 6] = [
    include_bytes!("../tests/data/good/customers.csv"),
    include_bytes!("../tests/data/good/accounts.csv"),
    include_bytes!("../tests/data/good/credit_cards.csv"),
    include_bytes!("../tests/data/good/loans.csv"),
    include_bytes!("../tests/data/good/investments.csv"),
    include_bytes!("../tests/data/good/transactions.csv"),
];

/// Runs one case; panics (the fuzzer's finding) only on a broken promise.
pub fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let skip_bad_rows = selector & 0x80 != 0;
    let selector = selector & 0x7f;
    let files: Vec<InputFile<'_>> = if selector < 6 {
        let t = usize::from(selector);
        (0..6)
            .map(|i| InputFile {
                name: NAMES[i],
                bytes: if i == t { rest } else { GOOD[i] },
            })
            .collect()
    } else {
        rest.split(|&b| b == 0x1e)
            .take(NAMES.len())
            .zip(NAMES)
            .map(|(bytes, name)| InputFile { name, bytes })
            .collect()
    };
    let options = ImportOptions {
        skip_bad_rows,
        ..ImportOptions::default()
    };
    let ds = match import_files_with(&files, &options) {
        Ok((ds, summary)) => {
            summary.skipped_rows.iter().for_each(check_located);
            ds
        }
        Err(problems) => {
            assert!(
                !problems.errors.is_empty(),
                "an import failed with no problem"
            );
            problems.errors.iter().for_each(check_located);
            return;
        }
    };
    let params = AnalysisParams {
        restarts: 1,
        ..Default::default()
    };
    let Ok(a) = analyze(&ds, &params, &Policy::default()) else {
        return;
    };
    let n = ds.len();
    let seg = &a.segmentation;
    assert_eq!(seg.labels.len(), n);
    assert_eq!(seg.segments.iter().map(|s| s.size).sum::<usize>(), n);
    for s in &seg.segments {
        assert!(s.size > 0, "empty segment {}", s.name);
        assert!(
            s.centroid
                .iter()
                .chain(&s.z_centroid)
                .all(|v| v.is_finite())
        );
    }
    assert!(a.prepared.x.iter().all(|v| v.is_finite()));
    assert!(
        a.selection
            .scores
            .iter()
            .all(|k| k.inertia.is_finite() && k.silhouette.is_finite())
    );
    assert!(a.offers.iter().all(|o| o.expected_revenue.is_finite()));
}

/// A problem names its file (unless a whole table is missing) and, if it has a row, a 1-based one.
fn check_located(e: &ImportError) {
    if e.kind != ErrorKind::MissingFile {
        assert!(e.file.is_some(), "no file in {e}");
    }
    assert!(e.row.is_none_or(|r| r >= 1), "row 0 in {e}");
}

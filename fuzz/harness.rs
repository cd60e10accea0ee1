//! One fuzz case: bytes → up to six CSV files → import (strict) → analysis. Shared by the
//! libFuzzer target (fuzz/fuzz_targets/import_analyze.rs) and the stable replay of the kept
//! inputs (tests/fuzz_corpus.rs), so both run exactly the same code.
//!
//! The first byte chooses what the rest is: 0–5 replaces that table of the small good extract
//! (tests/data/good) with the rest, so the fuzzer explores one file while the other five are
//! valid; 6 and above splits the rest on the record separator 0x1E into files named after the six
//! tables (then "extra.csv"), missing ones absent. Whatever the bytes, nothing may panic, and an
//! analysis that succeeds has finite outputs and no empty segment.

use c360::core::import::{InputFile, import_files};
use c360::core::offers::OfferConfig;
use c360::core::pipeline::{AnalysisParams, analyze};

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
    let Ok((ds, _)) = import_files(&files) else {
        return;
    };
    let params = AnalysisParams {
        restarts: 1,
        ..Default::default()
    };
    let Ok(a) = analyze(&ds, &params, &OfferConfig::default()) else {
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

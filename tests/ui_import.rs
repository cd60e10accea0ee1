//! The dashboard's import and export helpers, natively (they are free of Leptos): the chunked
//! import of the six files or a ZIP of them, its located errors, progress reports, the
//! join-quality sentences, the "Export data" ZIP round trip, and the K values small data allows.

use std::cell::RefCell;
use std::fs;
use std::future::Future;
use std::path::Path;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use c360::app::import::{
    CHUNK_ROWS, ImportFailure, ImportHost, ImportProgress, LoadedFile, import_loaded,
};
use c360::app::jobs;
use c360::app::shared::Shared;
use c360::app::source::{DataKey, RunData};
use c360::core::archive;
use c360::core::import::{ErrorKind, TableKind};
use c360::core::pipeline::{AnalysisParams, Prepared, prepare};
use c360::core::stages::{Input, StagedRun};
use c360::core::synth::{DataProfile, SynthParams};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// Records progress; pauses return at once; the clock counts calls.
#[derive(Default)]
struct TestHost {
    reports: RefCell<Vec<ImportProgress>>,
    pauses: RefCell<usize>,
}

impl ImportHost for TestHost {
    fn report(&self, progress: ImportProgress) {
        self.reports.borrow_mut().push(progress);
    }
    async fn pause(&self) {
        *self.pauses.borrow_mut() += 1;
    }
    async fn paint(&self) {
        *self.pauses.borrow_mut() += 1;
    }
    fn now(&self) -> f64 {
        self.reports.borrow().len() as f64
    }
}

/// Runs a future whose awaits are all ready (the test host never waits).
fn run_ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the import waited on something"),
    }
}

fn good(table: &str) -> LoadedFile {
    let name = format!("{table}.csv");
    LoadedFile::new(
        name.clone(),
        fs::read(Path::new(DATA).join("good").join(name)).unwrap(),
    )
}

fn good_files() -> Vec<LoadedFile> {
    TableKind::ALL.iter().map(|k| good(k.name())).collect()
}

fn import(files: Vec<LoadedFile>) -> Result<c360::app::source::ImportedData, ImportFailure> {
    run_ready(import_loaded(files, &TestHost::default()))
}

#[test]
fn the_good_set_imports_with_its_summary_and_a_name() {
    let host = TestHost::default();
    let data = run_ready(import_loaded(good_files(), &host)).expect("the good set imports");
    assert_eq!(data.customers(), 6);
    assert_eq!(data.dataset.customers.len(), 6);
    assert_eq!(data.dataset.transactions.len(), 36);
    assert_eq!(data.name, "6 files, 6 customers");
    let rows: Vec<(TableKind, usize)> = data.summary.files.iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        rows,
        vec![
            (TableKind::Customers, 6),
            (TableKind::Accounts, 6),
            (TableKind::CreditCards, 4),
            (TableKind::Loans, 1),
            (TableKind::Investments, 3),
            (TableKind::Transactions, 36),
        ]
    );
    assert!(data.summary.ignored_columns.is_empty());
    assert!(
        data.join_problems().is_empty(),
        "{:?}",
        data.join_problems()
    );
    assert!(data.import_ms >= data.prepare_ms && data.prepare_ms >= 0.0);

    // Progress: a report per table (and per chunk), ending with the join; fractions never go back.
    let reports = host.reports.borrow();
    assert!(reports.len() >= 7, "{reports:?}");
    assert!(reports[0].label.starts_with("Reading customers.csv — "));
    assert_eq!(reports.last().unwrap().label, "Joining the six tables…");
    assert!(reports.windows(2).all(|w| w[0].fraction <= w[1].fraction));
    assert!(reports.iter().all(|r| (0.0..=1.0).contains(&r.fraction)));
    assert!(*host.pauses.borrow() >= reports.len());
}

#[test]
fn file_names_and_order_do_not_matter() {
    let mut files = good_files();
    files.reverse();
    for f in &mut files {
        f.name = format!("extract_{}", f.name.replace(".csv", ".txt"));
    }
    let data = import(files).expect("recognised by header");
    assert_eq!(data.customers(), 6);
    assert_eq!(data.summary.files[0].1, "extract_customers.txt");
}

#[test]
fn a_bad_value_stops_the_import_with_file_row_column_and_hint() {
    let mut files = good_files();
    files[1] = LoadedFile::new(
        "accounts_ratio_above_one.csv",
        fs::read(Path::new(DATA).join("bad/accounts_ratio_above_one.csv")).unwrap(),
    );
    let err = import(files).expect_err("a ratio of 1.2 is out of range");
    let ImportFailure::Invalid(e) = &err else {
        panic!("expected a located error, got {err:?}");
    };
    assert_eq!(e.kind, ErrorKind::OutOfRange);
    assert_eq!(e.file.as_deref(), Some("accounts_ratio_above_one.csv"));
    assert_eq!(e.row, Some(3));
    assert_eq!(e.column.as_deref(), Some("digital_txn_ratio"));
    assert_eq!(
        err.location().as_deref(),
        Some("accounts_ratio_above_one.csv, row 3, column digital_txn_ratio")
    );
    assert_eq!(
        err.summary(),
        "Value out of range: 1.2 is not a ratio between 0 and 1."
    );
    assert_eq!(
        err.hint(),
        "Correct the value to lie within the allowed range."
    );
}

#[test]
fn a_missing_table_is_named_and_the_hint_points_to_the_export() {
    let mut files = good_files();
    files.pop();
    let err = import(files).expect_err("no transactions");
    assert!(
        err.summary().starts_with("Missing file: "),
        "{}",
        err.summary()
    );
    assert!(err.summary().contains("transactions"));
    assert_eq!(err.location(), None);
    assert!(err.hint().contains("Export data"));
}

#[test]
fn an_error_deep_in_a_large_table_is_found_after_many_chunks() {
    let mut files = good_files();
    // Transactions for customers 1–6 repeated so the bad row lies beyond the first chunks.
    let mut text =
        String::from("customer_id,month,shopping_spend,travel_spend,utility_spend,wallet_spend\n");
    let rows = 2 * CHUNK_ROWS + 10;
    for i in 0..rows {
        text.push_str(&format!("{},{},1.0,2.0,3.0,4.0\n", i % 6 + 1, i % 6 + 1));
    }
    text.push_str("1,7,1.0,2.0,3.0,4.0\n");
    files[5] = LoadedFile::new("big_transactions.csv", text);
    let host = TestHost::default();
    let err = run_ready(import_loaded(files, &host)).expect_err("month 7");
    assert_eq!(
        err.location().as_deref(),
        Some(format!("big_transactions.csv, row {}, column month", rows + 2).as_str())
    );
    let chunks = host
        .reports
        .borrow()
        .iter()
        .filter(|r| r.label.starts_with("Reading big_transactions.csv"))
        .count();
    assert_eq!(chunks, 3, "one report per chunk of {CHUNK_ROWS} rows");
}

#[test]
fn a_zip_of_the_six_files_imports_and_keeps_its_name() {
    let files: Vec<(String, Vec<u8>)> = good_files()
        .into_iter()
        .map(|f| (f.name, f.bytes))
        .collect();
    let zip = archive::pack(&files).unwrap();
    assert!(archive::is_zip(&zip));
    let data = import(vec![LoadedFile::new("my_data.zip", zip)]).expect("the zip imports");
    assert_eq!(data.customers(), 6);
    assert_eq!(data.name, "my_data.zip, 6 customers");
}

#[test]
fn unpacking_keeps_csv_files_and_skips_folders_and_macos_metadata() {
    let entries = vec![
        ("data/customers.csv".to_string(), b"a,b\n1,2\n".to_vec()),
        (
            "__MACOSX/data/._customers.csv".to_string(),
            b"junk".to_vec(),
        ),
        ("data/._accounts.csv".to_string(), b"junk".to_vec()),
        ("README.txt".to_string(), b"hello".to_vec()),
        ("data/ACCOUNTS.CSV".to_string(), b"x\n".to_vec()),
    ];
    let zip = archive::pack(&entries).unwrap();
    let out = archive::unpack_csv(&zip).unwrap();
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["data/customers.csv", "data/ACCOUNTS.CSV"]);
    assert_eq!(out[0].1, b"a,b\n1,2\n");
}

#[test]
fn a_broken_or_empty_zip_is_explained() {
    let mut zip = archive::pack(&[("customers.csv".to_string(), b"x".to_vec())]).unwrap();
    zip.truncate(zip.len() / 2);
    let err = import(vec![LoadedFile::new("broken.zip", zip)]).expect_err("truncated");
    assert!(matches!(err, ImportFailure::Failed(_)));
    assert!(
        err.summary()
            .starts_with("broken.zip could not be unpacked"),
        "{}",
        err.summary()
    );

    let only_text = archive::pack(&[("notes.txt".to_string(), b"x".to_vec())]).unwrap();
    let err = import(vec![LoadedFile::new("notes.zip", only_text)]).expect_err("no csv");
    assert_eq!(err.summary(), "notes.zip holds no CSV file.");

    // A text file named .zip is named as not a ZIP (not read as a CSV matching no table).
    let err = import(vec![LoadedFile::new(
        "latest.ZIP",
        b"hello, world\n".to_vec(),
    )])
    .expect_err("not a zip");
    assert_eq!(
        err.summary(),
        "latest.ZIP is not a ZIP archive: its contents do not start like one."
    );
}

fn fixture(name: &str) -> LoadedFile {
    LoadedFile::new(
        name,
        fs::read(Path::new(DATA).join("zip").join(name)).unwrap(),
    )
}

/// ZIPs written by Python's zipfile (tests/data/zip): a folder with macOS metadata and a README,
/// sizes in data descriptors (a stream), stored entries with an archive comment.
#[test]
fn zips_from_other_tools_import() {
    for (zip, first) in [
        ("folder_deflated.zip", "my extract/customers.csv"),
        ("streamed.zip", "customers.csv"),
        ("stored_with_comment.zip", "customers.csv"),
    ] {
        let data = import(vec![fixture(zip)]).unwrap_or_else(|e| panic!("{zip}: {e}"));
        assert_eq!(data.customers(), 6, "{zip}");
        assert_eq!(data.summary.files[0].1, first, "{zip}");
        assert_eq!(data.name, format!("{zip}, 6 customers"));
    }
}

#[test]
fn an_unsupported_compression_or_a_damaged_entry_is_explained() {
    let err = import(vec![fixture("bzip2.zip")]).expect_err("bzip2");
    assert_eq!(
        err.summary(),
        "bzip2.zip could not be unpacked: compression method 12 (save the ZIP with standard \
         “deflate” compression) is not supported."
    );
    assert!(err.hint().contains("Export data"));

    // Stored entries: flip a byte of the first file's data, the checksum catches it.
    let mut zip = fixture("stored_with_comment.zip");
    let at = 30 + "customers.csv".len() + 5;
    zip.bytes[at] ^= 0x20;
    let err = import(vec![zip]).expect_err("damaged");
    assert_eq!(
        err.summary(),
        "stored_with_comment.zip could not be unpacked: customers.csv is damaged (its checksum \
         does not match)."
    );
}

#[test]
fn packing_is_deterministic_and_round_trips() {
    let files = vec![
        ("a.csv".to_string(), b"x,y\n1,2\n".repeat(1000)),
        ("b.csv".to_string(), Vec::new()),
    ];
    let zip = archive::pack(&files).unwrap();
    assert_eq!(zip, archive::pack(&files).unwrap());
    assert!(zip.len() < files[0].1.len() / 4, "deflated");
    assert_eq!(archive::unpack_csv(&zip).unwrap(), files);
}

#[test]
fn exported_synthetic_data_imports_back_to_the_same_prepared_data() {
    let params = SynthParams {
        customers: 800,
        seed: 11,
        profile: DataProfile::Realistic,
    };
    let ds = jobs::dataset_of(&RunData::Synthetic(params)).unwrap();
    let tables = jobs::export_tables(&ds).unwrap();
    let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "customers.csv",
            "accounts.csv",
            "credit_cards.csv",
            "loans.csv",
            "investments.csv",
            "transactions.csv"
        ]
    );
    let zip = jobs::zip_tables(&tables).unwrap();
    let data = import(vec![LoadedFile::new(jobs::EXPORT_FILE_NAME, zip)]).unwrap();
    assert_eq!(data.name, "c360_data.zip, 800 customers");

    let original = prepare(&ds).unwrap();
    assert_eq!(data.prepared.rows, original.rows);
    assert_eq!(data.prepared.x, original.x);
    assert_eq!(data.prepared.join_report, original.join_report);

    // The same fits follow from the same prepared data and seed.
    let analysis = AnalysisParams {
        k_max: 3,
        restarts: 3,
        seed: params.seed,
        ..AnalysisParams::default()
    };
    let fitted = |prepared: Arc<Prepared>| {
        let mut run = StagedRun::new(Input::Prepared(prepared), &analysis).unwrap();
        run.run_all().unwrap();
        run.finish().unwrap().selection
    };
    assert_eq!(
        fitted(Arc::new(original)),
        fitted(Arc::clone(&data.prepared))
    );

    // Export of imported data gives back the same files.
    let imported = RunData::Imported(Shared::new(data));
    let again = jobs::export_tables(&jobs::dataset_of(&imported).unwrap()).unwrap();
    assert_eq!(again, tables);
}

#[test]
fn join_problems_are_sentences_with_counts() {
    let mut files = good_files();
    // An orphan loan, a duplicate card for customer 1, customer 6 without an account, and
    // customer 1 missing month 6.
    files[3].bytes.extend_from_slice(b"99,Personal,1000.0,0\n");
    files[2].bytes.extend_from_slice(b"1,10000.0,0.5,0\n");
    let accounts = String::from_utf8(files[1].bytes.clone()).unwrap();
    files[1].bytes = accounts
        .lines()
        .take(6)
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into();
    let tx = String::from_utf8(files[5].bytes.clone()).unwrap();
    files[5].bytes = tx
        .lines()
        .filter(|l| !l.starts_with("1,6,"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into();
    let data = import(files).expect("join problems do not stop an import");
    assert_eq!(
        data.join_problems(),
        vec![
            "loans: 1 row skipped (customer_id not in customers, e.g. \"99\")".to_string(),
            "1 customer without an accounts row (balance and deposits counted as 0)".to_string(),
            "1 customer with fewer than six months of transactions (missing months counted as 0 spend)"
                .to_string(),
            "credit_cards: 1 row for a customer already seen, combined (card limits summed, \
             utilization weighted by limit, delinquent if any card is; e.g. customer 1 has 2 rows)"
                .to_string(),
        ]
    );
}

#[test]
fn planned_ks_stay_below_the_number_of_customers() {
    let ks = |customers| {
        let synth = SynthParams {
            customers,
            ..SynthParams::default()
        };
        let input = Input::Synthetic(synth.check().unwrap());
        StagedRun::new(input, &AnalysisParams::default())
            .unwrap()
            .ks()
    };
    assert_eq!(ks(3000), (2..=8).collect::<Vec<_>>());
    assert_eq!(ks(6), vec![2, 3, 4, 5]);
    assert_eq!(ks(3), vec![2]);
    // Too few to tell: the prepared data decides (plan_k: one segment, or an error).
    assert!(ks(2).is_empty());
}

#[test]
fn imports_get_new_generations_and_distinct_cache_keys() {
    let a = import(good_files()).unwrap();
    let b = import(good_files()).unwrap();
    assert!(b.generation > a.generation);
    let (a, b) = (Shared(Arc::new(a)), Shared(Arc::new(b)));
    assert_ne!(
        RunData::Imported(a.clone()).key(),
        RunData::Imported(b).key()
    );
    assert_eq!(
        RunData::Imported(a.clone()).key(),
        DataKey::Imported(a.generation)
    );
    assert_eq!(RunData::Imported(a.clone()), RunData::Imported(a));
}

//! Data the core must not analyse silently: tables whose ids do not join, duplicate rows, values
//! too large to analyse, and degenerate data (too few or identical customers).

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use c360::core::data::Dataset;
use c360::core::error::{CoreError, DataError};
use c360::core::pipeline::prepare;
use c360::core::synth::{DataProfile, SynthParams, synthesize};

fn synth(customers: usize, seed: u64) -> Dataset {
    synthesize(
        &SynthParams {
            customers,
            seed,
            profile: DataProfile::Seed,
        }
        .check()
        .unwrap(),
    )
}

fn data_error(ds: &Dataset) -> DataError {
    match prepare(ds) {
        Err(CoreError::Data(e)) => *e,
        Err(e) => panic!("expected a data error, got {e}"),
        Ok(_) => panic!("expected a data error, the data was prepared"),
    }
}

#[test]
fn a_table_whose_ids_mostly_do_not_join_stops_with_each_id_form() {
    // Leading zeros in accounts.
    let mut ds = synth(40, 1);
    for a in &mut ds.accounts {
        a.customer_id = format!("{:0>4}", a.customer_id).into();
    }
    let e = data_error(&ds);
    assert_eq!(e.table, "accounts");
    let text = e.to_string();
    assert!(text.starts_with("accounts.csv: "), "{text}");
    assert!(text.contains("40 of its 40 rows"), "{text}");
    assert!(
        text.contains("customers has \"1\", accounts has \"0001\""),
        "{text}"
    );
    assert!(text.contains("leading zeros"), "{text}");

    // Ids saved as decimals in loans.
    let mut ds = synth(40, 1);
    for l in &mut ds.loans {
        l.customer_id = format!("{}.0", l.customer_id).into();
    }
    let e = data_error(&ds);
    assert_eq!(e.table, "loans");
    assert!(e.problem.contains(".0\" (the ids saved as decimal"), "{e}");
    assert!(e.hint.contains("no \".0\""), "{e}");

    // Letter case in transactions.
    let mut ds = synth(30, 2);
    for c in &mut ds.customers {
        c.customer_id = format!("C{}", c.customer_id).into();
    }
    for t in [
        &mut ds
            .accounts
            .iter_mut()
            .map(|a| &mut a.customer_id)
            .collect::<Vec<_>>(),
        &mut ds
            .credit_cards
            .iter_mut()
            .map(|a| &mut a.customer_id)
            .collect(),
        &mut ds.loans.iter_mut().map(|a| &mut a.customer_id).collect(),
        &mut ds
            .investments
            .iter_mut()
            .map(|a| &mut a.customer_id)
            .collect(),
    ] {
        for id in t.iter_mut() {
            **id = format!("C{id}").into();
        }
    }
    for t in &mut ds.transactions {
        t.customer_id = format!("c{}", t.customer_id).into();
    }
    let e = data_error(&ds);
    assert_eq!(e.table, "transactions");
    assert!(
        e.problem
            .contains("customers has \"C1\", transactions has \"c1\" (a different letter case)"),
        "{e}"
    );

    // Ids of another extract altogether.
    let mut ds = synth(40, 1);
    for v in &mut ds.investments {
        v.customer_id = format!("X{}", v.customer_id).into();
    }
    let e = data_error(&ds);
    assert_eq!(e.table, "investments");
    assert!(e.problem.contains("which no customer has"), "{e}");
    assert!(e.hint.contains("same extract"), "{e}");
}

#[test]
fn a_few_unknown_ids_stay_in_the_join_report() {
    let mut ds = synth(40, 1);
    ds.accounts[0].customer_id = "0001".into();
    ds.accounts[1].customer_id = "999".into();
    let p = prepare(&ds).expect("a few orphans do not stop the analysis");
    let r = &p.join_report;
    assert_eq!(r.orphan_rows, vec![("accounts".to_string(), 2)]);
    assert_eq!(r.customers_without_account, 2);
    let w = r.warnings();
    assert_eq!(
        w[0],
        "accounts: 2 rows skipped (customer_id not in customers, e.g. \"0001\"); customers has \"1\" \
         (leading zeros in one file only): write the ids with the same leading zeros in both files \
         (a spreadsheet drops them unless the column is text)"
    );
}

/// A third of the customers' ids padded in the customers file only: not enough to stop, but the
/// warning says how the ids differ and what to do (a tester's extract).
#[test]
fn padded_ids_under_the_threshold_are_diagnosed_in_the_warning() {
    let mut ds = synth(30, 2);
    for c in ds.customers.iter_mut().take(10) {
        c.customer_id = format!("{:0>4}", c.customer_id).into();
    }
    let p = prepare(&ds).expect("a third of the ids do not stop the analysis");
    let w = p.join_report.warnings();
    let accounts = w.iter().find(|l| l.starts_with("accounts:")).unwrap();
    assert!(
        accounts.contains("customers has \"0001\" (leading zeros in one file only)"),
        "{accounts}"
    );
    assert!(
        w.iter()
            .any(|l| l.starts_with("10 customers without an accounts row")),
        "{w:?}"
    );
}

#[test]
fn duplicate_transactions_are_counted_with_an_example_and_summed() {
    let mut ds = synth(20, 4);
    let base = ds
        .transactions
        .iter()
        .find(|t| t.customer_id == "7" && t.month == 3)
        .unwrap()
        .clone();
    let before = prepare(&ds).unwrap().rows[6].total_spend_6m;
    for _ in 0..9 {
        ds.transactions.push(base.clone());
    }
    let p = prepare(&ds).unwrap();
    let r = &p.join_report;
    assert_eq!(r.duplicate_rows, vec![("transactions".to_string(), 9)]);
    assert_eq!(
        r.duplicate_examples,
        vec![(
            "transactions".to_string(),
            "customer 7, month 3: 10 rows".to_string()
        )]
    );
    let month = base.shopping_spend + base.travel_spend + base.utility_spend + base.wallet_spend;
    assert!((p.rows[6].total_spend_6m - (before + 9.0 * month)).abs() < 1e-6);
    let w = r.warnings();
    assert_eq!(
        w,
        vec![
            "transactions: 9 rows for a customer and month already seen, combined (the spends \
             of a customer's month summed; e.g. customer 7, month 3: 10 rows)"
        ]
    );
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("c360-dp-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

fn c360(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_c360"))
        .args(args)
        .output()
        .expect("run c360")
}

fn synth_dir(name: &str, customers: &str) -> PathBuf {
    let d = tmp(name);
    let o = c360(&[
        "synth",
        "--customers",
        customers,
        "--seed",
        "3",
        "--profile",
        "seed",
        "--out",
        d.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    d
}

/// Rewrites one CSV file of `dir` line by line (the header is line 0).
fn rewrite(dir: &std::path::Path, file: &str, f: impl Fn(usize, &str) -> String) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let out: Vec<String> = text.lines().enumerate().map(|(i, l)| f(i, l)).collect();
    fs::write(&path, out.join("\n") + "\n").unwrap();
}

#[test]
fn cli_stops_on_ids_that_do_not_join_and_warns_on_duplicates() {
    let d = synth_dir("ids", "60");
    fs::rename(d.join("accounts.csv"), d.join("acc_export.csv")).unwrap();
    rewrite(&d, "acc_export.csv", |i, l| {
        if i == 0 {
            l.to_string()
        } else {
            format!("00{l}")
        }
    });
    let out = tmp("ids-out");
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("acc_export.csv: 60 of its 60 rows"), "{err}");
    assert!(err.contains("accounts has \"001\""), "{err}");
    assert!(!out.join("summary.json").exists());

    // Duplicate transactions: analysed, with a warning on standard error.
    let d = synth_dir("dups", "60");
    let path = d.join("transactions.csv");
    let text = fs::read_to_string(&path).unwrap();
    let second = text.lines().nth(1).unwrap().to_string();
    fs::write(&path, text + &format!("{second}\n").repeat(3)).unwrap();
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: transactions: 3 rows for a customer and month already seen"),
        "{err}"
    );
    assert!(err.contains("summed"), "{err}");
}

#[test]
fn an_income_whose_variance_overflows_is_located_not_dropped() {
    let mut ds = synth(40, 5);
    ds.customers[4].income = 1e300;
    let e = data_error(&ds);
    assert_eq!(
        (e.table.as_str(), e.row, e.column.as_deref()),
        ("customers", Some(6), Some("income"))
    );
    let text = e.to_string();
    assert!(
        text.starts_with(
            "customers.csv, row 6, column income: 1e300 (customer 5) is too large to analyse"
        ),
        "{text}"
    );
    assert!(text.contains("variance of income"), "{text}");
}

#[test]
fn a_computed_overflow_names_its_source_row() {
    // Two finite spends whose sum overflows.
    let mut ds = synth(30, 6);
    let rows: Vec<usize> = (0..ds.transactions.len())
        .filter(|&r| ds.transactions[r].customer_id == "9")
        .take(2)
        .collect();
    for &r in &rows {
        ds.transactions[r].travel_spend = 1.5e308;
    }
    let e = data_error(&ds);
    assert_eq!(e.table, "transactions");
    assert_eq!(e.column.as_deref(), Some("travel_spend"));
    assert!(rows.iter().any(|&r| e.row == Some(r as u64 + 2)), "{e}");
    assert!(e.problem.contains("overflows"), "{e}");

    // A value that is not a number, in the accounts.
    let mut ds = synth(30, 6);
    ds.accounts[2].avg_balance = f64::NAN;
    let e = data_error(&ds);
    assert_eq!(
        (e.table.as_str(), e.row, e.column.as_deref()),
        ("accounts", Some(4), Some("avg_balance"))
    );
    assert!(e.problem.contains("not a finite number"), "{e}");
}

#[test]
fn a_data_error_is_located_in_the_imported_file() {
    use c360::core::import::{ErrorKind, ImportError, ImportSummary, TableKind};
    let mut ds = synth(40, 5);
    ds.customers[4].income = 1e300;
    let summary = ImportSummary {
        files: vec![(TableKind::Customers, "clients.csv".to_string(), 41)],
        // Row 3 of clients.csv was left out (skip bad rows): record 4 is on row 7.
        skipped_rows: vec![ImportError::new(
            ErrorKind::OutOfRange,
            Some("clients.csv"),
            Some(3),
            Some("age"),
            "130",
        )],
        ..ImportSummary::default()
    };
    let e = match prepare(&ds).unwrap_err().locate(&summary) {
        CoreError::Data(e) => *e,
        e => panic!("{e}"),
    };
    assert_eq!(e.location(), "clients.csv, row 7, column income");
}

// ---- Degenerate data: few or identical customers ----

use c360::core::pipeline::{Analysis, AnalysisParams, analyze};
use c360::core::policy::Policy;

fn analyse(ds: &Dataset) -> c360::core::error::Result<Analysis> {
    analyze(
        ds,
        &AnalysisParams {
            restarts: 3,
            ..AnalysisParams::default()
        },
        &Policy::default(),
    )
}

/// Segment sizes sum to the customers, none empty, names distinct, K as many as segments.
fn assert_sound(a: &Analysis) {
    let s = &a.segmentation;
    let n = a.prepared.rows.len();
    assert_eq!(s.segments.len(), s.chosen_k);
    assert_eq!(s.segments.iter().map(|g| g.size).sum::<usize>(), n);
    assert!(s.segments.iter().all(|g| g.size > 0), "no empty segment");
    assert!(s.labels.iter().all(|&l| l < s.chosen_k));
    for (i, g) in s.segments.iter().enumerate() {
        assert!(s.segments[i + 1..].iter().all(|h| h.name != g.name));
    }
    assert_eq!(a.offers.len(), n);
    let summary = c360::cli::summary_json(a);
    assert!(serde_json::to_string(&summary).is_ok());
}

/// `ds` with every customer (and their products and months) a copy of customer `from`'s.
fn all_like(mut ds: Dataset, from: &[&str]) -> Dataset {
    use c360::core::data::{Account, Customer, Transaction};
    let pick = |i: usize| from[i % from.len()];
    let customers: Vec<Customer> = ds.customers.clone();
    let accounts: Vec<Account> = ds.accounts.clone();
    let tx: Vec<Transaction> = ds.transactions.clone();
    let cards = ds.credit_cards.clone();
    let loans = ds.loans.clone();
    let inv = ds.investments.clone();
    let n = customers.len();
    ds.accounts.clear();
    ds.transactions.clear();
    ds.credit_cards.clear();
    ds.loans.clear();
    ds.investments.clear();
    for i in 0..n {
        let id = (i + 1).to_string();
        let src = pick(i);
        let c = customers.iter().find(|c| c.customer_id == src).unwrap();
        ds.customers[i] = Customer {
            customer_id: id.clone().into(),
            ..c.clone()
        };
        for a in accounts.iter().filter(|a| a.customer_id == src) {
            ds.accounts.push(Account {
                customer_id: id.clone().into(),
                ..a.clone()
            });
        }
        for t in tx.iter().filter(|t| t.customer_id == src) {
            ds.transactions.push(Transaction {
                customer_id: id.clone().into(),
                ..t.clone()
            });
        }
        for mut r in cards.iter().filter(|r| r.customer_id == src).cloned() {
            r.customer_id = id.clone().into();
            ds.credit_cards.push(r);
        }
        for mut r in loans.iter().filter(|r| r.customer_id == src).cloned() {
            r.customer_id = id.clone().into();
            ds.loans.push(r);
        }
        for mut r in inv.iter().filter(|r| r.customer_id == src).cloned() {
            r.customer_id = id.clone().into();
            ds.investments.push(r);
        }
    }
    ds.planted = None;
    ds
}

#[test]
fn identical_customers_give_one_segment_said_plainly() {
    let ds = all_like(synth(40, 1), &["3"]);
    let a = analyse(&ds).unwrap();
    assert_sound(&a);
    assert_eq!(a.segmentation.chosen_k, 1);
    assert_eq!(a.segmentation.segments[0].name, "All customers");
    assert_eq!(a.segmentation.segments[0].size, 40);
    // Nothing stands out from the average of identical customers: no evidence chips of 0.0σ.
    assert!(a.segmentation.segments[0].evidence.is_empty());
    let note = a.selection.k_note.as_deref().unwrap();
    assert_eq!(note, "all 40 customers are identical: one segment");
    assert!(a.selection.fits.is_empty());
    let s = c360::cli::summary_json(&a);
    assert_eq!(s["k_note"], note);
    assert_eq!(s["chosen_k"], 1);
}

#[test]
fn two_distinct_customers_repeated_give_k_2_capped() {
    let ds = all_like(synth(200, 2), &["1", "2"]);
    let a = analyse(&ds).unwrap();
    assert_sound(&a);
    assert_eq!(a.prepared.distinct_rows, 2);
    let ks: Vec<usize> = a.selection.scores.iter().map(|s| s.k).collect();
    assert_eq!(ks, vec![2]);
    assert_eq!(a.segmentation.chosen_k, 2);
    assert_eq!(
        a.selection.k_note.as_deref(),
        Some("K capped at 2: the data has 200 customers but only 2 distinct ones")
    );
    let sizes: Vec<usize> = a.segmentation.segments.iter().map(|g| g.size).collect();
    assert_eq!(sizes, vec![100, 100]);

    // A K asked for beyond the cap is said, and the capped K is used.
    let a = analyze(
        &ds,
        &AnalysisParams {
            k: Some(5),
            restarts: 2,
            ..AnalysisParams::default()
        },
        &Policy::default(),
    )
    .unwrap();
    assert_sound(&a);
    assert_eq!(a.segmentation.chosen_k, 2);
    assert!(
        a.selection
            .k_note
            .as_deref()
            .unwrap()
            .ends_with("(K = 5 was asked for)")
    );
}

#[test]
fn one_two_and_five_customers() {
    // One customer: one segment.
    let a = analyse(&synth(1, 1)).unwrap();
    assert_sound(&a);
    assert_eq!(a.segmentation.chosen_k, 1);
    assert_eq!(
        a.selection.k_note.as_deref(),
        Some("one customer: one segment")
    );

    // Two different customers: too few, and the message names the customers file.
    let e = data_error(&synth(2, 1));
    let text = e.to_string();
    assert!(text.starts_with("customers.csv: 2 customers"), "{text}");
    assert!(text.contains("at least 3 customers"), "{text}");

    // Two identical customers: one segment.
    let a = analyse(&all_like(synth(2, 1), &["1"])).unwrap();
    assert_sound(&a);
    assert_eq!(a.segmentation.chosen_k, 1);

    // Five customers: K from 2 to 4, said.
    let a = analyse(&synth(5, 1)).unwrap();
    assert_sound(&a);
    let ks: Vec<usize> = a.selection.scores.iter().map(|s| s.k).collect();
    assert_eq!(ks, vec![2, 3, 4]);
    assert_eq!(
        a.selection.k_note.as_deref(),
        Some(
            "K capped at 4: the data has only 5 customers (a silhouette needs more customers than segments)"
        )
    );
    // Three customers: K = 2.
    let a = analyse(&synth(3, 1)).unwrap();
    assert_sound(&a);
    assert_eq!(a.segmentation.chosen_k, 2);
}

#[test]
fn cli_says_the_cap_and_names_the_customers_file() {
    let d = synth_dir("five", "5");
    let out = tmp("five-out");
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("note: K capped at 4"), "{err}");
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(s["k_note"].as_str().unwrap().starts_with("K capped at 4"));

    let d = synth_dir("two", "2");
    fs::rename(d.join("customers.csv"), d.join("clients_2026.csv")).unwrap();
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("clients_2026.csv: 2 customers"), "{err}");
}

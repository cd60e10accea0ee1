//! CSV import: the bad-file corpus (each error's kind and location), format variants that must
//! be accepted, and the round trip synth → export → import.

use std::fs;
use std::path::Path;

use c360::core::data::Dataset;
use c360::core::export::tables_csv;
use c360::core::import::{
    ColumnMapping, ErrorKind, ImportError, ImportOptions, InputFile, MAX_PROBLEMS_PER_FILE,
    TableKind, import_files, import_files_with, parse_mappings, skipped_rows_csv,
};
use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;
use c360::core::synth::{DataProfile, SynthParams, synthesize};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn good_files() -> Vec<(String, Vec<u8>)> {
    TableKind::ALL
        .iter()
        .map(|k| {
            let name = k.file_name();
            let bytes = fs::read(Path::new(DATA).join("good").join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

fn import(
    files: &[(String, Vec<u8>)],
) -> Result<(Dataset, c360::core::import::ImportSummary), ImportError> {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(n, b)| InputFile { name: n, bytes: b })
        .collect();
    import_files(&inputs)
}

fn kind_named(s: &str) -> ErrorKind {
    ErrorKind::ALL
        .into_iter()
        .find(|k| format!("{k:?}") == s)
        .unwrap_or_else(|| panic!("unknown kind {s}"))
}

fn import_with(
    files: &[(String, Vec<u8>)],
    options: &ImportOptions,
) -> Result<(Dataset, c360::core::import::ImportSummary), c360::core::import::ImportProblems> {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(n, b)| InputFile { name: n, bytes: b })
        .collect();
    import_files_with(&inputs, options)
}

fn good_dataset() -> Dataset {
    import(&good_files()).unwrap().0
}

#[test]
fn the_good_set_imports_cleanly() {
    let (ds, summary) = import(&good_files()).unwrap();
    assert_eq!(ds.customers.len(), 6);
    assert_eq!(ds.transactions.len(), 36);
    assert_eq!(summary.files.len(), 6);
    assert!(summary.ignored_columns.is_empty());
}

#[test]
fn every_bad_file_is_reported_with_its_kind_and_location() {
    let manifest = fs::read_to_string(Path::new(DATA).join("bad/cases.tsv")).unwrap();
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (case, table, kind, row, column) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let mut files = good_files();
        let case_file = format!("{case}.csv");
        if let Some(dropped) = table.strip_prefix('-') {
            files.retain(|(n, _)| n != &format!("{dropped}.csv"));
        } else {
            let bytes = fs::read(Path::new(DATA).join("bad").join(&case_file)).unwrap();
            if table == "+" {
                files.push((case_file.clone(), bytes));
            } else {
                let slot = files
                    .iter_mut()
                    .find(|(n, _)| n == &format!("{table}.csv"))
                    .unwrap();
                *slot = (case_file.clone(), bytes);
            }
        }
        let err = match import(&files) {
            Err(e) => e,
            Ok(_) => panic!("{case}: imported, but should fail with {kind}"),
        };
        assert_eq!(err.kind, kind_named(kind), "{case}: {err}");
        if table.starts_with('-') {
            assert_eq!(err.file, None, "{case}");
        } else {
            assert_eq!(
                err.file.as_deref(),
                Some(case_file.as_str()),
                "{case}: {err}"
            );
        }
        let want_row = (!row.is_empty()).then(|| row.parse::<u64>().unwrap());
        assert_eq!(err.row, want_row, "{case}: {err}");
        let want_col = (!column.is_empty()).then_some(column);
        assert_eq!(err.column.as_deref(), want_col, "{case}: {err}");
        // The message a user sees names the place and says what to do.
        let msg = err.to_string();
        assert!(msg.contains("Hint:"), "{case}: {msg}");
        if let Some(c) = want_col {
            assert!(msg.contains(c), "{case}: {msg}");
        }
        checked += 1;
    }
    assert!(
        checked >= 80,
        "the corpus has at least 80 bad files, found {checked}"
    );
}

#[test]
fn headers_match_case_and_whitespace_insensitively_with_bom_crlf_quotes_and_any_order() {
    let mut files = good_files();
    // customers: BOM, CRLF, shouting headers with spaces, reordered columns, an extra column,
    // quoted fields (one with a comma inside).
    let text = "\u{feff} TENURE_YEARS ,Customer ID,age,Gender,income,occupation,City,notes\r\n\
                10,1,35,female,1200000,retired,\"Chennai\",\"likes FD, travel\"\r\n\
                11,2,45,Male,200000,Salaried,Kolkata,\r\n\
                11,3,58,Male,500000,Salaried,\"Bengaluru\",\r\n\
                8,4,45,Female,350000,self employed,Hyderabad,\r\n\
                16,5,41,Female,500000,Student,Bengaluru,\r\n\
                3,6,26,Female,350000,Salaried,Chennai,\r\n";
    files[0] = (
        "Customer Extract (final).csv".into(),
        text.as_bytes().to_vec(),
    );
    let (ds, summary) = import(&files).unwrap();
    let (good, _) = import(&good_files()).unwrap();
    let mut expected = good.customers.clone();
    expected[3].occupation = c360::core::data::Occupation::SelfEmployed;
    assert_eq!(ds.customers, expected);
    assert_eq!(
        summary.ignored_columns,
        vec!["Customer Extract (final).csv: notes".to_string()]
    );
}

#[test]
fn a_blank_trailing_line_is_not_a_row() {
    let mut files = good_files();
    files[1].1.extend_from_slice(b"\n\n");
    let (ds, _) = import(&files).unwrap();
    assert_eq!(ds.accounts.len(), 6);
}

#[test]
fn spaces_and_tabs_around_cells_are_not_part_of_the_value() {
    // Every data cell of every file padded (spaces and tabs; no-break, ideographic and
    // zero-width spaces as text pasted from a web page has them), plus a line of spaces and one
    // of no-break spaces: the same data as the clean files.
    let (clean, _) = import(&good_files()).unwrap();
    for (before, after) in [
        (" \t", "  "),
        ("\u{a0}", "\u{a0} "),
        (" \u{3000}", "\u{200b}"),
    ] {
        let padded: Vec<(String, Vec<u8>)> = good_files()
            .into_iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes).unwrap();
                let mut lines = text.lines();
                let mut out = format!("{}\n", lines.next().unwrap());
                for line in lines {
                    let cells: Vec<String> = line
                        .split(',')
                        .map(|c| format!("{before}{c}{after}"))
                        .collect();
                    out.push_str(&cells.join(","));
                    out.push('\n');
                }
                out.push_str("   \n\u{a0}\n");
                (name, out.into_bytes())
            })
            .collect();
        let (ds, _) = import(&padded).unwrap();
        assert_eq!(ds, clean, "cells padded with {before:?} … {after:?}");
    }
}

#[test]
fn export_then_import_gives_the_same_data_and_the_same_analysis() {
    for profile in [DataProfile::Realistic, DataProfile::Seed] {
        let ds = synthesize(
            &SynthParams {
                customers: 1_200,
                seed: 9,
                profile,
            }
            .check()
            .unwrap(),
        );
        let files = tables_csv(&ds).unwrap();
        assert_eq!(files.len(), 6);
        let (back, _) = import(&files).unwrap();
        let mut expected = ds.clone();
        expected.planted = None; // hidden, never exported
        assert_eq!(back, expected);
        let params = AnalysisParams {
            restarts: 3,
            ..Default::default()
        };
        let a = analyze(&ds, &params, &Policy::default()).unwrap();
        let b = analyze(&back, &params, &Policy::default()).unwrap();
        assert_eq!(a.selection, b.selection);
        assert_eq!(a.segmentation.labels, b.segmentation.labels);
        assert_eq!(a.offers, b.offers);
    }
}

#[test]
fn orphans_and_missing_rows_go_to_the_join_report_not_an_error() {
    let mut files = good_files();
    files[3].1.extend_from_slice(b"99,Auto,5000,0\n"); // loan of an unknown customer
    files[1].1 = {
        let text = String::from_utf8(files[1].1.clone()).unwrap();
        text.lines()
            .filter(|l| !l.starts_with("5,"))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    };
    let (ds, _) = import(&files).unwrap();
    let a = analyze(
        &ds,
        &AnalysisParams {
            k_min: 2,
            k_max: 3,
            restarts: 2,
            ..Default::default()
        },
        &Policy::default(),
    )
    .unwrap();
    let r = &a.prepared.join_report;
    assert_eq!(r.orphan_rows, vec![("loans".to_string(), 1)]);
    assert_eq!(r.customers_without_account, 1);
}

/// The good set with one file replaced by (or, for "+", joined by) a messy case's file.
fn with_case(dir: &str, case: &str, table: &str, file: &str) -> Vec<(String, Vec<u8>)> {
    let bytes = fs::read(Path::new(DATA).join(dir).join(case).join(file)).unwrap();
    let mut files = good_files();
    if table == "+" {
        files.push((file.to_string(), bytes));
    } else {
        let slot = files
            .iter_mut()
            .find(|(n, _)| n == &format!("{table}.csv"))
            .unwrap();
        *slot = (file.to_string(), bytes);
    }
    files
}

#[test]
fn messy_but_readable_files_give_the_same_dataset_as_the_clean_set() {
    let good = good_dataset();
    let manifest = fs::read_to_string(Path::new(DATA).join("messy/cases.tsv")).unwrap();
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (case, table, file) = (cols[0], cols[1], cols[2]);
        let files = with_case("messy", case, table, file);
        let (ds, summary) = import(&files).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(ds, good, "{case}");
        if table == "+" {
            // A stray file is skipped, and the summary says so.
            assert!(
                summary
                    .notices
                    .iter()
                    .any(|n| n.starts_with(file) && n.contains("skipped")),
                "{case}: {:?}",
                summary.notices
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}

#[test]
fn how_a_file_was_read_is_in_the_summary() {
    let notices = |case: &str, table: &str, file: &str| {
        import(&with_case("messy", case, table, file))
            .unwrap()
            .1
            .notices
    };
    let n = notices(
        "customers_utf16le_bom",
        "customers",
        "customers_utf16le_bom.csv",
    );
    assert!(n.iter().any(|n| n.contains("UTF-16")), "{n:?}");
    let n = notices(
        "accounts_semicolon_decimal_comma",
        "accounts",
        "accounts_semicolon_decimal_comma.csv",
    );
    assert!(n.iter().any(|n| n.contains("semicolon")), "{n:?}");
    let n = notices(
        "customers_cp1252_notes",
        "customers",
        "customers_cp1252_notes.csv",
    );
    assert!(
        n.iter()
            .any(|n| n.contains("Windows-1252") && n.contains("row 2") && n.contains("remarque")),
        "{n:?}"
    );
    let n = notices(
        "transactions_cr_only",
        "transactions",
        "transactions_cr_only.csv",
    );
    assert!(n.iter().any(|n| n.contains("CR")), "{n:?}");
}

#[test]
fn a_messy_file_gives_the_same_analysis() {
    let files = with_case(
        "messy",
        "customers_utf16be_bom",
        "customers",
        "customers_utf16be_bom.csv",
    );
    let (ds, _) = import(&files).unwrap();
    let params = AnalysisParams {
        k_min: 2,
        k_max: 3,
        restarts: 2,
        ..Default::default()
    };
    let a = analyze(&good_dataset(), &params, &Policy::default()).unwrap();
    let b = analyze(&ds, &params, &Policy::default()).unwrap();
    assert_eq!(a.segmentation.labels, b.segmentation.labels);
    assert_eq!(a.offers, b.offers);
}

#[test]
fn an_import_collects_every_problem_in_every_file() {
    let mut files = good_files();
    let customers = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = customers
        .replace("2,45.0,Male", "2,forty,Male")
        .replace("Bengaluru,16.0", "Bengaluru,160")
        .into_bytes();
    files[3].1.extend_from_slice(b"6,Boat,1e13,0\n");
    let p = import_with(&files, &ImportOptions::default()).unwrap_err();
    let found: Vec<(ErrorKind, Option<u64>, Option<&str>)> = p
        .errors
        .iter()
        .map(|e| (e.kind, e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (ErrorKind::WrongType, Some(3), Some("age")),
            (ErrorKind::OutOfRange, Some(6), Some("tenure_years")),
            (ErrorKind::WrongType, Some(3), Some("loan_type")),
        ]
    );
    assert!(p.all_row_level());
    let text = p.to_string();
    assert!(text.starts_with("3 problems found"), "{text}");
    assert!(text.contains("--skip-bad-rows"), "{text}");
    // The strict API still answers with the first.
    assert_eq!(import(&files).unwrap_err(), p.errors[0]);
}

#[test]
fn problems_are_capped_per_file_and_the_rest_counted() {
    let mut files = good_files();
    let mut t = String::from_utf8(files[5].1.clone()).unwrap();
    for i in 0..200 {
        t.push_str(&format!("{},9,1,1,1,1\n", i % 6 + 1));
    }
    files[5].1 = t.into_bytes();
    let p = import_with(&files, &ImportOptions::default()).unwrap_err();
    assert_eq!(p.errors.len(), MAX_PROBLEMS_PER_FILE);
    assert_eq!(
        p.unlisted,
        vec![("transactions.csv".to_string(), 200 - MAX_PROBLEMS_PER_FILE)]
    );
    assert_eq!(p.total(), 200);
    assert!(p.to_string().contains("150 more problems"));
}

#[test]
fn skipping_bad_rows_leaves_them_out_lists_them_and_renders_them_as_csv() {
    let mut files = good_files();
    let customers = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = customers
        .replace("2,45.0,Male", "2,forty,Male")
        .replace("6,26.0,Female", "=6,26.0,Femme")
        .into_bytes();
    files[5].1.extend_from_slice(b"1,7,1,1,1,1\n");
    let options = ImportOptions {
        skip_bad_rows: true,
        ..Default::default()
    };
    let (ds, summary) = import_with(&files, &options).unwrap();
    let good = good_dataset();
    assert_eq!(ds.customers.len(), 4);
    assert!(
        ds.customers
            .iter()
            .all(|c| c.customer_id != "2" && c.customer_id != "=6")
    );
    // Customer 2's rows in the other tables are left out with it (not reported as rows of an
    // unknown customer), and the summary says so.
    fn tx_ids(d: &Dataset) -> Vec<&str> {
        d.transactions
            .iter()
            .map(|t| t.customer_id.as_str())
            .collect()
    }
    let mut expected = tx_ids(&good);
    expected.retain(|id| *id != "2");
    assert_eq!(tx_ids(&ds), expected);
    assert!(ds.transactions.len() < good.transactions.len());
    assert!(ds.accounts.iter().all(|a| a.customer_id != "2"));
    let left_out = summary
        .notices
        .iter()
        .find(|n| n.contains("customers left out"))
        .unwrap_or_else(|| panic!("{:?}", summary.notices));
    assert!(
        left_out.starts_with("8 rows of other tables belonged to the 2 customers left out"),
        "{left_out}"
    );
    let skipped: Vec<(&str, Option<u64>, Option<&str>)> = summary
        .skipped_rows
        .iter()
        .map(|e| (e.file.as_deref().unwrap(), e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("customers.csv", Some(3), Some("age")),
            ("customers.csv", Some(7), Some("gender")),
            ("transactions.csv", Some(38), Some("month")),
        ]
    );
    let csv = skipped_rows_csv(&summary.skipped_rows);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "file,row,column,problem,detail,what_to_do");
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("customers.csv,3,age,wrong type,"),
        "{csv}"
    );
    // Read back by a CSV reader: same fields.
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.records().count(), 3);
    // Problems that are not in a row still stop the import.
    let mut files = good_files();
    files[0].1 = b"customer_id,age\n1,2\n".to_vec();
    assert!(import_with(&files, &options).is_err());
}

#[test]
fn a_header_can_be_mapped_to_our_column() {
    let mut files = good_files();
    let customers = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = customers
        .replacen(",income,", ",Annual Income,", 1)
        .replacen("tenure_years", "Years_With_Bank", 1)
        .into_bytes();
    let e = import(&files).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingColumn);
    assert!(e.detail.contains("Annual Income"), "{e}");
    // The error offers the file's unmatched headers as mappings (the app's choice list).
    assert_eq!(
        e.mapping_choices(),
        vec![
            ColumnMapping::new(TableKind::Customers, "Annual Income", "income").unwrap(),
            ColumnMapping::new(TableKind::Customers, "Years_With_Bank", "income").unwrap(),
        ]
    );
    let mappings = parse_mappings(
        "# our extract\ncustomers.Annual_Income=income\n\ncustomers.years with bank = tenure_years\n",
    )
    .unwrap();
    assert_eq!(
        mappings[0],
        ColumnMapping::new(TableKind::Customers, "Annual_Income", "income").unwrap()
    );
    let options = ImportOptions {
        mappings: mappings.clone(),
        ..Default::default()
    };
    let (ds, summary) = import_with(&files, &options).unwrap();
    assert_eq!(ds, good_dataset());
    assert!(summary.notices.iter().any(|n| n.contains("read as income")));
    // The app remembers mappings as JSON; the same list reads back.
    let json = serde_json::to_string(&mappings).unwrap();
    assert!(json.contains("\"table\":\"customers\""), "{json}");
    assert_eq!(parse_mappings(&json).unwrap(), mappings);
    // A mapping to a column the table does not have is refused.
    for bad in [
        "customers.Annual_Income=salary",
        "clients.x=income",
        "customers.x",
        "income",
    ] {
        let e = ColumnMapping::parse(bad).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadMapping, "{bad}");
    }
}

#[test]
fn cells_escaped_against_csv_injection_read_back_as_written() {
    // What a CSV writer following OWASP writes for text cells starting with = + - @ tab CR.
    let ids = ["=1", "+2", "-3", "@4", "\t5", "=HYPERLINK(\"x\")"];
    let escape = |id: &str| format!("\"'{}\"", id.replace('"', "\"\""));
    let mut files = good_files();
    for (_, bytes) in files.iter_mut() {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                out.push_str(line);
            } else {
                let (id, rest) = line.split_once(',').unwrap();
                let n: usize = id.parse().unwrap();
                out.push_str(&format!("{},{rest}", escape(ids[n - 1])));
            }
            out.push('\n');
        }
        *bytes = out.into_bytes();
    }
    let (ds, _) = import(&files).unwrap();
    let got: Vec<&str> = ds
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    assert_eq!(got, ids);
    assert!(
        ds.transactions
            .iter()
            .all(|t| ids.contains(&t.customer_id.as_str()))
    );
    // Exactly one quote is dropped, and only before those characters (or before quotes that
    // precede one: the exporter quotes "'=1" once more, as "''=1").
    assert_eq!(c360::core::import::unescape_cell("''=1"), "'=1");
    assert_eq!(c360::core::import::unescape_cell("'"), "'");
    assert_eq!(c360::core::import::unescape_cell("'abc"), "'abc");
    assert_eq!(c360::core::import::unescape_cell("'-3"), "-3");
}

/// The CLI: `--map`, `--skip-bad-rows`, every problem on standard error, stray files noted.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_cli_maps_headers_lists_every_problem_and_skips_bad_rows_on_request() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("c360-import-cli-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    for (name, bytes) in good_files() {
        fs::write(data.join(name), bytes).unwrap();
    }
    let customers = fs::read_to_string(data.join("customers.csv")).unwrap();
    fs::write(
        data.join("customers.csv"),
        customers.replacen(",income,", ",Annual Income,", 1),
    )
    .unwrap();
    let mut tx = fs::read(data.join("transactions.csv")).unwrap();
    tx.extend_from_slice(b"1,9,1,1,1,1\n2,1,inf,1,1,1\n");
    fs::write(data.join("transactions.csv"), tx).unwrap();
    fs::write(
        data.join("~$customers.csv"),
        b"\x0aAsha\0\0\0\0\0\0\0\0\0\0",
    )
    .unwrap();
    let out = dir.join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "analyze",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--k-max",
            "3",
            "--restarts",
            "2",
        ];
        args.extend_from_slice(extra);
        let o = Command::new(env!("CARGO_BIN_EXE_c360"))
            .args(&args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (ok, err) = run(&[]);
    assert!(!ok);
    assert!(
        err.contains("customers.csv:1:income: missing column"),
        "{err}"
    );
    assert!(err.contains("Annual Income"), "{err}");
    let (ok, err) = run(&["--map", "customers.Annual Income=income"]);
    assert!(!ok);
    assert!(err.contains("2 problems found"), "{err}");
    assert!(err.contains("transactions.csv:38:month"), "{err}");
    assert!(err.contains("transactions.csv:39:shopping_spend"), "{err}");
    assert!(err.contains("--skip-bad-rows"), "{err}");
    let (ok, err) = run(&["--map", "customers.Annual Income=income", "--skip-bad-rows"]);
    assert!(ok, "{err}");
    assert!(err.contains("note: ~$customers.csv: skipped"), "{err}");
    assert!(err.contains("2 rows with a problem were left out"), "{err}");
    let skipped = fs::read_to_string(out.join("skipped_rows.csv")).unwrap();
    assert_eq!(skipped.lines().count(), 3, "{skipped}");
    let summary = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("\"skipped_rows\": 2"), "{summary}");
    let (ok, err) = run(&["--map", "customers.Annual Income=salary"]);
    assert!(!ok);
    assert!(err.contains("bad column mapping"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

/// The app's import path (src/app/import.rs, free of the browser): a problem in a row can be skipped on
/// request; the rows left out are listed; stray files are skipped with a notice.
#[test]
fn the_app_offers_to_skip_rows_in_error_and_lists_them() {
    use c360::app::import::{
        ImportFailure, ImportHost, ImportProgress, LoadedFile, can_skip_rows, import_loaded_with,
    };
    struct Quiet;
    impl ImportHost for Quiet {
        fn report(&self, _: ImportProgress) {}
        async fn pause(&self) {}
        async fn paint(&self) {}
        fn now(&self) -> f64 {
            0.0
        }
    }
    let run = |files: &[(String, Vec<u8>)], skip_bad_rows: bool| {
        let loaded = files
            .iter()
            .map(|(n, b)| LoadedFile::new(n.clone(), b.clone()))
            .collect();
        let options = ImportOptions {
            skip_bad_rows,
            ..Default::default()
        };
        futures::executor::block_on(import_loaded_with(loaded, &Quiet, &options))
    };
    let mut files = good_files();
    let customers = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = customers.replace("2,45.0,Male", "2,1e13,Male").into_bytes();
    files.push((
        "~$customers.csv".into(),
        b"\x0aAsha\0\0\0\0\0\0\0\0\0\0".to_vec(),
    ));
    let err = run(&files, false).unwrap_err();
    assert!(can_skip_rows(&err), "{err}");
    let ImportFailure::Invalid(e) = &err else {
        panic!("{err}")
    };
    assert_eq!((e.row, e.column.as_deref()), (Some(3), Some("age")));
    let data = run(&files, true).unwrap();
    assert_eq!(data.dataset.customers.len(), 5);
    assert_eq!(data.summary.skipped_rows.len(), 1);
    assert!(data.summary.notices[0].starts_with("~$customers.csv: skipped"));
    // A problem that is not in a row cannot be skipped.
    let mut files = good_files();
    files[0].1 = b"customer_id,age\n1,2\n".to_vec();
    assert!(!can_skip_rows(&run(&files, false).unwrap_err()));
    // Several problems, in several files: the first is shown, the others listed.
    let mut files = good_files();
    let customers = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = customers.replace("2,45.0,Male", "2,1e13,Male").into_bytes();
    files[5].1.extend_from_slice(b"1,7,1,1,1,1\n");
    let err = run(&files, false).unwrap_err();
    assert!(matches!(err, ImportFailure::Many(_)), "{err:?}");
    assert_eq!(
        err.location().as_deref(),
        Some("customers.csv, row 3, column age")
    );
    let (others, unlisted) = err.others();
    assert_eq!(unlisted, 0);
    assert_eq!(
        others.iter().map(|e| e.location()).collect::<Vec<_>>(),
        vec!["transactions.csv, row 38, column month".to_string()]
    );
    assert!(can_skip_rows(&err));
    assert_eq!(run(&files, true).unwrap().summary.skipped_rows.len(), 2);
}

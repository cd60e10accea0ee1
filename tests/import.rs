//! CSV import: the bad-file corpus (each error's kind and location), format variants that must
//! be accepted, and the round trip synth → export → import.

use std::fs;
use std::path::Path;

use c360::core::data::Dataset;
use c360::core::export::tables_csv;
use c360::core::import::{ErrorKind, ImportError, InputFile, TableKind, import_files};
use c360::core::offers::OfferConfig;
use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::synth::{Profile, SynthParams, synthesize};

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
    use ErrorKind::*;
    [
        MissingFile,
        DuplicateTable,
        UnrecognisedFile,
        EmptyFile,
        NotCsv,
        MissingColumn,
        MalformedRow,
        EmptyValue,
        WrongType,
        OutOfRange,
        DuplicateId,
        NoCustomers,
    ]
    .into_iter()
    .find(|k| format!("{k:?}") == s)
    .unwrap_or_else(|| panic!("unknown kind {s}"))
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
        checked >= 30,
        "the corpus has at least 30 bad files, found {checked}"
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
fn export_then_import_gives_the_same_data_and_the_same_analysis() {
    for profile in [Profile::Realistic, Profile::Seed] {
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
        let a = analyze(&ds, &params, &OfferConfig::default()).unwrap();
        let b = analyze(&back, &params, &OfferConfig::default()).unwrap();
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
        &OfferConfig::default(),
    )
    .unwrap();
    let r = &a.prepared.join_report;
    assert_eq!(r.orphan_rows, vec![("loans".to_string(), 1)]);
    assert_eq!(r.customers_without_account, 1);
}

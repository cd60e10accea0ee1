//! Reading the six tables a block at a time (`core::import::stream`, what `c360 score` does on a
//! folder) gives what reading them whole and joining gives: the same Customer 360 rows, join
//! report and import summary, or the same problems, whatever the block size — on the exported
//! synthetic tables and on files made awkward the ways real extracts are (CRLF, a byte-order
//! mark, quoted cells with commas, quotes and line breaks, blank lines, bad rows deep in a file,
//! a customer id given twice blocks apart, orphan rows, skipped customers). Files that must be
//! read whole (another encoding, CR-only line ends, NUL bytes) are refused.

use std::io::Cursor;

use c360::core::c360::{check_rows, join_customer_360};
use c360::core::export::tables_csv;
use c360::core::import::stream::{is_streamable, join_streamed};
use c360::core::import::{ImportOptions, InputFile, assign_files_with, import_files_with};
use c360::core::synth::{DataProfile, SynthParams, synthesize};

type Files = Vec<(String, Vec<u8>)>;

fn synthetic(customers: usize, seed: u64) -> Files {
    let ds = synthesize(
        &SynthParams {
            customers,
            seed,
            profile: DataProfile::Seed,
        }
        .check()
        .unwrap(),
    );
    tables_csv(&ds).unwrap()
}

fn edit(files: &mut Files, name: &str, f: impl FnOnce(String) -> String) {
    let file = files.iter_mut().find(|(n, _)| n == name).unwrap();
    file.1 = f(String::from_utf8(file.1.clone()).unwrap()).into_bytes();
}

/// Line `n` (1-based, the header is 1) of a text replaced by `with`.
fn replace_line(text: String, n: usize, with: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    lines[n - 1] = with.to_string();
    lines.join("\n")
}

/// Whole, then streamed at each block size: the same outcome, compared in full.
fn same_either_way(files: &Files, options: &ImportOptions) {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let whole = import_files_with(&inputs, options).map(|(ds, summary)| {
        let joined = join_customer_360(&ds).map_err(|e| e.to_string());
        (joined, summary)
    });
    let assigned = assign_files_with(&inputs, options).expect("the six tables");
    let tables: Vec<_> = assigned
        .tables
        .iter()
        .map(|(k, f)| (*k, f.name.to_string()))
        .collect();
    let open = |name: &str| {
        let bytes = files.iter().find(|(n, _)| n == name).unwrap().1.clone();
        Ok(Cursor::new(bytes))
    };
    for block in [1, 7, 100, 1000, 64 * 1024, 8 << 20] {
        let streamed = join_streamed(&tables, assigned.notices.clone(), open, options, block)
            .unwrap()
            .expect("plain files stream");
        match (&whole, streamed) {
            (Ok((joined, summary)), Ok(s)) => {
                assert_eq!(&s.summary, summary, "summary, blocks of {block}");
                let streamed = check_rows(&s.sizes, (s.rows, s.report)).map_err(|e| e.to_string());
                match (joined, streamed) {
                    (Ok((rows, report)), Ok((srows, sreport))) => {
                        assert_eq!(&srows, rows, "rows, blocks of {block}");
                        assert_eq!(&sreport, report, "join report, blocks of {block}");
                    }
                    (Err(a), Err(b)) => assert_eq!(&b, a, "join error, blocks of {block}"),
                    (a, b) => panic!("blocks of {block}: whole {a:?}, streamed {b:?}"),
                }
            }
            (Err(problems), Err(p)) => assert_eq!(&p, problems, "problems, blocks of {block}"),
            (Ok(_), Err(p)) => panic!("blocks of {block}: only streamed failed: {p}"),
            (Err(p), Ok(_)) => panic!("blocks of {block}: only whole failed: {p}"),
        }
    }
}

fn strict() -> ImportOptions {
    ImportOptions::default()
}

fn skipping() -> ImportOptions {
    ImportOptions {
        skip_bad_rows: true,
        ..ImportOptions::default()
    }
}

#[test]
fn exported_tables_stream_to_the_same_customer_360() {
    for (customers, seed) in [(1, 3), (40, 5), (700, 9)] {
        same_either_way(&synthetic(customers, seed), &strict());
    }
}

#[test]
fn awkward_files_stream_to_the_same_result() {
    let mut files = synthetic(300, 11);
    // CRLF line ends and a byte-order mark in accounts; blank lines in loans.
    edit(&mut files, "accounts.csv", |t| {
        format!("\u{feff}{}", t.replace('\n', "\r\n"))
    });
    edit(&mut files, "loans.csv", |t| t.replace('\n', "\n\n"));
    // Cities with a comma, a quote and a line break inside quotes; padded cells.
    edit(&mut files, "customers.csv", |t| {
        let mut out = String::new();
        for (i, line) in t.split('\n').enumerate() {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if i > 0 && cells.len() == 7 {
                cells[5] = match i % 3 {
                    0 => "\"Navi Mumbai, \"\"East\"\"\"".to_string(),
                    1 => "\"Pune\nCamp\"".to_string(),
                    _ => format!("  {}  ", cells[5]),
                };
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&cells.join(","));
        }
        out
    });
    same_either_way(&files, &strict());
    same_either_way(&files, &skipping());
}

#[test]
fn problems_deep_in_a_file_are_found_at_the_same_rows() {
    let mut files = synthetic(400, 13);
    // Bad rows far apart in transactions, a customer id given twice 250 rows apart, orphans.
    edit(&mut files, "transactions.csv", |t| {
        let t = replace_line(t, 900, "17,7,1,2,3,4");
        let t = replace_line(t, 1500, "18,1,abc,2,3,4");
        replace_line(t, 2000, "no-such-customer,1,1,2,3,4")
    });
    edit(&mut files, "customers.csv", |t| {
        let dup = t.split('\n').nth(30).unwrap().to_string();
        replace_line(t, 280, &dup)
    });
    same_either_way(&files, &strict());
    same_either_way(&files, &skipping());
    // More problems than the cap on one file: the same listed, the same counted.
    let mut many = synthetic(300, 17);
    edit(&mut many, "transactions.csv", |t| {
        (2..400)
            .step_by(3)
            .fold(t, |t, n| replace_line(t, n, "1,9,1,1,1,1"))
    });
    same_either_way(&many, &strict());
    same_either_way(&many, &skipping());
    // A cap smaller than the problems of one block.
    let few = ImportOptions {
        max_problems_per_file: 3,
        ..ImportOptions::default()
    };
    same_either_way(&many, &few);
}

/// Rows end where the csv reader ends them, not at every line break: a quote inside an unquoted
/// cell is a character, a quoted cell may hold line breaks after such quotes, and runs of blank
/// lines (LF or CRLF) are numbered as the whole reader numbers them.
#[test]
fn rows_end_where_the_csv_reader_ends_them() {
    let mut files = synthetic(300, 23);
    edit(&mut files, "customers.csv", |t| {
        let mut out = String::new();
        for (i, line) in t.split('\n').enumerate() {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if cells.len() == 7 {
                if i == 0 {
                    cells.push("size (12\")".to_string());
                } else {
                    cells[5] = match i % 5 {
                        0 => "Pune\"East".to_string(),
                        1 => "\"New\nDelhi\"".to_string(),
                        2 => "Goa\"".to_string(),
                        _ => cells[5].clone(),
                    };
                    cells.push(if i % 7 == 0 { "5'11\"" } else { "" }.to_string());
                }
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&cells.join(","));
        }
        out
    });
    same_either_way(&files, &strict());
    same_either_way(&files, &skipping());
    for ends in [
        "\n\n\n",
        "\r\n\r\n",
        "\r\n\r\n\r\n",
        "\r\n \r\n\n",
        "\n \n\r\n",
    ] {
        let mut files = synthetic(200, 29);
        edit(&mut files, "transactions.csv", |t| {
            let t = replace_line(t, 20, "1,9,1,1,1,1");
            let t = replace_line(t, 700, "2,9,1,1,1,1");
            t.replace('\n', ends)
        });
        same_either_way(&files, &strict());
        same_either_way(&files, &skipping());
    }
}

#[test]
fn files_that_must_be_read_whole_are_refused() {
    let plain = b"customer_id,month\n1,2\n".to_vec();
    assert!(is_streamable(Cursor::new(&plain)).unwrap());
    let crlf_bom = b"\xEF\xBB\xBFcustomer_id,month\r\n1,2\r\n".to_vec();
    assert!(is_streamable(Cursor::new(&crlf_bom)).unwrap());
    // A multi-byte character cut across the stream's reads is still UTF-8.
    let long = format!("id,city\n{}", "1,Bogotá\n".repeat(200_000)).into_bytes();
    assert!(is_streamable(Cursor::new(&long)).unwrap());
    for refused in [
        b"customer_id,city\n1,S\xe3o Paulo\n".to_vec(), // Windows-1252
        b"\xFF\xFEc\0u\0\n\0".to_vec(),                 // UTF-16
        b"customer_id,month\r1,2\r".to_vec(),           // CR alone
        b"customer_id,month\n1,\x002\n".to_vec(),       // NUL
        b"customer_id,month\r1,2\n3,4\n".to_vec(),      // a lone CR among LFs
    ] {
        assert!(
            !is_streamable(Cursor::new(&refused)).unwrap(),
            "{:?}",
            String::from_utf8_lossy(&refused)
        );
    }
    // A table in Windows-1252 among the six: the whole reader is asked for instead.
    let mut files = synthetic(20, 19);
    edit(&mut files, "customers.csv", |t| t);
    let file = files
        .iter_mut()
        .find(|(n, _)| n == "customers.csv")
        .unwrap();
    let at = file.1.len() - 2;
    file.1.insert(at, 0xe3);
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let assigned = assign_files_with(&inputs, &strict()).unwrap();
    let tables: Vec<_> = assigned
        .tables
        .iter()
        .map(|(k, f)| (*k, f.name.to_string()))
        .collect();
    let open = |name: &str| {
        let bytes = files.iter().find(|(n, _)| n == name).unwrap().1.clone();
        Ok(Cursor::new(bytes))
    };
    assert!(
        join_streamed(&tables, Vec::new(), open, &strict(), 100)
            .unwrap()
            .is_none()
    );
}

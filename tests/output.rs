//! What we write: CSV text cells safe from spreadsheet formulas (OWASP CSV injection), and
//! export → import round trips.

use c360::core::data::Dataset;
use c360::core::export::{csv_text, customers_csv, tables_csv};
use c360::core::import::{InputFile, import_files, unescape_cell};
use c360::core::offers::OfferConfig;
use c360::core::pipeline::{Analysis, AnalysisParams, analyze};
use c360::core::synth::{Profile, SynthParams, synthesize};

/// Ids a spreadsheet would run as formulas, or that begin with a hidden tab or carriage return.
const HOSTILE_IDS: [&str; 7] = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "@SUM(1+1)",
    "+1-2",
    "-7",
    "\tTAB",
    "\rCR",
    "=1+1",
];

fn synth(customers: usize, seed: u64) -> Dataset {
    synthesize(
        &SynthParams {
            customers,
            seed,
            profile: Profile::Seed,
        }
        .check()
        .unwrap(),
    )
}

/// `ds` with the first customers renamed to [`HOSTILE_IDS`] in every table, and hostile cities.
fn hostile(mut ds: Dataset) -> Dataset {
    let rename = |id: &mut String| {
        if let Ok(i) = id.parse::<usize>()
            && (1..=HOSTILE_IDS.len()).contains(&i)
        {
            *id = HOSTILE_IDS[i - 1].to_string();
        }
    };
    for c in &mut ds.customers {
        rename(&mut c.customer_id);
    }
    ds.customers[0].city = "=cmd|' /C calc'!A0".into();
    ds.customers[1].city = "-Pune".into();
    for a in &mut ds.accounts {
        rename(&mut a.customer_id);
    }
    for r in &mut ds.credit_cards {
        rename(&mut r.customer_id);
    }
    for r in &mut ds.loans {
        rename(&mut r.customer_id);
    }
    for r in &mut ds.investments {
        rename(&mut r.customer_id);
    }
    for r in &mut ds.transactions {
        rename(&mut r.customer_id);
    }
    ds
}

fn run(ds: &Dataset) -> Analysis {
    let params = AnalysisParams {
        restarts: 2,
        k_max: 4,
        ..AnalysisParams::default()
    };
    analyze(ds, &params, &OfferConfig::default()).unwrap()
}

fn customers_csv_of(a: &Analysis) -> String {
    let p = &a.prepared;
    let s = &a.segmentation;
    let all: Vec<usize> = (0..p.rows.len()).collect();
    let bytes = customers_csv(
        &p.rows,
        &p.features,
        &s.labels,
        &s.segments,
        &a.offers,
        &all,
    )
    .unwrap();
    String::from_utf8(bytes).unwrap()
}

fn records(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    (header, r.records().map(|x| x.unwrap()).collect())
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// No cell of `recs` (in the text columns `text_cols`) begins with a formula trigger.
fn assert_no_formula(recs: &[csv::StringRecord], text_cols: &[usize], what: &str) {
    for r in recs {
        for &c in text_cols {
            let cell = &r[c];
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: cell {cell:?} would run as a formula"
            );
        }
    }
}

#[test]
fn csv_text_quotes_exactly_the_formula_triggers() {
    for t in HOSTILE_IDS {
        assert_eq!(csv_text(t), format!("'{t}"));
        // The importer's inverse gives the text back.
        assert_eq!(unescape_cell(&csv_text(t)), t);
    }
    for t in ["7", "A-1", "Pune", "", "'quoted", " =x", "0007", "1e5"] {
        assert_eq!(csv_text(t), t, "{t:?} is left alone");
        assert_eq!(unescape_cell(&csv_text(t)), t);
    }
}

#[test]
fn customers_csv_writes_hostile_text_as_text_and_numbers_as_numbers() {
    let mut ds = hostile(synth(60, 3));
    // An overdrawn account: a negative number must stay a number.
    ds.accounts[2].avg_balance = -1500.0;
    let a = run(&ds);
    let text = customers_csv_of(&a);
    let (header, recs) = records(&text);
    let id = column(&header, "customer_id");
    let text_cols = [
        id,
        column(&header, "segment"),
        column(&header, "offer"),
        column(&header, "reason"),
        column(&header, "wealth_tier"),
    ];
    assert_no_formula(&recs, &text_cols, "customers.csv");
    let ids: Vec<&str> = recs.iter().map(|r| &r[id]).collect();
    for t in HOSTILE_IDS {
        assert!(ids.contains(&format!("'{t}").as_str()), "{t:?} quoted");
    }
    // The overdrawn balance is a plain negative number.
    let bal = column(&header, "avg_balance");
    let row = recs
        .iter()
        .find(|r| &r[id] == "'-7" || r[id] == *"3")
        .unwrap();
    assert!(row[bal].parse::<f64>().is_ok(), "{}", &row[bal]);
    assert!(
        recs.iter().any(|r| &r[bal] == "-1500"),
        "negative stays a number"
    );
}

#[test]
fn exported_tables_quote_hostile_text_and_import_back_to_the_same_data() {
    let mut overdrawn = hostile(synth(40, 9));
    overdrawn.accounts[2].avg_balance = -1500.0;
    let tables = tables_csv(&overdrawn).unwrap();
    for (name, bytes) in &tables {
        let text = std::str::from_utf8(bytes).unwrap();
        let (header, recs) = records(text);
        let mut cols = vec![column(&header, "customer_id")];
        if name.starts_with("customers") {
            cols.push(column(&header, "city"));
        }
        assert_no_formula(&recs, &cols, name);
        for r in &recs {
            for (h, cell) in header.iter().zip(r.iter()) {
                if !cols.contains(&column(&header, h)) && cell.starts_with('-') {
                    assert!(
                        cell.parse::<f64>().is_ok(),
                        "{name}: {h} {cell:?} is a number"
                    );
                }
            }
        }
    }
    let accounts = std::str::from_utf8(&tables[1].1).unwrap();
    assert!(accounts.contains(",-1500.0,") || accounts.contains(",-1500,"));

    // The importer refuses negative amounts, so the round trip is on the data without one.
    let ds = hostile(synth(40, 9));
    let tables = tables_csv(&ds).unwrap();
    let inputs: Vec<InputFile<'_>> = tables
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let (back, _) = import_files(&inputs).expect("our own export imports");
    let mut expected = ds.clone();
    expected.planted = None;
    assert_eq!(back, expected, "export → import gives the same data");
}

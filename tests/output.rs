//! What we write: CSV text cells safe from spreadsheet formulas (OWASP CSV injection), numbers
//! with the precision a reader expects, and export → import round trips.

use c360::cli::summary_json;
use c360::core::data::Dataset;
use c360::core::export::{Numbers, csv_text, decimal, fixed, money, round_to, tables_csv};
use c360::core::import::{InputFile, import_files, unescape_cell};
use c360::core::pipeline::{Analysis, AnalysisParams, analyze};
use c360::core::policy::Policy;
use c360::core::synth::{DataProfile, SynthParams, synthesize};

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
            profile: DataProfile::Seed,
        }
        .check()
        .unwrap(),
    )
}

/// `ds` with the first customers renamed to [`HOSTILE_IDS`] in every table, and hostile cities.
fn hostile(mut ds: Dataset) -> Dataset {
    let rename = |id: &mut c360::core::data::CustomerId| {
        if let Ok(i) = id.parse::<usize>()
            && (1..=HOSTILE_IDS.len()).contains(&i)
        {
            *id = HOSTILE_IDS[i - 1].into();
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
    analyze(ds, &params, &Policy::default()).unwrap()
}

fn customers_csv_of(a: &Analysis) -> String {
    let all: Vec<usize> = (0..a.prepared.rows.len()).collect();
    let bytes = a.view().to_csv(&all).unwrap();
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
    // A text that itself begins with a quote before a trigger keeps it through the round trip.
    for t in ["'=1+1", "''@x"] {
        assert_eq!(csv_text(t), format!("'{t}"));
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

/// Decimals written after the point of a number cell (0 for an integer).
fn decimals(cell: &str) -> usize {
    cell.split_once('.').map_or(0, |(_, d)| d.len())
}

#[test]
fn numbers_are_written_to_the_paisa_or_six_places() {
    assert_eq!(money(840.0000000000001), "840");
    assert_eq!(money(1234.5), "1234.5");
    assert_eq!(money(0.07), "0.07");
    assert_eq!(money(-1500.0), "-1500");
    assert_eq!(money(-0.001), "0");
    assert_eq!(decimal(0.49400000000000005), "0.494");
    assert_eq!(decimal(0.1 + 0.2), "0.3");
    assert_eq!(decimal(2.0 / 3.0), "0.666667");
    assert_eq!(decimal(12.0), "12");
    assert_eq!(fixed(f64::NAN, 2), "");
    assert_eq!(round_to(0.49400000000000005, 6).to_string(), "0.494");
    assert_eq!(round_to(1e300, 2), 1e300);
}

/// Values of every size, sign and number of digits (including halves, values just off a
/// rounding step, -0, whole numbers beyond 2⁵³ and any positive double).
fn awkward_values() -> Vec<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values = vec![
        0.0,
        -0.0,
        0.5,
        1.5,
        2.5,
        0.125,
        1e-7,
        -1e-7,
        0.0000005,
        999_999_999.999_999_5,
        1e9,
        -1e9,
        1e15 + 0.3,
        123.456_789_5,
        9_007_199_254_740_992.0,
        9_007_199_254_740_994.0,
        -9_007_199_254_740_991.0,
        1e16,
        1e300,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ];
    for _ in 0..200_000 {
        let bits = next();
        let digits = (bits % 9) as i32; // 0..8 decimals
        let magnitude = 10f64.powi((bits >> 8) as i32 % 12 - 3);
        let raw = (next() % 10_000_000) as f64 / 10f64.powi(digits) * magnitude;
        let v = if bits & (1 << 40) == 0 { raw } else { -raw };
        values.push(v);
        values.push(f64::from_bits(v.to_bits() + 1)); // one step off
        values.push(f64::from_bits(next() >> 2)); // any positive double
    }
    values
}

/// `fixed` takes shortcuts (whole numbers, the shortest form of a value); it must write what
/// rounding the exact value to the places and trimming writes.
#[test]
fn fixed_writes_the_rounded_value_trimmed() {
    fn rounded(v: f64, places: usize) -> String {
        let mut s = format!("{v:.places$}");
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        if s == "-0" { "0".into() } else { s }
    }
    let mut numbers = Numbers::default();
    for v in awkward_values() {
        for places in 0..=6 {
            let want = rounded(v, places);
            assert_eq!(fixed(v, places), want, "{v:?} to {places} places");
            assert_eq!(numbers.fixed(v, places), want, "{v:?} to {places} places");
        }
    }
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(numbers.fixed(v, 2), "", "{v} is an empty cell");
    }
}

/// The propensities are written in their shortest exact form through integer and Ryū shortcuts:
/// the same text as `format!("{v}")`, which reads back as the same value.
#[test]
fn shortest_writes_what_format_writes() {
    let mut numbers = Numbers::default();
    for v in awkward_values() {
        let want = format!("{v}");
        assert_eq!(numbers.shortest(v), want, "{v:?}");
        assert_eq!(want.parse::<f64>().unwrap().to_bits(), v.to_bits());
    }
}

#[test]
fn customers_csv_has_no_float_noise() {
    for seed in [1, 2] {
        let a = run(&synth(1500, seed));
        let text = customers_csv_of(&a);
        assert!(
            !text.contains("0000000") && !text.contains("9999999"),
            "float noise"
        );
        let (header, recs) = records(&text);
        let money_cols = [
            "expected_revenue",
            "income",
            "avg_balance",
            "total_investments",
        ];
        for r in &recs {
            for (h, cell) in header.iter().zip(r.iter()) {
                if let Ok(v) = cell.parse::<f64>() {
                    assert!(v.is_finite(), "{h}: {cell}");
                    let places = if money_cols.contains(&h.as_str()) {
                        2
                    } else {
                        6
                    };
                    assert!(decimals(cell) <= places, "{h}: {cell}");
                }
            }
        }
        // The written revenue is the analysis's, to the paisa.
        let rev = column(&header, "expected_revenue");
        let written: f64 = recs.iter().map(|r| r[rev].parse::<f64>().unwrap()).sum();
        let total: f64 = a.offers.iter().map(|o| o.expected_revenue).sum();
        assert!((written - total).abs() < 0.005 * recs.len() as f64);
    }
}

#[test]
fn summary_json_numbers_are_rounded() {
    let a = run(&synth(1500, 1));
    let s = summary_json(&a);
    let text = serde_json::to_string(&s["segments"]).unwrap();
    assert!(
        !text.contains("0000000") && !text.contains("9999999"),
        "float noise in {text}"
    );
    for g in s["segments"].as_array().unwrap() {
        for (f, v) in g["centroid"].as_object().unwrap() {
            let t = v.to_string();
            assert!(decimals(&t) <= 6, "centroid {f}: {t}");
        }
    }
    for o in s["offers"].as_array().unwrap() {
        let t = o["expected_revenue"].to_string();
        assert!(decimals(&t) <= 2, "{t}");
    }
    assert!(decimals(&s["expected_revenue_total"].to_string()) <= 2);
}

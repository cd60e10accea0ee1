//! The exported model (src/core/model.rs): read back bit for bit, scores the customers it was
//! fitted on exactly as the analysis did, assigns the nearest centre like a brute-force search
//! (ties to the lowest index), and refuses a broken or foreign file with a message that says why.

use c360::core::model::{MODEL_VERSION, Model, SCORE_COLUMNS};
use c360::core::pipeline::{Analysis, AnalysisParams, analyze};
use c360::core::policy::{Arbitration, Policy};
use c360::core::synth::{DataProfile, SynthParams, synthesize};

fn analysis(
    customers: usize,
    seed: u64,
    profile: DataProfile,
    policy: &Policy,
) -> (Analysis, c360::core::data::Dataset) {
    let ds = synthesize(
        &SynthParams {
            customers,
            seed,
            profile,
        }
        .check()
        .unwrap(),
    );
    let a = analyze(
        &ds,
        &AnalysisParams {
            seed,
            ..AnalysisParams::default()
        },
        policy,
    )
    .unwrap();
    (a, ds)
}

fn model_of(a: &Analysis) -> Model {
    Model::new(&a.prepared, &a.segmentation, &a.propensity, &a.policy)
}

#[test]
fn scoring_the_fitted_customers_gives_the_analysis_own_segments_and_offers() {
    let ranked = Policy {
        arbitration: Arbitration::PropensityRanked,
        ..Policy::default()
    };
    for (seed, profile, policy) in [
        (3, DataProfile::Realistic, Policy::default()),
        (11, DataProfile::Seed, Policy::default()),
        (5, DataProfile::Realistic, ranked.clone()),
        (8, DataProfile::Seed, ranked),
    ] {
        let (a, ds) = analysis(2_000, seed, profile, &policy);
        let model = model_of(&a);
        let scores = model.score(&ds).unwrap();
        assert_eq!(scores.rows.len(), ds.len());
        for (i, s) in scores.rows.iter().enumerate() {
            assert_eq!(s.customer_id, a.prepared.rows[i].customer_id);
            assert_eq!(
                s.segment, a.segmentation.labels[i],
                "customer {i}, seed {seed}"
            );
            assert_eq!(s.offer, a.offers[i], "customer {i}, seed {seed}");
        }
    }
}

#[test]
fn the_file_reads_back_bit_for_bit_and_says_what_it_is() {
    let (a, _) = analysis(1_500, 21, DataProfile::Realistic, &Policy::default());
    let model = model_of(&a);
    let text = model.to_json();
    let back = Model::from_json(&text).unwrap();
    assert_eq!(back, model);
    assert_eq!(
        Model::from_json(&format!("\u{feff}{text}")).unwrap(),
        model,
        "a byte-order mark"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A file written before the models said how many customers they were validated on reads,
    // with 0 (unknown) there; this one says all 1,500.
    let mut older = v.clone();
    for m in older["propensity"].as_array_mut().unwrap() {
        assert_eq!(m["validated_on"], 1_500);
        m.as_object_mut().unwrap().remove("validated_on");
    }
    let older = Model::from_json(&older.to_string()).unwrap();
    assert!(older.propensity.iter().all(|m| m.validated_on == 0));
    assert_eq!(older.propensity[0].auc, model.propensity[0].auc);
    assert_eq!(v["format"], "c360-model");
    assert_eq!(v["version"], MODEL_VERSION);
    assert_eq!(
        v["segments"].as_array().unwrap().len(),
        a.segmentation.chosen_k
    );
    // The scaler is the analysis's own, the centres its segments' means in z units.
    assert_eq!(model.mean, a.prepared.scaler.mean.to_vec());
    for (s, seg) in model.segments.iter().zip(&a.segmentation.segments) {
        for (c, z) in s.centroid.iter().zip(&seg.z_centroid) {
            assert!(
                (c - z).abs() < 1e-9,
                "centre {c} against the segment's mean {z}"
            );
        }
    }
}

/// The nearest centre by brute force over squared distances computed another way (ndarray).
fn brute_nearest(model: &Model, raw: &[f64]) -> usize {
    let z = ndarray::Array1::from_iter(
        raw.iter()
            .zip(&model.mean)
            .zip(&model.scale)
            .map(|((x, m), s)| (x - m) / s),
    );
    let d: Vec<f64> = model
        .segments
        .iter()
        .map(|s| {
            let c = ndarray::Array1::from_vec(s.centroid.clone());
            (&z - &c).mapv(|v| v * v).sum()
        })
        .collect();
    let min = d.iter().cloned().fold(f64::INFINITY, f64::min);
    d.iter().position(|&v| v == min).unwrap()
}

#[test]
fn assignment_is_the_nearest_centre_with_ties_to_the_lowest_index() {
    let (a, _) = analysis(1_000, 4, DataProfile::Realistic, &Policy::default());
    let mut model = model_of(&a);
    let x = &a.prepared.x_raw;
    for row in x.rows() {
        let raw = row.to_vec();
        assert_eq!(model.assign(&raw), brute_nearest(&model, &raw));
    }
    // A customer exactly between two centres, and a centre written twice: the lower index wins.
    let d = model.mean.len();
    let mid: Vec<f64> = (0..d).map(|j| model.mean[j] + model.scale[j]).collect();
    model.segments.truncate(2);
    model.segments[0].centroid = vec![0.0; d];
    model.segments[1].centroid = vec![2.0; d];
    assert_eq!(model.assign(&mid), 0);
    model.segments.swap(0, 1);
    assert_eq!(model.assign(&mid), 0);
    let copy = model.segments[0].clone();
    model.segments.insert(0, copy);
    assert_eq!(model.assign(&mid), 0);
}

#[test]
fn a_broken_or_foreign_file_is_refused_with_the_reason() {
    let (a, _) = analysis(800, 2, DataProfile::Seed, &Policy::default());
    let good: serde_json::Value = serde_json::from_str(&model_of(&a).to_json()).unwrap();
    let refuse = |edit: &dyn Fn(&mut serde_json::Value), expect: &str| {
        let mut v = good.clone();
        edit(&mut v);
        let err = Model::from_json(&v.to_string()).unwrap_err().to_string();
        assert!(err.contains(expect), "{err:?} should say {expect:?}");
    };
    assert!(
        Model::from_json("not json")
            .unwrap_err()
            .to_string()
            .contains("not a JSON file")
    );
    assert!(
        Model::from_json(&Policy::default().to_json())
            .unwrap_err()
            .to_string()
            .contains("not a c360 model")
    );
    refuse(
        &|v| v["version"] = serde_json::json!(MODEL_VERSION + 1),
        "newer than this program reads",
    );
    refuse(
        &|v| v["scale"][3] = serde_json::json!(0.0),
        "scale must be a positive number",
    );
    refuse(&|v| v["mean"] = serde_json::json!([1.0]), "12 numbers each");
    refuse(
        &|v| v["inputs"][0] = serde_json::json!("height"),
        "not this program's",
    );
    refuse(&|v| v["segments"] = serde_json::json!([]), "no segment");
    refuse(
        &|v| v["segments"][0]["centroid"] = serde_json::json!([0.0]),
        "centroid of 12",
    );
    refuse(
        &|v| v["segments"][0]["persona"] = serde_json::json!("Pirates"),
        "unknown persona",
    );
    refuse(
        &|v| {
            v["propensity"].as_array_mut().unwrap().pop();
        },
        "one propensity model per product",
    );
    refuse(
        &|v| v["policy"]["offers"] = serde_json::json!([]),
        "its policy",
    );
    refuse(&|v| v["surprise"] = serde_json::json!(1), "unknown field");
}

#[test]
fn an_extract_unlike_the_fitted_one_is_reported() {
    let (a, mut ds) = analysis(1_500, 17, DataProfile::Realistic, &Policy::default());
    let model = model_of(&a);
    assert_eq!(model.score(&ds).unwrap().drift, Vec::<String>::new());
    // Incomes in paise instead of rupees: the input moves by many standard deviations, and
    // (here) the customers crowd into one segment.
    for c in &mut ds.customers {
        c.income *= 100.0;
    }
    let drift = model.score(&ds).unwrap().drift;
    assert!(
        drift
            .iter()
            .any(|d| d.starts_with("income: mean") && d.contains("standard deviations")),
        "{drift:?}"
    );
    assert!(drift.iter().any(|d| d.starts_with("segment ")), "{drift:?}");
}

#[test]
fn scores_csv_has_the_columns_and_is_safe_in_a_spreadsheet() {
    let (a, mut ds) = analysis(600, 9, DataProfile::Realistic, &Policy::default());
    let model = model_of(&a);
    let old = ds.customers[0].customer_id.clone();
    let hostile = "=HYPERLINK(\"http://x\",\"y\")".to_string();
    ds.customers[0].customer_id = hostile.as_str().into();
    for r in ds.accounts.iter_mut().filter(|r| r.customer_id == old) {
        r.customer_id = hostile.as_str().into();
    }
    let scores = model.score(&ds).unwrap();
    let csv = model.scores_csv(&scores);
    let mut r = csv::Reader::from_reader(&csv[..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        SCORE_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 600);
    assert_eq!(&rows[0][0], format!("'{hostile}"));
    for (row, s) in rows.iter().zip(&scores.rows) {
        // Expected value written in full: it reads back to the same number.
        assert_eq!(row[4].parse::<f64>().unwrap(), s.offer.expected_revenue);
        assert_eq!(&row[1], model.segments[s.segment].name);
    }
}

mod sql {
    use super::*;
    use c360::core::sql::{Dialect, Tables, export_sql};

    fn model() -> Model {
        let (a, _) = analysis(600, 13, DataProfile::Seed, &Policy::default());
        model_of(&a)
    }

    #[test]
    fn hostile_text_stays_a_string_in_every_dialect() {
        let mut m = model();
        m.segments[0].name = "O'Brien \\' -- ; DROP TABLE customers".to_string();
        for d in Dialect::ALL {
            let q = export_sql(&m, d, &Tables::default()).unwrap();
            let expect = match d {
                Dialect::Duckdb | Dialect::Trino => "'O''Brien \\'' -- ; DROP TABLE customers'",
                _ => "'O\\'Brien \\\\\\' -- ; DROP TABLE customers'",
            };
            assert!(
                q.contains(expect),
                "{}: {expect} not in the query",
                d.name()
            );
        }
    }

    #[test]
    fn constants_are_doubles_that_read_back_exactly() {
        let m = model();
        let q = export_sql(&m, Dialect::Spark, &Tables::default()).unwrap();
        for (j, mean) in m.mean.iter().enumerate() {
            let lit = if *mean < 0.0 {
                format!("({mean:e})")
            } else {
                format!("{mean:e}")
            };
            assert!(
                q.contains(&format!("(g.{} - {lit})", m.inputs[j])),
                "mean of {}",
                m.inputs[j]
            );
            let back: f64 = lit.trim_matches(|c| c == '(' || c == ')').parse().unwrap();
            assert_eq!(back.to_bits(), mean.to_bits());
        }
        // No decimal literal without an exponent (Spark, Trino and Snowflake read those as
        // DECIMAL), and no "--" that would start a comment inside an expression.
        for line in q.lines().filter(|l| !l.starts_with("--")) {
            assert!(!line.contains("--"), "{line}");
        }
        assert!(!q.contains(" 0.6 ") && q.contains("6e-1 * b.digital_txn_ratio"));
    }

    #[test]
    fn table_names_are_checked_and_quoted_where_needed() {
        let mut t = Tables::default();
        t.set("customers=bank.cust").unwrap();
        t.set("transactions=my-project.ds.txn").unwrap();
        let q = export_sql(&model(), Dialect::Bigquery, &t).unwrap();
        assert!(q.contains("FROM bank.cust) r"));
        assert!(q.contains("FROM `my-project`.ds.txn) r"));
        let q = export_sql(&model(), Dialect::Trino, &t).unwrap();
        assert!(q.contains("FROM \"my-project\".ds.txn) r"));
        for bad in [
            "customers=x; DROP TABLE y",
            "cust=bank.c",
            "customers",
            "loans=a..b",
            "loans=a`b",
        ] {
            assert!(Tables::default().set(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn a_propensity_ranked_policy_is_written_with_its_models() {
        let mut m = model();
        m.policy.arbitration = Arbitration::PropensityRanked;
        let q = export_sql(&m, Dialect::Duckdb, &Tables::default()).unwrap();
        // Each product's logistic model (its intercept as an exact double), the sigmoid, the
        // ranking and the figures the reasons quote.
        for pm in &m.propensity {
            let lit = if pm.model.intercept < 0.0 {
                format!("({:e})", pm.model.intercept)
            } else {
                format!("{:e}", pm.model.intercept)
            };
            assert!(q.contains(&format!("{lit} + (")), "intercept {lit}");
        }
        for needle in [
            "EXP(-g.logit0)",
            "AS top_offer",
            "AS best_unstopped",
            "printf('%.1f'",
            "ranks first",
        ] {
            assert!(q.contains(needle), "{needle}");
        }
        let segment_rules = export_sql(&model(), Dialect::Duckdb, &Tables::default()).unwrap();
        assert!(!segment_rules.contains("EXP("));
    }
}

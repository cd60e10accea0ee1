//! The `c360` binary: exit codes, outputs, help, and the same file:row:column messages as the
//! browser.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn c360(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_c360"))
        .args(args)
        .output()
        .expect("run c360")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("c360-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn synth(dir: &Path, customers: &str, profile: &str) {
    let o = c360(&[
        "synth",
        "--customers",
        customers,
        "--seed",
        "5",
        "--profile",
        profile,
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn synth_writes_the_six_tables() {
    let d = tmp("synth");
    synth(&d, "700", "realistic");
    for t in [
        "customers",
        "accounts",
        "credit_cards",
        "loans",
        "investments",
        "transactions",
    ] {
        assert!(d.join(format!("{t}.csv")).is_file(), "{t}");
    }
    let customers = fs::read_to_string(d.join("customers.csv")).unwrap();
    assert_eq!(customers.lines().count(), 701);
    assert!(customers.starts_with("customer_id,age,gender,income,occupation,city,tenure_years"));
    let tx = fs::read_to_string(d.join("transactions.csv")).unwrap();
    assert_eq!(tx.lines().count(), 1 + 6 * 700);
}

#[test]
fn analyze_writes_summary_and_customers() {
    let d = tmp("an-in");
    let out = tmp("an-out");
    synth(&d, "900", "realistic");
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--restarts",
        "4",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["customers"], 900);
    let ks: Vec<u64> = s["k_scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["k"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, (2..=8).collect::<Vec<u64>>());
    for k in s["k_scores"].as_array().unwrap() {
        assert!(k["silhouette"].as_f64().unwrap() <= 1.0 && k["inertia"].as_f64().unwrap() > 0.0);
    }
    let chosen = s["chosen_k"].as_u64().unwrap();
    assert_eq!(chosen, s["best_k"].as_u64().unwrap());
    let segments = s["segments"].as_array().unwrap();
    assert_eq!(segments.len() as u64, chosen);
    let sizes: u64 = segments.iter().map(|g| g["size"].as_u64().unwrap()).sum();
    assert_eq!(sizes, 900);
    let shares: f64 = segments.iter().map(|g| g["share"].as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    for g in segments {
        for p in ["credit_card", "loan", "investments"] {
            let v = g["penetration"][p].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&v));
        }
        assert_eq!(g["centroid"].as_object().unwrap().len(), 12);
        assert!(g["centroid"]["income"].as_f64().unwrap() > 0.0);
    }
    let offers = s["offers"].as_array().unwrap();
    let offered: u64 = offers
        .iter()
        .map(|o| o["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(offered, 900);
    let revenue: f64 = offers
        .iter()
        .map(|o| o["expected_revenue"].as_f64().unwrap())
        .sum();
    assert!((revenue - s["expected_revenue_total"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(s["import_report"]["files"].as_array().unwrap().len(), 6);

    let mut r = csv::Reader::from_path(out.join("customers.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..5],
        [
            "customer_id",
            "segment",
            "offer",
            "reason",
            "expected_revenue"
        ]
    );
    assert!(header.contains(&"spend_to_income".to_string()));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 900);
    let csv_revenue: f64 = rows.iter().map(|x| x[4].parse::<f64>().unwrap()).sum();
    assert!((csv_revenue - revenue).abs() < 1e-6);
}

#[test]
fn k_override_and_guardrail_switch_take_effect() {
    let d = tmp("k-in");
    synth(&d, "600", "realistic");
    let run = |extra: &[&str], name: &str| {
        let out = tmp(name);
        let mut args = vec![
            "analyze",
            d.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--restarts",
            "3",
        ];
        args.extend_from_slice(extra);
        let o = c360(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let s: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
        let csv = fs::read_to_string(out.join("customers.csv")).unwrap();
        (s, csv)
    };
    let (s, _) = run(&["--k", "5"], "k5");
    assert_eq!(s["chosen_k"], 5);
    assert_eq!(s["segments"].as_array().unwrap().len(), 5);
    let (s, _) = run(&["--k-min", "3", "--k-max", "4"], "k34");
    assert_eq!(s["k_scores"].as_array().unwrap().len(), 2);
    let (_, guarded) = run(&[], "g-on");
    let (_, unguarded) = run(&["--no-guardrail"], "g-off");
    assert!(guarded.contains("guardrail"));
    assert!(!unguarded.contains("guardrail:"));
}

#[test]
fn bad_input_exits_non_zero_with_file_row_and_column() {
    let d = tmp("bad");
    synth(&d, "50", "seed");
    let path = d.join("accounts.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut fields: Vec<String> = lines[3].split(',').map(String::from).collect();
    fields[4] = "1.7".into(); // digital_txn_ratio
    lines[3] = fields.join(",");
    fs::write(&path, lines.join("\n")).unwrap();
    let out = tmp("bad-out");
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("accounts.csv:4:digital_txn_ratio"), "{err}");
    assert!(
        err.contains("out of range") && err.contains("Hint:"),
        "{err}"
    );
    assert!(
        !out.join("summary.json").exists(),
        "nothing written on failure"
    );

    let o = c360(&[
        "analyze",
        "/nonexistent/dir",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("/nonexistent/dir"));

    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--k",
        "12",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("K must be between 2 and 8"),
        "{}",
        stderr(&o)
    );

    let o = c360(&["synth", "--customers", "0", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn help_documents_every_option() {
    let o = c360(&["--help"]);
    assert!(o.status.success());
    let h = String::from_utf8_lossy(&o.stdout);
    assert!(h.contains("synth") && h.contains("analyze"));
    let o = c360(&["synth", "--help"]);
    let h = String::from_utf8_lossy(&o.stdout);
    for opt in ["--customers", "--seed", "--profile", "--out"] {
        assert!(h.contains(opt), "synth help lacks {opt}");
    }
    let o = c360(&["analyze", "--help"]);
    let h = String::from_utf8_lossy(&o.stdout);
    for opt in [
        "--out",
        "--k ",
        "--k-min",
        "--k-max",
        "--restarts",
        "--seed",
        "--no-guardrail",
        "--policy",
    ] {
        assert!(h.contains(opt), "analyze help lacks {opt}");
    }
}

#[test]
fn analyze_reads_a_zip_of_the_six_files_like_the_folder() {
    let d = tmp("zip-src");
    synth(&d, "600", "seed");
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&d)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    let zip = tmp("zip-file").with_extension("zip");
    fs::write(&zip, c360::core::archive::pack(&files).unwrap()).unwrap();
    let (from_dir, from_zip) = (tmp("zip-out-dir"), tmp("zip-out-zip"));
    for (input, out) in [(&d, &from_dir), (&zip, &from_zip)] {
        let o = c360(&[
            "analyze",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(
        fs::read(from_dir.join("customers.csv")).unwrap(),
        fs::read(from_zip.join("customers.csv")).unwrap()
    );
    let summary = |dir: &Path| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("summary.json")).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("timings_ms");
        v
    };
    assert_eq!(summary(&from_dir), summary(&from_zip));

    // A file that is not a ZIP is refused with its name and what to give instead.
    let not_zip = d.join("customers.csv");
    let o = c360(&[
        "analyze",
        not_zip.to_str().unwrap(),
        "--out",
        from_zip.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("customers.csv: not a folder or a ZIP archive"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_policy_file_decides_the_offers() {
    let d = tmp("policy-data");
    synth(&d, "600", "seed");
    let printed = c360(&["policy"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let default_file = d.join("default-policy.json");
    fs::write(&default_file, &printed.stdout).unwrap();
    let run = |extra: &[&str], name: &str| {
        let out = tmp(name);
        let mut args = vec![
            "analyze",
            d.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = c360(&args);
        (o, out)
    };
    let (o, plain) = run(&[], "pol-none");
    assert!(o.status.success(), "{}", stderr(&o));
    let (o, with_default) = run(&["--policy", default_file.to_str().unwrap()], "pol-default");
    assert!(o.status.success(), "{}", stderr(&o));
    // The printed default policy is today's behaviour, byte for byte.
    assert_eq!(
        fs::read(plain.join("customers.csv")).unwrap(),
        fs::read(with_default.join("customers.csv")).unwrap()
    );

    // The campaign: contacts.csv lists the chosen customers, the holdout flagged, as summary.json
    // counts them; every contact has a positive expected value; the propensity AUCs are there.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(plain.join("summary.json")).unwrap()).unwrap();
    let contacts = fs::read_to_string(plain.join("contacts.csv")).unwrap();
    let mut lines = contacts.lines();
    assert_eq!(
        lines.next(),
        Some("customer_id,offer,priority,propensity,expected_value,reason,holdout")
    );
    let rows: Vec<&str> = lines.collect();
    let held = rows.iter().filter(|l| l.ends_with(",1")).count();
    assert_eq!(summary["plan"]["holdout"], held);
    assert_eq!(summary["plan"]["contacts"], rows.len() - held);
    for p in ["credit_card", "loan", "investments"] {
        let auc = summary["propensity"][p]["auc"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&auc), "{p}: {auc}");
    }

    // Savings at 50 % conversion: every savings customer is worth 1,500.
    let text = String::from_utf8(printed.stdout.clone()).unwrap();
    let edited = text.replacen("\"conversion\": 0.04", "\"conversion\": 0.5", 1);
    let file = d.join("edited.json");
    fs::write(&file, edited).unwrap();
    let (o, out) = run(&["--policy", file.to_str().unwrap()], "pol-edited");
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(out.join("customers.csv")).unwrap();
    let savings: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",Savings + FD + Micro Insurance,"))
        .collect();
    assert!(!savings.is_empty());
    assert!(
        savings.iter().all(|l| l.contains(",1500,")),
        "{}",
        savings[0]
    );

    // A bad file: exit 2, the file and the field named, nothing written.
    let bad = d.join("bad.json");
    fs::write(
        &bad,
        text.replacen("\"conversion\": 0.04", "\"conversion\": 4", 1),
    )
    .unwrap();
    let (o, out) = run(&["--policy", bad.to_str().unwrap()], "pol-bad");
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(
        msg.contains("bad.json: policy, offers[5].conversion: 4 is outside 0–1"),
        "{msg}"
    );
    assert!(!out.exists());
}

#[test]
fn a_model_from_analyze_scores_new_files_and_its_own_customers_alike() {
    let d = tmp("model-in");
    let out = tmp("model-out");
    let scored = tmp("model-scored");
    synth(&d, "1200", "seed");
    let o = c360(&[
        "analyze",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let model = out.join("model.json");
    let o = c360(&[
        "score",
        "--model",
        model.to_str().unwrap(),
        d.to_str().unwrap(),
        "--out",
        scored.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("scored 1200 customers"),
        "{}",
        stderr(&o)
    );
    let read = |p: PathBuf| -> Vec<csv::StringRecord> {
        let mut r = csv::Reader::from_path(p).unwrap();
        r.records().map(|x| x.unwrap()).collect()
    };
    let analysed = read(out.join("customers.csv"));
    let scores = read(scored.join("scores.csv"));
    assert_eq!(scores.len(), 1200);
    for (a, s) in analysed.iter().zip(&scores) {
        // customer_id, segment, offer, reason agree; the expected revenue to the cent.
        assert_eq!(
            &a.iter().take(4).collect::<Vec<_>>(),
            &s.iter().take(4).collect::<Vec<_>>()
        );
        let (x, y): (f64, f64) = (a[4].parse().unwrap(), s[4].parse().unwrap());
        assert!((x - y).abs() < 0.005, "{x} against {y}");
    }

    // The folder is read a block at a time; a ZIP of the same files is read whole: the same
    // scores, byte for byte.
    assert!(
        stderr(&o).contains("files read a block at a time"),
        "{}",
        stderr(&o)
    );
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    let zip = tmp("model-zip").with_extension("zip");
    fs::write(&zip, c360::core::archive::pack(&files).unwrap()).unwrap();
    let from_zip = tmp("model-scored-zip");
    let o = c360(&[
        "score",
        "--model",
        model.to_str().unwrap(),
        zip.to_str().unwrap(),
        "--out",
        from_zip.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("block at a time"), "{}", stderr(&o));
    assert_eq!(
        fs::read(from_zip.join("scores.csv")).unwrap(),
        fs::read(scored.join("scores.csv")).unwrap()
    );

    // A file that is not a model is named, with what to do.
    let bad = tmp("model-bad");
    fs::create_dir_all(&bad).unwrap();
    let policy = bad.join("policy.json");
    fs::write(&policy, c360(&["policy"]).stdout).unwrap();
    let o = c360(&[
        "score",
        "--model",
        policy.to_str().unwrap(),
        d.to_str().unwrap(),
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("policy.json: not a c360 model") && e.contains("c360 analyze"),
        "{e}"
    );
}

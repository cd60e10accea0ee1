//! Customer 360 join and feature engineering against hand-computed values (docs/product.md, Customer 360 and Features).

mod common;

use c360::core::c360::{Join, build_customer_360};
use c360::core::data::{CreditCard, Loan, LoanType};
use c360::core::features::{MODEL_FEATURES, WealthTier, engineer_all, model_matrix};
use c360::core::scaling::StandardScaler;
use ndarray::array;

const TOL: f64 = 1e-12;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * (1.0 + b.abs())
}

#[test]
fn join_sums_spend_and_sets_flags() {
    let (rows, report) = build_customer_360(&common::three_customers());
    assert_eq!(rows.len(), 3);
    assert!(report.is_clean(), "{report:?}");
    let a = &rows[0];
    assert_eq!(a.customer_id, "A");
    assert!(close(a.shopping_spend, 6_000.0));
    assert!(close(a.total_spend_6m, 6.0 * 1_800.0));
    assert!(a.has_credit_card && a.has_loan && a.has_investments);
    let b = &rows[1];
    assert!(!b.has_credit_card && !b.has_loan && !b.has_investments);
    assert_eq!(
        (b.card_limit, b.monthly_emi, b.mf_investment, b.fd_amount),
        (0.0, 0.0, 0.0, 0.0)
    );
    let c = &rows[2];
    assert!(c.has_investments, "FD alone counts as investments");
    assert!(!c.has_credit_card);
    assert_eq!(c.loan_type, Some(LoanType::Home));
}

#[test]
fn features_match_hand_computation() {
    let (rows, _) = build_customer_360(&common::three_customers());
    let f = engineer_all(&rows);

    // A: spend 10,800 / 600,001; EMI 12,000 / (50,000 + 1); util 0.8 > 0.7; delinquent.
    assert!(close(f[0].spend_to_income, 10_800.0 / 600_001.0));
    assert!(close(f[0].emi_to_income, 12_000.0 / 50_001.0));
    assert_eq!(f[0].high_credit_util, 1.0);
    assert!(close(
        f[0].digital_engagement_score,
        0.6 * 0.5 + 0.4 * (10.0 / 15.0)
    ));
    assert_eq!(f[0].txn_activity_score, 22.0);
    assert_eq!(f[0].total_investments, 60_000.0);
    assert_eq!(f[0].wealth_tier, WealthTier::Medium);
    assert!(f[0].risk_flag);
    assert_eq!(f[0].risk_score, 2.0 + 3.0);
    assert_eq!(f[0].product_count, 3.0);

    // B: no products.
    assert!(close(f[1].spend_to_income, 15_600.0 / 240_001.0));
    assert_eq!(f[1].emi_to_income, 0.0);
    assert_eq!(f[1].high_credit_util, 0.0);
    assert!(close(f[1].digital_engagement_score, 0.54 + 0.08));
    assert_eq!(f[1].wealth_tier, WealthTier::Low);
    assert!(!f[1].risk_flag);
    assert_eq!(f[1].risk_score, 0.0);
    assert_eq!(f[1].product_count, 0.0);

    // C: overdue loan, FD 250k → High tier.
    assert!(close(f[2].emi_to_income, 30_000.0 / 100_001.0));
    assert_eq!(f[2].wealth_tier, WealthTier::High);
    assert!(f[2].risk_flag);
    assert_eq!(f[2].risk_score, 3.0);
    assert_eq!(f[2].product_count, 2.0);
}

#[test]
fn wealth_tier_boundaries_are_inclusive() {
    assert_eq!(WealthTier::of(50_000.0), WealthTier::Low);
    assert_eq!(WealthTier::of(50_000.5), WealthTier::Medium);
    assert_eq!(WealthTier::of(200_000.0), WealthTier::Medium);
    assert_eq!(WealthTier::of(200_001.0), WealthTier::High);
}

#[test]
fn utilization_of_exactly_point_seven_is_not_high() {
    let mut ds = common::three_customers();
    ds.credit_cards[0].utilization_ratio = 0.7;
    let (rows, _) = build_customer_360(&ds);
    assert_eq!(engineer_all(&rows)[0].high_credit_util, 0.0);
}

#[test]
fn model_matrix_follows_the_contract_order() {
    let (rows, _) = build_customer_360(&common::three_customers());
    let f = engineer_all(&rows);
    let x = model_matrix(&rows, &f);
    assert_eq!(x.dim(), (3, 12));
    assert_eq!(MODEL_FEATURES[0], "age");
    assert_eq!(MODEL_FEATURES[11], "product_count");
    // Row C: age 60, income 1.2M, tenure 5, balance 400k, ..., utilization 0, ..., risk 3, products 2
    assert_eq!(x[[2, 0]], 60.0);
    assert_eq!(x[[2, 1]], 1_200_000.0);
    assert_eq!(x[[2, 3]], 400_000.0);
    assert_eq!(x[[2, 7]], 0.0);
    assert_eq!(x[[2, 8]], 16.0);
    assert_eq!(x[[2, 9]], 250_000.0);
    assert_eq!(x[[2, 10]], 3.0);
    assert_eq!(x[[2, 11]], 2.0);
}

#[test]
fn join_combines_duplicates_and_reports_orphans() {
    let mut ds = common::three_customers();
    ds.credit_cards.push(CreditCard {
        customer_id: "A".into(),
        card_limit: 300_000.0,
        utilization_ratio: 0.2,
        delinquency_12m: 0,
    });
    ds.loans.push(Loan {
        customer_id: "A".into(),
        loan_type: LoanType::Auto,
        monthly_emi: 20_000.0,
        overdue_flag: 0,
    });
    ds.loans.push(Loan {
        customer_id: "ZZ".into(),
        loan_type: LoanType::Auto,
        monthly_emi: 1.0,
        overdue_flag: 0,
    });
    ds.accounts.remove(1); // B has no account
    ds.transactions
        .retain(|t| !(t.customer_id == "C" && t.month == 3));
    let (rows, report) = build_customer_360(&ds);
    let a = &rows[0];
    assert_eq!(a.card_limit, 400_000.0);
    assert!(close(
        a.utilization_ratio,
        (0.8 * 100_000.0 + 0.2 * 300_000.0) / 400_000.0
    ));
    assert_eq!(a.delinquency_12m, 1.0);
    assert_eq!(a.monthly_emi, 32_000.0);
    assert_eq!(a.loan_type, Some(LoanType::Auto), "type of the largest EMI");
    assert_eq!(report.orphan_rows, vec![("loans".to_string(), 1)]);
    assert_eq!(report.customers_without_account, 1);
    assert_eq!(report.customers_missing_months, 1);
    assert_eq!(
        report.duplicate_rows,
        vec![("credit_cards".to_string(), 1), ("loans".to_string(), 1)]
    );
    assert_eq!(rows[1].avg_balance, 0.0);
    assert!(close(rows[2].total_spend_6m, 5.0 * 400.0));
}

#[test]
fn the_join_does_not_depend_on_the_order_of_the_customers() {
    // Tables in customer order (as synthesized and as most extracts are) take the join's
    // shortcut; with the customers listed backwards every record is looked up in the index.
    let ds = c360::core::synth::synthesize(
        &c360::core::synth::SynthParams {
            customers: 500,
            seed: 3,
            profile: c360::core::synth::DataProfile::Seed,
        }
        .check()
        .unwrap(),
    );
    let (rows, report) = build_customer_360(&ds);
    let mut backwards = ds.clone();
    backwards.customers.reverse();
    let (back, back_report) = build_customer_360(&backwards);
    let n = rows.len();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(&back[n - 1 - i], r);
    }
    assert_eq!(back_report, report);
}

#[test]
fn a_join_in_pieces_is_the_join_at_once() {
    // The browser joins a piece of records at a time (core::stages::JOIN_PIECE); any cut gives
    // the same rows and report, orphans, duplicates and missing rows included.
    let mut ds = c360::core::synth::synthesize(
        &c360::core::synth::SynthParams {
            customers: 300,
            seed: 8,
            profile: c360::core::synth::DataProfile::Realistic,
        }
        .check()
        .unwrap(),
    );
    ds.accounts.remove(17);
    let mut orphan = ds.loans[3].clone();
    orphan.customer_id = "nobody".into();
    ds.loans.insert(5, orphan);
    let card = ds.credit_cards[9].clone();
    ds.credit_cards.push(card);
    ds.transactions.swap(40, 900);
    let whole = build_customer_360(&ds);
    assert!(!whole.1.is_clean(), "the data has problems to report");
    for piece in [1, 2, 7, 299, 300, 301, 100_000] {
        let mut join = Join::new(&ds);
        let mut calls = 1;
        while !join.step(&ds, piece) {
            calls += 1;
        }
        assert_eq!(join.finish(), whole, "pieces of {piece}");
        let records = ds.records();
        assert_eq!(calls, records.div_ceil(piece).max(1), "pieces of {piece}");
    }
}

#[test]
fn a_join_of_whole_pieces_is_the_join_of_the_tables_put_together() {
    // A synthesis handed out piece by piece (each piece: some customers and all their records)
    // and joined as it comes gives the tables synthesized whole, and the same rows and report as
    // joining the pieces' tables put together, problems included: orphans in two tables (their
    // report in table order), a duplicate card, a missing account, a month missing.
    use c360::core::data::Dataset;
    use c360::core::synth::{DataProfile, SynthParams, Synthesis, synthesize};
    let params = SynthParams {
        customers: 700,
        seed: 12,
        profile: DataProfile::Realistic,
    }
    .check()
    .unwrap();
    let whole_tables = synthesize(&params);
    for size in [1, 3, 250, 700, 5_000] {
        let mut synthesis = Synthesis::new(&params);
        let mut pieces = Vec::new();
        while let Some(piece) = synthesis.next_piece(size) {
            assert!(piece.customers.len() == size.min(700) || synthesis.is_done());
            pieces.push(piece);
        }
        assert_eq!(
            synthesis.next_piece(size),
            None,
            "nothing after the last piece"
        );
        assert_eq!(pieces.len(), 700usize.div_ceil(size));
        let mut together = Dataset::default();
        let mut planted = Vec::new();
        let last = pieces.len() - 1;
        for (p, piece) in pieces.iter_mut().enumerate() {
            if p == 0 && last > 0 {
                // An orphan early on: the report's example is the table's first.
                let mut orphan = piece.transactions[0].clone();
                orphan.customer_id = "early".into();
                piece.transactions.insert(2, orphan);
            }
            if p == last {
                // Problems in the last piece (the only one when it holds everyone).
                let mut orphan = piece.transactions[0].clone();
                orphan.customer_id = "nobody".into();
                piece.transactions.push(orphan);
                let mut orphan = piece.accounts[0].clone();
                orphan.customer_id = "nobody either".into();
                piece.accounts.insert(0, orphan);
                piece.accounts.pop(); // the piece's last customer has no account
                if let Some(card) = piece.credit_cards.first().cloned() {
                    piece.credit_cards.push(card);
                }
                piece.transactions.remove(1);
            }
            together.customers.extend(piece.customers.iter().cloned());
            together.accounts.extend(piece.accounts.iter().cloned());
            together
                .credit_cards
                .extend(piece.credit_cards.iter().cloned());
            together.loans.extend(piece.loans.iter().cloned());
            together
                .investments
                .extend(piece.investments.iter().cloned());
            together
                .transactions
                .extend(piece.transactions.iter().cloned());
            planted.extend(
                piece
                    .planted
                    .clone()
                    .expect("realistic data plants personas"),
            );
        }
        let mut join = Join::of_customers(700);
        for piece in &pieces {
            join.feed_whole(piece);
        }
        let expected = build_customer_360(&together);
        assert!(!expected.1.is_clean(), "the data has problems to report");
        let early = usize::from(last > 0);
        assert_eq!(
            expected.1.orphan_rows,
            [
                ("accounts".to_string(), 1),
                ("transactions".to_string(), 1 + early)
            ]
        );
        let first = if last > 0 { "early" } else { "nobody" };
        assert_eq!(expected.1.orphan_examples[1].1, first);
        assert_eq!(join.table_sizes()[4], together.transactions.len());
        assert_eq!(join.finish(), expected, "pieces of {size}");
        assert_eq!(Some(planted), whole_tables.planted, "pieces of {size}");
        together.planted = whole_tables.planted.clone();
        if size == 700 {
            continue; // the problems were planted in the whole
        }
        // Apart from the problems planted above, the pieces are the whole's tables.
        let n = whole_tables.customers.len() - pieces[last].customers.len();
        assert_eq!(together.customers[..n], whole_tables.customers[..n]);
        let mut transactions = together.transactions.clone();
        transactions.retain(|t| t.customer_id != "early");
        let before = |t: &[c360::core::data::Transaction]| {
            t.iter()
                .take_while(|r| r.customer_id.parse::<usize>().unwrap() <= n)
                .count()
        };
        let m = before(&whole_tables.transactions);
        assert_eq!(transactions[..m], whole_tables.transactions[..m]);
        assert_eq!(before(&transactions), m);
    }
}

#[test]
fn a_repeated_customer_id_joins_as_the_index_says() {
    // Two customers "A" (the importer refuses this; a Dataset built in code can hold it): the
    // index keeps the last, and the order of the records must not change which row they reach.
    let mut ds = common::three_customers();
    let mut again = ds.customers[0].clone();
    again.age += 1.0;
    ds.customers.push(again);
    let (rows, _) = build_customer_360(&ds);
    assert_eq!(rows[0].card_limit, 0.0);
    assert_eq!(rows[3].card_limit, 100_000.0);
}

/// The scale is the population standard deviation however the matrix is laid out, close to
/// ndarray's one-pass `var_axis` and to a compensated two-pass sum, also on values far from 0.
#[test]
fn scaler_matches_the_population_standard_deviation_computed_apart() {
    use ndarray::{Array2, Axis, ShapeBuilder};
    let (n, d) = (5_001, 4);
    let value = |i: usize, j: usize| {
        let wobble = ((i * 7_919 + j * 104_729) % 1_000) as f64 / 997.0;
        [0.0, 1e6, -3e9, 1e-3][j] + wobble * [1.0, 250.0, 0.5, 1e-4][j]
    };
    let rows = Array2::from_shape_fn((n, d), |(i, j)| value(i, j));
    let cols = Array2::from_shape_fn((n, d).f(), |(i, j)| value(i, j));
    let by_ndarray = rows.var_axis(Axis(0), 0.0).mapv(f64::sqrt);
    for x in [&rows, &cols] {
        let s = StandardScaler::fit(x.view());
        for j in 0..d {
            let column: Vec<f64> = (0..n).map(|i| value(i, j)).collect();
            // Kahan-compensated mean, then compensated squared deviations.
            let kahan = |it: &mut dyn Iterator<Item = f64>| {
                let (mut sum, mut c) = (0.0f64, 0.0f64);
                for v in it {
                    let y = v - c;
                    let t = sum + y;
                    c = (t - sum) - y;
                    sum = t;
                }
                sum
            };
            let mean = kahan(&mut column.iter().copied()) / n as f64;
            let sd = (kahan(&mut column.iter().map(|v| (v - mean) * (v - mean))) / n as f64).sqrt();
            assert!(
                (s.mean[j] - mean).abs() <= 1e-12 * mean.abs().max(1.0),
                "mean {j}"
            );
            assert!(
                (s.scale[j] - sd).abs() <= 1e-9 * sd,
                "column {j}: {} against {sd}",
                s.scale[j]
            );
            // ndarray's one-pass update drifts more where the spread is small beside the values
            // (column 2: 0.14 around -3e9); never closer to the compensated sum than this.
            let (ours, theirs) = ((s.scale[j] - sd).abs(), (by_ndarray[j] - sd).abs());
            assert!(
                ours <= theirs.max(1e-12 * sd),
                "column {j}: {ours:e} against ndarray's {theirs:e}"
            );
            assert!(
                (s.scale[j] - by_ndarray[j]).abs() <= 1e-6 * sd,
                "column {j} against ndarray"
            );
        }
    }
    // No columns: nothing to scale.
    let empty = StandardScaler::fit(Array2::<f64>::zeros((3, 0)).view());
    assert!(empty.mean.is_empty() && empty.scale.is_empty());
}

#[test]
fn scaler_uses_population_std_and_leaves_constant_columns_unscaled() {
    let x = array![[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]];
    let s = StandardScaler::fit(x.view());
    // population sd of 1,3,5 = sqrt(8/3)
    assert!(close(s.scale[0], (8.0f64 / 3.0).sqrt()));
    assert_eq!(s.scale[1], 1.0);
    let z = s.transform(x.view());
    assert!(close(z[[0, 0]], -2.0 / (8.0f64 / 3.0).sqrt()));
    assert_eq!(z.column(1).to_vec(), vec![0.0, 0.0, 0.0]);
    let back = s.inverse_transform(z.view());
    for (a, b) in back.iter().zip(x.iter()) {
        assert!(close(*a, *b));
    }
}

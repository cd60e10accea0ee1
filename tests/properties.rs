//! Property tests on random valid datasets (proptest): the analysis never panics, every output is
//! finite, segment sizes add up to the customer count with no empty segment, and a dataset
//! written by "Export data" and imported again is the same dataset, whatever its ids and cities
//! hold (commas, quotes, line breaks, spreadsheet formulas, other scripts).

use c360::core::data::*;
use c360::core::export::tables_csv;
use c360::core::import::{InputFile, import_files};
use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;
use proptest::prelude::*;

/// Money amounts: round rupees, from a small set (so that identical customers happen) or any
/// value up to a crore.
fn money() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, 2_000.0, 50_000.0, 200_000.0]),
        (0u32..10_000_000).prop_map(f64::from),
    ]
}

fn ratio() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, 0.5, 1.0]),
        (0u32..=100).prop_map(|p| f64::from(p) / 100.0)
    ]
}

/// Everything known about one customer; the tables are made from a list of these.
#[derive(Debug, Clone)]
struct Person {
    age: f64,
    income: f64,
    tenure: f64,
    male: bool,
    occupation: u8,
    account: Option<(f64, f64, f64, f64)>,
    card: Option<(f64, f64, u8)>,
    loan: Option<(u8, f64, u8)>,
    investment: Option<(f64, f64, u8)>,
    months: Vec<(u8, [f64; 4])>,
}

fn person() -> impl Strategy<Value = Person> {
    let base = (18u8..=100, money(), 0u8..=40, any::<bool>(), 0u8..4);
    let account = prop::option::of(
        (money(), 0u8..=30, 0u8..=30, ratio())
            .prop_map(|(b, d, w, r)| (b, f64::from(d), f64::from(w), r)),
    );
    let card = prop::option::of((money(), ratio(), 0u8..=1));
    let loan = prop::option::of((0u8..3, money(), 0u8..=1));
    let investment = prop::option::of((money(), money(), 0u8..=1));
    let months = prop::collection::btree_map(1u8..=6, [money(), money(), money(), money()], 0..=6)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>());
    (base, account, card, loan, investment, months).prop_map(
        |((age, income, tenure, male, occupation), account, card, loan, investment, months)| {
            Person {
                age: f64::from(age),
                income,
                tenure: f64::from(tenure.min(age)),
                male,
                occupation,
                account,
                card,
                loan,
                investment,
                months,
            }
        },
    )
}

fn dataset(people: &[Person], ids: &[String], cities: &[String]) -> Dataset {
    let mut ds = Dataset::default();
    for ((p, id), city) in people.iter().zip(ids).zip(cities) {
        let id = id.clone();
        ds.customers.push(Customer {
            customer_id: id.clone().into(),
            age: p.age,
            gender: if p.male { Gender::Male } else { Gender::Female },
            income: p.income,
            occupation: [
                Occupation::Salaried,
                Occupation::SelfEmployed,
                Occupation::Student,
                Occupation::Retired,
            ][usize::from(p.occupation)],
            city: city.clone(),
            tenure_years: p.tenure,
        });
        if let Some((b, d, w, r)) = p.account {
            ds.accounts.push(Account {
                customer_id: id.clone().into(),
                avg_balance: b,
                monthly_deposits: d,
                monthly_withdrawals: w,
                digital_txn_ratio: r,
            });
        }
        if let Some((limit, util, del)) = p.card {
            ds.credit_cards.push(CreditCard {
                customer_id: id.clone().into(),
                card_limit: limit,
                utilization_ratio: util,
                delinquency_12m: del,
            });
        }
        if let Some((t, emi, overdue)) = p.loan {
            ds.loans.push(Loan {
                customer_id: id.clone().into(),
                loan_type: [LoanType::Personal, LoanType::Auto, LoanType::Home][usize::from(t)],
                monthly_emi: emi,
                overdue_flag: overdue,
            });
        }
        if let Some((mf, fd, ins)) = p.investment {
            ds.investments.push(Investment {
                customer_id: id.clone().into(),
                mf_investment: mf,
                fd_amount: fd,
                insurance_policy: ins,
            });
        }
        for &(month, [s, t, u, w]) in &p.months {
            ds.transactions.push(Transaction {
                customer_id: id.clone().into(),
                month,
                shopping_spend: s,
                travel_spend: t,
                utility_spend: u,
                wallet_spend: w,
            });
        }
    }
    ds
}

fn numbered(n: usize) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

proptest! {
    // A failing case is printed shrunk; nothing is written next to the sources.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_dataset_analyses_to_finite_complete_segments(
        people in prop::collection::vec(person(), 1..40),
        copies in 1usize..4,
        seed in 0u64..1000,
    ) {
        // Some customers repeated exactly (identical rows under other ids).
        let people: Vec<Person> = people.iter().cycle().take(people.len() * copies).cloned().collect();
        let n = people.len();
        let ds = dataset(&people, &numbered(n), &vec!["Pune".to_string(); n]);
        let params = AnalysisParams { restarts: 2, seed, ..Default::default() };
        // An error is allowed (too few distinct customers for any K), a panic is not.
        if let Ok(a) = analyze(&ds, &params, &Policy::default()) {
            let seg = &a.segmentation;
            prop_assert_eq!(seg.labels.len(), n);
            prop_assert_eq!(seg.segments.iter().map(|s| s.size).sum::<usize>(), n);
            for s in &seg.segments {
                prop_assert!(s.size > 0, "empty segment {}", s.name);
                prop_assert!(s.centroid.iter().chain(&s.z_centroid).all(|v| v.is_finite()));
                prop_assert!(s.share.is_finite());
            }
            for k in &a.selection.scores {
                prop_assert!(k.inertia.is_finite() && k.silhouette.is_finite(), "{k:?}");
            }
            prop_assert!(a.projection.points.iter().all(|v| v.is_finite()));
            prop_assert!(a.prepared.x.iter().all(|v| v.is_finite()));
            prop_assert_eq!(a.offers.len(), n);
            prop_assert!(a.offers.iter().all(|o| o.expected_revenue.is_finite()));
        }
    }

    #[test]
    fn export_then_import_gives_the_same_dataset(
        people in prop::collection::vec(person(), 1..12),
        // The importer trims the spaces around a value: ids and cities begin and end with text.
        ids in prop::collection::hash_set("[=+@\\-\\t]?[A-Za-z0-9,\"'=+@é中\\-][A-Za-z0-9 ,\"'=+@é中\\-]{0,7}[A-Za-z0-9]", 12),
        cities in prop::collection::vec("[=+@\\-]?[A-Za-z,\"'<>é中][A-Za-z ,\"'<>é中\\n]{0,9}[a-z]", 12),
    ) {
        let ids: Vec<String> = ids.into_iter().collect();
        let ds = dataset(&people, &ids, &cities);
        let files = tables_csv(&ds).unwrap();
        let inputs: Vec<InputFile<'_>> = files
            .iter()
            .map(|(name, bytes)| InputFile { name, bytes })
            .collect();
        let (back, _) = import_files(&inputs).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(back, ds);
    }
}

/// Texts that themselves begin with quotes before a formula character keep them through the
/// round trip (the exporter quotes them once more; the importer drops that one quote).
#[test]
fn quotes_of_a_texts_own_survive_the_round_trip() {
    use c360::core::export::csv_text;
    use c360::core::import::unescape_cell;
    for text in ["'=1", "''+2", "'x", "=3", "'", "''", "-4", "a'=b"] {
        let written = csv_text(text);
        assert!(!written.starts_with(['=', '+', '-', '@']), "{written}");
        assert_eq!(unescape_cell(&written), text);
    }
}

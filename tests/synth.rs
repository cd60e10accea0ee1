//! Synthesis: reproducibility and the distributions docs/product.md (Synthesis) describes.

use c360::core::c360::build_customer_360;
use c360::core::data::{Dataset, Occupation, PlantedPersona};
use c360::core::personas::Penetration;
use c360::core::synth::{DataProfile, SynthError, SynthParams, Synthesis, synthesize};

fn synth(customers: usize, seed: u64, profile: DataProfile) -> Dataset {
    synthesize(
        &SynthParams {
            customers,
            seed,
            profile,
        }
        .check()
        .unwrap(),
    )
}

fn share(n: usize, of: usize) -> f64 {
    n as f64 / of as f64
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    for profile in [DataProfile::Seed, DataProfile::Realistic] {
        let a = synth(500, 7, profile);
        let b = synth(500, 7, profile);
        let c = synth(500, 8, profile);
        assert_eq!(a, b);
        assert_ne!(a.customers, c.customers);
    }
}

#[test]
fn a_prefix_of_customers_does_not_depend_on_the_size() {
    // Customers are drawn one after another from a single stream.
    let small = synth(100, 3, DataProfile::Realistic);
    let large = synth(300, 3, DataProfile::Realistic);
    assert_eq!(small.customers[..], large.customers[..100]);
}

#[test]
fn a_synthesis_in_pieces_is_the_synthesis_at_once() {
    // The browser synthesizes a piece at a time (core::stages::SYNTH_PIECE); any cut gives the
    // same data as one call, for both profiles.
    for profile in [DataProfile::Seed, DataProfile::Realistic] {
        let params = SynthParams {
            customers: 1_003,
            seed: 21,
            profile,
        }
        .check()
        .unwrap();
        let whole = synthesize(&params);
        for piece in [1, 7, 500, 1_003, 5_000] {
            let mut s = Synthesis::new(&params);
            let mut calls = 0;
            while !s.step(piece) {
                calls += 1;
                assert_eq!(s.progress(), (calls * piece, 1_003));
            }
            assert!(s.is_done());
            assert_eq!(s.finish(), whole, "{profile:?} in pieces of {piece}");
        }
    }
}

#[test]
fn parameters_are_checked() {
    let bad = SynthParams {
        customers: 0,
        ..Default::default()
    }
    .check();
    assert!(matches!(
        bad,
        Err(SynthError::CustomersOutOfRange { got: 0, .. })
    ));
    let too_many = SynthParams {
        customers: 1_000_001,
        ..Default::default()
    }
    .check();
    assert!(too_many.is_err());
    assert_eq!(SynthParams::default().customers, 3_000);
    assert_eq!(SynthParams::default().seed, 42);
    assert_eq!(SynthParams::default().profile, DataProfile::Realistic);
}

#[test]
fn seed_profile_follows_the_original_distributions() {
    let n = 20_000;
    let ds = synth(n, 42, DataProfile::Seed);
    assert_eq!(ds.customers.len(), n);
    assert_eq!(ds.accounts.len(), n);
    assert_eq!(ds.transactions.len(), 6 * n);
    assert!(ds.planted.is_none());
    // Holding probabilities 0.6 / 0.5 / 0.4, within 4 standard errors.
    let se = |p: f64| 4.0 * (p * (1.0 - p) / n as f64).sqrt();
    assert!((share(ds.credit_cards.len(), n) - 0.6).abs() < se(0.6));
    assert!((share(ds.loans.len(), n) - 0.5).abs() < se(0.5));
    assert!((share(ds.investments.len(), n) - 0.4).abs() < se(0.4));
    // Income levels and probabilities.
    let levels = [200e3, 350e3, 500e3, 800e3, 1.2e6, 1.8e6];
    let probs = [0.15, 0.25, 0.25, 0.20, 0.10, 0.05];
    for (lvl, p) in levels.iter().zip(probs) {
        let k = ds.customers.iter().filter(|c| c.income == *lvl).count();
        assert!(
            (share(k, n) - p).abs() < se(p),
            "income {lvl}: {}",
            share(k, n)
        );
    }
    for c in &ds.customers {
        assert!((21.0..65.0).contains(&c.age) && c.age.fract() == 0.0);
        assert!((1.0..20.0).contains(&c.tenure_years));
    }
    for a in &ds.accounts {
        assert!(a.avg_balance >= 2_000.0);
        assert!((1.0..15.0).contains(&a.monthly_deposits));
        assert!((1.0..20.0).contains(&a.monthly_withdrawals));
        assert!((0.2..=1.0).contains(&a.digital_txn_ratio));
    }
    let mean_balance = ds.accounts.iter().map(|a| a.avg_balance).sum::<f64>() / n as f64;
    // Normal(80k, 60k) floored at 2k has a mean a little above 80k.
    assert!(
        (80_000.0..86_000.0).contains(&mean_balance),
        "{mean_balance}"
    );
    for c in &ds.credit_cards {
        assert!([50e3, 100e3, 200e3, 300e3].contains(&c.card_limit));
        assert!((0.1..=0.95).contains(&c.utilization_ratio));
    }
    for l in &ds.loans {
        assert!((3_000.0..40_000.0).contains(&l.monthly_emi));
    }
    for t in &ds.transactions {
        assert!((1..=6).contains(&t.month));
        assert!((1_000.0..15_000.0).contains(&t.shopping_spend));
        assert!((0.0..12_000.0).contains(&t.travel_spend));
        assert!((500.0..5_000.0).contains(&t.utility_spend));
        assert!((0.0..8_000.0).contains(&t.wallet_spend));
    }
}

#[test]
fn realistic_profile_plants_the_published_shares_and_holdings() {
    let n = 30_000;
    let ds = synth(n, 42, DataProfile::Realistic);
    let planted = ds
        .planted
        .clone()
        .expect("realistic data keeps the planted persona");
    assert_eq!(planted.len(), n);
    let (rows, report) = build_customer_360(&ds);
    assert!(report.is_clean());
    // Published shares and penetration (card, loan, investments) per persona.
    let expected = [
        (PlantedPersona::MassRetail, 0.49, [0.35, 0.33, 0.30]),
        (PlantedPersona::CreditActive, 0.24, [0.65, 0.79, 0.50]),
        (PlantedPersona::Affluent, 0.27, [0.98, 0.51, 0.53]),
    ];
    for (persona, share_p, pen) in expected {
        let members: Vec<_> = rows
            .iter()
            .zip(&planted)
            .filter(|(_, p)| **p == persona)
            .map(|(r, _)| r)
            .collect();
        let m = members.len();
        assert!(
            (share(m, n) - share_p).abs() < 0.015,
            "{persona:?} share {}",
            share(m, n)
        );
        let got = Penetration::of(members.iter().copied());
        for (g, e) in [got.credit_card, got.loan, got.investments].iter().zip(pen) {
            assert!((g - e).abs() < 0.03, "{persona:?}: {got:?} vs {pen:?}");
        }
    }
    // Correlated within persona: affluent earn and hold more than mass retail.
    let mean = |p: PlantedPersona, f: &dyn Fn(&c360::core::c360::Customer360) -> f64| {
        let v: Vec<f64> = rows
            .iter()
            .zip(&planted)
            .filter(|(_, q)| **q == p)
            .map(|(r, _)| f(r))
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(
        mean(PlantedPersona::Affluent, &|r| r.income)
            > 2.0 * mean(PlantedPersona::MassRetail, &|r| r.income)
    );
    assert!(
        mean(PlantedPersona::Affluent, &|r| r.avg_balance)
            > 3.0 * mean(PlantedPersona::MassRetail, &|r| r.avg_balance)
    );
    assert!(
        mean(PlantedPersona::CreditActive, &|r| r.monthly_emi
            / (r.income / 12.0))
            > 2.0
                * mean(PlantedPersona::MassRetail, &|r| r.monthly_emi
                    / (r.income / 12.0))
    );
}

#[test]
fn realistic_incomes_are_continuous_and_ages_fit_occupations() {
    let ds = synth(3_000, 42, DataProfile::Realistic);
    let distinct: std::collections::BTreeSet<u64> =
        ds.customers.iter().map(|c| c.income as u64).collect();
    assert!(distinct.len() > 300, "{} distinct incomes", distinct.len());
    assert!(
        ds.customers
            .iter()
            .all(|c| c.income % 1_000.0 == 0.0 && c.income >= 120_000.0)
    );
    for c in &ds.customers {
        // Written out, independently of the generator's own check.
        let ok = match c.occupation {
            Occupation::Student => c.age <= 26.0,
            Occupation::Retired => c.age >= 56.0,
            Occupation::Salaried => (21.0..=65.0).contains(&c.age),
            Occupation::SelfEmployed => (23.0..=70.0).contains(&c.age),
        };
        assert!(
            ok,
            "customer {} is a {:?} at {}",
            c.customer_id, c.occupation, c.age
        );
        assert!(c2_fits(c));
    }
    // Every occupation still occurs.
    for o in [
        Occupation::Salaried,
        Occupation::SelfEmployed,
        Occupation::Student,
        Occupation::Retired,
    ] {
        assert!(ds.customers.iter().any(|c| c.occupation == o), "{o:?}");
    }
}

fn c2_fits(c: &c360::core::data::Customer) -> bool {
    c360::core::synth::fits_age(c.occupation, c.age)
}

//! "Propensity ranked" arbitration against a brute force written from the rule's statement:
//! of the offers some applying rule makes (or keeps as its safe offer), switched on, eligible and
//! not blocked, the one with the highest take-up × revenue × weight (ties to the earlier offer).

use c360::core::offers::{Decider, Standing, take_up};
use c360::core::pipeline::{Analysis, AnalysisParams, analyze};
use c360::core::policy::{Arbitration, Condition, Field, Op, Policy, Value, all_hold};
use c360::core::synth::{DataProfile, SynthParams, synthesize};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn analysis(policy: &Policy) -> Analysis {
    let ds = synthesize(
        &SynthParams {
            customers: 800,
            seed: 11,
            profile: DataProfile::Realistic,
        }
        .check()
        .unwrap(),
    );
    let params = AnalysisParams {
        restarts: 2,
        k_max: 5,
        ..Default::default()
    };
    analyze(&ds, &params, policy).unwrap()
}

/// A policy with random weights, one offer off, an eligibility bound and the EMI rule on.
fn shaken(seed: u64) -> Policy {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut p = Policy {
        arbitration: Arbitration::PropensityRanked,
        ..Policy::default()
    };
    for o in &mut p.offers {
        o.weight = [0.0, 0.5, 1.0, 1.0, 2.0, 7.5][rng.random_range(0..6)];
    }
    let off = rng.random_range(0..p.offers.len());
    p.offers[off].enabled = false;
    let bounded = rng.random_range(0..p.offers.len());
    p.offers[bounded].eligibility.push(Condition {
        field: Field::Age,
        op: Op::Ge,
        value: Value::Number(35.0),
        label: None,
    });
    p.suitability[1].enabled = true;
    p
}

#[test]
fn ranked_offers_match_a_brute_force() {
    for seed in 0..6 {
        let policy = shaken(seed);
        let a = analysis(&policy);
        let view = a.segmentation.view(&a.prepared);
        let decider = Decider::new(&policy, Some(&a.propensity));
        let mut moved = 0;
        for i in 0..view.len() {
            let s = view.subject(i);
            let open = |o: usize| {
                let spec = &policy.offers[o];
                let applies = policy.rules.iter().any(|r| {
                    (r.offer == spec.id || r.safe_offer.as_deref() == Some(&spec.id))
                        && all_hold(&r.applies_to, &s)
                        && all_hold(&r.when, &s)
                });
                applies && spec.enabled && all_hold(&spec.eligibility, &s)
            };
            let blocked = |o: usize| {
                policy
                    .suitability
                    .iter()
                    .any(|r| r.blocks(&policy.offers[o]) && r.fires(&s).is_some())
            };
            let priority = |o: usize| {
                let spec = &policy.offers[o];
                take_up(spec, i, Some(&a.propensity)) * spec.revenue * spec.weight
            };
            let mut best: Option<usize> = None;
            for o in (0..policy.offers.len()).filter(|&o| open(o) && !blocked(o)) {
                if best.is_none_or(|b| priority(o) > priority(b)) {
                    best = Some(o);
                }
            }
            let got = &a.offers[i];
            assert_eq!(got.offer, best, "seed {seed}, customer {i}: {}", got.reason);
            if let Some(b) = best {
                let spec = &policy.offers[b];
                let value = take_up(spec, i, Some(&a.propensity)) * spec.revenue;
                assert!((got.expected_revenue - value).abs() < 1e-9);
            }
            moved += usize::from(got.guarded());
            // The explanation agrees: the offer made first, the others open to the customer by
            // priority, none above the one made.
            let why = decider.explain(i, &s);
            assert_eq!(why.len(), policy.offers.len());
            if let Some(b) = best {
                assert_eq!((why[0].offer, &why[0].standing), (b, &Standing::Made));
            }
            for c in &why {
                match &c.standing {
                    Standing::Passed => {
                        assert!(open(c.offer) && !blocked(c.offer));
                        assert!(c.priority <= priority(best.unwrap()));
                    }
                    Standing::Off => assert!(!policy.offers[c.offer].enabled),
                    Standing::NotEligible(_) => {
                        assert!(!all_hold(&policy.offers[c.offer].eligibility, &s))
                    }
                    Standing::Blocked(..) => assert!(blocked(c.offer)),
                    Standing::NoRule => assert!(!open(c.offer)),
                    Standing::Made => assert_eq!(Some(c.offer), best),
                }
            }
        }
        assert!(moved > 0, "seed {seed}: the guardrail moves someone");
    }
}

#[test]
fn weights_steer_the_ranking() {
    let mut policy = Policy {
        arbitration: Arbitration::PropensityRanked,
        ..Policy::default()
    };
    let base = analysis(&policy);
    let count = |a: &Analysis, id: &str| {
        let k = a.policy.offer_index(id).unwrap();
        a.offers.iter().filter(|o| o.offer == Some(k)).count()
    };
    let before = count(&base, "savings");
    policy.offers[5].weight = 50.0;
    let after = count(&analysis(&policy), "savings");
    assert!(after > before, "savings {before} → {after}");
    policy.offers[5].weight = 0.0;
    // A weight of 0 ranks last: savings is made only where nothing else is open.
    let a = analysis(&policy);
    let view = a.segmentation.view(&a.prepared);
    let decider = Decider::new(&policy, Some(&a.propensity));
    for (i, o) in a.offers.iter().enumerate() {
        if o.offer == Some(5) {
            let why = decider.explain(i, &view.subject(i));
            assert!(
                why.iter().all(|c| c.standing != Standing::Passed),
                "{why:?}"
            );
        }
    }
    assert!(count(&a, "savings") <= before);
}

#[test]
fn segment_rules_are_unchanged_by_weights_and_propensity() {
    let mut policy = Policy::default();
    let a = analysis(&policy);
    policy.offers.iter_mut().for_each(|o| o.weight = 3.0);
    let b = analysis(&policy);
    assert_eq!(a.offers, b.offers);
    let plain = a
        .segmentation
        .view(&a.prepared)
        .recommend(&Policy::default(), None);
    assert_eq!(plain, a.offers, "segment rules do not read propensities");
}

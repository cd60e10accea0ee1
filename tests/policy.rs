//! The decision policy: its file (round trip, and bad files refused with the field named), rule
//! evaluation (table-driven, against hand-worked answers), and edited policies deciding as a
//! reader of the file would expect.

mod common;

use c360::core::c360::{Customer360, build_customer_360};
use c360::core::features::{Features, engineer};
use c360::core::offers::{Decider, Offer};
use c360::core::personas::{Archetype, Segment};
use c360::core::policy::{Arbitration, Condition, Field, Op, Policy, Subject, Value};

fn segment(archetype: Archetype, name: &str) -> Segment {
    common::segment(0, archetype, name)
}

/// A 40-year-old earning 6 L a year with a card (utilisation 0.9), a loan of EMI 30,000 a month
/// and no investments, no delinquency.
fn customer() -> (Customer360, Features) {
    let (rows, _) = build_customer_360(&common::three_customers());
    let mut c = rows[0].clone();
    c.age = 40.0;
    c.income = 600_000.0;
    c.has_credit_card = true;
    c.card_limit = 100_000.0;
    c.utilization_ratio = 0.9;
    c.has_loan = true;
    c.monthly_emi = 30_000.0;
    c.has_investments = false;
    c.mf_investment = 0.0;
    c.fd_amount = 0.0;
    c.delinquency_12m = 0.0;
    c.overdue_flag = 0.0;
    let f = engineer(&c);
    (c, f)
}

fn cond(field: Field, op: Op, value: Value) -> Condition {
    Condition {
        field,
        op,
        value,
        label: None,
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

#[test]
fn conditions_evaluate_as_written() {
    let (c, f) = customer();
    let seg = segment(Archetype::CreditActive, "Borrowers");
    let s = Subject {
        row: &c,
        features: &f,
        segment: &seg,
    };
    // EMI / monthly income = 30,000 / (600,000 / 12 + 1) ≈ 0.59999 (hand-worked).
    assert!((f.emi_to_income - 30_000.0 / 50_001.0).abs() < 1e-12);
    use Field::*;
    use Op::*;
    let n = Value::Number;
    let table = [
        (Age, Eq, n(40.0), true),
        (Age, Ne, n(40.0), false),
        (Age, Lt, n(40.0), false),
        (Age, Le, n(40.0), true),
        (Age, Gt, n(39.5), true),
        (Age, Ge, n(40.5), false),
        (Income, Ge, n(600_000.0), true),
        (EmiToIncome, Gt, n(0.5), true),
        (EmiToIncome, Gt, n(0.6), false),
        (HasCreditCard, Eq, Value::Flag(true), true),
        (HasInvestments, Eq, Value::Flag(true), false),
        (HasInvestments, Ne, Value::Flag(true), true),
        (RiskFlag, Eq, Value::Flag(false), true),
        (HighCreditUtil, Eq, n(1.0), true),
        (ProductCount, Eq, n(2.0), true),
        (Segment, Eq, text("Borrowers"), true),
        (Segment, Eq, text("borrowers"), false),
        (Persona, Eq, text("Credit Active Middle Segment"), true),
        (
            Persona,
            In,
            Value::List(vec![
                text("Mature Savers"),
                text("Credit Active Middle Segment"),
            ]),
            true,
        ),
        (
            Persona,
            NotIn,
            Value::List(vec![text("Mature Savers")]),
            true,
        ),
        (Age, In, Value::List(vec![n(30.0), n(40.0)]), true),
        (WealthTier, Eq, text("Low"), true),
        // A value of the wrong kind never holds (validation refuses it first).
        (Age, Eq, text("40"), false),
    ];
    for (field, op, value, want) in table {
        let c = cond(field, op, value.clone());
        assert_eq!(
            c.holds(&s),
            want,
            "{} {} {value}",
            field.name(),
            op.symbol()
        );
    }
}

#[test]
fn the_default_policy_round_trips_through_its_file() {
    let p = Policy::default();
    let text = p.to_json();
    let back = Policy::from_json(&text).unwrap();
    assert_eq!(back, p);
    assert!(p.check().is_ok());
    assert!(text.contains("\"version\": 1"));
    // The guardrail is on, the EMI rule there but off.
    assert!(p.guardrail());
    assert!(!p.suitability_rule("EMI burden").unwrap().enabled);
}

/// The default file with one text replacement.
fn edited(from: &str, to: &str) -> String {
    let text = Policy::default().to_json();
    assert!(text.contains(from), "{from} not in the default file");
    text.replacen(from, to, 1)
}

#[test]
fn bad_policy_files_are_refused_naming_the_field() {
    let cases: Vec<(String, &str, &str)> = vec![
        (String::new(), "", "empty"),
        ("{\"version\": 1,".into(), "", "not valid JSON at line 1"),
        ("[1, 2]".into(), "", "not a policy"),
        (
            edited("\"version\": 1", "\"version\": 7"),
            "version",
            "7 is not a version",
        ),
        (edited("\"version\": 1,", ""), "version", "missing"),
        (
            edited("\"conversion\": 0.08", "\"conversion\": 8"),
            "offers[0].conversion",
            "outside 0–1",
        ),
        (
            edited("\"weight\": 1.0", "\"weight\": 500"),
            "offers[0].weight",
            "outside 0–100",
        ),
        (
            edited("\"segment_rules\"", "\"by_luck\""),
            "arbitration",
            "unknown variant `by_luck`, expected `segment_rules` or `propensity_ranked`",
        ),
        (
            edited("\"conversion\": 0.08", "\"conversion\": \"8%\""),
            "offers[0].conversion",
            "invalid type",
        ),
        (
            edited("\"revenue\": 15000.0", "\"revenue\": -1"),
            "offers[0].revenue",
            "outside",
        ),
        (
            edited("\"id\": \"premium_card\"", "\"id\": \"wealth\""),
            "offers[1].id",
            "used by an earlier offer",
        ),
        (
            edited("\"id\": \"premium_card\"", "\"id\": \"a b\""),
            "offers[1].id",
            "letters, digits",
        ),
        (
            edited("\"product\": \"investment\"", "\"product\": \"gold\""),
            "offers[0].product",
            "unknown variant `gold`",
        ),
        (
            edited("\"enabled\": true,", "\"enabled\": true, \"colour\": 1,"),
            "offers[0].colour",
            "unknown field",
        ),
        (
            edited("\"offer\": \"credit_card\"", "\"offer\": \"cc\""),
            "rules[2].offer",
            "\"cc\" is not the id of an offer",
        ),
        (
            edited(
                "\"field\": \"has_investments\"",
                "\"field\": \"investments\"",
            ),
            "rules[0].when[0].field",
            "unknown variant",
        ),
        (
            edited("\"value\": false", "\"value\": \"no\""),
            "rules[0].when[0].value",
            "has_investments takes true or false",
        ),
        (
            edited("\"op\": \"=\"", "\"op\": \"<\""),
            "rules[0].when[0].op",
            "cannot compare has_investments",
        ),
        (
            edited("\"op\": \"in\"", "\"op\": \"=\""),
            "rules[0].applies_to[0].value",
            "needs \"in\"",
        ),
        (
            edited("\"Mature Savers\"", "\"Mature Saver\""),
            "rules[0].applies_to[0].value[1]",
            "not a persona",
        ),
        (
            edited("\"value\": 0.5", "\"value\": \"half\""),
            "suitability[1].when[0].value",
            "takes a number",
        ),
        (
            edited("\"name\": \"EMI burden\"", "\"name\": \"guardrail\""),
            "suitability[1].name",
            "names an earlier rule",
        ),
        (
            edited("\"name\": \"Everyone else\"", "\"name\": \"Every\\none\""),
            "rules[5].name",
            "control character",
        ),
    ];
    for (file, path, words) in cases {
        let e = Policy::from_json(&file).expect_err(&file);
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(words), "{e} (wanted {words:?})");
    }
}

fn decide(p: &Policy, c: &Customer360, f: &Features, seg: &Segment) -> Offer {
    Decider::new(p, None).decide(
        0,
        &Subject {
            row: c,
            features: f,
            segment: seg,
        },
    )
}

fn id(p: &Policy, o: &Offer) -> String {
    o.offer.map_or(String::new(), |i| p.offers[i].id.clone())
}

#[test]
fn edited_policies_decide_as_written() {
    let (c, f) = customer();
    let credit = segment(Archetype::CreditActive, "Borrowers");
    let base = Policy::default();
    // Card and loan held, no risk: the credit family's last rule.
    let o = decide(&base, &c, &f, &credit);
    assert_eq!(id(&base, &o), "limit_enhancement");
    assert_eq!(o.rule, Some(4));
    assert_eq!(o.reason, "Borrowers: default offer");

    // Switch the offer off: the next rule that applies (everyone else) makes its offer.
    let mut p = base.clone();
    let le = p.offer_index("limit_enhancement").unwrap();
    p.offers[le].enabled = false;
    let o = decide(&p, &c, &f, &credit);
    assert_eq!(id(&p, &o), "savings");
    assert_eq!(o.rule, Some(5));

    // Eligibility: the offer only for customers under 35 — the same as switching it off here.
    let mut p = base.clone();
    p.offers[le].eligibility = vec![cond(Field::Age, Op::Lt, Value::Number(35.0))];
    assert_eq!(id(&p, &decide(&p, &c, &f, &credit)), "savings");

    // The EMI-burden rule switched on: EMI / income 0.6 > 0.5 blocks new credit.
    let mut p = base.clone();
    p.suitability[1].enabled = true;
    let o = decide(&p, &c, &f, &credit);
    assert_eq!(id(&p, &o), "savings");
    assert_eq!(o.moved_by, Some(1));
    assert_eq!(
        o.reason,
        "Borrowers: default offer → would be Limit Enhancement / Cross Loan, but EMI burden: \
         EMI above 50 % of income; no new credit"
    );

    // A safe offer that is itself switched off: no offer, and the reason says so.
    let sv = p.offer_index("savings").unwrap();
    p.offers[sv].enabled = false;
    let o = decide(&p, &c, &f, &credit);
    assert_eq!(o.offer, None);
    assert_eq!(o.expected_revenue, 0.0);
    assert!(o.reason.ends_with("no safe offer is open"), "{}", o.reason);

    // A new first rule for one segment by name, with a condition written out in the reason.
    let mut p = base.clone();
    p.rules.insert(
        0,
        c360::core::policy::OfferRule {
            name: "Borrowers over 35".into(),
            applies_to: vec![cond(Field::Segment, Op::Eq, text("Borrowers"))],
            when: vec![cond(Field::Age, Op::Ge, Value::Number(35.0))],
            offer: "wealth".into(),
            safe_offer: None,
        },
    );
    assert!(p.check().is_ok());
    let o = decide(&p, &c, &f, &credit);
    assert_eq!(id(&p, &o), "wealth");
    assert_eq!(o.reason, "Borrowers, age ≥ 35");
    // Another segment is not concerned.
    let other = segment(Archetype::CreditActive, "Others");
    assert_eq!(id(&p, &decide(&p, &c, &f, &other)), "limit_enhancement");

    // No rule at all: no offer.
    let mut p = base.clone();
    p.rules.clear();
    let o = decide(&p, &c, &f, &credit);
    assert_eq!(o.offer, None);
    assert_eq!(o.reason, "Borrowers: no rule applies");
}

#[test]
fn a_suitability_rule_costs_what_switching_it_off_gains() {
    use c360::core::pipeline::{AnalysisParams, analyze};
    use c360::core::synth::{DataProfile, SynthParams, synthesize};
    let ds = synthesize(
        &SynthParams {
            customers: 3_000,
            seed: 42,
            profile: DataProfile::Seed,
        }
        .check()
        .unwrap(),
    );
    let params = AnalysisParams {
        restarts: 3,
        ..Default::default()
    };
    for arbitration in Arbitration::ALL {
        let policy = Policy {
            arbitration,
            ..Policy::default()
        };
        let on = analyze(&ds, &params, &policy).unwrap();
        let view = on.view();
        let all: Vec<usize> = (0..view.len()).collect();
        let costs = view.suitability_costs(&all);
        // Brute force: the same segments with the guardrail off.
        let off_policy = policy.clone().with_guardrail(false);
        let off = on
            .segmentation
            .view(&on.prepared)
            .recommend(&off_policy, Some(&on.propensity));
        let total = |o: &[Offer]| o.iter().map(|o| o.expected_revenue).sum::<f64>();
        let changed = on
            .offers
            .iter()
            .zip(&off)
            .filter(|(a, b)| a.offer != b.offer)
            .count();
        assert!(changed > 0, "{arbitration:?}");
        assert_eq!(costs[0].customers, changed, "{arbitration:?}");
        let gain = total(&off) - total(&on.offers);
        assert!(
            (costs[0].revenue_forgone - gain).abs() < 1e-6,
            "{arbitration:?}"
        );
        assert_eq!(costs[1].customers, 0, "the EMI rule is off");
    }
    let on = analyze(&ds, &params, &Policy::default()).unwrap();
    let view = on.view();
    let all: Vec<usize> = (0..view.len()).collect();
    // Every customer is in exactly one route, and each route's rule makes its offer or was moved.
    let routes = view.routes(&all);
    assert_eq!(routes.iter().map(|r| r.customers).sum::<usize>(), 3_000);
    for r in &routes {
        let rule = &on.policy.rules[r.rule.unwrap()];
        if r.moved_by.is_none() {
            assert_eq!(on.policy.offers[r.offer.unwrap()].id, rule.offer);
        }
    }
}

#[test]
fn a_file_without_weights_or_arbitration_reads_as_before() {
    // The first policy files had neither: every weight 1, segment rules.
    let text: String = Policy::default()
        .to_json()
        .lines()
        .filter(|l| !l.contains("\"weight\"") && !l.contains("\"arbitration\""))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!text.contains("weight"));
    assert_eq!(Policy::from_json(&text).unwrap(), Policy::default());
}

//! The default policy's offer rules (table-driven), the guardrail, economics, filtered summaries
//! and export.

mod common;

use c360::core::c360::{Customer360, build_customer_360};
use c360::core::export::CUSTOMER_COLUMNS;
use c360::core::features::{Features, engineer, engineer_all};
use c360::core::offers::{Decider, Offer};
use c360::core::personas::{Archetype, Segment};
use c360::core::policy::{Policy, Subject};
use c360::core::summary::{Filter, Has, IncomeBand};
use c360::core::view::SegmentedView;

fn segment(cluster: usize, archetype: Archetype) -> Segment {
    common::segment(cluster, archetype, archetype.name())
}

/// A customer holding exactly the given products, with the given risk flags.
fn holder(
    card: bool,
    loan: bool,
    inv: bool,
    delinquent: bool,
    overdue: bool,
) -> (Customer360, Features) {
    let (rows, _) = build_customer_360(&common::three_customers());
    let mut c = rows[1].clone();
    c.has_credit_card = card;
    c.card_limit = if card { 100_000.0 } else { 0.0 };
    c.has_loan = loan;
    c.monthly_emi = if loan { 5_000.0 } else { 0.0 };
    c.has_investments = inv;
    c.mf_investment = if inv { 10_000.0 } else { 0.0 };
    c.delinquency_12m = f64::from(u8::from(delinquent));
    c.overdue_flag = f64::from(u8::from(overdue));
    let f = engineer(&c);
    (c, f)
}

/// The offer for one customer of a segment under `policy`.
fn recommend_one(c: &Customer360, f: &Features, segment: &Segment, policy: &Policy) -> Offer {
    Decider::new(policy, None).decide(
        0,
        &Subject {
            row: c,
            features: f,
            segment,
        },
    )
}

/// The id of the offer made (`""` for none).
fn id<'a>(policy: &'a Policy, o: &Offer) -> &'a str {
    o.offer.map_or("", |i| policy.offers[i].id.as_str())
}

const WEALTH: &str = "wealth";
const PREMIUM: &str = "premium_card";
const CARD: &str = "credit_card";
const LOAN: &str = "personal_loan";
const LIMIT: &str = "limit_enhancement";
const SAVINGS: &str = "savings";

#[test]
fn default_rules_pick_the_original_offers() {
    use Archetype::*;
    // (archetype, card, loan, investments) → offer, with no risk flag
    let table = [
        (Affluent, true, true, false, WEALTH),
        (Affluent, false, false, false, WEALTH),
        (Affluent, true, false, true, PREMIUM),
        (Affluent, false, true, true, PREMIUM),
        (CreditActive, false, true, true, CARD),
        (CreditActive, false, false, false, CARD),
        (CreditActive, true, false, false, LOAN),
        (CreditActive, true, true, false, LIMIT),
        (CreditActive, true, true, true, LIMIT),
        (MassRetail, false, false, false, SAVINGS),
        (MassRetail, true, true, true, SAVINGS),
    ];
    let cfg = Policy::default();
    for (arch, card, loan, inv, want) in table {
        let (c, f) = holder(card, loan, inv, false, false);
        let o = recommend_one(&c, &f, &segment(0, arch), &cfg);
        assert_eq!(
            id(&cfg, &o),
            want,
            "{arch:?} card={card} loan={loan} inv={inv}"
        );
        assert!(!o.guarded());
        assert!(
            o.reason.starts_with(arch.name()),
            "reason names the segment: {}",
            o.reason
        );
    }
}

#[test]
fn guardrail_blocks_new_credit_for_risky_customers_and_says_why() {
    let cfg = Policy::default();
    // Credit active, no card, overdue loan → would be Credit Card → Savings instead.
    let (c, f) = holder(false, true, false, false, true);
    let o = recommend_one(&c, &f, &segment(0, Archetype::CreditActive), &cfg);
    assert_eq!(id(&cfg, &o), SAVINGS);
    assert!(o.guarded());
    assert!(
        o.reason.contains("overdue loan") && o.reason.contains("Credit Card"),
        "{}",
        o.reason
    );
    // Affluent with investments, delinquent → would be Premium Card → Wealth Products.
    let (c, f) = holder(true, false, true, true, false);
    let o = recommend_one(&c, &f, &segment(0, Archetype::Affluent), &cfg);
    assert_eq!(id(&cfg, &o), WEALTH);
    assert!(o.reason.contains("delinquency"));
    // A non-credit offer is untouched even for a risky customer.
    let (c, f) = holder(true, false, false, true, false);
    let o = recommend_one(&c, &f, &segment(0, Archetype::Affluent), &cfg);
    assert_eq!(id(&cfg, &o), WEALTH);
    assert!(!o.guarded());
    // Switched off: the credit offer goes through.
    let off = Policy::default().with_guardrail(false);
    let (c, f) = holder(false, true, false, false, true);
    let o = recommend_one(&c, &f, &segment(0, Archetype::CreditActive), &off);
    assert_eq!(id(&off, &o), CARD);
    assert!(!o.guarded());
}

#[test]
fn expected_revenue_is_conversion_times_revenue() {
    let p = Policy::default();
    let e = |id: &str| p.offers[p.offer_index(id).unwrap()].expected_revenue();
    let want = [
        (WEALTH, 0.08 * 15_000.0),
        (PREMIUM, 0.06 * 8_000.0),
        (CARD, 0.10 * 5_000.0),
        (LOAN, 0.07 * 12_000.0),
        (LIMIT, 0.05 * 6_000.0),
        (SAVINGS, 0.04 * 3_000.0),
    ];
    for (k, v) in want {
        assert!((e(k) - v).abs() < 1e-9, "{k:?}");
    }
    // The original's published mix reproduces its published total.
    let mix = [
        (SAVINGS, 1470.0),
        (PREMIUM, 431.0),
        (WEALTH, 386.0),
        (LIMIT, 360.0),
        (CARD, 248.0),
        (LOAN, 105.0),
    ];
    let total: f64 = mix.iter().map(|(k, n)| n * e(k)).sum();
    assert!((total - 1_166_680.0).abs() < 1e-6, "{total}");
}

#[test]
fn edited_economics_change_revenue() {
    let mut cfg = Policy::default();
    let savings = cfg.offer_index(SAVINGS).unwrap();
    cfg.offers[savings].conversion = 0.5;
    let (c, f) = holder(false, false, false, false, false);
    let o = recommend_one(&c, &f, &segment(0, Archetype::MassRetail), &cfg);
    assert!((o.expected_revenue - 1_500.0).abs() < 1e-9);
}

#[test]
fn filters_and_summary_aggregate_the_right_customers() {
    let (rows, _) = build_customer_360(&common::three_customers());
    let f = engineer_all(&rows);
    let labels = vec![0, 1, 0];
    let segs = vec![
        segment(0, Archetype::CreditActive),
        segment(1, Archetype::MassRetail),
    ];
    let view = SegmentedView {
        rows: &rows,
        features: &f,
        labels: &labels,
        segments: &segs,
    };
    let policy = Policy::default();
    let offers = view.recommend(&policy, None);

    let analysed = view.with_offers(&offers, &policy);
    let all = analysed.filter(&Filter::default());
    assert_eq!(all, vec![0, 1, 2]);
    let s = analysed.summarize(&all);
    assert_eq!(s.customers, 3);
    assert!((s.avg_income - (600_000.0 + 240_000.0 + 1_200_000.0) / 3.0).abs() < 1e-6);
    assert!((s.avg_products - 5.0 / 3.0).abs() < 1e-12);
    assert_eq!(s.segments[0].customers, 2);
    assert!((s.segments[0].penetration.credit_card - 0.5).abs() < 1e-12);
    assert_eq!(s.offers.iter().map(|o| o.customers).sum::<usize>(), 3);
    let total: f64 = offers.iter().map(|o| o.expected_revenue).sum();
    assert!((s.expected_revenue - total).abs() < 1e-9);

    let only_second = Filter {
        clusters: Some(vec![false, true]),
        ..Filter::default()
    };
    assert_eq!(view.filter(&only_second), vec![1]);
    let rich = Filter {
        income: IncomeBand::From10To15L,
        ..Filter::default()
    };
    assert_eq!(view.filter(&rich), vec![2]);
    let mid_age = Filter {
        age: (40.0, 59.0),
        ..Filter::default()
    };
    assert_eq!(view.filter(&mid_age), vec![1]);
    let loans = Filter {
        products: [Has::Any, Has::Yes, Has::Any],
        ..Filter::default()
    };
    assert_eq!(view.filter(&loans), vec![0, 2]);
    let none = Filter {
        products: [Has::No; 3],
        ..Filter::default()
    };
    assert_eq!(view.filter(&none), vec![1]);
    // Every combination of the product, risk and offer filters against a brute force over the
    // customers' own fields.
    for card in Has::ALL {
        for loan in Has::ALL {
            for inv in Has::ALL {
                for risk in Has::ALL {
                    let flt = Filter {
                        products: [card, loan, inv],
                        risk,
                        ..Filter::default()
                    };
                    let want: Vec<usize> = (0..rows.len())
                        .filter(|&i| {
                            let r = &rows[i];
                            let ok = |h: Has, v: bool| h == Has::Any || (h == Has::Yes) == v;
                            ok(card, r.has_credit_card)
                                && ok(loan, r.has_loan)
                                && ok(inv, r.has_investments)
                                && ok(risk, f[i].risk_flag)
                        })
                        .collect();
                    assert_eq!(
                        analysed.filter(&flt),
                        want,
                        "{card:?} {loan:?} {inv:?} {risk:?}"
                    );
                }
            }
        }
    }
    for (o, _) in policy.offers.iter().enumerate() {
        let mut sel = vec![false; policy.offers.len() + 1];
        sel[o] = true;
        let flt = Filter {
            offers: Some(sel),
            ..Filter::default()
        };
        let want: Vec<usize> = (0..rows.len())
            .filter(|&i| offers[i].offer == Some(o))
            .collect();
        assert_eq!(analysed.filter(&flt), want, "offer {o}");
    }
    for moved in Has::ALL {
        let flt = Filter {
            guarded: moved,
            ..Filter::default()
        };
        let want: Vec<usize> = (0..rows.len())
            .filter(|&i| moved == Has::Any || (moved == Has::Yes) == offers[i].guarded())
            .collect();
        assert_eq!(analysed.filter(&flt), want, "moved {moved:?}");
    }

    let empty = analysed.summarize(&[]);
    assert_eq!(empty.customers, 0);
    assert_eq!(empty.avg_income, 0.0);
    assert!(empty.offers.is_empty());
}

#[test]
fn income_bands_split_at_their_bounds() {
    assert!(IncomeBand::UpTo3L.contains(300_000.0));
    assert!(!IncomeBand::From3To6L.contains(300_000.0));
    assert!(IncomeBand::From3To6L.contains(300_001.0));
    assert!(IncomeBand::Above15L.contains(1_800_000.0));
    for inc in [1.0, 350e3, 800e3, 1.2e6, 2.5e6] {
        let n = IncomeBand::ALL[1..]
            .iter()
            .filter(|b| b.contains(inc))
            .count();
        assert_eq!(n, 1, "every income in exactly one band");
    }
}

#[test]
fn export_writes_header_and_one_row_per_selected_customer() {
    let (rows, _) = build_customer_360(&common::three_customers());
    let f = engineer_all(&rows);
    let labels = vec![0, 0, 0];
    let segs = vec![segment(0, Archetype::CreditActive)];
    let view = SegmentedView {
        rows: &rows,
        features: &f,
        labels: &labels,
        segments: &segs,
    };
    let policy = Policy::default();
    let offers = view.recommend(&policy, None);
    let bytes = view.with_offers(&offers, &policy).to_csv(&[0, 2]).unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, CUSTOMER_COLUMNS.to_vec());
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(&recs[0][0], "A");
    assert_eq!(&recs[1][0], "C");
    assert_eq!(&recs[0][1], "Credit Active Middle Segment");
    // A is delinquent with a card and loan → limit enhancement blocked by the guardrail.
    assert_eq!(&recs[0][2], "Savings + FD + Micro Insurance");
    assert_eq!(&recs[0][5], "1");
    assert!(recs[0][3].contains("guardrail"));
}

/// The view refuses parts that describe different customers, instead of stopping at the
/// shortest.
#[test]
#[should_panic(expected = "a view of 3 customers with 2 offers")]
fn a_view_with_parts_of_different_lengths_panics() {
    let (rows, _) = build_customer_360(&common::three_customers());
    let f = engineer_all(&rows);
    let labels = vec![0, 0, 0];
    let segs = vec![segment(0, Archetype::CreditActive)];
    let view = SegmentedView {
        rows: &rows,
        features: &f,
        labels: &labels,
        segments: &segs,
    };
    let policy = Policy::default();
    let offers = view.recommend(&policy, None);
    view.with_offers(&offers[..2], &policy).summarize(&[0]);
}

/// The summary of a filtered set of a real analysis, against every figure computed here from
/// the customers' own fields, one figure at a time.
#[test]
fn the_summary_is_every_figure_computed_from_the_customers() {
    use c360::core::pipeline::{AnalysisParams, analyze};
    use c360::core::synth::{SynthParams, synthesize};
    let ds = synthesize(
        &SynthParams {
            customers: 1_500,
            seed: 5,
            ..Default::default()
        }
        .check()
        .unwrap(),
    );
    let a = analyze(
        &ds,
        &AnalysisParams {
            k: Some(4),
            ..Default::default()
        },
        &Policy::default(),
    )
    .unwrap();
    let view = a.view();
    let rows = &a.prepared.rows;
    let labels = &a.segmentation.labels;
    let some: Vec<usize> = view
        .filter(&Filter {
            products: [Has::Any, Has::Yes, Has::Any],
            ..Filter::default()
        })
        .into_iter()
        .filter(|i| i % 3 != 1)
        .collect();
    // Filtering and summarizing in one pass is the two done one after the other.
    for flt in [
        Filter::default(),
        Filter {
            products: [Has::No, Has::Yes, Has::Any],
            age: (30.0, 55.0),
            ..Filter::default()
        },
        Filter {
            clusters: Some(vec![false, true, false, true]),
            risk: Has::Yes,
            ..Filter::default()
        },
        Filter {
            age: (99.0, 100.0),
            ..Filter::default()
        },
    ] {
        let indices = view.filter(&flt);
        assert_eq!(
            view.filter_summarize(&flt),
            (indices.clone(), view.summarize(&indices)),
            "{flt:?}"
        );
    }
    for indices in [some, Vec::new()] {
        let s = view.summarize(&indices);
        let n = indices.len();
        let mean = |f: &dyn Fn(usize) -> f64| {
            let mut sum = 0.0;
            for &i in &indices {
                sum += f(i);
            }
            if n == 0 { 0.0 } else { sum / n as f64 }
        };
        assert_eq!(s.customers, n);
        assert_eq!(s.avg_income, mean(&|i| rows[i].income));
        assert_eq!(s.avg_balance, mean(&|i| rows[i].avg_balance));
        assert_eq!(
            s.avg_products,
            mean(&|i| a.prepared.features[i].product_count)
        );
        let mut revenue = 0.0;
        for &i in &indices {
            revenue += a.offers[i].expected_revenue;
        }
        assert_eq!(s.expected_revenue, revenue);
        assert_eq!(s.segments.len(), a.segmentation.segments.len());
        for seg in &s.segments {
            let members: Vec<usize> = indices
                .iter()
                .copied()
                .filter(|&i| labels[i] == seg.cluster)
                .collect();
            let share = |f: &dyn Fn(usize) -> bool| {
                if members.is_empty() {
                    0.0
                } else {
                    members.iter().filter(|&&i| f(i)).count() as f64 / members.len() as f64
                }
            };
            assert_eq!(seg.customers, members.len());
            assert_eq!(seg.name, a.segmentation.segments[seg.cluster].name);
            assert_eq!(
                seg.penetration.credit_card,
                share(&|i| rows[i].has_credit_card)
            );
            assert_eq!(seg.penetration.loan, share(&|i| rows[i].has_loan));
            assert_eq!(
                seg.penetration.investments,
                share(&|i| rows[i].has_investments)
            );
        }
        // Every offer made to a filtered customer, most customers first, ties by catalogue.
        let mut want: Vec<(usize, usize, f64)> = (0..a.policy.offers.len())
            .map(|o| {
                let got: Vec<usize> = indices
                    .iter()
                    .copied()
                    .filter(|&i| a.offers[i].offer == Some(o))
                    .collect();
                let mut revenue = 0.0;
                for &i in &got {
                    revenue += a.offers[i].expected_revenue;
                }
                (o, got.len(), revenue)
            })
            .filter(|w| w.1 > 0)
            .collect();
        want.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let got: Vec<(usize, usize, f64)> = s
            .offers
            .iter()
            .map(|o| (o.offer, o.customers, o.expected_revenue))
            .collect();
        assert_eq!(got, want);
        assert!(n == 0 || s.offers.len() >= 2, "{got:?}");
    }
}

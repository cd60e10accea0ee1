//! The original project's three segments, read as it read them: on seed-profile data (the
//! original's independent draws) at K = 3 with the guardrail off, the segments carry the original's
//! three names, at about its published shares, and the campaign is worth about what the original's
//! was. The yardsticks are the original's published figures: a 49 / 24 / 27 % split (Mass Retail,
//! Credit Active, Affluent) and an expected revenue of ₹11,66,680 for 3,000 customers.

use c360::core::personas::Archetype;
use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;
use c360::core::synth::{DataProfile, SynthParams, synthesize};

/// The original's published shares, in [`Archetype::ALL`] order of the first three.
const SHARES: [(Archetype, f64); 3] = [
    (Archetype::MassRetail, 0.49),
    (Archetype::CreditActive, 0.24),
    (Archetype::Affluent, 0.27),
];
const REVENUE: f64 = 1_166_680.0;

#[test]
fn seed_profile_segments_carry_the_originals_names_shares_and_revenue() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for seed in 1..=10 {
        let ds = synthesize(
            &SynthParams {
                customers: 3_000,
                seed,
                profile: DataProfile::Seed,
            }
            .check()
            .unwrap(),
        );
        let params = AnalysisParams {
            k: Some(3),
            k_min: 3,
            k_max: 3,
            ..Default::default()
        };
        let cfg = Policy::default().with_guardrail(false);
        let a = analyze(&ds, &params, &cfg).unwrap();
        let segs = &a.segmentation.segments;
        let mut line = format!("seed {seed:2}:");
        for (archetype, share) in SHARES {
            let Some(s) = segs.iter().find(|s| s.name == archetype.name()) else {
                let names: Vec<_> = segs.iter().map(|s| &s.name).collect();
                failures.push(format!("seed {seed}: no {} in {names:?}", archetype.name()));
                continue;
            };
            line += &format!(" {} {:.1} %", archetype.name(), s.share * 100.0);
            if (s.share - share).abs() > 0.08 {
                failures.push(format!(
                    "seed {seed}: {} has {:.1} % (published {:.0} %)",
                    s.name,
                    s.share * 100.0,
                    share * 100.0
                ));
            }
        }
        let revenue: f64 = a.offers.iter().map(|o| o.expected_revenue).sum();
        let mix: Vec<usize> = (0..cfg.offers.len())
            .map(|k| a.offers.iter().filter(|o| o.offer == Some(k)).count())
            .collect();
        line += &format!(" revenue {revenue:.0} mix {mix:?}");
        if (revenue / REVENUE - 1.0).abs() > 0.15 {
            failures.push(format!(
                "seed {seed}: revenue {revenue:.0} against {REVENUE:.0}"
            ));
        }
        // Every family of the original's offers is recommended.
        if mix.contains(&0) {
            failures.push(format!("seed {seed}: an offer is never made: {mix:?}"));
        }
        report.push(line);
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        failures.join("\n"),
        report.join("\n")
    );
}

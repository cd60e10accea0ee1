//! One-line descriptions generated from a segment's own numbers, so that a description never
//! claims what the segment does not show ("97 % hold a card, 2.0 products on average; 50 % do not
//! invest yet", not "high income" where income is average).

use super::archetype::Archetype;
use super::profile::*;
use crate::core::features::Feature;

/// A share as a whole percentage: "97 %".
fn pct(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Where a z-score lies, in words.
fn level(z: f64) -> &'static str {
    match z {
        z if z >= 1.0 => "well above average",
        z if z >= 0.2 => "above average",
        z if z > -0.2 => "about average",
        z if z > -1.0 => "below average",
        _ => "well below average",
    }
}

/// A risk caveat when the segment's risk-flag share stands out (10 points above the population's).
fn risk_caveat(p: &Profile, pop: &Population) -> Option<String> {
    (p.risky >= pop.risky + 0.10).then(|| {
        format!(
            "{} have a delinquency or an overdue loan ({} overall)",
            pct(p.risky),
            pct(pop.risky)
        )
    })
}

/// The description of a segment named after `archetype` (alone or as a variant).
pub fn describe(archetype: Archetype, p: &Profile, pop: &Population) -> String {
    // The segment's mean, its z-score and the population's mean of a feature.
    let m = |f: Feature| p.mean[f.index()];
    let z = |f: Feature| p.z[f.index()];
    let all = |f: Feature| pop.mean[f.index()];
    let pen = &p.penetration;
    let products = format!(
        "{:.1} products on average ({:.1} overall)",
        m(Feature::ProductCount),
        all(Feature::ProductCount)
    );
    let mut parts: Vec<String> = match archetype {
        Archetype::MassRetail => vec![
            products,
            format!(
                "{} hold a card, {} a loan, {} invest",
                pct(pen.credit_card),
                pct(pen.loan),
                pct(pen.investments)
            ),
        ],
        Archetype::CreditActive => vec![
            format!(
                "{} hold a loan ({} overall), EMI {} of monthly income on average",
                pct(pen.loan),
                pct(pop.penetration.loan),
                pct(m(Feature::EmiToIncome))
            ),
            format!("{} hold a card", pct(pen.credit_card)),
        ],
        Archetype::Affluent => vec![
            format!("{} hold a card, {products}", pct(pen.credit_card)),
            format!(
                "income {}, balances {}",
                level(z(Feature::Income)),
                level(z(Feature::AvgBalance))
            ),
            format!("{} do not invest yet", pct(1.0 - pen.investments)),
        ],
        Archetype::CreditStressed => vec![
            format!(
                "{} have a delinquency or an overdue loan ({} overall)",
                pct(p.risky),
                pct(pop.risky)
            ),
            format!(
                "card utilisation {} on average",
                pct(m(Feature::UtilizationRatio))
            ),
        ],
        Archetype::DigitalFirstYoung => vec![
            format!(
                "average age {:.0} ({:.0} overall)",
                m(Feature::Age),
                all(Feature::Age)
            ),
            format!(
                "digital engagement {:.2} ({:.2} overall)",
                m(Feature::DigitalEngagementScore),
                all(Feature::DigitalEngagementScore)
            ),
        ],
        Archetype::MatureSavers => vec![
            format!(
                "average age {:.0}, {:.0} years with the bank",
                m(Feature::Age),
                m(Feature::TenureYears)
            ),
            format!(
                "balances {}, EMI burden and card use below average",
                level(z(Feature::AvgBalance))
            ),
        ],
        Archetype::LifestyleSpenders => vec![
            format!(
                "six-month spend {} of annual income ({} overall)",
                pct(m(Feature::SpendToIncome)),
                pct(all(Feature::SpendToIncome))
            ),
            format!(
                "{:.0} deposits and withdrawals a month ({:.0} overall)",
                m(Feature::TxnActivityScore),
                all(Feature::TxnActivityScore)
            ),
        ],
        Archetype::EmergingEarners => vec![
            format!(
                "average age {:.0} ({:.0} overall)",
                m(Feature::Age),
                all(Feature::Age)
            ),
            format!("income {}", level(z(Feature::Income))),
            products,
        ],
    };
    // Low engagement is about products, not income: say where its income lies when it stands out.
    if archetype == Archetype::MassRetail && z(Feature::Income).abs() >= 0.2 {
        parts.push(format!("income {}", level(z(Feature::Income))));
    }
    if archetype != Archetype::CreditStressed {
        parts.extend(risk_caveat(p, pop));
    }
    capitalise(parts.join("; "))
}

/// The description of a segment that fits no archetype, named after two traits.
pub fn describe_mixed(traits: (&str, &str), nearest: Archetype, p: &Profile) -> String {
    capitalise(format!(
        "fits no persona: {}, {}; {} hold a card, {} a loan, {} invest; offers as for {}",
        traits.0,
        traits.1,
        pct(p.penetration.credit_card),
        pct(p.penetration.loan),
        pct(p.penetration.investments),
        nearest.name()
    ))
}

fn capitalise(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(z: &[(Feature, f64)], mean: &[(Feature, f64)], card: f64, inv: f64) -> Profile {
        let mut p = Profile {
            z: vec![0.0; Feature::ALL.len()],
            mean: vec![0.0; Feature::ALL.len()],
            penetration: Penetration {
                credit_card: card,
                loan: 0.5,
                investments: inv,
            },
            risky: 0.1,
        };
        z.iter().for_each(|&(f, v)| p.z[f.index()] = v);
        mean.iter().for_each(|&(f, v)| p.mean[f.index()] = v);
        p
    }

    fn population() -> Population {
        let mut mean = vec![0.0; Feature::ALL.len()];
        mean[Feature::ProductCount.index()] = 1.5;
        Population {
            mean,
            penetration: Penetration {
                credit_card: 0.6,
                loan: 0.5,
                investments: 0.4,
            },
            risky: 0.12,
        }
    }

    #[test]
    fn an_affluent_segment_of_average_income_is_described_by_its_holdings() {
        let p = profile(
            &[(Feature::Income, 0.1), (Feature::AvgBalance, 0.05)],
            &[(Feature::ProductCount, 2.04)],
            0.97,
            0.5,
        );
        assert_eq!(
            describe(Archetype::Affluent, &p, &population()),
            "97 % hold a card, 2.0 products on average (1.5 overall); \
             income about average, balances about average; 50 % do not invest yet"
        );
    }

    #[test]
    fn a_striking_risk_share_is_said() {
        let mut p = profile(&[], &[(Feature::ProductCount, 1.0)], 0.4, 0.3);
        p.risky = 0.34;
        let d = describe(Archetype::MassRetail, &p, &population());
        assert!(
            d.ends_with("34 % have a delinquency or an overdue loan (12 % overall)"),
            "{d}"
        );
    }

    #[test]
    fn levels_read_the_z_score() {
        assert_eq!(level(1.2), "well above average");
        assert_eq!(level(0.5), "above average");
        assert_eq!(level(0.0), "about average");
        assert_eq!(level(-0.5), "below average");
        assert_eq!(level(-1.5), "well below average");
    }
}

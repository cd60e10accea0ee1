//! The archetypes a segment can be named after: what each name claims ([`Archetype::fits`]) and
//! how strongly a segment shows it ([`Archetype::score`]).
//!
//! An analyst reads a segment from its product holdings and burden as much as from its income: the
//! original project's "Affluent & Investment Ready" segment is the card-saturated one with the most
//! products and room to invest, even where its income does not stand out. So the claims read
//! penetration (each product against the population), the EMI burden, value and risk, as well as
//! the centroid's z-scores.

use serde::Serialize;

use super::profile::*;
use crate::core::data::PlantedPersona;
use crate::core::features::Feature;

/// A named customer archetype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Archetype {
    /// "Mass Retail / Low Engagement": low product holding, basic banking.
    MassRetail,
    /// "Credit Active Middle Segment": high loan usage and EMI burden.
    CreditActive,
    /// "Affluent & Investment Ready": high value or card-saturated, with room to invest.
    Affluent,
    /// "Credit-Stressed Borrowers": delinquencies, overdue loans, maxed-out cards.
    CreditStressed,
    /// "Digital-First Young": young, highly digital, early in their banking life.
    DigitalFirstYoung,
    /// "Mature Savers": older, long tenure, healthy balances, light credit use.
    MatureSavers,
    /// "Lifestyle Spenders": high spending relative to income, very transactional.
    LifestyleSpenders,
    /// "Emerging Earners": young, modest income, a growing relationship.
    EmergingEarners,
}

/// Which rule set of the cross-sell engine applies to an archetype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OfferFamily {
    /// Affluent and Mature Savers: by default wealth products or a premium card.
    Affluent,
    /// Credit Active and Lifestyle Spenders: by default a card, a loan or a higher limit.
    CreditActive,
    /// Every other archetype: by default savings, FD and micro insurance.
    MassRetail,
}

/// A card penetration at or above this is "saturated on cards".
pub const CARD_SATURATED: f64 = 0.85;
/// How far (in share points) a segment's loan penetration must exceed the population's for
/// "high loan usage".
pub const LOAN_LIFT: f64 = 0.05;

impl Archetype {
    /// Every archetype, the original three first.
    pub const ALL: [Archetype; 8] = [
        Archetype::MassRetail,
        Archetype::CreditActive,
        Archetype::Affluent,
        Archetype::CreditStressed,
        Archetype::DigitalFirstYoung,
        Archetype::MatureSavers,
        Archetype::LifestyleSpenders,
        Archetype::EmergingEarners,
    ];

    /// The archetype whose persona name is `name` ([`Archetype::name`]).
    pub fn from_name(name: &str) -> Option<Archetype> {
        Archetype::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The persona name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Archetype::MassRetail => "Mass Retail / Low Engagement",
            Archetype::CreditActive => "Credit Active Middle Segment",
            Archetype::Affluent => "Affluent & Investment Ready",
            Archetype::CreditStressed => "Credit-Stressed Borrowers",
            Archetype::DigitalFirstYoung => "Digital-First Young",
            Archetype::MatureSavers => "Mature Savers",
            Archetype::LifestyleSpenders => "Lifestyle Spenders",
            Archetype::EmergingEarners => "Emerging Earners",
        }
    }

    /// What the archetype stands for in general (a segment's own description is generated from
    /// its numbers: [`super::describe`]).
    pub fn description(self) -> &'static str {
        match self {
            Archetype::MassRetail => "Low product holding, basic banking",
            Archetype::CreditActive => "High loan usage, high EMI burden",
            Archetype::Affluent => "High value or saturated on cards, with room to invest",
            Archetype::CreditStressed => "Delinquencies, overdue loans and maxed-out cards",
            Archetype::DigitalFirstYoung => "Young, highly digital, early in their banking life",
            Archetype::MatureSavers => "Older, long tenure, healthy balances, light credit use",
            Archetype::LifestyleSpenders => "High spending relative to income, very transactional",
            Archetype::EmergingEarners => "Young, modest income, growing relationship",
        }
    }

    /// The cross-sell rule set for this archetype.
    pub fn family(self) -> OfferFamily {
        match self {
            Archetype::Affluent | Archetype::MatureSavers => OfferFamily::Affluent,
            Archetype::CreditActive | Archetype::LifestyleSpenders => OfferFamily::CreditActive,
            Archetype::MassRetail
            | Archetype::CreditStressed
            | Archetype::DigitalFirstYoung
            | Archetype::EmergingEarners => OfferFamily::MassRetail,
        }
    }

    /// The planted persona this archetype corresponds to, if any (the original's three).
    pub fn planted(self) -> Option<PlantedPersona> {
        match self {
            Archetype::MassRetail => Some(PlantedPersona::MassRetail),
            Archetype::CreditActive => Some(PlantedPersona::CreditActive),
            Archetype::Affluent => Some(PlantedPersona::Affluent),
            _ => None,
        }
    }

    /// Whether a segment shows what this archetype's name claims, against the population; a
    /// segment is named after an archetype only when it does.
    pub fn fits(self, p: &Profile, pop: &Population) -> bool {
        let z = |f: Feature| p.z[f.index()];
        match self {
            Archetype::MassRetail => z(Feature::ProductCount) < -0.2,
            Archetype::CreditActive => {
                p.penetration.loan >= pop.penetration.loan + LOAN_LIFT
                    && z(Feature::EmiToIncome) > 0.2
            }
            Archetype::Affluent => {
                let value = z(Feature::Income) > 0.2 && z(Feature::AvgBalance) > 0.2;
                let saturated = p.penetration.credit_card >= CARD_SATURATED
                    && z(Feature::ProductCount) > 0.2
                    && z(Feature::Income) > -0.2
                    && z(Feature::AvgBalance) > -0.2;
                // "Investment ready": some of the segment does not invest yet.
                (value || saturated) && p.penetration.investments < 0.95
            }
            Archetype::CreditStressed => z(Feature::RiskScore) > 0.5,
            Archetype::DigitalFirstYoung => {
                z(Feature::DigitalEngagementScore) > 0.3 && z(Feature::Age) < -0.2
            }
            Archetype::MatureSavers => {
                z(Feature::Age) > 0.2
                    && z(Feature::TenureYears) > 0.0
                    && z(Feature::AvgBalance) > 0.0
                    && z(Feature::EmiToIncome) < 0.0
                    && z(Feature::UtilizationRatio) < 0.0
            }
            Archetype::LifestyleSpenders => {
                z(Feature::SpendToIncome) > 0.3 && z(Feature::TxnActivityScore) > 0.0
            }
            Archetype::EmergingEarners => z(Feature::Age) < -0.2 && z(Feature::Income) < 0.0,
        }
    }

    /// How strongly a segment shows this archetype (a few units at most; differences in
    /// penetration count double, as a share of 0–1).
    pub fn score(self, p: &Profile, pop: &Population) -> f64 {
        let z = |f: Feature| p.z[f.index()];
        let lift = |seg: f64, all: f64| 2.0 * (seg - all);
        match self {
            Archetype::MassRetail => {
                -z(Feature::ProductCount)
                    - 0.5 * z(Feature::DigitalEngagementScore)
                    - 0.5 * z(Feature::AvgBalance)
                    - 0.5 * z(Feature::TxnActivityScore)
            }
            Archetype::CreditActive => {
                z(Feature::EmiToIncome)
                    + 0.5 * z(Feature::UtilizationRatio)
                    + 0.5 * z(Feature::TxnActivityScore)
                    - 0.3 * z(Feature::Income)
                    - 0.3 * z(Feature::RiskScore)
                    + lift(p.penetration.loan, pop.penetration.loan)
            }
            Archetype::Affluent => {
                z(Feature::Income)
                    + z(Feature::AvgBalance)
                    + 0.5 * z(Feature::TotalInvestments)
                    + 0.5 * z(Feature::ProductCount)
                    + lift(p.penetration.credit_card, pop.penetration.credit_card)
            }
            Archetype::CreditStressed => {
                1.5 * z(Feature::RiskScore) + 0.5 * z(Feature::UtilizationRatio)
                    - 0.3 * z(Feature::Income)
            }
            Archetype::DigitalFirstYoung => {
                z(Feature::DigitalEngagementScore) - z(Feature::Age) - 0.5 * z(Feature::TenureYears)
            }
            Archetype::MatureSavers => {
                z(Feature::Age) + z(Feature::TenureYears) + 0.5 * z(Feature::AvgBalance)
                    - 0.5 * z(Feature::EmiToIncome)
                    - 0.5 * z(Feature::UtilizationRatio)
            }
            Archetype::LifestyleSpenders => {
                1.5 * z(Feature::SpendToIncome) + 0.5 * z(Feature::TxnActivityScore)
                    - 0.3 * z(Feature::EmiToIncome)
            }
            Archetype::EmergingEarners => {
                -z(Feature::Age) - z(Feature::Income) - 0.5 * z(Feature::TenureYears)
            }
        }
    }
}

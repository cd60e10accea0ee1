//! Naming the clusters: archetypes assigned jointly, variants and mixed profiles for the rest.

use super::archetype::Archetype;
use super::describe::{describe, describe_mixed};
use super::profile::{Population, Profile};
use crate::core::features::Feature;

/// How a segment got its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Naming {
    /// After its archetype, which it fits and has to itself.
    Archetype,
    /// After an archetype it fits that another segment has, with what sets it apart from that
    /// archetype's other segments.
    Variant,
    /// It fits no archetype: after its most distinctive features.
    Features,
}

/// A cluster's name, what it means, and the archetype whose offers apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The archetype whose offer rules apply.
    pub archetype: Archetype,
    /// How the name was chosen.
    pub naming: Naming,
    /// The persona name shown to users.
    pub name: String,
    /// One line on what sets the cluster apart.
    pub description: String,
}

/// The trait of feature `j` ([`Feature::ALL`] order) for a difference `d` (in σ) from the
/// comparison: [`Feature::traits`], high or low.
fn trait_of(j: usize, d: f64) -> &'static str {
    let (high, low) = Feature::ALL[j].traits();
    if d >= 0.0 { high } else { low }
}

/// Features by |d| descending (ties by index).
fn by_strength(d: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..d.len()).collect();
    idx.sort_by(|&a, &b| d[b].abs().total_cmp(&d[a].abs()));
    idx
}

/// Names every cluster: distinct names, each true to the cluster's own numbers.
///
/// Archetypes are assigned jointly ([`assign_archetypes`]). A cluster left without an archetype
/// it fits to itself is named after the best archetype it does fit, with what sets it apart from
/// that archetype's other clusters ("Mass Retail / Low Engagement (older)"), or, when it fits
/// none, after its two most distinctive features ("Mixed: less digital, fewer transactions").
pub fn name_clusters(profiles: &[Profile], pop: &Population) -> Vec<Named> {
    let own = assign_archetypes(profiles, pop);
    let fits = |c: usize, a: Archetype| a.fits(&profiles[c], pop);
    let mut named: Vec<Option<Named>> = (0..profiles.len())
        .map(|c| {
            let a = own[c];
            fits(c, a).then(|| Named {
                archetype: a,
                naming: Naming::Archetype,
                name: a.name().to_string(),
                description: describe(a, &profiles[c], pop),
            })
        })
        .collect();
    let mut taken: Vec<String> = named.iter().flatten().map(|n| n.name.clone()).collect();
    for c in 0..profiles.len() {
        if named[c].is_some() {
            continue;
        }
        let p = &profiles[c];
        let best_fit = Archetype::ALL
            .iter()
            .copied()
            .filter(|&a| a.fits(p, pop))
            .max_by(|a, b| a.score(p, pop).total_cmp(&b.score(p, pop)));
        let n = match best_fit {
            Some(a) => variant(c, a, profiles, &own, pop, &taken),
            None => mixed(c, p, pop, &taken),
        };
        taken.push(n.name.clone());
        named[c] = Some(n);
    }
    named
        .into_iter()
        .map(|n| n.expect("every cluster named"))
        .collect()
}

/// Cluster `c`, which fits `a` but does not have it to itself, named by what sets it apart from
/// the other clusters named after `a` (their mean centroid).
fn variant(
    c: usize,
    a: Archetype,
    profiles: &[Profile],
    own: &[Archetype],
    pop: &Population,
    taken: &[String],
) -> Named {
    let z = &profiles[c].z;
    let others: Vec<&Vec<f64>> = (0..profiles.len())
        .filter(|&o| o != c && own[o] == a && a.fits(&profiles[o], pop))
        .map(|o| &profiles[o].z)
        .collect();
    let d: Vec<f64> = (0..z.len())
        .map(|j| {
            let mean = others.iter().map(|o| o[j]).sum::<f64>() / others.len().max(1) as f64;
            z[j] - mean
        })
        .collect();
    let name = by_strength(&d)
        .into_iter()
        .map(|j| format!("{} ({})", a.name(), trait_of(j, d[j])))
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| format!("{} ({})", a.name(), c + 1));
    Named {
        archetype: a,
        naming: Naming::Variant,
        name,
        description: describe(a, &profiles[c], pop),
    }
}

/// Cluster `c`, which fits no archetype, named after its two strongest traits (distinct as a
/// pair, in either order); its offers follow the nearest of the original three personas.
fn mixed(c: usize, p: &Profile, pop: &Population, taken: &[String]) -> Named {
    let z = &p.z;
    let order = by_strength(z);
    let (first, rest) = (order[0], &order[1..]);
    let a = trait_of(first, z[first]);
    let mixed = |a: &str, b: &str| format!("Mixed: {a}, {b}");
    let found = rest
        .iter()
        .map(|&j| trait_of(j, z[j]))
        .find(|b| !taken.contains(&mixed(a, b)) && !taken.contains(&mixed(b, a)));
    let nearest = Archetype::ALL[..3]
        .iter()
        .copied()
        .max_by(|x, y| x.score(p, pop).total_cmp(&y.score(p, pop)))
        .expect("three personas");
    let (name, traits) = match found {
        Some(b) => (mixed(a, b), (a, b)),
        None => (
            format!("Mixed profile {}", c + 1),
            (a, trait_of(rest[0], z[rest[0]])),
        ),
    };
    Named {
        archetype: nearest,
        naming: Naming::Features,
        name,
        description: describe_mixed(traits, nearest, p),
    }
}

/// Distinct archetypes for the clusters, chosen in this order of preference: as many clusters
/// as possible get an archetype they fit; then as many as possible of those are the original
/// three personas (the original named its three segments so, and its offers follow them); then
/// the largest total score.
pub fn assign_archetypes(profiles: &[Profile], pop: &Population) -> Vec<Archetype> {
    let k = profiles.len();
    // Each level outweighs any sum of the levels below: scores are a few units per cluster.
    const FIT: f64 = 1e6;
    const ORIGINAL: f64 = 1e3;
    let scores: Vec<Vec<f64>> = profiles
        .iter()
        .map(|p| {
            Archetype::ALL
                .iter()
                .map(|a| {
                    let fit = a.fits(p, pop);
                    let original = fit && a.planted().is_some();
                    a.score(p, pop)
                        + if fit { FIT } else { 0.0 }
                        + if original { ORIGINAL } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let mut best = (f64::NEG_INFINITY, vec![0usize; k]);
    let mut current = Vec::with_capacity(k);
    let mut used = [false; Archetype::ALL.len()];
    search(&scores, &mut current, &mut used, 0.0, &mut best);
    best.1.into_iter().map(|a| Archetype::ALL[a]).collect()
}

/// Exhaustive search over injective cluster → archetype mappings (at most 8!/(8−K)!).
fn search(
    scores: &[Vec<f64>],
    current: &mut Vec<usize>,
    used: &mut [bool],
    total: f64,
    best: &mut (f64, Vec<usize>),
) {
    let c = current.len();
    if c == scores.len() || c == used.len() {
        if total > best.0 {
            *best = (total, current.clone());
        }
        return;
    }
    for a in 0..used.len() {
        if !used[a] {
            used[a] = true;
            current.push(a);
            search(scores, current, used, total + scores[c][a], best);
            current.pop();
            used[a] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::profile::*;
    use super::*;

    /// A profile with the given (feature, σ) values, 0 elsewhere, and the given card, loan and
    /// investment penetration.
    fn p(values: &[(Feature, f64)], pen: (f64, f64, f64)) -> Profile {
        let mut z = vec![0.0; Feature::ALL.len()];
        for &(f, v) in values {
            z[f.index()] = v;
        }
        Profile {
            z,
            mean: vec![0.0; Feature::ALL.len()],
            penetration: Penetration {
                credit_card: pen.0,
                loan: pen.1,
                investments: pen.2,
            },
            risky: 0.1,
        }
    }

    const AVERAGE: (f64, f64, f64) = (0.6, 0.5, 0.4);

    fn pop() -> Population {
        Population {
            mean: vec![0.0; Feature::ALL.len()],
            penetration: Penetration {
                credit_card: 0.6,
                loan: 0.5,
                investments: 0.4,
            },
            risky: 0.12,
        }
    }

    fn names(named: &[Named]) -> Vec<&str> {
        named.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn the_planted_profiles_get_their_personas() {
        let named = name_clusters(
            &[
                p(
                    &[
                        (Feature::ProductCount, -1.0),
                        (Feature::DigitalEngagementScore, -0.8),
                        (Feature::TxnActivityScore, -0.7),
                    ],
                    (0.35, 0.33, 0.3),
                ),
                p(
                    &[
                        (Feature::Income, 1.6),
                        (Feature::AvgBalance, 1.5),
                        (Feature::TotalInvestments, 1.2),
                    ],
                    (0.98, 0.51, 0.53),
                ),
                p(
                    &[
                        (Feature::EmiToIncome, 1.4),
                        (Feature::UtilizationRatio, 0.9),
                        (Feature::TxnActivityScore, 1.7),
                    ],
                    (0.65, 0.79, 0.5),
                ),
            ],
            &pop(),
        );
        assert_eq!(
            names(&named),
            [
                "Mass Retail / Low Engagement",
                "Affluent & Investment Ready",
                "Credit Active Middle Segment"
            ]
        );
        assert!(named.iter().all(|n| n.naming == Naming::Archetype));
    }

    /// The original's reading of its own data: the card-saturated segment with the most products
    /// is the affluent one even though its income and balances are average and it is the riskiest;
    /// the loan-heavy, high-EMI one is credit active though its card use is below average.
    #[test]
    fn the_originals_three_are_read_from_holdings_and_burden() {
        let named = name_clusters(
            &[
                p(
                    &[
                        (Feature::UtilizationRatio, 1.1),
                        (Feature::RiskScore, 1.15),
                        (Feature::ProductCount, 0.64),
                        (Feature::Income, 0.16),
                    ],
                    (0.97, 0.57, 0.50),
                ),
                p(
                    &[
                        (Feature::ProductCount, -0.59),
                        (Feature::Income, 0.43),
                        (Feature::EmiToIncome, -0.43),
                    ],
                    (0.38, 0.34, 0.27),
                ),
                p(
                    &[
                        (Feature::SpendToIncome, 1.03),
                        (Feature::Income, -0.78),
                        (Feature::EmiToIncome, 0.72),
                        (Feature::UtilizationRatio, -0.26),
                    ],
                    (0.55, 0.68, 0.49),
                ),
            ],
            &pop(),
        );
        assert_eq!(
            names(&named),
            [
                "Affluent & Investment Ready",
                "Mass Retail / Low Engagement",
                "Credit Active Middle Segment"
            ]
        );
        // Its description says what is true of it, not "high income".
        assert!(
            named[0].description.starts_with("97 % hold a card"),
            "{}",
            named[0].description
        );
        assert!(named[0].description.contains("income about average"));
        assert!(named[0].description.contains("50 % do not invest yet"));
    }

    #[test]
    fn a_second_cluster_of_an_archetype_is_a_variant_named_by_what_sets_it_apart() {
        let named = name_clusters(
            &[
                p(
                    &[
                        (Feature::Income, 1.6),
                        (Feature::AvgBalance, 1.5),
                        (Feature::Age, -0.1),
                    ],
                    AVERAGE,
                ),
                p(
                    &[
                        (Feature::Income, 1.4),
                        (Feature::AvgBalance, 1.2),
                        (Feature::Age, 1.5),
                    ],
                    AVERAGE,
                ),
            ],
            &pop(),
        );
        assert_eq!(named[0].name, "Affluent & Investment Ready");
        assert_eq!(named[1].name, "Affluent & Investment Ready (older)");
        assert_eq!(named[1].naming, Naming::Variant);
        assert_eq!(named[1].archetype, Archetype::Affluent);
    }

    #[test]
    fn a_cluster_that_fits_no_archetype_is_named_from_its_features() {
        // Low digital use and few transactions, average risk and products: not credit-stressed,
        // whatever else is left over (the K = 7 case a tester found named "Credit-Stressed").
        let named = name_clusters(
            &[
                p(&[(Feature::ProductCount, -1.0)], AVERAGE),
                p(
                    &[
                        (Feature::DigitalEngagementScore, -0.9),
                        (Feature::TxnActivityScore, -0.7),
                        (Feature::Income, -0.1),
                    ],
                    AVERAGE,
                ),
            ],
            &pop(),
        );
        assert_eq!(named[1].naming, Naming::Features);
        assert_eq!(named[1].name, "Mixed: less digital, fewer transactions");
        // Its offers follow the nearest original persona.
        assert_eq!(named[1].archetype, Archetype::MassRetail);
        assert!(
            named[1]
                .description
                .starts_with("Fits no persona: less digital")
        );
    }

    #[test]
    fn every_archetype_fits_the_profile_its_name_claims() {
        let pop = pop();
        for a in Archetype::ALL {
            assert!(
                !a.fits(&p(&[], AVERAGE), &pop),
                "{a:?} fits the average customer"
            );
        }
        assert!(Archetype::CreditStressed.fits(&p(&[(Feature::RiskScore, 0.8)], AVERAGE), &pop));
        assert!(!Archetype::CreditStressed.fits(
            &p(
                &[(Feature::RiskScore, 0.1), (Feature::UtilizationRatio, 2.0)],
                AVERAGE
            ),
            &pop
        ));
        let mature = [
            (Feature::Age, 1.0),
            (Feature::TenureYears, 1.0),
            (Feature::AvgBalance, 0.5),
            (Feature::EmiToIncome, -0.5),
            (Feature::UtilizationRatio, -0.5),
        ];
        assert!(Archetype::MatureSavers.fits(&p(&mature, AVERAGE), &pop));
        let mut borrowing = mature;
        borrowing[3] = (Feature::EmiToIncome, 0.5);
        assert!(!Archetype::MatureSavers.fits(&p(&borrowing, AVERAGE), &pop));
        assert!(!Archetype::DigitalFirstYoung.fits(
            &p(
                &[(Feature::DigitalEngagementScore, 1.0), (Feature::Age, 0.5)],
                AVERAGE
            ),
            &pop
        ));
        assert!(!Archetype::EmergingEarners.fits(
            &p(&[(Feature::Age, 0.4), (Feature::Income, -1.0)], AVERAGE),
            &pop
        ));
        // Credit active needs more loans than the population, not only a high EMI ratio.
        let emi = [(Feature::EmiToIncome, 0.8)];
        assert!(!Archetype::CreditActive.fits(&p(&emi, (0.6, 0.52, 0.4)), &pop));
        assert!(Archetype::CreditActive.fits(&p(&emi, (0.6, 0.70, 0.4)), &pop));
        // Saturated on cards with the most products, but income well below average: not affluent.
        let poor = [(Feature::ProductCount, 0.8), (Feature::Income, -0.9)];
        assert!(!Archetype::Affluent.fits(&p(&poor, (0.97, 0.5, 0.5)), &pop));
        // Nobody left to invest: not "investment ready".
        let rich = [(Feature::Income, 1.0), (Feature::AvgBalance, 1.0)];
        assert!(!Archetype::Affluent.fits(&p(&rich, (0.9, 0.5, 0.98)), &pop));
    }
}

//! Personas: each cluster is named from its centroid profile, never by number (SPEC §5).
//!
//! Every archetype scores each cluster from the cluster's z-scored centroid, and says whether the
//! centroid shows what its name and description claim ([`Archetype::fits`]). The archetypes are
//! assigned jointly (an exhaustive search over injective cluster → archetype mappings, at most
//! 8!/(8−K)! candidates): first as many clusters as possible get an archetype they fit, then the
//! total score is maximised. The three original personas carry a small priority bonus so that,
//! where they fit, they win. A cluster left without an archetype it fits to itself is named after
//! the best archetype it does fit, with what sets it apart from that archetype's other clusters
//! ("Mass Retail / Low Engagement (older)"), or, when it fits none, after its most distinctive
//! features; so every name agrees with the segment's own numbers, and every name is distinct.

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use super::c360::Customer360;
use super::data::PlantedPersona;
use super::features::MODEL_FEATURES;

const AGE: usize = 0;
const INCOME: usize = 1;
const TENURE: usize = 2;
const BALANCE: usize = 3;
const DIGITAL: usize = 4;
const SPEND: usize = 5;
const EMI: usize = 6;
const UTIL: usize = 7;
const TXN: usize = 8;
const INVEST: usize = 9;
const RISK: usize = 10;
const PRODUCTS: usize = 11;

/// A named customer archetype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Archetype {
    MassRetail,
    CreditActive,
    Affluent,
    CreditStressed,
    DigitalFirstYoung,
    MatureSavers,
    LifestyleSpenders,
    EmergingEarners,
}

/// Which rule set of the cross-sell engine applies to an archetype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OfferFamily {
    Affluent,
    CreditActive,
    MassRetail,
}

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

    /// A one-line description.
    pub fn description(self) -> &'static str {
        match self {
            Archetype::MassRetail => "Low product holding, basic banking",
            Archetype::CreditActive => "High loan and card usage, high EMI burden",
            Archetype::Affluent => "High income and balances, saturated on cards, investment-ready",
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

    /// The planted persona this archetype corresponds to, if any.
    pub fn planted(self) -> Option<PlantedPersona> {
        match self {
            Archetype::MassRetail => Some(PlantedPersona::MassRetail),
            Archetype::CreditActive => Some(PlantedPersona::CreditActive),
            Archetype::Affluent => Some(PlantedPersona::Affluent),
            _ => None,
        }
    }

    /// Whether a z-scored centroid (in [`MODEL_FEATURES`] order) shows what this archetype's name
    /// and description claim; a segment is named after an archetype only when it does.
    pub fn fits(self, z: &[f64]) -> bool {
        match self {
            Archetype::MassRetail => z[PRODUCTS] < -0.2,
            Archetype::CreditActive => z[EMI] > 0.2 && z[UTIL] > 0.0,
            Archetype::Affluent => z[INCOME] > 0.2 && z[BALANCE] > 0.2,
            Archetype::CreditStressed => z[RISK] > 0.5,
            Archetype::DigitalFirstYoung => z[DIGITAL] > 0.3 && z[AGE] < -0.2,
            Archetype::MatureSavers => {
                z[AGE] > 0.2 && z[TENURE] > 0.0 && z[BALANCE] > 0.0 && z[EMI] < 0.0 && z[UTIL] < 0.0
            }
            Archetype::LifestyleSpenders => z[SPEND] > 0.3 && z[TXN] > 0.0,
            Archetype::EmergingEarners => z[AGE] < -0.2 && z[INCOME] < 0.0,
        }
    }

    /// How well a z-scored centroid (in [`MODEL_FEATURES`] order) fits this archetype.
    pub fn score(self, z: &[f64]) -> f64 {
        let bonus = if self.planted().is_some() { 0.5 } else { 0.0 };
        bonus
            + match self {
                Archetype::MassRetail => {
                    -z[PRODUCTS] - 0.5 * z[DIGITAL] - 0.5 * z[BALANCE] - 0.5 * z[TXN]
                }
                Archetype::CreditActive => {
                    z[EMI] + z[UTIL] + 0.5 * z[TXN] - 0.3 * z[INCOME] - 0.3 * z[RISK]
                }
                Archetype::Affluent => z[INCOME] + z[BALANCE] + 0.5 * z[INVEST],
                Archetype::CreditStressed => 1.5 * z[RISK] + 0.5 * z[UTIL] - 0.3 * z[INCOME],
                Archetype::DigitalFirstYoung => z[DIGITAL] - z[AGE] - 0.5 * z[TENURE],
                Archetype::MatureSavers => {
                    z[AGE] + z[TENURE] + 0.5 * z[BALANCE] - 0.5 * z[EMI] - 0.5 * z[UTIL]
                }
                Archetype::LifestyleSpenders => 1.5 * z[SPEND] + 0.5 * z[TXN] - 0.3 * z[EMI],
                Archetype::EmergingEarners => -z[AGE] - z[INCOME] - 0.5 * z[TENURE],
            }
    }
}

/// One centroid feature that stands out, with its distance from the population mean in σ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub feature: &'static str,
    /// Centroid value in σ units (z-score).
    pub z: f64,
    /// Centroid value in the feature's own units.
    pub value: f64,
}

/// Share of a group holding each product, 0–1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Penetration {
    pub credit_card: f64,
    pub loan: f64,
    pub investments: f64,
}

impl Penetration {
    /// Penetration over the given rows.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Customer360>) -> Self {
        let (mut n, mut c, mut l, mut v) = (0usize, 0usize, 0usize, 0usize);
        for r in rows {
            n += 1;
            c += usize::from(r.has_credit_card);
            l += usize::from(r.has_loan);
            v += usize::from(r.has_investments);
        }
        if n == 0 {
            return Self::default();
        }
        let n = n as f64;
        Self {
            credit_card: c as f64 / n,
            loan: l as f64 / n,
            investments: v as f64 / n,
        }
    }
}

/// How a segment got its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Naming {
    /// After its archetype, which it fits and has to itself.
    Archetype,
    /// After an archetype it fits that another segment has, with what sets it apart from that
    /// archetype's other segments.
    Variant,
    /// It fits no archetype: after its most distinctive features.
    Features,
}

/// A named segment: one cluster with its persona, profile and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Cluster index `0..k` (labels refer to it).
    pub cluster: usize,
    /// The archetype whose offer rules apply: the one it is named after, or, for
    /// [`Naming::Features`], the nearest of the three original personas.
    pub archetype: Archetype,
    pub naming: Naming,
    /// The persona name (distinct among the segments).
    pub name: String,
    /// One line on what the name means for this segment.
    pub description: String,
    pub size: usize,
    /// Share of all customers, 0–1.
    pub share: f64,
    pub penetration: Penetration,
    /// Mean of each model feature over the segment, original units, [`MODEL_FEATURES`] order.
    pub centroid: Vec<f64>,
    /// The same in σ units (z-scored centroid).
    pub z_centroid: Vec<f64>,
    /// The features that stand out most (largest |z|), strongest first.
    pub evidence: Vec<Evidence>,
}

/// Names the K clusters of a labelling and profiles each.
///
/// `x_raw` is the unscaled model matrix `(n, 12)`, `x_scaled` its z-scores `(n, 12)`.
pub fn name_segments(
    rows: &[Customer360],
    x_raw: ArrayView2<f64>,
    x_scaled: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
) -> Vec<Segment> {
    let n = rows.len();
    let raw_means = cluster_means(x_raw, labels, k); // (k, 12)
    let z_means = cluster_means(x_scaled, labels, k); // (k, 12)
    let sizes = cluster_sizes(labels, k);
    let zs: Vec<Vec<f64>> = z_means.outer_iter().map(|r| r.to_vec()).collect();
    let mut names = name_clusters(&zs).into_iter();

    (0..k)
        .map(|c| {
            let named = names.next().expect("one name per cluster");
            let members = labels
                .iter()
                .zip(rows)
                .filter(|(l, _)| **l == c)
                .map(|(_, r)| r);
            Segment {
                cluster: c,
                archetype: named.archetype,
                naming: named.naming,
                name: named.name,
                description: named.description,
                size: sizes[c],
                share: if n == 0 {
                    0.0
                } else {
                    sizes[c] as f64 / n as f64
                },
                penetration: Penetration::of(members),
                centroid: raw_means.row(c).to_vec(),
                z_centroid: zs[c].clone(),
                evidence: evidence(&zs[c], raw_means.row(c).as_slice().unwrap_or(&[]), 3),
            }
        })
        .collect()
}

/// Mean of each column per cluster. Shape `(k, n_features)`; an empty cluster gets zeros.
#[inline(never)]
fn cluster_means(x: ArrayView2<f64>, labels: &[usize], k: usize) -> Array2<f64> {
    let d = x.ncols();
    let mut sums = vec![0.0; k * d]; // (k, d)
    let mut counts = vec![0usize; k];
    for (row, &l) in x.outer_iter().zip(labels) {
        for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(row.iter()) {
            *s += v;
        }
        counts[l] += 1;
    }
    for (s, &c) in sums.chunks_exact_mut(d.max(1)).zip(&counts) {
        if c > 0 {
            s.iter_mut().for_each(|v| *v /= c as f64);
        }
    }
    Array2::from_shape_vec((k, d), sums).expect("k·d values")
}

fn cluster_sizes(labels: &[usize], k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &l in labels {
        sizes[l] += 1;
    }
    sizes
}

/// The `top` features with the largest |z|, strongest first.
fn evidence(z: &[f64], raw: &[f64], top: usize) -> Vec<Evidence> {
    let mut idx: Vec<usize> = (0..z.len()).collect();
    idx.sort_by(|&a, &b| z[b].abs().total_cmp(&z[a].abs()));
    idx.into_iter()
        .take(top)
        .map(|j| Evidence {
            feature: MODEL_FEATURES[j],
            z: z[j],
            value: raw.get(j).copied().unwrap_or(f64::NAN),
        })
        .collect()
}

/// A cluster's name, what it means, and the archetype whose offers apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub archetype: Archetype,
    pub naming: Naming,
    pub name: String,
    pub description: String,
}

/// What a feature's high and low values say about a segment, [`MODEL_FEATURES`] order.
const TRAITS: [(&str, &str); 12] = [
    ("older", "younger"),
    ("higher income", "lower income"),
    ("longer tenure", "newer to the bank"),
    ("higher balances", "lower balances"),
    ("more digital", "less digital"),
    ("bigger spenders", "lighter spenders"),
    ("higher EMI burden", "lower EMI burden"),
    ("heavier card use", "lighter card use"),
    ("more transactions", "fewer transactions"),
    ("more invested", "less invested"),
    ("riskier", "cleaner record"),
    ("more products", "fewer products"),
];

/// The trait of feature `j` for a difference `d` (in σ) from the comparison.
fn trait_of(j: usize, d: f64) -> &'static str {
    if d >= 0.0 { TRAITS[j].0 } else { TRAITS[j].1 }
}

/// Features by |d| descending (ties by index).
fn by_strength(d: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..d.len()).collect();
    idx.sort_by(|&a, &b| d[b].abs().total_cmp(&d[a].abs()));
    idx
}

/// Names every cluster (see the module doc): distinct, and true to its z-scored centroid.
pub fn name_clusters(z_centroids: &[Vec<f64>]) -> Vec<Named> {
    let own = assign_archetypes(z_centroids);
    let fits = |c: usize, a: Archetype| a.fits(&z_centroids[c]);
    let mut named: Vec<Option<Named>> = (0..z_centroids.len())
        .map(|c| {
            let a = own[c];
            fits(c, a).then(|| Named {
                archetype: a,
                naming: Naming::Archetype,
                name: a.name().to_string(),
                description: a.description().to_string(),
            })
        })
        .collect();
    let mut taken: Vec<String> = named.iter().flatten().map(|n| n.name.clone()).collect();
    for c in 0..z_centroids.len() {
        if named[c].is_some() {
            continue;
        }
        let z = &z_centroids[c];
        let best_fit = Archetype::ALL
            .iter()
            .copied()
            .filter(|&a| a.fits(z))
            .max_by(|a, b| a.score(z).total_cmp(&b.score(z)));
        let n = match best_fit {
            Some(a) => {
                // Set apart from the other clusters named after `a` (their mean centroid).
                let others: Vec<&Vec<f64>> = (0..z_centroids.len())
                    .filter(|&o| o != c && own[o] == a && fits(o, a))
                    .map(|o| &z_centroids[o])
                    .collect();
                let d: Vec<f64> = (0..z.len())
                    .map(|j| {
                        let mean =
                            others.iter().map(|o| o[j]).sum::<f64>() / others.len().max(1) as f64;
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
                    description: a.description().to_string(),
                }
            }
            None => {
                let order = by_strength(z);
                let (first, rest) = (order[0], &order[1..]);
                let (a, mixed) = (trait_of(first, z[first]), |a, b| format!("Mixed: {a}, {b}"));
                // Distinct as a pair of traits, in either order.
                let name = rest
                    .iter()
                    .map(|&j| (mixed(a, trait_of(j, z[j])), mixed(trait_of(j, z[j]), a)))
                    .find(|(name, swapped)| !taken.contains(name) && !taken.contains(swapped))
                    .map(|(name, _)| name)
                    .unwrap_or_else(|| format!("Mixed profile {}", c + 1));
                let nearest = Archetype::ALL[..3]
                    .iter()
                    .copied()
                    .max_by(|a, b| a.score(z).total_cmp(&b.score(z)))
                    .expect("three personas");
                Named {
                    archetype: nearest,
                    naming: Naming::Features,
                    name,
                    description: format!("Fits no persona; offers as for {}", nearest.name()),
                }
            }
        };
        taken.push(n.name.clone());
        named[c] = Some(n);
    }
    named
        .into_iter()
        .map(|n| n.expect("every cluster named"))
        .collect()
}

/// Distinct archetypes for the clusters: as many as possible that the clusters fit, then the
/// largest total fit score.
pub fn assign_archetypes(z_centroids: &[Vec<f64>]) -> Vec<Archetype> {
    let k = z_centroids.len();
    // A fitting pair outweighs any difference of scores (they are a few σ at most).
    const FIT: f64 = 1e3;
    let scores: Vec<Vec<f64>> = z_centroids
        .iter()
        .map(|z| {
            Archetype::ALL
                .iter()
                .map(|a| a.score(z) + if a.fits(z) { FIT } else { 0.0 })
                .collect()
        })
        .collect();
    let mut best = (f64::NEG_INFINITY, vec![0usize; k]);
    let mut current = Vec::with_capacity(k);
    let mut used = [false; Archetype::ALL.len()];
    search(&scores, &mut current, &mut used, 0.0, &mut best);
    best.1.into_iter().map(|a| Archetype::ALL[a]).collect()
}

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
    use super::*;

    /// A z-scored centroid with the given (feature, σ) values, 0 elsewhere.
    fn z(values: &[(usize, f64)]) -> Vec<f64> {
        let mut z = vec![0.0; MODEL_FEATURES.len()];
        for &(j, v) in values {
            z[j] = v;
        }
        z
    }

    #[test]
    fn the_planted_profiles_get_their_personas() {
        let named = name_clusters(&[
            z(&[(PRODUCTS, -1.0), (DIGITAL, -0.8), (TXN, -0.7)]),
            z(&[(INCOME, 1.6), (BALANCE, 1.5), (INVEST, 1.2)]),
            z(&[(EMI, 1.4), (UTIL, 0.9), (TXN, 1.7)]),
        ]);
        let names: Vec<&str> = named.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Mass Retail / Low Engagement",
                "Affluent & Investment Ready",
                "Credit Active Middle Segment"
            ]
        );
        assert!(named.iter().all(|n| n.naming == Naming::Archetype));
    }

    #[test]
    fn a_second_cluster_of_an_archetype_is_a_variant_named_by_what_sets_it_apart() {
        let named = name_clusters(&[
            z(&[(INCOME, 1.6), (BALANCE, 1.5), (AGE, -0.1)]),
            z(&[(INCOME, 1.4), (BALANCE, 1.2), (AGE, 1.5)]),
        ]);
        assert_eq!(named[0].name, "Affluent & Investment Ready");
        assert_eq!(named[1].name, "Affluent & Investment Ready (older)");
        assert_eq!(named[1].naming, Naming::Variant);
        assert_eq!(named[1].archetype, Archetype::Affluent);
    }

    #[test]
    fn a_cluster_that_fits_no_archetype_is_named_from_its_features() {
        // Low digital use and few transactions, average risk and products: not credit-stressed,
        // whatever else is left over (the K = 7 case a tester found named "Credit-Stressed").
        let named = name_clusters(&[
            z(&[(PRODUCTS, -1.0)]),
            z(&[(DIGITAL, -0.9), (TXN, -0.7), (INCOME, -0.1)]),
        ]);
        assert_eq!(named[1].naming, Naming::Features);
        assert_eq!(named[1].name, "Mixed: less digital, fewer transactions");
        // Its offers follow the nearest original persona.
        assert_eq!(named[1].archetype, Archetype::MassRetail);
    }

    #[test]
    fn every_archetype_fits_the_profile_its_description_claims() {
        for a in Archetype::ALL {
            assert!(!a.fits(&z(&[])), "{a:?} fits the average customer");
        }
        assert!(Archetype::CreditStressed.fits(&z(&[(RISK, 0.8)])));
        assert!(!Archetype::CreditStressed.fits(&z(&[(RISK, 0.1), (UTIL, 2.0)])));
        assert!(Archetype::MatureSavers.fits(&z(&[
            (AGE, 1.0),
            (TENURE, 1.0),
            (BALANCE, 0.5),
            (EMI, -0.5),
            (UTIL, -0.5)
        ])));
        assert!(!Archetype::MatureSavers.fits(&z(&[
            (AGE, 1.0),
            (TENURE, 1.0),
            (BALANCE, 0.5),
            (EMI, 0.5),
            (UTIL, -0.5)
        ])));
        assert!(!Archetype::DigitalFirstYoung.fits(&z(&[(DIGITAL, 1.0), (AGE, 0.5)])));
        assert!(!Archetype::EmergingEarners.fits(&z(&[(AGE, 0.4), (INCOME, -1.0)])));
    }
}

//! Personas: each cluster is named from its centroid profile, never by number (SPEC §5).
//!
//! Every archetype scores each cluster from the cluster's z-scored centroid; the names are then
//! assigned jointly (an exhaustive search over injective cluster → archetype mappings, at most
//! 8!/(8−K)! candidates) to maximise the total score, so every segment gets a distinct name.
//! The three original personas carry a small priority bonus so that, where they fit, they win.

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
            Archetype::MatureSavers => "Older, long tenure, healthy balances, little credit",
            Archetype::LifestyleSpenders => {
                "High card spend relative to income, very transactional"
            }
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

/// A named segment: one cluster with its persona, profile and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Cluster index `0..k` (labels refer to it).
    pub cluster: usize,
    pub archetype: Archetype,
    /// The persona name.
    pub name: &'static str,
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
    let names = assign_archetypes(&zs);

    (0..k)
        .map(|c| {
            let members = labels
                .iter()
                .zip(rows)
                .filter(|(l, _)| **l == c)
                .map(|(_, r)| r);
            Segment {
                cluster: c,
                archetype: names[c],
                name: names[c].name(),
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

/// Distinct archetypes for the clusters, maximising the total fit score.
pub fn assign_archetypes(z_centroids: &[Vec<f64>]) -> Vec<Archetype> {
    let k = z_centroids.len();
    let scores: Vec<Vec<f64>> = z_centroids
        .iter()
        .map(|z| Archetype::ALL.iter().map(|a| a.score(z)).collect())
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

//! Personas: each cluster is named from its profile, never by number.
//!
//! A segment's profile ([`Profile`]) is what an analyst reads: its centroid in σ and in the
//! features' own units, the share holding each product, and the share with a risk flag, all
//! against the whole population ([`Population`]). Every archetype says whether a segment shows
//! what its name claims ([`Archetype::fits`]) and how strongly ([`Archetype::score`]); the names
//! are assigned jointly ([`assign_archetypes`]) and every description is generated from the
//! segment's own numbers ([`describe`]), so no name or description claims what the segment does
//! not show, and every name is distinct.

mod archetype;
mod describe;
mod naming;
mod profile;

pub use archetype::{Archetype, CARD_SATURATED, LOAN_LIFT, OfferFamily};
pub use describe::{describe, describe_mixed};
pub use naming::{Named, Naming, assign_archetypes, name_clusters};
pub use profile::{Counts, Penetration, Population, Profile};

use ndarray::ArrayView2;
use serde::Serialize;

use super::c360::Customer360;
use super::features::Feature;

/// One centroid feature that stands out, with its distance from the population mean in σ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The feature's column name ([`Feature::name`]).
    pub feature: &'static str,
    /// Centroid value in σ units (z-score).
    pub z: f64,
    /// Centroid value in the feature's own units.
    pub value: f64,
}

/// A named segment: one cluster with its persona, profile and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Cluster index `0..k` (labels refer to it).
    pub cluster: usize,
    /// The archetype whose offer rules apply: the one it is named after, or, for
    /// [`Naming::Features`], the nearest of the three original personas.
    pub archetype: Archetype,
    /// How the name was chosen (after its archetype, as a variant, or from its features).
    pub naming: Naming,
    /// The persona name (distinct among the segments).
    pub name: String,
    /// One line on what sets this segment apart, generated from its own numbers.
    pub description: String,
    /// Number of customers in the segment.
    pub size: usize,
    /// Share of all customers, 0–1.
    pub share: f64,
    /// Share of the segment holding a card, a loan and investments, 0–1 each.
    pub penetration: Penetration,
    /// Mean of each model feature over the segment, original units, [`Feature::ALL`] order.
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
    let pop = Population::of(rows, x_raw);
    let profiles = profile::profiles(rows, x_raw, x_scaled, labels, k);
    let sizes = cluster_sizes(labels, k);
    let named = name_clusters(&profiles, &pop);
    profiles
        .into_iter()
        .zip(named)
        .enumerate()
        .map(|(c, (p, named))| Segment {
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
            penetration: p.penetration,
            evidence: evidence(&p.z, &p.mean, 3),
            centroid: p.mean,
            z_centroid: p.z,
        })
        .collect()
}

/// The profile of each segment of a segmentation, as naming read it (the test of a name's
/// claim: `segment.archetype.fits(&profile, &population)`).
pub fn segment_profiles(
    rows: &[Customer360],
    x_raw: ArrayView2<f64>,
    x_scaled: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
) -> (Vec<Profile>, Population) {
    (
        profile::profiles(rows, x_raw, x_scaled, labels, k),
        Population::of(rows, x_raw),
    )
}

fn cluster_sizes(labels: &[usize], k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &l in labels {
        sizes[l] += 1;
    }
    sizes
}

/// Below this |z| a feature does not stand out (identical customers: nothing does).
const EVIDENCE_MIN_Z: f64 = 0.05;

/// The `top` features with the largest |z|, strongest first; none that does not stand out.
fn evidence(z: &[f64], raw: &[f64], top: usize) -> Vec<Evidence> {
    let mut idx: Vec<usize> = (0..z.len()).collect();
    idx.sort_by(|&a, &b| z[b].abs().total_cmp(&z[a].abs()));
    idx.into_iter()
        .filter(|&j| z[j].abs() >= EVIDENCE_MIN_Z)
        .take(top)
        .map(|j| Evidence {
            feature: Feature::ALL[j].name(),
            z: z[j],
            value: raw.get(j).copied().unwrap_or(f64::NAN),
        })
        .collect()
}

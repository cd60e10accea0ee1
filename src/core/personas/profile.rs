//! What naming reads of a segment and of the whole population: the centroid (in σ and in the
//! features' own units), product penetration, and the share of customers with a risk flag.

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::core::c360::Customer360;

/// Share of a group holding each product, 0–1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Penetration {
    /// Share holding a credit card, 0–1.
    pub credit_card: f64,
    /// Share holding a loan, 0–1.
    pub loan: f64,
    /// Share holding investments (MF or FD), 0–1.
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

/// Whether a customer has a delinquency in the last 12 months or an overdue loan (risk_flag).
fn is_risky(r: &Customer360) -> bool {
    r.delinquency_12m > 0.0 || r.overdue_flag > 0.0
}

/// Share of rows with a risk flag, 0–1 (0 for no rows).
fn risk_share<'a>(rows: impl IntoIterator<Item = &'a Customer360>) -> f64 {
    let (n, risky) = rows.into_iter().fold((0usize, 0usize), |(n, k), r| {
        (n + 1, k + usize::from(is_risky(r)))
    });
    if n == 0 { 0.0 } else { risky as f64 / n as f64 }
}

/// What naming reads of one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Centroid in σ units (z-scores), indexed by
    /// [`Feature::index`](crate::core::features::Feature::index).
    pub z: Vec<f64>,
    /// Centroid in the features' own units, same order.
    pub mean: Vec<f64>,
    /// Share of the segment holding each product.
    pub penetration: Penetration,
    /// Share of the segment with a risk flag (a delinquency or an overdue loan), 0–1.
    pub risky: f64,
}

/// The whole population, which every segment is compared against.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// Mean of each model feature in its own units, indexed by
    /// [`Feature::index`](crate::core::features::Feature::index).
    pub mean: Vec<f64>,
    /// Share of all customers holding each product.
    pub penetration: Penetration,
    /// Share of customers with a risk flag, 0–1.
    pub risky: f64,
}

impl Population {
    /// The population of `rows`, whose unscaled model matrix is `x_raw` `(n, 12)`.
    pub fn of(rows: &[Customer360], x_raw: ArrayView2<f64>) -> Self {
        let n = x_raw.nrows().max(1) as f64;
        let mean = (0..x_raw.ncols())
            .map(|j| x_raw.column(j).sum() / n)
            .collect();
        Self {
            mean,
            penetration: Penetration::of(rows),
            risky: risk_share(rows),
        }
    }
}

/// The profile of every cluster of a labelling: `(k,)` profiles.
pub(super) fn profiles(
    rows: &[Customer360],
    x_raw: ArrayView2<f64>,
    x_scaled: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
) -> Vec<Profile> {
    let raw_means = cluster_means(x_raw, labels, k); // (k, 12)
    let z_means = cluster_means(x_scaled, labels, k); // (k, 12)
    (0..k)
        .map(|c| {
            let members = || {
                labels
                    .iter()
                    .zip(rows)
                    .filter(move |(l, _)| **l == c)
                    .map(|(_, r)| r)
            };
            Profile {
                z: z_means.row(c).to_vec(),
                mean: raw_means.row(c).to_vec(),
                penetration: Penetration::of(members()),
                risky: risk_share(members()),
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

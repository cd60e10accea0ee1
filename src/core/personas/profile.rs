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
        let mut counts = Counts::default();
        rows.into_iter().for_each(|r| counts.add(r));
        counts.penetration()
    }
}

/// Whether a customer has a delinquency in the last 12 months or an overdue loan (risk_flag).
fn is_risky(r: &Customer360) -> bool {
    r.delinquency_12m > 0.0 || r.overdue_flag > 0.0
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
        // Row by row (a pass per column read the whole matrix once per column: 90 ms at
        // 1,000,000 customers natively); each column is still summed first row to last.
        let mut sums = vec![0.0; x_raw.ncols()];
        for_each_row(x_raw, |row| {
            sums.iter_mut().zip(row).for_each(|(s, v)| *s += v)
        });
        let mean = sums.into_iter().map(|s| s / n).collect();
        let mut counts = Counts::default();
        rows.iter().for_each(|r| counts.add(r));
        Self {
            mean,
            penetration: counts.penetration(),
            risky: counts.risky(),
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
    let counts = cluster_counts(rows, labels, k);
    (0..k)
        .map(|c| Profile {
            z: z_means.row(c).to_vec(),
            mean: raw_means.row(c).to_vec(),
            penetration: counts[c].penetration(),
            risky: counts[c].risky(),
        })
        .collect()
}

/// How many customers of a group there are, hold each product, and carry a risk flag: what
/// penetration and the risk share are read from, counted in one pass over the customers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    n: usize,
    card: usize,
    loan: usize,
    investments: usize,
    risky: usize,
}

impl Counts {
    /// Counts customer `r` in.
    pub fn add(&mut self, r: &Customer360) {
        self.n += 1;
        self.card += usize::from(r.has_credit_card);
        self.loan += usize::from(r.has_loan);
        self.investments += usize::from(r.has_investments);
        self.risky += usize::from(is_risky(r));
    }

    /// The number of customers counted.
    pub fn customers(&self) -> usize {
        self.n
    }

    fn share(&self, count: usize) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            count as f64 / self.n as f64
        }
    }

    /// The share holding each product (zeros for no customer).
    pub fn penetration(&self) -> Penetration {
        Penetration {
            credit_card: self.share(self.card),
            loan: self.share(self.loan),
            investments: self.share(self.investments),
        }
    }

    /// The share with a risk flag (0 for no customer).
    pub fn risky(&self) -> f64 {
        self.share(self.risky)
    }
}

/// Each cluster's counts, in one pass over the customers (a pass per cluster and measure
/// read 1,000,000 customers eight times at K = 3).
fn cluster_counts(rows: &[Customer360], labels: &[usize], k: usize) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); k];
    for (r, &l) in rows.iter().zip(labels) {
        counts[l].add(r);
    }
    counts
}

/// Mean of each column per cluster. Shape `(k, n_features)`; an empty cluster gets zeros.
#[inline(never)]
fn cluster_means(x: ArrayView2<f64>, labels: &[usize], k: usize) -> Array2<f64> {
    let d = x.ncols();
    let mut sums = vec![0.0; k * d]; // (k, d)
    let mut counts = vec![0usize; k];
    let mut labels = labels.iter();
    for_each_row(x, |row| {
        let Some(&l) = labels.next() else { return };
        for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(row) {
            *s += v;
        }
        counts[l] += 1;
    });
    for (s, &c) in sums.chunks_exact_mut(d.max(1)).zip(&counts) {
        if c > 0 {
            s.iter_mut().for_each(|v| *v /= c as f64);
        }
    }
    Array2::from_shape_vec((k, d), sums).expect("k·d values")
}

/// Calls `f` with each row of `x` in order, as a slice: of the matrix's memory when it is laid
/// out row after row (in a WebAssembly profile at 1,000,000 customers, summing through
/// ndarray's row views was 68 of naming's 162 ms; docs/PERFORMANCE.md), else a copy of the row.
fn for_each_row(x: ArrayView2<f64>, mut f: impl FnMut(&[f64])) {
    let d = x.ncols();
    match x.as_slice() {
        Some(data) if d > 0 => data.chunks_exact(d).for_each(f),
        _ => x.rows().into_iter().for_each(|row| f(&row.to_vec())),
    }
}

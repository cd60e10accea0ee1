//! Model selection: K-Means for every K in a range, silhouette and inertia for each; the best
//! silhouette picks K. Above [`SILHOUETTE_SAMPLE`] customers the silhouette is estimated on a
//! seeded sample of that size.

use ndarray::ArrayView2;
use serde::Serialize;

use super::kmeans::{KMeansError, KMeansFit};

/// Largest number of customers whose silhouette is computed exactly.
pub const SILHOUETTE_SAMPLE: usize = 10_000;

/// Scores of one K.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KScore {
    pub k: usize,
    pub silhouette: f64,
    pub inertia: f64,
}

/// Every K's fit and scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSelection {
    /// One per K, ascending.
    pub scores: Vec<KScore>,
    /// One per K, same order as `scores`.
    pub fits: Vec<KMeansFit>,
    /// K with the highest silhouette.
    pub best_k: usize,
    /// `Some(m)` when the silhouette was estimated on a sample of m customers.
    pub silhouette_sample: Option<usize>,
}

impl ModelSelection {
    /// The fit for K, if K was in the range.
    pub fn fit_for(&self, k: usize) -> Option<&KMeansFit> {
        self.scores.iter().position(|s| s.k == k).map(|i| &self.fits[i])
    }
}

/// Fits K-Means for one K (seed derived from `seed` and `k`, so every K is reproducible alone).
pub fn fit_k(x: ArrayView2<f64>, k: usize, restarts: usize, seed: u64) -> Result<KMeansFit, KMeansError> {
    todo!("numeric helper")
}

/// Scores fits of the same data (silhouette shared across fits) and picks the best K.
pub fn score_fits(x: ArrayView2<f64>, fits: Vec<KMeansFit>, seed: u64) -> ModelSelection {
    todo!("numeric helper")
}

/// `fit_k` for every K in `k_min..=k_max`, then `score_fits`.
pub fn select_k(
    x: ArrayView2<f64>,
    k_min: usize,
    k_max: usize,
    restarts: usize,
    seed: u64,
) -> Result<ModelSelection, KMeansError> {
    todo!("numeric helper")
}

//! Lloyd's algorithm with k-means++ seeding and restarts.

use ndarray::{Array2, ArrayView2};

use super::errors::KMeansError;
use super::params::CheckedKMeansParams;

/// The best of the restarts.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansFit {
    /// Shape `(k, n_features)`.
    pub centroids: Array2<f64>,
    /// Cluster of each sample, `0..k`. Length `n_samples`.
    pub labels: Vec<usize>,
    /// Sum of squared distances of samples to their centroid.
    pub inertia: f64,
    /// Lloyd iterations of the kept restart.
    pub n_iter: usize,
}

/// Fits K-Means on `x` (shape `(n_samples, n_features)`).
pub fn fit(x: ArrayView2<f64>, params: &CheckedKMeansParams) -> Result<KMeansFit, KMeansError> {
    todo!("numeric helper")
}

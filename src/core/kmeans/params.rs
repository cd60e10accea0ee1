//! K-Means parameters, validated once into [`CheckedKMeansParams`].

use super::errors::KMeansError;

/// K-Means parameters. Defaults: 10 restarts, 300 iterations, tolerance 1e-4, seed 42.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    pub k: usize,
    pub restarts: usize,
    pub max_iter: usize,
    /// Relative tolerance: converged when the squared centroid shift ≤ tol · mean column variance.
    pub tol: f64,
    pub seed: u64,
}

/// Parameters that passed [`KMeansParams::check`] for a given number of samples.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedKMeansParams(pub(super) KMeansParams);

impl KMeansParams {
    pub fn new(k: usize) -> Self {
        todo!("numeric helper")
    }
    pub fn check(self, n_samples: usize) -> Result<CheckedKMeansParams, KMeansError> {
        todo!("numeric helper")
    }
}

impl CheckedKMeansParams {
    /// The checked parameters.
    pub fn get(&self) -> &KMeansParams {
        &self.0
    }
}

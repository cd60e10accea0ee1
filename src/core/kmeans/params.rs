//! K-Means parameters, validated once into [`CheckedKMeansParams`].

use super::errors::KMeansError;

/// Default number of independent k-means++ initialisations (scikit-learn's `n_init=10`).
pub const DEFAULT_RESTARTS: usize = 10;
/// Default cap on Lloyd iterations per restart (scikit-learn's `max_iter=300`).
pub const DEFAULT_MAX_ITER: usize = 300;
/// Default relative tolerance (scikit-learn's `tol=1e-4`).
pub const DEFAULT_TOL: f64 = 1e-4;
/// Default seed of the restart stream.
pub const DEFAULT_SEED: u64 = 42;

/// K-Means parameters. Defaults: 10 restarts, 300 iterations, tolerance 1e-4, seed 42.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    /// Number of clusters (at least 1, at most the number of samples).
    pub k: usize,
    /// Independent k-means++ initialisations; the lowest inertia is kept. Default 10.
    pub restarts: usize,
    /// Cap on Lloyd iterations per restart. Default 300.
    pub max_iter: usize,
    /// Relative tolerance: a restart's exploring Lloyd runs stop when the squared centroid shift
    /// ≤ 100 · tol · mean column variance; each restart then runs until no label changes.
    /// Default 1e-4.
    pub tol: f64,
    /// Seed of the restart stream: the result depends only on the data and this seed. Default 42.
    pub seed: u64,
}

/// Parameters that passed [`KMeansParams::check`] for a given number of samples.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedKMeansParams(pub(super) KMeansParams);

impl KMeansParams {
    /// Parameters for `k` clusters with the defaults: 10 restarts, 300 iterations, tol 1e-4, seed 42.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            restarts: DEFAULT_RESTARTS,
            max_iter: DEFAULT_MAX_ITER,
            tol: DEFAULT_TOL,
            seed: DEFAULT_SEED,
        }
    }

    /// Sets the number of restarts.
    pub fn with_restarts(mut self, restarts: usize) -> Self {
        self.restarts = restarts;
        self
    }

    /// Sets the cap on Lloyd iterations per restart.
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the relative tolerance.
    pub fn with_tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Validates the parameters for data with `n_samples` rows: 1 ≤ k ≤ n_samples, restarts ≥ 1,
    /// max_iter ≥ 1, tol finite and ≥ 0.
    pub fn check(self, n_samples: usize) -> Result<CheckedKMeansParams, KMeansError> {
        if self.k == 0 {
            return Err(KMeansError::ZeroK);
        }
        if self.k > n_samples {
            return Err(KMeansError::TooFewSamples {
                k: self.k,
                n: n_samples,
            });
        }
        if self.restarts == 0 {
            return Err(KMeansError::ZeroRestarts);
        }
        if self.max_iter == 0 {
            return Err(KMeansError::ZeroMaxIter);
        }
        if !self.tol.is_finite() || self.tol < 0.0 {
            return Err(KMeansError::BadTolerance);
        }
        Ok(CheckedKMeansParams(self))
    }
}

impl CheckedKMeansParams {
    /// The checked parameters.
    pub fn get(&self) -> &KMeansParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_scikit_learn() {
        let p = KMeansParams::new(3);
        assert_eq!(
            (p.k, p.restarts, p.max_iter, p.tol, p.seed),
            (3, 10, 300, 1e-4, 42)
        );
    }

    #[test]
    fn check_rejects_each_bad_parameter() {
        assert_eq!(KMeansParams::new(0).check(5), Err(KMeansError::ZeroK));
        assert_eq!(
            KMeansParams::new(6).check(5),
            Err(KMeansError::TooFewSamples { k: 6, n: 5 })
        );
        assert_eq!(
            KMeansParams::new(2).with_restarts(0).check(5),
            Err(KMeansError::ZeroRestarts)
        );
        assert_eq!(
            KMeansParams::new(2).with_max_iter(0).check(5),
            Err(KMeansError::ZeroMaxIter)
        );
        for tol in [-1e-9, f64::NAN, f64::INFINITY] {
            assert_eq!(
                KMeansParams::new(2).with_tol(tol).check(5),
                Err(KMeansError::BadTolerance)
            );
        }
        assert!(KMeansParams::new(5).with_tol(0.0).check(5).is_ok());
    }
}

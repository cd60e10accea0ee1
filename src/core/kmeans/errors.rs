//! Errors of the k-means module.

/// Why a k-means fit cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KMeansError {
    #[error("K must be at least 1")]
    ZeroK,
    #[error("K = {k} needs at least {k} customers, but there are {n}")]
    TooFewSamples { k: usize, n: usize },
    #[error("restarts must be at least 1")]
    ZeroRestarts,
    #[error("max_iter must be at least 1")]
    ZeroMaxIter,
    #[error("tolerance must be finite and non-negative")]
    BadTolerance,
    #[error("value at row {row}, column {col} is not a finite number")]
    NonFinite { row: usize, col: usize },
}

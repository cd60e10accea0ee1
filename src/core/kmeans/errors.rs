//! Errors of the k-means module.

/// Why a k-means fit (or a model selection over K) cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KMeansError {
    /// K was 0.
    #[error("K must be at least 1")]
    ZeroK,
    /// K exceeds the number of samples.
    #[error("K = {k} needs at least {k} customers, but there are {n}")]
    TooFewSamples {
        /// The requested number of clusters.
        k: usize,
        /// The number of samples available.
        n: usize,
    },
    /// No restarts were requested.
    #[error("restarts must be at least 1")]
    ZeroRestarts,
    /// No Lloyd iterations were allowed.
    #[error("max_iter must be at least 1")]
    ZeroMaxIter,
    /// The tolerance was negative, NaN or infinite.
    #[error("tolerance must be finite and non-negative")]
    BadTolerance,
    /// An input value is NaN or infinite (0-based row and column).
    #[error("value at row {row}, column {col} is not a finite number")]
    NonFinite {
        /// 0-based row of the first offending value.
        row: usize,
        /// 0-based column of the first offending value.
        col: usize,
    },
    /// The K range of a model selection is empty or starts below 2.
    #[error(
        "the K range {k_min}..={k_max} is invalid: it must start at 2 or more and not be empty"
    )]
    BadKRange {
        /// The smallest K asked for.
        k_min: usize,
        /// The largest K asked for.
        k_max: usize,
    },
}

//! The core's error type: one enum composed from the modules' errors.

use super::kmeans::KMeansError;

/// Anything that stops an analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    KMeans(#[from] KMeansError),
    #[error("invalid parameter: {0}")]
    InvalidParam(String),
    #[error("the dataset has no customers")]
    NoCustomers,
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, CoreError>;

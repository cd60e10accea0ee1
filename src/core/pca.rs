//! Principal component analysis to two dimensions, for the customer map.

use ndarray::{Array2, ArrayView2};

/// Customers projected on the first two principal components.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Shape `(n_samples, 2)`.
    pub points: Array2<f64>,
    /// Share of total variance explained by each of the two components.
    pub explained: [f64; 2],
}

/// Projects `x` (shape `(n_samples, n_features)`) on its first two principal components.
pub fn project_2d(x: ArrayView2<f64>) -> Projection {
    todo!("numeric helper")
}

//! Silhouette coefficient (Euclidean), computed for many labelings of the same data at once:
//! the pairwise distance work is done once and shared across every labeling.

use ndarray::ArrayView2;

/// Mean silhouette of each labeling. `labelings[i] = (labels, k)` with labels in `0..k`.
/// Follows scikit-learn: a sample alone in its cluster scores 0.
pub fn silhouette_many(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<f64> {
    todo!("numeric helper")
}

//! Clustering agreement metrics.

/// Adjusted Rand index between two labelings of the same samples (1 = identical partitions,
/// about 0 = chance). Labels are arbitrary non-negative integers.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    todo!("numeric helper")
}

//! Clustering agreement metrics.

use std::collections::HashMap;

/// Adjusted Rand index between two labelings of the same samples (1 = identical partitions,
/// about 0 = chance). Labels are arbitrary non-negative integers.
///
/// Hubert–Arabie adjustment, computed like scikit-learn from the pair confusion matrix: when no
/// pair of samples is split differently by the two labelings (identical partitions, both a single
/// cluster, fewer than 2 samples) the index is 1.0.
///
/// # Panics
/// If the labelings have different lengths.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    assert_eq!(a.len(), b.len(), "labelings of different lengths");
    let n = a.len() as i128;
    let mut joint: HashMap<(usize, usize), i128> = HashMap::new();
    let mut rows: HashMap<usize, i128> = HashMap::new();
    let mut cols: HashMap<usize, i128> = HashMap::new();
    for (&la, &lb) in a.iter().zip(b) {
        *joint.entry((la, lb)).or_default() += 1;
        *rows.entry(la).or_default() += 1;
        *cols.entry(lb).or_default() += 1;
    }
    let joint_sq = sum_sq(&joint);
    // Ordered pairs: together in both, split in b only, split in a only, split in both.
    let tp = joint_sq - n;
    let fp = sum_sq(&rows) - joint_sq;
    let fn_ = sum_sq(&cols) - joint_sq;
    let tn = n * n - fp - fn_ - joint_sq;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    let num = 2 * (tp * tn - fn_ * fp);
    let den = (tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn);
    num as f64 / den as f64
}

/// Sum of squared counts.
fn sum_sq<K>(counts: &HashMap<K, i128>) -> i128 {
    counts.values().map(|c| c * c).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivial_cases_are_one() {
        assert_eq!(adjusted_rand_index(&[], &[]), 1.0);
        assert_eq!(adjusted_rand_index(&[3], &[7]), 1.0);
        assert_eq!(adjusted_rand_index(&[1, 1, 1], &[0, 0, 0]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 1, 2], &[5, 4, 3]), 1.0);
    }

    #[test]
    fn one_cluster_against_singletons_is_zero() {
        assert_eq!(adjusted_rand_index(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0);
    }
}

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
    let (joint_sq, rows_sq, cols_sq) = squared_counts(a, b);
    // Ordered pairs: together in both, split in b only, split in a only, split in both.
    let tp = joint_sq - n;
    let fp = rows_sq - joint_sq;
    let fn_ = cols_sq - joint_sq;
    let tn = n * n - fp - fn_ - joint_sq;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    let num = 2 * (tp * tn - fn_ * fp);
    let den = (tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn);
    num as f64 / den as f64
}

/// Sums of squared counts of the contingency table (label pairs), of `a`'s labels and of `b`'s.
/// Counted in arrays when the labels are small (K-Means labels: a few ms less on a page's
/// first visit than hash maps), else in hash maps.
fn squared_counts(a: &[usize], b: &[usize]) -> (i128, i128, i128) {
    // (A label of usize::MAX saturates: no array of that width, the hash maps count it.)
    let width = |l: &[usize]| l.iter().max().map_or(0, |m| m.saturating_add(1));
    let (ka, kb) = (width(a), width(b));
    let sq = |c: u64| i128::from(c) * i128::from(c);
    if ka.checked_mul(kb).is_some_and(|cells| cells <= 1 << 16) {
        let mut joint = vec![0u64; ka * kb];
        let (mut rows, mut cols) = (vec![0u64; ka], vec![0u64; kb]);
        for (&la, &lb) in a.iter().zip(b) {
            joint[la * kb + lb] += 1;
            rows[la] += 1;
            cols[lb] += 1;
        }
        let sum = |v: &[u64]| v.iter().map(|&c| sq(c)).sum::<i128>();
        return (sum(&joint), sum(&rows), sum(&cols));
    }
    let mut joint: HashMap<(usize, usize), u64> = HashMap::new();
    let mut rows: HashMap<usize, u64> = HashMap::new();
    let mut cols: HashMap<usize, u64> = HashMap::new();
    for (&la, &lb) in a.iter().zip(b) {
        *joint.entry((la, lb)).or_default() += 1;
        *rows.entry(la).or_default() += 1;
        *cols.entry(lb).or_default() += 1;
    }
    let sum = |it: &mut dyn Iterator<Item = &u64>| it.map(|&c| sq(c)).sum::<i128>();
    (
        sum(&mut joint.values()),
        sum(&mut rows.values()),
        sum(&mut cols.values()),
    )
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
    fn scikit_learns_documented_values() {
        // sklearn.metrics.adjusted_rand_score's documentation examples.
        let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
        assert!((ari - 0.571_428_571_428_571_4).abs() < 1e-15, "{ari}");
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]), -0.5);
    }

    #[test]
    fn large_labels_give_what_small_ones_give() {
        // The same partitions, labels renumbered far apart: counted in hash maps, not arrays.
        let a: Vec<usize> = (0..500).map(|i| (i * 7 + i / 13) % 5).collect();
        let b: Vec<usize> = (0..500).map(|i| (i * 3 + i / 29) % 4).collect();
        let far = |l: &[usize]| l.iter().map(|&x| x * 1_000_003 + 17).collect::<Vec<_>>();
        let small = adjusted_rand_index(&a, &b);
        let top = |l: &[usize]| l.iter().map(|&x| usize::MAX - x).collect::<Vec<_>>();
        assert_eq!(adjusted_rand_index(&top(&a), &top(&b)), small);
        assert_eq!(adjusted_rand_index(&far(&a), &far(&b)), small);
        assert_eq!(adjusted_rand_index(&far(&a), &b), small);
        // scikit-learn's adjusted_rand_score on the same labelings.
        assert!(
            (small - -0.002_721_516_507_500_511_4).abs() < 1e-15,
            "{small}"
        );
    }

    #[test]
    fn one_cluster_against_singletons_is_zero() {
        assert_eq!(adjusted_rand_index(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0);
    }
}

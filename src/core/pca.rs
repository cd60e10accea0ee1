//! Principal component analysis to two dimensions, for the customer map.
//!
//! Centres the columns, forms the `(d, d)` covariance matrix and diagonalises it with the cyclic
//! Jacobi method (only `+ − × ÷ √`, so the result is identical natively and in WebAssembly).

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
///
/// Each component's sign is fixed so that its largest-magnitude loading (the first on ties) is
/// positive. Degenerate inputs give zeros: fewer than 2 samples, or no variance at all, give all
/// points at the origin and `explained = [0, 0]`; with a single feature (or a single direction of
/// variance) the second coordinate and share are 0. The input is expected to be finite.
pub fn project_2d(x: ArrayView2<f64>) -> Projection {
    let (n, d) = x.dim();
    let mut points = Array2::zeros((n, 2));
    if n < 2 || d == 0 {
        return Projection {
            points,
            explained: [0.0, 0.0],
        };
    }
    let centred = centre_columns(x); // (n_samples, n_features), row-major
    let cov = covariance(&centred, n, d); // (n_features, n_features)
    let total: f64 = (0..d).map(|f| cov[f * d + f]).sum();
    if total <= 0.0 {
        return Projection {
            points,
            explained: [0.0, 0.0],
        };
    }
    let (values, vectors) = eigen_symmetric(cov, d);
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));

    let mut explained = [0.0; 2];
    for (slot, &e) in order.iter().take(2).enumerate() {
        let value = values[e].max(0.0);
        if value <= 0.0 {
            continue; // no variance along this direction: leave zeros
        }
        explained[slot] = value / total;
        let component = orient(&(0..d).map(|f| vectors[f * d + e]).collect::<Vec<f64>>());
        project_onto(&centred, &component, points.column_mut(slot));
    }
    Projection { points, explained }
}

/// The dot product of every row of `centred` (`(n, d)` row-major) with `component` (`(d,)`),
/// into `out` (`(n,)`).
#[inline(never)]
fn project_onto(centred: &[f64], component: &[f64], mut out: ndarray::ArrayViewMut1<f64>) {
    for (o, row) in out.iter_mut().zip(centred.chunks_exact(component.len())) {
        *o = row.iter().zip(component).map(|(a, b)| a * b).sum();
    }
}

/// `x` minus its column means, row-major `(n_samples, n_features)`.
#[inline(never)]
fn centre_columns(x: ArrayView2<f64>) -> Vec<f64> {
    let (n, d) = x.dim();
    let mut means = vec![0.0; d];
    for row in x.outer_iter() {
        for (m, v) in means.iter_mut().zip(row) {
            *m += v;
        }
    }
    means.iter_mut().for_each(|m| *m /= n as f64);
    let mut out = Vec::with_capacity(n * d);
    for row in x.outer_iter() {
        out.extend(row.iter().zip(&means).map(|(v, m)| v - m));
    }
    out
}

/// Sample covariance `Xcᵀ Xc / (n - 1)` of centred data, row-major `(d, d)`.
#[inline(never)]
fn covariance(centred: &[f64], n: usize, d: usize) -> Vec<f64> {
    let mut cov = vec![0.0; d * d];
    for row in centred.chunks_exact(d) {
        for a in 0..d {
            for b in a..d {
                cov[a * d + b] += row[a] * row[b];
            }
        }
    }
    let scale = 1.0 / (n - 1) as f64;
    for a in 0..d {
        for b in a..d {
            let v = cov[a * d + b] * scale;
            cov[a * d + b] = v;
            cov[b * d + a] = v;
        }
    }
    cov
}

/// Eigen-decomposition of a symmetric `(d, d)` matrix by cyclic Jacobi rotations.
/// Returns the eigenvalues `(d,)` and the eigenvectors as the columns of a row-major `(d, d)`.
fn eigen_symmetric(mut a: Vec<f64>, d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; d * d];
    for i in 0..d {
        v[i * d + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|p| (p + 1..d).map(move |q| (p, q)))
            .map(|(p, q)| a[p * d + q] * a[p * d + q])
            .sum();
        let diag: f64 = (0..d).map(|p| a[p * d + p] * a[p * d + p]).sum();
        if off <= 1e-30 * diag || off == 0.0 {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                rotate(&mut a, &mut v, d, p, q);
            }
        }
    }
    ((0..d).map(|p| a[p * d + p]).collect(), v)
}

/// One Jacobi rotation zeroing `a[p][q]` (and `a[q][p]`), accumulated into `v`.
fn rotate(a: &mut [f64], v: &mut [f64], d: usize, p: usize, q: usize) {
    let apq = a[p * d + q];
    if apq == 0.0 {
        return;
    }
    let theta = (a[q * d + q] - a[p * d + p]) / (2.0 * apq);
    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    for k in 0..d {
        let (akp, akq) = (a[k * d + p], a[k * d + q]);
        a[k * d + p] = c * akp - s * akq;
        a[k * d + q] = s * akp + c * akq;
    }
    for k in 0..d {
        let (apk, aqk) = (a[p * d + k], a[q * d + k]);
        a[p * d + k] = c * apk - s * aqk;
        a[q * d + k] = s * apk + c * aqk;
    }
    a[p * d + q] = 0.0;
    a[q * d + p] = 0.0;
    for k in 0..d {
        let (vkp, vkq) = (v[k * d + p], v[k * d + q]);
        v[k * d + p] = c * vkp - s * vkq;
        v[k * d + q] = s * vkp + c * vkq;
    }
}

/// Flips `component` so that its largest-magnitude entry (the first on ties) is positive.
fn orient(component: &[f64]) -> Vec<f64> {
    let mut lead = 0;
    for (f, c) in component.iter().enumerate() {
        if c.abs() > component[lead].abs() {
            lead = f;
        }
    }
    let sign = if component[lead] < 0.0 { -1.0 } else { 1.0 };
    component.iter().map(|c| c * sign).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn jacobi_diagonalises_a_known_matrix() {
        // Eigenvalues of [[2, 1], [1, 2]] are 3 and 1, with vectors (1, 1)/√2 and (1, -1)/√2.
        let (values, vectors) = eigen_symmetric(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert!((sorted[0] - 1.0).abs() < 1e-14 && (sorted[1] - 3.0).abs() < 1e-14);
        let top = if values[0] > values[1] { 0 } else { 1 };
        assert!((vectors[top].abs() - 0.5f64.sqrt()).abs() < 1e-14);
        assert!((vectors[2 + top] - vectors[top]).abs() < 1e-14);
    }

    #[test]
    fn sign_convention_makes_the_largest_loading_positive() {
        assert_eq!(orient(&[0.1, -0.9, 0.3]), vec![-0.1, 0.9, -0.3]);
        assert_eq!(orient(&[0.5, -0.5]), vec![0.5, -0.5]);
    }

    #[test]
    fn degenerate_inputs_give_zeros() {
        let one = project_2d(array![[1.0, 2.0]].view());
        assert_eq!(
            (one.points, one.explained),
            (Array2::zeros((1, 2)), [0.0, 0.0])
        );
        let constant = project_2d(Array2::from_elem((5, 3), 7.0).view());
        assert_eq!(constant.points, Array2::<f64>::zeros((5, 2)));
        assert_eq!(constant.explained, [0.0, 0.0]);
        let single = project_2d(array![[1.0], [2.0], [3.0]].view());
        assert_eq!(single.explained, [1.0, 0.0]);
        assert_eq!(single.points.column(1).to_vec(), vec![0.0; 3]);
        assert_eq!(single.points.column(0).to_vec(), vec![-1.0, 0.0, 1.0]);
    }
}

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
    let mut p = Projecting::new(x);
    while !p.step(x, usize::MAX) {}
    p.finish()
}

/// [`project_2d`] in pieces: each [`Projecting::step`] goes through at most a given number of
/// rows, in one of three passes (the column means; the centred rows and their covariance; the
/// projection of every row), so that the browser's page computes a large population's map
/// without holding its thread (10,00,000 customers in one go took ~450 ms). The arithmetic is
/// the same, in the same order, as in one go: the result is identical however it is cut.
#[derive(Debug, Clone)]
pub struct Projecting {
    pass: Pass,
    /// The next row of the pass.
    next: usize,
    means: Vec<f64>,
    /// The centred rows so far, row-major.
    centred: Vec<f64>,
    /// `Σ xcᵀ xc` so far (upper triangle), row-major `(d, d)`.
    cov: Vec<f64>,
    /// Each drawn component's slot (0, 1) and oriented loadings.
    components: Vec<(usize, Vec<f64>)>,
    explained: [f64; 2],
    points: Array2<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Means,
    Centre,
    Project,
    Done,
}

impl Projecting {
    /// A projection of `x` (the same `x` is given to every step), nothing computed yet.
    pub fn new(x: ArrayView2<f64>) -> Self {
        let (n, d) = x.dim();
        Projecting {
            pass: if n < 2 || d == 0 {
                Pass::Done
            } else {
                Pass::Means
            },
            next: 0,
            means: vec![0.0; d],
            centred: Vec::new(),
            cov: vec![0.0; d * d],
            components: Vec::new(),
            explained: [0.0; 2],
            points: Array2::zeros((n, 2)),
        }
    }

    /// Goes through up to `rows` more rows of the current pass (stopping at its end); returns
    /// whether the projection is complete.
    pub fn step(&mut self, x: ArrayView2<f64>, rows: usize) -> bool {
        let (n, d) = x.dim();
        let (from, to) = (self.next, self.next.saturating_add(rows.max(1)).min(n));
        match self.pass {
            Pass::Done => return true,
            Pass::Means => {
                for row in x.slice(ndarray::s![from..to, ..]).outer_iter() {
                    for (m, v) in self.means.iter_mut().zip(row) {
                        *m += v;
                    }
                }
                if to == n {
                    self.means.iter_mut().for_each(|m| *m /= n as f64);
                    self.centred.reserve_exact(n * d);
                }
            }
            Pass::Centre => {
                for row in x.slice(ndarray::s![from..to, ..]).outer_iter() {
                    let at = self.centred.len();
                    let centred = row.iter().zip(&self.means).map(|(v, m)| v - m);
                    self.centred.extend(centred);
                    add_outer(&mut self.cov, &self.centred[at..], d);
                }
                if to == n {
                    self.decompose(n, d);
                }
            }
            Pass::Project => {
                let rows = &self.centred[from * d..to * d];
                for (slot, component) in &self.components {
                    let out = self.points.slice_mut(ndarray::s![from..to, *slot]);
                    project_onto(rows, component, out);
                }
            }
        }
        self.next = to;
        if to == n && self.pass != Pass::Done {
            self.next = 0;
            self.pass = match self.pass {
                Pass::Means => Pass::Centre,
                Pass::Centre => Pass::Project,
                _ => Pass::Done,
            };
            if self.pass == Pass::Done {
                self.centred = Vec::new();
            }
        }
        self.pass == Pass::Done
    }

    /// Rows gone through and rows in all, over the three passes.
    pub fn progress(&self) -> (usize, usize) {
        let n = self.points.nrows();
        let before = match self.pass {
            Pass::Means => 0,
            Pass::Centre => 1,
            Pass::Project => 2,
            Pass::Done => return (3 * n, 3 * n),
        };
        (before * n + self.next, 3 * n)
    }

    /// The projection.
    ///
    /// # Panics
    /// If [`Projecting::step`] has not returned `true`.
    pub fn finish(self) -> Projection {
        assert!(self.pass == Pass::Done, "the projection is not complete");
        Projection {
            points: self.points,
            explained: self.explained,
        }
    }

    /// After the covariance: the components to project on, or none (no variance).
    fn decompose(&mut self, n: usize, d: usize) {
        let cov = scale_covariance(std::mem::take(&mut self.cov), n, d);
        let total: f64 = (0..d).map(|f| cov[f * d + f]).sum();
        if total <= 0.0 {
            return; // every point at the origin
        }
        let (values, vectors) = eigen_symmetric(cov, d);
        let mut order: Vec<usize> = (0..d).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
        for (slot, &e) in order.iter().take(2).enumerate() {
            let value = values[e].max(0.0);
            if value <= 0.0 {
                continue; // no variance along this direction: leave zeros
            }
            self.explained[slot] = value / total;
            let component = orient(&(0..d).map(|f| vectors[f * d + e]).collect::<Vec<f64>>());
            self.components.push((slot, component));
        }
    }
}

/// The dot product of every row of `centred` (`(n, d)` row-major) with `component` (`(d,)`),
/// into `out` (`(n,)`).
#[inline(never)]
fn project_onto(centred: &[f64], component: &[f64], mut out: ndarray::ArrayViewMut1<f64>) {
    for (o, row) in out.iter_mut().zip(centred.chunks_exact(component.len())) {
        *o = row.iter().zip(component).map(|(a, b)| a * b).sum();
    }
}

/// Adds `row`'s outer product to the upper triangle of `cov` (`(d, d)` row-major).
#[inline(never)]
fn add_outer(cov: &mut [f64], row: &[f64], d: usize) {
    for a in 0..d {
        for b in a..d {
            cov[a * d + b] += row[a] * row[b];
        }
    }
}

/// The sample covariance `Xcᵀ Xc / (n - 1)` (row-major `(d, d)`) from the upper triangle of
/// `Xcᵀ Xc` ([`add_outer`] over the centred rows).
fn scale_covariance(mut cov: Vec<f64>, n: usize, d: usize) -> Vec<f64> {
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

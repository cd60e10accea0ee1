//! Standard scaling (z-scores with the population standard deviation), like scikit-learn's
//! `StandardScaler`: a constant column keeps a scale of 1, so it is centred but not scaled.

use ndarray::{Array1, Array2, ArrayView2, Axis};

/// Per-column mean and scale, fitted on a matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardScaler {
    /// Column means. Shape `(n_features,)`.
    pub mean: Array1<f64>,
    /// Column population standard deviations (1 for a constant column). Shape `(n_features,)`.
    pub scale: Array1<f64>,
}

impl StandardScaler {
    /// Fits mean and population standard deviation per column. An empty matrix gives means 0, scales 1.
    #[inline(never)]
    pub fn fit(x: ArrayView2<f64>) -> Self {
        let d = x.ncols();
        if x.nrows() == 0 {
            return Self {
                mean: Array1::zeros(d),
                scale: Array1::ones(d),
            };
        }
        let mean = x.mean_axis(Axis(0)).expect("non-empty");
        // Two passes (the means, then the squared deviations from them, row by row) rather than
        // ndarray's `var_axis`, whose one-pass update uses `mul_add`: WebAssembly has no fused
        // multiply-add, so each was a call to a software `fma` (212 ms of a 10,00,000-row
        // fit's ~280 ms in a browser profile).
        let mut sum_sq = vec![0.0; d];
        let m = mean.as_slice().expect("a new array is contiguous");
        match x.as_slice() {
            // Row-major: the rows as slices (row views cost as much again in WebAssembly).
            Some(values) if d > 0 => {
                for row in values.chunks_exact(d) {
                    add_squared_deviations(&mut sum_sq, row, m);
                }
            }
            _ => {
                for row in x.rows() {
                    add_squared_deviations(&mut sum_sq, row, m);
                }
            }
        }
        let n = x.nrows() as f64;
        let scale = sum_sq
            .iter()
            .map(|s| {
                let s = (s / n).sqrt();
                if s > f64::EPSILON * 1e3 { s } else { 1.0 }
            })
            .collect();
        Self { mean, scale }
    }

    /// The first column whose mean or scale is not finite (its values' sum or variance
    /// overflowed, or it holds a NaN or infinity): such a column must not reach the model, where
    /// an infinite scale would silently turn it into zeros.
    pub fn first_non_finite(&self) -> Option<usize> {
        self.mean
            .iter()
            .zip(&self.scale)
            .position(|(m, s)| !m.is_finite() || !s.is_finite())
    }

    /// Returns `(x - mean) / scale`. Shape `(n, n_features)`.
    #[inline(never)]
    pub fn transform(&self, x: ArrayView2<f64>) -> Array2<f64> {
        (&x - &self.mean) / &self.scale
    }

    /// Maps scaled values back to the original units.
    pub fn inverse_transform(&self, z: ArrayView2<f64>) -> Array2<f64> {
        &z * &self.scale + &self.mean
    }
}

/// Adds each value's squared deviation from its column's mean to the column's sum.
#[inline]
fn add_squared_deviations<'a>(
    sum_sq: &mut [f64],
    row: impl IntoIterator<Item = &'a f64>,
    mean: &[f64],
) {
    for ((s, v), m) in sum_sq.iter_mut().zip(row).zip(mean) {
        let dev = v - m;
        *s += dev * dev;
    }
}

/// The first NaN or infinite value of `x` in row-major order, as (row, column): read as one
/// slice when `x` is row-major (row views cost as much again in WebAssembly).
pub(crate) fn first_non_finite_value(x: ArrayView2<f64>) -> Option<(usize, usize)> {
    let d = x.ncols().max(1);
    match x.as_slice() {
        Some(values) => values
            .iter()
            .position(|v| !v.is_finite())
            .map(|p| (p / d, p % d)),
        None => x
            .indexed_iter()
            .find(|(_, v)| !v.is_finite())
            .map(|(at, _)| at),
    }
}

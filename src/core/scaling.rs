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
        let scale = x.var_axis(Axis(0), 0.0).mapv(|v| {
            let s = v.sqrt();
            if s > f64::EPSILON * 1e3 { s } else { 1.0 }
        });
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

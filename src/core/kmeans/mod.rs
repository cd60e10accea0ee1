//! K-Means clustering: k-means++ seeding, several restarts keeping the lowest inertia,
//! Lloyd iterations to convergence (the same stopping rule as scikit-learn).

mod algorithm;
mod errors;
mod params;

pub use algorithm::{KMeansFit, RestartFit, Samples, fit, fit_restarts, fit_restarts_on};
pub use errors::KMeansError;
pub use params::{CheckedKMeansParams, KMeansParams};

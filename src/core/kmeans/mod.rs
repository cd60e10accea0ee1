//! K-Means clustering: k-means++ seeding, several restarts keeping the lowest inertia,
//! Lloyd iterations, then swaps of a centre while they lower the inertia, then Lloyd until no label
//! changes (at least as good as scikit-learn's `KMeans(n_init=10)`: `docs/kmeans-quality.md`).

mod algorithm;
mod errors;
mod params;

pub use algorithm::{KMeansFit, RestartFit, Samples, fit_restarts, refine};
pub use errors::KMeansError;
pub use params::{CheckedKMeansParams, KMeansParams};

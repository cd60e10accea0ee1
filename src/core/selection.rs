//! Model selection: K-Means for every K in a range, silhouette and inertia for each; the best
//! silhouette picks K. Above [`SILHOUETTE_SAMPLE`] customers the silhouette is estimated on a
//! seeded sample of that size.

use ndarray::{Array2, ArrayView2};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use std::ops::Range;

use super::kmeans::{
    CheckedKMeansParams, KMeansError, KMeansFit, KMeansParams, RestartFit, Samples, fit_restarts,
    refine,
};
use super::silhouette::SilhouettePass;

/// Largest number of customers whose silhouette is computed exactly.
pub const SILHOUETTE_SAMPLE: usize = 10_000;

/// Scores of one K.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KScore {
    /// Number of clusters.
    pub k: usize,
    /// Mean silhouette (exact, or on the sample when [`ModelSelection::silhouette_sample`] is set).
    pub silhouette: f64,
    /// Sum of squared distances of samples to their centroid (always on all samples).
    pub inertia: f64,
}

/// Every K's fit and scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSelection {
    /// One per K, ascending.
    pub scores: Vec<KScore>,
    /// One per K, same order as `scores`.
    pub fits: Vec<KMeansFit>,
    /// K with the highest silhouette.
    pub best_k: usize,
    /// `Some(m)` when the silhouette was estimated on a sample of m customers.
    pub silhouette_sample: Option<usize>,
    /// `Some(m)` when each K's restarts ran on a sample of m customers, the best then refined on
    /// every customer ([`FIT_SAMPLE`]).
    pub fit_sample: Option<usize>,
    /// Why the K range was capped, or why there is one segment (set by
    /// [`crate::core::pipeline::score`] from its [`crate::core::pipeline::KPlan`]).
    pub k_note: Option<String>,
}

impl ModelSelection {
    /// The fit for K, if K was in the range.
    pub fn fit_for(&self, k: usize) -> Option<&KMeansFit> {
        self.scores
            .iter()
            .position(|s| s.k == k)
            .map(|i| &self.fits[i])
    }
}

/// Fits K-Means with `k` clusters over the restarts `restarts` of a full run seeded with `seed`
/// (each K draws from its own stream of the seed), on data laid out once for every K. All
/// restarts at once (`0..restarts`) give the K's fit; a range of them gives the best of those,
/// and pieces folded with [`RestartFit::better`] give exactly the fit of all of them (the
/// browser's workers fit in pieces).
pub fn fit_k(
    data: &Samples,
    k: usize,
    restarts: Range<usize>,
    seed: u64,
) -> Result<RestartFit, KMeansError> {
    let params = k_params(k, &restarts, seed, data.n_samples())?;
    fit_restarts(data, &params, restarts)
}

/// Largest number of customers whose K-Means restarts run on every customer. Above it, each K's
/// restarts run on one seeded sample of this many customers ([`fit_sample`]) and the best of them
/// is carried to every customer by Lloyd iterations ([`refine_k`]).
pub const FIT_SAMPLE: usize = 20_000;

/// How many customers each K's restarts run on when there are `n` (`Some(FIT_SAMPLE)` above it,
/// `None`: all of them): the one rule the page, its workers, the CLI and the reports follow.
pub fn fit_sample_size(n: usize) -> Option<usize> {
    (n > FIT_SAMPLE).then_some(FIT_SAMPLE)
}

/// The sample every K's restarts run on when `data` has more than [`FIT_SAMPLE`] rows (the same
/// rows for every K: drawn from `seed`'s own stream), `None` when the restarts run on all of it.
pub fn fit_sample(data: &Samples, seed: u64) -> Option<Samples> {
    let n = data.n_samples();
    fit_sample_size(n).map(|m| data.subset(&sample_rows(n, m, derive_seed(seed, FIT_STREAM))))
}

/// K's fit on all of `data` from centroids fitted on a sample ([`fit_sample`], [`fit_k`]): Lloyd
/// iterations to scikit-learn's tolerance ([`refine`]).
pub fn refine_k(
    data: &Samples,
    centroids: ArrayView2<f64>,
    seed: u64,
) -> Result<KMeansFit, KMeansError> {
    let k = centroids.nrows();
    let params = k_params(k, &(0..1), seed, data.n_samples())?;
    refine(data, &params, centroids)
}

/// K's fit: its restarts on `sample` when there is one (then refined on all of `data`), else on
/// `data` itself — what a run computes for K, wherever it runs.
pub fn fit_k_all(
    data: &Samples,
    sample: Option<&Samples>,
    k: usize,
    restarts: usize,
    seed: u64,
) -> Result<KMeansFit, KMeansError> {
    match sample {
        None => Ok(fit_k(data, k, 0..restarts, seed)?.fit),
        Some(s) => refine_k(
            data,
            fit_k(s, k, 0..restarts, seed)?.fit.centroids.view(),
            seed,
        ),
    }
}

/// The checked parameters of K's fit on `n` samples: the default iteration cap and tolerance,
/// the seed derived from `seed` and K.
fn k_params(
    k: usize,
    restarts: &Range<usize>,
    seed: u64,
    n: usize,
) -> Result<CheckedKMeansParams, KMeansError> {
    KMeansParams::new(k)
        .with_restarts(restarts.end.max(1))
        .with_seed(derive_seed(seed, k as u64))
        .check(n)
}

/// Scores fits of the same data (silhouette shared across fits) and picks the best K.
///
/// Above [`SILHOUETTE_SAMPLE`] rows, the silhouette of every fit is computed on the same seeded
/// sample of [`SILHOUETTE_SAMPLE`] rows drawn without replacement. The best K has the highest
/// silhouette, the smaller K on ties; with no fits, `best_k` is 0. K of a fit is its number of
/// centroids.
///
/// # Panics
/// If a fit's labels do not cover the rows of `x`.
pub fn score_fits(x: ArrayView2<f64>, fits: Vec<KMeansFit>, seed: u64) -> ModelSelection {
    let mut scoring = Scoring::new(x, fits, seed);
    scoring.step(usize::MAX);
    scoring.finish()
}

/// [`score_fits`] in pieces ([`Scoring::step`]), so that a page can give its thread back while
/// the silhouettes are computed; the same selection however it is cut.
pub struct Scoring {
    pass: SilhouettePass,
    fits: Vec<KMeansFit>,
    silhouette_sample: Option<usize>,
    fit_sample: Option<usize>,
}

impl std::fmt::Debug for Scoring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scoring")
            .field("fits", &self.fits.len())
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl Scoring {
    /// Draws the silhouette sample (above [`SILHOUETTE_SAMPLE`] rows) and lays it out; no
    /// distance is computed yet.
    ///
    /// # Panics
    /// If a fit's labels do not cover the rows of `x`.
    pub fn new(x: ArrayView2<f64>, fits: Vec<KMeansFit>, seed: u64) -> Self {
        let n = x.nrows();
        let ks = fits.iter().map(|f| f.centroids.nrows());
        let (pass, silhouette_sample) = if n > SILHOUETTE_SAMPLE {
            let rows = sample_rows(n, SILHOUETTE_SAMPLE, derive_seed(seed, SAMPLE_STREAM));
            let xs = Array2::from_shape_fn((rows.len(), x.ncols()), |(i, f)| x[[rows[i], f]]); // (m, n_features)
            let labelings = fits
                .iter()
                .zip(ks)
                .map(|(f, k)| (rows.iter().map(|&r| f.labels[r]).collect(), k))
                .collect();
            (
                SilhouettePass::new(xs.view(), labelings),
                Some(SILHOUETTE_SAMPLE),
            )
        } else {
            let labelings = fits.iter().zip(ks).map(|(f, k)| (f.labels.clone(), k));
            (SilhouettePass::new(x, labelings.collect()), None)
        };
        Scoring {
            pass,
            fits,
            silhouette_sample,
            fit_sample: fit_sample_size(n),
        }
    }

    /// Computes up to `max_tiles` more tiles of 32×32 distances (at least one row of them);
    /// returns whether the silhouettes are complete.
    pub fn step(&mut self, max_tiles: usize) -> bool {
        self.pass.step(max_tiles)
    }

    /// Tiles done and tiles in all.
    pub fn progress(&self) -> (usize, usize) {
        self.pass.progress()
    }

    /// The scores and the best K.
    ///
    /// # Panics
    /// If [`Scoring::step`] has not returned `true`.
    pub fn finish(self) -> ModelSelection {
        let silhouettes = self.pass.finish();
        let scores: Vec<KScore> = self
            .fits
            .iter()
            .zip(&silhouettes)
            .map(|(f, &silhouette)| KScore {
                k: f.centroids.nrows(),
                silhouette,
                inertia: f.inertia,
            })
            .collect();
        let best_k = pick_best(&scores);
        ModelSelection {
            scores,
            fits: self.fits,
            best_k,
            silhouette_sample: self.silhouette_sample,
            fit_sample: self.fit_sample,
            k_note: None,
        }
    }
}

/// Stream id mixed into the seed of the silhouette sample (no K uses it).
const SAMPLE_STREAM: u64 = u64::MAX;
/// Stream id of the K-Means sample ([`fit_sample`]).
const FIT_STREAM: u64 = u64::MAX - 1;

/// A seed for stream `stream` of `seed` (SplitMix64 finaliser, so nearby inputs give unrelated seeds).
pub(crate) fn derive_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `m` distinct row indices out of `n`, sorted (partial Fisher–Yates with `u64` draws).
pub(crate) fn sample_rows(n: usize, m: usize, seed: u64) -> Vec<usize> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..m.min(n) {
        let j = i + rng.random_range(0..(n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(m.min(n));
    idx.sort_unstable();
    idx
}

/// K of the highest silhouette; the first (smallest K when ascending) on ties; 0 when empty.
fn pick_best(scores: &[KScore]) -> usize {
    let mut best: Option<&KScore> = None;
    for s in scores {
        if best.is_none_or(|b| s.silhouette > b.silhouette) {
            best = Some(s);
        }
    }
    best.map_or(0, |b| b.k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_seeds_differ_per_k() {
        let seeds: Vec<u64> = (0..10).map(|k| derive_seed(42, k)).collect();
        for (i, a) in seeds.iter().enumerate() {
            assert!(seeds[i + 1..].iter().all(|b| b != a));
        }
        assert_eq!(derive_seed(42, 3), derive_seed(42, 3));
    }

    #[test]
    fn sample_is_distinct_sorted_and_seeded() {
        let s = sample_rows(100, 30, 7);
        assert_eq!(s.len(), 30);
        assert!(s.windows(2).all(|w| w[0] < w[1]) && s[29] < 100);
        assert_eq!(s, sample_rows(100, 30, 7));
        assert_ne!(s, sample_rows(100, 30, 8));
        assert_eq!(sample_rows(5, 10, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn ties_pick_the_smaller_k() {
        let s = |k, silhouette| KScore {
            k,
            silhouette,
            inertia: 0.0,
        };
        assert_eq!(pick_best(&[s(2, 0.3), s(3, 0.5), s(4, 0.5)]), 3);
        assert_eq!(pick_best(&[]), 0);
    }
}

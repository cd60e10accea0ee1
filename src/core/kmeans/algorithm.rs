//! Lloyd's algorithm with k-means++ seeding and restarts, each restart improved past Lloyd's
//! first local optimum.
//!
//! Starts as scikit-learn's `KMeans(algorithm="lloyd")`: greedy k-means++ seeding with
//! `2 + ⌊ln k⌋` local trials, the tolerance scaled by the mean column variance, a run stops when
//! the labels no longer change or the total squared centroid shift is ≤ the scaled tolerance, and an
//! empty cluster is re-seeded with the point farthest from its centre. scikit-learn keeps the best
//! of its restarts as they are, which on the app's data misses the best local optimum often
//! enough that its `n_init=10` and ours differed by up to 1 % in inertia, either way. So each
//! restart here goes further ([`run_restart`]): Lloyd at a loose tolerance, then swaps of a
//! centre to where it is missing while they lower the inertia (at most two,
//! [`improve_by_swaps`]), then Lloyd until no label changes. Measured against
//! `KMeans(n_init=10)` on the same data in `docs/kmeans-quality.md` (`tests/kmeans_quality.py`).
//! Every random draw is an `f64` or a `u64` from a `StdRng` (ChaCha12), so a fit is identical
//! natively and in WebAssembly.
//!
//! The data is checked and laid out for the kernels once ([`Samples`]) and shared by every K and
//! restart fitted on it. The distances come from the kernel the silhouette shares
//! ([`crate::core::lanes`]): the hot kernels below are compiled for the data's number of
//! features (its width), picked once per pass; the rare paths use the run-time loop, which gives
//! the same numbers.
//!
//! The hot loops live in small `#[inline(never)]` functions on purpose: the seeding's distance
//! pass ([`Rows::potential_with`]), the assignment's screening of one run of samples
//! ([`screen_block`]) and the centroid sums ([`sum_rows_by_label`]); rare paths (the `f64`
//! re-decision of a near tie, re-seeding an empty cluster) are `#[cold]` and out of line. A
//! browser compiles WebAssembly with a quick baseline compiler first and runs optimised code only
//! for the *later calls* of a function that proved hot, compiling one function at a time in the
//! background. Small kernels called many times per fit are optimised after their first calls,
//! and quickly: in Chromium on a first visit, the optimising compiler took 10–20 ms for each of
//! the stage functions when they held these loops (assignment, update, seeding, and the copy of
//! the data then made per fit) and about 1 ms for these kernels (`--js-flags=--trace-wasm-compilation-times`).

use std::ops::Range;

use ndarray::{Array2, ArrayView2};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::errors::KMeansError;
use super::params::CheckedKMeansParams;
use crate::core::lanes::{self, LANES, Width, sq_dist, with_width};

/// The best of the restarts.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansFit {
    /// Shape `(k, n_features)`.
    pub centroids: Array2<f64>,
    /// Cluster of each sample, `0..k`. Length `n_samples`. When the data has fewer distinct points
    /// than K, some clusters may end up holding duplicates of another centre and no sample.
    pub labels: Vec<usize>,
    /// Sum of squared distances of samples to their centroid.
    pub inertia: f64,
    /// Lloyd iterations of the kept restart (all its stages).
    pub n_iter: usize,
}

/// The best of some of a fit's restarts, and which restart it was.
#[derive(Debug, Clone, PartialEq)]
pub struct RestartFit {
    /// Index of the kept restart (within `0..restarts` of the whole fit).
    pub restart: usize,
    /// That restart's fit.
    pub fit: KMeansFit,
}

impl RestartFit {
    /// The better of two: lower inertia, the earlier restart on ties — so folding the results of
    /// disjoint restart ranges with it gives exactly [`fit_restarts`] over their union.
    /// (Inertias are finite — the data were checked — so this order is total.)
    pub fn better(self, other: RestartFit) -> RestartFit {
        debug_assert!(self.fit.inertia.is_finite() && other.fit.inertia.is_finite());
        let self_first = (self.fit.inertia, self.restart) <= (other.fit.inertia, other.restart);
        if self_first { self } else { other }
    }
}

/// The data of a fit, checked and laid out for the kernels once, so that every K and restart
/// fitted on the same data reuses it (building it is a pass over the data and an `f32` copy by
/// lanes; the `f64` lanes are laid out on the first restart).
#[derive(Debug)]
pub struct Samples {
    rows: Rows,
    /// Columns of the data (the layout stores at least one).
    cols: usize,
    /// Sum of the population variances of the columns (scales the tolerance).
    total_var: f64,
}

impl Samples {
    /// Checks `x` (shape `(n_samples, n_features)`) and lays it out.
    ///
    /// # Errors
    /// [`KMeansError::NonFinite`] at the first NaN or infinite value (row-major order).
    pub fn new(x: ArrayView2<f64>) -> Result<Samples, KMeansError> {
        check_finite(x)?;
        Ok(Samples::laid_out(Rows::copy_from(x), x.ncols()))
    }

    /// [`Samples::new`] keeping `x`'s memory as the row-major copy (no copy of the values when
    /// `x` is in standard layout): a fit worker receives 10,00,000 × 12 values, 96 MB.
    ///
    /// # Errors
    /// [`KMeansError::NonFinite`] at the first NaN or infinite value (row-major order).
    pub fn from_array(x: Array2<f64>) -> Result<Samples, KMeansError> {
        check_finite(x.view())?;
        let (n, d) = x.dim();
        if d == 0 || !x.is_standard_layout() {
            return Ok(Samples::laid_out(Rows::copy_from(x.view()), d));
        }
        // In standard layout the values lie in order from the offset (rows sliced off an owned
        // array stay in its memory, before and after them).
        let (mut data, offset) = x.into_raw_vec_and_offset();
        data.drain(..offset.unwrap_or(0));
        data.truncate(n * d);
        Ok(Samples::laid_out(Rows::from_data(data, n, d), d))
    }

    /// `rows` of `cols` columns (`rows` stores at least one).
    fn laid_out(rows: Rows, cols: usize) -> Samples {
        let total_var = total_variance(&rows);
        Samples {
            cols,
            rows,
            total_var,
        }
    }

    /// Number of samples.
    pub fn n_samples(&self) -> usize {
        self.rows.n
    }

    /// The rows `rows` (indices into this data, in that order) laid out on their own: the sample a
    /// large data set's restarts run on ([`crate::core::selection`]).
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn subset(&self, rows: &[usize]) -> Samples {
        let d = self.rows.d;
        let x = ndarray::Array2::from_shape_fn((rows.len(), self.cols), |(i, f)| {
            self.rows.data[rows[i] * d + f]
        });
        Samples::new(x.view()).expect("a subset of checked data is finite")
    }

    /// `tol` times the mean population variance of the columns, like scikit-learn's
    /// `_tolerance`.
    fn scaled_tol(&self, tol: f64) -> f64 {
        if self.rows.n == 0 {
            return 0.0;
        }
        tol * self.total_var / self.rows.d as f64
    }
}

/// Fits K-Means on data laid out once by [`Samples::new`]: the fit primitive, which every K of a
/// run, the fit workers and the tests call.
///
/// Runs restarts `restarts` (a sub-range of `0..params.restarts`), each a k-means++
/// initialisation followed by Lloyd iterations and swaps (see the module documentation), and
/// keeps the one with the lowest inertia (the first one on ties). Restart `r` is seeded with the
/// `r`-th `u64` drawn from `StdRng::seed_from_u64(seed)`, so the first restarts of a longer run
/// are exactly the restarts of a shorter one, and a fit's restarts can run in pieces (on several
/// threads) and be combined with [`RestartFit::better`]. Only the range is run, whatever
/// `params.restarts` says. Labels and inertia are always those of the returned centroids.
///
/// # Errors
/// [`KMeansError::TooFewSamples`] if the data has fewer samples than K (the parameters were
/// checked for another size), [`KMeansError::ZeroRestarts`] for an empty range.
pub fn fit_restarts(
    data: &Samples,
    params: &CheckedKMeansParams,
    restarts: Range<usize>,
) -> Result<RestartFit, KMeansError> {
    let p = params.get();
    let n = data.n_samples();
    // The parameters may have been checked for other data.
    if p.k > n {
        return Err(KMeansError::TooFewSamples { k: p.k, n });
    }
    let tol = data.scaled_tol(p.tol);
    let x = &data.rows;

    let mut seeds = StdRng::seed_from_u64(p.seed);
    for _ in 0..restarts.start {
        seeds.random::<u64>(); // the seeds of the restarts before the range
    }
    let mut best: Option<(usize, Run)> = None;
    for r in restarts {
        let mut rng = StdRng::seed_from_u64(seeds.random::<u64>());
        let centers = init_plus_plus(x, p.k, &mut rng);
        let run = run_restart(x, centers, p.k, p.max_iter, tol, &mut rng);
        if best.as_ref().is_none_or(|(_, b)| run.inertia < b.inertia) {
            best = Some((r, run));
        }
    }
    let (restart, best) = best.ok_or(KMeansError::ZeroRestarts)?;
    let d = data.cols;
    Ok(RestartFit {
        restart,
        fit: KMeansFit {
            centroids: Array2::from_shape_fn((p.k, d), |(c, f)| best.centers[c * d + f]),
            labels: best.labels,
            inertia: best.inertia,
            n_iter: best.n_iter,
        },
    })
}

/// Lloyd iterations on all of `data` from `centroids` (shape `(k, n_features)`), until the squared
/// centroid shift is within the scaled tolerance, as scikit-learn's Lloyd stops (not until no label
/// changes: on a million samples the last few labels take hundreds of iterations to settle and
/// move the inertia by less than 1e-6). Used to carry the best restart of a sample to every
/// sample ([`crate::core::selection`]). Labels and inertia are those of the returned centroids.
///
/// # Errors
/// [`KMeansError::TooFewSamples`] if the data has fewer samples than K.
///
/// # Panics
/// If `centroids` has another number of rows than `params`' K, or of columns than the data.
pub fn refine(
    data: &Samples,
    params: &CheckedKMeansParams,
    centroids: ArrayView2<f64>,
) -> Result<KMeansFit, KMeansError> {
    let p = params.get();
    let n = data.n_samples();
    if p.k > n {
        return Err(KMeansError::TooFewSamples { k: p.k, n });
    }
    assert_eq!(
        centroids.dim(),
        (p.k, data.cols),
        "centroids of K × features"
    );
    let x = &data.rows;
    let centers: Vec<f64> = if data.cols == 0 {
        vec![0.0; p.k * x.d]
    } else {
        centroids.iter().copied().collect()
    };
    let run = run_lloyd(x, centers, p.k, p.max_iter, data.scaled_tol(p.tol));
    let d = data.cols;
    Ok(KMeansFit {
        centroids: Array2::from_shape_fn((p.k, d), |(c, f)| run.centers[c * x.d + f]),
        labels: run.labels,
        inertia: run.inertia,
        n_iter: run.n_iter,
    })
}

/// One restart's outcome.
struct Run {
    /// `(k, n_features)`, row-major.
    centers: Vec<f64>,
    /// `(n_samples,)`
    labels: Vec<usize>,
    inertia: f64,
    n_iter: usize,
}

/// A row-major copy of the data: `(n_samples, n_features)`. Data without columns is stored as
/// one zero column (every distance is 0 either way), so rows are never empty slices.
#[derive(Debug)]
struct Rows {
    data: Vec<f64>,
    /// The same values by runs of [`LANES`] samples, feature by feature:
    /// `(n_pad / LANES, d, LANES)`, zero padded (`n_pad` = `n` rounded up to [`LANES`]). Only
    /// a restart reads it (its seeding, then its swaps of centres), so it is laid out on the
    /// first seeding: data refined from a sample's centres ([`refine`]) is never seeded, and
    /// 10,00,000 customers' copy is 96 MB of a fit worker's memory.
    lanes: std::sync::OnceLock<Vec<f64>>,
    /// [`Rows::lanes`] rounded to `f32`, for the assignment's screening pass.
    lanes32: Vec<f32>,
    /// Squared norm of every sample, `(n_pad,)` (0 in the padding; infinite beyond `f32`'s
    /// range): sizes the screening margin.
    norms32: Vec<f32>,
    n: usize,
    d: usize,
}

impl Rows {
    #[inline(never)]
    fn copy_from(x: ArrayView2<f64>) -> Self {
        let (n, d) = x.dim();
        let (data, d) = if d == 0 {
            (vec![0.0; n], 1)
        } else {
            (x.iter().copied().collect::<Vec<f64>>(), d)
        };
        Self::from_data(data, n, d)
    }

    /// The layouts of `data`, `n` rows of `d` (≥ 1) values, row-major.
    fn from_data(data: Vec<f64>, n: usize, d: usize) -> Self {
        let n_pad = n.next_multiple_of(LANES);
        let mut norms = vec![0.0f32; n_pad];
        for (norm, row) in norms.iter_mut().zip(data.chunks_exact(d)) {
            *norm = row.iter().map(|v| v * v).sum::<f64>() as f32;
        }
        let lanes32 = lanes::to_lanes_as(&data, n, d, |v| v as f32);
        Self {
            data,
            lanes: std::sync::OnceLock::new(),
            lanes32,
            norms32: norms,
            n,
            d,
        }
    }

    /// `n` rounded up to [`LANES`].
    fn n_pad(&self) -> usize {
        self.n.next_multiple_of(LANES)
    }

    /// Squared distances from `point` (`(d,)`) to every sample, into `out` (`(n_pad,)`; the
    /// padding gets junk). Each equals [`sq_dist`]`(sample, point)` bit for bit: the same terms,
    /// added in the same order.
    fn sq_dists_to(&self, point: &[f64], out: &mut [f64]) {
        let lanes = self
            .lanes
            .get_or_init(|| lanes::to_lanes(&self.data, self.n, self.d));
        with_width!(self.d, |w| lanes::sq_dists(w, point, lanes, out));
    }

    /// The seeding's kernel: the squared distances from `point` to every sample into `dists`
    /// (as [`Rows::sq_dists_to`]), and the potential if `point` joined the centres whose nearest
    /// squared distances are `closest` (`(n,)`): the sum of the smaller of the two, in sample
    /// order.
    ///
    /// Out of line, and small, on purpose: a browser swaps in optimised code for a function's
    /// later calls only, after compiling it in the background (the time that takes grows with
    /// the function), so the heavy loop of the seeding lives in its own small function, called
    /// a few times per centre.
    #[inline(never)]
    fn potential_with(&self, point: &[f64], closest: &[f64], dists: &mut [f64]) -> f64 {
        self.sq_dists_to(point, dists);
        closest
            .iter()
            .zip(&*dists)
            .fold(0.0, |sum, (&old, &dist)| sum + old.min(dist))
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }

    fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.d)
    }
}

/// The first NaN or infinite value, in row-major order.
#[inline(never)]
fn check_finite(x: ArrayView2<f64>) -> Result<(), KMeansError> {
    match crate::core::scaling::first_non_finite_value(x) {
        Some((row, col)) => Err(KMeansError::NonFinite { row, col }),
        None => Ok(()),
    }
}

/// Sum of the population variances of the columns (0 without samples).
#[inline(never)]
fn total_variance(x: &Rows) -> f64 {
    if x.n == 0 {
        return 0.0;
    }
    let n = x.n as f64;
    let mut total_var = 0.0;
    for f in 0..x.d {
        let mean = x.rows().map(|r| r[f]).sum::<f64>() / n;
        let var = x
            .rows()
            .map(|r| {
                let dev = r[f] - mean;
                dev * dev
            })
            .sum::<f64>()
            / n;
        total_var += var;
    }
    total_var
}

/// Greedy k-means++ (scikit-learn's variant): each new centre is the best of `2 + ⌊ln k⌋`
/// candidates drawn proportionally to the squared distance to the nearest chosen centre, "best"
/// meaning the lowest resulting potential.
///
/// Each candidate's distances to every sample are computed in one vectorised pass over
/// [`Rows::lanes`] (bit for bit those of [`sq_dist`]). Returns the centres, `(k, n_features)`.
///
/// Kept out of line, as the other stages of a restart: see the module documentation.
#[inline(never)]
fn init_plus_plus(x: &Rows, k: usize, rng: &mut StdRng) -> Vec<f64> {
    let (n, d) = (x.n, x.d);
    let n_trials = local_trials(k);
    let mut centers = Vec::with_capacity(k * d); // (k, n_features)

    let first = rng.random_range(0..n as u64) as usize;
    centers.extend_from_slice(x.row(first));
    let n_pad = x.n_pad();
    let mut to_first = vec![0.0; n_pad]; // (n_pad,) squared
    // With no centre yet every sample is infinitely far: the potential is the sum of distances.
    let mut potential = x.potential_with(x.row(first), &vec![f64::INFINITY; n], &mut to_first);
    to_first.truncate(n);
    let mut closest = to_first; // (n_samples,) squared, to the nearest chosen centre

    let mut scratch = GreedyScratch::new(n, n_pad, n_trials);
    for _ in 1..k {
        let (chosen, new_potential) = greedy_pick(x, &closest, potential, rng, &mut scratch);
        lower_to(&mut closest, scratch.dists_of(chosen));
        potential = new_potential;
        centers.extend_from_slice(x.row(chosen));
    }
    centers
}

/// Candidates a greedy k-means++ step draws for K centres: 2 + ⌊ln K⌋, as scikit-learn. (ln K of
/// an integer K is never within rounding of an integer, so every platform's `ln` gives the same
/// count.)
fn local_trials(k: usize) -> usize {
    2 + (k as f64).ln().floor() as usize
}

/// Buffers of [`greedy_pick`], allocated once per seeding.
struct GreedyScratch {
    /// `(n_samples,)`
    cumsum: Vec<f64>,
    /// `(n_trials, n_pad)` squared distances from each candidate to every sample.
    to_candidate: Vec<f64>,
    /// Index of each candidate's sample, `(n_trials,)`, and of the chosen one's row in
    /// `to_candidate`.
    candidates: Vec<usize>,
    chosen: usize,
    n: usize,
    n_pad: usize,
}

impl GreedyScratch {
    fn new(n: usize, n_pad: usize, n_trials: usize) -> Self {
        Self {
            cumsum: vec![0.0; n],
            to_candidate: vec![0.0; n_trials * n_pad],
            candidates: vec![0; n_trials],
            chosen: 0,
            n,
            n_pad,
        }
    }

    /// The squared distances from the sample [`greedy_pick`] chose (`sample`) to every sample.
    fn dists_of(&self, sample: usize) -> &[f64] {
        debug_assert_eq!(self.candidates[self.chosen], sample);
        &self.to_candidate[self.chosen * self.n_pad..][..self.n]
    }
}

/// One greedy k-means++ step: draws `n_trials` samples proportionally to `closest` (the squared
/// distance of every sample to its nearest centre, summing to `potential`) and returns the one
/// whose joining gives the lowest potential (the first on ties), with that potential. Its
/// distances to every sample are then [`GreedyScratch::dists_of`].
fn greedy_pick(
    x: &Rows,
    closest: &[f64],
    potential: f64,
    rng: &mut StdRng,
    scratch: &mut GreedyScratch,
) -> (usize, f64) {
    let n = x.n;
    cumulative_sums(closest, &mut scratch.cumsum);
    let draws: Vec<f64> = (0..scratch.candidates.len())
        .map(|_| rng.random::<f64>() * potential)
        .collect();
    for (cand, r) in scratch.candidates.iter_mut().zip(draws) {
        *cand = scratch.cumsum.partition_point(|&sum| sum < r).min(n - 1);
    }
    let n_pad = scratch.n_pad;
    let (mut best, mut best_potential) = (0, f64::INFINITY);
    for (t, (&cand, dists)) in scratch
        .candidates
        .iter()
        .zip(scratch.to_candidate.chunks_exact_mut(n_pad))
        .enumerate()
    {
        let p = x.potential_with(x.row(cand), closest, dists);
        if t == 0 || p < best_potential {
            (best, best_potential) = (t, p);
        }
    }
    scratch.chosen = best;
    (scratch.candidates[best], best_potential)
}

/// Tries to move one centre of a converged run elsewhere (a "swap"): removes the centre whose
/// samples would cost the least to hand to their second-nearest centre, re-seeds it with a greedy
/// k-means++ pick (drawn against the remaining centres), runs Lloyd from there and keeps the
/// outcome if its inertia is lower. Stops at the first swap that does not help, or after
/// [`SWAP_LIMIT`].
///
/// Lloyd's algorithm stops in the first local optimum; at K ≥ 4 on the app's data some restarts
/// end with two centres sharing one natural group while two other groups share one centre, about
/// 1 % above the best inertia. A swap moves the spare centre to where it is missing.
#[inline(never)]
fn improve_by_swaps(
    x: &Rows,
    mut best: Run,
    k: usize,
    max_iter: usize,
    tol: f64,
    rng: &mut StdRng,
) -> Run {
    if k < 2 {
        return best;
    }
    let (n, d, n_pad) = (x.n, x.d, x.n_pad());
    let mut scratch = GreedyScratch::new(n, n_pad, local_trials(k));
    let mut own = vec![0.0; n]; // (n_samples,) squared distance to the own centre
    let mut other = vec![0.0; n]; // (n_samples,) squared distance to the nearest other centre
    let mut dists = vec![0.0; n_pad]; // (n_pad,)
    let mut closest = vec![0.0; n]; // (n_samples,)
    for _ in 0..SWAP_LIMIT {
        if best.inertia <= 0.0 {
            break;
        }
        // The cost of removing each centre: its samples go to their second-nearest centre.
        other.fill(f64::INFINITY);
        for (c, center) in best.centers.chunks_exact(d).enumerate() {
            x.sq_dists_to(center, &mut dists);
            for i in 0..n {
                if best.labels[i] == c {
                    own[i] = dists[i];
                } else if dists[i] < other[i] {
                    other[i] = dists[i];
                }
            }
        }
        let mut removal = vec![0.0; k]; // (k,)
        for i in 0..n {
            removal[best.labels[i]] += other[i] - own[i];
        }
        // The cheapest centre to remove (the first on ties).
        let removed = (0..k)
            .min_by(|&a, &b| removal[a].total_cmp(&removal[b]))
            .expect("k ≥ 2 centres");
        for i in 0..n {
            closest[i] = if best.labels[i] == removed {
                other[i]
            } else {
                own[i]
            };
        }
        let potential: f64 = closest.iter().sum();
        let (chosen, _) = greedy_pick(x, &closest, potential, rng, &mut scratch);
        let mut centers = best.centers.clone();
        centers[removed * d..(removed + 1) * d].copy_from_slice(x.row(chosen));
        let run = run_lloyd(x, centers, k, max_iter, tol);
        if run.inertia >= best.inertia {
            break;
        }
        best = Run {
            n_iter: best.n_iter + run.n_iter,
            ..run
        };
    }
    best
}

/// Most swaps tried per restart. Two keep the quality of twelve (`docs/kmeans-quality.md`: worst
/// ratio to scikit-learn 1.00006 either way over data seeds 1–10) for 5–9 % less analysis time;
/// one swap is not enough (seed profile K = 8 mean 1.0002, realistic K = 7 worst 1.0047).
const SWAP_LIMIT: usize = 2;

/// The tolerance of a restart's first Lloyd runs (seeded, then after each swap), in units of the
/// fit's tolerance: they only need to tell basins apart, and the restart settles fully at the
/// end. (Counted on four 3,000-customer data sets: ×100 ran 20 % fewer assignment passes than
/// ×10.)
const EXPLORE_TOL: f64 = 100.0;

/// One restart from its k-means++ seeds: Lloyd's algorithm at a loose tolerance
/// ([`EXPLORE_TOL`]), swaps of a centre while they help ([`improve_by_swaps`]), then Lloyd again
/// until no label changes. `n_iter` counts the Lloyd iterations of every stage kept.
fn run_restart(
    x: &Rows,
    centers: Vec<f64>,
    k: usize,
    max_iter: usize,
    tol: f64,
    rng: &mut StdRng,
) -> Run {
    let explore = run_lloyd(x, centers, k, max_iter, tol * EXPLORE_TOL);
    let explore = improve_by_swaps(x, explore, k, max_iter, tol * EXPLORE_TOL, rng);
    let settled = run_lloyd(x, explore.centers, k, max_iter, 0.0);
    Run {
        n_iter: explore.n_iter + settled.n_iter,
        ..settled
    }
}

/// `sums[i] = values[0] + … + values[i]`, added in order.
#[inline(never)]
fn cumulative_sums(values: &[f64], sums: &mut [f64]) {
    let mut running = 0.0;
    for (sum, &v) in sums.iter_mut().zip(values) {
        running += v;
        *sum = running;
    }
}

/// `closest[i] = min(closest[i], new[i])`: the nearest squared distances once a centre joins.
#[inline(never)]
fn lower_to(closest: &mut [f64], new: &[f64]) {
    for (old, &new) in closest.iter_mut().zip(new) {
        *old = old.min(new);
    }
}

/// Lloyd iterations from the seeds until convergence or `max_iter`, then a final assignment so
/// that labels and inertia belong to the returned centres.
///
/// Assignment compares every sample with every centre, [`LANES`] samples at a time: in
/// WebAssembly these branch-free vector loops beat bound-based pruning (Hamerly's; measured in
/// docs/PERFORMANCE.md), and natively they cost about the same.
#[inline(never)]
fn run_lloyd(x: &Rows, mut centers: Vec<f64>, k: usize, max_iter: usize, tol: f64) -> Run {
    // centers: (k, n_features)
    let mut labels = vec![0; x.n]; // (n_samples,)
    let mut new_centers = vec![0.0; k * x.d]; // (k, n_features)
    let mut counts = vec![0usize; k]; // (k,)
    let mut n_iter = 0;
    let mut settled = false;
    for iter in 0..max_iter {
        n_iter = iter + 1;
        let changed = with_width!(x.d, |w| assign_nearest(w, x, &centers, k, &mut labels));
        let changed = changed || iter == 0;
        update_centroids(x, &labels, &centers, &mut new_centers, &mut counts);
        let shift = sq_shift(&centers, &new_centers);
        std::mem::swap(&mut centers, &mut new_centers);
        // Unchanged labels give bit-identical centres (shift 0), unless an empty cluster was
        // re-seeded: then keep iterating, as the labels are stale.
        if !changed && shift == 0.0 {
            settled = true;
            break;
        }
        if shift <= tol {
            break;
        }
    }
    if !settled {
        with_width!(x.d, |w| assign_nearest(w, x, &centers, k, &mut labels));
    }
    let inertia = inertia(x, &centers, &labels);
    Run {
        centers,
        labels,
        inertia,
        n_iter,
    }
}

/// Sum of squared distances of the samples to their centre, in sample order.
#[inline(never)]
fn inertia(x: &Rows, centers: &[f64], labels: &[usize]) -> f64 {
    x.rows()
        .zip(labels)
        .map(|(row, &c)| sq_dist(row, &centers[c * x.d..(c + 1) * x.d]))
        .sum()
}

/// Relative size of the screening margin for `d` features, in units of `f32` rounding (2^-24
/// each): `4 (d + 5)`, at least 64. The `f32` distance of a sample `x` to a centre `c` is within
/// about `(d + 5) u D + 2 u (|x|² + |c|²)` of its `f64` value (`u` = 2^-24, `D` the distance: the
/// rounding of `x` and `c` to `f32`, of each difference and square, and of the `d` additions), so
/// a gap wider than `screen_rel(d) · (D₁ + D₂ + 2|x|² + 2 max|c|²)` between the two nearest
/// centres cannot be reversed by rounding — with room to spare (four times the bound; at the
/// app's 12 features, 64 units against 17).
fn screen_rel(d: usize) -> f32 {
    (4 * (d + 5)).max(64) as f32 / 16_777_216.0
}

/// Absolute floor of the screening margin, far above what `f32` underflow can lose.
const SCREEN_ABS: f32 = 1e-30;

/// Assigns every sample to its nearest centre (the lowest index on ties). Returns whether any
/// label changed.
///
/// The labels are exactly those of comparing the `f64` [`sq_dist`] to every centre, but most
/// are found in a screening pass in `f32`, which runs twice as many samples per vector
/// instruction: [`LANES`] samples at a time against every centre, keeping the nearest and second
/// nearest distances. A sample whose two nearest centres are closer than the rounding margin
/// ([`screen_rel`]) — a near or exact tie, or values too large or small for `f32` — is decided
/// again in `f64`. (Measured with a counter, on the app's z-scored features: 37 of 1.9 million
/// assignments for 3,000 realistic customers, 197 of 7.4 million on the seed profile, 287 of
/// 15.7 million for 20,000 customers — about 2 in 100,000.)
#[inline(never)]
fn assign_nearest<W: Width>(
    w: W,
    x: &Rows,
    centers: &[f64],
    k: usize,
    labels: &mut [usize],
) -> bool {
    let d = x.d;
    let centers = &centers[..k * d]; // (k, n_features)
    let centers32: Vec<f32> = centers.iter().map(|&v| v as f32).collect(); // (k, n_features)
    let max_norm = centers
        .chunks_exact(d)
        .map(|c| c.iter().map(|v| v * v).sum::<f64>())
        .fold(0.0, f64::max) as f32;
    let blocks = x.lanes32.as_chunks::<LANES>().0; // (n_pad / LANES · d, LANES)
    let mut changed = false;
    for (b, (block, labels)) in blocks
        .chunks_exact(d)
        .zip(labels.chunks_mut(LANES))
        .enumerate()
    {
        let norms = &x.norms32[b * LANES..][..LANES];
        let (best_c, clear) = screen_block(w, &centers32, block, norms, max_norm);
        for (l, label) in labels.iter_mut().enumerate() {
            let c = if clear[l] || k == 1 {
                best_c[l] as usize
            } else {
                nearest(x.row(b * LANES + l), centers, d)
            };
            changed |= *label != c;
            *label = c;
        }
    }
    changed
}

/// The screening pass of [`assign_nearest`] for one run of [`LANES`] samples (`block`,
/// `(d, LANES)`, with squared norms `norms`) against every centre (`centers32`,
/// `(k, n_features)`, the largest squared norm `max_norm`): each sample's nearest centre in
/// `f32`, and whether its gap to the second nearest clears the rounding margin.
///
/// The hot loop of the fit, in a small function of its own: a browser runs it on optimised
/// code after its first calls (one per run of samples), and compiling it takes little time.
#[inline(never)]
fn screen_block<W: Width>(
    w: W,
    centers32: &[f32],
    block: &[[f32; LANES]],
    norms: &[f32],
    max_norm: f32,
) -> ([u32; LANES], [bool; LANES]) {
    let d = w.get();
    let mut best = [f32::INFINITY; LANES];
    let mut second = [f32::INFINITY; LANES];
    let mut best_c = [0u32; LANES];
    for (c, center) in centers32.chunks_exact(d).enumerate() {
        let dists = lanes::run_sq_dists(w, center, block);
        for l in 0..LANES {
            let dist = dists[l];
            let nearer = dist < best[l];
            second[l] = if nearer {
                best[l]
            } else if dist < second[l] {
                dist
            } else {
                second[l]
            };
            best_c[l] = if nearer { c as u32 } else { best_c[l] };
            best[l] = if nearer { dist } else { best[l] };
        }
    }
    // The screen, for all lanes at once (in `f32`: the margin is far wider than its own
    // rounding, and `next - near` is exact whenever it is near the margin).
    let rel = screen_rel(d);
    let mut clear = [false; LANES];
    for l in 0..LANES {
        let margin = rel * (best[l] + second[l] + 2.0 * (norms[l] + max_norm)) + SCREEN_ABS;
        // Written so that an infinite or NaN distance or margin fails the screen.
        clear[l] = second[l] - best[l] > margin && second[l] < f32::INFINITY;
    }
    (best_c, clear)
}

/// The nearest centre of `row` (lowest index on ties), by [`sq_dist`] one centre at a time.
/// (Rare: out of the screening kernel's way.)
#[cold]
#[inline(never)]
fn nearest(row: &[f64], centers: &[f64], d: usize) -> usize {
    let (mut best, mut first) = (0, f64::INFINITY);
    for (c, center) in centers.chunks_exact(d).enumerate() {
        let dist = sq_dist(row, center);
        if dist < first {
            (best, first) = (c, dist);
        }
    }
    best
}

/// Means of the assigned samples into `new_centers` (`(k, n_features)`). An empty cluster is
/// re-seeded with the sample farthest from its centre (scikit-learn's rule), taken from a cluster
/// that keeps at least one sample.
#[inline(never)]
fn update_centroids(
    x: &Rows,
    labels: &[usize],
    old_centers: &[f64],
    new_centers: &mut [f64],
    counts: &mut [usize],
) {
    let d = x.d;
    new_centers.fill(0.0);
    counts.fill(0);
    with_width!(d, |w| sum_rows_by_label(
        w,
        &x.data,
        labels,
        new_centers,
        counts
    ));
    if counts.contains(&0) {
        relocate_empty_clusters(x, labels, old_centers, new_centers, counts);
    }
    for ((center, old), &count) in new_centers
        .chunks_exact_mut(d)
        .zip(old_centers.chunks_exact(d))
        .zip(counts.iter())
    {
        if count > 0 {
            let inv = 1.0 / count as f64;
            center.iter_mut().for_each(|s| *s *= inv);
        } else {
            center.copy_from_slice(old);
        }
    }
}

/// Per label, the sum of its rows (`data` is `(n, d)` row-major, `sums` `(k, d)`) and their count,
/// added in row order. With a width known to the compiler each row is added with a few vector
/// instructions. (Out of line: the update's hot loop, small to compile.)
#[inline(never)]
fn sum_rows_by_label<W: Width>(
    w: W,
    data: &[f64],
    labels: &[usize],
    sums: &mut [f64],
    counts: &mut [usize],
) {
    let d = w.get();
    for (row, &c) in data.chunks_exact(d).zip(labels) {
        counts[c] += 1;
        let (row, sum) = (&row[..d], &mut sums[c * d..][..d]);
        for f in 0..d {
            sum[f] += row[f];
        }
    }
}

/// Moves the samples farthest from their (old) centre (ties: lowest index) into the empty
/// clusters, on the cluster sums. (Rare: out of the update's way.)
#[cold]
#[inline(never)]
fn relocate_empty_clusters(
    x: &Rows,
    labels: &[usize],
    old_centers: &[f64],
    sums: &mut [f64],
    counts: &mut [usize],
) {
    let d = x.d;
    let nearest: Vec<f64> = x // (n_samples,)
        .rows()
        .zip(labels)
        .map(|(row, &c)| sq_dist(row, &old_centers[c * d..(c + 1) * d]))
        .collect();
    let mut taken = vec![false; x.n]; // (n_samples,)
    for empty in 0..counts.len() {
        if counts[empty] > 0 {
            continue;
        }
        let mut far: Option<usize> = None;
        for i in 0..x.n {
            let eligible = !taken[i] && counts[labels[i]] > 1;
            if eligible && far.is_none_or(|f| nearest[i] > nearest[f]) {
                far = Some(i);
            }
        }
        let Some(far) = far else { continue };
        taken[far] = true;
        let donor = labels[far];
        counts[donor] -= 1;
        counts[empty] = 1;
        for (f, &v) in x.row(far).iter().enumerate() {
            sums[donor * d + f] -= v;
            sums[empty * d + f] = v;
        }
    }
}

/// Total squared shift between two sets of centres.
fn sq_shift(old: &[f64], new: &[f64]) -> f64 {
    old.iter()
        .zip(new)
        .map(|(a, b)| {
            let diff = a - b;
            diff * diff
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kmeans::KMeansParams;
    use ndarray::array;

    fn checked(k: usize, n: usize) -> CheckedKMeansParams {
        KMeansParams::new(k).check(n).expect("valid params")
    }

    /// Every restart of `params` on `x`.
    fn fit(x: ArrayView2<f64>, params: &CheckedKMeansParams) -> Result<KMeansFit, KMeansError> {
        fit_restarts(&Samples::new(x)?, params, 0..params.get().restarts).map(|r| r.fit)
    }

    #[test]
    fn two_obvious_groups_split_by_midpoint() {
        let x = array![[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]];
        let fit = fit(x.view(), &checked(2, 4)).expect("fits");
        assert_eq!(fit.labels[0], fit.labels[1]);
        assert_eq!(fit.labels[2], fit.labels[3]);
        assert_ne!(fit.labels[0], fit.labels[2]);
        assert!((fit.inertia - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_cluster_is_reseeded_from_farthest_sample() {
        // Both centres start on the left group, so cluster 1 is empty after the first assignment
        // and is re-seeded with 9.0, the sample farthest from its centre. Lloyd then settles in the
        // local optimum {0, 0.1, 5} | {9}.
        let x = Rows::copy_from(array![[0.0], [0.1], [5.0], [9.0]].view());
        let run = run_lloyd(&x, vec![0.0, 0.0], 2, 100, 0.0);
        assert_eq!(run.labels, vec![0, 0, 0, 1]);
        assert!((run.centers[0] - 1.7).abs() < 1e-12 && run.centers[1] == 9.0);
        let expected = 1.7f64.powi(2) + 1.6f64.powi(2) + 3.3f64.powi(2);
        assert!((run.inertia - expected).abs() < 1e-12);
    }

    #[test]
    fn refining_lays_out_no_f64_lanes_and_a_restart_does() {
        // The memory the lazy lanes save at 10,00,000 customers: a refinement from given
        // centres never builds them; a restart (seeding) does, once.
        let x = Array2::from_shape_fn((300, 4), |(i, f)| ((i * 7 + f * 11) % 13) as f64);
        let samples = Samples::new(x.view()).unwrap();
        let params = crate::core::kmeans::KMeansParams::new(3)
            .check(samples.n_samples())
            .unwrap();
        let centres = x.slice(ndarray::s![0..3, ..]);
        refine(&samples, &params, centres).unwrap();
        assert!(
            samples.rows.lanes.get().is_none(),
            "refining built the lanes"
        );
        fit_restarts(&samples, &params, 0..2).unwrap();
        assert!(
            samples.rows.lanes.get().is_some(),
            "a restart seeds on the lanes"
        );
    }

    #[test]
    fn lane_distances_equal_sq_dist_bit_for_bit() {
        let mut rng = StdRng::seed_from_u64(4);
        // Specialised widths (12 is the app's), a run-time one, and sample counts that leave a
        // partial run of lanes.
        for (n, d) in [(21, 12), (13, 5), (9, 1), (8, 4), (3, 7), (11, 19)] {
            let values: Vec<f64> = (0..n * d)
                .map(|_| rng.random::<f64>() * 4.0 - 2.0)
                .collect();
            let x = Rows::copy_from(ArrayView2::from_shape((n, d), &values).unwrap());
            let point: Vec<f64> = (0..d).map(|_| rng.random::<f64>()).collect();
            let mut out = vec![f64::NAN; x.n_pad()];
            x.sq_dists_to(&point, &mut out);
            for (i, row) in x.rows().enumerate() {
                assert_eq!(
                    out[i].to_bits(),
                    sq_dist(row, &point).to_bits(),
                    "n {n}, d {d}, row {i}"
                );
            }
        }
    }

    #[test]
    fn centroid_sums_of_every_width_equal_the_textbook_sums() {
        let mut rng = StdRng::seed_from_u64(6);
        for d in 1..=19 {
            let (n, k) = (37, 4);
            let data: Vec<f64> = (0..n * d)
                .map(|_| rng.random::<f64>() * 9.0 - 3.0)
                .collect();
            let labels: Vec<usize> = (0..n).map(|i| (i * 7 + i / 3) % k).collect();
            let (mut sums, mut counts) = (vec![0.0; k * d], vec![0; k]);
            with_width!(d, |w| sum_rows_by_label(
                w,
                &data,
                &labels,
                &mut sums,
                &mut counts
            ));
            for c in 0..k {
                let members: Vec<usize> = (0..n).filter(|&i| labels[i] == c).collect();
                assert_eq!(counts[c], members.len());
                for f in 0..d {
                    let mut expected = 0.0;
                    for &i in &members {
                        expected += data[i * d + f];
                    }
                    assert_eq!(sums[c * d + f].to_bits(), expected.to_bits(), "d {d}");
                }
            }
        }
    }

    #[test]
    fn seeding_picks_k_distinct_samples() {
        let mut rng = StdRng::seed_from_u64(9);
        for (n, d, k) in [(500, 12, 8), (300, 2, 5), (50, 3, 50)] {
            let values: Vec<f64> = (0..n * d).map(|_| rng.random::<f64>()).collect();
            let x = Rows::copy_from(ArrayView2::from_shape((n, d), &values).unwrap());
            let centers = init_plus_plus(&x, k, &mut rng);
            assert_eq!(centers.len(), k * d);
            let picked: Vec<usize> = centers
                .chunks_exact(d)
                .map(|c| x.rows().position(|r| r == c).expect("a centre is a sample"))
                .collect();
            let mut distinct = picked.clone();
            distinct.sort_unstable();
            distinct.dedup();
            // A chosen sample is at distance 0 from its centre, so it is never drawn again.
            assert_eq!(distinct.len(), k, "n={n} k={k}: {picked:?}");
        }
    }

    /// Textbook Lloyd: every sample against every centre, scikit-learn's stopping rule.
    fn run_plain(x: &Rows, mut centers: Vec<f64>, k: usize, max_iter: usize, tol: f64) -> Run {
        let d = x.d;
        let mut labels = vec![usize::MAX; x.n];
        let mut new_centers = vec![0.0; k * d];
        let mut counts = vec![0; k];
        let mut n_iter = 0;
        let assign = |centers: &[f64]| -> Vec<usize> {
            (0..x.n).map(|i| nearest(x.row(i), centers, d)).collect()
        };
        for iter in 0..max_iter {
            n_iter = iter + 1;
            let new_labels = assign(&centers);
            update_centroids(x, &new_labels, &centers, &mut new_centers, &mut counts);
            let shift = sq_shift(&centers, &new_centers);
            std::mem::swap(&mut centers, &mut new_centers);
            let unchanged = new_labels == labels;
            labels = new_labels;
            if unchanged || shift <= tol {
                break;
            }
        }
        let labels = assign(&centers);
        let inertia = (0..x.n)
            .map(|i| sq_dist(x.row(i), &centers[labels[i] * d..(labels[i] + 1) * d]))
            .sum();
        Run {
            centers,
            labels,
            inertia,
            n_iter,
        }
    }

    #[test]
    fn lane_assignment_matches_textbook_lloyd() {
        let mut rng = StdRng::seed_from_u64(5);
        // The last two cases sit on a coarse integer grid: many exact distance ties.
        for (n, d, k) in [
            (300, 2, 3),
            (500, 12, 8),
            (200, 5, 6),
            (400, 3, 12),
            (200, 2, 5),
            (300, 3, 7),
            (150, 20, 4),
        ] {
            let grid = n <= 300 && (k == 5 || k == 7);
            let values: Vec<f64> = (0..n * d)
                .map(|_| {
                    if grid {
                        (rng.random::<u64>() % 4) as f64
                    } else {
                        rng.random::<f64>()
                    }
                })
                .collect();
            let x = Rows::copy_from(ArrayView2::from_shape((n, d), &values).unwrap());
            for tol in [0.0, 1e-4] {
                let centers = init_plus_plus(&x, k, &mut rng);
                let plain = run_plain(&x, centers.clone(), k, 300, tol);
                let fast = run_lloyd(&x, centers, k, 300, tol);
                assert_eq!(fast.labels, plain.labels, "n={n} d={d} k={k}");
                assert_eq!(fast.centers, plain.centers);
                assert_eq!(fast.n_iter, plain.n_iter);
                assert_eq!(fast.inertia, plain.inertia);
            }
        }
    }

    /// The nearest centre by `f32` arithmetic alone (what the screen would say without its margin).
    fn nearest_f32(row: &[f64], centers: &[f64], d: usize) -> usize {
        let dist = |c: &[f64]| -> f32 {
            row.iter()
                .zip(c)
                .map(|(&a, &b)| (a as f32 - b as f32) * (a as f32 - b as f32))
                .sum()
        };
        let dists: Vec<f32> = centers.chunks_exact(d).map(dist).collect();
        (0..dists.len()).fold(0, |b, c| if dists[c] < dists[b] { c } else { b })
    }

    #[test]
    fn screened_assignment_equals_f64_nearest_on_ties_and_extreme_values() {
        // The app's 12 features, and a run-time width whose screening margin is wider.
        for d in [12, 40] {
            screened_assignment_is_exact(d);
        }
    }

    fn screened_assignment_is_exact(d: usize) {
        let mut rng = StdRng::seed_from_u64(11);
        let (k, n) = (4, 203);
        // Centres, then samples on the bisector of centres 0 and 1 nudged by ±1e-9 (f64 tells
        // the sides apart, f32 cannot), and exact ties.
        let centers: Vec<f64> = (0..k * d)
            .map(|_| rng.random::<f64>() * 2.0 - 1.0)
            .collect();
        let (c0, c1) = (&centers[..d], &centers[d..2 * d]);
        let mut values = Vec::with_capacity(n * d);
        for i in 0..n {
            let t = match i % 3 {
                0 => 0.5 + 1e-9,
                1 => 0.5 - 1e-9,
                _ => 0.5,
            };
            values.extend((0..d).map(|f| c0[f] + t * (c1[f] - c0[f])));
        }
        let mut cases = vec![(values.clone(), centers.clone(), true)];
        // Beyond f32's range (squares overflow), and below it (squares underflow).
        for scale in [1e30, 1e-25] {
            let v: Vec<f64> = (0..n * d).map(|_| rng.random::<f64>() * scale).collect();
            let c: Vec<f64> = (0..k * d).map(|_| rng.random::<f64>() * scale).collect();
            cases.push((v, c, false));
        }
        for (values, centers, near_ties) in cases {
            let x = Rows::copy_from(ArrayView2::from_shape((n, d), &values).unwrap());
            let mut labels = vec![usize::MAX; n];
            with_width!(d, |w| assign_nearest(w, &x, &centers, k, &mut labels));
            let expected: Vec<usize> = x.rows().map(|r| nearest(r, &centers, d)).collect();
            assert_eq!(labels, expected);
            if near_ties {
                // The case is hard: f32 alone gets some of these samples wrong.
                let f32_only: Vec<usize> = x.rows().map(|r| nearest_f32(r, &centers, d)).collect();
                assert_ne!(f32_only, expected);
                assert!(expected.contains(&0) && expected.contains(&1));
            }
        }
    }

    #[test]
    fn zero_columns_do_not_panic() {
        let x = Array2::<f64>::zeros((3, 0));
        let fit = fit(x.view(), &checked(2, 3)).expect("fits");
        assert_eq!(fit.inertia, 0.0);
        assert_eq!(fit.centroids.dim(), (2, 0));
    }
}

//! Integration tests of the numeric core: k-means, silhouette, model selection, PCA and ARI,
//! each against an independent reference (brute force, hand computation or planted structure)
//! with an explicit tolerance.

use c360::core::kmeans::{
    CheckedKMeansParams, KMeansError, KMeansFit, KMeansParams, RestartFit, Samples, fit_restarts,
};
use c360::core::metrics::adjusted_rand_index;
use c360::core::pca::project_2d;
use c360::core::selection::{
    FIT_SAMPLE, ModelSelection, SILHOUETTE_SAMPLE, fit_k, fit_k_all, fit_sample, score_fits,
};
use c360::core::silhouette::silhouette_many;
use ndarray::{Array2, ArrayView2, array};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

// ---------------------------------------------------------------- helpers

/// Every restart of `params` on `x`, laid out afresh.
fn fit(x: ArrayView2<f64>, params: &CheckedKMeansParams) -> Result<KMeansFit, KMeansError> {
    fit_restarts(&Samples::new(x)?, params, 0..params.get().restarts).map(|r| r.fit)
}

/// All `restarts` of K `k` on `x`, laid out afresh (the pipeline's fit of one K).
fn fit_all(
    x: ArrayView2<f64>,
    k: usize,
    restarts: usize,
    seed: u64,
) -> Result<KMeansFit, KMeansError> {
    fit_k(&Samples::new(x)?, k, 0..restarts, seed).map(|r| r.fit)
}

/// The restarts `r` of K `k` on `x`, laid out afresh.
fn fit_range(
    x: ArrayView2<f64>,
    k: usize,
    r: std::ops::Range<usize>,
    seed: u64,
) -> Result<RestartFit, KMeansError> {
    fit_k(&Samples::new(x)?, k, r, seed)
}

/// Every K from `k_min` to `k_max` fitted and scored, as the pipeline does.
fn select(
    x: ArrayView2<f64>,
    ks: std::ops::RangeInclusive<usize>,
    restarts: usize,
    seed: u64,
) -> Result<ModelSelection, KMeansError> {
    let data = Samples::new(x)?;
    let fits = ks
        .map(|k| fit_k(&data, k, 0..restarts, seed).map(|r| r.fit))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(score_fits(x, fits, seed))
}

/// `n` points around `k` centres on a grid `spread` apart (per coordinate), unit noise.
/// Returns `(x, truth)`, `x` of shape `(n, d)`.
fn planted_blobs(
    n: usize,
    k: usize,
    d: usize,
    spread: f64,
    seed: u64,
) -> (Array2<f64>, Vec<usize>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let truth: Vec<usize> = (0..n).map(|i| i % k).collect();
    let x = Array2::from_shape_fn((n, d), |(i, f)| {
        // Centre c has coordinate f equal to spread * (bit f of c, or c itself for f = 0).
        let c = truth[i];
        let centre = if f == 0 {
            c as f64
        } else {
            ((c >> (f - 1)) & 1) as f64
        };
        spread * centre + rng.sample::<f64, _>(StandardNormal)
    });
    (x, truth)
}

fn uniform_data(n: usize, d: usize, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_fn((n, d), |_| rng.random::<f64>() * 10.0 - 5.0)
}

fn random_labels(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .map(|_| (rng.random::<u64>() % k as u64) as usize)
        .collect()
}

fn params(k: usize, n: usize) -> c360::core::kmeans::CheckedKMeansParams {
    KMeansParams::new(k).check(n).expect("valid parameters")
}

fn sq_dist(a: ArrayView2<f64>, i: usize, b: ArrayView2<f64>, j: usize) -> f64 {
    a.row(i)
        .iter()
        .zip(b.row(j))
        .map(|(p, q)| (p - q) * (p - q))
        .sum()
}

/// How close `silhouette_many` must come to the f64 textbook silhouette. It computes each
/// distance in f32 (summing them in f64), which on these data moves a silhouette by up to about
/// 1e-7 (1e-8 is too tight for one case); a logic error moves it by orders of magnitude more.
const SILHOUETTE_TOL: f64 = 1e-6;

/// Textbook silhouette, straight from the definition: O(n²) per labeling, no sharing.
fn naive_silhouette(x: ArrayView2<f64>, labels: &[usize]) -> f64 {
    let n = labels.len();
    let clusters: std::collections::BTreeSet<usize> = labels.iter().copied().collect();
    let mut total = 0.0;
    for i in 0..n {
        let mean_to = |c: usize, skip_self: bool| {
            let members: Vec<usize> = (0..n)
                .filter(|&j| labels[j] == c && !(skip_self && j == i))
                .collect();
            members
                .iter()
                .map(|&j| sq_dist(x, i, x, j).sqrt())
                .sum::<f64>()
                / members.len() as f64
        };
        if labels.iter().filter(|&&l| l == labels[i]).count() == 1 {
            continue;
        }
        let a = mean_to(labels[i], true);
        let b = clusters
            .iter()
            .filter(|&&c| c != labels[i])
            .map(|&c| mean_to(c, false))
            .fold(f64::INFINITY, f64::min);
        if a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / n as f64
}

/// Hubert–Arabie ARI from the contingency table with binomial coefficients (the textbook form).
fn textbook_ari(a: &[usize], b: &[usize]) -> f64 {
    let comb2 = |m: f64| m * (m - 1.0) / 2.0;
    let ka = a.iter().max().map_or(0, |m| m + 1);
    let kb = b.iter().max().map_or(0, |m| m + 1);
    let mut table = vec![vec![0.0; kb]; ka];
    for (&i, &j) in a.iter().zip(b) {
        table[i][j] += 1.0;
    }
    let index: f64 = table.iter().flatten().map(|&m| comb2(m)).sum();
    let rows: f64 = table.iter().map(|r| comb2(r.iter().sum())).sum();
    let cols: f64 = (0..kb)
        .map(|j| comb2(table.iter().map(|r| r[j]).sum()))
        .sum();
    let expected = rows * cols / comb2(a.len() as f64);
    (index - expected) / ((rows + cols) / 2.0 - expected)
}

// ---------------------------------------------------------------- k-means

#[test]
fn kmeans_recovers_well_separated_planted_blobs() {
    for (k, seed) in [(2, 1), (4, 2), (6, 3)] {
        let (x, truth) = planted_blobs(300, k, 4, 12.0, seed);
        let fit = fit(x.view(), &params(k, 300)).expect("fits");
        assert_eq!(adjusted_rand_index(&truth, &fit.labels), 1.0, "k = {k}");
        assert_eq!(fit.centroids.dim(), (k, 4));
    }
}

#[test]
fn inertia_and_labels_agree_with_brute_force() {
    let x = uniform_data(500, 5, 11);
    for k in [1, 2, 5, 9] {
        let fit = fit(x.view(), &params(k, 500)).expect("fits");
        let c = fit.centroids.view();
        let brute: f64 = (0..500)
            .map(|i| sq_dist(x.view(), i, c, fit.labels[i]))
            .sum();
        assert!(
            (fit.inertia - brute).abs() <= 1e-9 * brute,
            "k = {k}: {} vs {brute}",
            fit.inertia
        );
        for i in 0..500 {
            let nearest = (0..k)
                .map(|j| sq_dist(x.view(), i, c, j))
                .fold(f64::INFINITY, f64::min);
            assert!(
                sq_dist(x.view(), i, c, fit.labels[i]) <= nearest + 1e-12,
                "sample {i} not at its nearest centre"
            );
        }
        // Each centroid of a non-empty cluster is the mean of its samples.
        for j in 0..k {
            let members: Vec<usize> = (0..500).filter(|&i| fit.labels[i] == j).collect();
            assert!(!members.is_empty(), "k = {k}: cluster {j} is empty");
            for f in 0..5 {
                let mean = members.iter().map(|&i| x[[i, f]]).sum::<f64>() / members.len() as f64;
                assert!(
                    (c[[j, f]] - mean).abs() < 1e-9,
                    "k = {k}: centroid {j} is not a mean"
                );
            }
        }
    }
}

#[test]
fn more_restarts_never_give_higher_inertia() {
    // Restart r draws from the same seed stream whatever the count, so 10 restarts include the one.
    let x = uniform_data(400, 3, 5);
    let mut strictly_better = 0;
    for seed in 0..8 {
        let one = fit(
            x.view(),
            &KMeansParams::new(6)
                .with_restarts(1)
                .with_seed(seed)
                .check(400)
                .unwrap(),
        )
        .unwrap();
        let ten = fit(
            x.view(),
            &KMeansParams::new(6)
                .with_restarts(10)
                .with_seed(seed)
                .check(400)
                .unwrap(),
        )
        .unwrap();
        assert!(
            ten.inertia <= one.inertia,
            "seed {seed}: {} > {}",
            ten.inertia,
            one.inertia
        );
        if ten.inertia < one.inertia {
            strictly_better += 1;
        }
    }
    assert!(
        strictly_better > 0,
        "restarts never helped on uniform data: are they all the same?"
    );
}

/// The restarts of one fit run in pieces (as the browser's workers run them) and folded with
/// `RestartFit::better`, in any order, give exactly the fit of all of them at once.
#[test]
fn restart_pieces_fold_to_the_whole_fit() {
    let (x, _) = planted_blobs(600, 4, 3, 2.0, 11); // overlapping blobs: restarts disagree
    let whole = fit_all(x.view(), 6, 10, 3).unwrap();
    let piece = |r: std::ops::Range<usize>| fit_range(x.view(), 6, r, 3).unwrap();
    // Each restart alone: the whole fit is the first one of least inertia.
    let singles: Vec<RestartFit> = (0..10).map(|r| piece(r..r + 1)).collect();
    assert!(singles.iter().enumerate().all(|(r, s)| s.restart == r));
    let least = singles
        .iter()
        .map(|s| s.fit.inertia)
        .fold(f64::INFINITY, f64::min);
    let first_least = singles.iter().find(|s| s.fit.inertia == least).unwrap();
    assert_eq!(first_least.fit, whole);
    assert!(
        singles.iter().any(|s| s.fit.inertia != least),
        "every restart found the same optimum: the test data does not tell restarts apart"
    );
    for split in [
        vec![0..1, 1..10],
        vec![0..5, 5..10],
        vec![0..3, 3..4, 4..9, 9..10],
    ] {
        let pieces: Vec<RestartFit> = split.iter().cloned().map(piece).collect();
        let forward = pieces.iter().cloned().reduce(RestartFit::better).unwrap();
        let backward = pieces
            .iter()
            .rev()
            .cloned()
            .reduce(RestartFit::better)
            .unwrap();
        assert_eq!(forward.fit, whole, "{split:?}");
        assert_eq!(backward, forward, "{split:?}");
        assert_eq!(forward.restart, first_least.restart);
    }
    assert_eq!(
        fit_range(x.view(), 6, 4..4, 3),
        Err(KMeansError::ZeroRestarts)
    );
}

/// Above `FIT_SAMPLE` rows the restarts run on a seeded sample and the best is refined on every
/// row: every row then sits with its nearest centre (brute force), the reported inertia is the
/// labels' own, the fit is seeded, and the inertia stays within 0.5 %
/// of the ten restarts run on every row, on overlapping blobs and on structureless data.
#[test]
fn large_data_fits_on_a_sample_then_refines_on_every_row() {
    let n = FIT_SAMPLE + 10_000;
    let (blobs, _) = planted_blobs(n, 6, 5, 2.5, 11);
    for (what, x) in [("blobs", blobs), ("uniform", uniform_data(n, 4, 12))] {
        let data = Samples::new(x.view()).unwrap();
        let sample = fit_sample(&data, 42).expect("more rows than FIT_SAMPLE");
        assert_eq!(sample.n_samples(), FIT_SAMPLE);
        assert!(
            fit_sample(
                &Samples::new(x.slice(ndarray::s![..FIT_SAMPLE, ..])).unwrap(),
                42
            )
            .is_none()
        );
        for k in [2, 5, 8] {
            let sampled = fit_k_all(&data, Some(&sample), k, 10, 42).unwrap();
            let full = fit_k(&data, k, 0..10, 42).unwrap().fit;
            assert!(
                sampled.inertia <= full.inertia * 1.005,
                "{what} K={k}: sampled {} against every row {}",
                sampled.inertia,
                full.inertia
            );
            let c = sampled.centroids.view();
            let mut total = 0.0;
            for i in 0..n {
                let own = sq_dist(x.view(), i, c, sampled.labels[i]);
                let best = (0..k)
                    .map(|j| sq_dist(x.view(), i, c, j))
                    .fold(f64::INFINITY, f64::min);
                assert!(
                    own <= best * (1.0 + 1e-12) + 1e-12,
                    "{what} K={k}: row {i} not with its nearest centre"
                );
                total += own;
            }
            assert!(
                (total - sampled.inertia).abs() <= 1e-9 * total,
                "{what} K={k}: inertia"
            );
            assert_eq!(
                sampled,
                fit_k_all(&data, Some(&sample), k, 10, 42).unwrap(),
                "seeded"
            );
        }
    }
}

/// On ties (every restart of identical rows has inertia 0) the earlier restart wins, whichever
/// side of `better` it is on.
#[test]
fn restart_ties_keep_the_earlier_restart() {
    let x = Array2::from_elem((20, 2), 1.5);
    let a = fit_range(x.view(), 2, 0..2, 9).unwrap();
    let b = fit_range(x.view(), 2, 2..5, 9).unwrap();
    assert_eq!((a.fit.inertia, b.fit.inertia), (0.0, 0.0));
    assert_eq!((a.restart, b.restart), (0, 2));
    assert_eq!(a.clone().better(b.clone()).restart, 0);
    assert_eq!(b.better(a).restart, 0);
}

#[test]
fn same_seed_is_identical_and_other_seeds_differ() {
    let x = uniform_data(300, 4, 8);
    let run = |seed| {
        fit(
            x.view(),
            &KMeansParams::new(5)
                .with_restarts(1)
                .with_seed(seed)
                .check(300)
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(run(7), run(7));
    let fits: Vec<KMeansFit> = (0..6).map(run).collect();
    assert!(
        fits.iter().any(|f| f.centroids != fits[0].centroids),
        "every seed gave the same fit"
    );
}

#[test]
fn k_equal_to_n_puts_every_sample_alone() {
    let x = uniform_data(7, 3, 1);
    let fit = fit(x.view(), &params(7, 7)).expect("fits");
    assert_eq!(fit.inertia, 0.0);
    let mut labels = fit.labels.clone();
    labels.sort_unstable();
    assert_eq!(labels, (0..7).collect::<Vec<_>>());
}

#[test]
fn k_above_n_is_an_error() {
    assert_eq!(
        KMeansParams::new(8).check(7),
        Err(KMeansError::TooFewSamples { k: 8, n: 7 })
    );
    // Parameters checked for a larger dataset are re-checked against the data.
    let x = uniform_data(5, 2, 1);
    assert_eq!(
        fit(x.view(), &params(6, 10)),
        Err(KMeansError::TooFewSamples { k: 6, n: 5 })
    );
    assert_eq!(
        fit_all(x.view(), 6, 1, 0),
        Err(KMeansError::TooFewSamples { k: 6, n: 5 })
    );
}

#[test]
fn identical_rows_do_not_panic_or_loop() {
    let x = Array2::from_shape_fn((20, 3), |(_, f)| f as f64 + 0.5);
    for k in [1, 3, 20] {
        let fit = fit(x.view(), &params(k, 20)).expect("fits");
        assert_eq!(fit.inertia, 0.0);
        assert!(fit.labels.iter().all(|&l| l < k));
        assert!(
            fit.n_iter <= 3,
            "k = {k}: {} iterations on one point",
            fit.n_iter
        );
        for c in fit.centroids.rows() {
            assert_eq!(c.to_vec(), vec![0.5, 1.5, 2.5]);
        }
    }
}

#[test]
fn fewer_distinct_points_than_k() {
    // 3 distinct points, each repeated 4 times, K = 5.
    let base = [[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]];
    let x = Array2::from_shape_fn((12, 2), |(i, f)| base[i % 3][f]);
    let fit = fit(x.view(), &params(5, 12)).expect("fits");
    assert_eq!(fit.inertia, 0.0);
    assert_eq!(
        adjusted_rand_index(&fit.labels, &(0..12).map(|i| i % 3).collect::<Vec<_>>()),
        1.0
    );
}

#[test]
fn a_constant_column_changes_nothing() {
    let (x, truth) = planted_blobs(200, 3, 3, 12.0, 4);
    let with_const = Array2::from_shape_fn((200, 4), |(i, f)| if f == 3 { 5.0 } else { x[[i, f]] });
    let fit = fit(with_const.view(), &params(3, 200)).expect("fits");
    assert_eq!(adjusted_rand_index(&truth, &fit.labels), 1.0);
    for c in fit.centroids.rows() {
        assert!((c[3] - 5.0).abs() < 1e-12);
    }
}

#[test]
fn non_finite_values_are_located() {
    let mut x = uniform_data(6, 3, 1);
    x[[3, 1]] = f64::NAN;
    x[[4, 0]] = f64::INFINITY;
    assert_eq!(
        fit(x.view(), &params(2, 6)),
        Err(KMeansError::NonFinite { row: 3, col: 1 })
    );
    x[[3, 1]] = 0.0;
    assert_eq!(
        fit(x.view(), &params(2, 6)),
        Err(KMeansError::NonFinite { row: 4, col: 0 })
    );
    x[[4, 0]] = f64::NEG_INFINITY;
    assert_eq!(
        select(x.view(), 2..=3, 1, 0),
        Err(KMeansError::NonFinite { row: 4, col: 0 })
    );
    assert_eq!(
        Samples::new(x.view()).err(),
        Some(KMeansError::NonFinite { row: 4, col: 0 })
    );
}

/// The data laid out once ([`Samples`]) and shared by every K and restart range gives each K
/// exactly the fit it gets alone, whatever was fitted on it before.
#[test]
fn samples_shared_across_ks_give_each_k_its_own_fit() {
    let (x, _) = planted_blobs(500, 5, 4, 2.0, 21);
    let data = Samples::new(x.view()).unwrap();
    assert_eq!(data.n_samples(), 500);
    for k in [8, 2, 5, 3] {
        assert_eq!(
            fit_k(&data, k, 0..4, 6).unwrap().fit,
            fit_all(x.view(), k, 4, 6).unwrap(),
            "K = {k}"
        );
        assert_eq!(
            fit_k(&data, k, 1..3, 6).unwrap(),
            fit_range(x.view(), k, 1..3, 6).unwrap(),
            "K = {k}, restarts 1..3"
        );
    }
    // Parameters checked for more samples than the data has are refused, not run.
    let small = Samples::new(x.slice(ndarray::s![..3, ..])).unwrap();
    assert_eq!(
        fit_restarts(&small, &params(4, 500), 0..1),
        Err(KMeansError::TooFewSamples { k: 4, n: 3 })
    );
    assert_eq!(
        fit_k(&small, 4, 0..1, 0),
        Err(KMeansError::TooFewSamples { k: 4, n: 3 })
    );
}

#[test]
fn one_row_and_k_one() {
    let x = array![[1.0, -2.0, 3.5]];
    let fit1 = fit(x.view(), &params(1, 1)).expect("fits");
    assert_eq!((fit1.labels, fit1.inertia), (vec![0], 0.0));
    assert_eq!(fit1.centroids, x);
    assert_eq!(
        fit(x.view(), &params(2, 5)),
        Err(KMeansError::TooFewSamples { k: 2, n: 1 })
    );

    // K = 1: the centroid is the mean and the inertia the total sum of squares.
    let y = uniform_data(50, 2, 3);
    let f = fit(y.view(), &params(1, 50)).expect("fits");
    let mean = y.mean_axis(ndarray::Axis(0)).unwrap();
    let tss: f64 = y
        .rows()
        .into_iter()
        .map(|r| (&r - &mean).mapv(|v| v * v).sum())
        .sum();
    assert!(
        (f.centroids.row(0).to_owned() - &mean)
            .iter()
            .all(|v| v.abs() < 1e-12)
    );
    assert!((f.inertia - tss).abs() < 1e-9 * tss);
}

#[test]
fn empty_data_is_an_error() {
    let x = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        KMeansParams::new(1).check(0),
        Err(KMeansError::TooFewSamples { k: 1, n: 0 })
    );
    assert_eq!(
        select(x.view(), 2..=4, 1, 0),
        Err(KMeansError::TooFewSamples { k: 2, n: 0 })
    );
}

// ---------------------------------------------------------------- silhouette

#[test]
fn silhouette_matches_naive_reference_on_many_labelings() {
    // Sizes straddle the 8-lane and 32-row tiles of the shared kernel.
    for (n, d, seed) in [(3, 2, 1), (9, 1, 2), (33, 3, 3), (75, 4, 4), (130, 2, 5)] {
        let x = uniform_data(n, d, seed);
        let mut labels: Vec<(Vec<usize>, usize)> = (2..=5)
            .map(|k| (random_labels(n, k, seed * 10 + k as u64), k))
            .collect();
        // Singletons: cluster 3 holds only sample 0, cluster 4 only the last sample.
        let mut singles = random_labels(n, 3, seed);
        singles[0] = 3;
        singles[n - 1] = 4;
        labels.push((singles, 5));
        // An empty cluster (label 2 of 0..4 never used) is ignored, as in scikit-learn.
        labels.push(((0..n).map(|i| [0, 1, 3][i % 3]).collect(), 4));
        let labelings: Vec<(&[usize], usize)> =
            labels.iter().map(|(l, k)| (l.as_slice(), *k)).collect();
        let scores = silhouette_many(x.view(), &labelings);
        for ((l, k), s) in labels.iter().zip(&scores) {
            let used = l.iter().collect::<std::collections::BTreeSet<_>>().len();
            let expected = if used >= 2 && used < n {
                naive_silhouette(x.view(), l)
            } else {
                0.0
            };
            assert!(
                (s - expected).abs() < SILHOUETTE_TOL,
                "n = {n}, k = {k}: {s} vs {expected}"
            );
        }
    }
}

#[test]
fn silhouette_of_one_labeling_equals_its_share_of_many() {
    let x = uniform_data(100, 3, 9);
    let a = random_labels(100, 3, 1);
    let b = random_labels(100, 6, 2);
    let together = silhouette_many(x.view(), &[(&a, 3), (&b, 6)]);
    // Equal up to rounding: together, the sums may go through the shared label combinations.
    assert!((together[0] - silhouette_many(x.view(), &[(&a, 3)])[0]).abs() < 1e-12);
    assert!((together[1] - silhouette_many(x.view(), &[(&b, 6)])[0]).abs() < 1e-12);
}

#[test]
fn silhouette_is_high_on_separated_blobs() {
    let (x, truth) = planted_blobs(120, 3, 2, 30.0, 6);
    let s = silhouette_many(x.view(), &[(&truth, 3)])[0];
    assert!(s > 0.9, "silhouette {s}");
    assert!((s - naive_silhouette(x.view(), &truth)).abs() < SILHOUETTE_TOL);
}

#[test]
fn silhouette_degenerate_cases_are_zero() {
    let x = uniform_data(5, 2, 1);
    let one: Vec<usize> = vec![0; 5];
    let all_alone: Vec<usize> = (0..5).collect();
    assert_eq!(
        silhouette_many(x.view(), &[(&one, 1), (&all_alone, 5)]),
        vec![0.0, 0.0]
    );
    assert!(silhouette_many(x.view(), &[]).is_empty());
}

// ---------------------------------------------------------------- selection

#[test]
fn select_k_finds_the_planted_k() {
    for (k, seed) in [(3, 1), (4, 2), (5, 3)] {
        let (x, truth) = planted_blobs(240, k, 4, 10.0, seed);
        let sel = select(x.view(), 2..=7, 5, 42).expect("selects");
        assert_eq!(sel.best_k, k);
        assert_eq!(
            sel.scores.iter().map(|s| s.k).collect::<Vec<_>>(),
            (2..=7).collect::<Vec<_>>()
        );
        assert_eq!(sel.silhouette_sample, None);
        assert_eq!(
            adjusted_rand_index(&truth, &sel.fit_for(k).unwrap().labels),
            1.0
        );
        for (s, f) in sel.scores.iter().zip(&sel.fits) {
            assert_eq!(s.inertia, f.inertia);
            let naive = naive_silhouette(x.view(), &f.labels);
            assert!((s.silhouette - naive).abs() < SILHOUETTE_TOL, "K = {}", s.k);
        }
    }
}

#[test]
fn each_k_is_reproducible_alone() {
    let (x, _) = planted_blobs(150, 3, 3, 4.0, 9);
    let sel = select(x.view(), 2..=5, 3, 17).expect("selects");
    for k in 2..=5 {
        assert_eq!(sel.fit_for(k), Some(&fit_all(x.view(), k, 3, 17).unwrap()));
    }
    assert_eq!(sel, select(x.view(), 2..=5, 3, 17).unwrap());
    assert!(sel.fit_for(6).is_none());
}

#[test]
fn large_data_scores_a_seeded_sample() {
    let n = SILHOUETTE_SAMPLE + 500;
    let (x, _) = planted_blobs(n, 3, 2, 3.0, 12);
    let fits: Vec<KMeansFit> = (2..=3)
        .map(|k| fit_all(x.view(), k, 1, 5).unwrap())
        .collect();
    let sel = score_fits(x.view(), fits.clone(), 5);
    assert_eq!(sel.silhouette_sample, Some(SILHOUETTE_SAMPLE));
    assert_eq!(sel, score_fits(x.view(), fits.clone(), 5));
    // A 10,000-of-10,500 sample estimates the exact silhouette closely.
    let labelings: Vec<(&[usize], usize)> = fits
        .iter()
        .map(|f| (f.labels.as_slice(), f.centroids.nrows()))
        .collect();
    let exact = silhouette_many(x.view(), &labelings);
    for (s, e) in sel.scores.iter().zip(&exact) {
        assert!(
            (s.silhouette - e).abs() < 0.01,
            "K = {}: sample {} vs exact {e}",
            s.k,
            s.silhouette
        );
        assert!(
            s.silhouette != *e,
            "K = {}: the sample gave the exact value",
            s.k
        );
    }
}

// ---------------------------------------------------------------- PCA

#[test]
fn pca_recovers_an_exact_plane() {
    // x_i = a_i u + b_i v + offset with a = 3 cos θ, b = sin θ over a full turn: variances 9/2 and
    // 1/2, uncorrelated, so the shares are exactly 0.9 and 0.1 and the points are (a_i, b_i).
    let u = [1.0, 3.0, -2.0, 0.0].map(|c: f64| c / 14f64.sqrt());
    let v = [3.0, -1.0, 0.0, 1.0].map(|c: f64| c / 11f64.sqrt());
    let n = 360;
    let theta = |i: usize| 2.0 * std::f64::consts::PI * i as f64 / n as f64;
    let x = Array2::from_shape_fn((n, 4), |(i, f)| {
        3.0 * theta(i).cos() * u[f] + theta(i).sin() * v[f] + [10.0, -4.0, 0.5, 2.0][f]
    });
    let p = project_2d(x.view());
    assert!(
        (p.explained[0] - 0.9).abs() < 1e-10 && (p.explained[1] - 0.1).abs() < 1e-10,
        "{:?}",
        p.explained
    );
    for i in 0..n {
        // Signs: u's largest loading (3) and v's (3) are positive, so no flip.
        assert!((p.points[[i, 0]] - 3.0 * theta(i).cos()).abs() < 1e-10);
        assert!((p.points[[i, 1]] - theta(i).sin()).abs() < 1e-10);
    }
}

#[test]
fn pca_finds_a_noisy_direction() {
    let mut rng = StdRng::seed_from_u64(21);
    let u = [2.0, -1.0, 0.5, 4.0, 1.0].map(|c: f64| c / 22.25f64.sqrt());
    let n = 2_000;
    let x = Array2::from_shape_fn((n, 5), |_| 0.0);
    let mut x = x;
    for i in 0..n {
        let t = 5.0 * rng.sample::<f64, _>(StandardNormal);
        for f in 0..5 {
            x[[i, f]] = t * u[f] + 0.1 * rng.sample::<f64, _>(StandardNormal);
        }
    }
    let p = project_2d(x.view());
    // Recover the first component as the regression of the centred data on the scores.
    let xc = &x - &x.mean_axis(ndarray::Axis(0)).unwrap();
    let scores = p.points.column(0);
    let comp: Vec<f64> = (0..5).map(|f| xc.column(f).dot(&scores)).collect();
    let norm = comp.iter().map(|c| c * c).sum::<f64>().sqrt();
    let cos: f64 = comp.iter().zip(&u).map(|(c, w)| c * w).sum::<f64>() / norm;
    assert!(
        cos > 0.999,
        "cos = {cos} (largest loading 4.0 must come out positive)"
    );
    // Variance 25 along u plus 0.01 in each of 5 directions: share ≈ 25.01 / 25.05.
    assert!(
        (p.explained[0] - 25.01 / 25.05).abs() < 2e-3,
        "{:?}",
        p.explained
    );
    assert!(p.explained[1] > 0.0 && p.explained[1] < 2e-3);
}

#[test]
fn pca_handles_degenerate_data() {
    let constant = Array2::from_elem((10, 3), 4.0);
    let p = project_2d(constant.view());
    assert_eq!(
        (p.points, p.explained),
        (Array2::<f64>::zeros((10, 2)), [0.0, 0.0])
    );
    let one = project_2d(array![[1.0, 2.0, 3.0]].view());
    assert_eq!(
        (one.points, one.explained),
        (Array2::<f64>::zeros((1, 2)), [0.0, 0.0])
    );
    let empty = project_2d(Array2::<f64>::zeros((0, 3)).view());
    assert_eq!(empty.points.dim(), (0, 2));
    // A constant column among varying ones contributes no variance.
    let x = Array2::from_shape_fn(
        (50, 3),
        |(i, f)| if f == 1 { 7.0 } else { (i * (f + 1)) as f64 },
    );
    let p = project_2d(x.view());
    assert!((p.explained[0] + p.explained[1] - 1.0).abs() < 1e-12);
}

// ---------------------------------------------------------------- ARI

#[test]
fn ari_known_values() {
    // scikit-learn's documented examples.
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 0.5714285714285715).abs() < 1e-12);
    assert!((adjusted_rand_index(&[0, 0, 1, 2], &[0, 0, 1, 1]) - 0.5714285714285715).abs() < 1e-12);
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
    assert_eq!(adjusted_rand_index(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0);
    // Label names do not matter.
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1, 2], &[5, 5, 3, 3, 9]), 1.0);
}

#[test]
fn ari_matches_textbook_formula() {
    for seed in 0..5 {
        let a = random_labels(60, 3, seed);
        let mut b = a.clone();
        for i in (0..60).step_by(4) {
            b[i] = (b[i] + 1) % 4;
        }
        let ours = adjusted_rand_index(&a, &b);
        assert!((ours - textbook_ari(&a, &b)).abs() < 1e-12, "seed {seed}");
        assert!(ours > 0.3 && ours < 1.0);
    }
}

#[test]
fn ari_of_independent_labelings_is_near_zero() {
    let a = random_labels(5_000, 4, 1);
    let b = random_labels(5_000, 4, 2);
    assert!(adjusted_rand_index(&a, &b).abs() < 0.01);
    assert_eq!(adjusted_rand_index(&[7], &[7]), 1.0);
    assert_eq!(adjusted_rand_index(&[2, 2, 2], &[1, 1, 1]), 1.0);
}

/// The projection in pieces (as the browser's run computes it) is the projection in one go, bit
/// for bit, however it is cut; its progress only moves forward; an unfinished one cannot be read.
#[test]
fn the_projection_in_pieces_is_the_projection_in_one_go() {
    use c360::core::pca::Projecting;
    let x = uniform_data(1_003, 12, 41);
    let whole = project_2d(x.view());
    assert!(whole.explained[0] > 0.0 && whole.explained[1] > 0.0);
    for rows in [1, 7, 250, 1_003, 5_000] {
        let mut p = Projecting::new(x.view());
        let mut last = p.progress();
        assert_eq!(last, (0, 3 * 1_003));
        let mut steps = 0;
        while !p.step(x.view(), rows) {
            let now = p.progress();
            assert!(now.0 > last.0 && now.1 == last.1, "{last:?} → {now:?}");
            last = now;
            steps += 1;
        }
        assert_eq!(
            steps + 1,
            3 * 1_003usize.div_ceil(rows),
            "{rows} rows a step"
        );
        assert_eq!(p.progress(), (3 * 1_003, 3 * 1_003));
        assert_eq!(p.finish(), whole, "{rows} rows a step");
    }
    let unfinished = std::panic::catch_unwind(|| {
        let mut p = Projecting::new(x.view());
        p.step(x.view(), 10);
        p.finish()
    });
    assert!(unfinished.is_err());
}

/// The data laid out from an owned array (a fit worker's, its memory kept as the row-major copy)
/// fit exactly as laid out from a view: row-major, column-major, no columns; a NaN is refused
/// at the same place.
#[test]
fn samples_from_an_owned_array_fit_as_from_a_view() {
    use ndarray::ShapeBuilder;
    let mut rng = StdRng::seed_from_u64(5);
    let values: Vec<f64> = (0..900 * 5)
        .map(|_| rng.sample::<f64, _>(StandardNormal))
        .collect();
    let rows = Array2::from_shape_vec((900, 5), values.clone()).unwrap();
    let cols = Array2::from_shape_vec((900, 5).f(), values).unwrap();
    assert!(!cols.is_standard_layout());
    // Rows sliced off an owned array in place: its memory holds more than its values.
    let mut middle = rows.clone();
    middle.slice_collapse(ndarray::s![100..700, ..]);
    let mut head = rows.clone();
    head.slice_collapse(ndarray::s![..450, ..]);
    assert!(middle.is_standard_layout() && head.is_standard_layout());
    for x in [rows, cols, middle, head, Array2::zeros((40, 0))] {
        let from_view = fit_k(&Samples::new(x.view()).unwrap(), 4, 0..3, 11).unwrap();
        let owned = Samples::from_array(x.clone()).unwrap();
        assert_eq!(owned.n_samples(), x.nrows());
        assert_eq!(fit_k(&owned, 4, 0..3, 11).unwrap(), from_view);
    }
    let mut bad = Array2::from_elem((6, 3), 1.0);
    bad[[4, 2]] = f64::NAN;
    assert_eq!(
        Samples::from_array(bad.clone()).unwrap_err(),
        Samples::new(bad.view()).unwrap_err()
    );
    assert_eq!(
        Samples::from_array(bad).unwrap_err(),
        KMeansError::NonFinite { row: 4, col: 2 }
    );
}

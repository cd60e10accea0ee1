//! Numeric core benchmarks: k-means fits, the shared silhouette, and the whole K selection.
//!
//! Data: overlapping Gaussian blobs in 12 dimensions (weak structure, like scaled customer
//! features), from a seeded `StdRng`; the `widths` group also fits 5 and 20 (a width the distance
//! kernel does not specialise). Run with `cargo bench --bench numeric -- --quick`.

use std::hint::black_box;
use std::time::Duration;

use c360::core::kmeans::{KMeansFit, Samples};
use c360::core::selection::{ModelSelection, fit_k, score_fits};
use c360::core::silhouette::silhouette_many;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ndarray::Array2;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

const N_FEATURES: usize = 12;

/// Every restart of K `k` on `x`, laid out afresh each time (as one K of a run).
fn fit_one_k(x: ndarray::ArrayView2<f64>, k: usize, restarts: usize, seed: u64) -> KMeansFit {
    let data = Samples::new(x).expect("finite");
    fit_k(&data, k, 0..restarts, seed).expect("fits").fit
}

/// K = 2…8 fitted on data laid out once, then scored (the pipeline's heavy stages).
fn select_ks(x: ndarray::ArrayView2<f64>, restarts: usize, seed: u64) -> ModelSelection {
    let data = Samples::new(x).expect("finite");
    let fits = (2..=8)
        .map(|k| fit_k(&data, k, 0..restarts, seed).expect("fits").fit)
        .collect();
    score_fits(x, fits, seed)
}

/// `n` rows around 5 centres drawn from N(0, 1.5²); each point adds N(0, 1) noise. `(n, 12)`
fn make_blobs(n: usize, seed: u64) -> Array2<f64> {
    make_blobs_of_width(n, N_FEATURES, seed)
}

/// [`make_blobs`] with `d` features.
fn make_blobs_of_width(n: usize, d: usize, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let centres: Vec<f64> = (0..5 * d)
        .map(|_| 1.5 * rng.sample::<f64, _>(StandardNormal))
        .collect();
    let mut x = Array2::zeros((n, d));
    for i in 0..n {
        let c = (rng.random::<u64>() % 5) as usize;
        for f in 0..d {
            x[[i, f]] = centres[c * d + f] + rng.sample::<f64, _>(StandardNormal);
        }
    }
    x
}

fn bench_fit_k(c: &mut Criterion) {
    let mut group = c.benchmark_group("fit_k_10_restarts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for n in [3_000, 10_000] {
        let x = make_blobs(n, 1);
        for k in [3, 8] {
            group.bench_with_input(BenchmarkId::new(format!("k={k}"), n), &x, |b, x| {
                b.iter(|| fit_one_k(black_box(x.view()), k, 10, 42))
            });
        }
    }
    group.finish();
}

fn bench_silhouette(c: &mut Criterion) {
    let mut group = c.benchmark_group("silhouette_many_7_labelings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for n in [3_000, 10_000] {
        let x = make_blobs(n, 2);
        // The app's case: K-Means labelings for K = 2..=8 (few distinct label combinations).
        let fits: Vec<(Vec<usize>, usize)> = (2..=8)
            .map(|k| (fit_one_k(x.view(), k, 1, 42).labels, k))
            .collect();
        // Worst case: independent random labelings (every sample its own combination).
        let mut rng = StdRng::seed_from_u64(3);
        let random: Vec<(Vec<usize>, usize)> = (2..=8u64)
            .map(|k| {
                (
                    (0..n).map(|_| (rng.random::<u64>() % k) as usize).collect(),
                    k as usize,
                )
            })
            .collect();
        for (name, labels) in [("kmeans", &fits), ("random", &random)] {
            let labelings: Vec<(&[usize], usize)> =
                labels.iter().map(|(l, k)| (l.as_slice(), *k)).collect();
            group.bench_with_input(BenchmarkId::new(name, n), &x, |b, x| {
                b.iter(|| silhouette_many(black_box(x.view()), &labelings))
            });
        }
    }
    group.finish();
}

fn bench_select_k(c: &mut Criterion) {
    let mut group = c.benchmark_group("select_k_2_to_8_10_restarts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(6));
    let x = make_blobs(3_000, 4);
    group.bench_function("3000", |b| {
        b.iter(|| select_ks(black_box(x.view()), 10, 42))
    });
    group.finish();
}

/// The distance kernel at three widths: 12 (the app's), 5 (specialised too) and 20 (run-time
/// loop): one K's fit and the silhouette of K = 2…8, at 3,000 samples.
fn bench_widths(c: &mut Criterion) {
    let mut group = c.benchmark_group("widths");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for d in [5, 12, 20] {
        let x = make_blobs_of_width(3_000, d, 5);
        group.bench_with_input(BenchmarkId::new("fit_k=5", d), &x, |b, x| {
            b.iter(|| fit_one_k(black_box(x.view()), 5, 10, 42))
        });
        let fits: Vec<(Vec<usize>, usize)> = (2..=8)
            .map(|k| (fit_one_k(x.view(), k, 1, 42).labels, k))
            .collect();
        let labelings: Vec<(&[usize], usize)> =
            fits.iter().map(|(l, k)| (l.as_slice(), *k)).collect();
        group.bench_with_input(BenchmarkId::new("silhouette", d), &x, |b, x| {
            b.iter(|| silhouette_many(black_box(x.view()), &labelings))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_fit_k,
    bench_silhouette,
    bench_select_k,
    bench_widths
);
criterion_main!(benches);

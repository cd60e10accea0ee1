//! Small, portable draws on top of `StdRng` (identical natively and in wasm32).

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Normal};

/// The generator every synthesis uses.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// Integer uniform in `[lo, hi)`, as f64.
pub fn int_in(rng: &mut StdRng, lo: i64, hi: i64) -> f64 {
    rng.random_range(lo..hi) as f64
}

/// Uniform in `[lo, hi)`.
pub fn uniform(rng: &mut StdRng, lo: f64, hi: f64) -> f64 {
    lo + rng.random::<f64>() * (hi - lo)
}

/// True with probability `p`.
pub fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// One of `items`, uniformly.
pub fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len() as u32) as usize]
}

/// One of `items`, with the given probabilities (summing to 1).
pub fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[T], probs: &[f64]) -> T {
    let u = rng.random::<f64>();
    let mut acc = 0.0;
    for (item, p) in items.iter().zip(probs) {
        acc += p;
        if u < acc {
            return *item;
        }
    }
    items[items.len() - 1]
}

/// Normal(mean, sd).
pub fn normal(rng: &mut StdRng, mean: f64, sd: f64) -> f64 {
    Normal::new(mean, sd).expect("finite sd").sample(rng)
}

/// Log-normal with the given median and log-scale sd.
pub fn lognormal(rng: &mut StdRng, median: f64, sigma: f64) -> f64 {
    median * normal(rng, 0.0, sigma).exp()
}

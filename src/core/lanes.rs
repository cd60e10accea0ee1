//! The distance kernel that k-means and the silhouette share.
//!
//! Samples are stored "by lanes": runs of [`LANES`] samples, feature by feature, so that the
//! squared Euclidean distances from one point to a whole run are computed together, one running
//! sum per lane ([`run_sq_dists`]). Each lane adds the squared differences feature by feature, in
//! order, exactly as the scalar [`sq_dist`] does: a distance is the same number whichever kernel
//! computes it (k-means relies on that to re-decide near ties in `f64`).
//!
//! The kernels are specialised on the number of features, the *width*: for every width from 1 to
//! 16 ([`with_width!`] lists them) the compiler knows the length of the feature loop and unrolls
//! it (the app's model has 12 features; tests and a bank's own features have others); wider data
//! runs the same loop with a run-time length. A caller picks the width once per kernel call, with
//! [`with_width!`]; each width's kernel is a small function of its own.
//! docs/PERFORMANCE.md has the measurements (width-specialised against run-time loops, and the
//! cost in WebAssembly size).

use std::ops::{Add, Mul, Sub};

/// Samples per run: the kernel computes this many distances at once (8 `f32` lanes fill two
/// 128-bit vectors in WebAssembly, 8 `f64` lanes four).
pub(crate) const LANES: usize = 8;

/// A number of features, known to the compiler ([`Fixed`]) or only at run time ([`Dynamic`]).
pub(crate) trait Width: Copy {
    /// The number of features.
    fn get(self) -> usize;
}

/// A width known to the compiler.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fixed<const W: usize>;

impl<const W: usize> Width for Fixed<W> {
    #[inline(always)]
    fn get(self) -> usize {
        W
    }
}

/// A width known only at run time (more than 16 features, or none).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dynamic(pub(crate) usize);

impl Width for Dynamic {
    #[inline(always)]
    fn get(self) -> usize {
        self.0
    }
}

/// Runs `$body` with `$w` bound to the [`Width`] of `$d` features: a [`Fixed`] width for 1 to
/// 16, [`Dynamic`] otherwise. The body is compiled once per width: call it around a kernel that
/// makes a pass over many samples (a distance pass, the assignment, a silhouette tile), not
/// once per sample.
macro_rules! with_width {
    ($d:expr, |$w:ident| $body:expr) => {
        $crate::core::lanes::with_width!(@arms $d, $w, $body, [1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16])
    };
    (@arms $d:expr, $w:ident, $body:expr, [$($n:literal)*]) => {
        match $d {
            $($n => {
                let $w = $crate::core::lanes::Fixed::<$n>;
                $body
            })*
            other => {
                let $w = $crate::core::lanes::Dynamic(other);
                $body
            }
        }
    };
}
pub(crate) use with_width;

/// The float types the kernels run on: `f64` for k-means, `f32` for its screening pass and the
/// silhouette.
pub(crate) trait Lane:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self>
{
    /// Zero.
    const ZERO: Self;
}

impl Lane for f64 {
    const ZERO: f64 = 0.0;
}

impl Lane for f32 {
    const ZERO: f32 = 0.0;
}

/// `data` (`(n, d)` row-major) by runs of [`LANES`] samples, feature by feature:
/// `(n_pad / LANES, d, LANES)` with `n_pad` = `n` rounded up to [`LANES`], zero padded.
pub(crate) fn to_lanes<T: Lane>(data: &[T], n: usize, d: usize) -> Vec<T> {
    to_lanes_as(data, n, d, |v| v)
}

/// [`to_lanes`] of every value converted by `conv` (`f64` data laid out as `f32` lanes without
/// an `f32` copy of the data first).
pub(crate) fn to_lanes_as<S: Copy, T: Lane>(
    data: &[S],
    n: usize,
    d: usize,
    conv: impl Fn(S) -> T,
) -> Vec<T> {
    let n_pad = n.next_multiple_of(LANES);
    let mut lanes = vec![T::ZERO; n_pad * d];
    if d == 0 {
        return lanes;
    }
    for (run, rows) in lanes
        .chunks_exact_mut(LANES * d)
        .zip(data[..n * d].chunks(LANES * d))
    {
        for (l, row) in rows.chunks_exact(d).enumerate() {
            for (f, &v) in row.iter().enumerate() {
                run[f * LANES + l] = conv(v);
            }
        }
    }
    lanes
}

/// Squared distances from `point` (`(d,)`) to the [`LANES`] samples of `run` (`(d, LANES)`), one
/// running sum per lane, feature by feature (bit for bit those of [`sq_dist`]). One accumulator
/// per lane rather than several partial sums keeps few vector registers live.
#[inline(always)]
pub(crate) fn run_sq_dists<T: Lane, W: Width>(w: W, point: &[T], run: &[[T; LANES]]) -> [T; LANES] {
    let (point, run) = (&point[..w.get()], &run[..w.get()]);
    let mut acc = [T::ZERO; LANES];
    for (&p, col) in point.iter().zip(run) {
        for l in 0..LANES {
            let diff = col[l] - p;
            acc[l] = acc[l] + diff * diff;
        }
    }
    acc
}

/// Squared distances from `point` to consecutive samples of `lanes` (a layout of
/// [`to_lanes`], starting at a run boundary), into `out`, whose length is a multiple of
/// [`LANES`]: entry `i` is the distance to sample `i` of `lanes` (padding gives junk).
///
/// Out of line, one small function per width: a browser optimises a hot function only for its
/// later calls and compiles one function at a time, so a caller that inlined all sixteen widths
/// would wait longer for its optimised code (docs/PERFORMANCE.md).
#[inline(never)]
pub(crate) fn sq_dists<T: Lane, W: Width>(w: W, point: &[T], lanes: &[T], out: &mut [T]) {
    let runs = lanes.as_chunks::<LANES>().0; // (runs · d, LANES)
    for (out, run) in out
        .chunks_exact_mut(LANES)
        .zip(runs.chunks_exact(w.get().max(1)))
    {
        out.copy_from_slice(&run_sq_dists(w, point, run));
    }
}

/// Squared Euclidean distance of two points: the squared differences added feature by feature,
/// in order (the rare paths of k-means use it; the run kernels give the same numbers).
pub(crate) fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = 0.0;
    for (x, y) in a.iter().zip(b) {
        let diff = x - y;
        acc += diff * diff;
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that make rounding visible: the order of the additions changes the low bits.
    fn values(len: usize, salt: u64) -> Vec<f64> {
        (0..len as u64)
            .map(|i| {
                let x = (i * 2_654_435_761 + salt * 40_503) % 10_007;
                x as f64 / 977.0 - 5.0 + 1e-7 * i as f64
            })
            .collect()
    }

    /// The distance as a reader writes it, feature by feature in order.
    fn textbook(a: &[f64], b: &[f64]) -> f64 {
        let mut acc = 0.0;
        for f in 0..a.len() {
            acc += (a[f] - b[f]) * (a[f] - b[f]);
        }
        acc
    }

    #[test]
    fn every_width_gives_the_textbook_distance_bit_for_bit() {
        // Every specialised width (1 to 16), the first run-time ones, and a sample count that
        // leaves a partial run.
        for d in 1..=19 {
            let n = 2 * LANES + 3;
            let data = values(n * d, d as u64);
            let point = values(d, 1000 + d as u64);
            let lanes = to_lanes(&data, n, d);
            let mut out = vec![f64::NAN; n.next_multiple_of(LANES)];
            with_width!(d, |w| sq_dists(w, &point, &lanes, &mut out));
            for (i, row) in data.chunks_exact(d).enumerate() {
                let expected = textbook(row, &point);
                assert_eq!(out[i].to_bits(), expected.to_bits(), "d {d}, sample {i}");
                let scalar = sq_dist(row, &point);
                assert_eq!(scalar.to_bits(), expected.to_bits(), "d {d}, sample {i}");
            }
            // The padding of the last run is zero: its distance is the point's squared norm.
            let padded = out[n];
            assert_eq!(padded.to_bits(), textbook(&vec![0.0; d], &point).to_bits());
        }
    }

    #[test]
    fn f32_lanes_match_f32_textbook() {
        let d = 12;
        let n = 11;
        let data: Vec<f32> = values(n * d, 3).iter().map(|&v| v as f32).collect();
        let point: Vec<f32> = values(d, 4).iter().map(|&v| v as f32).collect();
        let lanes = to_lanes(&data, n, d);
        let mut out = vec![f32::NAN; 16];
        with_width!(d, |w| sq_dists(w, &point, &lanes, &mut out));
        for (i, row) in data.chunks_exact(d).enumerate() {
            let mut acc = 0.0f32;
            for f in 0..d {
                acc += (row[f] - point[f]) * (row[f] - point[f]);
            }
            assert_eq!(out[i].to_bits(), acc.to_bits(), "sample {i}");
        }
    }

    #[test]
    fn layout_puts_feature_f_of_sample_i_in_its_lane() {
        let (n, d) = (10, 3);
        let data: Vec<f64> = (0..n * d).map(|v| v as f64).collect();
        let lanes = to_lanes(&data, n, d);
        assert_eq!(lanes.len(), 16 * d);
        for i in 0..n {
            for f in 0..d {
                assert_eq!(
                    lanes[(i / LANES * d + f) * LANES + i % LANES],
                    data[i * d + f]
                );
            }
        }
        for i in n..16 {
            for f in 0..d {
                assert_eq!(
                    lanes[(i / LANES * d + f) * LANES + i % LANES],
                    0.0,
                    "padding"
                );
            }
        }
        assert_eq!(to_lanes::<f64>(&[], 5, 0).len(), 0);
    }
}

//! Silhouette coefficient (Euclidean), computed for many labelings of the same data at once:
//! the pairwise distance work is done once and shared across every labeling.
//!
//! The work is tiled: for a pair of row blocks `(I, J)` with `I ≤ J`, the block of distances
//! `d(i, j)` is computed once and added both ways into per-cluster sums,
//! `sums[label(i)][j] += d(i, j)` and `sums[label(j)][i] += d(j, i)`, for every labeling. Every
//! inner loop runs over contiguous slices, so it vectorises natively and stays cheap in WASM.
//!
//! The distances come from the kernel k-means shares (`core/lanes.rs`), compiled for the
//! data's number of features. They are computed in `f32` (twice the vector lanes of `f64`) and
//! summed in `f64`. On the app's standardised data that moves a silhouette by a few 1e-9
//! (measured on three data sets: at most 3.8e-9 from the all-`f64` computation; the chosen K and
//! every label unchanged), and the pass is faster (docs/PERFORMANCE.md).
//!
//! K-Means labelings of the same data for several K split it into few distinct label
//! combinations (a few dozen for K = 2…8). When that is cheaper, the distances are summed once per
//! combination ("group") and the group sums are then added up per cluster of each labeling, so the
//! pairwise pass costs the same for 7 labelings as for one.

use ndarray::ArrayView2;
use rustc_hash::FxHashMap;

use crate::core::lanes::{self, LANES, Width, with_width};

/// Side of a distance tile (a multiple of [`LANES`]); two tiles fit in L1.
const BLOCK: usize = 32;

/// Mean silhouette of each labeling. `labelings[i] = (labels, k)` with labels in `0..k`.
/// Follows scikit-learn: a sample alone in its cluster scores 0.
///
/// The clusters counted are the labels that occur, as in scikit-learn (empty clusters are
/// ignored). Where scikit-learn raises an error, this returns `0.0` instead: when fewer than 2
/// clusters occur (no structure to score) or when there are as many clusters as samples (every
/// sample alone, so every sample would score 0). A sample whose intra- and nearest-cluster mean
/// distances are both 0 scores 0. The input is expected to be finite.
///
/// # Panics
/// If a labeling does not have one label per row of `x`, or has a label `≥ k`.
pub fn silhouette_many(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<f64> {
    let n = x.nrows();
    for (idx, &(labels, k)) in labelings.iter().enumerate() {
        assert_eq!(
            labels.len(),
            n,
            "labeling {idx} has {} labels for {n} rows",
            labels.len()
        );
        assert!(
            labels.iter().all(|&l| l < k),
            "labeling {idx} has a label ≥ k = {k}"
        );
    }
    let counts: Vec<Vec<usize>> = labelings
        .iter()
        .map(|&(labels, k)| count_labels(labels, k))
        .collect();
    // Only labelings with 2 ≤ clusters < n need any distance work.
    let scored: Vec<usize> = (0..labelings.len())
        .filter(|&l| {
            let clusters = counts[l].iter().filter(|&&c| c > 0).count();
            clusters >= 2 && clusters < n
        })
        .collect();
    let mut scores = vec![0.0; labelings.len()];
    if scored.is_empty() {
        return scores;
    }
    let active: Vec<(&[usize], usize)> = scored.iter().map(|&l| labelings[l]).collect();
    let sums = sum_per_cluster(x, &active);
    for (&l, sums) in scored.iter().zip(&sums) {
        scores[l] = mean_silhouette(
            labelings[l].0,
            &counts[l],
            sums,
            sums.len() / labelings[l].1,
        );
    }
    scores
}

/// Samples per label, `(k,)`.
#[inline(never)]
fn count_labels(labels: &[usize], k: usize) -> Vec<usize> {
    let mut counts = vec![0; k];
    for &l in labels {
        counts[l] += 1;
    }
    counts
}

/// For each labeling, its `(k, n_pad)` per-cluster distance sums (see [`sum_cluster_distances`]),
/// through the groups of samples sharing all their labels when there are few of them.
fn sum_per_cluster(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<Vec<f64>> {
    let n = x.nrows();
    let n_lab = labelings.len();
    let total_k: usize = labelings.iter().map(|&(_, k)| k).sum();
    let (group_of, combos) = group_samples(labelings, n);
    let n_groups = combos.len();
    // Pairwise adds: n² (groups) + n_groups·n·n_lab (aggregation) against n_lab·n² (direct);
    // memory n_groups·n against total_k·n.
    let grouped = n_lab > 1 && n_groups * n_lab <= n * (n_lab - 1) && n_groups <= 4 * total_k;
    if !grouped {
        return sum_cluster_distances(x, labelings);
    }
    let group_sums = sum_cluster_distances(x, &[(&group_of, n_groups)]).remove(0); // (n_groups, n_pad)
    let n_pad = n.next_multiple_of(LANES);
    labelings
        .iter()
        .enumerate()
        .map(|(l, &(_, k))| add_up_groups(&combos, &group_sums, l, k, n_pad))
        .collect()
}

/// Labeling `l`'s `(k, n_pad)` sums: the group sums (`(n_groups, n_pad)`) added per cluster.
#[inline(never)]
fn add_up_groups(
    combos: &[Vec<usize>],
    group_sums: &[f64],
    l: usize,
    k: usize,
    n_pad: usize,
) -> Vec<f64> {
    let mut sums = vec![0.0; k * n_pad]; // (k, n_pad)
    for (combo, row) in combos.iter().zip(group_sums.chunks_exact(n_pad)) {
        add_assign(&mut sums[combo[l] * n_pad..][..n_pad], row);
    }
    sums
}

/// Numbers the distinct label combinations across labelings in order of first appearance.
/// Returns each sample's group `(n,)` and each group's labels `(n_groups, n_labelings)`.
#[inline(never)]
fn group_samples(labelings: &[(&[usize], usize)], n: usize) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n_lab = labelings.len();
    if n_lab == 0 {
        return (
            vec![0; n],
            if n > 0 { vec![Vec::new()] } else { Vec::new() },
        );
    }
    let mut flat = vec![0; n * n_lab]; // (n, n_lab): each sample's labels
    for (l, &(labels, _)) in labelings.iter().enumerate() {
        for (row, &label) in flat.chunks_exact_mut(n_lab).zip(labels) {
            row[l] = label;
        }
    }
    let mut ids: FxHashMap<&[usize], usize> = FxHashMap::default();
    let mut combos: Vec<Vec<usize>> = Vec::new();
    let group_of = flat
        .chunks_exact(n_lab)
        .map(|combo| {
            *ids.entry(combo).or_insert_with(|| {
                combos.push(combo.to_vec());
                combos.len() - 1
            })
        })
        .collect();
    (group_of, combos)
}

/// For each labeling, `(k, n_pad)` row-major: entry `[c][j]` is the sum of distances from sample
/// `j` to the samples of cluster `c` (`n_pad` is `n` rounded up to [`LANES`]; padding is junk).
fn sum_cluster_distances(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<Vec<f64>> {
    let (n, d) = x.dim();
    let n_pad = n.next_multiple_of(LANES);
    let n_lab = labelings.len();

    let (rows, lanes) = f32_rows_and_lanes(x);

    // All labelings' sums stacked: (Σk, n_pad). `starts[i * n_lab + l]` is where the row of
    // sample i's cluster in labeling l begins.
    let offsets: Vec<usize> = labelings
        .iter()
        .scan(0, |acc, &(_, k)| {
            let start = *acc;
            *acc += k;
            Some(start)
        })
        .collect();
    let total_k: usize = labelings.iter().map(|&(_, k)| k).sum();
    let mut sums = vec![0.0; total_k * n_pad];
    let mut starts = vec![0; n * n_lab]; // (n, n_lab)
    for i in 0..n {
        for (l, &(labels, _)) in labelings.iter().enumerate() {
            starts[i * n_lab + l] = (offsets[l] + labels[i]) * n_pad;
        }
    }

    let pass = TilePass {
        rows: &rows,
        lanes: &lanes,
        starts: &starts,
        d,
        n,
        n_pad,
        n_lab,
    };
    let mut tiles = Tiles::default();
    for i0 in (0..n).step_by(BLOCK) {
        for j0 in (i0..n).step_by(BLOCK) {
            pass.add_tile(i0, j0, &mut sums, &mut tiles);
        }
    }

    offsets
        .iter()
        .zip(labelings)
        .map(|(&off, &(_, k))| sums[off * n_pad..(off + k) * n_pad].to_vec())
        .collect()
}

/// `x` in `f32`, row-major `(n, d)`, and by runs of [`LANES`] samples feature by feature
/// `(n_pad / LANES, d, LANES)`, zero padded.
#[inline(never)]
fn f32_rows_and_lanes(x: ArrayView2<f64>) -> (Vec<f32>, Vec<f32>) {
    let (n, d) = x.dim();
    let rows: Vec<f32> = x.iter().map(|&v| v as f32).collect(); // (n, d)
    let lanes = lanes::to_lanes(&rows, n, d);
    (rows, lanes)
}

/// What every tile of [`sum_cluster_distances`] reads.
struct TilePass<'a> {
    /// `(n, d)` row-major.
    rows: &'a [f32],
    /// `(n_pad / LANES, d, LANES)`.
    lanes: &'a [f32],
    /// `(n, n_lab)`: where the row of sample i's cluster in labeling l begins in the sums.
    starts: &'a [usize],
    d: usize,
    n: usize,
    n_pad: usize,
    n_lab: usize,
}

/// Scratch for one tile: `tile` has rows in I and columns in J, `tile_t` the transpose.
struct Tiles {
    tile: [f32; BLOCK * BLOCK],
    tile_t: [f32; BLOCK * BLOCK],
}

impl Default for Tiles {
    fn default() -> Self {
        Self {
            tile: [0.0f32; BLOCK * BLOCK],
            tile_t: [0.0f32; BLOCK * BLOCK],
        }
    }
}

impl TilePass<'_> {
    /// The distances between row blocks `I = i0..` and `J = j0..` (`i0 ≤ j0`), added both ways
    /// into `sums` (`(Σk, n_pad)`).
    ///
    /// Not inlined on purpose: a browser compiles WebAssembly with a quick baseline compiler
    /// first and swaps in optimised code only for later calls of a function that proved hot.
    /// Called once per tile (thousands of times), this kernel runs optimised after the first few
    /// tiles; inlined into one long call, the whole pass would run on baseline code.
    #[inline(never)]
    fn add_tile(&self, i0: usize, j0: usize, sums: &mut [f64], tiles: &mut Tiles) {
        let Self {
            rows,
            lanes,
            starts,
            d,
            n,
            n_pad,
            n_lab,
        } = *self;
        let Tiles { tile, tile_t } = tiles;
        let i1 = (i0 + BLOCK).min(n);
        let width = (j0 + BLOCK).min(n_pad) - j0; // a multiple of LANES
        with_width!(d, |w| fill_tile(w, rows, lanes, i0..i1, j0, width, tile));
        // d(i, j) into the sums of sample j.
        for i in i0..i1 {
            let dist = &tile[(i - i0) * BLOCK..][..width];
            for &start in &starts[i * n_lab..(i + 1) * n_lab] {
                add_assign(&mut sums[start + j0..][..width], dist);
            }
        }
        if j0 == i0 {
            return; // a diagonal tile already holds both orders of its pairs
        }
        // Off the diagonal, I is a full block: d(j, i) into the sums of sample i.
        transpose(tile, tile_t, width);
        for j in j0..(j0 + width).min(n) {
            let dist = &tile_t[(j - j0) * BLOCK..][..BLOCK];
            for &start in &starts[j * n_lab..(j + 1) * n_lab] {
                add_assign(&mut sums[start + i0..][..BLOCK], dist);
            }
        }
    }
}

/// The distances from samples `is` (rows of `rows`, `(n, d)`) to samples `j0..j0 + width` of
/// `lanes` (`(n_pad / LANES, d, LANES)`) into the rows of `tile` (`(BLOCK, BLOCK)`). `j0` and
/// `width` are multiples of [`LANES`]. (Out of line: one small function per width, see
/// [`lanes::sq_dists`].)
#[inline(never)]
fn fill_tile<W: Width>(
    w: W,
    rows: &[f32],
    lanes: &[f32],
    is: std::ops::Range<usize>,
    j0: usize,
    width: usize,
    tile: &mut [f32],
) {
    let d = w.get();
    let lanes = &lanes[j0 * d..][..width * d];
    for (i, out) in is.zip(tile.chunks_exact_mut(BLOCK)) {
        let out = &mut out[..width];
        lanes::sq_dists(w, &rows[i * d..][..d], lanes, out);
        for o in out.iter_mut() {
            *o = o.sqrt();
        }
    }
}

/// `dst += src`, element-wise.
#[inline]
fn add_assign<T: Copy + Into<f64>>(dst: &mut [f64], src: &[T]) {
    for (a, &b) in dst.iter_mut().zip(src) {
        *a += b.into();
    }
}

/// `tile_t[j][i] = tile[i][j]` for `i < BLOCK`, `j < w` (both `(BLOCK, BLOCK)`).
fn transpose(tile: &[f32], tile_t: &mut [f32], w: usize) {
    for (i, row) in tile.chunks_exact(BLOCK).enumerate() {
        for (j, &v) in row[..w].iter().enumerate() {
            tile_t[j * BLOCK + i] = v;
        }
    }
}

/// Mean of `(b - a) / max(a, b)` over samples, from one labeling's `(k, n_pad)` distance sums.
#[inline(never)]
fn mean_silhouette(labels: &[usize], counts: &[usize], sums: &[f64], n_pad: usize) -> f64 {
    let n = labels.len();
    let mut total = 0.0;
    for (i, &own) in labels.iter().enumerate() {
        if counts[own] < 2 {
            continue; // alone in its cluster: scores 0
        }
        let a = sums[own * n_pad + i] / (counts[own] - 1) as f64;
        let b = counts
            .iter()
            .enumerate()
            .filter(|&(c, &count)| c != own && count > 0)
            .map(|(c, &count)| sums[c * n_pad + i] / count as f64)
            .fold(f64::INFINITY, f64::min);
        let denom = a.max(b);
        if denom > 0.0 {
            total += (b - a) / denom;
        }
    }
    total / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};

    #[test]
    fn hand_computed_line_with_a_singleton() {
        // {0, 1} and {4}: s = 3/4, 2/3 and 0 (alone).
        let x = array![[0.0], [1.0], [4.0]];
        let s = silhouette_many(x.view(), &[(&[0, 0, 1], 2)]);
        assert!((s[0] - (0.75 + 2.0 / 3.0) / 3.0).abs() < 1e-15);
    }

    #[test]
    fn degenerate_labelings_score_zero() {
        let x = array![[0.0, 1.0], [1.0, 0.0], [3.0, 3.0]];
        let s = silhouette_many(
            x.view(),
            &[(&[0, 0, 0], 1), (&[0, 1, 2], 3), (&[2, 2, 2], 4)],
        );
        assert_eq!(s, vec![0.0, 0.0, 0.0]);
        assert!(silhouette_many(Array2::zeros((0, 3)).view(), &[(&[], 2)]) == vec![0.0]);
    }

    #[test]
    fn identical_points_in_two_clusters_score_zero() {
        let x = Array2::from_elem((4, 2), 1.5);
        assert_eq!(silhouette_many(x.view(), &[(&[0, 1, 0, 1], 2)]), vec![0.0]);
    }

    #[test]
    fn grouped_sums_equal_direct_sums() {
        // Nested labelings (K = 2, 4, 8 on a line) with a singleton and an empty cluster: few
        // groups, so `sum_per_cluster` takes the grouped path.
        let n = 70;
        let x = Array2::from_shape_fn((n, 2), |(i, f)| (i * (f + 1)) as f64 * 0.37 % 5.0);
        let k2: Vec<usize> = (0..n).map(|i| i * 2 / n).collect();
        let k4: Vec<usize> = (0..n).map(|i| i * 4 / n).collect();
        let mut k8: Vec<usize> = (0..n).map(|i| (i * 8 / n).min(6)).collect();
        k8[0] = 7; // sample 0 alone; no label reaches 8, so cluster 7 of 9 stays empty
        let labelings: [(&[usize], usize); 3] = [(&k2, 2), (&k4, 4), (&k8, 9)];
        let (_, combos) = group_samples(&labelings, n);
        assert!(
            combos.len() * 3 <= n * 2,
            "{} groups: not the grouped path",
            combos.len()
        );
        let grouped = sum_per_cluster(x.view(), &labelings);
        let direct = sum_cluster_distances(x.view(), &labelings);
        for (g, d) in grouped.iter().zip(&direct) {
            assert_eq!(g.len(), d.len());
            let n_pad = n.next_multiple_of(LANES);
            for (gr, dr) in g.chunks_exact(n_pad).zip(d.chunks_exact(n_pad)) {
                for (a, b) in gr.iter().zip(dr).take(n) {
                    assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0));
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "labels for")]
    fn wrong_length_panics() {
        let x = array![[0.0], [1.0]];
        silhouette_many(x.view(), &[(&[0], 2)]);
    }
}

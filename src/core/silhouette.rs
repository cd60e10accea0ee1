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
/// The same as [`SilhouettePass`] run to its end in one go.
///
/// # Panics
/// If a labeling does not have one label per row of `x`, or has a label `≥ k`.
pub fn silhouette_many(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<f64> {
    let owned = labelings.iter().map(|&(l, k)| (l.to_vec(), k)).collect();
    let mut pass = SilhouettePass::new(x, owned);
    pass.step(usize::MAX);
    pass.finish()
}

/// [`silhouette_many`] in pieces, so that a page can give its thread back between them: the
/// pairwise pass runs a number of distance tiles per [`SilhouettePass::step`] (a tile is 32×32
/// distances), always whole rows of tiles in the same order, so the scores are the same however
/// the pass is cut.
pub struct SilhouettePass {
    labelings: Vec<(Vec<usize>, usize)>,
    /// Samples per label, per labeling.
    counts: Vec<Vec<usize>>,
    /// The labelings with 2 ≤ clusters < n (the others score 0).
    scored: Vec<usize>,
    /// On the grouped path, each group's labels in the scored labelings `(n_groups, n_scored)`.
    combos: Option<Vec<Vec<usize>>>,
    /// The pairwise pass (`None` when no labeling needs one).
    sums: Option<PairSums>,
}

impl SilhouettePass {
    /// Checks the labelings and lays the data out for the pass (no distance computed yet).
    ///
    /// # Panics
    /// If a labeling does not have one label per row of `x`, or has a label `≥ k`.
    pub fn new(x: ArrayView2<f64>, labelings: Vec<(Vec<usize>, usize)>) -> Self {
        let n = x.nrows();
        for (idx, (labels, k)) in labelings.iter().enumerate() {
            assert_eq!(
                labels.len(),
                n,
                "labeling {idx} has {} labels for {n} rows",
                labels.len()
            );
            assert!(
                labels.iter().all(|l| l < k),
                "labeling {idx} has a label ≥ k = {k}"
            );
        }
        let counts: Vec<Vec<usize>> = labelings
            .iter()
            .map(|(labels, k)| count_labels(labels, *k))
            .collect();
        // Only labelings with 2 ≤ clusters < n need any distance work.
        let scored: Vec<usize> = (0..labelings.len())
            .filter(|&l| {
                let clusters = counts[l].iter().filter(|&&c| c > 0).count();
                clusters >= 2 && clusters < n
            })
            .collect();
        let (combos, sums) = if scored.is_empty() {
            (None, None)
        } else {
            let active: Vec<(&[usize], usize)> = scored
                .iter()
                .map(|&l| (labelings[l].0.as_slice(), labelings[l].1))
                .collect();
            match grouping(&active, n) {
                Some((group_of, combos)) => {
                    let n_groups = combos.len();
                    (
                        Some(combos),
                        Some(PairSums::new(x, &[(&group_of, n_groups)])),
                    )
                }
                None => (None, Some(PairSums::new(x, &active))),
            }
        };
        SilhouettePass {
            labelings,
            counts,
            scored,
            combos,
            sums,
        }
    }

    /// Runs up to `max_tiles` more distance tiles (at least one row of them, whole rows only);
    /// returns whether the pass is complete.
    pub fn step(&mut self, max_tiles: usize) -> bool {
        self.sums.as_mut().is_none_or(|p| p.step(max_tiles))
    }

    /// Tiles done and tiles in all.
    pub fn progress(&self) -> (usize, usize) {
        self.sums.as_ref().map_or((0, 0), PairSums::progress)
    }

    /// Each labeling's mean silhouette.
    ///
    /// # Panics
    /// If the pass is not complete ([`SilhouettePass::step`] has not returned `true`).
    pub fn finish(self) -> Vec<f64> {
        let mut scores = vec![0.0; self.labelings.len()];
        let Some(pass) = self.sums else {
            return scores;
        };
        assert!(pass.is_done(), "the silhouette pass is not complete");
        let n_pad = pass.n_pad;
        let sums: Vec<Vec<f64>> = match &self.combos {
            Some(combos) => {
                let group_sums = pass.into_sums().remove(0); // (n_groups, n_pad)
                self.scored
                    .iter()
                    .enumerate()
                    .map(|(l, &i)| {
                        add_up_groups(combos, &group_sums, l, self.labelings[i].1, n_pad)
                    })
                    .collect()
            }
            None => pass.into_sums(),
        };
        for (&l, sums) in self.scored.iter().zip(&sums) {
            let (labels, k) = &self.labelings[l];
            scores[l] = mean_silhouette(labels, &self.counts[l], sums, sums.len() / k);
        }
        scores
    }
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

/// The groups of samples sharing all their labels (each sample's group, each group's labels),
/// when summing distances per group and adding the group sums up per cluster is cheaper than
/// summing per cluster of every labeling: pairwise adds n² (groups) + n_groups·n·n_lab
/// (aggregation) against n_lab·n² (direct); memory n_groups·n against Σk·n.
fn grouping(labelings: &[(&[usize], usize)], n: usize) -> Option<(Vec<usize>, Vec<Vec<usize>>)> {
    let n_lab = labelings.len();
    let total_k: usize = labelings.iter().map(|&(_, k)| k).sum();
    let (group_of, combos) = group_samples(labelings, n);
    let n_groups = combos.len();
    let grouped = n_lab > 1 && n_groups * n_lab <= n * (n_lab - 1) && n_groups <= 4 * total_k;
    grouped.then_some((group_of, combos))
}

/// For each labeling, its `(k, n_pad)` per-cluster distance sums (see [`sum_cluster_distances`]),
/// through the groups of samples sharing all their labels when there are few of them.
#[cfg(test)]
fn sum_per_cluster(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<Vec<f64>> {
    let n = x.nrows();
    let Some((group_of, combos)) = grouping(labelings, n) else {
        return sum_cluster_distances(x, labelings);
    };
    let group_sums = sum_cluster_distances(x, &[(&group_of, combos.len())]).remove(0);
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
#[cfg(test)]
fn sum_cluster_distances(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Vec<Vec<f64>> {
    let mut pass = PairSums::new(x, labelings);
    pass.step(usize::MAX);
    pass.into_sums()
}

/// The pairwise pass: every tile of distances `(I, J)` with `I ≤ J` added both ways into the
/// per-cluster sums of every labeling, a row of tiles (one `I`) at a time.
struct PairSums {
    /// `(n, d)` row-major, `f32`.
    rows: Vec<f32>,
    /// `(n_pad / LANES, d, LANES)`.
    lanes: Vec<f32>,
    /// `(n, n_lab)`: where the row of sample i's cluster in labeling l begins in `sums`.
    starts: Vec<usize>,
    /// All labelings' sums stacked: `(Σk, n_pad)`.
    sums: Vec<f64>,
    /// Each labeling's first row in `sums`, and its k.
    parts: Vec<(usize, usize)>,
    d: usize,
    n: usize,
    n_pad: usize,
    n_lab: usize,
    /// The next row of tiles to add (its `i0`).
    next: usize,
    tiles_done: usize,
    scratch: Box<Tiles>,
}

impl PairSums {
    fn new(x: ArrayView2<f64>, labelings: &[(&[usize], usize)]) -> Self {
        let (n, d) = x.dim();
        let n_pad = n.next_multiple_of(LANES);
        let n_lab = labelings.len();
        let (rows, lanes) = f32_rows_and_lanes(x);
        let parts: Vec<(usize, usize)> = labelings
            .iter()
            .scan(0, |acc, &(_, k)| {
                let start = *acc;
                *acc += k;
                Some((start, k))
            })
            .collect();
        let total_k: usize = labelings.iter().map(|&(_, k)| k).sum();
        let mut starts = vec![0; n * n_lab]; // (n, n_lab)
        for i in 0..n {
            for (l, &(labels, _)) in labelings.iter().enumerate() {
                starts[i * n_lab + l] = (parts[l].0 + labels[i]) * n_pad;
            }
        }
        PairSums {
            rows,
            lanes,
            starts,
            sums: vec![0.0; total_k * n_pad],
            parts,
            d,
            n,
            n_pad,
            n_lab,
            next: 0,
            tiles_done: 0,
            scratch: Box::default(),
        }
    }

    /// Tiles in the row of tiles starting at `i0`.
    fn tiles_in_row(&self, i0: usize) -> usize {
        (self.n - i0).div_ceil(BLOCK)
    }

    fn is_done(&self) -> bool {
        self.next >= self.n
    }

    fn progress(&self) -> (usize, usize) {
        let blocks = self.n.div_ceil(BLOCK);
        (self.tiles_done, blocks * (blocks + 1) / 2)
    }

    /// Adds rows of tiles while fewer than `max_tiles` have been added in this call (at least
    /// one row); returns whether every row is in.
    fn step(&mut self, max_tiles: usize) -> bool {
        let mut done = 0;
        while !self.is_done() && done < max_tiles.max(1) {
            let i0 = self.next;
            let tiles = self.tiles_in_row(i0);
            let pass = TilePass {
                rows: &self.rows,
                lanes: &self.lanes,
                starts: &self.starts,
                d: self.d,
                n: self.n,
                n_pad: self.n_pad,
                n_lab: self.n_lab,
            };
            for j0 in (i0..self.n).step_by(BLOCK) {
                pass.add_tile(i0, j0, &mut self.sums, &mut self.scratch);
            }
            self.next = i0 + BLOCK;
            self.tiles_done += tiles;
            done += tiles;
        }
        self.is_done()
    }

    /// Each labeling's `(k, n_pad)` sums.
    fn into_sums(self) -> Vec<Vec<f64>> {
        let n_pad = self.n_pad;
        self.parts
            .iter()
            .map(|&(off, k)| self.sums[off * n_pad..(off + k) * n_pad].to_vec())
            .collect()
    }
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
    fn a_pass_in_pieces_scores_exactly_as_one_in_one_go() {
        // 203 samples (7 rows of tiles, the last one short), grouped (nested labelings) and
        // direct (unrelated labelings) paths, cut into pieces of 1, 5 and 9 tiles.
        let n = 203;
        let x = Array2::from_shape_fn((n, 3), |(i, f)| ((i * 37 + f * 11) % 29) as f64 * 0.3);
        let nested: Vec<(Vec<usize>, usize)> = [2, 3, 5]
            .iter()
            .map(|&k| ((0..n).map(|i| i * k / n).collect(), k))
            .collect();
        let unrelated: Vec<(Vec<usize>, usize)> = [4, 6]
            .iter()
            .map(|&k| ((0..n).map(|i| (i * 7919 + k) % k).collect(), k))
            .collect();
        for labelings in [nested, unrelated] {
            let refs: Vec<(&[usize], usize)> =
                labelings.iter().map(|(l, k)| (l.as_slice(), *k)).collect();
            let whole = silhouette_many(x.view(), &refs);
            assert!(whole.iter().all(|s| s.abs() > 1e-6), "{whole:?}");
            for piece in [1, 5, 9] {
                let mut pass = SilhouettePass::new(x.view(), labelings.clone());
                let (_, total) = pass.progress();
                assert_eq!(total, 7 * 8 / 2);
                let mut steps = 0;
                while !pass.step(piece) {
                    steps += 1;
                    assert!(pass.progress().0 < total);
                }
                assert_eq!(pass.progress().0, total);
                assert!(steps >= total / (piece + 7) - 1, "{steps} steps of {piece}");
                assert_eq!(pass.finish(), whole, "pieces of {piece} tiles");
            }
        }
    }

    #[test]
    #[should_panic(expected = "not complete")]
    fn an_unfinished_pass_cannot_be_read() {
        let x = Array2::from_shape_fn((100, 2), |(i, f)| (i + f) as f64);
        let labels: Vec<usize> = (0..100).map(|i| i % 2).collect();
        let mut pass = SilhouettePass::new(x.view(), vec![(labels, 2)]);
        assert!(!pass.step(1));
        pass.finish();
    }

    #[test]
    #[should_panic(expected = "labels for")]
    fn wrong_length_panics() {
        let x = array![[0.0], [1.0]];
        silhouette_many(x.view(), &[(&[0], 2)]);
    }
}

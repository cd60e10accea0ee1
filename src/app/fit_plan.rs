//! The bookkeeping of one run's fits on workers (`crate::web::workers::pool`), free of the browser so it is
//! tested natively: which pieces (a K and a range of its restarts) are still to hand out, each K's
//! best restart so far, and which K's are complete.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::Range;

use crate::core::kmeans::{KMeansFit, RestartFit};
use crate::core::selection::fit_sample_size;

/// A piece of work: restarts `.1` of K = `.0`.
pub type Piece = (usize, Range<usize>);

/// One K's pieces so far.
#[derive(Debug)]
struct KFold {
    best: Option<RestartFit>,
    missing: usize,
    failed: bool,
}

/// The pieces of one run and what came back.
#[derive(Debug)]
pub struct FitPlan {
    queue: VecDeque<Piece>,
    folds: HashMap<usize, KFold>,
    done: BTreeMap<usize, KMeansFit>,
    unresolved: usize,
}

impl FitPlan {
    /// Into how many pieces to cut each K's restarts for `workers` workers on `customers`
    /// customers: one per worker, except on data whose restarts run on a sample
    /// ([`fit_sample_size`]): there a K is one piece, as its best restart is then refined on every
    /// customer by the worker that fitted it.
    pub fn pieces_per_k(customers: usize, workers: usize) -> usize {
        if fit_sample_size(customers).is_some() {
            1
        } else {
            workers
        }
    }

    /// Each K's restarts `0..restarts` cut into `split` nearly equal pieces (fewer if there are
    /// fewer restarts), largest K first, so that the longest pieces start first.
    pub fn new(ks: &[usize], restarts: usize, split: usize) -> Self {
        let pieces = restart_pieces(restarts, split);
        let mut order = ks.to_vec();
        order.sort_unstable_by(|a, b| b.cmp(a));
        order.dedup();
        let queue: VecDeque<Piece> = order
            .iter()
            .flat_map(|&k| pieces.iter().map(move |r| (k, r.clone())))
            .collect();
        let folds = order
            .iter()
            .map(|&k| {
                let fold = KFold {
                    best: None,
                    missing: pieces.len(),
                    failed: false,
                };
                (k, fold)
            })
            .collect();
        FitPlan {
            unresolved: queue.len(),
            queue,
            folds,
            done: BTreeMap::new(),
        }
    }

    /// The next piece to hand out.
    pub fn take_piece(&mut self) -> Option<Piece> {
        self.queue.pop_front()
    }

    /// A piece whose worker was lost: handed out again, unless its K has failed already (the
    /// caller refits that K whole), in which case it is dropped.
    pub fn give_back(&mut self, piece: Piece) {
        if self.folds.get(&piece.0).is_some_and(|f| f.failed) {
            self.unresolved = self.unresolved.saturating_sub(1);
        } else {
            self.queue.push_back(piece);
        }
    }

    /// Records a worker's answer for a piece of K. Returns the number of complete K's when this
    /// answer completes K. An error marks K as failed: it will be missing from the result, and
    /// its pieces still queued are dropped.
    pub fn record(&mut self, k: usize, answer: Result<RestartFit, String>) -> Option<usize> {
        self.unresolved = self.unresolved.saturating_sub(1);
        let fold = self.folds.get_mut(&k)?;
        fold.missing = fold.missing.saturating_sub(1);
        match answer {
            Err(_) => {
                fold.failed = true;
                // Its other pieces are not worth computing: the caller refits the whole K.
                let before = self.queue.len();
                self.queue.retain(|p| p.0 != k);
                self.unresolved = self.unresolved.saturating_sub(before - self.queue.len());
            }
            Ok(piece) => {
                fold.best = Some(match fold.best.take() {
                    Some(best) => best.better(piece),
                    None => piece,
                })
            }
        }
        if fold.missing > 0 || fold.failed {
            return None;
        }
        let best = fold.best.take()?;
        self.done.insert(k, best.fit);
        Some(self.done.len())
    }

    /// True once every piece has an answer (nothing to hand out or wait for).
    pub fn is_settled(&self) -> bool {
        self.unresolved == 0
    }

    /// The complete K's.
    pub fn into_fits(self) -> BTreeMap<usize, KMeansFit> {
        self.done
    }
}

/// `0..restarts` cut into `n` nearly equal, non-empty pieces (fewer if there are fewer restarts).
pub fn restart_pieces(restarts: usize, n: usize) -> Vec<Range<usize>> {
    let n = n.clamp(1, restarts.max(1));
    (0..n)
        .map(|i| restarts * i / n..restarts * (i + 1) / n)
        .filter(|r| !r.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;
    use crate::core::kmeans::Samples;
    use crate::core::selection::fit_k;

    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    fn data() -> Array2<f64> {
        Array2::from_shape_fn((90, 2), |(i, f)| {
            (i % 3) as f64 * 3.0 + ((i * 13 + f * 5) % 11) as f64 / 4.0
        })
    }

    #[test]
    fn pieces_cover_the_restarts_once() {
        assert_eq!(restart_pieces(10, 2), vec![0..5, 5..10]);
        assert_eq!(restart_pieces(10, 3), vec![0..3, 3..6, 6..10]);
        assert_eq!(restart_pieces(2, 4), vec![0..1, 1..2]);
        assert_eq!(restart_pieces(1, 1), vec![0..1]);
        assert_eq!(restart_pieces(7, 0), vec![0..7]);
    }

    /// Pieces answered in a scrambled order, one lost and handed out again, fold to `fit_k`.
    #[test]
    fn answers_in_any_order_give_each_ks_whole_fit() {
        // Uniform points, with many local optima: the pieces of a K find different ones.
        let mut rng = StdRng::seed_from_u64(5);
        let x = Array2::from_shape_fn((400, 3), |_| rng.random::<f64>());
        let x = Samples::new(x.view()).unwrap();
        let mut plan = FitPlan::new(&[2, 4, 3], 10, 3);
        let mut handed = Vec::new();
        while let Some(p) = plan.take_piece() {
            handed.push(p);
        }
        assert_eq!(handed.len(), 9);
        assert_eq!(handed[0], (4, 0..3), "largest K first");
        // The third piece is lost with its worker; it comes back last.
        let lost = handed.remove(2);
        plan.give_back(lost.clone());
        assert_eq!(plan.take_piece(), Some(lost.clone()));
        handed.push(lost);
        handed.reverse();
        let mut completions = Vec::new();
        let mut inertias = Vec::new();
        for (k, r) in handed {
            assert!(!plan.is_settled());
            let answer = fit_k(&x, k, r, 8).map_err(|e| e.to_string());
            if let (4, Ok(a)) = (k, &answer) {
                inertias.push(a.fit.inertia);
            }
            if let Some(n) = plan.record(k, answer) {
                completions.push((k, n));
            }
        }
        assert!(plan.is_settled());
        assert_eq!(inertias.len(), 3);
        assert!(
            inertias.iter().any(|&i| i != inertias[0]),
            "every piece of K = 4 found the same optimum: the fold order would not matter"
        );
        assert_eq!(
            completions.iter().map(|c| c.1).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let fits = plan.into_fits();
        for k in [2, 3, 4] {
            assert_eq!(fits[&k], fit_k(&x, k, 0..10, 8).unwrap().fit, "K = {k}");
        }
    }

    #[test]
    fn a_failed_piece_leaves_its_k_to_the_caller() {
        let x = data();
        let x = Samples::new(x.view()).unwrap();
        let mut plan = FitPlan::new(&[2, 3], 4, 2);
        let mut handed = Vec::new();
        while let Some((k, r)) = plan.take_piece() {
            handed.push((k, r.clone()));
            let answer = if k == 3 && r.start == 0 {
                Err("boom".to_string())
            } else {
                fit_k(&x, k, r, 1).map_err(|e| e.to_string())
            };
            plan.record(k, answer);
        }
        // K = 3's second piece was dropped once its first failed.
        assert_eq!(handed, [(3, 0..2), (2, 0..2), (2, 2..4)]);
        assert!(plan.is_settled());
        let fits = plan.into_fits();
        assert_eq!(fits.keys().copied().collect::<Vec<_>>(), [2]);
    }

    /// A lost piece of a K that has failed meanwhile is not handed out again, and the plan still
    /// settles.
    #[test]
    fn a_lost_piece_of_a_failed_k_is_dropped() {
        let mut plan = FitPlan::new(&[3], 4, 2);
        let first = plan.take_piece().unwrap();
        let second = plan.take_piece().unwrap();
        assert_eq!(plan.record(first.0, Err("boom".to_string())), None);
        assert!(!plan.is_settled(), "the second piece is still out");
        plan.give_back(second);
        assert_eq!(plan.take_piece(), None);
        assert!(plan.is_settled());
        assert!(plan.into_fits().is_empty());
    }
}

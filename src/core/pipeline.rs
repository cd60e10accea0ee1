//! The analysis's parameters and the work of each stage: [`prepare`] (join, features, scaling),
//! [`plan_k`] (the K's the data allows), [`score`] (silhouette, best K), [`segment`] (name the
//! chosen K's clusters); [`analyze`] runs them all. The order of the stages is defined once, in
//! [`super::stages`].
//!
//! ```text
//! Dataset ─prepare→ Prepared ─fit_k_all(K) for each K of plan_k→ fits ─score→ ModelSelection
//!                          └─project_2d→ Projection
//! (Prepared, ModelSelection, K) ─segment→ Segmentation ─recommend→ Vec<Offer>
//! ```

use std::sync::Arc;

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::c360::{Customer360, Join, JoinReport, build_customer_360, check_joined, check_rows};
use super::data::{Dataset, PlantedPersona};
use super::error::{CoreError, DataError, Result};
use super::features::{Feature, Features, MODEL_FEATURES, model_matrix};
use super::kmeans::KMeansFit;
use super::metrics::adjusted_rand_index;
use super::offers::Offer;
use super::pca::Projection;
use super::personas::{Segment, name_segments};
use super::policy::Policy;
use super::scaling::{StandardScaler, first_non_finite_value};
use super::selection::{ModelSelection, score_fits};
use super::stages::{Input, RunOutput, Stage, StagedRun};
use super::view::{AnalysedView, SegmentedView};
use rustc_hash::FxHashSet;

pub use super::defaults::K_RANGE;
use super::defaults::{RESTARTS, RESTARTS_RANGE, SEED};

/// Segmentation parameters. Defaults ([`crate::core::defaults`]): K auto over 2…8, 10 restarts,
/// seed 42.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisParams {
    /// `None` = the best silhouette picks K.
    pub k: Option<usize>,
    /// Smallest K to fit (at least 2).
    pub k_min: usize,
    /// Largest K to fit (at most 8).
    pub k_max: usize,
    /// K-Means restarts per K (1–100); the lowest-inertia one is kept.
    pub restarts: usize,
    /// Random seed of the K-Means seeding and the silhouette sample: same seed, same result.
    pub seed: u64,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        Self {
            k: None,
            k_min: K_RANGE.0,
            k_max: K_RANGE.1,
            restarts: RESTARTS,
            seed: SEED,
        }
    }
}

/// Parameters that passed [`AnalysisParams::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedAnalysisParams(AnalysisParams);

impl AnalysisParams {
    /// Validates: 2 ≤ k_min ≤ k_max ≤ 8, K (if set) within 2…8, 1 ≤ restarts ≤ 100.
    pub fn check(self) -> Result<CheckedAnalysisParams> {
        let bad = |m: String| Err(CoreError::InvalidParam(m));
        let (lo, hi) = K_RANGE;
        if self.k_min < lo || self.k_max > hi || self.k_min > self.k_max {
            return bad(format!(
                "the K range must lie within {lo}…{hi} with k-min ≤ k-max, got {}…{}",
                self.k_min, self.k_max
            ));
        }
        if let Some(k) = self.k
            && !(lo..=hi).contains(&k)
        {
            return bad(format!("K must be between {lo} and {hi}, got {k}"));
        }
        let (min_restarts, max_restarts) = RESTARTS_RANGE;
        if !(min_restarts..=max_restarts).contains(&self.restarts) {
            return bad(format!(
                "restarts must be between {min_restarts} and {max_restarts}, got {}",
                self.restarts
            ));
        }
        Ok(CheckedAnalysisParams(self))
    }
}

impl CheckedAnalysisParams {
    /// The checked parameters.
    pub fn get(&self) -> &AnalysisParams {
        &self.0
    }

    /// The K values to fit: the range, plus the override K if it lies outside it.
    pub fn ks(&self) -> Vec<usize> {
        let p = &self.0;
        let mut ks: Vec<usize> = (p.k_min..=p.k_max).collect();
        if let Some(k) = p.k
            && !ks.contains(&k)
        {
            ks.push(k);
            ks.sort_unstable();
        }
        ks
    }
}

/// The data made ready for the model.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The Customer 360 rows, one per customer in the customers table's order.
    pub rows: Vec<Customer360>,
    /// The engineered features of each row, same order.
    pub features: Vec<Features>,
    /// Unscaled model inputs. Shape `(n_customers, 12)`.
    pub x_raw: Array2<f64>,
    /// Z-scored model inputs. Shape `(n_customers, 12)`.
    pub x: Array2<f64>,
    /// The column means and standard deviations that z-score `x_raw` into `x`.
    pub scaler: StandardScaler,
    /// What the join noticed that did not stop it (orphan, missing and duplicate rows).
    pub join_report: JoinReport,
    /// Hidden persona per customer (synthetic realistic data only).
    pub planted: Option<Vec<PlantedPersona>>,
    /// Distinct model rows (customers that differ in some model input), counted up to
    /// [`DISTINCT_COUNTED`]: enough to cap K ([`plan_k`]).
    pub distinct_rows: usize,
}

/// Distinct model rows are counted up to this many: one more than the largest K offered.
pub const DISTINCT_COUNTED: usize = K_RANGE.1 + 1;

/// Joins, engineers and scales. Fails on an empty dataset, a table whose ids mostly match no
/// customer ([`super::c360::join_customer_360`]) or a non-finite model input.
pub fn prepare(ds: &Dataset) -> Result<Prepared> {
    if ds.is_empty() {
        return Err(CoreError::NoCustomers);
    }
    prepare_joined(ds, build_customer_360(ds))
}

/// [`prepare`] after the join: `joined` is `ds` joined, at once ([`build_customer_360`]) or in
/// pieces ([`super::c360::Join`]).
pub fn prepare_joined(ds: &Dataset, joined: (Vec<Customer360>, JoinReport)) -> Result<Prepared> {
    let mut preparing = Preparing::new(ds, joined)?;
    loop {
        if let Some(prepared) = preparing.step(Some(ds))? {
            return Ok(prepared);
        }
    }
}

/// [`prepare_joined`] a piece per [`Preparing::step`]: the features, the model matrix and its
/// scaling by [`Preparing::ROWS`] rows a piece, the scaler and the distinct rows a piece each, so
/// that the browser's page prepares a large population without holding its thread (10,00,000
/// customers were one ~800-ms task). The same arithmetic in the same order as in one go: the
/// result is the same however it is cut.
#[derive(Debug)]
pub struct Preparing {
    rows: Vec<Customer360>,
    join_report: JoinReport,
    planted: Option<Vec<PlantedPersona>>,
    part: Part,
    /// The next row of the part under way.
    next: usize,
    features: Vec<Features>,
    x_raw: Array2<f64>,
    scaler: Option<StandardScaler>,
    x: Array2<f64>,
}

/// The parts of [`Preparing`], in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Features,
    Matrix,
    Scaler,
    Scale,
    Distinct,
}

impl Preparing {
    /// Rows per piece of the features, the model matrix and its scaling.
    pub const ROWS: usize = 250_000;

    /// Checks the joined rows of `ds`; nothing computed yet.
    pub fn new(ds: &Dataset, joined: (Vec<Customer360>, JoinReport)) -> Result<Self> {
        if ds.is_empty() {
            return Err(CoreError::NoCustomers);
        }
        debug_assert_eq!(
            joined.0.len(),
            ds.customers.len(),
            "`joined` is `ds` joined"
        );
        Self::of_rows(check_joined(ds, joined)?, ds.planted.clone())
    }

    /// Checks the rows of a join fed piece by piece ([`Join::feed`], [`Join::feed_whole`]),
    /// whose tables are no longer at hand; `planted` is the synthetic customers' hidden persona,
    /// when known. A bad model input is then located at the customer and the model input, not
    /// at a record of a table (the [`Preparing::step`]s get no dataset).
    pub fn of_join(join: Join, planted: Option<Vec<PlantedPersona>>) -> Result<Self> {
        let sizes = join.table_sizes();
        let joined = join.finish();
        if joined.0.is_empty() {
            return Err(CoreError::NoCustomers);
        }
        Self::of_rows(check_rows(&sizes, joined)?, planted)
    }

    fn of_rows(
        (rows, join_report): (Vec<Customer360>, JoinReport),
        planted: Option<Vec<PlantedPersona>>,
    ) -> Result<Self> {
        let n = rows.len();
        Ok(Preparing {
            rows,
            join_report,
            planted,
            part: Part::Features,
            next: 0,
            features: Vec::with_capacity(n),
            x_raw: Array2::zeros((0, Feature::ALL.len())),
            scaler: None,
            x: Array2::zeros((0, Feature::ALL.len())),
        })
    }

    /// The work of preparing `n` customers, in the units of [`Preparing::progress`].
    pub fn work(n: usize) -> usize {
        3 * n + n / 2
    }

    /// Work done and work in all, in rows: the three parts by rows count a row each, the
    /// scaler and the distinct rows a quarter of the rows each.
    pub fn progress(&self) -> (usize, usize) {
        let n = self.rows.len();
        let done = match self.part {
            Part::Features => self.next,
            Part::Matrix => n + self.next,
            Part::Scaler => 2 * n,
            Part::Scale => 2 * n + n / 4 + self.next,
            Part::Distinct => 3 * n + n / 4,
        };
        (done, Self::work(n))
    }

    /// Computes the next piece (`ds` is the data of [`Preparing::new`], `None` after
    /// [`Preparing::of_join`]); the prepared data after the last (the `Preparing` is then
    /// spent).
    pub fn step(&mut self, ds: Option<&Dataset>) -> Result<Option<Prepared>> {
        self.step_rows(ds, Self::ROWS)
    }

    /// [`Preparing::step`] by `rows` rows a piece (at least 1).
    pub fn step_rows(&mut self, ds: Option<&Dataset>, rows: usize) -> Result<Option<Prepared>> {
        let n = self.rows.len();
        let (from, to) = (self.next, self.next.saturating_add(rows.max(1)).min(n));
        match self.part {
            Part::Features => {
                self.features
                    .extend(self.rows[from..to].iter().map(super::features::engineer));
                self.advance(to, Part::Matrix);
            }
            Part::Matrix => {
                if from == 0 {
                    self.x_raw = Array2::zeros((n, Feature::ALL.len()));
                }
                let part = model_matrix(&self.rows[from..to], &self.features[from..to]);
                // Checked piece by piece, in order: the first bad value of the whole matrix.
                if let Some((i, j)) = first_non_finite_value(part.view()) {
                    let v = part[[i, j]];
                    return Err(non_finite_input(ds, &self.rows, from + i, j, v).into());
                }
                self.x_raw
                    .slice_mut(ndarray::s![from..to, ..])
                    .assign(&part);
                self.advance(to, Part::Scaler);
            }
            Part::Scaler => {
                let scaler = StandardScaler::fit(self.x_raw.view());
                if let Some(j) = scaler.first_non_finite() {
                    return Err(overflowing_column(ds, &self.rows, self.x_raw.view(), j).into());
                }
                self.scaler = Some(scaler);
                self.part = Part::Scale;
            }
            Part::Scale => {
                let scaler = self.scaler.as_ref().expect("fitted before scaling");
                if from == 0 {
                    self.x = Array2::zeros((n, Feature::ALL.len()));
                }
                let part = scaler.transform(self.x_raw.slice(ndarray::s![from..to, ..]));
                if let Some((_, j)) = first_non_finite_value(part.view()) {
                    let x_raw = self.x_raw.view();
                    return Err(overflowing_column(ds, &self.rows, x_raw, j).into());
                }
                self.x.slice_mut(ndarray::s![from..to, ..]).assign(&part);
                self.advance(to, Part::Distinct);
            }
            Part::Distinct => {
                let distinct_rows = count_distinct(self.x_raw.view(), DISTINCT_COUNTED);
                if n == 2 && distinct_rows == 2 {
                    return Err(DataError::table(
                        "customers",
                        "2 customers, different from each other, are too few to segment (2 segments of one customer each tell nothing: a silhouette needs more customers than segments)",
                        "Use a customers file with at least 3 customers",
                    )
                    .into());
                }
                let empty = || Array2::zeros((0, Feature::ALL.len()));
                return Ok(Some(Prepared {
                    rows: std::mem::take(&mut self.rows),
                    features: std::mem::take(&mut self.features),
                    x_raw: std::mem::replace(&mut self.x_raw, empty()),
                    x: std::mem::replace(&mut self.x, empty()),
                    scaler: self.scaler.take().expect("fitted before"),
                    join_report: std::mem::take(&mut self.join_report),
                    planted: self.planted.take(),
                    distinct_rows,
                }));
            }
        }
        Ok(None)
    }

    /// Moves on to row `to` of the part under way, or to `then` once every row is done.
    fn advance(&mut self, to: usize, then: Part) {
        if to == self.rows.len() {
            (self.part, self.next) = (then, 0);
        } else {
            self.next = to;
        }
    }
}

/// The number of distinct rows of `x`, counted up to `upto` (0.0 and -0.0 are the same).
#[inline(never)]
fn count_distinct(x: ArrayView2<f64>, upto: usize) -> usize {
    let mut seen: FxHashSet<Vec<u64>> = FxHashSet::default();
    for row in x.rows() {
        let key = row
            .iter()
            .map(|&v| if v == 0.0 { 0 } else { v.to_bits() })
            .collect();
        seen.insert(key);
        if seen.len() >= upto {
            break;
        }
    }
    seen.len()
}

/// The K values to fit on prepared data, and what the output should say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KPlan {
    /// Ascending; empty when every customer is the same (one segment, nothing to fit).
    pub ks: Vec<usize>,
    /// Why K is capped or there is one segment, in a sentence ("K capped at 4: …"), when it is.
    pub note: Option<String>,
}

/// The parameters' K values capped at what the data allows: at most the number of distinct
/// customers (more clusters than distinct rows would leave some empty) and fewer than the
/// number of customers (a silhouette needs it). Identical customers give no K to fit: one
/// segment ("all customers are identical: one segment").
pub fn plan_k(prepared: &Prepared, params: &CheckedAnalysisParams) -> KPlan {
    let n = prepared.rows.len();
    let d = prepared.distinct_rows.min(n);
    let requested = params.ks();
    if d <= 1 {
        let note = if n == 1 {
            "one customer: one segment".to_string()
        } else {
            format!("all {n} customers are identical: one segment")
        };
        return KPlan {
            ks: Vec::new(),
            note: Some(note),
        };
    }
    let cap = d.min(n.saturating_sub(1)).max(K_RANGE.0);
    let mut ks: Vec<usize> = requested.iter().copied().filter(|&k| k <= cap).collect();
    if ks.is_empty() {
        ks.push(cap);
    }
    let note = (ks != requested).then(|| {
        let why = if d < n && d < DISTINCT_COUNTED {
            format!("the data has {n} customers but only {d} distinct ones")
        } else {
            format!(
                "the data has only {n} customers (a silhouette needs more customers than segments)"
            )
        };
        let asked = match params.get().k {
            Some(k) if k > cap => format!(" (K = {k} was asked for)"),
            _ => String::new(),
        };
        format!("K capped at {cap}: {why}{asked}")
    });
    KPlan { ks, note }
}

/// Scores the fits of a [`KPlan`] and picks the best K ([`score_fits`]); with no K to fit
/// (identical customers), a selection of no fits whose best K is 1. Carries the plan's note.
pub fn score(prepared: &Prepared, plan: &KPlan, fits: Vec<KMeansFit>, seed: u64) -> ModelSelection {
    let mut selection = if fits.is_empty() {
        ModelSelection {
            scores: Vec::new(),
            fits,
            best_k: 1,
            silhouette_sample: None,
            fit_sample: None,
            k_note: None,
        }
    } else {
        score_fits(prepared.x.view(), fits, seed)
    };
    selection.k_note = plan.note.clone();
    selection
}

/// What to do about a value too large (or not a number) to analyse.
const TOO_LARGE_HINT: &str = "Correct the value (amounts up to 1e12, ages up to 120 and tenures up to 80 years are accepted), or leave the row out; then import again";

/// A value as a reader writes it: `1e300` rather than 301 digits.
fn show(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A model input of customer `i` that is not finite (`v` in column `j`): located at the source
/// value it comes from.
pub(crate) fn non_finite_input(
    ds: Option<&Dataset>,
    rows: &[Customer360],
    i: usize,
    j: usize,
    v: f64,
) -> DataError {
    let feature = MODEL_FEATURES[j];
    let (table, record, column, source) = source_of(ds, rows, i, j, v);
    let id = &rows[i].customer_id;
    let problem = if source.is_finite() {
        format!(
            "{} (customer {id}) makes their {feature} {} (it overflows); nothing that is not a finite number can be analysed",
            show(source),
            show(v)
        )
    } else {
        format!(
            "{} (customer {id}) is not a finite number, which cannot be analysed",
            show(source)
        )
    };
    DataError::at(table, record, column, problem, TOO_LARGE_HINT)
}

/// Model column `j` whose mean or variance overflows (or whose z-scores are not finite): located
/// at the customer with the largest value in it.
fn overflowing_column(
    ds: Option<&Dataset>,
    rows: &[Customer360],
    x_raw: ndarray::ArrayView2<f64>,
    j: usize,
) -> DataError {
    let feature = MODEL_FEATURES[j];
    let i = (0..x_raw.nrows())
        .max_by(|&a, &b| x_raw[[a, j]].abs().total_cmp(&x_raw[[b, j]].abs()))
        .unwrap_or(0);
    let (table, record, column, source) = source_of(ds, rows, i, j, x_raw[[i, j]]);
    DataError::at(
        table,
        record,
        column,
        format!(
            "{} (customer {}) is too large to analyse: the variance of {feature} over the customers overflows, so {feature} would silently drop out of the model",
            show(source),
            rows[i].customer_id
        ),
        TOO_LARGE_HINT,
    )
}

/// The source value behind model input `j` of customer `i`: its table, record (0-based),
/// column and value. The first non-finite source value, else the one of largest magnitude
/// (for a ratio to income whose denominator is 0, the income). Without the tables (a join fed
/// piece by piece), the customer's row and model input `j`, whose value is `v`.
fn source_of(
    ds: Option<&Dataset>,
    rows: &[Customer360],
    i: usize,
    j: usize,
    v: f64,
) -> (&'static str, usize, &'static str, f64) {
    use super::features::Feature;
    let Some(ds) = ds else {
        return ("customers", i, MODEL_FEATURES[j], v);
    };
    let c = &ds.customers[i];
    let id = c.customer_id.as_str();
    let own = |column: &'static str, v: f64| ("customers", i, column, v);
    let mut found: Vec<(&'static str, usize, &'static str, f64)> = Vec::new();
    macro_rules! scan {
        ($table:literal, $rows:expr, [$($col:ident),+]) => {
            for (r, rec) in $rows.iter().enumerate().filter(|(_, rec)| rec.customer_id == id) {
                $(found.push(($table, r, stringify!($col), rec.$col as f64));)+
            }
        };
    }
    let feature = Feature::ALL[j];
    match feature {
        Feature::Age => return own("age", c.age),
        Feature::Income => return own("income", c.income),
        Feature::TenureYears => return own("tenure_years", c.tenure_years),
        Feature::AvgBalance => scan!("accounts", ds.accounts, [avg_balance]),
        Feature::DigitalEngagementScore => scan!(
            "accounts",
            ds.accounts,
            [digital_txn_ratio, monthly_deposits]
        ),
        Feature::TxnActivityScore => scan!(
            "accounts",
            ds.accounts,
            [monthly_deposits, monthly_withdrawals]
        ),
        Feature::SpendToIncome => {
            if !(rows[i].income + 1.0).is_normal() {
                return own("income", c.income);
            }
            scan!(
                "transactions",
                ds.transactions,
                [shopping_spend, travel_spend, utility_spend, wallet_spend]
            );
        }
        Feature::EmiToIncome => {
            if !(rows[i].income / 12.0 + 1.0).is_normal() {
                return own("income", c.income);
            }
            scan!("loans", ds.loans, [monthly_emi]);
        }
        Feature::UtilizationRatio => scan!(
            "credit_cards",
            ds.credit_cards,
            [utilization_ratio, card_limit]
        ),
        Feature::TotalInvestments => {
            scan!("investments", ds.investments, [mf_investment, fd_amount])
        }
        // Sums of 0/1 flags, never too large to analyse: no source value to point to.
        Feature::RiskScore | Feature::ProductCount => {}
    }
    found
        .iter()
        .find(|f| !f.3.is_finite())
        .or_else(|| found.iter().max_by(|a, b| a.3.abs().total_cmp(&b.3.abs())))
        .copied()
        .unwrap_or_else(|| own(feature.name(), f64::NAN))
}

/// The chosen K's clusters, named and profiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// Number of segments: the K chosen, less any cluster left empty (1 for identical customers).
    pub chosen_k: usize,
    /// Cluster of each customer, `0..chosen_k`.
    pub labels: Vec<usize>,
    /// Indexed by cluster.
    pub segments: Vec<Segment>,
    /// Adjusted Rand index against the planted persona, when known.
    pub planted_ari: Option<f64>,
    /// The segments' centres in z-scored model inputs, shape `(chosen_k, 12)`: the k-means
    /// centroids of the kept clusters (every customer's label is its nearest centre), or, with
    /// no fit, the mean of the customers. What the exported model assigns by.
    pub centroids: Array2<f64>,
}

/// Picks K (the override if given and fitted, else the best silhouette) and names the segments.
///
/// Never names an empty segment: clusters left without a customer are dropped (and K with
/// them); with no fit (identical customers) every customer is in one segment, named "All
/// customers" and described as identical.
pub fn segment(prepared: &Prepared, selection: &ModelSelection, k: Option<usize>) -> Segmentation {
    let chosen_k = k
        .filter(|k| selection.fit_for(*k).is_some())
        .unwrap_or(selection.best_k);
    let (labels, k, centroids) = match selection
        .fit_for(chosen_k)
        .or_else(|| selection.fits.first())
    {
        Some(fit) => {
            let (labels, kept) = without_empty_clusters(&fit.labels, fit.centroids.nrows());
            let centroids = fit.centroids.select(ndarray::Axis(0), &kept);
            (labels, kept.len(), centroids)
        }
        None => {
            let mean = prepared
                .x
                .mean_axis(ndarray::Axis(0))
                .unwrap_or_else(|| ndarray::Array1::zeros(prepared.x.ncols()));
            let centroids = mean.insert_axis(ndarray::Axis(0));
            (vec![0; prepared.rows.len()], 1, centroids)
        }
    };
    let mut segments = name_segments(
        &prepared.rows,
        prepared.x_raw.view(),
        prepared.x.view(),
        &labels,
        k,
    );
    if k == 1 && prepared.distinct_rows <= 1 {
        let s = &mut segments[0];
        s.name = "All customers".to_string();
        s.description = selection
            .k_note
            .clone()
            .unwrap_or_else(|| "all customers are identical: one segment".to_string());
    }
    let planted_ari = prepared.planted.as_ref().map(|p| {
        let truth: Vec<usize> = p.iter().map(|&q| q as usize).collect();
        adjusted_rand_index(&truth, &labels)
    });
    Segmentation {
        chosen_k: k,
        labels,
        segments,
        planted_ari,
        centroids,
    }
}

/// `labels` of `k` clusters renumbered without the clusters no label uses, and the clusters
/// kept (old numbers, in order).
fn without_empty_clusters(labels: &[usize], k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut size = vec![0usize; k];
    for &l in labels {
        size[l] += 1;
    }
    let kept: Vec<usize> = (0..k).filter(|&c| size[c] > 0).collect();
    if kept.len() == k {
        return (labels.to_vec(), kept);
    }
    let mut new = vec![usize::MAX; k];
    for (n, &c) in kept.iter().enumerate() {
        new[c] = n;
    }
    (labels.iter().map(|&l| new[l]).collect(), kept)
}

/// Everything one analysis produces.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The data made ready for the model.
    pub prepared: Arc<Prepared>,
    /// Every K's fit and score, and the best K.
    pub selection: ModelSelection,
    /// The customers in two dimensions.
    pub projection: Arc<Projection>,
    /// The chosen K's segments.
    pub segmentation: Segmentation,
    /// Every customer's offer.
    pub offers: Vec<Offer>,
    /// The policy they were made under.
    pub policy: Policy,
    /// Each product's propensity model and every customer's probabilities.
    pub propensity: super::propensity::Propensities,
}

impl Segmentation {
    /// The customers of `prepared` with these segments.
    pub fn view<'a>(&'a self, prepared: &'a Prepared) -> SegmentedView<'a> {
        SegmentedView {
            rows: &prepared.rows,
            features: &prepared.features,
            labels: &self.labels,
            segments: &self.segments,
        }
    }
}

impl Analysis {
    /// The campaign plan under the policy's levers.
    pub fn plan(&self) -> super::plan::Plan {
        super::plan::plan(
            &self.prepared.rows,
            &self.offers,
            &self.policy,
            Some(&self.propensity),
            &self.policy.plan,
        )
    }

    /// The analysed customers: rows, features, segments and offers.
    pub fn view(&self) -> AnalysedView<'_> {
        self.segmentation
            .view(&self.prepared)
            .with_offers(&self.offers, &self.policy)
    }
}

/// Runs every stage ([`StagedRun`], then [`segment`] and the offers).
///
/// # Examples
///
/// ```
/// use c360::core::pipeline::{AnalysisParams, analyze};
/// use c360::core::policy::Policy;
/// use c360::core::summary::Filter;
/// use c360::core::synth::{DataProfile, SynthParams, synthesize};
///
/// let params = SynthParams { customers: 600, seed: 7, profile: DataProfile::Seed };
/// let ds = synthesize(&params.check().unwrap());
/// let a = analyze(&ds, &AnalysisParams::default(), &Policy::default()).unwrap();
///
/// // Every customer is in a segment and has an offer.
/// assert_eq!(a.offers.len(), 600);
/// assert_eq!(a.segmentation.labels.len(), 600);
/// assert!((2..=8).contains(&a.segmentation.chosen_k));
/// assert_eq!(a.segmentation.segments.len(), a.segmentation.chosen_k);
///
/// // The default filter passes everyone, so the summary counts all customers.
/// let v = a.view();
/// assert_eq!(v.summarize(&v.filter(&Filter::default())).customers, 600);
/// ```
pub fn analyze(ds: &Dataset, params: &AnalysisParams, policy: &Policy) -> Result<Analysis> {
    analyze_observed(Input::Dataset(ds), params, policy, &mut |_| {})
}

/// [`analyze`], calling `done` after each step with what it was ("prepare", "fit", "score",
/// "project", "segment", "propensity", "offers"): the CLI times the steps with it. Natively the
/// K's are fitted at once on every core ([`StagedRun::fit_all`]), and the propensity models
/// alongside the K-Means once the data is prepared (they need nothing else; the cores share
/// both), so "propensity" is the time left to wait for them after segmenting. The data is
/// borrowed ([`Input::Dataset`]) or handed over ([`Input::OwnedDataset`]: the CLI's import,
/// freed once prepared).
pub fn analyze_observed(
    input: Input<'_>,
    params: &AnalysisParams,
    policy: &Policy,
    done: &mut dyn FnMut(&'static str),
) -> Result<Analysis> {
    let mut run = StagedRun::new(input, params)?;
    // The data first: the stages up to the prepared Customer 360 (synthesis, the join in
    // pieces).
    while run.prepared().is_none() {
        let Some(stage) = run.next_stage() else { break };
        run.run_next()?;
        if run.next_stage() == Some(stage) {
            continue; // a piece of the synthesis or the join: reported once done
        }
        done(match stage {
            Stage::Synthesize => "synthesize",
            _ => "prepare",
        });
    }
    let prepared = run.prepared().cloned().ok_or(CoreError::NoCustomers)?;
    let fit_propensities =
        || super::propensity::fit_propensities(&prepared.rows, &prepared.features);
    #[cfg(not(target_arch = "wasm32"))]
    let (segmented, propensity) = std::thread::scope(|s| {
        let propensity = s.spawn(fit_propensities);
        let segmented = segment_run(run, done);
        let propensity = propensity
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (segmented, propensity)
    });
    #[cfg(target_arch = "wasm32")]
    let (segmented, propensity) = {
        let segmented = segment_run(run, done);
        (segmented, fit_propensities())
    };
    let (prepared, selection, projection, segmentation) = segmented?;
    done("propensity");
    let offers = segmentation
        .view(&prepared)
        .recommend(policy, Some(&propensity));
    done("offers");
    Ok(Analysis {
        prepared,
        selection,
        projection,
        segmentation,
        offers,
        policy: policy.clone(),
        propensity,
    })
}

/// The stages of a prepared run from the K-Means on ([`analyze_observed`]), then the segments.
fn segment_run(
    mut run: StagedRun<'_>,
    done: &mut dyn FnMut(&'static str),
) -> Result<(Arc<Prepared>, ModelSelection, Arc<Projection>, Segmentation)> {
    while let Some(stage) = run.next_stage() {
        match stage {
            Stage::Fit(_) => {
                run.fit_all()?;
            }
            _ => {
                run.run_next()?;
                if run.next_stage() == Some(stage) {
                    continue; // a stage in pieces: reported once done
                }
            }
        }
        done(match stage {
            Stage::Synthesize => "synthesize",
            Stage::Prepare => "prepare",
            Stage::Fit(_) => "fit",
            Stage::Score => "score",
            Stage::Project => "project",
        });
    }
    let k = run.params().get().k;
    let RunOutput {
        prepared,
        selection,
        projection,
    } = run.finish().expect("every stage has run");
    let segmentation = segment(&prepared, &selection, k);
    done("segment");
    Ok((prepared, selection, projection, segmentation))
}

//! The whole analysis, in stages that a caller can run one at a time (the browser yields between
//! them to show progress) or all at once with [`analyze`].
//!
//! ```text
//! Dataset ─prepare→ Prepared ─fit_k_on(K=2..8)+score_fits→ ModelSelection
//!                          └─project_2d→ Projection
//! (Prepared, ModelSelection, K) ─segment→ Segmentation ─recommend→ Vec<Offer>
//! ```

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::c360::{Customer360, JoinReport, join_customer_360};
use super::data::{Dataset, PlantedPersona};
use super::error::{CoreError, Result};
use super::features::{Features, MODEL_FEATURES, engineer_all, model_matrix};
use super::kmeans::Samples;
use super::metrics::adjusted_rand_index;
use super::offers::{Offer, OfferConfig, recommend};
use super::pca::{Projection, project_2d};
use super::personas::{Segment, name_segments};
use super::scaling::StandardScaler;
use super::selection::{ModelSelection, fit_k_on, score_fits};

/// Smallest and largest K the product offers.
pub const K_RANGE: (usize, usize) = (2, 8);

/// Segmentation parameters. Defaults: K auto over 2…8, 10 restarts, seed 42.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisParams {
    /// `None` = the best silhouette picks K.
    pub k: Option<usize>,
    pub k_min: usize,
    pub k_max: usize,
    pub restarts: usize,
    pub seed: u64,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        Self {
            k: None,
            k_min: K_RANGE.0,
            k_max: K_RANGE.1,
            restarts: 10,
            seed: 42,
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
        if self.restarts == 0 || self.restarts > 100 {
            return bad(format!(
                "restarts must be between 1 and 100, got {}",
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
    pub rows: Vec<Customer360>,
    pub features: Vec<Features>,
    /// Unscaled model inputs. Shape `(n_customers, 12)`.
    pub x_raw: Array2<f64>,
    /// Z-scored model inputs. Shape `(n_customers, 12)`.
    pub x: Array2<f64>,
    pub scaler: StandardScaler,
    pub join_report: JoinReport,
    /// Hidden persona per customer (synthetic realistic data only).
    pub planted: Option<Vec<PlantedPersona>>,
}

/// Joins, engineers and scales. Fails on an empty dataset, a table whose ids mostly match no
/// customer ([`join_customer_360`]) or a non-finite model input.
pub fn prepare(ds: &Dataset) -> Result<Prepared> {
    if ds.is_empty() {
        return Err(CoreError::NoCustomers);
    }
    let (rows, join_report) = join_customer_360(ds)?;
    let features = engineer_all(&rows);
    let x_raw = model_matrix(&rows, &features);
    if let Some(((i, j), v)) = x_raw.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(CoreError::InvalidParam(format!(
            "customer {} has a non-finite {} ({v})",
            rows[i].customer_id, MODEL_FEATURES[j]
        )));
    }
    let scaler = StandardScaler::fit(x_raw.view());
    let x = scaler.transform(x_raw.view());
    Ok(Prepared {
        rows,
        features,
        x_raw,
        x,
        scaler,
        join_report,
        planted: ds.planted.clone(),
    })
}

/// Fits every K of the parameters and scores them (the heavy stage).
pub fn select(prepared: &Prepared, params: &CheckedAnalysisParams) -> Result<ModelSelection> {
    let p = params.get();
    let data = Samples::new(prepared.x.view())?;
    let fits = params
        .ks()
        .into_iter()
        .map(|k| fit_k_on(&data, k, p.restarts, p.seed))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(score_fits(prepared.x.view(), fits, p.seed))
}

/// The chosen K's clusters, named and profiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub chosen_k: usize,
    /// Cluster of each customer, `0..chosen_k`.
    pub labels: Vec<usize>,
    /// Indexed by cluster.
    pub segments: Vec<Segment>,
    /// Adjusted Rand index against the planted persona, when known.
    pub planted_ari: Option<f64>,
}

/// Picks K (the override if given and fitted, else the best silhouette) and names the segments.
pub fn segment(prepared: &Prepared, selection: &ModelSelection, k: Option<usize>) -> Segmentation {
    let chosen_k = k
        .filter(|k| selection.fit_for(*k).is_some())
        .unwrap_or(selection.best_k);
    let fit = selection
        .fit_for(chosen_k)
        .or_else(|| selection.fits.first())
        .expect("model selection has at least one fit");
    let labels = fit.labels.clone();
    let k = fit.centroids.nrows();
    let segments = name_segments(
        &prepared.rows,
        prepared.x_raw.view(),
        prepared.x.view(),
        &labels,
        k,
    );
    let planted_ari = prepared.planted.as_ref().map(|p| {
        let truth: Vec<usize> = p.iter().map(|&q| q as usize).collect();
        adjusted_rand_index(&truth, &labels)
    });
    Segmentation {
        chosen_k: k,
        labels,
        segments,
        planted_ari,
    }
}

/// Everything one analysis produces.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub prepared: Prepared,
    pub selection: ModelSelection,
    pub projection: Projection,
    pub segmentation: Segmentation,
    pub offers: Vec<Offer>,
}

/// Runs every stage.
pub fn analyze(ds: &Dataset, params: &AnalysisParams, cfg: &OfferConfig) -> Result<Analysis> {
    let params = params.check()?;
    let prepared = prepare(ds)?;
    let selection = select(&prepared, &params)?;
    let projection = project_2d(prepared.x.view());
    let segmentation = segment(&prepared, &selection, params.get().k);
    let offers = recommend(
        &prepared.rows,
        &prepared.features,
        &segmentation.labels,
        &segmentation.segments,
        cfg,
    );
    Ok(Analysis {
        prepared,
        selection,
        projection,
        segmentation,
        offers,
    })
}

//! Every call from the dashboard into the core, as small synchronous functions over plain data.
//! Nothing here touches Leptos or the DOM, so a Web Worker could host these unchanged.

use std::sync::Arc;

use crate::core::c360::Customer360;
use crate::core::data::Dataset;
use crate::core::export::tables_csv;
use crate::core::features::Features;
use crate::core::offers::Offer;
use crate::core::pca::Projection;
use crate::core::personas::Segment;
use crate::core::pipeline::{Prepared, Segmentation, segment};
use crate::core::policy::Policy;
use crate::core::selection::ModelSelection;
use crate::core::summary::{Filter, Summary};
use crate::core::synth::synthesize;
use crate::core::view::{AnalysedView, SegmentedView};

use super::error::AppError;
use super::source::RunData;
use crate::core::archive;

/// How long each stage of the last analysis took, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    pub synthesize: f64,
    pub prepare: f64,
    pub fit: f64,
    pub score: f64,
    pub project: f64,
    /// Fitting the propensity models.
    pub propensity: f64,
    /// Naming the segments and making the offers of the first view ([`FirstCut`]).
    pub first_view: f64,
    /// How many of the products' propensity models Web Workers fitted.
    pub propensity_on_workers: usize,
    /// How many Web Workers fitted K-Means pieces (0: all on the page's thread).
    pub fit_workers: usize,
    /// How many K's the page fitted itself (all of them without workers; those the workers did
    /// not return otherwise).
    pub fit_on_page: usize,
}

impl Timings {
    /// Synthesis through the first view's segments and offers, each stage's own work (the page's
    /// turns between pieces and chart drawing excluded).
    pub fn total(&self) -> f64 {
        self.synthesize
            + self.prepare
            + self.fit
            + self.score
            + self.project
            + self.propensity
            + self.first_view
    }
}

/// The heavy part of an analysis: data, every K's fit and scores, and the 2-D projection.
#[derive(Debug)]
pub struct Fitted {
    /// The data analysed.
    pub data: RunData,
    pub restarts: usize,
    pub prepared: Arc<Prepared>,
    pub projection: Arc<Projection>,
    pub selection: ModelSelection,
    /// Every product's propensity model.
    pub propensity: Arc<crate::core::propensity::Propensities>,
    pub timings: Timings,
    /// The first view's segments and offers, when the run made them (see [`FirstCut`]); let go
    /// the first time the page asks for another K or policy, so that two sets of offers for
    /// every customer are not kept.
    pub first: std::sync::Mutex<Option<FirstCut>>,
}

/// The segments of one K and every offer under one policy, made by the run itself in short
/// steps for the K and policy in force when it started, so that the page's first view reuses
/// them ([`segment_customers`], [`recommend_offers`]) rather than computing them in the one task
/// that receives the run (at 10,00,000 customers, the better part of a second).
#[derive(Debug)]
pub struct FirstCut {
    /// The K asked for (`None` = best silhouette).
    pub k: Option<usize>,
    pub segmentation: Arc<Segmentation>,
    /// The policy the offers were made under.
    pub policy: Arc<Policy>,
    pub offers: Arc<Vec<Offer>>,
}

impl Fitted {
    /// What `take` finds in the run's first view; the first view is let go when it finds
    /// nothing (the page has moved on to another K or policy).
    fn reuse_first<T>(&self, take: impl FnOnce(&FirstCut) -> Option<T>) -> Option<T> {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        let found = first.as_ref().and_then(take);
        if found.is_none() {
            *first = None;
        }
        found
    }
}

/// The chosen K's segments, with the fit they come from.
#[derive(Debug)]
pub struct Segmented {
    pub fitted: Arc<Fitted>,
    pub segmentation: Arc<Segmentation>,
}

/// Segments plus every customer's offer.
#[derive(Debug)]
pub struct Offered {
    pub segmented: Arc<Segmented>,
    pub offers: Arc<Vec<Offer>>,
    /// The policy the offers were made under.
    pub policy: Arc<Policy>,
}

impl Segmented {
    /// The customers with their segments.
    pub fn view(&self) -> SegmentedView<'_> {
        self.segmentation.view(&self.fitted.prepared)
    }
}

impl Offered {
    /// The customers with their segments and offers.
    pub fn view(&self) -> AnalysedView<'_> {
        self.segmented
            .view()
            .with_offers(&self.offers, &self.policy)
    }

    /// The customer rows.
    pub fn rows(&self) -> &[Customer360] {
        &self.segmented.fitted.prepared.rows
    }

    /// The engineered features.
    pub fn features(&self) -> &[Features] {
        &self.segmented.fitted.prepared.features
    }

    /// Each customer's cluster.
    pub fn labels(&self) -> &[usize] {
        &self.segmented.segmentation.labels
    }

    /// The segments, indexed by cluster.
    pub fn segments(&self) -> &[Segment] {
        &self.segmented.segmentation.segments
    }
}

/// The customers that pass the filters, and their aggregates.
#[derive(Debug)]
pub struct Filtered {
    pub analysis: Arc<Offered>,
    /// Ascending customer indices.
    pub indices: Vec<usize>,
    pub summary: Summary,
}

/// Names the segments of K (`None` = best silhouette) from the existing fits — never refits;
/// the run's own segments when it made them for this K.
pub fn segment_customers(fitted: &Arc<Fitted>, k: Option<usize>) -> Segmented {
    let reused =
        fitted.reuse_first(|first| (first.k == k).then(|| Arc::clone(&first.segmentation)));
    let segmentation =
        reused.unwrap_or_else(|| Arc::new(segment(&fitted.prepared, &fitted.selection, k)));
    Segmented {
        fitted: Arc::clone(fitted),
        segmentation,
    }
}

/// Every customer's offer under `policy`; the run's own offers when it made them for these
/// segments under this policy.
pub fn recommend_offers(segmented: &Arc<Segmented>, policy: &Arc<Policy>) -> Offered {
    let reused = segmented.fitted.reuse_first(|first| {
        let same = Arc::ptr_eq(&first.segmentation, &segmented.segmentation)
            && (Arc::ptr_eq(&first.policy, policy) || *first.policy == **policy);
        same.then(|| Arc::clone(&first.offers))
    });
    let offers = reused.unwrap_or_else(|| {
        Arc::new(
            segmented
                .view()
                .recommend(policy, Some(&segmented.fitted.propensity)),
        )
    });
    Offered {
        segmented: Arc::clone(segmented),
        offers,
        policy: Arc::clone(policy),
    }
}

/// The customers passing `filter`, and the aggregates over them.
pub fn filter_customers(analysis: &Arc<Offered>, filter: &Filter) -> Filtered {
    let (indices, summary) = analysis.view().filter_summarize(filter);
    Filtered {
        analysis: Arc::clone(analysis),
        indices,
        summary,
    }
}

/// The row of the customer whose id is `id` (matched exactly; ids are unique), by a scan: one
/// lookup reads the ids once, where an id index built for the first lookup cost more time than
/// the scan and a copy of every id (docs/PERFORMANCE.md).
pub fn find_customer(prepared: &Prepared, id: &str) -> Option<usize> {
    prepared.rows.iter().position(|c| c.customer_id == id)
}

/// The filtered customers as CSV bytes (the columns of `customers.csv`).
pub fn export_csv(filtered: &Filtered) -> Result<Vec<u8>, AppError> {
    let indices = &filtered.indices;
    filtered.analysis.view().to_csv(indices).map_err(|e| {
        AppError::new(
            format!("The CSV file could not be written: {e}."),
            "Try again; if it keeps failing, narrow the filters.",
        )
    })
}

/// The file name of "Export data".
pub const EXPORT_FILE_NAME: &str = "c360_data.zip";

/// The six tables an analysis ran on: imported ones as they were read, synthetic ones generated
/// again from their parameters (the same parameters give the same tables).
pub fn dataset_of(data: &RunData) -> Result<Arc<Dataset>, AppError> {
    match data {
        RunData::Synthetic(p) => Ok(Arc::new(synthesize(&p.check()?))),
        RunData::Imported(d) => Ok(Arc::clone(&d.dataset)),
    }
}

/// The six tables as CSV files, `(file name, bytes)` (core::export::tables_csv).
pub fn export_tables(ds: &Dataset) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    tables_csv(ds).map_err(|e| {
        AppError::new(
            format!("The data files could not be written: {e}."),
            "Try again; if it keeps failing, reload the page.",
        )
    })
}

/// The six CSV files in one ZIP archive ([`EXPORT_FILE_NAME`]).
pub fn zip_tables(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, AppError> {
    archive::pack(files).map_err(|e| {
        AppError::new(
            format!("The ZIP file could not be written: {e}."),
            "Try again; if it keeps failing, reload the page.",
        )
    })
}

/// The campaign under the policy in force, and the default policy's with the same levers.
#[derive(Debug)]
pub struct Campaign {
    pub plan: crate::core::plan::Plan,
    pub default_plan: crate::core::plan::Plan,
}

/// The file name of "Download contact list".
pub const CONTACTS_FILE_NAME: &str = "c360_campaign.zip";

/// The plan under the policy in force and under the default policy (same budget, holdout and,
/// for offers it has, capacities), without refitting anything.
pub fn plan_campaign(
    analysis: &Offered,
    propensity: &crate::core::propensity::Propensities,
) -> Campaign {
    use crate::core::plan::plan;
    let rows = analysis.rows();
    let policy = &analysis.policy;
    let this = plan(
        rows,
        &analysis.offers,
        policy,
        Some(propensity),
        &policy.plan,
    );
    let mut default = Policy {
        plan: policy.plan.clone(),
        ..Policy::default()
    };
    default
        .plan
        .capacity
        .retain(|id, _| default.offers.iter().any(|o| &o.id == id));
    let default_offers = analysis
        .segmented
        .view()
        .recommend(&default, Some(propensity));
    let default_plan = plan(
        rows,
        &default_offers,
        &default,
        Some(propensity),
        &default.plan,
    );
    Campaign {
        plan: this,
        default_plan,
    }
}

/// The contact list (`contacts.csv`) and the policy it was planned under (`c360_policy.json`),
/// in one ZIP.
pub fn contacts_zip(analysis: &Offered, campaign: &Campaign) -> Result<Vec<u8>, AppError> {
    let csv =
        crate::core::export::write_contacts_csv(&analysis.view(), &campaign.plan).map_err(|e| {
            AppError::new(
                format!("The contact list could not be written: {e}."),
                "Try again; if it keeps failing, reload the page.",
            )
        })?;
    zip_tables(&[
        ("contacts.csv".to_string(), csv),
        (
            super::policy_edit::POLICY_FILE_NAME.to_string(),
            analysis.policy.to_json().into_bytes(),
        ),
    ])
}

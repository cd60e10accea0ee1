//! The fitted model as one versioned file ("Download model" in the app, `OUT/model.json` from
//! `c360 analyze`): the scaler, the segments' centres and names, the products' propensity models
//! and the decision policy in force. [`Model::score`] applies it to another extract of the six
//! tables without refitting anything — what `c360 score` runs for a nightly batch, and what the
//! SQL export writes out for a bank's own engine.
//!
//! Scoring is defined so that plain SQL can do the same, operation for operation: each input is
//! z-scored as `(x - mean) / scale`, the squared distance to a centre is the sum of the squared
//! differences taken in input order, and the nearest centre wins, ties to the lowest index.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::c360::{Customer360, JoinReport, join_customer_360};
use super::data::Dataset;
use super::error::{CoreError, Result};
use super::export::csv_text;
use super::features::{Features, MODEL_FEATURES, engineer_all, model_inputs};
use super::offers::{Decider, Offer};
use super::personas::{Archetype, Naming, Penetration, Segment};
use super::pipeline::{Prepared, Segmentation, non_finite_input};
use super::policy::{Policy, Subject};
use super::propensity::{Owned, ProductModel, Propensities};

/// What every model file says it is.
pub const MODEL_FORMAT: &str = "c360-model";

/// The version of the file's layout this program writes and reads. A change that an older
/// reader would misread gets a new number.
pub const MODEL_VERSION: u32 = 1;

/// A fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// [`MODEL_VERSION`] when written.
    pub version: u32,
    /// The program that fitted it, e.g. "c360 0.1.0".
    pub written_by: String,
    /// How many customers it was fitted on.
    pub customers: usize,
    /// The model inputs in order: the columns of `mean`, `scale` and every centre.
    pub inputs: Vec<String>,
    /// The inputs' means over the customers it was fitted on.
    pub mean: Vec<f64>,
    /// Their population standard deviations (1 for an input that was constant).
    pub scale: Vec<f64>,
    /// The segments, in label order.
    pub segments: Vec<ModelSegment>,
    /// One propensity model per product ([`Owned::ALL`] order).
    pub propensity: Vec<ProductModel>,
    /// The decision policy in force when it was written.
    pub policy: Policy,
}

/// One segment of a [`Model`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSegment {
    /// Its persona name (what the policy's "segment" conditions compare).
    pub name: String,
    /// The archetype it is counted under (what "persona" conditions compare).
    pub persona: String,
    /// One line on what sets it apart.
    pub description: String,
    /// Customers it held when fitted.
    pub customers: usize,
    /// Its centre in z-scored inputs.
    pub centroid: Vec<f64>,
}

/// Why a model file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

fn bad(msg: impl Into<String>) -> ModelError {
    ModelError(msg.into())
}

/// One customer's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The customer.
    pub customer_id: crate::core::data::CustomerId,
    /// Index into the model's segments.
    pub segment: usize,
    /// The decision (offer index into the policy's offers, reason, expected revenue).
    pub offer: Offer,
}

/// A model input that is not a finite number, met while scoring joined customers
/// ([`Model::score_joined`]).
#[derive(Debug)]
pub struct NonFinite {
    /// The joined customers.
    pub rows: Vec<Customer360>,
    /// The customer (index into `rows`).
    pub customer: usize,
    /// The model input (index into the model's inputs).
    pub input: usize,
    /// Its value.
    pub value: f64,
}

/// Every customer's score and what the join noticed.
#[derive(Debug, Clone)]
pub struct Scores {
    /// One per customer, in the customers table's order.
    pub rows: Vec<Score>,
    /// Orphan, missing and duplicate rows the join dropped or merged.
    pub join_report: JoinReport,
    /// Where this extract is unlike the one the model was fitted on (an input whose mean moved
    /// more than [`DRIFT_SIGMAS`] standard deviations, a segment whose share moved more than
    /// [`DRIFT_SHARE`]), in sentences; empty when nothing moved that far.
    pub drift: Vec<String>,
}

/// An input whose mean moved more than this many of the fitted standard deviations is reported.
pub const DRIFT_SIGMAS: f64 = 1.0;

/// A segment whose share of customers moved more than this (0–1) is reported.
pub const DRIFT_SHARE: f64 = 0.2;

impl Model {
    /// The model of an analysis: `prepared`'s scaler, `segmentation`'s centres and names,
    /// `propensity`'s models and `policy`.
    pub fn new(
        prepared: &Prepared,
        segmentation: &Segmentation,
        propensity: &Propensities,
        policy: &Policy,
    ) -> Model {
        let segments = segmentation
            .segments
            .iter()
            .zip(segmentation.centroids.rows())
            .map(|(s, c)| ModelSegment {
                name: s.name.clone(),
                persona: s.archetype.name().to_string(),
                description: s.description.clone(),
                customers: s.size,
                centroid: c.to_vec(),
            })
            .collect();
        Model {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            written_by: format!("c360 {}", env!("CARGO_PKG_VERSION")),
            customers: prepared.rows.len(),
            inputs: MODEL_FEATURES.iter().map(|s| s.to_string()).collect(),
            mean: prepared.scaler.mean.to_vec(),
            scale: prepared.scaler.scale.to_vec(),
            segments,
            propensity: propensity.models.clone(),
            policy: policy.clone(),
        }
    }

    /// The model as pretty-printed JSON (numbers written so they read back bit for bit).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a model serializes");
        s.push('\n');
        s
    }

    /// Reads and checks a model file.
    pub fn from_json(text: &str) -> std::result::Result<Model, ModelError> {
        // A file saved by Windows Notepad starts with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            bad(format!(
                "not a JSON file ({e}); give a model.json that c360 or the app wrote"
            ))
        })?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(MODEL_FORMAT) => {}
            _ => {
                return Err(bad(format!(
                    "not a c360 model (its \"format\" is not \"{MODEL_FORMAT}\"); give the model.json that `c360 analyze` or the app's Download model wrote"
                )));
            }
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(MODEL_VERSION) => {}
            Some(v) if v > u64::from(MODEL_VERSION) => {
                return Err(bad(format!(
                    "a version {v} model, newer than this program reads (version {MODEL_VERSION}); use the c360 that wrote it, or a newer one"
                )));
            }
            _ => {
                return Err(bad(format!(
                    "its \"version\" is missing or not {MODEL_VERSION}; write the model again with this c360"
                )));
            }
        }
        let model: Model = serde_json::from_value(value)
            .map_err(|e| bad(format!("{e}; write the model again with c360 or the app")))?;
        model.check()?;
        Ok(model)
    }

    /// Checks that the parts fit together and every number is usable.
    pub fn check(&self) -> std::result::Result<(), ModelError> {
        let d = MODEL_FEATURES.len();
        if self.inputs.len() != d || self.inputs.iter().zip(MODEL_FEATURES).any(|(a, b)| a != b) {
            return Err(bad(format!(
                "its inputs are [{}], not this program's [{}]",
                self.inputs.join(", "),
                MODEL_FEATURES.join(", ")
            )));
        }
        if self.mean.len() != d || self.scale.len() != d {
            return Err(bad(format!(
                "\"mean\" and \"scale\" must have {d} numbers each"
            )));
        }
        if let Some(j) = (0..d).find(|&j| {
            !(self.mean[j].is_finite() && self.scale[j] > 0.0 && self.scale[j].is_finite())
        }) {
            return Err(bad(format!(
                "the scaler of {} is not usable (mean {}, scale {}): a scale must be a positive number",
                self.inputs[j], self.mean[j], self.scale[j]
            )));
        }
        if self.segments.is_empty() {
            return Err(bad("it has no segment"));
        }
        for (i, s) in self.segments.iter().enumerate() {
            if s.centroid.len() != d || s.centroid.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!(
                    "segment {i} ({}) needs a centroid of {d} finite numbers",
                    s.name
                )));
            }
            if Archetype::from_name(&s.persona).is_none() {
                return Err(bad(format!(
                    "segment {i} ({}) has an unknown persona \"{}\"",
                    s.name, s.persona
                )));
            }
        }
        if self.propensity.len() != Owned::ALL.len()
            || self
                .propensity
                .iter()
                .zip(Owned::ALL)
                .any(|(m, p)| m.product != p)
        {
            return Err(bad(format!(
                "it needs one propensity model per product, in the order {}",
                Owned::ALL.map(|p| p.name()).join(", ")
            )));
        }
        for m in &self.propensity {
            let l = &m.model;
            let n = l.inputs.len();
            let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
            if l.mean.len() != n || l.scale.len() != n || l.coef.len() != n {
                return Err(bad(format!(
                    "the {} propensity model needs a mean, scale and coefficient per input",
                    m.product.name()
                )));
            }
            if !finite(&l.mean)
                || !finite(&l.coef)
                || !l.intercept.is_finite()
                || !(0.0..=1.0).contains(&m.base_rate)
                || l.scale.iter().any(|s| !(*s > 0.0 && s.is_finite()))
            {
                return Err(bad(format!(
                    "the {} propensity model has a number out of range",
                    m.product.name()
                )));
            }
        }
        self.policy
            .check()
            .map_err(|e| bad(format!("its policy: {e}")))
    }

    /// The segment of one customer's raw model inputs: z-scores them and returns the nearest
    /// centre (squared differences summed in input order; ties to the lowest index).
    pub fn assign(&self, raw: &[f64]) -> usize {
        let mut best = (f64::INFINITY, 0);
        for (s, seg) in self.segments.iter().enumerate() {
            let mut d = 0.0;
            for (j, c) in seg.centroid.iter().enumerate() {
                let z = (raw[j] - self.mean[j]) / self.scale[j];
                let diff = z - c;
                d += diff * diff;
            }
            if d < best.0 {
                best = (d, s);
            }
        }
        best.1
    }

    /// The segments as the policy's conditions see them (name and persona; the profile fields
    /// are not in the model and stay empty).
    fn policy_segments(&self) -> Vec<Segment> {
        self.segments
            .iter()
            .enumerate()
            .map(|(i, s)| Segment {
                cluster: i,
                archetype: Archetype::from_name(&s.persona).expect("checked persona"),
                naming: Naming::Archetype,
                name: s.name.clone(),
                description: s.description.clone(),
                size: s.customers,
                share: 0.0,
                penetration: Penetration::default(),
                centroid: Vec::new(),
                z_centroid: s.centroid.clone(),
                evidence: Vec::new(),
            })
            .collect()
    }

    /// Scores every customer of `ds`: joins the six tables, engineers the features, assigns
    /// the segment and decides the offer under the model's policy. Fails like the analysis on
    /// data it cannot read (no customers, a table that mostly matches no customer, a model
    /// input that is not a finite number).
    pub fn score(&self, ds: &Dataset) -> Result<Scores> {
        if ds.is_empty() {
            return Err(CoreError::NoCustomers);
        }
        let (rows, join_report) = join_customer_360(ds)?;
        self.score_joined(rows, join_report).map_err(|e| {
            let NonFinite {
                rows,
                customer,
                input,
                value,
            } = *e;
            non_finite_input(Some(ds), &rows, customer, input, value).into()
        })
    }

    /// [`Model::score`] of customers already joined (a join fed a block at a time: `c360
    /// score`). A model input that is not a finite number is returned with the rows, for the
    /// caller to locate in the tables ([`Model::score`] does).
    pub fn score_joined(
        &self,
        rows: Vec<Customer360>,
        join_report: JoinReport,
    ) -> std::result::Result<Scores, Box<NonFinite>> {
        let features = engineer_all(&rows);
        let mut segment = Vec::with_capacity(rows.len());
        let mut sums = vec![0.0; self.mean.len()];
        for (i, (c, f)) in rows.iter().zip(&features).enumerate() {
            let raw = model_inputs(c, f);
            if let Some(j) = raw.iter().position(|v| !v.is_finite()) {
                let value = raw[j];
                drop(features);
                return Err(Box::new(NonFinite {
                    rows,
                    customer: i,
                    input: j,
                    value,
                }));
            }
            for (s, v) in sums.iter_mut().zip(raw) {
                *s += v;
            }
            segment.push(self.assign(&raw));
        }
        let drift = self.drift(&sums, &segment);
        let offers = self.decide(&rows, &features, &segment);
        let scored = rows
            .into_iter()
            .zip(segment)
            .zip(offers)
            .map(|((c, segment), offer)| Score {
                customer_id: c.customer_id,
                segment,
                offer,
            })
            .collect();
        Ok(Scores {
            rows: scored,
            join_report,
            drift,
        })
    }

    /// What moved since the model was fitted: the inputs' means (`sums` over the customers) and
    /// the segments' shares (`segment` of each customer).
    fn drift(&self, sums: &[f64], segment: &[usize]) -> Vec<String> {
        let n = segment.len().max(1) as f64;
        let mut out = Vec::new();
        for (j, name) in self.inputs.iter().enumerate() {
            let mean = sums[j] / n;
            let sigmas = (mean - self.mean[j]) / self.scale[j];
            if sigmas.abs() > DRIFT_SIGMAS {
                out.push(format!(
                    "{name}: mean {} in this extract against {} when the model was fitted ({sigmas:+.1} standard deviations); check the column's units and meaning before using the scores",
                    short(mean),
                    short(self.mean[j])
                ));
            }
        }
        let fitted: usize = self.segments.iter().map(|s| s.customers).sum();
        let mut counts = vec![0usize; self.segments.len()];
        for &s in segment {
            counts[s] += 1;
        }
        for (s, seg) in self.segments.iter().enumerate() {
            let then = seg.customers as f64 / fitted.max(1) as f64;
            let now = counts[s] as f64 / n;
            if (now - then).abs() > DRIFT_SHARE {
                out.push(format!(
                    "segment {}: {:.0} % of these customers against {:.0} % when the model was fitted",
                    seg.name,
                    now * 100.0,
                    then * 100.0
                ));
            }
        }
        out
    }

    /// Every customer's offer under the model's policy, given their segments.
    fn decide(&self, rows: &[Customer360], features: &[Features], segment: &[usize]) -> Vec<Offer> {
        let propensity = Propensities {
            models: self.propensity.clone(),
            scores: rows
                .iter()
                .zip(features)
                .map(|(c, f)| {
                    let p = |k: usize| self.propensity[k].model.predict(c, f);
                    [p(0), p(1), p(2)]
                })
                .collect(),
        };
        let segments = self.policy_segments();
        let decider = Decider::new(&self.policy, Some(&propensity));
        rows.iter()
            .zip(features)
            .zip(segment)
            .enumerate()
            .map(|(i, ((row, features), &s))| {
                decider.decide(
                    i,
                    &Subject {
                        row,
                        features,
                        segment: &segments[s],
                    },
                )
            })
            .collect()
    }

    /// `scores.csv`: customer_id, segment, offer, reason, expected_value (the offer's expected
    /// revenue, INR, written in full so it reads back exactly). Text cells that a spreadsheet
    /// would run as a formula are written with a leading apostrophe.
    pub fn scores_csv(&self, scores: &Scores) -> Vec<u8> {
        self.write_scores_csv(scores, Vec::new())
            .expect("writing to memory")
    }

    /// [`Model::scores_csv`] written to `out` (a file: `c360 score` writes as it goes); gives
    /// `out` back.
    pub fn write_scores_csv<W: std::io::Write>(
        &self,
        scores: &Scores,
        out: W,
    ) -> std::result::Result<W, csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SCORE_COLUMNS)?;
        for s in &scores.rows {
            let offer = s
                .offer
                .offer
                .map_or("", |o| self.policy.offers[o].name.as_str());
            w.write_record([
                &*csv_text(&s.customer_id),
                &*csv_text(&self.segments[s.segment].name),
                &*csv_text(offer),
                &*csv_text(&s.offer.reason),
                &format!("{:?}", s.offer.expected_revenue),
            ])?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}

/// The columns of `scores.csv` (and of the SQL export's result).
pub const SCORE_COLUMNS: [&str; 5] = [
    "customer_id",
    "segment",
    "offer",
    "reason",
    "expected_value",
];

/// A number for a sentence: whole (grouped the Indian way) from 100 up, else three decimals.
fn short(v: f64) -> String {
    if v.abs() >= 100.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        format!(
            "{sign}{}",
            super::numbers::group_indian(v.abs().round() as u64)
        )
    } else {
        format!("{v:.3}")
    }
}

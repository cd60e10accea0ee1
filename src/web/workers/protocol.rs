//! The messages between the page and its fit workers ([`super::pool`] sends, [`super::worker`]
//! answers), as plain JavaScript objects with typed arrays (their buffers transferred): the data
//! set and a propensity job's inputs go a piece of rows per message, a fit's labels as one byte
//! per customer.
//!
//! ```text
//! page → worker  {kind: "values", to: "data"|"inputs", id, total, from, x: Float64Array}
//!                                         a piece of a data set's or a job's values, in order
//! page → worker  {kind: "data-sent", data, rows, cols}        the data set's pieces are all sent
//! page → worker  {kind: "fit", job, data, k, from, to, seed: "decimal"}    restarts from..to
//! worker → page  {kind: "ready"}                                          once, after start
//! worker → page  {kind: "fit", job, k, restart, centroids: Float64Array, labels: Uint8Array,
//!                 inertia, n_iter}                                        the best of those restarts
//! worker → page  {kind: "error", job, message}
//! page → worker  {kind: "propensity-sent", job, product, cols, y: Uint8Array}
//!                                         fit the product on the job's inputs sent before
//! worker → page  {kind: "propensity", job, model: "JSON", scores: Float64Array}
//! ```
//!
//! The worker copies each piece into its own memory and detaches the piece's buffer, so a large
//! data set never lies whole in its JavaScript memory beside the copy. A propensity job's first
//! piece makes the worker let its data set go to make room; the page sends the data set again
//! before a later fit.
//!
//! Seeds travel as decimal strings: a `u64` does not fit a JavaScript number.

use std::ops::Range;

use js_sys::{Float64Array, Object, Reflect, Uint8Array};
use ndarray::Array2;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::c360::Customer360;
use crate::core::features::Features;
use crate::core::kmeans::{KMeansFit, RestartFit};
use crate::core::propensity::{Design, Owned, ProductFit};

/// A task for a worker: restarts `restarts` of fitting K on the data set `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitJob {
    pub job: u32,
    pub data: u32,
    pub k: usize,
    pub restarts: Range<usize>,
    pub seed: u64,
}

impl FitJob {
    /// Whether `fit` can be this job's answer for data of `rows × cols`: K centroids of `cols`
    /// values, one label per row (each below K, checked when it was read), a finite inertia and
    /// the kept restart within the job's range. Anything else is a bug or a foreign worker; the page must not use
    /// it (the silhouette would index out of range).
    pub fn accepts(&self, rows: usize, cols: usize, fit: &RestartFit) -> bool {
        fit.fit.centroids.dim() == (self.k, cols)
            && fit.fit.labels.len() == rows
            && self.restarts.contains(&fit.restart)
            && fit.fit.inertia.is_finite()
    }
}

/// A message to a worker. (The page builds its messages with the `*_to_js` functions, which
/// borrow the values; a [`ToWorker`] is what the worker reads.)
#[derive(Debug, Clone, PartialEq)]
pub enum ToWorker {
    Fit(FitJob),
    /// A piece of values sent ahead of the message that uses them ([`ToWorker::DataSent`],
    /// [`ToWorker::PropensitySent`]): the worker copies each piece into its memory as it comes
    /// and lets the piece's buffer go, so that a large data set never lies in the worker's
    /// JavaScript memory whole beside its copy (at 10,00,000 customers 96 MB).
    Values {
        /// What the values are for.
        to: ValuesFor,
        /// Values in all (the first piece reserves the room).
        total: usize,
        /// The index of the piece's first value.
        from: usize,
        x: Vec<f64>,
    },
    /// The data set whose values came in [`ToWorker::Values`] for [`ValuesFor::Data`]: the
    /// z-scored model matrix, row-major, `rows × cols`.
    DataSent {
        data: u32,
        rows: usize,
        cols: usize,
    },
    /// Fit one product's propensity model on the inputs that came in [`ToWorker::Values`] for
    /// [`ValuesFor::Inputs`] of this job (`y`: who holds the product).
    PropensitySent {
        job: u32,
        product: Owned,
        cols: usize,
        y: Vec<bool>,
    },
}

/// What a [`ToWorker::Values`] piece belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValuesFor {
    /// The data set of this id.
    Data(u32),
    /// The inputs of this propensity job.
    Inputs(u32),
}

/// A message from a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum FromWorker {
    Ready,
    Fit { job: u32, fit: RestartFit },
    Propensity { job: u32, fit: Box<ProductFit> },
    Error { job: u32, message: String },
}

/// A malformed message (a bug, or a page and worker of different builds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl ToWorker {
    /// The message as a JavaScript object (and the buffer to transfer, if any).
    pub fn to_js(&self) -> (JsValue, Option<JsValue>) {
        match self {
            ToWorker::Fit(j) => {
                let o = Object::new();
                set(&o, "kind", "fit".into());
                set(&o, "job", j.job.into());
                set(&o, "data", j.data.into());
                set(&o, "k", (j.k as f64).into());
                set(&o, "from", (j.restarts.start as f64).into());
                set(&o, "to", (j.restarts.end as f64).into());
                set(&o, "seed", j.seed.to_string().into());
                (o.into(), None)
            }
            ToWorker::Values { to, total, from, x } => {
                let (o, buffer) = Self::values_to_js(*to, *total, *from, x);
                (o, Some(buffer))
            }
            ToWorker::DataSent { data, rows, cols } => {
                (Self::data_sent_to_js(*data, *rows, *cols), None)
            }
            ToWorker::PropensitySent {
                job,
                product,
                cols,
                y,
            } => (Self::propensity_sent_to_js(*job, *product, *cols, y), None),
        }
    }

    /// A [`ToWorker::Values`] message for borrowed values (copied once into JavaScript), and
    /// its buffer to transfer.
    pub fn values_to_js(to: ValuesFor, total: usize, from: usize, x: &[f64]) -> (JsValue, JsValue) {
        let o = Object::new();
        let arr = Float64Array::from(x);
        let (what, id) = match to {
            ValuesFor::Data(id) => ("data", id),
            ValuesFor::Inputs(job) => ("inputs", job),
        };
        set(&o, "kind", "values".into());
        set(&o, "to", what.into());
        set(&o, "id", id.into());
        set(&o, "total", (total as f64).into());
        set(&o, "from", (from as f64).into());
        set(&o, "x", arr.clone().into());
        (o.into(), arr.buffer().into())
    }

    /// A [`ToWorker::DataSent`] message.
    pub fn data_sent_to_js(data: u32, rows: usize, cols: usize) -> JsValue {
        let o = Object::new();
        set(&o, "kind", "data-sent".into());
        set(&o, "data", data.into());
        set(&o, "rows", (rows as f64).into());
        set(&o, "cols", (cols as f64).into());
        o.into()
    }

    /// A [`ToWorker::PropensitySent`] message.
    pub fn propensity_sent_to_js(job: u32, product: Owned, cols: usize, y: &[bool]) -> JsValue {
        let o = Object::new();
        let y: Vec<u8> = y.iter().map(|&b| u8::from(b)).collect();
        set(&o, "kind", "propensity-sent".into());
        set(&o, "job", job.into());
        set(&o, "product", product.name().into());
        set(&o, "cols", (cols as f64).into());
        set(&o, "y", Uint8Array::from(y.as_slice()).into());
        o.into()
    }

    /// Reads a message built by [`ToWorker::to_js`].
    pub fn from_js(v: &JsValue) -> Result<Self, ProtocolError> {
        match get_str(v, "kind")?.as_str() {
            "fit" => Ok(ToWorker::Fit(FitJob {
                job: get_u32(v, "job")?,
                data: get_u32(v, "data")?,
                k: get_usize(v, "k")?,
                restarts: get_usize(v, "from")?..get_usize(v, "to")?,
                seed: get_str(v, "seed")?
                    .parse()
                    .map_err(|_| ProtocolError("seed is not a u64".into()))?,
            })),
            "values" => {
                let id = get_u32(v, "id")?;
                let to = match get_str(v, "to")?.as_str() {
                    "data" => ValuesFor::Data(id),
                    "inputs" => ValuesFor::Inputs(id),
                    other => return Err(ProtocolError(format!("values for {other:?}"))),
                };
                let (total, from) = (get_usize(v, "total")?, get_usize(v, "from")?);
                let x = take_f64(v, "x")?;
                if from.saturating_add(x.len()) > total {
                    return Err(ProtocolError(format!(
                        "values {from}.. ({}) past {total}",
                        x.len()
                    )));
                }
                Ok(ToWorker::Values { to, total, from, x })
            }
            "data-sent" => Ok(ToWorker::DataSent {
                data: get_u32(v, "data")?,
                rows: get_usize(v, "rows")?,
                cols: get_usize(v, "cols")?,
            }),
            "propensity-sent" => Ok(ToWorker::PropensitySent {
                job: get_u32(v, "job")?,
                product: get_product(v)?,
                cols: get_usize(v, "cols")?,
                y: get_flags(v, "y")?,
            }),
            other => Err(ProtocolError(format!("unknown message kind {other:?}"))),
        }
    }
}

/// A propensity job for one product sent a piece of customers at a time: its inputs as
/// [`ToWorker::Values`] pieces ([`PropensityMessage::next_piece`]), then
/// [`ToWorker::PropensitySent`] ([`PropensityMessage::finish`]). The page never holds the
/// product's inputs whole, in its memory or in JavaScript's (at 10,00,000 customers 72–80 MB per
/// product; a WebAssembly memory keeps its largest size for good), and takes turns between
/// pieces. The values are those of [`Design::of`].
#[derive(Debug)]
pub struct PropensityMessage {
    job: u32,
    product: Owned,
    inputs: Vec<crate::core::features::Feature>,
    /// Customers sent so far.
    next: usize,
    /// One piece's values.
    piece: Vec<f64>,
}

impl PropensityMessage {
    /// A job fitting `product`, nothing sent yet.
    pub fn new(job: u32, product: Owned) -> Self {
        Self {
            job,
            product,
            inputs: product.inputs(),
            next: 0,
            piece: Vec::new(),
        }
    }

    /// The number of inputs.
    pub fn cols(&self) -> usize {
        self.inputs.len()
    }

    /// The [`ToWorker::Values`] message of the next up to `customers` customers (at least
    /// one) of `rows` (the same every call) and its buffer to transfer; `None` once every
    /// customer is in a piece.
    pub fn next_piece(
        &mut self,
        rows: &[Customer360],
        features: &[Features],
        customers: usize,
    ) -> Option<(JsValue, JsValue)> {
        let d = self.inputs.len();
        let from = self.next;
        if from >= rows.len() {
            return None;
        }
        let to = from.saturating_add(customers.max(1)).min(rows.len());
        self.piece.clear();
        Design::extend_inputs(
            &self.inputs,
            &rows[from..to],
            &features[from..to],
            &mut self.piece,
        );
        self.next = to;
        let total = rows.len() * d;
        Some(ToWorker::values_to_js(
            ValuesFor::Inputs(self.job),
            total,
            from * d,
            &self.piece,
        ))
    }

    /// The [`ToWorker::PropensitySent`] message that starts the fit (after the last piece).
    pub fn finish(&self, rows: &[Customer360]) -> JsValue {
        let y = Design::held(rows, self.product);
        ToWorker::propensity_sent_to_js(self.job, self.product, self.inputs.len(), &y)
    }
}

impl FromWorker {
    /// The message as a JavaScript object (and the buffers to transfer).
    pub fn to_js(&self) -> (JsValue, Vec<JsValue>) {
        let o = Object::new();
        match self {
            FromWorker::Ready => {
                set(&o, "kind", "ready".into());
                (o.into(), Vec::new())
            }
            FromWorker::Fit {
                job,
                fit: RestartFit { restart, fit },
            } => {
                let centroids = Float64Array::from(
                    fit.centroids.as_standard_layout().as_slice().unwrap_or(&[]),
                );
                // K ≤ 8 (pipeline::K_RANGE): a label fits a byte.
                let labels: Vec<u8> = fit.labels.iter().map(|&l| l as u8).collect();
                let labels = Uint8Array::from(labels.as_slice());
                set(&o, "kind", "fit".into());
                set(&o, "job", (*job).into());
                set(&o, "restart", (*restart as f64).into());
                set(&o, "k", (fit.centroids.nrows() as f64).into());
                set(&o, "centroids", centroids.clone().into());
                set(&o, "labels", labels.clone().into());
                set(&o, "inertia", fit.inertia.into());
                set(&o, "n_iter", (fit.n_iter as f64).into());
                (
                    o.into(),
                    vec![centroids.buffer().into(), labels.buffer().into()],
                )
            }
            FromWorker::Propensity { job, fit } => {
                let scores = Float64Array::from(fit.scores.as_slice());
                let model = serde_json::to_string(&fit.model).unwrap_or_default();
                set(&o, "kind", "propensity".into());
                set(&o, "job", (*job).into());
                set(&o, "model", model.into());
                set(&o, "scores", scores.clone().into());
                (o.into(), vec![scores.buffer().into()])
            }
            FromWorker::Error { job, message } => {
                set(&o, "kind", "error".into());
                set(&o, "job", (*job).into());
                set(&o, "message", message.as_str().into());
                (o.into(), Vec::new())
            }
        }
    }

    /// Reads a message built by [`FromWorker::to_js`].
    pub fn from_js(v: &JsValue) -> Result<Self, ProtocolError> {
        match get_str(v, "kind")?.as_str() {
            "ready" => Ok(FromWorker::Ready),
            "fit" => {
                let k = get_usize(v, "k")?;
                let centroids = get(v, "centroids")?
                    .dyn_into::<Float64Array>()
                    .map_err(|_| ProtocolError("centroids is not a Float64Array".into()))?
                    .to_vec();
                if k == 0 || centroids.len() % k != 0 {
                    return Err(ProtocolError(format!(
                        "{} centroid values for K = {k}",
                        centroids.len()
                    )));
                }
                let cols = centroids.len() / k;
                let centroids = Array2::from_shape_vec((k, cols), centroids)
                    .map_err(|e| ProtocolError(e.to_string()))?;
                let labels = get(v, "labels")?
                    .dyn_into::<Uint8Array>()
                    .map_err(|_| ProtocolError("labels is not a Uint8Array".into()))?
                    .to_vec();
                if let Some(&bad) = labels.iter().find(|&&l| usize::from(l) >= k) {
                    return Err(ProtocolError(format!("label {bad} for K = {k}")));
                }
                Ok(FromWorker::Fit {
                    job: get_u32(v, "job")?,
                    fit: RestartFit {
                        restart: get_usize(v, "restart")?,
                        fit: KMeansFit {
                            centroids,
                            labels: labels.into_iter().map(usize::from).collect(),
                            inertia: get_f64(v, "inertia")?,
                            n_iter: get_usize(v, "n_iter")?,
                        },
                    },
                })
            }
            "propensity" => {
                let model = serde_json::from_str(&get_str(v, "model")?)
                    .map_err(|e| ProtocolError(format!("model: {e}")))?;
                let scores = get(v, "scores")?
                    .dyn_into::<Float64Array>()
                    .map_err(|_| ProtocolError("scores is not a Float64Array".into()))?
                    .to_vec();
                Ok(FromWorker::Propensity {
                    job: get_u32(v, "job")?,
                    fit: Box::new(ProductFit { model, scores }),
                })
            }
            "error" => Ok(FromWorker::Error {
                job: get_u32(v, "job")?,
                message: get_str(v, "message")?,
            }),
            other => Err(ProtocolError(format!("unknown message kind {other:?}"))),
        }
    }
}

fn set(o: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(o, &key.into(), &value);
}

/// The values of the Float64Array `key` of `v`, copied into this module's memory; its buffer is
/// then let go at once (detached by `ArrayBuffer.prototype.transfer(0)`, where the browser has
/// it) rather than at the worker's next garbage collection, which a fit lasting seconds holds
/// off: at 10,00,000 customers the data are 96 MB.
fn take_f64(v: &JsValue, key: &str) -> Result<Vec<f64>, ProtocolError> {
    let array = get(v, key)?
        .dyn_into::<Float64Array>()
        .map_err(|_| ProtocolError(format!("{key} is not a Float64Array")))?;
    let values = array.to_vec();
    let buffer = array.buffer();
    if let Ok(transfer) =
        Reflect::get(&buffer, &"transfer".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        // Failing leaves the buffer to the garbage collector, as before.
        let _ = transfer.call1(&buffer, &0.into());
    }
    Ok(values)
}

fn get(v: &JsValue, key: &str) -> Result<JsValue, ProtocolError> {
    Reflect::get(v, &key.into())
        .ok()
        .filter(|x| !x.is_undefined())
        .ok_or_else(|| ProtocolError(format!("missing field {key}")))
}

fn get_str(v: &JsValue, key: &str) -> Result<String, ProtocolError> {
    get(v, key)?
        .as_string()
        .ok_or_else(|| ProtocolError(format!("{key} is not a string")))
}

fn get_f64(v: &JsValue, key: &str) -> Result<f64, ProtocolError> {
    get(v, key)?
        .as_f64()
        .ok_or_else(|| ProtocolError(format!("{key} is not a number")))
}

fn get_usize(v: &JsValue, key: &str) -> Result<usize, ProtocolError> {
    let x = get_f64(v, key)?;
    if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 {
        Ok(x as usize)
    } else {
        Err(ProtocolError(format!("{key} = {x} is not a count")))
    }
}

fn get_u32(v: &JsValue, key: &str) -> Result<u32, ProtocolError> {
    get_usize(v, key).map(|x| x as u32)
}

fn get_product(v: &JsValue) -> Result<Owned, ProtocolError> {
    let name = get_str(v, "product")?;
    Owned::ALL
        .into_iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| ProtocolError(format!("unknown product {name:?}")))
}

/// The Uint8Array `key` of `v` as flags (non-zero is true).
fn get_flags(v: &JsValue, key: &str) -> Result<Vec<bool>, ProtocolError> {
    let y = get(v, key)?
        .dyn_into::<Uint8Array>()
        .map_err(|_| ProtocolError(format!("{key} is not a Uint8Array")))?
        .to_vec();
    Ok(y.into_iter().map(|b| b != 0).collect())
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;

    #[test]
    fn a_fit_answers_a_job_only_with_its_shape_and_restarts() {
        let job = FitJob {
            job: 1,
            data: 1,
            k: 2,
            restarts: 3..6,
            seed: 0,
        };
        let fit = |k: usize, cols: usize, rows: usize, restart: usize| RestartFit {
            restart,
            fit: KMeansFit {
                centroids: Array2::zeros((k, cols)),
                labels: vec![0; rows],
                inertia: 0.0,
                n_iter: 1,
            },
        };
        assert!(job.accepts(5, 3, &fit(2, 3, 5, 3)));
        assert!(job.accepts(5, 3, &fit(2, 3, 5, 5)));
        assert!(!job.accepts(5, 3, &fit(3, 3, 5, 3)), "K");
        assert!(!job.accepts(5, 3, &fit(2, 4, 5, 3)), "columns");
        assert!(!job.accepts(5, 3, &fit(2, 3, 4, 3)), "one label per row");
        assert!(
            !job.accepts(5, 3, &fit(2, 3, 5, 6)),
            "restart outside the job"
        );
        assert!(
            !job.accepts(5, 3, &fit(2, 3, 5, 2)),
            "restart outside the job"
        );
    }

    /// A NaN or infinite inertia would win or break `RestartFit::better`'s fold: refused.
    #[test]
    fn a_fit_with_a_non_finite_inertia_answers_no_job() {
        let job = FitJob {
            job: 1,
            data: 1,
            k: 2,
            restarts: 0..2,
            seed: 0,
        };
        let fit = |inertia: f64| RestartFit {
            restart: 1,
            fit: KMeansFit {
                centroids: Array2::zeros((2, 3)),
                labels: vec![1; 5],
                inertia,
                n_iter: 4,
            },
        };
        assert!(job.accepts(5, 3, &fit(12.5)));
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(!job.accepts(5, 3, &fit(bad)), "inertia {bad}");
        }
    }
}

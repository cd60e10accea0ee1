//! The fit worker: the same WebAssembly module as the page, started in a dedicated Web Worker by
//! `public/fit-worker.js`. Its `main()` sees no window and calls [`serve`] instead of mounting the
//! dashboard; from then on it answers [`super::protocol`] messages with K-Means fits.

use std::cell::RefCell;

use js_sys::Array;
use ndarray::Array2;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::protocol::{FitJob, FromWorker, ToWorker, ValuesFor};
use crate::core::kmeans::{KMeansError, RestartFit, Samples};
use crate::core::propensity::{Design, fit_product};
use crate::core::selection::{FIT_SAMPLE, fit_k, fit_k_all, fit_sample, fit_sample_size};

/// True inside a dedicated worker (no window, no document).
pub fn in_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

/// The data set a worker holds: its id and the model matrix, laid out for the fits.
#[derive(Default)]
pub struct WorkerState {
    /// `Err` holds why the data cannot be fitted (a non-finite value).
    data: Option<(u32, Result<Samples, KMeansError>)>,
    /// Values coming in pieces ([`ToWorker::Values`]): what for, how many in all, those so far.
    received: Option<(ValuesFor, usize, Vec<f64>)>,
}

impl WorkerState {
    /// Handles one message; returns the reply, if any.
    pub fn handle(&mut self, msg: ToWorker) -> Option<FromWorker> {
        match msg {
            ToWorker::Fit(job) => Some(self.fit(job)),
            ToWorker::Values { to, total, from, x } => {
                self.receive(to, total, from, &x);
                None
            }
            ToWorker::DataSent { data, rows, cols } => {
                self.data = self
                    .take_received(ValuesFor::Data(data), rows * cols)
                    .and_then(|x| Array2::from_shape_vec((rows, cols), x).ok())
                    .map(|x| (data, Samples::from_array(x)));
                None
            }
            ToWorker::PropensitySent {
                job,
                product,
                cols,
                y,
            } => {
                let Some(x) = self.take_received(ValuesFor::Inputs(job), y.len() * cols) else {
                    return Some(FromWorker::Error {
                        job,
                        message: format!("the inputs of job {job} did not all arrive"),
                    });
                };
                let design = Design {
                    product,
                    cols,
                    x,
                    y,
                };
                if !design.is_consistent() {
                    return Some(FromWorker::Error {
                        job,
                        message: format!("{cols} inputs are not those of {}", product.name()),
                    });
                }
                // The first piece of the inputs let the data set go (`receive`): the page sends
                // it again for a later fit, and the model reuses its memory (a WebAssembly
                // memory never shrinks; at 10,00,000 customers the data laid out for K-Means is
                // ~150 MB).
                Some(FromWorker::Propensity {
                    job,
                    fit: Box::new(fit_product(&design)),
                })
            }
        }
    }

    /// Copies a piece of values in. The first piece (`from` 0) lets go of what was received
    /// before and of the data set (the new values take their memory: a WebAssembly memory never
    /// shrinks) and reserves room for `total`; a piece out of order drops what was received,
    /// so the message that uses the values fails as incomplete.
    fn receive(&mut self, to: ValuesFor, total: usize, from: usize, x: &[f64]) {
        if from == 0 {
            self.received = None;
            self.data = None;
            self.received = Some((to, total, Vec::with_capacity(total)));
        }
        match &mut self.received {
            Some((t, n, values)) if *t == to && *n == total && values.len() == from => {
                values.extend_from_slice(x);
            }
            _ => self.received = None,
        }
    }

    /// The values received for `to`, if they are all there and `len` of them.
    fn take_received(&mut self, to: ValuesFor, len: usize) -> Option<Vec<f64>> {
        match self.received.take() {
            Some((t, total, values)) if t == to && total == len && values.len() == len => {
                Some(values)
            }
            _ => None,
        }
    }

    fn fit(&self, job: FitJob) -> FromWorker {
        match &self.data {
            Some((id, samples)) if *id == job.data => {
                let fit = samples
                    .as_ref()
                    .map_err(|e| e.to_string())
                    .and_then(|x| fit_piece(x, &job));
                match fit {
                    Ok(fit) => FromWorker::Fit { job: job.job, fit },
                    Err(message) => FromWorker::Error {
                        job: job.job,
                        message,
                    },
                }
            }
            _ => FromWorker::Error {
                job: job.job,
                message: format!("the worker does not hold data set {}", job.data),
            },
        }
    }
}

/// A piece's answer: restarts of K on the data; on data large enough to fit on a sample
/// ([`FIT_SAMPLE`]) the page hands out every restart of a K as one piece
/// (`crate::app::fit_plan::FitPlan::pieces_per_k`), answered with the K's whole fit — restarts on
/// the sample, refined on every row ([`fit_k_all`]), as the page would fit it.
fn fit_piece(x: &Samples, job: &FitJob) -> Result<RestartFit, String> {
    if fit_sample_size(x.n_samples()).is_none() {
        return fit_k(x, job.k, job.restarts.clone(), job.seed).map_err(|e| e.to_string());
    }
    if job.restarts.start != 0 {
        // The page cut a K the worker fits whole: answering would pass off restarts 0.. as
        // this range. An error sends the K back to the page.
        return Err(format!(
            "restarts {:?} of K = {}: above {FIT_SAMPLE} customers a piece holds every restart of its K",
            job.restarts, job.k
        ));
    }
    let sample = fit_sample(x, job.seed);
    let fit = fit_k_all(x, sample.as_ref(), job.k, job.restarts.end, job.seed)
        .map_err(|e| e.to_string())?;
    Ok(RestartFit {
        restart: job.restarts.start,
        fit,
    })
}

/// Installs the message handler and tells the page this worker is ready.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = RefCell::new(WorkerState::default());
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let reply = match ToWorker::from_js(&e.data()) {
            Ok(msg) => state.borrow_mut().handle(msg),
            // A job id may still be readable: answer it so the page does not wait.
            Err(err) => js_sys::Reflect::get(&e.data(), &"job".into())
                .ok()
                .and_then(|j| j.as_f64())
                .map(|job| FromWorker::Error {
                    job: job as u32,
                    message: format!("bad message: {}", err.0),
                }),
        };
        if let Some(reply) = reply {
            post(&reply_to, &reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    warm_up();
    post(&scope, &FromWorker::Ready);
}

/// A small fit on made-up data, run once while the page is still loading, so that the browser
/// has compiled the k-means code (lazily, on first call) before the first real fit needs it.
/// Its result is thrown away; it takes a few milliseconds.
fn warm_up() {
    let x = Array2::from_shape_fn((256, 12), |(i, f)| ((i * 7 + f * 13) % 17) as f64);
    if let Ok(samples) = Samples::new(x.view()) {
        let _ = fit_k(&samples, 8, 0..2, 0);
    }
}

/// Posts a message; if that fails (it should not), posts an error for its job instead, so the
/// page does not wait for an answer that will never come.
fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker) {
    let (value, transfer) = msg.to_js();
    let transfer: Array = transfer.into_iter().collect();
    if scope.post_message_with_transfer(&value, &transfer).is_ok() {
        return;
    }
    if let FromWorker::Fit { job, .. } = msg {
        let error = FromWorker::Error {
            job: *job,
            message: "the fit could not be sent to the page".into(),
        };
        let _ = scope.post_message(&error.to_js().0);
    }
}

//! The page's fit workers: dedicated Web Workers running this same WebAssembly module (see
//! [`super::fit_worker`]), one per core up to [`MAX_WORKERS`]. The K-Means fits of a run go to
//! them, largest K first, each worker taking the next K when it finishes one; the page's own
//! thread stays free to paint progress and answer the user. They start with the first run that
//! needs them ([`Workers::for_customers`]), in parallel with its synthesis, and warm up while
//! they wait.
//!
//! Nothing here is required: a worker that fails to start (no module workers, a blocked script,
//! no answer within [`START_TIMEOUT_MS`]) or dies mid-fit is dropped, and the K's it did not return
//! are left for the caller to fit on the page. Every fit is the same pure `fit_k` with the same
//! inputs wherever it runs, so results do not depend on where they were computed.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::{Arc, Weak};

use std::pin::pin;

use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::{Either, select};
use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::fit_plan::FitPlan;
use super::fit_protocol::{FitJob, FromWorker, ToWorker};
use crate::core::kmeans::{KMeansFit, RestartFit};
use crate::core::pipeline::Prepared;

/// At most this many workers (there are at most 7 K's to fit).
pub const MAX_WORKERS: usize = 4;

/// A worker that has not said "ready" by then is given up.
pub const START_TIMEOUT_MS: i32 = 10_000;

/// The worker bootstrap script, relative to the page (`public/fit-worker.js`).
const SCRIPT: &str = "fit-worker.js";

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
    /// `import.meta` of the wasm-bindgen glue module: its URL is what a worker imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Starting,
    Ready,
    Dead,
}

type Reply = Result<RestartFit, String>;

struct SlotState {
    status: Status,
    ready_waiters: Vec<oneshot::Sender<bool>>,
    pending: HashMap<u32, oneshot::Sender<Reply>>,
    /// The data set this worker holds.
    data: Option<u32>,
}

impl SlotState {
    fn set_status(&mut self, status: Status) {
        self.status = status;
        for w in self.ready_waiters.drain(..) {
            let _ = w.send(status == Status::Ready);
        }
        if status == Status::Dead {
            self.pending.clear(); // their receivers see the worker is gone
        }
    }
}

/// One worker and its bookkeeping.
struct Slot {
    worker: Worker,
    state: Rc<RefCell<SlotState>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Slot {
    fn start(glue: &str) -> Option<Slot> {
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let url = web_sys::window()?.document()?.base_uri().ok().flatten()?;
        let url = web_sys::Url::new_with_base(SCRIPT, &url).ok()?.href();
        let worker = Worker::new_with_options(&url, &opts).ok()?;
        let state = Rc::new(RefCell::new(SlotState {
            status: Status::Starting,
            ready_waiters: Vec::new(),
            pending: HashMap::new(),
            data: None,
        }));

        let st = Rc::clone(&state);
        let w = worker.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let kind = js_sys::Reflect::get(&data, &"kind".into())
                .ok()
                .and_then(|k| k.as_string());
            if kind.as_deref() == Some("failed") {
                console_warn(&data);
                w.terminate();
                st.borrow_mut().set_status(Status::Dead);
                return;
            }
            match FromWorker::from_js(&data) {
                Ok(FromWorker::Ready) => st.borrow_mut().set_status(Status::Ready),
                Ok(FromWorker::Fit { job, fit }) => reply(&st, job, Ok(fit)),
                Ok(FromWorker::Error { job, message }) => reply(&st, job, Err(message)),
                Err(err) => {
                    // A worker that speaks nonsense is not trusted with more work.
                    console_warn(&format!("fit worker: {}", err.0).into());
                    w.terminate();
                    st.borrow_mut().set_status(Status::Dead);
                }
            }
        });
        let st = Rc::clone(&state);
        let w = worker.clone();
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default(); // handled here: the page fits by itself
            w.terminate();
            st.borrow_mut().set_status(Status::Dead);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));

        let boot = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&boot, &"glue".into(), &glue.into());
        let _ = js_sys::Reflect::set(&boot, &"module".into(), &wasm_bindgen::module());
        if worker.post_message(&boot).is_err() {
            worker.terminate();
            return None;
        }

        let st = Rc::clone(&state);
        let w = worker.clone();
        let give_up = Closure::once_into_js(move || {
            if st.borrow().status == Status::Starting {
                w.terminate();
                st.borrow_mut().set_status(Status::Dead);
            }
        });
        let _ = web_sys::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(
            give_up.unchecked_ref(),
            START_TIMEOUT_MS,
        );

        Some(Slot {
            worker,
            state,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Waits until the worker is ready (true) or gone (false).
    async fn ready(&self) -> bool {
        let rx = {
            let mut s = self.state.borrow_mut();
            match s.status {
                Status::Ready => return true,
                Status::Dead => return false,
                Status::Starting => {
                    let (tx, rx) = oneshot::channel();
                    s.ready_waiters.push(tx);
                    rx
                }
            }
        };
        rx.await.unwrap_or(false)
    }

    /// Sends the data set unless the worker holds it already.
    fn ensure_data(&self, id: u32, prepared: &Prepared) -> bool {
        if self.state.borrow().data == Some(id) {
            return true;
        }
        let x = prepared.x.as_standard_layout();
        let Some(values) = x.as_slice() else {
            return false;
        };
        let (msg, transfer) = ToWorker::data_to_js(id, x.nrows(), x.ncols(), values);
        let transfer: Array = transfer.into_iter().collect();
        if self
            .worker
            .post_message_with_transfer(&msg, &transfer)
            .is_err()
        {
            return false;
        }
        self.state.borrow_mut().data = Some(id);
        true
    }

    /// Runs one fit: `None` if the worker died (or was gone), else its answer.
    async fn fit(&self, job: FitJob) -> Option<Reply> {
        let rx = {
            let mut s = self.state.borrow_mut();
            if s.status != Status::Ready {
                return None;
            }
            let (tx, rx) = oneshot::channel();
            s.pending.insert(job.job, tx);
            rx
        };
        let id = job.job;
        let (msg, _) = ToWorker::Fit(job).to_js();
        if self.worker.post_message(&msg).is_err() {
            self.state.borrow_mut().pending.remove(&id);
            return None;
        }
        rx.await.ok()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn reply(state: &Rc<RefCell<SlotState>>, job: u32, r: Reply) {
    if let Some(tx) = state.borrow_mut().pending.remove(&job) {
        let _ = tx.send(r);
    }
}

fn console_warn(v: &JsValue) {
    web_sys::console::warn_1(v);
}

/// The workers of one page.
pub struct FitPool {
    slots: Vec<Slot>,
    next_job: Cell<u32>,
    next_data: Cell<u32>,
    data: RefCell<Option<(Weak<Prepared>, u32)>>,
}

/// From this many customers on, the fits go to workers by default. Below it they take well
/// under 100 ms and the page does them itself: a worker's first fit runs on code the browser
/// has not optimised yet, and on a first visit that cost more than the second core saved
/// (3,000 customers: 170–230 ms with workers against 158–165 ms without).
pub const WORKER_MIN_CUSTOMERS: usize = 10_000;

/// The page's workers, started on first need.
#[derive(Default)]
pub struct Workers {
    pool: RefCell<Option<Option<Rc<FitPool>>>>,
}

impl Workers {
    /// The workers for a run on `customers` customers: `None` below [`WORKER_MIN_CUSTOMERS`],
    /// else one per logical core up to [`MAX_WORKERS`] (started on the first call). The page
    /// URL's `workers=N` overrides both the count and the threshold; `workers=0` keeps every fit
    /// on the page's thread.
    pub fn for_customers(&self, customers: usize) -> Option<Rc<FitPool>> {
        let asked = asked_workers();
        if asked.is_none() && customers < WORKER_MIN_CUSTOMERS {
            return None;
        }
        self.pool
            .borrow_mut()
            .get_or_insert_with(|| {
                let cores = web_sys::window()
                    .map(|w| w.navigator().hardware_concurrency() as usize)
                    .unwrap_or(1);
                match asked.unwrap_or(cores.max(1)) {
                    0 => None,
                    n => FitPool::start(n).map(Rc::new),
                }
            })
            .clone()
    }
}

/// `workers=N` from the page URL's query, if present and a number.
fn asked_workers() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("workers="))
        .and_then(|v| v.parse().ok())
}

/// What the workers did for a run.
#[derive(Debug, Default)]
pub struct PoolFits {
    /// The fits the workers returned, by K.
    pub fits: BTreeMap<usize, KMeansFit>,
    /// How many workers took part.
    pub workers: usize,
}

impl FitPool {
    /// Starts `n` workers (fewer if some cannot be created; `None` if none can).
    pub fn start(n: usize) -> Option<FitPool> {
        let glue = IMPORT_META.with(ImportMeta::url);
        let slots: Vec<Slot> = (0..n.min(MAX_WORKERS))
            .filter_map(|_| Slot::start(&glue))
            .collect();
        (!slots.is_empty()).then(|| FitPool {
            slots,
            next_job: Cell::new(0),
            next_data: Cell::new(0),
            data: RefCell::new(None),
        })
    }

    /// The id of `prepared` for the workers (a new one for new data).
    fn data_id(&self, prepared: &Arc<Prepared>) -> u32 {
        let mut d = self.data.borrow_mut();
        if let Some((w, id)) = d.as_ref()
            && w.upgrade().is_some_and(|p| Arc::ptr_eq(&p, prepared))
        {
            return *id;
        }
        let id = self.next_data.get().wrapping_add(1);
        self.next_data.set(id);
        *d = Some((Arc::downgrade(prepared), id));
        id
    }

    /// Fits the K's on the workers; `on_fit(n)` after the n-th K is complete. Each K's restarts
    /// are cut into one piece per worker ([`FitPlan`]); pieces go out largest K first, two at a
    /// time per worker (so a worker never waits for the page to send its next piece), and are
    /// folded with `RestartFit::better` — the same fit as all restarts at once. Stops handing out pieces
    /// once `keep_going` is false. K's missing from the result (a worker died or answered with
    /// an error, or the run was stopped) are the caller's to fit.
    pub async fn fit(
        &self,
        prepared: &Arc<Prepared>,
        ks: &[usize],
        restarts: usize,
        seed: u64,
        on_fit: impl Fn(usize),
        keep_going: impl Fn() -> bool,
    ) -> PoolFits {
        let data = self.data_id(prepared);
        let plan = RefCell::new(FitPlan::new(ks, restarts, self.slots.len()));
        let joined = Cell::new(0usize);
        // Fired once no piece is left to hand out or wait for (or the run stopped), so that the
        // lanes of a worker still starting stop waiting for it.
        let (finished_tx, finished_rx) = oneshot::channel::<()>();
        let finished_tx = RefCell::new(Some(finished_tx));
        let finished = finished_rx.shared();
        let finish = || drop(finished_tx.borrow_mut().take());
        // Two lanes per worker, ordered so that each worker's first piece is handed out first.
        let lanes = self.slots.iter().chain(self.slots.iter()).map(|slot| {
            let (plan, joined, on_fit, keep_going, finish) =
                (&plan, &joined, &on_fit, &keep_going, &finish);
            let finished = finished.clone();
            async move {
                let ready = match select(pin!(slot.ready()), finished).await {
                    Either::Left((ready, _)) => ready,
                    Either::Right(_) => false,
                };
                if !ready || !slot.ensure_data(data, prepared) {
                    return;
                }
                joined.set(joined.get() + 1);
                while keep_going() {
                    let Some((k, range)) = plan.borrow_mut().take_piece() else {
                        return;
                    };
                    let job = FitJob {
                        job: self.new_job_id(),
                        data,
                        k,
                        restarts: range.clone(),
                        seed,
                    };
                    let Some(answer) = slot.fit(job).await else {
                        plan.borrow_mut().give_back((k, range)); // another worker may take it
                        return;
                    };
                    let completed = plan.borrow_mut().record(k, answer);
                    if let Some(n) = completed {
                        on_fit(n);
                    }
                    if plan.borrow().is_settled() {
                        finish();
                    }
                }
                finish();
            }
        });
        futures::future::join_all(lanes).await;
        PoolFits {
            fits: plan.into_inner().into_fits(),
            workers: joined.get() / 2,
        }
    }

    fn new_job_id(&self) -> u32 {
        let id = self.next_job.get().wrapping_add(1);
        self.next_job.set(id);
        id
    }
}

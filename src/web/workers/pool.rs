//! The page's fit workers: dedicated Web Workers running this same WebAssembly module (see
//! [`super::worker`]), one per core up to [`MAX_WORKERS`]. A run's K-Means fits go to them in
//! pieces (a K and a range of its restarts, planned by [`FitPlan`]); the page's own thread stays
//! free to paint progress and answer the user, at every size: on a phone-speed CPU even a
//! 3,000-customer fit would hold the page's thread for over a second. The first run starts them
//! ([`Workers::pool`]) right after its first turn, just after the page has mounted, and they boot
//! and warm up while the page builds its panels and synthesizes the data.
//!
//! Nothing here is required. A worker that fails to start (no module workers, a blocked script,
//! no "ready" within [`START_TIMEOUT_MS`]), dies, answers nonsense or stays silent for
//! [`PIECE_TIMEOUT_MS`] is terminated and its pieces go to another worker; whatever K no worker
//! returns is the caller's to fit on the page. Every piece is the pure `selection::fit_k` on a range of restarts, folded
//! with `RestartFit::better` (above `selection::FIT_SAMPLE` customers a piece is a whole K:
//! `selection::fit_k_all`), so results do not depend on where they were computed.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::{Either, select};
use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::protocol::{FitJob, FromWorker, PropensityMessage, ToWorker, ValuesFor};
use crate::app::fit_plan::FitPlan;
use crate::app::run::{FitHelpers, HelperFits};
use crate::core::kmeans::RestartFit;
use crate::core::pipeline::Prepared;
use crate::core::propensity::{Owned, ProductFit};

/// At most this many workers: more would mostly add copies of the data (each K is cut into one
/// piece per worker; above `selection::FIT_SAMPLE` customers each K is one piece).
pub const MAX_WORKERS: usize = 4;

/// A worker that has not said "ready" by then is given up.
pub const START_TIMEOUT_MS: i32 = 10_000;

/// A worker silent this long about a piece is given up (a piece took 2 s or less at 10,00,000
/// customers, a whole K refined on every customer; this only catches a worker that will never
/// answer).
pub const PIECE_TIMEOUT_MS: i32 = 120_000;

/// The worker bootstrap script, relative to the page (`public/fit-worker.js`).
const SCRIPT: &str = "fit-worker.js";

/// Customers whose propensity inputs go to a worker per message, a task of the page each
/// (the whole of 10,00,000 customers was one task of ~150 ms in a browser, and 72–80 MB).
const DESIGN_PIECE: usize = 100_000;

/// Rows of the data set per message to a worker (at 12 columns 9.6 MB).
const DATA_PIECE: usize = 100_000;

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

/// What a worker answered a job with.
enum Answer {
    Fit(RestartFit),
    Propensity(Box<ProductFit>),
}

type Reply = Result<Answer, String>;

struct SlotState {
    status: Status,
    ready_waiters: Vec<oneshot::Sender<bool>>,
    pending: HashMap<u32, oneshot::Sender<Reply>>,
    /// The data set this worker holds: id, rows, columns.
    data: Option<(u32, usize, usize)>,
    /// A data set or a propensity job is being sent, a piece per task ([`Slot::sending`]): the
    /// worker's other lanes wait rather than send their own pieces between them.
    sending: bool,
}

/// A worker's sending, taken ([`Slot::sending`]); let go when dropped, also when the future
/// holding it is dropped midway.
struct Sending<'a>(&'a RefCell<SlotState>);

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().sending = false;
    }
}

/// One worker and its bookkeeping.
struct Slot {
    worker: Worker,
    state: Rc<RefCell<SlotState>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

/// Terminates the worker and marks it dead, for good: waiters hear it is gone, pending fits end.
fn kill(worker: &Worker, state: &RefCell<SlotState>) {
    worker.terminate();
    let mut s = state.borrow_mut();
    s.status = Status::Dead;
    for w in s.ready_waiters.drain(..) {
        let _ = w.send(false);
    }
    s.pending.clear(); // their receivers see the worker is gone
}

impl Slot {
    fn start(glue: &str) -> Option<Slot> {
        // A page opened from a file (the single-file build) cannot start workers: it fits by itself.
        if web_sys::window()?.location().protocol().ok()? == "file:" {
            return None;
        }
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
            sending: false,
        }));

        let (st, w) = (Rc::clone(&state), worker.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let failed = js_sys::Reflect::get(&data, &"kind".into())
                .ok()
                .and_then(|k| k.as_string())
                .is_some_and(|k| k == "failed");
            let msg = if failed {
                web_sys::console::warn_2(&"fit worker could not start:".into(), &data);
                None
            } else {
                match FromWorker::from_js(&data) {
                    Ok(msg) => Some(msg),
                    Err(err) => {
                        web_sys::console::warn_1(&format!("fit worker: {}", err.0).into());
                        None
                    }
                }
            };
            let mut s = st.borrow_mut();
            match msg {
                // A worker that failed or speaks nonsense is not trusted with more work.
                None => {
                    drop(s);
                    kill(&w, &st);
                }
                Some(FromWorker::Ready) if s.status == Status::Starting => {
                    s.status = Status::Ready;
                    for r in s.ready_waiters.drain(..) {
                        let _ = r.send(true);
                    }
                }
                Some(FromWorker::Ready) => {}
                Some(FromWorker::Fit { job, fit }) => {
                    if let Some(tx) = s.pending.remove(&job) {
                        let _ = tx.send(Ok(Answer::Fit(fit)));
                    }
                }
                Some(FromWorker::Propensity { job, fit }) => {
                    if let Some(tx) = s.pending.remove(&job) {
                        let _ = tx.send(Ok(Answer::Propensity(fit)));
                    }
                }
                Some(FromWorker::Error { job, message }) => {
                    if let Some(tx) = s.pending.remove(&job) {
                        let _ = tx.send(Err(message));
                    }
                }
            }
        });
        let (st, w) = (Rc::clone(&state), worker.clone());
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default(); // handled here: another worker or the page takes over
            kill(&w, &st);
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

        let (st, w) = (Rc::clone(&state), worker.clone());
        let give_up = Closure::once_into_js(move || {
            if st.borrow().status == Status::Starting {
                kill(&w, &st);
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

    fn status(&self) -> Status {
        self.state.borrow().status
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

    /// Waits for the worker's sending to be free and takes it ([`SlotState::sending`]): the
    /// pieces of one data set or propensity job are never mixed with another's.
    async fn sending(&self) -> Sending<'_> {
        loop {
            {
                let mut s = self.state.borrow_mut();
                if !s.sending || s.status == Status::Dead {
                    s.sending = true;
                    return Sending(&self.state);
                }
            }
            crate::web::host::yield_task().await;
        }
    }

    /// Sends the data set unless the worker holds it already.
    async fn ensure_data(&self, id: u32, prepared: &Prepared) -> bool {
        let _sending = self.sending().await;
        if self.state.borrow().data.is_some_and(|d| d.0 == id) {
            return true;
        }
        let sent = self.send_data(id, prepared).await;
        self.state.borrow_mut().data = sent;
        sent.is_some()
    }

    /// Sends `prepared`'s model matrix as data set `id`: its shape, or `None` if it could not.
    async fn send_data(&self, id: u32, prepared: &Prepared) -> Option<(u32, usize, usize)> {
        let x = prepared.x.as_standard_layout();
        let values = x.as_slice()?;
        // A piece of rows per message, a task of the page each: the worker copies each in and
        // lets its buffer go (if busy with a fit, it reads them after it).
        let (rows, cols) = x.dim();
        let to = ValuesFor::Data(id);
        for (p, piece) in values.chunks((DATA_PIECE * cols).max(1)).enumerate() {
            let from = p * DATA_PIECE * cols;
            let (msg, buffer) = ToWorker::values_to_js(to, values.len(), from, piece);
            if !self.send(&msg, &buffer) {
                return None;
            }
            crate::web::host::yield_task().await;
        }
        let sent = ToWorker::data_sent_to_js(id, rows, cols);
        self.worker.post_message(&sent).ok()?;
        Some((id, rows, cols))
    }

    /// Posts a message that expects no answer, transferring `buffer`; false if it could not be.
    fn send(&self, msg: &JsValue, buffer: &JsValue) -> bool {
        let transfer = Array::of1(buffer);
        self.worker
            .post_message_with_transfer(msg, &transfer)
            .is_ok()
    }

    /// Sends a job and waits for its answer: `None` if the worker is gone (died, or stayed
    /// silent for [`PIECE_TIMEOUT_MS`] — it is then terminated).
    async fn ask(&self, job: u32, msg: &JsValue, transfer: &Array) -> Option<Reply> {
        let rx = {
            let mut s = self.state.borrow_mut();
            if s.status != Status::Ready {
                return None;
            }
            let (tx, rx) = oneshot::channel();
            s.pending.insert(job, tx);
            rx
        };
        if self
            .worker
            .post_message_with_transfer(msg, transfer)
            .is_err()
        {
            self.state.borrow_mut().pending.remove(&job);
            return None;
        }
        let answer = match select(rx, pin!(sleep(PIECE_TIMEOUT_MS))).await {
            Either::Left((answer, _)) => answer.ok(),
            Either::Right(_) => None,
        };
        if answer.is_none() {
            kill(&self.worker, &self.state);
        }
        answer
    }

    /// Terminates a worker that answered what cannot be its job's answer.
    fn distrust(&self, what: &str) {
        web_sys::console::warn_1(
            &format!("fit worker answered {what} that cannot be its job's").into(),
        );
        kill(&self.worker, &self.state);
    }

    /// Runs one piece: `None` if the worker is gone (died, answered a fit that does not fit the
    /// job, or stayed silent for [`PIECE_TIMEOUT_MS`] — it is then terminated), else its answer.
    async fn fit(&self, job: FitJob) -> Option<Result<RestartFit, String>> {
        let shape = self.state.borrow().data.map(|d| (d.1, d.2));
        let (msg, _) = ToWorker::Fit(job.clone()).to_js();
        match self.ask(job.job, &msg, &Array::new()).await? {
            Ok(Answer::Fit(fit))
                if shape.is_some_and(|(rows, cols)| job.accepts(rows, cols, &fit)) =>
            {
                Some(Ok(fit))
            }
            Ok(_) => {
                self.distrust("a fit");
                None
            }
            Err(e) => {
                // Whatever went wrong (the data set lost, a piece of it missing), the next piece
                // sends the data again rather than trusting that the worker holds it.
                self.state.borrow_mut().data = None;
                Some(Err(e))
            }
        }
    }

    /// Fits one product's propensity model on `prepared`'s customers: `None` if the worker is
    /// gone or answered with an error or a model that cannot be the product's (it is then not
    /// asked again). The product's inputs are written into the message a piece of
    /// [`DESIGN_PIECE`] customers per task.
    async fn propensity(
        &self,
        job: u32,
        product: Owned,
        prepared: &Prepared,
    ) -> Option<ProductFit> {
        let (rows, features) = (&prepared.rows, &prepared.features);
        let mut message = PropensityMessage::new(job, product);
        // Held until the answer: a fit lane of another run waits rather than send its data
        // between these pieces.
        let _sending = self.sending().await;
        // The worker lets its data set go to make room (`worker::WorkerState::handle`).
        self.state.borrow_mut().data = None;
        while let Some((piece, buffer)) = message.next_piece(rows, features, DESIGN_PIECE) {
            if !self.send(&piece, &buffer) {
                return None;
            }
            crate::web::host::yield_task().await;
        }
        let cols = message.cols();
        match self.ask(job, &message.finish(rows), &Array::new()).await? {
            Ok(Answer::Propensity(fit)) if fits_product(&fit, product, cols, rows.len()) => {
                Some(*fit)
            }
            Ok(_) => {
                self.distrust("a propensity model");
                None
            }
            Err(e) => {
                web_sys::console::warn_1(&format!("fit worker: {e}").into());
                None
            }
        }
    }
}

/// Whether `fit` can be the answer for `product` with `cols` inputs over `rows` customers: its
/// product, one weight per input, a finite probability per customer.
fn fits_product(fit: &ProductFit, product: Owned, cols: usize, rows: usize) -> bool {
    let m = &fit.model;
    m.product == product
        && m.model.coef.len() == cols
        && m.model.mean.len() == cols
        && m.model.scale.len() == cols
        && fit.scores.len() == rows
        && fit.scores.iter().all(|p| (0.0..=1.0).contains(p))
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Resolves after `ms` milliseconds (never outside a browser).
fn sleep(ms: i32) -> impl Future<Output = ()> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).map(|_| ())
}

/// The workers of one page.
pub struct FitPool {
    slots: Vec<Slot>,
    next_job: Cell<u32>,
    next_data: Cell<u32>,
    data: RefCell<Option<(Weak<Prepared>, u32)>>,
}

/// Whether the page has started its workers.
enum PoolState {
    NotStarted,
    Off,
    On(Rc<FitPool>),
}

/// The page's workers, started on first need.
pub struct Workers {
    /// `workers=N` from the page URL when the page opened (the URL is rewritten afterwards).
    asked: Option<usize>,
    pool: RefCell<PoolState>,
}

impl Workers {
    /// Reads `workers=N` from the page URL; starts nothing yet.
    pub fn from_page_url() -> Self {
        Workers {
            asked: asked_workers(),
            pool: RefCell::new(PoolState::NotStarted),
        }
    }

    /// The workers, started on the first call (one per logical core up to [`MAX_WORKERS`]; the
    /// page URL's `workers=N` sets the count, still at most [`MAX_WORKERS`], and `workers=0`
    /// keeps every fit on the page's thread), if any is alive.
    pub fn pool(&self) -> Option<Rc<FitPool>> {
        let mut pool = self.pool.borrow_mut();
        if let PoolState::NotStarted = *pool {
            let cores = web_sys::window()
                .map(|w| w.navigator().hardware_concurrency() as usize)
                .unwrap_or(1);
            *pool = match self.asked.unwrap_or(cores.max(1)) {
                0 => PoolState::Off,
                n => FitPool::start(n).map_or(PoolState::Off, |p| PoolState::On(Rc::new(p))),
            };
        }
        match &*pool {
            // Dead is final: a pool with no worker left would only add a step.
            PoolState::On(p) if p.is_alive() => Some(Rc::clone(p)),
            _ => None,
        }
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

impl FitHelpers for Workers {
    type Pool = Rc<FitPool>;

    fn pool(&self) -> Option<Rc<FitPool>> {
        Workers::pool(self)
    }

    async fn fit(
        pool: &Rc<FitPool>,
        prepared: &Arc<Prepared>,
        ks: &[usize],
        restarts: usize,
        seed: u64,
        on_fit: impl Fn(usize),
        keep_going: impl Fn() -> bool,
    ) -> HelperFits {
        pool.fit(prepared, ks, restarts, seed, on_fit, keep_going)
            .await
    }

    async fn propensity(
        pool: &Rc<FitPool>,
        prepared: &Arc<Prepared>,
        keep_going: impl Fn() -> bool,
    ) -> Vec<ProductFit> {
        pool.propensity(prepared, keep_going).await
    }
}

impl FitPool {
    /// Starts `n` workers (at most [`MAX_WORKERS`]; fewer if some cannot be created; `None` if
    /// none can).
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

    /// Whether any worker is starting or ready.
    fn is_alive(&self) -> bool {
        self.slots.iter().any(|s| s.status() != Status::Dead)
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

    fn new_job_id(&self) -> u32 {
        let id = self.next_job.get().wrapping_add(1);
        self.next_job.set(id);
        id
    }

    /// Fits the K's on the workers; `on_fit(n)` after the n-th K is complete. Each K's restarts
    /// are cut into one piece per live worker ([`FitPlan`]); pieces go out largest K first, two
    /// at a time per worker (so a worker never waits for the page to send its next piece), and
    /// are folded with `RestartFit::better` — the same fit as all restarts at once. Stops
    /// handing out pieces, and waiting for workers to start, once `keep_going` is false. K's
    /// missing from the result (a worker died or answered with an error, or the run was
    /// stopped) are the caller's to fit.
    pub async fn fit(
        &self,
        prepared: &Arc<Prepared>,
        ks: &[usize],
        restarts: usize,
        seed: u64,
        on_fit: impl Fn(usize),
        keep_going: impl Fn() -> bool,
    ) -> HelperFits {
        let data = self.data_id(prepared);
        let live: Vec<&Slot> = self
            .slots
            .iter()
            .filter(|s| s.status() != Status::Dead)
            .collect();
        let split = FitPlan::pieces_per_k(prepared.rows.len(), live.len());
        let plan = RefCell::new(FitPlan::new(ks, restarts, split));
        let answered = RefCell::new(vec![false; live.len()]);
        // Fired once no piece is left to hand out or wait for, or the run stopped, so that the
        // lanes of a worker still starting stop waiting for it.
        let (finished_tx, finished_rx) = oneshot::channel::<()>();
        let finished_tx = RefCell::new(Some(finished_tx));
        let finished = finished_rx.shared();
        let finish = || drop(finished_tx.borrow_mut().take());
        let stopped = || async {
            while keep_going() {
                sleep(100).await;
            }
        };
        // Two lanes per worker, ordered so that each worker's first piece is handed out first.
        let lanes = live.iter().chain(live.iter()).enumerate().map(|(i, slot)| {
            let (plan, answered, on_fit, keep_going) = (&plan, &answered, &on_fit, &keep_going);
            let (finish, finished, stopped) = (&finish, finished.clone(), &stopped);
            let settled = finished.clone();
            let i = i % live.len();
            async move {
                let ready =
                    match select(pin!(slot.ready()), select(finished, pin!(stopped()))).await {
                        Either::Left((ready, _)) => ready,
                        Either::Right(_) => false,
                    };
                if !ready || !keep_going() {
                    return;
                }
                while keep_going() {
                    let next = plan.borrow_mut().take_piece();
                    let Some((k, range)) = next else {
                        if plan.borrow().is_settled() {
                            break;
                        }
                        // Pieces are still out on other workers: one may be given back. Waits
                        // until the plan settles (or the run stops), looking again every 100 ms.
                        let _ = select(settled.clone(), pin!(sleep(100))).await;
                        continue;
                    };
                    // Again before every piece: a propensity job (another run's, when the
                    // settings went back and forth) may have made the worker let the data go.
                    if !slot.ensure_data(data, prepared).await {
                        plan.borrow_mut().give_back((k, range));
                        return;
                    }
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
                    answered.borrow_mut()[i] = true;
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
        HelperFits {
            fits: plan.into_inner().into_fits(),
            workers: answered.into_inner().into_iter().filter(|&a| a).count(),
        }
    }

    /// Fits the products' propensity models on `prepared`'s customers on the live workers, one
    /// product per worker at a time; returns those completed (a product whose worker failed is
    /// the caller's to fit).
    pub async fn propensity(
        &self,
        prepared: &Prepared,
        keep_going: impl Fn() -> bool,
    ) -> Vec<ProductFit> {
        let live: Vec<&Slot> = self
            .slots
            .iter()
            .filter(|s| s.status() != Status::Dead)
            .collect();
        let next = Cell::new(0);
        let done = RefCell::new(Vec::new());
        let lanes = live.iter().map(|slot| {
            let (next, done, keep_going) = (&next, &done, &keep_going);
            async move {
                if !slot.ready().await {
                    return;
                }
                while keep_going() {
                    let k = next.get();
                    let Some(&product) = Owned::ALL.get(k) else {
                        return;
                    };
                    next.set(k + 1);
                    match slot.propensity(self.new_job_id(), product, prepared).await {
                        Some(fit) => done.borrow_mut().push(fit),
                        None => return,
                    }
                }
            }
        });
        futures::future::join_all(lanes).await;
        done.into_inner()
    }
}
